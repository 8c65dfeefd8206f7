"""``plp guard`` and ``plp codeowners``: who may change what, judged at the base branch."""

from __future__ import annotations

from pathlib import Path

import pytest

from plp.cli import main

from .support import AVA_GIT, demo_repository, git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    plans = demo_repository(tmp_path)
    git(tmp_path, "checkout", "-q", "-b", "change")
    return plans


def change(plans: Path, *edits: tuple[str, str]) -> None:
    """Commit the given files, each with a line appended (made if missing)."""
    for rel, line in edits:
        path = plans.parent / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(before + line + "\n", encoding="utf-8")
    git(plans.parent, "add", "-A")
    git(plans.parent, "commit", "-q", "-m", "A change", who=AVA_GIT)


def guard(plans: Path, actor: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(
        ["guard", "--plans", str(plans), "--base", "main", "--head", "change", "--actor", actor]
    )
    out, err = capsys.readouterr()
    return status, out, err


def test_a_student_may_change_their_own_folder(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change(repo, ("plans/ava-martinez/reflections/2026-12-01.md", "text"),
           ("plans/ava-martinez/plan.md", "More story."))  # fmt: skip
    status, out, _ = guard(repo, "avamtz", capsys)
    assert status == 0
    assert "avamtz (student ava-martinez) may make this change" in out


def test_a_student_may_not_change_another_students_folder_or_their_feedback(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change(
        repo,
        ("plans/ava-martinez/plan.md", "More story."),
        ("plans/jonah-lee/plan.md", "Ava was here."),
        ("plans/ava-martinez/feedback/2026-11-25.md", "Great work, says me."),
    )
    status, _, err = guard(repo, "AvaMtz", capsys)  # logins are not case-sensitive
    assert status == 1
    assert (
        "plans/jonah-lee/plan.md: this is jonah-lee's folder: a student changes only their "
        "own folder" in err
    )
    assert "plans/ava-martinez/feedback/2026-11-25.md: feedback/ is written by staff" in err
    assert "plans/ava-martinez/plan.md" not in err
    assert "2 path(s) refused to AvaMtz (student ava-martinez)" in err


@pytest.mark.parametrize(
    "path",
    ["plans/_school.yml", "plans/_templates/week-math.md", "schema/plan.schema.json",
     ".github/workflows/x.yml", "mkdocs.yml", "plans/new-student/plan.md"],
)  # fmt: skip
def test_school_files_are_staff_only(
    repo: Path, capsys: pytest.CaptureFixture[str], path: str
) -> None:
    change(repo, (path, "# changed"))
    status, _, err = guard(repo, "avamtz", capsys)
    assert status == 1
    assert err.startswith(f"{path}: ")


def test_staff_may_change_anything(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change(
        repo,
        ("plans/jonah-lee/plan.md", "A note."),
        ("plans/ava-martinez/feedback/2026-12-01.md", "Feedback."),
        ("plans/_school.yml", "# changed"),
    )
    status, out, _ = guard(repo, "drivera", capsys)
    assert status == 0
    assert "staff (Dana Rivera)" in out


def test_an_unknown_actor_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change(repo, ("plans/ava-martinez/plan.md", "More story."))
    status, _, err = guard(repo, "stranger", capsys)
    assert status == 1
    assert "'stranger' is neither staff" in err


def test_who_is_staff_is_read_at_the_base(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A student who makes themselves staff in the change is still a student."""
    school = repo / "_school.yml"
    rivera = "git: [drivera@mapleridge.example, drivera"
    text = school.read_text(encoding="utf-8")
    school.write_text(text.replace(rivera, rivera + ", avamtz"), encoding="utf-8")
    change(repo, ("plans/jonah-lee/plan.md", "Ava was here."))
    status, _, err = guard(repo, "avamtz", capsys)
    assert status == 1
    assert "plans/_school.yml: _school.yml is the school's" in err
    assert "plans/jonah-lee/plan.md: this is jonah-lee's folder" in err


def test_a_bad_revision_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["guard", "--plans", str(repo), "--base", "nope", "--head", "change",
                   "--actor", "avamtz"])  # fmt: skip
    assert status == 2
    assert "'nope' is not a commit" in capsys.readouterr().err


def test_codeowners_asks_each_advisor(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codeowners", "--plans", str(repo)]) == 0
    text = (repo.parent / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines[0] == "* @ivalcourt"
    assert lines[1:] == [
        "/plans/ava-martinez/ @drivera",
        "/plans/jonah-lee/ @drivera",
        "/plans/noor-halvorsen/ @ivalcourt",
        "/plans/rosalind-quill/ @tbrennan",
        "/plans/theo-brightwater/ @ivalcourt",
    ]  # logins only: an e-mail address cannot own code


def test_codeowners_warns_of_a_student_without_an_advisor(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = repo / "jonah-lee" / "plan.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  advisor: rivera\n", ""), "utf-8")
    change(repo, ("plans/jonah-lee/plan.md", ""))
    assert main(["codeowners", "--plans", str(repo), "--output", "-"]) == 0
    out, err = capsys.readouterr()
    assert "jonah-lee" not in out
    assert "plp: warning: jonah-lee: no advisor; staff admins review this folder" in err

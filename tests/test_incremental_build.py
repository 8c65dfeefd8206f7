"""``plp build`` rebuilds only the sites whose inputs changed: real repositories, real builds."""

from __future__ import annotations

from pathlib import Path

import pytest

import plp
from plp.cli import main
from plp.publish.manifests import MANIFEST_DIR

from .support import AVA_GIT, demo_repository, git

TODAY = "2026-11-30"
STUDENTS = ["ava-martinez", "jonah-lee", "noor-halvorsen", "rosalind-quill", "theo-brightwater"]


@pytest.fixture
def school(tmp_path: Path) -> tuple[Path, Path]:
    """The demo school in a repository, its sites built once: (plans, sites folder)."""
    plans = demo_repository(tmp_path / "repo")
    out = tmp_path / "repo" / "private-sites"
    assert build(plans, out) == 0
    return plans, out


def build(plans: Path, out: Path, *options: str) -> int:
    argv = ["build", "--plans", str(plans), "--out", str(out), "--today", TODAY, "--jobs", "1"]
    return main([*argv, *options])


def snapshot(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def folder_ids(out: Path) -> dict[str, int]:
    """Each site folder's inode: a site built again is a new folder moved into place."""
    return {
        student: (out / student).stat().st_ino for student in STUDENTS if (out / student).exists()
    }


def test_a_one_file_commit_rebuilds_exactly_that_student(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, out = school
    capsys.readouterr()
    before = {student: snapshot(out / student) for student in STUDENTS}
    folders = folder_ids(out)
    reflection = plans / "jonah-lee" / "reflections" / "2026-11-29.md"
    reflection.write_text(
        "---\ndate: 2026-11-29\nkind: daily\n---\nFinished the lab write-up tonight.\n",
        encoding="utf-8",
    )
    git(plans.parent, "add", "-A")
    git(plans.parent, "commit", "-q", "-m", "A reflection", when="2026-11-29T20:00:00-06:00")

    assert build(plans, out) == 0

    summary = capsys.readouterr().out
    assert f"Built 1 of 5 sites in {out} (4 were up to date)." in summary
    after = folder_ids(out)
    assert [student for student in STUDENTS if after[student] != folders[student]] == ["jonah-lee"]
    assert "Finished the lab write-up tonight." in (out / "jonah-lee" / "journal.html").read_text(
        encoding="utf-8"
    )
    for student in STUDENTS:
        if student != "jonah-lee":
            assert snapshot(out / student) == before[student], student


def test_nothing_changed_rebuilds_nothing(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, out = school
    capsys.readouterr()
    folders = folder_ids(out)
    assert build(plans, out, "--jobs", "2") == 0
    assert f"Built 0 of 5 sites in {out} (5 were up to date)." in capsys.readouterr().out
    assert folder_ids(out) == folders


def test_an_edit_not_yet_committed_is_built_and_then_up_to_date(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, out = school
    reflection = plans / "noor-halvorsen" / "reflections" / "2026-11-29.md"
    reflection.write_text(
        "---\ndate: 2026-11-29\nkind: daily\n---\nA reflection not yet committed.\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert build(plans, out) == 0
    assert "Built 1 of 5 sites" in capsys.readouterr().out
    journal = (out / "noor-halvorsen" / "journal.html").read_text(encoding="utf-8")
    assert "A reflection not yet committed." in journal
    assert build(plans, out) == 0
    assert "Built 0 of 5 sites" in capsys.readouterr().out


def test_a_commit_that_only_changes_history_rebuilds_that_student(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, out = school
    plan = plans / "ava-martinez" / "plan.md"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text + "\n", encoding="utf-8")
    git(plans.parent, "commit", "-q", "-am", "A blank line", who=AVA_GIT)
    plan.write_text(text, encoding="utf-8")  # the files are as before; the history is not
    git(plans.parent, "commit", "-q", "-am", "No blank line", who=AVA_GIT)
    capsys.readouterr()
    assert build(plans, out) == 0
    assert f"Built 1 of 5 sites in {out} (4 were up to date)." in capsys.readouterr().out


def test_a_removed_students_site_is_removed_and_nothing_else(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, out = school
    git(plans.parent, "rm", "-r", "-q", "plans/theo-brightwater")
    git(plans.parent, "commit", "-q", "-m", "Theo moved to another school")
    stranger = out / "notes"  # not a site plp made: never plp's to delete
    stranger.mkdir()
    (stranger / "keep.txt").write_text("mine", encoding="utf-8")
    capsys.readouterr()
    assert build(plans, out) == 0
    printed = capsys.readouterr().out
    assert "Removed 1 site of a student no longer in" in printed and "theo-brightwater" in printed
    assert "Built 0 of 4 sites" in printed
    assert not (out / "theo-brightwater").exists()
    assert not (out / MANIFEST_DIR / "theo-brightwater.json").exists()
    assert (stranger / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert all((out / student / "index.html").is_file() for student in STUDENTS[:4])


def test_force_rebuilds_every_site(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, out = school
    folders = folder_ids(out)
    capsys.readouterr()
    assert build(plans, out, "--force") == 0
    assert f"Built 5 of 5 sites in {out}." in capsys.readouterr().out
    assert all(folder_ids(out)[student] != folders[student] for student in STUDENTS)


def test_a_school_file_change_rebuilds_every_site(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, out = school
    school_file = plans / "_school.yml"
    school_file.write_text(school_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(plans.parent, "commit", "-q", "-am", "Touch the school file")
    capsys.readouterr()
    assert build(plans, out) == 0
    assert f"Built 5 of 5 sites in {out}." in capsys.readouterr().out


def test_a_new_plp_version_rebuilds_every_site(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plans, out = school
    monkeypatch.setattr(plp, "__version__", "99.0")
    capsys.readouterr()
    assert build(plans, out) == 0
    assert f"Built 5 of 5 sites in {out}." in capsys.readouterr().out


def test_another_day_or_other_options_rebuild_every_site(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, out = school
    capsys.readouterr()
    assert main(["build", "--plans", str(plans), "--out", str(out), "--today", "2026-12-01"]) == 0
    assert "Built 5 of 5 sites" in capsys.readouterr().out
    assert build(plans, out, "--no-history") == 0
    assert "Built 5 of 5 sites" in capsys.readouterr().out


def test_only_the_selected_students_are_looked_at(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, out = school
    plan = plans / "rosalind-quill" / "plan.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\nNew.\n", encoding="utf-8")
    capsys.readouterr()
    assert build(plans, out, "--student", "ava-martinez", "--student", "rosalind-quill") == 0
    assert f"Built 1 of 2 sites in {out} (1 was up to date)." in capsys.readouterr().out


def test_the_manifests_are_beside_the_sites_never_in_one(school: tuple[Path, Path]) -> None:
    _, out = school
    assert sorted(path.name for path in (out / MANIFEST_DIR).iterdir()) == [
        f"{student}.json" for student in STUDENTS
    ]
    for student in STUDENTS:
        assert not [path for path in (out / student).rglob("*") if "manifest" in path.name]


def test_a_deleted_site_is_built_again(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, out = school
    import shutil

    shutil.rmtree(out / "jonah-lee")
    capsys.readouterr()
    assert build(plans, out) == 0
    assert "Built 1 of 5 sites" in capsys.readouterr().out
    assert (out / "jonah-lee" / "index.html").is_file()


def test_outside_git_the_files_themselves_decide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from .support import DEMO

    plans = tmp_path / "plans"
    shutil.copytree(DEMO, plans)
    out = tmp_path / "sites"
    assert build(plans, out, "--no-history", "--student", "ava-martinez") == 0
    assert build(plans, out, "--no-history", "--student", "ava-martinez") == 0
    assert "Built 0 of 1 sites" in capsys.readouterr().out
    (plans / "ava-martinez" / "evidence" / "notes.txt").write_text("new", encoding="utf-8")
    assert build(plans, out, "--no-history", "--student", "ava-martinez") == 0
    assert "Built 1 of 1 sites" in capsys.readouterr().out.splitlines()[-1]


def test_a_rewritten_history_rebuilds_the_students_whose_commits_changed(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, out = school
    folders = folder_ids(out)
    git(plans.parent, "commit", "-q", "--amend", "-m", "Reworded", who=AVA_GIT)  # Ava's plan
    capsys.readouterr()
    assert build(plans, out) == 0
    assert f"Built 1 of 5 sites in {out} (4 were up to date)." in capsys.readouterr().out
    after = folder_ids(out)
    assert [s for s in STUDENTS if after[s] != folders[s]] == ["ava-martinez"]
    assert build(plans, out) == 0
    assert "Built 0 of 5 sites" in capsys.readouterr().out


def test_an_edit_to_a_file_git_ignores_is_built_too(
    school: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """plp builds what is on disk, so a file Git ignores counts like any other."""
    plans, out = school
    (plans.parent / ".gitignore").write_text("2026-11-29.md\n", encoding="utf-8")
    capsys.readouterr()
    assert build(plans, out) == 0  # a .gitignore outside plans/ changes no site
    assert "Built 0 of 5 sites" in capsys.readouterr().out
    reflection = plans / "jonah-lee" / "reflections" / "2026-11-29.md"
    reflection.write_text(
        "---\ndate: 2026-11-29\nkind: daily\n---\nFirst words.\n", encoding="utf-8"
    )
    assert build(plans, out) == 0
    assert "Built 1 of 5 sites" in capsys.readouterr().out
    reflection.write_text(
        "---\ndate: 2026-11-29\nkind: daily\n---\nSecond words.\n", encoding="utf-8"
    )
    assert build(plans, out) == 0
    assert "Built 1 of 5 sites" in capsys.readouterr().out
    journal = (out / "jonah-lee" / "journal.html").read_text(encoding="utf-8")
    assert "Second words." in journal

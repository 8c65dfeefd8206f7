"""``plp validate``: what a student, a teacher and CI see for good and broken plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plp.check import checker
from plp.check.checker import validate
from plp.cli import main

from .support import DEMO, ROOT, SPEC_EXAMPLE, TESTS, broken_school

GOLDEN = TESTS / "golden"
SHARED_EXAMPLE = ROOT.parent / "shared" / "spec" / "example" / "plans"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def check_golden(name: str, actual: str) -> None:
    """Compare with ``tests/golden/<name>``; ``scripts/update_golden.py`` rewrites them."""
    assert actual == (GOLDEN / name).read_text(encoding="utf-8")


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The broken corpus as ``tmp/plans`` (see ``broken_school``); the working directory
    is ``tmp``."""
    monkeypatch.chdir(tmp_path)
    return broken_school(tmp_path)


def test_the_spec_example_validates_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["validate", str(SPEC_EXAMPLE)], capsys)
    assert (status, out) == (0, "All good: 8 files checked, no errors.\n")  # a template too


@pytest.mark.skipif(not SHARED_EXAMPLE.is_dir(), reason="the shared spec is not beside this clone")
def test_the_test_copy_of_the_spec_example_is_byte_identical() -> None:
    ours = sorted(p.relative_to(SPEC_EXAMPLE) for p in SPEC_EXAMPLE.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(SHARED_EXAMPLE) for p in SHARED_EXAMPLE.rglob("*") if p.is_file())
    assert ours == theirs
    for rel in ours:
        assert (SPEC_EXAMPLE / rel).read_bytes() == (SHARED_EXAMPLE / rel).read_bytes(), rel


def test_the_demo_plans_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["validate", str(DEMO)], capsys)
    assert status == 0, out
    assert (DEMO / "ava-martinez" / "plan.md").read_bytes() == (
        SPEC_EXAMPLE / "ava-martinez" / "plan.md"
    ).read_bytes()


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_broken_plans_golden(fmt: str, broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["validate", "--format", fmt], capsys)
    assert status == 1
    assert err == ""
    check_golden(f"broken.{fmt}", out)


def test_every_broken_file_is_named_with_line_and_column_and_no_traceback(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["validate"], capsys)
    assert status == 1
    assert "Traceback" not in out + err
    broken_files = sorted(
        p.relative_to(broken.parent).as_posix() for p in (broken / "bea-broken").rglob("*.md")
    )
    assert len(broken_files) == 22
    for name in broken_files:
        assert f"\n{name}:" in "\n" + out, f"{name} is not reported"
    for line in out.splitlines():
        if line.startswith("plans/"):
            _, row, column, _ = line.split(":", 3)
            assert int(row) >= 1 and int(column) >= 1, line


def test_the_other_files_are_still_checked(broken: Path) -> None:
    result = validate(broken)
    reported = {finding.path for finding in result.findings}
    assert not any(path.startswith("ava-martinez/") for path in reported)
    assert result.files_checked == 29  # 22 + 6 Markdown files and _school.yml


def test_json_findings_have_exactly_the_documented_fields(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["validate", "--format", "json"], capsys)
    findings = json.loads(out)
    assert findings
    for finding in findings:
        assert set(finding) == {"path", "line", "column", "field", "code", "message", "hint"}
    codes = {finding["code"] for finding in findings}
    assert {"unknown-key", "invalid-date", "too-large", "path-outside", "unsafe-html"} <= codes


def test_a_crlf_file_with_a_bom_validates_and_keeps_its_lines(school: Path) -> None:
    plan = school / "ava-martinez" / "plan.md"
    text = plan.read_text(encoding="utf-8").replace("deadline: 2026-12-12", "deadline: 2026-12-32")
    plan.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    (finding,) = validate(school).findings
    assert (finding.path, finding.line, finding.column) == ("ava-martinez/plan.md", 30, 15)
    assert finding.field == "goals[0].deadline"
    assert "'2026-12-32' is not a real date" in finding.message


def _link(path: Path, target: Path | str) -> None:
    """``path`` becomes a link to ``target`` (relative: within the same folder)."""
    if path.exists():
        path.unlink()
    path.symlink_to(target)


def test_a_path_that_is_a_link_out_of_the_students_folder_is_reported(
    school: Path, tmp_path: Path
) -> None:
    evidence = school / "ava-martinez" / "evidence"
    (tmp_path / "elsewhere.svg").write_text("<svg/>", encoding="utf-8")
    _link(evidence / "factoring-notes.svg", tmp_path / "elsewhere.svg")
    (finding,) = validate(school).findings
    assert (finding.path, finding.field, finding.code) == (
        "ava-martinez/evidence/factoring-notes.md",
        "files[0]",
        "path-outside",
    )
    assert "is a link that points outside your folder" in finding.message


def test_a_folder_that_is_a_link_out_of_the_students_folder_is_reported(
    school: Path, tmp_path: Path
) -> None:
    evidence = school / "ava-martinez" / "evidence"
    evidence.rename(tmp_path / "elsewhere")
    evidence.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (finding,) = validate(school).findings
    assert (finding.path, finding.field, finding.code) == (
        "ava-martinez/weeks/2026-W48.md",
        "activities[1].evidence",
        "path-outside",
    )


def test_a_link_within_the_students_folder_is_fine(school: Path) -> None:
    evidence = school / "ava-martinez" / "evidence"
    (evidence / "factoring-notes.svg").rename(evidence / "original.svg")
    _link(evidence / "factoring-notes.svg", "original.svg")
    assert validate(school).findings == []


def test_removing_a_goal_reports_the_files_that_still_refer_to_it(school: Path) -> None:
    """The pre-commit hook gets only plan.md; the reflection that refers to the removed
    goal is still reported, because cross-file rules follow the change."""
    plan = school / "ava-martinez" / "plan.md"
    text = plan.read_text(encoding="utf-8").replace("id: math-ch10", "id: math-chapter-10")
    plan.write_text(text, encoding="utf-8")
    result = validate(school, [plan])
    paths = sorted({finding.path for finding in result.findings})
    assert paths == [
        "ava-martinez/conferences/2026-10-02.md",
        "ava-martinez/evidence/factoring-notes.md",
        "ava-martinez/feedback/2026-11-25.md",
        "ava-martinez/reflections/2026-11-24.md",
        "ava-martinez/weeks/2026-W48.md",
    ]
    assert result.files_checked == 1
    assert all(f.hint == "Did you mean 'math-chapter-10'?" for f in result.findings)


def test_named_files_are_checked_in_full_and_others_only_for_references(school: Path) -> None:
    week = school / "ava-martinez" / "weeks" / "2026-W48.md"
    reflection = school / "ava-martinez" / "reflections" / "2026-11-24.md"
    reflection.write_text(reflection.read_text().replace("habits: 4", "habits: 9"))
    assert validate(school, [week]).ok  # the reflection is not part of this change
    (finding,) = validate(school, [reflection]).findings
    assert finding.field == "habits"


def test_a_changed_school_file_rechecks_every_plan_and_feedback(school: Path) -> None:
    school_file = school / "_school.yml"
    school_file.write_text(school_file.read_text().replace("id: rivera", "id: rivera-d"))
    findings = validate(school, [school_file]).findings
    assert [(f.path, f.code) for f in findings] == [
        ("ava-martinez/feedback/2026-11-25.md", "unknown-staff"),
        ("ava-martinez/plan.md", "unknown-staff"),
    ]
    assert {f.hint for f in findings} == {"Did you mean 'rivera-d'?"}


def test_parallel_and_serial_runs_agree(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = validate(broken, jobs=1)
    monkeypatch.setattr(checker, "PARALLEL_THRESHOLD", 2)
    assert validate(broken, jobs=2) == serial


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "no/such/plans/x.md"], "does not exist"),
        (["validate", "--plans", "nowhere"], "there is no plans folder at nowhere"),
        (["validate", "--jobs", "0"], "--jobs must be 1 or more"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    argv: list[str],
    message: str,
    school: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(school.parent)
    (school.parent / "no" / "such" / "plans").mkdir(parents=True)
    status, out, err = run(argv, capsys)
    assert status == 2
    assert message in err
    assert "Traceback" not in out + err


def test_an_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["validate", "--format", "xml"], capsys)
    assert status == 2
    assert "invalid choice: 'xml'" in err


def test_a_path_outside_the_plans_folder_is_a_usage_error(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stray = tmp_path / "stray.md"
    stray.write_text("x")
    status, _, err = run(["validate", "--plans", str(school), str(stray)], capsys)
    assert status == 2
    assert "is not inside the plans folder" in err


def test_a_student_folder_can_be_named(school: Path) -> None:
    reflection = school / "ava-martinez" / "reflections" / "2026-11-24.md"
    reflection.write_text(reflection.read_text().replace("habits: 4", "habits: 9"))
    result = validate(school, [school / "ava-martinez"])
    assert result.files_checked == 6
    assert [f.field for f in result.findings] == ["habits"]


def test_plp_validate_in_a_students_folder_checks_that_student(
    school: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``cd plans/ava-martinez && plp validate``: the plans folder is found above, and the
    paths printed can be opened from there."""
    reflection = school / "ava-martinez" / "reflections" / "2026-11-24.md"
    reflection.write_text(reflection.read_text().replace("confidence: 3", "confidense: 3"))
    monkeypatch.chdir(school / "ava-martinez" / "reflections")
    status, out, err = run(["validate"], capsys)
    assert status == 1, err
    assert "../../ava-martinez/reflections/2026-11-24.md:9:1: confidense:" in out
    monkeypatch.chdir(school / "ava-martinez")
    status, out, _ = run(["validate"], capsys)
    assert (status, out.count("2026-11-24.md:9:1:")) == (1, 1)
    assert "6 files checked" in out  # Ava's own files and the school's, not the template
    monkeypatch.chdir(school.parent)
    assert run(["validate"], capsys)[0] == 1


def test_merge_conflict_markers_are_named_with_the_fix(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = school / "ava-martinez" / "plan.md"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if "deadline: 2026-12-12" in line)
    lines[at:at + 1] = [
        "<<<<<<< HEAD\n", "    deadline: 2026-12-12\n", "=======\n",
        "    deadline: 2026-12-19\n", ">>>>>>> rivera/more-time\n",
    ]  # fmt: skip
    plan.write_text("".join(lines), encoding="utf-8")
    status, out, _ = run(["validate", str(school)], capsys)
    assert status == 1
    assert f"ava-martinez/plan.md:{at + 1}:1: this file has Git merge-conflict markers" in out
    assert "hint: Resolve the merge conflict" in out
    assert "Traceback" not in out and "duplicate" not in out


def test_validate_loads_no_other_commands_code() -> None:
    """The pre-commit hook starts ``plp validate`` on every commit: it must not wait for
    the history engine, the site builder or MkDocs to be imported."""
    import subprocess
    import sys

    script = (
        "import sys\nfrom plp.cli import main\n"
        f"status = main(['validate', {str(SPEC_EXAMPLE)!r}])\n"
        "loaded = [m for m in ('plp.history.engine', 'plp.sites', 'plp.cli.build', 'mkdocs')"
        " if m in sys.modules]\n"
        "print(status, loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "0 []"


def test_a_school_file_changed_since_the_last_commit_finds_what_names_a_removed_id(
    school: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a Git repository, ``plp validate _school.yml`` compares the file with its last
    commit, and reads only the files that may name an id it no longer has."""
    from .support import git

    git(school.parent, "init", "-q", "-b", "main")
    git(school.parent, "add", "-A")
    git(school.parent, "commit", "-q", "-m", "The school")
    school_file = school / "_school.yml"
    school_file.write_text(school_file.read_text().replace("id: rivera", "id: rivera-d"))
    monkeypatch.chdir(school.parent)
    status, out, _ = run(["validate", "plans/_school.yml", "--format", "json"], capsys)
    assert status == 1
    found = [(f["path"], f["code"]) for f in json.loads(out)]
    assert found == [
        ("plans/ava-martinez/feedback/2026-11-25.md", "unknown-staff"),
        ("plans/ava-martinez/plan.md", "unknown-staff"),
    ]

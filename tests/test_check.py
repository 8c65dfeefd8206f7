"""``plp check``: the critical elements of each student's plan, as a checklist."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from plp.cli import main
from tests.support import DEMO, git

TODAY = "2026-11-30"  # in the Fall term of the demo school


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """The demo school, committed before the school year began (2026-08-24)."""
    shutil.copytree(DEMO, tmp_path / "plans")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "last year", when="2026-06-01T12:00:00+00:00")
    return tmp_path / "plans"


def _check(plans: Path, *argv: str) -> int:
    return main(["check", *argv, "--today", TODAY, "--plans", str(plans)])


def _elements(plans: Path, capsys: pytest.CaptureFixture[str], student: str) -> dict[str, dict]:  # type: ignore[type-arg]
    capsys.readouterr()
    _check(plans, student, "--format", "json")
    (result,) = json.loads(capsys.readouterr().out)
    return {element["id"]: element for element in result["elements"]}


def test_every_element_is_listed_with_what_is_missing(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check(school, "noor-halvorsen") == 1  # only the plan's change this year is missing
    out = capsys.readouterr().out
    assert "Noor Halvorsen (noor-halvorsen): 8/9" in out
    assert "  [ ] The plan changed this school year: plan.md not changed since 2026-08-24" in out
    assert "  [x] A conference this term (Fall)" in out
    assert "0 of 1 plans have every critical element." in out


def test_an_edit_this_year_completes_the_plan(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = school / "noor-halvorsen" / "plan.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\nMore story.\n", encoding="utf-8")
    git(school.parent, "commit", "-q", "-am", "story", when="2026-09-10T12:00:00+00:00")
    assert _check(school, "noor-halvorsen") == 0
    assert "1 of 1 plans have every critical element." in capsys.readouterr().out


def test_missing_growth_areas_and_an_overdue_goal_are_named(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = school / "noor-halvorsen" / "plan.md"
    growth = (
        "  growth_areas:\n    - Chemistry, especially anything with moles\n"
        "    - Saying no when I have too many commitments\n"
    )
    text = plan.read_text(encoding="utf-8")
    assert growth in text
    plan.write_text(text.replace(growth, ""), encoding="utf-8")
    elements = _elements(school, capsys, "noor-halvorsen")
    assert elements["strengths-and-growth"] == {
        "id": "strengths-and-growth",
        "label": "Strengths and growth areas written down",
        "ok": False,
        "detail": "no growth areas",
    }
    late = _elements(school, capsys, "jonah-lee")["no-overdue-goals"]
    assert (late["ok"], late["detail"]) == (False, "past deadline and still open: alg2-functions")


def test_an_old_reflection_is_not_recent(school: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recent = _elements(school, capsys, "rosalind-quill")["recent-reflection"]
    assert recent == {
        "id": "recent-reflection",
        "label": "A reflection in the last 14 days",
        "ok": False,
        "detail": "the last one is from 2026-11-13",
    }


def test_a_roster_holds_only_its_students(school: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _check(school, "--roster", "studio-9b", "--format", "json")
    assert [r["student"] for r in json.loads(capsys.readouterr().out)] == ["rosalind-quill"]


def test_github_format_annotates_the_plan(school: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _check(school, "rosalind-quill", "--format", "github")
    out = capsys.readouterr().out
    assert (
        "::warning file=plans/rosalind-quill/plan.md,title=plp check%3A A reflection in the "
        "last 14 days::the last one is from 2026-11-13\n"
    ) in out


def test_a_plan_that_does_not_read_is_reported_not_a_traceback(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (school / "theo-brightwater" / "plan.md").write_text("---\ngoals: [\n---\n", encoding="utf-8")
    assert _check(school) == 1
    out = capsys.readouterr().out
    assert "theo-brightwater: theo-brightwater/plan.md is missing or has errors" in out
    assert "Ava (ava-martinez)" in out  # the others are still checked


def test_an_unknown_student_is_a_usage_error(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check(school, "nobody") == 2
    assert "no such student" in capsys.readouterr().err


def test_a_change_not_yet_committed_counts(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["goal", "noor-halvorsen", "job-shadow", "--status", "met"]
    assert main([*argv, "--plans", str(school)]) == 0
    capsys.readouterr()
    assert _check(school, "noor-halvorsen") == 0


def test_a_repository_begun_this_year_has_every_plan_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(DEMO, tmp_path / "plans")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "plans", when="2026-09-02T12:00:00+00:00")
    changed = _elements(tmp_path / "plans", capsys, "noor-halvorsen")["changed-this-year"]
    assert changed["ok"] is True


def test_the_school_sets_the_checklists_thresholds(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = school / "_school.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "checklist:\n  reflection_days: 30\n",
        encoding="utf-8",
    )
    recent = _elements(school, capsys, "rosalind-quill")["recent-reflection"]
    assert recent["label"] == "A reflection in the last 30 days"
    assert recent["ok"] is True  # 2026-11-13 is within 30 days of 2026-11-30


def test_a_threshold_that_is_not_a_number_of_days_is_an_error(school: Path) -> None:
    from plp.check.checker import validate

    settings = school / "_school.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "checklist:\n  reflection_days: 0\n",
        encoding="utf-8",
    )
    (finding,) = validate(school).findings
    assert finding.path == "_school.yml" and finding.field == "checklist.reflection_days"

"""What's due: ``plp due`` and the "Due soon" block on a student's overview page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plp.cli import main
from plp.sites import SiteOptions, build_sites
from tests.support import DEMO

TODAY = "2026-11-25"  # in week 48, the week of the demo's weekly plans


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "plans")
    return tmp_path / "plans"


def test_plp_due_lists_steps_deadlines_and_open_activities(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["due", "ava-martinez", "--today", TODAY, "--plans", str(plans)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "Due for Ava, as of 2026-11-25:",
        "  in 14 days (2026-12-09): action Review my study guide three days before the test "
        "(teacher) [goal math-ch10]",
        "  this week: activity Finish the practice set",
        "  this week: activity Check answers with my study group",
    ]


def test_an_open_goal_past_its_deadline_comes_first_as_overdue(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["due", "ava-martinez", "--today", "2026-12-13", "--plans", str(plans)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "  overdue since 2026-12-09: action Review my study guide three days " \
        "before the test (teacher) [goal math-ch10]"  # fmt: skip
    assert lines[2] == "  overdue since 2026-12-12: goal Score at least 85% on the Chapter 10 test"
    assert not any("this week" in line for line in lines)  # no plan for week 50


def test_a_met_goal_and_a_done_activity_are_not_due(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--plans", str(plans)]
    assert main(["goal", "ava-martinez", "math-ch10", "--status", "met", *base]) == 0
    assert (
        main(["activity", "ava-martinez", "2026-W48", "practice-set", "--status", "done", *base])
        == 0
    )
    capsys.readouterr()
    assert main(["due", "ava-martinez", "--today", "2026-12-13", *base]) == 0
    out = capsys.readouterr().out
    assert "Chapter 10" not in out and "study guide" not in out


def test_the_overview_shows_what_is_due_soon(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = build_sites(SiteOptions(plans=plans, out=out, today=TODAY, students=["ava-martinez"]))
    assert report.built == ["ava-martinez"]
    page = (out / "ava-martinez" / "index.html").read_text(encoding="utf-8")
    block = page[page.index('id="due-soon"') :]
    block = block[: block.index("</ul>")]
    assert "<strong>in 14 days (2026-12-09)</strong>: action step: Review my study guide" in block
    assert "<strong>this week</strong>: activity: Finish the practice set" in block

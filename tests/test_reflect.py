"""``plp reflect``: a new reflection with the prompts, valid as made, never replacing one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plp.check.checker import validate
from plp.cli import main
from plp.weekly.reflection import PROMPTS
from tests.support import DEMO


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "plans")
    return tmp_path / "plans"


def _reflect(plans: Path, *argv: str) -> int:
    return main(["reflect", "ava-martinez", *argv, "--plans", str(plans)])


def test_a_weekly_reflection_has_the_weekly_prompts_and_validates(plans: Path) -> None:
    assert _reflect(plans, "--kind", "weekly", "--date", "2026-12-02") == 0
    made = plans / "ava-martinez" / "reflections" / "2026-12-02.md"
    text = made.read_text(encoding="utf-8")
    assert "kind: weekly\nweek: 2026-W49\n" in text
    for prompt in PROMPTS["weekly"]:
        assert f"## {prompt}\n" in text
    assert "# confidence: 3" in text and "# habits: 3" in text
    assert not validate(plans).findings


def test_a_second_reflection_of_a_day_never_replaces_the_first(plans: Path) -> None:
    folder = plans / "ava-martinez" / "reflections"
    mine = folder / "2026-11-24.md"
    before = mine.read_bytes()  # the demo's own reflection of that day
    assert _reflect(plans, "--date", "2026-11-24") == 0
    assert _reflect(plans, "--date", "2026-11-24") == 0
    assert mine.read_bytes() == before
    assert (folder / "2026-11-24-daily.md").is_file()
    assert (folder / "2026-11-24-daily-2.md").is_file()
    assert not validate(plans).findings


def test_an_unknown_student_or_date_is_a_usage_error(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reflect", "nobody", "--plans", str(plans)]) == 2
    assert "no student 'nobody'" in capsys.readouterr().err
    assert _reflect(plans, "--date", "2026-02-30") == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_the_school_chooses_the_prompts(plans: Path) -> None:
    settings = plans / "_school.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "reflection_prompts:\n  daily:\n    - What did I finish today?\n"
        + "    - Who helped me?\n",
        encoding="utf-8",
    )
    assert _reflect(plans, "--date", "2026-12-03") == 0
    text = (plans / "ava-martinez" / "reflections" / "2026-12-03.md").read_text(encoding="utf-8")
    assert "## What did I finish today?\n" in text and "## Who helped me?\n" in text
    assert PROMPTS["daily"][0] not in text
    assert not validate(plans).findings

"""``plp week new``: Monday's hand-outs from templates, per roster, never replacing a plan."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plp.check.checker import validate
from plp.cli import main
from plp.demo.generator import generate_school
from tests.support import DEMO, git


@pytest.fixture(scope="module")
def class_of_30(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated school of 30 students, with a roster of all 30 (a Git repository)."""
    root = tmp_path_factory.mktemp("thirty") / "school"
    school = generate_school(root, students=30, weeks=1, seed=3)
    settings = root / "plans" / "_school.yml"
    text = settings.read_text(encoding="utf-8")
    everyone = f"  grade-10: [{', '.join(school.students)}]\n"
    settings.write_text(text.replace("rosters:\n", "rosters:\n" + everyone), encoding="utf-8")
    git(root, "commit", "-q", "-am", "a roster of everyone")
    return root


@pytest.fixture
def school(class_of_30: Path, tmp_path: Path) -> Path:
    root = tmp_path / "school"
    shutil.copytree(class_of_30, root, symlinks=True)
    return root


def _week_new(plans: Path, *argv: str) -> int:
    return main(["week", "new", "--week", "2026-W49", *argv, "--plans", str(plans)])


def _status(root: Path) -> list[str]:
    return git(root, "status", "--porcelain", "--untracked-files=all").splitlines()


def test_a_roster_of_30_gets_30_valid_plans(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = school / "plans"
    argv = ("--template", "week-math", "--roster", "grade-10", "--set", "teacher_goal=Solve: x+1")
    assert _week_new(plans, *argv) == 0
    made = sorted(plans.glob("*/weeks/2026-W49-math.md"))
    assert len(made) == 30
    assert not validate(plans).findings
    text = made[0].read_text(encoding="utf-8")
    assert 'week: "2026-W49"' in text and '"Solve: x+1"' in text
    assert "wrote 30 plans" in capsys.readouterr().out


def test_it_never_replaces_a_plan_and_writes_nothing_then(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = school / "plans"
    first = sorted(p.name for p in plans.iterdir() if not p.name.startswith("_"))[4]
    mine = plans / first / "weeks" / "2026-W49-math.md"
    mine.write_text("my own plan, not to be lost\n", encoding="utf-8")
    argv = ("--template", "week-math", "--all", "--set", "teacher_goal=x")
    assert _week_new(plans, *argv) == 1
    assert mine.read_text(encoding="utf-8") == "my own plan, not to be lost\n"
    assert len(list(plans.glob("*/weeks/2026-W49*.md"))) == 1
    error = capsys.readouterr().err
    assert f"{first}/weeks/2026-W49-math.md" in error and "none was written" in error


def test_math_and_ela_hand_outs_live_side_by_side_and_merge(school: Path) -> None:
    plans = school / "plans"
    git(school, "checkout", "-q", "-b", "ela")
    assert _week_new(plans, "--template", "week-ela", "--all", "--set", "teacher_goal=Read") == 0
    git(school, "add", "plans")
    git(school, "commit", "-q", "-m", "ELA hand-out")
    git(school, "checkout", "-q", "main")
    assert _week_new(plans, "--template", "week-math", "--all", "--set", "teacher_goal=Add") == 0
    git(school, "add", "plans")
    git(school, "commit", "-q", "-m", "Math hand-out")
    git(school, "merge", "-q", "--no-edit", "ela")  # raises if the merge conflicts
    assert len(list(plans.glob("*/weeks/2026-W49-math.md"))) == 30
    assert len(list(plans.glob("*/weeks/2026-W49-ela.md"))) == 30
    assert not validate(plans).findings


def test_an_unfilled_placeholder_is_named(school: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _week_new(school / "plans", "--template", "week-math", "--all") == 2
    assert "{teacher_goal}" in capsys.readouterr().err
    assert _status(school) == []


def test_a_self_contained_plan_is_named_after_the_week_only(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(DEMO, plans)
    argv = ("--template", "week-self-contained", "--student", "rosalind-quill")
    sets = ("--set", "teacher_goal=Read daily", "--set", "student_goal=Finish my sketchbook")
    assert _week_new(plans, *argv, *sets) == 0
    made = plans / "rosalind-quill" / "weeks" / "2026-W49.md"
    assert "Finish my sketchbook" in made.read_text(encoding="utf-8")
    assert not validate(plans).findings


def test_plans_that_would_not_validate_are_not_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(DEMO, plans)
    (plans / "_templates" / "bad.md").write_text(
        '---\nweek: "{week}"\nareas: [math]\nactivities:\n  - id: a\n    title: A\n'
        "    mode: sync\n    status: finished\n---\n",
        encoding="utf-8",
    )
    assert _week_new(plans, "--template", "bad", "--roster", "algebra-2-p3") == 1
    assert not list(plans.glob("*/weeks/2026-W49*"))
    assert "activities[0].status" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("--template", "nope", "--all"), "there is no template 'nope'"),
        (("--template", "week-math", "--roster", "nobody"), "there is no roster 'nobody'"),
        (("--template", "week-math", "--student", "ghost"), "no such student"),
    ],
)
def test_usage_mistakes_are_clear(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], said: str
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(DEMO, plans)
    assert _week_new(plans, *argv, "--set", "teacher_goal=x") == 2
    assert said in capsys.readouterr().err


def test_a_week_that_does_not_exist_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(DEMO, plans)
    argv = ["week", "new", "--week", "2026-W54", "--template", "week-math", "--all"]
    assert main([*argv, "--plans", str(plans)]) == 2
    assert "no such ISO week" in capsys.readouterr().err


def test_plp_validate_checks_templates_with_sample_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(DEMO, plans)
    assert main(["validate", str(plans)]) == 0  # the demo's templates, filled, are valid
    (plans / "_templates" / "typo.md").write_text(
        '---\nweek: "{week}"\nareas: [math]\ngoals:\n  - by: teacher\n    text: "{goal}"\n'
        "activities:\n  - id: a\n    title: A\n    mode: sync\n    status: todo\n"
        "    dealine: 2026-12-01\n---\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["validate", str(plans)]) == 1
    out = capsys.readouterr().out
    assert "_templates/typo.md:12:5: activities[0].dealine: unknown field 'dealine'" in out
    assert "goals" not in out  # {goal} filled with a sample: no error on the placeholder

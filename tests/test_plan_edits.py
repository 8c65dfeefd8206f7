"""Edits that keep the student's formatting: plp goal, plp activity, plp action.

Property tests generate plans in many styles (comments, quoting, flow and block style,
blank lines, odd spacing) and check that an edit changes exactly one line and the value,
nothing else; the CLI tests run the commands on real Git repositories.
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from plp.check.checker import validate
from plp.cli import main
from plp.edits.in_place import EditRefused, set_value
from plp.format.documents import parse
from plp.format.layout import Kind
from plp.format.yaml_reader import read_yaml
from tests.support import DEMO, git

# Hypothesis keeps a cache of the constants it finds in the code; not in the checkout.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="plp-hypothesis-"))

# The ways a student may write a value.
_STYLES = ("plain", "single", "double")
_COMMENTS = ("", "  # my note", " #todo: ask", "    # this: is {not} yaml")


def _scalar(text: str, style: str) -> str:
    if style == "single":
        return "'" + text + "'"
    if style == "double":
        return '"' + text + '"'
    return text


@st.composite
def plans(draw: st.DrawFn) -> tuple[str, int]:
    """A plan.md in a random but valid style, and its number of goals."""
    count = draw(st.integers(1, 4))
    lines = ["---", "# my plan, written by hand", "schema: 1"]
    lines.append("student: {id: ava-martinez, name: Ava Martinez, graduation_year: 2029}")
    if draw(st.booleans()):
        lines.append("")
    lines.append("goals:" + draw(st.sampled_from(_COMMENTS)))
    indent = " " * draw(st.sampled_from((0, 2, 4)))
    for number in range(count):
        if draw(st.booleans()):
            lines.append("")
        if draw(st.booleans()):
            lines.append(indent + "# the next goal")
        flow = draw(st.booleans()) and number % 2 == 1
        status = _scalar(
            draw(st.sampled_from(("planned", "in-progress"))), draw(st.sampled_from(_STYLES))
        )
        deadline = _scalar("2026-12-12", draw(st.sampled_from(_STYLES)))
        target = _scalar(draw(st.sampled_from(("85%", "6 of 6", "B+"))), "double")
        if flow:
            lines.append(
                f"{indent}- {{id: goal-{number},  title: 'Goal {number}', "
                f"target: {target}, deadline: {deadline}, status: {status}}}"
                + draw(st.sampled_from(_COMMENTS))
            )
            continue
        keys = [
            f"id: goal-{number}",
            f"title:   Goal number {number}" + draw(st.sampled_from(_COMMENTS)),
            f"target: {target}",
            f"deadline: {deadline}",
            f"status: {status}" + draw(st.sampled_from(_COMMENTS)),
            "actions:\n"
            + indent
            + "    - {who: student, do: 'Practice', when: weekly, done: false}\n"
            + indent
            + "    - who: teacher\n"
            + indent
            + "      do: Check in\n"
            + indent
            + "      done: "
            + draw(st.sampled_from(("false", "true", "no  # not yet"))),
        ]
        order = draw(st.permutations(keys[1:]))
        lines.append(f"{indent}- {keys[0]}")
        for key in order:
            lines.append(f"{indent}  {key}")
            if draw(st.integers(0, 5)) == 0:
                lines.append("")
    lines += ["---", "", "My story.", ""]
    return "\n".join(lines), count


def _changed_lines(before: str, after: str) -> int:
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return sum(1 for line in diff if line.startswith("+ "))


def _fields(text: str) -> dict[str, object]:
    return parse(Path("ava-martinez/plan.md"), Kind.PLAN, text).fields  # type: ignore[arg-type]


@settings(
    max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None, database=None
)
@given(plans(), st.data())
def test_a_goal_edit_changes_one_line_and_only_that_value(
    plan: tuple[str, int], data: st.DataObject
) -> None:
    text, count = plan
    goal = data.draw(st.integers(0, count - 1))
    key, value = data.draw(
        st.sampled_from(
            (
                ("status", "met"),
                ("status", "not-met"),
                ("deadline", "2027-01-15"),
                ("target", "90%"),
                ("target", "it's: #1"),
                ("target", "yes"),
            )
        )
    )
    after = set_value(text, ("goals", goal, key), value)
    assert _changed_lines(text, after) == 1
    expected = _fields(text)
    expected["goals"][goal][key] = value  # type: ignore[index]
    assert _fields(after) == expected
    assert after.splitlines()[-1] == "My story."


@settings(
    max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None, database=None
)
@given(plans(), st.data())
def test_an_action_edit_changes_one_line(plan: tuple[str, int], data: st.DataObject) -> None:
    text, _count = plan
    goals: list[dict[str, Any]] = _fields(text)["goals"]  # type: ignore[assignment]
    blocks = [i for i, goal in enumerate(goals) if "actions" in goal]
    if not blocks:
        return
    goal = data.draw(st.sampled_from(blocks))
    step = data.draw(st.integers(0, 1))
    done = not goals[goal]["actions"][step]["done"]
    after = set_value(text, ("goals", goal, "actions", step, "done"), done)
    assert _changed_lines(text, after) == 1
    assert _fields(after)["goals"][goal]["actions"][step]["done"] is done  # type: ignore[index]


def test_a_missing_key_is_added_as_one_line_in_the_block() -> None:
    text = "---\ngoals:\n  - id: a  # mine\n    status: planned\n\n# end\n---\nstory\n"
    after = set_value(text, ("goals", 0, "target"), "80%")
    assert after == (
        "---\ngoals:\n  - id: a  # mine\n    status: planned\n"
        "    target: 80%\n\n# end\n---\nstory\n"
    )


def test_a_missing_key_in_a_flow_mapping_stays_on_its_line() -> None:
    text = "---\ngoals:\n  - {id: a, status: planned}  # short\n---\n"
    after = set_value(text, ("goals", 0, "target"), "80%")
    assert after == "---\ngoals:\n  - {id: a, status: planned, target: 80%}  # short\n---\n"


def test_a_multi_line_value_is_refused_not_mangled() -> None:
    text = "---\ngoals:\n  - id: a\n    target: |\n      long\n      text\n---\n"
    with pytest.raises(EditRefused):
        set_value(text, ("goals", 0, "target"), "80%")


def test_a_value_that_would_read_otherwise_is_quoted() -> None:
    text = "---\ngoals:\n  - id: a\n    target: x\n---\n"
    for value in ("yes", "010", "a: b", "#1", " padded ", "null", "1e3"):
        after = set_value(text, ("goals", 0, "target"), value)
        assert read_yaml(after.split("---\n")[1]).value["goals"][0]["target"] == value


# --- the commands, on a real repository ------------------------------------------------

ODD_PLAN = """\
---
# Ava's plan.   She writes it by hand.
schema: 1
student: {id: ava-martinez, name: "Ava Martinez", graduation_year: 2029}

goals:
    # first the math goal
    -   id: fractions
        title:    'Fractions, at last'   # really
        measure: "quiz average"
        target:   "85%"
        deadline: 2026-12-12
        status:   "in-progress"     # since October


        actions:
          - {who: student, do: "Tutoring on Tuesdays", when: weekly, done: false}
          - who:  teacher
            do:   Check my study guide
            when: 2026-12-09
            done: false   # not yet
---

My story, with   odd spacing.
"""


@pytest.fixture
def school(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(DEMO / "ava-martinez", plans / "ava-martinez")
    (plans / "ava-martinez" / "plan.md").write_text(ODD_PLAN, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "start")
    return plans


def _numstat(root: Path) -> str:
    return git(root, "diff", "--numstat").strip()


def test_plp_goal_status_met_changes_one_line(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["goal", "ava-martinez", "fractions", "--status", "met", "--plans", str(school)])
    assert status == 0
    assert _numstat(school.parent) == "1\t1\tplans/ava-martinez/plan.md"
    assert '        status:   "met"     # since October' in (
        school / "ava-martinez" / "plan.md"
    ).read_text(encoding="utf-8")
    assert "goal fractions: status met" in capsys.readouterr().out


def test_plp_goal_target_and_deadline_change_two_lines(school: Path) -> None:
    argv = ["goal", "ava-martinez", "fractions", "--target", "90%", "--deadline", "2027-01-15"]
    assert main([*argv, "--plans", str(school)]) == 0
    assert _numstat(school.parent) == "2\t2\tplans/ava-martinez/plan.md"
    assert not [f for f in validate(school).findings if f.path.endswith("plan.md")]


def test_plp_action_done_keeps_the_comment(school: Path) -> None:
    assert main(["action", "ava-martinez", "fractions", "2", "--done", "--plans", str(school)]) == 0
    text = (school / "ava-martinez" / "plan.md").read_text(encoding="utf-8")
    assert "            done: true   # not yet\n" in text
    assert _numstat(school.parent) == "1\t1\tplans/ava-martinez/plan.md"


def test_plp_activity_done_in_the_week_file(school: Path) -> None:
    week = school / "ava-martinez" / "weeks" / "2026-W48.md"
    activities = _week_fields(week)["activities"]
    activity = next(a["id"] for a in activities if a["status"] != "doing")
    argv = ["activity", "ava-martinez", "2026-W48", activity, "--status", "doing"]
    assert main([*argv, "--plans", str(school)]) == 0
    assert _numstat(school.parent) == "1\t1\tplans/ava-martinez/weeks/2026-W48.md"
    changed = next(a for a in _week_fields(week)["activities"] if a["id"] == activity)
    assert changed["status"] == "doing"


def _week_fields(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return parse(PurePosixPath("ava-martinez/weeks", path.name), Kind.WEEK, text).fields


def test_an_unknown_goal_is_a_clear_refusal(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["goal", "ava-martinez", "fractoins", "--status", "met", "--plans", str(school)]
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert "no goal 'fractoins'" in error and "fractions" in error
    assert "nothing was changed" in error
    assert _numstat(school.parent) == ""


def test_a_missing_action_step_is_refused(school: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["action", "ava-martinez", "fractions", "3", "--done", "--plans", str(school)]) == 1
    assert "has 2 action steps" in capsys.readouterr().err


def test_a_bad_deadline_is_refused(school: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["goal", "ava-martinez", "fractions", "--deadline", "2026-02-30"]
    assert main([*argv, "--plans", str(school)]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert _numstat(school.parent) == ""

"""The format's newer rules: weekly plans per area, values that mean what they look like
(rule 7) and references in ``_school.yml`` (rule 8)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from plp.check.checker import validate
from plp.check.findings import Finding
from plp.format.schemas import SCHEMA_NAMES

from .support import ROOT, copy_student

SCHEMAS = ROOT / "schema"

MATH_WEEK = """---
week: 2026-W49
areas: [math]
goals:
  - by: teacher
    text: Solve quadratic equations by factoring
    goal: math-ch10
---
The math plan.
"""
ELA_WEEK = """---
week: 2026-W49
areas: [ela]
---
The ELA plan.
"""


def codes(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.path, f.field, f.code) for f in findings]


def add_second_student(plans: Path, student: str = "jonah-lee") -> Path:
    """A copy of Ava's folder as another student (the spec's school names jonah-lee)."""
    return copy_student(plans, "ava-martinez", student)


def test_a_student_can_have_one_weekly_plan_per_area(school: Path) -> None:
    weeks = school / "ava-martinez" / "weeks"
    (weeks / "2026-W49-math.md").write_text(MATH_WEEK)
    (weeks / "2026-W49-ela.md").write_text(ELA_WEEK)
    assert validate(school).findings == []
    assert validate(school, [weeks / "2026-W49-ela.md"]).findings == []


def test_an_area_in_two_plans_of_the_same_week_is_reported_on_both(school: Path) -> None:
    weeks = school / "ava-martinez" / "weeks"
    (weeks / "2026-W49-math.md").write_text(MATH_WEEK)
    (weeks / "2026-W49.md").write_text(ELA_WEEK.replace("[ela]", "[ela, math]"))
    (weeks / "2026-W50-math.md").write_text(MATH_WEEK.replace("W49", "W50"))
    full = validate(school).findings
    assert codes(full) == [
        ("ava-martinez/weeks/2026-W49-math.md", "areas[0]", "area-twice"),
        ("ava-martinez/weeks/2026-W49.md", "areas[1]", "area-twice"),
    ]
    assert "also in 2026-W49.md" in full[0].message
    # Either file alone, as a commit would name it, finds both.
    assert validate(school, [weeks / "2026-W49-math.md"]).findings == full


def test_a_plan_named_after_an_area_is_for_that_area_alone(school: Path) -> None:
    week = school / "ava-martinez" / "weeks" / "2026-W49-ela.md"
    week.write_text(ELA_WEEK.replace("[ela]", "[ela, math]"))
    (finding,) = validate(school).findings
    assert (finding.field, finding.code) == ("areas", "area-mismatch")
    assert finding.hint.startswith("Write areas: [ela]")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("2026-W49-Math.md", "is not named after an ISO week"),
        ("2026-W50-math.md", "does not match the week in the file name"),
        ("2026-W54-math.md", "is not a real ISO week"),
    ],
)
def test_area_week_file_names_are_checked(school: Path, name: str, message: str) -> None:
    week = school / "ava-martinez" / "weeks" / name
    week.write_text(MATH_WEEK.replace("W49", name[6:8]) if "54" in name else MATH_WEEK)
    assert any(message in f.message for f in validate(school).findings)


@pytest.mark.parametrize(
    ("before", "after", "field", "hint"),
    [
        ("grade: 10", "grade: 010", "student.grade", "Write 10 for the number"),
        ("done: false", "done: yes", "goals[0].actions[0].done", "Write true"),
        ("done: false", "done: Off", "goals[0].actions[0].done", "Write false"),
        ("done: false", "done: y", "goals[0].actions[0].done", "Write true."),
        ("graduation_year: 2029", "graduation_year: 0o3755", "student.graduation_year", "2029"),
        ("name: Ava Martinez", "name: 1:30", "student.name", 'Write "1:30" in quotes'),
    ],
)
def test_a_value_yaml_1_1_and_1_2_read_differently_is_an_error(
    school: Path, before: str, after: str, field: str, hint: str
) -> None:
    plan = school / "ava-martinez" / "plan.md"
    text = plan.read_text()
    assert before in text
    plan.write_text(text.replace(before, after, 1))
    (finding,) = validate(school).findings
    assert (finding.field, finding.code) == (field, "ambiguous-value")
    assert "YAML 1.1" in finding.message and "YAML 1.2" in finding.message
    assert hint in finding.hint


def test_the_timezone_is_an_iana_name(school: Path) -> None:
    school_file = school / "_school.yml"
    text = school_file.read_text()
    assert "timezone: America/Chicago" in text
    school_file.write_text(text.replace("America/Chicago", "Central Time"))
    (finding,) = validate(school).findings
    assert (finding.field, finding.code) == ("timezone", "unknown-timezone")


def test_rosters_name_students_that_exist(school: Path) -> None:
    add_second_student(school)
    assert validate(school).findings == []
    shutil.rmtree(school / "jonah-lee")
    add_second_student(school, "jonah-li")
    findings = validate(school).findings
    assert codes(findings) == [
        ("_school.yml", "rosters.algebra-2-p3[1]", "unknown-student"),
        ("_school.yml", "rosters.advisory-rivera[1]", "unknown-student"),
    ]
    assert findings[0].hint == "Did you mean 'jonah-li'?"


def test_a_repository_of_one_student_does_not_check_its_rosters(school: Path) -> None:
    """A classroom assignment's repository holds one student and the school's file, whose
    rosters name the students of the other repositories (as the spec's example does)."""
    assert "jonah-lee" in (school / "_school.yml").read_text()
    assert not (school / "jonah-lee").exists()
    assert validate(school).findings == []


def _properties(node: object, where: str = "") -> list[tuple[str, dict[str, object]]]:
    """Every property schema below ``node``, with where it is."""
    found: list[tuple[str, dict[str, object]]] = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            found.append((f"{where}.{name}", prop))
        for key, value in node.items():
            found += _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _properties(item, f"{where}[{index}]")
    return found


@pytest.mark.parametrize("name", sorted(SCHEMA_NAMES.values()))
def test_every_schema_property_has_a_title_and_a_description(name: str) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    properties = _properties(schema)
    assert properties
    for where, prop in properties:
        assert prop.get("title") and prop.get("description"), f"{name}{where}"


@pytest.mark.parametrize(
    ("value", "code"),
    [('"79%"', None), ("79%", None), ("79", "wrong-type")],
)
def test_a_goal_may_say_where_the_student_stands_now(
    school: Path, value: str, code: str | None
) -> None:
    plan = school / "ava-martinez" / "plan.md"
    text = plan.read_text()
    target = '    target: "85%"\n'
    assert target in text
    plan.write_text(text.replace(target, f"{target}    current: {value}\n"))
    assert [f.code for f in validate(school).findings] == ([code] if code else [])


@pytest.mark.parametrize(
    ("week", "valid"),
    [("2026-W01", True), ("2026-W53", True), ("2026-W00", False), ("2026-W54", False)],
)
def test_the_week_pattern_says_which_weeks_exist(week: str, valid: bool) -> None:
    schema = json.loads((SCHEMAS / "week.schema.json").read_text(encoding="utf-8"))
    pattern = schema["$defs"]["iso_week"]["pattern"]
    assert bool(re.fullmatch(pattern.strip("^$"), week)) is valid
    assert schema["$defs"]["iso_week"]["patternErrorMessage"]

"""The checklist for many students at once: one Git query for the school, then each
student read from their own folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plp.checklist.elements import (
    DEFAULT_SETTINGS,
    Element,
    SchoolCalendar,
    Settings,
    check_elements,
)
from plp.checklist.plan_changes import plans_changed_since
from plp.checklist.snapshot import NoPlan, Snapshot, read_snapshot


@dataclass(frozen=True, slots=True)
class StudentChecklist:
    """One student's checklist (or why there is none: a plan that does not read)."""

    student: str
    name: str
    elements: list[Element]
    problem: str = ""
    snapshot: Snapshot | None = None

    @property
    def score(self) -> int:
        return sum(1 for element in self.elements if element.ok)

    @property
    def missing(self) -> list[Element]:
        return [element for element in self.elements if not element.ok]


def check_students(
    plans: Path,
    students: Sequence[str],
    today: dt.date,
    calendar: SchoolCalendar,
    settings: Settings = DEFAULT_SETTINGS,
) -> list[StudentChecklist]:
    """The checklist of each of ``students`` on ``today``."""
    year_start = calendar.year_start or today - dt.timedelta(days=365)
    changed = plans_changed_since(plans, students, year_start)
    results = []
    for student in students:
        try:
            snapshot = read_snapshot(plans, student, today)
        except NoPlan as problem:
            results.append(StudentChecklist(student, student, [], str(problem)))
            continue
        elements = check_elements(snapshot, today, calendar, student in changed, settings)
        results.append(
            StudentChecklist(student, snapshot.plan.display_name, elements, "", snapshot)
        )
    return results

"""What the checklist and "what's due" need of one student, read quickly and leniently.

``plp check`` runs over a whole school, so it does not validate (``plp validate`` does
that): it reads ``plan.md``, the evidence files until one names a goal, and this week's
plans; reflections and conferences are known by the dates in their file names (which
validation holds equal to their ``date``), and only the latest reflection is read. A file
that cannot be read is left out, as if it were not there; only ``plans/<student>/`` is
read for a student.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from plp.format.documents import Document, decode, parse, read_bytes
from plp.format.layout import PLAN_FILE, Kind, week_file
from plp.format.records import Activity, Evidence, Plan, Reflection, Week

T = TypeVar("T")
_DATED = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-[a-z0-9-]+)?\.md")


class NoPlan(Exception):
    """The student's ``plan.md`` is missing or cannot be read."""


@dataclass(slots=True)
class Snapshot:
    """One student's plan, with the dates and files the checklist looks at."""

    plan: Plan
    #: The dates of the student's reflections and conferences (from their file names), sorted.
    reflection_dates: list[str] = field(default_factory=list)
    conference_dates: list[str] = field(default_factory=list)
    #: The most recent reflection, read (None when there is none, or it does not read).
    last_reflection: Reflection | None = None
    #: The first piece of evidence that names one of the plan's goals (None: there is none).
    linked_evidence: Evidence | None = None
    #: This week's plans (one per area, or one for every area).
    this_week: list[Week] = field(default_factory=list)

    @property
    def activities(self) -> list[Activity]:
        return [activity for week in self.this_week for activity in week.activities]


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def read_snapshot(plans: Path, student: str, today: dt.date) -> Snapshot:
    """The snapshot of ``student`` on ``today``; :class:`NoPlan` without a readable plan."""
    folder = plans / student
    plan_doc = _document(plans, PurePosixPath(student, PLAN_FILE), Kind.PLAN)
    if plan_doc is None:
        raise NoPlan(f"{student}/{PLAN_FILE} is missing or has errors (run plp validate)")
    try:
        plan = Plan.from_fields(plan_doc[0], plan_doc[1])
    except Exception:  # a plan that does not fit the format: plp validate says why
        raise NoPlan(f"{student}/{PLAN_FILE} has errors (run plp validate)") from None
    snapshot = Snapshot(plan)
    reflections = _dated(folder / "reflections")
    snapshot.reflection_dates = sorted(date for date, _ in reflections)
    snapshot.conference_dates = sorted(date for date, _ in _dated(folder / "conferences"))
    for _date, name in sorted(reflections, reverse=True):
        rel = PurePosixPath(student, "reflections", name)
        reflection = _record(plans, rel, Kind.REFLECTION, Reflection.from_document)
        if reflection is not None:
            snapshot.last_reflection = reflection
            break
    goal_ids = {goal.id for goal in plan.goals}
    for name in _names(folder / "evidence"):  # read until one names a goal
        if name.endswith(".md"):
            rel = PurePosixPath(student, "evidence", name)
            evidence = _record(plans, rel, Kind.EVIDENCE, Evidence.from_document)
            if evidence is not None and goal_ids & set(evidence.goals):
                snapshot.linked_evidence = evidence
                break
    week = iso_week(today)
    for name in _names(folder / "weeks"):
        found = week_file(PurePosixPath(name))
        if found and found[0] == week:
            record = _record(
                plans, PurePosixPath(student, "weeks", name), Kind.WEEK, Week.from_document
            )
            if record is not None:
                snapshot.this_week.append(record)
    return snapshot


def _names(folder: Path) -> list[str]:
    try:
        return sorted(
            entry.name
            for entry in os.scandir(folder)
            if entry.is_file(follow_symlinks=False) and not entry.name.startswith(".")
        )
    except OSError:
        return []


def _dated(folder: Path) -> list[tuple[str, str]]:
    found = []
    for name in _names(folder):
        match = _DATED.fullmatch(name)
        if match:
            try:
                dt.date.fromisoformat(match[1])
            except ValueError:
                continue
            found.append((match[1], name))
    return found


def _document(plans: Path, rel: PurePosixPath, kind: Kind) -> tuple[dict[str, Any], str] | None:
    path = plans / rel
    if path.is_symlink() or not path.is_file():
        return None
    try:
        doc = parse(rel, kind, decode(read_bytes(path)))
    except Exception:  # any file that does not read is left out
        return None
    return doc.fields, doc.body


def _record(plans: Path, rel: PurePosixPath, kind: Kind, make: Callable[[Document], T]) -> T | None:
    path = plans / rel
    if path.is_symlink() or not path.is_file():
        return None
    try:
        doc = parse(rel, kind, decode(read_bytes(path)))
        return make(doc)
    except Exception:  # a file that does not fit the format is left out
        return None

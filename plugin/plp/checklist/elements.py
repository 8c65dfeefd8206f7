"""The critical elements of a personalized learning plan, checked for one student.

After Vermont's PLP critical-elements checklist: every goal SMART (a measure, a target, a
deadline), goals beyond academics, strengths and growth areas written down, a recent
reflection, evidence linked to a goal, a conference this term, action steps for someone
besides the student, the plan changed this school year, no goal past its deadline still
open. Each element says what is missing, so a teacher knows what to talk about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from plp.checklist.snapshot import Snapshot

OPEN_STATUSES = frozenset({"planned", "in-progress"})
ACADEMIC_KINDS = frozenset({"learning", ""})


@dataclass(frozen=True, slots=True)
class Settings:
    """The checklist's thresholds."""

    #: A reflection counts as recent within this many days.
    reflection_days: int = 14
    #: Without terms in _school.yml, a conference counts within this many days.
    conference_days: int = 120

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> Settings:
        """The thresholds ``_school.yml`` sets under ``checklist``, plp's where it sets none."""
        given = fields.get("checklist")
        given = given if isinstance(given, dict) else {}
        chosen = {
            name: value
            for name, value in given.items()
            if name in ("reflection_days", "conference_days")
            and isinstance(value, int)
            and not isinstance(value, bool)
            and value >= 1
        }
        return cls(**chosen)


DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True, slots=True)
class SchoolCalendar:
    """The school year's first day and the current term, from ``_school.yml``."""

    year_start: dt.date | None
    term: tuple[str, dt.date, dt.date] | None

    @classmethod
    def from_fields(cls, fields: dict[str, Any], today: dt.date) -> SchoolCalendar:
        terms = []
        for term in fields.get("terms") or []:
            try:
                start = dt.date.fromisoformat(str(term["start"]))
                end = dt.date.fromisoformat(str(term["end"]))
            except (KeyError, TypeError, ValueError):
                continue
            terms.append((str(term.get("name", "")), start, end))
        terms.sort(key=lambda t: t[1])
        current = next((t for t in terms if t[1] <= today <= t[2]), None)
        if current is None:  # between terms: the last term that began
            current = next((t for t in reversed(terms) if t[1] <= today), None)
        return cls(terms[0][1] if terms else None, current)


@dataclass(frozen=True, slots=True)
class Element:
    """One element of the checklist for one student."""

    id: str
    label: str
    ok: bool
    #: What is missing (or what was found), for people.
    detail: str


def check_elements(
    snapshot: Snapshot,
    today: dt.date,
    calendar: SchoolCalendar,
    changed_this_year: bool,
    settings: Settings = DEFAULT_SETTINGS,
) -> list[Element]:
    """The checklist of ``snapshot`` on ``today``."""
    plan = snapshot.plan
    goals = plan.goals
    elements = []

    not_smart = [g.id for g in goals if not (g.measure and g.target and g.deadline)]
    elements.append(
        Element(
            "smart-goals",
            "Every goal is SMART (measure, target, deadline)",
            bool(goals) and not not_smart,
            "no goals yet"
            if not goals
            else (f"missing a measure or target: {', '.join(not_smart)}" if not_smart else ""),
        )
    )
    beyond = [g.id for g in goals if g.kind not in ACADEMIC_KINDS]
    elements.append(
        Element(
            "beyond-academics",
            "Goals beyond academics (personal, career, citizenship)",
            bool(beyond),
            "" if beyond else "every goal is a learning goal",
        )
    )
    missing = [
        name
        for name, items in (
            ("strengths", plan.profile.strengths),
            ("growth areas", plan.profile.growth_areas),
        )
        if not items
    ]
    elements.append(
        Element(
            "strengths-and-growth",
            "Strengths and growth areas written down",
            not missing,
            f"no {' and no '.join(missing)}" if missing else "",
        )
    )
    since = (today - dt.timedelta(days=settings.reflection_days)).isoformat()
    recent = [d for d in snapshot.reflection_dates if since <= d <= today.isoformat()]
    last = snapshot.reflection_dates[-1] if snapshot.reflection_dates else ""
    elements.append(
        Element(
            "recent-reflection",
            f"A reflection in the last {settings.reflection_days} days",
            bool(recent),
            "" if recent else (f"the last one is from {last}" if last else "no reflections yet"),
        )
    )
    linked = snapshot.linked_evidence is not None
    elements.append(
        Element(
            "evidence-linked",
            "Evidence linked to a goal",
            linked,
            "" if linked else "no evidence names one of the plan's goals",
        )
    )
    if calendar.term is not None:
        name, start, end = calendar.term
        window, said = (start, min(end, today)), f"this term ({name})"
    else:
        window = (today - dt.timedelta(days=settings.conference_days), today)
        said = f"in the last {settings.conference_days} days"
    held = [
        d for d in snapshot.conference_dates if window[0].isoformat() <= d <= window[1].isoformat()
    ]
    elements.append(
        Element(
            "conference-this-term",
            f"A conference {said}",
            bool(held),
            "" if held else "no conference notes dated " + said,
        )
    )
    others = [a for g in goals for a in g.actions if a.who and a.who != "student"]
    elements.append(
        Element(
            "actions-for-others",
            "Action steps for someone besides the student",
            bool(others),
            "" if others else "every action step is the student's (or there are none)",
        )
    )
    elements.append(
        Element(
            "changed-this-year",
            "The plan changed this school year",
            changed_this_year,
            ""
            if changed_this_year
            else (
                f"plan.md not changed since {calendar.year_start.isoformat()}"
                if calendar.year_start
                else "plan.md not changed this school year"
            ),
        )
    )
    overdue = overdue_goals(snapshot, today)
    elements.append(
        Element(
            "no-overdue-goals",
            "No goal past its deadline still open",
            not overdue,
            f"past deadline and still open: {', '.join(overdue)}" if overdue else "",
        )
    )
    return elements


def overdue_goals(snapshot: Snapshot, today: dt.date) -> list[str]:
    """The ids of goals whose deadline has passed while they are still open."""
    return [
        g.id
        for g in snapshot.plan.goals
        if g.status in OPEN_STATUSES and g.deadline and g.deadline < today.isoformat()
    ]

"""One row of the staff dashboard per student, and who needs a conversation and why."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from plp.checklist.elements import DEFAULT_SETTINGS, Settings
from plp.checklist.school_check import StudentChecklist

#: A self-rated confidence at or below this asks for a conversation.
LOW_CONFIDENCE = 2
STATUS_ORDER = ("planned", "in-progress", "met", "not-met", "revised", "dropped")


@dataclass(frozen=True, slots=True)
class StudentRow:
    """What the dashboard shows of one student."""

    student: str
    name: str
    goals_by_status: dict[str, int]
    overdue: list[str]
    last_reflection: str  # a date, or ""
    confidence: int | None
    done: int  # this week's activities done
    total: int
    score: int
    of: int
    reasons: list[str] = field(default_factory=list)

    @property
    def goals_text(self) -> str:
        parts = [f"{n} {s.replace('-', ' ')}" for s, n in self.goals_by_status.items() if n]
        return ", ".join(parts) or "no goals"


def student_row(
    checklist: StudentChecklist, today: dt.date, settings: Settings = DEFAULT_SETTINGS
) -> StudentRow:
    """The row of one student, with the reasons they need a conversation (if any)."""
    snapshot = checklist.snapshot
    if snapshot is None:
        return StudentRow(checklist.student, checklist.name, {}, [], "", None, 0, 0, 0, 9,
                          [f"the plan does not read: {checklist.problem}"])  # fmt: skip
    counts = Counter(goal.status for goal in snapshot.plan.goals)
    by_status = {status: counts[status] for status in STATUS_ORDER if counts[status]}
    overdue = next((e.detail for e in checklist.elements if e.id == "no-overdue-goals"), "")
    overdue_ids = overdue.split(": ", 1)[1].split(", ") if ": " in overdue else []
    activities = [a for a in snapshot.activities if a.required]
    done = sum(1 for a in activities if a.status == "done")
    last = snapshot.reflection_dates[-1] if snapshot.reflection_dates else ""
    confidence = snapshot.last_reflection.confidence if snapshot.last_reflection else None
    if not isinstance(confidence, int) or isinstance(confidence, bool):
        confidence = None
    reasons = []
    if overdue_ids:
        reasons.append(f"{len(overdue_ids)} goal(s) past the deadline: {', '.join(overdue_ids)}")
    since = (today - dt.timedelta(days=settings.reflection_days)).isoformat()
    if not last or last < since:
        reasons.append(
            f"no reflection in {settings.reflection_days} days"
            + (f" (last: {last})" if last else "")
        )
    if confidence is not None and confidence <= LOW_CONFIDENCE:
        reasons.append(f"low confidence in the last reflection ({confidence} of 5)")
    return StudentRow(
        checklist.student,
        checklist.name,
        by_status,
        overdue_ids,
        last,
        confidence,
        done,
        len(activities),
        checklist.score,
        len(checklist.elements),
        reasons,
    )

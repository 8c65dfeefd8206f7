"""What's due: open goals' deadlines, dated action steps not done, this week's open
activities. One list for ``plp due`` and the "Due soon" block of a student's overview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from plp.format.records import Activity, Goal

#: Deadlines and dated steps within this many days are due soon.
DUE_DAYS = 14
OPEN_GOAL_STATUSES = frozenset({"planned", "in-progress"})


@dataclass(frozen=True, slots=True, order=True)
class DueItem:
    """Something due: its date ("" for this week's activities), what, and for which goal."""

    date: str
    what: str
    kind: str  # goal, action or activity
    goal: str = ""
    overdue: bool = False

    def when(self, today: dt.date) -> str:
        """For people: "overdue since 2026-11-20", "today", "in 3 days", "this week"."""
        if not self.date:
            return "this week"
        days = (dt.date.fromisoformat(self.date) - today).days
        if days < 0:
            return f"overdue since {self.date}"
        if days == 0:
            return "today"
        return f"in {days} day{'s' if days != 1 else ''} ({self.date})"


def due_items(
    goals: Sequence[Goal],
    activities: Sequence[Activity],
    today: dt.date,
    days: int = DUE_DAYS,
) -> list[DueItem]:
    """What is due by ``days`` after ``today`` (and what is overdue), the soonest first,
    then this week's open activities."""
    horizon = (today + dt.timedelta(days=days)).isoformat()
    now = today.isoformat()
    items = []
    for goal in goals:
        if goal.status not in OPEN_GOAL_STATUSES:
            continue
        if _is_date(goal.deadline) and goal.deadline <= horizon:
            items.append(DueItem(goal.deadline, goal.title, "goal", goal.id, goal.deadline < now))
        for action in goal.actions:
            if not action.done and _is_date(action.when) and action.when <= horizon:
                what = action.do + ("" if action.who == "student" else f" ({action.who})")
                items.append(DueItem(action.when, what, "action", goal.id, action.when < now))
    dated = sorted(items)
    open_activities = [
        DueItem("", activity.title, "activity")
        for activity in activities
        if activity.status != "done" and activity.required
    ]
    return dated + open_activities


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True

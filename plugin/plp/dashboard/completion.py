"""Weekly completion: the share of required activities done, per ISO week, for a group."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from plp.checklist.snapshot import iso_week
from plp.format.documents import decode, parse, read_bytes
from plp.format.layout import Kind, week_file

#: How many weeks the chart shows, up to this one.
WEEKS_SHOWN = 6


@dataclass(frozen=True, slots=True)
class WeekCompletion:
    week: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def last_weeks(today: dt.date, count: int = WEEKS_SHOWN) -> list[str]:
    """The ISO weeks of the ``count`` weeks up to ``today``'s, oldest first."""
    return [iso_week(today - dt.timedelta(weeks=n)) for n in range(count - 1, -1, -1)]


def student_weeks(plans: Path, student: str, weeks: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(done, required) activities of ``student`` in each of ``weeks``; files that do not
    read are left out."""
    wanted = set(weeks)
    counts: dict[str, tuple[int, int]] = {}
    folder = plans / student / "weeks"
    try:
        names = [e.name for e in os.scandir(folder) if e.is_file(follow_symlinks=False)]
    except OSError:
        return counts
    for name in names:
        found = week_file(PurePosixPath(name))
        if not found or found[0] not in wanted:
            continue
        rel = PurePosixPath(student, "weeks", name)
        try:
            fields = parse(rel, Kind.WEEK, decode(read_bytes(plans / rel))).fields
        except Exception:  # a file that does not read is left out
            continue
        activities = fields.get("activities")
        if not isinstance(activities, list):
            continue
        required = [a for a in activities if isinstance(a, dict) and a.get("required") is not False]
        done = sum(1 for a in required if a.get("status") == "done")
        before = counts.get(found[0], (0, 0))
        counts[found[0]] = (before[0] + done, before[1] + len(required))
    return counts


def group_completion(
    per_student: dict[str, dict[str, tuple[int, int]]], students: Iterable[str], weeks: list[str]
) -> list[WeekCompletion]:
    """The completion of ``students`` together in each of ``weeks``."""
    result = []
    for week in weeks:
        done = total = 0
        for student in students:
            d, t = per_student.get(student, {}).get(week, (0, 0))
            done, total = done + d, total + t
        result.append(WeekCompletion(week, done, total))
    return result

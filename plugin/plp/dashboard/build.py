"""The staff dashboard of a plans folder: every student's row, and a page per roster."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from plp.checklist.elements import SchoolCalendar, Settings
from plp.checklist.school_check import check_students
from plp.dashboard.completion import group_completion, last_weeks, student_weeks
from plp.dashboard.pages import RosterLink, page
from plp.dashboard.rows import student_row
from plp.format.layout import student_ids
from plp.portfolio.html import slug
from plp.weekly.school_settings import rosters, school_fields


@dataclass(frozen=True, slots=True)
class DashboardPages:
    """The dashboard's pages, by their path in the dashboard (``index.html``, ...)."""

    pages: dict[str, str]
    students: int
    conversations: int


def dashboard_pages(plans: Path, today: dt.date) -> DashboardPages:
    """Every page of the dashboard of ``plans`` on ``today``."""
    fields = school_fields(plans)
    school = str(fields.get("school") or "")
    everyone = student_ids(plans)
    known = set(everyone)
    settings = Settings.from_fields(fields)
    calendar = SchoolCalendar.from_fields(fields, today)
    checklists = check_students(plans, everyone, today, calendar, settings)
    rows = {c.student: student_row(c, today, settings) for c in checklists}
    weeks = last_weeks(today)
    per_student = {s: student_weeks(plans, s, weeks) for s in everyone}
    groups = {name: [s for s in members if s in known] for name, members in rosters(fields).items()}
    links, used = [], set()
    for name in groups:
        base = slug(name)
        file, n = f"rosters/{base}.html", 2
        while file in used:
            file, n = f"rosters/{base}-{n}.html", n + 1
        used.add(file)
        links.append(RosterLink(name, file))
    common = {"school": school, "today": today, "rosters": links}
    pages = {
        "index.html": page(
            title="All students",
            current="index.html",
            prefix="",
            rows=[rows[s] for s in everyone],
            charts=[("All students", group_completion(per_student, everyone, weeks))]
            + [(name, group_completion(per_student, groups[name], weeks)) for name in groups],
            **common,  # type: ignore[arg-type]
        )
    }
    for link in links:
        members = list(dict.fromkeys(groups[link.name]))
        pages[link.file] = page(
            title=f"Roster {link.name}",
            current=link.file,
            prefix="../",
            rows=[rows[s] for s in members],
            charts=[(link.name, group_completion(per_student, members, weeks))],
            **common,  # type: ignore[arg-type]
        )
    flagged = sum(1 for row in rows.values() if row.reasons)
    return DashboardPages(pages, len(everyone), flagged)


def write_pages(pages: DashboardPages, folder: Path) -> None:
    """Write ``pages`` into ``folder`` (a new folder the dashboard is built in)."""
    for name, text in pages.pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

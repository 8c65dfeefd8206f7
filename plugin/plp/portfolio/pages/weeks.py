"""Weekly plans: goals of the week, the student's schedule, activities as a checklist.

A week has one page. A week may have several plans, one per area (``2026-W49-math.md``,
``2026-W49-ela.md``, handed out by different teachers): the page shows each in turn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import PurePosixPath

from plp.dates import iso_week, week_label
from plp.format.records import Activity, StudentRecord, Week
from plp.portfolio import html, paths
from plp.portfolio.markdown import render
from plp.portfolio.markup import Markup
from plp.portfolio.model import Page, TocEntry, href

MODE_WORDS = {"sync": "Live class", "async": "On my own time"}
WITH_WORDS = {"teacher": "with my teacher", "independent": "on my own", "peers": "with classmates"}


def activity_progress(plans: Iterable[Week]) -> tuple[int, int]:
    """Done and total activities of the plans (of one week), counting only required ones."""
    required = [a for week in plans for a in week.activities if a.required]
    return sum(1 for a in required if a.status == "done"), len(required)


def by_week(weeks: Iterable[Week]) -> list[list[Week]]:
    """The plans grouped by week, in the order of ``weeks``: one list per week."""
    groups: dict[str, list[Week]] = {}
    for week in weeks:
        groups.setdefault(week.week, []).append(week)
    return list(groups.values())


def plan_label(week: Week, record: StudentRecord) -> str:
    """What a plan is for: the area its file is named after, or its areas (by the names
    the school gives them)."""
    areas = [week.area] if week.area else week.areas
    return ", ".join(map(record.area_name, areas)) or "All areas"


def current_week(weeks: list[Week], today: dt.date) -> list[Week]:
    """This ISO week's plans, or else the latest week's before today (see :func:`iso_week`
    to tell which: an old plan must not be called this week's); none when there are none."""
    earlier = [week for week in weeks if week.week <= iso_week(today)]
    return [week for week in earlier if week.week == earlier[-1].week] if earlier else []


def _schedule(week: Week) -> Markup:
    days = [day for day in html.DAYS if week.schedule.get(day)]
    if not days:
        return html.paragraph("No schedule for this week.")
    head = html.join(Markup('<th scope="col">{0}</th>').format(html.DAYS[day]) for day in days)
    cells = html.join(  # data-day names the day where a phone stacks the days (plp.css)
        Markup('<td data-day="{0}">{1}</td>').format(html.DAYS[day], html.items(week.schedule[day]))
        for day in days
    )
    return Markup(
        '<div class="plp-scroll" tabindex="0" role="region" aria-label="Schedule">'
        '<table class="plp-schedule"><caption>My schedule for the week'
        "</caption><thead><tr>{0}</tr></thead><tbody><tr>{1}</tr></tbody></table></div>"
    ).format(head, cells)


def _activity(activity: Activity, from_path: str, record: StudentRecord) -> Markup:
    details = [MODE_WORDS.get(activity.mode, activity.mode)]
    if activity.with_ and (activity.mode, activity.with_) != ("async", "independent"):
        details.append(WITH_WORDS.get(activity.with_, activity.with_))  # not "on my own" twice
    if activity.area:
        details.append(record.area_name(activity.area))
    if not activity.required:
        details.append("optional")
    extra = html.join(
        [
            Markup(' <span class="plp-standard">{0}</span>').format(
                record.standard_text(activity.standard)
            )
            if activity.standard
            else Markup(""),
            Markup(" · {0}").format(
                html.link(
                    href(
                        from_path,
                        paths.EVIDENCE,
                        paths.evidence_anchor(PurePosixPath(activity.evidence).stem),
                    ),
                    "evidence",
                )
            )
            if activity.evidence.endswith(".md")
            else Markup(""),
        ]
    )
    return Markup('{0} <span class="plp-activity">{1}</span> <small>({2})</small>{3}').format(
        html.status_badge(activity.status), activity.title, ", ".join(details), extra
    )


def week_page(record: StudentRecord, plans: list[Week]) -> Page:
    """The page of one week: its plan, or each of its plans by area."""
    week = plans[0].week
    path = paths.week_page(week)
    toc: list[TocEntry] = []
    areas = [area for plan in plans for area in plan.areas]
    body = [
        html.paragraph("Areas: " + ", ".join(map(record.area_name, areas))) if areas else Markup("")
    ]
    for plan in plans:
        prefix = f"{plan_label(plan, record)}: " if len(plans) > 1 else ""
        body += _plan_sections(record, plan, path, toc, prefix)
    return Page(path, week_label(week), html.join(body), toc)


def _plan_sections(
    record: StudentRecord, week: Week, path: str, toc: list[TocEntry], prefix: str
) -> list[Markup]:
    by_teacher = [g for g in week.goals if g.by == "teacher"]
    by_student = [g for g in week.goals if g.by != "teacher"]

    def goal_item(text: str, goal_id: str) -> Markup:
        goal = record.goal(goal_id) if goal_id else None
        if goal is None:
            return html.escaped(text)
        return Markup("{0} (for {1})").format(
            text, html.link(href(path, paths.goal_page(goal.id)), goal.title)
        )

    goals = html.join(
        [
            Markup("<h3>{0}</h3>{1}").format(
                "From my teacher", html.items(goal_item(g.text, g.goal) for g in by_teacher)
            )
            if by_teacher
            else Markup(""),
            Markup("<h3>{0}</h3>{1}").format(
                "My own", html.items(goal_item(g.text, g.goal) for g in by_student)
            )
            if by_student
            else Markup(""),
        ]
    )
    done, total = activity_progress([week])
    activities = html.join(
        [
            html.progress(done, total, "required activities done"),
            html.items((_activity(a, path, record) for a in week.activities), "plp-checklist"),
        ]
    )
    anchor = html.slug(prefix) + "-" if prefix else ""
    body = [
        html.section(
            f"{prefix}Goals for the week",
            goals or html.paragraph("No goals set."),
            toc,
            f"{anchor}goals",
        ),
        html.section(f"{prefix}Schedule", _schedule(week), toc, f"{anchor}schedule"),
        html.section(
            f"{prefix}Activities",
            activities if week.activities else html.paragraph("No activities."),
            toc,
            f"{anchor}activities",
        ),
    ]
    if week.notes.strip():
        body.append(
            html.section(
                f"{prefix}Notes", render(week.notes, shift_headings=2), toc, f"{anchor}notes"
            )
        )
    return body


def weeks_page(record: StudentRecord, today: dt.date) -> Page:
    """Every week, the newest first, with its areas and progress: one line each."""
    this_week = current_week(record.weeks, today)
    rows = []
    for plans in reversed(by_week(record.weeks)):
        week = plans[0].week
        done, total = activity_progress(plans)
        label = week_label(week)
        if plans == this_week and week == iso_week(today):
            label += " (this week)"
        rows.append(
            Markup('<tr><th scope="row">{0}</th><td>{1}</td><td>{2}</td></tr>').format(
                html.link(href(paths.WEEKS, paths.week_page(week)), label),
                ", ".join(record.area_name(area) for plan in plans for area in plan.areas),
                f"{done} of {total} done" if total else "no required activities",
            )
        )
    if not rows:
        return Page(paths.WEEKS, "Weeks", html.paragraph("No weekly plans yet."))
    table = Markup(
        "<table><caption>My weekly plans, the newest first</caption><thead><tr>"
        '<th scope="col">Week</th><th scope="col">Areas</th><th scope="col">Activities</th>'
        "</tr></thead><tbody>{0}</tbody></table>"
    ).format(html.join(rows))
    return Page(paths.WEEKS, "All weeks", table)

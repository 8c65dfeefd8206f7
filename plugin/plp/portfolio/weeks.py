"""Weekly plans: goals of the week, the student's schedule, activities as a checklist."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from markupsafe import Markup

from plp.portfolio import html, paths
from plp.portfolio.markdown import render
from plp.portfolio.model import Page, TocEntry, href
from plp.records import Activity, StudentRecord, Week

MODE_WORDS = {"sync": "live (sync)", "async": "any time (async)"}
WITH_WORDS = {"teacher": "with the teacher", "independent": "on my own", "peers": "with peers"}


def activity_progress(week: Week) -> tuple[int, int]:
    """Done and total activities of the week, counting only required ones."""
    required = [a for a in week.activities if a.required]
    return sum(1 for a in required if a.status == "done"), len(required)


def iso_week(day: dt.date) -> str:
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def current_week(weeks: list[Week], today: dt.date) -> Week | None:
    """This ISO week's plan, or else the latest one before today (see :func:`iso_week`
    to tell which: an old plan must not be called this week's)."""
    earlier = [week for week in weeks if week.week <= iso_week(today)]
    return earlier[-1] if earlier else None


def _schedule(week: Week) -> Markup:
    days = [day for day in html.DAYS if week.schedule.get(day)]
    if not days:
        return html.paragraph("No schedule for this week.")
    head = html.join(Markup('<th scope="col">{0}</th>').format(html.DAYS[day]) for day in days)
    cells = html.join(Markup("<td>{0}</td>").format(html.items(week.schedule[day])) for day in days)
    return Markup(
        '<div class="plp-scroll" tabindex="0" role="region" aria-label="Schedule">'
        '<table class="plp-schedule"><caption>My schedule for the week'
        "</caption><thead><tr>{0}</tr></thead><tbody><tr>{1}</tr></tbody></table></div>"
    ).format(head, cells)


def _activity(activity: Activity, from_path: str) -> Markup:
    details = [MODE_WORDS.get(activity.mode, activity.mode)]
    if activity.with_:
        details.append(WITH_WORDS.get(activity.with_, activity.with_))
    if activity.area:
        details.append(activity.area)
    if not activity.required:
        details.append("optional")
    extra = html.join(
        [
            Markup(' <span class="plp-standard">{0}</span>').format(activity.standard)
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


def week_page(record: StudentRecord, week: Week) -> Page:
    path = paths.week_page(week.week)
    toc: list[TocEntry] = []
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
    done, total = activity_progress(week)
    activities = html.join(
        [
            html.progress(done, total, "required activities done"),
            html.items((_activity(a, path) for a in week.activities), "plp-checklist"),
        ]
    )
    body = [
        html.paragraph("Areas: " + ", ".join(week.areas)) if week.areas else Markup(""),
        html.section("Goals for the week", goals or html.paragraph("No goals set."), toc, "goals"),
        html.section("Schedule", _schedule(week), toc),
        html.section(
            "Activities",
            activities if week.activities else html.paragraph("No activities."),
            toc,
        ),
    ]
    if week.notes.strip():
        body.append(html.section("Notes", render(week.notes, shift_headings=2), toc))
    return Page(path, html.week_label(week.week), html.join(body), toc)


def weeks_page(record: StudentRecord, today: dt.date) -> Page:
    """Every week, the newest first, with its areas and progress: one line each."""
    this_week = current_week(record.weeks, today)
    rows = []
    for week in reversed(record.weeks):
        done, total = activity_progress(week)
        label = html.week_label(week.week)
        if week is this_week and week.week == iso_week(today):
            label += " (this week)"
        rows.append(
            Markup('<tr><th scope="row">{0}</th><td>{1}</td><td>{2}</td></tr>').format(
                html.link(href(paths.WEEKS, paths.week_page(week.week)), label),
                ", ".join(week.areas),
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

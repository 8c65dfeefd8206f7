"""One page per goal: SMART fields, action steps by who does them, and what relates to it."""

from __future__ import annotations

import datetime as dt

from plp.dates import long_date, week_label
from plp.format.records import Goal, StudentRecord
from plp.history.engine import utc
from plp.portfolio import html, paths
from plp.portfolio.charts import Series, line_chart
from plp.portfolio.markup import Markup
from plp.portfolio.model import Page, TocEntry, href
from plp.portfolio.pages.growth import goal_timeline
from plp.portfolio.progress import number_in, progress_bar

WHO_WORDS = {
    "student": "Me",
    "teacher": "My teacher",
    "advisor": "My advisor",
    "counselor": "My counselor",
    "parent": "My parent or guardian",
}


def _when(value: str) -> str:
    return value if value in ("daily", "weekly", "monthly") else long_date(value)


def _actions(goal: Goal) -> Markup:
    if not goal.actions:
        return html.paragraph("No action steps yet.")
    parts = []
    for who, label in WHO_WORDS.items():
        steps = [action for action in goal.actions if action.who == who]
        if not steps:
            continue
        parts.append(
            Markup("<h3>{0}</h3>{1}").format(
                label,
                html.items(
                    (
                        Markup("{0} {1}{2}").format(
                            html.status_badge("done" if step.done else "todo"),
                            step.do,
                            Markup(" <small>({0})</small>").format(_when(step.when))
                            if step.when
                            else "",
                        )
                        for step in steps
                    ),
                    "plp-checklist",
                ),
            )
        )
    return html.join(parts)


def _related(record: StudentRecord, goal: Goal, path: str) -> Markup:
    weeks = list(  # one link per week, though several of its plans may name the goal
        dict.fromkeys(w.week for w in record.weeks if any(g.goal == goal.id for g in w.goals))
    )
    reflections = [r for r in record.reflections if goal.id in r.goals]
    evidence = [e for e in record.evidence if goal.id in e.goals]
    conferences = [c for c in record.conferences if goal.id in c.goals]
    feedback = [f for f in record.feedback if goal.id in f.goals]
    groups = [
        (
            "Weeks",
            [html.link(href(path, paths.week_page(week)), week_label(week)) for week in weeks],
        ),
        (
            "Reflections",
            [
                html.link(href(path, paths.JOURNAL, paths.reflection_anchor(r)), long_date(r.date))
                for r in reflections
            ],
        ),
        (
            "Evidence",
            [
                html.link(href(path, paths.EVIDENCE, paths.evidence_anchor(e)), e.title)
                for e in evidence
            ],
        ),
        (
            "Conferences",
            [
                html.link(
                    href(path, paths.CONVERSATIONS, paths.conference_anchor(c)),
                    long_date(c.date),
                )
                for c in conferences
            ],
        ),
        (
            "Feedback",
            [
                html.link(
                    href(path, paths.CONVERSATIONS, paths.feedback_anchor(f)),
                    long_date(f.date),
                )
                for f in feedback
            ],
        ),
    ]
    rows = [(title, html.items(links)) for title, links in groups if links]
    return (
        html.definition_list(rows) if rows else html.paragraph("Nothing linked to this goal yet.")
    )


def measure_chart(record: StudentRecord, goal: Goal) -> Markup:
    """The goal's measure over time: the baseline when the goal was set, each change of
    ``current`` in the history, and the target at the deadline."""
    start, end = number_in(goal.baseline), number_in(goal.target)
    events = record.history.events if record.history else []
    mine = sorted(
        (e for e in events if e.goal == goal.id and e.commit is not None),
        key=lambda e: utc(e.date),
    )
    if start is None or end is None or not mine:
        return Markup("")
    points: list[tuple[dt.date, str, float]] = [
        (utc(mine[0].date).date(), f"{goal.baseline} (start)", start)
    ]
    for event in mine:
        value = number_in(str(event.to)) if event.field == "current" and event.to else None
        if value is not None:
            points.append((utc(event.date).date(), str(event.to), value))
    try:
        deadline = dt.date.fromisoformat(goal.deadline)
    except ValueError:
        return Markup("")
    if len(points) < 2:
        return Markup("")  # the baseline alone says nothing a chart could add
    days = [day for day, _, _ in points] + [deadline]
    labels = [f"{long_date(day.isoformat())}: {text}" for day, text, _ in points]
    labels.append(f"{long_date(goal.deadline)}: {goal.target} (target)")
    top = max([value for _, _, value in points] + [end]) * 1.1
    latest = points[-1]
    return line_chart(
        f"measure-{goal.id}",
        f"{goal.measure or 'My measure'}, from the start to the target",
        f"From {goal.baseline} when the goal was set to {latest[1]} on "
        f"{long_date(latest[0].isoformat())}; the target is {goal.target} by "
        f"{long_date(goal.deadline)}.",
        days,
        labels,
        [
            Series("My measure", [value for _, _, value in points] + [None], "in-progress"),
            Series("Target", [None] * len(points) + [end], "met"),
        ],
        "When",
        top,
    )


def no_measure(goal: Goal) -> Markup:
    return html.paragraph(
        "This goal has no measure with a start, a current value and a target yet."
        if goal.status != "met"
        else "Goal met."
    )


def goal_page(record: StudentRecord, goal: Goal) -> Page:
    path = paths.goal_page(goal.id)
    toc: list[TocEntry] = []
    progress = f"from {goal.baseline} to {goal.target}" if goal.baseline and goal.target else ""
    smart = html.definition_list(
        [
            ("Status", html.status_badge(goal.status)),
            ("Measure", goal.measure),
            ("Progress sought", progress or (f"reach {goal.target}" if goal.target else "")),
            ("Where I am now", goal.current),
            ("Deadline", long_date(goal.deadline)),
            ("Why it matters", goal.why),
            ("Kind", goal.kind),
            ("Area", record.area_name(goal.area) if goal.area else ""),
            ("Set by", ", ".join(goal.set_by)),
            ("Standards", "; ".join(map(record.standard_text, goal.standards))),
        ]
    )
    body = [
        html.section(
            "How far I have got",
            (progress_bar(goal) or no_measure(goal)) + measure_chart(record, goal),
            toc,
            "progress",
        ),
        html.section("The goal", smart, toc, "smart"),
        html.section("Action steps", _actions(goal), toc, "actions"),
        html.section("Linked to this goal", _related(record, goal, path), toc, "linked"),
        html.section("History of this goal", goal_timeline(record, goal.id), toc, "history"),
    ]
    return Page(path, goal.title, html.join(body), toc)

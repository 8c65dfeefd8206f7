"""One page per goal: SMART fields, action steps by who does them, and what relates to it."""

from __future__ import annotations

from markupsafe import Markup

from plp.dates import long_date, week_label
from plp.format.records import Goal, StudentRecord
from plp.portfolio import html, paths
from plp.portfolio.model import Page, TocEntry, href
from plp.portfolio.pages.growth import goal_timeline

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
            ("Area", goal.area),
            ("Set by", ", ".join(goal.set_by)),
            ("Standards", ", ".join(goal.standards)),
        ]
    )
    body = [
        html.section("The goal", smart, toc, "smart"),
        html.section("Action steps", _actions(goal), toc, "actions"),
        html.section("Linked to this goal", _related(record, goal, path), toc, "linked"),
        html.section("History of this goal", goal_timeline(record, goal.id), toc, "history"),
    ]
    return Page(path, goal.title, html.join(body), toc)

"""Conferences and feedback: the conversations around the plan."""

from __future__ import annotations

from plp.dates import long_date
from plp.format.records import Conference, Feedback, StudentRecord
from plp.portfolio import html, paths
from plp.portfolio.markdown import render
from plp.portfolio.markup import Markup
from plp.portfolio.model import Page, TocEntry, href
from plp.portfolio.pages.goals import WHO_WORDS

KIND_WORDS = {
    "student-led": "Student-led conference",
    "advisor": "Advisor conference",
    "parent": "Parent conference",
    "counselor": "Counselor conference",
}


def _goal_links(record: StudentRecord, goal_ids: list[str]) -> Markup:
    links = [
        html.link(href(paths.CONVERSATIONS, paths.goal_page(goal.id)), goal.title)
        for goal in map(record.goal, goal_ids)
        if goal is not None
    ]
    return Markup(", ").join(links)


def _conference(record: StudentRecord, conference: Conference, toc: list[TocEntry]) -> Markup:
    anchor = paths.conference_anchor(conference)
    title = f"{long_date(conference.date)}: {KIND_WORDS.get(conference.kind, 'Conference')}"
    toc.append(TocEntry(anchor, title, 3))
    decisions = html.items(
        Markup("<strong>{0}:</strong> {1}").format(WHO_WORDS.get(d.who, d.who), d.do)
        for d in conference.decisions
    )
    return Markup('<article class="plp-entry">{0}{1}{2}</article>').format(
        html.heading(3, title, anchor),
        html.definition_list(
            [
                ("Who took part", ", ".join(conference.participants)),
                ("Goals", _goal_links(record, conference.goals)),
                ("We decided", decisions),
            ]
        ),
        render(conference.notes, shift_headings=3),
    )


def _feedback(record: StudentRecord, feedback: Feedback, toc: list[TocEntry]) -> Markup:
    anchor = paths.feedback_anchor(feedback)
    author = record.staff.get(feedback.by, feedback.by)
    title = f"{long_date(feedback.date)}: from {author}"
    toc.append(TocEntry(anchor, title, 3))
    goals = _goal_links(record, feedback.goals)
    return Markup('<article class="plp-entry">{0}{1}{2}</article>').format(
        html.heading(3, title, anchor),
        Markup("<p>Goals: {0}</p>").format(goals) if goals else "",
        render(feedback.text, shift_headings=3),
    )


def conversations_page(record: StudentRecord) -> Page:
    toc: list[TocEntry] = []
    conferences = html.join(_conference(record, c, toc) for c in reversed(record.conferences))
    body = [html.section("Conferences", conferences or html.paragraph("No conferences yet."), toc)]
    feedback = html.join(_feedback(record, f, toc) for f in reversed(record.feedback))
    body.append(html.section("Feedback", feedback or html.paragraph("No feedback yet."), toc))
    return Page(paths.CONVERSATIONS, "Conferences and feedback", html.join(body), toc)

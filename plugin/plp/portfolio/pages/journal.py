"""Reflections as a journal, newest first, with confidence and working habits."""

from __future__ import annotations

from plp.dates import long_date, week_label
from plp.format.records import Reflection, StudentRecord
from plp.portfolio import html, paths
from plp.portfolio.markdown import render
from plp.portfolio.markup import Markup
from plp.portfolio.model import Page, TocEntry, href

KIND_WORDS = {
    "daily": "Daily reflection",
    "weekly": "Weekly reflection",
    "goal": "Goal reflection",
    "conference": "Conference reflection",
    "year": "Year in review",
}


def _scale(label: str, value: int | None) -> Markup:
    if value is None:
        return Markup("")
    return Markup(
        '<span class="plp-scale">{0}: <meter min="1" max="5" value="{1}" aria-label="{0}">'
        "</meter> {1} of 5</span>"
    ).format(label, value)


def _entry(record: StudentRecord, reflection: Reflection, toc: list[TocEntry]) -> Markup:
    anchor = paths.reflection_anchor(reflection)
    title = f"{long_date(reflection.date)}: {KIND_WORDS.get(reflection.kind, reflection.kind)}"
    toc.append(TocEntry(anchor, title))
    goals = [
        html.link(href(paths.JOURNAL, paths.goal_page(goal.id)), goal.title)
        for goal in map(record.goal, reflection.goals)
        if goal is not None
    ]
    meta = html.join(
        [
            _scale("Confidence", reflection.confidence),
            _scale("Working habits", reflection.habits),
            Markup(" {0}").format(
                html.link(
                    href(paths.JOURNAL, paths.week_page(reflection.week)),
                    week_label(reflection.week),
                )
            )
            if reflection.week and any(w.week == reflection.week for w in record.weeks)
            else Markup(""),
        ]
    )
    prompts = (
        Markup('<div class="plp-prompts"><p>Prompts:</p>{0}</div>').format(
            html.items(reflection.prompts)
        )
        if reflection.prompts
        else Markup("")
    )
    return Markup(
        '<article class="plp-entry">{0}<p class="plp-meta">{1}</p>{2}{3}{4}</article>'
    ).format(
        html.heading(2, title, anchor),
        meta,
        Markup("<p>Goals: {0}</p>").format(Markup(", ").join(goals)) if goals else "",
        prompts,
        render(reflection.text, shift_headings=2),
    )


def journal_page(record: StudentRecord) -> Page:
    toc: list[TocEntry] = []
    entries = [_entry(record, r, toc) for r in reversed(record.reflections)]
    body = html.join(entries) if entries else html.paragraph("No reflections yet.")
    return Page(paths.JOURNAL, "Journal", body, toc)

"""A student's whole portfolio: every page, the navigation and the files to copy."""

from __future__ import annotations

import datetime as dt

from plp.dates import long_date
from plp.format.records import StudentRecord
from plp.history.engine import utc
from plp.portfolio import html, paths
from plp.portfolio.editor_link import editor_link
from plp.portfolio.markup import Markup
from plp.portfolio.model import NavItem, NavSection, Page, Portfolio
from plp.portfolio.pages.conversations import conversations_page
from plp.portfolio.pages.evidence import evidence_page
from plp.portfolio.pages.goals import goal_page
from plp.portfolio.pages.growth import growth_page, history_page, then_and_now_page
from plp.portfolio.pages.journal import journal_page
from plp.portfolio.pages.overview import goals_in_order, overview_page, story_page
from plp.portfolio.pages.weeks import by_week, week_page, weeks_page

#: Past this many goals, the navigation (drawn on every page) lists none of them, and the
#: overview's table of goals leads to each: a site's size grows with its goals, not with
#: their square.
MAX_NAV_GOALS = 30
#: The most characters of content one page may hold; a larger page is replaced by a note.
MAX_PAGE_CHARACTERS = 4 * 1024 * 1024


def build_portfolio(
    record: StudentRecord, today: dt.date, *, editor_url: str | None = None
) -> Portfolio:
    """The portfolio of ``record``; ``today`` decides what is due soon and this week;
    ``editor_url``: where the school hosts the web editor (``plp cms``), linked from the
    overview for this student."""
    goals = goals_in_order(record.plan.goals)
    weeks = list(reversed(by_week(record.weeks)))  # the newest week first, plans by area
    evidence, attachments = evidence_page(record)
    pages: list[Page] = [
        overview_page(record, today, editor_link(editor_url, record.plan.id)),
        story_page(record),
        *(goal_page(record, goal) for goal in goals),
        weeks_page(record, today),
        *(week_page(record, plans) for plans in weeks),
        journal_page(record),
        evidence,
        conversations_page(record),
        history_page(record),
        then_and_now_page(record),
        growth_page(record, today),
    ]
    pages = [_bounded(page) for page in pages]
    nav: list[NavItem] = [paths.OVERVIEW, paths.STORY]
    if goals and len(goals) <= MAX_NAV_GOALS:
        nav.append(NavSection("Goals", [paths.goal_page(goal.id) for goal in goals]))
    # One entry for the weeks, not one per week: a school year has nearly forty of them,
    # too many for a sidebar (and the theme draws the whole sidebar on every page).
    nav.append(paths.WEEKS)
    nav += [paths.JOURNAL, paths.EVIDENCE, paths.CONVERSATIONS]
    nav.append(NavSection("How my plan grew", [paths.HISTORY, paths.THEN_AND_NOW, paths.GROWTH]))
    name = record.plan.display_name
    return Portfolio(
        student=record.plan.id,
        site_name=f"{name}'s learning plan",
        pages=pages,
        nav=nav,
        attachments=attachments,
        owner_line=f"{name}'s private learning plan",
        updated=long_date(last_change(record, today)),
    )


def _bounded(page: Page) -> Page:
    """``page``, or a note in its place when its content is over the size limit."""
    if len(page.html) <= MAX_PAGE_CHARACTERS:
        return page
    note = html.paragraph(
        f"This page would hold {len(page.html) / 1024 / 1024:.0f} MB, too much to show. "
        "The plan files it is made from repeat very long texts: shorten them."
    )
    return Page(page.path, page.title, Markup(note), [], page.searchable)


def build_public_portfolio(record: StudentRecord, today: dt.date) -> Portfolio:
    """The public portfolio of ``record``, which must already be the public part of a
    student's record (see plp.publish.public): the pages that show the student's work,
    none of those made from conversations or the Git history."""
    goals = goals_in_order(record.plan.goals)
    weeks = list(reversed(by_week(record.weeks)))
    evidence, attachments = evidence_page(record)
    pages: list[Page] = [
        overview_page(record, today),
        story_page(record),
        *(goal_page(record, goal) for goal in goals),
        weeks_page(record, today),
        *(week_page(record, plans) for plans in weeks),
        journal_page(record),
        evidence,
    ]
    nav: list[NavItem] = [paths.OVERVIEW, paths.STORY]
    if goals:
        nav.append(NavSection("Goals", [paths.goal_page(goal.id) for goal in goals]))
    nav += [paths.WEEKS, paths.JOURNAL, paths.EVIDENCE]
    return Portfolio(
        student=record.plan.id,
        site_name=f"{record.plan.display_name}'s portfolio",
        pages=pages,
        nav=nav,
        attachments=attachments,
    )


def last_change(record: StudentRecord, today: dt.date) -> str:
    """The day of the plan's latest commit (``YYYY-MM-DD``); today's without a history,
    or when there are changes not committed yet."""
    events = record.history.events if record.history else []
    if not events or any(event.commit is None for event in events):
        return today.isoformat()
    return max(utc(event.date) for event in events).date().isoformat()

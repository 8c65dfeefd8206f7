"""The overview (the site's home page) and the student's story."""

from __future__ import annotations

import datetime as dt

from plp.dates import iso_week, long_date, week_label
from plp.format.records import Activity, Goal, StudentRecord
from plp.portfolio import html, paths
from plp.portfolio.markdown import render
from plp.portfolio.markup import Markup
from plp.portfolio.model import Page, TocEntry, href
from plp.portfolio.pages.weeks import activity_progress, current_week
from plp.portfolio.progress import progress_bar
from plp.weekly.due import DUE_DAYS, due_items
from plp.words import OPEN_STATUSES, plural

#: Goals due within this many days are marked "due soon".
DUE_SOON_DAYS = 14


def goals_in_order(goals: list[Goal]) -> list[Goal]:
    """Open goals first, the soonest deadline first; then the closed ones."""
    return sorted(
        goals,
        key=lambda g: (g.status not in OPEN_STATUSES, g.deadline, g.title),
    )


def due_note(goal: Goal, today: dt.date) -> str:
    if goal.status not in OPEN_STATUSES:
        return ""
    try:
        days = (dt.date.fromisoformat(goal.deadline) - today).days
    except ValueError:
        return ""
    if days < 0:
        return "past its deadline"
    if days == 0:
        return "due today"
    if days <= DUE_SOON_DAYS:
        return f"due in {plural(days, 'day')}"
    return ""


def header_card(record: StudentRecord) -> Markup:
    """Who the plan is for, at a glance: name, aspiration, grade, advisor."""
    plan = record.plan
    facts = [f"Class of {plan.graduation_year}"]
    if plan.grade is not None:
        facts.insert(0, f"Grade {plan.grade}")
    if plan.advisor and plan.advisor in record.staff:
        facts.append(f"Advisor: {record.staff[plan.advisor]}")
    return Markup(
        '<div class="plp-header-card"><p class="plp-header-card__name">{0}</p>{1}<p>{2}</p></div>'
    ).format(
        plan.display_name,
        Markup('<p class="plp-aspirations">{0}</p>').format(plan.profile.aspirations)
        if plan.profile.aspirations
        else "",
        " · ".join(facts),
    )


def next_up(record: StudentRecord, today: dt.date, from_path: str) -> Markup:
    """The next deadline of an open goal, and the next step to take for it."""
    open_goals = [g for g in goals_in_order(record.plan.goals) if g.status in OPEN_STATUSES]
    upcoming = [g for g in open_goals if g.deadline >= today.isoformat()] or open_goals
    if not upcoming:
        return Markup("")
    goal = upcoming[0]
    note = due_note(goal, today)
    step = next((a for a in goal.actions if not a.done and a.who == "student"), None) or next(
        (a for a in goal.actions if not a.done), None
    )
    lines = [
        Markup("<p><strong>Next deadline:</strong> {0}, {1}{2}</p>").format(
            html.link(href(from_path, paths.goal_page(goal.id)), goal.title),
            long_date(goal.deadline),
            Markup(' <strong class="plp-due">({0})</strong>').format(note) if note else "",
        )
    ]
    if step is not None:
        lines.append(Markup("<p><strong>Next step:</strong> {0}</p>").format(step.do))
    return Markup('<div class="plp-next" role="note">{0}</div>').format(html.join(lines))


def goal_cards(record: StudentRecord, today: dt.date, from_path: str) -> Markup:
    """Each goal as a card: title, status, deadline, and how far it has got."""
    cards = []
    for goal in goals_in_order(record.plan.goals):
        note = due_note(goal, today)
        cards.append(
            Markup(
                '<li class="plp-goal-card"><p class="plp-goal-card__title">{0}</p>'
                "<p>{1} · due {2}{3}</p>{4}</li>"
            ).format(
                html.link(href(from_path, paths.goal_page(goal.id)), goal.title),
                html.status_badge(goal.status),
                long_date(goal.deadline),
                Markup(' <strong class="plp-due">({0})</strong>').format(note) if note else "",
                progress_bar(goal),
            )
        )
    if not cards:
        return html.paragraph("No goals yet.")
    return Markup('<ul class="plp-goal-cards">{0}</ul>').format(html.join(cards))


def due_soon(record: StudentRecord, activities: list[Activity], today: dt.date) -> Markup:
    """The "Due soon" block: what is due in the next days, overdue first, as a list."""
    items = due_items(record.plan.goals, activities, today)
    if not items:
        return html.paragraph(f"Nothing due in the next {DUE_DAYS} days.")
    rows = [
        Markup("<li><strong>{0}</strong>: {1} {2}</li>").format(
            item.when(today), _DUE_KINDS[item.kind], item.what
        )
        for item in items
    ]
    return Markup('<ul class="plp-due-soon">{0}</ul>').format(html.join(rows))


_DUE_KINDS = {"goal": "goal deadline:", "action": "action step:", "activity": "activity:"}


def overview_page(record: StudentRecord, today: dt.date, edit: Markup | None = None) -> Page:
    """The home page; ``edit``: the link to the web editor, under the header card."""
    edit = edit or Markup("")
    plan = record.plan
    profile = plan.profile
    toc: list[TocEntry] = []
    about = html.join(
        [
            html.definition_list(
                [
                    ("Interests", ", ".join(profile.interests)),
                    ("Strengths", html.items(profile.strengths)),
                    ("Growing in", html.items(profile.growth_areas)),
                    ("I learn best", ", ".join(profile.learning_preferences)),
                ]
            ),
        ]
    )
    body = [
        header_card(record) + edit + next_up(record, today, paths.OVERVIEW),
        html.section("Goals", goal_cards(record, today, paths.OVERVIEW), toc),
        html.section("About me", about, toc),
    ]
    plans = current_week(record.weeks, today)
    this_week = [w for w in plans if w.week == iso_week(today)]
    activities = [activity for week in this_week for activity in week.activities]
    body.append(html.section("Due soon", due_soon(record, activities, today), toc, "due-soon"))
    if plans:
        week = plans[0]
        done, total = activity_progress(plans)
        summary = html.join(
            [
                html.paragraph(week_label(week.week)),
                html.progress(done, total, "activities done"),
                Markup("<p>{0}</p>").format(
                    html.link(
                        href(paths.OVERVIEW, paths.week_page(week.week)), "See the whole week"
                    )
                ),
            ]
        )
        title = "This week" if week.week == iso_week(today) else "Latest week"
        body.append(html.section(title, summary, toc, "this-week"))
    return Page(paths.OVERVIEW, "Overview", html.join(body), toc)


def story_page(record: StudentRecord) -> Page:
    story = render(record.plan.story)
    return Page(paths.STORY, "My story", story or html.paragraph("No story written yet."))

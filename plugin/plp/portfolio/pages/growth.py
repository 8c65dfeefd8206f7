"""Pages of how the plan grew: the timeline, then and now, and growth charts."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from plp.dates import long_date, week_label
from plp.format.records import Activity, Plan, Reflection, StudentRecord
from plp.history.describe import sentence
from plp.history.engine import utc
from plp.history.events import Event
from plp.portfolio import html, paths
from plp.portfolio.charts import Series, Slot, bar_chart, line_chart
from plp.portfolio.markup import Markup
from plp.portfolio.model import Page, TocEntry
from plp.portfolio.pages.timeline import story_timeline
from plp.words import STATUS_LABELS, plural

ROLE_WORDS = {
    "student": "",
    "teacher": "teacher",
    "advisor": "advisor",
    "counselor": "counselor",
    "admin": "school office",
    "parent": "parent",
    "unknown": "",
}
GOAL_STATUSES = ("planned", "in-progress", "revised", "met", "not-met", "dropped")


def history_note(record: StudentRecord) -> Markup:
    """A sentence when the history is missing or incomplete ("" when it is whole)."""
    history = record.history
    if history is None or history.unavailable:
        reason = history.unavailable if history else "history was not read for this build"
        return Markup('<p class="plp-note">No history to show: {0}.</p>').format(reason)
    if not history.complete:
        return Markup(
            '<p class="plp-note">This history is incomplete: the site was built from a shallow '
            "copy of the repository, so earlier changes are missing.</p>"
        )
    return Markup("")


def _event_item(record: StudentRecord, event: Event) -> Markup:
    role = ROLE_WORDS.get(event.role, "")
    when = (
        Markup('<strong class="plp-pending">not yet committed</strong>')
        if event.commit is None
        else Markup('<time datetime="{0}">{1}</time>').format(
            event.date, long_date(event.date[:10])
        )
    )
    return Markup("{0}: {1}{2}").format(
        when,
        sentence(event, record.plan.display_name),
        Markup(" <small>({0})</small>").format(role) if role else "",
    )


def history_page(record: StudentRecord) -> Page:
    toc: list[TocEntry] = []
    events = record.history.events if record.history else []
    body = history_note(record) + story_timeline(record, events, toc)
    return Page(paths.HISTORY, "Timeline", body, toc, searchable=False)


def goal_timeline(record: StudentRecord, goal_id: str) -> Markup:
    """The events of one goal, the newest first."""
    events = [e for e in (record.history.events if record.history else []) if e.goal == goal_id]
    if not events:
        return history_note(record) or html.paragraph("No changes to this goal yet.")
    ordered = sorted(events, key=lambda e: (e.commit is not None, utc(e.date)), reverse=True)
    return history_note(record) + html.items(_event_item(record, e) for e in ordered)


def _profile_lists(plan: Plan | None) -> dict[str, list[str]]:
    """The parts of the plan that then and now compares, each as a list of lines."""
    if plan is None:
        return {}
    profile = plan.profile
    return {
        "Aspirations": [profile.aspirations] if profile.aspirations else [],
        "Interests": list(profile.interests),
        "Strengths": list(profile.strengths),
        "Growing in": list(profile.growth_areas),
        "Goals": [f"{g.title} ({STATUS_LABELS.get(g.status, g.status)})" for g in plan.goals],
    }


def _goal_title(line: str) -> str:
    return line.rsplit(" (", 1)[0]


def compared(then: list[str], now: list[str], goals: bool = False) -> tuple[Markup, Markup]:
    """The then and now cells, with what was removed, changed and added marked (in words
    too, not by colour alone); a goal whose status changed is "changed", not two goals."""
    key = _goal_title if goals else (lambda line: line)
    then_keys, now_keys = {key(x) for x in then}, {key(x) for x in now}

    def mark(line: str, word: str, tag: str) -> Markup:
        return Markup('<{0} class="plp-mark plp-mark--{1}">{2} <small>({1})</small></{0}>').format(
            tag, word, line
        )

    then_items = [
        mark(x, "removed", "del") if key(x) not in now_keys else Markup("{0}").format(x)
        for x in then
    ]
    now_items = []
    for line in now:
        if key(line) not in then_keys:
            now_items.append(mark(line, "added", "ins"))
        elif line not in then:
            now_items.append(mark(line, "changed", "strong"))
        else:
            now_items.append(Markup("{0}").format(line))
    return html.items(then_items), html.items(now_items)


def then_and_now_page(record: StudentRecord) -> Page:
    then, now = _profile_lists(record.plan_then), _profile_lists(record.plan)
    day = record.plan_then_date or record.year_start
    when = long_date(day) if day else "the start of the year"
    if not then:
        body = history_note(record) or html.paragraph(
            "There is no earlier version of the plan to compare with yet."
        )
        return Page(paths.THEN_AND_NOW, "Then and now", body, searchable=False)
    rows = []
    for name in now:
        before, after = compared(then.get(name, []), now[name], goals=name == "Goals")
        rows.append(
            Markup('<tr><th scope="row">{0}</th><td>{1}</td><td>{2}</td></tr>').format(
                name, before, after
            )
        )
    table = Markup(
        '<div class="plp-scroll" tabindex="0" role="region" aria-label="Then and now">'
        "<table><caption>My plan at the start of the school year and today</caption>"
        '<thead><tr><th scope="col">Part of my plan</th><th scope="col">{0}</th>'
        '<th scope="col">Today</th></tr></thead><tbody>{1}</tbody></table></div>'
    ).format(f"Then ({when})", html.join(rows))
    return Page(paths.THEN_AND_NOW, "Then and now", history_note(record) + table, searchable=False)


# --- growth charts ------------------------------------------------------------------------


def _week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _monday(week: str) -> dt.date:
    return dt.date.fromisocalendar(int(week[:4]), int(week[6:8]), 1)


def _week_slot(week: str) -> Slot:
    monday = _monday(week)
    return Slot(monday, monday + dt.timedelta(days=7), week_label(week))


def _month_slot(month: str) -> Slot:
    start = dt.date(int(month[:4]), int(month[5:7]), 1)
    end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return Slot(start, end, f"{start:%B %Y}")


def _months(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), both included."""
    year, month = int(first[:4]), int(first[5:7])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _goal_status_by_month(events: list[Event], today: dt.date) -> tuple[list[str], list[Series]]:
    """How many goals stood at each status at the end of each month, up to this month."""
    status: dict[str, str] = {}
    at_month_end: dict[str, Counter[str]] = {}
    for event in sorted((e for e in events if e.commit), key=lambda e: utc(e.date)):
        if event.type == "goal.added":
            status[event.goal] = str(event.to or "planned")
        elif event.type == "goal.removed":
            status.pop(event.goal, None)
        elif event.type == "goal.changed" and event.field == "status" and event.goal in status:
            status[event.goal] = str(event.to)
        else:
            continue
        at_month_end[f"{utc(event.date):%Y-%m}"] = Counter(status.values())
    if not at_month_end:
        return [], []
    first = min(at_month_end)
    labels = _months(first, max(max(at_month_end), f"{today:%Y-%m}"))
    counts: list[Counter[str]] = []
    for label in labels:
        counts.append(at_month_end.get(label, counts[-1] if counts else Counter()))
    series = [Series(STATUS_LABELS[s], [float(c[s]) for c in counts], key=s) for s in GOAL_STATUSES]
    return labels, [s for s in series if any(s.values)]


def growth_page(record: StudentRecord, today: dt.date) -> Page:
    toc: list[TocEntry] = []
    parts = [history_note(record)]
    events = record.history.events if record.history else []
    labels, series = _goal_status_by_month(events, today)
    if labels:
        latest = ", ".join(
            f"{int(s.values[-1] or 0)} {s.name.lower()}" for s in series if s.values[-1]
        )
        parts.append(
            html.section(
                "Goals by status",
                bar_chart(
                    "goals-by-status",
                    "Goals by status, month by month",
                    f"At the end of {long_date(labels[-1] + '-01')[2:]}: {latest}.",
                    [_month_slot(label) for label in labels],
                    series,
                    "Month",
                ),
                toc,
                "goals",
            )
        )
    activities: dict[str, list[Activity]] = {}  # a week's, of all its files (one per area)
    for week in record.weeks:
        if week.activities:
            activities.setdefault(week.week, []).extend(week.activities)
    weeks = sorted(activities)
    if weeks:
        done = [float(sum(a.status == "done" for a in activities[w])) for w in weeks]
        total = [float(len(activities[w])) - d for w, d in zip(weeks, done, strict=True)]
        parts.append(
            html.section(
                "Activities done",
                bar_chart(
                    "activities-done",
                    "Activities done each week",
                    _activities_words(weeks, done, total),
                    [_week_slot(w) for w in weeks],
                    [Series("Done", done, "done"), Series("Not done yet", total, "not-done")],
                    "Week",
                ),
                toc,
                "activities",
            )
        )
    reflections = record.reflections
    if reflections:
        counts = Counter(_week_of(dt.date.fromisoformat(r.date)) for r in reflections)
        first = dt.date.fromisoformat(reflections[0].date)
        last = dt.date.fromisoformat(reflections[-1].date)
        week_labels = sorted(
            {_week_of(first + dt.timedelta(days=d)) for d in range(0, (last - first).days + 1, 7)}
            | set(counts)
        )
        written = sum(1 for w in week_labels if counts[w])
        parts.append(
            html.section(
                "Reflections",
                bar_chart(
                    "reflections-per-week",
                    "Reflections written each week",
                    f"{plural(len(reflections), 'reflection')} "
                    f"over {plural(len(week_labels), 'week')}, "
                    f"from {long_date(reflections[0].date)} "
                    f"to {long_date(reflections[-1].date)}; "
                    f"at least one in {written} of those weeks.",
                    [_week_slot(w) for w in week_labels],
                    [Series("Reflections", [float(counts[w]) for w in week_labels])],
                    "Week",
                ),
                toc,
                "reflections",
            )
        )
    rated = [r for r in reflections if r.confidence is not None or r.habits is not None]
    if rated:
        parts.append(
            html.section(
                "Confidence and habits",
                line_chart(
                    "confidence-and-habits",
                    "Confidence and working habits, from 1 to 5",
                    _trend_words(rated),
                    [dt.date.fromisoformat(r.date) for r in rated],
                    [long_date(r.date) for r in rated],
                    [
                        Series("Confidence", [_num(r.confidence) for r in rated]),
                        Series("Working habits", [_num(r.habits) for r in rated]),
                    ],
                    "Reflection",
                    5.0,
                ),
                toc,
                "confidence",
            )
        )
    if len(parts) == 1:
        parts.append(html.paragraph("Charts appear once there are goals, weeks and reflections."))
    return Page(paths.GROWTH, "Growth", html.join(parts), toc, searchable=False)


def _num(value: int | None) -> float | None:
    return None if value is None else float(value)


def _activities_words(weeks: list[str], done: list[float], left: list[float]) -> str:
    best = max(range(len(weeks)), key=lambda i: done[i])
    total = int(sum(done) + sum(left))
    activities = "activity" if total == 1 else "activities"
    return (
        f"{sum(done):g} of {total} {activities} done over {plural(len(weeks), 'week')}; "
        f"most in a week: {done[best]:g}, in {week_label(weeks[best])}."
    )


def trend(values: list[int]) -> str:
    """How a run of ratings went, in words: the range and the direction."""
    if not values:
        return "not rated"
    low, high = min(values), max(values)
    half = max(1, len(values) // 2)
    before = sum(values[:half]) / half
    after = sum(values[-half:]) / half
    direction = (
        "rising" if after - before >= 0.5 else "falling" if before - after >= 0.5 else "steady"
    )
    if low == high:
        return f"{low} every time"
    return (
        f"between {low} and {high}, {direction} overall "
        f"(from {values[0]} at first to {values[-1]} lately)"
    )


def _trend_words(rated: list[Reflection]) -> str:
    confidence = [r.confidence for r in rated if r.confidence is not None]
    habits = [r.habits for r in rated if r.habits is not None]
    return (
        f"Confidence was {trend(confidence)}; working habits were {trend(habits)}; "
        f"{plural(len(rated), 'rated reflection')} between {long_date(rated[0].date)} "
        f"and {long_date(rated[-1].date)}."
    )

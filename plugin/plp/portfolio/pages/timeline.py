"""The story of the year: the timeline grouped by week, the moments that matter set apart
and the routine folded ("finished 3 activities"), with filters by kind that need no script.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from plp.dates import long_date, week_label
from plp.format.records import StudentRecord
from plp.history.describe import sentence, who
from plp.history.engine import utc
from plp.history.events import Event
from plp.portfolio import html
from plp.portfolio.markup import Markup
from plp.portfolio.model import TocEntry

#: The kinds a reader can show or hide, in the order of the filters.
KINDS = {
    "goals": "Goals",
    "evidence": "Evidence",
    "conversations": "Conferences and feedback",
    "reflections": "Reflections",
    "routine": "Weekly work",
}
#: Changes of a goal worth a line of their own; other goal edits are routine.
GOAL_MOMENTS = ("status", "deadline", "target", "current", "title")


def kind_of(event: Event) -> str:
    thing = event.type.partition(".")[0]
    if thing == "goal" and (event.type != "goal.changed" or event.field in GOAL_MOMENTS):
        return "goals"
    if thing == "evidence":
        return "evidence"
    if thing in ("conference", "feedback"):
        return "conversations"
    if thing == "reflection":
        return "reflections"
    return "routine"


def titled_sentence(record: StudentRecord, event: Event) -> str:
    """The history's sentence, with evidence named by its title rather than its file."""
    if event.type.startswith("evidence.") and event.type != "evidence.renamed":
        path = event.path.split("/", 1)[-1]  # the path inside the student's folder
        found = next((e for e in record.evidence if str(e.path) == path), None)
        if found is not None and found.title:
            person = who(event, record.plan.display_name)
            verb = event.type.partition(".")[2]
            return f"{person} {verb} evidence: {found.title}."
    return sentence(event, record.plan.display_name)


def _when(event: Event) -> Markup:
    if event.commit is None:
        return Markup('<strong class="plp-pending">not yet committed</strong>')
    return Markup('<time datetime="{0}">{1}</time>').format(event.date, long_date(event.date[:10]))


def _moment(record: StudentRecord, event: Event, kind: str) -> Markup:
    return Markup(
        '<li class="plp-moment plp-kind-{0}"><span class="plp-tag">{1}</span> {2}: {3}</li>'
    ).format(kind, KINDS[kind], _when(event), titled_sentence(record, event))


def routine_summary(events: list[Event]) -> str:
    """The week's routine in one line: "finished 3 activities, started 1 weekly plan"."""
    counts: Counter[str] = Counter()
    for event in events:
        if event.type == "activity.changed" and event.field == "status" and event.to == "done":
            counts["finished"] += 1
        elif event.type == "activity.changed" and event.field == "status":
            counts["moved"] += 1
        elif event.type == "activity.added":
            counts["added"] += 1
        elif event.type == "week.added":
            counts["plans"] += 1
        else:
            counts["other"] += 1
    words = {
        "finished": ("finished {0} activit{1}", ("y", "ies")),
        "moved": ("moved {0} activit{1} along", ("y", "ies")),
        "added": ("added {0} activit{1}", ("y", "ies")),
        "plans": ("started {0} weekly plan{1}", ("", "s")),
        "other": ("made {0} other change{1}", ("", "s")),
    }
    parts = [
        text.format(counts[key], endings[counts[key] != 1])
        for key, (text, endings) in words.items()
        if counts[key]
    ]
    sentence_ = ", ".join(parts)
    return sentence_[:1].upper() + sentence_[1:] + "."


def _routine(record: StudentRecord, events: list[Event]) -> Markup:
    items = html.items(
        Markup("{0}: {1}").format(_when(e), titled_sentence(record, e)) for e in events
    )
    return Markup(
        '<li class="plp-routine plp-kind-routine"><details><summary>'
        '<span class="plp-tag">{0}</span> {1}</summary>{2}</details></li>'
    ).format(KINDS["routine"], routine_summary(events), items)


def _week_of(event: Event) -> str:
    year, week, _ = utc(event.date).date().isocalendar()
    return f"{year}-W{week:02d}"


def _filters() -> Markup:
    boxes = html.join(
        Markup('<label><input type="checkbox" id="plp-show-{0}" checked> {1}</label>').format(
            kind, words
        )
        for kind, words in KINDS.items()
    )
    return Markup('<fieldset class="plp-filters"><legend>Show</legend>{0}</fieldset>').format(boxes)


def story_timeline(
    record: StudentRecord, events: Iterable[Event], toc: list[TocEntry] | None
) -> Markup:
    """Events by month and week, the newest first: moments one by one, routine folded."""
    events = list(events)
    pending = [e for e in events if e.commit is None]
    committed = sorted(
        (e for e in events if e.commit is not None), key=lambda e: utc(e.date), reverse=True
    )
    weeks: dict[str, list[Event]] = {}
    for event in committed:
        weeks.setdefault(_week_of(event), []).append(event)
    parts = []
    if pending:
        parts.append(
            Markup(
                '<h2 id="not-yet-committed">Not yet committed</h2><ul class="plp-story">{0}</ul>'
            ).format(html.join(_moment(record, e, kind_of(e)) for e in pending))
        )
        if toc is not None:
            toc.append(TocEntry("not-yet-committed", "Not yet committed"))
    month = ""
    for week, week_events in weeks.items():
        week_month = f"{utc(week_events[0].date):%B %Y}"
        if week_month != month:
            month = week_month
            anchor = html.slug(month)
            if toc is not None:
                toc.append(TocEntry(anchor, month))
            parts.append(Markup('<h2 id="{0}">{1}</h2>').format(anchor, month))
        moments = [e for e in week_events if kind_of(e) != "routine"]
        routine = [e for e in week_events if kind_of(e) == "routine"]
        items = [_moment(record, e, kind_of(e)) for e in moments]
        if routine:
            items.append(_routine(record, routine))
        parts.append(
            Markup('<h3>{0}</h3><ul class="plp-story">{1}</ul>').format(
                week_label(week), html.join(items)
            )
        )
    if not parts:
        return html.paragraph("No changes yet.")
    return Markup('<div class="plp-timeline">{0}{1}</div>').format(_filters(), html.join(parts))

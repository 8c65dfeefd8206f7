"""Events in plain sentences: "Dana Rivera moved the deadline of Read two books to 29 January 2027."

Sentences are plain text; pages escape them like any other text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from plp.dates import long_date
from plp.format.layout import week_file
from plp.history.events import Event
from plp.words import STATUS_WORDS

PROFILE_WORDS = {
    "interests": "interests",
    "learning_preferences": "ways of learning",
    "supports": "supports",
    "aspirations": "aspirations",
    "strengths": "strengths",
    "growth_areas": "growth areas",
}


def who(event: Event, student_name: str) -> str:
    """The person who made the change, as the sentence names them: the student, or staff
    by the name the school gave them; never a name only Git knows (it may be a login)."""
    if event.commit is None or event.role == "unknown":
        return "Someone"
    if event.role == "student" and student_name:
        return student_name
    return event.author or "Someone"


def _name(path: str) -> str:
    return PurePosixPath(path).stem.replace("-", " ")


def _week(path: str) -> str:
    """``weeks/2026-W49-math.md`` → ``of 30 November 2026 (math)``: the week by its Monday,
    and the area of a plan for one area, so that each of a week's plans is named."""
    named = week_file(PurePosixPath(path))
    if named is None:
        return _name(path)
    week, area = named
    try:
        monday = dt.date.fromisocalendar(int(week[:4]), int(week[6:8]), 1)
    except ValueError:
        return week
    when = f"of {monday.day} {monday:%B %Y}"
    return f"{when} ({area})" if area else when


def sentence(event: Event, student_name: str = "") -> str:
    """What happened, in one sentence."""
    person = who(event, student_name)
    title = event.title or event.goal
    kind = event.type
    if kind == "goal.added":
        return f"{person} set a new goal: {title}."
    if kind == "goal.removed":
        return f"{person} removed the goal {title}."
    if kind == "goal.changed":
        return _goal_change(person, event, title)
    if kind == "action.added":
        return f"{person} added a step to {title}: {event.to}."
    if kind == "action.done":
        return f"{person} finished a step of {title}: {event.to}."
    if kind == "week.added":
        return f"{person} started the plan for the week {_week(event.path)}."
    if kind == "week.renamed":
        return (
            f"{person} moved the plan for the week {_week(event.from_path)} "
            f"to the week {_week(event.path)}."
        )
    if kind == "week.removed":
        return f"{person} removed the plan for the week {_week(event.path)}."
    if kind == "week.goal.added":
        return f"{person} set a goal for the week {_week(event.path)}: {event.to}."
    if kind == "activity.added":
        return f"{person} added an activity to the week {_week(event.path)}: {event.to}."
    if kind == "activity.changed":
        activity = event.title or event.activity
        if event.field == "status":
            return f"{person} moved {activity} to {STATUS_WORDS.get(str(event.to), event.to)}."
        if event.field == "evidence" and event.to:
            return f"{person} attached evidence to {activity}."
        return f"{person} changed the {event.field} of {activity}."
    if kind == "story.edited":
        return f"{person} edited the story."
    if kind == "profile.changed":
        return f"{person} updated the {PROFILE_WORDS.get(event.field, event.field)} in the profile."
    thing, _, verb = kind.partition(".")
    if thing == "reflection":
        return f"{person} {verb} a reflection ({long_date(PurePosixPath(event.path).stem[:10])})."
    if thing == "evidence" and verb == "renamed":
        if event.title:
            return f"{person} renamed the file of the evidence {event.title}."
        return f"{person} renamed the evidence {_name(event.from_path)} to {_name(event.path)}."
    if thing == "evidence":
        return f"{person} {verb} evidence: {event.title or _name(event.path)}."
    if thing == "conference":
        return f"{person} {verb} notes from a conference."
    if thing == "feedback":
        return f"{person} {'gave' if verb == 'added' else verb} feedback."
    return f"{person} changed {event.path}."


def _goal_change(person: str, event: Event, title: str) -> str:
    old, new = event.from_, event.to
    if event.field == "status":
        return f"{person} marked {title} as {STATUS_WORDS.get(str(new), new)}."
    if event.field == "deadline":
        verb = "moved"
        if isinstance(old, str) and isinstance(new, str) and old and new:
            verb = "extended" if new > old else "brought forward"
        return f"{person} {verb} the deadline of {title} to {long_date(str(new))}."
    if event.field == "target":
        return f"{person} changed the target of {title} from {old or 'nothing'} to {new}."
    if event.field == "current":
        return f"{person} updated where {title} stands now: {new or 'nothing'}."
    if event.field == "title":
        return f"{person} renamed the goal {old} to {new}."
    return f"{person} changed the {event.field.replace('_', ' ')} of {title}."


def month_of(event: Event) -> str:
    """``November 2026``: the heading a timeline groups the event under."""
    date = dt.datetime.fromisoformat(event.date)
    return f"{date:%B %Y}"

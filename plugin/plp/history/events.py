"""Semantic events: what a change to a plan file *means*, from its two versions.

``goal.changed`` with ``field: deadline`` from ``2026-12-12`` to ``2027-01-29`` says more to
a student and a teacher than a diff of ``plan.md``. Goals are matched by id, activities by
id, action steps by who does what.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any

from plp.format.documents import MAX_FILE_BYTES, decode, split_frontmatter
from plp.format.layout import Kind
from plp.format.yaml_reader import YamlProblem, read_yaml

#: Fields of a goal whose changes are events, in the order they are reported.
GOAL_FIELDS = (
    "title",
    "status",
    "target",
    "current",
    "deadline",
    "measure",
    "baseline",
    "why",
    "kind",
    "area",
    "set_by",
    "standards",
    "visibility",
)
PROFILE_FIELDS = (
    "interests",
    "learning_preferences",
    "supports",
    "aspirations",
    "strengths",
    "growth_areas",
)
ACTIVITY_FIELDS = ("status", "title", "mode", "with", "required", "evidence", "area", "standard")
#: Events that say what a value was and what it became (``from`` and ``to`` in JSON).
VALUE_CHANGES = frozenset({"goal.changed", "activity.changed"})
#: Kinds whose files are named events when added, edited, removed or renamed.
FILE_EVENTS = {
    Kind.REFLECTION: "reflection",
    Kind.EVIDENCE: "evidence",
    Kind.CONFERENCE: "conference",
    Kind.FEEDBACK: "feedback",
}


@dataclass(frozen=True, slots=True)
class Event:
    """One meaningful change, attributed to the commit that made it."""

    type: str
    commit: str | None  # None: not yet committed
    date: str
    author: str
    role: str
    student: str
    path: str
    goal: str = ""
    activity: str = ""
    field: str = ""
    from_: Any = None
    to: Any = None
    from_path: str = ""
    #: The goal's title when the event happened (for sentences; not part of the JSON).
    title: str = dataclasses.field(default="", compare=False)

    def to_json(self) -> dict[str, Any]:
        """The event with exactly its documented field names (``from``, not ``from_``)."""
        data = asdict(self)
        out = {
            key: data[key]
            for key in ("type", "commit", "date", "author", "role", "student", "path")
        }
        for key in ("goal", "activity", "field", "from_path"):
            if data[key]:
                out[key] = data[key]
        if self.type in VALUE_CHANGES:
            out["from"], out["to"] = self.from_, self.to
        return out

    def to_cache(self) -> dict[str, Any]:
        """Every attribute, for the history cache (values are shared, not copied: the
        cache only writes them out)."""
        return {name: getattr(self, name) for name in _EVENT_FIELDS}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        values = {key: value for key, value in data.items() if key not in ("from", "to")}
        return cls(**values, from_=data.get("from"), to=data.get("to"))

    @classmethod
    def from_cache(cls, data: dict[str, Any]) -> Event:
        return cls(**data)


_EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event))


@dataclass(frozen=True, slots=True)
class Stamp:
    """Who changed a file, when, in which commit: what every event of a change shares."""

    commit: str | None
    date: str
    author: str
    role: str
    student: str
    path: str

    def event(self, type_: str, **details: Any) -> Event:
        return Event(
            type_,
            self.commit,
            self.date,
            self.author,
            self.role,
            self.student,
            self.path,
            **details,
        )


def parse_version(kind: Kind, data: bytes) -> tuple[dict[str, Any], str] | None:
    """The fields and body of one version of a file, or None when it cannot be read.

    Every version is read by the reader validation uses (:func:`plp.format.yaml_reader.read_yaml`),
    so that a value means the same in history as in validation (``8:00`` stays text, a key
    written twice makes the version unreadable). Most versions go through :func:`_blocks`,
    which reads each distinct block of text once; one with anchors or aliases (``&``,
    ``*``) is read whole.
    """
    if len(data) > MAX_FILE_BYTES:
        return None
    try:
        text = decode(data)
        if kind is Kind.SCHOOL:
            front, body = text, ""
        else:
            front, body, _ = split_frontmatter(text)
        if "&" in front or "*" in front:
            fields: Any = read_yaml(front).value
        else:
            fields = _blocks(front)
    except Exception:  # any unreadable version: its events cannot be known
        return None
    return (fields if isinstance(fields, dict) else {}), body


_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:", re.MULTILINE)
_LIST_ITEM = re.compile(r"^  - ", re.MULTILINE)
_BLOCKS: dict[str, Any] = {}
_MISSING = object()
_MAX_BLOCKS = 200_000


def _blocks(front: str) -> dict[str, Any]:
    """The frontmatter as fields, parsing each top-level block once per distinct text.

    A change to a plan usually touches one block (``activities:``, ``goals:``); blocks
    that did not change, or that many files share (schedules and areas from the same
    template), are parsed once in a whole school's history. Text that is not a plain
    mapping of top-level keys is parsed whole.
    """
    starts = [m.start() for m in _TOP_KEY.finditer(front)]
    head = front[: starts[0]] if starts else front
    if not starts or (
        head.strip(" \n#")
        and not all(line.lstrip().startswith("#") or not line.strip() for line in head.splitlines())
    ):
        whole = _load(front)
        return whole if isinstance(whole, dict) else {}
    fields: dict[str, Any] = {}
    for start, end in zip(starts, [*starts[1:], len(front)], strict=True):
        block = _block(front[start:end])
        if not fields.keys().isdisjoint(block):
            _load(front)  # a key written twice: the reader raises, saying where
            return {}
        fields.update(block)
    return fields


def _cached(text: str, parse: Callable[[str], Any]) -> Any:
    found = _BLOCKS.get(text, _MISSING)
    if found is _MISSING:
        if len(_BLOCKS) >= _MAX_BLOCKS:
            _BLOCKS.clear()
        found = _BLOCKS[text] = parse(text)
    return found


def _load(text: str) -> Any:
    return read_yaml(text).value


def _block(block: str) -> dict[str, Any]:
    """One top-level ``key: value`` block; a block list is parsed item by item, for a
    change to one activity or goal leaves the text of the others as it was."""
    first, _, rest = block.partition("\n")
    key, _, inline = first.partition(":")
    items = _LIST_ITEM.split(rest) if not inline.strip() and rest.startswith("  - ") else []
    if len(items) > 1 and not items[0].strip():
        try:
            parsed = [_cached("- " + item.replace("\n  ", "\n"), _load) for item in items[1:]]
        except YamlProblem:
            parsed = []  # not the usual layout: read the block whole
        if parsed and all(isinstance(item, list) and len(item) == 1 for item in parsed):
            return {key.strip(): [item[0] for item in parsed]}
    loaded = _cached(block, _load)
    return loaded if isinstance(loaded, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _by_id(items: Any, key: str = "id") -> dict[str, dict[str, Any]]:
    if not isinstance(items, list):
        return {}
    return {str(i[key]): i for i in items if isinstance(i, dict) and key in i}


def _value(value: Any) -> Any:
    """A field's value for an event: lists as lists, absent as ``""``, the rest as text."""
    if value is None:
        return ""
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, bool):
        return value
    return str(value)


def plan_events(
    stamp: Stamp, old: dict[str, Any] | None, new: dict[str, Any], old_body: str, new_body: str
) -> Iterator[Event]:
    """Events of a change to ``plan.md`` (``old`` is None when the plan is new)."""
    old_goals = _by_id((old or {}).get("goals"))
    new_goals = _by_id(new.get("goals"))
    for goal_id, goal in new_goals.items():
        title = str(goal.get("title", ""))
        before = old_goals.get(goal_id)
        if before is None:
            status = goal.get("status")
            yield stamp.event("goal.added", goal=goal_id, title=title, to=_value(status))
            continue
        for name in GOAL_FIELDS:
            if _value(before.get(name)) != _value(goal.get(name)):
                yield stamp.event(
                    "goal.changed",
                    goal=goal_id,
                    field=name,
                    from_=_value(before.get(name)),
                    to=_value(goal.get(name)),
                    title=title,
                )
        yield from _action_events(stamp, goal_id, title, before.get("actions"), goal.get("actions"))
    for goal_id, goal in old_goals.items():
        if goal_id not in new_goals:
            yield stamp.event("goal.removed", goal=goal_id, title=str(goal.get("title", "")))
    if old is None:
        return
    old_profile, new_profile = old.get("profile") or {}, new.get("profile") or {}
    if isinstance(old_profile, dict) and isinstance(new_profile, dict):
        for name in PROFILE_FIELDS:
            if _value(old_profile.get(name)) != _value(new_profile.get(name)):
                yield stamp.event(
                    "profile.changed",
                    field=name,
                    from_=_value(old_profile.get(name)),
                    to=_value(new_profile.get(name)),
                )
    if old_body.strip() != new_body.strip():
        yield stamp.event("story.edited")


def _action_events(stamp: Stamp, goal_id: str, title: str, old: Any, new: Any) -> Iterator[Event]:
    def keyed(actions: Any) -> dict[tuple[str, str], dict[str, Any]]:
        if not isinstance(actions, list):
            return {}
        return {
            (str(a.get("who", "")), str(a.get("do", ""))): a for a in actions if isinstance(a, dict)
        }

    before = keyed(old)
    for key, action in keyed(new).items():
        if key not in before:
            yield stamp.event("action.added", goal=goal_id, title=title, to=key[1])
        elif action.get("done") is True and before[key].get("done") is not True:
            yield stamp.event("action.done", goal=goal_id, title=title, to=key[1])


def week_events(stamp: Stamp, old: dict[str, Any] | None, new: dict[str, Any]) -> Iterator[Event]:
    """Events of a change to a weekly plan (``old`` is None when the week is new)."""
    if old is None:
        yield stamp.event("week.added")
        return
    before = _by_id(old.get("activities"))
    for activity_id, activity in _by_id(new.get("activities")).items():
        previous = before.get(activity_id)
        if previous is None:
            yield stamp.event(
                "activity.added", activity=activity_id, to=str(activity.get("title", ""))
            )
            continue
        for name in ACTIVITY_FIELDS:
            if _value(previous.get(name)) != _value(activity.get(name)):
                yield stamp.event(
                    "activity.changed",
                    activity=activity_id,
                    field=name,
                    from_=_value(previous.get(name)),
                    to=_value(activity.get(name)),
                    title=str(activity.get("title", "")),
                )
    old_goals = [g for g in _list(old.get("goals")) if isinstance(g, dict)]
    for goal in _list(new.get("goals")):
        if isinstance(goal, dict) and goal not in old_goals:
            yield stamp.event(
                "week.goal.added", goal=str(goal.get("goal") or ""), to=str(goal.get("text", ""))
            )


def content_events(
    stamp: Stamp,
    kind: Kind,
    old: tuple[dict[str, Any], str] | None,
    new: tuple[dict[str, Any], str],
) -> Iterator[Event]:
    """Events of a plan or weekly plan from its two parsed versions (``old`` None: new file)."""
    if kind is Kind.PLAN:
        yield from plan_events(
            stamp, old[0] if old else None, new[0], old[1] if old else "", new[1]
        )
    elif kind is Kind.WEEK:
        yield from week_events(stamp, old[0] if old else None, new[0])


def file_event(stamp: Stamp, kind: Kind, status: str, old_path: str = "") -> Event | None:
    """``reflection.added``, ``evidence.renamed`` …: events of files that are read whole."""
    name = FILE_EVENTS.get(kind)
    if name is None:
        return None
    verb = {"A": "added", "M": "edited", "D": "removed", "R": "renamed"}.get(status)
    if verb is None:
        return None
    event = stamp.event(f"{name}.{verb}")
    return replace(event, from_path=old_path) if verb == "renamed" else event

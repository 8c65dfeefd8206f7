"""What a change means for each student, in entries a teacher reads in seconds.

Built on the history engine's events (goals matched by id, activities by id, steps by who
does what), so reordering a list or reformatting YAML gives no entry. What the teacher
must read in full (new reflections and feedback) is quoted whole; a story edit is shown
as a small word diff.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from plp.dates import long_date
from plp.format.layout import MARKDOWN_KINDS, Kind, classify
from plp.history.events import Stamp, parse_version, plan_events, week_events
from plp.review.labels import label
from plp.review.revisions import FileChange
from plp.words import STATUS_WORDS

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing a teacher should know about a change."""

    kind: str  # goal.added, goal.met, goal.changed, week.progress, reflection.added, ...
    text: str  # one plain sentence
    path: str = ""  # the file, relative to the plans folder
    goal: str = ""
    field: str = ""
    from_: Any = None
    to: Any = None
    quote: str = ""  # text to read in full (a reflection, feedback, a caption)
    links: tuple[tuple[str, str], ...] = ()  # (text, path relative to the plans folder)
    words: tuple[tuple[str, str], ...] = ()  # a word diff: ("=", "-", "+"), text
    files: tuple[str, ...] = ()  # an evidence's files, relative to the plans folder
    detail: bool = False  # shown under the entry before it (a week's activities)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text, "path": self.path}
        for name in ("goal", "field", "quote"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        if self.kind.endswith(".changed") or self.kind == "week.progress":
            out["from"], out["to"] = self.from_, self.to
        if self.links:
            out["links"] = [{"text": text, "path": path} for text, path in self.links]
        if self.files:
            out["files"] = list(self.files)
        if self.words:
            out["words"] = [{"op": op, "text": text} for op, text in self.words]
        return out


@dataclass(slots=True)
class StudentChanges:
    """Everything one student's part of a change means."""

    student: str
    name: str = ""
    entries: list[Entry] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


def summarize(
    changes: Iterable[FileChange], plans_now: Callable[[list[str]], Mapping[str, bytes]]
) -> tuple[list[StudentChanges], list[Entry]]:
    """Each changed student's entries (in the order of their files), and the entries of
    the school's own files (``_school.yml``, ``_templates/``). ``plans_now`` gives the
    changed students' plans as the change leaves them, for their names."""
    students: dict[str, StudentChanges] = {}
    school: list[Entry] = []
    for change in changes:
        student = change.student
        if student is None:
            school.append(Entry("school.changed", f"{_verb(change)} {change.rel}", str(change.rel)))
            continue
        found = students.setdefault(student, StudentChanges(student))
        found.paths.append(str(change.rel))
        found.entries.extend(file_entries(change))
    for student_id, plan in plans_now(sorted(students)).items():
        parsed = parse_version(Kind.PLAN, plan)
        info = parsed[0].get("student") if parsed else None
        if isinstance(info, dict) and student_id in students:
            students[student_id].name = str(info.get("preferred_name") or info.get("name") or "")
    for found in students.values():
        shown = {name for entry in found.entries for name in entry.files}
        found.entries = [
            e for e in found.entries if not (e.kind == "file.added" and e.path in shown)
        ]  # an evidence's new file is named by the evidence's entry
    return [students[s] for s in sorted(students)], school


def _verb(change: FileChange) -> str:
    return "Added" if change.old is None else "Removed" if change.new is None else "Changed"


def file_entries(change: FileChange) -> list[Entry]:
    """The entries of one changed file."""
    kind = classify(change.rel)
    path = str(change.rel)
    old = parse_version(kind, change.old) if change.old is not None else None
    new = parse_version(kind, change.new) if change.new is not None else None
    if kind is Kind.ATTACHMENT:
        return [Entry("file." + _verb(change).lower(), f"{_verb(change)} the file {path}", path)]
    if change.new is not None and new is None and kind in MARKDOWN_KINDS:
        return [Entry("file.unreadable", f"{path} cannot be read (see the validation)", path)]
    if new is None:
        return [Entry(f"{kind}.removed", f"Removed {_thing(kind)} {path}", path)]
    if kind is Kind.PLAN:
        return list(_plan_entries(path, old, new))
    if kind is Kind.WEEK:
        return list(_week_entries(path, old, new))
    if kind is Kind.REFLECTION:
        return _reflection_entries(path, old, new)
    if kind is Kind.FEEDBACK:
        return _feedback_entries(path, old, new)
    if kind is Kind.EVIDENCE:
        return _evidence_entries(path, old, new)
    if kind is Kind.CONFERENCE:
        return _conference_entries(path, old, new)
    return [Entry("file." + _verb(change).lower(), f"{_verb(change)} {path}", path)]


def _thing(kind: Kind) -> str:
    return {
        Kind.PLAN: "the plan",
        Kind.WEEK: "the weekly plan",
        Kind.REFLECTION: "the reflection",
        Kind.EVIDENCE: "the evidence",
        Kind.CONFERENCE: "the conference notes",
        Kind.FEEDBACK: "the feedback",
    }.get(kind, "the file")


_STAMP = Stamp(None, "", "", "", "", "")


def _shown(value: Any) -> str:
    if value in ("", None, []):
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return long_date(str(value)) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)) else str(value)


def _status(value: Any) -> str:
    return STATUS_WORDS.get(str(value), str(value))


def _plan_entries(
    path: str, old: tuple[dict[str, Any], str] | None, new: tuple[dict[str, Any], str]
) -> Iterator[Entry]:
    old_fields = old[0] if old else None
    for event in plan_events(_STAMP, old_fields, new[0], old[1] if old else "", new[1]):
        title = event.title or event.goal
        if event.type == "goal.added":
            yield Entry("goal.added", f"New goal: {title} ({_status(event.to)})", path, event.goal)
        elif event.type == "goal.removed":
            yield Entry("goal.removed", f"Removed goal: {title}", path, event.goal)
        elif event.type == "goal.changed" and event.field == "status" and event.to == "met":
            yield Entry("goal.met", f"Goal met: {title} (was {_status(event.from_)})", path,
                        event.goal, "status", event.from_, event.to)  # fmt: skip
        elif event.type == "goal.changed":
            if (
                isinstance(event.from_, list)
                and isinstance(event.to, list)
                and sorted(event.from_) == sorted(event.to)
            ):
                continue  # reordered, nothing changed
            name = label("goal", event.field)
            shown = _status if event.field == "status" else _shown
            yield Entry("goal.changed",
                        f"{title}: {name} {shown(event.from_)} → {shown(event.to)}",
                        path, event.goal, event.field, event.from_, event.to)  # fmt: skip
        elif event.type == "action.added":
            yield Entry("action.added", f"{title}: new step: {event.to}", path, event.goal)
        elif event.type == "action.done":
            yield Entry("action.done", f"{title}: step done: {event.to}", path, event.goal)
        elif event.type == "profile.changed":
            yield from _profile_entry(path, event.field, event.from_, event.to)
        elif event.type == "story.edited":
            words = word_diff(old[1] if old else "", new[1])
            if any(op != "=" for op, _ in words):
                yield Entry("story.edited", "Edited the story", path, words=tuple(words))


def _profile_entry(path: str, name: str, before: Any, after: Any) -> Iterator[Entry]:
    title = f"Profile, {label('profile', name)}"
    if isinstance(before, list) or isinstance(after, list):
        was = before if isinstance(before, list) else []
        now = after if isinstance(after, list) else []
        added = [item for item in now if item not in was]
        removed = [item for item in was if item not in now]
        if not added and not removed:
            return  # reordered
        said = "; ".join(
            part
            for part in (
                f"added {', '.join(added)}" if added else "",
                f"removed {', '.join(removed)}" if removed else "",
            )
            if part
        )
        yield Entry("profile.changed", f"{title}: {said}", path, field=name, from_=was, to=now)
    else:
        yield Entry("profile.changed", f"{title}: {_shown(before)} → {_shown(after)}", path,
                    field=name, from_=before, to=after)  # fmt: skip


def _activities(fields: dict[str, Any] | None) -> list[dict[str, Any]]:
    items = (fields or {}).get("activities")
    return [a for a in items if isinstance(a, dict)] if isinstance(items, list) else []


def _progress(fields: dict[str, Any] | None) -> tuple[int, int]:
    activities = _activities(fields)
    return sum(1 for a in activities if a.get("status") == "done"), len(activities)


def _week_entries(
    path: str, old: tuple[dict[str, Any], str] | None, new: tuple[dict[str, Any], str]
) -> Iterator[Entry]:
    week = str(new[0].get("week") or PurePosixPath(path).stem)
    areas = new[0].get("areas")
    name = f"Week {week}" + (
        f" ({', '.join(map(str, areas))})" if isinstance(areas, list) and areas else ""
    )
    done, total = _progress(new[0])
    if old is None:
        yield Entry("week.added", f"{name}: new weekly plan, {done} of {total} activities done",
                    path, to=[done, total])  # fmt: skip
        return
    details: list[Entry] = []
    moved: dict[str, list[str]] = {}  # status -> titles of the activities moved to it
    attached: list[str] = []
    for event in week_events(_STAMP, old[0], new[0]):
        title = event.title or event.activity
        if event.type == "activity.changed" and event.field == "status":
            moved.setdefault(str(event.to), []).append(title)
        elif event.type == "activity.changed" and event.field == "evidence" and not event.from_:
            attached.append(title)
        elif event.type == "activity.added":
            details.append(Entry("activity.added", f"new activity: {event.to}", path, detail=True))
        elif event.type == "activity.changed":
            shown = _status if event.field == "status" else _shown
            details.append(Entry("activity.changed",
                                 f"{title}: {label('activity', event.field)} "
                                 f"{shown(event.from_)} → {shown(event.to)}",
                                 path, field=event.field, from_=event.from_, to=event.to,
                                 detail=True))  # fmt: skip
        elif event.type == "week.goal.added":
            details.append(Entry("week.goal.added", f"new weekly goal: {event.to}", path,
                                 event.goal, detail=True))  # fmt: skip
    for status, titles in sorted(moved.items(), key=lambda item: item[0] != "done"):
        # What is done is named; what merely started is counted.
        said = (
            "; ".join(titles)
            if status == "done"
            else f"{len(titles)} activit" + ("y" if len(titles) == 1 else "ies")
        )
        details.append(Entry("activity.changed", f"now {_status(status)}: {said}", path,
                             field="status", to=status, detail=True))  # fmt: skip
    if attached:
        details.append(Entry("activity.changed", f"evidence attached to: {'; '.join(attached)}",
                             path, field="evidence", detail=True))  # fmt: skip
    was = _progress(old[0])
    if (done, total) != was:
        yield Entry("week.progress", f"{name}: {done} of {total} done, was {was[0]} of {was[1]}",
                    path, from_=list(was), to=[done, total])  # fmt: skip
    elif details:
        yield Entry("week.changed", f"{name}: {done} of {total} done", path)
    yield from details


def _same(old: tuple[dict[str, Any], str] | None, new: tuple[dict[str, Any], str]) -> bool:
    return old is not None and old[0] == new[0] and old[1].strip() == new[1].strip()


def _goals(fields: dict[str, Any]) -> str:
    goals = fields.get("goals")
    return f" (goals: {', '.join(map(str, goals))})" if isinstance(goals, list) and goals else ""


def _reflection_entries(
    path: str, old: tuple[dict[str, Any], str] | None, new: tuple[dict[str, Any], str]
) -> list[Entry]:
    if _same(old, new):
        return []
    fields = new[0]
    scores = [
        f"{name} {fields[name]}/5"
        for name in ("confidence", "habits")
        if fields.get(name) is not None
    ]
    what = "New reflection" if old is None else "Edited reflection"
    kind = f", {fields['kind']}" if fields.get("kind") else ""
    text = (
        f"{what} of {long_date(str(fields.get('date', '')))}{kind}"
        + (f"; {', '.join(scores)}" if scores else "")
        + _goals(fields)
    )
    return [Entry(f"reflection.{'added' if old is None else 'edited'}", text, path,
                  quote=new[1].strip())]  # fmt: skip


def _feedback_entries(
    path: str, old: tuple[dict[str, Any], str] | None, new: tuple[dict[str, Any], str]
) -> list[Entry]:
    if _same(old, new):
        return []
    fields = new[0]
    what = "New feedback" if old is None else "Edited feedback"
    text = (
        f"{what} from {fields.get('by', 'staff')} of {long_date(str(fields.get('date', '')))}"
        + _goals(fields)
    )
    return [Entry(f"feedback.{'added' if old is None else 'edited'}", text, path,
                  quote=new[1].strip())]  # fmt: skip


def _evidence_entries(
    path: str, old: tuple[dict[str, Any], str] | None, new: tuple[dict[str, Any], str]
) -> list[Entry]:
    if _same(old, new):
        return []
    fields = new[0]
    folder = PurePosixPath(path).parent
    files = fields.get("files")
    links = tuple(
        (str(name), str(folder / str(name)))
        for name in (files if isinstance(files, list) else [])
        if PurePosixPath(str(name)).suffix.lower() in IMAGE_SUFFIXES
        and ".." not in PurePosixPath(str(name)).parts
    )
    named = tuple(
        str(folder / str(name))
        for name in (files if isinstance(files, list) else [])
        if ".." not in PurePosixPath(str(name)).parts
    )
    what = "New evidence" if old is None else "Edited evidence"
    return [Entry(f"evidence.{'added' if old is None else 'edited'}",
                  f"{what}: {fields.get('title', PurePosixPath(path).stem)}" + _goals(fields),
                  path, quote=new[1].strip(), links=links, files=named)]  # fmt: skip


def _conference_entries(
    path: str, old: tuple[dict[str, Any], str] | None, new: tuple[dict[str, Any], str]
) -> list[Entry]:
    if _same(old, new):
        return []
    fields = new[0]
    what = "New conference notes" if old is None else "Edited conference notes"
    kind = f" ({fields['kind']})" if fields.get("kind") else ""
    return [Entry(f"conference.{'added' if old is None else 'edited'}",
                  f"{what} of {long_date(str(fields.get('date', '')))}{kind}" + _goals(fields),
                  path, quote=new[1].strip())]  # fmt: skip


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The words of ``after`` against ``before``: ``=`` kept, ``-`` removed, ``+`` added;
    long runs of kept words are cut to a few words of context."""
    old, new = _WORD.findall(before), _WORD.findall(after)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            kept = old[i1:i2]
            if len(kept) > 8:
                kept = [*kept[:3], "…", *kept[-3:]] if out else ["…", *kept[-3:]]
            out.append(("=", " ".join(kept)))
            continue
        if i2 > i1:
            out.append(("-", " ".join(old[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(new[j1:j2])))
    if out and out[-1][0] == "=" and len(out[-1][1].split()) > 3:
        out[-1] = ("=", " ".join(out[-1][1].split()[:3]) + " …")
    return out

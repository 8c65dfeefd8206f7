"""The edits a student or teacher makes during the week: a goal's status, target or
deadline, an activity's status, an action step done. Each changes one value of one file,
keeping everything else as the student wrote it (:mod:`plp.edits.in_place`)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from plp.edits.in_place import EditRefused, set_value
from plp.format.documents import DocumentProblem, decode, parse, read_bytes
from plp.format.layout import PLAN_FILE, classify, week_file
from plp.format.yaml_reader import FieldPath

GOAL_STATUSES = ("planned", "in-progress", "met", "not-met", "revised", "dropped")
ACTIVITY_STATUSES = ("todo", "doing", "done")


@dataclass(frozen=True, slots=True)
class Edit:
    """One value to set in one file of a student's folder."""

    rel: PurePosixPath
    path: FieldPath
    value: str | bool
    #: What the edit is, for people: "goal fractions: status met".
    said: str


class EditProblem(Exception):
    """An edit that cannot be made (no such goal, a file that does not read); nothing changed."""


def goal_edits(
    plans: Path,
    student: str,
    goal: str,
    *,
    status: str | None = None,
    target: str | None = None,
    deadline: str | None = None,
) -> list[Edit]:
    """The edits that set a goal's ``status``, ``target`` and ``deadline``."""
    rel = PurePosixPath(student, PLAN_FILE)
    goals = _fields(plans, rel).get("goals")
    index = _index_of(goals, goal)
    if index is None:
        known = ", ".join(str(g.get("id")) for g in goals or [] if isinstance(g, dict))
        raise EditProblem(
            f"{rel}: there is no goal '{goal}'" + (f" (goals: {known})" if known else "")
        )
    if deadline is not None:
        try:
            dt.date.fromisoformat(deadline)
        except ValueError:
            raise EditProblem(
                f"--deadline {deadline}: not a real date; write it as YYYY-MM-DD"
            ) from None
    edits = []
    for key, value in (("status", status), ("target", target), ("deadline", deadline)):
        if value is not None:
            edits.append(Edit(rel, ("goals", index, key), value, f"goal {goal}: {key} {value}"))
    return edits


def action_edit(plans: Path, student: str, goal: str, number: int, *, done: bool) -> Edit:
    """The edit that marks a goal's action step ``number`` (from 1) done or not done."""
    rel = PurePosixPath(student, PLAN_FILE)
    goals = _fields(plans, rel).get("goals")
    index = _index_of(goals, goal)
    if index is None or not isinstance(goals, list):
        raise EditProblem(f"{rel}: there is no goal '{goal}'")
    actions = goals[index].get("actions")
    count = len(actions) if isinstance(actions, list) else 0
    if not 1 <= number <= count:
        raise EditProblem(
            f"{rel}: goal '{goal}' has {count} action step{'s' if count != 1 else ''}; "
            f"there is no step {number}"
        )
    said = f"goal {goal}: action {number} {'done' if done else 'not done'}"
    return Edit(rel, ("goals", index, "actions", number - 1, "done"), done, said)


def activity_edit(plans: Path, student: str, week: str, activity: str, status: str) -> Edit:
    """The edit that sets ``activity``'s status in the student's plan(s) for ``week``."""
    folder = plans / student / "weeks"
    rels = sorted(
        PurePosixPath(student, "weeks", path.name)
        for path in folder.glob(f"{week}*.md")
        if (found := week_file(PurePosixPath(path.name))) and found[0] == week
    )
    if not rels:
        raise EditProblem(f"{student} has no plan for week {week} (in {student}/weeks/)")
    for rel in rels:
        activities = _fields(plans, rel).get("activities")
        index = _index_of(activities, activity)
        if index is not None:
            said = f"week {week}: activity {activity} {status}"
            return Edit(rel, ("activities", index, "status"), status, said)
    raise EditProblem(f"{student}'s plan for week {week} has no activity '{activity}'")


def apply(plans: Path, edits: list[Edit]) -> list[PurePosixPath]:
    """Make ``edits``; return the files that changed. Each file is replaced atomically, and
    only if nobody changed it while it was being edited."""
    by_file: dict[PurePosixPath, list[Edit]] = {}
    for edit in edits:
        by_file.setdefault(edit.rel, []).append(edit)
    changed = []
    for rel, file_edits in by_file.items():
        path = plans / rel
        raw = read_bytes(path)
        original = decode(raw)
        text = original
        for edit in file_edits:
            try:
                text = set_value(text, edit.path, edit.value)
            except EditRefused as refused:
                raise EditProblem(f"{rel}: {edit.said}: {refused}") from None
        if text == original:
            continue
        if b"\r\n" in raw:
            text = text.replace("\n", "\r\n")
        if raw.startswith(b"\xef\xbb\xbf"):
            text = "\ufeff" + text
        _replace_if_unchanged(path, raw, text)
        changed.append(rel)
    return changed


def _fields(plans: Path, rel: PurePosixPath) -> dict[str, Any]:
    path = plans / rel
    if not path.is_file():
        raise EditProblem(f"there is no {rel} in {plans}")
    try:
        return parse(rel, classify(rel), decode(read_bytes(path))).fields
    except DocumentProblem as problem:
        raise EditProblem(
            f"{rel}:{problem.position.line}:{problem.position.column}: {problem.message}; "
            "fix it first (plp validate shows how)"
        ) from None


def _index_of(items: Any, item_id: str) -> int | None:
    if not isinstance(items, list):
        return None
    for index, item in enumerate(items):
        if isinstance(item, dict) and item.get("id") == item_id:
            return index
    return None


def _replace_if_unchanged(path: Path, read: bytes, text: str) -> None:
    fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        Path(scratch).chmod(path.stat().st_mode & 0o777)
        if path.read_bytes() != read:
            raise EditProblem(f"{path} changed while it was being edited; run the command again")
        Path(scratch).replace(path)
    finally:
        Path(scratch).unlink(missing_ok=True)

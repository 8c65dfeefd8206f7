"""Review feedback that stays: a merged pull request's reviews by staff, as ``feedback/``
files in each student's folder (PLAN-FORMAT.md).

One file per review and student, ``feedback/<date>-review-<review id>.md``, with ``by``
the reviewer's staff id, ``source`` the review's address, ``goals`` the goals of the
lines commented on, and as its body the review's text and each comment on a line. A
student's replies are kept below a comment only as context, quoted and named as the
student's. A review already kept (same ``source``) is never written twice, and no file
is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from plp.format.documents import split_frontmatter
from plp.format.layout import PLAN_FILE, Kind, classify
from plp.history.events import parse_version
from plp.history.identities import read_regular_file
from plp.review.people import School

_GOAL_ITEM = re.compile(r"^  - ")
_ID = re.compile(r"^\s+(?:- )?id:\s*['\"]?([a-z0-9][a-z0-9-]*)")
_SOURCE = re.compile(r"^source:\s*['\"]?(\S+?)['\"]?\s*$", re.MULTILINE)


@dataclass(slots=True)
class Note:
    """One file to write: a staff review's feedback for one student."""

    student: str
    name: str  # the file name in feedback/
    date: str
    by: str
    source: str
    goals: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = ["---", f"date: {self.date}", f"by: {self.by}"]
        if self.goals:
            lines.append(f"goals: [{', '.join(self.goals)}]")
        lines += [f'source: "{self.source}"', "---"]
        return "\n".join(lines) + "\n" + "\n\n".join(self.parts).strip() + "\n"


@dataclass(slots=True)
class Archive:
    written: list[Path] = field(default_factory=list)
    kept_already: list[str] = field(default_factory=list)  # sources found in feedback/
    skipped: list[str] = field(default_factory=list)  # why a review or comment was left out


def _login(item: dict[str, Any]) -> str:
    user = item.get("user")
    return str(user.get("login", "")) if isinstance(user, dict) else ""


def _day(stamp: Any) -> str:
    try:
        return dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return dt.datetime.now(dt.UTC).date().isoformat()


def _student_of(path: str, prefix: str) -> tuple[str, PurePosixPath] | None:
    """The student whose folder holds ``path`` (a repository path), and the path in the
    plans folder; None for a file that is not a student's."""
    rel = PurePosixPath(path)
    if prefix:
        try:
            rel = rel.relative_to(prefix)
        except ValueError:
            return None
    if len(rel.parts) < 2 or rel.parts[0].startswith(("_", ".")):
        return None
    return rel.parts[0], rel


def goals_at_line(plan_text: str, line: int) -> list[str]:
    """The goal of ``plan.md`` whose item holds ``line`` (1-based), as a list."""
    in_goals, current = False, ""
    for number, text in enumerate(plan_text.splitlines(), start=1):
        if re.match(r"^[A-Za-z_]", text):
            in_goals, current = text.startswith("goals:"), ""
        elif in_goals and _GOAL_ITEM.match(text):
            current = ""
        if in_goals:
            found = _ID.match(text)
            if found and text.startswith(("  - ", "    id:")):
                current = found.group(1)
        if number == line:
            return [current] if in_goals and current else []
    return []


def goals_of_file(plans: Path, rel: PurePosixPath, line: int | None) -> list[str]:
    """The goals a comment on ``line`` of the file ``rel`` is about."""
    data = read_regular_file(plans / rel)
    if data is None:
        return []
    kind = classify(rel)
    if kind is Kind.PLAN:
        return goals_at_line(data.decode("utf-8", "replace"), line) if line else []
    parsed = parse_version(kind, data)
    if parsed is None:
        return []
    goals = parsed[0].get("goals")
    named = []
    for goal in goals if isinstance(goals, list) else []:
        value = goal.get("goal") if isinstance(goal, dict) else goal
        if value:
            named.append(str(value))
    return named


def _plan_goals(plans: Path, student: str) -> set[str]:
    data = read_regular_file(plans / student / PLAN_FILE)
    parsed = parse_version(Kind.PLAN, data) if data is not None else None
    goals = parsed[0].get("goals") if parsed else None
    return (
        {str(g["id"]) for g in goals if isinstance(g, dict) and "id" in g}
        if isinstance(goals, list)
        else set()
    )


def _kept_sources(folder: Path) -> set[str]:
    kept: set[str] = set()
    if not folder.is_dir():
        return kept
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.endswith(".md") and entry.is_file(follow_symlinks=False):
            data = read_regular_file(Path(entry.path))
            if data is None:
                continue
            try:
                front, _, _ = split_frontmatter(data.decode("utf-8", "replace"))
            except Exception:  # an unreadable file keeps nothing; validation reports it
                continue
            kept.update(m.group(1) for m in _SOURCE.finditer(front))
    return kept


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def notes(
    plans: Path,
    prefix: str,
    school: School,
    number: int,
    reviews: Iterable[dict[str, Any]],
    comments: Iterable[dict[str, Any]],
) -> tuple[list[Note], list[str]]:
    """The feedback files a pull request's reviews make, and what was left out (why)."""
    skipped: list[str] = []
    comments = [c for c in comments if isinstance(c, dict)]
    replies: dict[int, list[dict[str, Any]]] = {}
    for comment in comments:
        if comment.get("in_reply_to_id"):
            replies.setdefault(int(comment["in_reply_to_id"]), []).append(comment)
    students_commented = sorted(
        {found[0] for c in comments if (found := _student_of(str(c.get("path", "")), prefix))}
    )
    made: dict[tuple[int, str], Note] = {}
    for review in reviews:
        if not isinstance(review, dict) or "id" not in review or review.get("state") == "PENDING":
            continue
        login = _login(review)
        staff = school.staff_member(login)
        if staff is None:
            if str(review.get("body") or "").strip():
                skipped.append(f"review {review['id']} by {login}: not staff, kept only as context")
            continue
        review_id = int(review["id"])
        source = str(review.get("html_url") or f"pull request #{number}, review {review_id}")
        date = _day(review.get("submitted_at"))

        def note(student: str, *, _r: int = review_id, _s: str = source, _d: str = date,
                 _b: str = staff.id) -> Note:  # fmt: skip
            key = (_r, student)
            if key not in made:
                made[key] = Note(student, f"{_d}-review-{_r}.md", _d, _b, _s)
            return made[key]

        own = [
            c for c in comments
            if c.get("pull_request_review_id") == review_id and not c.get("in_reply_to_id")
        ]  # fmt: skip
        for comment in own:
            found = _student_of(str(comment.get("path", "")), prefix)
            if found is None:
                skipped.append(f"comment {comment.get('id')}: not on a student's file")
                continue
            student, rel = found
            line = comment.get("line") or comment.get("original_line")
            target = note(student)
            where = PurePosixPath(*rel.parts[1:])
            at = f", line {line}" if line else ""
            part = f"On `{where}`{at}:\n\n{str(comment.get('body') or '').strip()}"
            for reply in replies.get(int(comment["id"]), []):
                part += "\n\n" + _context(reply, school, student)
            target.parts.append(part)
            for goal in goals_of_file(plans, rel, int(line) if line else None):
                if goal not in target.goals:
                    target.goals.append(goal)
        body = str(review.get("body") or "").strip()
        if body:
            students = sorted({s for (r, s) in made if r == review_id})
            if not students and len(students_commented) == 1:
                students = students_commented
            if not students:
                skipped.append(
                    f"review {review_id}: its text is about no single student's files; "
                    "copy it into feedback/ by hand"
                )
            for student in students:
                note(student).parts.insert(0, body)
    for (_, student), found_note in made.items():
        known = _plan_goals(plans, student)
        found_note.goals = [g for g in found_note.goals if g in known]
    return [made[key] for key in sorted(made)], skipped


def _context(reply: dict[str, Any], school: School, student: str) -> str:
    login = _login(reply)
    staff = school.staff_member(login)
    owner = school.student_of(login)
    who = (
        f"{staff.name} replied"
        if staff
        else "The student replied (kept as context)"
        if owner is not None and owner.id == student
        else f"{login} replied (kept as context)"
    )
    return f"{who}:\n\n{_quote(str(reply.get('body') or ''))}"


def write_notes(plans: Path, found: list[Note]) -> Archive:
    """Write each note not kept already; never overwrite a file, never follow a link."""
    archive = Archive()
    for note in found:
        folder = plans / note.student / "feedback"
        if note.source in _kept_sources(folder):
            archive.kept_already.append(note.source)
            continue
        if not (plans / note.student).is_dir() or (plans / note.student).is_symlink():
            archive.skipped.append(f"{note.student}: no such student folder")
            continue
        if folder.is_symlink():
            archive.skipped.append(f"{folder} is a link: plp does not write through links")
            continue
        folder.mkdir(exist_ok=True)
        path = folder / note.name
        try:
            with path.open("x", encoding="utf-8") as out:  # "x": never overwrite
                out.write(note.text())
        except FileExistsError:
            archive.kept_already.append(note.source)
            continue
        archive.written.append(path)
    return archive

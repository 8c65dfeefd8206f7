"""The rules beyond the shape (PLAN-FORMAT.md): what a schema alone cannot say.

Two halves:

* :func:`check_document` runs the rules that need one file and the file system: file
  names agree with dates and weeks, weeks are real ISO weeks, ids are unique, paths stay
  in the student's folder and exist, reflections are not empty, no unsafe HTML;
* :func:`references` lists what a file refers to in *other* files (goal ids, staff ids,
  areas), and :func:`check_references` resolves them once every file has been read.

Both read fields defensively: they also run on files that failed the schema.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from plp.documents import Document
from plp.findings import Finding, field_label
from plp.html_policy import attachment_problem, find_unsafe_html
from plp.layout import DATED_NAME, SLUG, STUDENT_ID, WEEK_NAME, Kind
from plp.yaml_reader import FieldPath

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class Reference:
    """A value in one file that must exist elsewhere: a goal id, a staff id, an area."""

    target: str  # "goal", "staff" or "area"
    value: str
    student: str | None
    path: str
    line: int
    column: int
    field: str


@dataclass(slots=True)
class Known:
    """What other files define: each student's goal ids, and the school's staff and areas."""

    goals: dict[str, set[str]]
    staff: set[str] | None = None  # None: no _school.yml, so anything goes
    areas: set[str] | None = None


def _finding(doc: Document, path: FieldPath, code: str, message: str, hint: str = "") -> Finding:
    position = doc.yaml.position(path)
    return Finding(
        str(doc.rel), position.line, position.column, field_label(path), code, message, hint
    )


def _items(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def real_week(text: str) -> bool:
    """Whether ``YYYY-Www`` names a week that exists (W53 only in some years)."""
    match = WEEK_NAME.fullmatch(text)
    if not match:
        return False
    try:  # its Sunday too: 9999-W52 ends in a year no calendar holds
        dt.date.fromisocalendar(int(match["year"]), int(match["week"]), 7)
    except ValueError:
        return False
    return True


def check_document(doc: Document, student_dir: Path | None) -> list[Finding]:
    """Single-file rules for ``doc``; ``student_dir`` is the student's folder on disk."""
    findings: list[Finding] = []
    fields = doc.fields
    name = doc.rel.stem
    if doc.kind is Kind.PLAN:
        findings += _check_plan(doc)
    elif doc.kind is Kind.WEEK:
        findings += _check_week(doc, name, student_dir)
    elif doc.kind in (Kind.REFLECTION, Kind.CONFERENCE, Kind.FEEDBACK):
        findings += _check_dated_name(doc, name)
    elif doc.kind is Kind.EVIDENCE:
        if not SLUG.fullmatch(name):
            findings.append(
                _finding(
                    doc,
                    (),
                    "file-name",
                    f"'{doc.rel.name}' is not a valid evidence file name",
                    "Name evidence files with lowercase letters, digits and dashes, like "
                    "factoring-notes.md.",
                )
            )
        findings += _check_files(doc, student_dir)
    if doc.kind is Kind.REFLECTION:
        week = fields.get("week")
        if isinstance(week, str) and WEEK_NAME.fullmatch(week) and not real_week(week):
            findings.append(_not_a_week(doc, ("week",), week))
        if not doc.body.strip():
            findings.append(
                Finding(
                    str(doc.rel),
                    doc.body_line,
                    1,
                    "",
                    "empty-body",
                    "the reflection has no text",
                    "Write your reflection below the closing '---' line.",
                )
            )
    if doc.kind is Kind.SCHOOL:
        findings += _duplicates(doc, "staff", "id", "staff id")
    for unsafe in find_unsafe_html(doc.body):
        findings.append(
            Finding(
                str(doc.rel),
                doc.body_line + unsafe.line,
                unsafe.column + 1,
                "",
                "unsafe-html",
                f"the text contains {unsafe.message}",
                unsafe.hint,
            )
        )
    return findings


def _check_plan(doc: Document) -> Iterator[Finding]:
    folder = doc.rel.parts[0]
    if not STUDENT_ID.fullmatch(folder):
        yield _finding(
            doc,
            (),
            "folder-name",
            f"the folder name '{folder}' is not a valid student id",
            "Name the folder with lowercase letters, digits and dashes (2 to 63 of them), "
            "like ava-martinez.",
        )
    student = doc.fields.get("student")
    student_id = student.get("id") if isinstance(student, dict) else None
    if isinstance(student_id, str) and student_id != folder:
        yield _finding(
            doc,
            ("student", "id"),
            "id-mismatch",
            f"'{student_id}' is not the name of the student's folder ('{folder}')",
            "The student id and the folder name must be the same: rename one of them.",
        )
    yield from _duplicates(doc, "goals", "id", "goal id")


def _duplicates(doc: Document, list_field: str, key: str, what: str) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, item in _items(doc.fields.get(list_field)):
        value = item.get(key)
        if not isinstance(value, str):
            continue
        if value in seen:
            first = doc.yaml.position((list_field, seen[value], key))
            yield _finding(
                doc,
                (list_field, index, key),
                "duplicate-id",
                f"the {what} '{value}' is used twice (first on line {first.line})",
                f"Each {what} must be unique: rename one of them.",
            )
        else:
            seen[value] = index


def _not_a_week(doc: Document, path: FieldPath, week: str) -> Finding:
    return _finding(
        doc,
        path,
        "invalid-week",
        f"'{week}' is not a real ISO week",
        "ISO weeks run from W01 to W52, and W53 only in some years.",
    )


def _check_week(doc: Document, name: str, student_dir: Path | None) -> Iterator[Finding]:
    week = doc.fields.get("week")
    if not WEEK_NAME.fullmatch(name):
        yield _finding(
            doc,
            (),
            "file-name",
            f"'{doc.rel.name}' is not named after an ISO week",
            "Name weekly plans YYYY-Www.md, like 2026-W48.md.",
        )
    elif not real_week(name):
        yield _not_a_week(doc, (), name)
    if isinstance(week, str) and WEEK_NAME.fullmatch(week):
        if week != name and WEEK_NAME.fullmatch(name):
            yield _finding(
                doc,
                ("week",),
                "name-mismatch",
                f"'{week}' does not match the file name '{doc.rel.name}'",
                f"Rename the file to {week}.md, or correct the week.",
            )
        elif week != name and not real_week(week):
            yield _not_a_week(doc, ("week",), week)
    yield from _duplicates(doc, "activities", "id", "activity id")
    for index, activity in _items(doc.fields.get("activities")):
        evidence = activity.get("evidence")
        if isinstance(evidence, str):
            yield from _check_path(
                doc,
                ("activities", index, "evidence"),
                evidence,
                student_dir,
                student_dir,
                must_be_in="evidence",
            )


def _check_dated_name(doc: Document, name: str) -> Iterator[Finding]:
    match = DATED_NAME.fullmatch(name)
    if not match:
        yield _finding(
            doc,
            (),
            "file-name",
            f"'{doc.rel.name}' is not named after a date",
            f"Name {doc.kind.value} files YYYY-MM-DD.md or YYYY-MM-DD-a-few-words.md, like "
            "2026-11-24.md.",
        )
        return
    date = doc.fields.get("date")
    if isinstance(date, str) and date != match["date"]:
        yield _finding(
            doc,
            ("date",),
            "name-mismatch",
            f"'{date}' does not match the date in the file name ({match['date']})",
            "The date in the file name and the date field must be the same.",
        )


def _check_files(doc: Document, student_dir: Path | None) -> Iterator[Finding]:
    files = doc.fields.get("files")
    if not isinstance(files, list):
        return
    folder = None if student_dir is None else student_dir / "evidence"
    seen: dict[str, int] = {}
    for index, name in enumerate(files):
        if not isinstance(name, str):
            continue
        if name in seen:
            first = doc.yaml.position(("files", seen[name]))
            yield _finding(
                doc,
                ("files", index),
                "duplicate-file",
                f"'{name}' is listed twice (first on line {first.line})",
                "List each file once.",
            )
            continue
        seen[name] = index
        if "/" in name or "\\" in name:
            yield _finding(
                doc,
                ("files", index),
                "path-outside",
                f"'{name}' is not a file name in this folder",
                "List files that lie beside this evidence file, by name only, like notes.svg.",
            )
            continue
        refused = attachment_problem(name)
        if refused == "name":
            yield _finding(
                doc,
                ("files", index),
                "file-name",
                f"'{name}' does not have one dot, before its type",
                "Name attached files like notes.pdf: some web servers run a file named "
                "notes.php.pdf as a program.",
            )
            continue
        if refused == "type":
            yield _finding(
                doc,
                ("files", index),
                "file-type",
                f"'{name}' is not a type of file a portfolio may hold",
                "Attach images (.png, .jpg, .gif, .webp, .svg), PDF, plain text (.txt, .csv) "
                "or office documents (.docx, .xlsx, .pptx, .odt); save a web page as PDF.",
            )
            continue
        yield from _check_path(doc, ("files", index), name, folder, student_dir)


def _check_path(
    doc: Document,
    path: FieldPath,
    value: str,
    base: Path | None,
    student_dir: Path | None,
    *,
    must_be_in: str | None = None,
) -> Iterator[Finding]:
    """``value``, relative to ``base``, stays in the student's folder and exists."""
    pure = PurePosixPath(value.replace("\\", "/"))
    if pure.is_absolute() or _DRIVE.match(value) or ".." in pure.parts:
        yield _finding(
            doc,
            path,
            "path-outside",
            f"the path '{value}' leaves your folder",
            "Paths are relative to your own folder, like evidence/factoring-notes.md.",
        )
        return
    if must_be_in and pure.parts[:1] != (must_be_in,):
        yield _finding(
            doc,
            path,
            "path-outside",
            f"'{value}' is not in your {must_be_in}/ folder",
            f"Point to a file in {must_be_in}/, like {must_be_in}/factoring-notes.md.",
        )
        return
    if base is None or student_dir is None:
        return
    target = base / pure
    if not os.path.lexists(target):
        yield _finding(
            doc,
            path,
            "path-missing",
            f"'{value}' does not exist",
            _nearest_file(target),
        )
    elif not _inside(target, student_dir):
        yield _finding(
            doc,
            path,
            "path-outside",
            f"'{value}' is a link that points outside your folder",
            "Copy the file into your folder instead of linking to it.",
        )
    elif not target.is_file():
        yield _finding(doc, path, "path-missing", f"'{value}' is not a file", "Name a file.")


def _inside(target: Path, folder: Path) -> bool:
    return target.resolve().is_relative_to(folder.resolve())


def _nearest_file(target: Path) -> str:
    try:
        names = sorted(entry.name for entry in os.scandir(target.parent))
    except OSError:
        return f"There is no folder {target.parent.name}/ here."
    guess = difflib.get_close_matches(target.name, names, n=1, cutoff=0.6)
    if guess:
        return f"Did you mean '{guess[0]}'?"
    return "Check the spelling, and that the file was added to the repository."


def file_outside(doc_rel: PurePosixPath, path: Path, student_dir: Path) -> Finding | None:
    """A finding when the file at ``path`` is a link that points out of the student's folder."""
    if path.is_symlink() and not _inside(path, student_dir):
        return Finding(
            str(doc_rel),
            1,
            1,
            "",
            "path-outside",
            "this file is a link that points outside the student's folder",
            "Copy the file into the folder instead of linking to it.",
        )
    return None


# --- references between files ---------------------------------------------------------


def references(doc: Document) -> list[Reference]:
    """What ``doc`` refers to in other files."""
    found: list[Reference] = []
    student = doc.student

    def add(target: str, value: Any, path: FieldPath) -> None:
        if isinstance(value, str):
            position = doc.yaml.position(path)
            found.append(
                Reference(
                    target,
                    value,
                    student,
                    str(doc.rel),
                    position.line,
                    position.column,
                    field_label(path),
                )
            )

    fields = doc.fields
    if doc.kind is Kind.PLAN:
        student_fields = fields.get("student")
        if isinstance(student_fields, dict):
            add("staff", student_fields.get("advisor"), ("student", "advisor"))
        for index, goal in _items(fields.get("goals")):
            add("area", goal.get("area"), ("goals", index, "area"))
    elif doc.kind is Kind.WEEK:
        for index, goal in _items(fields.get("goals")):
            add("goal", goal.get("goal"), ("goals", index, "goal"))
    elif doc.kind in (Kind.REFLECTION, Kind.EVIDENCE, Kind.CONFERENCE, Kind.FEEDBACK):
        goals = fields.get("goals")
        if isinstance(goals, list):
            for index, goal_id in enumerate(goals):
                add("goal", goal_id, ("goals", index))
        if doc.kind is Kind.FEEDBACK:
            add("staff", fields.get("by"), ("by",))
    return found


def goal_ids(doc: Document) -> set[str]:
    """The goal ids a plan defines."""
    return {
        goal["id"] for _, goal in _items(doc.fields.get("goals")) if isinstance(goal.get("id"), str)
    }


def school_known(doc: Document | None, goals: dict[str, set[str]]) -> Known:
    """What the school file defines (nothing to check against when there is none)."""
    if doc is None:
        return Known(goals)
    staff = {
        item["id"] for _, item in _items(doc.fields.get("staff")) if isinstance(item.get("id"), str)
    }
    areas = doc.fields.get("areas")
    return Known(
        goals,
        staff,
        {area for area in areas if isinstance(area, str)} if isinstance(areas, list) else None,
    )


def check_references(references: Iterable[Reference], known: Known) -> list[Finding]:
    """A finding for each reference to a goal, staff member or area that does not exist."""
    findings = []
    for ref in references:
        if ref.target == "goal":
            if ref.student is None or ref.student not in known.goals:
                continue  # the plan itself could not be read: its own findings say why
            choices = known.goals[ref.student]
            what = f"'{ref.value}' is not a goal id in {ref.student}/plan.md"
        elif ref.target == "staff":
            if known.staff is None:
                continue
            choices, what = known.staff, f"'{ref.value}' is not a staff id in _school.yml"
        else:
            if known.areas is None:
                continue
            choices, what = known.areas, f"'{ref.value}' is not one of the areas in _school.yml"
        if ref.value in choices:
            continue
        guess = difflib.get_close_matches(ref.value, sorted(choices), n=1, cutoff=0.6)
        listed = ", ".join(sorted(choices)) or "none yet"
        hint = f"Did you mean '{guess[0]}'?" if guess else f"Known: {listed}."
        code = {"goal": "unknown-goal", "staff": "unknown-staff", "area": "unknown-area"}[
            ref.target
        ]
        findings.append(Finding(ref.path, ref.line, ref.column, ref.field, code, what, hint))
    return findings

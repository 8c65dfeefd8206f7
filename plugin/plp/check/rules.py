"""The rules beyond the shape (PLAN-FORMAT.md): what a schema alone cannot say.

Two halves:

* :func:`check_meaning` finds values that YAML 1.1 and YAML 1.2 read differently;
* :func:`check_document` runs the rules that need one file and the file system: file
  names agree with dates and weeks, weeks are real ISO weeks, ids are unique, paths stay
  in the student's folder and exist, reflections are not empty, no unsafe HTML;
* :func:`references` lists what a file refers to in *other* files (goal ids, staff ids,
  areas), and :func:`check_references` resolves them once every file has been read.

Both read fields defensively: they also run on files that failed the schema.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from plp.check.findings import Finding, field_label
from plp.check.html_policy import attachment_problem, find_unsafe_html
from plp.dates import real_week
from plp.format.documents import Document
from plp.format.layout import DATED_NAME, SLUG, STUDENT_ID, WEEK_NAME, Kind, is_inside, week_file
from plp.format.yaml_reader import FieldPath

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class Reference:
    """A value in one file that must exist elsewhere: a goal id, a staff id, an area."""

    target: str  # "goal", "staff", "area", or "identity" (a student.git or staff git entry)
    value: str
    student: str | None
    path: str
    line: int
    column: int
    field: str


@dataclass(slots=True)
class Known:
    """What other files define: each student's goal ids, the school's staff and areas, and
    the students that exist (the folders of the plans folder)."""

    goals: dict[str, set[str]]
    staff: set[str] | None = None  # None: no _school.yml, so anything goes
    areas: set[str] | None = None
    students: set[str] | None = None  # None: a repository of one student, see checker


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


def _spelled(value: Any) -> str:
    """A value as YAML 1.1 and 1.2 both write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    return repr(value) if isinstance(value, str) else str(value)


def _reading(value: Any) -> str:
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, bool):
        return _spelled(value)
    return f"the number {_spelled(value)}"


def _meaning_hint(text: str, meant: Any) -> str:
    quoted = f'"{text}" in quotes'
    if isinstance(meant, bool):
        return f"Write {_spelled(meant)}, or {quoted} if you mean the word."
    if ":" in text:
        return f"Write {quoted} for the time or text, or {_spelled(meant)} for the number."
    return f"Write {_spelled(meant)} for the number, or {quoted} for the text."


def check_meaning(doc: Document) -> list[Finding]:
    """Rule 7: a value that YAML 1.1 and YAML 1.2 read differently, with the spelling that
    means the same to both (editors and schema tools read YAML 1.2, PyYAML reads 1.1)."""
    findings = []
    for value in doc.yaml.ambiguous:
        meant = value.yaml12 if not isinstance(value.yaml12, str) else value.yaml11
        findings.append(
            _finding(
                doc,
                value.path,
                "ambiguous-value",
                f"'{value.text}' reads as {_reading(value.yaml11)} in YAML 1.1 and as "
                f"{_reading(value.yaml12)} in YAML 1.2",
                _meaning_hint(value.text, meant),
            )
        )
    return findings


def check_document(doc: Document, student_dir: Path | None) -> list[Finding]:
    """Single-file rules for ``doc``; ``student_dir`` is the student's folder on disk."""
    findings: list[Finding] = []
    fields = doc.fields
    name = doc.rel.stem
    if doc.kind is Kind.PLAN:
        findings += _check_plan(doc)
    elif doc.kind is Kind.WEEK:
        findings += _check_week(doc)
    elif doc.kind in (Kind.REFLECTION, Kind.CONFERENCE, Kind.FEEDBACK):
        findings += _check_dated_name(doc, name)
    elif doc.kind is Kind.EVIDENCE and not SLUG.fullmatch(name):
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
    findings += check_paths(doc, student_dir)
    if doc.kind is Kind.SCHOOL:
        findings += _duplicates(doc, "staff", "id", "staff id")
        findings += _check_timezone(doc)
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


@cache
def _time_zones() -> frozenset[str]:
    import zoneinfo  # only a school file needs it

    return frozenset(zoneinfo.available_timezones())


def _check_timezone(doc: Document) -> Iterator[Finding]:
    """Rule 8: ``timezone`` is an IANA time-zone name (when a time-zone database exists)."""
    timezone = doc.fields.get("timezone")
    zones = _time_zones()
    if not isinstance(timezone, str) or not zones or timezone in zones:
        return
    guess = difflib.get_close_matches(timezone, sorted(zones), n=1, cutoff=0.6)
    yield _finding(
        doc,
        ("timezone",),
        "unknown-timezone",
        f"'{timezone}' is not an IANA time-zone name",
        f"Did you mean '{guess[0]}'?"
        if guess
        else "Write the time zone as Region/City, like America/Chicago or Europe/Berlin.",
    )


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


def _check_week(doc: Document) -> Iterator[Finding]:
    week = doc.fields.get("week")
    named = week_file(doc.rel)
    if named is None:
        yield _finding(
            doc,
            (),
            "file-name",
            f"'{doc.rel.name}' is not named after an ISO week",
            "Name weekly plans YYYY-Www.md, like 2026-W48.md, or YYYY-Www-area.md for a plan "
            "of one area, like 2026-W48-math.md.",
        )
    elif not real_week(named[0]):
        yield _not_a_week(doc, (), named[0])
    if isinstance(week, str) and WEEK_NAME.fullmatch(week):
        if named is not None and week != named[0]:
            area = f"-{named[1]}" if named[1] else ""
            yield _finding(
                doc,
                ("week",),
                "name-mismatch",
                f"'{week}' does not match the week in the file name '{doc.rel.name}'",
                f"Rename the file to {week}{area}.md, or correct the week.",
            )
        elif named is None and not real_week(week):
            yield _not_a_week(doc, ("week",), week)
    areas = doc.fields.get("areas")
    if named is not None and named[1] and isinstance(areas, list) and areas != [named[1]]:
        area = named[1]
        yield _finding(
            doc,
            ("areas",),
            "area-mismatch",
            f"a plan named after the area '{area}' is for that area alone, but its areas are "
            f"{', '.join(map(str, areas)) or 'none'}",
            f"Write areas: [{area}], or rename the file to {named[0]}.md if it is for several "
            "areas.",
        )
    yield from _duplicates(doc, "activities", "id", "activity id")


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


def check_paths(doc: Document, student_dir: Path | None) -> list[Finding]:
    """Rule 3 for the paths ``doc`` names (a week's evidence, an evidence page's files):
    they stay in the student's folder and exist. Other files' changes can break these."""
    if doc.kind is Kind.EVIDENCE:
        return list(_check_files(doc, student_dir))
    if doc.kind is not Kind.WEEK:
        return []
    findings: list[Finding] = []
    for index, activity in _items(doc.fields.get("activities")):
        evidence = activity.get("evidence")
        if isinstance(evidence, str):
            findings += _check_path(
                doc,
                ("activities", index, "evidence"),
                evidence,
                student_dir,
                student_dir,
                must_be_in="evidence",
            )
    return findings


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
    elif not is_inside(target, student_dir):
        yield _finding(
            doc,
            path,
            "path-outside",
            f"'{value}' is a link that points outside your folder",
            "Copy the file into your folder instead of linking to it.",
        )
    elif not target.is_file():
        yield _finding(doc, path, "path-missing", f"'{value}' is not a file", "Name a file.")


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
    if path.is_symlink() and not is_inside(path, student_dir):
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

    def add_identities(owner: dict[str, Any], path: FieldPath) -> None:
        identities = owner.get("git")
        for index, identity in enumerate(identities if isinstance(identities, list) else []):
            if isinstance(identity, str) and identity.strip():
                add("identity", identity.strip().lower(), (*path, "git", index))

    fields = doc.fields
    if doc.kind is Kind.PLAN:
        student_fields = fields.get("student")
        if isinstance(student_fields, dict):
            add("staff", student_fields.get("advisor"), ("student", "advisor"))
            add_identities(student_fields, ("student",))
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
    elif doc.kind is Kind.SCHOOL:
        for index, member in _items(fields.get("staff")):
            add_identities(member, ("staff", index))
        rosters = fields.get("rosters")
        if isinstance(rosters, dict):
            for roster, members in rosters.items():
                if isinstance(members, list):
                    for index, member in enumerate(members):
                        add("student", member, ("rosters", roster, index))
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
    if isinstance(areas, dict):  # each area id with the name pages show
        areas = list(areas)
    return Known(
        goals,
        staff,
        {area for area in areas if isinstance(area, str)} if isinstance(areas, list) else None,
    )


def check_references(references: Iterable[Reference], known: Known) -> list[Finding]:
    """A finding for each reference to a goal, staff member or area that does not exist."""
    findings = []
    for ref in references:
        if ref.target == "identity":
            continue  # see check_identities
        if ref.target == "goal":
            if ref.student is None or ref.student not in known.goals:
                continue  # the plan itself could not be read: its own findings say why
            choices = known.goals[ref.student]
            what = f"'{ref.value}' is not a goal id in {ref.student}/plan.md"
        elif ref.target == "staff":
            if known.staff is None:
                continue
            choices, what = known.staff, f"'{ref.value}' is not a staff id in _school.yml"
        elif ref.target == "student":
            if known.students is None:
                continue
            choices, what = known.students, f"there is no student '{ref.value}' in the plans"
        else:
            if known.areas is None:
                continue
            choices, what = known.areas, f"'{ref.value}' is not one of the areas in _school.yml"
        if ref.value in choices:
            continue
        guess = difflib.get_close_matches(ref.value, sorted(choices), n=1, cutoff=0.6)
        listed = ", ".join(sorted(choices)) or "none yet"
        hint = f"Did you mean '{guess[0]}'?" if guess else f"Known: {listed}."
        code = {
            "goal": "unknown-goal",
            "staff": "unknown-staff",
            "area": "unknown-area",
            "student": "unknown-student",
        }[ref.target]
        findings.append(Finding(ref.path, ref.line, ref.column, ref.field, code, what, hint))
    return findings


def check_identities(references: Iterable[Reference]) -> list[Finding]:
    """A finding for each e-mail address or login that a student claims in ``student.git``
    and that another student, or a member of staff, claims too: history would not know
    whose commits they are, and a student could take a classmate's."""
    claims: dict[str, list[Reference]] = {}
    for ref in references:
        if ref.target == "identity":
            claims.setdefault(ref.value, []).append(ref)
    findings = []
    for value, refs in claims.items():
        owners = {ref.student for ref in refs}  # None: a member of staff
        if len(owners) < 2:
            continue
        for ref in refs:
            if ref.student is None:
                continue  # reported in the students' plans, which name _school.yml
            others = sorted({f"{r.path} (line {r.line})" for r in refs if r.student != ref.student})
            findings.append(
                Finding(
                    ref.path,
                    ref.line,
                    ref.column,
                    ref.field,
                    "shared-identity",
                    f"'{value}' is also claimed in {', '.join(others)}",
                    "An e-mail address or login belongs to one person: remove it from the "
                    "file of whoever it does not belong to.",
                )
            )
    return findings


# --- weekly plans of the same week ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeekArea:
    """An area a weekly plan covers, for rule 8: an area is in one plan of a week at most."""

    student: str
    week: str
    area: str
    path: str
    line: int
    column: int
    field: str


def week_areas(doc: Document) -> list[WeekArea]:
    """The areas of a weekly plan, with the week its file name gives."""
    named = week_file(doc.rel)
    areas = doc.fields.get("areas")
    if doc.kind is not Kind.WEEK or doc.student is None or named is None:
        return []
    if not isinstance(areas, list):
        return []
    found = []
    for index, area in enumerate(areas):
        if isinstance(area, str):
            position = doc.yaml.position(("areas", index))
            label = field_label(("areas", index))
            found.append(
                WeekArea(
                    doc.student, named[0], area, str(doc.rel), position.line, position.column, label
                )
            )
    return found


def check_week_areas(items: Iterable[WeekArea]) -> list[Finding]:
    """A finding on each weekly plan that shares an area with another plan of its week."""
    plans: dict[tuple[str, str, str], dict[str, WeekArea]] = defaultdict(dict)
    for item in items:
        plans[item.student, item.week, item.area].setdefault(item.path, item)
    findings = []
    for (_, week, area), by_path in plans.items():
        if len(by_path) < 2:
            continue
        for path, item in by_path.items():
            others = ", ".join(
                PurePosixPath(other).name for other in sorted(by_path) if other != path
            )
            findings.append(
                Finding(
                    path,
                    item.line,
                    item.column,
                    item.field,
                    "area-twice",
                    f"the area '{area}' is also in {others}, a plan for the same week {week}",
                    "An area belongs to one weekly plan of a week: remove it from all but one.",
                )
            )
    return findings

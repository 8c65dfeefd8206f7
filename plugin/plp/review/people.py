"""Who is who at a revision: staff and students as the base of a change names them.

A pull request is judged by the rules of the branch it goes into: a student who adds
their own login to ``staff`` in ``_school.yml`` does not become staff by doing so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plp.format.layout import PLAN_FILE, SCHOOL_FILE, STUDENT_ID, Kind
from plp.history.events import parse_version
from plp.history.gitlog import GitError, git
from plp.review.revisions import read_at


@dataclass(slots=True)
class Staff:
    id: str
    name: str
    roles: tuple[str, ...]
    git: tuple[str, ...]


@dataclass(slots=True)
class Student:
    id: str
    name: str
    advisor: str
    git: tuple[str, ...]


@dataclass(slots=True)
class School:
    """The staff, students and rosters of the plans folder at one revision."""

    staff: list[Staff] = field(default_factory=list)
    students: dict[str, Student] = field(default_factory=dict)
    rosters: dict[str, list[str]] = field(default_factory=dict)

    def staff_member(self, login: str) -> Staff | None:
        wanted = login.strip().lower()
        return next((s for s in self.staff if wanted in s.git), None)

    def student_of(self, login: str) -> Student | None:
        wanted = login.strip().lower()
        return next((s for s in self.students.values() if wanted in s.git), None)


def _identities(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(item).strip().lower() for item in value if str(item).strip())


def school_at(top: Path, prefix: str, revision: str) -> School:
    """The school as the files of ``revision`` describe it (``prefix``: the plans folder's
    path in the repository, "" at its top)."""
    base = f"{prefix}/" if prefix else ""
    try:
        listing = git(top, "ls-tree", "-z", "--name-only", f"{revision}:{prefix}")
    except GitError:
        return School()
    ids = [name for name in listing.split("\0") if STUDENT_ID.fullmatch(name)]
    files = read_at(top, revision, [base + SCHOOL_FILE] + [f"{base}{i}/{PLAN_FILE}" for i in ids])
    school = School()
    parsed = (
        parse_version(Kind.SCHOOL, files[base + SCHOOL_FILE])
        if base + SCHOOL_FILE in files
        else None
    )
    fields = parsed[0] if parsed else {}
    for member in fields.get("staff") or []:
        if isinstance(member, dict) and member.get("id"):
            roles = member.get("roles")
            school.staff.append(
                Staff(
                    str(member["id"]),
                    str(member.get("name", member["id"])),
                    tuple(str(r) for r in roles) if isinstance(roles, list) else (),
                    _identities(member.get("git")),
                )
            )
    rosters = fields.get("rosters")
    if isinstance(rosters, dict):
        school.rosters = {
            str(name): [str(s) for s in members]
            for name, members in rosters.items()
            if isinstance(members, list)
        }
    for student_id in ids:
        data = files.get(f"{base}{student_id}/{PLAN_FILE}")
        parsed_plan = parse_version(Kind.PLAN, data) if data is not None else None
        info = parsed_plan[0].get("student") if parsed_plan else None
        if not isinstance(info, dict):
            continue
        school.students[student_id] = Student(
            student_id,
            str(info.get("preferred_name") or info.get("name") or student_id),
            str(info.get("advisor") or ""),
            _identities(info.get("git")),
        )
    return school

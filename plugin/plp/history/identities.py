"""Who made a commit: a student, a member of staff with a role, or somebody unknown.

People are known by the e-mail addresses and Git host logins listed in ``student.git``
of each plan and ``staff[].git`` of ``_school.yml``. A login also matches a commit made
through the Git host's web editor (``12345+login@users.noreply.github.com``) or an
author name equal to the login.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plp.format.documents import MAX_FILE_BYTES
from plp.format.layout import PLAN_FILE, SCHOOL_FILE, Kind, student_ids
from plp.history.events import parse_version

STAFF_ROLES = ("teacher", "advisor", "counselor", "admin")
_NOREPLY = "users.noreply.github.com"


@dataclass(slots=True)
class Person:
    name: str
    student: str | None = None  # a student's id
    roles: tuple[str, ...] = ()  # a member of staff's roles
    staff_id: str = ""


@dataclass(slots=True)
class Identities:
    """Everybody the plans name, by lower-cased e-mail address and by login.

    An address or login may be claimed by more than one person (validation reports it):
    then a member of staff keeps it, and a student is only ever recognised on their own
    plan, so that listing a classmate's address takes nothing from the classmate.
    """

    by_email: dict[str, list[Person]] = field(default_factory=dict)
    by_login: dict[str, list[Person]] = field(default_factory=dict)
    advisors: dict[str, str] = field(default_factory=dict)  # student id -> staff id

    def add(self, person: Person, identities: object) -> None:
        if not isinstance(identities, list):
            return
        for identity in identities:
            text = str(identity).strip().lower()
            if "@" in text:
                self.by_email.setdefault(text, []).append(person)
            elif text:
                self.by_login.setdefault(text, []).append(person)

    def people(self, name: str, email: str) -> list[Person]:
        """Everybody who claims the commit's address (or login, or name as a login)."""
        email = email.strip().lower()
        if email in self.by_email:
            return self.by_email[email]
        local, _, domain = email.partition("@")
        if domain == _NOREPLY:
            login = local.split("+", 1)[-1]
            if login in self.by_login:
                return self.by_login[login]
        return self.by_login.get(name.strip().lower(), [])

    def attribute(self, name: str, email: str, student: str) -> tuple[str, str]:
        """The role and name of the author of a change to ``student``'s plan.

        Only the student themself is ``student``; a classmate or a stranger is
        ``unknown`` and keeps the name Git recorded (sites never show it). Staff are named
        as ``_school.yml`` names them, with the role they have for this student.
        """
        people = self.people(name, email)
        staff = [p for p in people if p.student is None]
        if staff:
            person = staff[0]
            if "advisor" in person.roles and self.advisors.get(student) == person.staff_id:
                return "advisor", person.name
            role = next((r for r in person.roles if r in STAFF_ROLES), "unknown")
            return role, person.name
        own = next((p for p in people if p.student == student), None)
        return ("student", own.name) if own is not None else ("unknown", name)


def read_regular_file(path: Path) -> bytes | None:
    """The contents of ``path`` when it is a regular file, not a link (a plan file that
    is a link could show another student's file, or hang on a device); else None."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        chunks = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(handle, info.st_size + 1 - size if size < info.st_size else 65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(handle)


def load_identities(plans: Path) -> Identities:
    """The identities of the plans folder's students and staff, as they are now."""
    return identities_from(identity_records(plans, {})[0])


def identity_records(
    plans: Path, known: Mapping[str, Any]
) -> tuple[dict[str, dict[str, Any]], bool]:
    """What each file that says who is who says (``_school.yml``'s staff, each plan's
    student), by file, with the file's size and time: a file whose size and time are those
    of its record in ``known`` is not read again. Also whether anything was read."""
    records: dict[str, dict[str, Any]] = {}
    read = False
    for rel in [SCHOOL_FILE, *(f"{student}/{PLAN_FILE}" for student in student_ids(plans))]:
        path = plans / rel
        try:
            info = path.lstat()
        except OSError:
            continue
        stamp = f"{stat.S_IFMT(info.st_mode)}:{info.st_size}:{info.st_mtime_ns}"
        record = known.get(rel)
        if not (isinstance(record, dict) and record.get("stamp") == stamp):
            read = True
            data = read_regular_file(path)
            record = {
                "stamp": stamp,
                **(_school_record(data) if rel == SCHOOL_FILE else _plan_record(data)),
            }
        records[rel] = record
    return records, read or set(records) != set(known)


def _school_record(data: bytes | None) -> dict[str, Any]:
    parsed = parse_version(Kind.SCHOOL, data) if data is not None else None
    staff = (parsed[0].get("staff") if parsed else None) or []
    found = []
    for member in staff if isinstance(staff, list) else []:
        if not isinstance(member, dict):
            continue
        roles = member.get("roles")
        found.append(
            {
                "name": str(member.get("name", "")),
                "roles": [str(r) for r in roles] if isinstance(roles, list) else [],
                "id": str(member.get("id", "")),
                "git": _texts(member.get("git")),
            }
        )
    return {"staff": found}


def _plan_record(data: bytes | None) -> dict[str, Any]:
    parsed = parse_version(Kind.PLAN, data) if data is not None else None
    info = parsed[0].get("student") if parsed else None
    if not isinstance(info, dict):
        return {}
    advisor = info.get("advisor")
    return {
        "name": str(info.get("name", "")),
        "git": _texts(info.get("git")),
        "advisor": str(advisor) if advisor else "",
    }


def _texts(value: object) -> list[str] | None:
    return [str(item) for item in value] if isinstance(value, list) else None


def identities_from(records: Mapping[str, Any]) -> Identities:
    """The identities that :func:`identity_records` found (or read back from a cache: a
    record that is not as plp writes it counts for nobody)."""
    found = Identities()
    school = records.get(SCHOOL_FILE)
    staff = school.get("staff") if isinstance(school, dict) else None
    for member in staff if isinstance(staff, list) else []:
        if isinstance(member, dict):
            roles = member.get("roles")
            person = Person(
                str(member.get("name", "")),
                roles=tuple(str(r) for r in roles) if isinstance(roles, list) else (),
                staff_id=str(member.get("id", "")),
            )
            found.add(person, member.get("git"))
    for rel, record in records.items():
        student, _, name = rel.partition("/")
        if name != PLAN_FILE or not isinstance(record, dict) or "name" not in record:
            continue
        found.add(Person(str(record["name"]), student=student), record.get("git"))
        if record.get("advisor"):
            found.advisors[student] = str(record["advisor"])
    return found

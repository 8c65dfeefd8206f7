"""Who made a commit: a student, a member of staff with a role, or somebody unknown.

People are known by the e-mail addresses and Git host logins listed in ``student.git``
of each plan and ``staff[].git`` of ``_school.yml``. A login also matches a commit made
through the Git host's web editor (``12345+login@users.noreply.github.com``) or an
author name equal to the login.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

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

    def fingerprint(self) -> str:
        """Changes when anybody's identities, names or roles change (the cache keys on it)."""

        def who(people: list[Person]) -> list[list[object]]:
            return [[p.name, p.student, p.roles, p.staff_id] for p in people]

        data = {
            "email": {k: who(people) for k, people in sorted(self.by_email.items())},
            "login": {k: who(people) for k, people in sorted(self.by_login.items())},
            "advisors": sorted(self.advisors.items()),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


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
    found = Identities()
    school = read_regular_file(plans / SCHOOL_FILE)
    if school is not None:
        parsed = parse_version(Kind.SCHOOL, school)
        staff = (parsed[0].get("staff") if parsed else None) or []
        for member in staff if isinstance(staff, list) else []:
            if not isinstance(member, dict):
                continue
            roles = member.get("roles")
            person = Person(
                str(member.get("name", "")),
                roles=tuple(str(r) for r in roles) if isinstance(roles, list) else (),
                staff_id=str(member.get("id", "")),
            )
            found.add(person, member.get("git"))
    for student in student_ids(plans):
        plan = read_regular_file(plans / student / PLAN_FILE)
        if plan is None:
            continue
        parsed = parse_version(Kind.PLAN, plan)
        info = parsed[0].get("student") if parsed else None
        if not isinstance(info, dict):
            continue
        found.add(Person(str(info.get("name", "")), student=student), info.get("git"))
        if info.get("advisor"):
            found.advisors[student] = str(info["advisor"])
    return found

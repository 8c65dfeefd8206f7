"""Who made a commit: a student, a member of staff with a role, or somebody unknown.

People are known by the e-mail addresses and Git host logins listed in ``student.git``
of each plan and ``staff[].git`` of ``_school.yml``. A login also matches a commit made
through the Git host's web editor (``12345+login@users.noreply.github.com``) or an
author name equal to the login.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from plp.documents import DocumentProblem, read_bytes
from plp.history.events import parse_version
from plp.layout import PLAN_FILE, SCHOOL_FILE, Kind, student_ids

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
    """Everybody the plans name, by lower-cased e-mail address and by login."""

    by_email: dict[str, Person] = field(default_factory=dict)
    by_login: dict[str, Person] = field(default_factory=dict)
    advisors: dict[str, str] = field(default_factory=dict)  # student id -> staff id

    def add(self, person: Person, identities: object) -> None:
        if not isinstance(identities, list):
            return
        for identity in identities:
            text = str(identity).strip().lower()
            if "@" in text:
                self.by_email.setdefault(text, person)
            elif text:
                self.by_login.setdefault(text, person)

    def person(self, name: str, email: str) -> Person | None:
        email = email.strip().lower()
        if email in self.by_email:
            return self.by_email[email]
        local, _, domain = email.partition("@")
        if domain == _NOREPLY:
            login = local.split("+", 1)[-1]
            if login in self.by_login:
                return self.by_login[login]
        return self.by_login.get(name.strip().lower())

    def attribute(self, name: str, email: str, student: str) -> tuple[str, str]:
        """The role and name of the author of a change to ``student``'s plan.

        Only the student themself is ``student``; a classmate or a stranger is
        ``unknown`` and keeps the name Git recorded (sites never show it). Staff are named
        as ``_school.yml`` names them, with the role they have for this student.
        """
        person = self.person(name, email)
        if person is None:
            return "unknown", name
        if person.student is not None:
            return ("student", person.name) if person.student == student else ("unknown", name)
        if "advisor" in person.roles and self.advisors.get(student) == person.staff_id:
            return "advisor", person.name
        role = next((r for r in person.roles if r in STAFF_ROLES), "unknown")
        return role, person.name

    def fingerprint(self) -> str:
        """Changes when anybody's identities or roles change (the cache keys on it)."""
        data = {
            "email": {k: [p.student, p.roles] for k, p in sorted(self.by_email.items())},
            "login": {k: [p.student, p.roles] for k, p in sorted(self.by_login.items())},
            "advisors": sorted(self.advisors.items()),
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _read(path: Path, plans: Path) -> bytes | None:
    """The bytes of ``path`` within the limits validation keeps (a regular file inside
    the plans folder, at most 1 MiB), or None."""
    try:
        return read_bytes(path, plans) if path.exists() else None
    except (DocumentProblem, OSError):
        return None


def load_identities(plans: Path) -> Identities:
    """The identities of the plans folder's students and staff, as they are now."""
    found = Identities()
    school_file = plans / SCHOOL_FILE
    data = _read(school_file, plans)
    if data is not None:
        parsed = parse_version(Kind.SCHOOL, data)
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
        data = _read(plans / student / PLAN_FILE, plans)
        if data is None:
            continue
        parsed = parse_version(Kind.PLAN, data)
        info = parsed[0].get("student") if parsed else None
        if not isinstance(info, dict):
            continue
        found.add(Person(str(info.get("name", "")), student=student), info.get("git"))
        if info.get("advisor"):
            found.advisors[student] = str(info["advisor"])
    return found

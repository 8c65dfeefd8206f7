"""Who may change what in a pull request.

A student (known by ``student.git`` in their plan) may change only their own folder, and
in it not ``feedback/``, which staff write. Everything else (``_school.yml``,
``_templates/``, ``schema/``, ``.github/``, another student's folder, any file outside the
plans folder) is staff's. Staff (known by ``git`` in ``_school.yml``) may change anything.
Anybody else is refused. Who is who is read at the base of the change, never from the
change itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from plp.review.people import School


@dataclass(frozen=True, slots=True)
class Refusal:
    """A path the actor may not change, and why."""

    path: str
    reason: str

    def message(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Who the actor is, and each path refused to them (none: the change is allowed)."""

    actor: str
    who: str  # "staff", "student <id>" or "unknown"
    refused: list[Refusal]


def judge(school: School, actor: str, paths: list[str], prefix: str) -> Verdict:
    """Whether ``actor`` (a Git host login) may change ``paths`` (repository paths;
    ``prefix`` is the plans folder's path in the repository)."""
    member = school.staff_member(actor)
    if member is not None:
        return Verdict(actor, f"staff ({member.name})", [])
    student = school.student_of(actor)
    if student is None:
        reason = (
            f"'{actor}' is neither staff (git in _school.yml) nor a student (student.git in a "
            "plan) on the base branch: a teacher adds the login there first"
        )
        return Verdict(actor, "unknown", [Refusal(path, reason) for path in paths])
    refused = []
    for path in paths:
        reason = _refusal(student.id, PurePosixPath(path), prefix)
        if reason:
            refused.append(Refusal(path, reason))
    return Verdict(actor, f"student {student.id}", refused)


def _refusal(student: str, path: PurePosixPath, prefix: str) -> str:
    parts = path.parts
    head = PurePosixPath(prefix).parts if prefix else ()
    if parts[: len(head)] != head or len(parts) == len(head):
        return "outside the plans folder: only staff change it"
    inside = parts[len(head) :]
    if inside[0].startswith("_"):
        return f"{inside[0]} is the school's: only staff change it"
    if len(inside) == 1:
        return "beside the students' folders: only staff change it"
    if inside[0] != student:
        return f"this is {inside[0]}'s folder: a student changes only their own folder"
    if inside[1] == "feedback":
        return "feedback/ is written by staff: reply to feedback in a reflection instead"
    return ""

"""What the weekly cycle reads from ``_school.yml``: rosters, and the school's fields."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from plp.format.documents import DocumentProblem, decode, parse, read_bytes
from plp.format.layout import SCHOOL_FILE, Kind


class SchoolProblem(Exception):
    """``_school.yml`` cannot be read, or lacks what was asked of it."""


def school_fields(plans: Path) -> dict[str, Any]:
    """The fields of ``_school.yml`` (empty when the school has none)."""
    path = plans / SCHOOL_FILE
    if not path.is_file():
        return {}
    try:
        return parse(PurePosixPath(SCHOOL_FILE), Kind.SCHOOL, decode(read_bytes(path))).fields
    except DocumentProblem as problem:
        raise SchoolProblem(
            f"{path.as_posix()}:{problem.position.line}: {problem.message}; "
            "fix it first (plp validate shows how)"
        ) from None


def rosters(fields: dict[str, Any]) -> dict[str, list[str]]:
    """The school's rosters: roster name to student ids."""
    found = fields.get("rosters")
    if not isinstance(found, dict):
        return {}
    return {
        str(name): [s for s in members if isinstance(s, str)]
        for name, members in found.items()
        if isinstance(members, list)
    }


def roster(plans: Path, name: str) -> list[str]:
    """The students of the roster ``name``; :class:`SchoolProblem` if there is none."""
    known = rosters(school_fields(plans))
    if name not in known:
        names = ", ".join(sorted(known)) or "none"
        raise SchoolProblem(
            f"there is no roster '{name}' in {(plans / SCHOOL_FILE).as_posix()} (rosters: {names})"
        )
    return known[name]

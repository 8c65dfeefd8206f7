"""Monday's hand-out: a week's plan for many students at once, made from a template.

A template (``plans/_templates/NAME.md``) is a weekly plan with placeholders in braces:
``{week}``, ``{student_id}``, ``{student_name}`` and any other name, given as
``key=value``. A placeholder left unfilled is an error naming it. A plan for one area (a
departmentalized class) is written as ``weeks/<week>-<area>.md``, so that two teachers'
hand-outs for the same week live side by side; a plan for several areas (a
self-contained class) as ``weeks/<week>.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from plp.format.documents import DocumentProblem, decode, parse, read_bytes
from plp.format.layout import PLAN_FILE, TEMPLATES_DIR, Kind
from plp.format.templates import fill, placeholders


class HandoutProblem(Exception):
    """A hand-out that cannot be made as asked; nothing was written."""


@dataclass(frozen=True, slots=True)
class Handout:
    """One weekly plan to write: where, and its text."""

    student: str
    rel: PurePosixPath
    text: str


def template_text(plans: Path, name: str) -> str:
    """The text of the template ``name`` (with or without ``.md``)."""
    stem = name.removesuffix(".md")
    path = plans / TEMPLATES_DIR / f"{stem}.md"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", stem) or not path.is_file():
        folder = plans / TEMPLATES_DIR
        known = sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []
        raise HandoutProblem(
            f"there is no template '{name}' in {folder.as_posix()}"
            + (f" (templates: {', '.join(known)})" if known else "")
        )
    try:
        return decode(read_bytes(path))
    except DocumentProblem as problem:
        raise HandoutProblem(f"{path.as_posix()}: {problem.message}") from None


def filled(template: str, values: Mapping[str, str], *, template_name: str = "") -> str:
    """``template`` with every placeholder replaced; :class:`HandoutProblem` names any
    placeholder that ``values`` does not fill."""
    missing = [name for name in placeholders(template) if name not in values]
    if missing:
        names = ", ".join(f"{{{name}}}" for name in missing)
        sets = " ".join(f"--set {name}=..." for name in missing)
        raise HandoutProblem(
            f"template {template_name} has placeholders with no value: {names}; "
            f"give them with {sets}"
        )
    return fill(template, values)


def student_name(plans: Path, student: str) -> str:
    """The name a student goes by (``preferred_name``, else ``name``), else their id."""
    rel = PurePosixPath(student, PLAN_FILE)
    try:
        fields = parse(rel, Kind.PLAN, decode(read_bytes(plans / rel))).fields
    except (OSError, DocumentProblem):
        return student
    info: Any = fields.get("student")
    if isinstance(info, dict):
        name = info.get("preferred_name") or info.get("name")
        if isinstance(name, str) and name.strip():
            return name.strip()
    return student


def areas_of(text: str) -> list[str]:
    """The ``areas`` of a filled weekly plan (empty when it cannot be read)."""
    try:
        fields = parse(PurePosixPath("x/weeks/x.md"), Kind.WEEK, text).fields
    except DocumentProblem:
        return []
    areas = fields.get("areas")
    return [a for a in areas if isinstance(a, str)] if isinstance(areas, list) else []


def handouts(
    plans: Path,
    template_name: str,
    week: str,
    students: Sequence[str],
    values: Mapping[str, str],
) -> list[Handout]:
    """The weekly plans of ``week`` for ``students``, made from the template."""
    template = template_text(plans, template_name)
    names_needed = "student_name" in placeholders(template)
    made = []
    for student in students:
        text = filled(
            template,
            {
                **values,
                "week": week,
                "student_id": student,
                "student_name": student_name(plans, student) if names_needed else student,
            },
            template_name=template_name,
        )
        areas = areas_of(text)
        name = f"{week}-{areas[0]}.md" if len(areas) == 1 else f"{week}.md"
        made.append(Handout(student, PurePosixPath(student, "weeks", name), text))
    return made

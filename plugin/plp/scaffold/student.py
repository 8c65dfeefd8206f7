"""A new student: checking the id a person typed, and the starter ``plan.md``."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from plp.format.layout import STUDENT_ID


def slug_for(text: str) -> str:
    """The nearest student id to ``text``: ``Zoë Martínez`` → ``zoe-martinez``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.strip().lower()).strip("-")
    return slug[:63].rstrip("-")


def id_problem(student_id: str) -> str | None:
    """Why ``student_id`` is not a valid student id, with the id that would do; ``None``
    when it is valid."""
    if STUDENT_ID.fullmatch(student_id):
        return None
    why = (
        f"'{student_id}' is not a student id: ids are 2 to 63 lowercase letters, digits and "
        "dashes, starting with a letter or digit"
    )
    guess = slug_for(student_id)
    if STUDENT_ID.fullmatch(guess):
        return f"{why}. Did you mean '{guess}'?"
    return f"{why}, for example ava-martinez."


@dataclass(frozen=True, slots=True)
class NewStudent:
    """What ``plp new student`` is told about a student."""

    id: str
    name: str
    graduation_year: int
    grade: int | None = None
    advisor: str | None = None
    git: tuple[str, ...] = ()


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def plan_text(student: NewStudent) -> str:
    """A starter ``plan.md`` that validates, with a commented example of a goal."""
    lines = [
        "---",
        "schema: 1",
        "student:",
        f"  id: {student.id}",
        f"  name: {_quoted(student.name)}",
    ]
    if student.grade is not None:
        lines.append(f"  grade: {student.grade}")
    lines.append(f"  graduation_year: {student.graduation_year}")
    if student.advisor:
        lines.append(f"  advisor: {student.advisor}")
    if student.git:
        lines.append(f"  git: [{', '.join(_quoted(who) for who in student.git)}]")
    lines += [
        "profile:",
        "  interests: []",
        "  strengths: []",
        "# Your goals. Each has at least an id, a title, a deadline and a status, for example:",
        "# goals:",
        "#   - id: read-more",
        "#     title: Read two books of my own choice this term",
        "#     kind: learning",
        "#     measure: Books finished",
        "#     baseline: 0 of 2",
        "#     target: 2 of 2",
        "#     deadline: 2027-01-29",
        "#     status: planned",
        "#     set_by: [student]",
        "---",
        "# My story",
        "",
        "Who you are, what you care about and where you want to go, in your own words.",
        "",
    ]
    return "\n".join(lines)

"""A new reflection file with the school's prompts, ready for the student to write in.

The prompts ask about progress and working habits, the two things a reflection's
``confidence`` and ``habits`` (1 to 5) rate; the body starts with one heading per prompt,
so the file is valid as made and the student writes under each heading.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath
from typing import Any

PROMPTS = {
    "daily": (
        "What did I work on today, and how far did I get?",
        "What got in my way, and what helped?",
        "What will I do first tomorrow?",
    ),
    "weekly": (
        "Which of this week's activities did I finish, and which are still open?",
        "How close am I to my goals' targets? What shows it?",
        "How were my working habits this week (starting on time, asking for help, "
        "keeping my planner)?",
        "What is my plan for next week, and who can help me with it?",
    ),
}


def reflection_rel(plans: Path, student: str, day: dt.date, kind: str) -> PurePosixPath:
    """A free file name for the reflection: ``<date>.md``, else ``<date>-<kind>[-N].md``."""
    folder = PurePosixPath(student, "reflections")
    names = [f"{day.isoformat()}.md", f"{day.isoformat()}-{kind}.md"]
    names += [f"{day.isoformat()}-{kind}-{n}.md" for n in range(2, 100)]
    for name in names:
        path = plans / folder / name
        if not path.exists() and not path.is_symlink():
            return folder / name
    raise FileExistsError(f"{student} has 100 reflections dated {day.isoformat()}")


def school_prompts(fields: dict[str, Any], kind: str) -> tuple[str, ...]:
    """The questions of a new ``kind`` reflection: the school's (``reflection_prompts`` in
    ``_school.yml``), or plp's on progress and working habits."""
    chosen = fields.get("reflection_prompts")
    given = chosen.get(kind) if isinstance(chosen, dict) else None
    if isinstance(given, list) and given and all(isinstance(p, str) and p for p in given):
        return tuple(given)
    return PROMPTS[kind]


def reflection_text(day: dt.date, kind: str, prompts: tuple[str, ...] | None = None) -> str:
    """The new reflection's text: fields with the prompts, then a heading per prompt."""
    year, week, _ = day.isocalendar()
    prompts = prompts or PROMPTS[kind]
    lines = [
        "---",
        f"date: {day.isoformat()}",
        f"kind: {kind}",
        f"week: {year}-W{week:02d}",
        "prompts:",
        *(f"  - {_quoted(prompt)}" for prompt in prompts),
        "# How sure are you of your progress, and how were your working habits (1 to 5)?",
        "# Remove the '#' and write a number:",
        "# confidence: 3",
        "# habits: 3",
        "# The goals this is about, by id:",
        "# goals: [my-goal]",
        "visibility: private",
        "---",
        "",
    ]
    for prompt in prompts:
        lines += [f"## {prompt}", "", ""]
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

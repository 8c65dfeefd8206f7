"""Where things live in a plans folder, and what each file is.

This module is the one place that knows the layout of PLAN-FORMAT.md::

    plans/_school.yml, plans/_templates/<name>.md,
    plans/<student>/plan.md, weeks/, reflections/, evidence/, conferences/, feedback/

Weekly plans are ``weeks/<YYYY>-W<WW>.md``, or ``weeks/<YYYY>-W<WW>-<area>.md`` when each
teacher of a departmentalized class hands out a plan for their own area.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

STUDENT_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
DATED_NAME = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<slug>[a-z0-9][a-z0-9-]*))?")
WEEK_NAME = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})")
#: A weekly plan's file name (without ``.md``): the week, and an area for a plan of one area.
WEEK_FILE_NAME = re.compile(r"(?P<week>\d{4}-W\d{2})(?:-(?P<area>[a-z0-9][a-z0-9-]*))?")

SCHOOL_FILE = "_school.yml"
TEMPLATES_DIR = "_templates"
PLAN_FILE = "plan.md"


class Kind(StrEnum):
    """What a file under ``plans/`` is."""

    SCHOOL = "school"
    TEMPLATE = "template"
    PLAN = "plan"
    WEEK = "week"
    REFLECTION = "reflection"
    EVIDENCE = "evidence"
    CONFERENCE = "conference"
    FEEDBACK = "feedback"
    ATTACHMENT = "attachment"  # a file beside an evidence page
    UNEXPECTED = "unexpected"  # a Markdown file where plp does not look
    IGNORED = "ignored"  # not part of any plan (a README beside the student folders)


#: Sub-folders of a student's folder holding one kind of Markdown file each.
FOLDER_KINDS = {
    "weeks": Kind.WEEK,
    "reflections": Kind.REFLECTION,
    "evidence": Kind.EVIDENCE,
    "conferences": Kind.CONFERENCE,
    "feedback": Kind.FEEDBACK,
}
#: Kinds whose files are Markdown with frontmatter.
MARKDOWN_KINDS = frozenset(
    {Kind.PLAN, Kind.WEEK, Kind.REFLECTION, Kind.EVIDENCE, Kind.CONFERENCE, Kind.FEEDBACK}
)


@dataclass(frozen=True, slots=True)
class PlanFile:
    """A file under the plans folder: its path relative to it, its kind and student."""

    rel: PurePosixPath
    kind: Kind

    @property
    def student(self) -> str | None:
        first = self.rel.parts[0]
        return None if first.startswith("_") or len(self.rel.parts) == 1 else first


def classify(rel: PurePosixPath) -> Kind:
    """The kind of the file at ``rel``, a path relative to the plans folder."""
    parts = rel.parts
    if not parts:
        return Kind.IGNORED
    if parts[0].startswith("_"):
        if parts == (SCHOOL_FILE,):
            return Kind.SCHOOL
        if parts[0] == TEMPLATES_DIR and len(parts) == 2 and rel.suffix == ".md":
            return Kind.TEMPLATE
        return Kind.IGNORED
    if len(parts) == 1 or any(part.startswith(".") for part in parts):
        return Kind.IGNORED
    is_markdown = rel.suffix == ".md"
    if len(parts) == 2 and parts[1] == PLAN_FILE:
        return Kind.PLAN
    folder_kind = FOLDER_KINDS.get(parts[1])
    if folder_kind is Kind.EVIDENCE and not is_markdown:
        return Kind.ATTACHMENT
    if folder_kind is not None and len(parts) == 3 and is_markdown:
        return folder_kind
    return Kind.UNEXPECTED if is_markdown else Kind.IGNORED


def walk(root: Path) -> Iterator[PurePosixPath]:
    """Every file below ``root``, relative to it, in a stable order; hidden folders skipped."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = PurePosixPath(Path(folder).relative_to(root).as_posix())
        for name in sorted(files):
            if not name.startswith("."):
                yield base / name


def plan_files(root: Path, rels: Iterable[PurePosixPath] | None = None) -> list[PlanFile]:
    """The files of the plans folder ``root`` (or the given ones), classified."""
    return [PlanFile(rel, classify(rel)) for rel in (walk(root) if rels is None else rels)]


def student_ids(root: Path) -> list[str]:
    """The ids of the students in the plans folder, sorted. A folder that is a link is
    not a student's: see :func:`linked_folders`."""
    if not root.is_dir():
        return []
    return sorted(
        entry.name
        for entry in os.scandir(root)
        if entry.is_dir(follow_symlinks=False) and not entry.name.startswith(("_", "."))
    )


def linked_folders(root: Path) -> list[str]:
    """Names of links to folders where students' folders go: plp never follows them (a
    link can lead to another student's folder, or out of the repository)."""
    if not root.is_dir():
        return []
    return sorted(
        entry.name
        for entry in os.scandir(root)
        if entry.is_symlink() and entry.is_dir() and not entry.name.startswith(("_", "."))
    )


def find_plans_folder(start: Path) -> Path | None:
    """The plans folder for someone working in ``start``: ``start/plans``, or the nearest
    folder above named ``plans`` (run inside a student's folder), or a ``plans`` folder
    beside a folder above (run in ``docs/``); ``None`` when there is none."""
    here = start.absolute()
    for folder in [here, *here.parents]:
        if folder.name == "plans" and folder.is_dir():
            return folder
        if (folder / "plans").is_dir():
            return folder / "plans"
    return None


def week_file(rel: PurePosixPath) -> tuple[str, str] | None:
    """``(week, area)`` of a weekly plan's path (``area`` is "" for a plan of every area),
    or None when the file name is not one of a weekly plan."""
    match = WEEK_FILE_NAME.fullmatch(rel.stem)
    return (match["week"], match["area"] or "") if match and rel.suffix == ".md" else None


def is_inside(target: Path, folder: Path) -> bool:
    """Whether ``target`` (with no ``..``) is in ``folder`` once links are followed."""
    try:
        parts = target.relative_to(folder).parts
    except ValueError:
        parts = ("..",)
    if ".." not in parts:
        # Below the folder, only a link can lead out: without one (as almost always),
        # there is no need to resolve the whole path, one system call per folder.
        current = os.fspath(folder)
        for part in parts:
            current = f"{current}/{part}"  # thousands of paths: no Path objects
            if os.path.islink(current):  # noqa: PTH114
                break
        else:
            return True
    return target.resolve().is_relative_to(folder.resolve())

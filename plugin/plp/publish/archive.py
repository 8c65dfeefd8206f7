"""The take-home archive of ``plp export``: a deterministic zip of what a student keeps.

The same inputs give the same bytes: entries in sorted order, every time stamp the same
(1980-01-01, the earliest a zip can hold), the same permissions, the same compression.
Symbolic links are never followed or stored: only plain files go in.
"""

from __future__ import annotations

import json
import os
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path

from plp.format.records import StudentRecord
from plp.history.events import Event

_WHEN = (1980, 1, 1, 0, 0, 0)
#: The comment of every archive plp writes: plp replaces only a file that has it.
COMMENT = b"plp export: a student's take-home archive"


def check_archive_place(out: Path, plans: Path) -> None:
    """Raise UsageError unless ``out`` may be written: a new file, or an archive plp wrote,
    ending in .zip, outside the plans folder, not through a symbolic link."""
    from plp.errors import UsageError

    if out.suffix.lower() != ".zip":
        raise UsageError(f"--out {out}: name a .zip file, such as {out.name or 'student'}.zip")
    if out.is_symlink():
        raise UsageError(f"{out} is a symbolic link: plp never writes through a link.")
    if out.absolute().resolve().is_relative_to(plans.resolve()):
        raise UsageError(f"{out} is inside the plans folder {plans}: put the archive elsewhere.")
    if not out.absolute().parent.is_dir():
        raise UsageError(f"there is no folder {out.absolute().parent} to put {out.name} in")
    if os.path.lexists(out):
        try:
            with zipfile.ZipFile(out) as existing:
                ours = existing.comment == COMMENT
        except (OSError, zipfile.BadZipFile):
            ours = False
        if not ours:
            raise UsageError(
                f"{out} exists and plp did not write it: plp never overwrites anyone's work. "
                "Name another file, or move that one away."
            )


def plain_files(folder: Path) -> list[tuple[str, Path]]:
    """``(relative name, path)`` of every plain file under ``folder``, no link followed."""
    found = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        base = Path(top)
        dirs[:] = [d for d in dirs if not (base / d).is_symlink()]
        for name in files:
            path = base / name
            if stat.S_ISREG(os.lstat(path).st_mode):
                found.append((path.relative_to(folder).as_posix(), path))
    return sorted(found)


def history_json(events: Iterable[Event]) -> str:
    return json.dumps([e.to_json() for e in events], indent=2, ensure_ascii=False) + "\n"


def history_markdown(record: StudentRecord, events: list[Event], complete: bool) -> str:
    """The history as a page a person reads (Markdown, which reads well as plain text)."""
    from plp.history.describe import month_of, sentence

    lines = [f"# How {record.plan.display_name}'s plan grew", ""]
    if not complete:
        lines += ["(The history is incomplete: it was read from a shallow clone.)", ""]
    month = ""
    for event in events:
        if month_of(event) != month:
            month = month_of(event)
            lines += ["", f"## {month}", ""]
        when = "not yet committed" if event.commit is None else event.date[:10]
        lines.append(f"- {when}: {sentence(event)}")
    if not events:
        lines.append("No history was found.")
    return "\n".join(lines) + "\n"


def readme(record: StudentRecord, site: bool) -> str:
    name = record.plan.display_name
    sid = record.plan.id
    parts = [
        f"{name}'s learning plan: everything to keep",
        "",
        "What is inside:",
        "",
    ]
    if site:
        parts += [
            "site/          Your private portfolio site. Open site/index.html in a web browser:",
            "               it works from this folder with no server and no internet, search",
            "               included. It holds your growth areas, supports, feedback and",
            "               conference notes: keep it private.",
        ]
    parts += [
        f"plan/{sid}/   Your plan as you wrote it: plan.md, weeks, reflections, evidence with",
        "               its files, conference notes and feedback (Markdown files with YAML",
        "               frontmatter, readable in any text editor).",
        "history.json   How your plan grew, one change per entry, for other tools.",
        "history.md     The same history as a page to read.",
        "",
        "Nothing in this archive belongs to another student.",
        "",
    ]
    return "\n".join(parts)


def write_archive(out: Path, entries: Iterable[tuple[str, bytes | Path]]) -> None:
    """Write the zip ``out`` (through a new file, then renamed) from ``(name, content)``."""
    ordered = sorted(entries, key=lambda entry: entry[0])
    partial = out.with_name(f".{out.name}.plp-new")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            archive.comment = COMMENT
            for name, content in ordered:
                info = zipfile.ZipInfo(name, date_time=_WHEN)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                info.create_system = 3  # Unix, whatever system writes it
                data = content.read_bytes() if isinstance(content, Path) else content
                archive.writestr(info, data, compresslevel=9)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)

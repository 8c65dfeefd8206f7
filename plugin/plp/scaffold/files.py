"""Writing new files without ever replacing one, each file atomically.

``plp init`` and ``plp new student`` make files in folders that may already hold someone's
work. Nothing is written when any of the files exists already, and each file appears whole
or not at all: it is written beside its place under a temporary name, then linked into
place, which fails rather than replace a file that appeared in the meantime.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


class FileInTheWay(Exception):
    """A file that would be replaced; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def existing(paths: list[Path]) -> list[Path]:
    """Those of ``paths`` that already exist (files, folders or links, even broken ones)."""
    return [path for path in paths if path.exists() or path.is_symlink()]


def write_new_files(files: Mapping[Path, str]) -> None:
    """Write each file of ``files`` (path to text), making folders as needed.

    Raises :class:`FileInTheWay` before writing anything when one already exists.
    """
    in_the_way = existing(list(files))
    if in_the_way:
        raise FileInTheWay(in_the_way[0])
    for path, text in files.items():
        write_new_file(path, text)


def write_new_file(path: Path, text: str, *, sync: bool = True) -> None:
    """Write ``text`` to ``path`` atomically; raise :class:`FileInTheWay` if it exists.

    With ``sync=False`` the file is not flushed to the disk one by one: a caller writing
    thousands of files syncs them all at once afterwards (:func:`sync_all`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            if hasattr(os, "fchmod"):  # not on Windows, where the mode is the usual one
                os.fchmod(out.fileno(), 0o666 & ~_umask())
            if sync:
                os.fsync(out.fileno())
        try:
            os.link(scratch, path)  # fails if path exists: never replaces a file
        except FileExistsError:
            raise FileInTheWay(path) from None
        except OSError:  # a file system without hard links: create it exclusively instead
            _write_exclusively(path, text)
    finally:
        Path(scratch).unlink(missing_ok=True)


def sync_all() -> None:
    """Flush every written file to the disk (where the system can: not on Windows, whose
    files are then flushed as usual)."""
    if hasattr(os, "sync"):
        os.sync()


def _write_exclusively(path: Path, text: str) -> None:
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        raise FileInTheWay(path) from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

"""The files a change touched under the plans folder, with both versions' contents.

A change is two revisions (``BASE..HEAD``), the index against HEAD (``--staged``), or the
working tree against HEAD. Paths come back relative to the plans folder.
"""

from __future__ import annotations

import contextlib
import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from plp.errors import UsageError
from plp.history.gitlog import BlobReader, GitError, git
from plp.history.identities import read_regular_file

_NO_BLOB = "0" * 40


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file of the plans folder that a change added (``old`` None), removed (``new``
    None) or edited."""

    rel: PurePosixPath  # relative to the plans folder
    old: bytes | None
    new: bytes | None

    @property
    def student(self) -> str | None:
        first = self.rel.parts[0]
        return None if first.startswith("_") or len(self.rel.parts) == 1 else first


@dataclass(frozen=True, slots=True)
class Range:
    """What to compare: ``head`` None means the working tree (or the index, ``staged``)."""

    base: str
    head: str | None
    staged: bool = False

    def describe(self) -> str:
        if self.head is not None:
            return f"{self.base[:12]}..{self.head[:12]}"
        return f"{self.base[:12]} against the {'index' if self.staged else 'working tree'}"


@functools.lru_cache(maxsize=8)
def repository(plans: Path) -> tuple[Path, str]:
    """The top of the repository holding ``plans``, and the plans folder's path in it
    (asked of Git once per folder: a command asks several times)."""
    try:
        top = Path(git(plans, "rev-parse", "--show-toplevel").strip())
    except (GitError, FileNotFoundError, NotADirectoryError):
        raise UsageError(
            f"{plans} is not in a Git repository: comparing revisions needs the plans' history"
        ) from None
    rel = plans.resolve().relative_to(top.resolve()).as_posix()
    return top, "" if rel == "." else rel


def resolve(top: Path, revision: str) -> str:
    """The commit ``revision`` names, or a usage error that says how to name one."""
    try:
        return git(top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                   f"{revision}^{{commit}}").strip()  # fmt: skip
    except GitError:
        raise UsageError(
            f"'{revision}' is not a commit of this repository: give a branch, tag or commit "
            "id (in a shallow clone, fetch the base first: git fetch --deepen or "
            "fetch-depth: 0)"
        ) from None


def default_base(top: Path) -> str:
    """The merge base of HEAD with the default branch (``origin/HEAD``, else ``main`` or
    ``master``, local or from ``origin``)."""
    candidates = []
    with contextlib.suppress(GitError):
        candidates.append(git(top, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD").strip())
    candidates += ["origin/main", "main", "origin/master", "master"]
    for candidate in candidates:
        try:
            return git(top, "merge-base", "HEAD", candidate).strip()
        except GitError:
            continue
    raise UsageError(
        "cannot find the default branch to compare with (no origin/HEAD, main or master): "
        "name the base, for example plp diff main"
    )


def changed_files(plans: Path, change: Range) -> list[FileChange]:
    """Every file under ``plans`` that ``change`` added, removed or edited, sorted by path."""
    top, prefix = repository(plans)
    spec = prefix or "."
    args = ["diff", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-ext-diff"]
    if change.head is not None:
        args += [change.base, change.head]
    elif change.staged:
        args += ["--cached", change.base]
    else:
        args += [change.base]
    try:
        raw = git(top, *args, "--", spec)
    except GitError as error:
        raise UsageError(f"git cannot compare these revisions: {error}") from None
    fields = raw.split("\0")
    found: list[tuple[str, str, str]] = []  # path, old blob, new blob
    for index in range(0, len(fields) - 1, 2):
        meta, path = fields[index], fields[index + 1]
        parts = meta.lstrip(":").split()
        if len(parts) < 5:
            continue
        found.append((path, parts[2], parts[3]))
    if change.head is None and not change.staged:
        untracked = git(top, "ls-files", "--others", "--exclude-standard", "-z", "--", spec)
        found += [(path, _NO_BLOB, _NO_BLOB) for path in untracked.split("\0") if path]
    changes = []
    with BlobReader(top) as reader:
        for path, old_blob, new_blob in found:
            old = None if old_blob == _NO_BLOB else reader.read(old_blob)
            if new_blob != _NO_BLOB:
                new: bytes | None = reader.read(new_blob)
            elif change.head is None:  # the working tree's version, never through a link
                new = read_regular_file(top / path)
            else:
                new = None
            rel = PurePosixPath(path[len(prefix) + 1 :] if prefix else path)
            if old != new:
                changes.append(FileChange(rel, old, new))
    return sorted(changes, key=lambda c: c.rel)


def read_at(top: Path, revision: str, paths: list[str]) -> dict[str, bytes]:
    """The contents of ``paths`` (repository paths) at ``revision``; absent ones left out."""
    if not paths:
        return {}
    done = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=top,
        input="".join(f"{revision}:{path}\n" for path in paths).encode(),
        capture_output=True,
        check=False,
    )
    out, found, at = done.stdout, {}, 0
    for path in paths:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[path] = out[at : at + size]
            at += size + 1
        # "<name> missing" (or a tree): nothing to read
    return found


def names_changed(top: Path, base: str, head: str) -> list[str]:
    """Every repository path that differs between ``base`` and ``head`` (both sides of a
    rename: moving a file out of a folder changes that folder too)."""
    try:
        raw = git(top, "diff", "--name-only", "-z", "--no-renames", base, head)
    except GitError as error:
        raise UsageError(f"git cannot compare these revisions: {error}") from None
    return [path for path in raw.split("\0") if path]


def plans_at(plans: Path, change: Range, students: list[str]) -> dict[str, bytes]:
    """Each student's ``plan.md`` as the compared head has it (on disk for the working
    tree and the index), by student id; a student without one is left out."""
    if change.head is None:
        found = {s: read_regular_file(plans / s / "plan.md") for s in students}
        return {s: data for s, data in found.items() if data is not None}
    top, prefix = repository(plans)
    base = f"{prefix}/" if prefix else ""
    read = read_at(top, change.head, [f"{base}{s}/plan.md" for s in students])
    return {path[len(base) :].split("/", 1)[0]: data for path, data in read.items()}

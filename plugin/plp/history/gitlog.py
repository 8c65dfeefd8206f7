"""Reading Git history in one pass: one ``git log``, one persistent ``git cat-file --batch``.

Only the checked-out branch is read (``HEAD``), never other branches. Each commit is
compared with its first parent, so a pull request merged with a merge commit shows its
changes in the student's commits on the branch, and none in the teacher's merge.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

NULL_SHA = "0" * 40
_RECORD, _FIELD = "\x1e", "\x1f"
_FORMAT = _RECORD + _FIELD.join(["%H", "%P", "%an", "%ae", "%aI"])


class GitError(Exception):
    """Git could not be run or answered with an error."""


@dataclass(frozen=True, slots=True)
class Change:
    """One file changed by a commit: its status (A, M, D, R), paths and blob ids."""

    status: str
    path: str
    old_path: str
    old_blob: str  # NULL_SHA when the file was added
    new_blob: str  # NULL_SHA when the file was removed


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit of the branch, with the changes it made to the plans."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str  # ISO 8601 with the author's offset
    changes: tuple[Change, ...]


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with no user configuration that could change its output."""
    done = subprocess.run(
        ["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", *args],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout.decode("utf-8", "surrogateescape")


def commits(repo: Path, pathspec: str, since: str | None = None) -> Iterator[Commit]:
    """Every commit of HEAD (after ``since``, a commit id) that changed ``pathspec``, oldest
    first, each with its changes against its first parent and renames detected."""
    revision = f"{since}..HEAD" if since else "HEAD"
    out = git(
        repo,
        "log",
        "--reverse",
        "--topo-order",
        "--full-history",
        "--no-abbrev",
        "-M",
        "--raw",
        "-z",
        f"--format={_FORMAT}",
        revision,
        "--",
        pathspec,
    )
    for record in out.split(_RECORD)[1:]:
        header, _, body = record.partition("\0")
        sha, parents, author, email, date = header.split(_FIELD)
        tokens = body.lstrip("\n").split("\0")
        changes = []
        index = 0
        while index < len(tokens) and tokens[index].startswith(":"):
            _, _, old_blob, new_blob, status = tokens[index][1:].split(" ")
            if status[0] in "RC":
                old_path, path = tokens[index + 1], tokens[index + 2]
                index += 3
            else:
                old_path = path = tokens[index + 1]
                index += 2
            changes.append(Change(status[0], path, old_path, old_blob, new_blob))
        yield Commit(sha, tuple(parents.split()), author, email, date, tuple(changes))


class BlobReader:
    """File contents by blob id, through one ``git cat-file --batch`` kept open."""

    def __init__(self, repo: Path) -> None:
        self._process = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=repo,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def read(self, blob: str) -> bytes:
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(blob.encode() + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3:
            raise GitError(f"cannot read blob {blob}: {b' '.join(header).decode()}")
        data = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after the contents
        return data

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        self._process.wait()
        if self._process.stdout:
            self._process.stdout.close()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def head(repo: Path) -> str | None:
    """The commit HEAD points at, or None in a repository with no commits yet."""
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", "HEAD").strip() or None
    except GitError:
        return None


def is_shallow(repo: Path) -> bool:
    return git(repo, "rev-parse", "--is-shallow-repository").strip() == "true"


def top_level(path: Path) -> Path | None:
    """The working tree that holds ``path``, or None outside any Git repository."""
    try:
        return Path(git(path, "rev-parse", "--show-toplevel").strip())
    except (GitError, FileNotFoundError, NotADirectoryError):
        return None


def is_ancestor(repo: Path, older: str, newer: str) -> bool:
    done = subprocess.run(
        ["git", "merge-base", "--is-ancestor", older, newer], cwd=repo, capture_output=True
    )
    return done.returncode == 0

"""Reading Git history in one pass: one ``git log``, one persistent ``git cat-file --batch``.

Only the checked-out branch is read (``HEAD``), never other branches. Each commit is
compared with its first parent, so a pull request merged with a merge commit shows its
changes in the student's commits on the branch, and none in the teacher's merge.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import subprocess
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

NULL_SHA = "0" * 40
#: Every field ends with a NUL, which no name, address, date or path can hold.
_FORMAT = "%x00".join(["%H", "%P", "%an", "%ae", "%aI"])
_SHA = re.compile(r"[0-9a-f]{40}")
_PARENTS = re.compile(r"(?:[0-9a-f]{40}(?: [0-9a-f]{40})*)?")
_RAW = re.compile(r":[0-7]{6} [0-7]{6} ([0-9a-f]{40}) ([0-9a-f]{40}) ([AMDTRC])[0-9]{0,3}")
#: What to do about a commit that history skips.
BAD_COMMIT_ADVICE = (
    "Its changes are left out of every timeline; the commits after it are read as usual. "
    "To tell its changes, rewrite the branch so that this commit has a real date, "
    "author and file names (for example with git rebase), or leave it as it is."
)


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


@dataclass(frozen=True, slots=True)
class BadCommit:
    """A commit that history cannot read, and why: it is skipped and reported."""

    sha: str  # "" when git's output did not even say which commit it was
    reason: str
    #: The paths it changes, when they could be read (None: not known).
    paths: tuple[str, ...] | None = field(default=None, compare=False)

    def touches(self, prefix: str) -> bool:
        """Whether it may change a file under ``prefix`` ("" for every file)."""
        return self.paths is None or any(path.startswith(prefix) for path in self.paths)

    def message(self) -> str:
        which = f"commit {self.sha}" if self.sha else "a commit"
        return f"history skips {which}: {self.reason}. {BAD_COMMIT_ADVICE}"


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with no user configuration that could change its output."""
    return _run(repo, *args).decode("utf-8", "surrogateescape")


def _run(repo: Path, *args: str) -> bytes:
    done = subprocess.run(
        ["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", *args],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def commits(repo: Path, since: str | None = None) -> Iterator[Commit | BadCommit]:
    """Every commit of HEAD (after ``since``, a commit id), oldest first, each with its
    changes against its first parent and renames detected; a commit that cannot be read
    comes as a :class:`BadCommit` instead.

    No pathspec limits the commits: Git would then compare every commit with its parent
    twice (once to tell whether it touches the path, once for its changes), and in a
    plans folder of many students each comparison reads the whole folder's listing. The
    caller keeps the changes it wants."""
    revision = f"{since}..HEAD" if since else "HEAD"
    out = _run(
        repo,
        "log",
        "--reverse",
        "--topo-order",
        "--no-abbrev",
        "-M",
        "--raw",
        "-z",
        f"--format={_FORMAT}",
        revision,
    )
    # Names and paths that are not UTF-8 are shown with a replacement character: they
    # only ever go into pages and JSON, which must be text.
    return parse_log(out.decode("utf-8", "replace"))


def parse_log(output: str) -> Iterator[Commit | BadCommit]:
    """The commits in the output of ``git log -z --raw`` with :data:`_FORMAT`, one at a
    time. Never raises: whatever cannot be read becomes a :class:`BadCommit`, and
    reading goes on at the next commit."""
    tokens = output.split("\0")
    index, end = 0, len(tokens)
    while index < end:
        sha = tokens[index].lstrip("\n")
        if not sha:
            index += 1
            continue
        if not _is_header(tokens, index):
            yield BadCommit(
                sha if _SHA.fullmatch(sha) else "", "git log printed something plp cannot read"
            )
            index = _next_header(tokens, index + 1)
            continue
        parents, author, email, date = tokens[index + 1 : index + 5]
        index += 5
        problem = _date_problem(date)
        changes: list[Change] = []
        unknown = False
        while index < end:
            token = tokens[index]
            token = token[1:] if token[:1] == "\n" else token
            if token[:1] != ":":
                break
            entry = _RAW.fullmatch(token)
            count = 2 if entry is not None and entry[3] in "RC" else 1
            if entry is None or index + count >= end:
                problem = problem or "git log described one of its changes in a way plp cannot read"
                unknown = True
                index = _next_header(tokens, index + 1)
                break
            old_path, path = tokens[index + 1], tokens[index + count]
            if not path or not old_path:
                problem = problem or "one of its files has no name"
                unknown = True
            changes.append(Change(entry[3], path, old_path, entry[1], entry[2]))
            index += 1 + count
        if problem:
            paths = None if unknown else tuple(p for c in changes for p in (c.path, c.old_path))
            yield BadCommit(sha, problem, paths)
        else:
            yield Commit(sha, tuple(parents.split()), author, email, date, tuple(changes))


def _is_header(tokens: list[str], index: int) -> bool:
    return (
        index + 4 < len(tokens)
        and _SHA.fullmatch(tokens[index].lstrip("\n")) is not None
        and _PARENTS.fullmatch(tokens[index + 1]) is not None
    )


def _next_header(tokens: list[str], start: int) -> int:
    for index in range(start, len(tokens)):
        if _is_header(tokens, index):
            return index
    return len(tokens)


def _date_problem(date: str) -> str:
    """Why ``date`` (an author date as git prints it) cannot be used, or ""."""
    try:
        when = dt.datetime.fromisoformat(date)
        if when.tzinfo is None:
            raise ValueError(date)
        when.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        shown = "".join(c if c.isprintable() else "?" for c in date[:40])
        return (
            f"its author date '{shown}' cannot be a real date (such as a year after 9999, "
            "or a time zone more than 24 hours from UTC)"
        )
    return ""


class BlobReader:
    """File contents by blob id, through one ``git cat-file --batch`` kept open.

    Blobs known to be needed are asked for together (:meth:`prefetch`): Git answers a
    stream of requests without waiting for each answer to be read.
    """

    def __init__(self, repo: Path) -> None:
        self._process = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=repo,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._ready: dict[str, bytes] = {}

    def prefetch(self, blobs: Sequence[str]) -> None:
        """Read ``blobs`` now, in one stream of requests, for :meth:`read` to return; a
        blob Git does not have is left for :meth:`read` to report."""
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        wanted = [blob for blob in blobs if _SHA.fullmatch(blob) and blob not in self._ready]
        if not wanted:
            return
        requests = "".join(f"{blob}\n" for blob in wanted).encode()
        # Git's answers fill its pipe while the requests are still being written: a
        # thread writes them while this one reads.
        writer = threading.Thread(target=_write_all, args=(stdin, requests), daemon=True)
        writer.start()
        try:
            for blob in wanted:
                header = stdout.readline().split()
                if len(header) != 3:
                    continue  # missing: read() asks again and says so
                data = stdout.read(int(header[2]))
                stdout.read(1)  # the newline after the contents
                self._ready[blob] = data
        except BaseException:
            self._process.kill()  # else the writer could wait for Git forever
            raise
        finally:
            writer.join()

    def forget(self) -> None:
        """Let go of the contents read ahead."""
        self._ready = {}

    def read(self, blob: str) -> bytes:
        ready = self._ready.get(blob)
        if ready is not None:
            return ready
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        if "\n" in blob or "\r" in blob:  # one request a line: never ask for two
            raise GitError(f"cannot read {blob!r}: its name holds a line break")
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


def _write_all(stream: IO[bytes], data: bytes) -> None:
    with contextlib.suppress(OSError):  # Git went away: the reader says what is missing
        stream.write(data)
        stream.flush()


def head(repo: Path) -> str | None:
    """The commit HEAD points at, or None in a repository with no commits yet."""
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", "HEAD").strip() or None
    except GitError:
        return None


@dataclass(frozen=True, slots=True)
class Places:
    """What one ``git rev-parse`` says about a repository."""

    shallow: bool
    git_dir: Path  # the worktree's own Git folder
    private: Path  # ``name`` inside it: no commit can put a file there


def places(repo: Path, name: str) -> Places:
    """Whether ``repo`` is a shallow clone, its Git folder, and where ``name`` goes in
    it (``.git/name`` in a plain checkout, the worktree's own folder in a linked
    worktree), in one call."""
    lines = git(
        repo, "rev-parse", "--is-shallow-repository", "--git-dir", "--git-path", name
    ).splitlines()
    return Places(
        lines[0] == "true",
        Path(os.path.normpath(repo / lines[1])),  # never resolve(): it follows links
        Path(os.path.normpath(repo / lines[2])),
    )


def top_level(path: Path) -> Path | None:
    """The working tree that holds ``path``, or None outside any Git repository."""
    try:
        return Path(git(path, "rev-parse", "--show-toplevel").strip())
    except (GitError, FileNotFoundError, NotADirectoryError):
        return None

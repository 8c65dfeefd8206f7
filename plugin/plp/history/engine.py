"""The history of every student's plan, from one pass over the branch's commits.

:class:`HistoryStore` reads the commits once (``git log`` plus one ``git cat-file
--batch``), turns each change to a plan file into semantic events, and keeps the result
in a cache keyed by commit id: a rebuild with no new commits does no history work, and
new commits that descend from the cached one are processed alone. Changes not yet
committed are read from the working tree each time and marked as such.

The cache keeps who made each commit as Git recorded it (name and e-mail address); who
that is for the school (a student, a teacher, somebody unknown) is worked out each time
the history is read, from the identities as they are then. So a new student, a new
member of staff or a login added to a plan costs a new attribution, never a new walk.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import re
import stat
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from plp.format.layout import Kind, PlanFile, classify
from plp.history import gitlog
from plp.history.events import (
    Event,
    Stamp,
    content_events,
    file_event,
    parse_version,
)
from plp.history.identities import (
    Identities,
    identities_from,
    identity_records,
    read_regular_file,
)

#: Bumped whenever events are computed differently, so that old caches are not used.
CACHE_VERSION = 5  # 5: authors kept as Git recorded them, attributed when read
#: The cache's folder inside the repository's Git directory (``.git/plp/history``), where
#: no commit can put a file: a cache is never read from the work tree.
CACHE_GIT_PATH = "plp/history"
#: Commits walked between two batched reads of the file versions they need.
BLOB_BATCH_COMMITS = 2000

SHALLOW_MESSAGE = (
    "this repository is a shallow clone, so the history of the plans would be cut short. "
    "Fetch the whole history: in GitHub Actions, give actions/checkout 'fetch-depth: 0'; "
    "elsewhere run 'git fetch --unshallow --filter=blob:none'. Or build with "
    "--allow-shallow, and the pages will say that the history is incomplete."
)


class HistoryError(Exception):
    """History that cannot be built as asked (a shallow clone without --allow-shallow)."""


@dataclass(frozen=True, slots=True)
class PlanVersion:
    """A version of a student's plan.md: when it was committed, and its blob."""

    date: str
    commit: str
    blob: str


@dataclass(slots=True)
class StudentHistory:
    """One student's events, oldest first, and the versions of their plan.md."""

    events: list[Event] = field(default_factory=list)
    plan_versions: list[PlanVersion] = field(default_factory=list)
    #: False for a shallow clone built with --allow-shallow: earlier history is missing.
    complete: bool = True
    #: Why there is no history at all ("" when there is one).
    unavailable: str = ""


#: Who made each commit, as Git recorded it: commit id -> (name, e-mail address).
Authors = dict[str, tuple[str, str]]
#: A student's history as it is cached: events not yet attributed, plan versions, authors.
Raw = tuple[list[Event], list[PlanVersion], Authors]


def utc(date: str) -> dt.datetime:
    return dt.datetime.fromisoformat(date).astimezone(dt.UTC)


def _sorted(events: Iterable[Event]) -> list[Event]:
    indexed = list(enumerate(events))
    indexed.sort(key=lambda pair: (utc(pair[1].date), pair[0]))
    return [event for _, event in indexed]


class _Walker:
    """Turns commits into events, parsing each version of a file once."""

    def __init__(self, plans_rel: str, reader: gitlog.BlobReader) -> None:
        self.prefix = f"{plans_rel}/" if plans_rel not in ("", ".") else ""
        self.reader = reader
        self.latest: dict[str, tuple[str, tuple[dict[str, Any], str] | None]] = {}
        self.events: dict[str, list[Event]] = {}
        self.versions: dict[str, list[PlanVersion]] = {}
        #: Who made the commits each student's events come from, as Git recorded it.
        self.authors: dict[str, Authors] = {}
        #: How many commits were read (a diagnostic for tests and benchmarks).
        self.commits_read = 0
        self._files: dict[str, PlanFile | None] = {}
        #: Students whose plan.md was deleted, with its last blob and the student's name:
        #: a plan added again for the same name continues, another name starts afresh.
        self.removed: dict[str, tuple[str, str]] = {}
        #: Students whose history starts again in these commits (a new student, old id).
        self.restarted: set[str] = set()
        #: Commits that could not be read, skipped.
        self.skipped: list[gitlog.BadCommit] = []

    def parsed(self, path: str, kind: Kind, blob: str) -> tuple[dict[str, Any], str] | None:
        cached = self.latest.get(path)
        if cached is not None and cached[0] == blob:
            return cached[1]
        result = parse_version(kind, self.reader.read(blob))
        self.latest[path] = (blob, result)
        return result

    def plan_file(self, path: str) -> PlanFile | None:
        if path in self._files:  # most paths change many times: classified once
            return self._files[path]
        file: PlanFile | None = None
        if path.startswith(self.prefix):
            rel = PurePosixPath(path[len(self.prefix) :])
            file = PlanFile(rel, classify(rel))
        self._files[path] = file if file is not None and file.student else None
        return self._files[path]

    def walk(self, commits: Iterable[gitlog.Commit | gitlog.BadCommit]) -> None:
        """Read ``commits``, a batch at a time: the file versions a batch needs are asked
        of Git at once (one request each would wait for Git's answer every time)."""
        batch: list[gitlog.Commit | gitlog.BadCommit] = []
        for commit in commits:
            batch.append(commit)
            if len(batch) == BLOB_BATCH_COMMITS:
                self._walk_batch(batch)
                batch = []
        self._walk_batch(batch)

    def _walk_batch(self, batch: list[gitlog.Commit | gitlog.BadCommit]) -> None:
        self.reader.prefetch(self._blobs_needed(batch))
        for commit in batch:
            if isinstance(commit, gitlog.BadCommit):
                if commit.touches(self.prefix):  # one that changes no plan is no loss
                    self.skipped.append(commit)
                continue
            self.commits_read += 1
            for change in commit.changes:
                try:
                    self.change(commit, change)
                except Exception:  # one odd version must not stop a school's history
                    continue
        self.reader.forget()  # the versions read ahead are not kept

    def _blobs_needed(self, batch: list[gitlog.Commit | gitlog.BadCommit]) -> list[str]:
        """The versions the changes of ``batch`` will read, as far as can be told before:
        a version that is not asked for here is still read, one request at a time."""
        planned: dict[str, str] = {}  # the version of each path this batch comes to

        def last(path: str) -> str | None:
            if path in planned:
                return planned[path]
            cached = self.latest.get(path)
            return cached[0] if cached is not None else None

        wanted: dict[str, None] = {}
        for commit in batch:
            if isinstance(commit, gitlog.BadCommit):
                continue
            for change in commit.changes:
                file = self.plan_file(change.path)
                if file is None or file.kind not in (Kind.PLAN, Kind.WEEK, Kind.EVIDENCE):
                    continue
                for path, blob in (
                    (change.old_path, change.old_blob),
                    (change.path, change.new_blob),
                ):
                    if blob != gitlog.NULL_SHA and last(path) != blob:
                        wanted[blob] = None
                planned[change.path] = change.new_blob
        return list(wanted)

    def change(self, commit: gitlog.Commit, change: gitlog.Change) -> None:
        new = self.plan_file(change.path)
        old = self.plan_file(change.old_path) if change.status == "R" else new
        if change.status == "R" and (
            new is None or old is None or (old.student, old.kind) != (new.student, new.kind)
        ):  # moved to another student or kind: a removal and an addition
            if old is not None:
                self.change(
                    commit,
                    gitlog.Change(
                        "D", change.old_path, change.old_path, change.old_blob, gitlog.NULL_SHA
                    ),
                )
            if new is not None:
                self.change(
                    commit,
                    gitlog.Change("A", change.path, change.path, gitlog.NULL_SHA, change.new_blob),
                )
            return
        if new is None or new.student is None:
            return
        student = new.student
        if new.kind is Kind.PLAN and change.status == "D":
            self.removed[student] = (
                change.old_blob,
                self.student_name(change.path, change.old_blob),
            )
            self.latest.pop(change.path, None)
            return
        if new.kind is Kind.PLAN and change.status == "A" and student in self.removed:
            old_blob, old_name = self.removed.pop(student)
            name = self.student_name(change.path, change.new_blob)
            if old_name and name and old_name != name:
                # Another student given a used id starts afresh, and never sees the
                # history of the one before.
                self.events[student], self.versions[student] = [], []
                self.authors[student] = {}
                self.restarted.add(student)
            else:  # the same plan put back: its history goes on from where it was
                change = gitlog.Change("M", change.path, change.path, old_blob, change.new_blob)
        # Who made it is worked out when the history is read (see _attributed).
        stamp = Stamp(commit.sha, commit.date, commit.author, "", student, change.path)
        self.authors.setdefault(student, {})[commit.sha] = (commit.author, commit.email)
        found = self.events.setdefault(student, [])
        found.extend(self.file_events(stamp, new.kind, change))
        if new.kind is Kind.PLAN:
            self.versions.setdefault(student, []).append(
                PlanVersion(commit.date, commit.sha, change.new_blob)
            )

    def student_name(self, path: str, blob: str) -> str:
        """The student's name in a version of plan.md ("" when it cannot be read)."""
        try:
            parsed = self.parsed(path, Kind.PLAN, blob)
        except gitlog.GitError:
            return ""
        info = parsed[0].get("student") if parsed else None
        name = info.get("name") if isinstance(info, dict) else None
        return " ".join(name.casefold().split()) if isinstance(name, str) else ""

    def file_events(self, stamp: Stamp, kind: Kind, change: gitlog.Change) -> Iterator[Event]:
        status = change.status
        if kind in (Kind.PLAN, Kind.WEEK):
            if status == "R":
                yield stamp.event(f"{kind.value}.renamed", from_path=change.old_path)
            if status == "D":
                yield stamp.event(f"{kind.value}.removed")
                self.latest.pop(change.path, None)
                return
            if kind is Kind.WEEK and status == "A":
                yield stamp.event("week.added")
                return
            old = None
            if change.old_blob != gitlog.NULL_SHA:
                old = self.parsed(change.old_path, kind, change.old_blob)
            new = self.parsed(change.path, kind, change.new_blob)
            if new is None or (old is None and status != "A"):
                return  # a version that cannot be read has no events to tell
            yield from content_events(stamp, kind, old, new)
            return
        event = file_event(stamp, kind, status, change.old_path)
        if event is not None and kind is Kind.EVIDENCE:  # named by its title, not its file
            blob = change.old_blob if status == "D" else change.new_blob
            parsed = self.parsed(change.old_path if status == "D" else change.path, kind, blob)
            title = parsed[0].get("title") if parsed else None
            event = (
                replace(event, title=" ".join(title.split())) if isinstance(title, str) else event
            )
        if event is not None:
            yield event


class _Cache:
    """Events and plan versions per student, and the commit they are up to date with.

    The folder is inside the Git directory. Even there, no link is ever followed: a
    folder or file that is a link makes the cache unusable (history is then read in
    full each time), and only files named in ``state.json`` are ever deleted.
    """

    def __init__(self, folder: Path, git_dir: Path) -> None:
        self.folder = folder
        self.git_dir = git_dir
        self._state: dict[str, Any] | None = None

    def state(self) -> dict[str, Any]:
        if self._state is None:
            try:
                state = json.loads(_read_no_link(self.folder / STATE_FILE))
            except (OSError, ValueError):
                state = {}
            ok = isinstance(state, dict) and state.get("version") == CACHE_VERSION
            self._state = state if ok and isinstance(state.get("students"), dict) else {}
        return self._state

    def load(
        self,
        student: str,
        attribute: Callable[[Authors, str | None], tuple[str, str]] | None = None,
    ) -> Raw:
        """A student's cached history; with ``attribute``, each event's role and author
        are what it says of the event's commit (as they are set, not replaced after)."""
        name = self.state().get("students", {}).get(student)
        if not isinstance(name, str):
            return [], [], {}
        try:
            data = json.loads(_read_no_link(self.folder / name))
            authors = {str(sha): (str(n), str(e)) for sha, (n, e) in data["authors"].items()}
            found = data.get("events", [])
            if attribute is not None:
                for event in found:
                    event["role"], event["author"] = attribute(authors, event.get("commit"))
            events = [Event.from_cache(e) for e in found]
            versions = [PlanVersion(*v) for v in data.get("plan_versions", [])]
        except (OSError, ValueError, TypeError, AttributeError, KeyError):
            return [], [], {}
        return events, versions, authors

    def identity_records(self) -> dict[str, Any]:
        """What the identity files said when last read (see :func:`identity_records`)."""
        try:
            records = json.loads(_read_no_link(self.folder / IDENTITIES_FILE))
        except (OSError, ValueError):
            return {}
        return records if isinstance(records, dict) else {}

    def save_identity_records(self, records: Mapping[str, Any]) -> None:
        if _real_folders(self.git_dir, self.folder):
            with suppress(OSError):  # not written: read again next time
                _write_atomically(self.folder / IDENTITIES_FILE, json.dumps(records))

    def save(self, state: dict[str, Any], students: dict[str, Raw], replace_all: bool) -> bool:
        """Write the cache; False when it cannot be written (it is then left as it was, or
        marked out of date)."""
        if not _real_folders(self.git_dir, self.folder):
            return False  # a link where the cache goes: never write through it
        try:
            self._save(state, students, replace_all)
        except OSError:
            return False
        return True

    def _save(self, state: dict[str, Any], students: dict[str, Raw], replace_all: bool) -> None:
        old = self.state()
        # Say first that the files are being rewritten: if this is cut short, the next run
        # starts again instead of adding new events twice to what it half wrote.
        _write_atomically(self.folder / STATE_FILE, json.dumps({"version": CACHE_VERSION}))
        files: dict[str, str] = {} if replace_all else dict(old.get("students", {}))
        for student, (events, versions, authors) in students.items():
            data = {
                "events": [e.to_cache() for e in events],
                "plan_versions": [[v.date, v.commit, v.blob] for v in versions],
                "authors": authors,
            }
            files[student] = _student_file(student)
            _write_atomically(self.folder / files[student], json.dumps(data))
        for name in set(old.get("students", {}).values()) - set(files.values()):
            _remove_own_file(self.folder, name)
        self._state = {**state, "students": files, "version": CACHE_VERSION}
        _write_atomically(self.folder / STATE_FILE, json.dumps(self._state))


STATE_FILE = "state.json"
#: What the files that say who is who said, with their sizes and times.
IDENTITIES_FILE = "identities.json"


def _student_file(student: str) -> str:
    """A student's cache file: a name made by plp, whatever the student's folder is called."""
    return (
        "student-" + hashlib.sha256(student.encode("utf-8", "replace")).hexdigest()[:24] + ".json"
    )


def _real_folders(base: Path, folder: Path) -> bool:
    """Make ``folder`` and the folders between it and ``base``; False when one of them is
    a link or not a folder."""
    if not folder.is_relative_to(base):
        return False
    current = base
    for part in folder.relative_to(base).parts:
        current = current / part
        try:
            info = current.lstat()
        except FileNotFoundError:
            try:
                current.mkdir()
            except OSError:
                return False
            continue
        except OSError:
            return False
        if not stat.S_ISDIR(info.st_mode):
            return False
    return True


def _read_no_link(path: Path) -> str:
    handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(handle, encoding="utf-8") as stream:
        return stream.read()


def _remove_own_file(folder: Path, name: str) -> None:
    """Remove a cache file plp wrote: a regular file with a name plp makes, never a link."""
    if not re.fullmatch(r"student-[0-9a-f]{24}\.json", name):
        return
    path = folder / name
    try:
        if stat.S_ISREG(path.lstat().st_mode):
            path.unlink()
    except OSError:
        pass


def _write_atomically(path: Path, text: str) -> None:
    """Write a new file and rename it over ``path``: a link at ``path`` is replaced, never
    followed."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class HistoryStore:
    """The history of every student of a plans folder, kept up to date with HEAD."""

    def __init__(self, plans: Path, *, allow_shallow: bool = False, cache: bool = True) -> None:
        self.plans = plans.resolve()
        self.repo = gitlog.top_level(self.plans)
        self.head: str | None = None
        self.shallow = False
        self.unavailable = ""
        self.worked = False  # whether this store had to read commits (for tests, benchmarks)
        #: How many commits this store read from Git (a diagnostic for tests, benchmarks).
        self.commits_read = 0
        #: Commits that history could not read and skipped, each to be reported once.
        self.skipped: list[gitlog.BadCommit] = []
        self._fresh: dict[str, Raw] | None = None
        self._identities: Identities | None = None  # read on first use
        self._reader: gitlog.BlobReader | None = None  # for plan_at, made on first use
        self._reader_pid = 0  # the process that made it
        if self.repo is None:
            self.unavailable = "the plans are not in a Git repository"
            return
        self.plans_rel = self.plans.relative_to(self.repo.resolve()).as_posix()
        self.plans_rel = "" if self.plans_rel == "." else self.plans_rel
        self.head = gitlog.head(self.repo)
        places = gitlog.places(self.repo, CACHE_GIT_PATH)
        self.shallow = self.head is not None and places.shallow
        if self.shallow and not allow_shallow:
            raise HistoryError(SHALLOW_MESSAGE)
        self._cache: _Cache | None = None
        if cache:
            key = hashlib.sha256(self.plans_rel.encode("utf-8", "replace")).hexdigest()[:16]
            self._cache = _Cache(places.private / key, places.git_dir)
        self._update()
        self._uncommitted: dict[str, list[Event]] | None = None  # read on first use

    def _update(self) -> None:
        assert self.repo is not None
        state = self._cache.state() if self._cache else {}
        same_depth = state.get("shallow") == self.shallow
        if state.get("head") == self.head and same_depth:
            self.skipped = _bad_commits(state.get("skipped"))
            return  # up to date: nothing to read
        since = state.get("head") if same_depth else None
        since = since if isinstance(since, str) and re.fullmatch(r"[0-9a-f]{40}", since) else None
        new_commits = self._commits_since(since) if since and self.head else None
        if new_commits is None:
            since = None  # history was rewritten (or there is no cache): start again
        fresh: dict[str, Raw] = {}
        removed = _removed_plans(state.get("removed")) if since else {}
        skipped = _bad_commits(state.get("skipped")) if since else []
        if self.head is not None:
            self.worked = True
            with gitlog.BlobReader(self.repo) as reader, _no_collection():
                walker = _Walker(self.plans_rel, reader)
                walker.removed = removed
                walker.walk(gitlog.commits(self.repo) if new_commits is None else new_commits)
            self.commits_read = walker.commits_read
            removed, skipped = walker.removed, [*skipped, *walker.skipped]
            for student in set(walker.events) | set(walker.versions):
                carry = since is not None and student not in walker.restarted
                cache = self._cache
                before = cache.load(student) if (carry and cache is not None) else ([], [], {})
                fresh[student] = (
                    _sorted([*before[0], *walker.events.get(student, [])]),
                    [*before[1], *walker.versions.get(student, [])],
                    {**before[2], **walker.authors.get(student, {})},
                )
        self.skipped = skipped
        self._fresh = fresh if not self._cache else None
        if self._cache:
            state = {
                "head": self.head,
                "shallow": self.shallow,
                "removed": {student: list(value) for student, value in removed.items()},
                "skipped": [[bad.sha, bad.reason] for bad in skipped],
            }
            if not self._cache.save(state, fresh, replace_all=since is None):
                # A cache that cannot be written: keep this run's history in memory.
                carried = self._cache.state().get("students", {}) if since else {}
                self._fresh = {**{s: self._cache.load(s) for s in carried}, **fresh}
                self._cache = None

    def _commits_since(self, since: str) -> list[gitlog.Commit | gitlog.BadCommit] | None:
        """The commits of HEAD after ``since``, or None when ``since`` is not one of
        HEAD's commits (history was rewritten). ``since`` is one when one of the commits
        after it has it as a parent: no second walk of the history is needed to know."""
        assert self.repo is not None
        if since == self.head:
            return []
        try:
            found = list(gitlog.commits(self.repo, since))
        except gitlog.GitError:
            return None  # not a commit of this repository any more
        parents = {p for c in found if isinstance(c, gitlog.Commit) for p in c.parents}
        return found if since in parents else None

    def identities(self) -> Identities:
        """Who is who in the plans as they are now: only the files changed since the
        last time are read (their sizes and times are kept with the cache)."""
        if self._identities is None:
            known = self._cache.identity_records() if self._cache else {}
            records, read = identity_records(self.plans, known)
            if read and self._cache:
                self._cache.save_identity_records(records)
            self._identities = identities_from(records)
        return self._identities

    def _read_uncommitted(self) -> dict[str, list[Event]]:
        assert self.repo is not None
        out = gitlog.git(
            self.repo,
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--",
            self.plans_rel or ".",
        )
        found: dict[str, list[Event]] = {}
        entries = [entry for entry in out.split("\0") if entry]
        with gitlog.BlobReader(self.repo) as reader:
            walker = _Walker(self.plans_rel, reader)
            for entry in entries:
                code, path = entry[:2], entry[3:]
                file = walker.plan_file(path)
                if file is None or file.student is None:
                    continue
                on_disk = self.repo / path
                status = (
                    "D"
                    if not os.path.lexists(on_disk)
                    else ("A" if "?" in code or "A" in code else "M")
                )
                if self.head is None:
                    status = "A" if status != "D" else "D"
                when = _modified(on_disk)
                stamp = Stamp(
                    None, when.isoformat(timespec="seconds"), "", "unknown", file.student, path
                )
                old_blob = gitlog.NULL_SHA if status == "A" else f"HEAD:{path}"
                try:
                    events = list(
                        _working_events(walker, stamp, file.kind, status, path, old_blob, on_disk)
                    )
                except (OSError, gitlog.GitError):
                    continue  # a file that cannot be read has no events to tell
                found.setdefault(file.student, []).extend(events)
        return found

    def forget_working_tree(self) -> None:
        """Read changes not yet committed (and who is who) again on next use (a live
        preview, after a save)."""
        self._uncommitted = None
        self._identities = None

    def student(self, student: str) -> StudentHistory:
        """The history of ``student``: committed events, then those not yet committed."""
        if self.unavailable:
            return StudentHistory(unavailable=self.unavailable)
        attribute = _Attribution(self.identities(), student)
        if self._cache is not None:
            events, versions, _ = self._cache.load(student, attribute)
        else:
            events, versions, authors = (self._fresh or {}).get(student, ([], [], {}))
            named = [attribute(authors, event.commit) for event in events]
            events = [
                replace(e, role=role, author=name)
                for e, (role, name) in zip(events, named, strict=True)
            ]
        if self._uncommitted is None:
            self._uncommitted = self._read_uncommitted()
        return StudentHistory(
            events=[*events, *self._uncommitted.get(student, [])],
            plan_versions=versions,
            complete=not self.shallow,
        )

    def plan_at(self, version: PlanVersion) -> dict[str, Any] | None:
        """The fields of plan.md as they were in ``version``."""
        if self.repo is None:
            return None
        reader = self._reader
        if reader is None or self._reader_pid != os.getpid():
            # One Git process for every student's call, not one each; a process forked
            # from this one (plp build --jobs N) starts its own, never shares the pipe.
            self._reader = reader = gitlog.BlobReader(self.repo)
            self._reader_pid = os.getpid()
            weakref.finalize(self, reader.close)
        try:
            data = reader.read(version.blob)
        except BaseException:
            self._reader = None  # the next call starts a new one
            with suppress(Exception):
                reader.close()
            raise
        parsed = parse_version(Kind.PLAN, data)
        return parsed[0] if parsed else None


class _Attribution:
    """Who made a commit, for one student, as the school knows them now: the role and
    name of its author (Git's name and ``unknown`` when the school does not know them)."""

    def __init__(self, identities: Identities, student: str) -> None:
        self.identities = identities
        self.student = student
        self._known: dict[tuple[str, str], tuple[str, str]] = {}

    def __call__(self, authors: Authors, commit: str | None) -> tuple[str, str]:
        author = authors.get(commit or "", ("", ""))
        who = self._known.get(author)
        if who is None:
            who = self._known[author] = self.identities.attribute(*author, self.student)
        return who


@contextmanager
def _no_collection() -> Iterator[None]:
    """No cyclic garbage collection while commits are read: the walk makes no cycles, and
    each collection would go through every event made so far."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _removed_plans(value: object) -> dict[str, tuple[str, str]]:
    if not isinstance(value, dict):
        return {}
    return {
        str(student): (str(pair[0]), str(pair[1]))
        for student, pair in value.items()
        if isinstance(pair, list) and len(pair) == 2
    }


def _bad_commits(value: object) -> list[gitlog.BadCommit]:
    if not isinstance(value, list):
        return []
    return [
        gitlog.BadCommit(str(item[0]), str(item[1]))
        for item in value
        if isinstance(item, list) and len(item) == 2
    ]


def _modified(path: Path) -> dt.datetime:
    """When a file not yet committed was last changed (now, when its time is not a date)."""
    try:
        return dt.datetime.fromtimestamp(path.lstat().st_mtime, tz=dt.UTC).astimezone()
    except FileNotFoundError:
        return dt.datetime.fromtimestamp(0, tz=dt.UTC).astimezone()
    except (OSError, OverflowError, ValueError):
        return dt.datetime.now(dt.UTC).astimezone()


def _working_events(
    walker: _Walker, stamp: Stamp, kind: Kind, status: str, path: str, old_blob: str, on_disk: Path
) -> Iterator[Event]:
    """Events of a change in the working tree (compared with HEAD)."""
    if kind in (Kind.PLAN, Kind.WEEK):
        if status == "D":
            yield stamp.event(f"{kind.value}.removed")
            return
        data = read_regular_file(on_disk)
        if data is None:
            return  # not a regular file: a link is never followed
        new = parse_version(kind, data)
        old = parse_version(kind, walker.reader.read(old_blob)) if status == "M" else None
        if new is None or (status == "M" and old is None):
            return
        yield from content_events(stamp, kind, old, new)
        return
    event = file_event(stamp, kind, status)
    if event is not None:
        yield event


_SHARED: dict[tuple[Path, bool], HistoryStore] = {}


def shared_store(plans: Path, allow_shallow: bool = False) -> HistoryStore:
    """One store per plans folder and process, renewed when HEAD moves: building many
    students' sites reads the history once."""
    key = (plans.resolve(), allow_shallow)
    store = _SHARED.get(key)
    if store is None or store.repo is None or gitlog.head(store.repo) != store.head:
        store = _SHARED[key] = HistoryStore(plans, allow_shallow=allow_shallow)
    return store

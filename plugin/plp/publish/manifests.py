"""What each student's site was built from, so that a rebuild redoes only the sites whose
inputs changed.

``plp build`` writes one manifest per student to ``<sites>/.plp-manifest/<student>.json``:
beside the sites, never inside one (a student's folder is what a school uploads or
zips, and the manifest says nothing a site needs). A manifest holds the site's inputs:

- a digest of the student's folder as it is on disk (uncommitted edits included: plp
  builds the working tree),
- a digest of the school-wide files of the plans folder (``_school.yml``, ``_templates/``),
- the commit the history was read up to: a site is still up to date at a later commit
  when no commit since touched the student's folder (who made each change depends only
  on ``_school.yml`` and the student's own plan, both inputs of their own; an edit not
  yet committed is in the student's files),
- the day the site was built for (pages say what is due soon and this week),
- the build options and the site generator's settings that change pages, and the
  versions of plp, the generator and its theme.

A site is up to date when its manifest holds exactly the inputs of this build and the
site is still there. Anything unknown (no manifest, an unreadable one, another version of
this format) means "build it again": a manifest can only ever save work, never keep a
stale site.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plp.format.layout import student_ids
from plp.publish.outputs import SITE_MARKER, SITES_MARKER, remove_site

if TYPE_CHECKING:
    from plp.history.engine import HistoryStore

#: The folder of the manifests, in the sites folder (a name no student id can have).
MANIFEST_DIR = ".plp-manifest"
#: Bumped whenever manifests are written differently: an older one then never matches.
MANIFEST_VERSION = 1

Inputs = dict[str, Any]


def folder_digest(folder: Path) -> str:
    """A digest of every file under ``folder``: names, kinds and contents. A symbolic link
    counts by where it points (it is never followed); a folder that cannot be read counts
    as such, so that it differs from any folder that can."""
    digest = hashlib.blake2b(digest_size=16)
    _add_folder(digest, folder, "")
    return digest.hexdigest()


def _add_folder(digest: Any, folder: Path, prefix: str) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        digest.update(f"unreadable {prefix} {error.errno}\0".encode())
        return
    for entry in entries:
        name = f"{prefix}{entry.name}"
        encoded = name.encode("utf-8", "surrogateescape")
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError:
            digest.update(b"gone\0" + encoded + b"\0")
            continue
        if stat.S_ISLNK(mode):
            target = str(Path(entry.path).readlink()).encode("utf-8", "surrogateescape")
            digest.update(b"link\0" + encoded + b"\0" + target + b"\0")
        elif stat.S_ISDIR(mode):
            digest.update(b"dir\0" + encoded + b"\0")
            _add_folder(digest, Path(entry.path), name + "/")
        elif stat.S_ISREG(mode):
            try:
                content = Path(entry.path).read_bytes()
            except OSError as error:
                digest.update(f"unreadable {error.errno}\0".encode() + encoded + b"\0")
                continue
            digest.update(b"file\0" + encoded + b"\0%d\0" % len(content) + content)
        else:
            digest.update(b"other\0" + encoded + b"\0")


def students_file_digests(plans: Path, students: Iterable[str]) -> dict[str, str]:
    """Each student's :func:`folder_digest`-like digest of their folder as it is on disk,
    cheaply: Git's index already holds the id of every file's content, and one ``git
    status`` names the files that differ from it (edited, new, ignored), which alone are
    read. Outside a Git repository (or when Git fails) every file is read."""
    students = list(students)
    listed = _git_listing(plans)
    if listed is None:
        return {student: folder_digest(plans / student) for student in students}
    rel, entries = listed
    by_student: dict[str, list[str]] = {}
    prefix = f"{rel}/" if rel else ""
    for path, token in entries.items():
        student, _, inside = path[len(prefix) :].partition("/")
        if inside:
            by_student.setdefault(student, []).append(f"{inside}\0{token}")
    found = {}
    for student in students:
        text = "\0\0".join(sorted(by_student.get(student, [])))
        found[student] = (
            "git:"
            + hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
        )
    return found


def _git_listing(plans: Path) -> tuple[str, dict[str, str]] | None:
    """(the plans folder in its repository, and a token of every file under the plans
    folder by its path in the repository); None outside Git."""
    from plp.history.gitlog import GitError, git, top_level

    top = top_level(plans)
    if top is None:
        return None
    try:
        rel = plans.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return None
    rel = "" if rel == "." else rel
    spec = ("--literal-pathspecs",)  # the folder's name is a name, never a pattern
    try:
        staged = git(top, *spec, "ls-files", "-s", "-z", "--", rel or ".")
        status = git(top, *spec, "--no-optional-locks", "status", "--porcelain=v1", "-z",
                     "--untracked-files=all", "--ignored=matching", "--no-renames",
                     "--", rel or ".")  # fmt: skip
    except (GitError, OSError):
        return None
    entries: dict[str, str] = {}
    for line in filter(None, staged.split("\0")):
        info, _, path = line.partition("\t")
        mode, sha, stage = info.split(" ")
        if stage == "0":
            entries[path] = f"{mode} {sha}"
    for line in filter(None, status.split("\0")):
        code, path = line[:2], line[3:].rstrip("/")
        if code[1] == " " and code not in ("??", "!!"):
            continue  # staged, and as staged on disk: the index's id is the content's
        on_disk = top / path
        if not os.path.lexists(on_disk):
            entries.pop(path, None)
        elif on_disk.is_dir() and not on_disk.is_symlink():
            entries.pop(path, None)
            entries[path] = "folder " + folder_digest(on_disk)
        else:
            entries[path] = "disk " + _entry_digest(on_disk)
    return rel, entries


def _entry_digest(path: Path) -> str:
    """A digest of one file, or of where a link points (never followed)."""
    try:
        if path.is_symlink():
            data = b"link\0" + str(path.readlink()).encode("utf-8", "surrogateescape")
        else:
            data = b"file\0" + path.read_bytes()
    except OSError as error:
        return f"unreadable {error.errno}"
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def school_digest(plans: Path) -> str:
    """A digest of what in the plans folder is no student's: ``_school.yml``,
    ``_templates/`` and the rest. Every student's site depends on it."""
    digest = hashlib.blake2b(digest_size=16)
    students = set(student_ids(plans))
    try:
        entries = sorted(os.scandir(plans), key=lambda entry: entry.name)
    except OSError as error:
        return f"unreadable {error.errno}"
    for entry in entries:
        if entry.name in students:
            continue
        encoded = entry.name.encode("utf-8", "surrogateescape")
        if entry.is_dir(follow_symlinks=False):
            digest.update(b"dir\0" + encoded + b"\0" + folder_digest(Path(entry.path)).encode())
        elif entry.is_file(follow_symlinks=False):
            try:
                content = Path(entry.path).read_bytes()
            except OSError as error:
                content = f"unreadable {error.errno}".encode()
            digest.update(b"file\0" + encoded + b"\0%d\0" % len(content) + content)
        else:
            digest.update(b"other\0" + encoded + b"\0")
    return digest.hexdigest()


def student_inputs(plans: Path, students: Iterable[str], shared: Inputs) -> dict[str, Inputs]:
    """Each student's inputs: ``shared`` (the same for every student: the school, the
    history's commit, the day, options and versions) with a digest of their own files."""
    students = list(students)
    files = students_file_digests(plans, students)
    return {student: {**shared, "files": files[student]} for student in students}


def shared_inputs(
    plans: Path, *, version: str, day: str, site: Inputs, history: HistoryStore | None
) -> Inputs:
    """What every student's site is built from alike: ``site`` holds the options and the
    generator's settings and versions; ``history`` is the store the pages' history comes
    from (None: sites without history), of which the commit it is read up to is kept."""
    inputs: Inputs = {
        "manifest": MANIFEST_VERSION,
        "plans": str(plans.resolve()),
        "plp": version,
        "school": school_digest(plans),
        "day": day,
        "site": site,
    }
    if history is not None:
        inputs["history"] = {"head": history.head, "complete": not history.shallow}
    return inputs


def _manifest_folder(out: Path) -> Path | None:
    """The manifests' folder, or None when it is not a real folder plp may use."""
    folder = out / MANIFEST_DIR
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        return folder
    except OSError:
        return None
    return folder if stat.S_ISDIR(mode) else None


def _manifest_path(out: Path, student: str) -> Path | None:
    folder = _manifest_folder(out)
    return None if folder is None else folder / f"{student}.json"


def read_manifest(out: Path, student: str) -> Inputs | None:
    """The inputs ``student``'s site was last built from; None when unknown."""
    path = _manifest_path(out, student)
    if path is None:
        return None
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _is_plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


@dataclass(slots=True)
class Currency:
    """Which sites are up to date: all of ``current``; of those, ``renewed`` were built
    at an earlier commit that changed nothing of theirs (their manifests are rewritten
    with this build's commit, so that the next build need not ask Git again)."""

    current: set[str] = field(default_factory=set)
    renewed: set[str] = field(default_factory=set)


def up_to_date(
    out: Path, inputs: dict[str, Inputs], history: HistoryStore | None = None
) -> Currency:
    """The students of ``inputs`` whose sites in ``out`` were built from exactly those.

    A student's history counts as the same when no commit between the one their site's
    history was read up to and HEAD, either way (a history rewritten drops commits),
    touched their folder: one ``git log`` for each such commit, usually one for the
    whole school. Their events are then those of before, since who made each change
    depends only on ``_school.yml`` and the student's own plan, inputs of their own."""
    found = Currency()
    built_at: dict[str, str] = {}
    for student, theirs in inputs.items():
        if not _is_plain_file(out / student / SITE_MARKER):
            continue
        manifest = read_manifest(out, student)
        if manifest is None or set(manifest) != set(theirs):
            continue
        if any(manifest[key] != theirs[key] for key in theirs if key != "history"):
            continue
        before, now = manifest.get("history"), theirs.get("history")
        if before == now:
            found.current.add(student)
        elif _same_but_head(before, now) and isinstance(before, dict):
            head = before.get("head")
            if isinstance(head, str):
                built_at[student] = head
    for head in set(built_at.values()):
        touched = _students_touched_between(history, head) if history is not None else None
        if touched is not None:
            same = {s for s, at in built_at.items() if at == head and s not in touched}
            found.current |= same
            found.renewed |= same
    return found


def _same_but_head(before: object, now: object) -> bool:
    """Whether two histories of manifests differ only in the commit they were read up to."""
    if not isinstance(before, dict) or not isinstance(now, dict):
        return False
    return {**before, "head": None} == {**now, "head": None}


def _students_touched_between(history: HistoryStore, commit: str) -> set[str] | None:
    """The students whose folders a commit between ``commit`` and the store's HEAD
    touched, either way (``commit...HEAD``); None when that cannot be told."""
    from plp.history.gitlog import GitError, git

    repo, head = history.repo, history.head
    if repo is None or head is None or not re.fullmatch(r"[0-9a-f]{40,64}", commit):
        return None
    rel = history.plans_rel
    try:
        names = git(repo, "--literal-pathspecs", "log", "--format=", "--name-only", "-z",
                    "--no-renames", f"{commit}...{head}", "--", rel or ".")  # fmt: skip
    except (GitError, OSError):
        return None  # that commit is gone: everyone is built again
    prefix = f"{rel}/" if rel else ""
    touched = set()
    for name in names.split("\0"):
        name = name.strip("\n")
        if name.startswith(prefix):
            touched.add(name[len(prefix) :].partition("/")[0])
    return touched


def record(
    out: Path, inputs: dict[str, Inputs], built: Iterable[str], unfinished: Iterable[str]
) -> None:
    """After a build: the manifests of the sites ``built``; none for the ``unfinished``
    (a site that failed, or left files out: it is built again, and says why again)."""
    unfinished = set(unfinished)
    for student in built:
        if student not in unfinished:
            write_manifest(out, student, inputs[student])
    for student in unfinished:
        forget_manifest(out, student)


def write_manifest(out: Path, student: str, inputs: Inputs) -> None:
    """Record that ``student``'s site was built from ``inputs`` (written whole or not at
    all; a manifest that cannot be written only means a rebuild next time)."""
    folder = _manifest_folder(out)
    if folder is None:
        return
    try:
        folder.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".new-", suffix=".json")
    except OSError:
        forget_manifest(out, student)
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(inputs, stream, sort_keys=True)
        Path(temporary).replace(folder / f"{student}.json")  # replaces a link, never follows it
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        forget_manifest(out, student)


def forget_manifest(out: Path, student: str) -> None:
    """Delete ``student``'s manifest, if there is one, so that the site is built again."""
    path = _manifest_path(out, student)
    if path is None:
        return
    try:
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            path.unlink()
    except OSError:
        pass


def remove_departed(out: Path, plans: Path) -> list[str]:
    """Remove the sites of students who are no longer in ``plans`` (only sites plp made,
    and only those built from this plans folder, when their manifest says where from);
    their ids, sorted."""
    if not _is_plain_file(out / SITES_MARKER):
        return []  # not a sites folder plp made: nothing in it is plp's to remove
    present = set(student_ids(plans))
    plans_text = str(plans.resolve())
    removed = []
    try:
        entries = sorted(os.scandir(out), key=lambda entry: entry.name)
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if name.startswith((".", "_")) or name in present:
            continue
        if not entry.is_dir(follow_symlinks=False):
            continue
        manifest = read_manifest(out, name)
        if manifest is not None and manifest.get("plans") != plans_text:
            continue  # built from another plans folder: not this build's to remove
        if remove_site(out, name):
            forget_manifest(out, name)
            removed.append(name)
    return removed

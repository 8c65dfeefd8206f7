"""What the commit being made changes in the plans folder, from Git's index.

A pre-commit hook is given the files a commit adds or modifies, never the ones it deletes
or renames away; yet deleting an evidence file breaks the weekly plan that links to it.
:func:`staged_change` asks Git (``git diff --cached``) for every change, so that the hook
finds what a full ``plp validate`` would find after the commit.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from plp.check.checker import Change
from plp.errors import UsageError
from plp.format.layout import PLAN_FILE, SCHOOL_FILE

#: The files a commit adds or modifies, and what else it changes.
Staged = tuple[list[Path], Change]


_DIFF = ("diff", "--cached", "--name-status", "-z", "--find-renames", "--no-ext-diff", "--relative")


def staged_change(plans: Path, *, meanwhile: Callable[[], object] | None = None) -> Staged:
    """The files of ``plans`` that the staged change adds or modifies (to check in full),
    and what else it does: the paths it deletes or renames away, and the plans and school
    file as they were before. ``meanwhile`` runs while Git works (to import what the check
    will need: in a large repository, Git takes a while to read its index)."""
    try:
        git = subprocess.Popen(
            ["git", "-C", str(plans), *_DIFF], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as error:
        raise UsageError(f"--staged needs Git, which cannot be run here ({error})") from None
    if meanwhile is not None:
        meanwhile()
    out, err = git.communicate()
    if git.returncode != 0:
        message = err.decode(errors="replace").strip().splitlines()
        raise UsageError(
            f"--staged needs a Git repository; {plans}: {message[-1] if message else 'no'}"
        )
    return _parse(plans, out)


def _parse(plans: Path, out: bytes) -> Staged:
    fields = out.decode("utf-8", errors="surrogateescape").split("\0")
    present: list[Path] = []
    removed: list[PurePosixPath] = []
    index = 0
    while index + 1 < len(fields) and fields[index]:
        status = fields[index][0]
        if status in "RC":
            old, new = fields[index + 1], fields[index + 2]
            index += 3
            if status == "R":
                removed.append(PurePosixPath(old))
        else:
            old = new = fields[index + 1]
            index += 2
        if status == "D":
            removed.append(PurePosixPath(old))
        elif (plans / new).is_file() or (plans / new).is_symlink():
            present.append(plans / new)
    return present, Change(tuple(removed), committed_versions(plans, present))


def committed_versions(plans: Path, present: list[Path]) -> dict[PurePosixPath, bytes]:
    """The committed versions (at HEAD) of the school file and the plans among ``present``,
    whose ids other files name; one ``git cat-file`` for all of them (none outside a Git
    repository, or for a file not committed yet)."""
    root = Path(os.path.normpath(plans.absolute()))  # ".." folded, no link followed
    absolute = [Path(os.path.normpath(path.absolute())) for path in present]
    rels = [
        PurePosixPath(path.relative_to(root).as_posix())
        for path in absolute
        if path.name in (SCHOOL_FILE, PLAN_FILE) and path.is_relative_to(root)
    ]
    rels = [rel for rel in rels if rel.parts in ((SCHOOL_FILE,), (rel.parts[0], PLAN_FILE))]
    if not rels:
        return {}
    names = "".join(f"HEAD:./{rel}\n" for rel in rels).encode()
    try:
        done = subprocess.run(
            ["git", "-C", str(plans), "cat-file", "--batch"],
            input=names, capture_output=True, check=False,
        )  # fmt: skip
    except OSError:
        return {}
    if done.returncode != 0:
        return {}
    versions: dict[PurePosixPath, bytes] = {}
    out, at = done.stdout, 0
    for rel in rels:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            versions[rel] = out[at : at + size]
            at += size + 1
    return versions

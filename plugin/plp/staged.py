"""What the commit being made changes in the plans folder, from Git's index.

A pre-commit hook is given the files a commit adds or modifies, never the ones it deletes
or renames away; yet deleting an evidence file breaks the weekly plan that links to it.
:func:`staged_change` asks Git (``git diff --cached``) for every change, so that the hook
finds what a full ``plp validate`` would find after the commit.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from plp.checker import Change, UsageError
from plp.layout import SCHOOL_FILE


def _git(plans: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(plans), *args], capture_output=True, check=False)
    except OSError as error:
        raise UsageError(f"--staged needs Git, which cannot be run here ({error})") from None


def staged_change(plans: Path) -> tuple[list[Path], Change]:
    """The files of ``plans`` that the staged change adds or modifies (to check in full),
    and what else it does: the paths it deletes or renames away, and the school file as
    it was before, when the change touches it."""
    done = _git(
        plans, "diff", "--cached", "--name-status", "-z", "--find-renames", "--no-ext-diff",
        "--relative",
    )  # fmt: skip
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(
            f"--staged needs a Git repository; {plans}: {message[-1] if message else 'no'}"
        )
    fields = done.stdout.decode("utf-8", errors="surrogateescape").split("\0")
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
    school_before = None
    if any(path.name == SCHOOL_FILE and path.parent == plans for path in present):
        before = _git(plans, "show", f"HEAD:./{SCHOOL_FILE}")
        school_before = before.stdout if before.returncode == 0 else None
    return present, Change(tuple(removed), school_before)

"""Which students' ``plan.md`` changed since a day: two quick Git commands for the school.

The plan as it was at the last commit before that day is compared with the plan now (the
working tree, so a change not yet committed counts): one tree comparison, however long
the history. A plan changed and changed back counts as unchanged. Outside a Git
repository (or when Git is missing), a plan's modification time says it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from plp.format.layout import PLAN_FILE

#: Git's empty tree: a repository that began after the day compares with nothing.
_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def plans_changed_since(plans: Path, students: Iterable[str], day: dt.date) -> set[str]:
    """The ``students`` whose ``plan.md`` changed on or after ``day``."""
    wanted = set(students)
    changed = _from_git(plans, day)
    if changed is None:
        changed = {s for s in wanted if _modified_since(plans / s / PLAN_FILE, day)}
    return changed & wanted


def _git(plans: Path, *args: str) -> str | None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        done = subprocess.run(
            ["git", *args], cwd=plans, env=env, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _from_git(plans: Path, day: dt.date) -> set[str] | None:
    if _git(plans, "rev-parse", "--verify", "--quiet", "HEAD") is None:
        return None
    before = _git(plans, "rev-list", "-1", f"--before={day.isoformat()} 00:00", "HEAD")
    if before is None:
        return None
    base = before.strip() or _EMPTY_TREE
    names = _git(plans, "diff", "--name-only", "--no-renames", "--relative", base, "--",
                 f"*/{PLAN_FILE}")  # fmt: skip
    if names is None:
        return None
    changed = set()
    for line in names.splitlines():
        parts = line.split("/")
        if len(parts) == 2 and parts[1] == PLAN_FILE:
            changed.add(parts[0])
    return changed


def _modified_since(path: Path, day: dt.date) -> bool:
    try:
        modified = dt.datetime.fromtimestamp(path.stat().st_mtime).date()
    except OSError:
        return False
    return modified >= day

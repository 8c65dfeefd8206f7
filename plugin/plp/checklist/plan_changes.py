"""Which students changed their ``plan.md`` since a day: one ``git log`` for the school.

Outside a Git repository (or when Git is missing), a plan's modification time says it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from plp.format.layout import PLAN_FILE


def plans_changed_since(plans: Path, students: Iterable[str], day: dt.date) -> set[str]:
    """The ``students`` whose ``plan.md`` changed on or after ``day``."""
    wanted = set(students)
    changed = _from_git(plans, day)
    if changed is None:
        changed = {s for s in wanted if _modified_since(plans / s / PLAN_FILE, day)}
    return changed & wanted


def _from_git(plans: Path, day: dt.date) -> set[str] | None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    command = [
        "git",
        "log",
        f"--since={day.isoformat()} 00:00",
        "--format=",
        "--name-only",
        "--no-renames",
        "--relative",
        "--",
        f"*/{PLAN_FILE}",
    ]
    try:
        done = subprocess.run(
            command, cwd=plans, env=env, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    changed = set()
    for line in done.stdout.splitlines():
        parts = line.split("/")
        if len(parts) == 2 and parts[1] == PLAN_FILE:
            changed.add(parts[0])
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--no-renames", "--", "."],
        cwd=plans,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in dirty.stdout.splitlines():  # changed now and not yet committed counts too
        path = line[3:].strip('"')
        parts = path.split("/")
        if len(parts) >= 2 and parts[-1] == PLAN_FILE:
            changed.add(parts[-2])
    return changed


def _modified_since(path: Path, day: dt.date) -> bool:
    try:
        modified = dt.datetime.fromtimestamp(path.stat().st_mtime).date()
    except OSError:
        return False
    return modified >= day

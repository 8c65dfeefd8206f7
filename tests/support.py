"""What tests share besides fixtures: where the test data is, the fixed Git identity."""

from __future__ import annotations

import os
from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DATA = TESTS / "data"
SPEC_EXAMPLE = DATA / "spec-example"
BROKEN = DATA / "broken" / "plans"
#: The demo students, as this repository's ``plans/`` held them. Tests use this copy, never
#: ``plans/``: a school replaces that folder with its own students.
DEMO = DATA / "demo" / "plans"

#: Every Git command in the tests runs with this identity, clock and no user config.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@school.invalid",
    "GIT_AUTHOR_DATE": "Tue, 01 Sep 2026 12:00:00 -0500",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@school.invalid",
    "GIT_COMMITTER_DATE": "Tue, 01 Sep 2026 12:00:00 -0500",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(root: Path, *args: str, who: tuple[str, str] | None = None, when: str = "") -> str:
    """Run git in ``root`` with the tests' fixed identity, or ``who`` (name, e-mail) at ``when``."""
    import subprocess

    env = {**os.environ, **GIT_ENV}
    if who:
        env.update(GIT_AUTHOR_NAME=who[0], GIT_AUTHOR_EMAIL=who[1])
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


AVA_GIT = ("Ava Martinez", "ava.martinez@students.mapleridge.example")
RIVERA_GIT = ("Dana Rivera", "drivera@mapleridge.example")


def demo_repository(root: Path) -> Path:
    """The demo plans in a new repository with a short, fixed history; returns plans/.

    A teacher commits the plans on 24 August 2026 with Ava's math goal still planned and
    due on 5 December; Ava starts it on 2 September; Ms. Rivera moves its deadline to
    12 December on 30 November.
    """
    import shutil

    plans = root / "plans"
    shutil.copytree(DEMO, plans)
    git(root, "init", "-q", "--initial-branch=main")
    plan = plans / "ava-martinez" / "plan.md"
    final = plan.read_text(encoding="utf-8")
    early = final.replace("deadline: 2026-12-12", "deadline: 2026-12-05", 1)
    plan.write_text(early.replace("status: in-progress", "status: planned", 1), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Plans for the year", who=RIVERA_GIT,
        when="2026-08-24T08:00:00-05:00")  # fmt: skip
    plan.write_text(early, encoding="utf-8")
    git(root, "commit", "-q", "-am", "Start my math goal", who=AVA_GIT,
        when="2026-09-02T16:30:00-05:00")  # fmt: skip
    plan.write_text(final, encoding="utf-8")
    git(root, "commit", "-q", "-am", "More time for chapter 10", who=RIVERA_GIT,
        when="2026-11-30T08:15:00-06:00")  # fmt: skip
    return plans


def copy_student(plans: Path, source: str, student: str) -> Path:
    """A copy of ``source``'s folder as the student ``student``: its own id, and its own
    Git address (an address or login belongs to one person); returns the new folder."""
    import re
    import shutil

    folder = plans / student
    shutil.copytree(plans / source, folder)
    plan = folder / "plan.md"
    text = plan.read_text(encoding="utf-8").replace(f"id: {source}", f"id: {student}", 1)
    own = f"git: [{student}@students.school.invalid]"
    plan.write_text(re.sub(r"(?m)^(\s*)git: .*$", rf"\g<1>{own}", text, count=1), "utf-8")
    return folder


def broken_school(root: Path) -> Path:
    """The broken corpus as ``root/plans``, plus what git could not hold: a 2 MiB file and
    links out of the student's folder; returns the plans folder. The golden files of
    ``plp validate`` (``tests/golden``) are its output, run from ``root``."""
    import shutil

    plans = root / "plans"
    shutil.copytree(BROKEN, plans, symlinks=True)
    student = plans / "bea-broken"
    big = "---\ndate: 2026-11-01\nkind: daily\n---\n" + "All work and no play. " * 100_000
    (student / "reflections" / "2026-11-01.md").write_text(big, encoding="utf-8")
    (student / "evidence" / "linked.md").symlink_to("../../ava-martinez/plan.md")
    (student / "evidence" / "stolen.md").write_text(
        "---\ntitle: A file from elsewhere\ndate: 2026-11-02\nfiles: [secret.txt]\n---\nHi.\n",
        encoding="utf-8",
    )
    (student / "evidence" / "secret.txt").symlink_to("../../ava-martinez/plan.md")
    return plans

"""How fast the history engine reads a school year, and what it costs when the school changes.

Goals (issue "The plan's evolution"), measured side by side in one run:

* the history of all students of a school of 200 students over 36 weeks takes at most
  twice the time of ``git log --name-status -M`` plus one ``git cat-file --batch`` over
  the changed blobs, on the same repository;
* a rebuild with no new commits: history costs under 100 ms.

Goal (issue "A district's CI"): enrolling a student (a commit adding ``plans/<new>/`` and
a teacher in ``_school.yml``) at 200 students costs the history under 1 s CPU: the cache
keeps authors as Git recorded them, so only the new commit is read, and everybody's
events are attributed again when read.

CPU seconds are printed beside wall-clock: on a shared machine wall-clock waits for other
work, CPU time does not. "git" is the CPU of the Git processes plp runs.

Usage: python -m benchmarks.bench_history [--students 200] [--weeks 36]
       python -m benchmarks.bench_history --school DIR   (a school made by school_generator.py;
                                                         it is cloned, never changed)
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from plp.demo.generator import generate_school
from plp.history.engine import HistoryStore

T = TypeVar("T")


def measured(work: Callable[[], T]) -> tuple[T, float, float, float]:
    """What ``work`` returns, and the wall-clock seconds, this process's CPU seconds and
    its finished child processes' (Git's) CPU seconds it took."""
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    own, git = (
        (a.ru_utime - b.ru_utime) + (a.ru_stime - b.ru_stime)
        for a, b in zip(after, before, strict=True)
    )
    return result, seconds, own, git


def git_floor(repo: Path) -> tuple[float, int]:
    """Seconds for git log with name-status and renames, plus one cat-file --batch that
    reads every blob those commits changed; and how many blobs that is."""
    start = time.perf_counter()
    subprocess.run(
        ["git", "log", "--name-status", "-M", "HEAD", "--", "plans"],
        cwd=repo, capture_output=True, check=True,
    )  # fmt: skip
    raw = subprocess.run(
        ["git", "log", "--raw", "--no-abbrev", "-M", "--format=", "HEAD", "--", "plans"],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    blobs = {
        sha
        for line in raw.splitlines()
        if line.startswith(":")
        for sha in line.split()[2:4]
        if set(sha) != {"0"}
    }
    subprocess.run(
        ["git", "cat-file", "--batch"], cwd=repo, input="\n".join(sorted(blobs)) + "\n",
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return time.perf_counter() - start, len(blobs)


def git_log_alone(repo: Path) -> float:
    """CPU seconds of the one ``git log`` the engine runs, alone."""
    fields = "%H%x00%P%x00%an%x00%ae%x00%aI"
    command = ["git", "log", "--reverse", "--topo-order", "--no-abbrev", "-M", "--raw", "-z"]
    _, _, _, cpu = measured(
        lambda: subprocess.run(
            [*command, f"--format={fields}", "HEAD"], cwd=repo, capture_output=True, check=True
        )
    )
    return cpu


def commit(root: Path, message: str) -> None:
    """Commit everything, an hour after the last commit (the generated school's dates are
    in the future: a commit dated now would look older than its parent, and Git walks
    far back to order such commits, which real histories do not make it do)."""
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    last = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    when = f"@{int(last) + 3600} +0000"
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@school.invalid",
         "commit", "-q", "-m", message],
        cwd=root, check=True,
        env={**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when},
    )  # fmt: skip


def every_history(store: HistoryStore, students: list[str]) -> int:
    """Read every student's history (attributing each event), as a build does; the
    number of events."""
    return sum(len(store.student(student).events) for student in students)


def enrol(plans: Path, students: list[str]) -> str:
    """A new student (a copy of the first one's plan under a new id) and a new teacher in
    ``_school.yml``; the new student's id."""
    new = "zz-new-student"
    plan = (plans / students[0] / "plan.md").read_text(encoding="utf-8")
    (plans / new).mkdir()
    (plans / new / "plan.md").write_text(plan.replace(students[0], new), encoding="utf-8")
    school = plans / "_school.yml"
    text = school.read_text(encoding="utf-8").replace(
        "staff:\n",
        "staff:\n  - id: newteacher\n    name: New Teacher\n    roles: [teacher]\n"
        "    git: [bench@school.invalid]\n",
        1,
    )
    school.write_text(text, encoding="utf-8")
    return new


def bench(root: Path, runs: int, floor: bool = True) -> None:
    plans = root / "plans"
    students = sorted(p.name for p in plans.iterdir() if p.is_dir() and p.name[0] not in "_.")
    floors, ours = [], []
    for _ in range(runs):
        if floor:
            floors.append(git_floor(root))
        shutil.rmtree(root / ".git" / "plp", ignore_errors=True)  # no cache: a cold read
        store, seconds, own, git = measured(lambda: HistoryStore(plans))
        ours.append((seconds, own, git))
    events = every_history(store, students)
    seconds, own, git = min(ours)
    if floors:
        least, blobs = min(floors)
        print(f"git log --name-status -M + cat-file --batch of {blobs} blobs: {least:.2f} s")
    print(
        f"cold read (cache written), every student ({store.commits_read} commits, "
        f"{events} events): "
        f"{seconds:.2f} s wall, {own + git:.2f} s CPU (plp {own:.2f} s, git {git:.2f} s)"
    )
    print(f"  of which git log alone: {git_log_alone(root):.2f} s CPU")
    if floors:
        print(f"ratio to git's floor (wall-clock): {seconds / least:.2f} (goal: at most 2)")

    every_history(HistoryStore(plans), students)  # the identities' cache filled too
    again = []
    for _ in range(5):
        store, seconds, own, git = measured(lambda: HistoryStore(plans))
        again.append((seconds, own + git))
        assert not store.worked
    print(
        f"rebuild with no new commits: {statistics.median(s for s, _ in again) * 1000:.0f} ms "
        f"wall, {statistics.median(c for _, c in again) * 1000:.0f} ms CPU "
        "(median of 5; goal: under 100 ms)"
    )
    reflection = plans / students[0] / "reflections" / "2027-06-30.md"
    reflection.write_text("---\ndate: 2027-06-30\nkind: year\n---\nA good year.\n")
    commit(root, "One more")
    store, seconds, own, git = measured(lambda: HistoryStore(plans))
    assert store.commits_read == 1
    print(
        f"one new commit, processed alone: {seconds * 1000:.0f} ms wall, "
        f"{(own + git) * 1000:.0f} ms CPU"
    )

    new = enrol(plans, students)
    commit(root, "A new student and a new teacher")
    store, seconds, own, git = measured(lambda: HistoryStore(plans))
    assert store.commits_read == 1
    count, seconds_read, own_read, git_read = measured(
        lambda: every_history(store, [*students, new])
    )
    print(
        f"a student enrolled and a teacher added: history brought up to date "
        f"({store.commits_read} commit read) in {seconds:.2f} s wall, {own + git:.2f} s CPU "
        f"(goal at 200 students: under 1 s CPU)\n"
        f"  then every student's history read and attributed again ({count} events), as a "
        f"build reads it: {seconds_read:.2f} s wall, {own_read + git_read:.2f} s CPU"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=36)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--school", type=Path, metavar="DIR", help="a school made before")
    parser.add_argument(
        "--no-floor", action="store_true", help="skip git's floor (slow for large schools)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plp-bench-") as scratch:
        root = Path(scratch) / "school"
        if args.school:
            subprocess.run(
                ["git", "clone", "-q", "--shared", str(args.school), str(root)], check=True
            )
            students = [p for p in (root / "plans").iterdir() if p.name[0] not in "_."]
            print(f"school: {args.school}, {len(students)} students")
        else:
            start = time.perf_counter()
            school = generate_school(root, students=args.students, weeks=args.weeks)
            print(
                f"school: {len(school.students)} students, {school.commits} commits, "
                f"{school.plan_files} plan files (made in {time.perf_counter() - start:.0f} s)"
            )
        bench(root, args.runs, floor=not args.no_floor)
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

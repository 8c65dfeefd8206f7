"""How fast the history engine reads a school year: against Git's own floor.

Goals (issue "The plan's evolution"), measured side by side in one run:

* the history of all students of a school of 200 students over 36 weeks takes at most
  twice the time of ``git log --name-status -M`` plus one ``git cat-file --batch`` over
  the changed blobs, on the same repository;
* a rebuild with no new commits: history costs under 100 ms.

Usage: python benchmarks/bench_history.py [--students 200] [--weeks 36]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from plp.demo.generator import generate_school
from plp.history.engine import HistoryStore


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=36)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plp-bench-") as scratch:
        root = Path(scratch)
        start = time.perf_counter()
        school = generate_school(root, students=args.students, weeks=args.weeks)
        print(
            f"school: {len(school.students)} students, {school.commits} commits, "
            f"{school.plan_files} plan files (made in {time.perf_counter() - start:.0f} s)"
        )
        plans = root / "plans"
        floors, ours = [], []
        for _ in range(args.runs):
            seconds, blobs = git_floor(root)
            floors.append(seconds)
            start = time.perf_counter()
            store = HistoryStore(plans, cache=False)
            ours.append(time.perf_counter() - start)
        events = sum(len(store.student(s).events) for s in school.students)
        floor, mine = min(floors), min(ours)
        print(f"git log --name-status -M + cat-file --batch of {blobs} blobs: {floor:.2f} s")
        print(f"plp history of every student ({events} events): {mine:.2f} s")
        print(f"ratio: {mine / floor:.2f} (goal: at most 2)")

        HistoryStore(plans)  # fill the cache
        again = []
        for _ in range(5):
            start = time.perf_counter()
            store = HistoryStore(plans)
            again.append(time.perf_counter() - start)
            assert not store.worked
        print(
            f"rebuild with no new commits: {statistics.median(again) * 1000:.0f} ms "
            f"(median of 5; goal: under 100 ms)"
        )
        student = school.students[0]
        reflection = plans / student / "reflections" / "2027-06-30.md"
        reflection.write_text("---\ndate: 2027-06-30\nkind: year\n---\nA good year.\n")
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)
        subprocess.run(
            ["git", "-c", "user.name=Bench", "-c", "user.email=bench@school.invalid",
             "commit", "-q", "-m", "One more"],
            cwd=root, check=True,
        )  # fmt: skip
        start = time.perf_counter()
        store = HistoryStore(plans)
        print(f"one new commit, processed alone: {(time.perf_counter() - start) * 1000:.0f} ms")
        assert store.worked
    return 0


if __name__ == "__main__":
    sys.exit(main())

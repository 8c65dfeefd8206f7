"""The teacher's review loop: how short plp diff's summary is, and how fast.

Goals (issue "The teacher's review loop"), measured in one run:

* on every pull request merged in the demo school's history (``plp demo``): the
  summary (``plp diff --format markdown``, as the comment shows it) is at most a third
  of the raw ``git diff``, with every goal change, reflection, evidence and feedback of
  the pull request present (the demo's ground truth says which);
* ``plp diff`` of a pull request in a 2,000-student school: under 1 s (the whole
  command, Python's start included, with the head checked out so validation runs).

Usage: python benchmarks/bench_review.py [--students 2000] [--weeks 2] [--runs 5]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from plp.cli import main as plp
from plp.demo import make_demo
from plp.demo.generator import GeneratedSchool, generate_school

#: The ground truth's events that the summary must name, by the entry kinds that do.
SEMANTIC = {
    "goal.added": {"goal.added"},
    "goal.removed": {"goal.removed"},
    "goal.changed": {"goal.changed", "goal.met"},
    "reflection.added": {"reflection.added"},
    "evidence.added": {"evidence.added"},
    "feedback.added": {"feedback.added"},
}


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def summary(plans: Path, base: str, head: str, form: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = plp(["diff", "--plans", str(plans), base, head, "--format", form])
    if status != 0:
        raise SystemExit(f"plp diff {base} {head} failed with status {status}")
    return out.getvalue()


def lengths(school: GeneratedSchool) -> int:
    root, plans = school.root, school.root / "plans"
    merges = git(root, "rev-list", "--merges", "--reverse", "main").split()
    raw_total = short_total = present = expected = 0
    ratios = []
    for merge in merges:
        raw = git(root, "diff", f"{merge}^1", merge, "--", "plans")
        text = summary(plans, f"{merge}^1", merge, "markdown")
        data = json.loads(summary(plans, f"{merge}^1", merge, "json"))
        raw_total += len(raw)
        short_total += len(text)
        ratios.append(len(text) / max(1, len(raw)))
        commits = set(git(root, "rev-list", f"{merge}^1..{merge}").split())
        net = set(git(root, "diff", "--name-only", f"{merge}^1", merge).split("\n"))
        entries = {
            (entry["kind"], f"plans/{entry['path']}", entry.get("goal", ""))
            for student in data["students"]
            for entry in student["entries"]
        }
        for event in school.expected_events:
            if event["commit"] in commits and event["type"] in SEMANTIC and event["path"] in net:
                expected += 1
                goal = event.get("goal", "") if event["type"].startswith("goal") else ""
                if any((kind, event["path"], goal) in entries for kind in SEMANTIC[event["type"]]):
                    present += 1
                else:
                    print(f"  missing: {event['type']} {event['path']} {goal} in {merge[:8]}")
    print(f"demo school: {len(merges)} merged pull requests")
    print(f"  raw git diff:        {raw_total:8d} characters")
    print(f"  plp diff (markdown): {short_total:8d} characters")
    ratio = short_total / max(1, raw_total)
    print(f"  summary / raw diff:  {ratio:8.2f} overall (goal: at most 0.33)")
    print(f"  per pull request:    median {statistics.median(ratios):.2f}, max {max(ratios):.2f}")
    print(f"  semantic changes present: {present} of {expected}")
    return 0 if short_total * 3 <= raw_total and present == expected else 1


def speed(students: int, weeks: int, runs: int, scratch: Path) -> int:
    start = time.perf_counter()
    school = generate_school(scratch / "big", students=students, weeks=weeks, seed=2)
    print(
        f"\n{students}-student school of {weeks} weeks made in {time.perf_counter() - start:.1f} s"
    )
    root = school.root
    merge = git(root, "rev-list", "--merges", "-1", "main").strip()
    git(root, "checkout", "-q", "--detach", merge)  # the head checked out, as in CI
    plp_command = [sys.executable, "-m", "plp", "diff", "--plans", "plans", f"{merge}^1", "HEAD"]
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(plp_command, cwd=root, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
    changed = len(git(root, "diff", "--name-only", f"{merge}^1", merge).split())
    print(f"  plp diff of one pull request ({changed} files), validation included:")
    wall = statistics.median(times)
    print(f"  wall: median {wall:.3f} s, best {min(times):.3f} s of {runs} runs (goal: under 1 s)")
    print(
        f"  CPU time of plp and git (not waiting on a busy machine): {statistics.median(cpu):.3f} s"
    )
    return 0 if statistics.median(times) < 1 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plp-bench-") as scratch:
        demo = make_demo(Path(scratch) / "demo")
        status = lengths(demo)
        status |= speed(args.students, args.weeks, args.runs, Path(scratch))
    return status


if __name__ == "__main__":
    sys.exit(main())

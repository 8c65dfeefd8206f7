"""How fast the weekly cycle's commands are over a whole school.

Goals (issue "The weekly cycle and the teacher's view"), for 2,000 students:
``plp week new --all`` under 10 s, ``plp check`` over every student under 10 s, and
``plp dashboard`` under 30 s.
Each command runs as a teacher runs it (a new process, start-up included); the figures
are wall-clock and CPU seconds (the process and its children, such as git). The hand-out
is removed again between runs (``git clean`` of the new files), so each run writes
every plan.

Usage: python -m benchmarks.bench_weekly [--students 2000] [--weeks 4] [--runs 3]
       python -m benchmarks.bench_weekly --school DIR   (made there if missing, and kept)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from plp.demo.generator import generate_school


def _run(command: list[str], cwd: Path) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return wall, cpu, done.returncode


def _report(name: str, times: list[tuple[float, float, int]], goal: float) -> None:
    wall = statistics.median(t[0] for t in times)
    cpu = statistics.median(t[1] for t in times)
    verdict = "meets" if wall < goal else "MISSES"
    print(f"{name}: median {wall:.2f} s wall-clock, {cpu:.2f} s CPU over {len(times)} runs "
          f"({verdict} the {goal:.0f} s goal)")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--school", type=Path, help="a school made before (made if missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plp-bench-weekly-") as scratch:
        root = args.school or Path(scratch) / "school"
        if not (root / "plans").is_dir():
            print(f"making a school of {args.students} students, {args.weeks} weeks ...")
            start = time.perf_counter()
            generate_school(root, students=args.students, weeks=args.weeks, seed=11)
            print(f"  made in {time.perf_counter() - start:.1f} s", flush=True)
        _measure(root, args.runs, Path(scratch))
    return 0


def _measure(root: Path, runs: int, scratch: Path) -> None:
    plp = [sys.executable, "-m", "plp"]
    students = sum(1 for p in (root / "plans").iterdir() if not p.name.startswith(("_", ".")))
    week_new = [*plp, "week", "new", "--week", "2027-W02", "--template", "week-math",
                "--all", "--set", "teacher_goal=Solve two-step equations"]  # fmt: skip
    times = []
    for _ in range(runs):
        times.append(_run(week_new, root))
        made = len(list((root / "plans").glob("*/weeks/2027-W02-math.md")))
        assert made == students, f"{made} plans made"
        subprocess.run(["git", "clean", "-qfd", "plans"], cwd=root, check=True)
    _report(f"plp week new --all ({students} plans)", times, 10)
    check = [*plp, "check", "--today", "2026-11-30", "--format", "json"]
    _run(check, root)  # warm-up: the file system cache, as on a teacher's second run
    times = [_run(check, root) for _ in range(runs)]
    _report(f"plp check ({students} students)", times, 10)
    dashboard = [*plp, "dashboard", "--today", "2026-11-30", "--out", str(scratch / "staff")]
    times = [_run(dashboard, root) for _ in range(runs)]
    _report(f"plp dashboard ({students} students)", times, 30)
    print(f"  load average: {os.getloadavg()[0]:.1f} (2 cores shared with other work)")


if __name__ == "__main__":
    raise SystemExit(main())

"""How fast ``plp validate`` is: a whole school, and the pre-commit hook on one file.

Goals (issue "Foundation"): at least 2,000 files per second over a school of 10,000+
plan files on a 2-core machine; the hook on a one-file commit under 300 ms wall-clock,
start-up included.

Usage: python benchmarks/bench_validate.py [--students 300] [--weeks 30] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from plp.checker import validate
from plp.demo.generator import generate_school


def wall(command: list[str], cwd: Path, runs: int) -> list[float]:
    """Wall-clock seconds of ``command``, ``runs`` times (after one warm-up run)."""
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr.decode())
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--weeks", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    plp = [sys.executable, "-m", "plp"]
    with tempfile.TemporaryDirectory(prefix="plp-bench-") as scratch:
        root = Path(scratch)
        school = generate_school(root, students=args.students, weeks=args.weeks, history=False)
        plans = root / "plans"
        print(f"school: {len(school.students)} students, {school.plan_files} plan files")

        for jobs in (1, os.cpu_count() or 1):
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                result = validate(plans, jobs=jobs)
                best = min(best, time.perf_counter() - start)
            assert result.ok, result.findings[:3]
            print(
                f"validate, {jobs} process(es): {result.files_checked} files in {best:.2f} s "
                f"= {result.files_checked / best:,.0f} files/s (best of 3, in-process)"
            )
        times = wall([*plp, "validate"], root, 1)
        print(f"plp validate (CLI, start-up included): {times[0]:.2f} s")

        student = school.students[0]
        week = sorted((plans / student / "weeks").glob("*.md"))[-1]
        one_file = [*plp, "validate", str(week.relative_to(root))]
        times = wall(one_file, root, args.runs)
        print(
            f"hook on a one-file commit (plp validate FILE, {args.runs} runs): "
            f"median {statistics.median(times) * 1000:.0f} ms, "
            f"max {max(times) * 1000:.0f} ms"
        )
        bare = wall([sys.executable, "-c", "pass"], root, args.runs)
        print(f"  of which Python's own start-up: {statistics.median(bare) * 1000:.0f} ms")
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "plp", "validate", str(week)],
            cwd=root, capture_output=True, text=True, check=False,
        )  # fmt: skip
        top = sorted(
            (
                (int(line.split("|")[1]), line.split("|")[2].strip())
                for line in done.stderr.splitlines()
                if line.startswith("import time:") and line.split("|")[1].strip().isdigit()
            ),
            reverse=True,
        )
        print("  slowest imports (cumulative ms):")
        for micros, name in [entry for entry in top if "." not in entry[1]][:6]:
            print(f"    {micros / 1000:6.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

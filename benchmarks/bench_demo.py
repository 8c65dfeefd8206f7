"""How long README's first job takes: ``plp demo`` plus building the demo's sites.

Goal (issue "Adoption", deliverable 3): ``plp demo DIR`` and ``plp build`` of all its
sites together under 30 s wall-clock on a 2-core machine. Both run as a user runs them,
as separate ``plp`` processes; the CPU time (user + system, of every process they start)
is printed too, since wall-clock time depends on what else runs on the machine.

Usage: python benchmarks/bench_demo.py [--runs 3]
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

from plp.demo import DEMO_TODAY

GOAL_SECONDS = 30.0


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``command``."""
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return seconds, children_cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    plp = [sys.executable, "-m", "plp"]
    rows: dict[str, list[tuple[float, float]]] = {"plp demo": [], "plp build": [], "both": []}
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="plp-bench-demo-") as scratch:
            root = Path(scratch)
            demo = timed([*plp, "demo", "demo-school"], root)
            build = timed(
                [*plp, "build", "--plans", "demo-school/plans", "--out", "demo-school/sites",
                 "--today", DEMO_TODAY],
                root,
            )  # fmt: skip
            rows["plp demo"].append(demo)
            rows["plp build"].append(build)
            rows["both"].append((demo[0] + build[0], demo[1] + build[1]))
            if run == 0:
                commits = subprocess.run(
                    ["git", "rev-list", "--count", "HEAD"], cwd=root / "demo-school",
                    capture_output=True, text=True, check=True,
                ).stdout.strip()  # fmt: skip
                sites = sum(1 for p in (root / "demo-school" / "sites").iterdir() if p.is_dir())
                pages = sum(1 for _ in (root / "demo-school" / "sites").rglob("*.html"))
                print(f"demo: {commits} commits, {sites} sites, {pages} pages; "
                      f"{os.cpu_count()} CPUs")  # fmt: skip
    for name, results in rows.items():
        walls, cpus = [w for w, _ in results], [c for _, c in results]
        print(
            f"{name:10} median {statistics.median(walls):6.2f} s wall-clock, "
            f"{statistics.median(cpus):6.2f} s CPU (max {max(walls):.2f} s; {args.runs} runs)"
        )
    worst = max(w for w, _ in rows["both"])
    print(f"goal: under {GOAL_SECONDS:.0f} s: {'met' if worst < GOAL_SECONDS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

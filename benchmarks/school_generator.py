"""Generate a synthetic school of learning plans with a realistic Git history.

The generator itself is ``plp.demo.generator`` (``plp demo`` makes its demo school with
it); this script is its command line for benchmarks and experiments.

Run ``python benchmarks/school_generator.py OUT --students 200 --weeks 36``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from plp.demo.generator import GeneratedSchool, generate_school

__all__ = ["GeneratedSchool", "generate_school", "main"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate a school of learning plans.")
    ap.add_argument("out", type=Path, help="a new or empty folder")
    ap.add_argument("--students", type=int, required=True)
    ap.add_argument("--weeks", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-history", action="store_true", help="write the files only, no Git")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    s = generate_school(
        args.out,
        students=args.students,
        weeks=args.weeks,
        seed=args.seed,
        history=not args.no_history,
    )
    print(
        f"{len(s.students)} students, {s.plan_files} plan files, {s.commits} commits, "
        f"{time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

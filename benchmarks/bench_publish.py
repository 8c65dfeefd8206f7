"""Public portfolios against private sites, for a whole school.

Goal (issue "Graduation and privacy"): the public portfolios of 200 students, leak check
included, in under twice the time of their private sites.

Both are built in one process each (so the ratio compares equal CPU), as ``plp build
--jobs 1`` and ``plp publish`` build them, and both are given in CPU seconds (this
process's and its children's) beside wall-clock seconds: the
private sites with their history pages (the Git history read once, before the clock
starts, as ``plp build`` reads it before building), the public portfolios with the
school's data read for the leak check (inside the clock) and every file of every
portfolio checked. Every student is given consent so that every portfolio is built.

Usage: python benchmarks/bench_publish.py [--students 200] [--weeks 12]
"""

from __future__ import annotations

import argparse
import re
import resource
import tempfile
import time
from pathlib import Path

from plp.demo.generator import generate_school
from plp.format.selection import select_students
from plp.history.engine import shared_store
from plp.site_mkdocs.publisher import Publisher
from plp.sites import SiteOptions, build_sites

TODAY = "2026-12-01"
CONSENT = "publish:\n  portfolio: true\n  consent:\n    by: parent\n    name: {name}\n"


def give_consent(plans: Path) -> None:
    """Every student's consent, given by a parent who shares the student's last name."""
    for plan in plans.glob("*/plan.md"):
        text = plan.read_text(encoding="utf-8")
        parent = f"Jordan {plan.parent.name.rsplit('-', 1)[-1].title()}"
        consent = CONSENT.format(name=parent) + "    date: 2026-08-20\n"
        text = re.sub(r"(?m)^publish:\n(  .*\n)*", consent, text)
        plan.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plp-bench-publish-") as scratch:
        root = Path(scratch) / "school"
        generate_school(root, students=args.students, weeks=args.weeks, seed=7, history=True)
        plans = (root / "plans").resolve()
        give_consent(plans)  # an uncommitted change: the history pages show it too
        students = select_students(plans)
        shared_store(plans)  # the history, read once (plp build reads it before building)

        started, cpu = time.perf_counter(), _cpu()
        options = SiteOptions(plans=plans, out=root / "private", today=TODAY, jobs=1)
        report = build_sites(options)
        private, private_cpu = time.perf_counter() - started, _cpu() - cpu
        assert not report.failed, report.failed

        started, cpu = time.perf_counter(), _cpu()
        leaks = 0
        with Publisher(plans, root / "public", today=TODAY) as publisher:
            for student in students:
                leaks += len(publisher.publish(student, root / "public" / student).leaks)
        public, public_cpu = time.perf_counter() - started, _cpu() - cpu

    print(f"students: {len(students)}, weeks: {args.weeks}")
    print(f"private sites (with history pages): {private:.1f} s wall, {private_cpu:.1f} s CPU")
    print(f"public portfolios (leak check included): {public:.1f} s wall, {public_cpu:.1f} s CPU, "
          f"leaks found: {leaks}")  # fmt: skip
    print(f"ratio public/private at equal CPU (one process each): {public_cpu / private_cpu:.2f} "
          f"in CPU, {public / private:.2f} in wall-clock time (goal: under 2)")  # fmt: skip


def _cpu() -> float:
    """CPU seconds (user and system) of this process and its finished children so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()

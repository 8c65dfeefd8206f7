"""Incremental ``plp build``: what a rebuild costs when nothing, or one student, changed.

Goals (issue "A district's CI"): a rebuild with nothing changed of 1,000 students in under
2 s; one changed student (one file, committed) at 1,000 in under 3 s.

Each build is ``plp build`` in its own process, as a school runs it; the figures are the
elapsed time and the CPU seconds of that process and its workers (CPU time is not
inflated by other work on a shared machine). The first build (every site) is measured
too, with the size of one site and of its zip (what the sites workflow uploads per
student), for the CI figures in docs/schools.md ("What a push costs").

Usage: python benchmarks/bench_incremental.py [--students 1000] [--weeks 36]
       [--school DIR] [--jobs N]
``--school`` reuses (or first generates there) a school, so that a second run skips the
generation and the first build.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from plp.demo.generator import generate_school

TODAY = "2027-01-20"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@school.invalid",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@school.invalid",
}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(school: Path, jobs: int, *extra: str) -> tuple[float, float, str]:
    """(seconds elapsed, CPU seconds, the summary line) of one ``plp build``."""
    command = [sys.executable, "-m", "plp", "build", "--today", TODAY, "--jobs", str(jobs)]
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(
        [*command, *extra], cwd=school, capture_output=True, text=True, check=False
    )
    elapsed, used = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode not in (0, 1):
        sys.exit(f"plp build failed:\n{done.stderr}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("Built ")]
    return elapsed, used, lines[-1] if lines else done.stdout.strip()


def commit_one_change(school: Path, student: str, number: int) -> None:
    """A new reflection of ``student``, committed: one file of one student."""
    import os

    folder = school / "plans" / student / "reflections"
    day = next(
        day for day in range(1, 29) if not (folder / f"2027-02-{day:02d}.md").exists()
    )  # a new file each time, even when a school is reused
    reflection = folder / f"2027-02-{day:02d}.md"
    reflection.write_text(
        f"---\ndate: 2027-02-{day:02d}\nkind: daily\n---\nBenchmark note {number}.\n",
        encoding="utf-8",
    )
    env = {**os.environ, **GIT_ENV}
    for args in (["add", "--", str(reflection)], ["commit", "-q", "-m", "One reflection"]):
        subprocess.run(["git", *args], cwd=school, env=env, check=True)


def site_sizes(site: Path) -> tuple[int, int]:
    """(bytes of the site's files, bytes of its zip): what one artifact uploads."""
    files = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    with tempfile.TemporaryDirectory() as scratch:
        archive = shutil.make_archive(str(Path(scratch) / "site"), "zip", site)
        return files, Path(archive).stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=36)
    parser.add_argument("--school", type=Path, help="reuse this school (generated if missing)")
    parser.add_argument("--jobs", type=int, default=2, help="plp build --jobs (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each rebuild (best kept)")
    args = parser.parse_args()

    scratch = None
    if args.school is None:
        scratch = tempfile.TemporaryDirectory(prefix="plp-bench-incremental-")
        args.school = Path(scratch.name) / "school"
    school: Path = args.school
    try:
        if not (school / "plans").is_dir():
            start = time.perf_counter()
            generate_school(school, students=args.students, weeks=args.weeks, seed=0)
            print(f"generated {args.students} students x {args.weeks} weeks "
                  f"in {time.perf_counter() - start:.0f} s")  # fmt: skip
        students = sorted(p.name for p in (school / "plans").iterdir() if p.name[0] not in "_.")
        print(f"school: {school} ({len(students)} students)")
        if not (school / "private-sites").is_dir():
            elapsed, cpu, line = timed_build(school, args.jobs)
            each = cpu / len(students) * 1000
            print(f"first build (every site), --jobs {args.jobs}: {elapsed:.1f} s elapsed, "
                  f"{cpu:.1f} s CPU ({each:.0f} ms CPU a site)  [{line}]")  # fmt: skip
        files, zipped = site_sizes(school / "private-sites" / students[0])
        print(f"one site: {files / 1e6:.2f} MB of files, {zipped / 1e6:.2f} MB zipped")

        best: dict[str, tuple[float, float, str]] = {}
        for number in range(args.repeat):
            result = timed_build(school, args.jobs)
            if "no change" not in best or result[0] < best["no change"][0]:
                best["no change"] = result
            commit_one_change(school, students[len(students) // 2], number)
            result = timed_build(school, args.jobs)
            if "one student" not in best or result[0] < best["one student"][0]:
                best["one student"] = result
        goals = {"no change": 2.0, "one student": 3.0}
        for name, (elapsed, cpu, line) in best.items():
            verdict = "meets" if elapsed < goals[name] else "MISSES"
            print(f"rebuild, {name}: {elapsed:.2f} s elapsed, {cpu:.2f} s CPU "
                  f"({verdict} the goal of {goals[name]:.0f} s)  [{line}]")  # fmt: skip
    finally:
        if scratch is not None:
            scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How fast ``plp validate`` is: a whole school, and the pre-commit hook on commits.

Goals (issue "Foundation"): at least 2,000 files per second over a school of 10,000+
plan files on a 2-core machine. Goals (adoption issue): in a school of 2,000 students,
the hook (``plp validate --staged`` with the commit's files, as pre-commit runs it) on a
one-file commit under 300 ms wall-clock, start-up included, and on a ``_school.yml``
commit under 1 s, whatever the size of the school. Goal (issue "A district's CI"): the
hook through pre-commit under 300 ms wall-clock at 2,000 students; when pre-commit is
installed beside plp, each commit is also run through ``pre-commit run`` with the
configuration ``plp init`` writes, and with a hook that does nothing (pre-commit's own
cost, which grows with the number of files in the work tree).

The hook part makes the school a Git repository, stages each commit, runs the hook
``--runs`` times and prints the median wall-clock and CPU time (the process and its
children, such as git): on a shared machine, wall-clock waits for other work, CPU time
does not.

Usage: python -m benchmarks.bench_validate [--students 300] [--weeks 30] [--runs 5]
       python -m benchmarks.bench_validate --students 2000 --weeks 36 --hook-only
       python -m benchmarks.bench_validate --hook-only --school DIR   (a school made before)
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from plp.check.checker import validate
from plp.demo.generator import generate_school


def wall(command: list[str], cwd: Path, runs: int) -> list[float]:
    """Wall-clock seconds of ``command``, ``runs`` times (after one warm-up run)."""
    return [seconds for seconds, _ in timed(command, cwd, runs)]


def timed(
    command: list[str], cwd: Path, runs: int, env: dict[str, str] | None = None
) -> list[tuple[float, float]]:
    """Wall-clock and CPU seconds (user and system, children included) of ``command``,
    ``runs`` times (after one warm-up run)."""
    subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=env)
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=env)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        times.append((seconds, cpu))
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr.decode())
    return times


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    env |= {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@school.invalid"}
    env |= {"GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@school.invalid"}
    # No automatic gc: it would run in the background, during the measured runs.
    command = ["git", "-c", "gc.auto=0", "-c", "maintenance.auto=false", *args]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, check=True)
    return done.stdout.decode()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{path} has no {old!r}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


#: A pre-commit configuration whose hook does nothing: what pre-commit costs by itself.
NO_OP_PRE_COMMIT = """\
repos:
  - repo: local
    hooks:
      - id: nothing
        name: nothing
        entry: "true"
        language: system
        files: ^plans/
        always_run: true
        require_serial: true
"""


def pre_commit_env() -> dict[str, str] | None:
    """The environment to run pre-commit in (plp of this Python on PATH), or None when
    pre-commit is not installed."""
    scripts = Path(sys.executable).parent
    if not (scripts / "pre-commit").exists():
        return None
    return {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}


def median_ms(times: list[tuple[float, float]]) -> str:
    wall_ms = [t * 1000 for t, _ in times]
    cpu_ms = [c * 1000 for _, c in times]
    return (
        f"median {statistics.median(wall_ms):.0f} ms wall-clock (min {min(wall_ms):.0f}, "
        f"max {max(wall_ms):.0f}), median {statistics.median(cpu_ms):.0f} ms CPU"
    )


def bench_hook(root: Path, students: list[str], runs: int) -> None:
    """The hook on commits of one file (a weekly plan, a plan), of a deletion, and of
    ``_school.yml``, run as ``plp validate --staged`` and, when pre-commit is installed,
    through pre-commit with the configuration ``plp init`` writes (beside pre-commit
    with a hook that does nothing); ``root`` becomes a Git repository if it is not one."""
    from plp.scaffold.school import PRE_COMMIT_CONFIG

    plans = root / "plans"
    if not (root / ".git").exists():
        print("making the school a Git repository ...", flush=True)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "The school")
    env = pre_commit_env()
    if env is not None and not (root / ".pre-commit-noop.yaml").exists():
        (root / ".pre-commit-config.yaml").write_text(PRE_COMMIT_CONFIG, encoding="utf-8")
        (root / ".pre-commit-noop.yaml").write_text(NO_OP_PRE_COMMIT, encoding="utf-8")
        git(root, "add", ".pre-commit-config.yaml", ".pre-commit-noop.yaml")
        git(root, "commit", "-q", "-m", "The pre-commit hook")
    student = plans / students[len(students) // 2]
    plan = student / "plan.md"
    week = sorted((student / "weeks").glob("*.md"))[-1]
    evidence = sorted((student / "evidence").glob("*.md"))[0]
    school = plans / "_school.yml"
    staff = re.search(r"^  - id: (\S+)\n(?:    .*\n)+", school.read_text(encoding="utf-8"), re.M)
    assert staff is not None
    commits: list[tuple[str, Callable[[], None], list[Path]]] = [
        (
            "a one-file commit (a weekly plan)",
            lambda: edit(week, "\n---\n", "\n---\nOne more line of notes.\n"),
            [week],
        ),
        (
            "a one-file commit (a plan.md: a goal renamed)",
            lambda: edit(plan, "  - id: ", "  - id: renamed-"),
            [plan],
        ),
        (
            "a commit that deletes an evidence page",
            lambda: evidence.unlink(),
            [],
        ),
        (
            f"a _school.yml commit (staff member {staff[1]} removed)",
            lambda: edit(school, staff[0], ""),
            [school],
        ),
    ]
    plp = [sys.executable, "-m", "plp", "validate", "--staged"]
    for name, change, files in commits:
        change()
        git(root, "add", "-A")
        command = [*plp, *(str(f.relative_to(root)) for f in files)]
        times = timed(command, root, runs)
        out = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
        print(
            f"hook on {name}, {runs} runs: {median_ms(times)}\n"
            f"  plp says: {out.stdout.strip().splitlines()[-1]}"
        )
        if env is not None:
            hook = timed(["pre-commit", "run"], root, runs, env)
            noop = ["pre-commit", "run", "--config", ".pre-commit-noop.yaml"]
            print(
                f"  through pre-commit: {median_ms(hook)}\n"
                f"  pre-commit with a hook that does nothing: "
                f"{median_ms(timed(noop, root, runs, env))}"
            )
        git(root, "reset", "-q", "--hard")
    bare = statistics.median(t for t, _ in timed([sys.executable, "-c", "pass"], root, runs))
    print(f"  of which Python's own start-up: {bare * 1000:.0f} ms")
    if hasattr(os, "getloadavg"):
        print(f"  load average during the runs: {os.getloadavg()[0]:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--weeks", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--hook-only", action="store_true", help="only the hook on commits (in a Git repository)"
    )
    parser.add_argument(
        "--school",
        type=Path,
        metavar="DIR",
        help="with --hook-only: a school made before by school_generator.py, to measure again",
    )
    args = parser.parse_args()
    plp = [sys.executable, "-m", "plp"]
    if args.hook_only and args.school:
        students = sorted(p.name for p in (args.school / "plans").iterdir() if p.name[0] != "_")
        print(f"school: {len(students)} students in {args.school}")
        bench_hook(args.school, students, args.runs)
        return 0
    with tempfile.TemporaryDirectory(prefix="plp-bench-") as scratch:
        root = Path(scratch)
        school = generate_school(root, students=args.students, weeks=args.weeks, history=False)
        plans = root / "plans"
        print(f"school: {len(school.students)} students, {school.plan_files} plan files")
        if args.hook_only:
            bench_hook(root, school.students, args.runs)
            return 0

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

"""Building many students' sites: plp's shared build against one ``mkdocs build`` each.

Every figure is given in CPU seconds beside wall-clock seconds: on a shared machine the
wall clock counts other people's work too, and a parallel build spends more CPU to take
less time. Ratios are reported two ways:

* **at equal CPU**: ``plp build --jobs 1`` against separate ``mkdocs build`` runs one at a
  time: one process each way, so the ratio of CPU seconds (and of wall seconds) is what
  the shared build saves, not what more cores buy. Goal: at most 0.2.
* **with default parallelism**: ``plp build`` with one process per CPU (its default)
  against the same separate runs one at a time, as a school would script them.

Also: CPU per site in a single process (goal: at most 130 ms), the disk each further site
costs beyond its own pages (goal: at most 300 KB) and the peak memory of one process.

The separate builds get the very same pages: each student's portfolio is written out as
a docs folder and a mkdocs.yml with the same theme, then built by its own process.

Usage: python benchmarks/bench_sites.py [--students 200] [--weeks 36] [--separate N]
[--json FILE] [--quick]. ``--separate N`` builds only N students the separate way and
scales their time up; ``--quick`` runs only ``plp build --jobs 1`` (to compare plp
versions on one machine); ``--json FILE`` appends the figures to FILE as one JSON line
(``scripts/plot_scaling.py`` makes the docs' table and plot from it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from plp.demo.generator import generate_school
from plp.format.records import attach_history, load_student
from plp.history.engine import HistoryStore, shared_store
from plp.portfolio.site import build_portfolio
from plp.site_mkdocs.builder import DEFAULT_THEME, STYLESHEET
from plp.site_mkdocs.plugin import nav_config, page_stub, theme_text

TODAY = "2027-01-20"


@dataclass(slots=True)
class Run:
    """One way of building the sites: wall-clock and CPU seconds (user and system, of
    every process it started), for ``sites`` sites."""

    wall: float
    cpu: float
    sites: int

    def per_site_ms(self, seconds: float) -> float:
        return seconds / self.sites * 1000

    def line(self) -> str:
        return (
            f"{self.wall:.1f} s wall, {self.cpu:.1f} s CPU "
            f"({self.per_site_ms(self.wall):.0f} ms wall, "
            f"{self.per_site_ms(self.cpu):.0f} ms CPU per site)"
        )


def _children_cpu() -> float:
    """CPU seconds (user and system) used so far by finished child processes and theirs:
    unlike the elapsed time, not inflated by other work on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``command``; its wall-clock and CPU seconds. Exits with its output on failure."""
    wall, cpu, _ = timed_with_output(command, env)
    return wall, cpu


def timed_with_output(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run ``command``; its wall-clock and CPU seconds, and what it wrote to stderr."""
    start, cpu_before = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu_before
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    return wall, cpu, done.stderr


#: ``plp`` run so that it says its own peak memory at the end: the peak of every child
#: process so far would be Git's, which made and read the school's history.
_PLP_WITH_PEAK = (
    "import resource, runpy, sys\n"
    "sys.argv = ['plp', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('plp', run_name='__main__')\n"
    "finally:\n"
    "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    print(f'plp-peak-kib {peak}', file=sys.stderr)\n"
)


def disk_usage(path: Path) -> int:
    """Bytes on disk under ``path``, each hard-linked file counted once (like ``du``)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for file in path.rglob("*"):
        info = file.lstat()
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        total += info.st_blocks * 512
    return total


def own_bytes(site: Path) -> int:
    """A site's own pages and files: everything but the theme's assets."""
    return sum(
        f.lstat().st_blocks * 512
        for f in site.rglob("*")
        if f.is_file() and not f.relative_to(site).as_posix().startswith(("assets/",))
    ) + sum(f.lstat().st_blocks * 512 for f in (site / "assets").glob("plp.css"))


def write_separate_project(plans: Path, student: str, project: Path) -> None:
    """The student's site as a plain MkDocs project: the same pages, theme and files."""
    record, _ = load_student(plans, student)
    attach_history(record, shared_store(plans))
    portfolio = build_portfolio(record, dt.date.fromisoformat(TODAY))
    docs = project / "docs"
    for page in portfolio.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"{page_stub(page)}\n<div>\n{page.html}\n</div>\n")
    for attachment in portfolio.attachments:
        (docs / attachment.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(attachment.source, docs / attachment.path)
    (docs / STYLESHEET).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(Path(sys.modules["plp.site_mkdocs.plugin"].__file__ or "").parent / "plp.css",
                docs / STYLESHEET)  # fmt: skip
    config = {
        "site_name": str(theme_text(portfolio.site_name)),
        "use_directory_urls": False,
        "theme": {**DEFAULT_THEME, "font": False},
        "extra": {"generator": False},
        "extra_css": [STYLESHEET],
        "plugins": [{"search": {"lang": "en"}}],
        "nav": json.loads(json.dumps(nav_config(portfolio))),  # titles as plain text
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))


def plp_build(
    plans: Path, out: Path, jobs: int, sites: int, env: dict[str, str]
) -> tuple[Run, int]:
    """``plp build --jobs N`` of the school: its times, and the peak memory (KiB) of its
    main process."""
    wall, cpu, err = timed_with_output(
        [sys.executable, "-c", _PLP_WITH_PEAK, "build", "--plans", str(plans),
         "--out", str(out), "--today", TODAY, "--jobs", str(jobs)],
        env,
    )  # fmt: skip
    peak = [int(line.split()[1]) for line in err.splitlines() if line.startswith("plp-peak-kib")]
    return Run(wall, cpu, sites), peak[-1] if peak else 0


def separate_builds(projects: Path, chosen: list[str], env: dict[str, str]) -> Run:
    """One ``mkdocs build`` per student, one at a time."""
    wall = cpu = 0.0
    for student in chosen:
        one_wall, one_cpu = timed(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f",
             str(projects / student / "mkdocs.yml")],
            env,
        )  # fmt: skip
        wall, cpu = wall + one_wall, cpu + one_cpu
    return Run(wall, cpu, len(chosen))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=36)
    parser.add_argument("--separate", type=int, default=0, help="default: every student")
    parser.add_argument("--json", type=Path, help="append the figures to this file")
    parser.add_argument("--quick", action="store_true", help="only plp build --jobs 1")
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cpus = os.cpu_count() or 1
    figures: dict[str, object] = {
        "students": args.students,
        "weeks": args.weeks,
        "cpus": cpus,
        "load_before": os.getloadavg()[0],
    }
    with tempfile.TemporaryDirectory(prefix="plp-bench-") as scratch:
        root = Path(scratch)
        start = time.perf_counter()
        school = generate_school(root, students=args.students, weeks=args.weeks)
        plans = root / "plans"
        print(f"{len(school.students)} students over {args.weeks} weeks generated in "
              f"{time.perf_counter() - start:.1f} s ({school.commits} commits)")  # fmt: skip
        start, cpu = time.perf_counter(), time.process_time()
        HistoryStore(plans)  # read the history once, so that every build finds it cached
        print(f"history read in {time.perf_counter() - start:.1f} s wall, "
              f"{time.process_time() - cpu:.1f} s CPU")  # fmt: skip
        sites = len(school.students)

        runs: dict[int, Run] = {}
        for jobs in [1] if args.quick else sorted({1, cpus}):
            out = root / f"sites-{jobs}"
            runs[jobs], peak_kib = plp_build(plans, out, jobs, sites, env)
            pages = sum(1 for _ in out.rglob("*.html"))
            figures["pages_per_site"] = round(pages / sites)
            print(f"plp build --jobs {jobs}: {sites} sites, {pages} pages "
                  f"({pages / sites:.0f} per site): {runs[jobs].line()}; "
                  f"peak memory of its main process {peak_kib / 1024:.0f} MiB")  # fmt: skip
        single = runs[1]
        print(f"CPU per site in a single process: {single.per_site_ms(single.cpu):.0f} ms "
              "(goal: at most 130)")  # fmt: skip
        figures["plp_jobs_1"] = asdict(single)
        if args.quick:
            _save(args.json, figures)
            return 0
        figures["plp_default"] = {**asdict(runs[cpus]), "jobs": cpus}

        out = root / "sites-1"
        # the sites, not the markers or the manifests folder (.plp-manifest)
        built = sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
        total, first = disk_usage(out), disk_usage(built[0])
        own_rest = sum(own_bytes(site) for site in built[1:])
        extra = (total - first - own_rest) / max(1, len(built) - 1)
        print(
            f"disk: {total / 2**20:.1f} MiB in all; the first site {first / 2**20:.1f} MiB; "
            f"each further site costs {extra / 1024:.0f} KB beyond its own pages and files "
            f"(own pages and files: {own_rest / max(1, len(built) - 1) / 1024:.0f} KB on "
            "average)"
        )

        chosen = school.students[: args.separate or sites]
        projects = root / "separate"
        for student in chosen:
            write_separate_project(plans, student, projects / student)
        sample = separate_builds(projects, chosen, env)
        scale = sites / len(chosen)
        separate = Run(sample.wall * scale, sample.cpu * scale, sites)
        note = "" if len(chosen) == sites else f" (scaled from {len(chosen)})"
        print(f"separate mkdocs build runs, one at a time: {separate.line()}{note}")
        figures["separate"] = {**asdict(separate), "sampled": len(chosen)}

        print("at equal CPU (plp build --jobs 1 against separate runs one at a time):")
        print(f"  CPU: {single.cpu / separate.cpu:.2f} of the separate runs' (goal: 0.2); "
              f"wall: {single.wall / separate.wall:.2f}")  # fmt: skip
        parallel = runs[cpus]
        print(f"with default parallelism (plp build --jobs {cpus}, separate runs one at a time):")
        print(f"  wall: {parallel.wall / separate.wall:.2f} of the separate runs'; "
              f"CPU: {parallel.cpu / separate.cpu:.2f}")  # fmt: skip
        separate_disk = disk_usage(projects) - disk_usage(projects / chosen[0] / "docs")
        print(f"separate builds' disk (sites and docs): {separate_disk / 2**20:.1f} MiB")
    figures["load_after"] = os.getloadavg()[0]
    print(f"load average (1 min): {figures['load_before']:.1f} before, "
          f"{figures['load_after']:.1f} after, on {cpus} CPUs")  # fmt: skip
    _save(args.json, figures)
    return 0


def _save(path: Path | None, figures: dict[str, object]) -> None:
    if path is not None:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(figures) + "\n")


if __name__ == "__main__":
    sys.exit(main())

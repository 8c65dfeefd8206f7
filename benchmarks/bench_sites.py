"""Building many students' sites: plp's shared build against one ``mkdocs build`` each.

Goals (issue "Private portfolio sites"), measured side by side in one run:

* all sites for 200 students of ~30 pages each in at most a quarter of the time of 200
  separate ``mkdocs build`` runs of the same sites (what a school would script);
* each additional student costs at most 300 KB of disk beyond its own pages and files;
* peak memory for 200 students under 1 GiB.

The separate builds get the very same pages: each student's portfolio is written out as
a docs folder and a mkdocs.yml with the same theme, then built by its own process.

Usage: python benchmarks/bench_sites.py [--students 200] [--weeks 22] [--separate N]
(``--separate`` builds only N students the separate way and scales the time up).
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
from pathlib import Path

import yaml

from plp.demo.generator import generate_school
from plp.format.records import attach_history, load_student
from plp.history.engine import HistoryStore, shared_store
from plp.portfolio.site import build_portfolio
from plp.site_mkdocs.builder import DEFAULT_THEME, STYLESHEET
from plp.site_mkdocs.plugin import nav_config, page_stub, theme_text

TODAY = "2027-01-20"


def _children_cpu() -> float:
    """CPU seconds (user and system) used so far by finished child processes: unlike the
    elapsed time, not inflated by other work on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=21)
    parser.add_argument("--separate", type=int, default=0, help="default: every student")
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory(prefix="plp-bench-") as scratch:
        root = Path(scratch)
        school = generate_school(root, students=args.students, weeks=args.weeks)
        plans = root / "plans"
        start = time.perf_counter()
        HistoryStore(plans)  # read the history once, so that both builds find it cached
        print(f"history of {len(school.students)} students read in "
              f"{time.perf_counter() - start:.1f} s ({school.commits} commits)")  # fmt: skip

        timings: dict[int, float] = {}
        for jobs in sorted({1, os.cpu_count() or 1}):
            out = root / f"sites-{jobs}"
            start = time.perf_counter()
            cpu_before = _children_cpu()
            done = subprocess.run(
                [sys.executable, "-m", "plp", "build", "--plans", str(plans), "--out", str(out),
                 "--today", TODAY, "--jobs", str(jobs)],
                capture_output=True, text=True, env=env, check=False,
            )  # fmt: skip
            timings[jobs] = time.perf_counter() - start
            cpu = _children_cpu() - cpu_before
            if done.returncode != 0:
                raise SystemExit(done.stdout + done.stderr)
            peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            pages = sum(1 for _ in out.rglob("*.html"))
            print(
                f"plp build --jobs {jobs}: {len(school.students)} sites, {pages} pages "
                f"({pages / len(school.students):.0f} per site) in {timings[jobs]:.1f} s "
                f"({timings[jobs] / len(school.students) * 1000:.0f} ms per site); "
                f"peak memory of one process {peak_kib / 1024:.0f} MiB; "
                f"CPU {cpu / len(school.students) * 1000:.0f} ms per site"
            )
        out = root / "sites-1"
        sites = sorted(path for path in out.iterdir() if path.is_dir())  # not the marker
        total = disk_usage(out)
        first = disk_usage(sites[0])
        own_rest = sum(own_bytes(site) for site in sites[1:])
        extra = (total - first - own_rest) / (len(sites) - 1)
        print(
            f"disk: {total / 2**20:.1f} MiB in all; the first site {first / 2**20:.1f} MiB; "
            f"each further site costs {extra / 1024:.0f} KB beyond its own pages and files "
            f"(own pages and files: {own_rest / (len(sites) - 1) / 1024:.0f} KB on average)"
        )

        chosen = school.students[: args.separate or len(school.students)]
        projects = root / "separate"
        for student in chosen:
            write_separate_project(plans, student, projects / student)
        start = time.perf_counter()
        for student in chosen:
            done = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                 str(projects / student / "mkdocs.yml")],
                capture_output=True, text=True, env=env, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                raise SystemExit(done.stderr)
        separate = time.perf_counter() - start
        scaled = separate * len(school.students) / len(chosen)
        note = "" if len(chosen) == len(school.students) else f" (scaled from {len(chosen)})"
        print(
            f"separate mkdocs build runs: {scaled:.1f} s for {len(school.students)} sites"
            f"{note}, {separate / len(chosen) * 1000:.0f} ms per site"
        )
        for jobs, seconds in timings.items():
            print(f"plp build --jobs {jobs} takes {seconds / scaled:.2f} of that time (goal: 0.25)")
        separate_disk = disk_usage(projects) - disk_usage(projects / chosen[0] / "docs")
        print(f"separate builds' disk (sites and docs): {separate_disk / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``plp build``: every student's private portfolio site, each a self-contained folder."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from plp.checker import UsageError
from plp.reporters import printable
from plp.selection import parse_shard, select_students


def add_site_arguments(command: argparse.ArgumentParser) -> None:
    """The options every command that makes sites shares."""
    command.add_argument(
        "--plans",
        type=Path,
        default=Path("plans"),
        metavar="DIR",
        help="the plans folder (default: plans)",
    )
    command.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
        help="take theme settings from this mkdocs.yml (default: mkdocs.yml)",
    )  # fmt: skip


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "build",
        help="build students' portfolio sites",
        description=(
            "Build a private portfolio site for each student, at OUT/<student>/ (default "
            "site/students/). Each site is complete on its own: zip it or deploy it alone. "
            "Theme settings come from mkdocs.yml when there is one."
        ),
    )
    command.add_argument(
        "--student",
        action="append",
        default=[],
        metavar="ID",
        help="build this student's site (repeat for more); default: every student",
    )
    add_site_arguments(command)
    command.add_argument(
        "--out",
        type=Path,
        default=Path("site/students"),
        metavar="DIR",
        help="where the sites go (default: site/students)",
    )
    command.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="build in N processes (default: one per CPU)",
    )
    command.add_argument(
        "--shard",
        metavar="K/N",
        help="build only shard K of N (for a CI matrix); a student's shard depends on its id",
    )
    command.add_argument(
        "--changed-since",
        metavar="REF",
        help="build only students whose files changed since the Git revision REF",
    )
    command.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="build as of this day (default: SOURCE_DATE_EPOCH, or today)",
    )
    command.add_argument(
        "--allow-shallow",
        action="store_true",
        help="build from a shallow clone anyway; the pages say the history is incomplete",
    )
    command.add_argument(
        "--no-history", action="store_true", help="leave out the pages made from the Git history"
    )
    command.add_argument(
        "--strict",
        action="store_true",
        help="stop when a plan file has errors instead of leaving it out",
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.jobs is None:
        args.jobs = os.cpu_count() or 1
    if args.today is not None:
        from plp.site_mkdocs.plugin import build_day

        try:
            build_day(args.today)
        except ValueError as error:
            raise UsageError(f"--today: {error}") from None
    if args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    if not args.plans.is_dir():
        raise UsageError(f"there is no plans folder at {args.plans}")
    shard = parse_shard(args.shard) if args.shard else None
    students = select_students(args.plans, args.student, shard, args.changed_since)
    if not students:
        print("No student to build.")
        return 0
    from plp.history.engine import HistoryError, shared_store
    from plp.site_mkdocs.builder import SiteOptions, build_sites, project_theme, terminal_progress

    if not args.no_history:
        try:  # read the history once, before any site: a shallow clone stops here
            shared_store(args.plans, args.allow_shallow)
        except HistoryError as error:
            raise UsageError(str(error)) from None

    options = SiteOptions(
        plans=args.plans.resolve(),
        out=args.out.resolve(),
        students=students,
        theme=project_theme(args.config),
        today=args.today,
        strict=args.strict,
        jobs=args.jobs,
        history=not args.no_history,
        allow_shallow=args.allow_shallow,
    )
    report = build_sites(options, terminal_progress())
    for student, why in sorted(report.failed.items()):
        print(f"plp: {student}: the site could not be built: {printable(why)}", file=sys.stderr)
    left_out = sum(len(findings) for findings in report.findings.values())
    print(
        f"Built {len(report.built)} of {len(students)} sites in {args.out}"
        + (f"; {left_out} files with errors were left out (run plp validate)." if left_out else ".")
    )
    return 1 if report.failed or left_out else 0

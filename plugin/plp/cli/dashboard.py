"""``plp dashboard``: the staff dashboard, in a folder of its own."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from plp.cli.plan_edit import add_plans_option, plans_folder
from plp.dashboard.build import dashboard_pages, write_pages
from plp.dashboard.output import (
    DEFAULT_DASHBOARD,
    check_dashboard_location,
    claim_dashboard_folder,
    write_dashboard,
)
from plp.errors import UsageError
from plp.weekly.school_settings import SchoolProblem


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "dashboard",
        help="build the staff dashboard",
        description=(
            "Build the staff dashboard at OUT/dashboard/ (default "
            f"{DEFAULT_DASHBOARD}/): one row per student (goals by status, overdue goals, "
            "the last reflection and its confidence, this week's activities done, the "
            "checklist score of plp check), sortable; who needs a conversation and why; "
            "weekly completion per roster as a chart; a page per roster with only its "
            "students. It is private to staff: OUT is never in the students' sites "
            "folder, the plans folder or mkdocs.yml's site_dir or docs_dir."
        ),
    )
    command.add_argument(
        "--out",
        type=Path,
        default=Path(DEFAULT_DASHBOARD),
        metavar="DIR",
        help="the dashboard's own folder: new, empty or made by plp "
        f"(default: {DEFAULT_DASHBOARD})",
    )
    command.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
        help="the project's mkdocs.yml: the dashboard never goes in its site_dir or docs_dir",
    )  # fmt: skip
    command.add_argument("--today", metavar="YYYY-MM-DD", help="as on this day (default: today)")
    add_plans_option(command)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plp.sites import generator  # the generator's adapter reads mkdocs.yml

    plans = plans_folder(args)
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError:
        raise UsageError(f"--today {args.today}: not a real date; write it as YYYY-MM-DD") from None
    print(make_dashboard(plans, args.out, generator().project_published(args.config), today))
    return 0


def make_dashboard(
    plans: Path, out: Path, published: list[tuple[Path, str]], today: dt.date
) -> str:
    """Build the dashboard of ``plans`` in ``out``; what was done, for people."""
    real = check_dashboard_location(out, plans, published)
    try:
        pages = dashboard_pages(plans, today)
    except SchoolProblem as problem:
        raise UsageError(str(problem)) from None
    claim_dashboard_folder(real)
    place = write_dashboard(real, lambda folder: write_pages(pages, folder))
    return (
        f"Built the staff dashboard of {pages.students} students in {place} "
        f"({pages.conversations} need a conversation); open {place / 'index.html'}"
    )

"""``plp export``: the archive a student takes with them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plp.cli.arguments import check_build_day, check_plans_folder
from plp.cli.build import add_site_arguments
from plp.errors import UsageError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "export",
        help="write a student's take-home archive (a zip that works offline)",
        description=(
            "Write STUDENT's take-home archive to OUT (a .zip): their private site, which "
            "opens from site/index.html with no server and with search working; their "
            "Markdown files and evidence; their plan's history as JSON and as a page; a "
            "README saying what is inside. Nothing of another student: the site is checked "
            "for other students' data first. The same plans give the same bytes. plp "
            "replaces OUT only when it wrote it."
        ),
    )
    command.add_argument("student", metavar="STUDENT", help="the student's id")
    command.add_argument(
        "--out", type=Path, required=True, metavar="FILE.zip", help="the archive to write"
    )
    add_site_arguments(command)
    command.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="build as of this day (default: SOURCE_DATE_EPOCH, or today)",
    )
    command.add_argument(
        "--allow-shallow",
        action="store_true",
        help="export from a shallow clone anyway; the history is then incomplete",
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plp.format.records import StudentNotFound
    from plp.format.selection import select_students
    from plp.sites import generator

    check_build_day(args.today)
    check_plans_folder(args.plans)
    (student,) = select_students(args.plans, [args.student])
    try:
        sites = generator()
        result = sites.export_student(
            args.plans,
            student,
            args.out,
            today=args.today,
            theme=sites.project_theme(args.config),
            allow_shallow=args.allow_shallow,
        )
    except StudentNotFound as error:
        raise UsageError(str(error)) from None
    if result.leaks:
        print(
            f"plp: the archive of {student} was NOT written: the site would hold another "
            "student's data:",
            file=sys.stderr,
        )
        for leak in result.leaks:
            print(f"  {leak.message(student)}", file=sys.stderr)
        return 1
    print(f"Wrote {args.out}: {result.files} files. Open site/index.html in it to browse.")
    return 0

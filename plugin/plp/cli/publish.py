"""``plp publish``: a graduating student's public portfolio, checked for leaks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plp.cli.arguments import check_build_day, check_plans_folder
from plp.cli.build import add_site_arguments
from plp.errors import UsageError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "publish",
        help="build a student's public portfolio (with consent), checked for leaks",
        description=(
            "Build STUDENT's public portfolio at OUT: only what 'What may become public' in "
            "the plan format allows (public goals without baselines, public evidence with its "
            "files, public reflections and weeks, the story, preferred name, interests, "
            "aspirations, strengths). Refused unless plan.md has 'publish.portfolio: true' "
            "and a 'publish.consent'. Every file built is then checked for the student's "
            "private strings and any other student's data: a hit fails the publish, names "
            "the file and the field, and nothing is written to OUT. The site uses relative "
            "links only: copy OUT to any static host."
        ),
    )
    command.add_argument("student", metavar="STUDENT", help="the student's id")
    command.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="where the portfolio goes: a new or empty folder, or one plp published before",
    )
    add_site_arguments(command)
    command.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="build as of this day (default: SOURCE_DATE_EPOCH, or today)",
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plp.format.records import StudentNotFound
    from plp.publish.public import PublishRefused
    from plp.sites import generator

    check_build_day(args.today)
    check_plans_folder(args.plans)
    from plp.format.selection import select_students

    (student,) = select_students(args.plans, [args.student])  # a student of the plans only
    sites = generator()
    try:
        result = sites.publish_student(
            args.plans,
            student,
            args.out,
            today=args.today,
            theme=sites.project_theme(args.config),
        )
    except StudentNotFound as error:
        raise UsageError(str(error)) from None
    except PublishRefused as error:
        print(f"plp: {error}", file=sys.stderr)
        return 1
    if result.leaks:
        print(
            f"plp: the public portfolio of {args.student} was NOT published: it would hold "
            "data that must stay private. Nothing was written to "
            f"{args.out}.",
            file=sys.stderr,
        )
        for leak in result.leaks:
            print(f"  {leak.message(args.student)}", file=sys.stderr)
        print(
            "  Fix: mark the item 'visibility: private' everywhere it appears, or take the "
            "words out of the public item, then publish again; report a plp bug when a "
            "private field itself shows up.",
            file=sys.stderr,
        )
        return 1
    for finding in result.findings:
        print(
            f"plp: warning: {finding.path}:{finding.line}: {finding.message} (left out; run "
            "plp validate)",
            file=sys.stderr,
        )
    print(f"Published the public portfolio of {args.student} in {args.out}; no leaks found.")
    return 0

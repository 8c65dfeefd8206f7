"""``plp week new``: hand out a week's plan to many students at once, from a template."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from plp.check.checker import validate
from plp.check.reporters import text as report_text
from plp.cli.plan_edit import add_plans_option, plans_folder
from plp.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from plp.format.layout import STUDENT_ID, WEEK_FILE_NAME, student_ids
from plp.scaffold.files import FileInTheWay, existing, sync_all, write_new_file
from plp.weekly.handout import HandoutProblem, handouts
from plp.weekly.school_settings import SchoolProblem, roster


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "week",
        help="hand out a week's plan",
        description="Work with the weekly plans: hand out a week's plan to students.",
    )
    kinds = command.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = kinds.add_parser(
        "new",
        help="make the week's plan for students from a template",
        description=(
            "Make the week's plan for each student named (--student, --roster or --all) "
            "from plans/_templates/NAME.md, with {week}, {student_id}, {student_name} and "
            "the --set values filled in. A plan of one area is written as "
            "weeks/WEEK-AREA.md, so several teachers' plans for a week live side by side; "
            "a plan of several areas as weeks/WEEK.md. Nothing is written if any of the "
            "files exists already, and the plans made are checked like plp validate does: "
            "if one is not valid, none is kept."
        ),
    )
    new.add_argument("--week", required=True, metavar="YYYY-Www", help="the ISO week, 2026-W49")
    new.add_argument(
        "--template", required=True, metavar="NAME", help="the template, from plans/_templates/"
    )
    who = new.add_mutually_exclusive_group(required=True)
    who.add_argument("--student", action="append", metavar="ID", help="a student (repeat for more)")
    who.add_argument("--roster", action="append", metavar="NAME", help="a roster of _school.yml")
    who.add_argument("--all", action="store_true", help="every student")
    new.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a value for the template's {KEY} placeholder (repeat for more)",
    )
    add_plans_option(new)
    new.set_defaults(run=run)


def _week(text: str) -> str:
    match = WEEK_FILE_NAME.fullmatch(text)
    if match is None or match["area"]:
        raise UsageError(f"--week {text}: write the ISO week as YYYY-Www, such as 2026-W49")
    try:
        dt.date.fromisocalendar(int(text[:4]), int(text[6:]), 1)
    except ValueError:
        raise UsageError(f"--week {text}: there is no such ISO week") from None
    return text


def _values(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise UsageError(f"--set {pair}: write it as KEY=VALUE, such as teacher_goal=...")
        values[key.strip()] = value
    return values


def _students(args: argparse.Namespace, plans: Path) -> list[str]:
    everyone = student_ids(plans)
    if args.all:
        return everyone
    if args.roster:
        try:
            named = [s for name in args.roster for s in roster(plans, name)]
        except SchoolProblem as problem:
            raise UsageError(str(problem)) from None
    else:
        named = list(args.student)
    known = set(everyone)
    unknown = [s for s in named if s not in known or not STUDENT_ID.fullmatch(s)]
    if unknown:
        raise UsageError(f"no such student in {plans.as_posix()}: {', '.join(unknown)}")
    return list(dict.fromkeys(named))


def run(args: argparse.Namespace) -> int:
    plans = plans_folder(args)
    week = _week(args.week)
    students = _students(args, plans)
    if not students:
        raise UsageError("no students to hand the week's plan to")
    try:
        made = handouts(plans, args.template, week, students, _values(args.set))
    except HandoutProblem as problem:
        raise UsageError(str(problem)) from None
    paths = [plans / handout.rel for handout in made]
    in_the_way = existing(paths)
    if in_the_way:
        shown = "\n  ".join(path.relative_to(plans).as_posix() for path in in_the_way)
        print(
            f"plp: {len(in_the_way)} of these plans exist already, so none was written "
            f"(plp never replaces a plan):\n  {shown}",
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    written: list[Path] = []
    try:
        for handout, path in zip(made, paths, strict=True):
            write_new_file(path, handout.text, sync=False)  # one sync for all, below
            written.append(path)
        sync_all()
        mine = set(written)
        findings = [
            finding
            for finding in validate(plans, written).findings  # in a process per CPU
            if plans / finding.path in mine
        ]
    except FileInTheWay as in_the_way_now:
        _remove(written)
        print(f"plp: {in_the_way_now.path} appeared meanwhile; nothing was kept", file=sys.stderr)
        return EXIT_FINDINGS
    except BaseException:
        _remove(written)
        raise
    if findings:
        _remove(written)
        print(
            "plp: the plans made from this template would not be valid, so none was kept:",
            file=sys.stderr,
        )
        report_text(findings, len(written), sys.stderr)
        return EXIT_FINDINGS
    print(f"wrote {len(written)} plans for {week} from template {args.template}:")
    for handout in made[:10]:
        print(f"  {handout.rel}")
    if len(made) > 10:
        print(f"  ... and {len(made) - 10} more")
    print("Check them with git status, then commit them (git add plans && git commit).")
    return EXIT_OK


def _remove(paths: list[Path]) -> None:
    """Remove the files this command wrote (and only those)."""
    for path in paths:
        path.unlink(missing_ok=True)

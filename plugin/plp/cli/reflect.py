"""``plp reflect``: start a new daily or weekly reflection with the school's prompts."""

from __future__ import annotations

import argparse
import datetime as dt

from plp.cli.plan_edit import add_plans_option, plans_folder, student_folder
from plp.errors import UsageError
from plp.scaffold.files import FileInTheWay, write_new_file
from plp.weekly.reflection import PROMPTS, reflection_rel, reflection_text, school_prompts
from plp.weekly.school_settings import SchoolProblem, school_fields


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "reflect",
        help="start a new reflection with the prompts",
        description=(
            "Start a new reflection in the student's reflections/ folder, named after the "
            "date, with the prompts on progress and working habits. An existing file is "
            "never replaced: a second reflection of a day gets its own name."
        ),
    )
    command.add_argument("student", metavar="STUDENT", help="the student's id")
    command.add_argument(
        "--kind", choices=tuple(PROMPTS), default="daily", help="daily (default) or weekly"
    )
    command.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the reflection's date (default: today)"
    )
    add_plans_option(command)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    plans = plans_folder(args)
    student_folder(plans, args.student)
    try:
        day = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        raise UsageError(f"--date {args.date}: not a real date; write it as YYYY-MM-DD") from None
    try:
        prompts = school_prompts(school_fields(plans), args.kind)
    except SchoolProblem as problem:
        raise UsageError(str(problem)) from None
    rel = reflection_rel(plans, args.student, day, args.kind)
    try:
        write_new_file(plans / rel, reflection_text(day, args.kind, prompts))
    except FileInTheWay:
        raise UsageError(f"{rel} appeared meanwhile; it was not replaced, run again") from None
    print(f"wrote {rel}: write your {args.kind} reflection under each question, then commit it")
    return 0

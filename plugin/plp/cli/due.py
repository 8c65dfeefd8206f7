"""``plp due``: what a student has due soon, and what is overdue."""

from __future__ import annotations

import argparse
import datetime as dt

from plp.checklist.snapshot import NoPlan, read_snapshot
from plp.cli.plan_edit import add_plans_option, plans_folder, student_folder
from plp.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from plp.weekly.due import DUE_DAYS, due_items


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "due",
        help="what a student has due soon",
        description=(
            f"List what the student has due in the next {DUE_DAYS} days, and what is "
            "overdue: open goals' deadlines, dated action steps not done yet, and this "
            "week's required activities not done yet."
        ),
    )
    command.add_argument("student", metavar="STUDENT", help="the student's id")
    command.add_argument("--today", metavar="YYYY-MM-DD", help="as on this day (default: today)")
    add_plans_option(command)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    plans = plans_folder(args)
    student_folder(plans, args.student)
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError:
        raise UsageError(f"--today {args.today}: not a real date; write it as YYYY-MM-DD") from None
    try:
        snapshot = read_snapshot(plans, args.student, today)
    except NoPlan as problem:
        print(f"plp: {problem}")
        return EXIT_FINDINGS
    items = due_items(snapshot.plan.goals, snapshot.activities, today)
    if not items:
        print(f"{snapshot.plan.display_name}: nothing due in the next {DUE_DAYS} days.")
        return EXIT_OK
    print(f"Due for {snapshot.plan.display_name}, as of {today.isoformat()}:")
    for item in items:
        goal = f" [goal {item.goal}]" if item.goal and item.kind == "action" else ""
        print(f"  {item.when(today)}: {item.kind} {item.what}{goal}")
    return EXIT_OK

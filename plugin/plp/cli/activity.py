"""``plp activity``: set the status of an activity of a weekly plan."""

from __future__ import annotations

import argparse

from plp.cli.plan_edit import add_plans_option, edit
from plp.edits.plan_edits import ACTIVITY_STATUSES, activity_edit
from plp.errors import UsageError
from plp.format.layout import WEEK_FILE_NAME


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "activity",
        help="mark an activity of a week todo, doing or done",
        description=(
            "Set the status of an activity in the student's plan for a week (the file of "
            "that week that holds the activity, whatever its area). Only that value is "
            "rewritten; the rest of the file stays as it was."
        ),
    )
    command.add_argument("student", metavar="STUDENT", help="the student's id")
    command.add_argument("week", metavar="WEEK", help="the ISO week, such as 2026-W49")
    command.add_argument("activity", metavar="ACTIVITY", help="the activity's id")
    command.add_argument(
        "--status", choices=ACTIVITY_STATUSES, required=True, help="the activity's new status"
    )
    add_plans_option(command)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    match = WEEK_FILE_NAME.fullmatch(args.week)
    if match is None or match["area"]:
        raise UsageError(f"WEEK: '{args.week}' is not an ISO week; write it as 2026-W49")
    return edit(
        args,
        lambda plans: [activity_edit(plans, args.student, args.week, args.activity, args.status)],
    )

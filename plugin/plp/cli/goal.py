"""``plp goal``: set a goal's status, target or deadline, keeping the plan's formatting."""

from __future__ import annotations

import argparse

from plp.cli.plan_edit import add_plans_option, edit
from plp.edits.plan_edits import GOAL_STATUSES, goal_edits
from plp.errors import UsageError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "goal",
        help="set a goal's status, target or deadline",
        description=(
            "Set a goal's status, target or deadline in the student's plan.md. Only the "
            "changed value is rewritten: comments, quoting, key order and blank lines stay "
            "as they were, so git diff shows just the changed line."
        ),
    )
    command.add_argument("student", metavar="STUDENT", help="the student's id")
    command.add_argument("goal", metavar="GOAL", help="the goal's id")
    command.add_argument("--status", choices=GOAL_STATUSES, help="the goal's new status")
    command.add_argument("--target", metavar="TEXT", help='the new target, such as "85%%"')
    command.add_argument("--deadline", metavar="YYYY-MM-DD", help="the new deadline")
    add_plans_option(command)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.status is None and args.target is None and args.deadline is None:
        raise UsageError("say what to change: --status, --target or --deadline")
    return edit(
        args,
        lambda plans: goal_edits(
            plans,
            args.student,
            args.goal,
            status=args.status,
            target=args.target,
            deadline=args.deadline,
        ),
    )

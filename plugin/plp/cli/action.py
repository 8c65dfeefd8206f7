"""``plp action``: mark a goal's action step done (or not done)."""

from __future__ import annotations

import argparse

from plp.cli.plan_edit import add_plans_option, edit
from plp.edits.plan_edits import action_edit


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "action",
        help="mark a goal's action step done",
        description=(
            "Mark action step N (counting from 1, in the order of the goal's actions) of a "
            "goal done, or not done with --not-done. Only that value is rewritten."
        ),
    )
    command.add_argument("student", metavar="STUDENT", help="the student's id")
    command.add_argument("goal", metavar="GOAL", help="the goal's id")
    command.add_argument("number", type=int, metavar="N", help="the action step's number, from 1")
    state = command.add_mutually_exclusive_group(required=True)
    state.add_argument("--done", action="store_true", help="the step is done")
    state.add_argument("--not-done", action="store_true", help="the step is not done after all")
    add_plans_option(command)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return edit(
        args,
        lambda plans: [action_edit(plans, args.student, args.goal, args.number, done=args.done)],
    )

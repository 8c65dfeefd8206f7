"""``plp guard``: refuse a pull request that changes what its author may not change."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plp.cli.arguments import check_plans_folder
from plp.errors import UsageError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "guard",
        help="refuse changes their author may not make",
        description=(
            "Check that the author of a change may make it: a student (by student.git) "
            "changes only their own folder, and in it not feedback/; _school.yml, "
            "_templates/, schema/, .github/, other students' folders and every other file "
            "are staff's; staff (by git in _school.yml) may change anything; an unknown "
            "author is refused. Who is who is read at BASE. Exit 1 names each refused path."
        ),
    )
    command.add_argument("--base", required=True, metavar="REF", help="the revision merged into")
    command.add_argument("--head", required=True, metavar="REF", help="the revision proposed")
    command.add_argument(
        "--actor", required=True, metavar="LOGIN", help="the Git host login of the author"
    )
    command.add_argument(
        "--plans", type=Path, default=Path("plans"), metavar="DIR", help="the plans folder"
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plp.review.guard import judge
    from plp.review.people import school_at
    from plp.review.revisions import names_changed, repository, resolve

    check_plans_folder(args.plans)
    if not args.actor.strip():
        raise UsageError("--actor is empty: give the login of the change's author")
    top, prefix = repository(args.plans)
    base, head = resolve(top, args.base), resolve(top, args.head)
    verdict = judge(
        school_at(top, prefix, base), args.actor, names_changed(top, base, head), prefix
    )
    if not verdict.refused:
        print(f"plp guard: {args.actor} ({verdict.who}) may make this change.")
        return 0
    for refusal in verdict.refused:
        print(refusal.message(), file=sys.stderr)
    print(
        f"plp guard: {len(verdict.refused)} path(s) refused to {args.actor} ({verdict.who}).",
        file=sys.stderr,
    )
    return 1

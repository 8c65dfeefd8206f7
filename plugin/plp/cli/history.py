"""``plp history``: how one student's plan grew, from the Git history."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from plp.cli.arguments import check_plans_folder
from plp.errors import UsageError
from plp.format.selection import select_students
from plp.history.git_access import git_problem

if TYPE_CHECKING:
    from plp.history.events import Event
from plp.check.reporters import printable


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "history",
        help="show how a student's plan grew",
        description=(
            "Show the history of one student's plan: goals set, revised and met, weekly "
            "work, reflections, evidence, feedback, with who made each change and when. "
            "Read from the checked-out branch's commits; changes not yet committed come last."
        ),
    )
    command.add_argument("student", metavar="STUDENT", help="the student's id")
    command.add_argument(
        "--range",
        dest="revisions",
        metavar="BASE..HEAD",
        help="only the commits of this range (of the checked-out branch), for example "
        "main..HEAD for a pull request's",
    )
    command.add_argument(
        "--format",
        choices=["text", "json", "markdown"],
        default="text",
        help="text for people (default), json for tools, markdown for a report",
    )
    command.add_argument("--since", metavar="YYYY-MM-DD", help="only changes on or after this day")
    command.add_argument(
        "--plans", type=Path, default=Path("plans"), metavar="DIR", help="the plans folder"
    )
    command.add_argument(
        "--allow-shallow",
        action="store_true",
        help="accept a shallow clone, whose history is incomplete",
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: every plp command (the pre-commit hook's too) builds this parser.
    from plp.history.engine import HistoryError, HistoryStore, utc

    check_plans_folder(args.plans)
    (student,) = select_students(args.plans, [args.student])
    since = None
    if args.since:
        try:
            since = dt.datetime.combine(dt.date.fromisoformat(args.since), dt.time(), dt.UTC)
        except ValueError:
            raise UsageError(
                f"--since takes a date written YYYY-MM-DD, not '{args.since}'"
            ) from None
    problem = git_problem(args.plans)
    if problem:
        raise UsageError(problem)
    try:
        store = HistoryStore(args.plans, allow_shallow=args.allow_shallow)
    except HistoryError as error:
        raise UsageError(str(error)) from None
    for bad in store.skipped:
        print(f"plp: warning: {bad.message()}", file=sys.stderr)
    history = store.student(student)
    if history.unavailable:
        raise UsageError(f"no history: {history.unavailable}")
    events = [e for e in history.events if since is None or utc(e.date) >= since]
    if args.revisions:
        commits = commits_in(args.plans, args.revisions)
        events = [e for e in events if e.commit in commits]
    if args.format == "json":
        json.dump([e.to_json() for e in events], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        write_text(events, args.format == "markdown", history.complete)
    return 0


def write_text(events: list[Event], markdown: bool, complete: bool) -> None:
    from plp.history.describe import month_of, sentence

    out = sys.stdout
    month = ""
    if not complete:
        out.write("(The history is incomplete: this is a shallow clone.)\n\n")
    for event in events:
        if month_of(event) != month:
            month = month_of(event)
            out.write(f"\n## {month}\n\n" if markdown else f"\n{month}\n")
        when = "not yet committed" if event.commit is None else event.date[:10]
        role = "" if event.commit is None else f" [{event.role}]"
        if markdown:
            commit = "" if event.commit is None else f" (`{event.commit[:8]}`)"
            out.write(f"- {when}: {printable(sentence(event))}{role}{commit}\n")
        else:
            out.write(f"  {when}  {printable(sentence(event))}{role}\n")
    if not events:
        out.write("No changes yet.\n")


def commits_in(plans: Path, revisions: str) -> set[str]:
    """The commits of the range ``BASE..HEAD`` (a single revision: its own history)."""
    from plp.history.gitlog import GitError, git

    if revisions.startswith("-"):
        raise UsageError(f"'{revisions}' is not a revision range: write BASE..HEAD")
    try:
        return set(git(plans, "rev-list", revisions, "--").split())
    except GitError:
        raise UsageError(
            f"'{revisions}' is not a revision range of this repository: write BASE..HEAD, "
            "for example main..HEAD"
        ) from None

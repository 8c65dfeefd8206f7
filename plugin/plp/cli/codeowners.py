"""``plp codeowners``: write a CODEOWNERS that asks each student's advisor to review."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plp.cli.arguments import check_plans_folder
from plp.errors import UsageError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "codeowners",
        help="write a CODEOWNERS file from the advisors",
        description=(
            "Write a CODEOWNERS file that makes each student's advisor (by their login in "
            "_school.yml) the reviewer of that student's folder, and the school's admins "
            "the reviewers of everything else. With branch protection's 'Require review "
            "from Code Owners', a pull request then waits for them. Read from the "
            "committed plans (HEAD)."
        ),
    )
    command.add_argument(
        "--plans", type=Path, default=Path("plans"), metavar="DIR", help="the plans folder"
    )
    command.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="FILE",
        help="where to write it (default: .github/CODEOWNERS at the repository's top; - prints it)",
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plp.review.codeowners import codeowners
    from plp.review.people import school_at
    from plp.review.revisions import repository, resolve

    check_plans_folder(args.plans)
    top, prefix = repository(args.plans)
    text, warnings = codeowners(school_at(top, prefix, resolve(top, "HEAD")), prefix)
    for warning in warnings:
        print(f"plp: warning: {warning}", file=sys.stderr)
    if str(args.output) == "-":
        sys.stdout.write(text)
        return 0
    output = args.output or top / ".github" / "CODEOWNERS"
    if output.is_symlink():
        raise UsageError(f"{output} is a link: plp does not write through links")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"Wrote {output}.")
    return 0

"""``plp comment``: post plp's summary on a pull request, or edit the one already there."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plp.errors import UsageError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "comment",
        help="post or update plp's comment on a pull request",
        description=(
            "Post FILE (Markdown, for example from plp diff --format markdown) as plp's one "
            "comment on pull request N, or edit the comment plp posted before: it is found "
            "again by a hidden marker among the comments of --author. Talks to the REST "
            "API at GITHUB_API_URL with the token in GITHUB_TOKEN."
        ),
    )
    command.add_argument(
        "file", type=Path, metavar="FILE", help="the comment's text; - reads stdin"
    )
    command.add_argument("--pr", type=int, required=True, metavar="N", help="the pull request")
    command.add_argument(
        "--repo", default=None, metavar="OWNER/NAME", help="default: GITHUB_REPOSITORY"
    )
    command.add_argument(
        "--author",
        default="github-actions[bot]",
        metavar="LOGIN",
        help="the login the token writes as (default: github-actions[bot])",
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plp.review.comment import post_or_update
    from plp.review.github_api import GitHub

    if str(args.file) == "-":
        body = sys.stdin.read()
    else:
        try:
            body = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read {args.file}: {error}") from None
    api = GitHub.from_environment(args.repo)
    posted = post_or_update(api, args.pr, body, args.author)
    print(f"plp comment: {posted.action} comment {posted.id} {posted.url}".rstrip())
    return 0

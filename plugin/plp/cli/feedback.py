"""``plp feedback archive``: keep a merged pull request's staff reviews in ``feedback/``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from plp.cli.arguments import check_plans_folder
from plp.errors import UsageError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "feedback",
        help="keep review feedback in the students' folders",
        description="Work with staff feedback (the feedback/ folder of each student).",
    )
    actions = command.add_subparsers(dest="action", metavar="ACTION", required=True)
    archive = actions.add_parser(
        "archive",
        help="turn a pull request's staff reviews into feedback/ files",
        description=(
            "Turn the reviews and review comments that staff (by git in _school.yml) left "
            "on pull request N into feedback/ files in each student's folder: by is the "
            "reviewer, source the review's address, goals those of the lines commented "
            "on. A student's replies are kept only as context. A review kept before is "
            "not written again; no file is overwritten. Reads the REST API at "
            "GITHUB_API_URL with GITHUB_TOKEN, or --from a file."
        ),
    )
    archive.add_argument("--pr", type=int, required=True, metavar="N", help="the pull request")
    archive.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=None,
        metavar="FILE",
        help='the API\'s JSON instead: {"reviews": [...], "comments": [...]}',
    )
    archive.add_argument(
        "--repo", default=None, metavar="OWNER/NAME", help="default: GITHUB_REPOSITORY"
    )
    archive.add_argument(
        "--plans", type=Path, default=Path("plans"), metavar="DIR", help="the plans folder"
    )
    archive.set_defaults(run=run)


def _from_file(path: Path) -> tuple[list[Any], list[Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UsageError(f"cannot read {path}: {error}") from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("reviews", []), list)
        or not isinstance(data.get("comments", []), list)
    ):
        raise UsageError(
            f'{path}: expected {{"reviews": [...], "comments": [...]}}, the lists the API '
            "gives for a pull request's reviews and review comments"
        )
    return list(data.get("reviews", [])), list(data.get("comments", []))


def run(args: argparse.Namespace) -> int:
    from plp.review.feedback_archive import notes, write_notes
    from plp.review.github_api import GitHub
    from plp.review.people import school_at
    from plp.review.revisions import repository, resolve

    check_plans_folder(args.plans)
    top, prefix = repository(args.plans)
    if args.source is not None:
        reviews, comments = _from_file(args.source)
    else:
        api = GitHub.from_environment(args.repo)
        reviews, comments = api.reviews(args.pr), api.review_comments(args.pr)
    school = school_at(top, prefix, resolve(top, "HEAD"))
    found, skipped = notes(args.plans, prefix, school, args.pr, reviews, comments)
    archive = write_notes(args.plans, found)
    for why in skipped + archive.skipped:
        print(f"plp: note: {why}", file=sys.stderr)
    for path in archive.written:
        print(f"Wrote {path}")
    kept = len(archive.kept_already)
    print(
        f"plp feedback archive: {len(archive.written)} new feedback file(s)"
        + (f", {kept} review(s) kept before" if kept else "")
        + "."
    )
    return 0

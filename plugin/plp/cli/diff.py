"""``plp diff``: what a change to the plans means, per student, for a teacher to read."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plp.cli.arguments import check_plans_folder
from plp.errors import UsageError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "diff",
        help="summarize what a change means, per student",
        description=(
            "Summarize a change to the plans per student, in words a teacher reads in "
            "seconds: goals added, removed and met, each changed field with from and to, "
            "steps done, each week's progress, new reflections and feedback in full, new "
            "evidence, story edits as a word diff, and the validation result. Reordering "
            "lists or reformatting YAML gives nothing. With no revision: the merge base "
            "with the default branch against HEAD. With BASE only: BASE against HEAD."
        ),
    )
    command.add_argument("base", nargs="?", metavar="BASE", help="the revision compared from")
    command.add_argument("head", nargs="?", metavar="HEAD", help="the revision compared to")
    where = command.add_mutually_exclusive_group()
    where.add_argument(
        "--staged", action="store_true", help="the changes staged for the next commit"
    )
    where.add_argument(
        "--working-tree",
        action="store_true",
        help="the changes in the working tree, not yet committed",
    )
    command.add_argument(
        "--format",
        choices=["text", "markdown", "json"],
        default="text",
        help="text for people (default), markdown for a pull request comment, json for tools",
    )
    command.add_argument(
        "--plans", type=Path, default=Path("plans"), metavar="DIR", help="the plans folder"
    )
    command.add_argument(
        "--link-base",
        default="",
        metavar="URL",
        help="the address that pictures' paths are relative to (the plans folder at HEAD)",
    )
    command.add_argument(
        "--preview",
        action="append",
        default=[],
        metavar="STUDENT=URL",
        help="link STUDENT's section to a preview of their site (repeatable)",
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plp.check.checker import validate
    from plp.check.findings import Finding
    from plp.review.render import Summary
    from plp.review.revisions import (
        Range,
        changed_files,
        default_base,
        plans_at,
        repository,
        resolve,
    )
    from plp.review.summary import summarize

    check_plans_folder(args.plans)
    if (args.staged or args.working_tree) and args.head:
        raise UsageError("--staged and --working-tree compare with one revision: drop HEAD")
    top, _ = repository(args.plans)
    base = resolve(top, args.base) if args.base else default_base(top)
    if args.staged or args.working_tree:
        change = Range(base, None, staged=args.staged)
    else:
        change = Range(base, resolve(top, args.head or "HEAD"))
    previews = {}
    for pair in args.preview:
        student, sep, url = pair.partition("=")
        if not sep:
            raise UsageError(f"--preview takes STUDENT=URL, not '{pair}'")
        previews[student] = url
    students, school = summarize(
        changed_files(args.plans, change), lambda ids: plans_at(args.plans, change, ids)
    )
    findings: dict[str, list[Finding]] | None = None
    if change.head is None or change.head == resolve(top, "HEAD"):
        # The compared head is what is on disk (for --staged, nearly: the working tree).
        present = [s.student for s in students if (args.plans / s.student).is_dir()]
        checked = validate(args.plans, [args.plans / s for s in present]) if present else None
        findings = {s.student: [] for s in students}
        for finding in checked.findings if checked else []:
            owner = finding.path.split("/", 1)[0]
            findings.setdefault(owner, []).append(finding)
    summary = Summary(change.describe(), students, school, findings, args.link_base, previews)
    text = {"json": summary.json, "markdown": summary.markdown, "text": summary.text}[args.format]()
    sys.stdout.write(text)
    return 0

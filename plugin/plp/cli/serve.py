"""``plp serve``: preview one student's site, rebuilt as they edit their files."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from plp.checker import UsageError
from plp.cli.build import add_site_arguments
from plp.selection import select_students


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "serve",
        help="preview one student's site with live reload",
        description="Preview one student's site at http://127.0.0.1:8000/, rebuilt on each save.",
    )
    command.add_argument("--student", required=True, metavar="ID", help="the student's id")
    add_site_arguments(command)
    command.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="IP:PORT",
        help="where to serve (default: 127.0.0.1:8000)",
    )
    command.set_defaults(run=run)  # fmt: skip


def run(args: argparse.Namespace) -> int:
    if not args.plans.is_dir():
        raise UsageError(f"there is no plans folder at {args.plans}")
    (student,) = select_students(args.plans, [args.student])
    from plp.git_access import git_problem
    from plp.site_mkdocs.plugin import build_day

    try:
        build_day(None)  # SOURCE_DATE_EPOCH, when set, must be a day
    except ValueError as error:
        raise UsageError(str(error)) from None
    problem = git_problem(args.plans)
    if problem:
        raise UsageError(problem)
    from mkdocs.commands.serve import serve

    from plp.site_mkdocs.builder import SiteOptions, project_theme, student_site_config

    with tempfile.TemporaryDirectory(prefix="plp-serve-") as scratch:
        docs = Path(scratch) / "docs"
        docs.mkdir()
        options = SiteOptions(
            plans=args.plans.resolve(), out=Path(scratch) / "site", theme=project_theme(args.config)
        )
        config = Path(scratch) / "mkdocs.yml"
        config.write_text(student_site_config(options, docs, student, live=True), encoding="utf-8")
        serve(
            config_file=str(config),
            livereload=True,
            watch=[str(args.plans.resolve() / student), str(args.plans.resolve() / "_school.yml")],
            dev_addr=args.dev_addr,
        )
    return 0

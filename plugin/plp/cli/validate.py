"""``plp validate``: check plans against the format, with messages a student can act on."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from plp.check.checker import Change, validate
from plp.check.findings import Finding
from plp.check.reporters import REPORTERS
from plp.check.staged import committed_versions, staged_change
from plp.errors import UsageError
from plp.format.layout import find_plans_folder


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "validate",
        help="check plan files against the plan format",
        description=(
            "Check plan files against the plan format: the schemas and every rule of "
            "PLAN-FORMAT.md. With no PATH, checks the whole plans folder. Given files, "
            "checks them and what their change can break in other files (references, "
            "paths, the areas of a week)."
        ),
    )
    command.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders to check"
    )
    command.add_argument(
        "--plans",
        type=Path,
        default=None,
        metavar="DIR",
        help="the plans folder (default: the one the paths are in, or plans/ here or above)",
    )
    command.add_argument(
        "--format",
        choices=sorted(REPORTERS),
        default="text",
        help="text for people (default), github for pull-request annotations, json for tools",
    )
    command.add_argument(
        "--staged",
        action="store_true",
        help=(
            "check what the Git commit being made changes: the files given (or, with none, "
            "the staged ones) and the files that its deleted and renamed paths break; the "
            "pre-commit hook runs this"
        ),
    )
    command.add_argument(
        "--changed-since",
        metavar="REF",
        help=(
            "check only what changed since the Git revision REF (committed or not): the "
            "folder of each student with a changed file, or everything when a school-wide "
            "file such as _school.yml changed; for pull requests"
        ),
    )
    command.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes for large schools (default: one per CPU)",
    )
    command.set_defaults(run=run)


def _looks_like_plans(folder: Path) -> bool:
    if (folder / "_school.yml").is_file():
        return True
    return folder.is_dir() and any(child.is_file() for child in folder.glob("*/plan.md"))


def find_plans_root(paths: list[Path]) -> Path:
    """The plans folder that holds ``paths``: the nearest folder named ``plans``, or else
    the nearest one that looks like one (it has ``_school.yml`` or students' plans)."""
    for path in paths:
        for candidate in [path, *path.absolute().parents]:
            if candidate.name == "plans" and candidate.is_dir():
                return candidate
    for path in paths:
        for candidate in [path, *path.absolute().parents]:
            if _looks_like_plans(candidate):
                return candidate
    raise UsageError("cannot tell which plans folder these paths are in; name it with --plans DIR")


def _display(root: Path) -> str:
    """How to print the plans folder in paths: relative to the current folder when it is
    inside it or holds it (so editors and terminals can open the files), else absolute."""
    here, root = Path.cwd(), root.absolute()
    try:
        return root.relative_to(here).as_posix()
    except ValueError:
        if here.is_relative_to(root):
            return Path(os.path.relpath(root, here)).as_posix()
        return root.as_posix()


def _default_target() -> tuple[Path, list[Path]]:
    """With no PATH and no --plans: the plans folder found from here, and inside a
    student's folder (or deeper) only what is below it."""
    here = Path.cwd()
    root = find_plans_folder(here)
    if root is None:
        return Path("plans"), []
    if here != root and here.is_relative_to(root):
        return root, [here]
    return root, []


def _import_schema_check() -> None:
    import plp.check.schema_check  # noqa: F401 - jsonschema is slow to import: while Git works


def run(args: argparse.Namespace) -> int:
    paths: list[Path] = args.paths
    if args.plans is not None:
        root: Path = args.plans
    elif paths:
        root = find_plans_root(paths)
    else:
        root, paths = _default_target()
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    if args.changed_since is not None and (args.staged or args.paths):
        raise UsageError("--changed-since chooses the files itself: give no PATH and no --staged")
    if args.changed_since is not None:
        from plp.format.selection import changed_students

        changed = changed_students(root, args.changed_since)
        if changed is not None:
            paths = [root / student for student in sorted(changed) if (root / student).is_dir()]
            if not paths:
                REPORTERS[args.format]([], 0, sys.stdout)
                return 0
    if args.staged:
        staged, change = staged_change(root, meanwhile=_import_schema_check if paths else None)
        targets = list(dict.fromkeys([*paths, *staged]))
        result = validate(root, targets, jobs=args.jobs, change=change)
    else:
        # What the named school file or plans were at the last commit: then only the
        # files that name an id they no longer have are read, not the whole school.
        before = Change(before=committed_versions(root, paths)) if paths else None
        result = validate(root, paths or None, jobs=args.jobs, change=before)
    prefix = _display(root)
    findings = [
        Finding(
            f"{prefix}/{f.path}" if prefix != "." else f.path,
            f.line,
            f.column,
            f.field,
            f.code,
            f.message,
            f.hint,
        )
        for f in result.findings
    ]
    REPORTERS[args.format](findings, result.files_checked, sys.stdout)
    return 1 if findings else 0

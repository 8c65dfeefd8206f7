"""What ``plp goal``, ``plp activity`` and ``plp action`` share: finding the plans folder
and the student, making the edits, and saying what changed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from plp.edits.plan_edits import Edit, EditProblem, apply
from plp.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from plp.format.layout import STUDENT_ID, find_plans_folder


def add_plans_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--plans",
        type=Path,
        default=None,
        metavar="DIR",
        help="the plans folder (default: plans/ here or above)",
    )


def plans_folder(args: argparse.Namespace) -> Path:
    """The plans folder named by ``--plans``, or the one here or above."""
    plans: Path | None = args.plans if args.plans is not None else find_plans_folder(Path.cwd())
    if plans is None or not plans.is_dir():
        raise UsageError(
            "there is no plans folder here or above; run this in your plans repository, "
            "or name it with --plans DIR"
        )
    return plans


def student_folder(plans: Path, student: str) -> None:
    """Raise :class:`UsageError` unless ``student`` is a student of ``plans``."""
    if not STUDENT_ID.fullmatch(student) or not (plans / student).is_dir():
        raise UsageError(f"there is no student '{student}' in {plans.as_posix()}")


def edit(args: argparse.Namespace, edits: Callable[[Path], list[Edit]]) -> int:
    """Make the edits ``edits(plans)`` names; print each changed file; exit 1 if refused."""
    plans = plans_folder(args)
    student_folder(plans, args.student)
    try:
        wanted = edits(plans)
        changed = apply(plans, wanted)
    except EditProblem as problem:
        print(f"plp: {problem}; nothing was changed", file=sys.stderr)
        return EXIT_FINDINGS
    for made in wanted:
        print(f"{made.rel}: {made.said}")
    if not changed:
        print("(already so: no file changed)")
    return EXIT_OK

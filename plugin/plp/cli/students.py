"""``plp students``: the students that have a plan, for scripts and CI matrices."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from plp.cli.arguments import check_plans_folder
from plp.errors import UsageError
from plp.format.layout import STUDENT_ID
from plp.format.selection import select_students

#: GitHub Actions runs at most this many jobs from one matrix.
GITHUB_MATRIX_JOBS = 256


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "students",
        help="list the students that have a plan",
        description=(
            "List the ids of the students that have a plan, one a line. With --github-matrix, "
            "print them as one line of JSON instead: a list of groups of at most N students, "
            "one group per job of a GitHub Actions matrix (at most 256 jobs); with "
            "--changed-since, only the students whose sites a change since REF affects."
        ),
    )
    command.add_argument(
        "--plans",
        type=Path,
        default=Path("plans"),
        metavar="DIR",
        help="the plans folder (default: plans)",
    )
    command.add_argument(
        "--github-matrix",
        type=int,
        default=None,
        metavar="N",
        help="print a JSON list of groups of at most N students, for a GitHub Actions matrix",
    )
    command.add_argument(
        "--changed-since",
        metavar="REF",
        help="only the students whose files changed since the Git revision REF (everyone "
        "when a school-wide file such as _school.yml changed)",
    )
    command.set_defaults(run=run)


def groups_of(students: list[str], size: int) -> list[list[str]]:
    """``students`` in order, cut into as few groups of at most ``size`` as possible, whose
    sizes differ by one at most (so that no job of the matrix waits for a bigger one)."""
    count = math.ceil(len(students) / size)
    small, extra = divmod(len(students), count) if count else (0, 0)
    groups: list[list[str]] = []
    start = 0
    for number in range(count):
        end = start + small + (1 if number < extra else 0)
        groups.append(students[start:end])
        start = end
    return groups


def run(args: argparse.Namespace) -> int:
    size: int | None = args.github_matrix
    if size is not None and size < 1:
        raise UsageError("--github-matrix must be 1 or more")
    check_plans_folder(args.plans)
    students = select_students(args.plans, changed_since=args.changed_since)
    misnamed = [student for student in students if not STUDENT_ID.fullmatch(student)]
    for student in misnamed:
        print(
            f"{(args.plans / student / 'plan.md').as_posix()}: the folder name '{student}' is "
            "not a valid student id. Name the folder with lowercase letters, digits and "
            "dashes (2 to 63 of them), like ava-martinez.",
            file=sys.stderr,
        )
    if misnamed:
        return 1
    if size is None:
        for student in students:
            print(student)
        return 0
    groups = groups_of(students, size)
    if len(groups) > GITHUB_MATRIX_JOBS:
        raise UsageError(
            f"{len(students)} students in groups of at most {size} make {len(groups)} jobs, "
            f"more than the {GITHUB_MATRIX_JOBS} that GitHub runs from one matrix: use a "
            f"larger N (at least {math.ceil(len(students) / GITHUB_MATRIX_JOBS)})"
        )
    print(json.dumps(groups, separators=(",", ":")))
    return 0

"""``plp new student``: add a student with a starter plan that validates."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from plp.check.checker import validate
from plp.errors import UsageError
from plp.format.layout import PLAN_FILE, SCHOOL_FILE, find_plans_folder, student_ids
from plp.scaffold.files import FileInTheWay, write_new_file
from plp.scaffold.student import NewStudent, id_problem, plan_text


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "new",
        help="add a new student",
        description="Add something new to the plans folder: a student.",
    )
    kinds = command.add_subparsers(dest="kind", metavar="KIND", required=True)
    student = kinds.add_parser(
        "student",
        help="add a student with a starter plan",
        description=(
            "Add a student: plans/ID/plan.md, with the fields given and a commented example "
            "goal. The plan is checked before it is written; an existing file is never "
            "replaced."
        ),
    )
    student.add_argument("id", metavar="ID", help="the student's id, such as ava-martinez")
    student.add_argument("--name", required=True, help="the student's full name")
    student.add_argument(
        "--graduation-year", type=int, required=True, metavar="YYYY", help="the year they graduate"
    )
    student.add_argument("--grade", type=int, metavar="N", help="their grade, 6 to 13")
    student.add_argument(
        "--advisor", metavar="STAFF_ID", help="their advisor's staff id from _school.yml"
    )
    student.add_argument(
        "--git",
        action="append",
        default=[],
        metavar="WHO",
        help="an e-mail address or Git login that is this student (repeat for more)",
    )
    student.add_argument(
        "--plans",
        type=Path,
        default=None,
        metavar="DIR",
        help="the plans folder (default: plans/ here or above)",
    )
    student.set_defaults(run=run)


def _checked(plans: Path, student: NewStudent, text: str) -> list[str]:
    """The errors ``plp validate`` would report for the new plan, as text lines."""
    with tempfile.TemporaryDirectory(prefix="plp-new-") as scratch:
        trial = Path(scratch) / "plans"
        (trial / student.id).mkdir(parents=True)
        if (plans / SCHOOL_FILE).is_file():
            shutil.copy(plans / SCHOOL_FILE, trial / SCHOOL_FILE)
        plan = trial / student.id / PLAN_FILE
        plan.write_text(text, encoding="utf-8")
        result = validate(trial, [plan], jobs=1)
    lines: list[str] = []
    for finding in result.findings:
        if finding.path == SCHOOL_FILE:
            lines.append(f"{plans.as_posix()}/{SCHOOL_FILE}: {finding.message}")
            continue
        field = f" --{finding.field.split('.')[-1].replace('_', '-')}" if finding.field else ""
        hint = f" ({finding.hint})" if finding.hint else ""
        lines.append(f"{field.strip() or 'the plan'}: {finding.message}{hint}")
    return lines


def run(args: argparse.Namespace) -> int:
    problem = id_problem(args.id)
    if problem:
        raise UsageError(problem)
    plans = args.plans if args.plans is not None else find_plans_folder(Path.cwd())
    if plans is None or not plans.is_dir():
        raise UsageError(
            "there is no plans folder here or above; run this in your plans repository "
            "(plp init makes one), or name it with --plans DIR"
        )
    student = NewStudent(
        id=args.id,
        name=args.name.strip(),
        graduation_year=args.graduation_year,
        grade=args.grade,
        advisor=args.advisor,
        git=tuple(args.git),
    )
    if not student.name:
        raise UsageError('--name: give the student\'s name, such as --name "Ava Martinez"')
    folder = plans / args.id
    if folder.exists():
        raise UsageError(
            f"{folder.as_posix()} already exists; plp new student never replaces a student. "
            "Choose another id."
        )
    text = plan_text(student)
    errors = _checked(plans, student, text)
    if errors:
        raise UsageError(
            f"{args.id}'s plan would not be valid, so nothing was written:\n  "
            + "\n  ".join(errors)
        )
    path = folder / PLAN_FILE
    try:
        write_new_file(path, text)
    except FileInTheWay:
        raise UsageError(f"{path.as_posix()} already exists; it was not replaced") from None
    print(f"wrote {_shown(path)}")
    others = [s for s in student_ids(plans) if s != args.id]
    print(
        f"{student.name} can now edit it, check it with plp validate and commit it"
        + (f" ({len(others) + 1} students in {_shown(plans)})." if others else ".")
    )
    return 0


def _shown(path: Path) -> str:
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()

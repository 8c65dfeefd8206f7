"""``plp check``: the plan's critical elements as a checklist per student."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import TextIO

from plp.checklist.elements import SchoolCalendar, Settings
from plp.checklist.school_check import StudentChecklist, check_students
from plp.cli.plan_edit import add_plans_option, plans_folder
from plp.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from plp.format.layout import PLAN_FILE, student_ids
from plp.weekly.school_settings import SchoolProblem, roster, school_fields


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "check",
        help="the plan's critical elements, as a checklist per student",
        description=(
            "Check each student's plan for its critical elements: every goal SMART, goals "
            "beyond academics, strengths and growth areas, a reflection in the last 14 "
            "days, evidence linked to a goal, a conference this term, action steps for "
            "someone besides the student, the plan changed this school year, no goal past "
            "its deadline still open. Exit status 1 when an element is missing."
        ),
    )
    command.add_argument("students", nargs="*", metavar="STUDENT", help="students (default: all)")
    command.add_argument("--roster", metavar="NAME", help="the students of a roster")
    command.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (default), json, or github (annotations in a workflow)",
    )
    command.add_argument(
        "--today", metavar="YYYY-MM-DD", help="check as on this day (default: today)"
    )
    add_plans_option(command)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    plans = plans_folder(args)
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError:
        raise UsageError(f"--today {args.today}: not a real date; write it as YYYY-MM-DD") from None
    everyone = student_ids(plans)
    try:
        fields = school_fields(plans)
        students = roster(plans, args.roster) if args.roster else list(args.students)
    except SchoolProblem as problem:
        raise UsageError(str(problem)) from None
    unknown = [s for s in students if s not in set(everyone)]
    if unknown:
        raise UsageError(f"no such student in {plans.as_posix()}: {', '.join(unknown)}")
    results = check_students(
        plans,
        students or everyone,
        today,
        SchoolCalendar.from_fields(fields, today),
        Settings.from_fields(fields),
    )
    {"text": _text, "json": _json, "github": _github}[args.format](results, sys.stdout)
    complete = all(not r.problem and not r.missing for r in results)
    return EXIT_OK if complete else EXIT_FINDINGS


def _text(results: list[StudentChecklist], out: TextIO) -> None:
    for result in results:
        if result.problem:
            out.write(f"{result.student}: {result.problem}\n\n")
            continue
        out.write(f"{result.name} ({result.student}): {result.score}/{len(result.elements)}\n")
        for element in result.elements:
            mark = "[x]" if element.ok else "[ ]"
            detail = f": {element.detail}" if element.detail and not element.ok else ""
            out.write(f"  {mark} {element.label}{detail}\n")
        out.write("\n")
    complete = sum(1 for r in results if not r.problem and not r.missing)
    out.write(f"{complete} of {len(results)} plans have every critical element.\n")


def _json(results: list[StudentChecklist], out: TextIO) -> None:
    data = [
        {
            "student": r.student,
            "name": r.name,
            "score": r.score,
            "of": len(r.elements),
            "problem": r.problem,
            "elements": [
                {"id": e.id, "label": e.label, "ok": e.ok, "detail": e.detail} for e in r.elements
            ],
        }
        for r in results
    ]
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")  # one write: fast


def _escape(value: str, *, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_ else value


def _github(results: list[StudentChecklist], out: TextIO) -> None:
    for r in results:
        path = _escape(f"plans/{r.student}/{PLAN_FILE}", property_=True)
        if r.problem:
            out.write(f"::error file={path},title=plp check::{_escape(r.problem)}\n")
        for element in r.missing:
            title = _escape(f"plp check: {element.label}", property_=True)
            out.write(f"::warning file={path},title={title}::{_escape(element.detail)}\n")
    complete = sum(1 for r in results if not r.problem and not r.missing)
    out.write(f"{complete} of {len(results)} plans have every critical element.\n")

"""``plp demo``: a demo school repository with a year of history, to try plp on."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from plp.demo import DEMO_STUDENT, DEMO_TODAY
from plp.errors import UsageError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "demo",
        help="make a demo school repository to try plp on",
        description=(
            "Make a demo school in DIR: a new Git repository whose plans/ folder holds five "
            "students (the plan format's example student among them) and whose history "
            "tells their plans from March to November 2026: weekly plans handed out by "
            "teachers, students' pull requests merged by teachers, reflections, evidence, "
            "goals revised, met and dropped, deadlines moved. Everybody in the history is "
            "named in the plans. The same files and commits on every run; your Git "
            "configuration is neither read nor changed. DIR must be new or empty."
        ),
    )
    command.add_argument("dir", type=Path, metavar="DIR", help="a new or empty folder")
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root: Path = args.dir
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is a file; plp demo needs a new or empty folder")
    if root.is_dir() and any(root.iterdir()):
        raise UsageError(
            f"{root} is not empty; plp demo never overwrites anything: name a new folder"
        )
    if shutil.which("git") is None:
        raise UsageError("plp demo needs Git, and there is no git command: install Git first")
    from plp.demo import make_demo

    created = not root.exists()
    try:
        school = make_demo(root)
    except BaseException:  # remove what this command made, and only that
        if created:
            shutil.rmtree(root, ignore_errors=True)
        elif root.is_dir():  # it was empty
            for child in root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        raise
    plans, sites = root / "plans", root / "sites"
    print(
        f"Made a demo school in {root}: {len(school.students)} students, "
        f"{school.plan_files} plan files, {school.commits} commits from March to November "
        "2026.\nBuild the students' sites (as of the day after the last commit) with:\n"
        f"  plp build --plans {plans} --out {sites} --today {DEMO_TODAY}\n"
        f"then open {sites / DEMO_STUDENT / 'history.html'} to see how "
        "a plan grew."
    )
    return 0

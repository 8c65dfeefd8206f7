"""``plp init``: make a new school's plans repository, or add plp to an existing one."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from plp.errors import UsageError
from plp.scaffold.files import FileInTheWay, existing, write_new_files
from plp.scaffold.school import (
    DEFAULT_AREAS,
    SchoolSettings,
    installed_source,
    school_files,
    school_year,
)
from plp.scaffold.student import slug_for


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "init",
        help="make a new school's plans repository",
        description=(
            "Make a school's plans repository in DIR: plans/_school.yml, a weekly-plan "
            "template, the pre-commit hook, the workflows, requirements.txt, .gitignore and "
            "a README; DIR becomes a Git repository if it is not in one. Asks for what the "
            "options leave out when run in a terminal; otherwise uses the defaults. Never "
            "replaces a file."
        ),
    )
    command.add_argument("directory", type=Path, metavar="DIR", help="the repository's folder")
    command.add_argument("--school", metavar="NAME", help="the school's name")
    command.add_argument(
        "--year", metavar="YYYY-YYYY", help="the school year (default: the current one)"
    )
    command.add_argument(
        "--timezone", metavar="ZONE", help="the school's IANA time zone (default: UTC)"
    )
    command.add_argument(
        "--areas",
        metavar="A,B,...",
        help=f"the subject areas, separated by commas (default: {','.join(DEFAULT_AREAS)})",
    )
    command.add_argument(
        "--plp-source",
        metavar="SPEC",
        help=(
            "the requirements.txt line that installs plp, such as "
            "'plp @ git+https://github.com/ORG/plp@COMMIT' (default: where this plp "
            "was installed from, when that is known)"
        ),
    )
    command.add_argument(
        "--only-missing",
        action="store_true",
        help="add plp to an existing repository: write only the files that are not there",
    )
    command.set_defaults(run=run)


Ask = Callable[[str, str], str]


def _ask_terminal(question: str, default: str) -> str:
    answer = input(f"{question} [{default}]: ").strip()
    return answer or default


def _keep_default(question: str, default: str) -> str:
    return default


def _valid_timezone(zone: str) -> str:
    import zoneinfo

    known = zoneinfo.available_timezones()
    if zone in known:
        return zone
    guess = difflib.get_close_matches(zone, sorted(known), n=1, cutoff=0.6)
    hint = f" Did you mean '{guess[0]}'?" if guess else " For example America/Chicago."
    raise UsageError(f"--timezone: '{zone}' is not an IANA time-zone name.{hint}")


def _areas(text: str) -> tuple[str, ...]:
    areas = tuple(area.strip() for area in text.split(",") if area.strip())
    if not areas:
        raise UsageError("--areas: name at least one area, for example math,ela,science")
    return areas


def settings_from(args: argparse.Namespace, ask: Ask, today: dt.date) -> SchoolSettings:
    """The school's settings from the options, asking with ``ask`` for the others."""
    folder = args.directory.absolute()
    default_name = slug_for(folder.name).replace("-", " ").title() or "Our School"
    school = args.school or ask("School name", default_name)
    year = args.year or ask("School year", school_year(today))
    zone = _valid_timezone(args.timezone or ask("Time zone (IANA name)", "UTC"))
    areas = _areas(args.areas or ask("Subject areas, separated by commas", ",".join(DEFAULT_AREAS)))
    source = args.plp_source or installed_source()
    return SchoolSettings(school, year, zone, areas, source)


def _git_repository(folder: Path) -> bool:
    done = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.returncode == 0


def _git_init(folder: Path) -> None:
    done = subprocess.run(
        ["git", "init", "-q", "-b", "main", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:  # a Git older than 2.28 has no -b
        subprocess.run(["git", "init", "-q", str(folder)], capture_output=True, check=True)


def run(args: argparse.Namespace) -> int:
    folder: Path = args.directory
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    if shutil.which("git") is None:
        raise UsageError("plp init needs Git: install it (https://git-scm.com), then run again")
    ask = _ask_terminal if sys.stdin.isatty() else _keep_default
    settings = settings_from(args, ask, dt.date.today())
    files = {folder / rel: text for rel, text in school_files(settings).items()}
    kept = existing(list(files)) if args.only_missing else []
    for path in kept:
        del files[path]
    try:
        write_new_files(files)
    except FileInTheWay as error:
        raise UsageError(
            f"{error.path} already exists; plp init never replaces a file. Move it away, or "
            "add plp to this existing repository with --only-missing."
        ) from None
    made_repository = False
    if not folder.exists() or not _git_repository(folder):
        _git_init(folder)
        made_repository = True
    for path in files:
        print(f"wrote {path.as_posix()}")
    for path in kept:
        print(f"kept  {path.as_posix()} (already there; compare it with plp's, see the docs)")
    if made_repository:
        print(f"made {folder.as_posix()} a Git repository (branch main)")
    if settings.plp_source is None:
        print(
            "note: plp init could not tell where this plp was installed from. Put the line "
            "that installs plp in requirements.txt, such as "
            "'plp @ git+https://github.com/<your-org>/plp@<commit>', or run plp init with "
            "--plp-source: the workflows install plp from requirements.txt."
        )
    go = "" if folder.absolute() == Path.cwd() else f"cd {folder.as_posix()}, "
    print(
        f'Next: {go}add students with plp new student <id> --name "<name>" '
        "--graduation-year <year>, and run pre-commit install."
    )
    return 0

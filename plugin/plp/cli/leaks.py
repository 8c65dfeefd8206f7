"""``plp leaks``: check built private sites for other students' data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plp.cli.arguments import check_plans_folder
from plp.errors import UsageError
from plp.publish.outputs import DEFAULT_SITES, SITE_MARKER
from plp.words import plural


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "leaks",
        help="check built private sites for other students' data",
        description=(
            "Read every file of every student's site in SITES (as plp build makes them) and "
            "look for any other student's data: names, ids, e-mail addresses and logins, "
            "and the text of their plans. Each hit names the site's file and the field it "
            "came from; the exit status is then 1. plp publish runs the same check on every "
            "public portfolio, with the student's own private strings too."
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
        "--sites",
        type=Path,
        default=Path(DEFAULT_SITES),
        metavar="DIR",
        help=f"the sites folder that plp build wrote (default: {DEFAULT_SITES})",
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from plp.publish.encrypted import site_settings
    from plp.publish.leaks import SchoolSecrets, SiteScanner, public_text, school_records

    check_plans_folder(args.plans)
    if not args.sites.is_dir():
        raise UsageError(f"there is no sites folder at {args.sites}: run plp build first")
    secrets = SchoolSecrets(school_records(args.plans))
    scanner = SiteScanner()
    checked = hits = 0
    encrypted: list[str] = []
    for student, record in sorted(secrets.records.items()):
        site = args.sites / student
        if site.is_symlink() or not (site / SITE_MARKER).is_file():
            continue
        if site_settings(site) is not None:  # ciphertext: nothing to read
            encrypted.append(student)
            continue
        checked += 1
        for leak in scanner.scan(site, secrets.of_others(student), public_text(record)):
            hits += 1
            print(f"{args.sites / student}/{leak.message(student)}")
    if encrypted:
        print(
            f"plp: warning: {plural(len(encrypted), 'encrypted site')} not checked "
            f"({', '.join(encrypted)}): their files cannot be read. Build the same sites "
            "without --encrypt into another folder and run plp leaks --sites on it.",
            file=sys.stderr,
        )
    if hits:
        print(
            f"plp: {hits} leaks in {checked} sites. Fix: find where the other student's words "
            "entered the plan (a copied file, a pasted text), remove them, and build again.",
            file=sys.stderr,
        )
        return 1
    print(f"Checked {checked} sites in {args.sites}: no other student's data found.")
    return 0

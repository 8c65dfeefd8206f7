"""``plp build``: every student's private portfolio site, each a self-contained folder."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from plp.check.reporters import printable
from plp.cli.arguments import check_build_day, check_plans_folder
from plp.errors import UsageError
from plp.format.selection import parse_shard, select_students
from plp.publish.outputs import DEFAULT_SITES
from plp.words import plural

if TYPE_CHECKING:
    from plp.sites import SiteReport


def add_site_arguments(command: argparse.ArgumentParser) -> None:
    """The options every command that makes sites shares."""
    command.add_argument(
        "--plans",
        type=Path,
        default=Path("plans"),
        metavar="DIR",
        help="the plans folder (default: plans)",
    )
    command.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
        help="the project's mkdocs.yml: sites take its theme settings and never go in its "
        "site_dir or docs_dir (default: mkdocs.yml)",
    )  # fmt: skip


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "build",
        help="build students' portfolio sites",
        description=(
            "Build a private portfolio site for each student, at OUT/<student>/ (default "
            f"{DEFAULT_SITES}/). Each site is complete on its own: zip it or deploy it alone. "
            "Theme settings come from mkdocs.yml when there is one. OUT is plp's own folder: "
            "plp replaces only sites it made there, and refuses a folder that holds other "
            "files, the plans folder, the top of the repository, or mkdocs.yml's site_dir "
            "(which a docs deploy publishes)."
        ),
    )
    command.add_argument(
        "--student",
        action="append",
        default=[],
        metavar="ID",
        help="build this student's site (repeat for more); default: every student",
    )
    add_site_arguments(command)
    command.add_argument(
        "--out",
        type=Path,
        default=Path(DEFAULT_SITES),
        metavar="DIR",
        help=f"where the sites go: a new or empty folder, or one plp made (default: "
        f"{DEFAULT_SITES})",
    )
    command.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="build in N processes (default: one per CPU)",
    )
    command.add_argument(
        "--shard",
        metavar="K/N",
        help="build only shard K of N (for a CI matrix); a student's shard depends on its id",
    )
    command.add_argument(
        "--changed-since",
        metavar="REF",
        help="build only students whose files changed since the Git revision REF",
    )
    command.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="build as of this day (default: SOURCE_DATE_EPOCH, or today)",
    )
    command.add_argument(
        "--allow-shallow",
        action="store_true",
        help="build from a shallow clone anyway; the pages say the history is incomplete",
    )
    command.add_argument(
        "--no-history", action="store_true", help="leave out the pages made from the Git history"
    )
    command.add_argument(
        "--editor-url",
        metavar="URL",
        help="where the web editor (plp cms) is hosted: each site links to it as "
        "URL?student=<id> (default: no link)",
    )
    command.add_argument(
        "--dashboard",
        type=Path,
        metavar="DIR",
        help="build the staff dashboard too, in DIR/dashboard/ (a folder of its own, never "
        "in OUT: see plp dashboard)",
    )
    command.add_argument(
        "--force",
        action="store_true",
        help="build every site again, even those whose inputs did not change since plp "
        "built them (by default a site is rebuilt only when the student's files, the "
        "school's files, the history, the day, the options or plp's or the theme's version "
        "changed)",
    )
    command.add_argument(
        "--strict",
        action="store_true",
        help="stop when a plan file has errors instead of leaving it out",
    )
    command.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt each site with its student's passphrase, for any static host: "
        "AES-256-GCM, opened in the browser with the passphrase; every site is built "
        "again, so a changed passphrase always takes effect (see docs/schools.md)",
    )
    command.add_argument(
        "--passphrases",
        type=Path,
        metavar="FILE",
        help="with --encrypt: a file outside the repository with a line "
        "'student-id: passphrase' per student; PLP_PASSPHRASE_<ID> in the environment "
        "(the id in capitals, - as _) comes first",
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.jobs is None:
        args.jobs = os.cpu_count() or 1
    from plp.dates import build_day

    check_build_day(args.today)
    if args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    if args.editor_url is not None:
        from plp.portfolio.editor_link import check_editor_url

        try:
            check_editor_url(args.editor_url)
        except ValueError as error:
            raise UsageError(f"--editor-url: {error}") from None
    check_plans_folder(args.plans)
    if args.passphrases is not None and not args.encrypt:
        raise UsageError("--passphrases is for encrypted sites: add --encrypt")
    shard = parse_shard(args.shard) if args.shard else None
    students = select_students(args.plans, args.student, shard, args.changed_since)
    if not students:
        print("No student to build.")
        return 0
    passphrases = None
    if args.encrypt:  # every student's passphrase, before any site is touched
        from plp.publish.passphrases import passphrases_for

        passphrases = passphrases_for(students, os.environ, args.passphrases, args.plans)
    from plp import __version__
    from plp.history.engine import HistoryError, shared_store
    from plp.history.git_access import git_problem
    from plp.publish import manifests
    from plp.publish.outputs import check_site_places, check_sites_location
    from plp.sites import SiteOptions, SiteReport, generator, terminal_progress

    sites = generator()
    published = sites.project_published(args.config)
    out = check_sites_location(args.out, args.plans, published)  # before reading any history
    if args.dashboard is not None:
        from plp.dashboard.output import check_dashboard_location

        check_dashboard_location(
            args.dashboard, args.plans, [*published, (out, "the sites folder")]
        )
    check_site_places(out, students)
    store = None
    if not args.no_history:
        problem = git_problem(args.plans)
        if problem:
            raise UsageError(problem)
        try:  # read the history once, before any site: a shallow clone stops here
            store = shared_store(args.plans, args.allow_shallow)
        except HistoryError as error:
            raise UsageError(str(error)) from None
        for bad in store.skipped:
            print(f"plp: warning: {bad.message()}", file=sys.stderr)

    options = SiteOptions(
        plans=args.plans.resolve(),
        out=out,
        students=students,
        theme=sites.project_theme(args.config),
        today=args.today,
        strict=args.strict,
        jobs=args.jobs,
        history=not args.no_history,
        allow_shallow=args.allow_shallow,
        published=published,
        passphrases=passphrases,
        editor_url=args.editor_url,
    )
    shared = manifests.shared_inputs(
        args.plans,
        version=__version__,
        day=build_day(args.today).isoformat(),
        site=sites.site_inputs(options),
        history=store,
    )
    inputs = manifests.student_inputs(args.plans, students, shared)
    # An encrypted site is always built again: telling whether its passphrase changed would
    # mean keeping something beside it that helps to guess the passphrase.
    rebuild_all = args.force or args.encrypt
    known = manifests.Currency() if rebuild_all else manifests.up_to_date(out, inputs, store)
    current = known.current
    options.students = [student for student in students if student not in current]
    report = sites.build_sites(options, terminal_progress()) if options.students else SiteReport()
    built = [*report.built, *known.renewed]
    manifests.record(out, inputs, built, [*report.failed, *report.findings])
    removed = manifests.remove_departed(out, args.plans)
    if removed:
        print(
            f"Removed {plural(len(removed), 'site')} of "
            f"{'a student' if len(removed) == 1 else 'students'} no longer in "
            f"{args.plans}: {', '.join(removed)}."
        )
    for student, why in sorted(report.failed.items()):
        print(f"plp: {student}: the site could not be built: {printable(why)}", file=sys.stderr)
    if args.dashboard is not None:
        from plp.cli.dashboard import make_dashboard

        sites_folder = (out, "the students' sites folder, where each site holds one student")
        print(
            make_dashboard(
                args.plans, args.dashboard, [*published, sites_folder], build_day(args.today)
            )
        )
    what = "encrypted sites" if args.encrypt else "sites"
    unchanged = f" ({len(current)} {'was' if len(current) == 1 else 'were'} up to date)"
    print(
        f"Built {len(report.built)} of {len(students)} {what} in {args.out}"
        f"{unchanged if current else ''}{_left_out(report)}"
    )
    return 1 if report.failed or report.findings else 0


def _left_out(report: SiteReport) -> str:
    """``; 1 file with 2 errors was left out (run plp validate).``, or ``.`` for none."""
    errors = [finding for findings in report.findings.values() for finding in findings]
    if not errors:
        return "."
    files = len({finding.path for finding in errors})
    count = f"{plural(files, 'file')} with {plural(len(errors), 'error')}"
    return f"; {count} {'was' if files == 1 else 'were'} left out (run plp validate)."

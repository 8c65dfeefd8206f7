"""``plp export``: a student's private site, files and history in one deterministic zip.

The site is built like every private site, with Material's offline plugin (and plp's own
file-worker shim), so it opens from ``index.html`` with no server and search works. The
archive then holds the student's own folder as it is on disk, the history as JSON and as
a page, and a README. Before it is written, the site is checked for other students'
data, as ``plp leaks`` checks private sites.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from plp.errors import UsageError
from plp.format.records import attach_history, load_student
from plp.publish.archive import (
    check_archive_place,
    history_json,
    history_markdown,
    plain_files,
    readme,
    write_archive,
)
from plp.publish.leaks import SchoolSecrets, SiteScanner, public_text, school_records
from plp.publish.outputs import SITE_MARKER, claim_sites_folder
from plp.site_mkdocs.builder import SiteBuilder
from plp.sites import Exported, SiteOptions


def export_student(
    plans: Path,
    student: str,
    out: Path,
    *,
    today: str | None = None,
    theme: dict[str, object] | None = None,
    allow_shallow: bool = False,
) -> Exported:
    """Write ``student``'s take-home archive to ``out`` unless their site holds another
    student's data (then nothing is written and the leaks are returned)."""
    from plp.history.engine import HistoryError, shared_store
    from plp.history.git_access import git_problem

    plans = plans.resolve()
    check_archive_place(out, plans)
    record, _ = load_student(plans, student)
    problem = git_problem(plans)
    if problem:
        raise UsageError(f"the export holds the plan's history: {problem}")
    try:
        store = shared_store(plans, allow_shallow)
    except HistoryError as error:
        raise UsageError(str(error)) from None
    attach_history(record, store)
    assert record.history is not None
    history = record.history
    with tempfile.TemporaryDirectory(prefix="plp-export-") as scratch:
        sites = Path(scratch) / "sites"
        claim_sites_folder(sites)
        options = SiteOptions(
            plans=plans,
            out=sites,
            theme=dict(theme or {}),
            today=today,
            allow_shallow=allow_shallow,
        )
        builder = SiteBuilder(options)
        try:
            builder.build(student)
        finally:
            builder.close()
        site = sites / student
        secrets = SchoolSecrets(school_records(plans))
        leaks = SiteScanner().scan(site, secrets.of_others(student), public_text(record))
        if leaks:
            return Exported(leaks)
        entries: list[tuple[str, bytes | Path]] = [
            (f"site/{name}", path) for name, path in plain_files(site) if name != SITE_MARKER
        ]
        entries += [(f"plan/{student}/{name}", path) for name, path in plain_files(record.folder)]
        events = [e for e in history.events if e.commit is not None]
        entries += [
            ("history.json", history_json(events).encode("utf-8")),
            ("history.md", history_markdown(record, events, history.complete).encode("utf-8")),
            ("README.txt", readme(record, site=True).encode("utf-8")),
        ]
        write_archive(out, entries)
    return Exported([], len(entries))

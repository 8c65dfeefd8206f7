"""Building public portfolios: each one built aside, checked for leaks, then put in place.

A public portfolio is built by the same builder as a private site, with the plugin in
public mode (the pages see only ``plp.publish.public.public_record``), and with Material's
offline plugin, so it works from any static host or from disk (relative links, no
server). Before it goes where it was asked to go, every byte of it is checked against the
student's private strings and every other student's data (``plp.publish.leaks``): a site
that holds one is deleted and never reaches its destination.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from plp.check.findings import Finding
from plp.format.records import load_student
from plp.publish.leaks import SchoolSecrets, SiteScanner, private_secrets, public_text
from plp.publish.outputs import (
    SITE_MARKER,
    OutputRefused,
    claim_sites_folder,
    link_on_the_way,
    put_in_place,
    repository_top,
)
from plp.publish.public import check_publishable, public_record
from plp.site_mkdocs.builder import SiteBuilder
from plp.sites import Published, SiteOptions

STAGING = ".plp-publish-"


def check_destination(out: Path, plans: Path) -> None:
    """Raise OutputRefused unless ``out`` is a place for a public portfolio: new, an
    empty folder, or one plp published before; never the plans folder or around it."""
    top = repository_top(plans)
    link = link_on_the_way(out, top)
    if link is not None:
        raise OutputRefused(
            f"{out} goes through the symbolic link {link}: plp never writes or deletes "
            "through a link. Name a real folder."
        )
    real, plans_real = out.resolve(), plans.resolve()
    if real.is_relative_to(plans_real) or plans_real.is_relative_to(real):
        raise OutputRefused(
            f"{out} and the plans folder {plans} overlap: give the portfolio a folder of its "
            "own, such as public/<student>."
        )
    if os.path.lexists(out) and not out.is_dir():
        raise OutputRefused(f"{out} is a file, not a folder: name a folder for the portfolio.")
    if out.is_dir() and any(out.iterdir()) and not (out / SITE_MARKER).is_file():
        raise OutputRefused(
            f"{out} already holds files that plp did not make: plp publishes only into a new "
            "or empty folder, or one it published before. Name another folder."
        )


class Publisher:
    """Publishes students' public portfolios, reading the school's data once; sites are
    built in a hidden folder of ``work`` (on the same disk as the destinations)."""

    def __init__(
        self,
        plans: Path,
        work: Path,
        *,
        today: str | None = None,
        theme: dict[str, Any] | None = None,
    ) -> None:
        from plp.publish.leaks import school_records

        self.plans = plans.resolve()
        self._findings: dict[str, list[Finding]] = {}
        self.secrets = SchoolSecrets(school_records(self.plans, self._findings))
        self.scanner = SiteScanner()
        work.mkdir(parents=True, exist_ok=True)
        self._staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=work))
        claim_sites_folder(self._staging)
        options = SiteOptions(
            plans=self.plans,
            out=self._staging,
            theme=dict(theme or {}),
            today=today,
            history=False,
            public=True,
        )
        self._builder = SiteBuilder(options)

    def close(self) -> None:
        self._builder.close()
        if self._staging.name.startswith(STAGING) and not self._staging.is_symlink():
            shutil.rmtree(self._staging, ignore_errors=True)

    def __enter__(self) -> Publisher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def publish(self, student: str, out: Path) -> Published:
        """Build ``student``'s public portfolio at ``out`` unless it leaks (then nothing is
        written to ``out``). Raises PublishRefused when the plan does not allow it."""
        if student in self.secrets.records:  # read a moment ago, with the school
            record, findings = self.secrets.records[student], self._findings[student]
        else:
            record, findings = load_student(self.plans, student)
        check_publishable(record.plan)
        check_destination(out, self.plans)
        self._builder.plugin.records[student] = (record, findings)
        try:
            self._builder.build(student)
        finally:
            self._builder.plugin.records.pop(student, None)
        site = self._staging / student
        secrets = [*private_secrets(record), *self.secrets.of_others(student)]
        leaks = self.scanner.scan(site, secrets, public_text(public_record(record)))
        if leaks:
            return Published(student, leaks, findings)
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        try:
            put_in_place(out.parent, out.name, site)
        except OSError:  # another disk: copy, then the copy replaces the old one
            copy = Path(tempfile.mkdtemp(prefix=".plp-new-", dir=out.parent))
            shutil.copytree(site, copy, dirs_exist_ok=True, symlinks=True)
            put_in_place(out.parent, out.name, copy)
        self._builder.site_moved(site, out)
        return Published(student, [], findings)


def publish_student(
    plans: Path, student: str, out: Path, *, today: str | None, theme: dict[str, Any]
) -> Published:
    """One student's public portfolio, for ``plp publish`` (see :mod:`plp.sites`)."""
    check_destination(out, plans)
    with Publisher(plans, out.absolute().parent, today=today, theme=theme) as publisher:
        return publisher.publish(student, out)

"""Students' sites, whatever generator builds them: what the command line asks for (build
these students' sites, preview one) and what it gets back. Nothing here imports a site
generator.

An adapter does the work: today :mod:`plp.site_mkdocs.adapter`. A second generator (Zensical,
once it has a plugin API) is one new package with the same functions, named in
:data:`GENERATORS`; the command line does not change.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

from plp.check.findings import Finding
from plp.publish.leaks import Leak

#: Called as each site is done: (sites done, sites in all, the student just built).
Progress = Callable[[int, int, str], None]


@dataclass(slots=True)
class SiteOptions:
    """What to build and where."""

    plans: Path
    out: Path  # the sites folder: plp's own (see plp.publish.outputs), never inside ``published``
    students: list[str] | None = None  # None: every student in the plans folder
    theme: dict[str, Any] = field(default_factory=dict)
    today: str | None = None
    strict: bool = False
    jobs: int = 1
    history: bool = True
    allow_shallow: bool = False
    #: Folders a docs build publishes, each with a clause saying so.
    published: list[tuple[Path, str]] = field(default_factory=list)
    #: Build public portfolios (plp publish) instead of private sites.
    public: bool = False
    #: Encrypt each private site with its student's passphrase (plp build --encrypt):
    #: every student built has one here. None: plain sites.
    passphrases: dict[str, str] | None = None
    #: Where the web editor (plp cms) is hosted: each private site links to it.
    editor_url: str | None = None


@dataclass(slots=True)
class SiteReport:
    """What a build did: sites built, findings of files left out, students that failed."""

    built: list[str] = field(default_factory=list)
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def merge(self, other: SiteReport) -> None:
        self.built += other.built
        self.findings.update(other.findings)
        self.failed.update(other.failed)


@dataclass(slots=True)
class Published:
    """What publishing one student's public portfolio did."""

    student: str
    leaks: list[Leak] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.leaks


@dataclass(slots=True)
class Exported:
    """What exporting one student's take-home archive did."""

    leaks: list[Leak] = field(default_factory=list)
    files: int = 0


class SiteGenerator(Protocol):
    """What an adapter module provides."""

    def build_sites(self, options: SiteOptions, progress: Progress | None = None) -> SiteReport:
        """Build the sites ``options`` name; one student's failure never stops the others."""

    def site_inputs(self, options: SiteOptions) -> dict[str, Any]:
        """What, besides the plans, makes the sites what they are (the generator's and its
        theme's versions and settings), as JSON values: for the build manifests."""

    def project_theme(self, config_file: Path) -> dict[str, Any]:
        """The theme settings of the project's configuration file, for every student's site."""

    def project_published(self, config_file: Path) -> list[tuple[Path, str]]:
        """The folders a docs build of the project publishes, each with a clause saying so."""

    def serve_student(
        self,
        plans: Path,
        student: str,
        config_file: Path,
        dev_addr: str,
        started: Callable[[], None],
    ) -> None:
        """Preview one student's site at ``dev_addr`` with live reload, until interrupted."""

    def publish_student(
        self, plans: Path, student: str, out: Path, *, today: str | None, theme: dict[str, Any]
    ) -> Published:
        """Build ``student``'s public portfolio into ``out`` unless the leak check finds
        private data (then nothing is written). Raises PublishRefused when the plan does not
        allow it, OutputRefused when ``out`` is no place for it."""

    def export_student(
        self,
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


#: The site generators plp has an adapter for, by name, and the adapter's module.
GENERATORS = {"mkdocs": "plp.site_mkdocs.adapter"}
DEFAULT_GENERATOR = "mkdocs"


def generator(name: str = DEFAULT_GENERATOR) -> SiteGenerator:
    """The adapter of the generator ``name`` (imported only now: a command that builds no
    site never pays for a generator's import)."""
    return cast(SiteGenerator, importlib.import_module(GENERATORS[name]))


def build_sites(options: SiteOptions, progress: Progress | None = None) -> SiteReport:
    """Build the sites ``options`` name with the default generator."""
    return generator().build_sites(options, progress)


def terminal_progress(stream: Any = None) -> Progress | None:
    """A one-line progress display on a terminal; nothing in CI logs or pipes."""
    stream = stream or sys.stderr
    if os.environ.get("CI") or not stream.isatty():
        return None
    started = time.monotonic()

    def show(number: int, total: int, student: str) -> None:
        elapsed = time.monotonic() - started
        end = "\n" if number == total else ""
        stream.write(f"\r\033[KBuilding sites {number}/{total} ({elapsed:.0f} s) {student}{end}")
        stream.flush()

    return show

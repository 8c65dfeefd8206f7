"""Building many students' sites in one process, each a complete site of its own.

A school would otherwise run ``mkdocs build`` once per student: a new process, the
config loaded, Material's theme folder walked and its templates compiled, 2.6 MB of
theme assets copied, every time. Here the config is loaded once, the theme's file list
is taken once, the Jinja environment (with its compiled templates) is kept by the plugin,
and theme assets are hard-linked from the first site built: every site still holds every
file it needs and can be zipped or deployed alone, but the disk holds the assets once.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol, cast

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import Files

from plp.check.findings import Finding
from plp.errors import UsageError
from plp.publish.outputs import (
    check_site_place,
    check_site_places,
    check_sites_location,
    claim_sites_folder,
    discard,
    new_site_folder,
    put_in_place,
)
from plp.sites import Progress, SiteOptions, SiteReport

#: Theme settings of every student's site unless the project's mkdocs.yml says otherwise.
DEFAULT_THEME: dict[str, Any] = {
    "name": "material",
    "language": "en",
    "features": ["navigation.sections", "navigation.top", "search.highlight"],
    # The reader's system setting, light or dark, with a toggle; colours in plp.css.
    "palette": [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "custom",
            "accent": "custom",
            "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "custom",
            "accent": "custom",
            "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"},
        },
    ],
    "icon": {"logo": "material/notebook-heart-outline"},
}


#: The plugin's stylesheet, as a site's file (the plugin adds it to every student's site).
STYLESHEET = "assets/plp.css"
#: The student's name and the day on every printed page (one per site).
PRINT_STYLESHEET = "assets/plp-print.css"
#: Lets the theme's search run from a page opened from disk (see the file).
OFFLINE_SCRIPT = "assets/plp-offline.js"


class _StudentSitePlugin(Protocol):
    """What the builder drives of the ``plp`` plugin (:class:`plugin.PlpPlugin`) of a
    student's site: which student it builds, and the findings of the files it left out.
    (The plugin imports this module for a project build; this one never imports it.)"""

    @property
    def config(self) -> Any: ...

    @property
    def findings(self) -> list[Any]: ...

    shared_rendering: bool

    @property
    def records(self) -> dict[str, Any]:
        """Records already read for a student (plp publish), used instead of reading again."""

    def new_run(self) -> None:
        """A run of sites begins (the plugin outlives it: MkDocs keeps it per process)."""


def _project_config(config_file: Path) -> dict[str, Any]:
    """A project's mkdocs.yml as it is written (empty when there is no such file)."""
    if not config_file.is_file():
        return {}
    from mkdocs.utils.yaml import yaml_load

    try:
        with config_file.open(encoding="utf-8") as stream:
            raw = yaml_load(stream) or {}
    except (OSError, yaml.YAMLError, MkDocsException) as error:
        raise UsageError(f"cannot read {config_file}: {error}") from None
    return raw if isinstance(raw, dict) else {}


def project_published(config_file: Path) -> list[tuple[Path, str]]:
    """The folders that a docs build of the project's mkdocs.yml publishes (its
    ``site_dir``, and ``docs_dir`` whose files it copies); none without such a file."""
    if not config_file.is_file():
        return []
    raw = _project_config(config_file)
    base = config_file.resolve().parent
    name = config_file.name
    return [
        (base / str(raw.get("site_dir") or "site"), site_dir_clause(name)),
        (base / str(raw.get("docs_dir") or "docs"), docs_dir_clause(name)),
    ]


def site_dir_clause(config_name: str) -> str:
    return f"the site_dir of {config_name}, which mkdocs build empties and a deploy publishes"


def docs_dir_clause(config_name: str) -> str:
    return f"the docs_dir of {config_name}, whose files a docs build publishes"


def project_theme(config_file: Path) -> dict[str, Any]:
    """The ``theme`` section of a project's mkdocs.yml (none when there is no such file),
    with ``custom_dir`` made absolute, for its students' sites."""
    raw = _project_config(config_file)
    theme = raw.get("theme") or {}
    if isinstance(theme, str):
        return {"name": theme}
    theme = dict(theme)
    custom = theme.get("custom_dir")
    if isinstance(custom, str):
        theme["custom_dir"] = str((config_file.parent / custom).resolve())
    return theme


def student_site_config(
    options: SiteOptions, docs_dir: Path, student: str = "_", *, live: bool = False
) -> str:
    """The mkdocs.yml of a student's site, as YAML text (the builder sets the student)."""
    theme = {**DEFAULT_THEME, **options.theme}
    theme["font"] = False  # never ask a font service for anything: the system fonts serve
    config = {
        "site_name": "Learning plan",
        "docs_dir": str(docs_dir),
        "site_dir": str(options.out / "_"),
        "use_directory_urls": False,  # plain files: the site works from a folder or a zip
        "strict": options.strict,
        "theme": theme,
        # No "Made with" in the footer; search that works from a site opened from disk.
        "extra": {"generator": False, "polyfills": [OFFLINE_SCRIPT]},
        "extra_css": [STYLESHEET, PRINT_STYLESHEET],
        "plugins": [
            {"search": {"lang": "en"}},
            {
                "plp": {
                    "plans": str(options.plans),
                    "student": student,
                    "today": options.today,
                    "history": options.history,
                    "allow_shallow": options.allow_shallow,
                    "live": live,
                    "public": options.public,
                    "editor_url": options.editor_url,
                }
            },
        ],
        "markdown_extensions": [],
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    return yaml.safe_dump(config, sort_keys=False)


class SiteBuilder:
    """Builds students' sites one after another, sharing what can be shared."""

    def __init__(self, options: SiteOptions) -> None:
        self.options = options
        self._scratch = tempfile.TemporaryDirectory(prefix="plp-")
        docs_dir = Path(self._scratch.name) / "docs"
        docs_dir.mkdir()
        self.config: MkDocsConfig = load_config(io.StringIO(student_site_config(options, docs_dir)))
        # 404.html and the sitemap need a known address and are not for a private site:
        # the student-mode plugin removes them; here they are not even rendered.
        self.config.theme.static_templates.clear()
        self.plugin = cast(_StudentSitePlugin, self.config.plugins["plp"])
        self.plugin.shared_rendering = True
        self.plugin.new_run()
        self._theme_files: list[str] | None = None  # dest paths of the theme's assets
        self._first_site: Path | None = None

    def close(self) -> None:
        self._scratch.cleanup()

    def build(self, student: str) -> list[Finding]:
        """Build ``student``'s site at ``<out>/<student>``; the findings of files left out.

        The site is built in a new folder, then replaces the old one (only a site plp
        made): a failed build leaves the last good site, and nothing else is touched."""
        out = self.options.out
        check_site_place(out, student)
        staged = new_site_folder(out, student)
        try:
            self.plugin.config.student = student
            self.config.site_dir = str(staged)
            with self._theme_files_once(), _quiet_mkdocs():
                build(self.config)
            if self._first_site is not None:
                self._link_theme_files(staged)
            if self.options.passphrases is not None:
                self._encrypt(staged, student)
            site = put_in_place(out, student, staged)
        except BaseException:
            discard(staged)
            raise
        if self._first_site is None:
            self._first_site = site
        return list(self.plugin.findings)

    def _encrypt(self, site: Path, student: str) -> None:
        """Encrypt the site just built with the student's passphrase; the theme's assets
        stay as they are, and the salt of the site it replaces is kept."""
        from plp.publish.encrypted import encrypt_site

        assert self.options.passphrases is not None and self._theme_files is not None
        passphrase = self.options.passphrases[student]
        encrypt_site(site, passphrase, self._theme_files, self.options.out / student)

    def site_moved(self, old: Path, new: Path) -> None:
        """A site this builder built was moved from ``old`` to ``new``: later sites link
        the theme's assets from there."""
        if self._first_site == old:
            self._first_site = new

    @contextlib.contextmanager
    def _theme_files_once(self) -> Iterator[None]:
        """List the theme's files in the first build only; later builds get them linked."""
        original = Files.add_files_from_theme
        builder = self

        def add_files_from_theme(files: Files, env: Any, config: MkDocsConfig) -> None:
            if builder._theme_files is not None:
                return
            before = {file.src_uri for file in files}
            original(files, env, config)
            builder._theme_files = [f.dest_uri for f in files if f.src_uri not in before]

        Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            Files.add_files_from_theme = original  # type: ignore[method-assign]

    def _link_theme_files(self, site_dir: Path) -> None:
        assert self._first_site is not None and self._theme_files is not None
        made: set[Path] = set()  # folders known to exist: one mkdir each, not one per file
        for dest in self._theme_files:
            source, target = self._first_site / dest, site_dir / dest
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            try:
                os.link(source, target)
            except (FileExistsError, FileNotFoundError):
                continue  # the site has its own file there, or the first site has none
            except OSError:  # another file system, or links not allowed: copy
                shutil.copy2(source, target)


@contextlib.contextmanager
def _quiet_mkdocs() -> Iterator[None]:
    """MkDocs' per-build INFO lines, times hundreds of students, are noise; warnings stay."""
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


def _build_batch(
    options: SiteOptions, students: list[str], progress: Progress | None
) -> SiteReport:
    report = SiteReport()
    builder = SiteBuilder(options)
    try:
        for number, student in enumerate(students, 1):
            if progress:
                progress(number, len(students), student)
            try:
                findings = builder.build(student)
            except UsageError as error:  # a place plp will not write to
                report.failed[student] = str(error)
                continue
            except (MkDocsException, OSError) as error:
                report.failed[student] = str(error) or type(error).__name__
                continue
            except Exception as error:  # a bug must cost one student's site, not all of them
                report.failed[student] = f"internal error ({type(error).__name__}: {error})"
                continue
            report.built.append(student)
            if findings:
                report.findings[student] = findings
    finally:
        builder.close()
    return report


def _build_in_worker(options: SiteOptions, students: list[str]) -> SiteReport:
    return _build_batch(options, students, None)


def build_sites(options: SiteOptions, progress: Progress | None = None) -> SiteReport:
    """Build the sites of ``options.students`` (default: everyone) into ``options.out``.

    Raises UsageError when ``options.out`` is not a place for sites (see plp.publish.outputs)."""
    from plp.format.selection import select_students

    students = options.students if options.students is not None else select_students(options.plans)
    out = check_sites_location(options.out, options.plans, options.published)
    claim_sites_folder(out)
    check_site_places(out, students)
    options = replace(options, out=out)
    jobs = max(1, min(options.jobs, len(students)))
    if jobs == 1:
        return _build_batch(options, students, progress)
    batches = [students[index::jobs] for index in range(jobs)]
    report = SiteReport()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_build_in_worker, options, batch) for batch in batches]
        done = 0
        for future in futures:
            part = future.result()
            done += len(part.built) + len(part.failed)
            if progress:
                progress(done, len(students), "")
            report.merge(part)
    report.built.sort()
    return report

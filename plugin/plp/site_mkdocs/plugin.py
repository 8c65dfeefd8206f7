"""The MkDocs plugin ``plp``: lays out the core's portfolio pages with the theme.

Two uses, one plugin:

* in a project's ``mkdocs.yml`` (no ``student`` option), ``mkdocs build`` builds the docs
  as usual and then every student's site under ``<sites>/<id>/``, a private folder outside
  ``site_dir`` (default ``private-sites/`` beside mkdocs.yml): a docs deploy publishes
  ``site_dir``, and MkDocs empties it. ``mkdocs gh-deploy`` is refused outright;
* with ``student: <id>`` (as ``plp build`` and ``plp serve`` configure it), the site *is*
  that student's portfolio: the core's pages are fed to MkDocs with ``File.generated``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
from pathlib import Path
from types import MethodType
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from plp.check.html_policy import is_local_url
from plp.check.reporters import printable
from plp.dates import build_day
from plp.errors import UsageError
from plp.format.records import StudentNotFound, StudentRecord, attach_history, load_student
from plp.history.engine import HistoryError, HistoryStore, shared_store
from plp.history.git_access import git_problem
from plp.portfolio.editor_link import check_editor_url
from plp.portfolio.model import NavSection, Page, Portfolio, TocEntry
from plp.portfolio.site import build_portfolio, build_public_portfolio
from plp.publish.outputs import DEFAULT_SITES, check_docs_site_dir, check_sites_location
from plp.publish.public import PublishRefused, public_record
from plp.site_mkdocs.builder import OFFLINE_SCRIPT, PRINT_STYLESHEET, STYLESHEET
from plp.site_mkdocs.page_furniture import SiteFurniture
from plp.site_mkdocs.page_furniture import install as install_furniture
from plp.site_mkdocs.search_index import use_quick_search_index

if TYPE_CHECKING:
    from mkdocs.structure.toc import _TocToken

log = get_plugin_logger(__name__)
#: Commits that history skipped, already told in this process.
_REPORTED_COMMITS: set[str] = set()

SERVER_ONLY_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz")
_STYLESHEET_SOURCE = Path(__file__).parent / "plp.css"
_OFFLINE_SCRIPT_SOURCE = Path(__file__).parent / "plp-offline.js"


class _PlansFolder(c.Dir):
    """The plans folder: relative to mkdocs.yml's folder, and there when the config loads."""

    def run_validation(self, value: object) -> str:
        folder = super().run_validation(value)
        if not Path(folder).is_dir():
            raise base.ValidationError(
                f"there is no plans folder at {folder}. Set 'plans' to the folder that holds "
                "the students' folders and _school.yml (relative to the folder of mkdocs.yml), "
                "or make one with 'plp init'."
            )
        return folder


class _Day(c.OptionallyRequired[str]):
    """A day written YYYY-MM-DD (YAML reads it as a date unless quoted), checked at load."""

    def run_validation(self, value: object) -> str:
        day = value.isoformat() if isinstance(value, dt.date) else str(value)
        try:
            build_day(day)
        except ValueError as error:
            raise base.ValidationError(str(error)) from None
        return day


class _EditorUrl(c.OptionallyRequired[str]):
    """The address of the web editor's folder, checked at load."""

    def run_validation(self, value: object) -> str:
        try:
            return check_editor_url(str(value))
        except ValueError as error:
            raise base.ValidationError(str(error)) from None


class PlpConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the ``plp`` plugin in ``mkdocs.yml``."""

    #: The plans folder, relative to mkdocs.yml; it must exist when the config loads.
    plans = _PlansFolder(default="plans")
    #: Build this student's portfolio as the site (set by ``plp build`` and ``plp serve``).
    student = c.Optional(c.Type(str))
    #: In a project build: the private folder of the students' sites, relative to
    #: mkdocs.yml; never inside ``site_dir`` (which a deploy publishes) or ``docs_dir``.
    sites = c.Dir(default=DEFAULT_SITES)
    #: Removed: sites inside ``site_dir`` would be published with the docs.
    students_dir = c.Deprecated(
        removed=True,
        message=(
            "The plp option '{}' was removed: students' sites no longer go inside site_dir, "
            "which mkdocs gh-deploy publishes. Remove it; set 'sites' to a folder outside "
            f"site_dir if you need another place than {DEFAULT_SITES}/."
        ),
    )
    #: In a project build: build the students' sites after the docs.
    build_students = c.Type(bool, default=True)
    #: The day the site is built for (YYYY-MM-DD); default: SOURCE_DATE_EPOCH, or today.
    today = c.Optional(_Day())
    #: Read the Git history for the history pages.
    history = c.Type(bool, default=True)
    #: Build from a shallow clone anyway; the pages then say the history is incomplete.
    allow_shallow = c.Type(bool, default=False)
    #: A live preview (plp serve): read uncommitted changes again at every rebuild.
    live = c.Type(bool, default=False)
    #: Build the student's public portfolio (plp publish): only what may become public.
    public = c.Type(bool, default=False)
    #: In a project build: encrypt each student's site with their passphrase, for any
    #: static host (as plp build --encrypt).
    encrypt = c.Type(bool, default=False)
    #: With ``encrypt``: the passphrase file, outside the repository (relative to
    #: mkdocs.yml, or absolute, or from ``~``); PLP_PASSPHRASE_<ID> comes first.
    passphrases = c.Optional(c.Type(str))
    #: Where the web editor (plp cms) is hosted; each private site links to it.
    editor_url = c.Optional(_EditorUrl())


def theme_text(text: str) -> Markup:
    """Text as the theme must receive it: HTML-escaped once, and marked as such.

    MkDocs' templates do not escape (a nav title or the site name is written as it is), so
    the text goes in escaped: ``&``, ``<``, ``>`` and ``"`` as entities (an apostrophe
    stays: the theme quotes attributes with double quotes only). It is a
    :class:`~markupsafe.Markup`, so that where Material escapes again (``| e`` in
    attributes) nothing is escaped twice, and where it strips tags (``| striptags``) it
    then escapes (the ``<title>`` of a page comes from the page's metadata, written
    without ``striptags``): the reader sees exactly the text written, in the heading, the
    ``<title>``, the navigation and the table of contents.
    """
    return Markup(html.escape(text, quote=False).replace('"', "&quot;"))


#: The id of each page's title heading, where the skip link leads.
TITLE_ID = "plp-title"


def page_toc(page: Page) -> list[_TocToken]:
    """The page's table of contents in page order, under its title: so every page has a
    skip link to its content (the theme links to the first entry), and the theme shows
    only the sections (it leaves out a first entry of level 1)."""
    content = str(page.html)
    entries = sorted(page.toc, key=lambda e: _position(content, e.id))
    title: _TocToken = {
        "level": 1,
        "id": TITLE_ID,
        "name": theme_text(page.title),
        "children": _toc_tokens(entries),
    }
    return [title]


def _position(content: str, anchor: str) -> int:
    found = content.find(f'id="{anchor}"')
    return found if found >= 0 else len(content)


def title_heading(page: Page) -> str:
    from html import escape

    return f'<h1 id="{TITLE_ID}">{escape(page.title)}</h1>\n'


def _toc_tokens(entries: list[TocEntry]) -> list[_TocToken]:
    tokens: list[_TocToken] = []
    for entry in entries:
        token: _TocToken = {
            "level": entry.level,
            "id": entry.id,
            "name": theme_text(entry.title),
            "children": [],
        }
        if tokens and entry.level > tokens[-1]["level"]:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def nav_config(portfolio: Portfolio) -> list[Any]:
    """The portfolio's navigation in the shape of mkdocs.yml's ``nav``."""
    titles = {page.path: theme_text(page.title) for page in portfolio.pages}
    nav: list[Any] = []
    for item in portfolio.nav:
        if isinstance(item, NavSection):
            nav.append({theme_text(item.title): [{titles[p]: p} for p in item.paths]})
        else:
            nav.append({titles[item]: item})
    return nav


#: Theme settings that name a file every page loads by itself.
THEME_FILES = ("logo", "favicon")


def check_theme_files(theme: Any) -> None:
    """Refuse a logo or favicon on another host: every page of every student's site would
    ask that host for it, telling it who reads which page (as web fonts would; those are
    switched off)."""
    for name in THEME_FILES:
        value = theme.get(name)
        if isinstance(value, str) and value and not is_local_url(value):
            raise PluginError(
                f"plp: the theme's {name} in mkdocs.yml is '{value}', a file on another host "
                "or outside the site; students' pages load nothing from elsewhere. Put the "
                f"file in the theme's custom_dir and give its path, like {name}: "
                "assets/school.png"
            )


class PlpPlugin(BasePlugin[PlpConfig]):  # type: ignore[no-untyped-call]
    """Builds students' portfolio sites from their plans."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.portfolio: Portfolio | None = None
        self.findings: list[Any] = []
        #: Records a caller has just read (with their findings), used once instead of
        #: reading the student's folder again.
        self.records: dict[str, tuple[StudentRecord, list[Any]]] = {}
        self._env: Any = None  # the Jinja environment kept across students' builds
        self._env_theme: Any = None  # the theme it was made for
        #: Render what every page of a site shares once per site (set by plp's builder;
        #: a plain ``mkdocs build`` of a student's site renders it all per page).
        self.shared_rendering = False
        self.furniture = SiteFurniture()
        #: The history of the sites of one run of plp's builder (see :meth:`new_run`).
        self._store: HistoryStore | None = None
        self._command: str | None = None  # the mkdocs command running, when one told us

    def new_run(self) -> None:
        """A new run of plp's builder begins: whether HEAD moved is asked again once.
        (MkDocs keeps a plugin that has ``on_startup`` for the whole process.)"""
        self._store = None

    def _run_store(self, plans: Path) -> HistoryStore:
        """The history of ``plans`` (resolved, see :meth:`plans_dir`): in a run of plp's
        builder, asked of Git once for all its sites; otherwise (``mkdocs build``,
        ``serve``) checked against HEAD each time."""
        store = self._store
        if store is None or store.plans != plans or not self.shared_rendering:
            store = shared_store(plans, self.config.allow_shallow)
        if self.shared_rendering:
            self._store = store
        return store

    def plans_dir(self, config: MkDocsConfig) -> Path:
        """The plans folder (the option, resolved against mkdocs.yml's folder at load)."""
        return Path(self.config.plans).resolve()

    def sites_dir(self, config: MkDocsConfig) -> Path:
        """Where a project build puts the students' sites (absolute, from the option)."""
        return Path(self.config.sites)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command
        if command == "gh-deploy":
            raise PluginError(
                "plp: mkdocs gh-deploy is refused while the plp plugin is in the config: it "
                "builds every student's private site, and a deploy publishes what a build "
                "makes. To publish only the project's docs, deploy with a config without the "
                "plp plugin, e.g. 'mkdocs gh-deploy -f mkdocs-docs-only.yml' (a file with "
                "'INHERIT: mkdocs.yml' and its own 'plugins:' list without plp). Put students' "
                "sites only behind your school's sign-in (see docs/schools.md)."
            )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # Every check runs here, before MkDocs empties site_dir and before anything is built.
        if self.config.student:
            check_theme_files(config.theme)  # a logo or favicon on another host: refused
            if self.shared_rendering:
                use_quick_search_index(config)
            return config  # a student's site, configured and checked by plp's builder
        plans = self.plans_dir(config)
        try:
            build_day(self.config.today)
            check_docs_site_dir(Path(config.site_dir), plans)
            if not self.config.build_students or self._command == "serve":
                return config
            check_sites_location(self.sites_dir(config), plans, self._published(config))
        except (ValueError, UsageError) as error:
            raise PluginError(f"plp: {error}") from None
        problem = git_problem(plans) if self.config.history else None
        if problem:
            raise PluginError(f"plp: {problem}")
        return config

    def _published(self, config: MkDocsConfig) -> list[tuple[Path, str]]:
        from plp.site_mkdocs.builder import docs_dir_clause, site_dir_clause

        name = Path(config.config_file_path).name if config.config_file_path else "mkdocs.yml"
        return [
            (Path(config.site_dir), site_dir_clause(name)),
            (Path(config.docs_dir), docs_dir_clause(name)),
        ]

    # --- a student's site -------------------------------------------------------------

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        student = self.config.student
        if not student:
            return files
        self.furniture.clear()
        plans = self.plans_dir(config)
        try:
            record, self.findings = self.records.pop(student, None) or load_student(plans, student)
        except StudentNotFound as error:
            raise PluginError(f"plp: {error}") from None
        if self.config.public:  # the pages see only what may become public
            try:
                record = public_record(record)
            except PublishRefused as error:
                raise PluginError(f"plp: {error}") from None
        elif self.config.history:
            try:
                store = self._run_store(plans)
                for bad in store.skipped:  # once per process, not once per student
                    if bad.sha not in _REPORTED_COMMITS:
                        _REPORTED_COMMITS.add(bad.sha)
                        log.info("plp: %s", bad.message())
                if self.config.live:
                    store.forget_working_tree()
                attach_history(record, store)
            except HistoryError as error:
                raise PluginError(f"plp: {error}") from None
        for finding in self.findings:
            log.warning(
                "%s/%s:%s:%s: %s (left out of the site; run plp validate)",
                plans.name, printable(finding.path), finding.line, finding.column,
                printable(finding.message),
            )  # fmt: skip
        try:
            day = build_day(self.config.today)
        except ValueError as error:
            raise PluginError(f"plp: {error}") from None
        if self.config.public:
            self.portfolio = build_public_portfolio(record, day)
        else:
            self.portfolio = build_portfolio(record, day, editor_url=self.config.editor_url)
        config.site_name = theme_text(self.portfolio.site_name)
        config.copyright = theme_text(
            f"{self.portfolio.owner_line}, last updated {self.portfolio.updated}"
        )
        config.nav = nav_config(self.portfolio)
        for page in self.portfolio.pages:
            files.append(File.generated(config, page.path, content=page_stub(page)))
        for attachment in self.portfolio.attachments:
            files.append(
                File.generated(config, attachment.path, abs_src_path=str(attachment.source))
            )
        files.append(File.generated(config, STYLESHEET, abs_src_path=str(_STYLESHEET_SOURCE)))
        files.append(
            File.generated(config, OFFLINE_SCRIPT, abs_src_path=str(_OFFLINE_SCRIPT_SOURCE))
        )
        files.append(File.generated(config, PRINT_STYLESHEET, content=print_css(self.portfolio)))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        # A portfolio page's Markdown is its metadata alone (page_stub), and its HTML comes
        # in on_page_content: in plp's builder, no Markdown is converted only to be
        # replaced. The page is left as converting nothing leaves it.
        if (
            self.shared_rendering
            and self.portfolio is not None
            and not markdown
            and self.portfolio.page(page.file.src_uri) is not None
        ):
            page.render = MethodType(_render_nothing, page)  # type: ignore[method-assign]
        return markdown

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.student or self.portfolio is None:
            return html
        ours = self.portfolio.page(page.file.src_uri)
        if ours is None:
            return html
        page.toc = get_toc(page_toc(ours))
        notice = left_out_notice(self.findings) if self.config.live and self.findings else ""
        return title_heading(ours) + notice + str(ours.html)

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        return name_search_dialog(output)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        # Jinja compiles the theme's templates once per environment: keep the first one,
        # so that building many students' sites compiles them once.
        if self.config.student:
            # MkDocs keeps this plugin across configurations loaded in one process (it
            # has on_startup): a build with another theme (another SiteBuilder) needs
            # that theme's environment, not the one kept for the last.
            if self._env is None or self._env_theme is not config.theme:
                self._env, self._env_theme = env, config.theme
                if self.shared_rendering:
                    install_furniture(env, self.furniture, config.theme.get("features") or [])
            return self._env
        return env

    # --- a project's site -------------------------------------------------------------

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.student:
            # A private site is not for search engines (sitemap), and the theme's 404 page
            # needs a known address: neither belongs in a site that must stand alone.
            for name in SERVER_ONLY_FILES:
                (Path(config.site_dir) / name).unlink(missing_ok=True)
            write_offline_search_index(Path(config.site_dir))
            return
        if not self.config.build_students:
            return
        if self._command == "serve":  # a preview of the docs; plp serve previews a site
            log.info("students' sites are not built by mkdocs serve: use plp serve --student ID")
            return
        from plp.site_mkdocs.builder import build_sites, project_theme
        from plp.sites import SiteOptions

        try:
            passphrases = self._passphrases(config)
        except UsageError as error:
            raise PluginError(f"plp: {error}") from None
        options = SiteOptions(
            passphrases=passphrases,
            plans=self.plans_dir(config),
            history=self.config.history,
            allow_shallow=self.config.allow_shallow,
            out=self.sites_dir(config),
            theme=project_theme(Path(config.config_file_path)) if config.config_file_path else {},
            today=self.config.today,
            strict=bool(config.strict),
            editor_url=self.config.editor_url,
            published=self._published(config),
        )
        try:
            report = build_sites(options)
        except UsageError as error:
            raise PluginError(f"plp: {error}") from None
        log.info("Built %d students' sites in %s", len(report.built), options.out)
        if report.failed:
            raise PluginError(
                "plp: some students' sites could not be built:\n"
                + "\n".join(f"  {student}: {why}" for student, why in report.failed.items())
            )

    def _passphrases(self, config: MkDocsConfig) -> dict[str, str] | None:
        """Every student's passphrase when the sites are encrypted (None when not)."""
        file = self.config.passphrases
        if not self.config.encrypt:
            if file is not None:
                raise UsageError(
                    "the option 'passphrases' is for encrypted sites: set encrypt: true"
                )
            return None
        from plp.format.selection import select_students
        from plp.publish.passphrases import passphrases_for

        plans = self.plans_dir(config)
        path = None
        if file is not None:
            path = Path(file).expanduser()
            if not path.is_absolute() and config.config_file_path:
                path = Path(config.config_file_path).parent / path
        return passphrases_for(select_students(plans), os.environ, path, plans)


def _render_nothing(page: MkDocsPage, config: MkDocsConfig, files: Files) -> None:
    """What ``Page.render`` leaves on a page of no Markdown: no content, no headings, no
    title from the content, no anchors."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()


_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(page_html: str) -> str:
    """The theme's search dialog with a name, as every dialog needs one (axe's
    aria-dialog-name): screen readers then announce "Search, dialog"."""
    return page_html.replace(
        _SEARCH_DIALOG,
        _SEARCH_DIALOG.replace('role="dialog"', 'role="dialog" aria-label="Search"'),
        1,
    )


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: quotes, backslashes and line breaks escaped."""
    escaped = "".join(
        ch if ch.isprintable() and ch not in '"\\' else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def print_css(portfolio: Portfolio) -> str:
    """Page margins that carry whose plan it is and its date on every printed page."""
    return (
        "@media print {\n  @page {\n"
        f"    @top-left {{ content: {css_string(portfolio.owner_line)}; font-size: 9pt; }}\n"
        f"    @top-right {{ content: {css_string('Updated ' + portfolio.updated)}; "
        "font-size: 9pt; }\n"
        '    @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; }\n'
        "  }\n}\n"
    )


def write_offline_search_index(site_dir: Path) -> None:
    """The search index as a script, which the theme loads on a page opened from disk
    (where it may not fetch the JSON file): what Material's ``offline`` plugin writes, without
    that plugin's script from a third-party server."""
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        data = index.read_text(encoding="utf-8")
        (index.parent / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


def left_out_notice(findings: list[Any]) -> str:
    """A note at the top of a preview's pages naming the files left out for their errors
    (the student's own files only) and how to see why."""
    from html import escape

    first: dict[str, Any] = {}
    for finding in findings:
        first.setdefault(finding.path, finding)
    items = "".join(
        f"<li><code>{escape(path)}</code>, line {finding.line}: {escape(finding.message)}</li>"
        for path, finding in sorted(first.items())
    )
    count = len(first)
    files = "1 file was" if count == 1 else f"{count} files were"
    return (
        '<div class="admonition warning plp-left-out" role="status">'
        f'<p class="admonition-title">{files} left out of this preview</p>'
        "<p>They have errors, so their content is not shown. Run <code>plp validate</code> "
        "to see every error and how to fix it.</p>"
        f"<ul>{items}</ul></div>\n"
    )


def page_stub(page: Page) -> str:
    """The Markdown MkDocs reads for a page: only its metadata (the HTML comes later)."""
    meta = {"title": theme_text(page.title)}
    if not page.searchable:
        meta["search"] = {"exclude": True}  # type: ignore[assignment]
    return f"---\n{json.dumps(meta)}\n---\n"  # JSON is YAML

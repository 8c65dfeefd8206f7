"""The shape of a portfolio: pages, navigation, files. No site generator is named here."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup


@dataclass(frozen=True, slots=True)
class TocEntry:
    """A section of a page, for its table of contents."""

    id: str
    title: str
    level: int = 2


@dataclass(slots=True)
class Page:
    """One page: where it lives (``goals/math-ch10.md``), its title and its HTML."""

    path: str
    title: str
    html: Markup
    toc: list[TocEntry] = field(default_factory=list)
    #: Whether the site's search should index it (pages that only restate others do not).
    searchable: bool = True

    @property
    def url(self) -> str:
        """The page's file in the built site, relative to the site's root."""
        return url_of(self.path)


@dataclass(frozen=True, slots=True)
class NavSection:
    """A titled group of pages in the navigation."""

    title: str
    paths: list[str]


NavItem = str | NavSection


@dataclass(frozen=True, slots=True)
class Attachment:
    """A student's file copied into the site (an evidence image, a PDF, a data file)."""

    source: Path
    path: str  # where it goes in the site, relative to its root


@dataclass(slots=True)
class Portfolio:
    """Everything one student's site holds."""

    student: str
    site_name: str
    pages: list[Page]
    nav: list[NavItem]
    attachments: list[Attachment] = field(default_factory=list)
    #: Whose plan it is and when it last changed, said in every page's footer and on
    #: every printed page ("Ava Martinez's private learning plan", "25 November 2026").
    owner_line: str = ""
    updated: str = ""

    def page(self, path: str) -> Page | None:
        return next((page for page in self.pages if page.path == path), None)


def url_of(path: str) -> str:
    """``goals/x.md`` → ``goals/x.html``: sites are plain files that work from a zip."""
    return path.removesuffix(".md") + ".html" if path.endswith(".md") else path


def href(from_path: str, to_path: str, anchor: str = "") -> str:
    """A relative link from the page at ``from_path`` to ``to_path`` (a page or a file)."""
    link = _relative(url_of(to_path), posixpath.dirname(url_of(from_path)) or ".")
    return f"{link}#{anchor}" if anchor else link


@lru_cache(maxsize=8192)
def _relative(target: str, start: str) -> str:
    """``posixpath.relpath``, kept: a site's pages link to the same few pages, and every
    site has the same folders (it asks the working folder every time)."""
    return posixpath.relpath(target, start)

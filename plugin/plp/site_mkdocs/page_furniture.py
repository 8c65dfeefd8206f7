"""The theme's page furniture rendered once per site, not once per page.

Material renders the whole navigation and the header into every page. The navigation
differs from page to page only in the section that holds the page being shown (its item
is marked active and holds the page's table of contents) and in the links, which are
relative to the page's folder; the header differs only in the page's title and the links.
So each item of the navigation that holds no active page is rendered once per site and
folder, and kept; the header is rendered once per site and folder with a mark where the
title goes, and each page gets it with its own title set in. The HTML is the same as the
theme's own (a test compares whole sites byte for byte).

Installed by :func:`install` on the Jinja environment that a student's builds share, as a
few calls in the theme's templates routed through :class:`SiteFurniture`; a call that is
not found as expected (another theme or version) is left as it is, and that part of the
page is rendered for every page as before.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection
from typing import Any

import jinja2

#: Where the page's title goes in a header rendered for many pages.
TITLE_MARK = "\x00plp-page-title\x00"

_HEADER_TITLE = (
    "{% if page.meta and page.meta.title %}\n"
    "              {{ page.meta.title }}\n"
    "            {% else %}\n"
    "              {{ page.title }}\n"
    "            {% endif %}"
)
_MARKED_TITLE = _HEADER_TITLE.replace("{{ page.meta.title }}", "{{ plp_title_mark }}").replace(
    "{{ page.title }}", "{{ plp_title_mark }}"
)
_HEADER_INCLUDE = '{% include "partials/header.html" %}'

#: By template: the theme's text, and what renders it through the site's furniture.
_PATCHES: dict[str, list[tuple[str, str]]] = {
    "partials/nav.html": [  # a top-level item of the navigation
        (
            "{{ item.render(nav_item, path, 1) }}",
            "{{ plp_furniture.nav_item(item.render, page, nav_item, path, 1) }}",
        )
    ],
    "partials/nav-item.html": [  # an item inside a section
        (
            '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
            '{{ plp_furniture.nav_item(render, page, item, path ~ "_" ~ loop.index, '
            "level + 1, nav_item) }}",
        )
    ],
    "partials/header.html": [  # the title in the header: a mark, set in per page
        (_HEADER_TITLE, _MARKED_TITLE)
    ],
    "base.html": [  # the header: rendered once per folder
        (
            _HEADER_INCLUDE,
            "{% set plp_header = plp_furniture.header(page) %}"
            "{% if plp_header is none %}{% set plp_header %}" + _HEADER_INCLUDE + "{% endset %}"
            "{% endif %}{{ plp_furniture.header_for(page, plp_header) }}",
        )
    ],
}
#: Patches that only work together: the header is kept only with its title marked.
_TOGETHER = {"base.html": "partials/header.html", "partials/header.html": "base.html"}


class SiteFurniture:
    """The rendered parts of one site's pages that many pages share: navigation items
    that hold no active page, by item, position, whether their section is active, and
    the folder of the page they are rendered for (links are relative to it); and the
    header with its title marked, by folder."""

    def __init__(self) -> None:
        self._items: dict[tuple[int, str, int, bool, str], Any] = {}
        self._kept: list[object] = []  # the items keyed by id(): alive while they are keys
        self._headers: dict[str, str] = {}

    def clear(self) -> None:
        """Forget what was rendered: a new site (with its own navigation) begins."""
        self._items.clear()
        self._kept.clear()
        self._headers.clear()

    def nav_item(
        self, render: Callable[..., Any], page: Any, nav_item: Any, path: str, *level: Any
    ) -> Any:
        """``render(nav_item, path, *level)`` (the theme's macro), kept for later pages
        unless the item is or holds the page being rendered."""
        if nav_item.active or page is None or getattr(nav_item, "pages", None):
            return render(nav_item, path, *level)
        parent = level[1] if len(level) > 1 else None
        key = (
            id(nav_item),
            path,
            level[0],
            bool(parent and parent.active),
            posixpath.dirname(page.url),
        )
        found = self._items.get(key)
        if found is None:
            found = self._items[key] = render(nav_item, path, *level)
            self._kept.append(nav_item)
        return found

    def header(self, page: Any) -> str | None:
        """The header rendered for an earlier page in ``page``'s folder, title marked."""
        return None if page is None else self._headers.get(posixpath.dirname(page.url))

    def header_for(self, page: Any, header: Any) -> str:
        """``header`` (rendered with the title marked) with ``page``'s title, as the
        theme writes it; kept for the folder's later pages."""
        text = str(header)
        if page is None:  # a page of its own (404.html): the theme writes no title
            return text.replace(TITLE_MARK, "")
        self._headers.setdefault(posixpath.dirname(page.url), text)
        meta = page.meta
        title = meta.get("title") if meta else None
        return text.replace(TITLE_MARK, str(title if title else page.title))


class _PatchingLoader(jinja2.BaseLoader):
    """The theme's loader, with the templates in ``patches`` changed as they say."""

    def __init__(self, loader: jinja2.BaseLoader, patches: dict[str, list[tuple[str, str]]]):
        self.loader = loader
        self.patches = patches

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        for theirs, ours in self.patches.get(template, []):
            source = source.replace(theirs, ours)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


#: The lines of the theme's nav-item.html that read the page being rendered: each is
#: about an item that is or holds that page (which is never kept), or a list of pages (a
#: blog's archive, never kept either). Another line reading the page (a custom_dir's
#: template) and the items are rendered for every page as before.
_NAV_ITEM_PAGE_LINES = frozenset(
    {
        "{% if page in nav_item.pages %}",
        "{% set nav_item = page %}",
        '{% set class = "md-nav__link--active" if index == page %}',
        "{% elif nav_item == page %}",
        "{% set toc = page.toc %}",
    }
)


def _reads_page_as_known(template: str, source: str) -> bool:
    if template == "partials/nav-item.html":
        lines = {line.strip() for line in source.splitlines() if _PAGE.search(line)}
        return lines <= _NAV_ITEM_PAGE_LINES
    if template == "partials/nav.html":
        return _PAGE.search(source) is None
    return True


_INCLUDE = re.compile(r"""\{%-?\s*include\s+"([^"]+)"\s*-?%\}""")
_PAGE = re.compile(r"\bpage\b")


def _header_is_shared(env: jinja2.Environment, features: Collection[str]) -> bool:
    """Whether the header, its title aside, is the same for every page of a folder: no
    template it includes reads the page (a theme's custom_dir may replace any of them),
    and no tabs of the navigation sit in it (they mark the page's section)."""
    assert env.loader is not None
    if "navigation.tabs.sticky" in features:
        return False
    seen: set[str] = set()
    waiting = ["partials/header.html"]
    while waiting:
        name = waiting.pop()
        if name in seen or name == "partials/tabs.html":  # tabs: only when sticky, above
            continue
        seen.add(name)
        try:
            source, _, _ = env.loader.get_source(env, name)
        except jinja2.TemplateNotFound:
            return False
        if _PAGE.search(source.replace(_HEADER_TITLE, "")):
            return False
        waiting += _INCLUDE.findall(source)
    return True


def install(
    env: jinja2.Environment, furniture: SiteFurniture, features: Collection[str] = ()
) -> list[str]:
    """Render ``env``'s page furniture through ``furniture``; the templates changed (none
    when the theme's templates are not the ones this was made for). ``features`` are the
    theme's features the site turns on."""
    if env.loader is None:
        return []
    found: dict[str, list[tuple[str, str]]] = {}
    for template, patches in _PATCHES.items():
        try:
            source, _, _ = env.loader.get_source(env, template)
        except jinja2.TemplateNotFound:
            continue
        if all(source.count(theirs) == 1 for theirs, _ in patches) and _reads_page_as_known(
            template, source
        ):
            found[template] = patches
    if not _header_is_shared(env, features):
        found.pop("partials/header.html", None)
    for template, partner in _TOGETHER.items():
        if partner not in found:
            found.pop(template, None)
    if not found:
        return []
    env.loader = _PatchingLoader(env.loader, found)
    env.globals["plp_furniture"] = furniture
    env.globals["plp_title_mark"] = TITLE_MARK
    if env.cache is not None:
        env.cache.clear()  # templates compiled before now would bypass the furniture
    return sorted(found)

"""The theme's page furniture rendered once per site or folder, not once per page.

Material renders the whole navigation, the header, the footer and more into every page.
Most of it is the same on every page of a folder (links are relative to the folder):

* the navigation differs only in the section that holds the page being shown (its item
  is marked active and holds the page's table of contents): each item that holds no
  active page is rendered once per folder, and a page that is not in the navigation at
  all (a week's page) gets the whole navigation rendered for its folder;
* the header differs only in the page's title: it is rendered once per folder with a
  mark where the title goes, and each page gets it with its own title set in;
* the blocks of ``base.html`` that read nothing of the page (styles, scripts, the JSON
  config, the footer unless it shows the previous and next pages...) and the button
  back to the top are rendered once per folder; the theme's translations (language.html
  and its macro ``t``) once per site;
* the table of contents is rendered once per page (it is shown twice), and its items
  are calls of a macro rather than includes (each include copies the page's context).

Whether a part reads the page is told by Jinja's analysis of the templates, following
what they include (see :mod:`template_reads`), so that a theme's ``custom_dir`` that
reads the page in one of those parts gets it rendered for every page. The HTML is the
same as the theme's own (a test compares whole sites byte for byte).

Installed by :func:`install` on the Jinja environment that a student's builds share, as a
few calls in the theme's templates routed through :class:`SiteFurniture`; a call that is
not found as expected (another theme or version) is left as it is, and that part of the
page is rendered for every page as before.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

import jinja2
import jinja2.runtime

from plp.site_mkdocs.template_reads import TemplateReads

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

_NAV_INCLUDE = '{% include "partials/nav.html" %}'
_TOC_INCLUDE = '{% include "partials/toc.html" %}'
#: Templates that base.html includes for every page, each kept by folder if it reads
#: nothing of the page: the button back to the top, and scripts.
_SHARED_INCLUDES = (
    "partials/top.html",
    "partials/javascripts/base.html",
    "partials/javascripts/content.html",
)
_LANGUAGE_IMPORT = '{% import "partials/language.html" as lang with context %}'


def _kept(part: str, include: str, by: str = "page") -> str:
    """``include``, rendered only when the site's furniture holds no ``part`` for the page
    (``part(by)`` is None), and given to ``part_for(by, text)`` to keep and return."""
    return (
        f"{{% set plp_{part} = plp_furniture.{part}({by}) %}}"
        f"{{% if plp_{part} is none %}}{{% set plp_{part} %}}{include}{{% endset %}}"
        f"{{% endif %}}{{{{ plp_furniture.{part}_for({by}, plp_{part}) }}}}"
    )


@dataclass(frozen=True, slots=True)
class _Part:
    """A part of the page rendered through the site's furniture: the changes it makes to
    the theme's templates (their text, and ours), made only if each is found once and
    ``fits`` says the templates read nothing of the page but what the part is kept by."""

    name: str
    patches: tuple[tuple[str, str, str], ...]  # template, theirs, ours
    fits: Callable[[TemplateReads, Collection[str]], bool]


class SiteFurniture:
    """The rendered parts of one site's pages that many pages share: navigation items
    that hold no active page, by item, position, whether their section is active, and
    the folder of the page they are rendered for (links are relative to it); the whole
    navigation of pages that are not in it, by folder; the header with its title marked,
    by folder; each page's table of contents (shown twice); included templates and blocks
    of ``base.html`` that read nothing of the page, by template or block and folder; and
    the theme's translations."""

    def __init__(self) -> None:
        self._items: dict[tuple[int, str, int, bool, str], Any] = {}
        self._kept: list[object] = []  # what is keyed by id(): alive while it is a key
        self._headers: dict[str, str] = {}
        self._navs: dict[str, str] = {}
        self._tocs: dict[tuple[str, int], str] = {}  # by folder and id() of the contents
        self._included: dict[tuple[str, str], str] = {}  # by template and folder
        self._language: _Translations | None = None
        self._blocks: dict[tuple[str, str], str] = {}

    def clear(self) -> None:
        """Forget what was rendered: a new site (with its own navigation) begins."""
        self._items.clear()
        self._kept.clear()
        self._headers.clear()
        self._navs.clear()
        self._tocs.clear()
        self._included.clear()
        self._language = None
        self._blocks.clear()

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

    def nav(self, page: Any, nav: Any) -> str | None:
        """The navigation ``nav`` rendered for an earlier page of ``page``'s folder, if
        neither page is in it."""
        folder = _folder_off_nav(page, nav)
        return None if folder is None else self._navs.get(folder)

    def nav_for(self, page: Any, nav: Any, rendered: Any) -> str:
        """``rendered`` (the navigation ``nav`` rendered for ``page``), kept for the
        folder's later pages if ``page`` is not in it."""
        text = str(rendered)
        folder = _folder_off_nav(page, nav)
        if folder is not None:
            self._navs.setdefault(folder, text)
        return text

    def toc(self, page: Any) -> str | None:
        """The table of contents rendered earlier for ``page`` (beside the navigation,
        and under the page's item in it)."""
        return None if page is None else self._tocs.get(_toc_key(page))

    def toc_for(self, page: Any, toc: Any) -> str:
        """``toc`` (rendered for ``page``), kept for the page's other table of contents."""
        text = str(toc)
        if page is not None and _toc_key(page) not in self._tocs:
            self._tocs[_toc_key(page)] = text
            self._kept.append(page.toc)
        return text

    def included(self, page: Any, template: str) -> str | None:
        """``template`` (one that reads nothing of the page) as rendered for an earlier
        page of ``page``'s folder."""
        if page is None:
            return None
        return self._included.get((template, posixpath.dirname(str(page.url))))

    def included_for(self, page: Any, template: str, rendered: Any) -> str:
        """``rendered`` (``template`` rendered for ``page``), kept for the folder's later
        pages."""
        text = str(rendered)
        if page is not None:
            self._included.setdefault((template, posixpath.dirname(str(page.url))), text)
        return text

    def language(self) -> _Translations | None:
        """The theme's translations (``lang``), as an earlier page of the site had them."""
        return self._language

    def language_for(self, module: Any) -> _Translations:
        """``module`` (the theme's language.html, imported for a page), kept for the
        site's later pages, each translation rendered once."""
        if self._language is None:
            self._language = _Translations(module)
        return self._language

    def header(self, page: Any) -> str | None:
        """The header rendered for an earlier page in ``page``'s folder, title marked."""
        return None if page is None else self._headers.get(posixpath.dirname(str(page.url)))

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

    def shared_block(self, name: str, render: _BlockRender) -> _BlockRender:
        """``render`` (a block of the theme that reads nothing of the page), rendered
        once for each folder of the site."""
        blocks = self._blocks

        def block(context: jinja2.runtime.Context) -> Iterator[str]:
            page = context.get("page")
            if page is None:  # a page of its own (404.html)
                yield from render(context)
                return
            key = (name, posixpath.dirname(page.url))
            text = blocks.get(key)
            if text is None:
                text = blocks[key] = "".join(render(context))
            yield text

        return block


_BlockRender = Callable[[jinja2.runtime.Context], Iterator[str]]


def _folder_off_nav(page: Any, nav: Any) -> str | None:
    """``page``'s folder, if no item of the navigation ``nav`` is active (the page is not
    in it) and none lists pages (a blog's archive); None otherwise."""
    if page is None:
        return None
    waiting = list(nav.items)
    while waiting:
        item = waiting.pop()
        if getattr(item, "active", False) or getattr(item, "pages", None):
            return None
        waiting += item.children or []
    return posixpath.dirname(str(page.url))


def _toc_key(page: Any) -> tuple[str, int]:
    """The page's folder (links are relative to it) and its table of contents."""
    return posixpath.dirname(str(page.url)), id(page.toc)


class _Translations:
    """The theme's language.html as imported for a page (its macro ``t(key)`` reads only
    the key and the theme's language), each key's text rendered once."""

    def __init__(self, module: Any) -> None:
        self._module = module
        self._texts: dict[Any, Any] = {}

    def t(self, key: Any) -> Any:
        try:
            return self._texts[key]
        except KeyError:
            text = self._texts[key] = self._module.t(key)
            return text
        except TypeError:  # a key that cannot be kept
            return self._module.t(key)

    def __getattr__(self, name: str) -> Any:  # the module's other names
        return getattr(self._module, name)


class _PatchingLoader(jinja2.BaseLoader):
    """The theme's loader, with the templates in ``patches`` changed as they say, and
    templates of plp's own (``made``: each made from a template of the theme)."""

    def __init__(
        self,
        loader: jinja2.BaseLoader,
        patches: dict[str, list[tuple[str, str]]],
        made: dict[str, tuple[str, Callable[[str], str]]],
    ):
        self.loader = loader
        self.patches = patches
        self.made = made

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        if template in self.made:
            theirs, make = self.made[template]
            source, _, uptodate = self.loader.get_source(environment, theirs)
            return make(source), None, uptodate
        source, filename, uptodate = self.loader.get_source(environment, template)
        for theirs, ours in self.patches.get(template, []):
            source = source.replace(theirs, ours)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


#: The theme's toc-item.html as a macro ``item(toc_item)`` (a template of plp's own).
_TOC_ITEM_MACRO = "plp:toc-item-macro.html"
_TOC_ITEM = "partials/toc-item.html"
_TOC_ITEM_INCLUDE = '{% include "partials/toc-item.html" %}'
_TOC_LOOP = "{% for toc_item in toc %}"


def _toc_item_macro(source: str) -> str:
    """toc-item.html (``source``) as a macro of the item, which calls itself for the
    item's children where the template includes itself: the same text, without the new
    context Jinja makes for every include. Jinja drops a template's last line break, so
    the macro leaves it out."""
    for ending in ("\r\n", "\n", "\r"):
        if source.endswith(ending):
            source = source[: -len(ending)]
            break
    body = source.replace(_TOC_ITEM_INCLUDE, "{{ item(toc_item) }}")
    return "{% macro item(toc_item) %}" + body + "{% endmacro %}"


#: What each part of the page kept adds to the theme's templates: templates of its own.
_MADE: dict[str, tuple[str, Callable[[str], str]]] = {_TOC_ITEM_MACRO: (_TOC_ITEM, _toc_item_macro)}


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
#: The line of the theme's toc.html that reads the page: its table of contents.
_TOC_PAGE_LINES = frozenset({"{% set toc = page.toc %}"})

_INCLUDE = re.compile(r"""\{%-?\s*include\s+"([^"]+)"\s*-?%\}""")
_PAGE = re.compile(r"\bpage\b")


def _reads_page_in(reads: TemplateReads, template: str, lines: Collection[str]) -> bool:
    """Whether the lines of ``template`` that name the page are all among ``lines``."""
    source = reads.source(template)
    if source is None:
        return False
    return {line.strip() for line in source.splitlines() if _PAGE.search(line)} <= set(lines)


def _nav_items_fit(reads: TemplateReads, features: Collection[str]) -> bool:
    """Each item of the navigation reads the page only about an item that holds it."""
    nav = reads.source("partials/nav.html")
    return (
        nav is not None
        and _PAGE.search(nav) is None
        and _reads_page_in(reads, "partials/nav-item.html", _NAV_ITEM_PAGE_LINES)
    )


def _nav_fits(reads: TemplateReads, features: Collection[str]) -> bool:
    """The navigation reads nothing of a page that is not in it but its folder."""
    return (
        _nav_items_fit(reads, features)
        and reads.template_reads_only("partials/nav.html", {"nav"}, skip={"partials/nav-item.html"})
        and reads.template_reads_only(
            "partials/nav-item.html", {"page", "toc"}, skip={"partials/toc.html"}
        )
    )


def _header_fits(reads: TemplateReads, features: Collection[str]) -> bool:
    """Whether the header, its title aside, is the same for every page of a folder: no
    template it includes reads the page (a theme's custom_dir may replace any of them),
    and no tabs of the navigation sit in it (they mark the page's section)."""
    if "navigation.tabs.sticky" in features:
        return False
    seen: set[str] = set()
    waiting = ["partials/header.html"]
    while waiting:
        name = waiting.pop()
        if name in seen or name == "partials/tabs.html":  # tabs: only when sticky, above
            continue
        seen.add(name)
        source = reads.source(name)
        if source is None or _PAGE.search(source.replace(_HEADER_TITLE, "")):
            return False
        waiting += _INCLUDE.findall(source)
    return True


def _shared_include(template: str) -> _Part:
    """A template included by base.html, kept by folder if it reads nothing of the page."""
    include = f'{{% include "{template}" %}}'

    def fits(reads: TemplateReads, features: Collection[str]) -> bool:
        return reads.template_reads_only(template)

    return _Part(
        f"included {template}",
        (("base.html", include, _kept("included", include, f'page, "{template}"')),),
        fits,
    )


def _language_fits(reads: TemplateReads, features: Collection[str]) -> bool:
    return reads.template_reads_only("partials/language.html")


def _toc_items_fit(reads: TemplateReads, features: Collection[str]) -> bool:
    """An item of the table of contents reads nothing but the item (and Jinja's
    globals), and includes nothing but itself (for its children)."""
    source = reads.source(_TOC_ITEM)
    item = reads.reads_of(_TOC_ITEM)
    return (
        source is not None
        and source.count(_TOC_ITEM_INCLUDE) == 1
        and item is not None
        and item.includes == (_TOC_ITEM,)
        and item.reads <= {"toc_item"} | reads.env.globals.keys()
    )


def _toc_fits(reads: TemplateReads, features: Collection[str]) -> bool:
    """The table of contents reads nothing of the page but its contents (and folder)."""
    return (
        _reads_page_in(reads, "partials/toc.html", _TOC_PAGE_LINES)
        and reads.template_reads_only(
            "partials/toc.html", {"page"}, skip={"partials/toc-item.html"}
        )
        and reads.template_reads_only("partials/toc-item.html", {"toc_item"})
    )


#: The parts of a page that the furniture keeps, each with the checks that its templates
#: read nothing of the page but what it is kept by (see _fits).
_PARTS = (
    _Part(
        "navigation items",  # each item that holds no active page, kept by folder
        (
            (
                "partials/nav.html",  # a top-level item
                "{{ item.render(nav_item, path, 1) }}",
                "{{ plp_furniture.nav_item(item.render, page, nav_item, path, 1) }}",
            ),
            (
                "partials/nav-item.html",  # an item inside a section
                '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
                '{{ plp_furniture.nav_item(render, page, item, path ~ "_" ~ loop.index, '
                "level + 1, nav_item) }}",
            ),
        ),
        _nav_items_fit,
    ),
    _Part(
        "navigation",  # the whole navigation of a page that is not in it, kept by folder
        (("base.html", _NAV_INCLUDE, _kept("nav", _NAV_INCLUDE, "page, nav")),),
        _nav_fits,
    ),
    _Part(
        "header",  # the header, kept by folder with a mark where the page's title goes
        (
            ("partials/header.html", _HEADER_TITLE, _MARKED_TITLE),
            ("base.html", _HEADER_INCLUDE, _kept("header", _HEADER_INCLUDE)),
        ),
        _header_fits,
    ),
    _Part(
        "table of contents",  # beside the navigation: kept for the page's item in it
        (("base.html", _TOC_INCLUDE, _kept("toc", _TOC_INCLUDE)),),
        _toc_fits,
    ),
    _Part(
        "table of contents in the navigation",  # under the page's item
        (("partials/nav-item.html", _TOC_INCLUDE, _kept("toc", _TOC_INCLUDE)),),
        _toc_fits,
    ),
    _Part(
        "table of contents items",  # each a call of a macro, not an include
        (
            (
                "partials/toc.html",
                _TOC_LOOP,
                f'{{% import "{_TOC_ITEM_MACRO}" as plp_toc_item %}}' + _TOC_LOOP,
            ),
            ("partials/toc.html", _TOC_ITEM_INCLUDE, "{{ plp_toc_item.item(toc_item) }}"),
        ),
        _toc_items_fit,
    ),
    *(_shared_include(template) for template in _SHARED_INCLUDES),
    _Part(
        "translations",  # the theme's language.html: imported once per site
        (
            (
                "base.html",
                _LANGUAGE_IMPORT,
                "{% set lang = plp_furniture.language() %}{% if lang is none %}"
                + _LANGUAGE_IMPORT
                + "{% set lang = plp_furniture.language_for(lang) %}{% endif %}",
            ),
        ),
        _language_fits,
    ),
)


def _fits(reads: TemplateReads, part: _Part, features: Collection[str]) -> bool:
    for template, theirs, _ in part.patches:
        source = reads.source(template)
        if source is None or source.count(theirs) != 1:
            return False
    return part.fits(reads, features)


def _shared_blocks(reads: TemplateReads) -> list[str]:
    """The blocks of ``base.html`` that read nothing of the page, nor does any template
    they include."""
    if not reads.template_reads_only("partials/language.html"):
        return []  # the theme's translations (lang), which blocks read, read the page
    bodies = reads.block_bodies("base.html")
    return [name for name, body in bodies.items() if reads.reads_only(body)]


def _share_blocks(env: jinja2.Environment, furniture: SiteFurniture, names: list[str]) -> None:
    """Render the blocks ``names`` of ``base.html`` once per folder. Only the theme's own
    blocks are kept: a block that a child template replaces is rendered as it says, and
    a ``super()`` in it gets the kept one. (If Jinja drops the compiled ``base.html`` from
    its cache, the blocks are rendered for every page again, as the theme does.)"""
    if not names:
        return
    try:
        base = env.get_template("base.html")
    except jinja2.TemplateError:
        return
    for name in names:
        base.blocks[name] = furniture.shared_block(name, base.blocks[name])


def install(
    env: jinja2.Environment, furniture: SiteFurniture, features: Collection[str] = ()
) -> list[str]:
    """Render ``env``'s page furniture through ``furniture``; the parts it keeps (none
    when the theme's templates are not the ones this was made for). ``features`` are
    the theme's features the site turns on."""
    if env.loader is None:
        return []
    reads = TemplateReads(env, features)
    parts = [part for part in _PARTS if _fits(reads, part, features)]
    blocks = _shared_blocks(reads)
    patches: dict[str, list[tuple[str, str]]] = {}
    for part in parts:
        for template, theirs, ours in part.patches:
            patches.setdefault(template, []).append((theirs, ours))
    env.loader = _PatchingLoader(env.loader, patches, _MADE)
    env.globals["plp_furniture"] = furniture
    env.globals["plp_title_mark"] = TITLE_MARK
    if env.cache is not None:
        env.cache.clear()  # templates compiled before now would bypass the furniture
    _share_blocks(env, furniture, blocks)
    return [part.name for part in parts] + [f"block {name}" for name in blocks]

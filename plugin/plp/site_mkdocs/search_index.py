"""The theme's search index, the same JSON, read from each page's HTML without the cost of
Python's general HTML parser.

Material's search plugin divides every page into sections at its headings with an
``html.parser.HTMLParser``, which spends most of its time finding out what kind of
markup comes next. The HTML of a portfolio page is plp's own, well-formed and sanitized,
so it is read three ways, the first that can: :func:`~plp.site_mkdocs.search_sections.
quick_sections` makes the sections with a few regular expressions over the whole page
(most pages); else a few regular expressions split the page into the same start tags,
end tags and text (a style or script element's text raw, as the theme's parser skips
it), handed to a copy of the theme's section parser in the same order (tags with
unusual attributes, ``pre``...); anything else (a declaration, a processing instruction,
a ``<`` that starts no tag) is parsed by the theme's parser as before. The sections, and
the index, are the same each way.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from material.plugins.search.plugin import (
    Element,
    Parser,
    SearchIndex,
    SearchPlugin,
    Section,
)
from material.plugins.search.plugin import void as _VOID
from mkdocs.config.defaults import MkDocsConfig

from plp.site_mkdocs.search_sections import attributes_of, quick_sections

#: A tag, with attributes in quotes. Whitespace in it is a space, tab or line break: any
#: other (a no-break space) is part of the tag's name for ``HTMLParser``.
_SPACE = r"[ \t\n\r\f]"
_TAG = re.compile(
    rf"""<(/?)([a-zA-Z][-.a-zA-Z0-9:_]*)((?:{_SPACE}+[^\s"'>/=]+"""
    rf"""(?:{_SPACE}*={_SPACE}*(?:"[^"]*"|'[^']*'))?)*){_SPACE}*(/?)>"""
)
_COMMENT_END = "-->"
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
#: The tags the theme's parser keeps in the index's text, and those it always skips.
_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_ALWAYS_SKIPPED = frozenset({"script", "style", "object"})
#: Markup the general parser treats specially (declarations, processing instructions):
#: left to it.
_SPECIAL = re.compile(r"<(?:!(?!--)|\?)")
#: Elements whose content is raw text up to their end tag (the section parser skips it).
#: (``HTMLParser``'s own pattern for where it ends.)
_RAW_TEXT = {name: re.compile(rf"</\s*{name}\s*>", re.I) for name in ("script", "style")}


def sections_of(content: str) -> list[Section]:
    """The sections of ``content`` as the theme's section parser divides it."""
    quick = quick_sections(content)
    if quick is not None:
        return quick
    sections = SectionParser()
    if _SPECIAL.search(content) is None and _feed(sections, content):
        return sections.data
    parser = Parser()  # something the quick reading does not know: the theme's own way
    parser.feed(content)
    parser.close()
    return list(parser.data)


class SectionParser:
    """Material's search ``Parser`` (``material.plugins.search.plugin``), step for step,
    with its bookkeeping kept quicker: which tags are open is counted instead of searched
    for in a list of elements (the theme's elements compare by tag alone, so that is all
    its searches ask), and the skipped tags are a set of tags. Its quirks are kept: an
    element marked ``data-search-exclude`` skips every open element with its tag, and
    closing any element with that tag ends the skipping."""

    __slots__ = ("context", "data", "open", "section", "skip")

    def __init__(self) -> None:
        self.context: list[Element] = []
        self.open: dict[str, int] = {}  # how many elements of each tag are open
        self.skip = {"object", "script", "style"}
        self.section: Section | None = None
        self.data: list[Section] = []

    def _skipping(self) -> bool:
        return any(self.open.get(tag) for tag in self.skip)

    def _in_title(self, section: Section) -> bool:
        return bool(self.open.get(section.el.tag))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        element = Element(tag, attributes)
        if tag in _VOID:
            return
        self.context.append(element)
        self.open[tag] = self.open.get(tag, 0) + 1
        if tag in _HEADINGS:
            depth = len(self.context)
            if "id" in attributes:
                if tag != "h1" and not self.data:
                    self.section = Section(Element("hx"), depth)
                    self.data.append(self.section)
                self.section = Section(element, depth)
                if self.data:
                    self.section.id = attributes["id"]
                self.data.append(self.section)
        if self.section is None:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        for key, value in attributes.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                self.skip.add(tag)
                return
        if tag in _KEEP and not self._skipping():
            section = self.section
            (section.title if self._in_title(section) else section.text).append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        context = self.context
        if not context or context[-1].tag != tag:
            return
        section = self.section
        assert section is not None  # a start tag made one
        if section.depth > len(context):
            for earlier in reversed(self.data):
                if earlier.depth <= len(context):
                    section.depth = float("inf")
                    section = self.section = earlier
                    break
        element = context.pop()
        self.open[element.tag] -= 1
        if element.tag in self.skip:
            if element.tag not in _ALWAYS_SKIPPED:
                self.skip.discard(element.tag)
            return
        if tag in _KEEP and not self._skipping():
            data = section.title if self._in_title(section) else section.text
            index = data.index(f"<{tag}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._skipping():
            return
        in_pre = bool(self.open.get("pre"))
        if not in_pre:
            data = data.replace("\n", " ") if not data.isspace() else " "
        if self.section is None:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        section = self.section
        if self._in_title(section):
            permalink = any(
                el.tag == "a" and el.attrs.get("class") == "headerlink" for el in self.context
            )
            if not permalink:
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or in_pre:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))


def _feed(parser: SectionParser, content: str) -> bool:
    """Hand ``content``'s tags and text to ``parser`` as ``HTMLParser`` would; False when
    the content holds markup this reading does not know (``parser`` is then spoilt)."""
    position, end = 0, len(content)
    while position < end:
        bracket = content.find("<", position)
        if bracket < 0:
            bracket = end
        if bracket > position:
            parser.handle_data(unescape(content[position:bracket]))
        if bracket == end:
            break
        if content.startswith("<!--", bracket):
            close = content.find(_COMMENT_END, bracket + 4)
            if close < 0:
                return False
            position = close + len(_COMMENT_END)
            continue
        tag = _TAG.match(content, bracket)
        if tag is None:
            return False
        closing, name, attributes, self_closing = tag.groups()
        name = name.lower()
        if closing:
            if attributes or self_closing:
                return False
            parser.handle_endtag(name)
        else:
            parser.handle_starttag(name, attributes_of(attributes))
            if self_closing:
                parser.handle_endtag(name)
            elif name in _RAW_TEXT:
                raw_end = _RAW_TEXT[name].search(content, tag.end())
                if raw_end is None:
                    return False
                if raw_end.start() > tag.end():
                    parser.handle_data(content[tag.end() : raw_end.start()])
                parser.handle_endtag(name)
                position = raw_end.end()
                continue
        position = tag.end()
    return True


class QuickSearchIndex(SearchIndex):  # type: ignore[misc]
    """Material's search index, reading each page with :func:`sections_of`."""

    def add_entry_from_context(self, page: Any) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        for section in sections_of(page.content):
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)


def use_quick_search_index(config: MkDocsConfig) -> None:
    """Let the theme's search plugin of ``config`` (configured already: its ``on_config``
    runs first) read pages with :func:`sections_of`; nothing when there is none or it is
    another plugin."""
    search = config.plugins.get("search") or config.plugins.get("material/search")
    index: Any = getattr(search, "search_index", None)
    if isinstance(search, SearchPlugin) and type(index) is SearchIndex:
        search.search_index = QuickSearchIndex(**index.config)

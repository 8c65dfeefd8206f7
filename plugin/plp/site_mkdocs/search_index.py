"""The theme's search index, the same JSON, read from each page's HTML without the cost of
Python's general HTML parser.

Material's search plugin divides every page into sections at its headings with an
``html.parser.HTMLParser``, which spends most of its time finding out what kind of
markup comes next. The HTML of a portfolio page is plp's own, well-formed and sanitized:
tags, attributes in quotes, text and comments. Here a few regular expressions split it
into the same start tags, end tags and text (a style or script element's text raw, as
the theme's parser skips it), handed to the theme's own section parser in the same order,
so the sections (and the index) are the same. Anything else (a declaration, a processing
instruction, a ``<`` that starts no tag) is parsed by the theme's parser as before.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from material.plugins.search.plugin import Parser, SearchIndex, SearchPlugin
from mkdocs.config.defaults import MkDocsConfig

_TAG = re.compile(
    r"""<(/?)([a-zA-Z][-.a-zA-Z0-9:_]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(/?)>"""
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'))?""")
_COMMENT_END = "-->"
#: Markup the general parser treats specially (declarations, processing instructions):
#: left to it.
_SPECIAL = re.compile(r"<(?:!(?!--)|\?)")
#: Elements whose content is raw text up to their end tag (the section parser skips it).
_RAW_TEXT = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}


def sections_of(content: str) -> Parser:
    """The theme's section parser, fed ``content``."""
    parser = Parser()
    if _SPECIAL.search(content) is None and _feed(parser, content):
        return parser
    parser = Parser()  # something the quick reading does not know: the theme's own way
    parser.feed(content)
    parser.close()
    return parser


def _feed(parser: Parser, content: str) -> bool:
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
            parser.handle_starttag(name, _attributes(attributes))
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


def _attributes(text: str) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for name, value in _ATTRIBUTE.findall(text):
        found.append((name.lower(), unescape(value[1:-1]) if value else None))
    return found


class QuickSearchIndex(SearchIndex):  # type: ignore[misc]
    """Material's search index, reading each page with :func:`sections_of`."""

    def add_entry_from_context(self, page: Any) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        for section in sections_of(page.content).data:
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

"""A page's search sections, as the theme's search plugin divides it, read with a few
regular expressions over the whole page instead of one Python call per tag and text.

Material's section parser (``material.plugins.search.plugin.Parser``) walks a page's
HTML tag by tag and text by text. A portfolio page is plp's own, regular HTML, and for
such a page the parser's work splits in two:

* where each part of the page goes (which section, its title or its text) depends on
  the tags alone: headings with an ``id`` start sections, text goes to a section's title
  while an element with its heading's tag is open, and a section whose heading is nested
  in an element ends with that element. :class:`_Walk` follows the tags' names to find
  where the place changes, with one push or pop for most tags;
* what a part adds to its place is the same wherever it is, so it is done for the whole
  page at once: text between two tags that is only whitespace counts as one space (in a
  section's text, not when the text so far ends with such a space), other text has its
  line breaks made spaces and is HTML-escaped, the tags the theme keeps (``p``, ``code``,
  ``li``, ``ol``, ``ul``, ``sub``, ``sup``) are written bare and all others left out,
  and a kept element with only whitespace in it is dropped when it is the first with its
  tag in its title or text (see :func:`_without_dropped`).

That holds for HTML this reading understands; for anything else :func:`quick_sections`
answers None and the page is read the slower ways. It answers None for: markup other than
start and end tags (comments, declarations, a ``<`` or ``>`` that is no tag), attributes
not written ``name``, ``name="value"`` or ``name='value'`` (lower case name, no ``<`` or
``>`` in the value), upper case tag names, whitespace in a tag other than spaces, tabs and
line breaks, character references other than ``&amp;``, ``&lt;``, ``&gt;``, ``&quot;``,
``&#39;`` and ``&#x27;``, an end tag that does not close the innermost open element or
has anything but its name, a non-void element written ``<x/>``, what the theme treats
specially (``pre`` and ``object`` elements, a tag named ``hx``, the words
``data-search-exclude``, ``linenodiv`` and ``headerlink``), a script or style element
without its end tag, and a nested section after which the theme's parser goes back to
another section than the one the section's element began in (it may then write a kept
element's start in one section and its end in another, or fail).
"""

from __future__ import annotations

import functools
import re
from html import unescape

from material.plugins.search.plugin import Element, Section
from material.plugins.search.plugin import void as _VOID

#: The tags the theme keeps in the index (``pre`` too: a page with ``pre`` is not read here).
_KEPT = ("p", "code", "li", "ol", "ul", "sub", "sup")
_KEPT_NAMES = "|".join(_KEPT)
_KEPT_SET = frozenset(_KEPT)
_NAME = r"[a-z][-.a-z0-9:_]*"
#: Whitespace inside a tag (``HTMLParser`` reads any other as part of a tag's name).
_SPACE = r"[ \t\n\r\f]"
_ATTRIBUTES = rf"""(?:{_SPACE}+[a-z][-a-z0-9:_.]*+(?:="[^"<>]*+"|='[^'<>]*+')?)*+{_SPACE}*+"""
#: The name of a tag this reading understands (``/`` first for an end tag).
_TAG_NAME = re.compile(rf"<(/{_NAME}(?=>)|{_NAME}(?={_ATTRIBUTES}/?>))")
#: A script or style element: its text is no markup, and the theme does not index it. It
#: is read as an empty element of another name, one the theme does not treat specially.
_RAW_TEXT_ELEMENT = re.compile(
    rf"<(script|style)(?:{_SPACE}[^<>]*)?(?<!/)>.*?</\s*\1\s*>", re.DOTALL | re.IGNORECASE
)
_RAW_TEXT_STAND_IN = "<plp-raw-text></plp-raw-text>"
_RAW_TEXT_START = re.compile(r"<(?:script|style)(?![-.a-z0-9:_])")
_REFERENCE = re.compile(r"&(?!(?:amp|lt|gt|quot|#39|#x27);)")
_SELF_CLOSED = re.compile(rf"<(?!(?:{'|'.join(sorted(_VOID))})[ \t\n\r\f/])[^<>]*/>")
_ONLY_ID = re.compile(r' id="([^"&]*)"')
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'))?""")
_BLANK = re.compile(r">\s+(?=<)")
_EDGE_BLANK = re.compile(r"\s+")
_LEFT_OUT_TAG = re.compile(rf"<(?!/?(?:{_KEPT_NAMES})[ \t\n\r\f>]|>)[^>]*>")
_KEPT_WITH_ATTRIBUTES = [(re.compile(rf"<{name}{_SPACE}[^>]*>"), f"<{name}>") for name in _KEPT]
_BLANKS = re.compile("\x00+")
#: A kept element with only whitespace in it (a space in a title, a mark in a text).
_EMPTY_KEPT = re.compile(rf"<({_KEPT_NAMES})>[ \x00]*</\1>")
#: Whitespace-only text, until it is made a space (a page with this is not read here).
_BLANK_MARK = "\x00"
#: Between the titles and texts of :func:`_texts`: no tag, and no text (a ``<`` in text
#: stops the quick reading).
_PART_END = "<>"
_SPECIAL_WORDS = ("data-search-exclude", "linenodiv", "headerlink")
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
#: How a heading is kept in :class:`_Walk`'s stack (no tag's name starts with "<"), which
#: is how its start tag begins; and its end tag.
_HEADING_ENTRY = {heading: f"<{heading}" for heading in _HEADINGS}
_HEADING_END = {heading: f"</{heading}>" for heading in _HEADINGS}
_VOID_TAG, _HEADING, _UNREAD = 1, 2, 3
_START_KINDS = {
    **dict.fromkeys(_VOID, _VOID_TAG),
    **dict.fromkeys(_HEADINGS, _HEADING),
    **dict.fromkeys(("pre", "object", "hx"), _UNREAD),
}


def attributes_of(text: str) -> list[tuple[str, str | None]]:
    """The attributes in a tag's ``text`` (after its name) as ``HTMLParser`` reports them,
    for attributes in quotes."""
    found: list[tuple[str, str | None]] = []
    for name, value in _ATTRIBUTE.findall(text):
        found.append((name.lower(), unescape(value[1:-1]) if value else None))
    return found


def quick_sections(content: str) -> list[Section] | None:
    """The sections of ``content`` as the theme's section parser divides it, or None when
    the content holds HTML this reading does not understand (see the module's text)."""
    page = content
    if "<style" in page or "<script" in page:
        page = _RAW_TEXT_ELEMENT.sub(_RAW_TEXT_STAND_IN, page)
        if _RAW_TEXT_START.search(page):
            return None  # one without its end tag: the theme's parser waits for it
    if (
        _BLANK_MARK in page
        or _SPECIAL_WORDS[0] in page
        or _SPECIAL_WORDS[1] in page
        or _SPECIAL_WORDS[2] in page
        or ("&" in page and _REFERENCE.search(page))
        or ("/>" in page and _SELF_CLOSED.search(page))
    ):
        return None
    page = _blanks_marked(page)
    names = _TAG_NAME.findall(page)
    if len(names) != page.count("<") or len(names) != page.count(">"):
        return None  # a "<" or ">" that starts or ends no tag this reading understands
    walk = _Walk(page)
    if not walk.run(names):
        return None
    return _texts(page, walk)


def _blanks_marked(page: str) -> str:
    """``page`` with each text between tags that is only whitespace marked as such."""
    page = _BLANK.sub(">" + _BLANK_MARK, page)
    if page[:1].isspace():
        blank = _EDGE_BLANK.match(page)
        assert blank is not None
        if page.startswith("<", blank.end()) or blank.end() == len(page):
            page = _BLANK_MARK + page[blank.end() :]
    if page[-1:].isspace():
        text = page.rstrip()
        if text.endswith(">"):
            page = text + _BLANK_MARK
    return page


class _Leaving:
    """The entry of :class:`_Walk`'s stack for the open element whose end makes the
    theme's parser leave the current section."""

    __slots__ = ("entry",)

    def __init__(self, entry: str) -> None:
        self.entry = entry


class _Walk:
    """The theme's section parser's way through a page's tags, for where each part of the
    page goes: which section, its title or its text.

    The parser keeps every open element, and leaves a section whose heading is at depth
    *d* (counting the heading) when an element at depth *d* - 1 ends. With every end tag
    closing the innermost open element (the walk gives up otherwise), that is the element
    at that depth when the section begins: the walk marks it in its stack, as it marks
    the headings, and does more than a push or a pop only for void and heading tags and
    marked elements.
    """

    def __init__(self, page: str) -> None:
        self.page = page
        self.sections: list[Section] = []
        self.section: Section | None = None
        #: Where the place changes in the page, and the place from there on: the section,
        #: and whether it is the section's title.
        self.starts: list[int] = []
        self.places: list[tuple[Section, bool]] = []
        self.open_headings = dict.fromkeys(_HEADINGS, 0)
        self.open_headings["hx"] = 0
        #: The open elements, on top of None (which no end tag closes).
        self.stack: list[str | _Leaving | None] = [None]
        self.leaving: _Leaving | None = None
        #: The section that was current when each heading's section began.
        self.came_from: dict[Section, Section | None] = {}
        self.position = -1  # of the last heading tag, or the last tag the place changed at
        self.inside = 0  # elements like the one whose end leaves the section, open in it
        self.below = 0  # elements like the one whose end leaves the section, around it
        if page and page[0] != "<":  # text before the first tag
            self.section = Section(Element("hx"))
            self.sections.append(self.section)
            self.moved(0)

    def run(self, names: list[str]) -> bool:
        """Walk the tags' ``names``; False when this reading cannot follow them."""
        stack = self.stack
        push, pop = stack.append, stack.pop
        rest = iter(names)
        if self.section is None:
            for index, name in enumerate(rest):
                if name in _VOID:
                    self.void(index)
                elif name[0] == "/" or not self.start(name):
                    return False  # an end tag before any start tag, or a tag left alone
                if self.section is not None:
                    break
        special = _START_KINDS
        for name in rest:
            if name[0] == "/":
                top = pop()
                if top != name[1:] and not self.end(name[1:], top):
                    return False
            elif name not in special:
                push(name)
            elif not self.start(name):
                return False
        return True

    def void(self, index: int) -> None:
        """Void tag number ``index``, before any section: the theme's parser ignores it,
        but text after it starts the first section."""
        page = self.page
        position = -1
        for _ in range(index + 1):
            position = page.find("<", position + 1)
        after = page.find(">", position) + 1
        if after < len(page) and page[after] != "<":
            self.position = position
            self.section = Section(Element("hx"))
            self.sections.append(self.section)
            self.moved(position)

    def start(self, name: str) -> bool:
        """A start tag that is more than a push: False for one this reading leaves alone."""
        kind = _START_KINDS.get(name)
        if kind == _VOID_TAG:
            return True
        if kind == _UNREAD:
            return False
        stack = self.stack
        if kind == _HEADING:
            stack.append(_HEADING_ENTRY[name])
            self.open_headings[name] += 1
            self.heading(name)
        else:
            stack.append(name)
        if self.section is None:
            self.section = Section(Element("hx"))
            self.sections.append(self.section)
        self.moved(self.position)
        return True

    def heading(self, name: str) -> None:
        """The start tag of heading ``name``, just pushed: a section when it has an id."""
        page = self.page
        start = _HEADING_ENTRY[name]
        position = page.find(start, self.position + 1)
        while page[position + 3] not in " \t\n\r\f/>":  # another tag's name goes on
            position = page.find(start, position + 1)
        text = page[position + 3 : page.find(">", position)]
        only_id = _ONLY_ID.fullmatch(text)
        attributes: dict[str, str | None] = (
            {"id": only_id[1]} if only_id else dict(attributes_of(text)) if text else {}
        )
        if "id" in attributes:
            depth = len(self.stack) - 1
            if name != "h1" and not self.sections:
                self.sections.append(Section(Element("hx"), depth))
            section = Section(Element(name, attributes), depth)
            if self.sections:
                section.id = attributes["id"]
            self.sections.append(section)
            self.came_from[section] = self.section
            self.enter(section)
        self.note(position)

    def end(self, name: str, top: str | _Leaving | None) -> bool:
        """An end tag that did more than close the innermost open element ``top`` (taken
        off the stack already); False when it does not close it."""
        leaving = isinstance(top, _Leaving)
        entry = top.entry if isinstance(top, _Leaving) else top
        heading = entry is not None and entry == _HEADING_ENTRY.get(name)
        if not heading and not (leaving and entry == name):
            return False
        if heading:
            position = self.page.find(_HEADING_END[name], self.position + 1)
        else:
            position = self.end_tag_position(name)
        if leaving:
            self.leaving = None
            depth = len(self.stack)  # the open elements, with this one
            current = self.section
            assert current is not None  # an element is open: a start tag made a section
            before: Section | None = current  # the section when this element began
            while before is not None and before.depth > depth:
                before = self.came_from[before]
            for earlier in reversed(self.sections):
                if earlier.depth <= depth:
                    if earlier is not before:
                        # The parser goes back to a section the element is not in: the
                        # element around may then begin in one section and end in
                        # another, and the parser fail on that.
                        return False
                    current.depth = float("inf")
                    self.enter(earlier)
                    break
        if heading:
            self.open_headings[name] -= 1
        self.note(position)
        self.moved(position)
        return True

    def enter(self, section: Section) -> None:
        """Make ``section`` the current one, marking the element whose end leaves it."""
        self.section = section
        stack = self.stack
        if self.leaving is not None:
            stack[stack.index(self.leaving)] = self.leaving.entry
            self.leaving = None
        depth = int(section.depth)
        if depth >= 2:
            entry = stack[depth - 1]
            assert isinstance(entry, str)  # what the parser keeps here is an open element
            self.leaving = _Leaving(entry)
            stack[depth - 1] = self.leaving
            self.below = stack[: depth - 1].count(entry)  # elements named alike around it

    def note(self, position: int) -> None:
        """Keep the ``position`` of the tag just walked, and how many elements named like
        the one whose end leaves the section are open in it there."""
        self.position = position
        if self.leaving is not None:
            self.inside = self.stack.count(self.leaving.entry) - self.below

    def end_tag_position(self, name: str) -> int:
        """Where the end tag of the element ``name`` whose end leaves the section is (it
        holds the tag at ``self.position``)."""
        opened = self.inside
        for tag in _tags_named(name).finditer(self.page, self.position + 1):
            if tag[0][1] != "/":
                opened += 1
            elif opened:
                opened -= 1
            else:
                return tag.start()
        raise AssertionError(f"no end tag for {name}")  # the walk has just seen it

    def moved(self, position: int) -> None:
        """Note the place after the tag at ``position``, when it changed."""
        section = self.section
        assert section is not None
        place = (section, self.open_headings[section.el.tag] > 0)
        if not self.places or self.places[-1] != place:
            self.starts.append(position)
            self.places.append(place)


@functools.lru_cache(maxsize=64)
def _tags_named(name: str) -> re.Pattern[str]:
    """The start and end tags of elements called ``name``."""
    return re.compile(rf"</?{re.escape(name)}(?=[ \t\n\r\f/>])")


def _texts(page: str, walk: _Walk) -> list[Section]:
    """The sections of the ``walk`` through ``page``, with their titles and texts."""
    sections = walk.sections
    if not sections:
        return []
    titles: dict[Section, list[str]] = {section: [] for section in sections}
    texts: dict[Section, list[str]] = {section: [] for section in sections}
    ends = [*walk.starts[1:], len(page)]
    walk.starts[0] = 0  # before the first change, only void tags
    for start, end, (section, in_title) in zip(walk.starts, ends, walk.places, strict=True):
        (titles if in_title else texts)[section].append(page[start:end])
    # whitespace-only text in a title is a space each time; in a text, once in a row
    made = _PART_END.join(
        [
            _PART_END.join("".join(titles[section]) for section in sections).replace(
                _BLANK_MARK, " "
            ),
            *("".join(texts[section]) for section in sections),
        ]
    )
    made = _LEFT_OUT_TAG.sub("", made)
    for tag, bare in _KEPT_WITH_ATTRIBUTES:
        made = tag.sub(bare, made)
    made = _without_dropped(made)
    if _BLANK_MARK * 2 in made:
        made = _BLANKS.sub(" ", made)
    made = made.replace(_BLANK_MARK, " ").replace("\n", " ")
    if "&" in made:  # what html.escape(html.unescape(text), quote=False) changes
        made = made.replace("&quot;", '"').replace("&#39;", "'").replace("&#x27;", "'")
    parts = made.split(_PART_END)
    count = len(sections)
    for section, title, text in zip(sections, parts[:count], parts[count:], strict=True):
        section.title = [title] if title else []
        section.text = [text] if text else []
    return sections


def _without_dropped(made: str) -> str:
    """The titles and texts ``made`` without the kept elements the theme's parser drops.

    At a kept element's end tag the parser looks for the first start tag like it in the
    title or text, and when only whitespace follows, drops all from there instead of
    writing the end tag. What is dropped was whitespace, so this only drops the element
    itself when it is empty and the first with its tag: in the order the parser meets
    them (an element around it may be empty then, and the next one the first)."""
    start = 0
    while (empty := _EMPTY_KEPT.search(made, start)) is not None:
        part = made.rfind(_PART_END, 0, empty.start()) + len(_PART_END)
        if made.find(f"<{empty[1]}>", part) == empty.start():
            made = made[: empty.start()] + made[empty.end() :]
            start = part
        else:
            start = empty.end()
    return made

"""A page's search sections, as the theme's search plugin divides it, read with a few
regular expressions over the whole page instead of one Python call per tag and text.

Material's section parser (``material.plugins.search.plugin.Parser``) walks a page's
HTML tag by tag and text by text. A portfolio page is plp's own, regular HTML, and for
such a page the parser's work splits in two:

* where each part of the page goes (which section, its title or its text) depends on
  the tags alone: headings with an ``id`` start sections, text goes to a section's title
  while an element with its heading's tag is open, and a section whose heading is nested
  in an element ends with that element. :func:`_walk` follows the tags' names to find
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
#: A kept tag's attributes: the page split there, and put together without them.
_KEPT_TAG_ATTRIBUTES = re.compile(rf"(<(?:{_KEPT_NAMES})){_SPACE}[^>]*(?=>)")
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
#: How a heading is kept in :func:`_walk`'s stack (no tag's name starts with "<"), which
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
    walked = _walk(page, names)
    return None if walked is None else _texts(page, *walked)


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
    """The entry of :func:`_walk`'s stack for the open element whose end makes the
    theme's parser leave the current section."""

    __slots__ = ("entry",)

    def __init__(self, entry: str) -> None:
        self.entry = entry


#: Where the parts of a page go: the sections, the positions where the place changes, and
#: the place from each on (the section, and whether it is the section's title).
_Walked = tuple[list[Section], list[int], list[tuple[Section, bool]]]


def _walk(page: str, names: list[str]) -> _Walked | None:
    """The theme's section parser's way through ``page``'s tags (their ``names``), for
    where each part of the page goes; None when this reading cannot follow it.

    The parser keeps every open element, and leaves a section whose heading is at depth
    *d* (counting the heading) when an element at depth *d* - 1 ends. With every end tag
    closing the innermost open element (the walk gives up otherwise), that is the element
    at that depth when the section begins: the walk marks it in its stack, as it marks
    the headings, and does more than a push or a pop only for void and heading tags and
    marked elements. (One function, its state in local names: it runs for every tag.)
    """
    sections: list[Section] = []
    section: Section | None = None
    starts: list[int] = []
    places: list[tuple[Section, bool]] = []
    place: tuple[Section, bool] | None = None
    open_headings = dict.fromkeys(_HEADINGS, 0)
    open_headings["hx"] = 0
    stack: list[str | _Leaving | None] = [None]  # the open elements, on one none closes
    push, pop = stack.append, stack.pop
    leaving: _Leaving | None = None  # the element whose end leaves the current section
    below = inside = 0  # elements named like it around it, and open in it at `position`
    came_from: dict[Section, Section | None] = {}  # the section current before each one
    position = -1  # of the last heading tag, or of the last tag the place changed at
    rest = names
    if page and page[0] != "<":  # text before the first tag
        section = Section(Element("hx"))
        sections.append(section)
    else:
        for index, name in enumerate(names):
            if name not in _VOID:  # the parser ignores a void tag, but not text after it
                break
            position = page.find("<", position + 1)
            after = page.find(">", position) + 1
            if after < len(page) and page[after] != "<":
                section = Section(Element("hx"))
                sections.append(section)
                starts.append(position)
                places.append(place := (section, False))
                index += 1
                break
        else:
            index = len(names)
        rest = names[index:]
        if section is None and rest and rest[0][0] != "/" and rest[0] not in _START_KINDS:
            push(rest[0])  # the first tag: an element but a heading's
            section = Section(Element("hx"))
            sections.append(section)
            rest = rest[1:]
    if section is not None and place is None:
        starts.append(0)
        places.append(place := (section, False))
    special = _START_KINDS
    for name in rest:
        if name[0] == "/":
            top = pop()
            if top == name[1:]:
                continue
            # an end tag that does more than close the innermost element, or does not
            name = name[1:]
            is_leaving = isinstance(top, _Leaving)
            entry = top.entry if isinstance(top, _Leaving) else top
            heading = entry is not None and entry == _HEADING_ENTRY.get(name)
            if not heading and not (is_leaving and entry == name):
                return None
            if heading:
                position = page.find(_HEADING_END[name], position + 1)
                open_headings[name] -= 1
            else:  # the end tag of the element around the section: where is it?
                opened = inside
                for tag in _tags_named(name).finditer(page, position + 1):
                    if tag[0][1] != "/":
                        opened += 1
                    elif opened:
                        opened -= 1
                    else:
                        position = tag.start()
                        break
            if is_leaving:
                assert section is not None  # an element was open: a start tag made one
                depth = len(stack)  # the open elements, with this one
                before: Section | None = section  # the section when this element began
                while before is not None and before.depth > depth:
                    before = came_from[before]
                for earlier in reversed(sections):
                    if earlier.depth <= depth:
                        if earlier is not before:
                            # The parser goes back to a section the element is not in:
                            # the element around may then begin in one section and end
                            # in another, and the parser fail on that.
                            return None
                        section.depth = float("inf")
                        section = earlier
                        leaving, below = _mark(stack, section, None)
                        break
        elif name not in special:
            push(name)
            continue
        else:
            kind = special[name]
            if kind == _VOID_TAG:
                continue
            if kind == _UNREAD:
                return None
            push(_HEADING_ENTRY[name])
            open_headings[name] += 1
            start = _HEADING_ENTRY[name]
            position = page.find(start, position + 1)
            while page[position + 3] not in " \t\n\r\f/>":  # another tag's name goes on
                position = page.find(start, position + 1)
            text = page[position + 3 : page.find(">", position)]
            only_id = _ONLY_ID.fullmatch(text)
            attributes: dict[str, str | None] = (
                {"id": only_id[1]} if only_id else dict(attributes_of(text)) if text else {}
            )
            if "id" in attributes:
                depth = len(stack) - 1
                if name != "h1" and not sections:
                    sections.append(Section(Element("hx"), depth))
                new = Section(Element(name, attributes), depth)
                if sections:
                    new.id = attributes["id"]
                sections.append(new)
                came_from[new] = section
                section = new
                leaving, below = _mark(stack, section, leaving)
            elif section is None:
                section = Section(Element("hx"))
                sections.append(section)
        if leaving is not None:
            inside = stack.count(leaving.entry) - below
        assert section is not None
        if place != (section, open_headings[section.el.tag] > 0):
            starts.append(position)
            places.append(place := (section, open_headings[section.el.tag] > 0))
    if starts:
        starts[0] = 0  # before the first change, only void tags
    return sections, starts, places


def _mark(
    stack: list[str | _Leaving | None], section: Section, leaving: _Leaving | None
) -> tuple[_Leaving | None, int]:
    """Mark in ``stack`` the element whose end leaves ``section``, unmarking ``leaving``;
    that element, and how many elements named like it are around it."""
    if leaving is not None:
        stack[stack.index(leaving)] = leaving.entry
    depth = int(section.depth)
    if depth < 2:
        return None, 0
    entry = stack[depth - 1]
    assert isinstance(entry, str)  # what the parser keeps here is an open element
    stack[depth - 1] = marked = _Leaving(entry)
    return marked, stack[: depth - 1].count(entry)


@functools.lru_cache(maxsize=64)
def _tags_named(name: str) -> re.Pattern[str]:
    """The start and end tags of elements called ``name``."""
    return re.compile(rf"</?{re.escape(name)}(?=[ \t\n\r\f/>])")


def _texts(
    page: str, sections: list[Section], starts: list[int], places: list[tuple[Section, bool]]
) -> list[Section]:
    """The ``sections`` of ``page`` with their titles and texts, from where the parts of
    the page go: from each of the ``starts`` on, to the section and place in ``places``."""
    if not sections:
        return []
    titles: dict[Section, list[str]] = {section: [] for section in sections}
    texts: dict[Section, list[str]] = {section: [] for section in sections}
    ends = [*starts[1:], len(page)]
    for start, end, (section, in_title) in zip(starts, ends, places, strict=True):
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
    made = "".join(_KEPT_TAG_ATTRIBUTES.split(_LEFT_OUT_TAG.sub("", made)))
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

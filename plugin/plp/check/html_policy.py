"""What HTML students may write in their Markdown, in one place.

Two users: validation rejects a body that holds what the policy forbids (rule 6 of
PLAN-FORMAT.md: no script, no event handlers, no ``javascript:`` links, no iframes),
naming the line; the site renders Markdown and then sanitizes the HTML with nh3 using the
allow-lists below, so whatever validation did not see still never reaches a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

#: Tags a rendered body may keep (what Markdown makes, plus a few harmless extras).
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
#: Attributes a tag may keep; ``*`` applies to all tags. No ``class``: a class is how the
#: theme's scripts find work to do (``class="mermaid"`` would make a page fetch a library).
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"id", "title", "lang", "dir"}),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "ol": frozenset({"start"}),
}
#: Ids a student writes (footnotes make some) get this prefix, so they never clash with
#: the page's own anchors or the theme's elements.
ID_PREFIX = "user-"
#: URL schemes links and images may use; relative URLs are always allowed.
URL_SCHEMES = frozenset({"http", "https", "mailto"})

#: Tags that run code or pull in other pages: an error in a plan.
FORBIDDEN_TAGS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "meta",
        "link",
        "form",
    }
)
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcset"})
_BAD_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20]")  # browsers drop these inside a URL's scheme
_MARKDOWN_LINK = re.compile(
    r"(?:\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?|<)\s*(?:javascript|vbscript|data)\s*:",
    re.IGNORECASE | re.MULTILINE,
)
_FENCED_CODE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)


@dataclass(frozen=True, slots=True)
class UnsafeHtml:
    """Something in a body that the policy forbids, at a 0-based offset line and column."""

    line: int
    column: int
    message: str


def find_unsafe_html(markdown: str) -> list[UnsafeHtml]:
    """What the Markdown ``markdown`` holds that the policy forbids, outside code."""
    if "<" not in markdown and ":" not in markdown:
        return []
    text = _FENCED_CODE.sub(_blank, markdown)
    text = _CODE_SPAN.sub(_blank, text)
    found: list[UnsafeHtml] = []
    for match in _MARKDOWN_LINK.finditer(text):
        line = text.count("\n", 0, match.start())
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1)
        found.append(UnsafeHtml(line, column, "a link that runs a script (javascript:)"))
    if "<" in text:
        scanner = _Scanner()
        scanner.feed(text)
        scanner.close()
        found.extend(scanner.found)
    return sorted(found, key=lambda item: (item.line, item.column))


def _blank(match: re.Match[str]) -> str:
    """Code is shown, never run: blank it out, keeping its lines so positions hold."""
    return re.sub(r"[^\n]", " ", match.group(0))


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[UnsafeHtml] = []

    def _add(self, message: str) -> None:
        line, column = self.getpos()
        self.found.append(UnsafeHtml(line - 1, column, message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self._add(f"a <{tag}> tag")
        for name, value in attrs:
            if name.startswith("on"):
                self._add(f"an event handler ({name}=) on <{tag}>")
            elif name in _URL_ATTRIBUTES and value and _BAD_SCHEME.match(_CONTROL.sub("", value)):
                scheme = _CONTROL.sub("", value).split(":")[0].lower()
                self._add(f"a link that runs a script ({name}={scheme}:) on <{tag}>")


#: Files that would run as pages of the site if opened: never copied into a site.
ACTIVE_FILE_TYPES = frozenset({".html", ".htm", ".xhtml", ".xht", ".js", ".mjs", ".svgz", ".xml"})

"""What students' content may put in a page, in one place: HTML, URLs, attached files.

Two users: validation rejects a body whose rendered HTML holds what the policy forbids
(rule 6 of PLAN-FORMAT.md: no script, no event handlers, no ``javascript:`` links, no
iframes; and no image from another site), naming the line; the site renders Markdown and
then sanitizes the HTML with nh3 using the allow-lists below, so whatever validation did
not see still never reaches a page. Both judge a URL as a browser reads it
(:func:`is_local_url`), and both judge the HTML the Markdown renders to
(:mod:`plp.markdown_html`), not the raw text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from plp.format.markdown_html import MAX_BRACKETS, UnrenderableMarkdown, to_html

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

#: Tags that run code or pull in other pages, and tags whose content browsers parse by
#: other rules (the ground of "mutation XSS"): an error in a plan.
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
        "svg",
        "math",
        "style",
        "noscript",
        "template",
        "xmp",
        "plaintext",
        "noembed",
        "noframes",
        "textarea",
        "title",
    }
)
#: Attributes whose value a browser follows as a URL.
_URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "srcset",
        "poster",
        "background",
        "data",
        "codebase",
        "cite",
        "longdesc",
        "ping",
        "lowsrc",
        "dynsrc",
    }
)
#: Of those, the ones a browser loads by itself, without a click.
_LOADED_ATTRIBUTES = frozenset(
    {"src", "srcset", "poster", "background", "data", "codebase", "lowsrc", "dynsrc"}
)
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript"})

# --- URLs as a browser reads them (the WHATWG URL standard) ----------------------------

_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_DOT = re.compile("%2e", re.IGNORECASE)


def browser_url(value: str) -> str:
    """An attribute's value (entities already decoded) as a browser's URL parser starts
    on it: leading and trailing C0 controls and spaces trimmed, tabs and newlines removed,
    backslashes read as slashes (as in every ``http:`` page)."""
    return _TAB_OR_NEWLINE.sub("", value.strip(_C0_AND_SPACE)).replace("\\", "/")


def url_scheme(value: str) -> str | None:
    """The scheme of the URL ``value`` (``javascript``), or None for a relative URL."""
    match = _SCHEME.match(browser_url(value))
    return match.group(1).lower() if match else None


def is_local_url(value: str) -> bool:
    """Whether ``value`` points inside the student's own site: a relative path that never
    climbs out of it. Not another host (``https:``, ``//host``, ``/\\host``), not the
    server's root (``/x``, where a classmate's site may be), not ``..``, not ``data:``."""
    url = browser_url(value)
    if _SCHEME.match(url) or url.startswith("/"):
        return False
    path = url.split("#", 1)[0].split("?", 1)[0]
    return ".." not in _DOT.sub(".", path).split("/")


# --- judging a body -------------------------------------------------------------------

#: Without one of these, Markdown makes no tag, attribute or URL a student chose: no raw
#: HTML (``<``), no entity (``&``), no attribute list (``{``), no link or image (``](``,
#: ``]:`` for a reference). Such a body needs no rendering to be judged.
_MAY_HOLD_HTML = re.compile(r"[<&{]|\]\s*[(:\[]")
#: A line that starts with many levels of indentation, quotes or list markers: it may nest
#: too deep for Python-Markdown to render, so such a body is rendered to find out.
_DEEP_LINE = re.compile(r"^(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t]){60,}", re.MULTILINE)
#: Shorter texts cannot nest that deep: the test is skipped for them.
_DEEP_TEXT = 1_000
#: At most this many problems are located line by line in one body; the rest get the
#: line of the last one located.
_MAX_LOCATED = 20


_SCRIPT_HINT = (
    "Pages never run scripts from plans: remove it, or put it in `backticks` to show it as code."
)
_ELSEWHERE_HINT = (
    "Pages never load anything from other sites (it would tell them who reads your page): "
    "attach the image to an evidence file, or link to the page instead."
)

_DEEP_HINT = "Indent lists and quotes only a few levels deep."
_BRACKETS_HINT = "Split the text over several files, or write fewer brackets."


@dataclass(frozen=True, slots=True)
class UnsafeHtml:
    """Something in a body that the policy forbids, at a 0-based offset line and column."""

    line: int
    column: int
    message: str
    hint: str = _SCRIPT_HINT


@dataclass(frozen=True, slots=True)
class _Problem:
    message: str
    #: What to look for in the source to give a column (the tag or attribute name).
    needles: tuple[str, ...]
    hint: str = _SCRIPT_HINT


def find_unsafe_html(markdown: str) -> list[UnsafeHtml]:
    """What the HTML that ``markdown`` renders to holds that the policy forbids, each at
    the line of the Markdown that made it."""
    if (
        not _MAY_HOLD_HTML.search(markdown)
        and (len(markdown) < _DEEP_TEXT or not _DEEP_LINE.search(markdown))
        and markdown.count("[") <= MAX_BRACKETS
    ):
        return []

    try:
        problems = judge_html(to_html(markdown))
    except UnrenderableMarkdown as error:
        return [_unrenderable(markdown, error.offset)]
    if not problems:
        return []

    def judge(text: str) -> list[_Problem]:
        try:
            return judge_html(to_html(text))
        except UnrenderableMarkdown:
            return []

    lines = markdown.split("\n")
    found: list[UnsafeHtml] = []
    line = 0
    for index, problem in enumerate(problems):
        if index < _MAX_LOCATED:
            line = _first_line_with(lines, index + 1, line, judge)
        at, column = _place(lines, line, problem.needles)
        found.append(UnsafeHtml(at, column, problem.message, problem.hint))
    return found


def _unrenderable(markdown: str, offset: int | None) -> UnsafeHtml:
    if offset is not None:
        line = markdown.count("\n", 0, offset)
        column = offset - (markdown.rfind("\n", 0, offset) + 1)
        message = f"more than {MAX_BRACKETS:,} '[' and '<' characters, too many to show"
        return UnsafeHtml(line, column, message, _BRACKETS_HINT)
    deep = _DEEP_LINE.search(markdown)
    line = markdown.count("\n", 0, deep.start()) if deep else 0
    return UnsafeHtml(line, 0, "lists or quotes nested too deep to show", _DEEP_HINT)


def _first_line_with(
    lines: list[str], count: int, low: int, judge: Callable[[str], list[_Problem]]
) -> int:
    """The first line (0-based, from ``low``) by which the text holds ``count`` problems."""
    high = len(lines) - 1
    while low < high:
        middle = (low + high) // 2
        if len(judge("\n".join(lines[: middle + 1]))) >= count:
            high = middle
        else:
            low = middle + 1
    return low


def _place(lines: list[str], line: int, needles: tuple[str, ...]) -> tuple[int, int]:
    """The line and column of the first needle found on ``line`` or a few lines above it
    (a tag may span lines, and is complete only on its last), else the line's start."""
    for at in range(line, max(line - 10, -1), -1):
        text = lines[at].lower()
        for needle in needles:
            column = text.find(needle.lower())
            if column >= 0:
                return at, column
    return line, 0


def judge_html(html: str) -> list[_Problem]:
    """What the HTML ``html`` holds that the policy forbids, in document order."""
    if "<" not in html:
        return []
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


def _shown(value: str) -> str:
    value = browser_url(value)
    return value if len(value) <= 60 else value[:57] + "..."


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # attribute values come decoded
        self.found: list[_Problem] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.found.append(_Problem(f"a <{tag}> tag", (f"<{tag}",)))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(_Problem(f"an event handler ({name}=) on <{tag}>", (name,)))
            elif name in _URL_ATTRIBUTES and value is not None:
                self._url(tag, name, value)

    def _url(self, tag: str, name: str, value: str) -> None:
        scheme = url_scheme(value)
        if scheme in _SCRIPT_SCHEMES:
            message = f"a link that runs a script ({name}={scheme}:) on <{tag}>"
            self.found.append(_Problem(message, (scheme[:4], f"{name}=", "](", "]:")))
        elif name in _LOADED_ATTRIBUTES and not is_local_url(value):
            where = "a data: address" if scheme == "data" else "outside the site"
            message = f"an image or file loaded from {where} ({name}={_shown(value)!r})"
            needles = (f"{name}=", "](", "]:")
            self.found.append(_Problem(message, needles, _ELSEWHERE_HINT))
        elif scheme is not None and scheme not in URL_SCHEMES:
            message = f"a link to a {scheme}: address ({name}=), which pages do not allow"
            self.found.append(_Problem(message, (scheme[:4], f"{name}=", "](", "]:")))


#: Files beside an evidence page that a site may hold, by type: images, PDF, plain text
#: and office documents. A browser shows or downloads these and never runs them; any other
#: type (``.shtml``, ``.xhtm``, ``.html``, ``.js``, ...) could run as a page of the site's
#: origin on some web server, so validation refuses it and sites never copy it. SVG is an
#: image but can hold a script: sites show it only inside ``<img>``, as a ``data:`` URL.
ATTACHMENT_TYPES = frozenset(
    {
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".avif",
        ".svg",
        ".pdf",
        ".txt",
        ".csv",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".ods",
        ".odp",
        ".rtf",
    }
)
#: One dot, before the type: ``notes.php.pdf`` runs as PHP on a server that maps handlers
#: by every extension of a name, so names with more than one dot are refused too.
_ATTACHMENT_NAME = re.compile(r"[^./\\]+\.[A-Za-z0-9]+")


def attachment_problem(name: str) -> str | None:
    """Why the file ``name`` may not be attached to evidence (``"name"``: not one dot
    before the type; ``"type"``: not an allowed type), or None if it may."""
    if not _ATTACHMENT_NAME.fullmatch(name):
        return "name"
    if name[name.rindex(".") :].lower() not in ATTACHMENT_TYPES:
        return "type"
    return None

"""Students' Markdown to HTML: the one pipeline that sites show and validation judges.

Validation must judge what a page will hold, not the raw text (an indented code block is
inert text; an escaped backtick is not a code span), so both use this function. The HTML
it returns is not safe yet: sites sanitize it (:mod:`plp.portfolio.markdown`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import markdown

#: Extensions of Python-Markdown itself: tables, footnotes, lists, code, attribute lists.
#: Nothing that reads files or fetches anything.
EXTENSIONS = ["extra", "sane_lists", "smarty"]


@cache
def _converter() -> markdown.Markdown:
    import markdown  # slow to import: only when a body is rendered

    return markdown.Markdown(extensions=EXTENSIONS, output_format="html")


#: Python-Markdown takes time that grows with the square of the ``[`` and ``<`` that do
#: not close (16,000 of them: a minute); past this many, a text is not rendered.
MAX_BRACKETS = 1_000
_BRACKET = re.compile(r"[\[<]")


class UnrenderableMarkdown(Exception):
    """Markdown that is not rendered: too many brackets (:data:`MAX_BRACKETS`), or lists
    or quotes nested so deep that Python-Markdown's recursive parser runs out of stack."""

    def __init__(self, offset: int | None = None) -> None:
        super().__init__()
        #: Where the text has one bracket too many; None for nesting too deep.
        self.offset = offset


#: A line of plain prose: it starts with a letter, and holds only letters, digits,
#: spaces and punctuation that none of :data:`EXTENSIONS` reads (no quotes, emphasis,
#: code, links, HTML or entities). An apostrophe between two letters is allowed: smarty
#: makes it a closing quote.
_PLAIN_LINE = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;:!?()/%-]|(?<=[^\W\d_])'(?=[^\W\d_]))*")
#: What smarty would change across words (``..``, ``. .``, ``--``), or a line ending in
#: a space (two make a line break).
_NOT_PLAIN = re.compile(r"\.\s*\.|--|[^\S\n]$", re.MULTILINE)


def _plain_html(text: str) -> str | None:
    """What Python-Markdown makes of ``text`` if it is plain prose (paragraphs of
    :data:`_PLAIN_LINE` lines between empty lines), without running it: most of what
    students write, at a fraction of the cost. None for anything else."""
    text = text.strip("\n")
    if _NOT_PLAIN.search(text) is not None:
        return None
    paragraphs = []
    for paragraph in text.split("\n\n"):
        lines = paragraph.strip("\n").split("\n")
        if not all(_PLAIN_LINE.fullmatch(line) for line in lines):
            return None
        paragraphs.append("<p>" + "\n".join(lines).replace("'", "&rsquo;") + "</p>")
    return "\n".join(paragraphs)


def to_html(text: str) -> str:
    """The HTML Python-Markdown makes of ``text``, before any sanitizing.

    Raises :class:`UnrenderableMarkdown` when it does not; the converter, whose state a
    failure leaves broken, is then made anew for the next text.
    """
    plain = _plain_html(text)
    if plain is not None:
        return plain
    if text.count("[") + text.count("<") > MAX_BRACKETS:
        brackets = _BRACKET.finditer(text)
        for _ in range(MAX_BRACKETS):
            next(brackets)
        raise UnrenderableMarkdown(next(brackets).start())
    converter = _converter()
    try:
        return converter.convert(text)
    except (RecursionError, ValueError):
        _converter.cache_clear()
        raise UnrenderableMarkdown from None
    finally:
        converter.reset()

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


def to_html(text: str) -> str:
    """The HTML Python-Markdown makes of ``text``, before any sanitizing.

    Raises :class:`UnrenderableMarkdown` when it does not; the converter, whose state a
    failure leaves broken, is then made anew for the next text.
    """
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

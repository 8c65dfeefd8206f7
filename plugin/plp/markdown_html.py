"""Students' Markdown to HTML: the one pipeline that sites show and validation judges.

Validation must judge what a page will hold, not the raw text (an indented code block is
inert text; an escaped backtick is not a code span), so both use this function. The HTML
it returns is not safe yet: sites sanitize it (:mod:`plp.portfolio.markdown`).
"""

from __future__ import annotations

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


class UnrenderableMarkdown(Exception):
    """Markdown that Python-Markdown cannot render: lists or quotes nested so deep that
    its recursive parser runs out of stack."""


def to_html(text: str) -> str:
    """The HTML Python-Markdown makes of ``text``, before any sanitizing.

    Raises :class:`UnrenderableMarkdown` when it cannot; the converter, whose state such
    a failure leaves broken, is then made anew for the next text.
    """
    converter = _converter()
    try:
        return converter.convert(text)
    except (RecursionError, ValueError):
        _converter.cache_clear()
        raise UnrenderableMarkdown from None
    finally:
        converter.reset()

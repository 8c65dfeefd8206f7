"""Students' Markdown to safe HTML: render, then sanitize with nh3.

Include mechanisms are never enabled (no ``pymdownx.snippets``, no file includes), and
whatever HTML a student wrote passes through the allow-lists of :mod:`plp.check.html_policy`.
"""

from __future__ import annotations

import nh3

from plp.check.html_policy import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ID_PREFIX,
    URL_SCHEMES,
    is_local_url,
)
from plp.format.markdown_html import UnrenderableMarkdown, to_html
from plp.portfolio.markup import Markup


def sanitize(html: str) -> Markup:
    """HTML with everything outside the policy removed (scripts, handlers, bad links)."""
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_prefix_ids,
    )
    return Markup(cleaned)


def _prefix_ids(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not is_local_url(value):
        return None  # an image from another host would tell it who reads the page
    if attribute == "id":
        return ID_PREFIX + value
    if attribute == "href" and value.startswith("#"):
        return "#" + ID_PREFIX + value[1:]
    return value


def render(text: str, *, shift_headings: int = 1) -> Markup:
    """Render a student's Markdown to sanitized HTML.

    Headings move down ``shift_headings`` levels, so that a student's ``# My story`` sits
    under the page's own title and the page keeps one ``h1``.
    """
    if not text.strip():
        return Markup("")
    try:
        html = to_html(text)
    except UnrenderableMarkdown:  # validation reports it; the text is still shown
        return Markup("<pre>{0}</pre>").format(text)
    if shift_headings:
        for level in range(6 - shift_headings, 0, -1):
            html = html.replace(f"<h{level}", f"<h{level + shift_headings}").replace(
                f"</h{level}>", f"</h{level + shift_headings}>"
            )
    return sanitize(html)

"""The link from a student's private site to the web editor (``plp cms``).

The link carries the student's id (``?student=<id>``) and nothing else: the editor reads
everything else from the code host with the student's own sign-in.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from plp.portfolio.markup import Markup

#: The words of the link, as the docs name it.
EDIT_LINK_TEXT = "Change my plan in the web editor"


def check_editor_url(url: str) -> str:
    """``url`` if it can be the address of the editor's folder; else ValueError saying why."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(
            f"the editor's address '{url}' is not a web address: write where the folder "
            "plp cms wrote is served, for example https://plans.mapleridge.example/editor/"
        )
    if any(character in "<>\"'`{}|\\^" or ord(character) <= 32 for character in url):
        raise ValueError(
            f"the editor's address '{url}' has a character no web address has: write the "
            "real address where the folder plp cms wrote is served, for example "
            "https://plans.mapleridge.example/editor/"
        )
    if parts.query or parts.fragment:
        raise ValueError(
            f"the editor's address '{url}' has a '?' or '#' part: write the address of the "
            "editor's folder only; each student's site adds ?student=<id> to it"
        )
    return url


def editor_address(url: str, student: str) -> str:
    """The editor opened on ``student``'s folder."""
    return f"{url}?{urlencode({'student': student})}"


def editor_link(url: str | None, student: str) -> Markup:
    """The overview's link to the editor for ``student``; nothing without an editor."""
    if not url:
        return Markup("")
    return Markup('<p class="plp-edit"><a href="{0}" rel="noreferrer">{1}</a></p>').format(
        editor_address(url, student), EDIT_LINK_TEXT
    )

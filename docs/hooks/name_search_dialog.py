"""An MkDocs hook of this project's docs: the theme's search dialog gets a name, as every
dialog needs one (axe's aria-dialog-name), the way plp names it in students' sites."""

from __future__ import annotations

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output: str, **_: object) -> str:
    return output.replace(
        _SEARCH_DIALOG,
        _SEARCH_DIALOG.replace('role="dialog"', 'role="dialog" aria-label="Search"'),
        1,
    )

"""The portfolio's quicker ``Markup`` (``format``, ``+``, ``join``) and ``escape_text`` make
exactly the HTML MarkupSafe's make."""

from __future__ import annotations

import itertools
from typing import Any

import markupsafe
import pytest

from plp.portfolio.markup import Markup, escape_text

TEMPLATES = [
    "<p>{0}</p>",
    '<a href="{0}" title="{1}">{2}</a>',
    "{0} (for {1}){2}",
    "<li>{name}: {count}</li>",
    "{0:.1f} of {1:>4} {{literal}}",
    "",
]
#: Text made of what HTML and format strings give meaning to.
TEXTS = ["", "plain", '<script>alert("x")</script>', "Tom & Jerry's", "a > b", "{0} }{", "é\n"]
ARGUMENTS: list[object] = [
    *TEXTS,
    *(markupsafe.Markup(text) for text in TEXTS),
    *(Markup(text) for text in TEXTS[:3]),
    0,
    -12,
    3.5,
    None,
]


@pytest.mark.parametrize("template", TEMPLATES)
def test_format_escapes_exactly_as_markupsafe(template: str) -> None:
    for first, second, third in itertools.product(ARGUMENTS, repeat=3):
        if "{0:.1f}" in template:  # format specifications: for numbers and plain text only
            first, second = float(len(str(first))), str(second)
        args, kwargs = (first, second, third), {"name": first, "count": second}
        expected = markupsafe.Markup(template).format(*args, **kwargs)
        got = Markup(template).format(*args, **kwargs)
        assert str(got) == str(expected), (template, args)
        assert isinstance(got, markupsafe.Markup)  # safe as it is: not escaped again


def test_a_format_specification_for_markup_is_refused_as_markupsafe_refuses_it() -> None:
    with pytest.raises(ValueError, match="Unsupported format specification"):
        markupsafe.Markup("{0:>5}").format(markupsafe.Markup("<b>"))
    with pytest.raises(ValueError, match="Unsupported format specification"):
        Markup("{0:>5}").format(markupsafe.Markup("<b>"))


def test_escape_text_escapes_exactly_as_markupsafe() -> None:
    for value in ARGUMENTS:
        assert escape_text(value) == str(markupsafe.escape(value)), value
        assert type(escape_text(value)) is str


def test_adding_and_joining_escape_exactly_as_markupsafe() -> None:
    for left, right in itertools.product(ARGUMENTS, repeat=2):
        if isinstance(left, markupsafe.Markup):
            mine, theirs = Markup(left), markupsafe.Markup(left)
            if isinstance(right, str):
                assert str(mine + right) == str(theirs + right), (left, right)
                assert isinstance(mine + right, markupsafe.Markup)
                assert str(right + mine) == str(right + theirs), (left, right)
                assert isinstance(right + mine, markupsafe.Markup)
            parts: list[Any] = [right, left, right]  # numbers and None too, as MarkupSafe takes
            assert str(mine.join(parts)) == str(theirs.join(parts))
            assert isinstance(mine.join(parts), markupsafe.Markup)

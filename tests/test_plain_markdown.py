"""Plain prose is rendered without Python-Markdown, to exactly the HTML it would make."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plp.format import markdown_html
from plp.format.markdown_html import _converter, _plain_html, to_html

#: Words and marks students write, and what Markdown and smarty give meaning to.
PIECES = [
    "I", "we", "Ok", "don't", "student's", "students'", "'80s", "'quoted'", "rock'n'roll",
    "3.5", "1.", "2)", "x1", "é", "Straße", "数学", "naïve", "a_b", " ", "  ", "\t", "\n",
    "\n\n", "\n\n\n", "\n \n", ",", ".", "..", "...", ". .", "-", "--", "---", ":", ";",
    "!", "?", "(", ")", "/", "%", "#", "*", "_", "`", "[", "]", "<", ">", "&", '"', "'",
    "=", "+", "|", "~", "\\", "{", "}", "^", "@", "\r", "\u00a0", "x\u0301", "http://a.b",
]  # fmt: skip


def markdown(text: str) -> str:
    converter = _converter()
    try:
        return converter.convert(text)
    finally:
        converter.reset()


@settings(
    max_examples=3000,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
@example("It shows the mistake I kept making and how I fixed it.\n")
@example("I'm done.\n\nNext: fractions (50%) and/or ratios!")
@example("Word\n===")
@example("A line\nand another")
def test_plain_prose_renders_as_python_markdown_renders_it(text: str) -> None:
    plain = _plain_html(text)
    if plain is not None:
        assert plain == markdown(text)


def test_what_students_write_mostly_takes_the_quick_way() -> None:
    texts = [
        "It shows the mistake I kept making and how I fixed it.\n",
        "I didn't finish the essay, but I know why: I started late.\n\nNext week I'll plan it.",
        "Reading log: 40 pages (chapters 3 and 4).",
    ]
    for text in texts:
        assert _plain_html(text) == markdown(text)


@pytest.mark.parametrize(
    "text",
    [
        "**bold** move",  # emphasis
        'I said "yes"',  # quotes smarty curls
        "Wait... what",  # an ellipsis
        "one -- two",  # a dash
        "1. first",  # a list
        "Title\n---",  # a heading
        "line  \nbreak",  # a line break
        "a & b",  # an entity
        "see [this](x.md)",  # a link
        "    code",  # a code block
    ],
)
def test_anything_markdown_reads_goes_through_python_markdown(text: str) -> None:
    assert _plain_html(text) is None
    assert to_html(text) == markdown(text)


def test_random_prose_made_of_the_pieces_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same comparison over a fixed sample, so that it runs the same way every time."""
    chooser = random.Random(12)
    quick = 0
    for _ in range(4000):
        text = "".join(chooser.choice([*PIECES[:20], " ", " ", "\n", "."]) for _ in range(12))
        plain = _plain_html(text)
        if plain is not None:
            quick += 1
            assert plain == markdown(text), text
    assert quick > 100  # the sample reaches the quick way often enough to mean something
    monkeypatch.setattr(markdown_html, "_plain_html", lambda text: None)
    assert to_html("I'm here") == markdown("I'm here")

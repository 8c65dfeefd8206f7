"""What a student looks for on each page, in the built HTML as a reader sees its text.

The sites are built for real from the demo repository; the pages are parsed (tags gone,
entities decoded), so that the text of every page, the timeline's sentences included, is
checked without a browser. ``test_browser.py`` loads the same pages in Chromium for what
only a browser can tell (scripts, requests, accessibility).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from plp.sites import SiteOptions, build_sites

from .support import demo_repository

#: For each page type of the spec's student: what she would look for on it.
PAGES = {
    "index.html": ["Score at least 85% on the Chapter 10 test", "This week", "1 of 3"],
    "story.html": ["I like to understand how things work"],
    "goals/math-ch10.html": ["Go to math tutoring every Tuesday", "from 68% to 85%", "My teacher"],
    "weeks/2026-W48.html": ["Solve quadratic equations by factoring", "Tutoring 15:30", "Doing"],
    "journal.html": ["Factoring finally clicked", "Confidence", "3 of 5"],
    "evidence.html": ["Factoring notes with area models", "the area model made factoring"],
    "conversations.html": ["Start a study guide two weeks before each math test", "Dana Rivera"],
    "history.html": [
        "Dana Rivera extended the deadline of Score at least 85% on the Chapter 10 test to "
        "12 December 2026.",
        "Ava marked Score at least 85% on the Chapter 10 test as in progress.",
        "November 2026",
    ],
    "then-and-now.html": ["Score at least 85% on the Chapter 10 test (Planned)", "Today"],
    "growth.html": [
        "Goals by status",
        "At the end of November 2026: 1 planned, 1 in progress, 1 met",
        "Confidence and habits",
        "The data of this chart",
    ],
}
#: The history the demo repository was given (support.demo_repository), oldest first.
TIMELINE = [
    "Dana Rivera set a new goal: Score at least 85% on the Chapter 10 test.",
    "Ava marked Score at least 85% on the Chapter 10 test as in progress.",
    "Dana Rivera extended the deadline of Score at least 85% on the Chapter 10 test to "
    "12 December 2026.",
]
_BLOCKS = {
    *("p", "div", "li", "td", "th", "tr", "dt", "dd", "br", "section", "ul", "ol", "table"),
    *("caption", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "article"),
}


class _Article(HTMLParser):
    """The text of a page's ``<article>``, a space between blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += tag == "article"
            if tag in _BLOCKS:
                self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            if tag in _BLOCKS:
                self.parts.append(" ")
            self.depth -= tag == "article"

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def article_text(page: Path) -> str:
    parser = _Article()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join("".join(parser.parts).split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plans = demo_repository(tmp_path_factory.mktemp("demo"))
    sites = tmp_path_factory.mktemp("sites")
    report = build_sites(SiteOptions(plans=plans, out=sites, today="2026-11-25"))
    assert not report.failed and not report.findings
    return sites / "ava-martinez"


@pytest.mark.parametrize("path", sorted(PAGES))
def test_each_page_type_shows_what_a_student_looks_for(path: str, site: Path) -> None:
    text = article_text(site / path)
    for expected in PAGES[path]:
        assert expected in text, f"{path}: '{expected}' is not on the page"


def test_the_timeline_tells_each_change_once_newest_first(site: Path) -> None:
    text = article_text(site / "history.html")
    places = [text.find(sentence) for sentence in TIMELINE]
    assert -1 not in places, text
    assert places == sorted(places, reverse=True)
    assert [text.count(sentence) for sentence in TIMELINE] == [1, 1, 1]
    assert "plans/" not in text and ".md" not in text

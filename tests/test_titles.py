"""Students' titles appear exactly as written: in the heading, the <title>, the navigation.

The site is built for real (``build_sites``, MkDocs with Material) and its HTML parsed as
a browser parses it: entities decoded, tags seen as elements.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from plp.sites import SiteOptions, build_sites

TODAY = "2026-11-25"
TITLE = 'Q&A and "factoring" <practice>'
NAME = "Ava & Jo's <b>"


class _Page(HTMLParser):
    """The texts of a page's <title>, headings and links, its tags and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.texts: dict[str, list[str]] = {"title": [], "h1": [], "a": []}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [value for _, value in attrs if value]
        if tag in self.texts:
            self._open.append(tag)
            self.texts[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.texts[tag][-1] += data

    def text(self, tag: str) -> list[str]:
        return [" ".join(text.split()) for text in self.texts[tag]]


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_a_title_with_markup_characters_is_shown_exactly(school: Path, tmp_path: Path) -> None:
    plan = school / "ava-martinez" / "plan.md"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("preferred_name: Ava", "preferred_name: '" + NAME.replace("'", "''") + "'")
    text = text.replace("title: Score at least 85% on the Chapter 10 test", f"title: '{TITLE}'")
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "sites"
    report = build_sites(SiteOptions(plans=school, out=out, today=TODAY, history=False))
    assert report.built == ["ava-martinez"] and not report.findings
    site = out / "ava-martinez"
    goal = _parse(site / "goals" / "math-ch10.html")
    assert goal.text("title") == [f"{TITLE} - {NAME}'s learning plan"]
    assert TITLE in goal.text("h1")
    overview = _parse(site / "index.html")
    for page in (goal, overview):
        assert TITLE in page.text("a")  # the navigation's link to the goal
        assert f"{NAME}'s learning plan" in page.text("a") or any(
            f"{NAME}'s learning plan" in value for value in page.attributes
        )
        assert "practice" not in page.tags and "b" not in page.tags  # no tag injected
        for value in page.attributes:  # attributes (aria-label, title) are escaped once
            assert "&amp;" not in value and "&lt;" not in value and "&quot;" not in value
    for path in site.rglob("*.html"):
        page = _parse(path)
        for shown in [*page.text("title"), *page.text("a"), *page.text("h1")]:
            for look_alike in "\uff06\u2039\u203a\u201d":
                assert look_alike not in shown, (path, shown)

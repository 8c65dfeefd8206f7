"""Students' sites in a real browser: Debian's Chromium, driven by Playwright.

Each page type is loaded from a local server; the tests look for what a student would
look for, check that no request leaves the local server and nothing is logged as an
error, and run axe-core's WCAG 2.1 A and AA rules. Without Chromium these tests skip,
except under CI, where they fail.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from plp.format.layout import week_file
from plp.sites import SiteOptions, build_sites

from .support import DEMO, demo_repository
from .test_page_texts import PAGES

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo students' sites, built into a folder."""
    plans = demo_repository(tmp_path_factory.mktemp("demo"))
    folder = tmp_path_factory.mktemp("sites")
    report = build_sites(SiteOptions(plans=plans, out=folder, today="2026-11-25"))
    assert not report.failed and not report.findings
    return folder


@pytest.fixture(scope="module")
def server(sites: Path) -> Iterator[str]:
    """The demo students' sites, served on a free local port."""
    handler = functools.partial(QuietHandler, directory=str(sites))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Visit:
    """A browser tab: what each page it loads asked for, and what it logged."""

    def __init__(self, browser: Any, url: str = "") -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        if url:
            self.goto(url)

    def goto(self, url: str) -> None:
        self.requests.clear()
        self.errors.clear()
        response = self.page.goto(url)
        assert response is not None and response.ok, url
        self.page.wait_for_load_state("load")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def axe_violations(self) -> list[str]:
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page, options={"runOnly": {"type": "tag", "values": WCAG}})
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
            for v in results.response["violations"]
        ]

    def close(self) -> None:
        self.page.close()


@pytest.mark.parametrize("path", sorted(PAGES))
def test_each_page_type_shows_its_first_words_with_no_error_and_no_outside_request(
    path: str, server: str, browser: Any
) -> None:
    """The texts are checked in the HTML (test_page_texts.py); here, that a browser shows
    them, with no script error and no request to another host."""
    visit = Visit(browser, f"{server}/ava-martinez/{path}")
    try:
        assert PAGES[path][0] in visit.page.inner_text("article")
        assert visit.errors == []
        outside = [url for url in visit.requests if not url.startswith(server)]
        assert outside == []
    finally:
        visit.close()


def test_evidence_images_are_shown(server: str, browser: Any) -> None:
    visit = Visit(browser, f"{server}/ava-martinez/evidence.html")
    try:
        image = visit.page.locator("article img")
        assert image.count() == 1
        assert "Factoring notes with area models" in (image.get_attribute("alt") or "")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    finally:
        visit.close()


def test_search_works_offline_on_the_students_own_pages(server: str, browser: Any) -> None:
    visit = Visit(browser, f"{server}/ava-martinez/index.html")
    try:
        box = visit.page.locator("input[data-md-component='search-query']")
        box.click()
        box.press_sequentially("factoring", delay=20)  # as a student types
        results = visit.page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10_000)
        assert "actoring" in results.first.inner_text()
        assert [url for url in visit.requests if not url.startswith(server)] == []
    finally:
        visit.close()


def test_search_finds_a_reflection_in_a_site_opened_from_disk(sites: Path, browser: Any) -> None:
    """A zipped or exported site is opened from its folder: search must work there too."""
    page = (sites / "ava-martinez" / "growth.html").as_uri()
    visit = Visit(browser)
    try:
        visit.page.goto(page)
        visit.page.wait_for_load_state("load")
        box = visit.page.locator("input[data-md-component='search-query']")
        box.click()
        box.press_sequentially("clicked", delay=20)  # "Factoring finally clicked", a reflection
        results = visit.page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10_000)
        assert "Factoring finally clicked" in visit.page.inner_text(".md-search-result")
        assert visit.errors == []
        assert [url for url in visit.requests if not url.startswith("file://")] == []
    finally:
        visit.close()


def test_every_page_of_every_demo_student_passes_axe(server: str, browser: Any) -> None:
    """WCAG 2.1 A and AA, as axe-core checks them, on every page of every demo site."""
    failures: dict[str, list[str]] = {}
    checked = 0
    visit = Visit(browser)
    for student_dir in sorted(DEMO.iterdir()):
        if student_dir.name.startswith("_"):
            continue
        student = student_dir.name
        pages = ["index.html", "story.html", "journal.html", "evidence.html", "conversations.html",
                 "history.html", "then-and-now.html", "growth.html"]  # fmt: skip
        weeks = (week_file(PurePosixPath(p.name)) for p in (student_dir / "weeks").glob("*.md"))
        pages += sorted({f"weeks/{week[0]}.html" for week in weeks if week})  # a page a week
        visit.goto(f"{server}/{student}/index.html")
        goal_links = visit.page.eval_on_selector_all(
            "article a[href^='goals/']", "links => links.map(a => a.getAttribute('href'))"
        )
        pages += sorted(set(goal_links))
        for path in pages:
            visit.goto(f"{server}/{student}/{path}")
            violations = visit.axe_violations()
            if violations or visit.errors:
                failures[f"{student}/{path}"] = violations + visit.errors
            checked += 1
    visit.close()
    assert failures == {}
    assert checked >= 65

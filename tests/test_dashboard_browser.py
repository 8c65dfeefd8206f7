"""The staff dashboard in a real browser: the same checks as the students' sites (axe-core
WCAG 2.1 A and AA, no request leaves the local server, no console errors), and sorting."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plp.cli import main
from tests.support import DEMO, git
from tests.test_browser import QuietHandler, Visit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo school's staff dashboard, served on a free local port."""
    root = tmp_path_factory.mktemp("dash")
    shutil.copytree(DEMO, root / "plans")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "plans", when="2026-09-01T12:00:00+00:00")
    out = root / "staff"
    argv = ["dashboard", "--plans", str(root / "plans"), "--out", str(out), "--today",
            "2026-11-30", "--config", str(root / "mkdocs.yml")]  # fmt: skip
    assert main(argv) == 0
    handler = functools.partial(QuietHandler, directory=str(out / "dashboard"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _pages(root: Path) -> list[str]:
    return ["index.html", *(f"rosters/{p.name}" for p in sorted(root.glob("rosters/*.html")))]


def test_every_dashboard_page_passes_axe_and_stays_local(server: str, browser: Any) -> None:
    visit = Visit(browser)
    failures: dict[str, list[str]] = {}
    try:
        for path in ["index.html", "rosters/algebra-2-p3.html", "rosters/studio-9b.html"]:
            visit.goto(f"{server}/{path}")
            violations = visit.axe_violations()
            if violations:
                failures[path] = violations
            assert visit.errors == [], path
            assert [u for u in visit.requests if not u.startswith(server)] == [], path
    finally:
        visit.close()
    assert failures == {}


def test_the_table_sorts_by_a_column(server: str, browser: Any) -> None:
    visit = Visit(browser, f"{server}/index.html")
    try:
        names = "rows => rows.map(r => r.cells[0].innerText)"
        first = visit.page.eval_on_selector_all("table.plp-sortable tbody tr", names)
        visit.page.get_by_role("button", name="Student").click()
        visit.page.get_by_role("button", name="Student").click()  # descending
        after = visit.page.eval_on_selector_all("table.plp-sortable tbody tr", names)
        assert after == sorted(first, key=str.lower, reverse=True)
        header = visit.page.locator("table.plp-sortable thead th").first
        assert header.get_attribute("aria-sort") == "descending"
        assert visit.errors == []
    finally:
        visit.close()

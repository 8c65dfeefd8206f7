"""The project's documentation passes the same browser checks as the students' sites:
axe-core (WCAG 2.1 A and AA, and best practice), no console errors, no other host."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .support import ROOT
from .test_browser import QuietHandler, Visit
from .test_site_design import WCAG_AND_BEST_PRACTICE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The docs built as they are deployed (mkdocs-docs-only.yml), served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("docs")
    for name in ("mkdocs.yml", "mkdocs-docs-only.yml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "docs", root / "docs")
    site = root / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
         str(root / "mkdocs-docs-only.yml"), "-d", str(site)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_docs_page_passes_axe(scheme: str, docs_site: tuple[Path, str], browser: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    site, server = docs_site
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "index.html" in pages and "it.html" in pages
    failures: dict[str, list[str]] = {}
    visit = Visit(browser)
    visit.page.close()
    visit.page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    visit.page.on("request", lambda request: visit.requests.append(request.url))
    visit.page.on("console", visit._console)
    visit.page.on("pageerror", lambda error: visit.errors.append(str(error)))
    try:
        for path in pages:
            if path == "404.html":
                continue
            visit.goto(f"{server}/{path}")
            results = Axe().run(
                visit.page, options={"runOnly": {"type": "tag", "values": WCAG_AND_BEST_PRACTICE}}
            )
            problems = [
                f"{v['id']}: {v['help']} (e.g. {v['nodes'][0]['html'][:120]})"
                for v in results.response["violations"]
            ]
            problems += [f"console: {error}" for error in visit.errors]
            problems += [f"asked {url}" for url in visit.requests if not url.startswith(server)]
            if problems:
                failures[path] = problems
    finally:
        visit.close()
    assert failures == {}

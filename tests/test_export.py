"""plp export: the take-home archive is complete, deterministic, holds nothing of another
student, and its site works opened from disk in a real browser, search included."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from plp.cli import main

from .support import DEMO, demo_repository

TODAY = "2026-11-25"
OTHERS = [p.name for p in DEMO.iterdir() if p.is_dir() and p.name not in ("ava-martinez",)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Ava's archive of the demo school, and the plans it came from."""
    plans = demo_repository(tmp_path_factory.mktemp("demo"))
    out = tmp_path_factory.mktemp("out") / "ava.zip"
    args = ["export", "ava-martinez", "--out", str(out), "--plans", str(plans)]
    assert main([*args, "--today", TODAY]) == 0
    return out, plans


def test_the_archive_holds_site_files_history_and_readme(exported: tuple[Path, Path]) -> None:
    out, _ = exported
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        for name in [
            "README.txt",
            "history.json",
            "history.md",
            "site/index.html",
            "site/journal.html",
            "site/history.html",
            "site/search/search_index.js",
            "plan/ava-martinez/plan.md",
            "plan/ava-martinez/reflections/2026-11-24.md",
            "plan/ava-martinez/evidence/factoring-notes.svg",
        ]:
            assert name in names, name
        events = json.loads(archive.read("history.json"))
        assert any(e["type"] == "goal.changed" for e in events)
        assert "extended the deadline" in archive.read("history.md").decode()
        assert "site/index.html" in archive.read("README.txt").decode()
        every_byte = b"".join(archive.read(name) for name in names)
    for other in OTHERS:  # nothing of another student: not their id, not their name
        assert other.encode() not in every_byte, other
        assert other.replace("-", " ").title().encode() not in every_byte, other


def test_the_archive_is_deterministic(exported: tuple[Path, Path], tmp_path: Path) -> None:
    out, plans = exported
    again = tmp_path / "again.zip"
    args = ["export", "ava-martinez", "--out", str(again), "--plans", str(plans)]
    assert main([*args, "--today", TODAY]) == 0
    assert again.read_bytes() == out.read_bytes()
    assert main([*args, "--today", TODAY]) == 0  # an archive plp wrote is replaced


def test_export_never_overwrites_a_file_it_did_not_write(
    exported: tuple[Path, Path], tmp_path: Path, capsys: Any
) -> None:
    _, plans = exported
    mine = tmp_path / "mine.zip"
    mine.write_bytes(b"my own work")
    args = ["export", "ava-martinez", "--out", str(mine), "--plans", str(plans)]
    assert main(args) == 2
    assert "plp did not write it" in capsys.readouterr().err
    assert mine.read_bytes() == b"my own work"


@pytest.mark.browser
def test_unzipped_site_navigates_and_searches_from_disk(
    exported: tuple[Path, Path], tmp_path: Path, browser: Any
) -> None:
    out, _ = exported
    with zipfile.ZipFile(out) as archive:
        archive.extractall(tmp_path)
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((tmp_path / "site" / "index.html").as_uri())
        page.get_by_role("link", name="My story").first.click()
        page.wait_for_url("**/story.html")
        assert "I like to understand how things work" in page.inner_text("article")
        box = page.locator("input[data-md-component='search-query']")
        box.click()
        box.press_sequentially("factoring finally", delay=20)
        found = page.locator(".md-search-result__item", has_text="clicked").first
        found.wait_for(timeout=15_000)  # the reflection, found by its words
        found.locator("a").first.click()
        page.wait_for_url("**/journal.html*")
        assert "Factoring finally clicked" in page.inner_text("article")
        assert errors == []
        assert [url for url in requests if not url.startswith(("file:", "data:", "about:"))] == []
    finally:
        page.close()

"""Shared fixtures: a fixed Git identity and clock, the test data, running the CLI."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .support import GIT_ENV, SPEC_EXAMPLE


@pytest.fixture(autouse=True)
def _fixed_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def school(tmp_path: Path) -> Path:
    """A copy of the spec's example as ``tmp/plans``; returns the plans folder."""
    plans = tmp_path / "plans"
    shutil.copytree(SPEC_EXAMPLE, plans)
    return plans


CHROMIUM = os.environ.get("PLP_CHROMIUM") or shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless; skipped without it, except under CI, where it fails."""
    if CHROMIUM is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()

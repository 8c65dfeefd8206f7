"""Shared fixtures: a fixed Git identity and clock, the test data, running the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from .support import GIT_ENV, ROOT, SPEC_EXAMPLE

# Hypothesis keeps what it learns in ./.hypothesis by default: in the project checkout,
# which no test may write to (see _checkout_untouched).
_USER = getattr(os, "getuid", lambda: 0)()
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / f"plp-tests-hypothesis-{_USER}")


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


#: What tools write into a checkout as they run, and nothing else may.
_TOOL_OUTPUT = ("__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache")


def _checkout_state() -> list[str]:
    """``git status`` of the project checkout, ignored files included; what an ignored
    folder holds is listed too, so that a cache written inside one is seen."""
    done = subprocess.run(
        ["git", "status", "--porcelain=v1", "-z", "--ignored"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        return []  # not a Git checkout (an unpacked source release): nothing to compare
    state = []
    for entry in sorted(filter(None, done.stdout.split("\0"))):
        path = entry[3:]
        if any(part in _TOOL_OUTPUT for part in Path(path).parts) or path.startswith(".venv"):
            continue
        state.append(entry)
        folder = ROOT / path
        if entry.startswith("!!") and folder.is_dir() and not folder.is_symlink():
            state += sorted(
                f"   {file.relative_to(ROOT)}:{file.lstat().st_mtime_ns}"
                for file in folder.rglob("*")
                if not any(part in _TOOL_OUTPUT for part in file.parts)
            )
    return state


@pytest.fixture(autouse=True)
def _checkout_untouched() -> Iterator[None]:
    """Tests work in their own folders: a test that changes the project checkout fails."""
    before = _checkout_state()
    yield
    after = _checkout_state()
    assert after == before, "this test changed the project checkout: " + ", ".join(
        sorted(set(after) ^ set(before))[:5]
    )


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

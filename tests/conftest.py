"""Shared fixtures: a fixed Git identity and clock, the test data, running the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

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

"""Paths of the command line that only a user would otherwise try: ``plp history
--format markdown``, a renamed weekly plan in the timeline, ``plp build --no-history``,
and what a bug in plp shows (exit 3)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plp.cli import main

from .support import GIT_ENV, SPEC_EXAMPLE
from .test_history import AVA, RIVERA, Repo

WEEK = "plans/ava-martinez/weeks/2026-W48.md"
TODAY = "2026-11-25"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """The spec's example committed by Ava; Ms. Rivera then moves the week's plan."""
    repo = Repo(tmp_path / "school")
    shutil.copytree(SPEC_EXAMPLE, repo.root / "plans")
    repo.commit("Start my plan", AVA, "2026-09-01T16:00:00-05:00")
    repo.git("mv", WEEK, WEEK.replace("W48", "W49"))
    repo.edit(WEEK.replace("W48", "W49"), "week: 2026-W48", "week: 2026-W49")
    repo.commit("One week later", RIVERA, "2026-10-02T09:00:00-05:00")
    return repo


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text(page: Path) -> str:
    """The text of a built page, as a reader sees it (tags gone, entities decoded)."""
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def _history(repo: Repo, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    plans = str(repo.root / "plans")
    assert main(["history", "ava-martinez", "--plans", plans, *options]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_a_moved_weekly_plan_is_told_in_words(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _history(repo, capsys)
    moved = (
        "Dana Rivera moved the plan for the week of 23 November 2026 "
        "to the week of 30 November 2026. [advisor]"
    )
    assert moved in out
    assert "plans/" not in out and ".md" not in out


def test_history_as_markdown_has_a_heading_per_month_and_a_line_per_change(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _history(repo, capsys, "--format", "markdown")
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings == ["## September 2026", "## October 2026"]
    commit = repo.git("rev-parse", "HEAD")[:8]
    moved = (
        "- 2026-10-02: Dana Rivera moved the plan for the week of 23 November 2026 "
        "to the week of 30 November 2026."
    )
    assert f"{moved} [advisor] (`{commit}`)" in out.splitlines()
    items = [line for line in out.splitlines() if line.startswith("- ")]
    assert all(re.fullmatch(r"- 2026-\d\d-\d\d: .+ \[\w+\] \(`[0-9a-f]{8}`\)", i) for i in items)
    assert len(items) == len([line for line in _history(repo, capsys).splitlines() if "  " in line])


def test_build_without_history_reads_no_history(repo: Repo, tmp_path: Path) -> None:
    out = tmp_path / "out"
    argv = ["build", "--plans", str(repo.root / "plans"), "--out", str(out), "--today", TODAY]
    timeline = out / "ava-martinez" / "history.html"
    assert main(argv) == 0
    assert "moved the plan for the week of 23 November 2026" in _text(timeline)
    assert main([*argv, "--no-history"]) == 0
    shown = _text(timeline)
    assert "No history to show: history was not read for this build." in shown
    assert "moved the plan" not in shown and "set a new goal" not in shown
    assert (out / "ava-martinez" / "goals" / "math-ch10.html").is_file()


def _broken_validate(*args: object, **kwargs: object) -> None:
    raise RuntimeError("the checker tripped over itself")


def test_a_bug_shows_a_short_message_exit_3_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A stand-in for a bug: the one way to make plp's own code fail on purpose.
    monkeypatch.setattr("plp.cli.validate.validate", _broken_validate)
    monkeypatch.delenv("PLP_DEBUG", raising=False)
    assert main(["validate", str(SPEC_EXAMPLE)]) == 3
    out, err = capsys.readouterr()
    assert "internal error (RuntimeError: the checker tripped over itself)" in err
    assert "This is a bug in plp" in err and "PLP_DEBUG=1" in err
    assert "Traceback" not in out + err
    monkeypatch.setenv("PLP_DEBUG", "1")
    assert main(["validate", str(SPEC_EXAMPLE)]) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "_broken_validate" in err


def test_a_bug_in_a_real_process_exits_3(tmp_path: Path) -> None:
    """The same, end to end: ``python -m plp`` with the failure planted by a startup hook."""
    hook = tmp_path / "sitecustomize.py"
    hook.write_text(
        "import plp.cli.validate as v\n"
        "def broken(*a, **k):\n    raise RuntimeError('planted')\n"
        "v.validate = broken\n",
        encoding="utf-8",
    )
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(tmp_path)}
    env.pop("PLP_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "plp", "validate", str(SPEC_EXAMPLE)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 3
    assert "internal error (RuntimeError: planted)" in done.stderr
    assert "Traceback" not in done.stderr

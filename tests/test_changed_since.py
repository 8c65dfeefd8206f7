"""Checking and listing only what changed since a commit: ``plp validate --changed-since``
for pull requests and ``plp students --changed-since`` for the sites workflow."""

from __future__ import annotations

from pathlib import Path

import pytest

from plp.cli import main

from .support import demo_repository, git


def break_a_reflection(plans: Path, student: str) -> str:
    """Give one of ``student``'s reflections a kind no reflection has; its path in plans."""
    reflection = sorted((plans / student / "reflections").glob("*.md"))[0]
    text = reflection.read_text(encoding="utf-8")
    reflection.write_text(text.replace("kind: ", "kind: not-a-kind-", 1), encoding="utf-8")
    return reflection.relative_to(plans).as_posix()


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """The demo school, with ava-martinez's reflection already broken in the base commit."""
    plans = demo_repository(tmp_path / "repo")
    break_a_reflection(plans, "ava-martinez")
    git(plans.parent, "commit", "-q", "-am", "Broken before the change")
    return plans


def test_validate_checks_the_changed_students_folders_only(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = git(plans.parent, "rev-parse", "HEAD")
    broken = break_a_reflection(plans, "jonah-lee")
    git(plans.parent, "commit", "-q", "-am", "A change to one student")
    capsys.readouterr()
    assert main(["validate", "--plans", str(plans), "--changed-since", base]) == 1
    printed = capsys.readouterr().out
    assert broken in printed
    assert "ava-martinez" not in printed  # not touched by the change: not checked
    assert main(["validate", "--plans", str(plans)]) == 1
    assert "ava-martinez" in capsys.readouterr().out


def test_validate_checks_everything_when_the_school_file_changed(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = git(plans.parent, "rev-parse", "HEAD")
    school = plans / "_school.yml"
    school.write_text(school.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--plans", str(plans), "--changed-since", base]) == 1
    assert "ava-martinez" in capsys.readouterr().out


def test_validate_with_nothing_changed_checks_nothing(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["validate", "--plans", str(plans), "--changed-since", "HEAD"]) == 0
    assert "0 files checked" in capsys.readouterr().out


def test_validate_changed_since_a_bad_revision_or_with_paths_is_a_usage_error(
    plans: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--plans", str(plans), "--changed-since", "no-such-branch"]) == 2
    assert "'no-such-branch' is not a commit of this repository" in capsys.readouterr().err
    argv = ["validate", "--plans", str(plans), "--changed-since", "HEAD", str(plans)]
    assert main(argv) == 2
    assert "give no PATH" in capsys.readouterr().err


def test_students_lists_the_changed_ones(plans: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(plans.parent, "rev-parse", "HEAD")
    (plans / "noor-halvorsen" / "evidence" / "notes.md").write_text(
        "---\ntitle: Notes\ndate: 2026-11-20\n---\nNotes.\n", encoding="utf-8"
    )  # not even committed: the working tree counts
    capsys.readouterr()
    assert main(["students", "--plans", str(plans), "--changed-since", base]) == 0
    assert capsys.readouterr().out == "noor-halvorsen\n"
    argv = ["students", "--plans", str(plans), "--changed-since", base, "--github-matrix", "8"]
    assert main(argv) == 0
    assert capsys.readouterr().out == '[["noor-halvorsen"]]\n'

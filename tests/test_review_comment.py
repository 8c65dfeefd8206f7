"""One comment per pull request: created once, then edited, against recorded API answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from plp.cli import main

from .github_replay import Replay, replay_api

LIST = ("GET", "/repos/maple-ridge/plans/issues/7/comments?per_page=100")
PAGE_2 = ("GET", "/repositories/700123/issues/7/comments?per_page=100&page=2")
CREATE = ("POST", "/repos/maple-ridge/plans/issues/7/comments")
UPDATE = ("PATCH", "/repos/maple-ridge/plans/issues/comments/2001")


@pytest.fixture
def summary(tmp_path: Path) -> Path:
    path = tmp_path / "summary.md"
    path.write_text("<!-- plp-diff -->\n### What this change means\n", encoding="utf-8")
    return path


def post(
    replay: Replay,
    summary: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str]:
    monkeypatch.setenv("GITHUB_API_URL", replay.base)
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_recorded")
    monkeypatch.setenv("GITHUB_REPOSITORY", "maple-ridge/plans")
    status = main(["comment", "--pr", "7", str(summary)])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_comment_is_created_once_then_edited(
    summary: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = {
        LIST: ["issue-comments-page1.json"],
        PAGE_2: ["issue-comments-page2-without-plp.json"],
        CREATE: ["issue-comment-created.json"],
    }
    with replay_api(routes) as first:
        status, out, _ = post(first, summary, monkeypatch, capsys)
    assert status == 0
    assert "created comment 2001" in out
    assert [(r.method, r.path) for r in first.requests] == [LIST, PAGE_2, CREATE]
    assert first.requests[-1].body == {"body": summary.read_text(encoding="utf-8")}
    assert {r.authorization for r in first.requests} == {"Bearer ghs_recorded"}

    summary.write_text("<!-- plp-diff -->\n### What this change means, after a push\n", "utf-8")
    routes = {
        LIST: ["issue-comments-page1.json"],
        PAGE_2: ["issue-comments-page2-with-plp.json"],
        UPDATE: ["issue-comment-updated.json"],
    }
    with replay_api(routes) as second:
        status, out, _ = post(second, summary, monkeypatch, capsys)
    assert status == 0
    assert "updated comment 2001" in out
    assert [(r.method, r.path) for r in second.requests] == [LIST, PAGE_2, UPDATE]
    assert second.requests[-1].body == {
        "body": "<!-- plp-diff -->\n### What this change means, after a push\n"
    }


def test_a_comment_quoting_the_marker_by_someone_else_is_never_edited(
    summary: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Page 1 holds a student's comment that starts with the marker: plp posts its own."""
    routes = {
        LIST: ["issue-comments-page1.json"],
        PAGE_2: ["issue-comments-page2-without-plp.json"],
        CREATE: ["issue-comment-created.json"],
    }
    with replay_api(routes) as replay:
        post(replay, summary, monkeypatch, capsys)
    assert not any(r.method == "PATCH" for r in replay.requests)


def test_a_token_without_permission_gets_a_clear_message(
    summary: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = {
        LIST: ["issue-comments-page1.json"],
        PAGE_2: ["issue-comments-page2-without-plp.json"],
        CREATE: ["forbidden.json"],
    }
    with replay_api(routes) as replay:
        status, _, err = post(replay, summary, monkeypatch, capsys)
    assert status == 2
    assert "the API answered 403" in err
    assert "Resource not accessible by integration" in err
    assert "pull-requests: write" in err
    assert "Traceback" not in err


def test_no_token_is_a_usage_error(
    summary: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert main(["comment", "--pr", "7", "--repo", "maple-ridge/plans", str(summary)]) == 2
    assert "GITHUB_TOKEN is not set" in capsys.readouterr().err

"""``plp feedback archive``: staff reviews of a merged pull request kept in ``feedback/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from plp.cli import main

from .github_replay import replay_api
from .support import DATA, demo_repository

REVIEWS = ("GET", "/repos/maple-ridge/plans/pulls/7/reviews?per_page=100")
REVIEWS_2 = ("GET", "/repositories/700123/pulls/7/reviews?per_page=100&page=2")
COMMENTS = ("GET", "/repos/maple-ridge/plans/pulls/7/comments?per_page=100")
ROUTES = {
    REVIEWS: ["reviews-page1.json"],
    REVIEWS_2: ["reviews-page2.json"],
    COMMENTS: ["review-comments.json"],
}
FROM_FILE = DATA / "github" / "pr7-from-api.json"
KEPT = "feedback/2026-12-01-review-3001.md"


def archive(plans: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    status = main(["feedback", "archive", "--pr", "7", "--plans", str(plans), *extra])
    out, err = capsys.readouterr()
    return status, out + err


def test_a_review_becomes_feedback_in_the_students_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = demo_repository(tmp_path)
    with replay_api(ROUTES) as replay:
        monkeypatch.setenv("GITHUB_API_URL", replay.base)
        monkeypatch.setenv("GITHUB_TOKEN", "ghs_recorded")
        monkeypatch.setenv("GITHUB_REPOSITORY", "maple-ridge/plans")
        status, said = archive(plans, capsys)
    assert status == 0, said
    assert [(r.method, r.path) for r in replay.requests] == [REVIEWS, REVIEWS_2, COMMENTS]
    written = sorted(p.name for p in (plans / "ava-martinez" / "feedback").iterdir())
    assert written == ["2026-11-25.md", "2026-12-01-review-3001.md"]
    text = (plans / "ava-martinez" / KEPT).read_text(encoding="utf-8")
    assert text.startswith(
        "---\ndate: 2026-12-01\nby: rivera\ngoals: [math-ch10]\n"
        'source: "https://github.com/maple-ridge/plans/pull/7#pullrequestreview-3001"\n---\n'
        "Good week, Ava. Keep the tutoring going until the test.\n\n"
        "On `plan.md`, line 30:\n\nTwelve days is enough if you do problems 7 and 9 first.\n"
    )
    # The student's reply is context, quoted under the comment it answers; the student's
    # own review is never staff feedback.
    assert "The student replied (kept as context):\n\n> Because of the area model!" in text
    assert "Dana Rivera replied:\n\n> Yes, exactly that." in text
    assert "I also think I did great" not in text
    assert "review 3002 by avamtz: not staff" in said
    assert main(["validate", str(plans / "ava-martinez")]) == 0


def test_a_second_run_adds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plans = demo_repository(tmp_path)
    status, said = archive(plans, capsys, "--from", str(FROM_FILE))
    assert status == 0
    assert "1 new feedback file(s)" in said
    before = {p: p.read_bytes() for p in (plans / "ava-martinez" / "feedback").iterdir()}
    status, said = archive(plans, capsys, "--from", str(FROM_FILE))
    assert status == 0
    assert "0 new feedback file(s), 1 review(s) kept before" in said
    after = {p: p.read_bytes() for p in (plans / "ava-martinez" / "feedback").iterdir()}
    assert after == before


def test_a_renamed_kept_review_is_not_written_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A teacher renames the kept file: its source still says the review is kept."""
    plans = demo_repository(tmp_path)
    archive(plans, capsys, "--from", str(FROM_FILE))
    folder = plans / "ava-martinez" / "feedback"
    (folder / "2026-12-01-review-3001.md").rename(folder / "2026-12-01-chapter-10.md")
    status, said = archive(plans, capsys, "--from", str(FROM_FILE))
    assert status == 0
    assert "0 new feedback file(s)" in said
    assert not (folder / "2026-12-01-review-3001.md").exists()


def test_a_file_that_is_not_the_apis_json_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = demo_repository(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text('["not", "it"]', encoding="utf-8")
    status, said = archive(plans, capsys, "--from", str(bad))
    assert status == 2
    assert 'expected {"reviews": [...], "comments": [...]}' in said

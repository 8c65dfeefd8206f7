"""``plp diff``: a change to the plans in words a teacher reads, from real Git repositories."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from plp.cli import main
from plp.demo.generator import GeneratedSchool, generate_school

from .support import AVA_GIT, demo_repository, git


def diff(capsys: pytest.CaptureFixture[str], plans: Path, *args: str) -> tuple[int, str]:
    status = main(["diff", "--plans", str(plans), *args])
    out, _ = capsys.readouterr()
    return status, out


def diff_json(capsys: pytest.CaptureFixture[str], plans: Path, *args: str) -> dict[str, Any]:
    status, out = diff(capsys, plans, *args, "--format", "json")
    assert status == 0
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSchool:
    return generate_school(tmp_path_factory.mktemp("gen") / "school", students=8, weeks=4, seed=5)


def _rev_list(root: Path, *args: str) -> list[str]:
    return git(root, "rev-list", *args).split()


# Of the generator's ground truth, what the summary must name, as (kind, path, goal).
_MUST = {
    "goal.added": ("goal.added",),
    "goal.changed": ("goal.changed", "goal.met"),
    "reflection.added": ("reflection.added",),
    "evidence.added": ("evidence.added",),
    "feedback.added": ("feedback.added",),
}


def test_each_pull_request_lists_every_goal_reflection_and_evidence_and_no_one_else(
    school: GeneratedSchool, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = school.root / "plans"
    merges = _rev_list(school.root, "--merges", "main")
    assert merges
    checked = 0
    for merge in merges:
        commits = set(_rev_list(school.root, f"{merge}^1..{merge}"))
        truth = [e for e in school.expected_events if e["commit"] in commits]
        data = diff_json(capsys, plans, f"{merge}^1", merge)
        listed = {s["student"] for s in data["students"]}
        assert listed == {e["student"] for e in truth}, merge
        entries = {
            (entry["kind"], f"plans/{entry['path']}", entry.get("goal", ""))
            for student in data["students"]
            for entry in student["entries"]
        }
        # A file added, then removed or renamed in the same pull request is not new.
        net = set(git(school.root, "diff", "--name-only", f"{merge}^1", merge).split("\n"))
        for event in truth:
            if event["type"] in _MUST and event["path"] in net:
                goal = event.get("goal", "") if event["type"].startswith("goal") else ""
                found = {(kind, event["path"], goal) for kind in _MUST[event["type"]]}
                assert found & entries, (merge, event)
                checked += 1
    assert checked > 0


def test_a_range_of_commits_leaves_out_students_who_did_not_change(
    school: GeneratedSchool, capsys: pytest.CaptureFixture[str]
) -> None:
    merge = _rev_list(school.root, "--merges", "main")[0]
    data = diff_json(capsys, school.root / "plans", f"{merge}^1", merge)
    assert 0 < len(data["students"]) < len(school.students)
    status, text = diff(capsys, school.root / "plans", f"{merge}^1", merge)
    assert status == 0
    for student in set(school.students) - {s["student"] for s in data["students"]}:
        assert student not in text


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, who=AVA_GIT, when="2026-12-01T16:00:00-06:00")


@pytest.fixture
def ava_week(tmp_path: Path) -> tuple[Path, Path]:
    """The demo plans in a repository, and Ava's folder, with a commit made of a typical
    week's update: a goal met, a deadline moved, a step done, an activity done, a new
    reflection, new evidence with a picture, and a story edit."""
    plans = demo_repository(tmp_path)
    ava = plans / "ava-martinez"
    _edit(ava / "plan.md", "    status: in-progress", "    status: met")
    _edit(ava / "plan.md", "deadline: 2027-01-15", "deadline: 2027-01-29")
    _edit(ava / "plan.md", "every Tuesday\n        when: weekly\n        done: false",
          "every Tuesday\n        when: weekly\n        done: true")  # fmt: skip
    _edit(ava / "plan.md", "by taking them apart", "by building them")
    _edit(ava / "weeks" / "2026-W48.md", "    status: doing", "    status: done")
    (ava / "reflections" / "2026-12-01.md").write_text(
        "---\ndate: 2026-12-01\nkind: weekly\ngoals: [math-ch10]\nconfidence: 4\nhabits: 3\n"
        "---\nI met my math goal.\n\nNext I want to help *others* with factoring.\n",
        encoding="utf-8",
    )
    (ava / "evidence" / "test-result.md").write_text(
        "---\ntitle: My Chapter 10 test\ndate: 2026-12-01\nkind: assessment\n"
        "goals: [math-ch10]\nfiles: [test-result.svg]\n---\nThe test where it all came together.\n",
        encoding="utf-8",
    )
    (ava / "evidence" / "test-result.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n', encoding="utf-8"
    )
    _commit(plans.parent, "My week")
    return plans, ava


def test_a_typical_week_in_words(
    ava_week: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, _ = ava_week
    status, text = diff(capsys, plans, "HEAD~1", "HEAD")
    assert status == 0
    assert "Ava (ava-martinez)" in text
    assert "Goal met: Score at least 85% on the Chapter 10 test (was in progress)" in text
    assert (
        "Turn in every ELA essay by its due date this term: Deadline 15 January 2027 → "
        "29 January 2027" in text
    )
    assert "step done: Go to math tutoring every Tuesday" in text
    assert "Week 2026-W48 (math): 2 of 3 done, was 1 of 3" in text
    assert "now done: Finish the practice set" in text
    assert "New reflection of 1 December 2026, weekly; confidence 4/5, habits 3/5" in text
    assert "| I met my math goal." in text
    assert "| Next I want to help *others* with factoring." in text  # quoted in full
    assert "New evidence: My Chapter 10 test" in text
    assert "picture: ava-martinez/evidence/test-result.svg" in text
    assert "[-taking them apart.-] {+building them.+}" in text
    assert "Validation: no problems." in text
    for other in ("jonah-lee", "noor-halvorsen", "theo-brightwater"):
        assert other not in text


def test_markdown_escapes_and_links_pictures(
    ava_week: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, _ = ava_week
    status, text = diff(
        capsys, plans, "HEAD~1", "HEAD", "--format", "markdown",
        "--link-base", "https://example.invalid/blob/abc/plans",
        "--preview", "ava-martinez=https://example.invalid/artifacts/1",
    )  # fmt: skip
    assert status == 0
    assert text.startswith("<!-- plp-diff -->\n")
    assert "#### Ava (`ava-martinez`)" in text
    assert "  > Next I want to help \\*others\\* with factoring." in text
    assert (
        '<img src="https://example.invalid/blob/abc/plans/ava-martinez/evidence/test-result.svg"'
        in text
    )
    assert "[Preview of the site](https://example.invalid/artifacts/1)" in text
    assert "~~taking them apart.~~ **building them.**" in text


def test_json_has_from_and_to(
    ava_week: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plans, _ = ava_week
    data = diff_json(capsys, plans, "HEAD~1", "HEAD")
    (ava,) = data["students"]
    changed = [e for e in ava["entries"] if e["kind"] == "goal.changed"]
    assert [(e["goal"], e["field"], e["from"], e["to"]) for e in changed] == [
        ("essays-on-time", "deadline", "2027-01-15", "2027-01-29")
    ]
    progress = next(e for e in ava["entries"] if e["kind"] == "week.progress")
    assert (progress["from"], progress["to"]) == ([1, 3], [2, 3])
    assert ava["validation"] == {"checked": True, "ok": True, "findings": []}


def test_reordering_and_reformatting_give_no_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = demo_repository(tmp_path)
    plan = plans / "ava-martinez" / "plan.md"
    text = plan.read_text(encoding="utf-8")
    goals_at = text.index("  - id: essays-on-time")
    robotics_at = text.index("  - id: robotics-team")
    publish_at = text.index("publish:")
    goals_start = text.index("  - id: math-ch10")
    reordered = (
        text[:goals_start]
        + text[robotics_at:publish_at]
        + text[goals_start:goals_at]
        + text[goals_at:robotics_at]
        + text[publish_at:]
    )
    reordered = reordered.replace(
        "interests: [robotics, soccer, drawing]",
        "interests:\n    - soccer\n    - robotics\n    - drawing",
    ).replace("grade: 10", "grade:   10   # this year")
    plan.write_text(reordered, encoding="utf-8")
    week = plans / "ava-martinez" / "weeks" / "2026-W48.md"
    _edit(week, "areas: [math]", "areas:\n  - math")
    _commit(plans.parent, "Tidy")
    data = diff_json(capsys, plans, "HEAD~1", "HEAD")
    assert [(s["student"], s["entries"]) for s in data["students"]] == [("ava-martinez", [])]


def test_working_tree_and_staged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plans = demo_repository(tmp_path)
    reflection = plans / "jonah-lee" / "reflections" / "2026-12-02.md"
    reflection.write_text(
        "---\ndate: 2026-12-02\nkind: daily\n---\nNot staged yet.\n", encoding="utf-8"
    )
    data = diff_json(capsys, plans, "HEAD", "--working-tree")
    assert [s["student"] for s in data["students"]] == ["jonah-lee"]
    assert data["students"][0]["entries"][0]["quote"] == "Not staged yet."
    assert diff_json(capsys, plans, "HEAD", "--staged")["students"] == []
    git(plans.parent, "add", "-A")
    assert [s["student"] for s in diff_json(capsys, plans, "HEAD", "--staged")["students"]] == [
        "jonah-lee"
    ]


def test_default_base_is_the_merge_base_with_main(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = demo_repository(tmp_path)
    git(plans.parent, "checkout", "-q", "-b", "ava/week")
    _edit(plans / "ava-martinez" / "plan.md", "    status: in-progress", "    status: met")
    _commit(plans.parent, "Met")
    git(plans.parent, "checkout", "-q", "main")
    _edit(plans / "jonah-lee" / "plan.md", "graduation_year", "graduation_year")  # no change
    git(plans.parent, "checkout", "-q", "ava/week")
    data = diff_json(capsys, plans)
    assert [s["student"] for s in data["students"]] == ["ava-martinez"]
    assert data["students"][0]["entries"][0]["kind"] == "goal.met"


def test_an_unknown_revision_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = demo_repository(tmp_path)
    assert main(["diff", "--plans", str(plans), "no-such-branch"]) == 2
    assert "'no-such-branch' is not a commit of this repository" in capsys.readouterr().err


def test_outside_a_repository_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "plans").mkdir()
    subprocess.run(["true"], check=True)
    assert main(["diff", "--plans", str(tmp_path / "plans")]) == 2
    assert "is not in a Git repository" in capsys.readouterr().err


def test_history_takes_a_revision_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plans = demo_repository(tmp_path)
    assert main(["history", "ava-martinez", "--plans", str(plans), "--range", "HEAD~1..HEAD"]) == 0
    out = capsys.readouterr().out
    assert "extended the deadline of Score at least 85% on the Chapter 10 test" in out
    assert "started" not in out and "set a new goal" not in out  # earlier commits left out
    assert main(["history", "ava-martinez", "--plans", str(plans), "--range", "nope..HEAD"]) == 2
    assert "'nope..HEAD' is not a revision range" in capsys.readouterr().err


def test_the_validation_result_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = demo_repository(tmp_path)
    _edit(plans / "ava-martinez" / "plan.md", "    status: in-progress", "    status: finished")
    status, text = diff(capsys, plans, "HEAD", "--working-tree")
    assert status == 0  # a summary, not a check: plp validate fails the build
    assert "Status in progress → finished" in text
    assert "  Validation: 1 problem(s)\n    ava-martinez/plan.md:32: expected one of:" in text


def test_a_name_with_markup_is_shown_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = demo_repository(tmp_path)
    _edit(plans / "ava-martinez" / "plan.md", "preferred_name: Ava", "preferred_name: <b>Ava</b>")
    _, text = diff(capsys, plans, "HEAD", "--working-tree", "--format", "markdown")
    assert "#### \\<b\\>Ava\\</b\\> (`ava-martinez`)" in text

"""Tests for plp.demo.generator: the files, the Git history and the ground truth."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import git
import pytest
import yaml

from plp.demo.generator import GeneratedSchool, generate_school, local_time

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

EVENT_TYPES = {
    "goal.added",
    "goal.removed",
    "goal.changed",
    "action.done",
    "action.added",
    "week.added",
    "activity.changed",
    "week.goal.added",
    "reflection.added",
    "evidence.added",
    "evidence.removed",
    "evidence.renamed",
    "conference.added",
    "feedback.added",
    "story.edited",
    "profile.changed",
}
ROLES = {"student", "teacher", "advisor", "counselor", "admin"}


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSchool:
    return generate_school(tmp_path_factory.mktemp("gen") / "school", students=12, weeks=6, seed=1)


@pytest.fixture(scope="module")
def repo(school: GeneratedSchool) -> Iterator[git.Repo]:
    with git.Repo(school.root) as r:
        yield r


@pytest.fixture(scope="module")
def staff(school: GeneratedSchool) -> dict[str, set[str]]:
    """Staff e-mail addresses by role."""
    data = yaml.safe_load((school.root / "plans" / "_school.yml").read_text())
    return {
        role: {s["git"][0] for s in data["staff"] if role in s["roles"]}
        for role in ("teacher", "advisor", "counselor", "admin")
    }


@pytest.fixture(scope="module")
def student_emails(school: GeneratedSchool) -> dict[str, str]:
    """Each student's e-mail address (the first entry of student.git), by id."""
    emails = {}
    for sid in school.students:
        text = (school.root / "plans" / sid / "plan.md").read_text()
        emails[sid] = yaml.safe_load(text.split("---\n")[1])["student"]["git"][0]
    return emails


def touched(repo: git.Repo, *options: str) -> dict[str, list[str]]:
    """The `git log --name-status` lines of every commit on main, by SHA."""
    out: dict[str, list[str]] = {}
    for chunk in repo.git.log("main", "--name-status", "--format=%x00%H", *options).split("\0"):
        if chunk.strip():
            sha, *lines = chunk.strip().splitlines()
            out[sha] = [line for line in lines if line]
    return out


def test_figures_and_working_tree(school: GeneratedSchool, repo: git.Repo) -> None:
    assert len(school.students) == 12
    assert school.commits == len(list(repo.iter_commits("main")))
    assert school.commits > 12 * 6 * 2
    for sid in school.students:
        assert (school.root / "plans" / sid / "plan.md").is_file()
        assert len(list((school.root / "plans" / sid / "weeks").glob("*.md"))) == 6
    md = list((school.root / "plans").glob("[!_]*/**/*.md"))
    assert school.plan_files == len(md)
    assert not repo.is_dirty(untracked_files=True)
    assert [h.name for h in repo.heads] == ["main"]
    assert repo.active_branch.name == "main"


def test_exactly_one_root_commit(repo: git.Repo) -> None:
    roots = list(repo.iter_commits("main", max_parents=0))
    assert len(roots) == 1
    assert roots[0].authored_datetime.date().isoformat() == "2026-08-24"
    names = set(repo.git.ls_tree("-r", "--name-only", roots[0].hexsha).splitlines())
    assert "plans/_school.yml" in names
    assert "plans/_templates/week-math.md" in names
    assert sum(n.endswith("/plan.md") for n in names) == 12


def test_merges_are_by_teachers(repo: git.Repo, staff: dict[str, set[str]]) -> None:
    merges = list(repo.iter_commits("main", min_parents=2))
    assert len(merges) == 12 * 6  # one pull request per student and week
    for m in merges:
        assert len(m.parents) == 2
        assert m.author.email in staff["teacher"]
        assert m.committer.email == m.author.email
        assert isinstance(m.message, str)
        assert m.message.startswith("Merge pull request #")


def test_student_commits(
    repo: git.Repo, school: GeneratedSchool, student_emails: dict[str, str]
) -> None:
    students = set(student_emails.values())
    first_parent = {c.hexsha for c in repo.iter_commits("main", first_parent=True)}
    authored = [c for c in repo.iter_commits("main") if c.author.email in students]
    assert len(authored) >= 12 * 6
    for c in authored:  # students work on branches only, and never merge
        assert c.hexsha not in first_parent
        assert len(c.parents) == 1
        assert 15 <= c.authored_datetime.hour < 22  # afternoons and evenings
    for ev in school.expected_events:
        if ev["role"] == "student":
            assert repo.commit(ev["commit"]).author.email == student_emails[ev["student"]]


def test_dates_increase_with_offsets(repo: git.Repo) -> None:
    for c in repo.iter_commits("main"):
        assert c.author_tz_offset in (5 * 3600, 6 * 3600)  # seconds west of UTC
        assert c.committed_date == c.authored_date
        for p in c.parents:
            assert p.committed_date < c.committed_date


def test_every_event_commit_touches_its_path(
    repo: git.Repo, school: GeneratedSchool, staff: dict[str, set[str]]
) -> None:
    files = {
        sha: {line.split("\t")[-1] for line in lines}
        for sha, lines in touched(repo, "--no-renames").items()
    }
    types = {ev["type"] for ev in school.expected_events}
    assert types <= EVENT_TYPES
    missing = {"goal.removed", "action.added", "action.done", "story.edited", "profile.changed"}
    assert types >= EVENT_TYPES - missing  # the rest depend on chance at this size
    for ev in school.expected_events:
        assert ev["role"] in ROLES
        assert ev["path"].startswith(f"plans/{ev['student']}/")
        assert ev["path"] in files[ev["commit"]], ev
        commit = repo.commit(ev["commit"])
        assert len(commit.parents) <= 1  # never a merge
        assert commit.author.name == ev["author"]
        assert commit.authored_datetime.isoformat() == ev["date"]
        if ev["role"] != "student":
            assert commit.author.email in staff[ev["role"]]
        if ev["type"] in ("goal.changed", "activity.changed"):
            assert {"field", "from", "to"} <= ev.keys() and ev["from"] != ev["to"]
    assert any(
        ev["type"] == "goal.changed" and ev["role"] == "teacher" and ev["field"] == "deadline"
        for ev in school.expected_events
    )


def test_rename_is_a_git_rename(repo: git.Repo, school: GeneratedSchool) -> None:
    renames = [ev for ev in school.expected_events if ev["type"] == "evidence.renamed"]
    assert renames
    log = touched(repo, "-M")
    for ev in renames:
        assert f"R100\t{ev['from_path']}\t{ev['path']}" in log[ev["commit"]]


def test_deleted_evidence_is_restored(school: GeneratedSchool) -> None:
    removed = [ev for ev in school.expected_events if ev["type"] == "evidence.removed"]
    assert removed
    for ev in removed:
        same = [e for e in school.expected_events if e["path"] == ev["path"]]
        restored = same[same.index(ev) + 1]
        assert restored["type"] == "evidence.added"
        assert datetime.fromisoformat(restored["date"]) > datetime.fromisoformat(ev["date"])
        path = ev["path"]  # where it is now, after any later rename
        for e in school.expected_events:
            if e["type"] == "evidence.renamed" and e["from_path"] == path:
                path = e["path"]
        assert (school.root / path).is_file()


def test_same_seed_same_history(tmp_path: Path) -> None:
    a = generate_school(tmp_path / "a", students=4, weeks=3, seed=7)
    b = generate_school(tmp_path / "b", students=4, weeks=3, seed=7)
    c = generate_school(tmp_path / "c", students=4, weeks=3, seed=8)
    with git.Repo(a.root) as ra, git.Repo(b.root) as rb, git.Repo(c.root) as rc:
        assert [x.hexsha for x in ra.iter_commits("main")] == [
            x.hexsha for x in rb.iter_commits("main")
        ]
        assert ra.head.commit.hexsha != rc.head.commit.hexsha
    assert a.expected_events == b.expected_events


def test_without_history_same_files(tmp_path: Path, school: GeneratedSchool) -> None:
    flat = generate_school(tmp_path / "flat", students=12, weeks=6, seed=1, history=False)
    assert not (flat.root / ".git").exists()
    assert flat.commits == 0
    assert flat.plan_files == school.plan_files
    assert all(ev["commit"] == "" for ev in flat.expected_events)
    ours = {p.relative_to(flat.root): p.read_bytes() for p in flat.root.rglob("*") if p.is_file()}
    theirs = {
        p.relative_to(school.root): p.read_bytes()
        for p in (school.root / "plans").rglob("*")
        if p.is_file()
    }
    assert ours == theirs


def test_plp_validate_finds_no_errors(school: GeneratedSchool) -> None:
    cmd = [sys.executable, "-m", "plp", "validate", str(school.root / "plans")]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x")
    with pytest.raises(FileExistsError):
        generate_school(tmp_path, students=1, weeks=1)


def test_local_time_follows_summer_time() -> None:
    assert local_time(datetime(2026, 10, 30).date(), 60).utcoffset() == timedelta(hours=-5)
    assert local_time(datetime(2026, 11, 2).date(), 60).utcoffset() == timedelta(hours=-6)
    assert local_time(datetime(2027, 3, 15).date(), 60).utcoffset() == timedelta(hours=-5)


def test_a_cast_with_several_teachers_gets_one_weekly_plan_per_area(tmp_path: Path) -> None:
    """Departmentalized classes: each teacher hands out their own plan of one area."""
    from plp.demo.cast import STAFF, STUDENTS, YEARS
    from plp.demo.generator import Cast

    mondays = (YEARS[1].start, YEARS[1].start + timedelta(weeks=1))
    cast = Cast("Test School", STAFF, STUDENTS, (), YEARS, mondays, area_weeks=True)
    school = generate_school(tmp_path / "s", seed=4, cast=cast)
    weeks = tmp_path / "s" / "plans" / "jonah-lee" / "weeks"
    names = sorted(p.name for p in weeks.iterdir())
    assert names == [f"2026-W{w}-{a}.md" for w in (35, 36) for a in ("ela", "math", "science")]
    for path in weeks.iterdir():
        front = yaml.safe_load(path.read_text().split("---\n")[1])
        assert front["areas"] == [path.stem.rsplit("-", 1)[1]]
    roz = sorted(p.name for p in (tmp_path / "s" / "plans" / "rosalind-quill" / "weeks").iterdir())
    assert roz == ["2026-W35.md", "2026-W36.md"]  # a self-contained class: one plan a week
    with git.Repo(school.root) as repo:
        hand_outs = repo.git.log("--format=%an", "--", "plans/jonah-lee/weeks/2026-W35-*")
    assert set(hand_outs.splitlines()) >= {"Dana Rivera", "Mara Lindqvist", "Kofi Adeyemi"}

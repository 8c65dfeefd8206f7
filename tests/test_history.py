"""The plan's history: semantic events from real Git repositories with fixed dates."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from plp.cli import main
from plp.demo.generator import GeneratedSchool, generate_school
from plp.history.engine import HistoryError, HistoryStore
from plp.history.events import Event

from .support import DEMO, GIT_ENV, SPEC_EXAMPLE

AVA = {"name": "Ava Martinez", "email": "ava.martinez@students.mapleridge.example"}
RIVERA = {"name": "Dana Rivera", "email": "drivera@mapleridge.example"}


class Repo:
    """A Git repository made with the git command line, each commit at a fixed time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "--initial-branch=main")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, check=True,
            env={**os.environ, **GIT_ENV, **(env or {})},
        )  # fmt: skip
        return done.stdout.strip()

    def commit(self, message: str, who: dict[str, str], when: str) -> str:
        self.git("add", "-A")
        env = {
            "GIT_AUTHOR_NAME": who["name"], "GIT_AUTHOR_EMAIL": who["email"],
            "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
        }  # fmt: skip
        self.git("commit", "-q", "-m", message, env=env)
        return self.git("rev-parse", "HEAD")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """The spec's example, committed by Ava on 1 September 2026."""
    repo = Repo(tmp_path / "school")
    shutil.copytree(SPEC_EXAMPLE, repo.root / "plans")
    repo.commit("Start my plan", AVA, "2026-09-01T16:00:00-05:00")
    return repo


def events_of(repo: Repo, student: str = "ava-martinez", **options: Any) -> list[Event]:
    return HistoryStore(repo.root / "plans", **options).student(student).events


PLAN = "plans/ava-martinez/plan.md"


def test_a_first_commit_adds_goals_weeks_and_files(repo: Repo) -> None:
    events = events_of(repo)
    counts = Counter(e.type for e in events)
    assert counts == {
        "goal.added": 3, "week.added": 1, "reflection.added": 1, "evidence.added": 1,
        "conference.added": 1, "feedback.added": 1,
    }  # fmt: skip
    assert {(e.author, e.role) for e in events} == {("Ava Martinez", "student")}
    assert all(e.date == "2026-09-01T16:00:00-05:00" for e in events)


def test_goal_changes_carry_field_from_to_author_and_role(repo: Repo) -> None:
    repo.edit(PLAN, "deadline: 2026-12-12", "deadline: 2027-01-29")
    repo.edit(PLAN, 'target: "85%"', 'target: "90%"')
    commit = repo.commit("Extend the deadline", RIVERA, "2026-11-30T08:15:00-06:00")
    changed = [e for e in events_of(repo) if e.type == "goal.changed"]
    assert [(e.goal, e.field, e.from_, e.to) for e in changed] == [
        ("math-ch10", "target", "85%", "90%"),
        ("math-ch10", "deadline", "2026-12-12", "2027-01-29"),
    ]
    for event in changed:
        assert (event.commit, event.author, event.role) == (commit, "Dana Rivera", "advisor")
        assert event.date == "2026-11-30T08:15:00-06:00"


def test_actions_profile_and_story(repo: Repo) -> None:
    repo.edit(PLAN, "        when: weekly\n        done: false\n      - who: teacher",
              "        when: weekly\n        done: true\n      - who: teacher")  # fmt: skip
    repo.edit(PLAN, "interests: [robotics, soccer, drawing]", "interests: [robotics, soccer]")
    repo.edit(PLAN, "back on track", "back on track, one chapter at a time")
    repo.commit("Update my plan", AVA, "2026-10-05T17:00:00-05:00")
    later = [e for e in events_of(repo) if e.date.startswith("2026-10-05")]
    assert [(e.type, e.goal or e.field) for e in later] == [
        ("action.done", "math-ch10"),
        ("profile.changed", "interests"),
        ("story.edited", ""),
    ]


def test_activity_status_changes_and_weekly_goals(repo: Repo) -> None:
    week = "plans/ava-martinez/weeks/2026-W48.md"
    repo.edit(week, "    with: peers\n    status: todo", "    with: peers\n    status: done")
    repo.edit(
        week,
        "    goal: math-ch10\n",
        "    goal: math-ch10\n  - by: student\n    text: Ask for help\n",
    )
    repo.commit("My week", AVA, "2026-11-26T19:00:00-06:00")
    later = [e for e in events_of(repo) if e.date.startswith("2026-11-26")]
    assert [(e.type, e.activity, e.field, e.from_, e.to) for e in later] == [
        ("activity.changed", "study-group", "status", "todo", "done"),
        ("week.goal.added", "", "", None, "Ask for help"),
    ]


def test_a_rename_is_a_rename(repo: Repo) -> None:
    evidence = repo.root / "plans/ava-martinez/evidence"
    (evidence / "factoring-notes.md").rename(evidence / "area-models.md")
    repo.edit("plans/ava-martinez/weeks/2026-W48.md", "evidence/factoring-notes.md",
              "evidence/area-models.md")  # fmt: skip
    repo.commit("Rename my evidence", AVA, "2026-11-27T10:00:00-06:00")
    later = [e for e in events_of(repo) if e.date.startswith("2026-11-27")]
    renamed = [e for e in later if e.type.startswith("evidence.")]
    assert [(e.type, e.path, e.from_path) for e in renamed] == [
        ("evidence.renamed", "plans/ava-martinez/evidence/area-models.md",
         "plans/ava-martinez/evidence/factoring-notes.md"),
    ]  # fmt: skip


def test_evidence_is_told_by_its_title_even_once_removed(repo: Repo) -> None:
    from plp.history.describe import sentence

    (repo.root / "plans/ava-martinez/evidence/factoring-notes.md").unlink()
    repo.edit("plans/ava-martinez/weeks/2026-W48.md", "evidence: evidence/factoring-notes.md\n", "")
    repo.commit("Remove my notes", AVA, "2026-11-28T10:00:00-06:00")
    told = [sentence(e, "Ava") for e in events_of(repo) if e.type.startswith("evidence.")]
    assert told[0] == "Ava added evidence: Factoring notes with area models."
    assert told[-1] == "Ava removed evidence: Factoring notes with area models."
    assert not any("factoring-notes" in line for line in told)


def test_a_file_deleted_and_restored(repo: Repo) -> None:
    reflection = repo.root / "plans/ava-martinez/reflections/2026-11-24.md"
    text = reflection.read_text(encoding="utf-8")
    reflection.unlink()
    repo.commit("Remove", AVA, "2026-11-28T10:00:00-06:00")
    reflection.write_text(text, encoding="utf-8")
    repo.commit("Restore", AVA, "2026-11-29T10:00:00-06:00")
    kinds = [e.type for e in events_of(repo) if e.type.startswith("reflection.")]
    assert kinds == ["reflection.added", "reflection.removed", "reflection.added"]


def test_a_merged_pull_request_belongs_to_the_students_commit(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "week-48")
    repo.edit(PLAN, "status: planned", "status: in-progress")
    student_commit = repo.commit("Start the essays goal", AVA, "2026-11-20T18:00:00-06:00")
    repo.git("checkout", "-q", "main")
    repo.edit("plans/_school.yml", "school: Maple Ridge High School", "school: Maple Ridge HS")
    repo.commit("Rename the school", RIVERA, "2026-11-21T08:00:00-06:00")
    env = {"GIT_AUTHOR_NAME": RIVERA["name"], "GIT_AUTHOR_EMAIL": RIVERA["email"],
           "GIT_AUTHOR_DATE": "2026-11-23T09:00:00-06:00",
           "GIT_COMMITTER_DATE": "2026-11-23T09:00:00-06:00"}  # fmt: skip
    repo.git("merge", "-q", "--no-ff", "-m", "Merge pull request #7", "week-48", env=env)
    merge = repo.git("rev-parse", "HEAD")
    (status,) = [e for e in events_of(repo) if e.field == "status"]
    assert (status.commit, status.author, status.role) == (
        student_commit,
        "Ava Martinez",
        "student",
    )
    assert status.date == "2026-11-20T18:00:00-06:00"
    assert all(e.commit != merge for e in events_of(repo))


def test_other_branches_are_never_read(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "draft")
    repo.edit(PLAN, "status: planned", "status: met")
    repo.commit("Not merged", AVA, "2026-11-20T18:00:00-06:00")
    repo.git("checkout", "-q", "main")
    assert not [e for e in events_of(repo) if e.type == "goal.changed"]


def test_a_login_through_the_web_editor_is_recognised(repo: Repo) -> None:
    repo.edit(PLAN, "status: planned", "status: in-progress")
    web = {"name": "Ava M.", "email": "12345+avamtz@users.noreply.github.com"}
    repo.commit("Edit on the web", web, "2026-11-20T18:00:00-06:00")
    (event,) = [e for e in events_of(repo) if e.type == "goal.changed"]
    assert event.role == "student"
    stranger = {"name": "Somebody", "email": "x@elsewhere.example"}
    repo.edit(PLAN, "status: in-progress", "status: met")
    repo.commit("Who?", stranger, "2026-11-21T18:00:00-06:00")
    assert [e.role for e in events_of(repo) if e.type == "goal.changed"] == ["student", "unknown"]


def test_uncommitted_changes_are_marked_not_yet_committed(repo: Repo) -> None:
    repo.edit(PLAN, "status: planned", "status: in-progress")
    (repo.root / "plans/ava-martinez/reflections/2026-11-30.md").write_text(
        "---\ndate: 2026-11-30\nkind: daily\n---\nNew.\n", encoding="utf-8"
    )
    pending = [e for e in events_of(repo) if e.commit is None]
    assert sorted((e.type, e.path) for e in pending) == [
        ("goal.changed", PLAN),
        ("reflection.added", "plans/ava-martinez/reflections/2026-11-30.md"),
    ]


def test_an_empty_repository_still_has_a_history_of_what_is_not_committed(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "empty")
    shutil.copytree(SPEC_EXAMPLE, repo.root / "plans")
    events = events_of(repo)
    assert events and all(e.commit is None for e in events)
    assert Counter(e.type for e in events)["goal.added"] == 3


def test_plans_outside_git_have_no_history(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(SPEC_EXAMPLE, plans)
    history = HistoryStore(plans).student("ava-martinez")
    assert history.unavailable == "the plans are not in a Git repository"


def test_a_shallow_clone_stops_with_the_fix_unless_allowed(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.edit(PLAN, "status: planned", "status: in-progress")
    repo.commit("Second", AVA, "2026-11-20T18:00:00-06:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
                   check=True, env={**os.environ, **GIT_ENV})  # fmt: skip
    with pytest.raises(HistoryError, match="fetch-depth: 0"):
        HistoryStore(clone / "plans")
    status = main(["history", "ava-martinez", "--plans", str(clone / "plans")])
    err = capsys.readouterr().err
    assert status == 2
    assert "git fetch --unshallow --filter=blob:none" in err and "--allow-shallow" in err
    history = HistoryStore(clone / "plans", allow_shallow=True).student("ava-martinez")
    assert history.complete is False
    assert history.events


def test_a_rebuild_with_no_new_commits_does_no_history_work(repo: Repo) -> None:
    first = HistoryStore(repo.root / "plans")
    assert first.worked
    again = HistoryStore(repo.root / "plans")
    assert not again.worked
    assert again.student("ava-martinez").events == first.student("ava-martinez").events
    repo.edit(PLAN, "status: planned", "status: in-progress")
    repo.commit("Second", AVA, "2026-11-20T18:00:00-06:00")
    incremental = HistoryStore(repo.root / "plans")
    assert incremental.worked
    fresh = HistoryStore(repo.root / "plans", cache=False)
    assert incremental.student("ava-martinez").events == fresh.student("ava-martinez").events


def test_rewritten_history_is_read_again(repo: Repo) -> None:
    repo.edit(PLAN, "status: planned", "status: in-progress")
    repo.commit("Second", AVA, "2026-11-20T18:00:00-06:00")
    HistoryStore(repo.root / "plans")
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.edit(PLAN, "status: planned", "status: met")
    repo.commit("Another second", AVA, "2026-11-21T18:00:00-06:00")
    events = events_of(repo)
    assert [(e.field, e.to) for e in events if e.type == "goal.changed"] == [("status", "met")]


def test_plp_history_json_is_oldest_first_with_exactly_the_documented_fields(
    repo: Repo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.edit(PLAN, "deadline: 2026-12-12", "deadline: 2027-01-29")
    repo.commit("Extend", RIVERA, "2026-11-30T08:15:00-06:00")
    monkeypatch.chdir(repo.root)
    assert main(["history", "ava-martinez", "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)
    base = {"type", "commit", "date", "author", "role", "student", "path"}
    for event in events:
        assert base <= set(event) <= base | {"goal", "activity", "field", "from", "to", "from_path"}
    assert events[-1] == {
        "type": "goal.changed", "commit": repo.git("rev-parse", "HEAD"),
        "date": "2026-11-30T08:15:00-06:00", "author": "Dana Rivera", "role": "advisor",
        "student": "ava-martinez", "path": PLAN, "goal": "math-ch10", "field": "deadline",
        "from": "2026-12-12", "to": "2027-01-29",
    }  # fmt: skip
    assert main(["history", "ava-martinez", "--since", "2026-11-30"]) == 0
    text = capsys.readouterr().out
    assert (
        "Dana Rivera extended the deadline of Score at least 85% on the Chapter 10 test "
        "to 29 January 2027." in text
    )
    assert "set a new goal" not in text


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSchool:
    return generate_school(tmp_path_factory.mktemp("history"), students=12, weeks=6, seed=5)


def _key(event: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(
        json.dumps(event.get(name), sort_keys=True)
        for name in ("type", "student", "path", "commit", "date", "author", "role", "goal",
                     "activity", "field", "from", "to", "from_path")
    )  # fmt: skip


def test_every_generated_change_is_found_with_its_date_author_and_role(
    generated: GeneratedSchool,
) -> None:
    store = HistoryStore(generated.root / "plans", cache=False)
    found: Counter[tuple[Any, ...]] = Counter()
    for student in generated.students:
        found.update(_key(e.to_json()) for e in store.student(student).events)
    expected = Counter(_key(event) for event in generated.expected_events)
    missing = expected - found
    assert not missing, sorted(missing)[:5]
    goal_changes = [e for e in generated.expected_events if e["type"] == "goal.changed"]
    assert {e["field"] for e in goal_changes} == {"status", "target", "deadline"}


def test_each_reflection_and_evidence_file_appears_once(generated: GeneratedSchool) -> None:
    store = HistoryStore(generated.root / "plans", cache=False)
    events = [e for s in generated.students for e in store.student(s).events]
    kinds = ("reflection.added", "evidence.added", "evidence.renamed")
    made = Counter(e.path for e in events if e.type in kinds)  # a rename makes its new path
    removed = Counter(
        e.path for e in events if e.type in ("reflection.removed", "evidence.removed")
    )
    assert made
    for path, count in made.items():
        assert count == 1 + removed[path], (path, count)
    merges = set(
        subprocess.run(["git", "rev-list", "--merges", "HEAD"], cwd=generated.root,
                       capture_output=True, text=True, check=True).stdout.split()
    )  # fmt: skip
    assert merges and not {e.commit for e in events} & merges


def test_a_new_student_with_a_reused_id_never_sees_the_old_history(repo: Repo) -> None:
    folder = repo.root / "plans" / "ava-martinez"
    saved = (folder / "plan.md").read_text(encoding="utf-8")
    shutil.rmtree(folder)
    repo.commit("Ava graduated", RIVERA, "2027-06-10T08:00:00-05:00")
    HistoryStore(repo.root / "plans")  # the cache holds the old Ava's history
    folder.mkdir()
    newcomer = saved.replace("name: Ava Martinez", "name: Ava Moreno").replace(
        "Score at least 85% on the Chapter 10 test", "Learn to weld"
    )
    (folder / "plan.md").write_text(newcomer, encoding="utf-8")
    repo.commit("A new student", RIVERA, "2027-08-30T08:00:00-05:00")
    for store in (
        HistoryStore(repo.root / "plans"),
        HistoryStore(repo.root / "plans", cache=False),
    ):
        history = store.student("ava-martinez")
        assert {e.date[:4] for e in history.events} == {"2027"}
        assert next(e.title for e in history.events if e.type == "goal.added") == "Learn to weld"
        assert len(history.plan_versions) == 1


def test_a_classmates_change_is_not_told_as_the_students_own(repo: Repo) -> None:
    from plp.history.describe import sentence

    plans = repo.root / "plans"
    shutil.copytree(DEMO / "jonah-lee", plans / "jonah-lee")
    repo.commit("Jonah joins", RIVERA, "2026-09-02T08:00:00-05:00")
    repo.edit(PLAN, "status: planned", "status: dropped")
    jonah = {"name": "jlee-laptop", "email": "jonah.lee@students.mapleridge.example"}
    repo.commit("oops", jonah, "2026-09-03T08:00:00-05:00")
    (event,) = [e for e in events_of(repo) if e.type == "goal.changed"]
    assert (event.role, event.author) == ("unknown", "jlee-laptop")
    assert sentence(event, "Ava").startswith("Someone marked")


def test_an_alias_bomb_in_an_old_version_is_only_skipped(repo: Repo) -> None:
    lines = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    lines += [
        f"{n}: &{n} [" + ", ".join([f"*{p}"] * 10) + "]"
        for n, p in zip("bcdefg", "abcdef", strict=True)
    ]
    plan = repo.root / PLAN
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("schema: 1\n", "schema: 1\n" + "\n".join(lines) + "\n"))
    repo.commit("A bomb", AVA, "2026-09-03T08:00:00-05:00")
    plan.write_text(text.replace("status: planned", "status: met"), encoding="utf-8")
    repo.commit("Defused", AVA, "2026-09-04T08:00:00-05:00")
    assert [e.type for e in events_of(repo)].count("goal.added") == 3


def test_block_by_block_reading_equals_reading_whole(generated: GeneratedSchool) -> None:
    """History reads frontmatter block by block (and lists item by item), caching each
    text: the result must be exactly what plp's reader gives for the whole, for every file."""
    from plp.format.documents import split_frontmatter
    from plp.format.yaml_reader import read_yaml
    from plp.history.events import _blocks

    files = [*(generated.root / "plans").rglob("*.md"), *DEMO.rglob("*.md")]
    checked = 0
    for path in files:
        if "_templates" in path.parts:
            continue
        front, _, _ = split_frontmatter(path.read_text(encoding="utf-8"))
        assert _blocks(front) == read_yaml(front).value, path
        checked += 1
    assert checked > 300


def test_where_a_goal_stands_now_is_a_change_with_its_way_from_baseline(repo: Repo) -> None:
    from plp.history.describe import sentence

    repo.edit(PLAN, 'target: "85%"\n', 'target: "85%"\n    current: "72%"\n')
    repo.commit("Quiz 1", AVA, "2026-10-01T16:00:00-05:00")
    repo.edit(PLAN, 'current: "72%"', 'current: "79%"')
    repo.commit("Quiz 2", AVA, "2026-10-15T16:00:00-05:00")
    changed = [e for e in events_of(repo) if e.type == "goal.changed"]
    assert [(e.field, e.from_, e.to) for e in changed] == [
        ("current", "", "72%"),
        ("current", "72%", "79%"),
    ]
    assert sentence(changed[-1], "Ava") == (
        "Ava updated where Score at least 85% on the Chapter 10 test stands now: 79%."
    )


def test_each_plan_of_a_week_is_named_in_the_history(repo: Repo) -> None:
    from plp.history.describe import sentence

    weeks = repo.root / "plans" / "ava-martinez" / "weeks"
    for area in ("math", "ela"):
        (weeks / f"2026-W49-{area}.md").write_text(
            f"---\nweek: 2026-W49\nareas: [{area}]\n---\n", encoding="utf-8"
        )
    repo.commit("Week 49", RIVERA, "2026-11-30T08:00:00-06:00")
    added = [e for e in events_of(repo) if e.type == "week.added" and "W49" in e.path]
    assert sorted(e.path for e in added) == [
        "plans/ava-martinez/weeks/2026-W49-ela.md",
        "plans/ava-martinez/weeks/2026-W49-math.md",
    ]
    assert sorted(sentence(e) for e in added) == [
        "Dana Rivera started the plan for the week of 30 November 2026 (ela).",
        "Dana Rivera started the plan for the week of 30 November 2026 (math).",
    ]


def cache_files(repo: Repo) -> dict[str, bytes]:
    """The history cache's files (in the Git folder), by name."""
    (state,) = (repo.root / ".git" / "plp" / "history").rglob("state.json")
    return {path.name: path.read_bytes() for path in state.parent.iterdir()}


def test_enrolling_a_student_reads_no_other_history_and_names_a_new_teacher(repo: Repo) -> None:
    plans = repo.root / "plans"
    shutil.copytree(DEMO / "jonah-lee", plans / "jonah-lee")
    repo.commit("Jonah joins", RIVERA, "2026-09-02T08:00:00-05:00")
    coach = {"name": "coach-laptop", "email": "pat.kim@mapleridge.example"}
    repo.edit(PLAN, "status: planned", "status: in-progress")
    repo.commit("Started", coach, "2026-09-03T08:00:00-05:00")
    before = HistoryStore(plans)
    assert before.commits_read == 3
    (started,) = [e for e in before.student("ava-martinez").events if e.type == "goal.changed"]
    assert (started.role, started.author) == ("unknown", "coach-laptop")
    jonah = before.student("jonah-lee").events
    files = cache_files(repo)

    # A new student enrolled, and a new coach added to _school.yml, in one commit.
    shutil.copytree(DEMO / "jonah-lee", plans / "mia-chen")
    repo.edit("plans/mia-chen/plan.md", "name: Jonah Lee", "name: Mia Chen")
    repo.edit("plans/mia-chen/plan.md", "id: jonah-lee", "id: mia-chen")
    repo.edit(
        "plans/_school.yml",
        "staff:\n",
        "staff:\n  - id: kim\n    name: Pat Kim\n    roles: [teacher]\n"
        "    git: [pat.kim@mapleridge.example]\n",
    )
    repo.commit("Mia joins; Pat Kim coaches", RIVERA, "2026-09-04T08:00:00-05:00")
    after = HistoryStore(plans)
    assert after.commits_read == 1  # only the new commit: the others' history is not read
    now = cache_files(repo)
    reused = [name for name in files if name.startswith("student-") and now[name] == files[name]]
    assert len(reused) == 2  # Ava's and Jonah's cached histories are reused as they were
    (started,) = [e for e in after.student("ava-martinez").events if e.type == "goal.changed"]
    assert (started.role, started.author) == ("teacher", "Pat Kim")  # named when read
    assert after.student("jonah-lee").events == jonah
    assert {e.type for e in after.student("mia-chen").events} >= {"goal.added", "week.added"}
    fresh = HistoryStore(plans, cache=False)
    for student in ("ava-martinez", "jonah-lee", "mia-chen"):
        assert after.student(student).events == fresh.student(student).events


def test_a_login_added_to_a_plan_names_the_student_in_earlier_commits(repo: Repo) -> None:
    plans = repo.root / "plans"
    laptop = {"name": "ava-laptop", "email": "ava@home.example"}
    repo.edit(PLAN, "status: planned", "status: in-progress")
    repo.commit("From home", laptop, "2026-09-03T08:00:00-05:00")
    changed = [e for e in events_of(repo) if e.type == "goal.changed"]
    assert [(e.role, e.author) for e in changed] == [("unknown", "ava-laptop")]
    repo.edit(PLAN, "avamtz]", "avamtz, ava@home.example]")
    repo.commit("My home address", AVA, "2026-09-04T08:00:00-05:00")
    store = HistoryStore(plans)
    assert store.commits_read == 1
    changed = [e for e in store.student("ava-martinez").events if e.type == "goal.changed"]
    assert [(e.role, e.author) for e in changed] == [("student", "Ava Martinez")]


def test_a_branch_moved_back_forgets_the_commits_it_dropped(repo: Repo) -> None:
    repo.edit(PLAN, "status: planned", "status: in-progress")
    repo.commit("Second", AVA, "2026-11-20T18:00:00-06:00")
    assert [e.to for e in events_of(repo) if e.type == "goal.changed"] == ["in-progress"]
    repo.git("reset", "-q", "--hard", "HEAD~1")  # no new commit: the cached one is gone
    store = HistoryStore(repo.root / "plans")
    assert store.worked
    assert not [e for e in store.student("ava-martinez").events if e.type == "goal.changed"]


def _plan_at_in_a_fork(store: HistoryStore, version: Any, answers: Any) -> None:
    reader = store._reader
    fields = store.plan_at(version)
    answers.put((fields, reader is not None and store._reader is reader))


def test_a_forked_process_reads_old_plans_through_a_git_process_of_its_own(
    tmp_path: Path,
) -> None:
    """plp build --jobs N forks workers from a process that may have read old plans: a
    worker sharing the parent's git pipe would mix its answers with another's."""
    import multiprocessing

    from .support import demo_repository

    store = HistoryStore(demo_repository(tmp_path / "school"))
    version = store.student("ava-martinez").plan_versions[0]
    here = store.plan_at(version)
    assert here is not None and store._reader is not None
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    child = context.Process(target=_plan_at_in_a_fork, args=(store, version, answers))
    child.start()
    fields, shared = answers.get(timeout=60)
    child.join(timeout=60)
    assert fields == here
    assert not shared, "the forked process read through the parent's git process"

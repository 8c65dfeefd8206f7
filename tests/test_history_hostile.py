"""History under hostile or odd commits: nobody forges or erases a classmate's history,
no commit stops the builds, and no file outside plp's own outputs is touched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from plp.cli import main
from plp.history.engine import CACHE_VERSION, HistoryStore
from plp.history.events import Event

from .support import GIT_ENV, SPEC_EXAMPLE
from .test_history import AVA, PLAN, RIVERA, Repo

ZOE = {"name": "Zoe Park", "email": "zoe.park@students.mapleridge.example"}


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """The spec's example and a classmate, Zoe, committed on 1 September 2026."""
    repo = Repo(tmp_path / "school")
    shutil.copytree(SPEC_EXAMPLE, repo.root / "plans")
    add_student(repo, "zoe-park", "Zoe Park", [ZOE["email"]])
    repo.commit("Start my plan", AVA, "2026-09-01T16:00:00-05:00")
    return repo


def add_student(repo: Repo, student: str, name: str, identities: list[str]) -> Path:
    """A plan.md for ``student``, made from Ava's; returns its path."""
    text = (SPEC_EXAMPLE / "ava-martinez" / "plan.md").read_text(encoding="utf-8")
    text = text.replace("id: ava-martinez", f"id: {student}").replace("Ava Martinez", name)
    text = text.replace("preferred_name: Ava", f"preferred_name: {name.split()[0]}")
    text = text.replace(
        "git: [ava.martinez@students.mapleridge.example, avamtz]", f"git: [{', '.join(identities)}]"
    )
    plan = repo.root / "plans" / student / "plan.md"
    plan.parent.mkdir(parents=True)
    plan.write_text(text, encoding="utf-8")
    return plan


def events_of(repo: Repo, student: str = "ava-martinez", cache: bool = True) -> list[Event]:
    return HistoryStore(repo.root / "plans", cache=cache).student(student).events


def history_json(
    plans: Path, student: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[dict[str, object]], str]:
    status = main(["history", student, "--plans", str(plans), "--format", "json"])
    captured = capsys.readouterr()
    return status, json.loads(captured.out) if status == 0 else [], captured.err


# --- class 1: caches where a commit cannot put them ---------------------------------------


def test_a_committed_cache_link_deletes_nothing(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "somebody-elses-files"
    target.mkdir()
    (target / "sentinel.json").write_text('{"keep": true}', encoding="utf-8")
    (target / "state.json").write_text("mine", encoding="utf-8")
    link = repo.root / ".cache" / "plp" / "history" / "plans"
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    repo.git("add", "-f", ".cache")
    repo.commit("A link where the cache was", ZOE, "2026-09-02T08:00:00-05:00")
    for _ in range(2):  # a first run fills the cache, a second one reads it
        status, events, _ = history_json(repo.root / "plans", "ava-martinez", capsys)
        assert status == 0 and events
    assert sorted(p.name for p in target.iterdir()) == ["sentinel.json", "state.json"]
    assert (target / "sentinel.json").read_text(encoding="utf-8") == '{"keep": true}'
    assert (target / "state.json").read_text(encoding="utf-8") == "mine"
    assert list((repo.root / ".git" / "plp" / "history").glob("*/state.json"))


def test_a_cache_folder_that_is_a_link_is_never_written_through(repo: Repo, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "sentinel.json").write_text("keep", encoding="utf-8")
    (repo.root / ".git" / "plp").mkdir()
    (repo.root / ".git" / "plp" / "history").symlink_to(target)
    cached, fresh = events_of(repo), events_of(repo, cache=False)
    assert cached == fresh and cached
    assert [p.name for p in target.iterdir()] == ["sentinel.json"]


def test_a_worktree_keeps_its_cache_in_its_own_git_folder(repo: Repo, tmp_path: Path) -> None:
    worktree = tmp_path / "second"
    repo.git("worktree", "add", "-q", str(worktree))
    assert HistoryStore(worktree / "plans").student("ava-martinez").events
    assert list((repo.root / ".git" / "worktrees" / "second" / "plp").rglob("state.json"))
    assert not (worktree / ".cache").exists()


# --- class 3: a classmate's history forged or erased --------------------------------------


def test_a_force_added_cache_is_never_read_in_a_fresh_clone(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = repo.git("rev-parse", "HEAD")
    forged = {
        "type": "goal.changed", "commit": head, "date": "2026-09-01T16:00:00-05:00",
        "author": "Dana Rivera <drivera@mapleridge.example>", "role": "teacher",
        "student": "ava-martinez", "path": PLAN, "goal": "math-ch10", "activity": "",
        "field": "status", "from_": "in-progress", "to": "dropped", "from_path": "",
        "title": "Score at least 85% on the Chapter 10 test",
    }  # fmt: skip
    authors = ["Dana Rivera", "drivera@mapleridge.example"]
    # What the cache would hold if it were read from the work tree: at the old place,
    # and laid out as the cache is now, up to date but for the commit that adds it.
    key = hashlib.sha256(b"plans").hexdigest()[:16]
    state = {
        "version": CACHE_VERSION, "head": head, "shallow": False,
        "students": {"ava-martinez": "ava-martinez.json"}, "removed": {}, "skipped": [],
    }  # fmt: skip
    for folder in (repo.root / ".cache/plp/history/plans", repo.root / ".cache/plp/history" / key):
        folder.mkdir(parents=True)
        (folder / "ava-martinez.json").write_text(
            json.dumps({"events": [forged], "plan_versions": [], "authors": {head: authors}}),
            encoding="utf-8",
        )
        (folder / "state.json").write_text(json.dumps(state), encoding="utf-8")
    repo.git("add", "-f", ".cache")
    repo.commit("Notes", ZOE, "2026-09-02T08:00:00-05:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone)], check=True,
                   env={**os.environ, **GIT_ENV})  # fmt: skip
    status, events, _ = history_json(clone / "plans", "ava-martinez", capsys)
    assert status == 0 and events
    assert not [e for e in events if e.get("to") == "dropped"]
    assert "drivera@mapleridge.example" not in json.dumps(events)
    assert main(["history", "ava-martinez", "--plans", str(clone / "plans")]) == 0
    assert "Dana Rivera" not in capsys.readouterr().out


def test_a_plan_deleted_and_restored_keeps_its_history(repo: Repo) -> None:
    plan = repo.root / PLAN
    saved = plan.read_text(encoding="utf-8")
    before = events_of(repo)
    plan.unlink()
    repo.commit("Oops", ZOE, "2026-09-03T08:00:00-05:00")
    events_of(repo)  # the cache now knows of the deletion
    plan.write_text(saved, encoding="utf-8")
    repo.commit("Put it back", ZOE, "2026-09-03T08:05:00-05:00")
    repo.edit(PLAN, "status: planned", "status: in-progress")
    repo.commit("Start my essays goal", AVA, "2026-09-04T08:00:00-05:00")
    for cache in (True, False):
        store = HistoryStore(repo.root / "plans", cache=cache)
        history = store.student("ava-martinez")
        assert history.events[: len(before)] == before
        assert [(e.type, e.field, e.to) for e in history.events[len(before) :]] == [
            ("goal.changed", "status", "in-progress")
        ]
        assert len(history.plan_versions) == 3


def test_listing_a_classmates_address_takes_nothing_from_them(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    mallory = add_student(repo, "mallory-ames", "Mallory Ames", [AVA["email"], "avamtz"])
    repo.commit("Join", {"name": "Mallory", "email": "m@x.example"}, "2026-09-02T08:00:00-05:00")
    repo.edit(PLAN, "status: planned", "status: in-progress")
    repo.commit("Start my essays goal", AVA, "2026-09-03T08:00:00-05:00")
    for cache in (True, False):
        (changed,) = [e for e in events_of(repo, cache=cache) if e.type == "goal.changed"]
        assert (changed.role, changed.author) == ("student", "Ava Martinez")
    assert main(["validate", "--plans", str(repo.root / "plans")]) == 1
    out = capsys.readouterr().out
    assert "mallory-ames/plan.md" in out and "ava-martinez/plan.md" in out
    assert f"'{AVA['email']}' is also claimed in ava-martinez/plan.md (line 10)" in out
    assert "'avamtz' is also claimed" in out
    assert mallory.exists()


def test_a_student_claiming_a_teachers_login_is_a_validation_error(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.edit("plans/zoe-park/plan.md", f"git: [{ZOE['email']}]", f"git: [{ZOE['email']}, DRivera]")
    assert main(["validate", "--plans", str(repo.root / "plans"), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    shared = [f for f in _flatten(findings) if f.get("code") == "shared-identity"]
    assert [(f["path"].endswith("plans/zoe-park/plan.md"), f["field"]) for f in shared] == [
        (True, "student.git[1]")
    ]
    assert shared[0]["message"] == "'drivera' is also claimed in _school.yml (line 13)"
    repo.commit("Me too", ZOE, "2026-09-02T08:00:00-05:00")
    repo.edit(PLAN, "status: planned", "status: in-progress")
    repo.commit("A teacher's change", RIVERA | {"name": "drivera"}, "2026-09-03T08:00:00-05:00")
    (changed,) = [e for e in events_of(repo) if e.type == "goal.changed"]
    assert (changed.role, changed.author) == ("advisor", "Dana Rivera")


def _flatten(report: object) -> list[dict[str, str]]:
    """The findings of ``plp validate --format json``, whatever object holds them."""
    if isinstance(report, dict):
        if "code" in report and "path" in report:
            return [report]
        return [f for value in report.values() for f in _flatten(value)]
    if isinstance(report, list):
        return [f for value in report for f in _flatten(value)]
    return []


def test_renaming_a_teacher_renames_them_in_the_cached_timeline(repo: Repo) -> None:
    repo.edit(PLAN, "status: planned", "status: in-progress")
    repo.commit("A teacher's change", RIVERA, "2026-09-03T08:00:00-05:00")
    assert {e.author for e in events_of(repo) if e.role == "advisor"} == {"Dana Rivera"}
    repo.edit("plans/_school.yml", "name: Dana Rivera", "name: Dana Rivera-Okoye")
    repo.commit("Ms. Rivera's new name", RIVERA, "2026-09-04T08:00:00-05:00")
    store = HistoryStore(repo.root / "plans")
    assert store.worked
    assert {e.author for e in store.student("ava-martinez").events if e.role == "advisor"} == {
        "Dana Rivera-Okoye"
    }


# --- class 5: one odd commit must not stop the school -------------------------------------


def _raw_commit(repo: Repo, author_line: str, message: str) -> str:
    """A commit of the index's tree on HEAD, written as raw text: git accepts what its
    command line would refuse."""
    repo.git("add", "-A")
    tree, parent = repo.git("write-tree"), repo.git("rev-parse", "HEAD")
    text = (
        f"tree {tree}\nparent {parent}\nauthor {author_line}\n"
        f"committer Test Committer <committer@school.invalid> 1788000000 +0000\n\n{message}\n"
    )
    sha = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin", "--literally"],
        cwd=repo.root, input=text, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    repo.git("update-ref", "HEAD", sha)
    return sha


def _odd_commits(repo: Repo) -> dict[str, str]:
    """One commit of each kind that once stopped every build, then a good one; returns
    the commit ids by kind."""
    made = {}
    evidence = repo.root / "plans/zoe-park/evidence"
    evidence.mkdir()
    (evidence / "odd\x1ename.md").write_text("---\ndate: 2026-09-05\n---\nNotes\n")
    made["name"] = repo.commit("An odd file name", ZOE, "2026-09-05T08:00:00-05:00")
    repo.edit("plans/zoe-park/plan.md", "status: planned", "status: in-progress")
    made["author"] = repo.commit(
        "An odd author", {"name": "Zoe\x1fPark", "email": ZOE["email"]}, "2026-09-06T08:00:00-05:00"
    )
    repo.edit("plans/zoe-park/plan.md", "status: in-progress", "status: met")
    made["year"] = repo.commit("From the future", ZOE, "@253402300800 +0000")
    repo.edit("plans/zoe-park/plan.md", 'target: "85%"', 'target: "90%"')
    made["zone"] = _raw_commit(repo, f"Zoe Park <{ZOE['email']}> 1788000000 +2500", "Odd zone")
    repo.edit(PLAN, "status: planned", "status: in-progress")
    made["good"] = repo.commit("Start my essays goal", AVA, "2026-09-08T08:00:00-05:00")
    return made


def test_odd_commits_are_read_or_skipped_and_reported_once(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    made = _odd_commits(repo)
    for _ in range(2):  # once reading the commits, once from the cache
        status, events, err = history_json(repo.root / "plans", "zoe-park", capsys)
        assert status == 0
        assert err.count(f"history skips commit {made['year']}: its author date") == 1
        assert err.count(f"history skips commit {made['zone']}: its author date") == 1
        assert err.count("history skips") == 2 and "rebase" in err
        commits = {e["commit"] for e in events}
        assert {made["name"], made["author"]} <= commits
        assert not {made["year"], made["zone"]} & commits
        status, events, _ = history_json(repo.root / "plans", "ava-martinez", capsys)
        assert status == 0 and events[-1]["commit"] == made["good"]


def test_odd_commits_do_not_stop_a_build(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = _odd_commits(repo)
    out = tmp_path / "sites"
    args = ["build", "--plans", str(repo.root / "plans"), "--out", str(out)]
    # 1: the evidence file with an odd name is left out of Zoe's site, and said so
    assert main([*args, "--student", "zoe-park", "--student", "ava-martinez"]) == 1
    printed = capsys.readouterr()
    assert printed.out.startswith("Built 2 of 2 sites")
    err = printed.err
    assert err.count(made["year"]) == 1 and err.count(made["zone"]) == 1
    assert (out / "zoe-park" / "index.html").is_file()
    assert (out / "ava-martinez" / "index.html").is_file()


def test_a_plan_linked_to_an_unreadable_file_stops_nothing(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = repo.root / "plans/zoe-park/plan.md"
    plan.unlink()
    plan.symlink_to("/proc/self/mem")  # a file that even root cannot read
    repo.commit("A link", ZOE, "2026-09-02T08:00:00-05:00")
    status, events, err = history_json(repo.root / "plans", "ava-martinez", capsys)
    assert status == 0 and events and "Traceback" not in err
    classmate = repo.root / "plans/theo-ng/plan.md"
    classmate.parent.mkdir()
    classmate.symlink_to(repo.root / PLAN)  # not committed: another student's plan
    assert events_of(repo, "theo-ng") == []

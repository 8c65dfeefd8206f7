"""The pre-commit hook, tested from the hook file, as a school's repository would use it."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import git
import pytest
import yaml

from plp.cli import main

from .support import BROKEN, DEMO, ROOT, SPEC_EXAMPLE, copy_student

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
BIN = Path(sys.executable).parent


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


def _school_repo(tmp_path: Path, plans: Path) -> git.Repo:
    repo = git.Repo.init(tmp_path / "school", initial_branch="main")
    shutil.copytree(plans, Path(repo.working_dir) / "plans", symlinks=True)
    return repo


def _files(repo: git.Repo, pattern: str) -> list[str]:
    root = Path(repo.working_dir)
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return [name for name in names if re.search(pattern, name) and "/.git/" not in name]


@pytest.mark.parametrize("hook", HOOKS, ids=[hook["id"] for hook in HOOKS])
def test_each_published_hook_passes_good_plans_and_fails_broken_ones(
    hook: dict[str, str], tmp_path: Path
) -> None:
    for plans, expected in ((SPEC_EXAMPLE, 0), (BROKEN, 1)):
        repo = _school_repo(tmp_path / str(expected), plans)
        files = _files(repo, hook["files"])
        assert files
        done = subprocess.run(
            [*shlex.split(hook["entry"]), *files],
            cwd=repo.working_dir, env=_env(), capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == expected, done.stdout + done.stderr
        assert "Traceback" not in done.stdout + done.stderr


def test_this_repositorys_config_runs_the_published_hook() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert [hook["id"] for hook in HOOKS] == ["plp-validate", "plp-fmt"]
    for published in HOOKS:
        mine = local[published["id"]]
        assert (mine["entry"], mine["files"]) == (published["entry"], published["files"])


def test_a_commit_is_checked_by_pre_commit_and_only_its_files(tmp_path: Path) -> None:
    repo = _school_repo(tmp_path, SPEC_EXAMPLE)
    root = Path(repo.working_dir)
    published = HOOKS[0]
    hook = {**published, "language": "system"}  # plp is installed here already
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    repo.git.add(all=True)
    repo.git.commit("-q", "-m", "Start the plans")  # the command: no git process left open

    reflection = root / "plans/ava-martinez/reflections/2026-11-24.md"
    reflection.write_text(reflection.read_text().replace("confidence: 3", "confidense: 3"))
    repo.git.add(all=True)
    run = subprocess.run(
        [str(BIN / "pre-commit"), "run"],
        cwd=root, env=_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    assert "plans/ava-martinez/reflections/2026-11-24.md:9:1: confidense:" in run.stdout
    assert "Did you mean 'confidence'?" in run.stdout
    assert "(1 file checked)" in run.stdout


def test_in_a_sparse_checkout_of_one_student_the_hook_checks_that_students_commits(
    tmp_path: Path,
) -> None:
    """A student of a large school can check out only their own folder (the docs say how):
    Git then compares a few hundred files, not the whole school, and the hook works."""
    repo = _school_repo(tmp_path, DEMO)
    root = Path(repo.working_dir)
    hook = {**HOOKS[0], "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    repo.git.add(all=True)
    repo.git.commit("-q", "-m", "Start the plans")
    repo.git.execute(["git", "sparse-checkout", "set", "--cone", "plans/ava-martinez"])
    assert (root / "plans/_school.yml").is_file() and (root / "plans/ava-martinez").is_dir()
    assert not (root / "plans/jonah-lee").exists()

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "pre-commit"), "run"],
            cwd=root, env=_env(), capture_output=True, text=True, check=False,
        )  # fmt: skip

    reflection = root / "plans/ava-martinez/reflections/2026-11-24.md"
    good = reflection.read_text(encoding="utf-8")
    reflection.write_text(good.replace("confidence: 3", "confidense: 3"), encoding="utf-8")
    repo.git.add(all=True)
    run = pre_commit()
    assert run.returncode == 1, run.stdout + run.stderr
    assert "plans/ava-martinez/reflections/2026-11-24.md:9:1: confidense:" in run.stdout
    assert "(1 file checked)" in run.stdout and "jonah-lee" not in run.stdout
    reflection.write_text(good.replace("confidence: 3", "confidence: 4"), encoding="utf-8")
    repo.git.add(all=True)
    run = pre_commit()
    assert run.returncode == 0, run.stdout + run.stderr
    assert "plp validate....." in run.stdout and "Passed" in run.stdout


@pytest.mark.slow
def test_a_school_repository_can_use_the_published_hook(tmp_path: Path) -> None:
    """``pre-commit try-repo`` installs plp from this repository into its own environment,
    as a school's repository would with ``repo:`` and ``rev:``, and runs the hook."""
    school = _school_repo(tmp_path, BROKEN)
    school.git.add(all=True)
    env = {**_env(), "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [str(BIN / "pre-commit"), "try-repo", str(ROOT), "plp-validate", "--all-files"],
        cwd=school.working_dir, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "plp validate" in done.stdout and "Failed" in done.stdout
    assert "plans/bea-broken/plan.md:14:15: goals[0].deadline:" in done.stdout


# --- the hook finds what a full check finds, commit after commit ---------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _copy_student(plans: Path, student: str) -> None:
    copy_student(plans, "ava-martinez", student)


AVA = "plans/ava-martinez"
EVIDENCE = f"{AVA}/evidence/factoring-notes"


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(text, encoding="utf-8")


#: Commits that break plans in files other than the ones a hook is given, and a few that
#: break only their own files or nothing at all. Each starts from the same valid school.
CHANGES: dict[str, list[tuple[str, ...] | Callable[[Path], None]]] = {
    "rename a linked evidence page": [("mv", f"{EVIDENCE}.md", f"{AVA}/evidence/area-models.md")],
    "delete a linked evidence page": [("rm", "-q", f"{EVIDENCE}.md")],
    "rename a file an evidence page lists": [("mv", f"{EVIDENCE}.svg", f"{AVA}/evidence/a.svg")],
    "remove a staff member named in feedback": [
        lambda root: _edit(root / "plans/_school.yml", "  - id: okafor\n", "  - id: okafor-s\n")
    ],
    "remove an area a goal uses": [
        lambda root: _edit(root / "plans/_school.yml", "areas: [math, ela,", "areas: [math,")
    ],
    "remove a goal a reflection names": [
        lambda root: _edit(root / f"{AVA}/plan.md", "id: math-ch10", "id: math-chapter-10")
    ],
    "delete a student a roster names": [("rm", "-r", "-q", "plans/jonah-lee")],
    "add a second plan of a week with the same area": [
        lambda root: _write(
            root, f"{AVA}/weeks/2026-W48-math.md", "---\nweek: 2026-W48\nareas: [math]\n---\n"
        )
    ],
    "rename a weekly plan to another week": [
        ("mv", f"{AVA}/weeks/2026-W48.md", f"{AVA}/weeks/2026-W49.md")
    ],
    "write a grade YAML 1.1 reads as octal": [
        lambda root: _edit(root / f"{AVA}/plan.md", "grade: 10", "grade: 010")
    ],
    "move a goal's deadline": [
        lambda root: _edit(root / f"{AVA}/plan.md", "deadline: 2026-12-12", "deadline: 2026-12-19")
    ],
    "rename a goal no other file names": [
        lambda root: _edit(root / f"{AVA}/plan.md", "id: robotics-team", "id: robotics")
    ],
    "delete a reflection": [("rm", "-q", f"{AVA}/reflections/2026-11-24.md")],
    "change nothing in the plans": [lambda root: _write(root, "README.md", "Our plans.\n")],
}


def _school_history(root: Path) -> git.Repo:
    """The spec's example with two more students (one named in its rosters, one not),
    committed: a valid school."""
    repo = git.Repo.init(root, initial_branch="main")
    plans = root / "plans"
    shutil.copytree(SPEC_EXAMPLE, plans)
    _copy_student(plans, "jonah-lee")
    _copy_student(plans, "noor-halvorsen")
    _edit(plans / "jonah-lee" / "feedback" / "2026-11-25.md", "by: rivera", "by: okafor")
    repo.git.add(all=True)
    repo.git.commit("-q", "-m", "A valid school")
    return repo


def _findings(argv: list[str], root: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import contextlib
    import io

    monkeypatch.chdir(root)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["validate", "--format", "json", *argv])
    findings: list[dict[str, Any]] = json.loads(out.getvalue())
    assert status == (1 if findings else 0)
    return findings


def test_after_each_commit_the_hook_finds_what_a_full_check_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "school"
    repo = _school_history(root)
    base = repo.head.commit.hexsha
    assert _findings([], root, monkeypatch) == []
    for name, steps in CHANGES.items():
        repo.git.reset("-q", "--hard", base)
        repo.git.clean("-q", "-fd")
        for step in steps:
            if callable(step):
                step(root)
            else:
                repo.git.execute(["git", *step])
        repo.git.add(all=True)
        # What pre-commit passes: the staged files it keeps (added, copied, modified,
        # renamed, ...; never deleted), matching the hook's files pattern.
        staged = repo.git.diff("--staged", "--name-only", "-z", "--diff-filter=ACMRTUXB")
        files = [f for f in staged.split("\0") if f and re.search(HOOKS[0]["files"], f)]
        hook = _findings(["--staged", *files], root, monkeypatch)
        repo.git.commit("-q", "--no-verify", "-m", name)
        full = _findings([], root, monkeypatch)
        assert hook == full, name
        harmless = (
            "move a goal's deadline",
            "rename a goal no other file names",
            "delete a reflection",
            "change nothing in the plans",
        )
        assert bool(full) is (name not in harmless), name


def test_the_hook_runs_for_a_commit_that_only_deletes(tmp_path: Path) -> None:
    root = tmp_path / "school"
    repo = _school_history(root)
    published = HOOKS[0]
    hook = {**published, "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    repo.git.add(all=True)
    repo.git.commit("-q", "-m", "The hook")
    repo.git.rm("-q", f"{EVIDENCE}.md")
    run = subprocess.run(
        [str(BIN / "pre-commit"), "run"],
        cwd=root, env=_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    assert (
        f"{AVA}/weeks/2026-W48.md:30:15: activities[1].evidence: "
        "'evidence/factoring-notes.md' does not exist" in run.stdout
    )


def test_staged_outside_a_git_repository_is_a_usage_error(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--staged", "--plans", str(school)]) == 2
    out, err = capsys.readouterr()
    assert "--staged needs a Git repository" in err and "Traceback" not in out + err

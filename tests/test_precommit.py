"""The pre-commit hook, tested from the hook file, as a school's repository would use it."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import git
import pytest
import yaml

from .support import BROKEN, ROOT, SPEC_EXAMPLE

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
    (published,) = HOOKS
    mine = local[published["id"]]
    assert (mine["entry"], mine["files"]) == (published["entry"], published["files"])


def test_a_commit_is_checked_by_pre_commit_and_only_its_files(tmp_path: Path) -> None:
    repo = _school_repo(tmp_path, SPEC_EXAMPLE)
    root = Path(repo.working_dir)
    (published,) = HOOKS
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

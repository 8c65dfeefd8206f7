"""docs/it.md, followed word for word: every command after a ``$`` in its console blocks
runs in order in an empty folder, with real Git, real pre-commit (offline: the hook is a
local one) and the plp under test, and prints what the page shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .support import ROOT

PAGE = ROOT / "docs" / "it.md"
BIN = Path(sys.executable).parent
_DOTS = re.compile(r"\.{3,}")


@dataclass
class Step:
    command: str
    shown: list[str] = field(default_factory=list)

    @property
    def should_fail(self) -> bool:
        """A step is shown failing when its output has a pre-commit hook that failed."""
        return any(line.endswith("Failed") for line in self.shown)


def steps(page: str) -> list[Step]:
    """The commands of the page's ``console`` blocks, each with the output shown for it."""
    found: list[Step] = []
    for block in re.findall(r"^```console\n(.*?)^```", page, re.MULTILINE | re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append(Step(line[2:]))
            else:
                found[-1].shown.append(line)
    return found


def _normal(lines: list[str]) -> list[str]:
    """Lines without trailing blanks, and pre-commit's row of dots (its width depends on
    the terminal) written as three."""
    lines = [_DOTS.sub("...", line.rstrip()) for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def assert_shows(step: Step, output: str) -> None:
    shown, actual = _normal(step.shown), _normal(output.splitlines())
    if "..." not in shown:
        assert actual == shown, f"$ {step.command}\n{output}"
        return
    rest = iter(actual)  # the lines shown appear in this order; "..." stands for others
    for line in shown:
        if line != "...":
            assert any(line == got for got in rest), f"$ {step.command}: {line!r}\n{output}"


def test_the_page_shows_the_whole_way(tmp_path: Path) -> None:
    commands = [step.command.split()[:2] for step in steps(PAGE.read_text(encoding="utf-8"))]
    for needed in (["plp", "init"], ["plp", "new"], ["pre-commit", "install"], ["git", "commit"],
                   ["plp", "build"]):  # fmt: skip
        assert needed in commands


def test_it_guide_word_for_word(tmp_path: Path) -> None:
    here = tmp_path / "work"
    here.mkdir()
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path / "home"),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
    }
    for step in steps(PAGE.read_text(encoding="utf-8")):
        if step.command.startswith("cd "):
            here = here / step.command[3:].strip()
            assert here.is_dir(), step.command
            assert not step.shown
            continue
        done = subprocess.run(
            ["bash", "-c", step.command],
            cwd=here, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False,
        )  # fmt: skip
        assert (done.returncode != 0) == step.should_fail, f"$ {step.command}\n{done.stdout}"
        assert_shows(step, done.stdout)
        assert "Traceback" not in done.stdout

    # What each step was for: one commit (the bad one was stopped), two students' sites.
    log = subprocess.run(["git", "log", "--format=%s"], cwd=here, env=env, capture_output=True,
                         text=True, check=True).stdout.splitlines()  # fmt: skip
    assert log == ["Our school's plans"]
    assert (here / ".git" / "hooks" / "pre-commit").is_file()
    for student in ("ava-martinez", "jonah-lee"):
        assert (here / "private-sites" / student / "index.html").is_file()
    assert "private-sites/" in (here / ".gitignore").read_text(encoding="utf-8").splitlines()
    # The hook the page tells an existing repository to add is the one plp init writes.
    (block,) = re.findall(r"^```yaml\n(.*?)^```", PAGE.read_text(encoding="utf-8"), re.M | re.S)
    written = yaml.safe_load((here / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert yaml.safe_load(block) == written["repos"]

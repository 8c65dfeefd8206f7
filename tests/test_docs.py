"""Documentation that cannot drift from the code."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .support import ROOT, TESTS

SHARED_FORMAT = ROOT.parent / "shared" / "spec" / "PLAN-FORMAT.md"


def test_the_cli_reference_is_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_the_readme_example_is_real_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ plp validate\n(.*?)```", readme, re.DOTALL)
    assert block
    golden = (TESTS / "golden" / "broken.text").read_text(encoding="utf-8").splitlines()
    lines = [line for line in block.group(1).splitlines() if line != "..."]
    assert len(lines) >= 4
    for line in lines:
        assert line in golden, line


def test_the_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert first_block
    commands = [line for line in first_block.group(1).splitlines() if line and line[0] != "#"]
    assert commands[1] == "bash scripts/test"
    assert (
        (ROOT / ".ci" / "run")
        .read_text(encoding="utf-8")
        .rstrip()
        .endswith("exec bash scripts/test")
    )


@pytest.mark.skipif(not SHARED_FORMAT.is_file(), reason="the shared spec is not beside this clone")
def test_the_format_in_the_docs_is_the_shared_spec() -> None:
    assert (ROOT / "docs" / "plan-format.md").read_bytes() == SHARED_FORMAT.read_bytes()

"""A school's copy of this repository, with its own students in ``plans/``, passes the
tests: none of them reads ``plans/``, which belongs to whoever keeps the repository."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plp.cli import main

from .support import ROOT, TESTS

#: The tests that read the demo students (from plans/ until they had their own copy).
DEMO_READERS = [
    "tests/test_validate.py::test_the_demo_plans_are_valid",
    "tests/test_sites.py::test_changed_since_builds_only_the_students_whose_files_changed",
    "tests/test_sites.py::test_two_processes_build_the_same_sites_as_one",
    "tests/test_outputs.py::test_mkdocs_build_puts_every_site_outside_site_dir",
    "tests/test_sites.py::test_a_shallow_clone_stops_plp_build_with_the_fix",
    "tests/test_history.py::test_a_classmates_change_is_not_told_as_the_students_own",
    "tests/test_history.py::test_block_by_block_reading_equals_reading_whole",
    "tests/test_browser.py",
    "tests/test_page_texts.py",
]


def test_no_test_reads_the_plans_folder_of_the_repository() -> None:
    reads = re.compile(r"ROOT\s*/\s*[\"']plans[\"']|ROOT\.joinpath\([\"']plans")
    offenders = [
        path.name for path in sorted(TESTS.glob("*.py")) if reads.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def _repository_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [name for name in listed.split("\0") if name]


@pytest.mark.slow
def test_a_copy_with_other_students_passes_the_tests_that_used_plans(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    for name in _repository_files():
        source = ROOT / name
        if name.startswith("plans/") or not source.is_file():
            continue
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy / name)
    plans = copy / "plans"
    plans.mkdir()
    (plans / "_school.yml").write_text(
        'school: "Harbor View Academy"\nyear: 2026-2027\ntimezone: Europe/Oslo\nareas: [math]\n',
        encoding="utf-8",
    )
    assert main(["new", "student", "zoe-okafor", "--name", "Zoe Okafor",
                 "--graduation-year", "2030", "--plans", str(plans)]) == 0  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *DEMO_READERS],
        cwd=copy, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout.splitlines()[-1]

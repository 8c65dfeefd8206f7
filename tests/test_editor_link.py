"""The link from a student's private site to the web editor, built for real."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from plp.cli import main
from plp.portfolio.editor_link import EDIT_LINK_TEXT

from .support import DEMO

TODAY = "2026-11-25"
EDITOR = "https://plans.mapleridge.example/editor/"


def build(plans: Path, out: Path, *extra: str) -> int:
    return main(["build", "--plans", str(plans), "--out", str(out), "--today", TODAY,
                 "--no-history", *extra])  # fmt: skip


def links_to_the_editor(site: Path) -> list[str]:
    """Every link to the editor in any page of ``site``."""
    return [
        address
        for page in sorted(site.rglob("*.html"))
        for address in re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8"))
        if "mapleridge.example/editor" in address
    ]


def test_each_site_links_to_the_editor_with_its_own_id_and_nothing_else(tmp_path: Path) -> None:
    school = tmp_path / "plans"
    shutil.copytree(DEMO, school)
    out = tmp_path / "sites"
    students = ["--student", "ava-martinez", "--student", "jonah-lee"]
    assert build(school, out, *students, "--editor-url", EDITOR) == 0
    for student in ("ava-martinez", "jonah-lee"):
        overview = (out / student / "index.html").read_text(encoding="utf-8")
        assert (
            f'<a href="{EDITOR}?student={student}" rel="noreferrer">{EDIT_LINK_TEXT}</a>'
            in overview
        )
        assert links_to_the_editor(out / student) == [f"{EDITOR}?student={student}"]


def test_without_an_editor_address_no_site_links_to_one(school: Path, tmp_path: Path) -> None:
    out = tmp_path / "sites"
    assert build(school, out) == 0
    overview = (out / "ava-martinez" / "index.html").read_text(encoding="utf-8")
    assert EDIT_LINK_TEXT not in overview
    assert "?student=" not in overview


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("plans.mapleridge.example/editor/", "is not a web address"),
        ("javascript:alert(1)", "is not a web address"),
        (EDITOR + "?student=ava-martinez", "has a '?' or '#' part"),
        ("https://<host>/editor/", "has a character no web address has"),
    ],
)
def test_an_editor_address_that_is_not_one_is_a_usage_error(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], address: str, why: str
) -> None:
    out = tmp_path / "sites"
    assert build(school, out, "--editor-url", address) == 2
    error = capsys.readouterr().err
    assert f"--editor-url: the editor's address '{address}' {why}" in error
    assert not out.exists()

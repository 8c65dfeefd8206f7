"""Words, not codes: the names a school gives its areas and what its standards mean."""

from __future__ import annotations

import shutil
from pathlib import Path

from plp.check.checker import validate
from plp.sites import SiteOptions, build_sites

from .support import SPEC_EXAMPLE

AREAS = "areas: [math, ela, science, social-studies, world-languages, arts, wellness, cte]"
NAMED = (
    "areas: {math: Mathematics, ela: English language arts, science: Science,"
    " social-studies: Social studies, world-languages: World languages, arts: Arts,"
    " wellness: Wellness, cte: Career and technical education}\n"
    "standards:\n"
    "  CCSS.MATH.CONTENT.HSA.SSE.A.2: Use the structure of an expression to rewrite it\n"
    "  CCSS.MATH.CONTENT.HSA.REI.B.4: Solve quadratic equations in one variable"
)


def _school(tmp_path: Path, named: bool) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(SPEC_EXAMPLE, plans)
    school = plans / "_school.yml"
    text = school.read_text(encoding="utf-8")
    assert AREAS in text
    if named:
        school.write_text(text.replace(AREAS, NAMED), encoding="utf-8")
    return plans


def _site(plans: Path, out: Path) -> Path:
    report = build_sites(SiteOptions(plans=plans, out=out, history=False, today="2026-11-25"))
    assert report.built == ["ava-martinez"] and not report.findings, report
    return out / "ava-martinez"


def test_named_areas_and_standards_validate_and_plain_ids_still_do(tmp_path: Path) -> None:
    assert validate(_school(tmp_path / "named", named=True)).findings == []
    assert validate(_school(tmp_path / "plain", named=False)).findings == []


def test_an_area_a_mapping_does_not_name_is_still_an_unknown_area(tmp_path: Path) -> None:
    plans = _school(tmp_path, named=True)
    school = plans / "_school.yml"
    text = school.read_text(encoding="utf-8")
    assert "{math: Mathematics, " in text
    school.write_text(text.replace("{math: Mathematics, ", "{"), encoding="utf-8")
    fields = {f.field for f in validate(plans).findings}
    assert "goals[0].area" in fields


def test_pages_say_the_schools_words_not_its_codes(tmp_path: Path) -> None:
    site = _site(_school(tmp_path, named=True), tmp_path / "sites")
    week = (site / "weeks" / "2026-W48.html").read_text(encoding="utf-8")
    assert "Mathematics" in week
    assert "Use the structure of an expression to rewrite it" in week
    goal = next(
        page.read_text(encoding="utf-8")
        for page in (site / "goals").glob("*.html")
        if "CCSS.MATH.CONTENT.HSA.REI.B.4" in page.read_text(encoding="utf-8")
    )
    assert "Solve quadratic equations in one variable" in goal and "Mathematics" in goal


def test_without_names_pages_show_the_ids(tmp_path: Path) -> None:
    site = _site(_school(tmp_path, named=False), tmp_path / "sites")
    week = (site / "weeks" / "2026-W48.html").read_text(encoding="utf-8")
    assert "Mathematics" not in week and "math" in week

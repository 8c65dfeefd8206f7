"""The school file is parsed once for many students' plans, and never read stale."""

from __future__ import annotations

import shutil
from pathlib import Path

from plp.check.checker import validate
from plp.format.records import load_student

from .support import DEMO


def test_a_changed_school_file_is_read_again(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(DEMO, plans)
    school = plans / "_school.yml"
    first, _ = load_student(plans, "ava-martinez")
    again, _ = load_student(plans, "jonah-lee")
    assert first.school == again.school == "Maple Ridge High School"

    text = school.read_text(encoding="utf-8")
    school.write_text(text.replace("Maple Ridge High", "Maple Ridge Upper"), "utf-8")
    changed, _ = load_student(plans, "ava-martinez")
    assert changed.school == "Maple Ridge Upper School"

    school.write_text(text.replace("staff:", "staff: [\n", 1), "utf-8")  # now broken
    assert any(f.path == "_school.yml" for f in validate(plans, jobs=1).findings)
    school.write_text(text, "utf-8")
    assert not any(f.path == "_school.yml" for f in validate(plans, jobs=1).findings)

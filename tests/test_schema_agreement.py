"""plp and another schema tool agree on the shape of plans; plp finds more, and only by the
rules beyond the shape.

check-jsonschema (what a school might run in CI, and what editors do with the schemas)
reads YAML 1.2 and knows only the schemas. It runs here on the frontmatter of every file of
the spec's example, the broken corpus and variants of the example, extracted to ``.yaml``
files (it does not read Markdown). On each file, the two must agree, except where plp
applies a rule of PLAN-FORMAT.md that no schema can say: those rules are listed below.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path, PurePosixPath

import pytest

from plp.check.checker import validate
from plp.format.documents import DocumentProblem, decode, split_frontmatter
from plp.format.layout import Kind, plan_files
from plp.format.schemas import SCHEMA_NAMES

from .support import BROKEN, ROOT, SPEC_EXAMPLE, copy_student

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"

#: Codes of plp's findings for the rules beyond the shape, with the rule of PLAN-FORMAT.md.
#: A file check-jsonschema accepts may have these findings and no other.
BEYOND_THE_SHAPE = {
    "invalid-week": "rule 1 and weeks: a week that does not exist in its year (2027-W53)",
    "unknown-goal": "rule 2: goal ids refer to the student's plan.md",
    "path-outside": "rule 3: paths stay in the student's folder",
    "path-missing": "rule 3: paths exist",
    "yaml-tag": "rule 5: no tags that build objects",
    "yaml-alias": "rule 5: no alias bombs",
    "too-large": "rule 5: files over 1 MiB",
    "unsafe-html": "rule 6: raw HTML only as far as the sanitizer lets it through",
    "ambiguous-value": "rule 7: a value YAML 1.1 and YAML 1.2 read differently",
    "unknown-student": "rule 8: rosters name existing students",
    "unknown-timezone": "rule 8: timezone is an IANA name",
    "area-twice": "rule 8 and weeks: an area in one weekly plan of a week at most",
    "area-mismatch": "weeks: a plan named after an area has exactly that area",
    "unknown-staff": "plan.md and feedback: staff ids exist in _school.yml",
    "unknown-area": "goals: areas exist in _school.yml",
    "file-name": "layout: file names follow the layout",
    "folder-name": "layout: a student's folder is named with the student id",
    "name-mismatch": "layout: a file's date or week equals its file name's",
    "id-mismatch": "layout: student.id equals the folder name",
    "duplicate-id": "ids are unique (goals in a plan, activities in a week, staff)",
    "empty-body": "reflections: the body is the reflection and must not be empty",
    "unexpected-file": "layout: Markdown where no plan file belongs",
}
#: Files neither tool can read as YAML fields: plp says why, check-jsonschema fails to parse
#: them (or, with no frontmatter to extract, is not given them).
UNREADABLE = {
    "yaml-syntax",
    "yaml-tab",
    "yaml-duplicate-key",
    "frontmatter-missing",
    "frontmatter-unclosed",
    "not-a-mapping",
    "encoding",
}

WEEK = "---\nweek: {week}\nareas: [{areas}]\n---\nNotes.\n"
AVA = "ava-martinez"

#: Variants of the spec's example: (name, [(file, old text or "" for a new file, new)]).
VARIANTS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("grade-octal", [(f"{AVA}/plan.md", "grade: 10", "grade: 010")]),
    ("done-no", [(f"{AVA}/plan.md", "done: false", "done: no")]),
    ("done-y", [(f"{AVA}/plan.md", "done: false", "done: y")]),
    ("title-yes", [(f"{AVA}/evidence/factoring-notes.md", "title: Factoring", "title: yes #")]),
    ("time-of-day", [(f"{AVA}/weeks/2026-W48.md", '["Tutoring 15:30"]', "[15:30]")]),
    ("graduation-0o", [(f"{AVA}/plan.md", "graduation_year: 2029", "graduation_year: 0o3755")]),
    ("current-text", [(f"{AVA}/plan.md", 'target: "85%"', 'target: "85%"\n    current: "79%"')]),
    ("current-number", [(f"{AVA}/plan.md", 'target: "85%"', 'target: "85%"\n    current: 79')]),
    ("timezone", [("_school.yml", "America/Chicago", "America/Chicgo")]),
    ("week-00", [(f"{AVA}/weeks/2026-W48.md", "week: 2026-W48", "week: 2026-W00")]),
    ("reflection-w53", [(f"{AVA}/reflections/2026-11-24.md", "week: 2026-W48", "week: 2027-W53")]),
    ("month-13", [(f"{AVA}/feedback/2026-11-25.md", "date: 2026-11-25", "date: 2026-13-25")]),
    (
        "weeks-by-area",
        [
            (f"{AVA}/weeks/2026-W49-math.md", "", WEEK.format(week="2026-W49", areas="math")),
            (f"{AVA}/weeks/2026-W49-ela.md", "", WEEK.format(week="2026-W49", areas="ela")),
        ],
    ),
    (
        "area-twice",
        [
            (f"{AVA}/weeks/2026-W48-math.md", "", WEEK.format(week="2026-W48", areas="math")),
            (f"{AVA}/weeks/2026-W49-ela.md", "", WEEK.format(week="2026-W49", areas="ela, arts")),
        ],
    ),
    (
        "roster-of-a-school",
        [
            ("jonah-lee/plan.md", "", "copy"),
            ("_school.yml", "advisory-rivera: [ava-martinez, jonah-lee]", "advisory-rivera: [ava]"),
        ],
    ),
]


def _variant(base: Path, edits: list[tuple[str, str, str]]) -> Path:
    plans = base / "plans"
    shutil.copytree(SPEC_EXAMPLE, plans)
    for rel, old, new in edits:
        path = plans / rel
        if new == "copy":
            copy_student(plans, AVA, path.parent.name)
        elif not old:
            path.write_text(new, encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
            assert old in text, (rel, old)
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return plans


def _extract(plans: Path, out: Path) -> dict[PurePosixPath, tuple[Kind, Path | None]]:
    """Each schema-checked file's fields as a ``.yaml`` file under ``out`` (None when the
    file has no frontmatter to extract)."""
    files: dict[PurePosixPath, tuple[Kind, Path | None]] = {}
    for file in plan_files(plans):
        if file.kind not in SCHEMA_NAMES or (plans / file.rel).is_symlink():
            continue
        try:
            text = decode((plans / file.rel).read_bytes())
            fields = text if file.kind is Kind.SCHOOL else split_frontmatter(text)[0]
        except DocumentProblem:
            files[file.rel] = (file.kind, None)
            continue
        target = out / f"{file.rel}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fields, encoding="utf-8")
        files[file.rel] = (file.kind, target)
    return files


def _check_jsonschema(kind: Kind, paths: list[Path]) -> dict[Path, list[str]]:
    """check-jsonschema's errors by file (its JSON path, or "parse" for a parse error)."""
    schema = ROOT / "schema" / f"{SCHEMA_NAMES[kind]}.schema.json"
    done = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), "-o", "json", *map(str, paths)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    errors: dict[Path, list[str]] = defaultdict(list)
    for error in report.get("errors", []):
        errors[Path(error["filename"])].append(error["path"])
    for error in report.get("parse_errors", []):
        errors[Path(error["filename"])].append("parse")
    return errors


def _field(json_path: str) -> str:
    """check-jsonschema's ``$.goals[0].deadline`` as plp's ``goals[0].deadline``."""
    return json_path.removeprefix("$").removeprefix(".")


@pytest.mark.skipif(not CHECK_JSONSCHEMA.is_file(), reason="check-jsonschema is not installed")
def test_plp_and_check_jsonschema_agree_but_for_the_rules_beyond_the_shape(
    tmp_path: Path,
) -> None:
    corpora = {"spec-example": SPEC_EXAMPLE}
    broken = tmp_path / "broken" / "plans"
    shutil.copytree(BROKEN, broken, symlinks=True)
    corpora["broken"] = broken
    for name, edits in VARIANTS:
        corpora[name] = _variant(tmp_path / name, edits)

    extracted = {name: _extract(plans, tmp_path / "yaml" / name) for name, plans in corpora.items()}
    by_kind: dict[Kind, list[Path]] = defaultdict(list)
    for files in extracted.values():
        for kind, path in files.values():
            if path is not None:
                by_kind[kind].append(path)
    theirs: dict[Path, list[str]] = {}
    for kind, paths in by_kind.items():
        theirs.update(_check_jsonschema(kind, paths))

    disagreements: dict[str, set[str]] = defaultdict(set)
    for name, plans in corpora.items():
        ours: dict[PurePosixPath, list[tuple[str, str]]] = defaultdict(list)
        for finding in validate(plans, jobs=1).findings:
            ours[PurePosixPath(finding.path)].append((finding.code, finding.field))
        for rel, (_, path) in extracted[name].items():
            codes = {code for code, _ in ours[rel]}
            where = f"{name}: {rel}"
            if path is None:  # no frontmatter: check-jsonschema has nothing to read
                assert codes & UNREADABLE, where
                continue
            their_errors = theirs.get(path, [])
            if "parse" in their_errors:  # its reader refuses unsafe YAML too (rule 5)
                assert codes & (UNREADABLE | {"yaml-tag", "yaml-alias"}), where
                continue
            assert not codes & UNREADABLE, where
            shape = codes - set(BEYOND_THE_SHAPE)
            if not their_errors:
                assert not shape, f"{where}: plp finds {shape}, check-jsonschema nothing"
                disagreements[name] |= codes
                continue
            # check-jsonschema rejects the file: plp too, on the same fields (a value
            # YAML 1.1 reads otherwise is reported as such, not as the wrong type).
            fields = {field for _, field in ours[rel]}
            for error in map(_field, their_errors):
                assert any(
                    field.startswith(error) or error.startswith(field) for field in fields
                ), f"{where}: plp says nothing about {error}"
    # Each variant is about one thing, and the broken corpus has every kind of rule.
    assert disagreements["spec-example"] == set()
    assert disagreements["weeks-by-area"] == set()
    assert disagreements["current-text"] == set()
    assert {"ambiguous-value"} == disagreements["grade-octal"] == disagreements["title-yes"]
    assert disagreements["time-of-day"] == disagreements["graduation-0o"] == {"ambiguous-value"}
    assert disagreements["timezone"] == {"unknown-timezone"}
    assert disagreements["reflection-w53"] == {"invalid-week"}
    assert disagreements["area-twice"] == {"area-twice", "area-mismatch"}
    assert disagreements["roster-of-a-school"] == {"unknown-student"}
    assert {"path-missing", "unsafe-html", "file-name"} <= disagreements["broken"], disagreements

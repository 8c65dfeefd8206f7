"""Validation, sites and history read a plan file alike: one scalar policy, one reader.

History reads old versions block by block for speed (``plp.history.events``); whatever
it reads must be exactly what validation reads (``plp.format.documents``) from the same text.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from plp.demo.generator import generate_school
from plp.format import documents
from plp.format.layout import Kind, classify, walk
from plp.format.yaml_reader import YamlProblem
from plp.history.events import parse_version

from .support import DEMO, SPEC_EXAMPLE
from .test_history import AVA, PLAN, Repo, events_of

#: Values that YAML 1.1 (PyYAML) and plp's reader could read differently.
TRICKY = {
    "time": "8:00",
    "clock": "14:30",
    "octal": "010",
    "no": "no",
    "yes": "Yes",
    "on": "on",
    "exponent": "1e3",
    "float": "1.5e3",
    "infinity": ".inf",
    "nan": ".NaN",
    "tilde": "~",
    "null": "null",
    "date": "2026-09-01",
    "bad_date": "2026-02-30",
    "datetime": "2026-09-01T08:00:00-05:00",
    "hex": "0x1F",
    "underscore": "1_000",
    "quoted": '"8:00"',
    "list": "[8:00, no, 010, ~]",
}


def _front(fields: str) -> str:
    return f"---\nschema: 1\n{fields}---\n\nBody.\n"


def _both(kind: Kind, text: str) -> tuple[Any, Any]:
    """What validation reads and what history reads from ``text``."""
    rel = PurePosixPath("_school.yml" if kind is Kind.SCHOOL else "ava/plan.md")
    document = documents.parse(rel, kind, text)
    version = parse_version(kind, text.encode("utf-8"))
    assert version is not None, text
    return document.fields, version[0]


def _compare_folder(plans: Path) -> int:
    checked = 0
    for rel in walk(plans):
        kind = classify(rel)
        if kind in (Kind.IGNORED, Kind.ATTACHMENT, Kind.UNEXPECTED):
            continue
        text = documents.decode((plans / rel).read_bytes())
        validated, historical = _both(kind, text)
        assert historical == validated, rel
        checked += 1
    return checked


def test_every_file_of_a_generated_school_reads_alike(tmp_path: Path) -> None:
    school = generate_school(tmp_path / "school", students=8, weeks=6, seed=3, history=False)
    checked = _compare_folder(school.root / "plans")
    checked += _compare_folder(DEMO) + _compare_folder(SPEC_EXAMPLE)
    assert checked > 100


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_a_tricky_value_reads_alike_in_a_block_and_in_a_list(name: str) -> None:
    written = TRICKY[name]
    top = _front(f"value: {written}\n")
    listed = _front(f"goals:\n  - id: a\n    target: {written}\n  - id: b\n    target: 1\n")
    for text in (top, listed):
        validated, historical = _both(Kind.PLAN, text)
        assert historical == validated
        assert repr(historical) == repr(validated)  # 1 and 1.0 and True are not alike


def test_a_time_of_day_is_text_in_every_reader() -> None:
    validated, historical = _both(Kind.PLAN, _front("target: 8:00\n"))
    assert validated["target"] == historical["target"] == "8:00"


@pytest.mark.parametrize(
    "fields",
    [
        "goals: []\ngoals: []\n",
        "goals:\n  - id: a\n    target: 1\n    target: 2\n",
        "value: 1\nother: 2\nvalue: 3\n",
    ],
)
def test_a_key_written_twice_is_refused_by_every_reader(fields: str) -> None:
    text = _front(fields)
    with pytest.raises(YamlProblem, match="written twice"):
        documents.parse(PurePosixPath("ava/plan.md"), Kind.PLAN, text)
    assert parse_version(Kind.PLAN, text.encode("utf-8")) is None


def test_a_target_time_changed_is_told_as_written(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "school")
    shutil.copytree(SPEC_EXAMPLE, repo.root / "plans")
    repo.edit(PLAN, 'target: "85%"', "target: 8:00")
    repo.commit("Start my plan", AVA, "2026-09-01T16:00:00-05:00")
    repo.edit(PLAN, "target: 8:00", "target: 7:30")
    repo.commit("Faster", AVA, "2026-09-02T16:00:00-05:00")
    changes = [(e.field, e.from_, e.to) for e in events_of(repo) if e.type == "goal.changed"]
    assert changes == [("target", "8:00", "7:30")]

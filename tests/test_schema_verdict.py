"""The quick schema verdict says "valid" exactly when jsonschema finds no error.

``plp validate`` asks jsonschema for the errors of a file only when the quick verdict
(:mod:`plp.check.schema_verdict`) says it fails, so a file the verdict wrongly passes
would lose its findings. The two are compared on every file of a generated school and
of the test corpora, on thousands of broken variants of them (each field given a wrong
type, a boolean, a float, an unknown or a missing key, a misspelt choice, a broken
pattern, an impossible date, a number out of range, an empty list...), and on the
corners of JSON Schema's meaning, one small schema at a time.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plp.check.schema_check import check_schema
from plp.check.schema_verdict import compile_verdict, verdict
from plp.demo.generator import generate_school
from plp.format import documents
from plp.format.documents import Document, DocumentProblem
from plp.format.layout import Kind, plan_files
from plp.format.schemas import SCHEMA_NAMES, inline_refs, load_schema, validator, validator_of
from plp.format.templates import fill_with_samples

from .support import BROKEN, DEMO, SPEC_EXAMPLE

FieldPath = tuple[str | int, ...]


def _documents(root: Path) -> list[Document]:
    """Every plan file under ``root`` that reads as fields (templates as weekly plans)."""
    found = []
    for file in plan_files(root):
        try:
            if file.kind is Kind.TEMPLATE:
                text = documents.decode(documents.read_bytes(root / file.rel))
                found.append(documents.parse(file.rel, Kind.WEEK, fill_with_samples(text)))
            elif file.kind in SCHEMA_NAMES:
                found.append(documents.read(root, file))
        except DocumentProblem:
            continue
    return found


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    root = tmp_path_factory.mktemp("school")
    generate_school(root, students=4, weeks=6, history=False)
    return _documents(root / "plans")


@pytest.fixture(scope="module")
def corpora() -> list[Document]:
    return [doc for root in (DEMO, SPEC_EXAMPLE, BROKEN) for doc in _documents(root)]


def _jsonschema_passes(kind: Kind, value: Any) -> bool:
    return next(iter(validator(kind).iter_errors(value)), None) is None


def _disagreements(kind: Kind, variants: Iterator[tuple[str, Any]]) -> tuple[list[str], int, int]:
    """The variants on which the two differ, and how many each of valid and invalid."""
    quick = verdict(kind)
    assert quick is not None  # the plan schemas all get the quick verdict
    wrong, valid, invalid = [], 0, 0
    for label, value in variants:
        expected = _jsonschema_passes(kind, value)
        valid += expected
        invalid += not expected
        if quick(value) != expected:
            wrong.append(f"{kind}: {label}: jsonschema says {'valid' if expected else 'invalid'}")
    return wrong, valid, invalid


def test_every_plan_schema_gets_the_quick_verdict() -> None:
    for kind in SCHEMA_NAMES:
        assert verdict(kind) is not None, kind


def test_the_verdict_agrees_on_every_file_of_a_school(school: list[Document]) -> None:
    assert {doc.kind for doc in school} == set(SCHEMA_NAMES)
    wrong, valid, _ = [], 0, 0
    for doc in school:
        found, ok, _ = _disagreements(doc.kind, iter([(str(doc.rel), doc.fields)]))
        wrong += found
        valid += ok
    assert not wrong
    assert valid == len(school)  # a generated school is valid


def test_the_verdict_agrees_on_every_file_of_the_corpora(corpora: list[Document]) -> None:
    wrong, valid, invalid = [], 0, 0
    for doc in corpora:
        found, ok, bad = _disagreements(doc.kind, iter([(str(doc.rel), doc.fields)]))
        wrong += found
        valid += ok
        invalid += bad
    assert not wrong
    assert valid > 20 and invalid >= 5  # both sides are there: the broken corpus fails


# Broken variants.

#: Values any field is given in turn: each type, booleans and floats that look like
#: whole numbers, empty containers.
_ANY_VALUES: list[Any] = [
    "text",
    "",
    0,
    1,
    -1,
    1.0,
    2.5,
    True,
    False,
    None,
    [],
    {},
    ["text"],
    [1],
    [True],
    {"x": 1},
    [{}],
]
_DATES = [
    "2026-02-28",
    "2026-02-29",
    "2028-02-29",
    "2026-02-30",
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-1-1",
    "0000-01-01",
    "2026-01-01\n",
    "2026-01-01T10:00",
    "\u0662026-01-01",
]
_WEEKS = ["2026-W01", "2026-W53", "2026-W54", "2026-W00", "2026-W1", "2026-W10\n"]
#: Values for the fields added to every block of fields: each type once.
_ADDED_VALUES: list[Any] = ["text", 1, 1.0, True, None, [], {}]


def _schema_values(schema: Any) -> list[Any]:
    """The values a schema names (choices, constants, bounds), each also just past the
    bounds and spelt differently: where a schema is most likely to be misread."""
    values: list[Any] = []
    if isinstance(schema, list):
        for item in schema:
            values += _schema_values(item)
    elif isinstance(schema, dict):
        for keyword, value in schema.items():
            if keyword in ("enum", "const"):
                for choice in value if keyword == "enum" else [value]:
                    values.append(choice)
                    if isinstance(choice, str):
                        values += [choice + "x", choice[:-1], choice.upper(), choice + "\n"]
                    elif isinstance(choice, int) and not isinstance(choice, bool):
                        values += [float(choice), str(choice), choice + 1, bool(choice)]
            elif keyword in ("minimum", "maximum", "minLength", "minItems"):
                values += [value, value - 1, value + 1, float(value), value - 0.5, value + 0.5]
            elif keyword == "properties":
                values += _schema_values(list(value.values()))
            elif isinstance(value, dict | list):
                values += _schema_values(value)
    return values


def _property_names(schema: Any) -> set[str]:
    if isinstance(schema, list):
        return set().union(*(_property_names(item) for item in schema))
    if not isinstance(schema, dict):
        return set()
    names = set(schema.get("properties", {}))
    for value in schema.values():
        if isinstance(value, dict | list):
            names |= _property_names(value)
    return names


def _paths(value: Any, path: FieldPath = ()) -> Iterator[FieldPath]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _shape(path: FieldPath) -> FieldPath:
    """The path with list positions left out: the same field of another item."""
    return tuple("*" if isinstance(part, int) else part for part in path)


def _shallow(container: Any) -> Any:
    return list(container) if isinstance(container, list) else dict(container)


def _replaced(root: Any, path: FieldPath, value: Any) -> Any:
    """``root`` with the value at ``path`` replaced (copied along the path only)."""
    if not path:
        return value
    result = _shallow(root)
    result[path[0]] = _replaced(root[path[0]], path[1:], value)
    return result


def _changed(root: Any, path: FieldPath, change: Any) -> Any:
    """``root`` with ``change`` applied to a copy of the list or block at ``path``."""
    if not path:
        result = _shallow(root)
        change(result)
        return result
    return _replaced(root, path[:1], _changed(root[path[0]], path[1:], change))


def _variants(fields: Any, kind: Kind, seen: set[FieldPath]) -> Iterator[tuple[str, Any]]:
    """Broken (and some still valid) versions of ``fields``, at each field whose shape
    is not in ``seen`` yet."""
    schema = inline_refs(load_schema(kind))
    named = _schema_values(schema)
    names = sorted(_property_names(schema))
    for path in _paths(fields):
        if _shape(path) in seen:
            continue
        seen.add(_shape(path))
        here: Any = fields
        for part in path:
            here = here[part]
        values = [*_ANY_VALUES, *named]
        if isinstance(here, str):
            values += [here + "\n", here + "x", here[:-1], here.upper(), " " + here]
            values += [here.replace("-", "_"), here + "-", "-" + here, here * 8]
            values += _DATES if here[:2] in ("19", "20") else []
            values += _WEEKS if "-W" in here else []
        elif isinstance(here, bool):
            values += [int(here), str(here).lower()]
        elif isinstance(here, int | float):
            values += [here + 1, here - 1, float(here), str(here), here + 0.5]
        for value in values:
            yield f"{path} = {value!r}", _replaced(fields, path, value)
        if isinstance(here, dict):
            for key in list(here):
                yield f"{path} without {key}", _changed(fields, path, lambda d, k=key: d.pop(k))
                yield (
                    f"{path} {key} misspelt",
                    _changed(fields, path, lambda d, k=key: d.update({k + "s": d.pop(k)})),
                )
            for name in [*names, "unknown_field", "Title"]:
                if name in here:
                    continue
                for value in _ADDED_VALUES:
                    yield (
                        f"{path} + {name}: {value!r}",
                        _changed(fields, path, lambda d, n=name, v=value: d.update({n: v})),
                    )
        elif isinstance(here, list) and here:
            yield f"{path} doubled", _changed(fields, path, lambda items: items.append(items[0]))
            for value in _ADDED_VALUES:
                yield (
                    f"{path} + {value!r}",
                    _changed(fields, path, lambda items, v=value: items.append(v)),
                )


def test_the_verdict_agrees_on_broken_variants(
    school: list[Document], corpora: list[Document]
) -> None:
    wrong, valid, invalid = [], 0, 0
    seen: dict[Kind, set[FieldPath]] = {kind: set() for kind in SCHEMA_NAMES}
    for doc in [*corpora, *school]:
        if not isinstance(doc.fields, dict) or not _jsonschema_passes(doc.kind, doc.fields):
            continue  # variants of valid files: each breaks one thing
        found, ok, bad = _disagreements(doc.kind, _variants(doc.fields, doc.kind, seen[doc.kind]))
        wrong += found
        valid += ok
        invalid += bad
    assert not wrong, "\n".join(wrong[:20])
    assert valid > 1000 and invalid > 10000  # a test of both sides, at every field


# The corners of JSON Schema, one keyword at a time.

_SCHEMAS: list[Any] = [
    True,
    False,
    {},
    {"type": "integer"},
    {"type": "number"},
    {"type": "boolean"},
    {"type": "null"},
    {"type": ["integer", "null"]},
    {"type": ["string", "array"], "minLength": 2, "minItems": 2},
    {"enum": [1, "a", None]},
    {"enum": [True]},
    {"enum": [0.0]},
    {"enum": [[1], {"a": 1}]},
    {"enum": []},
    {"const": 1},
    {"const": False},
    {"const": [1, {"a": True}]},
    {"const": None},
    {"minimum": 1, "maximum": 3},
    {"type": "integer", "minimum": 1, "maximum": 3},
    {"type": "number", "maximum": 0},
    {"minLength": 2},
    {"type": "string", "minLength": 1},
    {"minItems": 1},
    {"type": "array", "items": {"type": "string"}},
    {"items": False},
    {"items": True},
    {"required": ["a"]},
    {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}},
    {"properties": {"a": False}},
    {"properties": {"a": {"const": 1}}, "additionalProperties": False},
    {"additionalProperties": {"type": "integer"}},
    {"additionalProperties": {}},
    {"propertyNames": {"pattern": "^a"}},
    {"propertyNames": {"minLength": 2}},
    {"pattern": "^a$"},
    {"pattern": "a"},
    {"pattern": "^a\\$"},
    {"format": "date"},
    {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    {"anyOf": []},
    {"anyOf": [{"type": "string"}, {"type": "integer"}]},
    {"anyOf": [{"format": "date"}, {"enum": ["daily"]}]},
    {"anyOf": [{"type": "string"}, {}]},
    {"oneOf": []},
    {"oneOf": [{"type": "integer"}, {"type": "number"}]},
    {"oneOf": [True, {"type": "string"}]},
    {"oneOf": [{"type": "array"}, {"type": "object", "propertyNames": {"pattern": "^a"}}]},
    {"title": "T", "description": "D", "default": 1, "errorMessage": "E", "type": "string"},
]
_INSTANCES: list[Any] = [
    0,
    1,
    -1,
    1.0,
    1.5,
    2,
    3,
    3.0,
    3.5,
    4,
    -0.0,
    10**30,
    float("nan"),
    float("inf"),
    True,
    False,
    None,
    "",
    "a",
    "ab",
    "a\n",
    "ba",
    "a$",
    "1",
    "true",
    "2026-02-28",
    "2026-02-30",
    "2026-02-28\n",
    "2026-2-28",
    "daily",
    [],
    [1],
    [True],
    [1.0],
    ["a"],
    ["a", "b"],
    [1, {"a": 1}],
    [1, {"a": True}],
    [1, {"a": 1.0}],
    [[1]],
    [[True]],
    {},
    {"a": 1},
    {"a": True},
    {"a": 1.0},
    {"a": "1"},
    {"b": 1},
    {"b": "x"},
    {"ab": 1, "a": 1},
]


@pytest.mark.parametrize("schema", _SCHEMAS, ids=[repr(s)[:60] for s in _SCHEMAS])
def test_the_verdict_keeps_json_schemas_meaning(schema: Any) -> None:
    quick = compile_verdict(schema)
    assert quick is not None
    slow = validator_of(schema)
    for instance in _INSTANCES:
        expected = next(iter(slow.iter_errors(instance)), None) is None
        assert quick(instance) == expected, instance


@pytest.mark.parametrize(
    "schema",
    [
        {"not": {"type": "string"}},
        {"type": "object", "properties": {"a": {"allOf": [{"type": "string"}]}}},
        {"items": {"$ref": "#/$defs/slug"}},
        {"type": "string", "format": "email"},
        {"type": "strings"},
        {"properties": {"a": {"$schema": "http://json-schema.org/draft-07/schema#"}}},
        {"minLength": "2"},
        {"required": "a"},
        {"anyOf": [{"type": "string"}, {"maxLength": 3}]},
    ],
)
def test_a_schema_the_compiler_does_not_know_is_left_to_jsonschema(schema: Any) -> None:
    assert compile_verdict(schema) is None


def test_a_failing_file_still_gets_jsonschemas_findings(school: list[Document]) -> None:
    doc = copy.deepcopy(next(doc for doc in school if doc.kind is Kind.WEEK))
    doc.fields["activities"][0]["status"] = "dun"
    doc.fields["week"] = "2026-W54"
    findings = check_schema(doc)
    assert {(f.field, f.code) for f in findings} == {
        ("activities[0].status", "not-a-choice"),
        ("week", "invalid-format"),
    }

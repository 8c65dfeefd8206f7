"""Schema validation of one document, with errors a student can act on.

jsonschema says *what* failed; this module says *where* (line and column, from the YAML
positions), *in words* ("expected one of: planned, in-progress, …"), and adds a hint from
the property's ``description`` in the schema, or a did-you-mean for a misspelt key or value.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from plp.check.findings import Finding, field_label
from plp.check.schema_verdict import verdict
from plp.format.documents import Document
from plp.format.schemas import load_schema, validator
from plp.format.yaml_reader import FieldPath

if TYPE_CHECKING:
    from jsonschema import ValidationError

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a block of fields",
    "null": "nothing",
}
#: What a ``$ref``'d definition expects, in words.
_DEF_WORDS = {
    "date": "a date written YYYY-MM-DD",
    "iso_week": "an ISO week written YYYY-Www (W01 to W53), like 2026-W48",
    "slug": "an id of lowercase letters, digits and dashes, like math-ch10",
    "student_id": "a student id of lowercase letters, digits and dashes, like ava-martinez",
    "visibility": "private or public",
}
_PATTERN_WORDS = {
    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$": _DEF_WORDS["date"],
    "^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$": _DEF_WORDS["iso_week"],
    "^[a-z0-9][a-z0-9-]{0,62}$": _DEF_WORDS["slug"],
    "^[a-z0-9][a-z0-9-]{1,62}$": _DEF_WORDS["student_id"],
}

#: YAML 1.1's spellings of true and false that YAML 1.2 reads as text (PyYAML reads
#: y and n as text too; other YAML 1.1 readers do not).
_YAML11_BOOLS = {
    spelling: meaning
    for words, meaning in (("y yes on", "true"), ("n no off", "false"))
    for word in words.split()
    for spelling in (word, word.title(), word.upper())
}


def check_schema(document: Document) -> list[Finding]:
    """Every schema error of ``document``, one finding per field."""
    passes = verdict(document.kind)
    if passes is not None and passes(document.fields):
        return []  # the usual case, answered without jsonschema
    root = load_schema(document.kind)
    findings: dict[tuple[str, str], Finding] = {}
    for error in validator(document.kind).iter_errors(document.fields):
        for finding in _translate(document, root, error):
            # One finding per field: a bad date fails both its pattern and its format.
            findings.setdefault((finding.field, finding.code), finding)
    by_field: dict[str, Finding] = {}
    for finding in findings.values():
        by_field.setdefault(finding.field, finding)
    return sorted(by_field.values())


def _translate(
    document: Document, root: dict[str, Any], error: ValidationError
) -> Iterator[Finding]:
    path: FieldPath = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = _described(root, error.absolute_schema_path)
    instance: Any = error.instance  # typed as possibly unset; always set on real errors
    expected: Any = error.validator_value
    found = _show(instance)
    kind = error.validator

    def at(
        code: str, message: str, hint: str, field_path: FieldPath = path, *, key: bool = False
    ) -> Finding:
        position = document.yaml.position(field_path, key=key)
        return Finding(
            str(document.rel),
            position.line,
            position.column,
            field_label(field_path),
            code,
            message,
            hint,
        )

    if kind == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        for name in sorted(set(instance) - set(known)):
            guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            advice = (
                f"Did you mean '{guess[0]}'?"
                if guess
                else f"Known fields here: {', '.join(known)}."
            )
            yield at("unknown-key", f"unknown field '{name}'", advice, (*path, name), key=True)
    elif kind == "required":
        for name in expected:
            if name not in instance:
                prop = schema.get("properties", {}).get(name, {})
                yield at(
                    "missing-field",
                    f"the required field '{name}' is missing",
                    prop.get("description", ""),
                    (*path, name),
                )
    elif kind == "type" and "boolean" in expected and str(instance) in _YAML11_BOOLS:
        meant = _YAML11_BOOLS[str(instance)]
        yield at(
            "ambiguous-value",
            f"'{instance}' reads as {meant} in YAML 1.1 and as the text '{instance}' in YAML 1.2",
            f"Write {meant}.",
        )
    elif kind == "type":
        yield at("wrong-type", f"expected {_types(expected)}, found {found}", hint)
    elif kind == "enum":
        choices = [str(choice) for choice in expected]
        guess = difflib.get_close_matches(str(instance), choices, n=1, cutoff=0.7)
        advice = f"Did you mean '{guess[0]}'? {hint}" if guess else hint
        yield at("not-a-choice", f"expected one of: {', '.join(choices)}; found {found}", advice)
    elif kind == "const":
        yield at("wrong-value", f"expected {_show(expected)}, found {found}", hint)
    elif kind == "format" and expected == "date":
        yield at("invalid-date", f"{found} is not a real date (expected YYYY-MM-DD)", hint)
    elif kind == "pattern":
        expected = _PATTERN_WORDS.get(str(expected), f"text matching {expected}")
        code = "invalid-date" if expected == _DEF_WORDS["date"] else "invalid-format"
        yield at(code, f"expected {expected}, found {found}", hint)
    elif kind in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        span = (
            f"from {low} to {high}"
            if low is not None and high is not None
            else (f"at least {low}" if low is not None else f"at most {high}")
        )
        yield at("out-of-range", f"expected a number {span}, found {found}", hint)
    elif kind == "minItems":
        yield at("too-few", f"expected at least {expected} item(s), found none", hint)
    elif kind == "anyOf":
        expected = " or ".join(_expects(branch) for branch in expected)
        yield at("wrong-value", f"expected {expected}; found {found}", hint)
    else:  # a keyword the schemas do not use today: jsonschema's own words
        yield at("schema", error.message, hint)


def _described(root: dict[str, Any], schema_path: Sequence[str | int]) -> str:
    """The ``description`` of the deepest schema along ``schema_path``, before any ``$ref``."""
    node: Any = root
    description = ""
    for part in schema_path:
        in_dict = isinstance(node, dict) and part in node and part != "$ref"
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if not (in_dict or in_list):
            break
        node = node[part]
        if isinstance(node, dict) and "description" in node:
            description = str(node["description"])
    return description


def _expects(branch: dict[str, Any]) -> str:
    if branch.get("format") == "date":
        return _DEF_WORDS["date"]
    if branch.get("pattern") in _PATTERN_WORDS:
        return _PATTERN_WORDS[branch["pattern"]]
    if "enum" in branch:
        return "one of " + ", ".join(str(choice) for choice in branch["enum"])
    if "type" in branch:
        return _types(branch["type"])
    return "a valid value"  # pragma: no cover - the schemas' anyOf branches are all above


def _types(value: str | list[str]) -> str:
    names = [value] if isinstance(value, str) else value
    return " or ".join(_TYPE_WORDS.get(name, name) for name in names)


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list):
        return "a list"
    return str(value)

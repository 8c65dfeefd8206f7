"""The JSON Schemas of the plan format, and validators for them.

The schemas are plain files in the repository's ``schema/`` folder, for editors and other
tools; an installed wheel carries a copy as ``plp/format/schemas``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plp.format.layout import Kind

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

SCHEMA_NAMES = {
    Kind.SCHOOL: "school",
    Kind.PLAN: "plan",
    Kind.WEEK: "week",
    Kind.REFLECTION: "reflection",
    Kind.EVIDENCE: "evidence",
    Kind.CONFERENCE: "conference",
    Kind.FEEDBACK: "feedback",
}


def schema_dir() -> Path:
    """The folder holding ``<name>.schema.json``: inside the package, or the source tree's."""
    packaged = Path(__file__).parent / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "schema"


@cache
def load_schema(kind: Kind) -> dict[str, Any]:
    """The schema for files of ``kind``."""
    path = schema_dir() / f"{SCHEMA_NAMES[kind]}.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with each local ``{"$ref": "#/$defs/x"}`` replaced by the definition.

    Same meaning, and validation no longer resolves a reference at every date and id (it
    halves the time jsonschema takes). The files keep their references, for editors.
    """
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: walk(value) for key, value in node.items() if key != "$defs"}
        ref = node.get("$ref", "")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = walk(defs[ref.removeprefix("#/$defs/")])
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            node = {**target, **siblings}
        return node

    inlined: dict[str, Any] = walk(schema)
    return inlined


@cache
def anchored(pattern: str) -> re.Pattern[str]:
    r"""``pattern`` with a final ``$`` meaning the end of the text, as in JSON Schema's
    ECMA-262 regexes: in Python, ``$`` also matches before a final newline, which would
    let the goal id ``"chess-rating\n"`` through (and make a file name with a newline)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


@cache
def validator(kind: Kind) -> Validator:
    """A validator for ``kind`` (see :func:`validator_of`)."""
    return validator_of(inline_refs(load_schema(kind)))


def validator_of(schema: dict[str, Any]) -> Validator:
    """A validator for ``schema`` that checks dates are real calendar dates, and anchors
    patterns at the very end of the text (see :func:`anchored`)."""
    from jsonschema import (  # slow to import: only here
        Draft202012Validator,
        FormatChecker,
        ValidationError,
    )
    from jsonschema.validators import extend

    def pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
        if isinstance(instance, str) and not anchored(pattern).search(instance):
            yield ValidationError(f"{instance!r} does not match {pattern!r}")

    checker = extend(Draft202012Validator, {"pattern": pattern})  # type: ignore[no-untyped-call]
    checked: Validator = checker(schema, format_checker=FormatChecker(["date"]))
    return checked

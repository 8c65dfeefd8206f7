"""The canonical form of a plan file: how plp, ``plp fmt`` and the web editor write YAML.

One form, so that a teacher reviewing a change sees only the lines that changed:

* keys in the order of the file's JSON Schema (nested keys too); keys the schema does not
  know stay, after the known ones, in the order they were written;
* two-space indentation; a list as ``- item`` lines indented under its key, except a
  list of values (no mappings) that fits in 80 characters, written on one line as ``[a, b]``;
  no line is ever wrapped;
* a text is written plain when every YAML reader reads it back as the same text (the
  text starts with a letter and holds only letters, digits, spaces and ``,.'()%/+?!;&@_-``;
  or it is a date ``YYYY-MM-DD`` or an ISO week ``YYYY-Www``);
  anything else is written double-quoted, JSON style. So a value YAML 1.1 and YAML 1.2
  read differently (``no``, ``on``, ``010``) is always written quoted;
* the Markdown body is kept byte for byte.

The web editor's plan format (``plp/editor/static/plp-format.js``) implements the same
rules; a test runs both on the same files and compares.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import yaml

from plp.format.documents import DocumentProblem, check_conflict_markers, split_frontmatter
from plp.format.layout import Kind
from plp.format.schemas import inline_refs, load_schema
from plp.format.yaml_reader import FieldPath, Position, YamlProblem, read_yaml

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'()%/+?!;&@_-]*|\d{4}-W\d\d|\d{4}-\d\d-\d\d")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
#: A list of plain values is written on one line when that line is at most this long.
FLOW_WIDTH = 80
_RESERVED = frozenset(("yes", "no", "true", "false", "null", "on", "off", "y", "n"))


class FormatProblem(DocumentProblem):
    """A file ``plp fmt`` will not rewrite, because rewriting would lose something."""


def scalar(value: Any, *, flow: bool = False) -> str:
    """One YAML scalar in canonical spelling."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    plain = (
        _PLAIN.fullmatch(text) is not None
        and not text.endswith(" ")
        and text.lower() not in _RESERVED
        and not (flow and "," in text)
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def ordered(value: Any, schema: Mapping[str, Any]) -> Any:
    """``value`` with every mapping's keys in ``schema``'s order, unknown keys last."""
    if isinstance(value, list):
        items = schema.get("items", {})
        return [ordered(item, items if isinstance(items, Mapping) else {}) for item in value]
    if not isinstance(value, dict):
        return value
    properties: Mapping[str, Any] = schema.get("properties", {})
    known = [key for key in properties if key in value]
    unknown = [key for key in value if key not in properties]
    return {key: ordered(value[key], properties.get(key, {})) for key in known + unknown}


def emit(data: Mapping[str, Any], pad: str = "") -> list[str]:
    """Block YAML lines for a mapping, canonical as the module says."""
    lines: list[str] = []
    for key, value in data.items():
        name = key if _PLAIN_KEY.fullmatch(key) else scalar(key)
        if isinstance(value, dict) and value:
            lines += [f"{pad}{name}:", *emit(value, pad + "  ")]
        elif isinstance(value, list) and _fits_on_a_line(f"{pad}{name}: ", value):
            lines.append(f"{pad}{name}: [{', '.join(scalar(x, flow=True) for x in value)}]")
        elif isinstance(value, list):
            lines.append(f"{pad}{name}:")
            for item in value:
                lines += _item(item, pad + "  ")
        elif isinstance(value, dict):
            lines.append(f"{pad}{name}: {{}}")
        else:
            lines.append(f"{pad}{name}: {scalar(value)}")
    return lines


def _fits_on_a_line(start: str, items: list[Any]) -> bool:
    """Whether ``items`` are plain values whose one-line list fits in :data:`FLOW_WIDTH`."""
    if any(isinstance(item, dict | list) for item in items):
        return False
    spelled = [scalar(item, flow=True) for item in items]
    return len(start) + 2 + len(", ".join(spelled)) <= FLOW_WIDTH


def _item(item: Any, pad: str) -> list[str]:
    if isinstance(item, dict) and item:
        inner = emit(item, pad + "  ")
        return [f"{pad}- {inner[0].lstrip()}", *inner[1:]]
    if isinstance(item, list):
        return [f"{pad}- [{', '.join(scalar(x, flow=True) for x in item)}]"]
    return [f"{pad}- {'{}' if isinstance(item, dict) else scalar(item)}"]


def canonical_text(text: str, kind: Kind) -> str:
    """The canonical form of a plan file's ``text``; raises :class:`DocumentProblem`.

    Raises :class:`FormatProblem` for a file with YAML comments: plp's reader does not
    keep them, and a formatter must never drop what someone wrote.
    """
    check_conflict_markers(text)
    if kind is Kind.SCHOOL:
        frontmatter, body, first_line = text, None, 1
    else:
        frontmatter, body, _ = split_frontmatter(text)
        first_line = 2
    _refuse_comments(frontmatter, first_line)
    try:
        data = read_yaml(frontmatter, first_line=first_line)
    except YamlProblem as problem:
        raise DocumentProblem.from_yaml(problem) from None
    value = {} if data.value is None else data.value
    if not isinstance(value, dict):
        raise DocumentProblem(
            "not-a-mapping",
            "the fields at the top must be 'name: value' lines, not a list or a single value",
            data.position(()),
            "Write each field on its own line as 'name: value'.",
        )
    for ambiguity in data.ambiguous:  # keep what the student typed, in a form all agree on
        value = _replace(value, ambiguity.path, ambiguity.text)
    lines = emit(ordered(value, inline_refs(load_schema(kind))))
    yaml_text = "".join(line + "\n" for line in lines)
    if body is None:
        return yaml_text
    return f"---\n{yaml_text}---\n{body}"


def _replace(value: Any, path: FieldPath, text: str) -> Any:
    if not path:
        return text
    head, rest = path[0], path[1:]
    if isinstance(value, dict) and isinstance(head, str):
        return {**value, head: _replace(value[head], rest, text)}
    if isinstance(value, list) and isinstance(head, int):
        return [_replace(item, rest, text) if i == head else item for i, item in enumerate(value)]
    return value


def _refuse_comments(frontmatter: str, first_line: int) -> None:
    """Raise :class:`FormatProblem` at the first ``#`` that is not inside a value."""
    if "#" not in frontmatter:
        return
    inside: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(frontmatter, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken):
                inside.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        return  # the reader reports the syntax error with its position
    for match in re.finditer("#", frontmatter):
        if not any(start <= match.start() < end for start, end in inside):
            line = frontmatter.count("\n", 0, match.start()) + first_line
            column = match.start() - frontmatter.rfind("\n", 0, match.start())
            raise FormatProblem(
                "fmt-comment",
                "this file has a YAML comment, which plp fmt would lose",
                Position(line, column),
                "Move the comment into the Markdown text below the fields (or into a "
                "field), then run plp fmt again.",
            )

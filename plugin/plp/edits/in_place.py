"""Set one value in a plan file's frontmatter by rewriting only that value's text.

A plan file is the student's text: comments, key order, quoting, flow style and blank
lines are theirs. An edit finds the value's text span (from the YAML node's start and end
marks) and replaces just that span, written in the same quoting style when that reads
back to the new value. A missing key is added as one new line (or, in a flow mapping, as
one more ``key: value`` pair on the same line). Every edit is checked by reading the
edited file back: the new value is there and every other value is unchanged, or the edit
is refused and the text is returned untouched.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from plp.format.documents import split_frontmatter
from plp.format.yaml_reader import FieldPath, YamlProblem, read_yaml

# A plain scalar that every YAML reader reads back as the same text.
_SAFE_PLAIN = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_ .%/()+-]*[A-Za-z0-9_.%/()+-])?")
_NOT_TEXT = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"})


class EditRefused(Exception):
    """An edit that cannot be made without changing more than the value; nothing changed."""


def set_value(text: str, path: FieldPath, value: str | bool) -> str:
    """``text`` (a whole plan file) with the frontmatter value at ``path`` set to ``value``.

    The parent of ``path`` must exist; the last key is added when missing.
    Raises :class:`EditRefused` when the edit cannot keep everything else as it was.
    """
    frontmatter, _body, _line = split_frontmatter(text)
    start = text.index("\n") + 1  # the frontmatter starts after the first '---' line
    before = _values(frontmatter)
    root = _compose(frontmatter)
    parent = _find(root, path[:-1])
    key = path[-1]
    if isinstance(parent, yaml.MappingNode) and isinstance(key, str):
        found = next((v for k, v in parent.value if k.value == key), None)
        if found is None:
            edited = _insert(frontmatter, parent, key, value)
        else:
            edited = _replace(frontmatter, found, value)
    elif isinstance(parent, yaml.SequenceNode) and isinstance(key, int):
        if key >= len(parent.value):
            raise EditRefused(f"there is no item {key + 1} in the list")
        edited = _replace(frontmatter, parent.value[key], value)
    else:
        raise EditRefused("the place of this value is not a list or a block of fields")
    _assert_only(before, _values(edited), path, value)
    return text[:start] + edited + text[start + len(frontmatter) :]


def _values(frontmatter: str) -> Any:
    try:
        return read_yaml(frontmatter).value
    except YamlProblem as problem:
        raise EditRefused(f"the file's fields cannot be read: {problem.message}") from None


def _compose(frontmatter: str) -> yaml.Node:
    node = yaml.compose(frontmatter, Loader=yaml.SafeLoader)
    if node is None:
        raise EditRefused("the file has no fields")
    return node


def _find(node: yaml.Node, path: FieldPath) -> yaml.Node:
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            match = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            match = node.value[step] if step < len(node.value) else None
        else:
            match = None
        if match is None:
            raise EditRefused(f"there is no '{step}' here")
        node = match
    return node


def _replace(frontmatter: str, node: yaml.Node, value: str | bool) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
        raise EditRefused("the value is not a single-line value; change it by hand")
    begin, end = node.start_mark.index, node.end_mark.index
    if "\n" in frontmatter[begin:end]:
        raise EditRefused("the value spans several lines; change it by hand")
    return frontmatter[:begin] + _written(value, node.style) + frontmatter[end:]


def _insert(frontmatter: str, mapping: yaml.MappingNode, key: str, value: str | bool) -> str:
    pair = f"{key}: {_written(value, None)}"
    if not mapping.value:
        raise EditRefused("the block of fields is empty; add the field by hand")
    if mapping.flow_style:
        end = mapping.end_mark.index - 1  # the closing '}'
        if frontmatter[end] != "}":
            raise EditRefused("the block of fields is not closed on this line")
        last = mapping.value[-1][1].end_mark.index
        return frontmatter[:last] + f", {pair}" + frontmatter[last:]
    first_key = mapping.value[0][0]
    indent = " " * first_key.start_mark.column
    last_value = mapping.value[-1][1]
    mark = last_value.end_mark
    lines = frontmatter.split("\n")
    at = mark.line if mark.column == 0 else mark.line + 1
    lines.insert(at, indent + pair)
    return "\n".join(lines)


def _written(value: str | bool, style: str | None) -> str:
    """``value`` as YAML text, in ``style`` (``'``, ``"`` or plain) where that reads back."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return json.dumps(value, ensure_ascii=False)
    if _SAFE_PLAIN.fullmatch(value) and value.lower() not in _NOT_TEXT and not _numeric(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _numeric(text: str) -> bool:
    try:
        float(text.replace("_", ""))
    except ValueError:
        return text[:1].isdigit() and ":" in text
    return True


def _assert_only(before: Any, after: Any, path: FieldPath, value: str | bool) -> None:
    """Refuse unless ``after`` is ``before`` with ``path`` set to ``value``."""
    expected = json.loads(json.dumps(before))
    place = expected
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = value
    if after != expected:
        raise EditRefused("the edit would change more than this value; change it by hand")

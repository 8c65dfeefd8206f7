"""Safe YAML reading that keeps the line and column of every value.

Plans are written by students, so the reader trusts nothing:

* only plain data is built: a tag that would build an object (``!!python/object``) is an
  error, as is any tag plp does not know;
* anchors and aliases may be used, but a document that expands past a fixed number of
  values or characters (an "alias bomb") or refers to itself is an error;
* values nest at most :data:`MAX_DEPTH` deep, and whole numbers have at most
  :data:`MAX_DIGITS` digits: deeper or longer input is an error with its line, never a
  crash of the reader;
* a key written twice in one mapping is an error (YAML libraries silently keep one);
* dates and times stay the strings the student wrote, so that validation can tell a
  real date from ``2026-02-30`` and error messages can quote the text as written;
* a plain value is read as YAML 1.2 reads it (as editors and other schema tools do), and
  a value that YAML 1.1 reads differently (``no``, ``010``, ``1:30``, ``0o10``, ``1_000``)
  is recorded in :attr:`YamlData.ambiguous`, so that validation can ask for a spelling
  every reader agrees on (rule 7 of PLAN-FORMAT.md).

Every value's position is kept in a map from its field path (``("goals", 0, "deadline")``)
to a 1-based line and column, so that any error can point at the text a student wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is about ten times faster; PyYAML wheels ship it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FieldPath = tuple[str | int, ...]

#: How many values a document may expand to through aliases before it is refused.
MAX_VALUES = 20_000
#: How many characters of text a document may expand to through aliases: no more than the
#: largest file holds, so aliases never make a plan larger than it could be written out.
MAX_CHARACTERS = 1024 * 1024
#: How deep lists and blocks of fields may nest (plans need five or six levels).
MAX_DEPTH = 64
#: How many digits a whole number may have.
MAX_DIGITS = 100
#: Below this many indicator characters (each level of nesting needs one), libyaml cannot
#: nest deep enough to exhaust its stack, and the depth is checked while building.
_SAFE_INDICATORS = 2_000

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
_TIMESTAMP, _MAP, _SEQ, _MERGE = (_TAG + t for t in ("timestamp", "map", "seq", "merge"))
_SCALAR_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP})
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVER = yaml.resolver.Resolver()
_VALUE = _TAG + "value"  # YAML 1.1's "=", text in YAML 1.2

# The YAML 1.2 core schema's numbers; plain text that is neither is a string (or null or
# a boolean, which both versions spell alike apart from YAML 1.1's yes/no/on/off).
_INT_12 = re.compile(r"[-+]?[0-9]+")
_OCT_12 = re.compile(r"0o[0-7]+")
_HEX_12 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_12 = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT_12 = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf")}
_BOOL_WORDS_11 = frozenset(
    word for base in ("yes", "no", "on", "off") for word in (base, base.title(), base.upper())
)
_NUMBER_START = frozenset("0123456789+-.")
_NUMBER_OR_BOOL = frozenset({_INT, _FLOAT, _BOOL})


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A plain value that YAML 1.1 and YAML 1.2 read differently (``no``: false or text)."""

    path: FieldPath
    text: str
    yaml11: Any
    yaml12: Any


@dataclass(slots=True)
class YamlData:
    """Plain data (dicts, lists, strings, numbers, booleans, None) with positions."""

    value: Any
    #: Where each value starts, by field path; the root is at ``()``.
    positions: dict[FieldPath, Position] = field(default_factory=dict)
    #: Where each mapping key starts, by the field path of its value.
    key_positions: dict[FieldPath, Position] = field(default_factory=dict)
    #: The values read as YAML 1.2 reads them that YAML 1.1 reads otherwise.
    ambiguous: list[Ambiguity] = field(default_factory=list)

    def position(self, path: FieldPath, *, key: bool = False) -> Position:
        """The position of ``path``, or of its nearest ancestor that has one."""
        table = self.key_positions if key else self.positions
        while path:
            if path in table:
                return table[path]
            if key and path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), Position(1, 1))


class YamlProblem(Exception):
    """YAML that plp will not read, with the place and a hint for the student."""

    def __init__(self, code: str, message: str, position: Position, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.position = position
        self.hint = hint


def read_yaml(text: str, *, first_line: int = 1) -> YamlData:
    """Read one YAML document; positions count lines from ``first_line``.

    Raises :class:`YamlProblem` for anything that is not plain, safe data. An empty
    document reads as ``None``.
    """
    if len(text) > _SAFE_INDICATORS and _indicators(text) > _SAFE_INDICATORS:
        _check_depth(text, first_line)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise _syntax_problem(error, text, first_line) from None
    except yaml.YAMLError as error:  # pragma: no cover - libyaml marks every error
        raise YamlProblem("yaml-syntax", str(error), Position(first_line, 1)) from None
    finally:
        loader.dispose()
    data = YamlData(None)
    if node is not None:
        data.value = _Builder(data, first_line).build(node, ())
    return data


def _indicators(text: str) -> int:
    """An upper bound of how deep ``text`` can nest: every level needs a ``[``, ``{``,
    ``-``, ``:`` or ``?`` of its own."""
    return sum(text.count(c) for c in "[{-:?")


def _check_depth(text: str, first_line: int) -> None:
    """Refuse ``text`` if it nests deeper than :data:`MAX_DEPTH`, reading only its events
    (libyaml composes nodes recursively, and 50,000 levels overflow its stack)."""
    loader = _Loader(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                mark = event.start_mark
                if depth > MAX_DEPTH and mark is not None:
                    raise _too_deep(Position(first_line + mark.line, mark.column + 1))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: reading the document reports it with its place
    finally:
        loader.dispose()


def _too_deep(position: Position) -> YamlProblem:
    return YamlProblem(
        "yaml-too-deep",
        f"lists and blocks of fields nest more than {MAX_DEPTH} levels deep here",
        position,
        "Plans need only a few levels: check the brackets and the indentation.",
    )


# Plain words for what libyaml reports, by the start of its message.
_SYNTAX_WORDS = (
    (
        "mapping values are not allowed",
        "a ':' where YAML does not expect one",
        "If the value contains ': ', put the whole value in quotes.",
    ),
    (
        "did not find expected key",
        "this line is not indented like the lines around it",
        "Fields of the same block start in the same column.",
    ),
    (
        "did not find expected ',' or",
        "a list or block opened with '[' or '{' is not closed",
        "Close it with ']' or '}' on the same value, or put the text in quotes.",
    ),
    (
        "found undefined alias",
        "an alias (*) names an anchor (&) that does not exist",
        "Write the value out instead of using an alias.",
    ),
    (
        "found unexpected end of stream",
        "the file ends inside a quoted text",
        "Close the quote that was opened.",
    ),
    (
        "expected a single document",
        "there is more than one block of fields",
        "A plan file has one block of fields between two '---' lines.",
    ),
)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    if mark is None:  # pragma: no cover - libyaml marks every error
        return YamlProblem("yaml-syntax", str(error), Position(first_line, 1))
    position = Position(first_line + mark.line, mark.column + 1)
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    if (
        "\t" in line[: len(line) - len(line.lstrip())]
        or line[mark.column : mark.column + 1] == "\t"
    ):
        return YamlProblem(
            "yaml-tab",
            "a tab character is used for indentation",
            position,
            "YAML needs spaces for indentation: replace the tab with spaces.",
        )
    problem = error.problem or ""
    if "maximum nesting depth" in problem:  # libyaml's own limit, above MAX_DEPTH
        return _too_deep(position)
    for starts, message, hint in _SYNTAX_WORDS:
        if starts in problem or starts in (error.context or ""):
            return YamlProblem("yaml-syntax", message, position, hint)
    return YamlProblem(
        "yaml-syntax",
        f"this is not valid YAML ({problem})",
        position,
        "Check the indentation and the ':' after each field name on this line and the one above.",
    )


#: Positions already made, by line and column: plan files share most of them, and a
#: frozen dataclass costs more to make than to look up. A few thousand in practice.
_POSITIONS: dict[tuple[int, int], Position] = {}
_POSITIONS_KEPT = 50_000


def _new_position(where: tuple[int, int]) -> Position:
    position = Position(*where)
    if len(_POSITIONS) < _POSITIONS_KEPT:
        _POSITIONS[where] = position
    return position


class _Builder:
    """Turns composed YAML nodes into plain data, recording positions on the way.

    It runs once per value of every file read, so it keeps to the fewest steps: a
    builder that raises is not used again, and each field path is built once (a key
    written twice is refused before its value is built)."""

    __slots__ = (
        "active",
        "characters",
        "data",
        "depth",
        "key_positions",
        "line_offset",
        "positions",
        "values",
    )

    def __init__(self, data: YamlData, first_line: int) -> None:
        self.data = data
        self.positions = data.positions
        self.key_positions = data.key_positions
        self.line_offset = first_line
        self.values = 0
        self.characters = 0
        self.depth = 0
        self.active: set[int] = set()

    def _position(self, node: yaml.Node) -> Position:
        mark = node.start_mark
        where = (mark.line + self.line_offset, mark.column + 1)
        return _POSITIONS.get(where) or _new_position(where)

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise YamlProblem(
                "yaml-alias",
                f"this file expands to more than {MAX_VALUES} values",
                self._position(node),
                "Anchors (&) and aliases (*) repeat values; write the fields out instead.",
            )
        mark = node.start_mark
        where = (mark.line + self.line_offset, mark.column + 1)
        self.positions[path] = _POSITIONS.get(where) or _new_position(where)
        if isinstance(node, yaml.ScalarNode):
            text: str = node.value
            self.characters += len(text)
            if self.characters > MAX_CHARACTERS:
                raise YamlProblem(
                    "yaml-alias",
                    f"this file expands to more than {MAX_CHARACTERS // 1024 // 1024} MiB of text",
                    self._position(node),
                    "Anchors (&) and aliases (*) repeat values; write the fields out instead.",
                )
            if node.tag == _STR and (node.style or text[:1] not in _NUMBER_START):
                return text  # most values: text that no YAML version reads as a number
            value = self._scalar(node)
            if not node.style and (node.tag in _NUMBER_OR_BOOL or text[:1] in _NUMBER_START):
                return self._as_yaml12(node, value, path)
            return value
        if id(node) in self.active:
            raise YamlProblem(
                "yaml-alias",
                "an alias (*) refers to the value that contains it",
                self._position(node),
                "Remove the alias, or write the value out.",
            )
        if self.depth >= MAX_DEPTH:
            raise _too_deep(self._position(node))
        self.active.add(id(node))
        self.depth += 1
        result: Any
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            build = self.build
            result = [build(item, (*path, i)) for i, item in enumerate(node.value)]
        elif isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            result = self._mapping(node, path)
        else:
            raise self._unknown_tag(node)
        self.active.discard(id(node))
        self.depth -= 1
        return result

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        build, key_positions, position = self.build, self.key_positions, self._position
        offset = self.line_offset
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise YamlProblem(
                    "yaml-tag",
                    "merge keys (<<) are not supported",
                    position(key_node),
                    "Write the fields out instead of merging them from an anchor.",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    "yaml-syntax",
                    "a field name must be plain text",
                    position(key_node),
                    "Write 'name: value', with the name as a single word.",
                )
            key = str(key_node.value)
            field_path = (*path, key)
            if key in result:
                first = key_positions[field_path]
                raise YamlProblem(
                    "yaml-duplicate-key",
                    f"'{key}' is written twice in the same block (first on line {first.line})",
                    position(key_node),
                    "Keep one of the two and delete the other.",
                )
            mark = key_node.start_mark
            where = (mark.line + offset, mark.column + 1)
            key_positions[field_path] = _POSITIONS.get(where) or _new_position(where)
            result[key] = build(value_node, field_path)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        """The value as YAML 1.1 (libyaml's resolver) reads it; dates stay text."""
        tag = node.tag
        if tag == _VALUE and not node.style:
            return node.value
        if tag not in _SCALAR_TAGS:
            raise self._unknown_tag(node)
        if tag in (_STR, _TIMESTAMP):
            return node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if tag == _INT:
            if len(node.value) > MAX_DIGITS:
                raise YamlProblem(
                    "yaml-number",
                    f"this number has more than {MAX_DIGITS} digits",
                    self._position(node),
                    "Put the value in quotes if it is meant as text.",
                )
            return _CONSTRUCTOR.construct_yaml_int(node)
        return _CONSTRUCTOR.construct_yaml_float(node)

    def _as_yaml12(self, node: yaml.ScalarNode, yaml11: Any, path: FieldPath) -> Any:
        """The value of a plain scalar as YAML 1.2 reads it, noting when 1.1 differs."""
        text = node.value
        implicit: str = _RESOLVER.resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, text, (True, False)
        )
        if node.style or node.tag != implicit:
            return yaml11  # quoted, or tagged explicitly: both versions read it alike
        yaml12 = _yaml12(text, yaml11)
        if yaml12 is not yaml11 and (type(yaml12) is not type(yaml11) or yaml12 != yaml11):
            self.data.ambiguous.append(Ambiguity(path, text, yaml11, yaml12))
        return yaml12

    def _unknown_tag(self, node: yaml.Node) -> YamlProblem:
        return YamlProblem(
            "yaml-tag",
            f"the tag '{node.tag}' is not allowed in a plan",
            self._position(node),
            "Remove the '!' tag: plans hold only plain text, numbers, lists and fields.",
        )


def _yaml12(text: str, yaml11: Any) -> Any:
    """What YAML 1.2's core schema makes of plain ``text`` that YAML 1.1 read as ``yaml11``
    (nulls, true/false, dates and ``.nan`` read alike and are returned as they are)."""
    if text in _BOOL_WORDS_11:
        return text
    if _INT_12.fullmatch(text):
        return int(text, 10)
    if _OCT_12.fullmatch(text):
        return int(text[2:], 8)
    if _HEX_12.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT_12.fullmatch(text):
        return float(text)
    if text.lower() in _SPECIAL_FLOAT_12 and text[-3:] in ("inf", "Inf", "INF"):
        return _SPECIAL_FLOAT_12[text.lower()]
    if text in (".nan", ".NaN", ".NAN"):
        return yaml11
    if isinstance(yaml11, int | float) and not isinstance(yaml11, bool):
        return text  # 1_000, 0b11, 1:30, +0x10: numbers in YAML 1.1 only
    return yaml11

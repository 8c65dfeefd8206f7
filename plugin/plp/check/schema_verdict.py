"""A quick yes-or-no answer to "does this file pass its schema?".

Almost every file a school holds is valid, and jsonschema walks each one with general
machinery built to say *what* failed. This module compiles a schema once into plain
Python functions that answer only *whether* it fails, with JSON Schema's meaning exactly
(as :func:`plp.format.schemas.validator` applies it): booleans are neither integers nor
numbers, ``1.0`` is an integer, ``enum`` and ``const`` tell ``1`` from ``true``, patterns
end at the very end of the text (:func:`plp.format.schemas.anchored`), and a ``date`` is a
real calendar date. Only a file that fails needs jsonschema, for its detailed errors.

The compiler knows the keywords the plan schemas use and nothing else: a schema holding
any other keyword (or a known keyword with a value it does not expect) gets no quick
answer, and is left to jsonschema alone.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

from plp.format.layout import Kind
from plp.format.schemas import anchored, inline_refs, load_schema

#: Whether a value passes a schema.
Verdict = Callable[[Any], bool]

#: Keywords that say nothing about validity (in this schema dialect, with no ``$ref``).
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "default",
        "examples",
        "$comment",
        "$id",
        "deprecated",
        "readOnly",
        "writeOnly",
        "errorMessage",  # editors' messages (not JSON Schema keywords)
        "patternErrorMessage",
        "markdownDescription",
    }
)
_OBJECT_KEYWORDS = frozenset({"properties", "additionalProperties", "required", "propertyNames"})
_ARRAY_KEYWORDS = frozenset({"items", "minItems"})
_STRING_KEYWORDS = frozenset({"pattern", "format", "minLength"})
_NUMBER_KEYWORDS = frozenset({"minimum", "maximum"})
_OTHER_KEYWORDS = frozenset({"type", "enum", "const", "anyOf", "oneOf"})
_KNOWN = (
    _ANNOTATIONS
    | _OBJECT_KEYWORDS
    | _ARRAY_KEYWORDS
    | _STRING_KEYWORDS
    | _NUMBER_KEYWORDS
    | _OTHER_KEYWORDS
)
#: What jsonschema's ``date`` format asks before Python reads the date.
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class UnknownKeyword(Exception):
    """A schema holds something the compiler does not know how to judge (internal)."""


@cache
def verdict(kind: Kind) -> Verdict | None:
    """Whether a file of ``kind`` passes its schema; None when only jsonschema can say."""
    return compile_verdict(inline_refs(load_schema(kind)))


def compile_verdict(schema: Any) -> Verdict | None:
    """A function telling whether a value is valid against ``schema`` (its local
    references inlined); None when the schema holds anything the compiler does not know."""
    if isinstance(schema, dict):
        # "$schema" picks the dialect: jsonschema honours it only on the schema it was
        # made with (the root), so it means nothing there and is unknown deeper down.
        schema = {key: value for key, value in schema.items() if key != "$schema"}
    try:
        check = _compile(schema)
    except UnknownKeyword:
        return None
    return _always if check is None else check


def _always(instance: Any) -> bool:
    return True


def _never(instance: Any) -> bool:
    return False


def _compile(schema: Any) -> Verdict | None:
    """The check of ``schema``; None when every value passes it."""
    if schema is True:
        return None
    if schema is False:
        return _never
    if not isinstance(schema, dict):
        raise UnknownKeyword(f"a schema must be an object or a boolean, not {schema!r}")
    unknown = set(schema) - _KNOWN
    if unknown:
        raise UnknownKeyword(f"no quick check knows {', '.join(sorted(unknown))}")
    types = _types(schema["type"]) if "type" in schema else None
    checks: list[Verdict] = []
    only = types[0] if types is not None and len(types) == 1 else None
    groups = (
        ("object", _OBJECT_KEYWORDS, _object_check),
        ("array", _ARRAY_KEYWORDS, _array_check),
        ("string", _STRING_KEYWORDS, _string_check),
        ("number", _NUMBER_KEYWORDS, _number_check),
    )
    for type_name, keywords, make in groups:
        if not keywords.isdisjoint(schema):
            # The group checks only values of its type; when the schema allows no other
            # type, the group's check also does the type's.
            strict = only == type_name
            checks.append(make(schema, strict))
            if strict:
                types = None
    if types is not None:
        checks.insert(0, _type_check(types))
    if "enum" in schema:
        checks.append(_enum_check(schema["enum"]))
    if "const" in schema:
        expected = schema["const"]
        checks.append(lambda instance: _equal(instance, expected))
    if "anyOf" in schema:
        checks.append(_any_of(_branches(schema["anyOf"])))
    if "oneOf" in schema:
        checks.append(_one_of(_branches(schema["oneOf"])))
    return _all(checks)


def _all(checks: Sequence[Verdict]) -> Verdict | None:
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda instance: first(instance) and second(instance)

    return lambda instance: all(check(instance) for check in checks)


# Types, as jsonschema's Draft 2020-12 type checker tells them.


def _is_string(instance: Any) -> bool:
    return isinstance(instance, str)


def _is_integer(instance: Any) -> bool:
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())


def _is_number(instance: Any) -> bool:
    return not isinstance(instance, bool) and isinstance(instance, numbers.Number)


def _is_boolean(instance: Any) -> bool:
    return isinstance(instance, bool)


def _is_array(instance: Any) -> bool:
    return isinstance(instance, list)


def _is_object(instance: Any) -> bool:
    return isinstance(instance, dict)


def _is_null(instance: Any) -> bool:
    return instance is None


_TYPE_TESTS: dict[str, Verdict] = {
    "string": _is_string,
    "integer": _is_integer,
    "number": _is_number,
    "boolean": _is_boolean,
    "array": _is_array,
    "object": _is_object,
    "null": _is_null,
}


def _types(value: Any) -> list[str]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(name in _TYPE_TESTS for name in names):
        raise UnknownKeyword(f"unknown type {value!r}")
    return names


def _type_check(types: list[str]) -> Verdict:
    tests = [_TYPE_TESTS[name] for name in types]
    if len(tests) == 1:
        return tests[0]
    return lambda instance: any(test(instance) for test in tests)


# The keywords of each type: each passes values of other types, unless ``strict``.


def _object_check(schema: dict[str, Any], strict: bool) -> Verdict:
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    if not isinstance(properties, dict) or not isinstance(required, list):
        raise UnknownKeyword("properties must be an object and required a list")
    if not all(isinstance(name, str) for name in required):
        raise UnknownKeyword("required must list names")
    checks = {name: _compile(sub) for name, sub in properties.items()}
    # A field no property names passes additionalProperties (the false schema, or none).
    extra = _compile(schema.get("additionalProperties", True))
    names = _compile(schema["propertyNames"]) if "propertyNames" in schema else None
    needed = tuple(required)

    def check(instance: Any) -> bool:
        if not isinstance(instance, dict):
            return not strict
        for name in needed:
            if name not in instance:
                return False
        for key, value in instance.items():
            if names is not None and not names(key):
                return False
            sub = checks.get(key, extra)  # None: any value passes
            if sub is not None and not sub(value):
                return False
        return True

    return check


def _array_check(schema: dict[str, Any], strict: bool) -> Verdict:
    least = _count(schema, "minItems")
    item = _compile(schema["items"]) if "items" in schema else None

    def check(instance: Any) -> bool:
        if not isinstance(instance, list):
            return not strict
        if len(instance) < least:
            return False
        if item is not None:
            for value in instance:
                if not item(value):
                    return False
        return True

    return check


def _string_check(schema: dict[str, Any], strict: bool) -> Verdict:
    least = _count(schema, "minLength")
    pattern = schema.get("pattern")
    if pattern is not None and not isinstance(pattern, str):
        raise UnknownKeyword(f"pattern {pattern!r} is not text")
    try:
        regex = anchored(pattern) if pattern is not None else None
    except re.error as error:
        raise UnknownKeyword(f"pattern {pattern!r}: {error}") from None
    form = schema.get("format")
    if form not in (None, "date"):
        raise UnknownKeyword(f"no quick check knows the format {form!r}")
    is_date = form == "date"

    def check(instance: Any) -> bool:
        if not isinstance(instance, str):
            return not strict
        if len(instance) < least:
            return False
        if regex is not None and regex.search(instance) is None:
            return False
        return not is_date or _is_date(instance)

    return check


def _number_check(schema: dict[str, Any], strict: bool) -> Verdict:
    low, high = schema.get("minimum"), schema.get("maximum")
    for bound in (low, high):
        if bound is not None and not _is_number(bound):
            raise UnknownKeyword(f"the bound {bound!r} is not a number")

    def check(instance: Any) -> bool:
        if isinstance(instance, bool) or not isinstance(instance, numbers.Number):
            return not strict
        if low is not None and instance < low:
            return False
        return not (high is not None and instance > high)

    return check


def _count(schema: dict[str, Any], keyword: str) -> int:
    value = schema.get(keyword, 0)
    if isinstance(value, bool) or not isinstance(value, int):
        raise UnknownKeyword(f"{keyword} {value!r} is not a whole number")
    return value


def _is_date(text: str) -> bool:
    """A real calendar date, as jsonschema's ``date`` format checks it."""
    if _DATE_SHAPE.fullmatch(text) is None:
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


# Values and combinations.


def _enum_check(choices: Any) -> Verdict:
    if not isinstance(choices, list):
        raise UnknownKeyword(f"enum {choices!r} is not a list")
    if all(isinstance(choice, str) for choice in choices):
        texts = frozenset(choices)  # text equals only text
        return lambda instance: isinstance(instance, str) and instance in texts
    return lambda instance: any(_equal(choice, instance) for choice in choices)


def _branches(schemas: Any) -> list[Verdict | None]:
    if not isinstance(schemas, list):
        raise UnknownKeyword(f"{schemas!r} is not a list of schemas")
    return [_compile(schema) for schema in schemas]


def _any_of(branches: list[Verdict | None]) -> Verdict:
    if any(branch is None for branch in branches):
        return _always
    checks = [branch for branch in branches if branch is not None]
    return lambda instance: any(check(instance) for check in checks)


def _one_of(branches: list[Verdict | None]) -> Verdict:
    def check(instance: Any) -> bool:
        passed = 0
        for branch in branches:
            if branch is None or branch(instance):
                passed += 1
                if passed > 1:
                    return False
        return passed == 1

    return check


_TRUE, _FALSE = object(), object()


def _unbool(value: Any) -> Any:
    if value is True:
        return _TRUE
    if value is False:
        return _FALSE
    return value


def _equal(one: Any, two: Any) -> bool:
    """JSON Schema's equality, as jsonschema has it: ``true`` is not ``1``, ``1.0`` is
    ``1``, and lists and objects compare item by item the same way."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and _equal(value, two[key]) for key, value in one.items()
        )
    return bool(_unbool(one) == _unbool(two))

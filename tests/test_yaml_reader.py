"""Reading YAML safely, with positions."""

from __future__ import annotations

import pytest

from plp.format.yaml_reader import Position, YamlProblem, read_yaml


def test_values_keep_their_positions_and_dates_stay_text() -> None:
    data = read_yaml("goals:\n  - id: a\n    deadline: 2026-12-12\n", first_line=2)
    assert data.value == {"goals": [{"id": "a", "deadline": "2026-12-12"}]}
    assert data.positions[("goals", 0, "deadline")] == Position(4, 15)
    assert data.key_positions[("goals", 0, "deadline")] == Position(4, 5)


def test_a_time_of_day_is_not_a_base_60_number() -> None:
    data = read_yaml("at: 14:30\n")
    assert data.value == {"at": "14:30"}
    assert [(a.yaml11, a.yaml12) for a in data.ambiguous] == [(870, "14:30")]


@pytest.mark.parametrize(
    ("text", "yaml11", "yaml12"),
    [
        ("yes", True, "yes"),
        ("No", False, "No"),
        ("ON", True, "ON"),
        ("off", False, "off"),
        ("010", 8, 10),
        ("-010", -8, -10),
        ("09", "09", 9),
        ("0o10", "0o10", 8),
        ("1:30", 90, "1:30"),
        ("1_000", 1000, "1_000"),
        ("0b11", 3, "0b11"),
        ("+0x10", 16, "+0x10"),
        ("1e5", "1e5", 100000.0),
        ("+.5", "+.5", 0.5),
        ("1_0.5", 10.5, "1_0.5"),
    ],
)
def test_a_value_yaml_1_1_reads_otherwise_is_read_as_1_2_and_noted(
    text: str, yaml11: object, yaml12: object
) -> None:
    data = read_yaml(f"goals:\n  - done: {text}\n")
    assert data.value == {"goals": [{"done": yaml12}]}
    (ambiguity,) = data.ambiguous
    assert (ambiguity.path, ambiguity.text) == (("goals", 0, "done"), text)
    assert ambiguity.yaml11 == yaml11


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("False", False),
        ("10", 10),
        ("0x10", 16),
        ("1.5", 1.5),
        (".inf", float("inf")),
        ("~", None),
        ("y", "y"),
        ("2026-11-24", "2026-11-24"),
        ('"010"', "010"),
        ("'yes'", "yes"),
        ("!!str 010", "010"),
        ("=", "="),
        ("Live lesson 9:00", "Live lesson 9:00"),
    ],
)
def test_values_both_versions_read_alike_are_not_noted(text: str, value: object) -> None:
    data = read_yaml(f"a: {text}\n")
    assert data.value == {"a": value}
    assert data.ambiguous == []


def test_impossible_dates_are_kept_as_written_for_validation_to_name() -> None:
    assert read_yaml("d: 2026-02-30\n").value == {"d": "2026-02-30"}


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: !!python/object/apply:os.system [ls]\n", "yaml-tag", 1),
        ("a: !custom x\n", "yaml-tag", 1),
        ("a: 1\nb: 2\na: 3\n", "yaml-duplicate-key", 3),
        ("a: &x [*x]\n", "yaml-alias", 1),
        ("a:\n\tb: 1\n", "yaml-tab", 2),
        ("a: [1, 2\n", "yaml-syntax", 2),
        ("base: &b {x: 1}\nc:\n  <<: *b\n", "yaml-tag", 3),
    ],
)
def test_unsafe_or_broken_yaml_is_refused_with_its_line(text: str, code: str, line: int) -> None:
    with pytest.raises(YamlProblem) as caught:
        read_yaml(text)
    assert caught.value.code == code
    assert caught.value.position.line == line
    assert caught.value.hint


def test_an_alias_bomb_is_refused_before_it_expands() -> None:
    lines = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for name, previous in zip("bcdefg", "abcdef", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    with pytest.raises(YamlProblem) as caught:
        read_yaml("\n".join(lines) + "\n")
    assert caught.value.code == "yaml-alias"


def test_a_few_aliases_are_fine() -> None:
    data = read_yaml("a: &x [1, 2]\nb: *x\n")
    assert data.value == {"a": [1, 2], "b": [1, 2]}

"""Reading YAML safely, with positions."""

from __future__ import annotations

import pytest

from plp.yaml_reader import Position, YamlProblem, read_yaml


def test_values_keep_their_positions_and_dates_stay_text() -> None:
    data = read_yaml("goals:\n  - id: a\n    deadline: 2026-12-12\n", first_line=2)
    assert data.value == {"goals": [{"id": "a", "deadline": "2026-12-12"}]}
    assert data.positions[("goals", 0, "deadline")] == Position(4, 15)
    assert data.key_positions[("goals", 0, "deadline")] == Position(4, 5)


def test_a_time_of_day_is_not_a_base_60_number() -> None:
    assert read_yaml("at: 14:30\n").value == {"at": "14:30"}


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

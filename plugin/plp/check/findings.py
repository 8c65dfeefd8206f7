"""What a check found: one result model for every output format.

A :class:`Finding` names the file, line and column, the field, what was wrong and a hint
a student can act on. Checkers produce findings, :mod:`plp.check.reporters` prints them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem in one file."""

    path: str
    line: int
    column: int
    field: str
    code: str
    message: str
    hint: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def field_label(path: tuple[str | int, ...]) -> str:
    """``("goals", 0, "deadline")`` → ``goals[0].deadline``."""
    label = ""
    for part in path:
        if isinstance(part, int):
            label += f"[{part}]"
        else:
            label += f".{part}" if label else part
    return label

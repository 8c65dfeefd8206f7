"""Weekly-plan templates (``plans/_templates/<name>.md``): placeholders and filling them.

A template is a weekly plan with placeholders in braces: ``{week}``, ``{student_id}``,
``{student_name}`` and any other name. ``{id: a}`` is a YAML flow mapping, not a
placeholder: a placeholder's name is one word. A value filled in between double quotes is
escaped as YAML needs it there, so a teacher's goal may hold quotes and colons.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

#: The values a template is checked with (``plp validate``); other placeholders get "sample".
SAMPLE_VALUES = {"week": "2026-W49", "student_id": "sample-student", "student_name": "Sam Sample"}


def placeholders(template: str) -> list[str]:
    """The placeholder names of ``template``, in order of first use."""
    return list(dict.fromkeys(PLACEHOLDER.findall(template)))


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each placeholder that ``values`` names replaced (others are kept)."""
    return "\n".join(_filled_line(line, values) for line in template.split("\n"))


def fill_with_samples(template: str) -> str:
    """``template`` filled with :data:`SAMPLE_VALUES`, and "sample" for any other name."""
    return fill(
        template, {name: SAMPLE_VALUES.get(name, "sample") for name in placeholders(template)}
    )


def _filled_line(line: str, values: Mapping[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        if match[1] not in values:
            return match[0]
        before = line[: match.start()]
        in_double_quotes = (before.count('"') - before.count('\\"')) % 2 == 1
        text = values[match[1]]
        return json.dumps(text, ensure_ascii=False)[1:-1] if in_double_quotes else text

    return PLACEHOLDER.sub(value, line)

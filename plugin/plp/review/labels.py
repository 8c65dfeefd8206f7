"""Field labels a teacher reads ("Deadline", "Status"), from the schemas' ``title``s."""

from __future__ import annotations

from functools import cache
from typing import Any

from plp.format.layout import Kind
from plp.format.schemas import inline_refs, load_schema

#: Where each kind's labelled fields are in its schema.
_PLACES: dict[str, tuple[Kind, tuple[str, ...]]] = {
    "goal": (Kind.PLAN, ("goals", "items")),
    "profile": (Kind.PLAN, ("profile",)),
    "activity": (Kind.WEEK, ("activities", "items")),
}


@cache
def _titles(place: str) -> dict[str, str]:
    kind, steps = _PLACES[place]
    node: Any = inline_refs(load_schema(kind))
    for step in steps:
        node = (
            node.get("properties", {}).get(step, {}) if step != "items" else node.get("items", {})
        )
    properties = node.get("properties", {}) if isinstance(node, dict) else {}
    return {name: str(value.get("title", name)) for name, value in properties.items()}


def label(place: str, field: str) -> str:
    """The schema's title of ``field`` of a goal, the profile or an activity."""
    return _titles(place).get(field, field.replace("_", " ").capitalize())

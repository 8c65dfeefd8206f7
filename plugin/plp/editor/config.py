"""The web editor's configuration, generated from the plan format's JSON Schemas.

Each schema the student edits becomes a collection of forms: objects, lists of objects,
selects for enums, dates as ``YYYY-MM-DD``, booleans, the Markdown body; titles become
labels, descriptions hints, and ``required`` and patterns are carried over, so that the
forms, the validator and the format cannot drift apart.

The configuration names no student: folders are written with :data:`STUDENT`, which the
page replaces with the student's id when it starts (``plp-editor.js``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plp.format.layout import Kind
from plp.format.schemas import inline_refs, load_schema

#: Stands for the student's id in folder names; the page fills it in.
STUDENT = "{student}"
#: The plan formats the page registers with Decap (``plp-format.js``), one a kind of file.
FORMATS = {
    kind: f"plp-{kind.value}" for kind in (Kind.PLAN, Kind.WEEK, Kind.REFLECTION, Kind.EVIDENCE)
}
_DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

Field = dict[str, Any]


def field(name: str, schema: Mapping[str, Any], *, required: bool) -> Field:
    """The Decap field for the property ``name`` described by ``schema``."""
    out: Field = {"name": name, "label": schema.get("title", name), "required": required}
    if "description" in schema:
        out["hint"] = schema["description"]
    out.update(widget(schema, present=required))
    return out


def widget(schema: Mapping[str, Any], *, present: bool = True) -> Field:
    """The widget settings (without name and label) for a value described by ``schema``.

    A schema's ``default`` is not set in the form: plp reads a field left out as its
    default, and a field a student did not touch is not written. Decap checks the
    required fields of an object even when the object is left out, so
    those of an optional object (``publish.consent``) are optional in the form, and
    ``plp validate`` (on every pull request) asks for them when the object is there.
    """
    if "const" in schema:
        return {"widget": "hidden", "default": schema["const"]}
    if "enum" in schema:
        return {"widget": "select", "options": list(schema["enum"])}
    if "anyOf" in schema:
        return _any_of(schema["anyOf"])
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        return {"widget": "object", "collapsed": False, "fields": fields(schema, present)}
    if kind == "object":  # a map of names to values the forms cannot describe
        return {"widget": "code", "output_code_only": True}
    if kind == "array":
        return _list(schema)
    if kind == "boolean":
        return {"widget": "boolean"}
    if kind == "integer":
        out: Field = {"widget": "number", "value_type": "int"}
        out.update({k: schema[k] for k in ("minimum", "maximum") if k in schema})
        return {("min" if k == "minimum" else "max" if k == "maximum" else k): v
                for k, v in out.items()}  # fmt: skip
    if _is_date(schema):
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "picker_utc": True,
            "pattern": [_DATE_PATTERN, schema.get("patternErrorMessage", "YYYY-MM-DD")],
        }
    out = {"widget": "text" if schema.get("format") == "multiline" else "string"}
    if "pattern" in schema:
        out["pattern"] = [schema["pattern"], schema.get("patternErrorMessage", "")]
    return out


def fields(schema: Mapping[str, Any], present: bool = True) -> list[Field]:
    """The fields of an object schema, in the schema's order; ``present``: the object
    is always there (a required object, a list item), so its required fields are."""
    required = set(schema.get("required", ())) if present else set()
    return [
        field(name, sub, required=name in required)
        for name, sub in schema.get("properties", {}).items()
    ]


def _list(schema: Mapping[str, Any]) -> Field:
    items: Mapping[str, Any] = schema.get("items", {})
    if "enum" in items:
        return {"widget": "select", "multiple": True, "options": list(items["enum"])}
    if items.get("type") == "object":
        # Items that hold a list of their own (a goal and its actions) start collapsed,
        # each showing its summary, and their fields are rendered once opened
        # (plp-lazy-list.js): a plan of 20 goals opens with 20 lines, not 100 actions.
        nested = any(sub.get("type") == "array" and sub.get("items", {}).get("type") == "object"
                     for sub in items.get("properties", {}).values())  # fmt: skip
        out: Field = {"widget": "list", "collapsed": nested, "fields": fields(items)}
        summary = next((n for n in ("title", "do", "text", "id") if n in items["properties"]), "")
        if summary:
            out["summary"] = "{{fields." + summary + "}}"
        return out
    item: Field = {"name": "item", "label": items.get("title", "Item"), **widget(items)}
    out = {"widget": "list", "field": item}
    if "minItems" in schema:
        out["min"] = schema["minItems"]
    return out


def _any_of(choices: list[Mapping[str, Any]]) -> Field:
    """A text field accepting any of the choices (a date or a word such as ``weekly``)."""
    patterns: list[str] = []
    for choice in choices:
        if "enum" in choice:
            patterns += [str(word) for word in choice["enum"]]
        elif "pattern" in choice:
            patterns.append(choice["pattern"].removeprefix("^").removesuffix("$"))
    return {
        "widget": "string",
        "pattern": [
            "^(" + "|".join(f"(?:{p})" for p in patterns) + ")$",
            "Write " + " or ".join(_describe(c) for c in choices) + ".",
        ],
    }


def _describe(choice: Mapping[str, Any]) -> str:
    if "enum" in choice:
        return ", ".join(str(word) for word in choice["enum"])
    return "a date YYYY-MM-DD" if _is_date(choice) else "text"


def _is_date(schema: Mapping[str, Any]) -> bool:
    return schema.get("format") == "date" or schema.get("pattern") == _DATE_PATTERN


def form(kind: Kind, *, body: str) -> list[Field]:
    """Every field of the forms for ``kind``: the schema's, then the Markdown body."""
    schema = inline_refs(load_schema(kind))
    # The rich-text editor only, and no inserted components: the mode switch and the
    # components menu are controls a screen reader cannot name (docs/editor.md).
    text: Field = {"name": "body", "label": body, "widget": "markdown", "required": False,
                   "modes": ["rich_text"], "editor_components": []}  # fmt: skip
    if kind in (Kind.REFLECTION, Kind.EVIDENCE):
        text["required"] = True
    return [*fields(schema), text]


def evidence_form() -> list[Field]:
    """The evidence form: its ``files`` are uploaded, each kept beside the evidence page
    (the collection's media folder is the page's own) and named by its file name."""
    out = form(Kind.EVIDENCE, body="Why this shows my learning")
    for item in out:
        if item["name"] == "files":
            item["field"] = {"name": "file", "label": "File", "widget": "file", "choose_url": False}
    return out


def collections() -> list[Field]:
    """The student's collections; conference notes and feedback are staff's, not shown."""
    folder = f"plans/{STUDENT}"

    def common(kind: Kind) -> Field:
        # No preview pane: it would render the student's Markdown unsanitized, and the
        # student's private site is the preview.
        return {"format": FORMATS[kind], "extension": "md", "editor": {"preview": False}}

    return [
        {
            "name": "plan",
            "label": "My plan",
            "files": [
                {
                    "name": "plan",
                    "label": "My plan",
                    "file": f"{folder}/plan.md",
                    "fields": form(Kind.PLAN, body="My story"),
                    **common(Kind.PLAN),
                }
            ],
            **common(Kind.PLAN),
        },
        {
            "name": "weeks",
            "label": "Weekly plans",
            "label_singular": "Weekly plan",
            "folder": f"{folder}/weeks",
            "create": False,  # teachers hand weekly plans out; students fill them in
            "identifier_field": "week",
            "summary": "{{week}}",
            "fields": form(Kind.WEEK, body="Notes"),
            **common(Kind.WEEK),
        },
        {
            "name": "reflections",
            "label": "Reflections",
            "label_singular": "Reflection",
            "folder": f"{folder}/reflections",
            "create": True,
            "identifier_field": "date",
            # PLAN-FORMAT.md: reflections/<YYYY-MM-DD>[-slug].md, the date being the field's
            "slug": "{{fields.date}}-{{fields.kind}}",
            "summary": "{{date}} {{kind}}",
            "fields": form(Kind.REFLECTION, body="Reflection"),
            **common(Kind.REFLECTION),
        },
        {
            "name": "evidence",
            "label": "Evidence",
            "label_singular": "Evidence",
            "folder": f"{folder}/evidence",
            "create": True,
            "slug": "{{slug}}",
            # files are kept beside the evidence page, as the format says
            "media_folder": "",
            "public_folder": "",
            "fields": evidence_form(),
            **common(Kind.EVIDENCE),
        },
    ]


def key_order(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The order of keys ``schema`` gives, nested, for the page's plan format."""
    order: dict[str, Any] = {}
    properties: Mapping[str, Any] = schema.get("properties", {})
    if properties:
        order["keys"] = list(properties)
        order["properties"] = {
            name: inner for name, sub in properties.items() if (inner := key_order(sub))
        }
    items = schema.get("items")
    if isinstance(items, Mapping) and (inner := key_order(items)):
        order["items"] = inner
    return order


def key_orders() -> dict[str, dict[str, Any]]:
    """The key order of each format the page registers, by format name."""
    return {name: key_order(inline_refs(load_schema(kind))) for kind, name in FORMATS.items()}


def configuration(backend: Mapping[str, Any]) -> dict[str, Any]:
    """The whole Decap configuration, for the code host ``backend``."""
    return {
        "backend": dict(backend),
        "load_config_file": False,
        "publish_mode": "editorial_workflow",
        "media_folder": f"plans/{STUDENT}/evidence",
        "slug": {"encoding": "ascii", "clean_accents": True},
        "collections": collections(),
    }

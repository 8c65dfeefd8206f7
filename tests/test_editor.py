"""``plp cms``: forms that cover the schemas, pages that name no student, a plan format
that writes what ``plp fmt`` writes, and a clear error without Node.js."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from plp.demo.generator import generate_school
from plp.editor.bundle import JS_YAML, node_modules
from plp.editor.config import FORMATS, collections, configuration
from plp.editor.site import STATIC, write_editor
from plp.format.canonical import canonical_text
from plp.format.documents import read
from plp.format.layout import MARKDOWN_KINDS, Kind, PlanFile, plan_files
from plp.format.schemas import inline_refs, load_schema
from tests.support import DEMO, ROOT

BACKEND = {"name": "github", "repo": "school/plans", "branch": "main"}
EDITED = {"plan": Kind.PLAN, "weeks": Kind.WEEK, "reflections": Kind.REFLECTION,
          "evidence": Kind.EVIDENCE}  # fmt: skip


def _forms(collection: dict[str, Any]) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = (
        collection["files"][0]["fields"] if "files" in collection else collection["fields"]
    )
    return fields


def _walk(schema: dict[str, Any], fields: list[dict[str, Any]], where: str, present: bool) -> None:
    """Every property of ``schema`` has its field, with its kind of widget and rules."""
    by_name = {f["name"]: f for f in fields}
    required = set(schema.get("required", ()))
    for name, sub in schema["properties"].items():
        path = f"{where}.{name}"
        assert name in by_name, f"no form field for {path}"
        form = by_name[name]
        assert form["required"] == (present and name in required), path
        assert form["label"] == sub["title"] and form["hint"] == sub["description"], path
        if "const" in sub:
            assert (form["widget"], form["default"]) == ("hidden", sub["const"]), path
        elif "enum" in sub:
            assert (form["widget"], form["options"]) == ("select", sub["enum"]), path
        elif sub.get("type") == "object" and "properties" in sub:
            assert form["widget"] == "object", path
            _walk(sub, form["fields"], path, present and name in required)
        elif sub.get("type") == "array" and sub["items"].get("type") == "object":
            assert form["widget"] == "list", path
            _walk(sub["items"], form["fields"], path + "[]", True)
        elif sub.get("type") == "array" and "enum" in sub["items"]:
            assert (form["widget"], form["multiple"]) == ("select", True), path
        elif sub.get("type") == "array":
            assert form["widget"] == "list", path
            if "pattern" in sub["items"]:
                assert form["field"]["pattern"][0] == sub["items"]["pattern"], path
        elif sub.get("format") == "date":
            assert (form["widget"], form["format"], form["time_format"]) == (
                "datetime", "YYYY-MM-DD", False), path  # fmt: skip
        elif sub.get("type") == "boolean":
            assert form["widget"] == "boolean", path
        elif sub.get("type") == "integer":
            assert (form["widget"], form["value_type"]) == ("number", "int"), path
        elif "pattern" in sub:
            assert form["pattern"][0] == sub["pattern"], path
    assert set(by_name) - {"body"} == set(schema["properties"]), where


def test_the_forms_cover_every_field_of_every_schema_the_student_edits() -> None:
    by_name = {c["name"]: c for c in collections()}
    assert set(by_name) == set(EDITED)  # conference notes and feedback are staff's
    for name, kind in EDITED.items():
        fields = _forms(by_name[name])
        _walk(inline_refs(load_schema(kind)), fields, name, True)
        assert fields[-1]["name"] == "body" and fields[-1]["widget"] == "markdown"
        assert by_name[name]["format"] == FORMATS[kind]
        folder = by_name[name].get("folder") or by_name[name]["files"][0]["file"]
        assert folder.startswith("plans/{student}/")
    assert by_name["reflections"]["slug"] == "{{fields.date}}-{{fields.kind}}"


def test_the_editor_of_a_generated_school_names_no_student(tmp_path: Path) -> None:
    school = generate_school(tmp_path / "school", students=12, weeks=2, history=False)
    written = write_editor(tmp_path / "editor", BACKEND)
    ours = [p for p in written if p.parent == tmp_path / "editor"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in ours)
    assert "window.CMS_MANUAL_INIT = true" in text
    assert len(school.students) == 12
    for student in school.students:
        plan = read(school.root / "plans", PlanFile(PurePosixPath(student, "plan.md"), Kind.PLAN))
        assert student not in text
        assert plan.fields["student"]["name"] not in text
    assert json.dumps(configuration(BACKEND)).count("{student}") >= 5


def test_plp_cms_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "plp", "cms", "--out", "site", "--repo", "school/plans"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "was not written by plp cms" in done.stderr
    assert (tmp_path / "site" / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_plp_cms_says_what_to_install_without_node(tmp_path: Path) -> None:
    package = tmp_path / "lib" / "plp"
    shutil.copytree(ROOT / "plugin" / "plp", package, ignore=shutil.ignore_patterns("node_modules"))
    shutil.copytree(ROOT / "schema", package / "format" / "schemas")
    env = {**os.environ, "PATH": str(tmp_path / "nothing"), "PYTHONPATH": str(tmp_path / "lib"),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "plp", "cms", "--out", "site", "--repo", "school/plans"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "plp cms needs Node.js and npm" in done.stderr
    assert "apt-get install nodejs npm" in done.stderr
    assert "Traceback" not in done.stderr


NODE_WRITER = """
const fs = require("fs");
const yaml = require(process.argv[1]);
const format = require(process.argv[2]);
const orders = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const out = {};
for (const [path, name] of JSON.parse(fs.readFileSync(0, "utf8"))) {
  const f = format.formatter(orders[name], yaml);
  out[path] = f.toFile(f.fromFile(fs.readFileSync(path, "utf8")));
}
process.stdout.write(JSON.stringify(out));
"""


def test_the_editors_plan_format_writes_what_plp_fmt_writes(tmp_path: Path) -> None:
    if shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js is not installed")
        pytest.skip("Node.js is not installed")
    from plp.editor.config import key_orders

    orders = tmp_path / "orders.json"
    orders.write_text(json.dumps(key_orders()), encoding="utf-8")
    canonical = tmp_path / "canonical"  # saved unchanged, a canonical file stays the same
    shutil.copytree(DEMO, canonical)
    subprocess.run([sys.executable, "-m", "plp", "fmt", "--plans", str(canonical)], check=True,
                   capture_output=True)  # fmt: skip
    files = [
        (str(root / f.rel), FORMATS[f.kind])
        for root in (DEMO, canonical)
        for f in plan_files(root)
        if f.kind in MARKDOWN_KINDS and f.kind in FORMATS
    ]
    done = subprocess.run(
        ["node", "-e", NODE_WRITER, str(node_modules() / JS_YAML),
         str(STATIC / "plp-format.js"), str(orders)],
        input=json.dumps(files), capture_output=True, text=True, check=True,
    )  # fmt: skip
    written: dict[str, str] = json.loads(done.stdout)
    kinds = {str(root / f.rel): f.kind for root in (DEMO, canonical) for f in plan_files(root)}
    assert len(written) == len(files) > 40
    for path, text in written.items():
        original = Path(path).read_text(encoding="utf-8")
        assert text == canonical_text(original, kinds[path]), path
        if path.startswith(str(canonical)):
            assert text == original, path


NODE_FINDER = """
const fs = require("fs");
const yaml = require(process.argv[1]);
const find = require(process.argv[2]);
const [plans, logins] = JSON.parse(fs.readFileSync(0, "utf8"));
const files = plans.map(([path, file]) => ({ path, data: fs.readFileSync(file, "utf8") }));
const out = {};
for (const login of logins) out[login] = find.studentsFor(login, files, yaml);
process.stdout.write(JSON.stringify(out));
"""


def test_the_editor_finds_the_plan_whose_student_git_lists_the_login(tmp_path: Path) -> None:
    """The page's matching (``plp-find.js``), in Node, against real plan files."""
    if shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js is not installed")
        pytest.skip("Node.js is not installed")
    plans = tmp_path / "plans"
    shutil.copytree(DEMO, plans)
    twin = plans / "ava-twin" / "plan.md"  # a second plan that lists Ava's login too
    twin.parent.mkdir()
    twin.write_text((plans / "ava-martinez" / "plan.md").read_text(encoding="utf-8"))
    (plans / "broken" / "plan.md").parent.mkdir()
    (plans / "broken" / "plan.md").write_text("---\nstudent: [avamtz\n---\n", encoding="utf-8")
    files = [
        (f"plans/{path.relative_to(plans).as_posix()}", str(path))
        for path in sorted(plans.rglob("*.md"))  # weeks and reflections too: not plans
    ]
    logins = ["jlee-beats", "NoorH", "noor.halvorsen@students.mapleridge.example", "avamtz",
              "nobody", "", "Ava Martinez"]  # fmt: skip
    done = subprocess.run(
        ["node", "-e", NODE_FINDER, str(node_modules() / JS_YAML), str(STATIC / "plp-find.js")],
        input=json.dumps([files, logins]), capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(done.stdout) == {
        "jlee-beats": ["jonah-lee"],
        "NoorH": ["noor-halvorsen"],  # logins are compared as the code hosts do, any case
        "noor.halvorsen@students.mapleridge.example": ["noor-halvorsen"],
        "avamtz": ["ava-martinez", "ava-twin"],
        "nobody": [],
        "": [],
        "Ava Martinez": [],  # a name is not a login
    }

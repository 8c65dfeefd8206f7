"""``plp fmt``: one canonical form, written idempotently, that loses nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from plp.format.documents import read
from plp.format.layout import MARKDOWN_KINDS, plan_files
from tests.support import DEMO


def plp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plp", *args],
        cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False,
    )  # fmt: skip


def fields_and_bodies(plans: Path) -> dict[str, tuple[object, str]]:
    return {
        str(f.rel): (doc.fields, doc.body)
        for f in plan_files(plans)
        if f.kind in MARKDOWN_KINDS
        for doc in [read(plans, f)]
    }


def test_fmt_keeps_every_value_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(DEMO, plans)
    before = fields_and_bodies(plans)
    assert plp("fmt", cwd=tmp_path).returncode == 0
    assert fields_and_bodies(plans) == before
    assert plp("validate", cwd=tmp_path).returncode == 0
    texts = {p: p.read_bytes() for p in plans.rglob("*.md")}
    again = plp("fmt", "--check", cwd=tmp_path)
    assert again.returncode == 0, again.stdout
    assert plp("fmt", cwd=tmp_path).returncode == 0
    assert {p: p.read_bytes() for p in plans.rglob("*.md")} == texts


def write(plans: Path, rel: str, text: str) -> Path:
    path = plans / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_fmt_orders_keys_as_the_schema_and_quotes_what_readers_disagree_on(
    tmp_path: Path,
) -> None:
    plans = tmp_path / "plans"
    path = write(plans, "ava/reflections/2026-11-24.md", (
        "---\nvisibility: private\nconfidence: 3\nkind: weekly\ndate: 2026-11-24\n"
        "prompts: [no, on, Why?]\nweek: \"2026-W48\"\n---\nA long week.\n\nNotes: # kept\n"
    ))  # fmt: skip
    check = plp("fmt", "--check", cwd=tmp_path)
    assert check.returncode == 1
    assert "ava/reflections/2026-11-24.md: not in canonical form" in check.stdout
    assert plp("fmt", cwd=tmp_path).returncode == 0
    assert path.read_text(encoding="utf-8") == (
        "---\ndate: 2026-11-24\nkind: weekly\nweek: 2026-W48\n"
        'prompts: ["no", "on", Why?]\nconfidence: 3\nvisibility: private\n'
        "---\nA long week.\n\nNotes: # kept\n"
    )


def test_fmt_changes_one_field_to_one_line(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(DEMO, plans)
    plp("fmt", cwd=tmp_path)
    plan = plans / "ava-martinez" / "plan.md"
    text = plan.read_text(encoding="utf-8")
    assert "        done: false\n" in text
    plan.write_text(text.replace("        done: false\n", "        done: true\n", 1), "utf-8")
    assert plp("fmt", "--check", cwd=tmp_path).returncode == 0
    plan.write_text(text.replace("        done: false\n", "        done: no\n", 1), "utf-8")
    assert plp("fmt", cwd=tmp_path).returncode == 0
    assert plan.read_text(encoding="utf-8") == text.replace(
        "        done: false\n", '        done: "no"\n', 1
    )


def test_fmt_refuses_a_file_with_a_comment_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    text = "---\nkind: weekly\n# ask Ms. Rivera\ndate: 2026-11-24\n---\nText.\n"
    path = write(plans, "ava/reflections/2026-11-24.md", text)
    done = plp("fmt", cwd=tmp_path)
    assert done.returncode == 1
    assert "ava/reflections/2026-11-24.md:3:1: this file has a YAML comment" in done.stdout
    assert "hint: Move the comment" in done.stdout
    assert path.read_text(encoding="utf-8") == text


def test_fmt_names_a_path_outside_the_plans_folder(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    outside = tmp_path / "notes.md"
    outside.write_text("---\n---\n", encoding="utf-8")
    done = plp("fmt", "--plans", "plans", "notes.md", cwd=tmp_path)
    assert done.returncode == 2
    assert "notes.md: not inside the plans folder" in done.stderr
    assert "Traceback" not in done.stderr

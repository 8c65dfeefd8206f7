"""Hostile content (issue #14): what a careless or malicious student can write stays inert
and bounded, and every message points at the right place in words that do not mislead.

Each case runs the real commands (``plp validate``, ``plp build``) on a copy of the spec's
example, changed as the case needs.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plp.check.html_policy import find_unsafe_html, is_local_url
from plp.cli import main
from plp.portfolio.markdown import render

from .support import git
from .test_browser import QuietHandler, Visit

TODAY = "2026-11-25"
STUDENT = "ava-martinez"
REFLECTION = f"{STUDENT}/reflections/2026-11-24.md"
EVIDENCE = f"{STUDENT}/evidence/factoring-notes.md"


def validate(plans: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    status = main(["validate", "--plans", str(plans), *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out


def findings(plans: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    """The findings of ``plp validate --format json``, paths relative to the plans folder."""
    status, out = validate(plans, capsys, "--format", "json")
    found: list[dict[str, object]] = json.loads(out)
    assert status == (1 if found else 0)
    for finding in found:
        finding["path"] = str(finding["path"]).removeprefix(f"{plans.as_posix()}/")
    return found


def where(found: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    """``(path, line, code)`` of each finding."""
    return [(f["path"], f["line"], f["code"]) for f in found]


def set_body(plans: Path, rel: str, body: str) -> None:
    """Replace the Markdown body of ``rel`` (the text after its fields) with ``body``."""
    path = plans / rel
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + len("\n---\n")
    path.write_text(text[:end] + body, encoding="utf-8")


def body_line(plans: Path, rel: str) -> int:
    text = (plans / rel).read_text(encoding="utf-8")
    return text[: text.index("\n---\n", 4)].count("\n") + 3


def set_files(plans: Path, names: list[str]) -> None:
    card = plans / EVIDENCE
    text = card.read_text(encoding="utf-8")
    card.write_text(
        text.replace("files: [factoring-notes.svg]", f"files: [{', '.join(names)}]"),
        encoding="utf-8",
    )


def build(plans: Path, out: Path, args: tuple[str | Path, ...] = ()) -> tuple[int, str, str]:
    """``plp build`` without history, as a user runs it: (status, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "plp", "build", "--plans", str(plans), "--out", str(out),
         "--today", TODAY, "--no-history", *map(str, args)],
        capture_output=True, text=True, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert "Traceback" not in done.stdout + done.stderr
    return done.returncode, done.stdout, done.stderr


# --- 2. attachments: an allow-list of inert types -------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("notes.shtml", "file-type"),
        ("notes.xhtm", "file-type"),
        ("notes.html", "file-type"),
        ("notes.SVGZ", "file-type"),
        ("notes.js", "file-type"),
        ("notes.phtml", "file-type"),
        ("notes.markdown", "file-type"),
        ("notes.php.pdf", "file-name"),
        ("notes", "file-name"),
        (".htaccess", "file-name"),
    ],
)
def test_an_attachment_that_could_run_is_refused(
    name: str, code: str, school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (school / STUDENT / "evidence" / name).write_text("<script>parent.stolen=1</script>")
    set_files(school, ["factoring-notes.svg", name])
    found = findings(school, capsys)
    assert where(found) == [(EVIDENCE, 7, code)]
    assert found[0]["field"] == "files[1]" and found[0]["hint"]


def test_inert_attachments_pass_and_are_copied_or_inlined(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = ["notes.pdf", "notes.txt", "scores.csv", "essay.docx", "photo.PNG"]
    for name in names:
        (school / STUDENT / "evidence" / name).write_bytes(b"%PDF-1.4 or whatever")
    set_files(school, ["factoring-notes.svg", *names])
    assert findings(school, capsys) == []
    status, _, _ = build(school, tmp_path / "out")
    assert status == 0
    site = tmp_path / "out" / STUDENT
    assert sorted(p.name for p in (site / "files").iterdir()) == sorted(names)
    page = (site / "evidence.html").read_text(encoding="utf-8")
    assert 'href="files/essay.docx" download' in page  # saved, never opened as a page
    assert 'src="data:image/svg+xml;base64,' in page  # SVG only inside <img>


def test_a_refused_attachment_never_reaches_the_site(school: Path, tmp_path: Path) -> None:
    (school / STUDENT / "evidence" / "notes.shtml").write_text("<script>alert(1)</script>")
    set_files(school, ["factoring-notes.svg", "notes.shtml"])
    status, out, _ = build(school, tmp_path / "out")
    assert status == 1 and "1 file with 1 error was left out" in out
    site = tmp_path / "out" / STUDENT
    assert not list(site.rglob("*.shtml"))
    assert "notes.shtml" not in (site / "evidence.html").read_text(encoding="utf-8")


# --- 4 and 9. what a body renders to, judged with URLs as a browser reads them -----------

#: Bodies that hold something the policy forbids, and the line (from the body's first line)
#: and the words of the finding.
FORBIDDEN_BODIES = {
    "remote image, /\\": ("Intro.\n\n![a](/\\evil.example/x.png)\n", 2, "outside the site"),
    "remote image, \\/": ('<img src="\\/evil.example/x.png">\n', 0, "outside the site"),
    "remote image, newline": ('Hi\n\n<img alt=a src="/\n/evil.example/x.png">\n', 2, "outside"),
    "remote image, tab entity": ('<img src="/&Tab;/evil.example/x">\n', 0, "outside the site"),
    "remote image, entities": ('<img src="&#47;&#92;evil.example/x">\n', 0, "outside the site"),
    "remote image, leading C0": ('<img src="&#1;//evil.example/x">\n', 0, "outside the site"),
    "remote image, https": ("![a](https://tracker.example/p.png)\n", 0, "outside the site"),
    "image of a classmate": ("![a](../../bob/files/x.png)\n", 0, "outside the site"),
    "image from the server root": ("![a](/bob/files/x.png)\n", 0, "outside the site"),
    "image, %2e%2e": ("![a](%2e%2e/%2E%2e/bob/x.png)\n", 0, "outside the site"),
    "attribute list": ('A paragraph.\n{: onclick="alert(1)" }\n', 1, "onclick"),
    "entity scheme": ("See [e](&#106;avascript:alert(1)).\n", 0, "javascript:"),
    "tab in scheme": ('<a href="java&#x09;script:alert(1)">x</a>\n', 0, "javascript:"),
    "escaped backticks": ("a\n\n\\`<img src=x onerror=alert(1)>\\`\n", 2, "onerror"),
    "indented fence": ("text\n\n    ```\n<img src=x onerror=alert(1)>\n    ```\n", 3, "onerror"),
    "mxss noscript": ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', 0, "<no"),
    "mxss svg style": ("ok\n\n<svg><style><img src=x onerror=alert(1)></style></svg>\n", 2, "svg"),
    "mxss math": ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", 0, "math"),
    "data link": ("[e](data:text/html;base64,PHNjcmlwdD4=)\n", 0, "data:"),
}


@pytest.mark.parametrize("case", sorted(FORBIDDEN_BODIES))
def test_validation_judges_what_the_body_renders_to(
    case: str, school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, line, words = FORBIDDEN_BODIES[case]
    set_body(school, REFLECTION, body)
    found = findings(school, capsys)
    assert where(found)[:1] == [(REFLECTION, body_line(school, REFLECTION) + line, "unsafe-html")]
    assert words in str(found[0]["message"])


def test_a_data_link_is_not_called_javascript(school: Path) -> None:
    [unsafe] = find_unsafe_html("[e](data:text/html,hi)")
    assert "data:" in unsafe.message and "javascript" not in unsafe.message


@pytest.mark.parametrize(
    "body",
    [
        "    <div onclick='alert(1)'>shown as code</div>\n",
        "Code: `<script>alert(1)</script>`\n",
        "```html\n<img src=x onerror=alert(1)>\n```\n",
        "<div>\n```\n<img src=x onerror=alert(1)>\n```\n</div>\n",
        "![mine](files/photo.png) and [a page](https://example.org/x)\n",
        "Tom & Jerry {curly} [brackets] (parens): 3 < 4\n",
    ],
)
def test_text_that_renders_inert_is_not_reported(
    body: str, school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_body(school, REFLECTION, body)
    assert findings(school, capsys) == []


def test_the_sanitizer_drops_every_remote_image() -> None:
    for body, _, _ in FORBIDDEN_BODIES.values():
        html = str(render(body))
        assert "evil.example" not in html and "tracker.example" not in html
        assert "onerror" not in html and "javascript" not in html.lower()
        assert "bob/" not in html


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("files/x.png", True),
        ("#top", True),
        ("x.png?v=1", True),
        ("/\\evil.example/x", False),
        ("\\\\evil.example/x", False),
        (" \x01//evil.example", False),
        ("/\t/evil.example", False),
        ("http://evil.example", False),
        ("data:image/png;base64,AA", False),
        ("../x.png", False),
        (".%2E/x.png", False),
        ("/x.png", False),
    ],
)
def test_a_url_is_local_as_a_browser_reads_it(url: str, local: bool) -> None:
    assert is_local_url(url) is local


@pytest.mark.parametrize(
    ("name", "url"), [("logo", "https://cdn.example/logo.png"), ("favicon", "/\\cdn.example/f")]
)
def test_a_logo_or_favicon_on_another_host_is_refused(
    name: str, url: str, school: Path, tmp_path: Path
) -> None:
    (tmp_path / "mkdocs.yml").write_text(f"site_name: School\ntheme:\n  {name}: '{url}'\n")
    status, out, err = build(school, tmp_path / "out", args=("--config", tmp_path / "mkdocs.yml"))
    assert status == 1 and "Built 0 of 1 sites" in out
    assert f"the theme's {name} in mkdocs.yml" in err and "another host" in err
    assert not (tmp_path / "out" / STUDENT / "index.html").exists()


# --- 6. resource exhaustion ----------------------------------------------------------


def set_fields(plans: Path, rel: str, extra: str) -> None:
    """Add YAML lines at the end of the fields of ``rel``."""
    path = plans / rel
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4)
    path.write_text(text[:end] + "\n" + extra + text[end:], encoding="utf-8")


def test_50000_nested_brackets_are_a_finding_not_a_crash(school: Path) -> None:
    set_fields(school, REFLECTION, "x: " + "[" * 50_000 + "]" * 50_000)
    done = subprocess.run(
        [sys.executable, "-m", "plp", "validate", "--plans", str(school)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert f"{REFLECTION}:12:" in done.stdout and "nest more than 64 levels" in done.stdout


NESTED_MAPPINGS = "x:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(1_300)) + "v"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ("x: " + "[" * 10_000 + "]" * 10_000, "yaml-too-deep"),
        (
            "x:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(1_300)) + "  " * 700 + "v",
            "yaml-too-deep",
        ),
        ("x: " + "{a: " * 200 + "1" + "}" * 200, "yaml-too-deep"),
        ("x: " + "7" * 5_000, "yaml-number"),
        ("x: 0x" + "f" * 5_000, "yaml-number"),
        ("x: &a " + "y" * 60_000 + "\nz: [" + ", ".join(["*a"] * 20) + "]", "yaml-alias"),
    ],
)
def test_deep_or_huge_values_are_findings_with_their_line(
    fields: str, code: str, school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_fields(school, REFLECTION, fields)
    found = findings(school, capsys)
    assert [(f["path"], f["code"]) for f in found] == [(REFLECTION, code)]
    assert int(str(found[0]["line"])) >= 12  # where the values start, not 1:1


def test_an_alias_bomb_of_long_texts_is_refused(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """391 KB of aliases made a 304 MB site: the expanded text is capped, not only the count."""
    lines = ["x0: &x0 " + "a" * 50_000]
    for i in range(1, 8):
        lines.append(f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * 4) + "]")
    set_fields(school, f"{STUDENT}/plan.md", "\n".join(lines))
    found = findings(school, capsys)
    assert [f["code"] for f in found if f["path"] == f"{STUDENT}/plan.md"][:1] == ["yaml-alias"]
    assert "MiB of text" in str(found[0]["message"])


def test_lists_nested_too_deep_to_render_are_a_finding_not_a_failed_site(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nested = "".join("    " * level + "- step\n" for level in range(300))
    set_body(school, REFLECTION, "My plan:\n\n" + nested)
    found = findings(school, capsys)
    line = body_line(school, REFLECTION) + 2 + 15  # the first line indented 60 columns
    assert where(found) == [(REFLECTION, line, "unsafe-html")]
    assert "nested too deep" in str(found[0]["message"])
    status, out, err = build(school, tmp_path / "out")
    assert status == 1 and "could not be built" not in err
    assert "1 file with 1 error was left out" in out
    assert str(render("fine *after* that")) == "<p>fine <em>after</em> that</p>"


@pytest.mark.parametrize("brackets", ["[" * 20_000 + "](x)", "<a " * 20_000, "![" * 20_000])
def test_brackets_that_markdown_needs_minutes_for_are_a_finding(
    brackets: str, school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Python-Markdown takes a minute for 16,000 unclosed '[': such a text is not rendered."""
    set_body(school, REFLECTION, "Intro.\n\n" + brackets + "\n")
    found = findings(school, capsys)
    assert where(found) == [(REFLECTION, body_line(school, REFLECTION) + 2, "unsafe-html")]
    assert "too many to show" in str(found[0]["message"])
    shown = str(render(brackets))
    assert shown.startswith("<pre>") and "<a " not in shown  # as text, escaped


def test_a_school_file_linked_to_dev_zero_is_not_read(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (school / "_school.yml").unlink()
    (school / "_school.yml").symlink_to("/dev/zero")
    assert where(findings(school, capsys)) == [("_school.yml", 1, "path-outside")]


def test_plp_build_never_reads_a_school_file_linked_out_of_the_plans_folder(
    school: Path, tmp_path: Path
) -> None:
    """Not for the pages, and not for the history's names of who changed what."""
    outside = tmp_path / "outside.yml"
    outside.write_text(
        "staff:\n  - id: x\n    name: Leaked Name\n    roles: [teacher]\n"
        "    git: [author@school.invalid]\n",
        encoding="utf-8",
    )
    (school / "_school.yml").unlink()
    (school / "_school.yml").symlink_to(outside)
    git(school.parent, "init", "-q", "--initial-branch=main")
    git(school.parent, "add", "-A")
    git(school.parent, "commit", "-q", "-m", "Plans")
    done = subprocess.run(
        [sys.executable, "-m", "plp", "build", "--plans", str(school), "--out",
         str(tmp_path / "out"), "--today", TODAY],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0 and "Built 1 of 1 sites" in done.stdout
    site = tmp_path / "out" / STUDENT
    history = (site / "history.html").read_text(encoding="utf-8")
    assert "Someone set a new goal" in history  # an author the school file does not name
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Leaked Name" not in pages


def test_a_school_file_that_is_a_pipe_is_not_read(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (school / "_school.yml").unlink()
    os.mkfifo(school / "_school.yml")
    assert where(findings(school, capsys)) == [("_school.yml", 1, "not-a-file")]


def test_an_svg_listed_3000_times_is_a_finding_and_never_a_huge_page(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_files(school, ["factoring-notes.svg"] * 3_000)
    found = findings(school, capsys)
    assert {f["code"] for f in found} == {"duplicate-file"} and len(found) == 2_999
    assert found[0]["line"] == 7 and "first on line 7" in str(found[0]["message"])


def test_many_distinct_svgs_are_inlined_within_a_budget(school: Path, tmp_path: Path) -> None:
    svg = (school / STUDENT / "evidence" / "factoring-notes.svg").read_text(encoding="utf-8")
    padded = svg.replace("</svg>", "<!--" + "x" * 900_000 + "--></svg>")
    names = [f"big-{i}.svg" for i in range(12)]
    for name in names:
        (school / STUDENT / "evidence" / name).write_text(padded, encoding="utf-8")
    set_files(school, names)
    status, _, _ = build(school, tmp_path / "out")
    assert status == 0
    page = tmp_path / "out" / STUDENT / "evidence.html"
    assert page.stat().st_size < 4 * 1024 * 1024  # two of them inlined, at 1.2 MB each
    assert "(too large to show on this page)" in page.read_text(encoding="utf-8")


def test_many_goals_do_not_fill_every_page_with_every_goal(school: Path, tmp_path: Path) -> None:
    plan = school / STUDENT / "plan.md"
    text = plan.read_text(encoding="utf-8")
    start = text.index("goals:\n") + len("goals:\n")
    goal = (
        "  - id: goal-{0}\n    title: Goal number {0} "
        + "with a long title " * 30
        + "\n    kind: learning\n    deadline: 2026-12-12\n    status: planned\n"
    )
    plan.write_text(text[:start] + "".join(goal.format(i) for i in range(60)) + text[start:])
    status, _, _ = build(school, tmp_path / "out")
    assert status == 0
    site = tmp_path / "out" / STUDENT
    assert len(list((site / "goals").glob("*.html"))) == 63
    story = (site / "story.html").read_text(encoding="utf-8")
    assert "goals/goal-59.html" not in story  # no nav entry per goal on every page
    overview = (site / "index.html").read_text(encoding="utf-8")
    assert "goals/goal-59.html" in overview  # the overview leads to each goal
    assert "with a long title " * 11 not in overview  # titles are cut at 200 characters


def test_week_9999_w52_is_not_a_real_week(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weeks = school / STUDENT / "weeks"
    text = (weeks / "2026-W48.md").read_text(encoding="utf-8")
    (weeks / "9999-W52.md").write_text(text.replace("2026-W48", "9999-W52"), encoding="utf-8")
    rel = f"{STUDENT}/weeks/9999-W52.md"
    assert (rel, 2, "invalid-week") in where(findings(school, capsys))
    status, out, err = build(school, tmp_path / "out")
    assert status == 1 and "could not be built" not in err
    assert "1 file with 1 error was left out" in out


# --- 8. messages that do not mislead --------------------------------------------------


@pytest.mark.parametrize(
    ("character", "words"),
    [("\x00", "a NUL byte"), ("\x85", "U+0085"), ("\u2028", "U+2028"), ("\x1b", "escape")],
)
def test_an_invisible_character_is_named_at_its_place(
    character: str, words: str, school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = school / REFLECTION
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kind: daily", f"kind: da{character}ily"), encoding="utf-8")
    found = findings(school, capsys)
    assert where(found) == [(REFLECTION, 3, "control-character")]
    assert found[0]["column"] == 9 and words in str(found[0]["message"])


def test_old_mac_line_ends_keep_line_numbers(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = school / REFLECTION
    text = path.read_text(encoding="utf-8").replace("kind: daily", "kind: dialy")
    path.write_bytes(text.replace("\n", "\r").encode())
    assert where(findings(school, capsys)) == [(REFLECTION, 3, "not-a-choice")]


def test_a_goal_id_ending_in_a_newline_is_refused(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = school / STUDENT / "plan.md"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("id: math-ch10", 'id: "math-ch10\\n"', 1), encoding="utf-8")
    found = findings(school, capsys)
    assert (f"{STUDENT}/plan.md", 23, "invalid-format") in where(found)


def test_escape_sequences_never_reach_the_terminal(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    week = school / STUDENT / "weeks" / "2026-W48.md"
    text = week.read_text(encoding="utf-8")
    hostile = '"\\e[2J\\e[32mAll good\\u202e"'
    week.write_text(text.replace("goal: math-ch10", f"goal: {hostile}", 1), encoding="utf-8")
    for fmt in ("text", "github"):
        status, out = validate(school, capsys, "--format", fmt)
        assert status == 1
        assert "\x1b" not in out and "\u202e" not in out
        assert "\\x1b[2J" in out and "\\u202e" in out


def test_a_linked_student_folder_is_one_behaviour_in_validate_and_build(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (school / STUDENT).rename(elsewhere)
    (school / STUDENT).symlink_to(elsewhere, target_is_directory=True)
    found = findings(school, capsys)
    assert where(found) == [(STUDENT, 1, "linked-folder")]
    status, out, err = build(school, tmp_path / "out")
    assert (status, "could not be built" in err) == (0, False)
    assert "No student to build." in out


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_a_school_file_linked_out_of_the_plans_folder_is_never_echoed(
    fmt: str, school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "ci-secrets.yml"
    secret.write_text("token: ghp_SECRET123\nschool: [unclosed\n", encoding="utf-8")
    (school / "_school.yml").unlink()
    (school / "_school.yml").symlink_to(secret)
    status, out = validate(school, capsys, "--format", fmt)
    assert status == 1 and "ghp_SECRET123" not in out and "unclosed" not in out
    assert "outside the plans folder" in out


# --- in a real browser ----------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local server of ``tmp/out``: (its address, the folder)."""
    out = tmp_path / "out"
    out.mkdir()
    handler = functools.partial(QuietHandler, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", out
    httpd.shutdown()
    httpd.server_close()


def watch(visit: Visit) -> list[str]:
    """The messages of the dialogs a page opens (a hostile script's ``alert``)."""
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    visit.page.on("dialog", dismiss)
    return dialogs


@pytest.mark.browser
def test_hostile_bodies_run_nothing_and_ask_no_other_host_in_chromium(
    served: tuple[str, Path], browser: Any
) -> None:
    """Every hostile body, as the site's sanitizer leaves it, in one page of a site."""
    server, out = served
    bodies = [body for body, _, _ in FORBIDDEN_BODIES.values()]
    page = "".join(f"<section>{render(body)}</section>" for body in bodies)
    (out / "hostile.html").write_text(f"<!doctype html><title>t</title>{page}", encoding="utf-8")
    visit = Visit(browser)
    dialogs = watch(visit)
    try:
        visit.goto(f"{server}/hostile.html")
        visit.page.wait_for_timeout(300)  # let any late onerror fire
        assert [url for url in visit.requests if not url.startswith(server)] == []
        assert dialogs == [] and [e for e in visit.errors if "404" not in e] == []
        assert visit.page.evaluate("typeof window.stolen") == "undefined"
    finally:
        visit.close()


@pytest.mark.browser
def test_a_refused_attachment_is_not_served_beside_a_classmates_site(
    school: Path, served: tuple[str, Path], browser: Any
) -> None:
    server, out = served
    evidence = school / STUDENT / "evidence"
    (evidence / "notes.shtml").write_text("<script>alert(document.cookie)</script>")
    (evidence / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    set_files(school, ["factoring-notes.svg", "notes.pdf"])
    status, _, _ = build(school, out)
    assert status == 0
    visit = Visit(browser)
    dialogs = watch(visit)
    try:
        visit.goto(f"{server}/{STUDENT}/evidence.html")
        assert visit.page.locator("a[href='files/notes.pdf']").count() == 1
        image = visit.page.locator("article img")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        response = visit.page.goto(f"{server}/{STUDENT}/files/notes.shtml")
        assert response is not None and response.status == 404
        assert dialogs == []
        assert [url for url in visit.requests if not url.startswith(server)] == []
    finally:
        visit.close()


def test_plp_history_escapes_control_characters(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = school / STUDENT / "plan.md"
    git(school.parent, "init", "-q", "--initial-branch=main")
    git(school.parent, "add", "-A")
    git(school.parent, "commit", "-q", "-m", "Plans")
    text = plan.read_text(encoding="utf-8")
    hostile = 'title: "\\e]0;pwned\\a\\e[2JScore at least 85%"'
    plan.write_text(text.replace("title: Score at least 85% on the Chapter 10 test", hostile))
    git(school.parent, "commit", "-q", "-am", "Retitle")
    assert main(["history", "--plans", str(school), STUDENT]) == 0
    out = capsys.readouterr().out
    assert "\\x1b[2J" in out and "\x1b" not in out and "\x07" not in out

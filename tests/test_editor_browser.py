"""The web editor in a real browser against a real Git backend.

``plp cms`` writes the editor; the pinned ``decap-server`` serves a temporary clone of
the demo plans in Git mode (each save a branch ``cms/<collection>/<slug>``, as the code
host's pull requests would be); Debian's Chromium, driven by Playwright, plays the
student. Every request outside the local servers is aborted and counted. Without
Chromium or Node.js these tests skip, except under CI, where they fail.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from plp.editor.bundle import decap_server, node_modules
from plp.editor.site import write_editor

from .conftest import CHROMIUM
from .support import DEMO, git
from .test_browser import QuietHandler

pytestmark = pytest.mark.browser
LOCAL = ("http://127.0.0.1:", "data:", "blob:")


def _need(what: str, missing: bool) -> None:
    if missing:
        message = f"{what} is not installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Editor:
    url: str
    repo: Path


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[Editor]:
    """The editor on a local server, saving to a Git clone of the demo plans."""
    _need("Chromium", CHROMIUM is None)
    _need("Node.js", shutil.which("node") is None)
    origin = tmp_path / "origin"
    shutil.copytree(DEMO, origin / "plans")
    subprocess.run([sys.executable, "-m", "plp", "fmt", "--plans", "plans"], cwd=origin, check=True,
                   capture_output=True)  # fmt: skip
    git(origin, "init", "-q", "--initial-branch=main")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "Start the plans")
    repo = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(repo))
    for key, value in (("user.name", "Ava Martinez"), ("user.email", "ava@school.invalid")):
        git(repo, "config", key, value)
    port = _free_port()
    env = {**os.environ, "MODE": "git", "PORT": str(port), "BIND_HOST": "127.0.0.1",
           "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": "error"}  # fmt: skip
    server = subprocess.Popen(["node", str(decap_server(node_modules()))], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    site = tmp_path / "editor"
    write_editor(site, {"name": "proxy", "proxy_url": f"http://127.0.0.1:{port}/api/v1",
                        "branch": "main"})  # fmt: skip
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    for _ in range(100):  # until decap-server listens
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    try:
        yield Editor(f"http://127.0.0.1:{httpd.server_address[1]}/index.html", repo)
    finally:
        httpd.shutdown()
        httpd.server_close()
        server.terminate()
        server.wait(10)


class Student:
    """A browser tab on the editor; requests outside this computer are aborted, counted."""

    def __init__(self, browser: Any, url: str, login: str = "") -> None:
        self.outside: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.route("**/*", self._route)
        if login:  # decap-server has no sign-in: the login the code host would give
            self.page.add_init_script(f"window.plpLocalLogin = {json.dumps(login)};")
        self.page.goto(url)
        self.page.get_by_role("button", name="Login").click()

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def save(self) -> None:
        """Save, and wait until the backend has committed."""
        self.page.get_by_role("button", name="Save", exact=True).click()
        self.page.get_by_text("Entry saved").wait_for()


FIRST_GOAL = "Score at least 85% on the Chapter 10 test"


def open_goal(page: Any, title: str) -> Any:
    """Open a goal of the plan form (goals start collapsed, each showing its title)."""
    goal = page.locator("[class*='SortableListItem']", has_text=title).first
    goal.get_by_role("button").first.click()
    goal.get_by_role("button", name="Add actions").wait_for()
    return goal


def branch_diff(repo: Path, branch: str) -> list[str]:
    """The changed lines (``+``/``-``) between main and ``branch``."""
    diff = git(repo, "diff", "--unified=0", "main", branch)
    return [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def validate(repo: Path, branch: str) -> subprocess.CompletedProcess[str]:
    """``plp validate`` on the plans of ``branch``, exported (decap-server owns the clone's
    working tree and switches branches in it)."""
    export = repo.parent / f"export-{branch.replace('/', '-')}"
    export.mkdir()
    archive = subprocess.run(["git", "archive", branch, "plans"], cwd=repo, capture_output=True,
                             check=True).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(export)], input=archive, check=True)
    return subprocess.run([sys.executable, "-m", "plp", "validate", "--plans", "plans"],
                          cwd=export, capture_output=True, text=True, check=False)  # fmt: skip


def test_a_student_adds_an_action_marks_it_done_and_saves_a_small_diff(
    browser: Any,
    editor: Editor,
) -> None:
    student = Student(browser, editor.url + "?student=ava-martinez#/collections/plan/entries/plan")
    page = student.page
    open_goal(page, FIRST_GOAL).get_by_role("button", name="Add actions").click()
    page.get_by_label("Who").nth(2).click()
    page.get_by_role("option", name="student", exact=True).click()
    page.get_by_label("What to do").nth(2).fill("Redo every missed problem on Sunday")
    page.get_by_label("When (optional)").nth(2).fill("weekly")
    page.get_by_label("Done (optional)").nth(2).click()
    student.save()
    assert branch_diff(editor.repo, "cms/plan/plan") == [
        "+      - who: student",
        "+        do: Redo every missed problem on Sunday",
        "+        when: weekly",
        "+        done: true",
    ]
    checked = validate(editor.repo, "cms/plan/plan")
    assert checked.returncode == 0, checked.stdout
    assert student.outside == []


def test_a_student_writes_a_reflection_with_the_right_name(
    browser: Any,
    editor: Editor,
) -> None:
    student = Student(browser, editor.url + "?student=ava-martinez#/collections/reflections/new")
    page = student.page
    page.get_by_label("Date", exact=True).fill("2026-11-27")
    page.get_by_label("Kind").click()
    page.get_by_role("option", name="weekly", exact=True).click()
    page.locator("[contenteditable='true']").first.click()
    page.keyboard.type("Factoring clicked once I drew the area model.")
    student.save()
    branch = "cms/reflections/2026-11-27-weekly"
    assert branch_diff(editor.repo, branch) == [
        "+---",
        "+date: 2026-11-27",
        "+kind: weekly",
        "+---",
        "+Factoring clicked once I drew the area model.",
    ]
    checked = validate(editor.repo, branch)
    assert checked.returncode == 0, checked.stdout
    assert git(editor.repo, "diff", "--name-only", "main", branch) == (
        "plans/ava-martinez/reflections/2026-11-27-weekly.md"
    )
    assert student.outside == []


def test_the_form_refuses_an_empty_required_field_and_a_malformed_date(
    browser: Any,
    editor: Editor,
) -> None:
    student = Student(browser, editor.url + "?student=ava-martinez#/collections/reflections/new")
    page = student.page
    page.get_by_label("Date", exact=True).fill("2026-11-27")
    page.locator("[contenteditable='true']").first.click()
    page.keyboard.type("No kind chosen.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("you've missed a required field").first.wait_for()

    page.on("dialog", lambda dialog: dialog.accept())  # leave the unsaved reflection
    page.goto(editor.url + "?student=ava-martinez#/collections/plan/entries/plan")
    page.reload()  # still signed in
    open_goal(page, FIRST_GOAL).get_by_role("button", name="Add actions").click()
    page.get_by_label("Who").nth(2).click()
    page.get_by_role("option", name="student", exact=True).click()
    page.get_by_label("What to do").nth(2).fill("Redo every missed problem")
    page.get_by_label("When (optional)").nth(2).fill("2026-13-01")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Write a date YYYY-MM-DD or daily, weekly, monthly.").first.wait_for()
    assert git(editor.repo, "branch", "--list", "cms/*") == ""
    assert student.outside == []


def _serious(page: Any) -> list[str]:
    """axe's serious and critical findings on the whole page, Decap's interface too."""
    from axe_playwright_python.sync_playwright import Axe

    return [
        f"{v['id']}: {v['help']} e.g. {v['nodes'][0]['html'][:120]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_nothing_serious_in_the_editors_pages(
    browser: Any,
    editor: Editor,
) -> None:
    page = browser.new_page()
    page.goto(editor.url)
    page.get_by_label("My student id").fill("ava-martinez")
    found = _serious(page)  # the start page, all plp's
    page.get_by_role("button", name="Open my plan").click()
    page.get_by_role("button", name="Login").click()
    page.goto(editor.url + "?student=ava-martinez#/collections/plan/entries/plan")
    open_goal(page, FIRST_GOAL)
    found += _serious(page)  # the plan form, every kind of field in it
    page.goto(editor.url + "?student=ava-martinez#/collections/reflections")
    page.get_by_role("link", name="Evidence").wait_for()
    found += _serious(page)  # a collection's list
    page.goto(editor.url + "?student=ava-martinez#/collections/evidence/new")
    page.get_by_role("button", name="Add files").click()
    page.get_by_role("button", name="Choose a file").click()
    page.get_by_text("factoring-notes.svg", exact=True).wait_for()
    found += _serious(page)  # the files beside the evidence, to choose from
    assert found == [], "\n".join(found)


def test_without_an_id_the_editor_opens_the_plan_that_lists_the_signed_in_login(
    browser: Any,
    editor: Editor,
) -> None:
    student = Student(browser, editor.url + "#/collections/plan/entries/plan", login="AvaMtz")
    page = student.page
    open_goal(page, FIRST_GOAL)
    assert page.url == editor.url + "?student=ava-martinez#/collections/plan/entries/plan"
    assert page.get_by_label("Preferred name").input_value() == "Ava"
    assert student.outside == []


@pytest.mark.parametrize(
    ("login", "problem"),
    [
        ("someone-else", "No plan lists your login someone-else under student.git."),
        (
            "roz-quill-twin",
            "Your login roz-quill-twin is listed under student.git in several plans "
            "(jonah-lee, rosalind-quill).",
        ),
    ],
)
def test_a_login_in_no_plan_or_in_several_is_said_on_the_page(
    browser: Any, editor: Editor, login: str, problem: str
) -> None:
    if login == "roz-quill-twin":  # two plans list it
        for folder in ("rosalind-quill", "jonah-lee"):
            plan = editor.repo / "plans" / folder / "plan.md"
            plan.write_text(plan.read_text(encoding="utf-8").replace(
                "  git: [", "  git: [roz-quill-twin, ", 1), encoding="utf-8")  # fmt: skip
        git(editor.repo, "commit", "-qam", "Share a login")
    student = Student(browser, editor.url, login=login)
    page = student.page
    page.get_by_text(problem).wait_for()
    assert page.get_by_label("My student id").is_visible()
    assert not page.locator("#nc-root").is_visible()  # Decap's interface, signed in
    assert "?student=" not in page.url
    assert student.outside == []


def test_a_student_adds_evidence_with_its_file_beside_it(
    browser: Any, editor: Editor, tmp_path: Path
) -> None:
    upload = tmp_path / "robot-arm.svg"
    upload.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>\n')
    student = Student(browser, editor.url + "?student=ava-martinez#/collections/evidence/new")
    page = student.page
    page.get_by_label("Title", exact=True).fill("Robot arm sketch")
    page.get_by_label("Date", exact=True).fill("2026-11-26")
    page.get_by_role("button", name="Add files").click()
    page.get_by_role("button", name="Choose a file").click()
    page.locator("input[type=file]").set_input_files(upload)
    page.get_by_text("robot-arm.svg", exact=True).wait_for()  # uploaded as a draft
    page.get_by_role("button", name="Choose selected").click()
    page.locator("[contenteditable='true']").first.click()
    page.keyboard.type("My first sketch of the arm's joints, before the build.")
    student.save()
    branch = "cms/evidence/robot-arm-sketch"
    assert git(editor.repo, "diff", "--name-only", "main", branch).splitlines() == [
        "plans/ava-martinez/evidence/robot-arm-sketch.md",
        "plans/ava-martinez/evidence/robot-arm.svg",
    ]
    assert branch_diff(editor.repo, branch) == [
        "+---",
        "+title: Robot arm sketch",
        "+date: 2026-11-26",
        "+files: [robot-arm.svg]",
        "+---",
        "+My first sketch of the arm's joints, before the build.",
        '+<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>',
    ]
    checked = validate(editor.repo, branch)
    assert checked.returncode == 0, checked.stdout
    assert student.outside == []

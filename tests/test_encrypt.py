"""plp build --encrypt: a student's site holds none of their content in plaintext, opens in
a real browser with their passphrase only, keeps the key only when asked to, and a build
without every passphrase, or with one from inside the repository, stops before writing."""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag

from plp.cli import main
from plp.portfolio.editor_link import EDIT_LINK_TEXT
from plp.publish.encrypted import (
    ITERATIONS,
    MANIFEST_AAD,
    decrypt,
    derive_key,
    encrypt,
    site_settings,
)

from .support import demo_repository
from .test_browser import QuietHandler

TODAY = "2026-11-25"
STUDENT = "ava-martinez"
PASSPHRASE = "maple ridge lantern 42"
#: Ava's content as her site shows it: her name, goals, reflection, evidence, advisor,
#: and the names of her pages.
CONTENT = [
    "Ava's learning plan",
    "Ava's private learning",
    "Ava led the conference",
    "Score at least 85% on the Chapter 10 test",
    "Turn in every ELA essay by its due date",
    "Factoring finally clicked",
    "Factoring notes with area models",
    "Dana Rivera",
    "I like to understand how things work",
    "mechanical engineering",
    "journal.html",
    "story.html",
    "evidence.html",
    "conversations.html",
    "then-and-now",
    "math-ch10",
    "essays-on-time",
    "robotics-team",
    "2026-W48",
    "factoring-notes",
]


def build(plans: Path, out: Path, *extra: str) -> int:
    args = ["build", "--plans", str(plans), "--out", str(out), "--today", TODAY, "--jobs", "1"]
    return main([*args, "--encrypt", *extra])


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Ava's encrypted site (from the demo school), and the plans it came from; her
    passphrase comes from a file outside the repository."""
    plans = demo_repository(tmp_path_factory.mktemp("demo"))
    secrets = tmp_path_factory.mktemp("secrets") / "passphrases.txt"
    secrets.write_text(f"# school passphrases\n\n{STUDENT}: {PASSPHRASE}\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("sites") / "sites"
    assert build(plans, out, "--student", STUDENT, "--passphrases", str(secrets)) == 0
    return out / STUDENT, plans


def decrypted_files(site: Path, passphrase: str) -> dict[str, bytes]:
    """Every encrypted file of ``site`` by its path, decrypted in Python."""
    settings = site_settings(site)
    assert settings is not None
    key = derive_key(passphrase, base64.b64decode(str(settings["salt"])))
    listing = decrypt(key, (site / str(settings["manifest"])).read_bytes(), MANIFEST_AAD)
    files = json.loads(listing)["files"]
    return {
        path: decrypt(key, (site / name).read_bytes(), path.encode())
        for path, (name, _) in files.items()
    }


def test_no_byte_of_the_output_holds_the_students_content(encrypted: tuple[Path, Path]) -> None:
    site, _ = encrypted
    names = sorted(path.relative_to(site).as_posix() for path in site.rglob("*"))
    every_byte = b"\n".join(
        [path.read_bytes() for path in site.rglob("*") if path.is_file()]
        + [n.encode() for n in names]
    )
    plain = b"\n".join(decrypted_files(site, PASSPHRASE).values())
    for text in CONTENT:
        assert text.encode() in plain, text  # the site has it ...
        assert text.encode() not in every_byte, text  # ... only encrypted
    plaintext = {n for n in names if (site / n).is_file() and not n.startswith("data/")}
    theme = {n for n in plaintext if n.startswith(("assets/javascripts/", "assets/stylesheets/"))}
    assert plaintext - theme == {
        "index.html",
        "plp-unlock.js",
        ".plp-site",
        "assets/images/favicon.png",
    }


def test_what_was_encrypted_decrypts_with_the_same_parameters(
    encrypted: tuple[Path, Path],
) -> None:
    site, _ = encrypted
    settings = site_settings(site)
    assert settings is not None and settings["iterations"] == ITERATIONS >= 600_000
    salt = base64.b64decode(str(settings["salt"]))
    key = derive_key(PASSPHRASE, salt)
    assert key == hashlib.pbkdf2_hmac("sha256", PASSPHRASE.encode(), salt, 600_000)
    files = decrypted_files(site, PASSPHRASE)
    assert b"Factoring finally clicked" in files["journal.html"]
    assert "search/search_index.json" in files and "assets/plp-print.css" in files
    blobs = [path.read_bytes() for path in (site / "data").iterdir()]
    assert len({blob[:12] for blob in blobs}) == len(blobs)  # a fresh nonce per file
    wrong = derive_key("another passphrase", salt)
    with pytest.raises(InvalidTag):
        decrypt(wrong, (site / str(settings["manifest"])).read_bytes(), MANIFEST_AAD)
    sealed = encrypt(key, b"a page", b"journal.html")
    assert decrypt(key, sealed, b"journal.html") == b"a page"
    with pytest.raises(InvalidTag):  # a file cannot be passed off as another
        decrypt(key, sealed, b"story.html")


def test_a_rebuild_keeps_the_salt_so_a_remembered_key_still_opens(
    encrypted: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, plans = encrypted
    copy = tmp_path / "sites"
    monkeypatch.setenv("PLP_PASSPHRASE_AVA_MARTINEZ", PASSPHRASE)
    assert build(plans, copy, "--student", STUDENT) == 0
    first = site_settings(copy / STUDENT)
    assert build(plans, copy, "--student", STUDENT) == 0
    second = site_settings(copy / STUDENT)
    assert first is not None and second is not None
    assert first["salt"] == second["salt"] and first["manifest"] != second["manifest"]
    assert first["salt"] != (site_settings(site) or {})["salt"]  # another site, another salt


def test_a_changed_passphrase_takes_effect_on_the_next_build(
    encrypted: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Builds skip sites whose inputs did not change, but never an encrypted one: the new
    passphrase opens the site and the old one no longer does; a plain build then replaces
    the encrypted site with a plain one."""
    _, plans = encrypted
    out = tmp_path / "sites"
    monkeypatch.setenv("PLP_PASSPHRASE_AVA_MARTINEZ", PASSPHRASE)
    assert build(plans, out, "--student", STUDENT) == 0
    monkeypatch.setenv("PLP_PASSPHRASE_AVA_MARTINEZ", "a new passphrase for spring")
    assert build(plans, out, "--student", STUDENT) == 0
    assert decrypted_files(out / STUDENT, "a new passphrase for spring")
    with pytest.raises(InvalidTag):
        decrypted_files(out / STUDENT, PASSPHRASE)
    plain = ["build", "--plans", str(plans), "--out", str(out), "--today", TODAY]
    assert main([*plain, "--jobs", "1", "--student", STUDENT]) == 0
    assert site_settings(out / STUDENT) is None
    assert "Ava" in (out / STUDENT / "story.html").read_text(encoding="utf-8")


def test_a_student_without_a_passphrase_stops_the_build(
    encrypted: tuple[Path, Path], tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, plans = encrypted
    monkeypatch.setenv("PLP_PASSPHRASE_AVA_MARTINEZ", PASSPHRASE)
    out = tmp_path / "sites"
    assert build(plans, out) == 2
    err = capsys.readouterr().err
    assert "jonah-lee has no passphrase: set PLP_PASSPHRASE_JONAH_LEE" in err
    assert "ava-martinez" not in err
    assert not out.exists()  # nothing written, not even Ava's site
    monkeypatch.setenv("PLP_PASSPHRASE_AVA_MARTINEZ", "short")
    assert build(plans, out, "--student", STUDENT) == 2
    assert "shorter than 12 characters" in capsys.readouterr().err
    assert not out.exists()


def test_a_passphrase_file_inside_the_repository_is_refused(
    encrypted: tuple[Path, Path], tmp_path: Path, capsys: Any
) -> None:
    _, plans = encrypted
    inside = plans.parent / "passphrases.txt"
    inside.write_text(f"{STUDENT}: {PASSPHRASE}\n", encoding="utf-8")
    out = tmp_path / "sites"
    try:
        assert build(plans, out, "--student", STUDENT, "--passphrases", str(inside)) == 2
    finally:
        inside.unlink()
    err = capsys.readouterr().err
    assert "is inside the repository" in err and "move it outside the repository" in err
    assert not out.exists()
    broken = tmp_path / "passphrases.txt"
    broken.write_text(f"# ok\n{STUDENT} {PASSPHRASE}\n", encoding="utf-8")
    assert build(plans, out, "--student", STUDENT, "--passphrases", str(broken)) == 2
    assert f"{broken}:2: write each line as 'student-id: passphrase'" in capsys.readouterr().err
    args = ["build", "--plans", str(plans), "--out", str(out), "--passphrases", str(broken)]
    assert main(args) == 2
    assert "add --encrypt" in capsys.readouterr().err


@pytest.fixture(scope="module")
def server(encrypted: tuple[Path, Path]) -> Iterator[str]:
    """The encrypted site on a free local port, as a static host serves it."""
    site, _ = encrypted
    handler = functools.partial(QuietHandler, directory=str(site.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{STUDENT}/index.html"
    httpd.shutdown()
    httpd.server_close()


class Tab:
    """A page in a browser context of its own (its own storage), with what it asked for."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def unlock(self, url: str, passphrase: str, *, remember: bool = False) -> None:
        self.page.goto(url)
        self.page.get_by_label("Passphrase").fill(passphrase)
        if remember:
            self.page.get_by_label("Remember on this device").check()
        self.page.get_by_role("button", name="Open").click()

    @property
    def article(self) -> Any:
        return self.page.frame_locator("iframe.plp-page").locator("article").first

    def shows(self, text: str) -> None:
        """Waits until the page shown is the one that says ``text`` (the frame's address
        changes before the decrypted page is swapped in)."""
        frame = self.page.frame_locator("iframe.plp-page")
        frame.locator("article", has_text=text).first.wait_for(timeout=15_000)

    def storage(self) -> list[Any]:
        return list(
            self.page.evaluate(
                "async () => [localStorage.length, sessionStorage.length,"
                " (await indexedDB.databases()).map(d => d.name)]"
            )
        )

    def close(self) -> None:
        self.context.close()


@pytest.mark.browser
def test_the_passphrase_opens_the_site_which_navigates_and_searches(
    server: str, browser: Any
) -> None:
    tab = Tab(browser)
    try:
        tab.unlock(server, PASSPHRASE)
        tab.article.wait_for(timeout=20_000)
        tab.shows("Study mechanical engineering")
        frame = tab.page.frame_locator("iframe.plp-page")
        frame.get_by_role("link", name="My story").first.click()
        tab.page.wait_for_url("**#story.html")
        tab.shows("I like to understand how things work")
        box = frame.locator("input[data-md-component='search-query']")
        box.click()
        box.press_sequentially("factoring finally", delay=20)
        found = frame.locator(".md-search-result__item", has_text="clicked").first
        found.wait_for(timeout=15_000)  # the reflection, found by its words
        found.locator("a").first.click()
        tab.page.wait_for_url("**#journal.html*")
        tab.shows("Factoring finally clicked")
        frame.get_by_role("link", name="Evidence").first.click()
        tab.page.wait_for_url("**#evidence.html")
        picture = frame.locator("img.plp-thumb").first
        picture.wait_for()
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
        styled = frame.locator("body").evaluate(
            "body => getComputedStyle(body).getPropertyValue('--md-primary-fg-color')"
        )
        assert styled.strip()  # the theme's stylesheet applies
        tab.page.go_back()
        tab.page.wait_for_url("**#journal.html*")
        tab.shows("Factoring finally clicked")
        assert tab.errors == []
        host = server.split("/")[2]
        assert [u for u in tab.requests if u.split("/")[2] != host and u.startswith("http")] == []
        assert tab.storage() == [0, 0, []]  # nothing kept without "remember"
        tab.page.reload()
        tab.page.get_by_label("Passphrase").wait_for()  # asks again after a reload
        assert tab.page.locator("iframe.plp-page").count() == 0
    finally:
        tab.close()


@pytest.mark.browser
def test_a_link_out_of_the_site_opens_in_the_whole_window(
    encrypted: tuple[Path, Path], tmp_path: Path, browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link to the web editor leaves the site, not just the frame the site is shown in."""
    _, plans = encrypted
    out = tmp_path / "sites"
    monkeypatch.setenv("PLP_PASSPHRASE_AVA_MARTINEZ", PASSPHRASE)
    editor = "https://editor.example/plans/"
    assert build(plans, out, "--student", STUDENT, "--editor-url", editor) == 0
    handler = functools.partial(QuietHandler, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    tab = Tab(browser)
    try:
        tab.page.route(
            f"{editor}**",
            lambda route: route.fulfill(body="<title>Editor</title>", content_type="text/html"),
        )
        tab.unlock(f"http://127.0.0.1:{httpd.server_address[1]}/{STUDENT}/index.html", PASSPHRASE)
        tab.shows("Study mechanical engineering")
        link = tab.page.frame_locator("iframe.plp-page").get_by_role("link", name=EDIT_LINK_TEXT)
        link.click()
        tab.page.wait_for_url(f"{editor}?student={STUDENT}")
        assert tab.page.title() == "Editor"
    finally:
        tab.close()
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.browser
def test_a_wrong_passphrase_does_not_open_it_and_says_so(server: str, browser: Any) -> None:
    tab = Tab(browser)
    try:
        tab.unlock(server, "maple ridge lantern 43")
        alert = tab.page.get_by_role("alert")
        alert.filter(has_text="does not open").wait_for(timeout=20_000)
        assert "That passphrase does not open this site" in alert.inner_text()
        assert tab.page.locator("iframe.plp-page").count() == 0
        assert tab.page.title() == "Private learning plan"
        assert tab.storage() == [0, 0, []]
    finally:
        tab.close()


@pytest.mark.browser
def test_remember_on_this_device_keeps_it_open_until_forgotten(server: str, browser: Any) -> None:
    tab = Tab(browser)
    try:
        tab.unlock(server, f" {PASSPHRASE} ", remember=True)  # spaces around do not count
        tab.article.wait_for(timeout=20_000)
        tab.page.reload()
        tab.article.wait_for(timeout=20_000)  # no passphrase asked
        tab.shows("Study mechanical engineering")
        assert tab.page.get_by_label("Passphrase").is_hidden()
        local, session, databases = tab.storage()
        assert (local, session, databases) == (0, 0, ["plp-unlock"])  # the key, and only it
        kept = tab.page.evaluate(
            """() => new Promise(done => {
                 const open = indexedDB.open("plp-unlock");
                 open.onsuccess = () => {
                   const get = open.result.transaction("keys").objectStore("keys").getAll();
                   get.onsuccess = () => {
                     open.result.close();
                     done(get.result.map(
                       e => [e.key.extractable, e.key.algorithm.name, e.key.usages]));
                   };
                 };
               })"""
        )
        assert kept == [[False, "AES-GCM", ["decrypt"]]]
        tab.page.get_by_role("button", name="Forget and lock").click()
        tab.page.get_by_label("Passphrase").wait_for()
        assert tab.storage() == [0, 0, []]
        tab.page.reload()
        tab.page.get_by_label("Passphrase").wait_for()
        assert tab.page.locator("iframe.plp-page").count() == 0
    finally:
        tab.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_unlock_page_passes_axe(scheme: str, server: str, browser: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from .test_site_design import WCAG_AND_BEST_PRACTICE

    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(server)
        page.get_by_label("Passphrase").fill("not the passphrase")
        page.get_by_role("button", name="Open").click()
        page.get_by_role("alert").filter(has_text="does not open").wait_for(timeout=20_000)
        results = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_AND_BEST_PRACTICE}}
        )
        assert [v["id"] for v in results.response["violations"]] == []
    finally:
        context.close()


def test_plp_leaks_says_it_cannot_check_an_encrypted_site(
    encrypted: tuple[Path, Path], capsys: Any
) -> None:
    site, plans = encrypted
    assert main(["leaks", "--plans", str(plans), "--sites", str(site.parent)]) == 0
    captured = capsys.readouterr()
    assert "1 encrypted site not checked (ava-martinez)" in captured.err
    assert "Checked 0 sites" in captured.out

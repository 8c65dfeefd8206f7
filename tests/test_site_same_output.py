"""plp's shared build of many sites (navigation rendered once per site, a quicker reading of
pages for the search index) makes the very same sites as a plain ``mkdocs build`` of each
student's site, which renders every page in full: compared file by file, byte for byte."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from plp.cli import main
from plp.demo.generator import generate_school
from plp.format.selection import select_students
from plp.publish.outputs import SITE_MARKER, claim_sites_folder
from plp.site_mkdocs.builder import SiteBuilder, student_site_config
from plp.sites import SiteOptions

from .support import BROKEN, DEMO, demo_repository

TODAY = "2026-11-25"
#: What a plan says when the student asked for a public portfolio, with consent.
CONSENT = "  portfolio: true\n  consent: {by: parent, name: A Parent, date: 2026-11-01}\n"


def mkdocs_build(config_file: Path, config: dict[str, Any]) -> None:
    """Write ``config`` to ``config_file`` and build it with a plain ``mkdocs build``."""
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr


def plain_mkdocs_build(
    plans: Path,
    student: str,
    site: Path,
    scratch: Path,
    *,
    history: bool = True,
    public: bool = False,
    theme: dict[str, object] | None = None,
) -> None:
    """``student``'s site built by ``mkdocs build`` in a process of its own, from the same
    configuration plp's builder uses: every page rendered by the theme as it comes."""
    docs = scratch / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    options = SiteOptions(
        plans=plans,
        out=scratch / "unused",
        today=TODAY,
        history=history,
        public=public,
        theme=dict(theme or {}),
    )
    config = yaml.safe_load(student_site_config(options, docs, student))
    config["site_dir"] = str(site)
    config_file = scratch / f"{student}.yml"
    mkdocs_build(config_file, config)


def files_of(site: Path) -> dict[str, bytes]:
    """A site's files by path; not plp's mark that it made the folder (SITE_MARKER), which
    only plp build writes and which is no part of the site."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.relative_to(site).as_posix() != SITE_MARKER
    }


def differences(expected: Path, actual: Path) -> list[str]:
    """What differs between two sites: missing and extra files, and for the first few
    files that differ, a diff of their lines."""
    want, got = files_of(expected), files_of(actual)
    problems = [f"missing from the shared build: {name}" for name in sorted(want.keys() - got)]
    problems += [f"only in the shared build: {name}" for name in sorted(got.keys() - want)]
    changed = sorted(name for name in want.keys() & got.keys() if want[name] != got[name])
    for name in changed[:3]:
        diff = difflib.unified_diff(
            want[name].decode("utf-8", "replace").splitlines(),
            got[name].decode("utf-8", "replace").splitlines(),
            f"mkdocs build: {name}",
            f"plp build: {name}",
            lineterm="",
            n=1,
        )
        problems.append("\n".join(list(diff)[:40]))
    problems += [f"also differs: {name}" for name in changed[3:]]
    return problems


def assert_same_sites(
    plans: Path, tmp_path: Path, *, history: bool = True, theme: dict[str, object] | None = None
) -> None:
    out = tmp_path / "sites"
    more = [] if history else ["--no-history"]
    config = tmp_path / "mkdocs.yml"  # the project's theme settings, which plp build takes
    config.write_text(yaml.safe_dump({"site_name": "School", "theme": theme or {}}), "utf-8")
    more += ["--config", str(config)]
    code = main(["build", "--plans", str(plans), "--out", str(out), "--today", TODAY,
                 "--jobs", "1", *more])  # fmt: skip
    assert code in (0, 1)  # 1: some files left out for their errors, in both builds alike
    built = [student for student in select_students(plans) if (out / student).is_dir()]
    assert built
    for student in built:
        reference = tmp_path / "reference" / student
        scratch = tmp_path / "scratch"
        plain_mkdocs_build(
            plans.resolve(), student, reference, scratch, history=history, theme=theme
        )
        problems = differences(reference, out / student)
        assert not problems, f"{student}'s site differs:\n" + "\n".join(problems)


def test_generated_students_sites_are_the_same_as_plain_mkdocs_builds(tmp_path: Path) -> None:
    school = generate_school(tmp_path / "school", students=3, weeks=5, seed=7)
    assert_same_sites(school.root / "plans", tmp_path)


def test_demo_students_sites_are_the_same_as_plain_mkdocs_builds(tmp_path: Path) -> None:
    plans = demo_repository(tmp_path / "demo")
    assert_same_sites(plans, tmp_path)


def test_sites_whose_header_or_navigation_read_the_page_are_the_same(tmp_path: Path) -> None:
    """A theme whose header shows the page's address (a custom_dir's template) and whose
    navigation tabs sit in the header (they mark the page's section): the parts that read
    the page are rendered for every page, as MkDocs renders them."""
    custom = tmp_path / "theme"
    (custom / "partials").mkdir(parents=True)
    import material

    stock = Path(material.__file__).parent / "templates" / "partials" / "header.html"
    header = stock.read_text(encoding="utf-8").replace(
        '<header class="{{ class }}"', '<header data-page="{{ page.url }}" class="{{ class }}"'
    )
    (custom / "partials" / "header.html").write_text(header, encoding="utf-8")
    plans = demo_repository(tmp_path / "demo")
    theme: dict[str, object] = {
        "name": "material",
        "custom_dir": str(custom),
        "features": ["navigation.tabs", "navigation.tabs.sticky", "navigation.sections"],
    }
    assert_same_sites(plans, tmp_path, theme=theme)


def test_sites_in_another_language_with_more_features_are_the_same(tmp_path: Path) -> None:
    """The theme's translations in German (kept once per site), the previous and next
    pages in the footer (which makes the footer read the page), tabs, and the table of
    contents inside the navigation."""
    plans = demo_repository(tmp_path / "demo")
    theme: dict[str, object] = {
        "name": "material",
        "language": "de",
        "features": [
            "navigation.footer",
            "navigation.tabs",
            "navigation.indexes",
            "navigation.top",
            "toc.integrate",
        ],
    }
    assert_same_sites(plans, tmp_path, theme=theme)


def test_sites_whose_shared_parts_read_the_page_are_the_same(tmp_path: Path) -> None:
    """A custom_dir whose templates read the page in parts that are otherwise rendered
    once per folder: a block that replaces the theme's (and calls the theme's through
    super()), the copyright in the footer (the page's meta), the button back to the top,
    the table of contents and its items (the page's address): those parts are rendered
    for every page, as MkDocs renders them."""
    custom = tmp_path / "theme"
    (custom / "partials").mkdir(parents=True)
    import material

    stock = Path(material.__file__).parent / "templates" / "partials"
    (custom / "main.html").write_text(
        '{% extends "base.html" %}\n{% block scripts %}{{ super() }}'
        '<script>var plpPage = "{{ page.url }}";</script>{% endblock %}\n',
        encoding="utf-8",
    )
    (custom / "partials" / "copyright.html").write_text(
        '<div class="md-copyright">{{ page.meta.title if page }}</div>\n', encoding="utf-8"
    )
    top = (stock / "top.html").read_text(encoding="utf-8")
    (custom / "partials" / "top.html").write_text(
        top.replace('data-md-component="top"', 'data-md-component="top" data-for="{{ page.url }}"'),
        encoding="utf-8",
    )
    toc = (stock / "toc.html").read_text(encoding="utf-8")
    (custom / "partials" / "toc.html").write_text(
        toc.replace('aria-label="{{ title | e }}"', 'aria-label="{{ title | e }} {{ page.url }}"'),
        encoding="utf-8",
    )
    item = (stock / "toc-item.html").read_text(encoding="utf-8")
    (custom / "partials" / "toc-item.html").write_text(
        item.replace('class="md-nav__link"', 'class="md-nav__link" data-in="{{ page.url }}"'),
        encoding="utf-8",
    )
    plans = demo_repository(tmp_path / "demo")
    theme: dict[str, object] = {"name": "material", "custom_dir": str(custom)}
    assert_same_sites(plans, tmp_path, theme=theme)


#: A MkDocs hook that renders a site's pages through plp's page furniture, as plp's
#: builder does, and writes down the parts it keeps.
FURNITURE_HOOK = """
import json
from pathlib import Path
from typing import Any

from plp.site_mkdocs.page_furniture import SiteFurniture, install

furniture = SiteFurniture()


def on_env(env, config, files):
    parts = install(env, furniture, config.theme.get("features") or [])
    Path(__file__).with_name("parts.json").write_text(json.dumps(parts), encoding="utf-8")
    return env
"""


def test_a_site_with_pages_off_the_navigation_in_many_folders_is_the_same(
    tmp_path: Path,
) -> None:
    """Pages that are not in the navigation, in several folders (their links differ),
    pages in it, with and without a table of contents and with meta, and the theme's
    404 page (no page at all): built by ``mkdocs build`` as it comes, and through the
    furniture plp's builder uses."""
    docs = tmp_path / "docs"
    pages = {
        "index.md": "# Home\n\n## First\n\n## Second\n",
        "off.md": "# Off the navigation\n\n## Part\n",
        "sub/in.md": "---\ntitle: Set in meta\n---\n\n# In\n\n## One\n\n### One and a half\n",
        "sub/off.md": "# Also off\n\n## Part\n",
        "sub/deeper/off.md": "# Deeper\n",
        "other/off.md": "---\nhide: [toc]\n---\n# Other\n\n## Part\n",
    }
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    config = {
        "site_name": "Shapes",
        "docs_dir": str(docs),
        "use_directory_urls": False,
        "theme": {"name": "material", "features": ["navigation.sections", "navigation.top"]},
        "nav": [{"Home": "index.md"}, {"Section": [{"In": "sub/in.md"}]}],
    }
    sites = {}
    for way in ("plain", "furniture"):
        folder = tmp_path / way
        folder.mkdir()
        if way == "furniture":
            (folder / "furniture_hook.py").write_text(FURNITURE_HOOK, encoding="utf-8")
            config["hooks"] = [str(folder / "furniture_hook.py")]
        sites[way] = folder / "site"
        config["site_dir"] = str(sites[way])
        config_file = folder / "mkdocs.yml"
        mkdocs_build(config_file, config)
    parts = json.loads((tmp_path / "furniture" / "parts.json").read_text(encoding="utf-8"))
    assert {"navigation", "header", "translations", "block config", "block footer"} <= set(parts)
    assert (sites["plain"] / "404.html").is_file()
    problems = differences(sites["plain"], sites["furniture"])
    assert not problems, "the site differs:\n" + "\n".join(problems)


def test_sites_with_files_left_out_are_the_same_as_plain_mkdocs_builds(tmp_path: Path) -> None:
    """Files with errors are left out of both alike (a student whose plan itself is broken
    gets no site from plp build)."""
    plans = tmp_path / "plans"
    shutil.copytree(BROKEN, plans)
    assert_same_sites(plans, tmp_path, history=False)


def test_public_portfolios_are_the_same_as_plain_mkdocs_builds(tmp_path: Path) -> None:
    """plp publish builds with the same shared builder: the public portfolios of the demo
    students, each given consent to publish."""
    plans = (tmp_path / "plans").resolve()
    shutil.copytree(DEMO, plans)
    students = select_students(plans)
    for student in students:
        plan = plans / student / "plan.md"
        plan.write_text(
            plan.read_text(encoding="utf-8").replace("  portfolio: false\n", CONSENT),
            encoding="utf-8",
        )
    out = tmp_path / "public"
    out.mkdir()
    claim_sites_folder(out)
    builder = SiteBuilder(SiteOptions(plans=plans, out=out, today=TODAY, history=False,
                                      public=True))  # fmt: skip
    try:
        for student in students:
            builder.build(student)
    finally:
        builder.close()
    for student in students:
        reference = tmp_path / "reference" / student
        plain_mkdocs_build(plans, student, reference, tmp_path / "scratch", history=False,
                           public=True)  # fmt: skip
        problems = differences(reference, out / student)
        assert not problems, f"{student}'s public portfolio differs:\n" + "\n".join(problems)

"""A generated school's sites as a reader sees them, in headless Chromium: charts wide
enough to read, pages that fit a phone, dark mode that passes axe, a skip link and a
footer on every page, and a table of contents in page order."""

from __future__ import annotations

import functools
import html
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plp.demo.generator import GeneratedSchool, generate_school
from plp.sites import SiteOptions, build_sites

from .test_browser import QuietHandler, Visit

pytestmark = pytest.mark.browser
TODAY = "2027-01-20"
WCAG_AND_BEST_PRACTICE = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSchool:
    root = tmp_path_factory.mktemp("school")
    generated = generate_school(root, students=2, weeks=8, seed=11)
    report = build_sites(SiteOptions(plans=root / "plans", out=root / "sites", today=TODAY))
    assert not report.failed and not report.findings
    return generated


@pytest.fixture(scope="module")
def server(school: GeneratedSchool) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(school.root / "sites"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def every_page(school: GeneratedSchool) -> list[str]:
    """Every page of every student's site, as ``student/path.html``."""
    sites = school.root / "sites"
    return sorted(
        page.relative_to(sites).as_posix()
        for student in school.students
        for page in (sites / student).rglob("*.html")
    )


def open_page(browser: Any, url: str, width: int, scheme: str = "light") -> Visit:
    visit = Visit(browser)
    visit.page.close()
    visit.page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    visit.page.on("request", lambda request: visit.requests.append(request.url))
    visit.page.on("console", visit._console)
    visit.page.on("pageerror", lambda error: visit.errors.append(str(error)))
    visit.goto(url)
    return visit


CHART_SIZES = """() => [...document.querySelectorAll('svg.plp-chart')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')));
  return {width: svg.getBoundingClientRect().width, smallest: Math.min(...sizes) * scale};
})"""


def test_charts_are_wide_and_their_text_readable(
    school: GeneratedSchool, server: str, browser: Any
) -> None:
    checked = 0
    for width, least_width in ((1280, 600), (390, 0)):
        for student in school.students:
            visit = open_page(browser, f"{server}/{student}/growth.html", width)
            try:
                charts = visit.page.evaluate(CHART_SIZES)
                assert len(charts) >= 3, student
                for chart in charts:
                    assert chart["width"] >= least_width, (student, width, chart)
                    assert chart["smallest"] >= 12, (student, width, chart)
                    checked += 1
            finally:
                visit.close()
    assert checked >= 12


def test_chart_colours_follow_the_status_not_the_series_order(
    school: GeneratedSchool,
) -> None:
    """Each status has one colour on every student's charts, whatever comes before it."""
    colours: dict[str, set[str]] = {}
    for student in school.students:
        page = (school.root / "sites" / student / "growth.html").read_text(encoding="utf-8")
        for swatch in page.split('class="plp-swatch" style="background:')[1:]:
            colour, rest = swatch.split('"', 1)
            name = rest.removeprefix("></span>").split("<", 1)[0]
            colours.setdefault(name, set()).add(colour)
    assert colours["Done"] == {"#009e73"}
    assert colours["Not done yet"] == {"#7f7f7f"}  # grey: not done is not a colour of success
    assert colours["In progress"] == {"#0072b2"}
    assert all(len(found) == 1 for found in colours.values()), colours


def test_no_page_is_wider_than_a_phone(school: GeneratedSchool, server: str, browser: Any) -> None:
    wide = []
    visit = open_page(browser, f"{server}/{school.students[0]}/index.html", 390)
    try:
        for path in every_page(school):
            visit.goto(f"{server}/{path}")
            scroll = visit.page.evaluate("() => document.documentElement.scrollWidth")
            if scroll > 390:
                wide.append(f"{path}: {scroll} px")
    finally:
        visit.close()
    assert wide == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_in_light_and_dark_mode(
    scheme: str, school: GeneratedSchool, server: str, browser: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    failures: dict[str, list[str]] = {}
    visit = open_page(browser, f"{server}/{school.students[0]}/index.html", 1280, scheme)
    # every page in light mode; in dark mode, where only colours change, one student's
    pages = [p for p in every_page(school) if scheme == "light" or p.startswith(school.students[0])]
    try:
        for path in pages:
            visit.goto(f"{server}/{path}")
            results = Axe().run(
                visit.page, options={"runOnly": {"type": "tag", "values": WCAG_AND_BEST_PRACTICE}}
            )
            problems = [
                f"{v['id']}: {v['help']} (e.g. {v['nodes'][0]['html'][:100]})"
                for v in results.response["violations"]
            ]
            problems += [f"console: {error}" for error in visit.errors]
            problems += [f"asked {url}" for url in visit.requests if not url.startswith(server)]
            if problems:
                failures[path] = problems
    finally:
        visit.close()
    assert failures == {}


def test_every_page_has_a_skip_link_a_footer_and_its_contents_in_order(
    school: GeneratedSchool, server: str, browser: Any
) -> None:
    problems = []
    visit = open_page(browser, f"{server}/{school.students[0]}/index.html", 1280)
    try:
        for path in every_page(school):
            visit.goto(f"{server}/{path}")
            skip = visit.page.locator("a.md-skip")
            if (
                skip.count() != 1
                or not visit.page.locator(skip.get_attribute("href") or "#x").count()
            ):
                problems.append(f"{path}: no skip link to the content")
            footer = visit.page.inner_text("footer")
            if "private learning plan, last updated" not in footer:
                problems.append(f"{path}: footer says {footer!r}")
            order = visit.page.evaluate(
                """() => {
                  const targets = [...document.querySelectorAll(
                    '.md-sidebar--secondary nav.md-nav--secondary a')]
                    .map(a => document.getElementById(a.hash.slice(1)));
                  return targets.every((t, i) => t && (i === 0 ||
                    targets[i - 1].compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING));
                }"""
            )
            if not order:
                problems.append(f"{path}: table of contents not in page order")
    finally:
        visit.close()
    assert problems == []


def test_printed_pages_carry_the_students_name(school: GeneratedSchool) -> None:
    student = school.students[0]
    css = (school.root / "sites" / student / "assets" / "plp-print.css").read_text("utf-8")
    index = (school.root / "sites" / student / "index.html").read_text("utf-8")
    assert "assets/plp-print.css" in index
    assert "private learning plan" in css and "@top-left" in css
    other = school.root / "sites" / school.students[1] / "assets" / "plp-print.css"
    assert other.read_text("utf-8") != css  # each site names its own student


def test_the_weeks_schedule_stacks_by_day_on_a_phone(
    school: GeneratedSchool, server: str, browser: Any
) -> None:
    student = school.students[0]
    weeks = sorted((school.root / "sites" / student / "weeks").glob("*.html"))
    with_schedule = [w for w in weeks if 'class="plp-schedule"' in w.read_text(encoding="utf-8")]
    assert with_schedule
    visit = open_page(browser, f"{server}/{student}/weeks/{with_schedule[-1].name}", 390)
    try:
        cells = visit.page.locator(".plp-schedule td")
        boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
        assert len(boxes) >= 2
        lefts = {round(box["x"]) for box in boxes if box}
        assert len(lefts) == 1  # one above the other, not side by side
        assert "Monday" in visit.page.inner_text(".plp-schedule")
    finally:
        visit.close()


def test_the_timeline_tells_moments_and_folds_the_routine(school: GeneratedSchool) -> None:
    from plp.format.records import load_student

    student = school.students[0]
    page = (school.root / "sites" / student / "history.html").read_text(encoding="utf-8")
    record, _ = load_student(school.root / "plans", student)
    assert 'class="plp-routine' in page
    assert re.search(r"<summary>.*?(Finished|Moved|Added|Started) \d+ ", page)
    named = {
        html.unescape(name)
        for name in re.findall(r'plp-kind-evidence">.*?evidence: (.*?)\.</li>', page)
    }
    assert named & {e.title for e in record.evidence}, "no evidence named by its title"
    for evidence in record.evidence:  # never by its file, while the file is there
        assert evidence.path.stem.replace("-", " ") not in named
    assert page.count('class="plp-moment') > 0


def test_timeline_filters_hide_a_kind(school: GeneratedSchool, server: str, browser: Any) -> None:
    visit = open_page(browser, f"{server}/{school.students[0]}/history.html", 1280)
    try:
        routine = visit.page.locator(".plp-kind-routine").first
        assert routine.is_visible()
        visit.page.get_by_label("Weekly work").uncheck()
        assert not routine.is_visible()
        assert visit.page.locator(".plp-moment").first.is_visible()
    finally:
        visit.close()


def test_the_evidence_gallery_filters_and_opens_full_size_from_the_keyboard(
    school: GeneratedSchool, server: str, browser: Any
) -> None:
    student = school.students[0]
    visit = open_page(browser, f"{server}/{student}/evidence.html", 1280)
    try:
        cards = visit.page.locator("li.plp-evidence")
        assert cards.count() >= 2
        for alt in visit.page.eval_on_selector_all("img.plp-thumb", "i => i.map(x => x.alt)"):
            assert alt and not re.search(r"\.(svg|png|jpe?g|gif|webp)\b", alt, re.I), alt
        thumb = visit.page.locator("img.plp-thumb").first
        small = thumb.bounding_box()
        visit.page.locator(".plp-zoom summary").first.focus()
        visit.page.keyboard.press("Enter")
        large = thumb.bounding_box()
        assert small and large and large["width"] > small["width"] * 1.5
        first_kind = visit.page.locator(".plp-filters input").first
        first_kind.uncheck()
        hidden = visit.page.evaluate(
            "() => [...document.querySelectorAll('li.plp-evidence')]"
            ".filter(li => getComputedStyle(li).display === 'none').length"
        )
        assert hidden > 0  # the cards of the unchecked kind
    finally:
        visit.close()


def test_a_goal_page_shows_the_way_from_baseline_through_current_to_target(
    tmp_path: Path,
) -> None:
    """Ava records where she stands twice; her goal page says how far she has got and
    charts the measure from the baseline through each ``current`` to the target."""
    from .support import AVA_GIT, demo_repository
    from .support import git as run_git

    plans = demo_repository(tmp_path / "repo")
    plan = plans / "ava-martinez" / "plan.md"
    text = plan.read_text(encoding="utf-8")
    for value, when in (("74%", "2026-11-10T17:00:00-06:00"), ("79%", "2026-11-20T17:00:00-06:00")):
        text = re.sub(
            r'(    target: "85%"\n)(?:    current: "[0-9]+%"\n)?',
            rf'\1    current: "{value}"\n',
            text,
            count=1,
        )
        plan.write_text(text, encoding="utf-8")
        run_git(tmp_path / "repo", "commit", "-q", "-am", f"Now {value}", who=AVA_GIT, when=when)
    report = build_sites(
        SiteOptions(
            plans=plans, out=tmp_path / "sites", students=["ava-martinez"], today="2026-11-25"
        )
    )
    assert not report.failed and not report.findings
    page = (tmp_path / "sites" / "ava-martinez" / "goals" / "math-ch10.html").read_text("utf-8")
    assert "Now: 79%" in page and "(65% of the way)" in page  # (79 - 68) / (85 - 68)
    assert 'id="measure-math-ch10-title"' in page
    assert "From 68% when the goal was set to 79% on 20 November 2026" in page
    overview = (tmp_path / "sites" / "ava-martinez" / "index.html").read_text("utf-8")
    assert "Now: 79%" in overview  # the goal's card on the overview

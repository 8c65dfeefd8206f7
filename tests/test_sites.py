"""Students' portfolio sites: built for real with MkDocs and Material, then read back."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import git
import pytest

from plp.cli import main
from plp.demo.generator import GeneratedSchool, generate_school
from plp.format.records import load_student
from plp.sites import SiteOptions, build_sites

from .support import DEMO, RIVERA_GIT, SPEC_EXAMPLE, demo_repository
from .support import git as run_git

TODAY = "2026-11-25"
LOCAL_REF = re.compile(r'(?:href|src)="([^"#?]+)', re.IGNORECASE)
EXTERNAL = re.compile(
    r"""(?:<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//"""
    r"""|fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs|google-analytics""",
    re.IGNORECASE,
)


def site_text(
    site: Path, suffixes: tuple[str, ...] = (".html", ".json", ".xml", ".css", ".js")
) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix in suffixes
    )


def site_folders(out: Path) -> list[str]:
    """The students' sites in a sites folder (not plp's hidden build manifests)."""
    return sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSchool:
    """A dozen students with several weeks of history, and their sites built."""
    root = tmp_path_factory.mktemp("school")
    school = generate_school(root, students=12, weeks=6, seed=3)
    report = build_sites(SiteOptions(plans=root / "plans", out=root / "sites", today=TODAY))
    assert report.built == school.students
    assert not report.failed and not report.findings
    return school


def test_every_student_gets_a_site_with_their_own_plan(generated: GeneratedSchool) -> None:
    plans = generated.root / "plans"
    for student in generated.students:
        site = generated.root / "sites" / student
        assert (site / "index.html").is_file()
        record, findings = load_student(plans, student)
        assert not findings
        text = site_text(site, (".html",))
        assert record.plan.goals
        for goal in record.plan.goals:
            assert (site / "goals" / f"{goal.id}.html").is_file()
            assert goal.title in text
        for reflection in record.reflections:
            assert f'id="reflection-{reflection.path.stem}"' in text
        for evidence in record.evidence:
            assert f'id="evidence-{evidence.slug}"' in text


def test_no_site_holds_anything_of_another_student(generated: GeneratedSchool) -> None:
    plans = generated.root / "plans"
    records = {s: load_student(plans, s)[0] for s in generated.students}
    for student in generated.students:
        text = site_text(generated.root / "sites" / student)
        for other, record in records.items():
            if other == student:
                continue
            assert other not in text, f"{other}'s id is in {student}'s site"
            assert record.plan.name not in text, f"{other}'s name is in {student}'s site"


def test_no_email_address_or_login_appears(generated: GeneratedSchool) -> None:
    plans = generated.root / "plans"
    identities: set[str] = set()
    for student in generated.students:
        plan = (plans / student / "plan.md").read_text(encoding="utf-8")
        match = re.search(r"git: \[(.*?)\]", plan)
        assert match
        identities.update(part.strip() for part in match.group(1).split(","))
    school = (plans / "_school.yml").read_text(encoding="utf-8")
    identities.update(re.findall(r"[\w.+-]+@[\w.-]+", school))
    assert len(identities) > 20
    text = site_text(generated.root / "sites")
    for identity in identities:
        assert identity not in text


#: Material's script bundle names three hosts, each behind a condition no student site meets:
#: a ResizeObserver polyfill (browsers without ResizeObserver), mermaid (an element with
#: class "mermaid": students' HTML keeps no classes) and the GitHub API (``repo_url`` set).
DORMANT_IN_MATERIAL = (
    "https://unpkg.com/resize-observer-polyfill",
    "https://unpkg.com/mermaid@",
    "https://api.github.com/",
)


def test_no_file_asks_another_host_for_anything(generated: GeneratedSchool) -> None:
    bundles = 0
    for path in (generated.root / "sites").rglob("*"):
        if not (path.is_file() and path.suffix in (".html", ".css", ".js")):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.name.startswith("bundle.") and path.suffix == ".js":
            bundles += 1
            for dormant in DORMANT_IN_MATERIAL:
                text = text.replace(dormant, "")
        found = EXTERNAL.search(text)
        assert found is None, f"{path}: {found.group(0) if found else ''}"
        if path.suffix == ".html":
            assert "mermaid" not in text and "api.github.com" not in text
    assert bundles == len(generated.students)


def test_each_site_stands_alone(generated: GeneratedSchool, tmp_path: Path) -> None:
    """Copied anywhere on its own, every link and image of a site points into it."""
    student = generated.students[0]
    alone = tmp_path / "alone"
    shutil.copytree(generated.root / "sites" / student, alone)
    for page in alone.rglob("*.html"):
        for ref in LOCAL_REF.findall(page.read_text(encoding="utf-8")):
            if ref.startswith(("http:", "https:", "mailto:", "data:")):
                continue
            target = (page.parent / ref).resolve()
            assert target.is_relative_to(alone.resolve()), f"{page}: {ref} leaves the site"
            assert target.exists(), f"{page.relative_to(alone)}: {ref} does not exist"


def test_theme_assets_are_shared_not_copied(generated: GeneratedSchool) -> None:
    sites = generated.root / "sites"
    first, second = (sites / s for s in generated.students[:2])
    stylesheets = sorted((second / "assets" / "stylesheets").glob("main.*.css"))
    assert stylesheets
    assert stylesheets[0].stat().st_nlink > 1
    assert stylesheets[0].samefile(first / stylesheets[0].relative_to(second))


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def assert_no_injected_markup(page: str) -> None:
    """No element has an event handler, no image comes from the hostile text, and no
    script holds the hostile text."""
    parser = _Elements()
    parser.feed(page)
    for tag, attributes in parser.elements:
        assert not [name for name in attributes if name.startswith("on")], (tag, attributes)
        assert not (tag == "img" and attributes.get("src") == "x"), attributes
    assert not [script for script in parser.scripts if "alert" in script]


HOSTILE = '</title><script>alert("t")</script>"><img src=x onerror=alert(1)>'
#: Markup that validation lets through (no script, handler or script link) but that has
#: no place in a page: the sanitizer removes it.
UNWANTED = (  # <style> is a validation error (see test_content); these are only removed
    "<input autofocus value=typed><marquee>hi</marquee>"
    '<div class="mermaid">graph TD; A-->B</div><p id="__md_scope">clash</p>'
)


def test_hostile_text_never_becomes_markup(school: Path, tmp_path: Path) -> None:
    """Markup in names and titles is shown as text; unwanted HTML in a body is removed."""
    plan = school / "ava-martinez" / "plan.md"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("preferred_name: Ava", f"preferred_name: '{HOSTILE}'")
    text = text.replace("title: Score at least 85% on the Chapter 10 test", f"title: '{HOSTILE}'")
    plan.write_text(text + "\n" + UNWANTED + "\n", encoding="utf-8")
    evidence = school / "ava-martinez" / "evidence" / "factoring-notes.md"
    evidence.write_text(
        evidence.read_text(encoding="utf-8").replace(
            "title: Factoring notes with area models", f"title: '{HOSTILE}'"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "sites"
    report = build_sites(SiteOptions(plans=school, out=out, today=TODAY))
    assert report.built == ["ava-martinez"] and not report.findings
    page_text = site_text(out / "ava-martinez", (".html", ".json"))
    assert "alert(" in page_text  # the text is there, shown as text
    for page in (out / "ava-martinez").rglob("*.html"):
        assert_no_injected_markup(page.read_text(encoding="utf-8"))
    assert "&amp;#x27;" not in page_text and "&#x27;s learning plan" not in page_text
    html = (out / "ava-martinez" / "story.html").read_text(encoding="utf-8")
    story = html[html.index("<article") : html.index("</article>")]
    assert "clash" in story and "typed" not in story
    for bad in ("<input", "<marquee", 'class="mermaid"', 'id="__md_scope"'):
        assert bad not in story, bad


def test_a_body_with_a_script_is_left_out_of_the_site(school: Path, tmp_path: Path) -> None:
    reflection = school / "ava-martinez" / "reflections" / "2026-11-24.md"
    reflection.write_text(
        reflection.read_text(encoding="utf-8")
        + '\n<a href="jav&#x09;ascript:alert(1)">a prize</a>\n',
        encoding="utf-8",
    )
    report = build_sites(SiteOptions(plans=school, out=tmp_path / "out", today=TODAY))
    assert [f.code for f in report.findings["ava-martinez"]] == ["unsafe-html"]
    journal = (tmp_path / "out" / "ava-martinez" / "journal.html").read_text(encoding="utf-8")
    assert "a prize" not in journal and "No reflections yet." in journal


def test_hostile_markdown_is_sanitized_in_a_page(school: Path, tmp_path: Path) -> None:
    from plp.portfolio.markdown import render

    html = render(
        "Hi <iframe src='//x'></iframe><a href='javascript:alert(1)' onclick='x()'>a</a>"
        "<img src=y onerror=alert(1)><script>alert(2)</script><b>ok</b>"
    )
    assert "<b>ok</b>" in html
    for bad in ("iframe", "javascript:", "onclick", "onerror", "<script", "alert(2)"):
        assert bad not in html


def test_a_file_with_errors_is_left_out_and_reported(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reflection = school / "ava-martinez" / "reflections" / "2026-11-24.md"
    text = reflection.read_text().replace("kind: daily", "kind: dialy")
    reflection.write_text(text.replace("confidence: 3", "confidence: 9"))
    out = tmp_path / "out"
    status = main(["build", "--plans", str(school), "--out", str(out), "--today", TODAY])
    captured = capsys.readouterr()
    assert status == 1
    assert "Built 1 of 1 sites" in captured.out
    assert "; 1 file with 2 errors was left out (run plp validate)." in captured.out
    journal = (out / "ava-martinez" / "journal.html").read_text(encoding="utf-8")
    assert "No reflections yet." in journal
    assert (out / "ava-martinez" / "index.html").is_file()


def test_shards_split_the_school_without_overlap(
    generated: GeneratedSchool, tmp_path: Path
) -> None:
    plans = generated.root / "plans"
    built: list[str] = []
    for number in (1, 2, 3):
        out = tmp_path / f"shard{number}"
        assert main(["build", "--plans", str(plans), "--out", str(out), "--shard", f"{number}/3",
                     "--today", TODAY]) == 0  # fmt: skip
        built += site_folders(out)
    assert sorted(built) == sorted(generated.students)


@pytest.fixture
def repo_school(tmp_path: Path) -> Iterator[tuple[git.Repo, Path]]:
    repo = git.Repo.init(tmp_path / "repo", initial_branch="main")
    plans = Path(repo.working_dir) / "plans"
    shutil.copytree(DEMO, plans)
    repo.git.add(all=True)
    repo.git.commit(message="Plans")
    with repo:  # GitPython keeps git processes open until the repository is closed
        yield repo, plans


def test_changed_since_builds_only_the_students_whose_files_changed(
    repo_school: tuple[git.Repo, Path], tmp_path: Path
) -> None:
    repo, plans = repo_school
    reflection = plans / "jonah-lee" / "reflections" / "2026-11-30.md"
    reflection.write_text(
        "---\ndate: 2026-11-30\nkind: daily\n---\nA new reflection, not committed yet.\n"
    )
    out = tmp_path / "out"
    argv = ["build", "--plans", str(plans), "--out", str(out), "--today", TODAY]
    assert main([*argv, "--changed-since", "HEAD"]) == 0
    assert site_folders(out) == ["jonah-lee"]
    school_file = plans / "_school.yml"
    school_file.write_text(school_file.read_text() + "\n", encoding="utf-8")
    repo.git.add(all=True)
    repo.git.commit(message="Touch the school file")
    assert main([*argv, "--changed-since", "HEAD~1"]) == 0
    assert len(site_folders(out)) == 5  # a school-wide change: everyone


def test_two_processes_build_the_same_sites_as_one(school: Path, tmp_path: Path) -> None:
    shutil.copytree(DEMO / "jonah-lee", school / "jonah-lee")
    shutil.copy(DEMO / "_school.yml", school / "_school.yml")
    one, two = tmp_path / "one", tmp_path / "two"
    build_sites(SiteOptions(plans=school, out=one, today=TODAY))
    report = build_sites(SiteOptions(plans=school, out=two, today=TODAY, jobs=2))
    assert report.built == ["ava-martinez", "jonah-lee"]
    for page in sorted(one.rglob("*.html")):
        assert page.read_bytes() == (two / page.relative_to(one)).read_bytes(), page


def test_the_spec_example_builds(school: Path, tmp_path: Path) -> None:
    # A copy (``school``): the example in tests/data is inside this project's repository,
    # whose history (shallow in a CI checkout) is not the example's.
    out = tmp_path / "out"
    report = build_sites(SiteOptions(plans=school, out=out, today=TODAY))
    assert report.built == ["ava-martinez"] and not report.findings
    week = (out / "ava-martinez" / "weeks" / "2026-W48.html").read_text(encoding="utf-8")
    assert "1 of 3 required activities done (33%)" in week


def test_a_shallow_clone_stops_plp_build_with_the_fix(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    demo_repository(origin)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)],
                   check=True, capture_output=True)  # fmt: skip
    argv = ["build", "--plans", str(clone / "plans"), "--out", str(tmp_path / "out"),
            "--student", "ava-martinez", "--today", TODAY]  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "plp", *argv], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 2
    assert "fetch-depth: 0" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out" / "ava-martinez").exists()
    assert main([*argv, "--allow-shallow"]) == 0
    timeline = (tmp_path / "out" / "ava-martinez" / "history.html").read_text(encoding="utf-8")
    assert "This history is incomplete" in timeline
    # Neither build changed, added or removed anything in the clone's plans.
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--", "plans"],
        cwd=clone, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert status.stdout == ""


def test_each_run_in_one_process_reads_the_history_of_its_own_plans(tmp_path: Path) -> None:
    """A process that builds twice (a test suite, a long-lived tool) shows each run the
    history of the plans it builds, as of their HEAD: never an earlier run's."""
    first, second = demo_repository(tmp_path / "a"), demo_repository(tmp_path / "b")
    plan = second / "ava-martinez" / "plan.md"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("deadline: 2026-12-12", "deadline: 2026-12-19", 1), "utf-8")
    run_git(tmp_path / "b", "commit", "-q", "-am", "Another week for chapter 10",
            who=RIVERA_GIT, when="2026-12-01T08:00:00-06:00")  # fmt: skip

    def history(plans: Path, out: Path) -> str:
        argv = ["build", "--plans", str(plans), "--out", str(out), "--jobs", "1",
                "--student", "ava-martinez", "--today", "2026-12-02"]  # fmt: skip
        assert main(argv) == 0
        return (out / "ava-martinez" / "history.html").read_text(encoding="utf-8")

    assert "19 December 2026" not in history(first, tmp_path / "out-a")
    assert "to 19 December 2026" in history(second, tmp_path / "out-b")
    # The first plans move on (HEAD moves): the next run in the same process sees it.
    plan = first / "ava-martinez" / "plan.md"
    plan.write_text(text.replace("deadline: 2026-12-12", "deadline: 2026-12-16", 1), "utf-8")
    run_git(tmp_path / "a", "commit", "-q", "-am", "Two more days",
            who=RIVERA_GIT, when="2026-12-01T09:00:00-06:00")  # fmt: skip
    again = history(first, tmp_path / "out-a")
    assert "to 16 December 2026" in again and "19 December 2026" not in again


def test_processes_forked_after_a_build_read_history_through_their_own_git(
    tmp_path: Path,
) -> None:
    """A build in worker processes, after one in this process: each worker reads old
    plans through a Git process of its own, never through the pipe it inherited (shared,
    the answers would interleave and a build could wait forever)."""
    plans = demo_repository(tmp_path / "school")
    argv = ["build", "--plans", str(plans), "--today", "2026-12-02"]
    assert main([*argv, "--out", str(tmp_path / "one"), "--jobs", "1"]) == 0
    alarm = getattr(signal, "SIGALRM", None)
    if alarm is not None:  # a build that waits forever fails here instead
        signal.signal(alarm, lambda *_: pytest.fail("the build in two processes hung"))
        signal.alarm(300)
    try:
        assert main([*argv, "--out", str(tmp_path / "two"), "--jobs", "2"]) == 0
    finally:
        if alarm is not None:
            signal.alarm(0)
    for student in site_folders(tmp_path / "one"):
        page = "then-and-now.html"
        one = (tmp_path / "one" / student / page).read_text(encoding="utf-8")
        assert (tmp_path / "two" / student / page).read_text(encoding="utf-8") == one


def test_images_come_only_from_the_site_and_svg_is_never_a_file(
    school: Path, tmp_path: Path
) -> None:
    from plp.portfolio.markdown import render

    html = render("![a](https://tracker.example/p.png) ![b](//x.example/q.png) ![c](files/ok.png)")
    assert "tracker.example" not in html and "x.example" not in html
    assert 'src="files/ok.png"' in html
    report = build_sites(SiteOptions(plans=school, out=tmp_path / "out", today=TODAY))
    assert report.built == ["ava-martinez"] and not report.failed
    site = tmp_path / "out" / "ava-martinez"
    assert not list((site / "files").glob("*.svg"))  # shown inside <img> only, never a file
    page = (site / "evidence.html").read_text(encoding="utf-8")
    assert 'src="data:image/svg+xml;base64,' in page


def test_a_day_that_is_not_one_is_a_usage_error(
    school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        ["build", "--plans", str(school), "--out", str(tmp_path), "--today", "2026-13-01"]
    )
    assert status == 2
    assert "--today" in capsys.readouterr().err


def test_a_week_with_a_plan_per_area_is_one_page_showing_each_plan(tmp_path: Path) -> None:
    """Two teachers hand out their own plan for week 49; both are shown, on one page, and
    the history names each file."""
    plans = tmp_path / "plans"
    shutil.copytree(SPEC_EXAMPLE, plans)
    run_git(tmp_path, "init", "-q", "--initial-branch=main")
    run_git(tmp_path, "add", "-A")
    run_git(tmp_path, "commit", "-q", "-m", "Plans", when="2026-11-20T08:00:00-06:00")
    weeks = plans / "ava-martinez" / "weeks"
    for area, activity, when in (
        ("math", "Factoring practice set", "2026-11-30T08:00:00-06:00"),
        ("ela", "Read chapter 3 of the novel", "2026-11-30T09:00:00-06:00"),
    ):
        (weeks / f"2026-W49-{area}.md").write_text(
            f"---\nweek: 2026-W49\nareas: [{area}]\nactivities:\n  - id: work\n"
            f"    title: {activity}\n    mode: async\n    status: todo\n---\n"
            f"Notes from the {area} teacher.\n",
            encoding="utf-8",
        )
        run_git(tmp_path, "add", "-A")
        run_git(tmp_path, "commit", "-q", "-m", f"Week 49 in {area}", who=RIVERA_GIT, when=when)
    out = tmp_path / "out"
    report = build_sites(SiteOptions(plans=plans, out=out, today="2026-12-01"))
    assert report.built == ["ava-martinez"] and not report.findings and not report.failed
    site = out / "ava-martinez"
    assert sorted(p.name for p in (site / "weeks").glob("2026-W49*")) == ["2026-W49.html"]
    page = (site / "weeks" / "2026-W49.html").read_text(encoding="utf-8")
    for text in (
        "Factoring practice set",
        "Read chapter 3 of the novel",
        "Notes from the math teacher.",
        "Notes from the ELA teacher.".replace("ELA", "ela"),
        "math: Activities",
        "ela: Activities",
    ):
        assert text in page, text
    index = (site / "weeks" / "index.html").read_text(encoding="utf-8")
    assert index.count("2026-W49.html") == 1
    assert "ela, math" in index and "0 of 2 done" in index
    history = (site / "history.html").read_text(encoding="utf-8")
    assert "started the plan for the week of 30 November 2026 (math)" in history
    assert "started the plan for the week of 30 November 2026 (ela)" in history

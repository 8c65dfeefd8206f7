"""``plp demo``: a demo school with a named, deterministic history, and README's command.

The demo is made and built once per module by the very commands README's opening block
runs, in a temporary folder; each test then looks at what a user would look at.
"""

from __future__ import annotations

import html
import os
import re
import shlex
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from .support import ROOT, SPEC_EXAMPLE

DEMO_STAFF = {"Dana Rivera", "Ines Valcourt", "Teodora Brennan", "Kofi Adeyemi"}


def plp(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plp", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


def readme_commands() -> tuple[list[str], list[str], str]:
    """README's ``plp demo`` and ``plp build`` commands, and the page its next sentence
    says to open."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert block
    first = next(line for line in block.group(1).splitlines() if line and line[0] != "#")
    steps = [shlex.split(part) for part in first.split("&&")]
    demo = next(s for s in steps if s[0].endswith("plp") and s[1] == "demo")
    build = next(s for s in steps if s[0].endswith("plp") and s[1] == "build")
    after = readme[block.end() :]
    page = re.search(r"Open\s+`([^`]+\.html)`", after)
    assert page, "the sentence after the commands names the page to open"
    return demo[1:], build[1:], page.group(1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder where README's demo and build commands ran; README's page is in it."""
    where = tmp_path_factory.mktemp("readme")
    demo_args, build_args, _ = readme_commands()
    made = plp(*demo_args, cwd=where)
    assert made.returncode == 0, made.stderr
    built = plp(*build_args, cwd=where)
    assert built.returncode == 0, built.stdout + built.stderr
    return where


@pytest.fixture(scope="module")
def repo(demo: Path) -> Path:
    demo_args, _, _ = readme_commands()
    return demo / demo_args[1]


def page_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def timeline_items(path: Path) -> list[str]:
    """The sentences of a timeline page, as a reader sees them: the moments, and each
    change folded in a week's routine (not the routine's one-line summary)."""
    text = path.read_text(encoding="utf-8")
    article = text[text.index("<article") :]
    return [
        html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<span class="plp-tag">.*?</span> ', "", li)))
        for li in re.findall(r'<li(?: class="plp-moment[^"]*")?>(.*?)</li>', article, re.S)
    ]


def test_the_readme_command_builds_the_page_it_names(demo: Path) -> None:
    _, build_args, page = readme_commands()
    out = Path(build_args[build_args.index("--out") + 1])
    assert not out.parts or out.parts[0] != "site", "the README must not rely on site/"
    assert (demo / page).is_file()
    assert "Timeline" in page_text(demo / page)


def test_timelines_name_people_over_six_months(demo: Path) -> None:
    _, _, page = readme_commands()
    ava = timeline_items(demo / page)
    assert any(line.split(": ", 1)[1].startswith("Ava ") for line in ava)
    assert any("Dana Rivera extended the deadline of Score at least 85%" in line for line in ava)
    assert any("Dana Rivera marked Finish the six fractions" in line and "dropped" in line
               for line in ava)  # fmt: skip
    sites = (demo / page).parents[1]
    students = {"jonah-lee": "Jonah", "noor-halvorsen": "Noor", "rosalind-quill": "Roz",
                "theo-brightwater": "Theo", "ava-martinez": "Ava"}  # fmt: skip
    staff_named: set[str] = set()
    for student, name in students.items():
        items = timeline_items(sites / student / "history.html")
        assert items and not any("Someone" in line for line in items), student
        assert sum(line.split(": ", 1)[1].startswith(f"{name} ") for line in items) >= 5
        staff_named |= {s for s in DEMO_STAFF for line in items if f": {s} " in line}
        days = [datetime.strptime(line.split(": ", 1)[0], "%d %B %Y").date() for line in items]
        assert (max(days) - min(days)).days >= 183, student
        assert max(days) <= date(2026, 11, 29)
    assert staff_named == DEMO_STAFF


def test_then_and_now_and_growth_show_the_year(demo: Path) -> None:
    sites = (demo / readme_commands()[2]).parent
    then = page_text(sites / "then-and-now.html")
    assert "Then (24 August 2026)" in then
    assert "Join the robotics team and help build this season's robot (In progress)" in then
    assert "Join the robotics team and help build this season's robot (Met) (changed)" in then
    growth = (sites / "growth.html").read_text(encoding="utf-8")
    months = re.findall(r'<th scope="row">([A-Z][a-z]+ \d{4})</th>', growth)
    assert months[0] == "March 2026" and "November 2026" in months


def test_ava_ends_in_the_spec_example(repo: Path) -> None:
    ours = repo / "plans" / "ava-martinez"
    theirs = SPEC_EXAMPLE / "ava-martinez"
    files = sorted(p.relative_to(theirs) for p in theirs.rglob("*") if p.is_file())
    assert sorted(p.relative_to(ours) for p in ours.rglob("*") if p.is_file()) == files
    for rel in files:
        assert (ours / rel).read_bytes() == (theirs / rel).read_bytes(), rel


def test_the_demo_plans_are_valid_and_the_tree_clean(repo: Path) -> None:
    done = plp("validate", "plans", cwd=repo)
    assert done.returncode == 0, done.stdout
    assert git(repo, "status", "--porcelain") == ""  # the sites and the cache are ignored
    assert git(repo, "branch", "--format=%(refname:short)") == "main"


def test_every_version_of_avas_files_is_valid(repo: Path, tmp_path: Path) -> None:
    """Her scripted history is a story of valid plans, not only its end."""
    from plp.check.checker import validate

    commits = git(repo, "log", "--format=%H", "--", "plans/ava-martinez").splitlines()
    assert len(commits) >= 15
    for commit in commits:
        tree = tmp_path / commit
        tree.mkdir()
        paths = ["plans/_school.yml", "plans/ava-martinez"]
        archive = subprocess.run(["git", "archive", commit, *paths], cwd=repo,
                                 capture_output=True, check=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        result = validate(tree / "plans", [tree / "plans" / "ava-martinez"], jobs=1)
        assert result.ok, (commit, result.findings[:3])


def test_everyone_in_the_history_is_named_in_the_plans(repo: Path) -> None:
    school = yaml.safe_load((repo / "plans" / "_school.yml").read_text(encoding="utf-8"))
    known = {s["git"][0]: s["name"] for s in school["staff"]}
    for plan in (repo / "plans").glob("*/plan.md"):
        student = yaml.safe_load(plan.read_text(encoding="utf-8").split("---\n")[1])["student"]
        known[student["git"][0]] = student["name"]
    people = git(repo, "log", "--format=%an|%ae|%cn|%ce").splitlines()
    for line in set(people):
        author, email, committer, committer_email = line.split("|")
        assert known.get(email) == author, line
        assert known.get(committer_email) == committer, line


def test_pull_requests_hand_outs_and_staff_edits(repo: Path) -> None:
    school = yaml.safe_load((repo / "plans" / "_school.yml").read_text(encoding="utf-8"))
    teachers = {s["name"] for s in school["staff"] if "teacher" in s["roles"]}
    merges = git(repo, "log", "--merges", "--format=%P|%an|%s").splitlines()
    assert len(merges) > 100
    for merge in merges:
        parents, who, subject = merge.split("|")
        assert len(parents.split()) == 2
        assert who in teachers
        assert re.fullmatch(r"Merge pull request #\d+ from [\w-]+/[\w-]+", subject), subject
    hand_outs = git(repo, "log", "--first-parent", "--format=%ad|%an|%s",
                    "--date=format:%a %H", "--grep=^Hand out").splitlines()  # fmt: skip
    assert len(hand_outs) > 50
    assert all(h.startswith("Mon 07|") and h.split("|")[1] in teachers for h in hand_outs)
    dates = git(repo, "log", "--format=%as").splitlines()
    assert min(dates) == "2026-03-02" and "2026-11-25" <= max(dates) <= "2026-11-29"
    moved = git(repo, "log", "--first-parent", "--no-merges", "--format=%an", "-G", "deadline:",
                "--", "plans/ava-martinez/plan.md").splitlines()  # fmt: skip
    assert "Dana Rivera" in moved


def test_same_commits_every_run(tmp_path: Path, repo: Path) -> None:
    again = plp("demo", "again", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert git(tmp_path / "again", "rev-parse", "HEAD") == git(repo, "rev-parse", "HEAD")
    assert git(tmp_path / "again", "ls-tree", "-r", "HEAD") == git(repo, "ls-tree", "-r", "HEAD")


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "school").mkdir()
    (tmp_path / "school" / "notes.md").write_text("mine", encoding="utf-8")
    done = plp("demo", "school", cwd=tmp_path)
    assert done.returncode == 2
    assert "school is not empty" in done.stderr and "Traceback" not in done.stderr
    assert [p.name for p in (tmp_path / "school").iterdir()] == ["notes.md"]
    assert (tmp_path / "school" / "notes.md").read_text(encoding="utf-8") == "mine"
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    done = plp("demo", "file", cwd=tmp_path)
    assert done.returncode == 2 and "is a file" in done.stderr
    assert (tmp_path / "file").read_text(encoding="utf-8") == "mine"


def test_says_so_when_git_is_missing(tmp_path: Path) -> None:
    empty = tmp_path / "no-git"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty)}
    done = plp("demo", "school", cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert "needs Git" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "school").exists()


def test_gitignore_lists_the_demo_folder() -> None:
    demo_args, _, _ = readme_commands()
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert f"{demo_args[1]}/" in ignored


def test_no_site_shows_an_address_a_login_or_another_student(repo: Path, demo: Path) -> None:
    sites = (demo / readme_commands()[2]).parents[1]
    secrets = {"mapleridge.example"}
    names: dict[str, str] = {}
    for plan in (repo / "plans").glob("*/plan.md"):
        student = yaml.safe_load(plan.read_text(encoding="utf-8").split("---\n")[1])["student"]
        secrets.add(student["git"][1])
        names[student["id"]] = student["name"]
    for site in sites.iterdir():
        others = [name for sid, name in names.items() if sid != site.name]
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert not [s for s in secrets if s in text], page
            assert not [n for n in others if n in text], page

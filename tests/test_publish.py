"""plp publish and plp leaks: a public portfolio shows only what may become public, is
refused without consent, and a site that would hold private data is never written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from plp.cli import main
from plp.demo.generator import generate_school
from plp.publish.leaks import comparable, private_secrets, public_text, school_records
from plp.publish.public import public_record, publish_problems
from plp.sites import SiteOptions, build_sites

from .support import SPEC_EXAMPLE, copy_student

CONSENT = "  portfolio: true\n  consent: {by: parent, name: Maria Martinez, date: 2026-11-01}\n"
TODAY = "2026-11-28"


def site_text(site: Path) -> str:
    """Every file of a site, as one text (undecodable bytes replaced)."""
    return "\n".join(
        path.read_bytes().decode("utf-8", errors="replace")
        for path in sorted(site.rglob("*"))
        if path.is_file()
    )


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """The spec's example student, who has asked to publish and has her parent's consent;
    her conference notes say visibility: public (they must stay private anyway)."""
    plans = tmp_path / "plans"
    shutil.copytree(SPEC_EXAMPLE, plans)
    plan = plans / "ava-martinez" / "plan.md"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("  portfolio: false\n", CONSENT),
        encoding="utf-8",
    )
    for name in ["conferences/2026-10-02.md", "feedback/2026-11-25.md"]:
        path = plans / "ava-martinez" / name
        text = path.read_text(encoding="utf-8")
        if "visibility:" in text:
            text = re.sub(r"visibility: \w+", "visibility: public", text)
        else:
            text = text.replace("\n---\n", "\nvisibility: public\n---\n", 1)
        path.write_text(text, encoding="utf-8")
    return plans


def publish(plans: Path, out: Path, student: str = "ava-martinez") -> int:
    return main(["publish", student, "--out", str(out), "--plans", str(plans), "--today", TODAY])


def test_public_portfolio_shows_public_items_only(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "public" / "ava"
    assert publish(plans, out) == 0
    text = site_text(out)
    # What may become public is there: public goals, public evidence with its file, the
    # story, preferred name, interests, aspirations, strengths.
    for shown in [
        "Score at least 85% on the Chapter 10 test",
        "Join the robotics team",
        "Factoring notes with area models",
        "I like to understand how things work",
        "Ava",
        "robotics",
        "Study mechanical engineering",
        "Hands-on problem solving",
    ]:
        assert shown in text, shown
    assert (out / "goals" / "math-ch10.html").is_file()
    # the public evidence, with its picture (an SVG is shown inline, never served as a file)
    assert "Factoring notes with area models" in text and "data:image/svg+xml;base64," in text
    # What never becomes public is not, whatever its visibility says.
    for hidden in [
        "Turn in every ELA essay",  # a private goal
        "Fractions and ratios",  # growth areas
        "extended time on tests",  # supports
        "68%",  # a baseline
        "Ava led the conference",  # conference notes (marked public)
        "Check the planner at advisory",  # a conference decision
        "Maria Martinez",  # the consent
        "ava.martinez@students.mapleridge.example",
        "avamtz",  # a login
        "Martinez",  # her full name: only the preferred name is public
        "Factoring finally clicked",  # a private reflection
        "Finish the practice set by Thursday",  # a private week
        "Dana Rivera",  # staff
    ]:
        assert hidden not in text, hidden
    feedback = (plans / "ava-martinez" / "feedback" / "2026-11-25.md").read_text("utf-8")
    assert feedback.split("---")[-1].strip().splitlines()[0][:40] not in text
    for page in ["conversations.html", "history.html", "then-and-now.html", "growth.html"]:
        assert not (out / page).exists(), page
    # It deploys anywhere static: every link is relative, nothing asks another host.
    pages = [p.read_text("utf-8") for p in out.rglob("*.html")]
    links = [link for page in pages for link in re.findall(r'(?:href|src)="([^"]*)"', page)]
    assert links
    assert not [link for link in links if link.startswith(("/", "http:", "https:", "//"))]


def test_publish_refuses_without_consent(plans: Path, tmp_path: Path, capsys: Any) -> None:
    plan = plans / "ava-martinez" / "plan.md"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(re.sub(r"  consent: .*\n", "", text), encoding="utf-8")
    out = tmp_path / "public" / "ava"
    assert publish(plans, out) == 1
    error = capsys.readouterr().err
    assert "ava-martinez/plan.md: publish.consent is missing" in error
    assert "Fix:" in error
    assert not out.exists()


def test_publish_refuses_without_the_students_wish(
    plans: Path, tmp_path: Path, capsys: Any
) -> None:
    plan = plans / "ava-martinez" / "plan.md"
    text = plan.read_text(encoding="utf-8").replace("portfolio: true", "portfolio: false")
    plan.write_text(text, encoding="utf-8")
    assert publish(plans, tmp_path / "out") == 1
    assert "publish.portfolio is not true" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_leak_fails_the_publish_and_names_file_and_field(
    plans: Path, tmp_path: Path, capsys: Any
) -> None:
    other = copy_student(plans, "ava-martinez", "ben-okafor")
    plan = other / "plan.md"
    plan.write_text(
        plan.read_text("utf-8").replace("name: Ava Martinez", "name: Benedict Okafor"), "utf-8"
    )
    ava = plans / "ava-martinez" / "plan.md"
    ava.write_text(
        ava.read_text("utf-8").replace("# My story\n", "# My story\n\nMy friend Benedict Okafor "),
        encoding="utf-8",
    )
    out = tmp_path / "public" / "ava"
    out.mkdir(parents=True)
    (out / "old.txt").write_text("kept", encoding="utf-8")  # not plp's: left alone, refused
    assert publish(plans, out) == 2
    shutil.rmtree(out)
    assert publish(plans, out) == 1
    error = capsys.readouterr().err
    assert "story.html: holds another student's data (ben-okafor)" in error
    assert "ben-okafor/plan.md student.name" in error
    assert not out.exists()  # a leaking portfolio never reaches its destination


def test_publish_again_replaces_the_portfolio(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "public" / "ava"
    assert publish(plans, out) == 0
    story = plans / "ava-martinez" / "plan.md"
    story.write_text(story.read_text("utf-8") + "\nA new line for my story.\n", "utf-8")
    assert publish(plans, out) == 0
    assert "A new line for my story." in (out / "story.html").read_text("utf-8")
    assert [p.name for p in out.parent.iterdir()] == ["ava"]  # no staging left behind


def test_generated_school_publishes_every_consenting_student(tmp_path: Path) -> None:
    generate_school(tmp_path / "school", students=12, weeks=4, seed=5, history=False)
    plans = tmp_path / "school" / "plans"
    records = school_records(plans)
    consenting = [s for s, r in records.items() if not publish_problems(r.plan)]
    assert consenting, "the generated school has students with consent"
    for student in consenting:
        out = tmp_path / "public" / student
        assert publish(plans, out, student) == 0, student
        text = comparable(site_text(out))
        record = records[student]
        for reflection in record.reflections:
            first = comparable(reflection.text.splitlines()[0])
            if reflection.visibility == "public":
                assert first in text
        for goal in record.plan.goals:
            if goal.visibility == "public":
                assert comparable(goal.title) in text
        own_public = f" {public_text(public_record(record))} "  # the student's public words
        for secret in private_secrets(record):  # checked here too, on the whole site
            if secret.identity or f" {secret.text} " not in own_public:
                assert f" {secret.text} " not in f" {text} ", secret.field
        for other, other_record in records.items():
            if other != student:
                assert comparable(other_record.plan.name) not in text
                for address in other_record.plan.git:
                    assert comparable(address) not in text
    # Without the consent, publishing fails with a clear message.
    plan = plans / consenting[0] / "plan.md"
    plan.write_text(re.sub(r"(?m)^  consent:.*\n(    .*\n)*", "", plan.read_text("utf-8")), "utf-8")
    assert publish(plans, tmp_path / "again", consenting[0]) == 1


def test_plp_leaks_finds_another_students_words_in_a_private_site(
    plans: Path, tmp_path: Path, capsys: Any
) -> None:
    copy_student(plans, "ava-martinez", "ben-okafor")
    ben = plans / "ben-okafor" / "plan.md"
    ben.write_text(ben.read_text("utf-8").replace("Ava Martinez", "Benedict Okafor"), "utf-8")
    for reflection in (plans / "ben-okafor" / "reflections").iterdir():
        reflection.write_text(
            reflection.read_text("utf-8").replace("Factoring finally", "Graphing suddenly"),
            "utf-8",
        )
    sites = tmp_path / "sites"
    build_sites(SiteOptions(plans=plans, out=sites, history=False, today=TODAY))
    args = ["leaks", "--plans", str(plans), "--sites", str(sites)]
    assert main(args) == 0
    assert "Checked 2 sites" in capsys.readouterr().out
    # A site that holds Ben's words (as a builder that mixed up students would make it):
    # found, with the file and the field they came from.
    journal = sites / "ava-martinez" / "journal.html"
    ben_words = "Graphing suddenly clicked when I drew the area model."
    journal.write_text(journal.read_text("utf-8") + f"<p>{ben_words}</p>", "utf-8")
    assert main(args) == 1
    output = capsys.readouterr().out
    assert "ava-martinez/journal.html: holds another student's data (ben-okafor)" in output
    assert "ben-okafor/reflections/2026-11-24.md" in output


def _workflow_step(name: str) -> str:
    import yaml

    from .support import ROOT

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text("utf-8"))
    assert set(workflow[True]) == {"workflow_dispatch"}  # only when someone runs it
    (step,) = [s for s in workflow["jobs"]["publish"]["steps"] if s.get("name") == name]
    run = step["run"]
    assert isinstance(run, str)
    return run


def _bash(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd, env={**os.environ, **env, "PATH": path}, capture_output=True, text=True,
        check=False,
    )  # fmt: skip


def test_the_publish_workflow_runs_for_staff_only_and_publishes(
    plans: Path, tmp_path: Path
) -> None:
    repo = plans.parent
    gate = _workflow_step("Refuse anyone who is not staff")
    refused = _bash(gate, repo, ACTOR="avamtz")  # the student herself
    assert refused.returncode == 1
    assert "::error title=Only staff may publish::avamtz is not a staff member" in refused.stdout
    assert _bash(gate, repo, ACTOR="DRivera").returncode == 0  # logins ignore case
    build = _workflow_step("Build the public portfolio, checked for leaks")
    done = _bash(build, repo, STUDENT="ava-martinez", SOURCE_DATE_EPOCH="1795000000")
    assert done.returncode == 0, done.stderr
    assert (repo / "public-portfolio" / "ava-martinez" / "index.html").is_file()
    bad = _bash(build, repo, STUDENT="../ava-martinez", SOURCE_DATE_EPOCH="1795000000")
    assert bad.returncode == 2

"""Each option of the ``plp`` MkDocs plugin (``PlpConfig``) does what its comment says, in
a real ``mkdocs build`` of a school's repository. (``students_dir``, removed, is tested in
``test_outputs.py``; ``plp build`` and ``plp serve`` set ``student`` and ``live``, and ``plp
publish`` sets ``public``, tested in ``test_publish.py``; encrypted sites are tested in a
browser in ``test_encrypt.py``.)"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plp.site_mkdocs.plugin import PlpConfig

from .support import git
from .test_outputs import STUDENT, project, run  # noqa: F401 - project is a fixture

OPTIONS = {"plans", "student", "sites", "students_dir", "build_students", "today", "history",
           "allow_shallow", "live", "public", "encrypt", "passphrases", "editor_url"}  # fmt: skip


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(page: Path) -> str:
    """A built page's text as a reader sees it."""
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def configure(root: Path, **options: str) -> None:
    """Set options of the plp plugin in ``root/mkdocs.yml`` (replacing those written)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for name, value in options.items():
        line = re.compile(rf"^(      ){name}:.*$", re.MULTILINE)
        if line.search(text):
            text = line.sub(rf"\g<1>{name}: {value}", text)
        else:
            text = text.replace("  - plp:\n", f"  - plp:\n      {name}: {value}\n", 1)
    config.write_text(text, encoding="utf-8")


def mkdocs_build(root: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = run(cwd or root, "mkdocs", "build", "-f", str(root / "mkdocs.yml"))
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_these_tests_cover_every_option() -> None:
    assert {name for name, _ in PlpConfig._schema} == OPTIONS


def test_plans_and_sites_are_relative_to_mkdocs_yml_not_the_working_directory(
    project: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    shutil.move(project / "plans", project / "school-plans")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Move the plans")
    configure(project, plans="school-plans", sites="out/students")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = mkdocs_build(project, cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert (project / "out" / "students" / STUDENT / "index.html").is_file()
    assert list(elsewhere.iterdir()) == []


def test_a_missing_plans_folder_stops_the_build_when_the_config_loads(
    project: Path,  # noqa: F811
) -> None:
    configure(project, plans="nowhere")
    done = mkdocs_build(project)
    assert done.returncode != 0
    message = " ".join(done.stderr.split())
    assert f"there is no plans folder at {project / 'nowhere'}" in message
    assert "Set 'plans' to the folder" in message
    assert not (project / "site").exists()  # stopped before anything was built


def test_build_students_false_builds_only_the_docs(project: Path) -> None:  # noqa: F811
    configure(project, build_students="false")
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr
    assert (project / "site" / "index.html").is_file()
    assert not (project / "private-sites").exists()


def test_today_decides_what_is_due(project: Path) -> None:  # noqa: F811
    overview = project / "private-sites" / STUDENT / "index.html"
    configure(project, today="2026-12-12")  # the math goal's deadline
    assert mkdocs_build(project).returncode == 0
    assert "due today" in text_of(overview)
    configure(project, today="2026-12-10")
    assert mkdocs_build(project).returncode == 0
    assert "due in 2 days" in text_of(overview)
    configure(project, today="'2026-13-01'")
    done = mkdocs_build(project)
    assert done.returncode != 0 and "must be YYYY-MM-DD, not '2026-13-01'" in done.stderr


def test_editor_url_links_each_site_to_the_web_editor(project: Path) -> None:  # noqa: F811
    overview = project / "private-sites" / STUDENT / "index.html"
    configure(project, editor_url="https://plans.mapleridge.example/editor/")
    assert mkdocs_build(project).returncode == 0
    link = f'href="https://plans.mapleridge.example/editor/?student={STUDENT}"'
    assert link in overview.read_text(encoding="utf-8")
    assert "Change my plan in the web editor" in text_of(overview)
    configure(project, editor_url="plans.mapleridge.example/editor/")
    done = mkdocs_build(project)
    assert done.returncode != 0
    assert "the editor's address 'plans.mapleridge.example/editor/' is not a web address" in (
        " ".join(done.stderr.split())
    )


def test_history_false_builds_without_reading_git(project: Path) -> None:  # noqa: F811
    timeline = project / "private-sites" / STUDENT / "history.html"
    assert mkdocs_build(project).returncode == 0
    assert "set a new goal" in text_of(timeline)
    configure(project, history="false")
    assert mkdocs_build(project).returncode == 0
    shown = text_of(timeline)
    assert "No history to show: history was not read for this build." in shown
    assert "set a new goal" not in shown


def test_allow_shallow_builds_a_shallow_clone_and_says_so(
    project: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)],
                   check=True, capture_output=True)  # fmt: skip
    done = mkdocs_build(clone)
    assert done.returncode != 0 and "fetch-depth: 0" in done.stderr
    configure(clone, allow_shallow="true")
    assert mkdocs_build(clone).returncode == 0
    timeline = clone / "private-sites" / STUDENT / "history.html"
    assert "This history is incomplete" in text_of(timeline)


def student_config(root: Path, **options: str) -> Path:
    """A config like the one plp build writes: one student's site, no docs of its own."""
    (root / "empty").mkdir(exist_ok=True)
    lines = [f"      {name}: {value}" for name, value in options.items()]
    config = root / "student.yml"
    config.write_text(
        "site_name: Learning plan\ndocs_dir: empty\nsite_dir: student-site\n"
        "use_directory_urls: false\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - plp:\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    return config


def build_with(config: Path) -> Path:
    done = run(config.parent, "mkdocs", "build", "-f", config.name)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return config.parent / "student-site"


def test_student_makes_the_site_that_students_portfolio(project: Path) -> None:  # noqa: F811
    site = build_with(student_config(project, student=STUDENT))
    home = text_of(site / "index.html")
    assert "Ava's learning plan" in home and "Goals" in home
    assert (site / "goals" / "math-ch10.html").is_file()
    assert not (project / "private-sites").exists()


@pytest.mark.parametrize("live", [True, False])
def test_live_lists_the_files_left_out_on_every_page(
    project: Path,  # noqa: F811
    live: bool,
) -> None:
    reflection = project / "plans" / STUDENT / "reflections" / "2026-11-24.md"
    reflection.write_text(reflection.read_text().replace("kind: daily", "kind: dialy"))
    site = build_with(student_config(project, student=STUDENT, live=str(live).lower()))
    for page in ("index.html", "journal.html"):
        shown = text_of(site / page)
        assert ("1 file was left out of this preview" in shown) is live


def test_encrypt_encrypts_each_site_with_the_passphrase_from_the_file(
    project: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    from .test_encrypt import decrypted_files

    passphrase = "maple ridge lantern 42"
    secrets = tmp_path / "passphrases.txt"
    secrets.write_text(f"{STUDENT}: {passphrase}\n", encoding="utf-8")
    configure(project, encrypt="true")
    done = mkdocs_build(project)  # no passphrase anywhere: nothing is built
    assert done.returncode != 0
    assert f"{STUDENT} has no passphrase: set PLP_PASSPHRASE_AVA_MARTINEZ" in done.stderr
    assert not (project / "private-sites" / STUDENT).exists()
    configure(project, passphrases=str(secrets))
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr
    site = project / "private-sites" / STUDENT
    assert not (site / "story.html").exists()
    assert "Ava" not in (site / "index.html").read_text(encoding="utf-8")
    assert "Ava" in text_of_html(decrypted_files(site, passphrase)["index.html"])
    (project / "passphrases.txt").write_bytes(secrets.read_bytes())
    configure(project, passphrases="passphrases.txt")  # relative to mkdocs.yml: inside
    done = mkdocs_build(project)
    assert done.returncode != 0 and "is inside the repository" in done.stderr


def text_of_html(page: bytes) -> str:
    parser = _Text()
    parser.feed(page.decode("utf-8"))
    return " ".join(" ".join(parser.parts).split())

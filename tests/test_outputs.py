"""Outputs: students' sites are never published with the docs, and plp deletes only what it
can prove it made. Each test replays a case of the adoption and hostile-input issues in a
real Git repository, with real ``plp build``, ``mkdocs build`` and ``mkdocs gh-deploy``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plp.cli import main

from .support import ROOT, SPEC_EXAMPLE, copy_student, git

TODAY = "2026-11-25"
EPOCH = "1795564800"  # 2026-11-25
STUDENT = "ava-martinez"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A school's repository laid out like this project: mkdocs.yml with the plp plugin,
    the docs-only config, docs/ and the spec's example plans, committed; it is the cwd."""
    root = tmp_path / "school"
    root.mkdir()
    for name in ("mkdocs.yml", "mkdocs-docs-only.yml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(SPEC_EXAMPLE, root / "plans")
    git(root, "init", "-q", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "School")
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return root


def run(
    root: Path, *argv: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command (``plp`` or ``mkdocs``, as Python modules) in ``root``."""
    module = "mkdocs" if argv[0] == "mkdocs" else "plp"
    args = argv[1:] if argv[0] in ("mkdocs", "plp") else argv
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})},
    )


def build(*argv: str) -> int:
    return main(["build", "--jobs", "1", "--today", TODAY, *argv])


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def a_victim(tmp_path: Path) -> Path:
    """A folder of someone's, outside the repository, with a file that must survive."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "sentinel.txt").write_text("mine\n", encoding="utf-8")
    return victim


def force_add(root: Path, *paths: str) -> None:
    """Commit files past .gitignore, as a hostile pull request can."""
    git(root, "add", "-f", *paths)
    git(root, "commit", "-q", "-m", "Hostile change")


# --- Student sites are never where a docs build or deploy publishes ---------------------


def test_mkdocs_build_puts_every_site_outside_site_dir(project: Path) -> None:
    done = run(project, "mkdocs", "build", "--strict")
    assert done.returncode == 0, done.stderr
    site, sites = project / "site", project / "private-sites"
    assert (site / "index.html").is_file() and (site / "plan-format.html").is_file()
    assert not (site / "students").exists()
    assert not [p for p in site.rglob("*") if p.name in ("journal.html", "then-and-now.html")]
    assert "Score at least 85% on the Chapter 10 test" not in "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html")
    )
    overview = (sites / STUDENT / "index.html").read_text(encoding="utf-8")
    assert "Score at least 85% on the Chapter 10 test" in overview
    assert "private-sites/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


@pytest.fixture
def remote(project: Path, tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True, capture_output=True)
    git(project, "remote", "add", "origin", str(bare))
    return bare


def test_gh_deploy_with_the_plugin_refuses_and_pushes_nothing(project: Path, remote: Path) -> None:
    done = run(project, "mkdocs", "gh-deploy")
    assert done.returncode != 0
    assert "gh-deploy is refused" in done.stderr
    assert "mkdocs gh-deploy -f mkdocs-docs-only.yml" in done.stderr
    assert "Traceback" not in done.stderr
    assert git(remote, "for-each-ref") == ""  # nothing pushed
    assert not (project / "private-sites").exists() and not (project / "site").exists()


def test_the_docs_only_config_deploys_the_docs_and_no_student_page(
    project: Path, remote: Path
) -> None:
    assert build() == 0
    before = files_under(project / "private-sites")
    assert f"{STUDENT}/index.html" in before
    done = run(project, "mkdocs", "gh-deploy", "-f", "mkdocs-docs-only.yml")
    assert done.returncode == 0, done.stderr
    published = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert "index.html" in published and "plan-format.html" in published
    assert not [name for name in published if name.endswith(("journal.html", "growth.html"))]
    # A generator that leaves plp out (as Zensical ignores it) neither publishes nor
    # deletes the students' sites: they are not under its site_dir.
    assert files_under(project / "private-sites") == before


def test_a_sites_folder_inside_site_dir_is_refused_before_mkdocs_empties_it(
    project: Path,
) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("sites: private-sites", "sites: site/students"), "utf-8")
    (project / "site").mkdir()
    (project / "site" / "keep.txt").write_text("mine\n", encoding="utf-8")
    done = run(project, "mkdocs", "build")
    assert done.returncode != 0
    assert "inside" in done.stderr and "site_dir" in done.stderr and "private-sites" in done.stderr
    assert (project / "site" / "keep.txt").read_text(encoding="utf-8") == "mine\n"
    assert build("--out", "site/students") == 2  # and plp build, reading the same mkdocs.yml
    assert not (project / "site" / "students").exists()


def test_the_removed_students_dir_option_says_what_to_do(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("sites: private-sites", "students_dir: students"), "utf-8")
    done = run(project, "mkdocs", "build")
    assert done.returncode != 0
    assert "students_dir" in done.stderr and "'sites'" in done.stderr
    assert not (project / "site").exists()


# --- plp deletes only what it can prove it made ------------------------------------------


def test_a_committed_link_at_a_students_site_empties_nothing(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = a_victim(tmp_path)
    sites = project / "private-sites"
    sites.mkdir()
    (sites / ".plp-sites").write_text("plp\n", encoding="utf-8")
    (sites / STUDENT).symlink_to(victim)
    force_add(project, "private-sites")
    assert build() == 2
    assert "symbolic link" in capsys.readouterr().err
    assert files_under(victim) == {"sentinel.txt": b"mine\n"}
    done = run(project, "mkdocs", "build")  # the plugin, in a docs build: the same refusal
    assert done.returncode != 0 and "symbolic link" in done.stderr
    assert files_under(victim) == {"sentinel.txt": b"mine\n"}
    assert (sites / STUDENT).is_symlink()


def test_a_committed_link_as_the_sites_folder_or_site_dir_is_refused(
    project: Path, tmp_path: Path
) -> None:
    victim = a_victim(tmp_path)
    (project / "private-sites").symlink_to(victim)
    (project / "site").symlink_to(victim)  # mkdocs alone would empty the folder it points to
    force_add(project, "private-sites", "site")
    done = run(project, "plp", "build")
    assert done.returncode == 2 and "symbolic link" in done.stderr, done.stderr
    done = run(project, "mkdocs", "build")
    assert done.returncode != 0 and "symbolic link" in done.stderr
    assert files_under(victim) == {"sentinel.txt": b"mine\n"}


def test_out_plans_deletes_no_plan_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = project / "plans" / STUDENT / "plan.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\nNot committed yet.\n", "utf-8")
    before = files_under(project / "plans")
    assert build("--out", "plans") == 2
    assert "inside the plans folder" in capsys.readouterr().err
    assert build("--out", f"plans/{STUDENT}/weeks") == 2
    assert files_under(project / "plans") == before


def test_out_at_the_top_of_the_repository_empties_no_folder_named_like_a_student(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unrelated = project / STUDENT
    unrelated.mkdir()
    (unrelated / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert build("--out", ".") == 2
    assert "holds the plans folder" in capsys.readouterr().err
    assert build("--out", "..") == 2
    assert files_under(unrelated) == {"notes.txt": b"mine\n"}


@pytest.mark.parametrize("student", ["plans", "etc", "home"])
def test_a_student_named_like_a_folder_of_out_never_replaces_it(
    project: Path, tmp_path: Path, student: str, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_student(project / "plans", STUDENT, student)
    copy_student(project / "plans", STUDENT, "jonah-lee")  # whom the rosters name
    out = tmp_path / "elsewhere"
    (out / student).mkdir(parents=True)
    (out / student / "keep.txt").write_text("mine\n", encoding="utf-8")
    assert build("--out", str(out), "--student", student) == 2  # not plp's folder
    assert f"{out / student} was not made by plp" in capsys.readouterr().err
    sites = tmp_path / "sites"
    assert build("--out", str(sites), "--student", STUDENT) == 0  # plp's folder now
    (sites / student).mkdir()
    (sites / student / "keep.txt").write_text("mine\n", encoding="utf-8")
    assert build("--out", str(sites), "--student", student) == 2  # and not plp's site
    assert "was not made by plp" in capsys.readouterr().err
    for folder in (out, sites):
        assert (folder / student / "keep.txt").read_text(encoding="utf-8") == "mine\n"


def test_plp_replaces_its_own_site_and_keeps_it_when_a_build_fails(project: Path) -> None:
    site = project / "private-sites" / STUDENT
    assert build() == 0
    (site / "stale.html").write_text("an old page\n", encoding="utf-8")
    assert build("--force") == 0  # the inputs did not change: only --force builds it again
    assert not (site / "stale.html").exists() and (site / "index.html").is_file()
    journal = (site / "journal.html").read_text(encoding="utf-8")
    reflection = next((project / "plans" / STUDENT / "reflections").glob("*.md"))
    reflection.write_text(reflection.read_text(encoding="utf-8").replace("kind:", "knd:"), "utf-8")
    assert build("--strict") == 1  # the new site fails: the last good one stays
    assert (site / "journal.html").read_text(encoding="utf-8") == journal
    assert sorted(p.name for p in site.parent.iterdir()) == [".plp-manifest", ".plp-sites", STUDENT]


def test_a_sites_folder_that_is_a_file_or_holds_other_files_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build("--out", "mkdocs.yml") == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert build("--out", "mkdocs.yml/sites") == 2
    assert "mkdocs.yml, a file, not a folder" in capsys.readouterr().err
    victim = a_victim(tmp_path)
    assert build("--out", str(victim)) == 2
    assert "already holds files that plp did not make" in capsys.readouterr().err
    assert files_under(victim) == {"sentinel.txt": b"mine\n"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_a_read_only_sites_folder_is_a_usage_error(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert build("--out", str(locked / "sites")) == 2
        assert "cannot make the sites folder" in capsys.readouterr().err
        assert build("--out", str(locked)) == 2
        assert "cannot write in the sites folder" in capsys.readouterr().err
    finally:
        locked.chmod(0o755)


# --- Options and environment --------------------------------------------------------------


def test_an_option_given_as_changed_since_never_reaches_git(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = project / "notes.txt"
    victim.write_text("mine\n", encoding="utf-8")
    for ref in ("--output=notes.txt", "--output=notes.txt HEAD", "-ooutput"):
        assert build(f"--changed-since={ref}") == 2  # the form that reaches git as an option
        assert "--changed-since" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "mine\n"
    assert not (project / "private-sites").exists()
    assert build("--changed-since", "HEAD") == 0  # a real revision still works


def test_no_git_on_path_is_a_usage_error_with_the_fix(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "no-git"
    empty.mkdir()
    no_git = {"PATH": str(empty)}
    done = run(project, "plp", "build", env=no_git)
    assert done.returncode == 2, done.stderr
    assert "no 'git' command" in done.stderr and "--no-history" in done.stderr
    assert "Traceback" not in done.stderr and "bug" not in done.stderr
    done = run(project, "plp", "build", "--changed-since", "HEAD", env=no_git)
    assert done.returncode == 2 and "no 'git' command" in done.stderr
    done = run(project, "plp", "history", STUDENT, env=no_git)
    assert done.returncode == 2 and "no 'git' command" in done.stderr
    done = run(project, "mkdocs", "build", env=no_git)
    assert done.returncode != 0 and "no 'git' command" in done.stderr
    done = run(project, "plp", "build", "--no-history", env=no_git)
    assert done.returncode == 0, done.stderr
    assert (project / "private-sites" / STUDENT / "index.html").is_file()


def test_a_repository_git_will_not_read_is_a_usage_error_with_the_fix(project: Path) -> None:
    dubious = {"GIT_TEST_ASSUME_DIFFERENT_OWNER": "1"}  # git's own switch for this check
    for command in (("plp", "build"), ("plp", "history", STUDENT)):
        done = run(project, *command, env=dubious)
        assert done.returncode == 2, done.stderr
        assert "dubious ownership" in done.stderr and "safe.directory" in done.stderr
    done = run(project, "plp", "build", env={"GIT_DIR": str(project / "nowhere")})
    assert done.returncode == 2 and "GIT_DIR" in done.stderr
    assert not (project / "private-sites" / STUDENT).exists()


def test_source_date_epoch_that_is_not_a_time_is_a_usage_error(project: Path) -> None:
    done = run(project, "plp", "build", env={"SOURCE_DATE_EPOCH": "abc"})
    assert done.returncode == 2
    assert "SOURCE_DATE_EPOCH must be seconds since 1970, not 'abc'" in done.stderr
    assert not (project / "private-sites").exists()
    (project / "site").mkdir()
    (project / "site" / "keep.txt").write_text("mine\n", encoding="utf-8")
    done = run(project, "mkdocs", "build", env={"SOURCE_DATE_EPOCH": "abc"})
    assert done.returncode != 0 and "SOURCE_DATE_EPOCH" in done.stderr
    assert (project / "site" / "keep.txt").is_file()  # stopped before MkDocs empties it


def test_an_output_that_cannot_encode_a_name_is_a_usage_error(project: Path) -> None:
    odd = project / "plans" / "zoë"
    copy_student(project / "plans", STUDENT, odd.name)
    done = run(project, "plp", "validate", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 2, done.stderr
    assert "PYTHONIOENCODING=utf-8" in done.stderr and "zo\\xeb" in done.stderr
    assert "bug" not in done.stderr and "Traceback" not in done.stderr
    done = run(project, "plp", "validate", env={"PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 1 and "zoë" in done.stdout

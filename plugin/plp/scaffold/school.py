"""The files of a new school's plans repository, as ``plp init`` writes them.

A school's repository holds ``plans/`` (its settings, a weekly-plan template, later its
students), the pre-commit hook, the two workflows of this project, a ``requirements.txt``
that says where plp comes from, a ``.gitignore`` and a short README.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

from plp.format.layout import SCHOOL_FILE, TEMPLATES_DIR

#: The workflows ``plp init`` copies: this project's own, as they are in its repository.
WORKFLOWS = (
    "validate-plans.yml",
    "sites.yml",
    "review-plans.yml",
    "feedback-archive.yml",
    "publish.yml",
)
DEFAULT_AREAS = ("math", "ela", "science", "social-studies", "world-languages", "arts", "wellness")
#: What ``requirements.txt`` holds when it is not known where plp comes from: pip stops
#: on it, naming the file and line, instead of installing some other package named plp.
UNKNOWN_SOURCE = "REPLACE-THIS-LINE with where your school gets plp (see the comment above)"


def workflows_dir() -> Path:
    """The folder holding the workflows: inside the package, or the source tree's."""
    packaged = Path(__file__).parent / "workflows"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / ".github" / "workflows"


def school_year(today: dt.date) -> str:
    """The school year ``today`` falls in, from July to June: ``2026-2027``."""
    first = today.year if today.month >= 7 else today.year - 1
    return f"{first}-{first + 1}"


def installed_source() -> str | None:
    """A requirement naming where the running plp was installed from, when another machine
    can install it from there too (see :func:`source_from_direct_url`)."""
    try:
        text = metadata.distribution("plp").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    return source_from_direct_url(text) if text else None


def source_from_direct_url(text: str) -> str | None:
    """The requirement that installs plp again from where a PEP 610 ``direct_url.json``
    says it came from: a VCS URL with its commit, or an archive's address with its hash.
    ``None`` for a local folder or file (no other machine has it) or an unknown record.
    A package index is not recorded there at all."""
    try:
        record = json.loads(text)
        url = str(record["url"])
    except (ValueError, KeyError, TypeError):
        return None
    if url.startswith("file:"):
        return None
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("commit_id"):
        kind = str(vcs.get("vcs", "git"))
        prefix = "" if url.startswith(f"{kind}+") else f"{kind}+"
        return f"plp @ {prefix}{url}@{vcs['commit_id']}"
    archive = record.get("archive_info")
    if isinstance(archive, dict):
        hashes = archive.get("hashes")
        if isinstance(hashes, dict) and "sha256" in hashes:
            return f"plp @ {url}#sha256={hashes['sha256']}"
        return f"plp @ {url}"
    return None


@dataclass(frozen=True, slots=True)
class SchoolSettings:
    """What ``plp init`` asks: the school, its year and time zone, its areas, and the
    requirement that installs plp (``None`` when nobody knows it yet)."""

    school: str
    year: str
    timezone: str
    areas: tuple[str, ...] = DEFAULT_AREAS
    plp_source: str | None = None


def _quoted(text: str) -> str:
    """``text`` as a YAML scalar that means exactly that text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def school_yaml(settings: SchoolSettings) -> str:
    areas = ", ".join(settings.areas)
    return f"""\
# School-wide settings: see docs/plan-format.md of plp. Names under plans/ that start
# with "_" are not students.
school: {_quoted(settings.school)}
year: {_quoted(settings.year)}
timezone: {_quoted(settings.timezone)}
areas: [{areas}]
# Terms, staff (a student's advisor must be one of them) and rosters, for example:
# terms:
#   - {{name: Fall, start: 2026-08-24, end: 2027-01-15}}
# staff:
#   - id: rivera
#     name: Dana Rivera
#     roles: [teacher, advisor]
#     git: [drivera@your-school.example, drivera]
# rosters:
#   advisory-rivera: [ava-martinez, jonah-lee]
"""


def week_template(settings: SchoolSettings) -> str:
    area = settings.areas[0] if settings.areas else "math"
    return f"""\
---
week: "{{week}}"
areas: [{area}]
template: week
goals:
  - by: teacher
    text: "{{teacher_goal}}"
  - by: student
    text: "{{student_goal}}"
schedule:
  mon: ["Lesson 9:00"]
  wed: ["Lesson 9:00"]
activities:
  - id: lesson-notes
    title: Take notes in the lessons
    area: {area}
    mode: sync
    with: teacher
    status: todo
  - id: practice
    title: Finish the practice set
    area: {area}
    mode: async
    with: independent
    status: todo
---
Notes for the week.
"""


PRE_COMMIT_CONFIG = """\
# Checks the plan files of each commit before it is made, with the plp installed in your
# environment (python -m pip install -r requirements.txt). Run once in each clone:
#   pre-commit install
repos:
  - repo: local
    hooks:
      - id: plp-validate
        name: plp validate
        entry: plp validate --staged
        language: system
        files: ^plans/
        always_run: true  # a commit that only deletes a file is checked too
        require_serial: true
"""

GITIGNORE = """\
# Virtual environments
.venv/
venv/
# Caches
__pycache__/
*.py[cod]
.cache/
.pytest_cache/
# Built sites: students' sites and the staff dashboard are private, built again from the plans
private-sites/
staff-dashboard/
site/
# Editors and operating systems
.DS_Store
Thumbs.db
*.swp
"""


def requirements(settings: SchoolSettings) -> str:
    if settings.plp_source:
        line = settings.plp_source
        how = "This line was written by plp init; change it to move to another version."
    else:
        line = UNKNOWN_SOURCE
        how = (
            "plp init could not tell where plp comes from: REPLACE the plp line with where\n"
            "# your school gets it, for example (a commit of your copy of the plp repository):\n"
            "#   plp @ git+https://github.com/<your-org>/plp@<commit>"
        )
    return f"""\
# What the workflows, and everyone who works on the plans, install:
#   python -m pip install -r requirements.txt
# {how}
{line}
pre-commit>=3.7
"""


def readme(settings: SchoolSettings) -> str:
    return f"""\
# {settings.school}: personalized learning plans

Each student's plan is a folder in `plans/`, named with the student's id: Markdown files
with fields between two `---` lines at the top. plp checks every change and builds a
private portfolio site for each student.

## Students

Edit your files in `plans/<your-id>/` and check them before you commit:

```sh
plp validate
```

Each error names the file, line and field, with a hint. The pre-commit hook runs the same
check on every commit, and the pull request shows the errors on the lines of the diff.
Preview your site as you write: `plp serve --student <your-id>`.

## Teachers and advisors

Review students' pull requests; your comments are the feedback. Weekly-plan templates go
in `plans/_templates/`; school-wide settings (staff, areas, terms, rosters) in
`plans/_school.yml`.

## IT

- Install: `python -m pip install -r requirements.txt`, then `pre-commit install`.
  `requirements.txt` says where plp comes from; the workflows install from it too.
- Add a student: `plp new student <id> --name "<name>" --graduation-year <year>`.
- Check everything: `plp validate`. Build the sites: `plp build` (in `private-sites/`).
- `.github/workflows/validate-plans.yml` checks each pull request;
  `.github/workflows/sites.yml` builds the sites as private artifacts of the run.
- Keep this repository private: it holds students' plans.
"""


def school_files(settings: SchoolSettings) -> dict[PurePosixPath, str]:
    """Every file of a new school's repository, by its path in the repository."""
    files = {
        PurePosixPath("plans") / SCHOOL_FILE: school_yaml(settings),
        PurePosixPath("plans") / TEMPLATES_DIR / "week.md": week_template(settings),
        PurePosixPath(".pre-commit-config.yaml"): PRE_COMMIT_CONFIG,
        PurePosixPath(".gitignore"): GITIGNORE,
        PurePosixPath("requirements.txt"): requirements(settings),
        PurePosixPath("README.md"): readme(settings),
    }
    source = workflows_dir()
    for name in WORKFLOWS:
        files[PurePosixPath(".github/workflows") / name] = (source / name).read_text(
            encoding="utf-8"
        )
    return files

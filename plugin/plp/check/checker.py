"""Validation of a plans folder: which files to check, checking them, resolving references.

Checking runs in two steps. Each file is read, schema-checked and rule-checked on its own
(in parallel for large schools); then the references between files (goal ids, staff ids,
areas, students in rosters) and the areas of a week's plans are resolved. One file's
errors never stop the others from being checked.

Given explicit paths (as the pre-commit hook gives the files of a commit), the files
named are checked in full, and the other files that the change can break are read for
the cross-file rules only: removing a goal from ``plan.md`` reports the reflections that
still refer to it. With a :class:`Change` (what Git says a commit removes, and the files
as they were), whatever a full check after the commit finds that the commit can have
caused is found, and the files read do not grow with the school.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from plp.check import rules
from plp.check.findings import Finding
from plp.check.rules import Reference, WeekArea
from plp.errors import UsageError
from plp.format import documents
from plp.format.documents import Document, DocumentProblem
from plp.format.layout import (
    MARKDOWN_KINDS,
    PLAN_FILE,
    SCHOOL_FILE,
    Kind,
    PlanFile,
    linked_folders,
    plan_files,
    student_ids,
    walk,
    week_file,
)
from plp.format.templates import fill_with_samples

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400
_CHECKED_KINDS = MARKDOWN_KINDS | {Kind.SCHOOL, Kind.TEMPLATE, Kind.UNEXPECTED}


@dataclass(slots=True)
class FileResult:
    """What checking one file gave: findings, references out, and ids it defines."""

    rel: PurePosixPath
    findings: list[Finding] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    week_areas: list[WeekArea] = field(default_factory=list)
    goal_ids: set[str] | None = None
    school: rules.Known | None = None
    document: Document | None = None  # kept only when asked for (see validate)


@dataclass(slots=True)
class Validation:
    """The outcome of a run: every finding, and how many files were checked."""

    findings: list[Finding]
    files_checked: int
    #: The documents read, by path, when ``validate(..., keep_documents=True)``.
    documents: dict[PurePosixPath, Document] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def files_with_findings(self) -> int:
        return len({finding.path for finding in self.findings})


def check_file(root: Path, file: PlanFile, full: bool = True, keep: bool = False) -> FileResult:
    """Check one file; with ``full=False`` only read what other files need from it.
    With ``keep``, the parsed document is returned too."""
    try:
        result = _check_file(root, file, full)
        if not keep:
            result.document = None
        return result
    except Exception as error:  # a bug in plp must not stop the other files
        return FileResult(
            file.rel,
            [
                Finding(
                    str(file.rel),
                    1,
                    1,
                    "",
                    "internal-error",
                    f"plp could not check this file ({type(error).__name__}: {error})",
                    "This is a bug in plp; please report it with this file.",
                )
            ],
        )


def _check_file(root: Path, file: PlanFile, full: bool) -> FileResult:
    result = FileResult(file.rel)
    if file.kind is Kind.UNEXPECTED:
        result.findings.append(
            Finding(
                str(file.rel),
                1,
                1,
                "",
                "unexpected-file",
                "plp does not look for plan files here",
                "Plan files go in plan.md, weeks/, reflections/, evidence/, conferences/ or "
                "feedback/ of a student's folder.",
            )
        )
        return result
    if file.kind is Kind.TEMPLATE:
        return _check_template(root, file, full)
    student_dir = root / file.student if file.student else None
    try:
        if full and student_dir is not None:
            outside = rules.file_outside(file.rel, root / file.rel, student_dir)
            if outside:
                result.findings.append(outside)
                return result
        doc = documents.read(root, file)
    except DocumentProblem as problem:
        if full:
            position = problem.position
            result.findings.append(
                Finding(
                    str(file.rel),
                    position.line,
                    position.column,
                    "",
                    problem.code,
                    problem.message,
                    problem.hint,
                )
            )
        return result
    except OSError as error:
        result.findings.append(
            Finding(
                str(file.rel), 1, 1, "", "unreadable", f"cannot read the file ({error.strerror})"
            )
        )
        return result
    if full:
        from plp.check.schema_check import check_schema  # jsonschema is slow to import

        meaning = rules.check_meaning(doc)
        unclear = {finding.field for finding in meaning}
        result.findings += meaning  # and not also the schema's words on the same value
        result.findings += [f for f in check_schema(doc) if f.field not in unclear]
        result.findings += rules.check_document(doc, student_dir)
    else:
        result.findings += rules.check_paths(doc, student_dir)
    result.references = rules.references(doc)
    result.week_areas = rules.week_areas(doc)
    result.document = doc
    if file.kind is Kind.PLAN:
        result.goal_ids = rules.goal_ids(doc)
    elif file.kind is Kind.SCHOOL:
        result.school = rules.school_known(doc, {})
    return result


def _check_template(root: Path, file: PlanFile, full: bool) -> FileResult:
    """A weekly-plan template, checked as the weekly plan it makes with sample values in
    its placeholders (the rules of a file's name and of other files do not apply)."""
    from plp.check.schema_check import check_schema  # jsonschema is slow to import

    result = FileResult(file.rel)
    if not full:
        return result
    try:
        text = documents.decode(documents.read_bytes(root / file.rel))
        doc = documents.parse(file.rel, Kind.WEEK, fill_with_samples(text))
    except DocumentProblem as problem:
        position = problem.position
        result.findings.append(
            Finding(
                str(file.rel),
                position.line,
                position.column,
                "",
                problem.code,
                problem.message,
                problem.hint,
            )
        )
        return result
    except OSError as error:
        message = f"cannot read the file ({error.strerror})"
        result.findings.append(Finding(str(file.rel), 1, 1, "", "unreadable", message))
        return result
    meaning = rules.check_meaning(doc)
    unclear = {finding.field for finding in meaning}
    result.findings += meaning
    result.findings += [f for f in check_schema(doc) if f.field not in unclear]
    return result


def _check_many(
    root: Path, work: Sequence[tuple[PlanFile, bool]], jobs: int, keep: bool
) -> list[FileResult]:
    if jobs <= 1 or len(work) < PARALLEL_THRESHOLD:
        return [check_file(root, file, full, keep) for file, full in work]
    from concurrent.futures import ProcessPoolExecutor  # only parallel runs pay its import

    chunk = max(1, len(work) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(
            pool.map(
                check_file,
                [root] * len(work),
                [file for file, _ in work],
                [full for _, full in work],
                [keep] * len(work),
                chunksize=chunk,
            )
        )


@dataclass(frozen=True, slots=True)
class Change:
    """What a change does besides the files it names (known from Git, see
    :mod:`plp.check.staged`): the paths it removes (deleted, or renamed away), and the versions
    before the change of the files whose ids others name (``_school.yml`` and plans), by
    path; without the version before, every file that could name an id is read."""

    removed: tuple[PurePosixPath, ...] = ()
    before: Mapping[PurePosixPath, bytes] = field(default_factory=dict)


def select(
    root: Path, targets: Sequence[Path] | None, change: Change | None = None
) -> list[tuple[PlanFile, bool]]:
    """The files to read, each with whether it is checked in full or for references only.

    Given targets, the named files are checked in full, and only the files whose
    cross-file rules the change can break are read besides (a pre-commit hook on one
    file must not read the whole school): see :func:`_affected` and :func:`_needs_school`.
    """
    if targets is None:
        return [(file, True) for file in plan_files(root) if file.kind in _CHECKED_KINDS]
    change = change or Change()
    resolved_root = root.resolve()
    named_rels: list[PurePosixPath] = []
    named: set[PurePosixPath] = set()  # the same, to look up: thousands of targets stay fast
    for target in targets:
        absolute = target.resolve()
        if not absolute.is_relative_to(resolved_root):
            raise UsageError(f"{target} is not inside the plans folder {root}")
        if not target.exists() and not target.is_symlink():
            raise UsageError(f"{target} does not exist")
        rel = PurePosixPath(absolute.relative_to(resolved_root).as_posix())
        if rel == PurePosixPath("."):
            return select(root, None)
        if rel not in named:
            named.add(rel)
            named_rels.append(rel)
    changed = [*named_rels, *change.removed]
    rels = {PurePosixPath(SCHOOL_FILE)} if _needs_school(root, changed) else set()
    rels.update(rel for rel in named_rels if not (root / rel).is_dir())
    walked: set[PurePosixPath] = set()  # the folders whose every file is in rels
    for rel in named_rels:
        if (root / rel).is_dir():
            rels.update(rel / sub for sub in walk(root / rel))
            walked.add(rel)
    rels.update(_affected(root, changed, change.before, walked))
    # Paths order by their parts; sorting by them spares comparing thousands of paths.
    ordered = sorted(rels, key=lambda rel: rel.parts)
    files = [f for f in plan_files(root, ordered) if f.kind in _CHECKED_KINDS]
    named_parts = {rel.parts for rel in named}

    def is_named(file: PlanFile) -> bool:
        """Whether the file, or a folder it is in, was named."""
        parts = file.rel.parts
        return any(parts[:end] in named_parts for end in range(1, len(parts) + 1))

    return [(file, is_named(file)) for file in files if os.path.lexists(f"{root}/{file.rel}")]


def _needs_school(root: Path, changed: Sequence[PurePosixPath]) -> bool:
    """Whether a change of ``changed`` needs ``_school.yml`` read: when it is the school
    file, or a plan (staff and areas it names; a student added or removed, whom rosters
    name) or feedback (by a staff member)."""
    if not (root / SCHOOL_FILE).is_file():
        return False
    return any(
        rel.parts == (SCHOOL_FILE,)
        or (len(rel.parts) == 1 and not rel.parts[0].startswith(("_", ".")))
        or (len(rel.parts) > 1 and rel.parts[1] in (PLAN_FILE, "feedback"))
        for rel in changed
    )


def _affected(
    root: Path,
    changed: Sequence[PurePosixPath],
    before: Mapping[PurePosixPath, bytes],
    walked: Collection[PurePosixPath] = (),
) -> set[PurePosixPath]:
    """The files whose cross-file rules a change of the paths ``changed`` (added, modified
    or removed) can break, to be read for those rules only:

    * any file of a student: the student's ``plan.md`` (the goal ids it refers to);
    * a student's ``plan.md``: the student's files that may name a goal id it no longer
      has (every file of the student, when the plan before is not known);
    * a student's folder: every file of the student;
    * anything in ``evidence/``: the student's weeks and evidence pages (paths to files);
    * a weekly plan: the student's other plans of the same week (an area in one plan);
    * ``_school.yml``: the plans and feedback that may name staff or areas it no longer
      has (a roster naming a removed student is found in the school file itself, which
      is read when a plan is added or removed).

    The student folders in ``walked`` are not listed again: the caller has every file.
    """
    rels: set[PurePosixPath] = set()
    for rel in changed:
        parts = rel.parts
        if not parts:
            continue
        if parts == (SCHOOL_FILE,):
            rels |= _naming_school_ids(root, before.get(rel))
            continue
        student = parts[0]
        if student.startswith(("_", ".")) or not (root / student).is_dir():
            continue
        folder = PurePosixPath(student)
        rels.add(folder / PLAN_FILE)
        if len(parts) == 2 and parts[1] == PLAN_FILE:
            gone = _gone_from_plan(root / rel, before.get(rel))
            words = [goal.encode() for goal in gone or ()]
            rels.update(
                folder / r
                for r in walk(root / student)
                if gone is None
                or (words and r.suffix == ".md" and _may_name(f"{root}/{student}/{r}", words))
            )
        elif len(parts) == 1 or parts[1] == PLAN_FILE:
            if folder not in walked:
                rels.update(folder / r for r in walk(root / student))
        elif parts[1] == "evidence":
            for sub in ("weeks", "evidence"):
                rels.update(folder / sub / name for name in _markdown(root / student / sub))
        elif parts[1] == "weeks" and (named := week_file(rel)) is not None:
            rels.update(
                folder / "weeks" / name
                for name in _markdown(root / student / "weeks")
                if (other := week_file(PurePosixPath(name))) and other[0] == named[0]
            )
    return rels


def _markdown(folder: Path) -> list[str]:
    """The names of the Markdown files in ``folder`` (none when there is no such folder)."""
    try:
        return sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith(".md"))
    except OSError:
        return []


def _naming_school_ids(root: Path, school_before: bytes | None) -> set[PurePosixPath]:
    """The plans and feedback that may name a staff id or area the school file had before
    and has no more: all of them when what it had is not known."""
    gone = _gone_from_school(root, school_before)
    if gone is not None and not gone:
        return set()
    words = [value.split()[0].encode() for value in gone or () if value.split()]
    rels: set[PurePosixPath] = set()
    for student in student_ids(root):
        folder = f"{root}/{student}"  # strings: thousands of files, no Path objects
        names = [PLAN_FILE]
        names += [f"feedback/{name}" for name in _markdown(Path(folder, "feedback"))]
        for name in names:
            if gone is None or _may_name(f"{folder}/{name}", words):
                rels.add(PurePosixPath(student, name))
    return rels


def _gone_from_school(root: Path, school_before: bytes | None) -> set[str] | None:
    """The staff ids and areas the school file had before and has no more (None: not
    known, or the file did not list them before, so that nothing was checked)."""
    before = _school_ids(school_before) if school_before is not None else None
    if before is None:
        return None
    try:
        now = _school_ids((root / SCHOOL_FILE).read_bytes())
    except OSError:
        return None
    return before - (now or set())


def _gone_from_plan(path: Path, plan_before: bytes | None) -> set[str] | None:
    """The goal ids the plan had before and has no more (None: not known)."""
    before = _goal_ids(plan_before) if plan_before is not None else None
    if before is None:
        return None
    try:
        now = _goal_ids(path.read_bytes())
    except OSError:
        return None
    return before - (now or set())


def _school_ids(data: bytes) -> set[str] | None:
    """The staff ids and the areas a school file lists (None: it does not list both)."""
    try:
        text = documents.decode(data)
    except DocumentProblem:
        return None
    staff, areas = _listed(text, "staff", ids=True), _listed(text, "areas", ids=False)
    return None if staff is None or areas is None else staff | areas


def _goal_ids(data: bytes) -> set[str] | None:
    """The goal ids a plan file lists (None: it has no list of goals)."""
    try:
        frontmatter = documents.split_frontmatter(documents.decode(data))[0]
    except DocumentProblem:
        return None
    return _listed(frontmatter, "goals", ids=True)


def _listed(text: str, name: str, *, ids: bool) -> set[str] | None:
    """The items of the list field ``name`` of YAML ``text`` (with ``ids``: the ``id`` of
    each item), read from the YAML node tree without building the rest (rosters can name
    thousands of students); None when the field is not a list."""
    import yaml

    try:
        loader = yaml.CSafeLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    node = next((v for k, v in root.value if getattr(k, "value", None) == name), None)
    if not isinstance(node, yaml.SequenceNode):
        return None
    if not ids:
        return {item.value for item in node.value if isinstance(item, yaml.ScalarNode)}
    return {
        value.value
        for item in node.value
        if isinstance(item, yaml.MappingNode)
        for key, value in item.value
        if isinstance(value, yaml.ScalarNode) and getattr(key, "value", None) == "id"
    }


def _may_name(path: str, words: Sequence[bytes]) -> bool:
    """Whether the file can hold a value that starts with one of ``words``: YAML writes a
    value out in full unless it uses an escape (a backslash)."""
    try:
        with open(path, "rb") as file:  # noqa: PTH123 - thousands of files: no Path objects
            data = file.read()
    except OSError:
        return False
    return b"\\" in data or any(word in data for word in words)


def validate(
    root: Path,
    targets: Sequence[Path] | None = None,
    jobs: int | None = None,
    *,
    keep_documents: bool = False,
    change: Change | None = None,
) -> Validation:
    """Validate the plans folder ``root``, or only ``targets`` (files or folders in it) and
    what they, and ``change``, can break in other files.

    With ``keep_documents``, the parsed documents come back too, so that a caller that
    needs them (a student's site) does not read the files twice.
    """
    if not root.is_dir():
        raise UsageError(f"there is no plans folder at {root}")
    work = select(root, targets, change)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    results = _check_many(root, work, jobs, keep_documents)
    goals = {r.rel.parts[0]: r.goal_ids for r in results if r.goal_ids is not None}
    school = next((r.school for r in results if r.school is not None), None)
    references = [ref for result in results for ref in result.references]
    known = rules.Known(
        goals,
        school.staff if school else None,
        school.areas if school else None,
        _students(root, {ref.value for ref in references if ref.target == "student"}),
    )
    findings = [finding for result in results for finding in result.findings]
    findings += rules.check_references(references, known)
    findings += rules.check_identities(references)
    findings += rules.check_week_areas(area for r in results for area in r.week_areas)
    if targets is None:
        findings += _linked_students(root)
    documents = {r.rel: r.document for r in results if r.document is not None}
    return Validation(sorted(set(findings)), sum(1 for _, full in work if full), documents)


def _students(root: Path, named: set[str]) -> set[str] | None:
    """The students (the folders of the plans folder), to check the ``named`` ones against.
    None when the folder holds one student: a repository per student (a classroom
    assignment) shares a school file whose rosters name students of other repositories,
    like the format's own example."""
    if not named:
        return set()
    everyone = set(student_ids(root))
    return everyone if len(everyone) > 1 else None


def _linked_students(root: Path) -> list[Finding]:
    """A finding for each student folder that is a link (see :func:`layout.linked_folders`)."""
    return [
        Finding(
            name,
            1,
            1,
            "",
            "linked-folder",
            "this student folder is a link to another folder: plp does not follow it, "
            "and builds no site for it",
            "Move the student's folder here instead of linking to it.",
        )
        for name in linked_folders(root)
    ]

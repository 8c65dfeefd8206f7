"""Validation of a plans folder: which files to check, checking them, resolving references.

Checking runs in two steps. Each file is read, schema-checked and rule-checked on its own
(in parallel for large schools); then the references between files (goal ids, staff ids,
areas) are resolved. One file's errors never stop the others from being checked.

Given explicit paths (as the pre-commit hook gives the files of a commit), the files
named are checked in full, and the other files of the same students are read only for
the references that the change may have broken: removing a goal from ``plan.md``
reports the reflections that still refer to it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from plp import documents, rules
from plp.documents import Document, DocumentProblem
from plp.findings import Finding
from plp.layout import (
    MARKDOWN_KINDS,
    PLAN_FILE,
    SCHOOL_FILE,
    Kind,
    PlanFile,
    linked_folders,
    plan_files,
    student_ids,
    walk,
)
from plp.rules import Reference

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400
_CHECKED_KINDS = MARKDOWN_KINDS | {Kind.SCHOOL, Kind.UNEXPECTED}


class UsageError(Exception):
    """A path or option that cannot be used: exit status 2, never a traceback."""


@dataclass(slots=True)
class FileResult:
    """What checking one file gave: findings, references out, and ids it defines."""

    rel: PurePosixPath
    findings: list[Finding] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
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
        from plp.schema_check import check_schema  # jsonschema is slow to import

        result.findings += check_schema(doc)
        result.findings += rules.check_document(doc, student_dir)
    result.references = rules.references(doc)
    result.document = doc
    if file.kind is Kind.PLAN:
        result.goal_ids = rules.goal_ids(doc)
    elif file.kind is Kind.SCHOOL:
        result.school = rules.school_known(doc, {})
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


def select(root: Path, targets: Sequence[Path] | None) -> list[tuple[PlanFile, bool]]:
    """The files to read, each with whether it is checked in full or for references only.

    Given targets, only the folders of the students they touch are walked (a pre-commit
    hook on one file must not read the whole school), plus ``_school.yml``.
    """
    if targets is None:
        return [(file, True) for file in plan_files(root) if file.kind in _CHECKED_KINDS]
    resolved_root = root.resolve()
    named_rels: list[PurePosixPath] = []
    for target in targets:
        absolute = target.resolve()
        if not absolute.is_relative_to(resolved_root):
            raise UsageError(f"{target} is not inside the plans folder {root}")
        if not target.exists() and not target.is_symlink():
            raise UsageError(f"{target} does not exist")
        rel = PurePosixPath(absolute.relative_to(resolved_root).as_posix())
        if rel == PurePosixPath("."):
            return select(root, None)
        named_rels.append(rel)
    students = {
        rel.parts[0]
        for rel in named_rels
        if not rel.parts[0].startswith(("_", ".")) and (len(rel.parts) > 1 or (root / rel).is_dir())
    }
    school_named = PurePosixPath(SCHOOL_FILE) in named_rels
    rels = {PurePosixPath(SCHOOL_FILE)} if (root / SCHOOL_FILE).is_file() else set()
    for student in students:
        rels.add(PurePosixPath(student) / PLAN_FILE)  # the goal ids every file refers to
        if any(_reaches_other_files(rel, student) for rel in named_rels):
            rels.update(PurePosixPath(student) / rel for rel in walk(root / student))
        else:
            rels.update(rel for rel in named_rels if rel.parts[:1] == (student,))
    if school_named:  # staff and areas are used by every plan
        rels.update(PurePosixPath(s) / PLAN_FILE for s in student_ids(root))
    files = [f for f in plan_files(root, sorted(rels)) if f.kind in _CHECKED_KINDS]

    def is_named(file: PlanFile) -> bool:
        if school_named and file.kind is Kind.PLAN:
            return True
        return any(file.rel == rel or rel in file.rel.parents for rel in named_rels)

    return [(file, is_named(file)) for file in files]


def _reaches_other_files(rel: PurePosixPath, student: str) -> bool:
    """Whether a change at ``rel`` can break references in the student's other files: a
    changed plan.md (goal ids), evidence (paths), or the whole folder."""
    parts = rel.parts
    if parts[:1] != (student,):
        return False
    return len(parts) == 1 or parts[1] in (PLAN_FILE, "evidence")


def validate(
    root: Path,
    targets: Sequence[Path] | None = None,
    jobs: int | None = None,
    *,
    keep_documents: bool = False,
) -> Validation:
    """Validate the plans folder ``root``, or only ``targets`` (files or folders in it).

    With ``keep_documents``, the parsed documents come back too, so that a caller that
    needs them (a student's site) does not read the files twice.
    """
    if not root.is_dir():
        raise UsageError(f"there is no plans folder at {root}")
    work = select(root, targets)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    results = _check_many(root, work, jobs, keep_documents)
    goals = {r.rel.parts[0]: r.goal_ids for r in results if r.goal_ids is not None}
    school = next((r.school for r in results if r.school is not None), None)
    known = rules.Known(goals, school.staff if school else None, school.areas if school else None)
    findings = [finding for result in results for finding in result.findings]
    findings += rules.check_references(_references(results), known)
    if targets is None:
        findings += _linked_students(root)
    documents = {r.rel: r.document for r in results if r.document is not None}
    return Validation(sorted(set(findings)), sum(1 for _, full in work if full), documents)


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


def _references(results: Iterable[FileResult]) -> Iterable[Reference]:
    for result in results:
        yield from result.references

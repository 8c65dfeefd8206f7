"""Which students a build is for: named ones, a shard of a CI matrix, or the changed ones."""

from __future__ import annotations

import difflib
import re
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from plp.errors import UsageError
from plp.format.layout import SCHOOL_FILE, TEMPLATES_DIR, student_ids


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` → ``(2, 4)``: the second of four shards."""
    match = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise UsageError(f"--shard takes K/N with 1 <= K <= N, like 2/4 (not '{text}')")
    return int(match[1]), int(match[2])


def in_shard(student: str, shard: tuple[int, int]) -> bool:
    """Whether ``student`` belongs to shard K of N. A student's shard depends on its id
    alone, so adding a student never moves the others to another runner."""
    number, count = shard
    return zlib.crc32(student.encode()) % count == number - 1


def changed_students(plans: Path, ref: str) -> set[str] | None:
    """The students whose files differ from ``ref`` (committed, staged, unstaged or new);
    ``None`` when a school-wide file changed, so every site must be rebuilt."""
    from plp.history.git_access import git_problem
    from plp.history.gitlog import GitError, git, top_level

    if not ref or ref.startswith("-"):
        raise UsageError(
            f"--changed-since takes a Git revision such as origin/main or a commit id, not '{ref}'"
        )
    problem = git_problem(plans)
    if problem:
        raise UsageError(f"--changed-since: {problem}")
    top = top_level(plans)
    if top is None:
        raise UsageError(f"--changed-since needs a Git repository; {plans} is not in one")
    rel = plans.resolve().relative_to(top.resolve()).as_posix()
    try:  # a revision, never an option: git sees the commit id only
        commit = git(top, "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}")
    except GitError:
        raise UsageError(
            f"--changed-since: '{ref}' is not a commit of this repository (a branch, tag or "
            "commit id; a CI checkout may need the whole history, fetch-depth: 0)"
        ) from None
    try:
        pathspec = ("--literal-pathspecs",)  # the folder's name is a name, never a pattern
        names = git(top, *pathspec, "diff", "-z", "--name-only", "--no-renames",
                    commit.strip(), "--", rel).split("\0")  # fmt: skip
        names += git(top, *pathspec, "ls-files", "-z", "--others", "--exclude-standard",
                     "--", rel).split("\0")  # fmt: skip
    except GitError as error:
        raise UsageError(f"--changed-since {ref}: {error}") from None
    students: set[str] = set()
    for name in filter(None, names):
        parts = PurePosixPath(name).relative_to(rel).parts
        if not parts:
            continue
        if parts[0] in (SCHOOL_FILE, TEMPLATES_DIR):
            return None
        if not parts[0].startswith(("_", ".")) and len(parts) > 1:
            students.add(parts[0])
    return students


def unknown_student(student_id: str, known: Sequence[str]) -> str:
    """The message for a student id that is not in the plans folder, with the nearest."""
    guess = difflib.get_close_matches(student_id, list(known), n=1, cutoff=0.6)
    if guess:
        return f"there is no plan for '{student_id}'. Did you mean '{guess[0]}'?"
    if known:
        shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
        return f"there is no plan for '{student_id}'; the students are: {shown}"
    return f"there is no plan for '{student_id}': there are no students yet"


def select_students(
    plans: Path,
    named: Iterable[str] = (),
    shard: tuple[int, int] | None = None,
    changed_since: str | None = None,
) -> list[str]:
    """The students to build, sorted; every filter given narrows the selection."""
    everyone = [s for s in student_ids(plans) if (plans / s / "plan.md").is_file()]
    chosen = list(everyone)
    named = list(named)
    if named:
        unknown = sorted(set(named) - set(everyone))
        if unknown:
            raise UsageError("; ".join(unknown_student(s, everyone) for s in unknown))
        chosen = [s for s in chosen if s in named]
    if shard is not None:
        chosen = [s for s in chosen if in_shard(s, shard)]
    if changed_since is not None:
        changed = changed_students(plans, changed_since)
        if changed is not None:
            chosen = [s for s in chosen if s in changed]
    return chosen

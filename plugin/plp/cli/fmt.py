"""``plp fmt``: put plan files in the canonical form the web editor also writes."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path, PurePosixPath

from plp.cli.validate import find_plans_root
from plp.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from plp.format.canonical import canonical_text
from plp.format.documents import DocumentProblem, decode, read_bytes
from plp.format.layout import MARKDOWN_KINDS, find_plans_folder, plan_files, walk


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "fmt",
        help="write plan files in the canonical form (keys in the schema's order)",
        description=(
            "Rewrite the fields of plan files (plan.md, weeks, reflections, evidence, "
            "conferences, feedback) in the canonical form the web editor also writes: keys "
            "in the schema's order, two-space indentation, no wrapped lines, quotes only "
            "where YAML readers could disagree. The Markdown text is kept byte for byte; "
            "formatting twice changes nothing. _school.yml and templates are left alone."
        ),
    )
    command.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders to format"
    )
    command.add_argument(
        "--plans",
        type=Path,
        default=None,
        metavar="DIR",
        help="the plans folder (default: the one the paths are in, or plans/ here or above)",
    )
    command.add_argument(
        "--check",
        action="store_true",
        help="change nothing; list the files that are not in canonical form and exit 1 (for CI)",
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    paths: list[Path] = args.paths
    if args.plans is not None:
        root: Path = args.plans
    elif paths:
        root = find_plans_root(paths)
    else:
        root = find_plans_folder(Path.cwd()) or Path("plans")
    if not root.is_dir():
        raise UsageError(f"{root}: no such plans folder; name it with --plans DIR")
    files = [f for f in plan_files(root, _selected(root, paths)) if f.kind in MARKDOWN_KINDS]
    status = EXIT_OK
    changed = 0
    for file in files:
        path = root / file.rel
        if path.is_symlink():
            print(f"{path}: a link; plp fmt does not follow links, left alone", file=sys.stderr)
            continue
        try:
            text = decode(read_bytes(path))
            canonical = canonical_text(text, file.kind)
        except DocumentProblem as problem:
            position = problem.position
            print(f"{path}:{position.line}:{position.column}: {problem.message}")
            if problem.hint:
                print(f"  hint: {problem.hint}")
            status = EXIT_FINDINGS
            continue
        if canonical == text:
            continue
        changed += 1
        if args.check:
            print(f"{path}: not in canonical form (run plp fmt {path})")
            status = EXIT_FINDINGS
        else:
            _replace(path, canonical)
            print(f"{path}: formatted")
    verb = "to format" if args.check else "formatted"
    print(f"{len(files)} files checked, {changed} {verb}.", file=sys.stderr)
    return status


def _selected(root: Path, paths: list[Path]) -> list[PurePosixPath] | None:
    """The files under ``root`` that ``paths`` name (folders: every file in them)."""
    if not paths:
        return None
    top = root.resolve()
    rels: list[PurePosixPath] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        try:
            rel = PurePosixPath(path.resolve().relative_to(top).as_posix())
        except ValueError:
            raise UsageError(f"{path}: not inside the plans folder {root}") from None
        if path.is_dir():
            rels += [rel / inner for inner in walk(path)]
        else:
            rels.append(rel)
    return rels


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` in one step: a reader never sees half a file."""
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

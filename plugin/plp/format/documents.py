"""Reading plan files: bytes to text, text to frontmatter fields and a Markdown body.

The same functions read files from the working tree (validation, sites) and blobs from
Git history, so both see a file exactly alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from plp.format.layout import Kind, PlanFile
from plp.format.yaml_reader import Position, YamlData, YamlProblem, read_yaml

#: Larger files are refused before they are read.
MAX_FILE_BYTES = 1024 * 1024

_BOM = b"\xef\xbb\xbf"
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
#: The lines Git writes around both sides of a merge conflict (``=======`` alone is also a
#: Markdown heading underline, so only these two tell a conflict).
_CONFLICT_MARKER = re.compile(r"^(?:<{7}|>{7})(?: .*)?$", re.MULTILINE)


class DocumentProblem(YamlProblem):
    """A file that cannot be read as a plan file at all (bad YAML is one of the ways)."""

    @classmethod
    def from_yaml(cls, problem: YamlProblem) -> DocumentProblem:
        return cls(problem.code, problem.message, problem.position, problem.hint)


@dataclass(slots=True)
class Document:
    """A parsed plan file: its frontmatter fields (with positions) and its body."""

    rel: PurePosixPath
    kind: Kind
    fields: dict[str, Any]
    yaml: YamlData = field(default_factory=lambda: YamlData({}))
    body: str = ""
    #: The line of the file on which the body starts.
    body_line: int = 1

    @property
    def student(self) -> str | None:
        return PlanFile(self.rel, self.kind).student


def decode(data: bytes) -> str:
    """UTF-8 text with or without a byte-order mark; CRLF line ends become LF."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data))
    data = data.removeprefix(_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise DocumentProblem(
            "encoding",
            f"this file is not UTF-8 text (byte 0x{data[error.start]:02x})",
            Position(line, column),
            "Save the file as UTF-8 in your editor (most editors offer it under 'Save as' or "
            "'Encoding').",
        ) from None
    return text.replace("\r\n", "\n")


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, refusing files over :data:`MAX_FILE_BYTES` before reading."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _too_large(size)
    return path.read_bytes()


def _too_large(size: int) -> DocumentProblem:
    return DocumentProblem(
        "too-large",
        f"this file is {size / 1024 / 1024:.1f} MiB; plan files may be at most 1 MiB",
        Position(1, 1),
        "Keep large files (videos, big images) outside the plan, or make them smaller.",
    )


def split_frontmatter(text: str) -> tuple[str, str, int]:
    """``(frontmatter, body, body_line)`` of a Markdown file that starts with ``---``."""
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip() != "---":
        raise DocumentProblem(
            "frontmatter-missing",
            "the file does not start with a '---' line",
            Position(1, 1),
            "Plan files start with '---', then the fields, then another '---', then the text.",
        )
    closing = _FENCE.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        raise DocumentProblem(
            "frontmatter-unclosed",
            "the fields at the top are not closed by a '---' line",
            Position(1, 1),
            "Add a line with only '---' after the last field.",
        )
    frontmatter = text[first_end + 1 : closing.start()]
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, body_start) + 1
    return frontmatter, text[body_start:], body_line


def check_conflict_markers(text: str) -> None:
    """Raise :class:`DocumentProblem` at the first line Git marks as a merge conflict."""
    marker = _CONFLICT_MARKER.search(text)
    if marker is None:
        return
    line = text.count("\n", 0, marker.start()) + 1
    raise DocumentProblem(
        "merge-conflict",
        "this file has Git merge-conflict markers (<<<<<<<, =======, >>>>>>>): two changes "
        "to the same lines were not reconciled",
        Position(line, 1),
        "Resolve the merge conflict: keep the lines you want from between the markers, "
        "delete the three marker lines, then git add the file and commit.",
    )


def parse(rel: PurePosixPath, kind: Kind, text: str) -> Document:
    """Parse the text of a plan file of ``kind``; raises :class:`DocumentProblem`."""
    check_conflict_markers(text)
    if kind is Kind.SCHOOL:
        frontmatter, body, body_line, first_line = text, "", 1, 1
    else:
        frontmatter, body, body_line = split_frontmatter(text)
        first_line = 2
    try:
        data = read_yaml(frontmatter, first_line=first_line)
    except YamlProblem as problem:
        raise DocumentProblem.from_yaml(problem) from None
    if data.value is None:
        data.value = {}
    if not isinstance(data.value, dict):
        raise DocumentProblem(
            "not-a-mapping",
            "the fields at the top must be 'name: value' lines, not a list or a single value",
            data.position(()),
            "Write each field on its own line as 'name: value'.",
        )
    return Document(rel, kind, data.value, data, body, body_line)


def read(root: Path, file: PlanFile) -> Document:
    """Read and parse the file ``file`` of the plans folder ``root``."""
    return parse(file.rel, file.kind, decode(read_bytes(root / file.rel)))

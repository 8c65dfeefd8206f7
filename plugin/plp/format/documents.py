"""Reading plan files: bytes to text, text to frontmatter fields and a Markdown body.

The same functions read files from the working tree (validation, sites) and blobs from
Git history, so both see a file exactly alike.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from plp.format.layout import Kind, PlanFile
from plp.format.yaml_reader import Position, YamlData, YamlProblem, read_yaml

#: Larger files are refused before they are read.
MAX_FILE_BYTES = 1024 * 1024

_BOM = b"\xef\xbb\xbf"
#: Characters a plan file may not hold: control characters (tab and line ends aside),
#: which hide text or drive a terminal, and the line separators that YAML counts as line
#: ends while editors and plp do not (they would shift every later line number).
_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_CHARACTER_NAMES = {"\x00": "a NUL byte", "\x1b": "an escape character (ESC)"}
#: The control bytes of UTF-8 text, and the first bytes of the forbidden characters past
#: ASCII: without any of them, a file holds none of the characters above (a quick test).
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_FORBIDDEN_PREFIXES = (b"\xc2", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
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
    text = text.replace("\r\n", "\n")
    if "\r" in text:  # old Mac line ends: a line end for editors and YAML alike
        text = text.replace("\r", "\n")
    if len(data.translate(None, _CONTROL_BYTES)) < len(data) or any(
        prefix in data for prefix in _FORBIDDEN_PREFIXES
    ):
        forbidden = _FORBIDDEN_CHARACTERS.search(text)
        if forbidden is not None:
            raise _forbidden_character(text, forbidden.start())
    return text


def _forbidden_character(text: str, offset: int) -> DocumentProblem:
    character = text[offset]
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    unnamed = f"an invisible control character (U+{ord(character):04X})"
    name = _CHARACTER_NAMES.get(character, unnamed)
    return DocumentProblem(
        "control-character",
        f"the file holds {name}",
        Position(line, column),
        "Delete it: it is invisible in most editors (it often comes from copying text out "
        "of a PDF or a web page), and YAML would count some of these as line ends.",
    )


def read_bytes(path: Path, root: Path | None = None) -> bytes:
    """The bytes of ``path``, refusing files over :data:`MAX_FILE_BYTES` before reading.

    Only regular files are read (a link to ``/dev/zero`` or a named pipe would never end),
    and at most one byte over the limit, whatever size the file system reports. Given
    ``root``, a link that leads out of it is refused before anything is read from it.
    """
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        if root is not None and not path.resolve().is_relative_to(root.resolve()):
            raise DocumentProblem(
                "path-outside",
                "this file is a link to a file outside the plans folder",
                Position(1, 1),
                "plp reads only files inside the plans folder: copy the file here instead of "
                "linking to it.",
            )
        info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise DocumentProblem(
            "not-a-file",
            "this is not a regular file (a device, a pipe or a socket)",
            Position(1, 1),
            "Replace it with a plain text file.",
        )
    if info.st_size > MAX_FILE_BYTES:
        raise _too_large(info.st_size)
    with path.open("rb") as stream:  # a read sized by the file, in case it grew meanwhile
        data = stream.read(info.st_size + 1)
        if len(data) > info.st_size:
            data += stream.read(MAX_FILE_BYTES + 1 - len(data))
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data), at_least=True)
    return data


def _too_large(size: int, *, at_least: bool = False) -> DocumentProblem:
    more = "more than " if at_least else ""
    return DocumentProblem(
        "too-large",
        f"this file is {more}{size / 1024 / 1024:.1f} MiB; plan files may be at most 1 MiB",
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


#: The school file last parsed, by its path and text. Reading one student's plans reads
#: the school file too, and a school's rosters name every student: read for each of a
#: thousand students' sites, the same file would be parsed a thousand times.
_last_school: tuple[PurePosixPath, str, Document] | None = None


def parse(rel: PurePosixPath, kind: Kind, text: str) -> Document:
    """Parse the text of a plan file of ``kind``; raises :class:`DocumentProblem`.

    The school file's document is shared by the calls that parse the same text: its
    readers never change a document."""
    global _last_school
    if kind is Kind.SCHOOL:
        last = _last_school
        if last is not None and last[0] == rel and last[1] == text:
            return last[2]
        document = _parse(rel, kind, text)
        _last_school = (rel, text, document)
        return document
    return _parse(rel, kind, text)


def _parse(rel: PurePosixPath, kind: Kind, text: str) -> Document:
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
    return parse(file.rel, file.kind, decode(read_bytes(root / file.rel, root)))

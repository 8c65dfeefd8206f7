"""Printing findings: plain text for people, GitHub annotations for pull requests, JSON.

Every format prints the same :class:`~plp.check.findings.Finding` objects; adding a format means
adding one function here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import TextIO

from plp.check.findings import Finding
from plp.words import plural

Reporter = Callable[[Sequence[Finding], int, TextIO], None]


#: Characters that must not reach a terminal or a log as they are: control characters
#: (an escape sequence can rewrite the screen) and the bidirectional controls that make
#: text read differently from what it holds.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def printable(value: str) -> str:
    """``value`` with every control character shown as an escape (``\\x1b``)."""
    return _UNPRINTABLE.sub(lambda match: ascii(match.group())[1:-1], value)


def _printable(finding: Finding) -> Finding:
    return Finding(
        printable(finding.path),
        finding.line,
        finding.column,
        printable(finding.field),
        finding.code,
        printable(finding.message),
        printable(finding.hint),
    )


def summary(findings: Sequence[Finding], files_checked: int) -> str:
    """One line: how many errors in how many files, of how many checked."""
    if not findings:
        return f"All good: {plural(files_checked, 'file')} checked, no errors."
    files = len({finding.path for finding in findings})
    return (
        f"Found {plural(len(findings), 'error')} in {plural(files, 'file')} "
        f"({plural(files_checked, 'file')} checked)."
    )


def text(findings: Sequence[Finding], files_checked: int, out: TextIO) -> None:
    """``path:line:col: field: message`` and an indented hint line, then a summary."""
    for finding in map(_printable, findings):
        where = f"{finding.path}:{finding.line}:{finding.column}:"
        field = f" {finding.field}:" if finding.field else ""
        out.write(f"{where}{field} {finding.message}\n")
        if finding.hint:
            out.write(f"    hint: {finding.hint}\n")
    out.write(summary(findings, files_checked) + "\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding], files_checked: int, out: TextIO) -> None:
    """GitHub workflow commands, so that errors show on the lines of a pull request."""
    for finding in map(_printable, findings):
        title = f"plp: {finding.field}" if finding.field else "plp"
        message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
        out.write(
            f"::error file={_escape_property(finding.path)},line={finding.line},"
            f"col={finding.column},title={_escape_property(title)}::{_escape_data(message)}\n"
        )
    out.write(summary(findings, files_checked) + "\n")


def json_list(findings: Sequence[Finding], files_checked: int, out: TextIO) -> None:
    """A JSON list of ``{path, line, column, field, code, message, hint}``."""
    json.dump([finding.to_json() for finding in findings], out, indent=2, ensure_ascii=False)
    out.write("\n")


REPORTERS: dict[str, Reporter] = {"text": text, "github": github, "json": json_list}

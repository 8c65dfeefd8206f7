"""A change's summary as Markdown (the pull request's comment), text or JSON."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

from plp.check.findings import Finding
from plp.review.summary import Entry, StudentChanges

#: Hidden in the comment: how plp finds its own comment again to edit it.
MARKER = "<!-- plp-diff -->"


class Summary:
    """What ``plp diff`` shows: the range, each student's entries and validation."""

    def __init__(
        self,
        described: str,
        students: Sequence[StudentChanges],
        school: Sequence[Entry],
        findings: Mapping[str, list[Finding]] | None,
        link_base: str = "",
        previews: Mapping[str, str] | None = None,
    ) -> None:
        self.described = described
        self.students = list(students)
        self.school = list(school)
        self.findings = findings  # None: not validated (the head is not checked out)
        self.link_base = link_base
        self.previews = dict(previews or {})

    def _findings(self, student: str) -> list[Finding] | None:
        return None if self.findings is None else self.findings.get(student, [])

    def to_json(self) -> dict[str, Any]:
        def validation(student: str) -> dict[str, Any]:
            found = self._findings(student)
            if found is None:
                return {"checked": False}
            return {"checked": True, "ok": not found, "findings": [f.to_json() for f in found]}

        return {
            "range": self.described,
            "students": [
                {
                    "student": s.student,
                    "name": s.name,
                    "paths": s.paths,
                    "entries": [e.to_json() for e in s.entries],
                    "validation": validation(s.student),
                    **({"preview": self.previews[s.student]} if s.student in self.previews else {}),
                }
                for s in self.students
            ],
            "school": [e.to_json() for e in self.school],
        }

    def json(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"

    def markdown(self) -> str:
        lines = [MARKER, f"### What this change means ({self.described})", ""]
        if not self.students and not self.school:
            lines.append("No change to any plan.")
        for student in self.students:
            title = f"`{student.student}`"
            if student.name:
                title = f"{_md(student.name)} ({title})"
            lines += [f"#### {title}", ""]
            if student.student in self.previews:
                lines += [f"[Preview of the site]({self.previews[student.student]})", ""]
            if not student.entries:
                lines.append("- Only formatting or order changed: nothing to read.")
            for entry in student.entries:
                lines += self._markdown_entry(entry)
            lines += ["", self._markdown_validation(student.student), ""]
        if self.school:
            lines += ["#### The school's files", ""]
            lines += [f"- {_md(e.text)}" for e in self.school]
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def _link(self, path: str) -> str:
        quoted = urllib.parse.quote(path)
        return f"{self.link_base.rstrip('/')}/{quoted}" if self.link_base else quoted

    def _markdown_entry(self, entry: Entry) -> list[str]:
        pad = "  " if entry.detail else ""
        lines = [f"{pad}- {_md(entry.text)}"]
        if entry.words:
            shown = " ".join(
                _md(text) if op == "=" else f"~~{_md(text)}~~" if op == "-" else f"**{_md(text)}**"
                for op, text in entry.words
            )
            lines.append(f"  > {shown}")
        if entry.quote:
            lines += [
                f"  > {_md(line)}" if line.strip() else "  >" for line in entry.quote.splitlines()
            ]
        for text, path in entry.links:
            url = self._link(path)
            lines.append(
                f'  <a href="{_attr(url)}">'
                f'<img src="{_attr(url)}" alt="{_attr(text)}" width="160"></a>'
            )
        return lines

    def _markdown_validation(self, student: str) -> str:
        found = self._findings(student)
        if found is None:
            return "Validation: not run (the compared head is not checked out)."
        if not found:
            return "Validation: **no problems**."
        shown = [f"Validation: **{len(found)} problem(s)**", ""]
        shown += [f"- `{f.path}` line {f.line}: {_md(f.message)}" for f in found[:20]]
        if len(found) > 20:
            shown.append(f"- … and {len(found) - 20} more (run plp validate)")
        return "\n".join(shown)

    def text(self) -> str:
        lines = [f"What this change means ({self.described})"]
        if not self.students and not self.school:
            lines.append("No change to any plan.")
        for student in self.students:
            lines += [
                "",
                f"{student.name} ({student.student})" if student.name else student.student,
            ]
            if student.student in self.previews:
                lines.append(f"  preview: {self.previews[student.student]}")
            if not student.entries:
                lines.append("  Only formatting or order changed: nothing to read.")
            for entry in student.entries:
                lines.append(f"  {'  ' if entry.detail else ''}- {entry.text}")
                if entry.words:
                    lines.append("      " + " ".join(
                        text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}"
                        for op, text in entry.words
                    ))  # fmt: skip
                lines += [f"      | {line}".rstrip() for line in entry.quote.splitlines()]
                lines += [f"      picture: {self._link(path)}" for _, path in entry.links]
            found = self._findings(student.student)
            if found is None:
                lines.append("  Validation: not run (the compared head is not checked out).")
            elif not found:
                lines.append("  Validation: no problems.")
            else:
                lines.append(f"  Validation: {len(found)} problem(s)")
                lines += [f"    {f.path}:{f.line}: {f.message}" for f in found]
        if self.school:
            lines += ["", "The school's files"] + [f"  - {e.text}" for e in self.school]
        return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text shown as itself in Markdown: no markup, no HTML, no mention that pings."""
    out = text.replace("\\", "\\\\")
    for char in "`*_[]<>#|~":
        out = out.replace(char, "\\" + char)
    return out.replace("@", "@\u200b")


def _attr(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )

"""Evidence of learning as a gallery: images shown, other files linked."""

from __future__ import annotations

import base64
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from markupsafe import Markup

from plp.check.html_policy import attachment_problem
from plp.dates import long_date
from plp.format.documents import MAX_FILE_BYTES, DocumentProblem, read_bytes
from plp.format.records import Evidence, StudentRecord
from plp.portfolio import html, paths
from plp.portfolio.markdown import render
from plp.portfolio.model import Attachment, Page, TocEntry, href

IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"})
#: Files a browser shows as they are (a PDF viewer, plain text); others are downloaded.
SHOWN_TYPES = frozenset({".pdf", ".txt"})
#: How many bytes of SVG images one evidence page shows inline, in all; an SVG is shown
#: only up to :data:`~plp.format.documents.MAX_FILE_BYTES`. Past either, the name is shown instead.
MAX_INLINE_BYTES = 2 * 1024 * 1024


def _names(evidence: Evidence) -> list[str]:
    """The evidence's files that a site may hold (see :mod:`plp.check.html_policy`), each once."""
    return [name for name in dict.fromkeys(evidence.files) if attachment_problem(name) is None]


def publishable(evidence: Evidence, record: StudentRecord) -> list[Attachment]:
    """The files of ``evidence`` to copy into the site: those of an allowed type only.

    SVG images are not copied: an SVG opened on its own can run a script, however
    carefully it is checked. They are shown inside ``<img>`` (see :func:`inline_images`),
    where browsers never run anything.
    """
    found = []
    for name in _names(evidence):
        source = record.folder / "evidence" / name
        if PurePosixPath(name).suffix.lower() == ".svg" or not _regular_inside(source, record):
            continue
        found.append(Attachment(source, paths.attachment(name)))
    return found


def _regular_inside(source: Path, record: StudentRecord) -> bool:
    return (
        source.is_file()
        and not source.is_symlink()
        and source.resolve().is_relative_to(record.folder.resolve())
    )


def inline_images(
    evidence: Evidence, record: StudentRecord, budget: list[int] | None = None
) -> list[tuple[str, str]]:
    """``(name, data: URL)`` of the evidence's SVG images, to show inside ``<img>`` only;
    an empty URL for one too large to show. ``budget`` holds the bytes still allowed."""
    budget = budget if budget is not None else [MAX_INLINE_BYTES]
    found = []
    for name in _names(evidence):
        source = record.folder / "evidence" / name
        if PurePosixPath(name).suffix.lower() != ".svg" or not _regular_inside(source, record):
            continue
        try:
            data = read_bytes(source, record.folder)
        except (DocumentProblem, OSError):
            data = b"x" * (MAX_FILE_BYTES + 1)  # unreadable or too large: not shown
        if len(data) > budget[0] or len(data) > MAX_FILE_BYTES:
            found.append((name, ""))
            continue
        budget[0] -= len(data)
        encoded = base64.b64encode(data).decode("ascii")
        found.append((name, f"data:image/svg+xml;base64,{encoded}"))
    return found


def _image(evidence: Evidence, name: str, url: str) -> Markup:
    if not url:
        return html.paragraph(f"{name} (too large to show on this page)")
    return Markup(
        '<figure><img src="{0}" alt="{1}" loading="lazy"><figcaption>{2}</figcaption></figure>'
    ).format(url, f"{evidence.title} ({name})", name)


def _figure(evidence: Evidence, attachment: Attachment) -> Markup:
    url = quote(href(paths.EVIDENCE, attachment.path))
    name = PurePosixPath(attachment.path).name
    if PurePosixPath(name).suffix.lower() in IMAGE_TYPES:
        return _image(evidence, name, url)
    size = attachment.source.stat().st_size
    if PurePosixPath(name).suffix.lower() in SHOWN_TYPES:
        link = html.link(url, f"Open {name}")
    else:  # an office document: saved, not opened in the browser
        link = Markup('<a href="{0}" download>Download {1}</a>').format(url, name)
    return Markup("<p>{0} <small>({1})</small></p>").format(link, _size(size))


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def evidence_page(record: StudentRecord) -> tuple[Page, list[Attachment]]:
    toc: list[TocEntry] = []
    cards = []
    attachments: list[Attachment] = []
    budget = [MAX_INLINE_BYTES]
    for evidence in reversed(record.evidence):
        anchor = paths.evidence_anchor(evidence)
        toc.append(TocEntry(anchor, evidence.title))
        files = publishable(evidence, record)
        attachments += files
        goals = [
            html.link(href(paths.EVIDENCE, paths.goal_page(goal.id)), goal.title)
            for goal in map(record.goal, evidence.goals)
            if goal is not None
        ]
        cards.append(
            Markup('<article class="plp-card">{0}{1}{2}{3}</article>').format(
                html.heading(2, evidence.title, anchor),
                html.definition_list(
                    [
                        ("Date", long_date(evidence.date)),
                        ("Kind", evidence.kind.replace("-", " ")),
                        ("Goals", Markup(", ").join(goals)),
                        ("Standards", ", ".join(evidence.standards)),
                    ]
                ),
                render(evidence.caption, shift_headings=2),
                html.join(
                    _image(evidence, n, u) for n, u in inline_images(evidence, record, budget)
                )
                + html.join(_figure(evidence, a) for a in files),
            )
        )
    body = html.join(cards) if cards else html.paragraph("No evidence yet.")
    return Page(paths.EVIDENCE, "Evidence", body, toc), attachments

"""Evidence of learning as a gallery: images shown, other files linked."""

from __future__ import annotations

import base64
from pathlib import PurePosixPath
from urllib.parse import quote

from markupsafe import Markup

from plp.check.html_policy import ACTIVE_FILE_TYPES
from plp.format.records import Evidence, StudentRecord
from plp.portfolio import html, paths
from plp.portfolio.markdown import render
from plp.portfolio.model import Attachment, Page, TocEntry, href

IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})


#: Names MkDocs would read as pages of the site: never copied as files.
MARKDOWN_TYPES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn"})


def publishable(evidence: Evidence, record: StudentRecord) -> list[Attachment]:
    """The files of ``evidence`` to copy into the site: those that cannot run as a page.

    SVG images are not copied either: an SVG opened on its own can run a script, however
    carefully it is checked. They are shown inside ``<img>`` (see :func:`_figure`), where
    browsers never run anything.
    """
    found = []
    for name in evidence.files:
        source = record.folder / "evidence" / name
        suffix = PurePosixPath(name).suffix.lower()
        if suffix in ACTIVE_FILE_TYPES | MARKDOWN_TYPES | {".svg"} or not source.is_file():
            continue
        found.append(Attachment(source, paths.attachment(name)))
    return found


def inline_images(evidence: Evidence, record: StudentRecord) -> list[tuple[str, str]]:
    """``(name, data: URL)`` of the evidence's SVG images, to show inside ``<img>`` only."""
    found = []
    for name in evidence.files:
        source = record.folder / "evidence" / name
        if PurePosixPath(name).suffix.lower() == ".svg" and source.is_file():
            encoded = base64.b64encode(source.read_bytes()).decode("ascii")
            found.append((name, f"data:image/svg+xml;base64,{encoded}"))
    return found


def _image(evidence: Evidence, name: str, url: str) -> Markup:
    return Markup(
        '<figure><img src="{0}" alt="{1}" loading="lazy"><figcaption>{2}</figcaption></figure>'
    ).format(url, f"{evidence.title} ({name})", name)


def _figure(evidence: Evidence, attachment: Attachment) -> Markup:
    url = quote(href(paths.EVIDENCE, attachment.path))
    name = PurePosixPath(attachment.path).name
    if PurePosixPath(name).suffix.lower() in IMAGE_TYPES:
        return _image(evidence, name, url)
    size = attachment.source.stat().st_size
    return Markup("<p>{0} <small>({1})</small></p>").format(
        html.link(url, f"Open {name}"), _size(size)
    )


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
                        ("Date", html.long_date(evidence.date)),
                        ("Kind", evidence.kind.replace("-", " ")),
                        ("Goals", Markup(", ").join(goals)),
                        ("Standards", ", ".join(evidence.standards)),
                    ]
                ),
                render(evidence.caption, shift_headings=2),
                html.join(_image(evidence, n, u) for n, u in inline_images(evidence, record))
                + html.join(_figure(evidence, a) for a in files),
            )
        )
    body = html.join(cards) if cards else html.paragraph("No evidence yet.")
    return Page(paths.EVIDENCE, "Evidence", body, toc), attachments

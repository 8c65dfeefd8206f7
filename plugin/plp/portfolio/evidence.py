"""Evidence of learning as a gallery: images shown, other files linked."""

from __future__ import annotations

from pathlib import PurePosixPath

from markupsafe import Markup

from plp.html_policy import ACTIVE_FILE_TYPES, svg_is_passive
from plp.portfolio import html, paths
from plp.portfolio.markdown import render
from plp.portfolio.model import Attachment, Page, TocEntry, href
from plp.records import Evidence, StudentRecord

IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})


def publishable(evidence: Evidence, record: StudentRecord) -> list[Attachment]:
    """The files of ``evidence`` to copy into the site: passive types that exist."""
    found = []
    for name in evidence.files:
        source = record.folder / "evidence" / name
        suffix = PurePosixPath(name).suffix.lower()
        if suffix in ACTIVE_FILE_TYPES or not source.is_file():
            continue
        if suffix == ".svg" and not svg_is_passive(source.read_bytes()):
            continue
        found.append(Attachment(source, paths.attachment(name)))
    return found


def _figure(evidence: Evidence, attachment: Attachment) -> Markup:
    url = href(paths.EVIDENCE, attachment.path)
    name = PurePosixPath(attachment.path).name
    if PurePosixPath(name).suffix.lower() in IMAGE_TYPES:
        return Markup(
            '<figure><img src="{0}" alt="{1}" loading="lazy"><figcaption>{2}</figcaption></figure>'
        ).format(url, f"{evidence.title} ({name})", name)
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
                html.join(_figure(evidence, a) for a in files),
            )
        )
    body = html.join(cards) if cards else html.paragraph("No evidence yet.")
    return Page(paths.EVIDENCE, "Evidence", body, toc), attachments

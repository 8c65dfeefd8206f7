"""Evidence of learning as a gallery: images shown, other files linked."""

from __future__ import annotations

import base64
import re
import stat
from html import unescape
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from plp.check.html_policy import attachment_problem
from plp.dates import long_date
from plp.format.documents import MAX_FILE_BYTES, DocumentProblem, read_bytes
from plp.format.layout import is_inside
from plp.format.records import Evidence, StudentRecord
from plp.portfolio import html, paths
from plp.portfolio.markdown import render
from plp.portfolio.markup import Markup
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
    """Whether ``source`` is a regular file (not a link) in the student's folder."""
    try:
        regular = stat.S_ISREG(source.lstat().st_mode)
    except OSError:
        return False
    return regular and is_inside(source, record.folder)


def inline_images(
    evidence: Evidence, record: StudentRecord, budget: list[int] | None = None
) -> list[tuple[str, str, str]]:
    """``(name, data: URL, description)`` of the evidence's SVG images, to show inside
    ``<img>`` only; the description is the SVG's own ``<title>`` ("" without one), and the
    URL is empty for one too large to show. ``budget`` holds the bytes still allowed."""
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
            found.append((name, "", ""))
            continue
        budget[0] -= len(data)
        encoded = base64.b64encode(data).decode("ascii")
        match = _SVG_TITLE.search(data.decode("utf-8", errors="replace"))
        title = " ".join(unescape(match[1]).split()) if match else ""
        found.append((name, f"data:image/svg+xml;base64,{encoded}", title))
    return found


_SVG_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)


def alt_text(evidence: Evidence, description: str = "") -> str:
    """What an image shows, in the student's words: the SVG's title or the caption's first
    sentence, after the evidence's title; never a file name."""
    if not description:
        plain = " ".join(re.sub(r"[#*_`>\[\]()!]", " ", evidence.caption).split())
        description = re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0] if plain else ""
    if description and description != evidence.title:
        return f"{evidence.title}: {description}"
    return evidence.title


def _image(evidence: Evidence, url: str, description: str = "") -> Markup:
    """The image as a thumbnail that opens to full size: the "See full size" button
    (a summary, so Enter and Space work) widens the card and the image (plp.css)."""
    if not url:
        return html.paragraph(f"An image of {evidence.title} (too large to show on this page)")
    return Markup(
        '<img class="plp-thumb" src="{0}" alt="{1}" loading="lazy">'
        '<details class="plp-zoom"><summary>See full size</summary></details>'
    ).format(url, alt_text(evidence, description))


def _figure(evidence: Evidence, attachment: Attachment) -> Markup:
    url = quote(href(paths.EVIDENCE, attachment.path))
    name = PurePosixPath(attachment.path).name
    if PurePosixPath(name).suffix.lower() in IMAGE_TYPES:
        return _image(evidence, url)
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


def _kind_words(kind: str) -> str:
    return kind.replace("-", " ").capitalize() if kind else "Other"


def _filters(record: StudentRecord) -> Markup:
    """Checkboxes by kind and by goal, and the rules that hide what is unchecked (per
    page: the kinds and goals are the student's own)."""
    kinds = sorted({e.kind or "other" for e in record.evidence})
    goals = [g for g in record.plan.goals if any(g.id in e.goals for e in record.evidence)]
    boxes = [("kind", k, _kind_words(k)) for k in kinds] + [("goal", g.id, g.title) for g in goals]
    rules = "".join(
        f".plp-gallery:has(#plp-show-{group}-{html.slug(key)}:not(:checked)) "
        f".plp-{group}-{html.slug(key)}{{display:none}}"
        for group, key, _ in boxes
    )
    by_kind = html.join(
        Markup('<label><input type="checkbox" id="plp-show-kind-{0}" checked> {1}</label>').format(
            html.slug(key), words
        )
        for group, key, words in boxes
        if group == "kind"
    )
    by_goal = html.join(
        Markup('<label><input type="checkbox" id="plp-show-goal-{0}" checked> {1}</label>').format(
            html.slug(key), words
        )
        for group, key, words in boxes
        if group == "goal"
    )
    return Markup(
        '<style>{0}</style><fieldset class="plp-filters"><legend>Kinds</legend>{1}</fieldset>{2}'
    ).format(
        Markup(rules),
        by_kind,
        Markup('<fieldset class="plp-filters"><legend>Goals</legend>{0}</fieldset>').format(by_goal)
        if goals
        else "",
    )


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
        goals = [goal for goal in map(record.goal, evidence.goals) if goal is not None]
        classes = " ".join(
            [f"plp-kind-{html.slug(evidence.kind or 'other')}"]
            + [f"plp-goal-{html.slug(goal.id)}" for goal in goals]
        )
        tags = html.join(
            [Markup('<span class="plp-tag">{0}</span>').format(_kind_words(evidence.kind))]
            + [
                Markup('<span class="plp-tag">{0}</span>').format(
                    html.link(href(paths.EVIDENCE, paths.goal_page(goal.id)), goal.title)
                )
                for goal in goals
            ]
        )
        images = html.join(
            _image(evidence, url, title)
            for _, url, title in inline_images(evidence, record, budget)
        ) + html.join(_figure(evidence, a) for a in files)
        cards.append(
            Markup(
                '<li class="plp-evidence {0}"><article>{1}{2}'
                '<p class="plp-evidence__meta"><time datetime="{3}">{4}</time> {5}</p>'
                '<div class="plp-evidence__caption">{6}</div>{7}</article></li>'
            ).format(
                classes,
                images,
                html.heading(2, evidence.title, anchor),
                evidence.date,
                long_date(evidence.date),
                tags,
                render(evidence.caption, shift_headings=2),
                Markup('<p class="plp-standards"><small>Standards: {0}</small></p>').format(
                    "; ".join(map(record.standard_text, evidence.standards))
                )
                if evidence.standards
                else "",
            )
        )
    if not cards:
        return Page(paths.EVIDENCE, "Evidence", html.paragraph("No evidence yet."), toc), []
    body = Markup('<div class="plp-gallery">{0}<ul class="plp-cards">{1}</ul></div>').format(
        _filters(record), html.join(cards)
    )
    return Page(paths.EVIDENCE, "Evidence", body, toc), attachments

"""The staff dashboard's pages: plain HTML with its own style and a small sorting script.

Nothing is asked of another host: the style and the script are in the page, the charts
are inline SVG with a table of their data as the text alternative. Every text from a plan
is escaped. A roster's page holds only that roster's students.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from plp.dashboard.completion import WeekCompletion
from plp.dashboard.rows import StudentRow

_STYLE = """
body{font-family:system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0;line-height:1.45}
header{background:#283593;color:#fff;padding:.75rem 1.5rem}
header a{color:#fff}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.5rem 0 0;padding:0}
nav a[aria-current]{font-weight:700}
main{padding:1rem 1.5rem;max-width:80rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid #c5c5c5;padding:.3rem .6rem;text-align:left;vertical-align:top}
th button{font:inherit;font-weight:700;background:none;border:0;padding:0;color:#1a237e;
cursor:pointer;text-decoration:underline}
th[aria-sort=ascending] button::after{content:" \\25B2"}
th[aria-sort=descending] button::after{content:" \\25BC"}
.plp-talk li{margin:.25rem 0}
figure{margin:0 0 1rem}
svg text{font:12px system-ui,sans-serif;fill:#1a1a1a}
"""

_SORT_SCRIPT = """
document.querySelectorAll("table.plp-sortable").forEach(function (table) {
  var heads = table.querySelectorAll("thead th");
  heads.forEach(function (th, column) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute("data-sort") || "";
        var y = b.cells[column].getAttribute("data-sort") || "";
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return ascending ? c : -c;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""

_COLUMNS = (
    "Student",
    "Goals",
    "Overdue goals",
    "Last reflection",
    "Confidence",
    "This week done",
    "Checklist",
)


@dataclass(frozen=True, slots=True)
class RosterLink:
    name: str
    file: str  # rosters/<slug>.html


def page(
    *,
    title: str,
    school: str,
    today: dt.date,
    rosters: Sequence[RosterLink],
    current: str,
    prefix: str,
    rows: Sequence[StudentRow],
    charts: Sequence[tuple[str, list[WeekCompletion]]],
) -> str:
    """One dashboard page: ``rows`` of students, their conversations, ``charts`` per roster.
    ``prefix`` leads from this page to the dashboard's top ("" or "../")."""
    links = [
        _nav_link(f"{prefix}index.html", "All students", current == "index.html"),
        *(_nav_link(f"{prefix}{r.file}", r.name, current == r.file) for r in rosters),
    ]
    body = Markup("").join(
        [
            Markup("<h1>{0}</h1>").format(title),
            _conversations(rows),
            _table(rows),
            _charts(charts),
        ]
    )
    return str(
        Markup(
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="robots" content="noindex">'
            '<link rel="icon" href="data:,">'  # no request for /favicon.ico
            "<title>{0} · {1}</title><style>{2}</style></head><body>"
            "<header><p>{1}: staff dashboard, as of {3}. Private: for the school's staff.</p>"
            '<nav aria-label="Rosters"><ul>{4}</ul></nav></header>'
            "<main>{5}</main><script>{6}</script></body></html>\n"
        ).format(
            title,
            school or "School",
            Markup(_STYLE),
            today.isoformat(),
            Markup("").join(links),
            body,
            Markup(_SORT_SCRIPT),
        )
    )


def _nav_link(href: str, text: str, current: bool) -> Markup:
    if current:
        return Markup('<li><a href="{0}" aria-current="page">{1}</a></li>').format(href, text)
    return Markup('<li><a href="{0}">{1}</a></li>').format(href, text)


def _conversations(rows: Sequence[StudentRow]) -> Markup:
    flagged = [row for row in rows if row.reasons]
    if not flagged:
        items = Markup("<p>Nobody right now.</p>")
    else:
        items = Markup('<ul class="plp-talk">{0}</ul>').format(
            Markup("").join(
                Markup("<li><strong>{0}</strong> ({1}): {2}</li>").format(
                    row.name, row.student, "; ".join(row.reasons)
                )
                for row in flagged
            )
        )
    return Markup(
        '<section aria-labelledby="talk"><h2 id="talk">Needs a conversation ({0})</h2>{1}</section>'
    ).format(len(flagged), items)


def _table(rows: Sequence[StudentRow]) -> Markup:
    head = Markup("").join(
        Markup('<th scope="col"><button type="button">{0}</button></th>').format(name)
        for name in _COLUMNS
    )
    body = Markup("").join(_row(row) for row in rows)
    return Markup(
        '<section aria-labelledby="students"><h2 id="students">Students ({0})</h2>'
        '<table class="plp-sortable"><caption>One row per student; the buttons in the '
        "heading sort the table</caption><thead><tr>{1}</tr></thead><tbody>{2}</tbody>"
        "</table></section>"
    ).format(len(rows), head, body)


def _row(row: StudentRow) -> Markup:
    confidence = "" if row.confidence is None else f"{row.confidence} of 5"
    week = f"{row.done} of {row.total}" if row.total else "no plan"
    cells = [
        Markup('<th scope="row" data-sort="{0}">{1}</th>').format(row.name.lower(), row.name),
        _cell(row.goals_text, sum(row.goals_by_status.values())),
        _cell(", ".join(row.overdue) or "none", len(row.overdue)),
        _cell(row.last_reflection or "none", row.last_reflection or "0000"),
        _cell(confidence or "-", row.confidence if row.confidence is not None else -1),
        _cell(week, round(100 * row.done / row.total) if row.total else -1),
        _cell(f"{row.score} of {row.of}", row.score),
    ]
    return Markup("<tr>{0}</tr>").format(Markup("").join(cells))


def _cell(text: str, sort: object) -> Markup:
    return Markup('<td data-sort="{0}">{1}</td>').format(str(sort), text)


def _charts(charts: Sequence[tuple[str, list[WeekCompletion]]]) -> Markup:
    parts = [_chart(f"chart-{number}", name, weeks) for number, (name, weeks) in enumerate(charts)]
    return Markup(
        '<section aria-labelledby="completion"><h2 id="completion">Weekly completion</h2>'
        "<p>The share of required activities done, per week.</p>{0}</section>"
    ).format(Markup("").join(parts))


def _chart(anchor: str, name: str, weeks: list[WeekCompletion]) -> Markup:
    bar, gap, height, top, bottom, left = 44, 16, 120, 18, 22, 4
    width = left + len(weeks) * (bar + gap)
    bars = []
    for index, week in enumerate(weeks):
        x = left + index * (bar + gap)
        h = round(height * week.percent / 100)
        y = top + height - h
        label = f"{week.percent}%" if week.total else "none"
        bars.append(
            Markup(
                '<rect x="{0}" y="{1}" width="{2}" height="{3}" fill="#3949ab"></rect>'
                '<text x="{4}" y="{5}" text-anchor="middle">{6}</text>'
                '<text x="{4}" y="{7}" text-anchor="middle">{8}</text>'
            ).format(x, y, bar, h, x + bar // 2, y - 4, label, top + height + 16, week.week[5:])
        )
    summary = ", ".join(
        f"{w.week}: {w.percent}%" if w.total else f"{w.week}: no activities" for w in weeks
    )
    rows = Markup("").join(
        Markup('<tr><th scope="row">{0}</th><td>{1} of {2}</td><td>{3}</td></tr>').format(
            w.week, w.done, w.total, f"{w.percent}%" if w.total else "-"
        )
        for w in weeks
    )
    return Markup(
        '<figure><svg role="img" aria-labelledby="{0}-title {0}-desc" width="{1}" '
        'height="{2}" viewBox="0 0 {1} {2}"><title id="{0}-title">Weekly completion: {3}'
        '</title><desc id="{0}-desc">{4}</desc>{5}</svg>'
        "<figcaption>{3}: weekly completion</figcaption></figure>"
        "<table><caption>The data of this chart: {3}</caption><thead><tr>"
        '<th scope="col">Week</th><th scope="col">Activities done</th>'
        '<th scope="col">Share</th></tr></thead><tbody>{6}</tbody></table>'
    ).format(anchor, width, top + height + bottom, name, summary, Markup("").join(bars), rows)

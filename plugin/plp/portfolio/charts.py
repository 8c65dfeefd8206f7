"""Charts drawn by the build as inline SVG: no JavaScript, nothing fetched.

Every chart is a ``<figure>`` with a titled, described ``<svg role="img">``, a caption
that says in words what the chart shows, and its data as a table, so that a screen
reader (or a printed page) loses nothing. Colours have at least 3:1 contrast on white.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from plp.portfolio import html

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 56
#: Dark enough for 3:1 contrast on white (WCAG 1.4.11).
COLOURS = ("#0d47a1", "#1b5e20", "#6a1b9a", "#b71c1c", "#37474f", "#8d4e00")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float | None]


def _scale(maximum: float) -> tuple[float, list[float]]:
    """A round top for the value axis and its ticks: steps of 1, 2, 5, 10, 20, 50 …"""
    maximum = max(maximum, 1.0)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if maximum / step <= 5:
                top = math.ceil(maximum / step) * step
                return float(top), [float(v) for v in range(0, top + 1, step)]
        magnitude *= 10


def _frame(chart_id: str, title: str, description: str, body: Markup) -> Markup:
    return Markup(
        '<svg class="plp-chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="{i}-title {i}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{i}-title">{t}</title><desc id="{i}-desc">{d}</desc>{b}</svg>'
    ).format(w=WIDTH, h=HEIGHT, i=chart_id, t=title, d=description, b=body)


def _axes(labels: Sequence[str], ticks: list[float], top: float) -> Markup:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = []
    for tick in ticks:
        y = TOP + plot_h * (1 - tick / top)
        parts.append(
            Markup(
                '<line x1="{l}" x2="{r}" y1="{y:.1f}" y2="{y:.1f}" stroke="#cfd8dc"/>'
                '<text x="{tx}" y="{ty:.1f}" text-anchor="end" font-size="12" fill="#37474f">'
                "{v}</text>"
            ).format(l=LEFT, r=WIDTH - RIGHT, y=y, tx=LEFT - 6, ty=y + 4, v=f"{tick:g}")
        )
    step = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    every = max(1, len(labels) // 12)
    for index, label in enumerate(labels):
        if index % every:
            continue
        x = LEFT + step * (index + 0.5)
        parts.append(
            Markup(
                '<text x="{x:.1f}" y="{y}" font-size="11" fill="#37474f" text-anchor="end" '
                'transform="rotate(-40 {x:.1f} {y})">{t}</text>'
            ).format(x=x, y=HEIGHT - BOTTOM + 16, t=label)
        )
    return html.join(parts)


def _legend(series: Sequence[Series]) -> Markup:
    items = [
        Markup('<li><span class="plp-swatch" style="background:{0}"></span>{1}</li>').format(
            COLOURS[i % len(COLOURS)], s.name
        )
        for i, s in enumerate(series)
    ]
    return Markup('<ul class="plp-legend">{0}</ul>').format(html.join(items))


def _table(
    caption: str, labels: Sequence[str], series: Sequence[Series], label_head: str
) -> Markup:
    head = html.join(Markup('<th scope="col">{0}</th>').format(s.name) for s in series)
    rows = html.join(
        Markup('<tr><th scope="row">{0}</th>{1}</tr>').format(
            label,
            html.join(
                Markup("<td>{0}</td>").format("" if s.values[i] is None else f"{s.values[i]:g}")
                for s in series
            ),
        )
        for i, label in enumerate(labels)
    )
    return Markup(
        '<details class="plp-data"><summary>The data of this chart</summary><table>'
        '<caption>{0}</caption><thead><tr><th scope="col">{1}</th>{2}</tr></thead>'
        "<tbody>{3}</tbody></table></details>"
    ).format(caption, label_head, head, rows)


def bar_chart(
    chart_id: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    series: Sequence[Series],
    label_head: str,
) -> Markup:
    """Stacked bars, one stack per label."""
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(labels))]
    top, ticks = _scale(max(totals, default=0))
    plot_h = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    bars = []
    for index in range(len(labels)):
        base = 0.0
        for number, one in enumerate(series):
            value = one.values[index] or 0
            if not value:
                continue
            height = plot_h * value / top
            y = TOP + plot_h * (1 - (base + value) / top)
            bars.append(
                Markup(
                    '<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{c}"/>'
                ).format(
                    x=LEFT + step * index + step * 0.15,
                    y=y,
                    w=step * 0.7,
                    h=height,
                    c=COLOURS[number % len(COLOURS)],
                )
            )
            base += value
    body = _axes(labels, ticks, top) + html.join(bars)
    return _figure(chart_id, title, summary, body, labels, series, label_head)


def line_chart(
    chart_id: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    series: Sequence[Series],
    label_head: str,
    top: float,
) -> Markup:
    """Lines with a dot at each value (gaps where there is none)."""
    _, ticks = _scale(top)
    plot_h = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    parts = []
    for number, one in enumerate(series):
        colour = COLOURS[number % len(COLOURS)]
        points = [
            (LEFT + step * (i + 0.5), TOP + plot_h * (1 - v / top))
            for i, v in enumerate(one.values)
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(
                Markup('<polyline points="{0}" fill="none" stroke="{1}" stroke-width="2"/>').format(
                    path, colour
                )
            )
        parts += [
            Markup('<circle cx="{0:.1f}" cy="{1:.1f}" r="3.5" fill="{2}"/>').format(x, y, colour)
            for x, y in points
        ]
    body = _axes(labels, ticks, top) + html.join(parts)
    return _figure(chart_id, title, summary, body, labels, series, label_head)


def _figure(
    chart_id: str,
    title: str,
    summary: str,
    body: Markup,
    labels: Sequence[str],
    series: Sequence[Series],
    label_head: str,
) -> Markup:
    return Markup(
        '<figure class="plp-figure">{0}{1}<figcaption>{2}</figcaption>{3}</figure>'
    ).format(
        _frame(chart_id, title, summary, body),
        _legend(series),
        summary,
        _table(title, labels, series, label_head),
    )

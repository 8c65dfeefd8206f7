"""Charts drawn by the build as inline SVG: no JavaScript, nothing fetched.

Every chart is a ``<figure>`` with a titled, described ``<svg role="img">``, a caption
that says in words what the chart shows, and its data as a table, so that a screen
reader (or a printed page) loses nothing.

Time runs along a real time axis (a week is a week wide, months are named), and each
status has one colour on every chart and badge, from the Okabe-Ito palette that people
with any common colour-vision deficiency can tell apart, with grey for what is not done.
Every colour has at least 3:1 contrast on the light and on the dark background; the
axes and labels use the text colour, so they follow the reader's colour scheme.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from plp.portfolio import html
from plp.portfolio.markup import Markup

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 14, 48
#: Text in the chart's own units; the chart is never drawn narrower than 560 px (see
#: plp.css), so this is never smaller than 12 px on screen.
FONT = 14

#: One colour per status, the same on every chart and badge (Okabe-Ito, darkened where
#: needed for 3:1 contrast on both white and Material's dark "slate" background).
STATUS_COLOURS = {
    "planned": "#7f7f7f",
    "todo": "#7f7f7f",
    "not-done": "#7f7f7f",
    "in-progress": "#0072b2",
    "doing": "#0072b2",
    "met": "#009e73",
    "done": "#009e73",
    "revised": "#cc79a7",
    "not-met": "#d55e00",
    "dropped": "#9c6b00",
}
#: Colours of series that are not statuses, in order.
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#9c6b00", "#7f7f7f")
#: The shortest stretch of time a chart's axis shows, in days.
MIN_DAYS = 91
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float | None]
    #: A status (see STATUS_COLOURS) that gives the series its colour; "" for none.
    key: str = ""


@dataclass(frozen=True, slots=True)
class Slot:
    """A stretch of time that one bar stands for (``end`` excluded), and its name."""

    start: dt.date
    end: dt.date
    label: str


def colour(series: Series, number: int) -> str:
    return STATUS_COLOURS.get(series.key) or COLOURS[number % len(COLOURS)]


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


class TimeAxis:
    """Maps days to x positions between ``first`` and ``last`` (both included)."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first = first
        self.days = max(1, (last - first).days + 1)

    def x(self, day: dt.date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - self.first).days / self.days

    def width(self, days: int) -> float:
        return (WIDTH - LEFT - RIGHT) * days / self.days

    def month_ticks(self) -> Markup:
        """A tick at the start of each month, the month's short name after it, the year
        under the first month shown and under each January."""
        last = self.first + dt.timedelta(days=self.days)
        month = dt.date(self.first.year, self.first.month, 1)
        starts = []
        while month < last:
            starts.append(month)
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        every = max(1, math.ceil(len(starts) * 44 / (WIDTH - LEFT - RIGHT)))
        parts = []
        base = HEIGHT - BOTTOM
        for index, start in enumerate(starts):
            x = max(float(LEFT), self.x(start))
            parts.append(
                Markup(
                    '<line x1="{x:.1f}" x2="{x:.1f}" y1="{a}" y2="{b}" class="plp-axis"/>'
                ).format(x=x, a=base, b=base + 6)
            )
            if index % every:
                continue
            parts.append(
                Markup('<text x="{x:.1f}" y="{y}" font-size="{f}">{t}</text>').format(
                    x=x + 3, y=base + 6 + FONT, f=FONT, t=MONTHS[start.month - 1]
                )
            )
            if index == 0 or start.month == 1:
                parts.append(
                    Markup('<text x="{x:.1f}" y="{y}" font-size="{f}">{t}</text>').format(
                        x=x + 3, y=base + 8 + 2 * FONT, f=FONT, t=start.year
                    )
                )
        return html.join(parts)


def _frame(chart_id: str, title: str, description: str, body: Markup) -> Markup:
    return Markup(
        '<div class="plp-chart-frame" tabindex="0" role="region" aria-label="{t}">'
        '<svg class="plp-chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="{i}-title {i}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{i}-title">{t}</title><desc id="{i}-desc">{d}</desc>{b}</svg></div>'
    ).format(w=WIDTH, h=HEIGHT, i=chart_id, t=title, d=description, b=body)


def _value_axis(ticks: list[float], top: float) -> Markup:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = []
    for tick in ticks:
        y = TOP + plot_h * (1 - tick / top)
        parts.append(
            Markup(
                '<line x1="{l}" x2="{r}" y1="{y:.1f}" y2="{y:.1f}" class="plp-grid"/>'
                '<text x="{tx}" y="{ty:.1f}" text-anchor="end" font-size="{f}">{v}</text>'
            ).format(
                l=LEFT, r=WIDTH - RIGHT, y=y, tx=LEFT - 6, ty=y + FONT / 3, f=FONT, v=f"{tick:g}"
            )
        )
    return html.join(parts)


def _legend(series: Sequence[Series]) -> Markup:
    items = [
        Markup('<li><span class="plp-swatch" style="background:{0}"></span>{1}</li>').format(
            colour(s, i), s.name
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
        '<details class="plp-data"><summary>The data of this chart</summary>'
        '<div class="plp-scroll" tabindex="0" role="region" aria-label="{0}"><table>'
        '<caption>{0}</caption><thead><tr><th scope="col">{1}</th>{2}</tr></thead>'
        "<tbody>{3}</tbody></table></div></details>"
    ).format(caption, label_head, head, rows)


def bar_chart(
    chart_id: str,
    title: str,
    summary: str,
    slots: Sequence[Slot],
    series: Sequence[Series],
    label_head: str,
) -> Markup:
    """Stacked bars on a time axis, one stack per slot of time."""
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(slots))]
    top, ticks = _scale(max(totals, default=0))
    plot_h = HEIGHT - TOP - BOTTOM
    first, last = slots[0].start, slots[-1].end - dt.timedelta(days=1)
    short = MIN_DAYS - (last - first).days  # a few weeks are not drawn as wide as a year
    if short > 0:
        first -= dt.timedelta(days=short // 2)
        last += dt.timedelta(days=short - short // 2)
    axis = TimeAxis(first, last)
    bars = []
    for index, slot in enumerate(slots):
        base = 0.0
        width = axis.width((slot.end - slot.start).days)
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
                    x=axis.x(slot.start) + width * 0.12,
                    y=y,
                    w=width * 0.76,
                    h=height,
                    c=colour(one, number),
                )
            )
            base += value
    body = _value_axis(ticks, top) + axis.month_ticks() + html.join(bars)
    labels = [slot.label for slot in slots]
    return _figure(chart_id, title, summary, body, labels, series, label_head)


def line_chart(
    chart_id: str,
    title: str,
    summary: str,
    days: Sequence[dt.date],
    labels: Sequence[str],
    series: Sequence[Series],
    label_head: str,
    top: float,
    span: tuple[dt.date, dt.date] | None = None,
) -> Markup:
    """Lines with a marker at each value, placed by date (gaps where there is none); the
    second series is dashed with square markers, so the lines differ in more than colour."""
    top, ticks = _scale(top)
    plot_h = HEIGHT - TOP - BOTTOM
    first, last = span or (min(days), max(days))
    axis = TimeAxis(first, last)
    parts = []
    for number, one in enumerate(series):
        stroke = colour(one, number)
        points = [
            (axis.x(day) + axis.width(1) / 2, TOP + plot_h * (1 - v / top))
            for day, v in zip(days, one.values, strict=True)
            if v is not None
        ]
        dash = ' stroke-dasharray="7 4"' if number % 2 else ""
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(
                Markup(
                    '<polyline points="{0}" fill="none" stroke="{1}" stroke-width="2.5"{2}/>'
                ).format(path, stroke, Markup(dash))
            )
        for x, y in points:
            if number % 2:
                parts.append(
                    Markup(
                        '<rect x="{0:.1f}" y="{1:.1f}" width="8" height="8" fill="{2}"/>'
                    ).format(x - 4, y - 4, stroke)
                )
            else:
                parts.append(
                    Markup('<circle cx="{0:.1f}" cy="{1:.1f}" r="4.5" fill="{2}"/>').format(
                        x, y, stroke
                    )
                )
    body = _value_axis(ticks, top) + axis.month_ticks() + html.join(parts)
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

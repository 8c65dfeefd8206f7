"""The docs' scaling table and plot of students' sites, from ``bench_sites.py --json``.

Run ``python scripts/plot_scaling.py FIGURES.jsonl docs/images/site-scaling.svg``: writes
the plot (an SVG of its own: no third-party service, a title, axis labels and a
description pointing to the table) and prints the table in Markdown, which the docs page
shows beside the plot as its text alternative. One line of FIGURES per school size (the
last one of each size counts).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from html import escape
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 780, 400
LEFT, RIGHT, TOP, BOTTOM = 80, 290, 50, 60
#: (what the line shows, its figure, colour, dash pattern, marker).
SERIES = [
    ("separate mkdocs build runs, CPU", ("separate", "cpu"), "#b3261e", "", "square"),
    ("plp build --jobs 1, CPU", ("plp_jobs_1", "cpu"), "#1a5fb4", "", "circle"),
    ("plp build (default jobs), wall", ("plp_default", "wall"), "#26734d", "6 4", "triangle"),
]


def read_figures(path: Path) -> list[dict[str, Any]]:
    by_size: dict[int, dict[str, Any]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            figures = json.loads(line)
            if "separate" in figures:  # a full run, not --quick
                by_size[figures["students"]] = figures
    return [by_size[size] for size in sorted(by_size)]


def table(rows: list[dict[str, Any]]) -> str:
    """The figures as two Markdown tables, at equal CPU and with default parallelism:
    seconds for the whole school, wall/CPU (the load averages are for the text beside
    them: see :func:`loads`)."""
    equal = [
        "| Students | Separate | One job | Per site | Equal CPU |",
        "|---:|---:|---:|---:|---:|",
    ]
    default = ["| Students | Separate | Default | Ratio |", "|---:|---:|---:|---:|"]
    for row in rows:
        one, parallel, separate = row["plp_jobs_1"], row["plp_default"], row["separate"]
        students = f"| {row['students']:,} | {separate['wall']:,.0f}/{separate['cpu']:,.0f} "
        equal.append(
            f"{students}| {one['wall']:,.0f}/{one['cpu']:,.0f} "
            f"| {one['cpu'] / one['sites'] * 1000:.0f} ms "
            f"| {one['cpu'] / separate['cpu']:.2f} |"
        )
        default.append(
            f"{students}| {parallel['wall']:,.0f}/{parallel['cpu']:,.0f} "
            f"| {parallel['wall'] / separate['wall']:.2f} |"
        )
    return "\n".join(equal) + "\n\n" + "\n".join(default)


def loads(rows: list[dict[str, Any]]) -> str:
    """The machine's load average at the start and end of each size, as a sentence."""
    parts = [
        f"{row['load_before']:.1f} to {row['load_after']:.1f} at {row['students']:,}"
        for row in rows
    ]
    return "Load average: " + "; ".join(parts) + "."


def _log_ticks(low: float, high: float) -> list[float]:
    ticks = []
    for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for mantissa in (1, 2, 5):
            value = mantissa * 10.0**exponent
            if low <= value <= high:
                ticks.append(value)
    return ticks


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def plot(rows: list[dict[str, Any]]) -> str:
    sizes = [row["students"] for row in rows]
    values = [row[key][field] for row in rows for _, (key, field), *_ in SERIES]
    x_low, x_high = min(sizes) / 1.3, max(sizes) * 1.3
    y_low = 10 ** math.floor(math.log10(min(values)))
    y_high = 10 ** math.ceil(math.log10(max(values)))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_at(value: float) -> float:
        span = math.log10(x_high) - math.log10(x_low)
        return LEFT + (math.log10(value) - math.log10(x_low)) / span * plot_w

    def y_at(value: float) -> float:
        span = math.log10(y_high) - math.log10(y_low)
        return TOP + plot_h - (math.log10(value) - math.log10(y_low)) / span * plot_h

    title = "Building every student's site: seconds against school size"
    description = (
        "Log-log plot of CPU and wall-clock seconds to build all students' sites, for "
        f"schools of {', '.join(f'{size:,}' for size in sizes)} students: separate mkdocs "
        "build runs, plp build in one process, and plp build with its default jobs. The "
        "table beside the plot gives the same figures."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="plot-title plot-desc" '
        'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="plot-title">{escape(title)}</title>',
        f'<desc id="plot-desc">{escape(description)}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{WIDTH / 2:.0f}" y="24" text-anchor="middle" font-size="15" '
        f'font-weight="bold">{escape(title)}</text>',
    ]
    for tick in _log_ticks(y_low, y_high):
        y = y_at(tick)
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                     'stroke="#dddddd"/>')  # fmt: skip
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:g}</text>')
    for size in sizes:
        x = x_at(size)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{TOP + plot_h}" '
                     'stroke="#eeeeee"/>')  # fmt: skip
        parts.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">'
                     f"{size:,}</text>")  # fmt: skip
    parts += [
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
        'stroke="#333333"/>',
        f'<text x="{LEFT + plot_w / 2:.0f}" y="{HEIGHT - 14}" text-anchor="middle">'
        "Students in the school (log scale)</text>",
        f'<text transform="translate(20 {TOP + plot_h / 2:.0f}) rotate(-90)" '
        'text-anchor="middle">Seconds to build every site (log scale)</text>',
    ]
    for number, (label, (key, field), colour, dash, marker) in enumerate(SERIES):
        points = [(x_at(row["students"]), y_at(row[key][field])) for row in rows]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"{dashes}/>')  # fmt: skip
        parts += [_marker(marker, x, y, colour) for x, y in points]
        legend_y = TOP + 10 + number * 22
        legend_x = LEFT + plot_w + 12
        parts.append(f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{legend_y}" '
                     f'y2="{legend_y}" stroke="{colour}" stroke-width="2"{dashes}/>')  # fmt: skip
        parts.append(_marker(marker, legend_x + 12, legend_y, colour))
        parts.append(f'<text x="{legend_x + 30}" y="{legend_y + 4}" font-size="11">'
                     f"{escape(label)}</text>")  # fmt: skip
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", type=Path, help="the JSON lines of bench_sites.py --json")
    parser.add_argument("svg", type=Path, help="where the plot goes")
    args = parser.parse_args(argv)
    rows = read_figures(args.figures)
    if not rows:
        print(f"{args.figures} holds no full run of bench_sites.py", file=sys.stderr)
        return 2
    args.svg.write_text(plot(rows), encoding="utf-8")
    print(table(rows))
    print()
    print(loads(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

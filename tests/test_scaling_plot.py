"""The docs' scaling plot and table, made from bench_sites.py's figures: a plot a screen
reader can name and describe, with the same figures in the table."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from .support import ROOT

SVG = "{http://www.w3.org/2000/svg}"


def figures(students: int, separate_cpu: float, plp_cpu: float) -> dict[str, object]:
    return {
        "students": students,
        "weeks": 4,
        "cpus": 2,
        "load_before": 1.0,
        "load_after": 1.5,
        "pages_per_site": 17,
        "plp_jobs_1": {"wall": plp_cpu * 1.1, "cpu": plp_cpu, "sites": students},
        "plp_default": {"wall": plp_cpu * 0.6, "cpu": plp_cpu * 1.1, "sites": students, "jobs": 2},
        "separate": {"wall": separate_cpu * 1.2, "cpu": separate_cpu, "sites": students,
                     "sampled": 10},
    }  # fmt: skip


def test_the_plot_has_a_title_a_description_and_the_table_its_figures(tmp_path: Path) -> None:
    data = tmp_path / "figures.jsonl"
    rows = [figures(50, 25.0, 4.0), figures(2000, 1000.0, 180.0)]
    data.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    svg = tmp_path / "plot.svg"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "plot_scaling.py"), str(data), str(svg)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    root = ET.parse(svg).getroot()
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "plot-title plot-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "plot-title" and title.text
    assert desc is not None and desc.get("id") == "plot-desc" and "2,000" in (desc.text or "")
    texts = [text.text or "" for text in root.iter(f"{SVG}text")]
    assert any("Students" in text for text in texts)  # the axes are labelled
    assert any("Seconds" in text for text in texts)
    assert len(list(root.iter(f"{SVG}polyline"))) == 3  # one line per way of building
    lines = done.stdout.splitlines()
    assert lines[0] == "| Students | Separate | One job | Per site | Equal CPU |"
    assert lines[3] == "| 2,000 | 1,200/1,000 | 198/180 | 90 ms | 0.18 |"
    assert lines[5] == "| Students | Separate | Default | Ratio |"
    assert lines[8] == "| 2,000 | 1,200/1,000 | 108/198 | 0.09 |"
    assert lines[-1] == "Load average: 1.0 to 1.5 at 50; 1.0 to 1.5 at 2,000."


def test_no_full_run_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "figures.jsonl"
    data.write_text(json.dumps({"students": 50, "weeks": 4}) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "plot_scaling.py"), str(data),
         str(tmp_path / "plot.svg")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "holds no full run of bench_sites.py" in done.stderr
    assert not (tmp_path / "plot.svg").exists()

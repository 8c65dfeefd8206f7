"""Pictures of a student's site for the docs, taken from the demo school.

Makes the demo (``plp demo``), builds its sites (``plp build``), opens pages of one
student in headless Chromium and saves PNGs in docs/images/, so the docs always show
what the current code builds. Needs Chromium (``PLP_CHROMIUM`` or ``chromium`` on PATH).

Usage: python scripts/screenshots.py [--out docs/images] [--student ava-martinez]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
#: (file name, page, viewport width, colour scheme, what the reader sees)
SHOTS = [
    ("site-overview.png", "index.html", 1280, "light"),
    ("site-growth-dark.png", "growth.html", 1280, "dark"),
    ("site-evidence.png", "evidence.html", 1280, "light"),
    ("site-week-phone.png", "weeks/2026-W48.html", 390, "light"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--student", default="ava-martinez")
    args = parser.parse_args(argv)
    chromium = os.environ.get("PLP_CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        print("Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    plp = [sys.executable, "-m", "plp"]
    with tempfile.TemporaryDirectory(prefix="plp-shots-") as scratch:
        school = Path(scratch) / "school"
        subprocess.run([*plp, "demo", str(school)], check=True, stdout=subprocess.DEVNULL)
        sites = Path(scratch) / "sites"
        subprocess.run(
            [*plp, "build", "--plans", str(school / "plans"), "--out", str(sites),
             "--config", str(school / "mkdocs.yml"), "--today", TODAY, "--jobs", "1"],
            check=True, stdout=subprocess.DEVNULL, cwd=school,
        )  # fmt: skip
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for name, page_path, width, scheme in SHOTS:
                page = browser.new_page(
                    viewport={"width": width, "height": 900 if width > 600 else 844},
                    color_scheme=scheme,
                    device_scale_factor=1,
                )
                page.goto((sites / args.student / page_path).as_uri())
                page.wait_for_load_state("load")
                page.screenshot(path=str(args.out / name))
                page.close()
                print(f"{args.out / name}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

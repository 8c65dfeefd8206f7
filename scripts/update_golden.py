"""Rewrite the golden files of ``plp validate`` (``tests/golden/broken.*``) from its output.

Run it after a deliberate change to what ``plp validate`` prints, then read the diff
(``git diff tests/golden``) before committing: the tests only compare, never rewrite.

Usage: python scripts/update_golden.py
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import TESTS, broken_school  # noqa: E402

from plp.cli import main as plp  # noqa: E402

FORMATS = ("text", "json", "github")


def main() -> int:
    golden = TESTS / "golden"
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="plp-golden-") as scratch:
        root = Path(scratch)
        broken_school(root)
        os.chdir(root)  # the golden files name paths relative to the working directory
        try:
            for fmt in FORMATS:
                output = io.StringIO()
                with contextlib.redirect_stdout(output):
                    status = plp(["validate", "--format", fmt])
                if status != 1:
                    print(f"plp validate --format {fmt} exited {status}, not 1", file=sys.stderr)
                    return 1
                path = golden / f"broken.{fmt}"
                before = path.read_text(encoding="utf-8") if path.is_file() else ""
                path.write_text(output.getvalue(), encoding="utf-8")
                verb = "unchanged" if before == output.getvalue() else "rewritten"
                print(f"{path.relative_to(ROOT)}: {verb}")
        finally:
            os.chdir(here)
    return 0


if __name__ == "__main__":
    sys.exit(main())

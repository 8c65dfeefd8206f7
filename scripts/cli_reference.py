"""Write docs/cli.md from the command line's own --help, so the reference cannot drift.

Usage: python scripts/cli_reference.py [--check]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from plp.cli import parsers

TARGET = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def reference() -> str:
    """The Markdown reference of every command, from argparse's help texts."""
    os.environ["COLUMNS"] = "100"  # argparse wraps to the terminal: make it the same everywhere
    top, commands = parsers()
    parts = [
        "# Command line reference",
        "",
        "Generated from `plp --help` by `scripts/cli_reference.py`; a test checks it is current.",
        "",
        "```text",
        top.format_help().rstrip(),
        "```",
    ]
    for name, command in commands.items():
        parts += ["", f"## plp {name}", "", "```text", command.format_help().rstrip(), "```"]
    return "\n".join(parts) + "\n"


def main() -> int:
    text = reference()
    if "--check" in sys.argv[1:]:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run python scripts/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

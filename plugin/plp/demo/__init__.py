"""The demo school of ``plp demo``: a Git repository with a year of named history.

``make_demo(root)`` writes Maple Ridge School (``plp.demo.cast``) to ``root``: a new Git
repository whose ``plans/`` folder has five students and whose ``main`` branch tells their
plans' history from March to November 2026, made by ``plp.demo.generator``. The same
bytes and the same commit ids on every run and every machine.
"""

from __future__ import annotations

from pathlib import Path

from plp.demo.cast import SEED, demo_cast
from plp.demo.generator import GeneratedSchool, generate_school

#: The day to build the demo's sites for: the Saturday after its last commit.
DEMO_TODAY = "2026-11-28"
#: The student whose timeline to look at first: the spec's example student.
DEMO_STUDENT = "ava-martinez"


def make_demo(root: Path) -> GeneratedSchool:
    """Write the demo school to ``root``, a new or empty folder.

    Raises FileExistsError when ``root`` is not empty and FileNotFoundError when Git is
    missing."""
    return generate_school(root, seed=SEED, cast=demo_cast())

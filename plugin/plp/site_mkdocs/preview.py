"""A live preview of one student's site with MkDocs' development server (``plp serve``)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.serve import serve

from plp.site_mkdocs.builder import project_theme, student_site_config
from plp.sites import SiteOptions


def serve_student(
    plans: Path,
    student: str,
    config_file: Path,
    dev_addr: str,
    started: Callable[[], None] = lambda: None,
) -> None:
    """Serve ``student``'s site at ``dev_addr`` until interrupted, rebuilding it when the
    student's files or the school's file change. ``started`` runs before serving begins.
    Raises OSError when the address cannot be served."""
    plans = plans.resolve()
    with tempfile.TemporaryDirectory(prefix="plp-serve-") as scratch:
        docs = Path(scratch) / "docs"
        docs.mkdir()
        options = SiteOptions(
            plans=plans, out=Path(scratch) / "site", theme=project_theme(config_file)
        )
        config = Path(scratch) / "mkdocs.yml"
        config.write_text(student_site_config(options, docs, student, live=True), encoding="utf-8")
        started()
        serve(
            config_file=str(config),
            livereload=True,
            watch=[str(plans / student), str(plans / "_school.yml")],
            dev_addr=dev_addr,
        )

"""Write the web editor's files: a static page any host can serve (``plp cms --out``)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from plp.editor.bundle import editor_files, node_modules
from plp.editor.config import configuration, key_orders
from plp.errors import UsageError

STATIC = Path(__file__).parent / "static"
#: Marks a folder as plp cms's output: plp overwrites only such a folder.
MARKER = ".plp-cms"
PAGE_FILES = (
    "index.html",
    "plp-editor.js",
    "plp-format.js",
    "plp-find.js",
    "plp-a11y.js",
    "plp-lazy-list.js",
)


def settings_script(backend: Mapping[str, Any]) -> str:
    """``plp-editor-settings.js``: the configuration and key orders, and manual start."""
    settings = {"config": configuration(backend), "orders": key_orders()}
    return (
        "// Written by plp cms from the plan format's schemas. Names no student.\n"
        "window.CMS_MANUAL_INIT = true;\n"
        f"window.PLP_EDITOR = {json.dumps(settings, indent=1, ensure_ascii=False)};\n"
    )


def write_editor(out: Path, backend: Mapping[str, Any]) -> list[Path]:
    """Write the editor into ``out`` (new, empty, or plp cms's own); return the files."""
    if out.is_symlink():
        raise UsageError(f"{out}: is a link; plp cms writes only into a real folder")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: is a file; name a folder for the editor")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(
            f"{out}: is not empty and was not written by plp cms; name a new or empty "
            "folder so that nothing in it is overwritten"
        )
    modules = node_modules()
    decap = out / "decap"
    if decap.is_symlink():
        raise UsageError(f"{decap}: is a link; plp cms writes only into a real folder")
    decap.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Written by plp cms; plp cms may overwrite this folder.\n")
    written: list[Path] = []
    for name in PAGE_FILES:
        written.append(_copy(STATIC / name, out / name))
    settings = out / "plp-editor-settings.js"
    _refuse_link(settings)
    settings.write_text(settings_script(backend), encoding="utf-8")
    written.append(settings)
    for name, source in editor_files(modules).items():
        written.append(_copy(source, decap / name))
    return written


def _refuse_link(path: Path) -> None:
    if path.is_symlink():
        raise UsageError(f"{path}: is a link; plp cms does not write through links")


def _copy(source: Path, target: Path) -> Path:
    _refuse_link(target)
    shutil.copyfile(source, target)
    return target

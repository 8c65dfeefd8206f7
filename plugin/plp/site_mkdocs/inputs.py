"""What of MkDocs and its theme a student's site depends on, for the build manifests
(:mod:`plp.publish.manifests`): the theme settings, a custom theme folder's files, and the
versions of MkDocs and of the package that provides the theme."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any

from plp.publish.manifests import folder_digest
from plp.site_mkdocs.builder import DEFAULT_THEME
from plp.sites import SiteOptions


def site_inputs(options: SiteOptions) -> dict[str, Any]:
    """Everything besides the plans that makes ``options``' sites what they are, as JSON
    values: when any of it changes, every site is built again."""
    theme = {**DEFAULT_THEME, **options.theme}
    custom = theme.get("custom_dir")
    return {
        "generator": "mkdocs",
        "mkdocs": _version("mkdocs"),
        "theme": json.loads(json.dumps(theme, sort_keys=True, default=str)),
        "theme_package": _theme_package(str(theme.get("name"))),
        "custom_dir": folder_digest(Path(custom)) if isinstance(custom, str) else None,
        "strict": options.strict,
        "history": options.history,
        "allow_shallow": options.allow_shallow,
        "public": options.public,
        "encrypted": options.passphrases is not None,
        "editor_url": options.editor_url,
    }


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _theme_package(name: str) -> str | None:
    """``mkdocs-material 9.6.1``: the package that provides the theme ``name``."""
    for entry in metadata.entry_points(group="mkdocs.themes", name=name):
        dist = entry.dist
        if dist is not None:
            return f"{dist.name} {dist.version}"
    return None

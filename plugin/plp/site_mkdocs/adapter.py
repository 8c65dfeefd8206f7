"""The MkDocs adapter, as :mod:`plp.sites` asks for it (see :class:`plp.sites.SiteGenerator`)."""

from __future__ import annotations

from plp.site_mkdocs.builder import build_sites, project_published, project_theme
from plp.site_mkdocs.exporter import export_student
from plp.site_mkdocs.inputs import site_inputs
from plp.site_mkdocs.preview import serve_student
from plp.site_mkdocs.publisher import publish_student

__all__ = [
    "build_sites",
    "export_student",
    "project_published",
    "project_theme",
    "publish_student",
    "serve_student",
    "site_inputs",
]

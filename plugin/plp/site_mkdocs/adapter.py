"""The MkDocs adapter, as :mod:`plp.sites` asks for it (see :class:`plp.sites.SiteGenerator`)."""

from __future__ import annotations

from plp.site_mkdocs.builder import build_sites, project_published, project_theme
from plp.site_mkdocs.preview import serve_student

__all__ = ["build_sites", "project_published", "project_theme", "serve_student"]

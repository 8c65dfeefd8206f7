"""The theme's navigation rendered once per site, not once per page.

Material renders the whole navigation into every page, and it differs from page to page
only in the section that holds the page being shown (its item is marked active and holds
the page's table of contents) and in the links, which are relative to the page's folder.
So each top-level item of the navigation is rendered once per site and folder while it
holds no active page, and kept; only the active page's section is rendered for each page.
The HTML is the same as the theme's own (a test compares whole sites byte for byte).

Installed by :func:`install` on the Jinja environment that a student's builds share; when
the theme's ``partials/nav.html`` or ``nav-item.html`` does not have the expected calls
(another theme or version), nothing changes: every page renders the navigation as before.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

import jinja2

#: The theme's calls that render one item of the navigation (a top-level one in nav.html,
#: one inside a section in nav-item.html), each with its cached form.
_CALLS = {
    "partials/nav.html": (
        "{{ item.render(nav_item, path, 1) }}",
        "{{ plp_nav_item(item.render, page, nav_item, path, 1) }}",
    ),
    "partials/nav-item.html": (
        '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
        '{{ plp_nav_item(render, page, item, path ~ "_" ~ loop.index, level + 1, nav_item) }}',
    ),
}


class NavItemCache:
    """The rendered items of one site's navigation that hold no active page, by item,
    position, whether their section is active, and the folder of the page they are
    rendered for (links are relative to it)."""

    def __init__(self) -> None:
        self._items: dict[tuple[int, str, int, bool, str], Any] = {}
        self._kept: list[object] = []  # the items keyed by id(): alive while they are keys

    def clear(self) -> None:
        """Forget the rendered items: a new site (with its own navigation) begins."""
        self._items.clear()
        self._kept.clear()

    def render(
        self, render: Callable[..., Any], page: Any, nav_item: Any, path: str, *level: Any
    ) -> Any:
        """``render(nav_item, path, *level)`` (the theme's macro), kept for later pages
        unless the item is or holds the page being rendered."""
        if nav_item.active or page is None:
            return render(nav_item, path, *level)
        parent = level[1] if len(level) > 1 else None
        key = (
            id(nav_item),
            path,
            level[0],
            bool(parent and parent.active),
            posixpath.dirname(page.url),
        )
        found = self._items.get(key)
        if found is None:
            found = self._items[key] = render(nav_item, path, *level)
            self._kept.append(nav_item)
        return found


class _NavPatchingLoader(jinja2.BaseLoader):
    """The theme's loader, with nav.html rendering its top-level items through the cache."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        if template in _CALLS:
            call, cached = _CALLS[template]
            source = source.replace(call, cached)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def install(env: jinja2.Environment, cache: NavItemCache) -> bool:
    """Render ``env``'s navigation through ``cache``; False (and nothing changed) when the
    theme's navigation templates are not the ones this was made for."""
    if env.loader is None:
        return False
    for template, (call, _) in _CALLS.items():
        try:
            source, _, _ = env.loader.get_source(env, template)
        except jinja2.TemplateNotFound:
            return False
        if source.count(call) != 1:
            return False
    env.loader = _NavPatchingLoader(env.loader)
    env.globals["plp_nav_item"] = cache.render
    if env.cache is not None:
        env.cache.clear()  # nav.html compiled before now would bypass the cache
    return True

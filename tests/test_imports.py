"""The package's imports: no cycle, MkDocs only in its adapter, every import declared.

The imports are read from the source with ``ast`` (every ``import`` statement, including
those inside functions), not by importing the modules.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import distribution, packages_distributions
from pathlib import Path

import plp

PACKAGE = Path(plp.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The full names of the modules ``path`` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {
        name: {imported for imported in _imports(path) if imported in modules and imported != name}
        for name, path in modules.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a list of modules (first == last), or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[module] = 2
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_no_module_of_the_package_imports_itself_round_about() -> None:
    graph = _graph()
    assert "plp.site_mkdocs.builder" in graph["plp.site_mkdocs.plugin"]  # the walk sees imports
    assert _cycle(graph) == []


def test_only_the_mkdocs_adapter_imports_mkdocs_or_its_theme() -> None:
    adapter = PACKAGE / "site_mkdocs"
    offenders = sorted(
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in PACKAGE.rglob("*.py")
        if adapter not in path.parents
        for name in _imports(path)
        if name.split(".")[0] in ("mkdocs", "material")
    )
    assert offenders == []


def test_the_core_and_the_command_line_reach_sites_only_through_plp_sites() -> None:
    """A second site generator is one new adapter package: nothing outside the adapter
    names the MkDocs one, but the table of generators in :mod:`plp.sites`."""
    adapter = PACKAGE / "site_mkdocs"
    offenders = sorted(
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in PACKAGE.rglob("*.py")
        if adapter not in path.parents
        for name in _imports(path)
        if name.startswith("plp.site_mkdocs")
    )
    assert offenders == []
    sites = (PACKAGE / "sites.py").read_text(encoding="utf-8")
    assert '"mkdocs": "plp.site_mkdocs.adapter"' in sites


def _declared() -> set[str]:
    """The distributions plp declares it needs (lowercase, ``-`` for ``_``)."""
    names = set()
    for requirement in distribution("plp").requires or []:
        if "extra ==" in requirement:
            continue
        match = re.match(r"[A-Za-z0-9._-]+", requirement)
        assert match, requirement
        names.add(match[0].lower().replace("_", "-"))
    return names


def test_every_third_party_import_is_a_declared_dependency() -> None:
    providers = packages_distributions()
    declared = _declared()
    used: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            if top and top != "plp" and top not in sys.stdlib_module_names:
                used.setdefault(top, set()).add(str(path.relative_to(PACKAGE)))
    assert {"yaml", "markupsafe", "mkdocs"} <= used.keys()  # the walk sees imports
    undeclared = {
        top: sorted(files)
        for top, files in used.items()
        if not {d.lower().replace("_", "-") for d in providers.get(top, [top])} & declared
    }
    assert undeclared == {}


def test_every_declared_dependency_is_imported() -> None:
    providers = packages_distributions()
    imported = {
        distribution_name.lower().replace("_", "-")
        for path in PACKAGE.rglob("*.py")
        for name in _imports(path)
        for distribution_name in providers.get(name.split(".")[0], [])
    }
    # mkdocs-material, the theme, is loaded by name from the site's config, and imported
    # for its search index (plp.site_mkdocs.search_index).
    assert _declared() - imported == set()

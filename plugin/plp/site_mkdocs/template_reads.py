"""What a part of a theme's templates reads of the page it is rendered for.

A part of a page (a block of ``base.html``, or a template it includes) can be rendered
once and kept for every page of a site's folder only if nothing it reads differs between
those pages. Jinja tells which names a template reads from the context it is rendered
in; this module follows the templates it includes (a theme's ``custom_dir`` may replace
any of them) and says whether those names are all of the site's, not the page's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import jinja2
from jinja2 import meta, nodes

#: What MkDocs and the theme give every page of a site alike: the config (set before the
#: site's pages are built), the theme's language module and features, and the relative
#: links to the site's root (the same for every page of a folder).
SITE_WIDE = frozenset(
    {"config", "base_url", "features", "lang", "mkdocs_version", "extra_css", "extra_javascript"}
)
#: What differs from page to page (or may), even where a template sets a name of its own
#: like it: the page, the navigation (it marks the page's items active), the list of
#: pages, the build's clock, and other blocks of the page (``self``, ``super``).
PER_PAGE = frozenset({"page", "nav", "pages", "toc", "build_date_utc", "self", "super"})


class _Unknown(Exception):
    """A template that cannot be followed: named by an expression, missing, or broken."""


@dataclass(frozen=True, slots=True)
class _Reads:
    """What a template (or a part of one) reads from its context, the names it sets
    itself, and the templates it includes or imports with the context."""

    reads: frozenset[str]
    sets: frozenset[str]
    includes: tuple[str, ...]


class TemplateReads:
    """What the templates of one Jinja environment read (each template looked at once).

    What a template does only for a theme feature the site does not turn on (``{% if
    "navigation.footer" in features %}``) is not looked at: it never renders."""

    def __init__(self, env: jinja2.Environment, features: Collection[str] = ()) -> None:
        self.env = env
        self.features = frozenset(features)  # the theme's features the site turns on
        self._templates: dict[str, _Reads | None] = {}  # None: cannot be followed

    def block_bodies(self, template: str) -> dict[str, list[nodes.Node]]:
        """The blocks ``template`` defines, by name (none when it cannot be read)."""
        try:
            tree = self.env.parse(self._source(template))
        except (_Unknown, jinja2.TemplateSyntaxError):
            return {}
        return {block.name: block.body for block in tree.find_all(nodes.Block)}

    def reads_only(
        self, body: list[nodes.Node], allowed: Collection[str] = (), *, skip: Iterable[str] = ()
    ) -> bool:
        """Whether ``body`` (and every template it includes or imports with the context,
        but those in ``skip``) reads nothing from its context but site-wide names, the
        environment's globals, names it sets itself and ``allowed``. Blocks within
        ``body`` (a child template may replace them) and templates named by an
        expression count as reading anything, but for the theme's icons (plain SVG)."""
        never = PER_PAGE - set(allowed)
        try:
            found = [self._reads(body)]
        except _Unknown:
            return False
        seen = set(skip)
        waiting = list(found[0].includes)
        while waiting and not found[-1].reads & never:
            name = waiting.pop()
            if name in seen:
                continue
            seen.add(name)
            included = self._template(name)
            if included is None:
                return False
            found.append(included)
            waiting += included.includes
        reads = set().union(*(part.reads for part in found))
        sets = set().union(*(part.sets for part in found))
        fine = (SITE_WIDE | self.env.globals.keys() | sets) - PER_PAGE
        return reads <= fine | set(allowed)

    def template_reads_only(
        self, template: str, allowed: Collection[str] = (), *, skip: Iterable[str] = ()
    ) -> bool:
        """:meth:`reads_only` for a whole template."""
        try:
            body = self.env.parse(self._source(template)).body
        except (_Unknown, jinja2.TemplateSyntaxError):
            return False
        return self.reads_only(body, allowed, skip={template, *skip})

    def reads_of(self, template: str) -> _Reads | None:
        """What ``template`` itself reads, sets and includes (None when it cannot be
        followed)."""
        return self._template(template)

    def _template(self, name: str) -> _Reads | None:
        if name not in self._templates:
            try:
                self._templates[name] = self._reads(self.env.parse(self._source(name)).body)
            except (_Unknown, jinja2.TemplateSyntaxError):
                self._templates[name] = None
        return self._templates[name]

    def source(self, template: str) -> str | None:
        """``template``'s text (None when there is no such template)."""
        try:
            return self._source(template)
        except _Unknown:
            return None

    def _source(self, template: str) -> str:
        if self.env.loader is None:
            raise _Unknown(template)
        try:
            source, _, _ = self.env.loader.get_source(self.env, template)
        except jinja2.TemplateNotFound:
            raise _Unknown(template) from None
        return source

    def _reads(self, body: list[nodes.Node]) -> _Reads:
        tree = nodes.Template(body, lineno=1)
        tree.set_environment(self.env)
        if any(True for _ in tree.find_all(nodes.Block)):
            raise _Unknown("a block within")
        sets = {name.name for name in tree.find_all(nodes.Name) if name.ctx in ("store", "param")}
        sets |= {macro.name for macro in tree.find_all(nodes.Macro)}
        if "features" not in sets:
            for branch in tree.find_all(nodes.If):
                if _never(branch.test, self.features):
                    branch.body = []
        try:
            reads = meta.find_undeclared_variables(tree)
        except jinja2.TemplateError:
            raise _Unknown("cannot compile") from None
        includes = []
        for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport)):
            assert isinstance(node, nodes.Include | nodes.Import | nodes.FromImport)
            if isinstance(node, nodes.Import | nodes.FromImport) and not node.with_context:
                continue  # a template imported without the context reads none of it
            name = _template_name(node.template)
            if name is not None:  # None: an icon
                includes.append(name)
        return _Reads(frozenset(reads), frozenset(sets), tuple(includes))


def _never(test: nodes.Node, features: frozenset[str]) -> bool:
    """Whether ``test`` is false for a site that turns on ``features`` and no other:
    ``"feature" in features`` or ``"feature" not in features``."""
    if not (isinstance(test, nodes.Compare) and len(test.ops) == 1):
        return False
    operand = test.ops[0]
    if not (
        isinstance(test.expr, nodes.Const)
        and isinstance(test.expr.value, str)
        and isinstance(operand.expr, nodes.Name)
        and operand.expr.name == "features"
    ):
        return False
    if operand.op == "in":
        return test.expr.value not in features
    if operand.op == "notin":
        return test.expr.value in features
    return False


def _template_name(expression: nodes.Expr) -> str | None:
    """The template an include names; None for one of the theme's icons (``".icons/" ~
    name ~ ".svg"``: plain SVG, reading nothing)."""
    if isinstance(expression, nodes.Const) and isinstance(expression.value, str):
        return expression.value
    if isinstance(expression, nodes.Concat):
        first, last = expression.nodes[0], expression.nodes[-1]
        if (
            isinstance(first, nodes.Const)
            and isinstance(last, nodes.Const)
            and str(first.value).startswith(".icons/")
            and str(last.value) == ".svg"
        ):
            return None
    raise _Unknown("a template named by an expression")

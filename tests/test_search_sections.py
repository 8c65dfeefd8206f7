"""The search index's quick readings of a page divide it into the very sections the
theme's own section parser does, for awkward HTML as well as plp's own.

Each page is read by Material's ``Parser`` (the reference), by the regular-expression
reading (:func:`quick_sections`, when it answers), by the event reading (``_feed`` with
``SectionParser``, when it answers) and by :func:`sections_of` (the three in turn), and
what the index takes from the sections (their number, ids, headings, titles, texts and
whether a title was given at all) must be the same. ``test_site_same_output.py`` compares
whole built sites, search index included, with a plain ``mkdocs build``.
"""

from __future__ import annotations

import random

import pytest
from material.plugins.search.plugin import Parser, Section

from plp.site_mkdocs.search_index import SectionParser, _feed, sections_of
from plp.site_mkdocs.search_sections import quick_sections

Reading = list[tuple[str, bool, str | None, bool, str, str]]

#: HTML the quick reading understands: it must answer for each, and answer right.
UNDERSTOOD = [
    "",
    "just text",
    "  \n ",
    '<h1 id="plp-title">Overview</h1>\n<p>Hello</p>',
    '<h1 id="t">T</h1><ul><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ul>',
    '<h1 id="t">T</h1><ol>\n  <li>one</li>\n  <li>two</li>\n</ol>',
    '<h1 id="t">T</h1><p>Use <code>x &lt; y</code> and <code>a &amp;&amp; b</code> here</p>',
    "<p>Tom &amp; Jerry&#39;s &quot;show&quot; &lt;3 &gt; it&#x27;s 'quoted' \"too\"</p>",
    '<h2 id="a">The <code>plan</code> <em>now</em></h2><p>x</p>',
    '<h2 id="e"></h2><p>after an empty heading</p>',
    '<h2 id="f"> </h2><p>a heading of a space</p><h2 id="g">\n</h2>',
    '<h1 id="t">T</h1><article><h2 id="r1">R1</h2><p>t</p></article><p>after</p>',
    '<h1 id="t">T</h1><article class="plp-entry"><h2 id="r1">R1</h2><p>one</p></article>'
    '<article class="plp-entry"><h2 id="r2">R2</h2><p>two</p></article>\n<p>end</p>',
    '<h1 id="t">T</h1><div><section><h3 id="d">D</h3><p>x</p></section><p>y</p></div><p>z</p>',
    '<h2 id="a">A</h2><p>x</p><h2>B without id</h2><p>y</p><h3>C</h3>',
    '<h3 id="a">A</h3><h2>B</h2><h3>C</h3><p>z</p>',
    '<h2 id="a">A</h2><p>first heading not h1</p>',
    '<p>before</p><h2 id="a">A</h2><p>x</p>',
    'lead text<h1 id="t">T</h1><p>x</p>',
    '<br><img src="a.png" alt="a"><h1 id="t">T</h1>',
    '<br>text after a void tag<h1 id="t">T</h1>',
    '<h1 id="t">T</h1><p>a\nb</p>\n\n<ul>\n<li>x</li>\n</ul>\n',
    '<h1 id="t">T</h1><p>a <span> </span> <em> </em>\n<b>b</b></p>',
    '<h1 id="t">T</h1><p>a</p><p></p><p> </p><ul><li>x</li><li></li><li> <b> </b> </li></ul>',
    "<p>dropped:</p><ul><li> </li><li><p></p></li><li>x<p> </p></li></ul><ol><li> </li></ol>",
    '<h2 id="a"><code> </code>A<sub></sub></h2>'
    "<ul><li><ul><li> <span> </span> </li></ul></li></ul>",
    "<ul>\n<li>\n</li>\n</ul>\n<p>\n</p>\n<p>x</p>",
    '<h1 id="t">T</h1><p>a<br>b<img src="x.png" alt="y"><br/>c<hr />d</p>',
    '<h1 id="t">T</h1><div><style>p > a { color: red }</style><p>x</p></div>',
    '<h1 id="t">T</h1><script>if (a < b && c > d) {}</script><p>x</p><script></script>',
    '<h1 id="t">T</h1><p>H<sub>2</sub>O and x<sup>2</sup></p>',
    "<h1 id='t'>T</h1><p class='x' data-x=\"y\">a</p>",
    '<h1 id="t">T</h1><p>c</p><p>\xa0</p><p>a\xa0b</p><div>\u2003</div><p>d</p>',
    '<h2 id="n">Two\nlines <code>and\ncode</code></h2><p>x</p>',
    '<h2 id="a&amp;b" class="c">X</h2><p>x</p><h2 class="c" id="second">Y</h2>',
    '<h2 id>no value</h2><p>x</p><h2 title="no id">Z</h2>',
    '<h1 id="t">T</h1><table><tr><th>a</th><td>b</td></tr></table><dl><dt>k</dt><dd>v</dd></dl>',
    '<h1 id="t">T</h1><details><summary>More</summary><p>hidden</p></details>',
    '<h1 id="t">T</h1><p>unclosed paragraph<p>another',
    '<h1 id="t">T</h1><div>\n<h2 id="x">X</h2>\n<p>a</p>\n</div>\n<h2 id="y">Y</h2><p>b</p>',
    '<h1 id="t">T</h1><h2 id="a"><span><code>c</code></span> tail</h2>',
    '<div><h1 id="t">T</h1></div><p>after</p>',
    '<h4 id="a">A</h4><h5 id="b">B</h5><h6 id="c">C</h6><p>deep</p>',
    '<h1 id="t">T</h1><ul><li><h2 id="l">L</h2>t</li><li>u</li></ul>v',
    '<div><p><h3 id="a">A</h3><h3 id="b">B</h3></p>c</div>d',
    '<h1 id="t">T</h1><section><h2 id="s">S</h2><article><section><article><h2 id="e">E</h2>'
    "<p>e</p></article><p>in s</p></section><p>in s too</p></article><p>s</p></section><p>t</p>",
]

#: HTML the quick reading leaves to the others (it must say so, and they must be right).
LEFT_ALONE = [
    '<h2 id="b">B<a class="headerlink" href="#b" title="Permanent link">&para;</a></h2><p>x</p>',
    '<h1 id="t">T</h1><!-- a note --><p>x</p>',
    '<h1 id="t">T</h1><p title="a > b">x</p>',
    '<h1 id="t">T</h1><p title="a < b">x</p>',
    "<!DOCTYPE html><p>x</p>",
    "<?xml version='1.0'?><p>x</p>",
    "<p>a < b</p>",
    "<p>a > b</p>",
    "<P>upper</P>",
    '<p CLASS="x">upper attribute</p>',
    "<p><span>mis</p></span><p>nested</p>",
    "</p><p>an end tag first</p>",
    "<div data-search-exclude><p>x</p></div><p>y</p>",
    '<div class="linenodiv"><p>1</p></div><p>y</p>',
    "<pre><code>a\n  b</code></pre><p>x</p>",
    "<object><p>x</p></object><p>y</p>",
    "<hx>odd</hx><p>y</p>",
    "<p>&nbsp;&copy;&#160;&#x41;</p>",
    "<p>bare & ampersand</p>",
    '<p\xa0class="x">a</p><p>b</p>',
    '<h2\x0bid="a">A</h2><p>x</p>',
    "<p>a</ p><p>b</p>",
    "<span/><p>x</p>",
    '<h1 id="t">T</h1><style>never closed',
    "<p class=bare>unquoted</p>",
    '<p class = "x">spaced</p>',
    "<p>nul \x00 here</p>",
]


def reading(sections: list[Section]) -> Reading:
    """What the search index takes from ``sections``."""
    return [
        (
            section.el.tag,
            section.el.is_excluded(),
            section.id,
            bool(section.title),
            "".join(section.title),
            "".join(section.text),
        )
        for section in sections
    ]


def theme(content: str) -> Reading:
    parser = Parser()
    parser.feed(content)
    parser.close()
    return reading(parser.data)


def event_reading(content: str) -> Reading | None:
    parser = SectionParser()
    return reading(parser.data) if _feed(parser, content) else None


def quick_reading(content: str) -> Reading | None:
    sections = quick_sections(content)
    return None if sections is None else reading(sections)


@pytest.mark.parametrize("content", UNDERSTOOD)
def test_the_quick_reading_makes_the_themes_sections(content: str) -> None:
    assert quick_reading(content) == theme(content)
    assert reading(sections_of(content)) == theme(content)


@pytest.mark.parametrize("content", LEFT_ALONE)
def test_html_the_quick_reading_does_not_understand_is_read_the_themes_way(content: str) -> None:
    assert quick_reading(content) is None
    assert reading(sections_of(content)) == theme(content)
    event = event_reading(content)
    assert event is None or event == theme(content)


#: Parts of pages, and elements to put parts in.
PIECES = [
    '<h2 id="s{n}">Section {n}</h2>',
    '<h3 id="t{n}">Sub <code>{n}</code></h3>',
    "<h2>No id {n}</h2>",
    "<h3>Me</h3>",
    '<article class="plp-entry"><h2 id="e{n}">Entry {n}</h2><p>Said {n}.</p></article>',
    '<p class="plp-meta">Text &amp; more\nwith a line</p>',
    "<p></p>",
    "<li> </li>",
    " ",
    "\n",
    "<ul><li>one</li><li>two <b>bold</b></li></ul>",
    '<dl class="plp-fields"><dt>Key</dt><dd><ul><li><a href="x.html">Link</a></li></ul></dd></dl>',
    '<img src="p.png" alt="p">',
    "<br>",
    "<span> </span>",
    "it&#39;s",
    "<code>a &lt; b</code>",
    '<div class="plp-gallery"><style>.x{{display:none}}</style><ul><li><img src="a.png"></li>'
    "<li><p>Open a.txt</p></li></ul></div>",
    '<meter min="1" max="5" value="3"></meter> 3 of 5',
]
CONTAINERS = [
    ("<div>", "</div>"),
    ("<section>", "</section>"),
    ('<article class="plp-entry">', "</article>"),
    ("<ul><li>", "</li></ul>"),
    ("<p>", "</p>"),
    ("<h2>", "</h2>"),
]


def mixed_page(chance: random.Random, depth: int = 0) -> str:
    """A page (or part of one) put together from :data:`PIECES` and :data:`CONTAINERS`."""
    parts = []
    for number in range(chance.randint(1, 6)):
        if depth < 3 and chance.random() < 0.3:
            start, end = chance.choice(CONTAINERS)
            parts.append(start + mixed_page(chance, depth + 1) + end)
        else:
            parts.append(chance.choice(PIECES).format(n=f"{depth}-{number}"))
    return "".join(parts)


def mixed_pages(count: int) -> list[str]:
    """``count`` pages put together at random (the same every run)."""
    chance = random.Random(12)
    return [
        ('<h1 id="plp-title">Title</h1>\n' if chance.random() < 0.7 else "") + mixed_page(chance)
        for _ in range(count)
    ]


def test_pages_put_together_at_random_make_the_themes_sections() -> None:
    answered = 0
    for content in mixed_pages(400):
        quick = quick_reading(content)
        try:
            expected = theme(content)
        except ValueError:  # the theme's parser fails on an end tag whose start it dropped
            assert quick is None, content
            continue
        if quick is not None:
            answered += 1
            assert quick == expected, content
        assert reading(sections_of(content)) == expected, content
    assert answered > 300  # most of them are read the quick way

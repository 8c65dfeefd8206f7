"""Fuzzing the readers of students' text: whatever a file holds, the answer is a finding.

A fixed budget (``derandomize``: the same examples every run) keeps these in the normal
suite: a few seconds in all.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plp.check.html_policy import browser_url, find_unsafe_html, is_local_url
from plp.format.documents import DocumentProblem, decode, parse, split_frontmatter
from plp.format.layout import Kind
from plp.format.yaml_reader import YamlProblem, read_yaml

BUDGET = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

#: Text made of what YAML and Markdown give meaning to, so that examples are not all noise.
YAML_PIECES = st.sampled_from(
    ["\n", " ", "  ", "- ", ": ", "a", "b: ", "[", "]", "{", "}", ",", "&x ", "*x", "!!str ",
     "!t ", "<<: ", "? ", "'", '"', "#", "|", ">", "---", "...", "\t", "1", "0x", "2026-02-30",
     "\\e", "\x00", "\u2028", "\x85", "\r", "\ufeff", "é", "%YAML 1.1\n"]
)  # fmt: skip
MARKDOWN_PIECES = st.sampled_from(
    ["\n", "\n\n", "    ", "`", "```", "~~~", "\\", "<", ">", "/", "img", "a", "script", " ",
     "src=", "href=", "onerror=", '"', "'", "javascript:", "&#106;", "&Tab;", "//", "](", "![",
     "[x]: ", "{: ", "}", "x", "<!--", "-->", "<div>", "</div>", "data:", "%2e", ".."]
)  # fmt: skip


def pieces(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(alphabet, max_size=60).map("".join)


@BUDGET
@given(st.one_of(st.text(max_size=200), pieces(YAML_PIECES)))
def test_the_yaml_reader_gives_data_or_a_finding(text: str) -> None:
    try:
        data = read_yaml(text, first_line=2)
    except YamlProblem as problem:
        assert problem.position.line >= 2 and problem.position.column >= 1
        assert problem.message
        return
    assert all(position.line >= 2 for position in data.positions.values())


@BUDGET
@given(st.one_of(st.binary(max_size=200), pieces(YAML_PIECES).map(str.encode)))
def test_a_plan_file_parses_or_is_a_finding(data: bytes) -> None:
    for prefix in (b"", b"---\n"):
        try:
            text = decode(prefix + data + b"\n---\nbody\n")
            split_frontmatter(text)
            document = parse(PurePosixPath("ava/reflections/2026-11-24.md"), Kind.REFLECTION, text)
        except DocumentProblem as problem:
            assert problem.position.line >= 1 and problem.code
            continue
        assert isinstance(document.fields, dict)
        assert document.body_line >= 3


@BUDGET
@given(st.one_of(st.text(max_size=200), pieces(MARKDOWN_PIECES)))
def test_the_html_policy_judges_any_text(markdown: str) -> None:
    lines = markdown.count("\n") + 1
    for unsafe in find_unsafe_html(markdown):
        assert 0 <= unsafe.line < lines and unsafe.column >= 0 and unsafe.message


@BUDGET
@given(st.one_of(st.text(max_size=40), pieces(MARKDOWN_PIECES)))
def test_a_local_url_stays_on_the_site(url: str) -> None:
    """What :func:`is_local_url` lets through, a real URL parser resolves on the site."""
    if is_local_url(url):
        page = "http://site.example/student/goals/page.html"
        resolved = urlsplit(urljoin(page, browser_url(url)))
        assert resolved.netloc == "site.example"
        assert resolved.path.startswith("/student/")

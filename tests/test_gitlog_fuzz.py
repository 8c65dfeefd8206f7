"""The ``git log`` parser under any output: every commit is read or reported, never a crash.

Hypothesis writes outputs as ``git log -z --raw`` prints them, with odd names, paths and
dates, damages some, and adds plain noise. The budget is fixed and derandomized, so the
test runs the same examples every time and takes a few seconds.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from plp.history.gitlog import BadCommit, Change, Commit, parse_log

# Hypothesis keeps a few caches of its own: in the temporary folder, not in the checkout.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "plp-tests-hypothesis")
FUZZ = settings(
    derandomize=True,
    max_examples=200,
    deadline=None,
    database=None,  # nothing written into the checkout
    suppress_health_check=[HealthCheck.too_slow],
)

SHA = st.text("0123456789abcdef", min_size=40, max_size=40)
#: Anything git can print in a name, address or path: all but NUL.
TEXT = st.text(st.characters(blacklist_characters="\0"), max_size=30)
PATH = TEXT.map(lambda text: "plans/" + text)
GOOD_DATE = st.datetimes(
    min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(9999, 12, 30),
    timezones=st.builds(dt.timezone, st.timedeltas(-dt.timedelta(hours=23, minutes=59),
                                                   dt.timedelta(hours=23, minutes=59))),
).map(lambda when: when.replace(microsecond=0, second=when.second).isoformat())  # fmt: skip
BAD_DATE = st.one_of(
    st.sampled_from(["10000-01-01T00:00:00+00:00", "2023-11-15T23:13:20+25:00",
                     "33658-09-27T01:46:39+00:00", "", "0001-01-01T00:00:00+05:00"]),
    TEXT,
)  # fmt: skip


@st.composite
def changes(draw: st.DrawFn) -> Change:
    status = draw(st.sampled_from("AMDTRC"))
    old_blob, new_blob = draw(SHA), draw(SHA)
    path = draw(PATH)
    old_path = draw(PATH) if status in "RC" else path
    return Change(status, path, old_path, old_blob, new_blob)


@st.composite
def commits(draw: st.DrawFn, date: st.SearchStrategy[str] = GOOD_DATE) -> Commit:
    return Commit(
        draw(SHA),
        tuple(draw(st.lists(SHA, max_size=2))),
        draw(TEXT),
        draw(TEXT),
        draw(date),
        tuple(draw(st.lists(changes(), max_size=3))),
    )


def render(commit: Commit, score: str = "") -> str:
    """``commit`` as ``git log -z --raw --no-abbrev`` prints it."""
    header = "\0".join([commit.sha, " ".join(commit.parents), commit.author, commit.email,
                        commit.date]) + "\0"  # fmt: skip
    entries = []
    for change in commit.changes:
        old = "000000" if change.status == "A" else "100644"
        new = "000000" if change.status == "D" else "100644"
        code = change.status + (score if change.status in "RC" else "")
        entry = f":{old} {new} {change.old_blob} {change.new_blob} {code}\0"
        paths = [change.old_path, change.path] if change.status in "RC" else [change.path]
        entries.append(entry + "".join(path + "\0" for path in paths))
    return header + ("\n" + "".join(entries) if entries else "")


def read(output: str) -> list[Commit | BadCommit]:
    """Everything the parser yields, checked to be usable by the rest of history."""
    found = list(parse_log(output))
    for item in found:
        assert isinstance(item, Commit | BadCommit)
        if isinstance(item, Commit):
            dt.datetime.fromisoformat(item.date).astimezone(dt.UTC)  # a date history can use
            assert all(change.status in "AMDTRC" for change in item.changes)
    return found


@FUZZ
@given(st.lists(commits(), max_size=5), st.sampled_from(["", "100", "087"]))
def test_well_formed_output_is_read_exactly(made: list[Commit], score: str) -> None:
    assert read("".join(render(commit, score) for commit in made)) == made


@FUZZ
@given(st.lists(st.tuples(commits(), st.booleans()), max_size=5), BAD_DATE)
def test_a_commit_with_a_bad_date_is_reported_and_the_others_read(
    made: list[tuple[Commit, bool]], bad_date: str
) -> None:
    try:
        dt.datetime.fromisoformat(bad_date).astimezone(dt.UTC)
        return  # a date that happens to be fine (the noise made one)
    except (ValueError, OverflowError):
        pass
    output, expected = "", list[str | Commit]()
    for commit, damaged in made:
        if damaged:
            commit = Commit(commit.sha, commit.parents, commit.author, commit.email, bad_date,
                            commit.changes)  # fmt: skip
            expected.append(commit.sha)
        else:
            expected.append(commit)
        output += render(commit)
    found = read(output)
    assert [item.sha if isinstance(item, BadCommit) else item for item in found] == expected


@FUZZ
@given(
    st.lists(commits(), min_size=1, max_size=4),
    st.integers(min_value=0),
    st.text(st.sampled_from("\0\n: 0123456789abcdefAMR+-T"), max_size=60),
)
def test_damaged_output_never_raises(made: list[Commit], where: int, noise: str) -> None:
    output = "".join(render(commit) for commit in made)
    cut = where % (len(output) + 1)
    read(output[:cut] + noise + output[cut:])
    read(output[:cut])
    read(noise)

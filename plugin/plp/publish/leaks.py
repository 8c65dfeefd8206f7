"""The leak check: does a built site hold a string it must not?

Every file of the site is read (pages, search index, scripts, styles, attachments) and
compared, as text made comparable (tags and Markdown marks dropped, lower case, runs of
anything but letters and digits as one space), with a list of *secrets*: each one a
string with the field it came from. A public portfolio's secrets are its student's
private strings and every other student's data; a private site's secrets are every other
student's data. A secret that the student's own site may hold (the student wrote the same
words in a public item, or, for a private site, anywhere in their own plan) is not a leak.

Secrets too short to be told apart from ordinary words are left out: free text under
:data:`MIN_TEXT` characters or :data:`MIN_WORDS` words, names and addresses under
:data:`MIN_NAME` characters.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from plp.check.findings import Finding
from plp.format.records import StudentRecord
from plp.publish.outputs import SITE_MARKER

MIN_TEXT = 16
MIN_WORDS = 3
MIN_NAME = 6
_TAG = re.compile(r"<[^>]{0,2000}>")
_MARKDOWN_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_NOT_WORD = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


def comparable(text: str) -> str:
    """``text`` as the leak check compares it: no tags, entities decoded, lower case,
    letters and digits only, separated by single spaces."""
    text = html.unescape(_TAG.sub(" ", text))
    return _NOT_WORD.sub(" ", text.lower()).strip()


@dataclass(frozen=True, slots=True)
class Secret:
    """A string that must not appear, and where it came from."""

    text: str  # comparable
    field: str  # "ava-martinez/plan.md profile.growth_areas"
    student: str  # whose it is
    #: A name, id, address or login: a leak even where the student's own words hold it.
    identity: bool = False

    @property
    def words(self) -> list[str]:
        return self.text.split(" ")


@dataclass(frozen=True, slots=True)
class Leak:
    file: str  # relative to the site's root
    secret: Secret

    def message(self, student: str) -> str:
        whose = (
            "a private field"
            if self.secret.student == student
            else f"another student's data ({self.secret.student})"
        )
        return f"{self.file}: holds {whose}: {self.secret.field}"


def _secret(
    text: str, where: str, student: str, minimum: int, identity: bool = False
) -> Iterator[Secret]:
    value = comparable(_MARKDOWN_LINK_TARGET.sub("] ", text))
    if len(value) >= minimum and (identity or value.count(" ") >= MIN_WORDS - 1):
        yield Secret(value, where, student, identity)


def _body(text: str, where: str, student: str) -> Iterator[Secret]:
    """A Markdown body's secrets: each sentence of each paragraph."""
    for paragraph in re.split(r"\n\s*\n", text):
        for sentence in _SENTENCE_END.split(" ".join(paragraph.split())):
            yield from _secret(sentence, where, student, MIN_TEXT)


def _texts(values: Iterable[str], where: str, student: str) -> Iterator[Secret]:
    for value in values:
        yield from _secret(value, where, student, MIN_TEXT)


def identity_secrets(record: StudentRecord) -> list[Secret]:
    """Who the student is: name, id, e-mail addresses and logins, consent name."""
    plan, sid = record.plan, record.plan.id
    where = f"{sid}/plan.md"
    found: list[Secret] = []
    for value, name in [(plan.name, "student.name"), (plan.consent_name, "publish.consent.name")]:
        found += _secret(value, f"{where} {name}", sid, MIN_NAME, identity=True)
    for value in plan.git:
        found += _secret(value, f"{where} student.git", sid, MIN_NAME, identity=True)
    return found


def private_secrets(record: StudentRecord) -> list[Secret]:
    """Everything of ``record`` that never becomes public: private items' text and fields,
    growth areas, supports, learning preferences, baselines and current values, the
    consent name, addresses and logins, conference notes and feedback."""
    plan, sid = record.plan, record.plan.id
    where = f"{sid}/plan.md"
    found = [s for s in identity_secrets(record) if s.field != f"{where} student.name"]
    if plan.preferred_name and plan.preferred_name != plan.name:
        found += _secret(plan.name, f"{where} student.name", sid, MIN_NAME)
    found += _texts(plan.profile.growth_areas, f"{where} profile.growth_areas", sid)
    found += _texts(plan.profile.supports, f"{where} profile.supports", sid)
    found += _texts(plan.profile.learning_preferences, f"{where} profile.learning_preferences", sid)
    for goal in plan.goals:
        at = f"{where} goals[{goal.id}]"
        found += _secret(goal.baseline, f"{at}.baseline", sid, MIN_TEXT)
        found += _secret(goal.current, f"{at}.current", sid, MIN_TEXT)
        if goal.visibility != "public":
            found += _texts([goal.title, goal.measure, goal.why], f"{at} (a private goal)", sid)
            found += _texts([a.do for a in goal.actions], f"{at}.actions (a private goal)", sid)
    for week in record.weeks:
        if week.visibility != "public":
            at = f"{week.path} (a private week)"
            found += _body(week.notes, at, sid)
            found += _texts([a.title for a in week.activities], at, sid)
            found += _texts([g.text for g in week.goals], at, sid)
    for reflection in record.reflections:
        if reflection.visibility != "public":
            found += _body(reflection.text, f"{reflection.path} (a private reflection)", sid)
    for item in record.evidence:
        if item.visibility != "public":
            at = f"{item.path} (private evidence)"
            found += _texts([item.title], at, sid)
            found += _body(item.caption, at, sid)
    for conference in record.conferences:
        at = f"{conference.path} (conference notes)"
        found += _body(conference.notes, at, sid)
        found += _texts([d.do for d in conference.decisions], at, sid)
    for feedback in record.feedback:
        found += _body(feedback.text, f"{feedback.path} (feedback)", sid)
    return found


def public_text(record: StudentRecord) -> str:
    """The comparable text of every item of ``record``, to tell a secret that the student
    also wrote where ``record`` may show it from a leak."""
    plan = record.plan
    parts = [plan.name, plan.preferred_name, plan.story, plan.profile.aspirations]
    parts += plan.profile.interests + plan.profile.strengths
    parts += plan.profile.growth_areas + plan.profile.supports + plan.profile.learning_preferences
    for goal in plan.goals:
        parts += [goal.title, goal.measure, goal.target, goal.why, goal.baseline, goal.current]
        parts += [a.do for a in goal.actions]
    for week in record.weeks:
        parts += [week.notes, *(a.title for a in week.activities), *(g.text for g in week.goals)]
    for reflection in record.reflections:
        parts += [reflection.text, *reflection.prompts]
    for item in record.evidence:
        parts += [item.title, item.caption]
    for conference in record.conferences:
        parts += [conference.notes, *(d.do for d in conference.decisions)]
    for feedback in record.feedback:
        parts.append(feedback.text)
    return " | ".join(
        comparable(_MARKDOWN_LINK_TARGET.sub("] ", " ".join(paragraph.split())))
        for part in parts
        for paragraph in re.split(r"\n\s*\n", part)
    )


def student_secrets(record: StudentRecord) -> list[Secret]:
    """All of a student's data that another student's site must never hold."""
    plan, sid = record.plan, record.plan.id
    where = f"{sid}/plan.md"
    found = identity_secrets(record)
    found += _secret(sid, f"{where} student.id", sid, MIN_NAME, identity=True)
    found += private_secrets(record)
    found += _body(plan.story, f"{where} story", sid)
    found += _texts([plan.profile.aspirations], f"{where} profile.aspirations", sid)
    for goal in plan.goals:
        found += _texts([goal.title, goal.why], f"{where} goals[{goal.id}]", sid)
    for week in record.weeks:
        found += _body(week.notes, f"{week.path}", sid)
    for reflection in record.reflections:
        found += _body(reflection.text, f"{reflection.path}", sid)
    for item in record.evidence:
        found += _texts([item.title], f"{item.path}", sid)
        found += _body(item.caption, f"{item.path}", sid)
    return list(dict.fromkeys(found))


@dataclass(slots=True)
class _FileText:
    digest: bytes
    text: str  # " " + comparable + " "
    words: frozenset[str]


@dataclass(slots=True)
class SiteScanner:
    """Reads sites' files as comparable text, once per distinct content (the theme's
    assets are the same in every site), and remembers what it found in each content."""

    _cache: dict[bytes, _FileText] = field(default_factory=dict)
    _found: dict[tuple[bytes, str], bool] = field(default_factory=dict)

    def read(self, path: Path) -> _FileText:
        data = path.read_bytes()
        digest = hashlib.sha256(data).digest()
        known = self._cache.get(digest)
        if known is None:
            text = data.decode("utf-8", errors="replace")
            text = _json_strings(text) if path.suffix == ".json" else _unescape_script(text)
            value = comparable(text)
            known = _FileText(digest, f" {value} ", frozenset(value.split(" ")))
            self._cache[digest] = known
        return known

    def _holds(self, content: _FileText, needle: str, words: list[str]) -> bool:
        if not content.words.issuperset(words):
            return False
        key = (content.digest, needle)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = needle in content.text
        return found

    def scan(self, site: Path, secrets: Iterable[Secret], allowed: str = "") -> list[Leak]:
        """The leaks of ``secrets`` in every file under ``site`` (links are not followed),
        leaving out secrets that ``allowed`` (comparable text) holds; one per field."""
        files = [(path, self.read(path)) for path in _files(site)]
        everywhere: set[str] = set()
        for _, content in files:
            everywhere |= content.words
        padded_allowed = f" {allowed} "
        leaks: list[Leak] = []
        seen: set[tuple[str, str]] = set()
        for secret in secrets:
            words = secret.words
            if not everywhere.issuperset(words):
                continue
            needle = f" {secret.text} "
            if not secret.identity and needle in padded_allowed:
                continue
            for path, content in files:
                if self._holds(content, needle, words):
                    name = path.relative_to(site).as_posix()
                    if (name, secret.field) not in seen:
                        seen.add((name, secret.field))
                        leaks.append(Leak(name, secret))
        return sorted(leaks, key=lambda leak: (leak.file, leak.secret.field))


_SCRIPT_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|[nrt])")


def _unescape_script(text: str) -> str:
    """Text with the escapes of script and JSON strings decoded (a search index inside a
    script writes a line break as ``\\n`` and an accent as ``\\u00e9``)."""
    return _SCRIPT_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else " ", text)


def _json_strings(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return text
    parts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                parts.append(str(key))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return " \n ".join(parts)


def _files(site: Path) -> list[Path]:
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.name == SITE_MARKER:
            continue
        found.append(path)
    return found


def school_records(
    plans: Path, findings: dict[str, list[Finding]] | None = None
) -> dict[str, StudentRecord]:
    """Every readable student's record (students whose plan.md has errors are left out:
    with no plan, their data cannot be told apart); each one's findings go in
    ``findings`` when it is given."""
    from plp.format.records import StudentNotFound, load_student
    from plp.format.selection import select_students

    records = {}
    for student in select_students(plans):
        try:
            records[student], found = load_student(plans, student)
        except StudentNotFound:
            continue
        if findings is not None:
            findings[student] = found
    return records


class SchoolSecrets:
    """Every student's data, read once, for checking many sites."""

    def __init__(self, records: dict[str, StudentRecord]) -> None:
        self.records = records
        self._secrets = {student: student_secrets(r) for student, r in records.items()}

    def of_others(self, student: str) -> Iterator[Secret]:
        """Every other student's data: what ``student``'s sites must never hold."""
        for other, secrets in self._secrets.items():
            if other != student:
                yield from secrets

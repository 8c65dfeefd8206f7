"""One student's plan as typed records, read from that student's folder only.

A :class:`StudentRecord` is what the portfolio's pages are made from. It is loaded from
``plans/<id>/`` and the school's staff names, and from nothing else, so no page can show
another student's data. Files with errors are left out and reported, so that one typo
never keeps a student's whole site from building.

Later modes (a public portfolio at graduation) filter a record before pages are made
from it; the page builders never decide what is private.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from plp.check.checker import validate
from plp.check.findings import Finding
from plp.format.documents import Document
from plp.format.layout import MARKDOWN_KINDS, SCHOOL_FILE, Kind, week_file
from plp.history.engine import HistoryStore, StudentHistory


def _strings(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return "" if value is None else str(value)


#: Titles and names are shown on many pages (links, tables, the navigation): longer ones
#: are cut, so that a long title repeated by references cannot make a site huge.
MAX_TITLE_CHARACTERS = 200


def _title(value: Any) -> str:
    text = _text(value)
    if len(text) <= MAX_TITLE_CHARACTERS:
        return text
    return text[: MAX_TITLE_CHARACTERS - 1] + "\u2026"


@dataclass(frozen=True, slots=True)
class Action:
    who: str
    do: str
    when: str
    done: bool


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    title: str
    kind: str
    area: str
    measure: str
    baseline: str
    target: str
    current: str  # where the student stands now on the measure
    deadline: str
    why: str
    status: str
    set_by: list[str]
    standards: list[str]
    actions: list[Action]
    visibility: str

    @classmethod
    def from_fields(cls, fields: dict[str, Any]) -> Goal:
        actions = [
            Action(
                _text(a.get("who")), _text(a.get("do")), _text(a.get("when")), a.get("done") is True
            )
            for a in fields.get("actions") or []
        ]
        return cls(
            id=_text(fields["id"]),
            title=_title(fields["title"]),
            kind=_text(fields.get("kind")),
            area=_text(fields.get("area")),
            measure=_text(fields.get("measure")),
            baseline=_text(fields.get("baseline")),
            target=_text(fields.get("target")),
            current=_text(fields.get("current")),
            deadline=_text(fields["deadline"]),
            why=_text(fields.get("why")),
            status=_text(fields["status"]),
            set_by=_strings(fields.get("set_by")),
            standards=_strings(fields.get("standards")),
            actions=actions,
            visibility=_text(fields.get("visibility") or "private"),
        )


@dataclass(frozen=True, slots=True)
class Profile:
    interests: list[str]
    learning_preferences: list[str]
    supports: list[str]
    aspirations: str
    strengths: list[str]
    growth_areas: list[str]


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    name: str
    preferred_name: str
    grade: int | None
    graduation_year: int
    advisor: str
    profile: Profile
    goals: list[Goal]
    story: str
    publish_portfolio: bool
    has_consent: bool
    #: E-mail addresses and Git host logins that are this student (never published).
    git: list[str] = field(default_factory=list)
    #: Who gave the consent to publish (never published), or "".
    consent_name: str = ""

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.name

    @classmethod
    def from_document(cls, doc: Document) -> Plan:
        return cls.from_fields(doc.fields, doc.body)

    @classmethod
    def from_fields(cls, fields: dict[str, Any], story: str) -> Plan:
        student = fields["student"]
        profile = fields.get("profile") or {}
        publish = fields.get("publish") or {}
        grade = student.get("grade")
        return cls(
            id=_text(student["id"]),
            name=_title(student["name"]),
            preferred_name=_title(student.get("preferred_name")),
            grade=grade if isinstance(grade, int) else None,
            graduation_year=int(student["graduation_year"]),
            advisor=_text(student.get("advisor")),
            profile=Profile(
                interests=_strings(profile.get("interests")),
                learning_preferences=_strings(profile.get("learning_preferences")),
                supports=_strings(profile.get("supports")),
                aspirations=_text(profile.get("aspirations")),
                strengths=_strings(profile.get("strengths")),
                growth_areas=_strings(profile.get("growth_areas")),
            ),
            goals=[Goal.from_fields(goal) for goal in fields.get("goals") or []],
            story=story,
            publish_portfolio=publish.get("portfolio") is True,
            has_consent=isinstance(publish.get("consent"), dict),
            git=_strings(student.get("git")),
            consent_name=_text((publish.get("consent") or {}).get("name"))
            if isinstance(publish.get("consent"), dict)
            else "",
        )


@dataclass(frozen=True, slots=True)
class WeeklyGoal:
    by: str
    text: str
    goal: str


@dataclass(frozen=True, slots=True)
class Activity:
    id: str
    title: str
    area: str
    mode: str
    with_: str
    standard: str
    required: bool
    status: str
    evidence: str  # a path relative to the student's folder, or ""


@dataclass(frozen=True, slots=True)
class Week:
    path: PurePosixPath
    week: str
    #: The area the file is named after (weeks/2026-W49-math.md), or "" for every area.
    area: str
    areas: list[str]
    template: str
    goals: list[WeeklyGoal]
    schedule: dict[str, list[str]]
    activities: list[Activity]
    notes: str
    visibility: str

    @classmethod
    def from_document(cls, doc: Document) -> Week:
        f = doc.fields
        schedule = f.get("schedule") or {}
        return cls(
            path=doc.rel,
            week=_text(f["week"]),
            area=(week_file(doc.rel) or ("", ""))[1],
            areas=_strings(f.get("areas")),
            template=_text(f.get("template")),
            goals=[
                WeeklyGoal(_text(g.get("by")), _text(g.get("text")), _text(g.get("goal")))
                for g in f.get("goals") or []
            ],
            schedule={day: _strings(items) for day, items in schedule.items()},
            activities=[
                Activity(
                    id=_text(a["id"]),
                    title=_title(a["title"]),
                    area=_text(a.get("area")),
                    mode=_text(a["mode"]),
                    with_=_text(a.get("with")),
                    standard=_text(a.get("standard")),
                    required=a.get("required") is not False,
                    status=_text(a["status"]),
                    evidence=_text(a.get("evidence")),
                )
                for a in f.get("activities") or []
            ],
            notes=doc.body,
            visibility=_text(f.get("visibility") or "private"),
        )


@dataclass(frozen=True, slots=True)
class Reflection:
    path: PurePosixPath
    date: str
    kind: str
    week: str
    goals: list[str]
    prompts: list[str]
    confidence: int | None
    habits: int | None
    text: str
    visibility: str

    @classmethod
    def from_document(cls, doc: Document) -> Reflection:
        f = doc.fields
        return cls(
            path=doc.rel,
            date=_text(f["date"]),
            kind=_text(f["kind"]),
            week=_text(f.get("week")),
            goals=_strings(f.get("goals")),
            prompts=_strings(f.get("prompts")),
            confidence=f.get("confidence"),
            habits=f.get("habits"),
            text=doc.body,
            visibility=_text(f.get("visibility") or "private"),
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    path: PurePosixPath
    slug: str
    title: str
    date: str
    kind: str
    goals: list[str]
    standards: list[str]
    files: list[str]
    caption: str
    visibility: str

    @classmethod
    def from_document(cls, doc: Document) -> Evidence:
        f = doc.fields
        return cls(
            path=doc.rel,
            slug=doc.rel.stem,
            title=_title(f["title"]),
            date=_text(f["date"]),
            kind=_text(f.get("kind")),
            goals=_strings(f.get("goals")),
            standards=_strings(f.get("standards")),
            files=_strings(f.get("files")),
            caption=doc.body,
            visibility=_text(f.get("visibility") or "private"),
        )


@dataclass(frozen=True, slots=True)
class Decision:
    who: str
    do: str


@dataclass(frozen=True, slots=True)
class Conference:
    path: PurePosixPath
    date: str
    kind: str
    participants: list[str]
    goals: list[str]
    decisions: list[Decision]
    notes: str

    @classmethod
    def from_document(cls, doc: Document) -> Conference:
        f = doc.fields
        return cls(
            path=doc.rel,
            date=_text(f["date"]),
            kind=_text(f.get("kind")),
            participants=_strings(f.get("participants")),
            goals=_strings(f.get("goals")),
            decisions=[
                Decision(_text(d.get("who")), _text(d.get("do"))) for d in f.get("decisions") or []
            ],
            notes=doc.body,
        )


@dataclass(frozen=True, slots=True)
class Feedback:
    path: PurePosixPath
    date: str
    by: str  # a staff id
    goals: list[str]
    text: str

    @classmethod
    def from_document(cls, doc: Document) -> Feedback:
        f = doc.fields
        return cls(doc.rel, _text(f["date"]), _text(f["by"]), _strings(f.get("goals")), doc.body)


@dataclass(slots=True)
class StudentRecord:
    """Everything one student's portfolio is made from."""

    plan: Plan
    folder: Path  # the student's folder on disk, for evidence files
    weeks: list[Week] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    #: Staff names by id, from _school.yml (for "feedback from Dana Rivera").
    staff: dict[str, str] = field(default_factory=dict)
    #: The names the school gives its area ids, and what its standard codes mean.
    area_names: dict[str, str] = field(default_factory=dict)
    standard_names: dict[str, str] = field(default_factory=dict)
    school: str = ""
    #: The first day of the school year (the first term's start in _school.yml), or "".
    year_start: str = ""
    #: How the plan grew (None when history was not read).
    history: StudentHistory | None = None
    #: The plan as it was at the start of the school year, for "then and now".
    plan_then: Plan | None = None
    #: The day of the commit that holds ``plan_then`` (YYYY-MM-DD).
    plan_then_date: str = ""

    def goal(self, goal_id: str) -> Goal | None:
        return next((goal for goal in self.plan.goals if goal.id == goal_id), None)

    def area_name(self, area: str) -> str:
        """The name the school gives the area ``area`` (the id itself when it gives none)."""
        return self.area_names.get(area, area)

    def standard_text(self, code: str) -> str:
        """A standard's code with what it means, where the school says: ``CODE: meaning``."""
        meaning = self.standard_names.get(code)
        return f"{code}: {meaning}" if meaning else code


class StudentNotFound(Exception):
    """No readable ``plan.md`` for the student: there is no site to build."""


def load_student(plans: Path, student: str) -> tuple[StudentRecord, list[Finding]]:
    """The record of ``student`` and the findings of the files left out of it.

    Only ``plans/<student>/`` and ``plans/_school.yml`` are read.
    """
    folder = plans / student
    plan_path = folder / "plan.md"
    if folder.is_symlink():
        raise StudentNotFound(f"the folder of '{student}' is a link: plp does not follow it")
    if not plan_path.is_file():
        raise StudentNotFound(f"there is no plan for '{student}' (no {plan_path})")
    result = validate(plans, [folder], jobs=1, keep_documents=True)
    broken = {PurePosixPath(finding.path) for finding in result.findings}
    if PurePosixPath(student, "plan.md") in broken:
        raise StudentNotFound(f"{student}/plan.md has errors: run plp validate")
    docs: dict[Kind, list[Document]] = {}
    for rel, doc in sorted(result.documents.items()):
        if doc.kind in MARKDOWN_KINDS and rel not in broken and doc.student == student:
            docs.setdefault(doc.kind, []).append(doc)
    record = StudentRecord(Plan.from_document(docs[Kind.PLAN][0]), folder)
    record.weeks = sorted(
        (Week.from_document(d) for d in docs.get(Kind.WEEK, [])), key=lambda w: (w.week, w.area)
    )
    record.reflections = sorted(
        (Reflection.from_document(d) for d in docs.get(Kind.REFLECTION, [])),
        key=lambda r: (r.date, str(r.path)),
    )
    record.evidence = sorted(
        (Evidence.from_document(d) for d in docs.get(Kind.EVIDENCE, [])),
        key=lambda e: (e.date, e.slug),
    )
    record.conferences = sorted(
        (Conference.from_document(d) for d in docs.get(Kind.CONFERENCE, [])),
        key=lambda c: (c.date, str(c.path)),
    )
    record.feedback = sorted(
        (Feedback.from_document(d) for d in docs.get(Kind.FEEDBACK, [])),
        key=lambda f: (f.date, str(f.path)),
    )
    school = result.documents.get(PurePosixPath(SCHOOL_FILE))
    if school is not None and PurePosixPath(SCHOOL_FILE) not in broken:
        record.school = _text(school.fields.get("school"))
        terms = school.fields.get("terms") or []
        starts = sorted(
            _text(t.get("start")) for t in terms if isinstance(t, dict) and t.get("start")
        )
        record.year_start = starts[0] if starts else ""
        record.area_names = _names(school.fields.get("areas"))
        record.standard_names = _names(school.fields.get("standards"))
        staff = school.fields.get("staff")
        record.staff = {
            _text(s.get("id")): _title(s.get("name"))
            for s in (staff if isinstance(staff, list) else [])
            if isinstance(s, dict)
        }
    return record, result.findings


def _names(value: Any) -> dict[str, str]:
    """``{id: name}`` of a mapping in ``_school.yml`` (empty for a plain list of ids)."""
    if not isinstance(value, dict):
        return {}
    return {str(key): _title(name) for key, name in value.items() if isinstance(name, str)}


def attach_history(record: StudentRecord, store: HistoryStore) -> None:
    """Give ``record`` its history, and its plan as it was when the school year began."""
    record.history = store.student(record.plan.id)
    versions = record.history.plan_versions
    if not versions:
        return
    start = record.year_start or "0000"
    before = [v for v in versions if v.date[:10] <= start]
    then = before[-1] if before else versions[0]
    record.plan_then_date = then.date[:10]
    fields = store.plan_at(then)
    if isinstance(fields, dict) and isinstance(fields.get("student"), dict):
        try:
            record.plan_then = Plan.from_fields(fields, "")
        except Exception:  # an old version that does not fit the format today: no "then"
            record.plan_then = None

"""Generate a school of learning plans, optionally with a realistic Git history.

The demo school of ``plp demo`` (a named cast, see ``plp.demo.cast``) and the synthetic
schools of the tests and benchmarks: a whole school under ``ROOT/plans/`` in the format of
``PLAN-FORMAT.md`` (``_school.yml``, ``_templates/`` and one folder per student with
``plan.md``, ``weeks/``, ``reflections/``, ``evidence/`` (some items with an SVG or text
file beside them), ``conferences/`` and ``feedback/``). Every file is valid. The output
depends only on the arguments: one ``random.Random(seed)``, never the clock, the locale
or the machine's Git configuration.

With ``history=True`` ROOT is a Git repository whose branch ``main`` tells the school year
week by week, from Monday 2026-08-24 (ISO week 2026-W35) for a synthetic school, or
through the weeks of a cast's calendar (school breaks have no hand-outs):

* the only root commit, by the admin, adds ``_school.yml``, the templates and every
  ``plan.md``; when a new school year starts, the admin updates ``_school.yml`` and
  moves every student up a grade;
* every Monday morning each teacher hands out the week on ``main``: one commit adding
  ``weeks/<YYYY>-W<WW>.md`` for every student on the class roster (one plan with all of
  the student's areas), or, when a cast asks for it (``Cast.area_weeks``), each of a
  student's teachers adds ``weeks/<YYYY>-W<WW>-<area>.md`` (a departmentalized class);
* each student works on a pull-request branch forked from that hand-out: 1-4 commits on
  Monday to Thursday afternoons and evenings, authored with the student's own e-mail
  (activity statuses, reflections, evidence with its files, weekly goals, now and then a
  change to ``plan.md`` (a goal started, met, not met, revised or dropped, a target or
  deadline moved, a step added or done, a goal added or removed, the profile or the
  story), an evidence rename, or evidence deleted and restored by the next commit);
* the next school day the class teacher merges the branch with a two-parent merge commit;
  after it, staff sometimes commit on ``main``: feedback (teacher), conference notes
  (advisor or counselor) or a direct edit of a goal's deadline (teacher).

A cast may also hold scripted students, whose history is written out step by step
(``Script``) instead of simulated: their commits (pull requests merged by staff, staff
commits on ``main``) are woven into the same history in time order.

The rare changes (rename, delete and restore, feedback, conference, a teacher's edit)
happen at least once from the second week on, so that even a small school has them.
``history=False`` runs the same simulation and writes only the final files: the same
files that ``main`` has with ``history=True`` and the same seed.

The history is ONE ``git fast-import`` stream (student branches go through a scratch ref
that is deleted afterwards), then ``main`` is checked out. Times are local school times
(-0500 in summer time, -0600 in winter) and strictly increase along every line of
history. Git runs with ``GIT_CONFIG_NOSYSTEM=1`` and HOME in a temporary folder, and all
identities are in the stream: the user's Git configuration is never read or changed.

Ground truth: ``GeneratedSchool.expected_events`` has one dict per semantic change, with
``type``, ``student``, ``path`` (``plans/<id>/...``), ``commit`` (SHA of the commit that
made the change: the student's branch commit, never the merge; ``""`` when
``history=False``), ``date`` (ISO 8601 author date with offset), ``author`` (name) and
``role``. Also: ``goal`` for ``goal.*``, ``action.*`` and ``week.goal.added``; ``goal`` or
``activity`` with ``field``, ``from`` and ``to`` (strings, ``""`` for absent) for
``goal.changed`` and ``activity.changed``; ``from_path`` for ``evidence.renamed``;
``field`` for ``profile.changed``. The root commit is recorded only as one ``goal.added``
per goal of every plan (role ``admin``); a hand-out is one ``week.added`` per student;
merges and the new-year commit record nothing, and neither do scripted students.
``plan_files`` counts the Markdown files in students' folders.

Run ``python benchmarks/school_generator.py OUT --students 200 --weeks 36``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from random import Random
from typing import IO, TypeAlias

# ---------------------------------------------------------------------------------------
# Built-in vocabulary
# ---------------------------------------------------------------------------------------

VOCABULARY = """
[first]
Ava Jonah Maya Liam Zoe Noah Iris Owen Lena Eli Nora Theo Ruby Miles Clara Felix Hazel
Jude Ines Omar Priya Rafael Sana Tomas Uma Victor Wren Yara Kai Leah
[last]
Martinez Lee Okafor Nguyen Schmidt Haddad Kowalski Moreau Tanaka Silva Brennan Osei Patel
Lindqvist Romero Fischer Adeyemi Novak Castillo Ivanova Mensah Duarte Hughes Sato Varga
[staff-first]
Dana Sam Alex Robin Jordan Casey Morgan Taylor Jamie Avery Riley Quinn
[staff-last]
Rivera Okoye Brandt Castro Dubois Eriksen Farah Gupta Hale Ito Jensen Kruger Lopez Meyer
Nakamura Ortiz Price Rossi Stein Torres Ueda Vance Wolfe Young
[interests]
robotics soccer drawing music chess cooking coding photography theatre basketball gardening
[areas]
math|math|CCSS.MATH.CONTENT.HSA.SSE.A.2
ela|English|CCSS.ELA-LITERACY.W.9-10.1
science|science|NGSS.HS-PS1-7
social-studies|history|C3.D2.His.1.9-12
world-languages|Spanish|ACTFL.IP.NM
arts|art|NCAS.VA.Cr1.1
wellness|wellness|SHAPE.S3.H1
cte|design|CTE.ENG.D2
[week-goals]
math|Solve quadratic equations by factoring|Graph linear functions from a table
ela|Write a claim with two pieces of evidence|Revise a paragraph for clarity
science|Design a fair test|Balance chemical equations
social-studies|Explain the causes of a revolution|Write a historical argument
world-languages|Describe my weekend in the past tense|Ask for directions
arts|Use value to show form|Plan a composition with thumbnails
wellness|Set a personal fitness target|Practise a calming routine
cte|Sketch three design ideas|Test a prototype and record results
[activities]
lesson-notes|Take notes in the live {} lessons|sync|teacher
practice|Finish this week's {} practice|async|independent
study-group|Check my {} work with the study group|async|peers
[personal]
essays-on-time|personal|Turn in every essay by its due date this term|Essays on time|2 of 5|6 of 6
reading-habit|personal|Read for 20 minutes every school day|Reading days a week|2|5
planner-use|personal|Write every assignment in my planner|Assignments written down|half|all
job-shadow|career|Shadow a professional in a field I am curious about|Job-shadow days|0|1
college-list|career|Build a list of ten programs that fit me|Programs on my list|0|10
volunteer-hours|citizenship|Volunteer 15 hours at a community organisation|Hours|0|15
[actions]
student|Go to tutoring every Tuesday|weekly
student|Make a study guide a week before each test|weekly
teacher|Check my progress at the end of each unit|monthly
parent|Ask about my planner on Sunday evenings|weekly
advisor|Review my planner at advisory|weekly
student|Read for 20 minutes before bed|daily
teacher|Review my draft before the due date|
[decisions]
student|Start a study guide two weeks before each test
advisor|Check the planner at advisory every Monday
parent|Ask about the planner on Sunday evenings
counselor|Look for a tutoring slot after school
[aspirations]
Study engineering after high school.;Become a nurse and work in my community.
Start my own design business.;Teach music to kids.
[strengths]
Hands-on problem solving;Sticking with hard team projects;Asking good questions
[growth]
Fractions and ratios;Turning in written work on time;Speaking up in discussions
[why]
It is the base of the courses I want to take next year.
It matters for the career I am thinking about.;I want to prove to myself that I can do it.
[story]
I learn best when I can see how things fit together.
This year I want to be more organised and less last-minute.
I found out that asking for help early saves me a lot of time.
[reflect]
I worked on this today: {}. It went better than last week because I started early.
This took longer than I planned: {}. Next time I will ask for help sooner.
I was stuck for a while ({}), then a worked example helped.
[prompts]
How is your work going?;What will you do next?;What was hard this week?;What are you proud of?
[caption]
I chose this because it shows how my thinking changed during the week.
It shows the mistake I kept making and how I fixed it.
[feedback]
Good progress this week. Start the practice earlier so you have time to ask questions.
Your reflection is honest and specific. Keep linking your work to your goal.
[notes]
Short week: no school on Friday.;Quiz on Thursday.;Field trip on Wednesday, bring a lunch.
"""


def _sections(text: str) -> dict[str, list[str]]:
    """Sections of VOCABULARY: "[name]" and then items, one a line or separated by ";"."""
    out: dict[str, list[str]] = {}
    for part in text.strip().split("\n["):
        name, _, body = part.lstrip("[").partition("]\n")
        out[name] = body.replace(";", "\n").splitlines()
    return out


V = _sections(VOCABULARY)
FIRST, LAST, STAFF_FIRST, STAFF_LAST, INTERESTS = (
    " ".join(V[k]).split() for k in ("first", "last", "staff-first", "staff-last", "interests")
)
ROWS = {k: [tuple(line.split("|")) for line in v] for k, v in V.items() if "|" in v[0]}


@dataclass(frozen=True)
class Area:
    label: str
    standard: str
    week_goals: tuple[str, ...]


WEEK_GOALS = {row[0]: row[1:] for row in ROWS["week-goals"]}
AREAS = {key: Area(label, std, WEEK_GOALS[key]) for key, label, std in ROWS["areas"]}
SCHOOL, DOMAIN, TIMEZONE = "Cedar Hollow School", "cedarhollow.example", "America/Chicago"
FIRST_MONDAY = date(2026, 8, 24)  # ISO week 2026-W35
OPEN_GOAL = ("planned", "in-progress", "revised")
FINISHED = ("met", "met", "not-met", "revised", "dropped")  # where a goal in progress goes

# ---------------------------------------------------------------------------------------
# YAML writing and time
# ---------------------------------------------------------------------------------------

Yaml: TypeAlias = "str | int | date | Sequence[Yaml] | Mapping[str, Yaml] | None"
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'()%/+-]*|\d{4}-W\d\d")
_RESERVED = frozenset(("yes", "no", "true", "false", "null", "on", "off", "y", "n"))


def scalar(v: Yaml, flow: bool = False) -> str:
    """A YAML scalar: plain when that is safe, else JSON-quoted (JSON strings are YAML)."""
    if isinstance(v, bool):
        return str(v).lower()
    if not isinstance(v, str):
        return str(v)
    if _PLAIN.fullmatch(v) and v.lower() not in _RESERVED and not (flow and "," in v):
        return v
    return json.dumps(v, ensure_ascii=False)


def emit(data: Mapping[str, Yaml], pad: str = "") -> list[str]:
    """Block YAML for a mapping; lists of scalars in flow style; None, "" and [] left out."""
    out: list[str] = []
    for key, v in data.items():
        if v is None or (isinstance(v, Sequence | Mapping) and not v):
            continue
        if isinstance(v, Mapping):
            out += [f"{pad}{key}:", *emit(v, pad + "  ")]
        elif isinstance(v, str) or not isinstance(v, Sequence):
            out.append(f"{pad}{key}: {scalar(v)}")
        elif isinstance(v[0], Mapping):
            out.append(f"{pad}{key}:")
            for item in v:
                lines = emit(item, pad + "    ") if isinstance(item, Mapping) else []
                out += [f"{pad}  - {lines[0].lstrip()}", *lines[1:]]
        else:
            out.append(f"{pad}{key}: [{', '.join(scalar(x, True) for x in v)}]")
    return out


def doc(front: Mapping[str, Yaml], body: str = "") -> bytes:
    return ("---\n" + "\n".join(emit(front)) + "\n---\n" + (body and body + "\n")).encode()


def fields_yaml(obj: object, names: str) -> dict[str, Yaml]:
    """A mapping of some attributes of `obj` (a trailing _ is dropped from the key)."""
    return {name.rstrip("_"): getattr(obj, name) for name in names.split()}


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def local_time(d: date, minutes: int) -> datetime:
    """`minutes` after midnight on `d` in US Central time (summer time by the US rules)."""
    mar, nov = date(d.year, 3, 8), date(d.year, 11, 1)
    dst = mar + timedelta((6 - mar.weekday()) % 7) <= d < nov + timedelta((6 - nov.weekday()) % 7)
    tz = timezone(timedelta(hours=-5 if dst else -6))
    return datetime(d.year, d.month, d.day, tzinfo=tz) + timedelta(minutes=minutes)


# ---------------------------------------------------------------------------------------
# The school's model and its files
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str
    login: str
    roles: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()  # a teacher's areas
    roster: str = ""  # a teacher's class, or an advisor's advisory, in _school.yml
    preferred_name: str = ""


@dataclass(frozen=True)
class Term:
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class SchoolYear:
    name: str  # "2026-2027"
    terms: tuple[Term, ...]

    @property
    def start(self) -> date:
        return self.terms[0].start

    @property
    def end(self) -> date:
        return self.terms[-1].end


@dataclass
class Goal:
    id: str
    title: str
    kind: str
    deadline: date
    status: str
    measure: str
    baseline: str
    target: str
    area: str = ""
    why: str = ""
    set_by: tuple[str, ...] = ("student",)
    standards: tuple[str, ...] = ()
    actions: list[dict[str, str | bool]] = field(default_factory=list)
    visibility: str = "private"
    original: bool = True  # in the plan from the start; never removed

    def yaml(self) -> dict[str, Yaml]:
        return fields_yaml(
            self,
            "id title kind area measure baseline target deadline why status "
            "set_by standards actions visibility",
        )


@dataclass
class Activity:
    id: str
    title: str
    area: str
    mode: str
    with_: str
    standard: str = ""
    status: str = "todo"
    evidence: str = ""

    def yaml(self) -> dict[str, Yaml]:
        return fields_yaml(self, "id title area mode with_ standard status evidence")


@dataclass
class Week:
    key: str
    areas: list[str]
    goals: list[dict[str, str]]
    schedule: dict[str, list[str]]
    activities: list[Activity]
    notes: str = ""
    file: str = ""  # relative to the student's folder: weeks/<key>[-<area>].md

    def render(self) -> bytes:
        template = f"week-{self.areas[0]}" if len(self.areas) == 1 else None
        return doc(
            {
                "week": self.key,
                "areas": self.areas,
                "template": template,
                "goals": self.goals,
                "schedule": self.schedule,
                "activities": [a.yaml() for a in self.activities],
            },
            self.notes,
        )


def new_week(key: str, areas: list[str], wi: int | None, notes: str = "") -> Week:
    """A weekly plan as handed out; `wi` None makes the `_templates/` file."""
    week = Week(key, areas, [], {"mon": [], "wed": []}, [], notes)
    for area in areas:
        info, hour = AREAS[area], 8 + list(AREAS).index(area) % 7
        for day in week.schedule.values():
            day.append(f"Live {info.label} lesson {hour}:00")
        text = "{teacher_goal}" if wi is None else info.week_goals[wi % len(info.week_goals)]
        week.goals.append({"by": "teacher", "text": text})
        for j, (aid, title, mode, with_) in enumerate(ROWS["activities"]):
            std = info.standard if j == 1 else ""
            title = title.format(info.label)
            week.activities.append(Activity(f"{area}-{aid}", title, area, mode, with_, std))
    return week


@dataclass
class Evidence:
    slug: str
    data: bytes
    files: dict[str, bytes]
    renamed: bool = False


@dataclass
class Student:
    person: Person
    grade: int
    teachers: list[Person]  # the class teacher (who merges pull requests) first
    advisor: Person
    profile: dict[str, list[str]]
    aspirations: str
    story: list[str]
    consent: dict[str, Yaml] | None
    graduation_year: int = 0  # 0: from the grade
    goals: list[Goal] = field(default_factory=list)
    weeks: dict[str, Week] = field(default_factory=dict)  # by file, weeks/<key>[-<area>].md
    standalone: list[Evidence] = field(default_factory=list)  # not linked to an activity
    refs: dict[str, int] = field(default_factory=dict)  # goal id -> files that name it
    used: set[str] = field(default_factory=set)  # every path ever used, relative

    @property
    def id(self) -> str:
        return self.person.id

    @property
    def teacher(self) -> Person:
        return self.teachers[0]

    @property
    def areas(self) -> list[str]:
        return [a for t in self.teachers for a in t.areas]

    def path(self, rel: str) -> str:
        return f"plans/{self.id}/{rel}"

    def unique(self, folder: str, base: str, ext: str = ".md") -> str:
        """A new name `folder/base[-k]ext` (a slug when `ext` is ""), never used before."""
        rel, k = f"{folder}/{base}{ext}", 2
        while rel in self.used:
            rel, k = f"{folder}/{base}-{k}{ext}", k + 1
        self.used.add(rel)
        return rel

    def render_plan(self) -> bytes:
        p = self.person
        student: dict[str, Yaml] = {
            "id": p.id,
            "name": p.name,
            "preferred_name": p.preferred_name or p.name.split()[0],
            "grade": self.grade,
            "graduation_year": self.graduation_year or 2039 - self.grade,
            "advisor": self.advisor.id,
            "git": [p.email, p.login],
        }
        profile: dict[str, Yaml] = {**self.profile, "aspirations": self.aspirations}
        publish: dict[str, Yaml] = {"portfolio": self.consent is not None, "consent": self.consent}
        front: dict[str, Yaml] = {
            "schema": 1,
            "student": student,
            "profile": profile,
            "goals": [g.yaml() for g in self.goals],
            "publish": publish,
        }
        return doc(front, "# My story\n\n" + "\n\n".join(self.story))


def school_yml(
    name: str, staff: list[Person], rosters: dict[str, list[str]], year: SchoolYear
) -> bytes:
    terms: list[Yaml] = [{"name": t.name, "start": t.start, "end": t.end} for t in year.terms]
    people: list[Yaml] = [
        {"id": s.id, "name": s.name, "roles": s.roles, "git": [s.email, s.login]} for s in staff
    ]
    data: dict[str, Yaml] = {
        "school": name,
        "year": year.name,
        "timezone": TIMEZONE,
        "areas": list(AREAS),
        "terms": terms,
        "staff": people,
        "rosters": rosters,
    }
    return (
        "# School-wide settings. Names under plans/ that start with _ are not students.\n"
        + "\n".join(emit(data))
        + "\n"
    ).encode()


def svg(r: Random) -> bytes:
    rects = "".join(
        f'<rect x="{r.randint(0, 120)}" y="{r.randint(0, 50)}" width="{r.randint(8, 40)}" '
        f'height="{r.randint(8, 30)}" fill="#{r.randrange(1 << 24):06x}"/>'
        for _ in range(r.randint(2, 5))
    )
    head = '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="80" viewBox="0 0 160 80">'
    return f'{head}<rect width="160" height="80" fill="#fff"/>{rects}</svg>\n'.encode()


# ---------------------------------------------------------------------------------------
# Commits, and where they go: a fast-import stream, or straight to files
# ---------------------------------------------------------------------------------------

Content = bytes | Callable[[], bytes]  # a callable renders the file's current state


@dataclass
class Op:
    path: str
    content: Content | None  # None deletes
    old: str = ""  # a rename from `old` to `path`


@dataclass
class Commit:
    author: Person
    role: str
    when: datetime
    message: str = ""
    committer: Person | None = None
    parent: int | None = None  # set by School.commit for commits on main
    pr: int | None = None  # a commit on this pull request's branch
    merge: int | None = None  # merges this pull request into main
    ops: dict[str, Op] = field(default_factory=dict)
    events: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the message

    def put(self, path: str, content: Content) -> None:
        self.ops[path] = Op(path, content)

    def delete(self, path: str) -> None:
        self.ops[path] = Op(path, None)

    def event(self, kind: str, st: Student, rel: str, **extra: str) -> None:
        self.events.append({"type": kind, "student": st.id, "path": st.path(rel), **extra})

    def changed(
        self, kind: str, st: Student, rel: str, of: str, name: str, old: str, new: str
    ) -> None:
        """A goal.changed or activity.changed event: field `name` of `of` from `old` to `new`."""
        what = kind.split(".")[0]
        self.event(kind, st, rel, **{what: of, "field": name, "from": old, "to": new})


def _bytes(c: Content) -> bytes:
    return c if isinstance(c, bytes) else c()


class FastImportSink:
    """Writes commits to a `git fast-import` stream; branches use refs/heads/pull."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out, self.marks = out, 0
        self.tips: dict[int, int] = {}  # pull request -> its last commit's mark
        self.net: dict[int, dict[str, bytes | None]] = {}  # pull request -> its changes
        out.write(b"feature done\n")

    def commit(self, c: Commit) -> int:
        self.marks += 1
        w, who = self.out.write, c.committer or c.author
        stamp, msg = f"{int(c.when.timestamp())} {c.when.strftime('%z')}", c.message.encode()
        w(f"commit refs/heads/{'pull' if c.pr else 'main'}\nmark :{self.marks}\n".encode())
        w(f"author {c.author.name} <{c.author.email}> {stamp}\n".encode())
        w(f"committer {who.name} <{who.email}> {stamp}\ndata {len(msg)}\n".encode() + msg)
        w(b"\n" if c.parent is None else b"\nfrom :%d\n" % c.parent)
        ops, net = list(c.ops.values()), self.net.setdefault(c.pr, {}) if c.pr else {}
        if c.merge:  # the merge's tree: main's tree plus everything the branch changed
            w(b"merge :%d\n" % self.tips.pop(c.merge))
            ops = [Op(path, data) for path, data in self.net.pop(c.merge).items()]
        elif c.pr:
            self.tips[c.pr] = self.marks
        for op in ops:
            data = None if op.content is None else _bytes(op.content)
            if op.old:
                w(f"R {op.old} {op.path}\n".encode())
                net[op.old] = None
            elif data is None:
                w(f"D {op.path}\n".encode())
            else:
                w(b"M 100644 inline %s\ndata %d\n%s\n" % (op.path.encode(), len(data), data))
            net[op.path] = data
        w(b"\n")
        return self.marks


class FileSink:
    """For history=False: keeps the last content of every path and writes it at the end."""

    def __init__(self) -> None:
        self.marks = 0
        self.files: dict[str, Content] = {}

    def commit(self, c: Commit) -> int:
        self.marks += 1
        for op in c.ops.values():
            if op.old:
                self.files[op.path] = self.files.pop(op.old)
            elif op.content is None:
                del self.files[op.path]
            else:
                self.files[op.path] = op.content
        return self.marks

    def write(self, root: Path) -> None:
        for folder in {str(Path(p).parent) for p in self.files}:
            (root / folder).mkdir(parents=True, exist_ok=True)
        for rel, content in self.files.items():
            (root / rel).write_bytes(_bytes(content))


# ---------------------------------------------------------------------------------------
# A cast: named people, a calendar, and students whose history is written out
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CastStudent:
    person: Person
    grade: int  # in the first school year of the history
    graduation_year: int
    teachers: tuple[str, ...]  # staff ids, the class teacher (who merges) first
    advisor: str  # a staff id


@dataclass(frozen=True)
class Step:
    """One commit of a scripted student's history, at `when` by `by` (a staff id or the
    student's id). The student's steps go on the pull-request branch `branch`; a staff
    step with a `branch` (and no files) merges it; a staff step without one commits on
    main. `files` are relative to the student's folder; None deletes a file."""

    when: datetime
    by: str
    message: str
    files: Mapping[str, bytes | None] = field(default_factory=dict)
    branch: str = ""


@dataclass(frozen=True)
class Script:
    student: CastStudent
    setup: Mapping[str, bytes]  # the student's files in the root commit
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Cast:
    """A named school: staff (at least one admin and one counselor; teachers with their
    areas), simulated students, scripted students, and the calendar of the history."""

    school: str
    staff: tuple[Person, ...]
    students: tuple[CastStudent, ...]
    scripts: tuple[Script, ...]
    years: tuple[SchoolYear, ...]  # the first is the year of the root commit
    mondays: tuple[date, ...]  # the school weeks, in order
    # Students with several teachers get one weekly plan per teacher and area
    # (weeks/<key>-<area>.md); without, the class teacher hands out one plan of all areas.
    area_weeks: bool = True
    files: Mapping[str, bytes] = field(default_factory=dict)  # beside plans/, from the start
    plan_changes: float = 0.15  # how often a student's commit also changes plan.md


# ---------------------------------------------------------------------------------------
# The simulation of the school year
# ---------------------------------------------------------------------------------------

Task = tuple[datetime, int, Callable[[], object]]  # work on main, done in time order


class School:
    def __init__(
        self,
        sink: FastImportSink | FileSink,
        students: int,
        weeks: int,
        seed: int,
        cast: Cast | None = None,
    ):
        self.rng, self.sink, self.seq = Random(seed), sink, itertools.count()
        self.events: list[tuple[int, dict[str, str]]] = []  # (mark, event)
        self.seen: set[str] = set()  # rare changes made at least once
        self.pr = self.wi = 0
        self.main: int | None = None
        self.main_time = datetime.min.replace(tzinfo=UTC)
        self.scripts: tuple[Script, ...] = ()
        self.scripted: list[Task] = []  # the scripted students' commits, not yet made
        self.open_prs: dict[tuple[str, str], tuple[int, int | None]] = {}  # -> (number, tip)
        self.area_weeks = cast is not None and cast.area_weeks
        self.files: Mapping[str, bytes] = cast.files if cast else {}
        self.plan_changes = cast.plan_changes if cast else 0.15
        if cast is None:
            self.name = SCHOOL
            self.mondays = [FIRST_MONDAY + timedelta(weeks=i) for i in range(weeks)]
            last_day = max(date(2027, 6, 4), FIRST_MONDAY + timedelta(weeks=weeks, days=-3))
            fall = Term("Fall", FIRST_MONDAY, date(2027, 1, 15))
            self.years = [
                SchoolYear("2026-2027", (fall, Term("Spring", date(2027, 1, 19), last_day)))
            ]
            self.year = self.years[0]
            self.staff: list[Person] = []
            self.students = self.people(students)
        else:
            self.name, self.mondays, self.years = cast.school, list(cast.mondays), list(cast.years)
            self.year, self.staff, self.scripts = self.years[0], list(cast.staff), cast.scripts
            self.students = self.cast_people(cast)

    def commit(self, c: Commit) -> int:
        if c.pr is None:  # on main: after main's tip, strictly later
            c.parent, c.when = self.main, max(c.when, self.main_time + timedelta(seconds=1))
            self.main_time = c.when
        mark = self.sink.commit(c)
        self.main = self.main if c.pr else mark
        stamp = {"commit": "", "date": c.when.isoformat(), "author": c.author.name, "role": c.role}
        for ev in c.events:
            self.events.append((mark, {k: ev[k] for k in ("type", "student", "path")} | stamp | ev))
        return mark

    def want(self, kind: str, p: float) -> bool:
        """Rare changes happen with probability `p`, and at least once from week 2 on."""
        return self.rng.random() < p or (kind not in self.seen and self.wi >= 1)

    # -- people and the first commit -------------------------------------------------------
    def person(self, roles: tuple[str, ...], areas: tuple[str, ...] = ()) -> Person:
        first, last = self.rng.choice(STAFF_FIRST), self.rng.choice(STAFF_LAST)
        taken = sum(1 for s in self.staff if s.id.rstrip("0123456789") == slugify(last))
        sid = slugify(last) + (str(taken + 1) if taken else "")
        login = f"{first[0]}{last}".lower() + sid[len(slugify(last)) :]
        email = f"{login}@{DOMAIN}"
        self.staff.append(Person(sid, f"{first} {last}", email, login, roles, areas))
        return self.staff[-1]

    def people(self, n: int) -> list[Student]:
        r, areas = self.rng, list(AREAS)
        teachers = [
            self.person(
                ("teacher",), (areas[i % 8],) + ((areas[(i + 3) % 8],) if i % 3 == 2 else ())
            )
            for i in range(math.ceil(n / 25))
        ]
        advisors = [self.person(("advisor",)) for _ in range(math.ceil(n / 40))]
        self.counselor, self.admin = self.person(("counselor",)), self.person(("admin",))
        students = []
        for i in range(n):
            first, last = r.choice(FIRST), r.choice(LAST)
            sid = f"s{i + 1:04d}-{slugify(first)}-{slugify(last)}"
            email = f"{first.lower()}.{slugify(last)}.{i + 1:04d}@students.{DOMAIN}"
            p = Person(sid, f"{first} {last}", email, f"{first[0]}{last}{i + 1}".lower())
            grade = r.randint(6, 12)
            st = self.new_student(
                p, grade, 2039 - grade, [teachers[i // 25]], advisors[i % len(advisors)]
            )
            students.append(st)
        return students

    def cast_people(self, cast: Cast) -> list[Student]:
        staff = {s.id: s for s in self.staff}
        self.counselor = next(s for s in self.staff if "counselor" in s.roles)
        self.admin = next(s for s in self.staff if "admin" in s.roles)
        return [
            self.new_student(
                c.person,
                c.grade,
                c.graduation_year,
                [staff[t] for t in c.teachers],
                staff[c.advisor],
            )
            for c in cast.students
        ]

    def new_student(
        self, p: Person, grade: int, graduation: int, teachers: list[Person], advisor: Person
    ) -> Student:
        r = self.rng
        profile = {
            "interests": r.sample(INTERESTS, 2),
            "strengths": r.sample(V["strengths"], 2),
            "growth_areas": r.sample(V["growth"], r.randint(1, 2)),
            "learning_preferences": r.sample(["visual", "hands-on", "discussion"], 2),
            "supports": ["extended time on tests"] if r.random() < 0.15 else [],
        }
        consent: dict[str, Yaml] = {
            "by": "parent",
            "name": f"{r.choice(STAFF_FIRST)} {p.name.split()[-1]}",
            "date": self.mondays[0] - timedelta(days=4),
        }
        st = Student(
            p,
            grade,
            teachers,
            advisor,
            profile,
            r.choice(V["aspirations"]),
            [r.choice(V["story"])],
            consent if r.random() < 0.3 else None,
            graduation,
        )
        for _ in range(r.randint(3, 5)):
            st.goals.append(self.new_goal(st, r.random() < 0.6))
        return st

    def new_goal(self, st: Student, learning: bool, original: bool = True) -> Goal:
        """A SMART goal: a learning goal in a new area, or a personal one not yet in the plan."""
        r, ids = self.rng, {g.id.split("-unit-")[0] for g in st.goals}
        first = self.mondays[self.wi]
        deadline = first + timedelta(r.randint(42, max(42, (self.year.end - first).days)))
        status = r.choice(("planned", "in-progress")) if original else "planned"
        personal = [row for row in ROWS["personal"] if row[0] not in ids]
        if learning or not personal:
            mine = [a for a in st.areas if a not in ids]
            area = r.choice(mine or [a for a in AREAS if a not in ids] or list(AREAS))
            unit, base, info = r.randint(1, 8), r.randint(11, 15) * 5, AREAS[area]
            target = f"{min(100, base + r.randint(2, 5) * 5)}%"
            title = f"Score at least {target} on the unit {unit} {info.label} test"
            g = Goal(
                f"{area}-unit-{unit}",
                title,
                "learning",
                deadline,
                status,
                "Unit score",
                f"{base}%",
                target,
                area,
                set_by=("student", "teacher"),
            )
            g.standards = (info.standard,)
        else:
            gid, kind, title, measure, base_s, target = r.choice(personal)
            g = Goal(gid, title, kind, deadline, status, measure, base_s, target)
        for who, do, when in r.sample(ROWS["actions"], r.randint(1, 3)):
            when = when or str(deadline - timedelta(3))
            g.actions.append({"who": who, "do": do, "when": when, "done": False})
        g.why, g.visibility = r.choice(V["why"]), r.choice(("private", "public"))
        g.original, base_id, k = original, g.id, 2
        while g.id in {x.id for x in st.goals}:
            g.id, k = f"{base_id}-{k}", k + 1
        return g

    def school_file(self) -> bytes:
        """``_school.yml`` for the current school year, with a roster per class and advisory."""
        everyone = [(s.id, s.teachers, s.advisor) for s in self.students]
        staff = {s.id: s for s in self.staff}
        for script in self.scripts:
            c = script.student
            everyone.append((c.person.id, [staff[t] for t in c.teachers], staff[c.advisor]))
        rosters: dict[str, list[str]] = {}
        for t in self.staff:
            if "teacher" in t.roles:
                rosters[t.roster or f"class-{t.id}"] = [i for i, ts, _ in everyone if t in ts]
            if "advisor" in t.roles:
                advisory = f"advisory-{t.id}" if "teacher" in t.roles or not t.roster else t.roster
                rosters[advisory] = [i for i, _, a in everyone if a is t]
        return school_yml(self.name, self.staff, rosters, self.year)

    def setup(self) -> None:
        c = Commit(self.admin, "admin", local_time(self.mondays[0], 6 * 60))
        c.put("plans/_school.yml", self.school_file())
        for name, data in self.files.items():
            c.put(name, data)
        for a in AREAS:
            c.put(f"plans/_templates/week-{a}.md", new_week("{week}", [a], None).render())
        for st in self.students:
            c.put(st.path("plan.md"), st.render_plan)
            st.used.add("plan.md")
            for g in st.goals:
                c.event("goal.added", st, "plan.md", goal=g.id)
        for script in self.scripts:
            for rel, data in script.setup.items():
                c.put(f"plans/{script.student.person.id}/{rel}", data)
            for step in script.steps:
                self.scripted.append((step.when, next(self.seq), partial(self.step, script, step)))
        count = len(self.students) + len(self.scripts)
        c.message = f"Set up the learning plans of {count} students for {self.year.name}"
        self.commit(c)

    def new_year(self, year: SchoolYear, when: datetime) -> None:
        """The admin's commit when a school year starts: its terms, everyone up a grade."""
        self.year = year
        c = Commit(self.admin, "admin", when, f"Start the {year.name} school year")
        c.put("plans/_school.yml", self.school_file())
        for st in self.students:
            st.grade = min(13, st.grade + 1)
            c.put(st.path("plan.md"), st.render_plan)
        self.commit(c)

    def step(self, script: Script, step: Step) -> None:
        """Make one commit of a scripted student's history."""
        student, staff = script.student.person, {s.id: s for s in self.staff}
        key = (student.id, step.branch)
        if step.by == student.id:  # on the pull request's branch, forked from main now
            number, tip = self.open_prs.get(key) or (self.pr + 1, self.main)
            self.pr = max(self.pr, number)
            c = Commit(student, "student", step.when, step.message, parent=tip, pr=number)
        elif step.branch:
            number, _ = self.open_prs.pop(key)
            by = staff[step.by]
            msg = f"Merge pull request #{number} from {student.login}/{step.branch}\n\n"
            c = Commit(by, by.roles[0], step.when, msg + step.message, by, merge=number)
        else:
            c = Commit(staff[step.by], staff[step.by].roles[0], step.when, step.message)
        for rel, data in step.files.items():
            if data is None:
                c.delete(f"plans/{student.id}/{rel}")
            else:
                c.put(f"plans/{student.id}/{rel}", data)
        mark = self.commit(c)
        if c.pr:
            self.open_prs[key] = (c.pr, mark)

    def scripted_before(self, limit: datetime | None) -> list[Task]:
        """The scripted commits before `limit` (all when None), taken off the list."""
        due = [t for t in self.scripted if limit is None or t[0] < limit]
        self.scripted = [t for t in self.scripted if t not in due]
        return due

    @staticmethod
    def run_tasks(tasks: list[Task]) -> None:
        for *_, task in sorted(tasks, key=lambda t: t[:2]):
            task()

    # -- one week --------------------------------------------------------------------------
    def run(self) -> None:
        self.setup()
        for wi, monday in enumerate(self.mondays):
            self.wi = wi
            self.run_tasks(self.scripted_before(local_time(monday, 0)))
            starting = [y for y in self.years if self.year.start < y.start <= monday]
            if starting:
                self.new_year(starting[-1], local_time(monday, 6 * 60))
            later = self.mondays[wi + 1] if wi + 1 < len(self.mondays) else None
            self.week(monday, None if later is None else local_time(later, 0))
        self.run_tasks(self.scripted_before(None))

    def week(self, monday: date, until: datetime | None) -> None:
        y, w, _ = monday.isocalendar()
        key, fork, tasks = f"{y}-W{w:02d}", dict[str, int](), list[Task]()
        for j, t in enumerate(s for s in self.staff if "teacher" in s.roles):
            c = Commit(t, "teacher", local_time(monday, 7 * 60) + timedelta(seconds=20 * j))
            for st in (s for s in self.students if t in s.teachers):
                # one plan with all the student's areas, or one plan per teacher and area
                split = self.area_weeks and len(st.teachers) > 1
                if not split and t is not st.teacher:
                    continue
                for areas in [[a] for a in t.areas] if split else [st.areas]:
                    notes = self.rng.choice(V["notes"]) if self.rng.random() < 0.4 else ""
                    rel = f"weeks/{key}-{areas[0]}.md" if split else f"weeks/{key}.md"
                    st.weeks[rel] = new_week(key, areas, self.wi, notes)
                    st.weeks[rel].file = rel
                    st.used.add(rel)
                    c.put(st.path(rel), st.weeks[rel].render)
                    c.event("week.added", st, rel)
            if c.ops:
                c.message = f"Hand out the {key} plans to {t.roster or 'class-' + t.id}"
                fork[t.id] = self.commit(c)
        for st in self.students:
            weeks = [wk for wk in st.weeks.values() if wk.key == key]
            tasks += self.branch(
                st, weeks, monday, max(fork[t.id] for t in st.teachers if t.id in fork)
            )
        self.run_tasks(tasks + self.scripted_before(until))

    def branch(self, st: Student, weeks: list[Week], monday: date, fork: int) -> list[Task]:
        """Make a student's pull request now; return its merge and staff work for later."""
        r, self.pr = self.rng, self.pr + 1
        n = max(r.choice((1, 2, 2, 3, 3, 4)), len(weeks))
        slots = sorted(r.sample(range(4 * 420), n))
        parent, restore = fork, None
        for i, slot in enumerate(slots):
            wk = weeks[i % len(weeks)]
            when = local_time(monday + timedelta(slot // 420), 15 * 60 + slot % 420)
            c = Commit(st.person, "student", when, parent=parent, pr=self.pr)
            if restore:
                self.put_evidence(st, c, restore, "restore the evidence I deleted")
            restore = self.work(st, wk, c, i, n, i >= n - len(weeks))
            c.message = f"{wk.key}: " + "; ".join(c.notes)
            parent = self.commit(c)
        key = weeks[0].key
        when = local_time(monday + timedelta(slots[-1] // 420 + 1), 8 * 60 + r.randrange(420))
        msg = f"Merge pull request #{self.pr} from {st.person.login}/{key}\n\nWeek {key}"
        merge = Commit(st.teacher, "teacher", when, msg, st.teacher, merge=self.pr)
        tasks: list[Task] = [(when, next(self.seq), partial(self.commit, merge))]
        for kind, p, staff_work in (
            ("feedback", 0.12, self.feedback),
            ("conference", 0.05, self.conference),
            ("deadline", 0.03, self.staff_deadline),
        ):
            if self.want(kind, p):
                self.seen.add(kind)
                later = when + timedelta(minutes=r.randint(5, 120))
                tasks.append((later, next(self.seq), partial(staff_work, st, later, self.pr)))
        return tasks

    # -- a student's commit ----------------------------------------------------------------
    def work(self, st: Student, wk: Week, c: Commit, i: int, n: int, last: bool) -> Evidence | None:
        """Fill a student's commit `i` of `n` (`last` on `wk`); returns evidence deleted, to
        restore next."""
        r, d, rel = self.rng, c.when.date(), wk.file
        todo = [a for a in wk.activities if a.status != "done"]
        changed = bool(todo)
        for a in r.sample(todo, len(todo) if last else min(len(todo), r.randint(1, 3))):
            old, a.status = a.status, "doing" if a.status == "todo" else "done"
            c.changed("activity.changed", st, rel, a.id, "status", old, a.status)
            c.notes.append(f"{a.id} {a.status}")
        if i == 0 and r.random() < 0.3:
            g = self.ref_goal(st)
            wk.goals.append(
                {"by": "student", "text": f"Make progress on {g} by Thursday", "goal": g}
            )
            c.event("week.goal.added", st, rel, goal=g)
            c.notes.append("add a weekly goal")
            changed = True
        linkable = [a for a in wk.activities if a.status != "todo" and not a.evidence]
        if linkable and r.random() < 0.35:
            a = r.choice(linkable)
            ev = self.new_evidence(
                st, f"{wk.key.lower()}-{a.id}", a.title, d, "work-sample", a.standard
            )
            a.evidence = f"evidence/{ev.slug}.md"
            c.changed("activity.changed", st, rel, a.id, "evidence", "", a.evidence)
            self.put_evidence(st, c, ev, f"add evidence for {a.id}")
            changed = True
        if changed:
            c.put(st.path(rel), wk.render)
        if r.random() < (0.6 if last else 0.2) or not c.notes:
            self.reflection(st, wk, c, r.choice(wk.activities).title, last)
        if r.random() < (0.5 if self.wi == 0 else 0.08):
            kind = r.choice(("project", "certificate", "assessment", "photo", "other"))
            ev = self.new_evidence(st, f"{kind}-{wk.key.lower()}", f"My {kind}", d, kind, "")
            st.standalone.append(ev)
            self.put_evidence(st, c, ev, f"add {kind} evidence")
        if r.random() < self.plan_changes:
            self.plan_change(st, c)
        older = [e for e in st.standalone if st.path(f"evidence/{e.slug}.md") not in c.ops]
        if (fresh := [e for e in older if not e.renamed]) and self.want("rename", 0.02):
            self.seen.add("rename")
            ev = r.choice(fresh)
            old_rel = f"evidence/{ev.slug}.md"
            ev.slug, ev.renamed = st.unique("evidence", ev.slug + "-final", "")[9:], True
            new_rel = f"evidence/{ev.slug}.md"
            c.ops[st.path(new_rel)] = Op(st.path(new_rel), ev.data, st.path(old_rel))
            c.event("evidence.renamed", st, new_rel, from_path=st.path(old_rel))
            c.notes.append("rename evidence")
        elif older and i == 0 and n > 1 and self.want("delete", 0.03):
            self.seen.add("delete")
            ev = r.choice(older)
            for name in [f"{ev.slug}.md", *ev.files]:
                c.delete(st.path(f"evidence/{name}"))
            c.event("evidence.removed", st, f"evidence/{ev.slug}.md")
            c.notes.append("remove evidence")
            return ev
        return None

    def ref_goal(self, st: Student) -> str:
        """A goal id to name in a file; goals just added are not named until work starts."""
        g = self.rng.choice([g for g in st.goals if g.original or g.status != "planned"]).id
        st.refs[g] = st.refs.get(g, 0) + 1
        return g

    def new_evidence(
        self, st: Student, slug: str, title: str, d: date, kind: str, std: str
    ) -> Evidence:
        r = self.rng
        slug = st.unique("evidence", slug, "")[9:]
        files = {}
        if r.random() < 0.5:
            name = f"{slug}.svg" if r.random() < 0.6 else f"{slug}.txt"
            files[name] = svg(r) if name.endswith(".svg") else f"Notes: {title}\n".encode()
        front: dict[str, Yaml] = {
            "title": title,
            "date": d,
            "kind": kind,
            "goals": [self.ref_goal(st)],
            "standards": [std] if std else [],
            "files": list(files),
            "visibility": r.choice(("private", "public")),
        }
        return Evidence(slug, doc(front, r.choice(V["caption"])), files)

    def put_evidence(self, st: Student, c: Commit, ev: Evidence, note: str) -> None:
        c.put(st.path(f"evidence/{ev.slug}.md"), ev.data)
        for name, data in ev.files.items():
            c.put(st.path(f"evidence/{name}"), data)
        c.event("evidence.added", st, f"evidence/{ev.slug}.md")
        c.notes.append(note)

    def reflection(self, st: Student, wk: Week, c: Commit, act: str, end: bool) -> None:
        r, d = self.rng, c.when.date()
        rel = st.unique("reflections", str(d))
        front: dict[str, Yaml] = {
            "date": d,
            "kind": "weekly" if end else r.choice(("daily", "goal")),
            "week": wk.key,
            "goals": [self.ref_goal(st)],
            "prompts": r.sample(V["prompts"], 2),
            "confidence": r.randint(1, 5),
            "habits": r.randint(1, 5),
            "visibility": r.choice(("private", "public")),
        }
        text = r.choice(V["reflect"]).format(act[0].lower() + act[1:])
        c.put(st.path(rel), doc(front, text))
        c.event("reflection.added", st, rel)
        c.notes.append("add a reflection")

    def plan_change(self, st: Student, c: Commit, kinds: Sequence[str] = ()) -> None:
        """Make one change to `plan.md`, of a kind from `kinds` (any kind by default)."""
        r = self.rng
        opts = list(kinds) or [
            "status",
            "target",
            "deadline",
            "action.added",
            "action.done",
            "goal.added",
            "goal.removed",
            "profile",
            "story",
        ]
        r.shuffle(opts)
        for kind in opts:
            live = [g for g in st.goals if g.status in OPEN_GOAL]
            undone = [(g, a) for g in live for a in g.actions if not a["done"]]
            pct = [g for g in live if g.target.endswith("%") and g.target != "100%"]
            extra = [g for g in st.goals if not g.original and not st.refs.get(g.id)]
            new_interests = [i for i in INTERESTS if i not in st.profile["interests"]]
            if kind == "status" and live:
                g = r.choice(live)
                new = "in-progress" if g.status != "in-progress" else r.choice(FINISHED)
                c.changed("goal.changed", st, "plan.md", g.id, "status", g.status, new)
                g.status = new
            elif kind == "target" and pct:
                g = r.choice(pct)
                new = f"{min(100, int(g.target[:-1]) + 5)}%"
                c.changed("goal.changed", st, "plan.md", g.id, "target", g.target, new)
                g.target = new
            elif kind == "deadline" and live:
                g = r.choice(live)
                new_date = g.deadline + timedelta(r.randint(7, 28))
                c.changed(
                    "goal.changed", st, "plan.md", g.id, "deadline", str(g.deadline), str(new_date)
                )
                g.deadline = new_date
            elif kind == "action.added" and live:
                g, (who, do, when) = r.choice(live), r.choice(ROWS["actions"])
                g.actions.append(
                    {"who": who, "do": do, "when": when or str(g.deadline), "done": False}
                )
                c.event("action.added", st, "plan.md", goal=g.id)
            elif kind == "action.done" and undone:
                g, action = r.choice(undone)
                action["done"] = True
                c.event("action.done", st, "plan.md", goal=g.id)
            elif kind == "goal.added" and len(st.goals) < 7:
                st.goals.append(self.new_goal(st, r.random() < 0.5, original=False))
                c.event("goal.added", st, "plan.md", goal=st.goals[-1].id)
            elif kind == "goal.removed" and extra:
                st.goals.remove(g := r.choice(extra))
                c.event("goal.removed", st, "plan.md", goal=g.id)
            elif kind == "profile" and new_interests:
                st.profile["interests"].append(r.choice(new_interests))
                c.event("profile.changed", st, "plan.md", field="interests")
            elif kind == "story":
                st.story.append(r.choice(V["story"]))
                c.event("story.edited", st, "plan.md")
            else:
                continue
            c.put(st.path("plan.md"), st.render_plan)
            c.notes.append(f"update my plan ({kind})")
            return

    # -- staff work on main, after a merge -------------------------------------------------
    def feedback(self, st: Student, when: datetime, pr: int) -> None:
        c, d = Commit(st.teacher, "teacher", when), when.date()
        rel = st.unique("feedback", str(d))
        front: dict[str, Yaml] = {
            "date": d,
            "by": st.teacher.id,
            "goals": [self.ref_goal(st)],
            "source": f"review of pull request #{pr}",
        }
        c.put(st.path(rel), doc(front, self.rng.choice(V["feedback"])))
        c.event("feedback.added", st, rel)
        c.message = f"Feedback for {st.person.name} on pull request #{pr}"
        self.commit(c)

    def conference(self, st: Student, when: datetime, pr: int) -> None:
        r, d = self.rng, when.date()
        by, role = (self.counselor, "counselor") if r.random() < 0.25 else (st.advisor, "advisor")
        kind = role if role == "counselor" else r.choice(("advisor", "student-led", "parent"))
        people = ["student", role] + (["parent"] if kind in ("student-led", "parent") else [])
        decisions = [{"who": w, "do": do} for w, do in ROWS["decisions"] if w in people]
        front: dict[str, Yaml] = {
            "date": d,
            "kind": kind,
            "participants": people,
            "goals": [self.ref_goal(st)],
            "decisions": decisions[:2],
            "visibility": "private",
        }
        c = Commit(by, role, when, f"Conference notes for {st.person.name}")
        c.put(
            st.path(rel := st.unique("conferences", str(d))), doc(front, "We looked at the week.")
        )
        c.event("conference.added", st, rel)
        self.commit(c)

    def staff_deadline(self, st: Student, when: datetime, pr: int) -> None:
        c = Commit(st.teacher, "teacher", when, f"Move a deadline in {st.person.name}'s plan")
        self.plan_change(st, c, ["deadline"])
        if c.ops:
            self.commit(c)


# ---------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------


@dataclass
class GeneratedSchool:
    root: Path
    students: list[str]  # student ids
    commits: int  # 0 when history=False
    plan_files: int  # Markdown files in the students' folders
    expected_events: list[dict[str, str]]


def _git(root: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)


def generate_school(
    root: Path,
    *,
    students: int = 0,
    weeks: int = 0,
    seed: int = 0,
    history: bool = True,
    cast: Cast | None = None,
) -> GeneratedSchool:
    """Write a school to `root`/plans; with `history`, `root` is a Git repository on main.

    A synthetic school of `students` over `weeks`, or the school of `cast` (then
    `students` and `weeks` are not used). Raises FileExistsError when `root` is not
    empty, FileNotFoundError when Git is missing."""
    if cast is None and (students < 1 or weeks < 1):
        raise ValueError("students and weeks must be at least 1")
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    root.mkdir(parents=True, exist_ok=True)
    shas: dict[int, str] = {}
    if not history:
        school = School(files := FileSink(), students, weeks, seed, cast)
        school.run()
        files.write(root)
    else:
        with tempfile.TemporaryDirectory(prefix="plp-gen-") as home:
            env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
            env |= {"GIT_CONFIG_NOSYSTEM": "1", "HOME": home, "XDG_CONFIG_HOME": home}
            marks = Path(home) / "marks"
            _git(root, env, "init", "-q", "-b", "main")
            cmd = ["git", "fast-import", "--quiet", "--date-format=raw", f"--export-marks={marks}"]
            proc = subprocess.Popen(cmd, cwd=root, env=env, stdin=subprocess.PIPE, bufsize=1 << 20)
            assert proc.stdin is not None
            try:
                school = School(FastImportSink(proc.stdin), students, weeks, seed, cast)
                school.run()
                proc.stdin.write(b"done\n")
            finally:  # after an error, fast-import sees no "done" and gives up
                with contextlib.suppress(BrokenPipeError):
                    proc.stdin.close()
                status = proc.wait()
            if status != 0:
                raise RuntimeError(f"git fast-import failed with status {status}")
            for line in marks.read_text().splitlines():
                shas[int(line.split()[0][1:])] = line.split()[1]
            _git(root, env, "update-ref", "-d", "refs/heads/pull")
            _git(root, env, "reset", "-q", "--hard", "main")
    events = [ev | {"commit": shas.get(mark, "")} for mark, ev in school.events]
    count = sum(1 for _ in (root / "plans").glob("[!_]*/**/*.md"))
    commits = school.sink.marks if history else 0
    ids = [s.id for s in school.students] + [s.student.person.id for s in school.scripts]
    return GeneratedSchool(root, ids, commits, count, events)

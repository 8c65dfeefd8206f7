"""The demo school of ``plp demo``: Maple Ridge School, its staff, students and calendar.

Its history runs from the spring term of 2025-2026 (the first commit is on Monday
2 March 2026), over the summer break, to the week of Thanksgiving 2026 (ISO week
2026-W48). Everybody who commits is named in the plans: students in ``student.git``,
staff in ``_school.yml`` ``staff[].git``, so the sites name every person in the history.

Ava Martinez is the spec's example student: her files (``ava-martinez/`` beside this
module, a copy of the spec's example) are where her scripted history ends, step by step
from a plan with a fractions goal in grade 9 to the chapter 10 goal in grade 10. The
other students are simulated by ``plp.demo.generator``: Roz Quill in a self-contained
class (one weekly plan with four areas), Jonah Lee, Noor Halvorsen and Theo Brightwater
in departmentalized classes (one weekly plan per teacher and area).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from plp.demo.generator import (
    Cast,
    CastStudent,
    Person,
    SchoolYear,
    Script,
    Step,
    Term,
    local_time,
)

SEED = 2026
AVA_FILES = Path(__file__).parent / "ava-martinez"
STAFF_DOMAIN, STUDENT_DOMAIN = "mapleridge.example", "students.mapleridge.example"


#: What plp build makes in the demo school: ``sites/`` (README's command) and
#: ``private-sites/`` (the default the docs use) hold students' sites, never committed.
DEMO_GITIGNORE = b"# what plp build makes from these plans\n/sites/\n/private-sites/\n/.cache/\n"


def _staff(
    sid: str, name: str, roles: tuple[str, ...], areas: tuple[str, ...] = (), roster: str = ""
) -> Person:
    login = (name[0] + name.split()[-1]).lower()
    return Person(sid, name, f"{login}@{STAFF_DOMAIN}", login, roles, areas, roster)


STAFF = (
    _staff("rivera", "Dana Rivera", ("teacher", "advisor"), ("math",), "algebra-2-p3"),
    _staff("okafor", "Sam Okafor", ("counselor",)),
    _staff("brennan", "Teodora Brennan", ("teacher", "advisor"),
           ("math", "ela", "science", "arts"), "studio-9b"),
    _staff("valcourt", "Ines Valcourt", ("admin", "teacher", "advisor"), ("cte",),
           "career-pathways"),
    _staff("lindqvist", "Mara Lindqvist", ("teacher",), ("science",), "chemistry-p5"),
    _staff("adeyemi", "Kofi Adeyemi", ("teacher",), ("ela",), "english-10"),
)  # fmt: skip


def _student(
    sid: str,
    name: str,
    login: str,
    grade: int,
    teachers: tuple[str, ...],
    advisor: str,
    preferred: str = "",
) -> CastStudent:
    email = f"{name.lower().replace(' ', '.')}@{STUDENT_DOMAIN}"
    person = Person(sid, name, email, login, preferred_name=preferred)
    return CastStudent(person, grade, 2038 - grade, teachers, advisor)


# Grades in the first school year of the history (2025-2026); everyone moves up in August.
AVA = _student("ava-martinez", "Ava Martinez", "avamtz", 9, ("rivera",), "rivera", "Ava")
STUDENTS = (
    _student("jonah-lee", "Jonah Lee", "jlee-beats", 9,
             ("rivera", "lindqvist", "adeyemi"), "rivera"),
    _student("noor-halvorsen", "Noor Halvorsen", "noorh", 10, ("valcourt", "lindqvist"),
             "valcourt"),
    _student("rosalind-quill", "Rosalind Quill", "roz-quill", 8, ("brennan",), "brennan", "Roz"),
    _student("theo-brightwater", "Theodore Brightwater", "theo-bw", 11,
             ("adeyemi", "valcourt"), "valcourt", "Theo"),
)  # fmt: skip

YEARS = (
    SchoolYear(
        "2025-2026",
        (
            Term("Fall", date(2025, 8, 25), date(2026, 1, 16)),
            Term("Spring", date(2026, 1, 20), date(2026, 6, 5)),
        ),
    ),
    SchoolYear(
        "2026-2027",
        (
            Term("Fall", date(2026, 8, 24), date(2027, 1, 15)),
            Term("Spring", date(2027, 1, 19), date(2027, 6, 4)),
        ),
    ),
)
SPRING_BREAK = date(2026, 3, 23)


def _mondays(first: date, last: date) -> list[date]:
    return [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


MONDAYS = tuple(
    d
    for d in _mondays(date(2026, 3, 2), date(2026, 6, 1))
    + _mondays(YEARS[1].start, date(2026, 11, 23))
    if d != SPRING_BREAK
)


# Departmentalized students get a weekly plan from each of their teachers, one per area
# (weeks/2026-W49-math.md), so that two teachers never edit the same file.
AREA_WEEKS = True


def demo_cast() -> Cast:
    return Cast(
        "Maple Ridge School",
        STAFF,
        STUDENTS,
        (ava_script(),),
        YEARS,
        MONDAYS,
        AREA_WEEKS,
        {".gitignore": DEMO_GITIGNORE},
        plan_changes=0.3,  # a plan that visibly grows in a few months
    )


# ---------------------------------------------------------------------------------------
# Ava's history, ending in the spec's example files
# ---------------------------------------------------------------------------------------


def _once(text: str, old: str, new: str) -> str:
    """`text` with `old`, which must occur exactly once, replaced by `new`."""
    if text.count(old) != 1:
        raise ValueError(f"expected {old!r} once in the demo's files")
    return text.replace(old, new)


FRACTIONS = """\
  - id: fractions-review
    title: Finish the six fractions and ratios review units
    kind: learning
    area: math
    measure: Review units finished
    baseline: 0 of 6
    target: 6 of 6
    deadline: 2026-05-29
    why: Fractions keep tripping me up in algebra.
    status: in-progress
    set_by: [student, advisor]
    actions:
      - who: student
        do: Do one review unit every weekend
        when: weekly
        done: false
    visibility: private
"""
TEACHER_STEP = """\
      - who: teacher
        do: Review my study guide three days before the test
        when: 2026-12-09
        done: false
"""
STORY_MORE = """ This year I want to get my math
back on track, because every engineering path I looked at starts with algebra.
"""


class AvaPlan:
    """Versions of Ava's ``plan.md``, made from the final one."""

    def __init__(self, final: str) -> None:
        self.final = final
        head, rest = final.split("goals:\n", 1)
        goals, tail = rest.split("publish:\n", 1)
        self.head, self.tail = head, "publish:\n" + tail
        blocks = goals.split("  - id: ")[1:]
        self.math, self.essays, self.robotics = ("  - id: " + b for b in blocks)

    def version(
        self,
        *,
        grade: int = 10,
        drawing: bool = True,
        fractions: str = "",
        math: str = "",
        essays: bool = True,
        robotics: str = "met",
        story: bool = True,
    ) -> bytes:
        head = self.head
        if grade != 10:
            head = _once(head, "grade: 10\n", f"grade: {grade}\n")
        if not drawing:
            head = _once(head, "[robotics, soccer, drawing]", "[robotics, soccer]")
        goals = ""
        if math:
            goals += self.math if math == "final" else self._math(math)
        goals += self.essays if essays else ""
        goals += _once(self.robotics, "status: met", f"status: {robotics}")
        goals += fractions
        tail = self.tail if story else _once(self.tail, STORY_MORE, "\n")
        return (head + "goals:\n" + goals + tail).encode()

    def _math(self, stage: str) -> str:
        """The math goal before its deadline moved: "planned", "started" or "steps"."""
        block = _once(self.math, "deadline: 2026-12-12", "deadline: 2026-12-05")
        if stage != "steps":
            block = _once(block, TEACHER_STEP, "")
        if stage == "planned":
            block = _once(block, "status: in-progress", "status: planned")
        return block


def ava_script() -> Script:
    files = {
        p.relative_to(AVA_FILES).as_posix(): p.read_bytes()
        for p in sorted(AVA_FILES.rglob("*"))
        if p.is_file()
    }
    plan = AvaPlan(files["plan.md"].decode())
    week = files["weeks/2026-W48.md"].decode()
    week_started = _once(week, "    status: done\n", "    status: todo\n")
    handed_out = _once(
        _once(
            _once(week_started, "    status: doing\n", "    status: todo\n"),
            "    evidence: evidence/factoring-notes.md\n",
            "",
        ),
        "  - by: student\n    text: Finish the practice set by Thursday\n    goal: math-ch10\n",
        "",
    )
    handed_out = _once(
        handed_out,
        '  mon: ["Live lesson 9:00", "Practice set, part A"]\n  tue: ["Tutoring 15:30"]\n'
        '  wed: ["Live lesson 9:00"]\n  thu: ["Practice set, part B"]\n',
        '  mon: ["Live lesson 9:00"]\n  wed: ["Live lesson 9:00"]\n',
    )

    def spring(fractions: str, robotics: str = "in-progress", drawing: bool = False) -> bytes:
        """Ava's plan in grade 9."""
        return plan.version(
            grade=9, drawing=drawing, fractions=fractions, essays=False, robotics=robotics,
            story=False,
        )  # fmt: skip

    fractions = FRACTIONS
    revised = _once(_once(fractions, "target: 6 of 6", "target: 4 of 6"), "in-progress", "revised")
    dropped = _once(revised, "status: revised", "status: dropped")

    def at(day: str, hour: int, minute: int) -> datetime:
        return local_time(date.fromisoformat(day), hour * 60 + minute)

    ava = AVA.person.id

    def pull(
        branch: str,
        day: str,
        time: tuple[int, int],
        message: str,
        changes: dict[str, bytes | None],
        merged: str,
        merged_at: tuple[int, int],
    ) -> tuple[Step, Step]:
        return (
            Step(at(day, *time), ava, message, changes, branch),
            Step(at(merged, *merged_at), "rivera", message, branch=branch),
        )

    steps = (
        *pull("robotics", "2026-03-10", (16, 40), "Start my robotics goal: I signed up",
              {"plan.md": spring(fractions)},
              "2026-03-11", (8, 20)),
        *pull("fractions", "2026-04-14", (17, 5), "Revise my fractions goal to four units",
              {"plan.md": spring(revised)},
              "2026-04-15", (8, 35)),
        Step(at("2026-05-20", 15, 30), "rivera",
             "Drop Ava's fractions review: it moves into next year's algebra goal",
             {"plan.md": spring(dropped)}),
        *pull("drawing", "2026-05-27", (18, 10), "Add drawing to my interests",
              {"plan.md": spring(dropped, drawing=True)},
              "2026-05-28", (8, 15)),
        Step(at("2026-08-24", 8, 0), "rivera", "Plan grade 10 with Ava: a goal for chapter 10",
             {"plan.md": plan.version(math="planned", essays=False, robotics="in-progress",
                                      story=False)}),
        *pull("math-goal", "2026-09-02", (16, 30), "Start my math goal",
              {"plan.md": plan.version(math="started", essays=False, robotics="in-progress",
                                       story=False)},
              "2026-09-03", (8, 10)),
        *pull("essays-goal", "2026-09-15", (17, 10), "Add a goal for turning in essays on time",
              {"plan.md": plan.version(math="started", robotics="in-progress", story=False)},
              "2026-09-16", (8, 25)),
        Step(at("2026-10-02", 14, 30), "rivera", "Notes from Ava's student-led conference",
             {"conferences/2026-10-02.md": files["conferences/2026-10-02.md"]}),
        *pull("study-guide", "2026-10-06", (19, 0), "Ask Ms. Rivera to review my study guide",
              {"plan.md": plan.version(math="steps", robotics="in-progress", story=False)},
              "2026-10-07", (8, 5)),
        *pull("robotics-met", "2026-11-13", (16, 45), "The robot is built: my robotics goal is met",
              {"plan.md": plan.version(math="steps")},
              "2026-11-16", (8, 5)),
        Step(at("2026-11-23", 7, 5), "rivera", "Hand out the 2026-W48 plan to Ava Martinez",
             {"weeks/2026-W48.md": handed_out.encode()}),
        Step(at("2026-11-23", 19, 20), ava, "2026-W48: factoring notes as evidence; my plan",
             {"evidence/factoring-notes.md": files["evidence/factoring-notes.md"],
              "evidence/factoring-notes.svg": files["evidence/factoring-notes.svg"],
              "weeks/2026-W48.md": week_started.encode()}, "2026-W48"),
        Step(at("2026-11-24", 20, 5), ava, "2026-W48: lesson notes done; add a reflection",
             {"reflections/2026-11-24.md": files["reflections/2026-11-24.md"],
              "weeks/2026-W48.md": files["weeks/2026-W48.md"]}, "2026-W48"),
        Step(at("2026-11-25", 8, 10), "rivera", "Week 2026-W48", branch="2026-W48"),
        Step(at("2026-11-25", 8, 30), "rivera", "Feedback for Ava on the week 48 pull request",
             {"feedback/2026-11-25.md": files["feedback/2026-11-25.md"]}),
        Step(at("2026-11-25", 8, 40), "rivera", "More time for chapter 10: the test moves",
             {"plan.md": files["plan.md"]}),
    )  # fmt: skip
    setup = {"plan.md": spring(fractions, robotics="planned")}
    return Script(AVA, setup, steps)

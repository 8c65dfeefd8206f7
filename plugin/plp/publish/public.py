"""What of a student's record may become public, and whether it may be published at all.

"What may become public" in PLAN-FORMAT.md, as code: only with ``publish.portfolio:
true`` and a ``publish.consent``, and only items marked ``visibility: public``: the story,
public goals (without baseline or current), public evidence with its files, public
reflections, public weeks, and the student's preferred name, interests, aspirations and
strengths. Conference notes, feedback, growth areas, supports, baselines, the consent
record, e-mail addresses, logins and Git history never pass, whatever ``visibility``
says. The public portfolio's pages are made from :func:`public_record` only, so they
decide nothing about privacy.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from plp.errors import UsageError
from plp.format.records import (
    Activity,
    Evidence,
    Goal,
    Plan,
    Profile,
    Reflection,
    StudentRecord,
    Week,
    WeeklyGoal,
)

PUBLIC = "public"


class PublishRefused(UsageError):
    """The student's plan does not allow a public portfolio: exit status 2, saying why."""


def publish_problems(plan: Plan) -> list[str]:
    """What is missing before ``plan``'s student may have a public portfolio (none: ready)."""
    problems = []
    where = f"{plan.id}/plan.md"
    if not plan.publish_portfolio:
        problems.append(
            f"{where}: publish.portfolio is not true: the student has not asked for a public "
            "portfolio. Fix: set 'portfolio: true' under 'publish:' when the student wants one."
        )
    if not plan.has_consent:
        problems.append(
            f"{where}: publish.consent is missing: nothing is published without consent. "
            "Fix: record it under 'publish:' as 'consent: {by: parent|student, name: ..., "
            "date: YYYY-MM-DD}' ('student' only when the student is 18 or older)."
        )
    return problems


def check_publishable(plan: Plan) -> None:
    """Raise PublishRefused, naming every missing piece, unless ``plan`` may be published."""
    problems = publish_problems(plan)
    if problems:
        raise PublishRefused(
            f"the public portfolio of {plan.id} was not published:\n  " + "\n  ".join(problems)
        )


def _public_plan(plan: Plan) -> Plan:
    public_goals = [
        replace(goal, baseline="", current="") for goal in plan.goals if goal.visibility == PUBLIC
    ]
    name = plan.preferred_name or plan.name
    return Plan(
        id=plan.id,
        name=name,
        preferred_name=name,
        grade=None,
        graduation_year=plan.graduation_year,
        advisor="",
        profile=Profile(
            interests=list(plan.profile.interests),
            learning_preferences=[],
            supports=[],
            aspirations=plan.profile.aspirations,
            strengths=list(plan.profile.strengths),
            growth_areas=[],
        ),
        goals=public_goals,
        story=plan.story,
        publish_portfolio=plan.publish_portfolio,
        has_consent=plan.has_consent,
    )


def _goal_ids(ids: list[str], goals: list[Goal]) -> list[str]:
    public = {goal.id for goal in goals}
    return [goal_id for goal_id in ids if goal_id in public]


def _public_week(week: Week, goals: list[Goal], evidence: list[Evidence]) -> Week:
    public_goals = {goal.id for goal in goals}
    public_evidence = {str(item.path) for item in evidence}

    def evidence_of(activity: Activity) -> str:
        path = str(PurePosixPath(activity.evidence))
        return activity.evidence if path in public_evidence else ""

    return replace(
        week,
        goals=[
            WeeklyGoal(g.by, g.text, g.goal if g.goal in public_goals else "") for g in week.goals
        ],
        activities=[replace(a, evidence=evidence_of(a)) for a in week.activities],
    )


def public_record(record: StudentRecord) -> StudentRecord:
    """The part of ``record`` that may become public, with every reference to a part
    that may not (a private goal, week or evidence) taken out.

    Raises PublishRefused when the plan does not allow publishing at all."""
    check_publishable(record.plan)
    plan = _public_plan(record.plan)
    goals = plan.goals
    evidence = [
        replace(item, goals=_goal_ids(item.goals, goals))
        for item in record.evidence
        if item.visibility == PUBLIC
    ]
    weeks = [_public_week(w, goals, evidence) for w in record.weeks if w.visibility == PUBLIC]
    public_weeks = {w.week for w in weeks}
    reflections: list[Reflection] = [
        replace(
            r,
            goals=_goal_ids(r.goals, goals),
            week=r.week if r.week in public_weeks else "",
        )
        for r in record.reflections
        if r.visibility == PUBLIC
    ]
    return StudentRecord(
        plan=plan,
        folder=record.folder,
        weeks=weeks,
        reflections=reflections,
        evidence=evidence,
        conferences=[],
        feedback=[],
        staff={},
        school=record.school,
        year_start=record.year_start,
        history=None,
        plan_then=None,
    )

"""How far a goal has got: from its baseline through ``current`` to its target.

Baseline, current and target are written as strings ("68%", "3 books", "12:30"); when
all three hold a number, the way from baseline to target is measured and drawn as a bar
with the three values named, so the bar is never the only way to read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plp.format.records import Goal
from plp.portfolio.markup import Markup

_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


@dataclass(frozen=True, slots=True)
class GoalProgress:
    baseline: str
    current: str
    target: str
    #: The share of the way from baseline to target, from 0 to 1.
    share: float


def number_in(text: str) -> float | None:
    """The first number written in ``text`` ("68%" → 68.0), or None."""
    found = _NUMBER.search(text)
    return float(found[0].replace(",", ".")) if found else None


def goal_progress(goal: Goal) -> GoalProgress | None:
    """The way the goal has come, when its baseline, current value and target are numbers
    and the target differs from the baseline; None otherwise."""
    start, now, end = number_in(goal.baseline), number_in(goal.current), number_in(goal.target)
    if start is None or now is None or end is None or start == end:
        return None
    share = min(1.0, max(0.0, (now - start) / (end - start)))
    return GoalProgress(goal.baseline, goal.current, goal.target, share)


def progress_bar(goal: Goal) -> Markup:
    """A bar from baseline to target filled up to the current value, and the same in
    words; for a met goal without numbers, a full bar; nothing when there is no measure."""
    progress = goal_progress(goal)
    if progress is None:
        if goal.status == "met":
            return Markup(
                '<div class="plp-goal-progress"><span class="plp-track" aria-hidden="true">'
                '<span class="plp-fill" style="width:100%"></span></span>'
                "<p>Goal met.</p></div>"
            )
        if goal.current:
            return Markup('<div class="plp-goal-progress"><p>Now: {0}</p></div>').format(
                goal.current
            )
        return Markup("")
    percent = round(progress.share * 100)
    return Markup(
        '<div class="plp-goal-progress">'
        '<span class="plp-track" aria-hidden="true">'
        '<span class="plp-fill" style="width:{0}%"></span></span>'
        '<p class="plp-ends"><span>Start: {1}</span> <span><strong>Now: {2}</strong> '
        "({0}% of the way)</span> <span>Target: {3}</span></p></div>"
    ).format(percent, progress.baseline, progress.current, progress.target)

"""Where each page and item lives in a portfolio site: the one place that decides."""

from __future__ import annotations

from plp.format.records import Conference, Evidence, Feedback, Reflection

OVERVIEW = "index.md"
STORY = "story.md"
JOURNAL = "journal.md"
EVIDENCE = "evidence.md"
CONVERSATIONS = "conversations.md"
WEEKS = "weeks/index.md"
HISTORY = "history.md"
THEN_AND_NOW = "then-and-now.md"
GROWTH = "growth.md"
FILES = "files"


def goal_page(goal_id: str) -> str:
    return f"goals/{goal_id}.md"


def week_page(week: str) -> str:
    return f"weeks/{week}.md"


def reflection_anchor(reflection: Reflection) -> str:
    return f"reflection-{reflection.path.stem}"


def evidence_anchor(evidence: Evidence | str) -> str:
    """The anchor of an evidence item, by the item or by its slug."""
    slug = evidence if isinstance(evidence, str) else evidence.slug
    return f"evidence-{slug}"


def conference_anchor(conference: Conference) -> str:
    return f"conference-{conference.path.stem}"


def feedback_anchor(feedback: Feedback) -> str:
    return f"feedback-{feedback.path.stem}"


def attachment(name: str) -> str:
    return f"{FILES}/{name}"

"""One comment per pull request, edited in place on each push.

plp finds its comment again by a hidden marker at the start of the body, and only among
the comments written by the workflow's own account: a comment by anybody else that
quotes the marker is never edited.
"""

from __future__ import annotations

from dataclasses import dataclass

from plp.review.github_api import GitHub
from plp.review.render import MARKER

#: The account the workflow's ``GITHUB_TOKEN`` writes as.
ACTIONS_LOGIN = "github-actions[bot]"
#: The API refuses a comment longer than this.
MAX_BODY = 65_536
_CUT = "\n\n… (cut: the summary is longer than a comment may be; run plp diff for all of it)\n"


@dataclass(frozen=True, slots=True)
class Posted:
    action: str  # "created", "updated" or "unchanged"
    id: int
    url: str


def with_marker(body: str) -> str:
    text = body if body.startswith(MARKER) else f"{MARKER}\n{body}"
    if len(text) > MAX_BODY:
        text = text[: MAX_BODY - len(_CUT)] + _CUT
    return text


def post_or_update(api: GitHub, number: int, body: str, author: str = ACTIONS_LOGIN) -> Posted:
    """Create plp's comment on pull request ``number``, or edit the one it made before."""
    text = with_marker(body)
    for comment in api.issue_comments(number):
        user = comment.get("user") or {}
        login = str(user.get("login", "")) if isinstance(user, dict) else ""
        if login.lower() == author.lower() and str(comment.get("body", "")).startswith(MARKER):
            comment_id = int(comment["id"])
            if comment.get("body") == text:
                return Posted("unchanged", comment_id, str(comment.get("html_url", "")))
            made = api.update_issue_comment(comment_id, text)
            return Posted("updated", comment_id, str(made.get("html_url", "")))
    made = api.create_issue_comment(number, text)
    return Posted("created", int(made.get("id", 0)), str(made.get("html_url", "")))

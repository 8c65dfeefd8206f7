"""The words plp uses for the plan format's codes, said once: statuses and plurals."""

from __future__ import annotations

#: Goal and activity statuses, as a sentence says them ("moved Factoring to in progress").
STATUS_WORDS = {
    "planned": "planned",
    "in-progress": "in progress",
    "met": "met",
    "not-met": "not met",
    "revised": "revised",
    "dropped": "dropped",
    "todo": "to do",
    "doing": "doing",
    "done": "done",
}
#: The same, as a label or a badge says them ("In progress").
STATUS_LABELS = {code: word[0].upper() + word[1:] for code, word in STATUS_WORDS.items()}
#: Goal statuses that are still open: the goal is being worked on.
OPEN_STATUSES = ("planned", "in-progress", "revised")


def plural(count: int, word: str) -> str:
    """``1 file``, ``2 files``: the count and the word, with an s unless the count is one."""
    return f"{count} {word}{'' if count == 1 else 's'}"

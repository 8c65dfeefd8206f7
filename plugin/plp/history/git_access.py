"""Whether Git can read the plans' repository, in words a person can act on when it cannot.

Reading the history treats "no repository" as "no history" (the pages say so). Every
other reason Git fails (no ``git`` command, a repository Git refuses to read because it
belongs to another user, a ``GIT_DIR`` that points nowhere) must stop a build with the
reason and the fix, not turn into "not in a Git repository" on every page.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

#: The fix when the history cannot be read, for each way of building.
NO_HISTORY_FIX = (
    "or build without the history pages (plp build --no-history, or 'history: false' for "
    "the plp plugin in mkdocs.yml)"
)
_NOT_A_REPOSITORY = "not a git repository (or any of the parent directories)"
_GIT_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES")


def git_problem(folder: Path) -> str | None:
    """Why Git cannot be used on ``folder`` (an existing folder), or None when it can: Git
    runs, and ``folder`` is in a repository Git reads, or in no repository at all."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            check=False,
            env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},  # messages we can recognize
        )
    except FileNotFoundError:
        return (
            "there is no 'git' command: plp reads the plans' history with Git. Install Git "
            f"(and put it on PATH), {NO_HISTORY_FIX}."
        )
    except OSError as error:
        return f"Git could not be run ({error.strerror}). Repair Git, {NO_HISTORY_FIX}."
    if done.returncode == 0:
        return None
    said = done.stderr.decode("utf-8", "replace").strip()
    if _NOT_A_REPOSITORY in said:
        return None
    if "dubious ownership" in said:
        return (
            f"Git refuses to read the repository of {folder}: it belongs to another user "
            "(Git calls this 'dubious ownership'). If you trust this repository, run the "
            "command Git gives, then build again:\n" + said
        )
    settings = [name for name in _GIT_ENV if os.environ.get(name)]
    hint = f" Check the environment variable {', '.join(settings)}." if settings else ""
    return f"Git cannot read the repository of {folder}:\n{said}\n{hint}".rstrip()

"""Where the staff dashboard is written: a folder of its own, by the sites' rules.

The dashboard is never inside a student's site or the students' sites folder (whose
sites are each one student's), never in the plans folder, at the top of the repository
or in a folder a docs build publishes. Its folder is plp's when it holds
``.plp-dashboard``; plp writes only into a new or empty folder or one it made, builds the
dashboard beside the old one, and replaces the old one only then (so a failed build keeps
the last good one); it never writes or deletes through a symbolic link.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from plp.publish.outputs import (
    SITE_MARKER,
    SITES_MARKER,
    OutputRefused,
    check_sites_location,
    discard,
    new_site_folder,
    put_in_place,
)

DEFAULT_DASHBOARD = "staff-dashboard"
DASHBOARD_MARKER = ".plp-dashboard"
#: The folder inside the dashboard folder that holds the pages.
PLACE = "dashboard"
_NOTE = (
    "plp made this folder for the staff dashboard. It replaces the dashboard/ folder here\n"
    "when it builds the dashboard again, and never touches anything else.\n"
)


def check_dashboard_location(
    out: Path, plans: Path, published: Iterable[tuple[Path, str]] = ()
) -> Path:
    """The dashboard folder as an absolute path; OutputRefused where it must not go."""
    real = check_sites_location(out, plans, published)
    for folder in (real, *real.parents):
        for marker, what in ((SITES_MARKER, "the students' sites folder"),
                             (SITE_MARKER, "a student's site")):  # fmt: skip
            if _is_plain_file(folder / marker):
                raise OutputRefused(
                    f"the dashboard folder {out} is in {folder}, {what}: a student's site "
                    "holds only that student, and the dashboard shows many. Give the "
                    f"dashboard a folder of its own, such as {DEFAULT_DASHBOARD}/."
                )
    return real


def claim_dashboard_folder(out: Path) -> None:
    """Make ``out`` the dashboard's folder: a new folder, an empty one, or one plp made."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        marker = out / DASHBOARD_MARKER
        if _is_plain_file(marker):
            return
        if os.path.lexists(marker):
            raise OutputRefused(
                f"{marker} is not the file plp writes there: plp does not use {out}"
            )
        others = sorted(entry.name for entry in out.iterdir())
        if others:
            raise OutputRefused(
                f"the dashboard folder {out} already holds files that plp did not make (such "
                f"as '{others[0]}'): give the dashboard a new or empty folder, such as "
                f"{DEFAULT_DASHBOARD}/."
            )
        with marker.open("x", encoding="utf-8") as stream:
            stream.write(_NOTE)
    except FileExistsError:  # another plp claimed it at the same moment
        pass
    except OSError as error:
        raise OutputRefused(f"cannot write the dashboard in {out}: {error.strerror}") from None


def write_dashboard(out: Path, write: Callable[[Path], None]) -> Path:
    """Build the dashboard with ``write(folder)`` in a new folder, then put it in place as
    ``out/dashboard``; the old one is deleted only after the new one is in."""
    built = new_site_folder(out, PLACE)
    try:
        write(built)
        return put_in_place(out, PLACE, built)
    except BaseException:
        discard(built)
        raise


def _is_plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False

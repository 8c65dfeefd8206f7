"""Where students' sites may be written, and what plp may delete there.

plp deletes only what it can prove it made. A sites folder is plp's when it holds the
marker ``.plp-sites`` (written when plp made the folder or found it empty); a student's
site inside it is plp's when it holds ``.plp-site``. Nothing else is ever replaced.

A site is built in a new hidden folder of the sites folder, then moved into place: the
old site is moved aside and deleted only then, so a failed build keeps the last good
site, and nothing outside the sites folder is written or deleted. plp never writes or
deletes through a symbolic link (a link committed to the repository could point
anywhere), and never puts sites inside the plans folder, at or above the top of the
repository, or inside a folder that a docs build publishes.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from plp.errors import UsageError

#: The sites folder of a project unless configured otherwise: a folder of its own at the
#: top of the repository, listed in .gitignore, outside anything a docs build publishes.
DEFAULT_SITES = "private-sites"
#: The marker of a sites folder plp owns, and of a student's site plp made.
SITES_MARKER = ".plp-sites"
SITE_MARKER = ".plp-site"
_NEW, _OLD = ".plp-new-", ".plp-old-"
_SITES_NOTE = (
    "plp made this folder for students' private sites. It replaces a student's site here\n"
    "only when that site holds .plp-site, and never touches anything else.\n"
)
_SITE_NOTE = "plp built this site; the next plp build of this student replaces the folder.\n"


class OutputRefused(UsageError):
    """plp will not write (or delete) there: exit status 2, with what to do instead."""


def repository_top(path: Path) -> Path | None:
    """The top of the Git work tree that holds ``path`` (by its ``.git``; Git is not run)."""
    path = path.resolve()
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder
    return None


def link_on_the_way(path: Path, top: Path | None) -> Path | None:
    """The first symbolic link that ``path`` passes through inside the repository ``top``,
    or ``path`` itself when it is a link (wherever it is); None when there is none."""
    absolute = Path(os.path.normpath(path.absolute()))  # links not followed
    parts = absolute.parts
    for count in range(2, len(parts) + 1):
        step = Path(*parts[:count])
        if step.is_symlink():
            if step == absolute or (top is not None and step.parent.resolve().is_relative_to(top)):
                return step
        elif not step.exists():
            return None
    return None


def _refuse_link(path: Path, top: Path | None, what: str) -> None:
    link = link_on_the_way(path, top)
    if link is not None:
        raise OutputRefused(
            f"{what} {path} goes through the symbolic link {link}: plp never writes or "
            "deletes through a link (one committed to the repository could point anywhere). "
            "Remove the link, or name a real folder."
        )


def check_sites_location(
    out: Path, plans: Path, published: Iterable[tuple[Path, str]] = ()
) -> Path:
    """Where the sites go, as an absolute path; raises OutputRefused when sites must not go
    to ``out``: a link, the plans folder or in it, the top of the repository or above, in
    a folder of ``published`` (each with why it is published, as a clause), or a file."""
    plans_real = plans.resolve()
    top = repository_top(plans_real)
    _refuse_link(out, top, "the sites folder")
    real = out.resolve()
    fix = (
        f"Give the sites a folder of their own, such as {DEFAULT_SITES}/ at the top of the "
        "repository."
    )
    if real.is_relative_to(plans_real):
        raise OutputRefused(f"the sites folder {out} is inside the plans folder {plans}. {fix}")
    if plans_real.is_relative_to(real):
        raise OutputRefused(
            f"the sites folder {out} holds the plans folder {plans}: a student named like "
            f"a folder there would have it replaced. {fix}"
        )
    if top is not None and top.is_relative_to(real):
        raise OutputRefused(
            f"the sites folder {out} is the top of the repository {top} (or above it). {fix}"
        )
    for folder, what in published:
        if real.is_relative_to(folder.resolve()):
            raise OutputRefused(
                f"the sites folder {out} is inside {folder}, {what}: students' sites are "
                f"private. {fix}"
            )
    existing = next(folder for folder in (real, *real.parents) if folder.exists())
    if not existing.is_dir():
        where = "is a file" if existing == real else f"is in {existing}, a file"
        raise OutputRefused(f"the sites folder {out} {where}, not a folder. {fix}")
    return real


def check_docs_site_dir(site_dir: Path, plans: Path) -> None:
    """Refuse a docs ``site_dir`` that MkDocs would empty to harm: one reached through a
    link inside the repository, or one that is, holds or lies in the plans folder."""
    plans_real = plans.resolve()
    _refuse_link(site_dir, repository_top(plans_real), "site_dir")
    real = site_dir.resolve()
    if real.is_relative_to(plans_real) or plans_real.is_relative_to(real):
        raise OutputRefused(
            f"site_dir {site_dir} and the plans folder {plans} overlap: mkdocs build empties "
            "site_dir first, and would delete plans. Set site_dir in mkdocs.yml to a folder "
            "of its own (the default is site)."
        )


def claim_sites_folder(out: Path) -> None:
    """Make ``out`` a sites folder that plp owns: a new folder, an empty one, or one it
    made before. Raises OutputRefused for a folder of someone else's, or one plp cannot
    write in."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputRefused(f"cannot make the sites folder {out}: {error.strerror}") from None
    marker = out / SITES_MARKER
    try:
        if not _is_plain_file(marker):
            if os.path.lexists(marker):
                raise OutputRefused(
                    f"{marker} is not the file plp writes there: plp does not use {out}. "
                    f"Give the sites another folder, such as {DEFAULT_SITES}/."
                )
            others = sorted({entry.name for entry in out.iterdir()} - {SITES_MARKER})
            if others:
                raise OutputRefused(
                    f"the sites folder {out} already holds files that plp did not make "
                    f"(such as '{others[0]}'): plp writes sites only into a new or empty folder, "
                    f"or one it made. Give the sites another folder, such as {DEFAULT_SITES}/."
                )
            with marker.open("x", encoding="utf-8") as stream:
                stream.write(_SITES_NOTE)
        handle, probe = tempfile.mkstemp(dir=out, prefix=_NEW)
        os.close(handle)
        Path(probe).unlink()
    except FileExistsError:  # another plp claimed it at the same moment: it is plp's
        pass
    except OSError as error:
        raise OutputRefused(f"cannot write in the sites folder {out}: {error.strerror}") from None


def check_site_place(out: Path, student: str) -> None:
    """Raise OutputRefused unless ``out/<student>`` is free or a site plp made."""
    place = out / student
    try:
        mode = os.lstat(place).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise OutputRefused(
            f"{place} is a symbolic link: plp never writes or deletes through a link (one "
            "committed to the repository could point anywhere). Remove the link; plp then "
            "builds the site there."
        )
    if not stat.S_ISDIR(mode) or not _is_plain_file(place / SITE_MARKER):
        raise OutputRefused(
            f"{place} was not made by plp (it has no {SITE_MARKER}), so plp leaves it alone "
            "and does not build this site. Move it away, or give the sites another folder."
        )


def check_site_places(out: Path, students: Iterable[str]) -> None:
    """Raise OutputRefused, naming every one, when some students' places in ``out`` are
    not free or a site plp made (so that nothing is built until they are)."""
    refused = []
    for student in students:
        try:
            check_site_place(out, student)
        except OutputRefused as error:
            refused.append(str(error))
    if len(refused) == 1:
        raise OutputRefused(refused[0])
    if refused:
        raise OutputRefused("no site was built:\n  " + "\n  ".join(refused))


def new_site_folder(out: Path, student: str) -> Path:
    """A new, empty folder in ``out`` to build ``student``'s site in (see put_in_place)."""
    folder = Path(tempfile.mkdtemp(dir=out, prefix=f"{_NEW}{student}-"))
    folder.chmod(0o777 & ~_umask())  # mkdtemp makes it private to its owner: a site is not
    return folder


def put_in_place(out: Path, student: str, built: Path) -> Path:
    """Move the site ``built`` (from new_site_folder) to ``out/<student>``, replacing the
    site there only when plp made it; the old one is deleted after the new one is in."""
    (built / SITE_MARKER).write_text(_SITE_NOTE, encoding="utf-8")
    check_site_place(out, student)
    place = out / student
    if not os.path.lexists(place):
        built.rename(place)
        return place
    aside = Path(tempfile.mkdtemp(dir=out, prefix=f"{_OLD}{student}-"))
    place.rename(aside / student)
    built.rename(place)
    shutil.rmtree(aside, ignore_errors=True)  # never follows a link inside it
    return place


def remove_site(out: Path, student: str) -> bool:
    """Delete ``out/<student>`` when it is a site plp made (never through a link: the
    folder is moved aside, then deleted); whether there was such a site."""
    try:
        check_site_place(out, student)
    except OutputRefused:
        return False
    place = out / student
    if not os.path.lexists(place):
        return False
    aside = Path(tempfile.mkdtemp(dir=out, prefix=f"{_OLD}{student}-"))
    place.rename(aside / student)
    shutil.rmtree(aside, ignore_errors=True)  # never follows a link inside it
    return True


def discard(built: Path) -> None:
    """Delete a folder from new_site_folder that will not be used."""
    if built.name.startswith(_NEW) and not built.is_symlink():
        shutil.rmtree(built, ignore_errors=True)


def _is_plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

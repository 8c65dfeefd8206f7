"""Students' passphrases for encrypted sites (``plp build --encrypt``): from the
environment or from a file outside the repository, never from the repository itself.

A student's passphrase is the environment variable ``PLP_PASSPHRASE_<ID>`` (the student id
in capitals, ``-`` as ``_``: ``PLP_PASSPHRASE_AVA_MARTINEZ``), or else their line in the
passphrase file, ``student-id: passphrase``, one student a line (blank lines and lines
starting with ``#`` are skipped; ids the file names but the build does not are ignored).
Spaces around a passphrase are dropped, as the unlock page drops them from what is typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from plp.errors import UsageError
from plp.publish.outputs import repository_top

#: Shorter passphrases are refused: a passphrase can be guessed offline from the site.
MINIMUM_LENGTH = 12
ENV_PREFIX = "PLP_PASSPHRASE_"


def env_name(student: str) -> str:
    """The environment variable of ``student``'s passphrase."""
    return ENV_PREFIX + student.upper().replace("-", "_")


def read_passphrase_file(path: Path, plans: Path) -> dict[str, str]:
    """The passphrases of ``path`` by student id. Refuses a file inside the repository
    (or inside the plans folder when there is no repository): it could be committed."""
    if not path.is_file():
        raise UsageError(f"--passphrases: there is no file at {path}")
    where = path.resolve()
    top = repository_top(plans) or plans.resolve()
    if where.is_relative_to(top):
        raise UsageError(
            f"--passphrases: {path} is inside the repository ({top}), where a commit could "
            "publish every passphrase; move it outside the repository (for example "
            "~/plp-passphrases.txt, readable only by you: chmod 600) or give passphrases "
            f"as environment variables ({ENV_PREFIX}<ID>)"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"--passphrases: cannot read {path}: {error}") from None
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        student, colon, passphrase = stripped.partition(":")
        student, passphrase = student.strip(), passphrase.strip()
        if not colon or not student or not passphrase:
            raise UsageError(
                f"{path}:{number}: write each line as 'student-id: passphrase' "
                "(blank lines and lines starting with # are skipped)"
            )
        if student in found:
            raise UsageError(f"{path}:{number}: a second passphrase for {student}; keep one")
        found[student] = passphrase
    return found


def passphrases_for(
    students: Iterable[str], environment: Mapping[str, str], file: Path | None, plans: Path
) -> dict[str, str]:
    """Every student's passphrase (the environment first, then the file); a UsageError
    naming each student without one, or with one too short, and the fix."""
    from_file = read_passphrase_file(file, plans) if file is not None else {}
    found: dict[str, str] = {}
    problems: list[str] = []
    for student in students:
        variable = env_name(student)
        given = environment.get(variable, "").strip()
        passphrase = given or from_file.get(student)
        source = variable if given else str(file)
        if not passphrase:
            where = f"a line '{student}: ...' in {file}" if file else "--passphrases FILE"
            problems.append(f"{student} has no passphrase: set {variable} or add {where}")
        elif len(passphrase) < MINIMUM_LENGTH:
            problems.append(
                f"{student}'s passphrase (from {source}) is shorter than {MINIMUM_LENGTH} "
                "characters, too easy to guess offline: choose a longer one (a few words)"
            )
        else:
            found[student] = passphrase
    if problems:
        raise UsageError("no site was built:\n  " + "\n  ".join(problems))
    return found

"""A ``CODEOWNERS`` file: each student's folder is reviewed by their advisor.

With branch protection's "Require review from Code Owners", a pull request that changes
a student's folder waits for the advisor's approval; the school's own files wait for the
school's admins. Code owners are Git host logins: a staff member's ``git`` entries
without an ``@`` (an e-mail address cannot own code).
"""

from __future__ import annotations

from plp.review.people import School, Staff

HEADER = (
    "# Written by `plp codeowners` from plans/_school.yml and each plan's student.advisor.\n"
    "# Run it again after staff or advisors change; edits by hand are overwritten.\n"
)


def logins(member: Staff) -> list[str]:
    return [f"@{identity}" for identity in member.git if "@" not in identity]


def codeowners(school: School, prefix: str) -> tuple[str, list[str]]:
    """The file's text, and a warning for each folder that gets no owner (and why)."""
    base = f"/{prefix}/" if prefix else "/"
    by_id = {member.id: member for member in school.staff}
    admins = [login for m in school.staff if "admin" in m.roles for login in logins(m)]
    warnings: list[str] = []
    lines = [HEADER]
    if admins:
        lines.append("# The school's files: its admins.")
        lines.append(f"* {' '.join(admins)}")
    else:
        warnings.append(
            "no staff member with the admin role has a login: the school's files get no owner"
        )
    lines.append("")
    lines.append("# Each student's folder: their advisor.")
    for student_id, student in sorted(school.students.items()):
        advisor = by_id.get(student.advisor)
        owners = logins(advisor) if advisor else []
        if not owners:
            why = (
                f"advisor '{student.advisor}' has no login in _school.yml"
                if student.advisor
                else "no advisor"
            )
            warnings.append(f"{student_id}: {why}; staff admins review this folder")
            continue
        lines.append(f"{base}{student_id}/ {' '.join(owners)}")
    return "\n".join(lines) + "\n", warnings

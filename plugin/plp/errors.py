"""What ends a command, and with which exit status.

0: all good; 1: findings (invalid plans, a refused change); 2: a usage or environment
problem, said as a :class:`UsageError` (never a traceback); 3: a bug in plp.
"""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


class UsageError(Exception):
    """A path or option that cannot be used: exit status 2, never a traceback."""

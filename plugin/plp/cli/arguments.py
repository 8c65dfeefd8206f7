"""Checks of the arguments several commands share, each with the message that says the fix."""

from __future__ import annotations

from pathlib import Path

from plp.errors import UsageError


def check_plans_folder(plans: Path) -> None:
    """UsageError unless ``plans`` is a folder."""
    if not plans.is_dir():
        raise UsageError(f"there is no plans folder at {plans}")


def check_build_day(today: str | None) -> None:
    """UsageError unless the day to build for (``--today``, or SOURCE_DATE_EPOCH, or the
    clock) can be read: checked once, before any site."""
    from plp.dates import build_day

    try:
        build_day(today)
    except ValueError as error:
        raise UsageError(f"--today: {error}" if today else str(error)) from None

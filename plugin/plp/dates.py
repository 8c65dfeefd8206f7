"""Dates and ISO weeks, said once: how plans write them and how pages and sentences say them.

Plans write days as ``YYYY-MM-DD`` and weeks as ``YYYY-Www`` (ISO 8601); people read
``29 January 2027`` and ``Week 48, 2026 (23–29 November)``.
"""

from __future__ import annotations

import datetime as dt
import os
import re

#: An ISO week as plans write it: ``2026-W48``.
ISO_WEEK = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})")


def long_date(value: str) -> str:
    """``2027-01-29`` → ``29 January 2027`` (other text unchanged)."""
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{date.day} {date:%B %Y}"


def iso_week(day: dt.date) -> str:
    """The ISO week ``day`` is in, as plans write it: ``2026-W48``."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def week_days(week: str) -> tuple[dt.date, dt.date] | None:
    """The Monday and the Sunday of ``YYYY-Www``; None when no calendar has that week (W53
    only in some years; 9999-W52 ends in a year no calendar holds)."""
    match = ISO_WEEK.fullmatch(week)
    if not match:
        return None
    year, number = int(match["year"]), int(match["week"])
    try:
        return dt.date.fromisocalendar(year, number, 1), dt.date.fromisocalendar(year, number, 7)
    except ValueError:
        return None


def real_week(text: str) -> bool:
    """Whether ``YYYY-Www`` names a week that exists."""
    return week_days(text) is not None


def week_label(week: str) -> str:
    """``2026-W48`` → ``23–29 November 2026 (week 48)``: the dates first, as people say;
    other text unchanged."""
    days = week_days(week)
    if days is None:
        return week
    monday, sunday = days
    if monday.month == sunday.month:
        span = f"{monday.day}–{sunday.day} {sunday:%B %Y}"
    elif monday.year == sunday.year:
        span = f"{monday.day} {monday:%B} – {sunday.day} {sunday:%B %Y}"
    else:
        span = f"{monday.day} {monday:%B %Y} – {sunday.day} {sunday:%B %Y}"
    return f"{span} (week {int(week[-2:])})"


def build_day(configured: str | None) -> dt.date:
    """The day a build is for: the option, or SOURCE_DATE_EPOCH (reproducible builds), or
    today. Raises ValueError, with words a person can act on, for a day that is not one."""
    if configured:
        try:
            return dt.date.fromisoformat(configured)
        except ValueError:
            raise ValueError(
                f"the day to build for must be YYYY-MM-DD, not '{configured}'"
            ) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(
                f"SOURCE_DATE_EPOCH must be seconds since 1970, not '{epoch}'"
            ) from None
    return dt.date.today()

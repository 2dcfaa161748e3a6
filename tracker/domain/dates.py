"""Date arithmetic: business days, the day label, and the date words users type.

All functions are pure; "today" is always passed in.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from tracker.domain.errors import DomainError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LONG_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

ACCEPTED_FORMS = (
    "today, tomorrow, yesterday, +3d, -2d, +2w, +1m, a weekday (mon, next fri, last tue) "
    "or YYYY-MM-DD"
)

_RELATIVE = re.compile(r"^([+-])(\d{1,4})([dwm])$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def add_business_days(start: date, days: int) -> date:
    """``start`` moved by ``days`` business days (Saturday and Sunday skipped).

    Starting on a weekend counts from that weekend: Saturday + 1 is Monday.
    """
    step = 1 if days >= 0 else -1
    current = start
    remaining = abs(days)
    while remaining:
        current += timedelta(days=step)
        if current.weekday() < 5:
            remaining -= 1
    return current


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole months, clamped to the month's last day (Jan 31 + 1 = Feb 28)."""
    import pendulum

    moved = pendulum.Date(start.year, start.month, start.day).add(months=months)
    return date(moved.year, moved.month, moved.day)


def day_label(instant: datetime, zone: tzinfo, day_start: time) -> date:
    """The local day an instant counts for.

    The instant is read in ``zone``; a time before ``day_start`` (for example
    01:30 with the default 04:00) still counts for the previous day. Only the
    label shifts; the stored instant stays true.
    """
    if instant.tzinfo is None:
        raise ValueError("day_label needs a timezone-aware instant")
    local = instant.astimezone(zone)
    shift = timedelta(hours=day_start.hour, minutes=day_start.minute)
    return (local.replace(tzinfo=None) - shift).date()


def parse_day(text: str, today: date) -> date:
    """Turn a date word into a date, relative to ``today``.

    Bare weekdays and ``next <weekday>`` mean the next such day after today;
    ``last <weekday>`` the most recent one before today. Raises
    :class:`DomainError` listing the accepted forms for anything else.
    """
    word = " ".join(text.strip().lower().split())
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word == "yesterday":
        return today - timedelta(days=1)
    match = _RELATIVE.match(word)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        count = int(match.group(2)) * sign
        unit = match.group(3)
        if unit == "d":
            return today + timedelta(days=count)
        if unit == "w":
            return today + timedelta(weeks=count)
        return add_months(today, count)
    if _ISO.match(word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            raise DomainError(f"{text!r} is not a real date; use {ACCEPTED_FORMS}.") from None
    direction = 1
    if word.startswith("next "):
        word = word[5:]
    elif word.startswith("last "):
        word, direction = word[5:], -1
    weekday = _weekday_index(word)
    if weekday is not None:
        if direction == 1:
            ahead = (weekday - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
        back = (today.weekday() - weekday) % 7 or 7
        return today - timedelta(days=back)
    raise DomainError(f"{text!r} is not a date tracker understands; use {ACCEPTED_FORMS}.")


def _weekday_index(word: str) -> int | None:
    if word in WEEKDAYS:
        return WEEKDAYS.index(word)
    if word in _LONG_WEEKDAYS:
        return _LONG_WEEKDAYS.index(word)
    return None


def humanize_due(due: date | None, today: date) -> str:
    """Say when something is due in few words: "today", "in 3d", "2d overdue"."""
    if due is None:
        return "no date"
    delta = (due - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta > 0:
        return f"in {delta}d"
    return f"{-delta}d overdue"

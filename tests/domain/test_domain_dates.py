"""Unit tests for tracker.domain.dates: business days, months, day labels, date words."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.dates import (
    ACCEPTED_FORMS,
    add_business_days,
    add_months,
    day_label,
    humanize_due,
    parse_day,
)
from tracker.domain.errors import DomainError

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
FOUR = time(4, 0)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- add_business_days ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # within one week
        (date(2026, 3, 2), 1, date(2026, 3, 3)),  # Mon -> Tue
        (date(2026, 3, 2), 4, date(2026, 3, 6)),  # Mon -> Fri
        # weekends skipped
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Fri -> Mon
        (date(2026, 3, 2), 5, date(2026, 3, 9)),  # Mon -> next Mon
        (date(2026, 3, 2), 7, date(2026, 3, 11)),  # Mon -> next Wed
        (date(2026, 3, 4), 10, date(2026, 3, 18)),  # two full weeks
        # starting on a weekend counts from that weekend
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # Sat -> Mon
        (date(2026, 3, 8), 1, date(2026, 3, 9)),  # Sun -> Mon
        (date(2026, 3, 7), 5, date(2026, 3, 13)),  # Sat -> Fri
        (date(2026, 3, 8), 7, date(2026, 3, 17)),  # Sun -> Tue
        # zero days is the start itself, even on a weekend
        (date(2026, 3, 4), 0, date(2026, 3, 4)),
        (date(2026, 3, 7), 0, date(2026, 3, 7)),
        # negative counts go back, skipping weekends
        (date(2026, 3, 3), -1, date(2026, 3, 2)),  # Tue -> Mon
        (date(2026, 3, 2), -1, date(2026, 2, 27)),  # Mon -> Fri (crosses month)
        (date(2026, 3, 2), -5, date(2026, 2, 23)),  # Mon -> previous Mon
        (date(2026, 3, 7), -1, date(2026, 3, 6)),  # Sat -> Fri
        (date(2026, 3, 8), -1, date(2026, 3, 6)),  # Sun -> Fri
        # crossing month ends
        (date(2026, 1, 30), 1, date(2026, 2, 2)),  # Fri 30 Jan -> Mon 2 Feb
        (date(2026, 2, 27), 1, date(2026, 3, 2)),  # Fri 27 Feb -> Mon 2 Mar
        (date(2026, 4, 30), 2, date(2026, 5, 4)),  # Thu -> Mon
        # crossing year ends
        (date(2026, 12, 31), 1, date(2027, 1, 1)),  # Thu -> Fri
        (date(2026, 12, 31), 2, date(2027, 1, 4)),  # Thu -> Mon
        (date(2026, 12, 31), 5, date(2027, 1, 7)),
        (date(2027, 1, 4), -2, date(2026, 12, 31)),  # Mon -> Thu, backwards
        (date(2027, 12, 31), 1, date(2028, 1, 3)),  # Fri -> Mon
    ],
)
def test_add_business_days(start: date, days: int, expected: date) -> None:
    assert add_business_days(start, days) == expected


def _weekdays_between(a: date, b: date) -> int:
    """Weekdays in (a, b] — a brute-force reference."""
    count = 0
    current = a
    while current < b:
        current += timedelta(days=1)
        if current.weekday() < 5:
            count += 1
    return count


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    days=st.integers(min_value=-60, max_value=60),
)
def test_add_business_days_matches_a_brute_force_count(start: date, days: int) -> None:
    result = add_business_days(start, days)
    if days == 0:
        assert result == start
        return
    # A non-zero move always lands on a weekday ...
    assert result.weekday() < 5
    # ... and exactly ``days`` weekdays lie between start and the result.
    if days > 0:
        assert result > start
        assert _weekdays_between(start, result) == days
    else:
        assert result < start
        # Going back: the weekdays in [result, start) are the ones counted.
        assert _weekdays_between(result - timedelta(days=1), start - timedelta(days=1)) == -days


# --- add_months -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # clamped
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # leap day to a common year
        (date(2028, 2, 29), 48, date(2032, 2, 29)),  # leap day to a leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),  # backwards, clamped
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # across the year end
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2027, 1, 15), -1, date(2026, 12, 15)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
        (date(2026, 5, 31), 24, date(2028, 5, 31)),
    ],
)
def test_add_months_clamps_to_the_month_end(start: date, months: int, expected: date) -> None:
    result = add_months(start, months)
    assert result == expected
    assert type(result) is date


# --- day_label -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (utc(2026, 3, 2, 1, 30), date(2026, 3, 1)),  # 01:30 still counts for yesterday
        (utc(2026, 3, 2, 0, 0), date(2026, 3, 1)),
        (utc(2026, 3, 2, 3, 59), date(2026, 3, 1)),
        (utc(2026, 3, 2, 4, 0), date(2026, 3, 2)),  # the day starts at 04:00 exactly
        (utc(2026, 3, 2, 12, 0), date(2026, 3, 2)),
        (utc(2026, 3, 2, 23, 59), date(2026, 3, 2)),
        (utc(2026, 1, 1, 2, 0), date(2025, 12, 31)),  # across the year end
        (utc(2026, 3, 1, 3, 0), date(2026, 2, 28)),  # across the month end
    ],
)
def test_day_label_with_the_default_day_start(instant: datetime, expected: date) -> None:
    assert day_label(instant, UTC, FOUR) == expected


def test_day_label_reads_the_instant_in_the_home_zone() -> None:
    # 23:30 UTC on 1 March is 00:30 on 2 March in Berlin: still 1 March (before 04:00).
    assert day_label(utc(2026, 3, 1, 23, 30), BERLIN, FOUR) == date(2026, 3, 1)
    # 03:30 UTC is 04:30 in Berlin: 2 March.
    assert day_label(utc(2026, 3, 2, 3, 30), BERLIN, FOUR) == date(2026, 3, 2)
    # 03:30 UTC is 22:30 the evening before in New York.
    assert day_label(utc(2026, 3, 2, 3, 30), NEW_YORK, FOUR) == date(2026, 3, 1)
    # 12:00 UTC on 2 March is 07:00 in New York: 2 March.
    assert day_label(utc(2026, 3, 2, 12, 0), NEW_YORK, FOUR) == date(2026, 3, 2)


def test_day_label_accepts_any_aware_instant() -> None:
    india = timezone(timedelta(hours=5, minutes=30))
    # 09:00 in India is 03:30 UTC: before 04:00 in UTC, so the day before.
    assert day_label(datetime(2026, 3, 2, 9, 0, tzinfo=india), UTC, FOUR) == date(2026, 3, 1)
    # The same instant read in India is 09:00 local: 2 March.
    assert day_label(datetime(2026, 3, 2, 9, 0, tzinfo=india), india, FOUR) == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("instant", "zone", "expected"),
    [
        # Berlin springs forward on Sun 29 March 2026: 02:00 CET -> 03:00 CEST.
        (utc(2026, 3, 29, 0, 59), BERLIN, date(2026, 3, 28)),  # 01:59 CET
        (utc(2026, 3, 29, 1, 0), BERLIN, date(2026, 3, 28)),  # 03:00 CEST
        (utc(2026, 3, 29, 1, 30), BERLIN, date(2026, 3, 28)),  # 03:30 CEST
        (utc(2026, 3, 29, 2, 0), BERLIN, date(2026, 3, 29)),  # 04:00 CEST
        # Berlin falls back on Sun 25 October 2026: 03:00 CEST -> 02:00 CET.
        (utc(2026, 10, 25, 0, 30), BERLIN, date(2026, 10, 24)),  # 02:30 CEST (first)
        (utc(2026, 10, 25, 1, 30), BERLIN, date(2026, 10, 24)),  # 02:30 CET (second)
        (utc(2026, 10, 25, 2, 59), BERLIN, date(2026, 10, 24)),  # 03:59 CET
        (utc(2026, 10, 25, 3, 0), BERLIN, date(2026, 10, 25)),  # 04:00 CET
        # New York springs forward on Sun 8 March 2026: 02:00 EST -> 03:00 EDT.
        (utc(2026, 3, 8, 6, 59), NEW_YORK, date(2026, 3, 7)),  # 01:59 EST
        (utc(2026, 3, 8, 7, 30), NEW_YORK, date(2026, 3, 7)),  # 03:30 EDT
        (utc(2026, 3, 8, 8, 0), NEW_YORK, date(2026, 3, 8)),  # 04:00 EDT
        # New York falls back on Sun 1 November 2026: 02:00 EDT -> 01:00 EST.
        (utc(2026, 11, 1, 5, 30), NEW_YORK, date(2026, 10, 31)),  # 01:30 EDT (first)
        (utc(2026, 11, 1, 6, 30), NEW_YORK, date(2026, 10, 31)),  # 01:30 EST (second)
        (utc(2026, 11, 1, 8, 59), NEW_YORK, date(2026, 10, 31)),  # 03:59 EST
        (utc(2026, 11, 1, 9, 0), NEW_YORK, date(2026, 11, 1)),  # 04:00 EST
    ],
)
def test_day_label_on_daylight_saving_days(
    instant: datetime, zone: ZoneInfo, expected: date
) -> None:
    assert day_label(instant, zone, FOUR) == expected


@pytest.mark.parametrize(
    ("local", "day_start", "expected"),
    [
        (datetime(2026, 3, 2, 0, 5), time(0, 0), date(2026, 3, 2)),  # no offset
        (datetime(2026, 3, 2, 6, 29), time(6, 30), date(2026, 3, 1)),
        (datetime(2026, 3, 2, 6, 30), time(6, 30), date(2026, 3, 2)),
        (datetime(2026, 3, 2, 1, 59), time(2, 0), date(2026, 3, 1)),
    ],
)
def test_day_label_honours_a_custom_day_start(
    local: datetime, day_start: time, expected: date
) -> None:
    assert day_label(local.replace(tzinfo=BERLIN), BERLIN, day_start) == expected


def test_day_label_rejects_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        day_label(datetime(2026, 3, 2, 12, 0), UTC, FOUR)


# --- parse_day ---------------------------------------------------------------------------

WEDNESDAY = date(2026, 3, 4)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("today", WEDNESDAY, WEDNESDAY),
        ("tomorrow", WEDNESDAY, date(2026, 3, 5)),
        ("yesterday", WEDNESDAY, date(2026, 3, 3)),
        ("  Today ", WEDNESDAY, WEDNESDAY),
        ("TOMORROW", WEDNESDAY, date(2026, 3, 5)),
        ("tomorrow", date(2026, 12, 31), date(2027, 1, 1)),
        ("yesterday", date(2026, 3, 1), date(2026, 2, 28)),
        # relative offsets
        ("+3d", WEDNESDAY, date(2026, 3, 7)),
        ("-2d", WEDNESDAY, date(2026, 3, 2)),
        ("+0d", WEDNESDAY, WEDNESDAY),
        ("+30d", WEDNESDAY, date(2026, 4, 3)),
        ("+2w", WEDNESDAY, date(2026, 3, 18)),
        ("-1w", WEDNESDAY, date(2026, 2, 25)),
        ("+1m", WEDNESDAY, date(2026, 4, 4)),
        ("+1m", date(2026, 1, 31), date(2026, 2, 28)),  # month end clamps
        ("+1m", date(2028, 1, 31), date(2028, 2, 29)),
        ("-1m", date(2026, 3, 31), date(2026, 2, 28)),
        ("+12m", WEDNESDAY, date(2027, 3, 4)),
        ("+3D", WEDNESDAY, date(2026, 3, 7)),
        # weekdays: bare and "next" mean the next such day after today
        ("mon", WEDNESDAY, date(2026, 3, 9)),
        ("fri", WEDNESDAY, date(2026, 3, 6)),
        ("next fri", WEDNESDAY, date(2026, 3, 6)),
        ("Friday", WEDNESDAY, date(2026, 3, 6)),
        ("next Friday", WEDNESDAY, date(2026, 3, 6)),
        ("SUN", WEDNESDAY, date(2026, 3, 8)),
        ("thu", WEDNESDAY, date(2026, 3, 5)),
        ("wed", WEDNESDAY, date(2026, 3, 11)),  # never today itself
        ("next wed", WEDNESDAY, date(2026, 3, 11)),
        ("  next   FRI  ", WEDNESDAY, date(2026, 3, 6)),
        # "last" means the most recent one before today
        ("last tue", WEDNESDAY, date(2026, 3, 3)),
        ("last mon", WEDNESDAY, date(2026, 3, 2)),
        ("last thu", WEDNESDAY, date(2026, 2, 26)),
        ("last wed", WEDNESDAY, date(2026, 2, 25)),  # never today itself
        ("last Sunday", WEDNESDAY, date(2026, 3, 1)),
        ("fri", date(2026, 12, 30), date(2027, 1, 1)),  # across the year end
        # ISO dates
        ("2026-12-25", WEDNESDAY, date(2026, 12, 25)),
        ("2028-02-29", WEDNESDAY, date(2028, 2, 29)),
        ("2025-07-04", WEDNESDAY, date(2025, 7, 4)),
    ],
)
def test_parse_day_accepts(text: str, today: date, expected: date) -> None:
    assert parse_day(text, today) == expected


@pytest.mark.parametrize(
    "text",
    [
        "07/04/2025",
        "2026-02-30",
        "2027-02-29",
        "2026-13-01",
        "",
        "   ",
        "someday",
        "next",
        "last",
        "next someday",
        "3d",
        "+3y",
        "+d",
        "2026-3-4",
        "next 2026-03-05",
        "tomorow",
    ],
)
def test_parse_day_rejects_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_day(text, WEDNESDAY)
    message = str(caught.value)
    assert ACCEPTED_FORMS in message
    assert repr(text) in message
    for form in ("today", "tomorrow", "yesterday", "+3d", "-2d", "+2w", "+1m", "next fri"):
        assert form in message
    assert "YYYY-MM-DD" in message


def test_parse_day_says_an_impossible_iso_date_is_not_real() -> None:
    with pytest.raises(DomainError, match="not a real date"):
        parse_day("2026-02-30", WEDNESDAY)


# --- humanize_due ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (WEDNESDAY, "today"),
        (date(2026, 3, 5), "tomorrow"),
        (date(2026, 3, 7), "in 3d"),
        (date(2026, 4, 3), "in 30d"),
        (date(2026, 3, 3), "1d overdue"),
        (date(2026, 3, 2), "2d overdue"),
        (date(2026, 2, 4), "28d overdue"),
        (None, "no date"),
    ],
)
def test_humanize_due(due: date | None, expected: str) -> None:
    assert humanize_due(due, WEDNESDAY) == expected

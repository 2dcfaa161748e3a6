"""Watching a company: the cadence, the end, the automatic watch after a rejection,
and the input checks (tracker/domain/watch.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.errors import DomainError
from tracker.domain.watch import (
    Watch,
    after_outcome,
    check_url,
    company_key,
    due_on_from_doc,
    due_reminders,
    parse_every,
    reminder_for,
    reminders,
)

DAY = date(2026, 3, 2)


def acme(**changes: object) -> Watch:
    watch = Watch(id="w1", company="Acme", started=DAY, every=30, until=date(2027, 3, 2))
    for key, value in changes.items():
        setattr(watch, key, value)
    return watch


def test_a_reminder_is_due_every_30_days_from_the_start_then_from_the_last_check() -> None:
    watch = acme()
    reminder = reminder_for(watch)
    assert reminder is not None and reminder.due_on == DAY + timedelta(days=30)
    assert reminder.label == "Check openings at Acme"
    assert not reminder.is_due(DAY + timedelta(days=29)) and reminder.is_due(DAY + timedelta(30))
    watch.checked = DAY + timedelta(days=41)  # checked late: the next one counts from then
    assert reminder_for(watch).due_on == DAY + timedelta(days=71)  # type: ignore[union-attr]
    watch.snoozed = DAY + timedelta(days=80)
    assert reminder_for(watch).due_on == DAY + timedelta(days=80)  # type: ignore[union-attr]
    watch.snoozed = DAY + timedelta(days=50)  # a snooze earlier than the cadence changes nothing
    assert reminder_for(watch).due_on == DAY + timedelta(days=71)  # type: ignore[union-attr]


def test_reminders_end_after_until_and_stop_with_the_watch() -> None:
    watch = acme(until=DAY + timedelta(days=65))
    due = []
    day = DAY
    while (reminder := reminder_for(watch)) is not None:
        due.append(reminder.due_on)
        watch.checked = reminder.due_on  # checked the day it is due
        day = reminder.due_on
    assert due == [DAY + timedelta(days=30), DAY + timedelta(days=60)]
    assert day <= watch.until and watch.state_words() == "ended"
    assert not watch.is_running()
    stopped = acme(stopped=True)
    assert reminder_for(stopped) is None and stopped.state_words() == "stopped"
    assert acme().state_words() == "running"
    # A reminder due on the last day still comes; one the day after does not.
    assert reminder_for(acme(until=DAY + timedelta(days=30))) is not None
    assert reminder_for(acme(until=DAY + timedelta(days=29))) is None


def test_reminders_are_sorted_and_filtered_by_day() -> None:
    late = acme(id="w2", company="Globex", started=DAY - timedelta(days=10))
    ended = acme(id="w3", company="Initech", until=DAY)
    found = reminders([acme(), late, ended])
    assert [r.company for r in found] == ["Globex", "Acme"]
    assert due_reminders([acme(), late], DAY + timedelta(days=20)) == [found[0]]
    assert found[0].days_overdue(DAY + timedelta(days=25)) == 5
    shape = found[1].to_json(DAY)
    assert shape["label"] == "Check openings at Acme" and shape["days_overdue"] == -30
    assert shape["opportunities"] == [] and shape["until"] == "2027-03-02"


@given(
    every=st.integers(1, 400),
    start=st.integers(0, 400),
    checked=st.one_of(st.none(), st.integers(0, 800)),
    snoozed=st.one_of(st.none(), st.integers(0, 800)),
    until=st.integers(0, 900),
    stopped=st.booleans(),
)
def test_the_summary_reads_the_same_day_from_the_stored_document(
    every: int, start: int, checked: int | None, snoozed: int | None, until: int, stopped: bool
) -> None:
    base = date(2026, 1, 1)
    watch = Watch(
        id="w",
        company="Acme",
        started=base + timedelta(days=start),
        every=every,
        until=base + timedelta(days=until),
        checked=None if checked is None else base + timedelta(days=checked),
        snoozed=None if snoozed is None else base + timedelta(days=snoozed),
        stopped=stopped,
    )
    reminder = reminder_for(watch)
    assert due_on_from_doc(watch.to_doc()) == (reminder.due_on if reminder else None)
    assert Watch.from_doc(watch.to_doc()) == watch


def test_a_rejection_starts_a_watch_for_12_months_from_its_day() -> None:
    made = after_outcome(None, "w9", "Acme", "o1", DAY, 30, 12)
    assert made == Watch(
        id="w9", company="Acme", started=DAY, every=30, until=date(2027, 3, 2), opportunities=["o1"]
    )
    assert after_outcome(None, "w9", "Acme", "o1", DAY, 0, 12) is None  # watch_every = 0: off
    assert after_outcome(None, "w9", "Acme", "o1", DAY, 30, 0) is None  # watch_for = 0: off
    # Jan 31 + 1 month is the end of February.
    assert after_outcome(None, "w", "A", "o", date(2026, 1, 31), 30, 1).until == date(2026, 2, 28)  # type: ignore[union-attr]


def test_a_second_rejection_extends_a_running_watch_restarts_an_ended_one_not_a_stopped_one() -> (
    None
):
    running = acme(opportunities=["o1"], checked=DAY + timedelta(days=30))
    later = DAY + timedelta(days=100)
    after = after_outcome(running, "new", "ACME", "o2", later, 30, 12)
    assert after is not None and after.id == "w1" and after.company == "Acme"
    assert after.opportunities == ["o1", "o2"] and after.until == date(2027, 6, 10)
    assert after.started == DAY and after.checked == DAY + timedelta(days=30)
    assert running.opportunities == ["o1"]  # the one given is not changed
    ended = acme(until=DAY + timedelta(days=20), opportunities=["o1"])
    again = after_outcome(ended, "new", "Acme", "o2", later, 30, 12)
    assert again is not None and again.started == later and again.is_running()
    assert reminder_for(again).due_on == later + timedelta(days=30)  # type: ignore[union-attr]
    stopped = acme(stopped=True, opportunities=["o1"])
    kept = after_outcome(stopped, "new", "Acme", "o2", later, 30, 12)
    assert kept is not None and kept.stopped and kept.opportunities == ["o1", "o2"]
    assert kept.until == stopped.until
    same = after_outcome(after, "new", "Acme", "o2", later, 30, 12)
    assert same == after  # the same rejection again changes nothing


@pytest.mark.parametrize(
    ("word", "days"), [("30d", 30), ("30", 30), ("4w", 28), (" 2W ", 14), ("3650d", 3650)]
)
def test_cadences_in_days_or_weeks(word: str, days: int) -> None:
    assert parse_every(word) == days


@pytest.mark.parametrize("word", ["0d", "0", "never", "soon", "-3d", "3651d", "1m", "", "3 days"])
def test_other_cadences_are_refused_naming_the_forms(word: str) -> None:
    with pytest.raises(DomainError, match="30d, 4w or 30"):
        parse_every(word)


def test_the_careers_url_is_a_web_address_without_controls() -> None:
    assert check_url("  https://acme.example/careers ") == "https://acme.example/careers"
    assert check_url("") == ""
    for bad in ("acme.example/careers", "ftp://acme.example", "https://", "javascript:alert(1)"):
        with pytest.raises(DomainError, match="not a web address"):
            check_url(bad)
    for bad in ("https://acme.example/\x1b[31m", "https://acme.example/a b"):
        with pytest.raises(DomainError, match="control characters"):
            check_url(bad)
    with pytest.raises(DomainError, match="longer than"):
        check_url("https://a.example/" + "x" * 2000)


def test_companies_match_without_case_or_extra_spaces() -> None:
    assert company_key("  ACME   Corp ") == company_key("acme corp")


@pytest.mark.parametrize(
    "doc",
    [
        {"id": "w", "company": "A", "started": "2026-03-02", "until": "2027-03-02", "every": 0},
        {"id": "w", "company": "A", "started": "2026-03-02", "until": "2027-03-02", "every": "30"},
        {"id": "w", "company": 3, "started": "2026-03-02", "until": "2027-03-02", "every": 30},
        {
            "id": "w",
            "company": "A",
            "started": "2026-03-02",
            "until": "2027-03-02",
            "every": 30,
            "stopped": "yes",
        },
        {
            "id": "w",
            "company": "A",
            "started": "2026-03-02",
            "until": "2027-03-02",
            "every": 30,
            "opportunities": [1],
        },
        {"id": "w", "company": "A", "started": "soon", "until": "2027-03-02", "every": 30},
    ],
)
def test_a_malformed_watch_is_refused(doc: dict[str, object]) -> None:
    with pytest.raises((TypeError, ValueError)):
        Watch.from_doc(doc)


def test_combine_makes_one_watch_the_same_in_any_order() -> None:
    """Two machines' watches of one company become one: the smallest id, the earliest
    start and latest end, every opportunity, the latest check and its note, stopped if
    either was stopped."""
    from datetime import date

    from tracker.domain.watch import Watch, combine

    a = Watch(
        id="b2",
        company="Zeta",
        started=date(2026, 3, 2),
        every=30,
        until=date(2027, 3, 2),
        checked=date(2026, 4, 1),
        note="nothing yet",
        opportunities=["o1"],
    )
    b = Watch(
        id="a1",
        company="zeta",
        started=date(2026, 3, 5),
        every=14,
        until=date(2027, 3, 5),
        url="https://zeta.example/jobs",
        checked=date(2026, 4, 9),
        note="two roles",
        stopped=True,
        opportunities=["o2", "o1"],
    )
    one = combine([a, b])
    assert one == combine([b, a])
    assert (one.id, one.company, one.every) == ("a1", "zeta", 14)
    assert (one.started, one.until) == (date(2026, 3, 2), date(2027, 3, 5))
    assert one.opportunities == ["o1", "o2"]
    assert (one.checked, one.note, one.url, one.stopped) == (
        date(2026, 4, 9),
        "two roles",
        "https://zeta.example/jobs",
        True,
    )

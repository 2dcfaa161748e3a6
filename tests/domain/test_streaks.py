"""Streaks, freezes and the persistence score: hand-made logs, properties, DST, and the store.

Domain tests build raw event documents (as ``Database.events()`` returns them)
on days counted from a fixed ``TODAY``; store tests move the fixed clock
(``clock.set_now``) and log real actions through the Repository.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import clock, config, paths
from tracker.domain.errors import DomainError
from tracker.domain.model import Card, Event, Opportunity, Outcome, Stage, State
from tracker.domain.streaks import (
    MAX_FREEZES,
    MILESTONES,
    MULTIPLIER,
    DayState,
    StreakRules,
    actions_per_week,
    day_states,
    explain,
    funnel,
    kept_days,
    percent,
    status,
    status_from_days,
    statuses_from_days,
)
from tracker.settings import Settings
from tracker.store import streak_store
from tracker.store.repo import NewPerson, Repository

M = MULTIPLIER
TODAY = date(2026, 3, 2)
"""A Monday."""
_ids = itertools.count()


def d(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def ev(
    day: date,
    kind: str = "item_done",
    data: dict[str, Any] | None = None,
    event_id: str | None = None,
) -> dict[str, Any]:
    """A raw event document as the log stores it."""
    doc: dict[str, Any] = {
        "id": event_id or f"e{next(_ids)}",
        "type": kind,
        "at": f"{day.isoformat()}T12:00:00Z",
        "tz": "UTC",
        "day": day.isoformat(),
    }
    if data:
        doc["data"] = data
    return doc


def log(*offsets: int) -> list[dict[str, Any]]:
    """One follow-up action on each day ``TODAY + offset``."""
    return [ev(d(n)) for n in offsets]


def span(first: int, last: int) -> list[int]:
    return list(range(first, last + 1))


def ema(pattern: list[bool]) -> float:
    """The score by its definition, for runs without rest days or freezes."""
    score = 0.0
    for kept in pattern:
        score = score * M + (1 - M) * kept
    return score


# --- which days are kept ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "data", "keeps"),
    [
        ("item_done", None, True),
        ("reply_logged", {"person": "p"}, True),
        ("outcome_logged", {"outcome": "rejected"}, True),
        ("item_skipped", {"reason": "no e-mail address"}, True),
        ("item_skipped", None, False),
        ("item_skipped", {"reason": ""}, False),
        ("review_finished", {"nothing_left_due": True}, True),
        ("review_finished", {"nothing_left_due": False}, False),
        ("review_finished", None, False),
        ("created", {"company": "Acme"}, False),
        ("stage_changed", {"from": "thank_you", "to": "feedback"}, False),
        ("snoozed", {"until": "2026-03-09"}, False),
        ("unsnoozed", None, False),
        ("archived", None, False),
        ("edited", {"changed": ["notes"]}, False),
        ("item_reopened", {"item": "i1"}, False),
        ("vacation_set", {"start": "2026-03-03", "end": "2026-03-04"}, False),
    ],
)
def test_which_events_keep_their_day(kind, data, keeps):
    got = kept_days([ev(d(-1), kind, data)])
    assert got == (frozenset({d(-1)}) if keeps else frozenset())


def test_an_undone_action_does_not_keep_its_day():
    done = ev(d(-1), event_id="done-1")
    undo = ev(d(-1), "undo", {"undid": "done-1", "what": "item_done"})
    assert kept_days([ev(d(-2)), done, undo]) == {d(-2)}
    assert status([ev(d(-2)), done, undo], TODAY).current == 0  # yesterday is now a miss
    # Another action the same day keeps it again.
    assert status([ev(d(-2)), done, undo, ev(d(-1), "reply_logged")], TODAY).current == 2


def test_undoing_something_else_leaves_the_day_kept():
    events = [
        ev(d(-1), event_id="a"),
        ev(d(-1), "snoozed", event_id="b"),
        ev(d(-1), "undo", {"undid": "b"}),
    ]
    assert kept_days(events) == {d(-1)}


def test_event_objects_and_raw_documents_agree():
    docs = [
        ev(d(-3)),
        ev(d(-2), "item_skipped", {"reason": "left"}),
        ev(d(-1), event_id="x"),
        ev(d(-1), "undo", {"undid": "x"}),
    ]
    objects = [Event.from_doc(doc) for doc in docs]
    mixed = [objects[0], docs[1], objects[2], docs[3]]
    assert kept_days(objects) == kept_days(docs) == kept_days(mixed) == {d(-3), d(-2)}
    assert status(objects, TODAY) == status(docs, TODAY)


def test_the_stored_day_label_is_used_not_the_instant():
    """An action at 01:30 UTC labelled for the previous day counts for that day."""
    doc = ev(d(-1))
    doc["at"] = f"{TODAY.isoformat()}T01:30:00Z"
    assert kept_days([doc]) == {d(-1)}


# --- streaks ----------------------------------------------------------------------------


def test_no_history():
    got = status([], TODAY)
    assert (got.current, got.best, got.score, got.freezes, got.today_kept) == (0, 0, 0.0, 0, False)
    assert got.at_risk is False
    assert got.milestone is None
    assert got.today_state is DayState.PENDING


def test_until_today_is_kept_the_run_up_to_yesterday_counts():
    got = status(log(*span(-5, -1)), TODAY)
    assert (got.current, got.best, got.today_kept) == (5, 5, False)
    assert got.at_risk is True
    assert got.days_until_break == 0
    assert got.score == pytest.approx(ema([True] * 5))


def test_today_counts_once_kept():
    got = status(log(*span(-5, 0)), TODAY)
    assert (got.current, got.best, got.today_kept) == (6, 6, True)
    assert got.at_risk is False
    assert got.days_until_break == 1
    assert got.today_state is DayState.KEPT
    assert got.score == pytest.approx(ema([True] * 6))
    assert got.score_before_today == pytest.approx(ema([True] * 5))


def test_several_actions_on_one_day_count_once():
    assert status(log(-1, -1, -1, 0, 0), TODAY).current == 2


def test_a_missed_day_without_a_freeze_ends_the_run():
    got = status(log(-6, -5, -4, -2, -1), TODAY)
    assert (got.current, got.best, got.freezes) == (2, 3, 0)
    assert got.score == pytest.approx(ema([True, True, True, False, True, True]))


def test_a_run_that_ended_yesterday_shows_zero():
    got = status(log(*span(-5, -2)), TODAY)
    assert (got.current, got.best) == (0, 4)
    assert got.at_risk is False


def test_seven_kept_days_earn_a_freeze_that_saves_a_missed_day():
    events = log(*span(-10, -4), -2, -1)
    got = status(events, TODAY)
    assert got.current == 9  # the frozen day neither breaks nor extends the run
    assert got.freezes == 0
    assert got.next_freeze_in == 5
    assert got.score == pytest.approx(ema([True] * 7) * M**2 + (1 - M**2))  # frozen: unchanged
    assert day_states(events, TODAY, StreakRules(), d(-3), d(-3)) == {d(-3): DayState.FROZEN}


def test_six_kept_days_earn_no_freeze():
    got = status(log(*span(-9, -4), -2, -1), TODAY)
    assert (got.current, got.best, got.freezes) == (2, 6, 0)


def test_freezes_are_capped_at_two():
    got = status(log(*span(-21, -1)), TODAY)
    assert got.freezes == MAX_FREEZES == 2
    assert got.next_freeze_in == 7  # the third one was earned while two were banked: lost
    two_misses = status(log(*span(-23, -3)), TODAY)
    assert (two_misses.current, two_misses.freezes) == (21, 0)
    assert two_misses.at_risk is True
    three_misses = status(log(*span(-24, -4)), TODAY)
    assert (three_misses.current, three_misses.best, three_misses.freezes) == (0, 21, 0)


def test_one_freeze_covers_one_missed_day_only():
    got = status(log(*span(-9, -3)), TODAY)
    assert (got.current, got.best, got.freezes) == (0, 7, 0)


def test_a_broken_run_starts_earning_freezes_from_zero():
    # 5 kept, a break, then 2 kept: no freeze (it would be 7 kept days in total).
    got = status(log(*span(-9, -5), -2, -1), TODAY)
    assert (got.current, got.freezes, got.next_freeze_in) == (2, 0, 5)


def test_with_a_freeze_banked_today_is_not_at_risk():
    got = status(log(*span(-7, -1)), TODAY)
    assert (got.current, got.freezes) == (7, 1)
    assert got.at_risk is False
    assert got.days_until_break == 1


def test_days_labelled_after_today_do_not_count_yet():
    """A label ahead of today (a move west) counts once today reaches it."""
    events = log(-2, -1, 1)
    now = status(events, TODAY)
    assert (now.current, now.best, now.today_kept) == (2, 2, False)
    assert status([*events, ev(d(0))], d(1)).current == 4


# --- rest days and vacations ------------------------------------------------------------

WEEKEND = StreakRules(rest_weekdays=frozenset({5, 6}))


def test_rest_weekdays_neither_break_nor_extend_a_streak():
    events = log(*span(-7, -3))  # Mon 23 Feb .. Fri 27 Feb; Sat and Sun off
    got = status(events, TODAY, WEEKEND)
    assert got.current == 5
    assert got.score == pytest.approx(ema([True] * 5))
    assert got.at_risk is True
    assert status(events, TODAY).current == 0  # without rest days Saturday ended it


def test_an_action_on_a_rest_day_counts():
    got = status(log(*span(-7, -2)), TODAY, WEEKEND)
    assert got.current == 6
    assert got.score == pytest.approx(ema([True] * 6))


def test_a_rest_day_today():
    sunday = d(-1)
    got = status(log(*span(-6, -2)), sunday, WEEKEND)
    assert got.today_state is DayState.REST
    assert got.at_risk is False
    assert got.days_until_break == 1  # Monday
    assert got.score_if_missed == got.score


def test_vacations_neither_break_nor_extend_a_streak():
    rules = StreakRules(vacations=((d(-5), d(-1)),))
    got = status(log(*span(-10, -6)), TODAY, rules)
    assert got.current == 5
    assert got.score == pytest.approx(ema([True] * 5))
    assert got.at_risk is True


def test_on_vacation_the_streak_waits_for_the_first_working_day():
    rules = StreakRules(rest_weekdays=frozenset({5, 6}), vacations=((d(-1), d(2)),))
    got = status(log(*span(-5, -2)), TODAY, rules)
    assert got.today_state is DayState.VACATION
    assert got.current == 4
    assert got.at_risk is False
    assert got.days_until_break == 3  # Thursday


def test_a_change_of_rest_days_applies_from_its_day():
    # Kept Mon 23 - Fri 27 Feb and Mon 2 - Tue 3 Mar; the weekend between was missed.
    # Rest days Saturday and Sunday were chosen on Wednesday 4 March.
    today = d(2)
    events = log(*span(-7, -3), 0, 1)
    before = StreakRules.from_history([(d(-30), frozenset())])
    changed = StreakRules.from_history([(d(-30), frozenset()), (today, frozenset({5, 6}))])
    always = StreakRules.from_history([(d(-30), frozenset({5, 6}))])
    assert (status(events, today, before).current, status(events, today, before).best) == (2, 5)
    assert (status(events, today, changed).current, status(events, today, changed).best) == (2, 5)
    assert (status(events, today, always).current, status(events, today, always).best) == (7, 7)
    states = day_states(events, today, changed, d(-2), d(8))
    assert states[d(-2)] is states[d(-1)] is DayState.MISSED
    assert states[d(5)] is states[d(6)] is DayState.FUTURE
    assert changed.off(d(5)) is changed.off(d(6)) is DayState.REST
    assert changed.off(d(-2)) is None


def test_a_vacation_for_past_days_still_applies_after_a_change_of_rest_days():
    today = d(2)
    events = log(*span(-7, -3), 0, 1)
    changed = StreakRules.from_history(
        [(d(-30), frozenset()), (today, frozenset({5, 6}))], vacations=((d(-2), d(-1)),)
    )
    assert status(events, today, changed).current == 7


def test_rest_day_history_in_any_order_one_set_per_day():
    rules = StreakRules.from_history(
        [
            (d(10), frozenset({6})),
            (d(0), frozenset({5, 6})),
            (d(5), frozenset({5, 6})),  # the same set again: no change
        ]
    )
    assert rules.rest_weekdays == {5, 6}
    assert rules.rest_changes == ((d(10), frozenset({6})),)
    assert rules.rest_on(d(-100)) == rules.rest_on(d(9)) == {5, 6}  # the oldest covers the past
    assert rules.rest_on(d(10)) == rules.rest_on(d(400)) == {6}
    assert StreakRules.from_history([]) == StreakRules()
    with pytest.raises(ValueError):
        StreakRules(rest_changes=((d(1), frozenset()), (d(0), frozenset({6}))))
    with pytest.raises(ValueError):
        StreakRules(rest_changes=((d(1), frozenset({7})),))


def test_days_until_break_skips_rest_days_and_spends_freezes():
    friday = d(4)
    kept_friday = status(log(4), friday, WEEKEND)
    assert kept_friday.days_until_break == 3  # Monday
    week = status(log(*span(-2, 4)), friday, WEEKEND)  # Sat 28 Feb .. Fri 6 Mar: 7 kept days
    assert week.freezes == 1
    assert week.days_until_break == 4  # the freeze covers Monday; Tuesday at the latest


def test_rules_refuse_a_weekday_out_of_range():
    with pytest.raises(ValueError):
        StreakRules(rest_weekdays=frozenset({7}))


# --- the score --------------------------------------------------------------------------


def test_the_score_halves_in_thirteen_missed_days():
    got = status(log(-14), TODAY)
    assert got.score == pytest.approx((1 - M) / 2)


def test_one_kept_day_scores_one_minus_the_multiplier():
    assert status(log(0), TODAY).score == pytest.approx(1 - 0.5 ** (1 / 13))


def test_the_score_approaches_but_never_passes_one():
    got = status(log(*span(-399, 0)), TODAY)
    assert 0.99 < got.score <= 1.0


def test_the_score_ignores_today_until_it_is_kept():
    pending = status(log(*span(-5, -1)), TODAY)
    assert pending.score == pending.score_before_today
    assert pending.score_if_missed == pytest.approx(pending.score * M)
    assert pending.score_if_kept == pytest.approx(status(log(*span(-5, 0)), TODAY).score)


# --- the explanation --------------------------------------------------------------------


def test_explain_what_missing_today_costs():
    # A long run, two frozen days and a break, then 6 kept days: a high score and no freeze.
    got = status(log(*span(-40, -10), *span(-6, -1)), TODAY)
    assert (got.current, got.freezes) == (6, 0)
    assert got.score > 0.6
    assert explain(got) == (
        f"Miss today and your score drops from {percent(got.score)}% to {percent(got.score * M)}%."
    )
    assert percent(got.score) > percent(got.score * M)


def test_explain_a_kept_day():
    got = status(log(*span(-40, 0)), TODAY)
    assert explain(got) == (
        f"Today is kept: your score rose from {percent(got.score_before_today)}% to {percent(got.score)}%."
    )


def test_explain_a_freeze():
    got = status(log(*span(-7, -1)), TODAY)
    assert got.freezes == 1
    assert explain(got).startswith(
        f"Miss today and a freeze covers it: your score stays at {percent(got.score)}%"
    )


def test_explain_a_rest_day():
    got = status(log(*span(-6, -2)), d(-1), WEEKEND)
    assert explain(got).startswith(
        f"Today is a rest day: missing it leaves your score at {percent(got.score)}%"
    )


# --- milestones -------------------------------------------------------------------------


def test_each_milestone_is_reported_on_the_day_it_is_reached():
    reached = []
    for length in range(1, 102):
        got = status(log(*span(1 - length, 0)), TODAY)
        assert got.current == length
        if got.milestone is not None:
            assert got.milestone == length
            reached.append(length)
    assert tuple(reached) == MILESTONES


def test_no_milestone_until_today_is_kept():
    assert status(log(-3, -2, -1), TODAY).milestone is None  # 3 reached yesterday
    assert status(log(-2, -1), TODAY).milestone is None


# --- heatmap, weekly actions, funnel ----------------------------------------------------


def test_day_states_for_a_heatmap():
    rules = StreakRules(rest_weekdays=frozenset({6}), vacations=((d(-5), d(-5)),))
    events = log(-10, -7, -6, -3, -2)
    got = day_states(events, TODAY, rules, d(-12), d(1))
    assert list(got) == [d(n) for n in range(-12, 2)]
    assert got == {
        d(-12): DayState.NONE,  # Wed 18 Feb, before the first kept day
        d(-11): DayState.NONE,
        d(-10): DayState.KEPT,  # Fri
        d(-9): DayState.MISSED,  # Sat
        d(-8): DayState.REST,  # Sun
        d(-7): DayState.KEPT,  # Mon
        d(-6): DayState.KEPT,
        d(-5): DayState.VACATION,  # Wed
        d(-4): DayState.MISSED,
        d(-3): DayState.KEPT,
        d(-2): DayState.KEPT,  # Sat
        d(-1): DayState.REST,  # Sun
        d(0): DayState.PENDING,
        d(1): DayState.FUTURE,
    }
    assert status(events, TODAY, rules).current == 2


def test_day_states_before_history_show_rest_days():
    got = day_states([], TODAY, WEEKEND, d(-2), d(0))
    assert list(got.values()) == [DayState.REST, DayState.REST, DayState.PENDING]


def test_actions_per_week():
    events = [
        ev(d(0)),
        ev(d(1), "reply_logged"),
        ev(d(6), "item_skipped", {"reason": "no address"}),  # this week
        ev(d(-7)),
        ev(d(-1), event_id="gone"),
        ev(d(-1), "undo", {"undid": "gone"}),  # last week: 1
        ev(d(-2), "created"),
        ev(d(-2), "item_skipped"),  # not actions
        ev(d(-7 * 51)),  # the oldest week shown
        ev(d(-7 * 52)),  # too old
    ]
    got = actions_per_week(events, TODAY)
    assert len(got) == 52
    assert got[-1] == (TODAY, 3)
    assert got[-2] == (d(-7), 1)
    assert got[0] == (d(-7 * 51), 1)
    assert sum(count for _, count in got) == 5
    assert all(monday.weekday() == 0 for monday, _ in got)


def _opp(opp_id: str, outcome: Outcome = Outcome.PENDING) -> Opportunity:
    return Opportunity(
        id=opp_id,
        company=opp_id,
        role="Engineer",
        interviews=[d(-30)],
        created_at="2026-01-31T10:00:00+00:00",
        outcome=outcome,
    )


def _card(opp_id: str, stage: Stage, state: State = State.ACTIVE) -> Card:
    return Card(
        id=f"c-{opp_id}",
        opportunity_id=opp_id,
        stage=stage,
        state=state,
        items=[],
        created_at="2026-01-31T10:00:00+00:00",
    )


def test_funnel_counts_how_far_each_opportunity_got():
    opps = [
        _opp("pending"),
        _opp("rejected", Outcome.REJECTED),
        _opp("ghosted", Outcome.GHOSTED),
        _opp("coffee", Outcome.REJECTED),
        _opp("offer", Outcome.OFFER),
        _opp("no-card"),
    ]
    cards = [
        _card("pending", Stage.THANK_YOU),
        _card("rejected", Stage.FEEDBACK),
        _card("ghosted", Stage.MONITOR),
        _card("coffee", Stage.COFFEE, State.ARCHIVED),
        _card("offer", Stage.THANK_YOU, State.DONE),
    ]
    got = funnel(opps, cards)
    assert got.total == 6
    assert [(row.title, row.count) for row in got.rows] == [
        ("Thank-you", 6),
        ("Feedback", 2),
        ("Monitor", 2),
        ("Coffee", 1),
        ("Offer", 1),
    ]
    assert got.count("monitor") == 2
    by_id = funnel({o.id: o for o in opps}, {c.id: c for c in cards})
    assert by_id == got


# --- properties -------------------------------------------------------------------------

patterns = st.lists(st.booleans(), min_size=1, max_size=90)
weekday_sets = st.frozensets(st.integers(0, 6), max_size=6)
PROPS = settings(max_examples=150, deadline=None)


def laid_out(
    pattern: list[bool], start: date, rules: StreakRules
) -> tuple[list[dict[str, Any]], date]:
    """Put ``pattern`` on consecutive working days from ``start``; the last one is today."""
    events, day = [], start
    for kept in pattern:
        while rules.off(day) is not None:
            day += timedelta(days=1)
        if kept:
            events.append(ev(day))
        last, day = day, day + timedelta(days=1)
    return events, last


def essentials(got: Any) -> tuple[Any, ...]:
    return (
        got.current,
        got.best,
        got.freezes,
        got.today_kept,
        got.at_risk,
        got.score,
        got.next_freeze_in,
    )


@PROPS
@given(patterns, weekday_sets, st.integers(0, 6))
def test_property_keeping_today_never_lowers_the_streak(pattern, rest, shift):
    rules = StreakRules(rest_weekdays=rest)
    events, today = laid_out(pattern, TODAY + timedelta(days=shift), rules)
    before = status([e for e in events if e["day"] != today.isoformat()], today, rules)
    after = status([*events, ev(today)], today, rules)
    assert after.current >= before.current
    assert after.current == before.current + 1
    assert after.best >= before.best
    assert after.score >= before.score


@PROPS
@given(
    patterns,
    weekday_sets,
    st.lists(st.tuples(st.integers(-90, 10), st.integers(0, 20)), max_size=3),
)
def test_property_score_stays_in_range_and_freezes_never_exceed_two(pattern, rest, trips):
    rules = StreakRules(rest_weekdays=rest, vacations=tuple((d(a), d(a + n)) for a, n in trips))
    events = [ev(d(n - len(pattern))) for n, kept in enumerate(pattern) if kept]
    for offset in range(-len(pattern), 2):
        got = status(events, d(offset), rules)
        assert 0.0 <= got.score <= 1.0
        assert 0 <= got.freezes <= MAX_FREEZES
        assert got.current <= got.best
        assert got.days_until_break >= 0


@PROPS
@given(patterns, st.frozensets(st.integers(0, 6), min_size=1, max_size=6), st.integers(0, 6))
def test_property_rest_days_never_change_the_score_or_the_streak(pattern, rest, shift):
    """The same working days, with and without rest days between them, give the same status."""
    start = TODAY + timedelta(days=shift)
    rules = StreakRules(rest_weekdays=rest)
    plain_events, plain_today = laid_out(pattern, start, StreakRules())
    rest_events, rest_today = laid_out(pattern, start, rules)
    plain = status(plain_events, plain_today)
    rested = status(rest_events, rest_today, rules)
    assert essentials(rested) == essentials(plain)


@PROPS
@given(patterns, st.integers(0, 89), st.integers(1, 30))
def test_property_a_vacation_never_changes_the_score_or_the_streak(pattern, where, length):
    """Inserting a vacation (nothing kept in it) shifts the days after it and changes nothing else."""
    where = min(where, len(pattern) - 1)
    start = d(-200)
    plain = status(
        [ev(start + timedelta(days=i)) for i, kept in enumerate(pattern) if kept],
        start + timedelta(days=len(pattern) - 1),
    )
    away = (start + timedelta(days=where), start + timedelta(days=where + length - 1))

    def moved(i: int) -> date:
        return start + timedelta(days=i + (length if i >= where else 0))

    rules = StreakRules(vacations=(away,))
    shifted = status(
        [ev(moved(i)) for i, kept in enumerate(pattern) if kept], moved(len(pattern) - 1), rules
    )
    assert essentials(shifted) == essentials(plain)


@PROPS
@given(patterns)
def test_property_the_score_matches_its_definition_without_freezes(pattern):
    """With no run of 7 kept days there is no freeze, so the score is the plain EMA."""
    text = "".join("k" if kept else "." for kept in pattern)
    if "k" * 7 in text or "k" not in text:
        return
    first = pattern.index(True)
    events = [ev(d(i - len(pattern))) for i, kept in enumerate(pattern) if kept]
    assert status(events, TODAY).score == pytest.approx(ema(pattern[first:]))


# --- the store: day labels across DST and time zone moves ---------------------------------


def zone_repo(home: Path, zone: str, day_start: str = "04:00") -> Repository:
    """A repository whose config file says ``zone``."""
    (home / "config.toml").write_text(f'[time]\ntimezone = "{zone}"\nday_start = "{day_start}"\n')
    where = paths.resolve()
    return Repository(where, config.load(where.config))


def card_with_person(repo: Repository, at: datetime) -> tuple[str, str]:
    clock.set_now(at)
    view = repo.add_interview("Acme", "Engineer", people=[NewPerson("Jane Doe")])
    return view.card.id, view.opportunity.people[0].person_id


def reply_at(repo: Repository, card: tuple[str, str], at: datetime) -> date:
    """Log a reply (a follow-up action) at ``at``; returns the day label it got."""
    clock.set_now(at)
    repo.log_reply(*card)
    last = repo.events()[-1]
    assert last.type == "reply_logged"
    assert datetime.fromisoformat(last.at.replace("Z", "+00:00")) == at.astimezone(UTC)
    return last.day


BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_berlin_spring_forward(home):
    repo = zone_repo(home, "Europe/Berlin")
    card = card_with_person(repo, datetime(2026, 3, 27, 9, 0, tzinfo=BERLIN))
    # Sunday 29 March 2026: 02:00 CET jumps to 03:00 CEST.
    assert reply_at(repo, card, datetime(2026, 3, 27, 20, 0, tzinfo=BERLIN)) == date(2026, 3, 27)
    assert reply_at(repo, card, datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)) == date(2026, 3, 28)
    assert reply_at(repo, card, datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN)) == date(2026, 3, 28)
    assert reply_at(repo, card, datetime(2026, 3, 29, 1, 59, tzinfo=UTC)) == date(
        2026, 3, 28
    )  # 03:59 CEST
    assert reply_at(repo, card, datetime(2026, 3, 29, 2, 0, tzinfo=UTC)) == date(
        2026, 3, 29
    )  # 04:00 CEST
    assert reply_at(repo, card, datetime(2026, 3, 30, 4, 0, tzinfo=BERLIN)) == date(2026, 3, 30)
    clock.set_now(datetime(2026, 3, 30, 12, 0, tzinfo=BERLIN))
    got = streak_store.current_status(repo)
    assert got.kept_days == {date(2026, 3, d) for d in (27, 28, 29, 30)}
    assert (got.current, got.today_kept) == (4, True)


def test_berlin_fall_back(home):
    repo = zone_repo(home, "Europe/Berlin")
    card = card_with_person(repo, datetime(2026, 10, 23, 9, 0, tzinfo=BERLIN))
    # Sunday 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
    first = datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=BERLIN)
    second = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN)
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    assert reply_at(repo, card, datetime(2026, 10, 23, 18, 0, tzinfo=BERLIN)) == date(2026, 10, 23)
    assert reply_at(repo, card, first) == date(2026, 10, 24)
    assert reply_at(repo, card, second) == date(2026, 10, 24)
    assert reply_at(repo, card, datetime(2026, 10, 25, 3, 59, tzinfo=BERLIN)) == date(2026, 10, 24)
    assert reply_at(repo, card, datetime(2026, 10, 25, 4, 0, tzinfo=BERLIN)) == date(2026, 10, 25)
    clock.set_now(datetime(2026, 10, 26, 9, 0, tzinfo=BERLIN))
    got = streak_store.current_status(repo)
    assert got.kept_days == {date(2026, 10, 23), date(2026, 10, 24), date(2026, 10, 25)}
    assert (got.current, got.today_kept, got.at_risk) == (3, False, True)


def test_new_york_spring_forward_and_the_0130_action(home):
    repo = zone_repo(home, "America/New_York")
    card = card_with_person(repo, datetime(2026, 3, 6, 9, 0, tzinfo=NEW_YORK))
    # Sunday 8 March 2026: 02:00 EST jumps to 03:00 EDT.
    assert reply_at(repo, card, datetime(2026, 3, 6, 21, 0, tzinfo=NEW_YORK)) == date(2026, 3, 6)
    # Nothing on Saturday during the day; 01:30 on Sunday still counts for Saturday.
    assert reply_at(repo, card, datetime(2026, 3, 8, 1, 30, tzinfo=NEW_YORK)) == date(2026, 3, 7)
    assert reply_at(repo, card, datetime(2026, 3, 8, 3, 30, tzinfo=NEW_YORK)) == date(2026, 3, 7)
    assert reply_at(repo, card, datetime(2026, 3, 8, 4, 0, tzinfo=NEW_YORK)) == date(2026, 3, 8)
    clock.set_now(datetime(2026, 3, 8, 23, 0, tzinfo=NEW_YORK))
    got = streak_store.current_status(repo)
    assert got.kept_days == {date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 8)}
    assert got.current == 3


def test_new_york_fall_back(home):
    repo = zone_repo(home, "America/New_York")
    card = card_with_person(repo, datetime(2026, 10, 30, 9, 0, tzinfo=NEW_YORK))
    # Sunday 1 November 2026: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice.
    assert reply_at(repo, card, datetime(2026, 10, 30, 12, 0, tzinfo=NEW_YORK)) == date(
        2026, 10, 30
    )
    assert reply_at(repo, card, datetime(2026, 11, 1, 1, 30, fold=0, tzinfo=NEW_YORK)) == date(
        2026, 10, 31
    )
    assert reply_at(repo, card, datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)) == date(
        2026, 10, 31
    )
    assert reply_at(repo, card, datetime(2026, 11, 1, 3, 59, tzinfo=NEW_YORK)) == date(2026, 10, 31)
    assert reply_at(repo, card, datetime(2026, 11, 1, 4, 0, tzinfo=NEW_YORK)) == date(2026, 11, 1)
    clock.set_now(datetime(2026, 11, 1, 22, 0, tzinfo=NEW_YORK))
    got = streak_store.current_status(repo)
    assert got.current == 3
    assert got.today_kept is True


def test_moving_time_zone_never_rewrites_past_days(home):
    ny = zone_repo(home, "America/New_York")
    card = card_with_person(ny, datetime(2026, 3, 2, 9, 0, tzinfo=NEW_YORK))
    evening = datetime(2026, 3, 2, 18, 30, tzinfo=NEW_YORK)  # 23:30 UTC: already 3 March in Tokyo
    assert reply_at(ny, card, evening) == date(2026, 3, 2)
    tokyo = zone_repo(home, "Asia/Tokyo")
    assert tokyo.settings.tz_name == "Asia/Tokyo"
    assert reply_at(
        tokyo, card, datetime(2026, 3, 3, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    ) == date(2026, 3, 3)
    events = tokyo.events()
    replies = [e for e in events if e.type == "reply_logged"]
    assert [(e.day, e.tz) for e in replies] == [
        (date(2026, 3, 2), "America/New_York"),
        (date(2026, 3, 3), "Asia/Tokyo"),
    ]
    got = streak_store.current_status(tokyo)
    assert got.kept_days == {
        date(2026, 3, 2),
        date(2026, 3, 3),
    }  # recomputed, both would be 3 March
    assert got.current == 2


# --- the store: an outcome logged by mistake ------------------------------------------------


@pytest.mark.parametrize("outcome", ["offer", "reject", "withdraw", "ghosted"])
def test_an_undone_outcome_does_not_keep_the_day(repo: Repository, outcome: str) -> None:
    """One key logs an outcome (the board's o or L); undone, the day is not kept."""
    card = repo.add_interview("Acme", "Engineer", people=[NewPerson("Jane Doe")]).card.id
    log = {
        "offer": lambda: repo.finish(card, Outcome.OFFER),
        "withdraw": lambda: repo.finish(card, Outcome.WITHDRAWN),
        "reject": lambda: repo.reject(card, repo.today()),
        "ghosted": lambda: repo.ghosted(card),
    }[outcome]
    log()
    assert streak_store.current_status(repo).today_kept
    repo.undo()
    got = streak_store.current_status(repo)
    assert (got.today_kept, got.current, got.milestone) == (False, 0, None)
    assert repo.kept_days() == frozenset()
    assert kept_days(repo.event_docs()) == frozenset()  # the log agrees with the day index
    fresh = Repository(repo.paths, repo.settings)
    assert streak_store.current_status(fresh).today_kept is False


# --- the store: vacations and settings ----------------------------------------------------


def test_set_list_and_clear_vacations(repo):
    assert streak_store.vacations(repo) == ()
    streak_store.set_vacation(repo, d(10), d(14))
    streak_store.set_vacation(repo, d(3), d(3))
    streak_store.set_vacation(repo, d(10), d(14))  # the same range again: kept once
    assert streak_store.vacations(repo) == ((d(3), d(3)), (d(10), d(14)))
    stored = repo.db.table("vacations")
    assert sorted((doc["start"], doc["end"]) for doc in stored.values()) == [
        ("2026-03-05", "2026-03-05"),
        ("2026-03-12", "2026-03-16"),
    ]
    assert all(doc["id"] == key for key, doc in stored.items())
    logged = [e for e in repo.events() if e.type == "vacation_set"]
    assert [(e.data["start"], e.data["end"]) for e in logged] == [
        ("2026-03-12", "2026-03-16"),
        ("2026-03-05", "2026-03-05"),
    ]
    assert logged[0].day == TODAY
    assert streak_store.clear_vacations(repo) == 2
    assert streak_store.vacations(repo) == ()
    cleared = [e for e in repo.events() if e.type == "vacations_cleared"]
    assert len(cleared) == 1 and len(cleared[0].data["removed"]) == 2
    assert streak_store.clear_vacations(repo) == 0
    assert len([e for e in repo.events() if e.type == "vacations_cleared"]) == 1


def test_a_vacation_cannot_end_before_it_starts(repo):
    with pytest.raises(DomainError, match="before it starts"):
        streak_store.set_vacation(repo, d(5), d(4))
    assert streak_store.vacations(repo) == ()
    assert repo.events() == []


def test_current_status_honours_vacations_and_rest_days(home):
    repo = zone_repo(home, "UTC")
    card = card_with_person(repo, datetime(2026, 2, 23, 9, 0, tzinfo=UTC))
    for day in (23, 24, 25):  # Mon-Wed
        reply_at(repo, card, datetime(2026, 2, day, 12, 0, tzinfo=UTC))
    clock.set_now(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    assert streak_store.current_status(repo).current == 0  # Thursday ended it
    streak_store.set_vacation(repo, date(2026, 2, 26), date(2026, 2, 27))
    assert streak_store.current_status(repo).current == 0  # Saturday still ends it
    (home / "config.toml").write_text(
        '[time]\ntimezone = "UTC"\n[streak]\nrest_days = ["sat", "sun"]\n'
    )
    weekend = Repository(paths.resolve(), config.load(home / "config.toml"))
    assert weekend.settings.rest_weekdays == {5, 6}
    # Rest days chosen today apply from today: the weekend before still ended the streak.
    assert streak_store.current_status(weekend).current == 0
    assert streak_store.rules(weekend) == StreakRules(
        frozenset(),
        ((date(2026, 2, 26), date(2026, 2, 27)),),
        ((date(2026, 3, 2), frozenset({5, 6})),),
    )
    # Had they been the rules from the start, Thursday to Sunday would have kept it alive.
    with weekend.db.transaction() as txn:
        txn.remove("rest_days", "history")
    got = streak_store.current_status(weekend)
    assert (got.current, got.at_risk) == (3, True)


def test_a_malformed_vacation_record_is_one_sentence(repo):
    from tracker.store.errors import StoreError

    with repo.db.transaction() as txn:
        txn.put("vacations", {"id": "v1", "start": "soon", "end": "2026-03-04"})
    with pytest.raises(StoreError, match="vacation 'v1'.*malformed"):
        streak_store.vacations(repo)


def test_settings_default_to_no_rest_days():
    assert Settings(tz_name="UTC").rest_weekdays == frozenset()


def test_freeze_progress_carries_across_a_frozen_day():
    """Today's rule: a frozen day (missed, a freeze spent) neither counts towards the
    next freeze nor resets the count, so the kept days on both sides of it add up to
    the same next freeze. Only a missed day with no freeze starts the count again."""
    # 10 kept days: a freeze after the 7th, 3 towards the next; a frozen day; 3 kept.
    before_today = log(*span(-14, -5), *span(-3, -1))
    got = status(before_today, TODAY)
    assert day_states(before_today, TODAY, StreakRules(), d(-4), d(-4)) == {d(-4): DayState.FROZEN}
    assert (got.current, got.freezes, got.next_freeze_in) == (13, 0, 1)  # 3 + 3 kept
    kept_today = status([*before_today, ev(TODAY)], TODAY)
    assert (kept_today.current, kept_today.freezes, kept_today.next_freeze_in) == (14, 1, 7)


@given(
    st.frozensets(st.integers(-60, 20), max_size=40),
    weekday_sets,
    st.lists(st.tuples(st.integers(-60, 20), st.integers(0, 10)), max_size=2),
    st.integers(-3, 3),
)
def test_property_statuses_for_many_days_are_each_days_status(offsets, rest, trips, start):
    """The prompt summary walks the history once for its 14 days: the same statuses as
    asking each day alone, kept days after the first day (a clock set back) included."""
    kept = frozenset(TODAY + timedelta(days=n) for n in offsets)
    rules = StreakRules(rest_weekdays=rest, vacations=tuple((d(a), d(a + n)) for a, n in trips))
    first = TODAY + timedelta(days=start)
    assert statuses_from_days(kept, first, 14, rules) == [
        status_from_days(kept, first + timedelta(days=n), rules) for n in range(14)
    ]

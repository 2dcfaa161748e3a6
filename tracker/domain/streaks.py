"""Streaks, freezes and the persistence score, derived from the event log.

Pure functions over events and ``today``. A day is the label stored on each
event (``day``), never recomputed, so changing the time zone or the day start
later never rewrites history.

Rules (see DOMAIN.md, "Days, streaks and the persistence score"):

- A day is **kept** when it holds a follow-up action (an item done, an item
  skipped with a reason, a reply or an outcome logged, a keep-in-touch check-in
  or a watched company's openings checked, or skipped with a reason) or a review finished
  with nothing left due. Events undone by a later ``undo`` event do not count.
- **Rest** weekdays and **vacation** ranges that are not kept neither break
  nor extend a streak. A kept rest or vacation day counts like any kept day.
  A change of rest weekdays applies from the day it was made: each day is
  judged by the set in force on it (:class:`StreakRules` holds their history).
  Vacations apply to whatever days they cover, past ones included.
- **Freezes**: one is earned for every 7 kept days of the current run (at most
  2 banked; one earned while 2 are banked is lost). A missed day consumes one
  and the run survives; a missed day with none banked ends the run.
- The **current streak** is the number of kept days in the run. Today counts
  once it is kept; until then the run up to yesterday is shown.
- The **persistence score** is an exponential moving average of kept days with
  a 13-day half-life, starting at 0 on the first kept day: a kept day moves it
  towards 1, a missed day towards 0, and rest, vacation and frozen days leave
  it unchanged. Today is counted once it is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import msgspec
import msgspec.structs

from tracker.domain.model import STAGE_TITLES, STAGES, Card, Event, Opportunity, Outcome, Stage

HALF_LIFE_DAYS = 13
MULTIPLIER = 0.5 ** (1 / HALF_LIFE_DAYS)
"""How much of the score survives one kept or missed day."""
FREEZE_EVERY = 7
"""Kept days that earn one freeze."""
MAX_FREEZES = 2
MILESTONES = (3, 7, 14, 30, 60, 100)
KEPT_TYPES = frozenset(
    {"item_done", "reply_logged", "outcome_logged", "compared", "touch_done", "watch_checked"}
)
"""Event types that keep their day by themselves (see also the skips and review_finished).
A keep-in-touch check-in with the network (``touch_done``) is a follow-up like any other,
and so is checking the openings of a company watched after a rejection (``watch_checked``).
A comparison with the person hired (``compared``) is the work of its checklist item, which
it completes: ticking that item through its form keeps the day as ticking any other does.
The meeting's notes (an ``interaction_noted`` with ``met_on``, see :func:`_meeting`) keep it too,
for the same reason; a plain note about a person does not."""
SKIP_TYPES = frozenset({"item_skipped", "touch_skipped", "watch_skipped"})
"""Event types that keep their day when they give a reason: a checklist item, a
keep-in-touch check-in or a watched company's reminder skipped."""


def _meeting(data: Any) -> bool:
    """Whether an ``interaction_noted`` event's data says a coffee or call took place: it
    completes the "meet" item, so it is a follow-up action like a tick."""
    return bool(data.get("met_on")) and not data.get("imported")


_HORIZON = 3660
"""How far ahead :func:`status` looks for the day a streak would break."""


class DayState(StrEnum):
    """What one day was for the streak (a cell of the heatmap)."""

    KEPT = "kept"
    MISSED = "missed"
    """A working day without a follow-up action and no freeze: the run ended."""
    FROZEN = "frozen"
    """Missed, but a banked freeze saved the run."""
    REST = "rest"
    """A rest weekday that was not kept."""
    VACATION = "vacation"
    """A vacation day that was not kept."""
    PENDING = "pending"
    """Today, a working day not kept yet."""
    FUTURE = "future"
    NONE = "none"
    """A working day before the first kept day: no history yet."""


RestChange = tuple[date, frozenset[int]]
"""A set of rest weekdays (0 = Monday) and the first day it is in force."""


class StreakRules(msgspec.Struct, frozen=True):
    """The user's rest weekdays (0 = Monday) and vacation ranges (inclusive).

    ``rest_weekdays`` applies to every day unless ``rest_changes`` says otherwise:
    each change is in force from its day until the next one (oldest first).
    """

    rest_weekdays: frozenset[int] = frozenset()
    vacations: tuple[tuple[date, date], ...] = ()
    rest_changes: tuple[RestChange, ...] = ()

    def __post_init__(self) -> None:
        for weekdays in (self.rest_weekdays, *(days for _, days in self.rest_changes)):
            if any(not 0 <= day <= 6 for day in weekdays):
                raise ValueError(f"rest weekdays are 0 (Monday) to 6 (Sunday): {sorted(weekdays)}")
        days = [day for day, _ in self.rest_changes]
        if days != sorted(set(days)):
            raise ValueError("rest-day changes must be in order, one per day")

    @classmethod
    def from_history(
        cls, history: Iterable[RestChange], vacations: tuple[tuple[date, date], ...] = ()
    ) -> StreakRules:
        """Rules from the rest-day sets recorded with the day each took effect. The
        oldest set also covers the days before it: nothing older is known. A later
        set for the same day replaces an earlier one."""
        by_day = dict(sorted(history, key=lambda change: change[0]))
        if not by_day:
            return cls(vacations=vacations)
        (first, *later) = by_day.items()
        changes: list[RestChange] = []
        previous = first[1]
        for day, weekdays in later:
            if weekdays != previous:
                changes.append((day, weekdays))
                previous = weekdays
        return cls(rest_weekdays=first[1], vacations=vacations, rest_changes=tuple(changes))

    def rest_on(self, day: date) -> frozenset[int]:
        """The rest weekdays in force on ``day``."""
        rest = self.rest_weekdays
        for start, weekdays in self.rest_changes:
            if start > day:
                break
            rest = weekdays
        return rest

    def is_vacation(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.vacations)

    def off(self, day: date) -> DayState | None:
        """REST or VACATION when ``day`` neither breaks nor extends a streak, else None."""
        if self.is_vacation(day):
            return DayState.VACATION
        rest = self.rest_on(day) if self.rest_changes else self.rest_weekdays
        if day.weekday() in rest:
            return DayState.REST
        return None


NO_RULES = StreakRules()
"""No rest days, no vacations: the rules a function uses when given none."""


class StreakStatus(msgspec.Struct, frozen=True):
    """Everything the board, the stats screen and ``tracker streak`` show."""

    current: int
    """Kept days in the current run (today included once kept)."""
    best: int
    """The longest run ever, the current one included."""
    today_kept: bool
    days_until_break: int
    """Days from today to the last day an action saves the run: 0 means act today,
    1 means tomorrow at the latest (rest days, vacations and freezes included)."""
    freezes: int
    """Freezes banked (0 to 2)."""
    score: float
    """The persistence score, 0 to 1."""
    at_risk: bool
    """There is a run, and it ends tonight unless today is kept."""
    milestone: int | None
    """The milestone (3, 7, 14, 30, 60, 100) the run reached today, once kept."""
    kept_days: frozenset[date]
    """Every kept day in the log."""
    today: date
    today_state: DayState = DayState.PENDING
    """KEPT, PENDING, REST or VACATION."""
    score_before_today: float = 0.0
    """The score at the end of yesterday."""
    score_if_missed: float = 0.0
    """The score tomorrow if today ends without an action."""
    score_if_kept: float = 0.0
    """The score with today kept."""
    next_freeze_in: int = FREEZE_EVERY
    """Kept days still needed to earn the next freeze."""

    def as_json(self) -> dict[str, Any]:
        """The fields scripts need, with plain JSON types."""
        return {
            "current": self.current,
            "best": self.best,
            "today": self.today.isoformat(),
            "today_kept": self.today_kept,
            "today_state": self.today_state.value,
            "days_until_break": self.days_until_break,
            "at_risk": self.at_risk,
            "freezes": self.freezes,
            "next_freeze_in": self.next_freeze_in,
            "score": round(self.score, 4),
            "milestone": self.milestone,
        }


# --- reading the log ----------------------------------------------------------------


def kept_days(events: Iterable[Event | dict[str, Any]]) -> frozenset[date]:
    """The days that hold at least one follow-up action that was not undone.

    Accepts :class:`Event` objects or raw event documents (``day`` as an ISO
    string), mixed. Written as one flat pass: it runs over the whole log.
    """
    candidates: list[tuple[Any, Any]] = []
    undone: set[Any] = set()
    for event in events:
        if type(event) is dict:
            kind = event["type"]
            if kind in KEPT_TYPES:
                if not (event.get("data") or {}).get(
                    "imported"
                ):  # imported history is not today's work
                    candidates.append((event["id"], event["day"]))
            elif kind in SKIP_TYPES:
                if (event.get("data") or {}).get("reason"):
                    candidates.append((event["id"], event["day"]))
            elif kind == "review_finished":
                if (event.get("data") or {}).get("nothing_left_due") is True:
                    candidates.append((event["id"], event["day"]))
            elif kind == "interaction_noted":
                if _meeting(event.get("data") or {}):
                    candidates.append((event["id"], event["day"]))
            elif kind == "undo":
                undone.add((event.get("data") or {}).get("undid"))
        else:
            _one(event, candidates, undone)
    labels = (
        {label for event_id, label in candidates if event_id not in undone}
        if undone
        else {label for _, label in candidates}
    )
    return frozenset(label if type(label) is date else _as_day(label) for label in labels)


REBUILD = ("", 0)
"""Returned by :func:`kept_delta` when an event cannot be applied incrementally."""


def kept_delta(doc: dict[str, Any]) -> tuple[str, int] | None:
    """How one raw event changes the count of kept actions on a day.

    ``(day, +1)`` for a follow-up action, ``(day, -1)`` for the undo of one
    (undo events carry the undone event's day), None for anything else, and
    :data:`REBUILD` for an undo that does not say its day, or of a note about a
    person (which kept the day only when it was a meeting's notes).
    """
    kind = doc["type"]
    data = doc.get("data") or {}
    if (
        (kind in KEPT_TYPES and not data.get("imported"))
        or (kind in SKIP_TYPES and data.get("reason"))
        or (kind == "review_finished" and data.get("nothing_left_due") is True)
        or (kind == "interaction_noted" and _meeting(data))
    ):
        return doc["day"], 1
    if kind == "undo":
        what = data.get("what")
        if what == "interaction_noted":
            return REBUILD  # kept only when it was a meeting, which the undo does not say
        if what in KEPT_TYPES or what in SKIP_TYPES:
            day = data.get("day")
            return (day, -1) if day else REBUILD
    return None


def kept_counts(events: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Follow-up actions per day label (ISO), undone ones excluded, for the day index."""
    counts: dict[str, int] = {}
    undone = {(e.get("data") or {}).get("undid") for e in events if e["type"] == "undo"}
    for event in events:
        if event["id"] in undone:
            continue
        delta = kept_delta(event)
        if delta is not None and delta[1] > 0:
            counts[delta[0]] = counts.get(delta[0], 0) + 1
    return counts


def _one(event: Any, candidates: list[tuple[Any, Any]], undone: set[Any]) -> None:
    """The slow path of :func:`kept_days`: an Event object or a dict subclass."""
    if isinstance(event, Mapping):
        kind, event_id, label, data = (
            event["type"],
            event["id"],
            event["day"],
            event.get("data") or {},
        )
    else:
        kind, event_id, label, data = event.type, event.id, event.day, event.data or {}
    if (
        (kind in KEPT_TYPES and not data.get("imported"))
        or (kind in SKIP_TYPES and data.get("reason"))
        or (kind == "review_finished" and data.get("nothing_left_due") is True)
        or (kind == "interaction_noted" and _meeting(data))
    ):
        candidates.append((event_id, label))
    elif kind == "undo":
        undone.add(data.get("undid"))


def _as_day(label: Any) -> date:
    if isinstance(label, date):
        return label
    return date.fromisoformat(label)


# --- walking the days ---------------------------------------------------------------


class _Walker(msgspec.Struct):
    """The running totals, advanced one day at a time."""

    rules: StreakRules
    score: float = 0.0
    run: int = 0
    best: int = 0
    freezes: int = 0
    progress: int = 0
    """Kept days towards the next freeze."""

    def step(self, day: date, kept: bool) -> DayState:
        """Apply one finished day; returns what it was."""
        if kept:
            self.score = self.score * MULTIPLIER + (1.0 - MULTIPLIER)
            self.run += 1
            self.best = max(self.best, self.run)
            self.progress += 1
            if self.progress >= FREEZE_EVERY:
                self.progress = 0
                self.freezes = min(MAX_FREEZES, self.freezes + 1)
            return DayState.KEPT
        off = self.rules.off(day)
        if off is not None:
            return off
        if self.freezes > 0:
            self.freezes -= 1
            return DayState.FROZEN
        self.score *= MULTIPLIER
        self.run = 0
        self.progress = 0
        return DayState.MISSED


def _days(start: date, end: date) -> Iterator[date]:
    """``start`` to ``end``, inclusive."""
    day = start
    one = timedelta(days=1)
    while day <= end:
        yield day
        day += one


def _walk(
    kept: frozenset[date],
    today: date,
    rules: StreakRules,
    record: dict[date, DayState] | None = None,
) -> _Walker:
    """Walk every finished day from the first kept day to yesterday; ``record`` gets each state."""
    walker = _Walker(rules)
    past = [d for d in kept if d < today]
    if past:
        for day in _days(min(past), today - timedelta(days=1)):
            state = walker.step(day, day in kept)
            if record is not None:
                record[day] = state
    return walker


def status(
    events: Iterable[Event | dict[str, Any]], today: date, rules: StreakRules = NO_RULES
) -> StreakStatus:
    """The streak, freezes and score as of ``today`` (raw event documents are fine)."""
    return status_from_days(kept_days(events), today, rules)


def status_from_days(
    kept: frozenset[date], today: date, rules: StreakRules = NO_RULES
) -> StreakStatus:
    """:func:`status` for a set of kept days already extracted with :func:`kept_days`."""
    return _status(_walk(kept, today, rules), kept, today, rules)


def statuses_from_days(
    kept: frozenset[date], first: date, count: int, rules: StreakRules = NO_RULES
) -> list[StreakStatus]:
    """``status_from_days(kept, day, rules)`` for ``count`` days from ``first``, walking
    the history once: each day's walk is the day before's and one more step."""
    walker = _walk(kept, first, rules)
    out = []
    day = first
    for _ in range(count):
        out.append(_status(msgspec.structs.replace(walker), kept, day, rules))
        walker.step(day, day in kept)
        day += timedelta(days=1)
    return out


def _status(
    walker: _Walker, kept: frozenset[date], today: date, rules: StreakRules
) -> StreakStatus:
    """The status on ``today`` from ``walker``, walked up to yesterday (it is advanced)."""
    before, freezes_before = walker.score, walker.freezes
    off_today = rules.off(today)
    if_kept = before * MULTIPLIER + (1.0 - MULTIPLIER)
    # A missed working day costs score unless a freeze covers it.
    if_missed = before if off_today is not None or freezes_before > 0 else before * MULTIPLIER
    today_kept = today in kept
    if today_kept:
        walker.step(today, True)
        today_state = DayState.KEPT
    else:
        today_state = off_today or DayState.PENDING
    current = walker.run
    milestone = current if today_kept and current in MILESTONES else None
    until = _days_until_break(
        today if not today_kept else today + timedelta(days=1), today, walker.freezes, rules
    )
    return StreakStatus(
        current=current,
        best=walker.best,
        today_kept=today_kept,
        days_until_break=until,
        freezes=walker.freezes,
        score=min(1.0, max(0.0, walker.score)),
        at_risk=current > 0 and not today_kept and until == 0,
        milestone=milestone,
        kept_days=kept,
        today=today,
        today_state=today_state,
        score_before_today=before,
        score_if_missed=if_missed,
        score_if_kept=if_kept,
        next_freeze_in=FREEZE_EVERY - walker.progress,
    )


def _days_until_break(first: date, today: date, freezes: int, rules: StreakRules) -> int:
    """Days from ``today`` to the first working day no freeze can cover."""
    day = first
    one = timedelta(days=1)
    for _ in range(_HORIZON):
        if rules.off(day) is None:
            if freezes == 0:
                break
            freezes -= 1
        day += one
    return (day - today).days


# --- explaining and drawing ---------------------------------------------------------


def percent(score: float) -> int:
    """A score as a whole percentage, as shown everywhere."""
    return round(score * 100)


def today_mark(state: StreakStatus) -> str:
    """What today is, for a one-line status: "kept", "risk" (the run ends tonight
    without an action), "off" (a rest or vacation day) or "open"."""
    if state.today_kept:
        return "kept"
    if state.at_risk:
        return "risk"
    if state.today_state in (DayState.REST, DayState.VACATION):
        return "off"
    return "open"


def explain(state: StreakStatus) -> str:
    """One line saying what missing today would do to the score."""
    now = percent(state.score)
    if state.today_kept:
        return (
            f"Today is kept: your score rose from {percent(state.score_before_today)}% to {now}%."
        )
    lifted = percent(state.score_if_kept)
    if state.today_state is DayState.REST:
        return f"Today is a rest day: missing it leaves your score at {now}%; acting lifts it to {lifted}%."
    if state.today_state is DayState.VACATION:
        return f"You are on vacation: missing today leaves your score at {now}%; acting lifts it to {lifted}%."
    if state.freezes > 0:
        return f"Miss today and a freeze covers it: your score stays at {now}%; acting lifts it to {lifted}%."
    return f"Miss today and your score drops from {now}% to {percent(state.score_if_missed)}%."


REVIEW_KEEPS_THE_DAY = "Nothing is due: opening the review keeps the day."
"""Said on the board's status line and by ``tracker streak`` when it applies (:func:`review_hint`)."""


def review_hint(state: StreakStatus, *, due: int, on_board: int) -> str | None:
    """:data:`REVIEW_KEEPS_THE_DAY` when there are cards on the board, none of them is
    due, and today is a working day not kept yet (a review finished with nothing left
    due keeps it); else None. ``due`` and ``on_board`` count cards."""
    if on_board and not due and state.today_state is DayState.PENDING:
        return REVIEW_KEEPS_THE_DAY
    return None


def day_states(
    events: Iterable[Event | dict[str, Any]],
    today: date,
    rules: StreakRules,
    start: date,
    end: date,
) -> dict[date, DayState]:
    """The state of every day from ``start`` to ``end`` (inclusive, oldest first), for a heatmap."""
    return day_states_from_days(kept_days(events), today, rules, start, end)


def day_states_from_days(
    kept: frozenset[date], today: date, rules: StreakRules, start: date, end: date
) -> dict[date, DayState]:
    """:func:`day_states` for kept days already extracted with :func:`kept_days`."""
    walked: dict[date, DayState] = {}
    _walk(kept, today, rules, walked)
    out: dict[date, DayState] = {}
    for day in _days(start, end):
        if day > today:
            out[day] = DayState.FUTURE
        elif day in kept:
            out[day] = DayState.KEPT
        elif day == today:
            out[day] = rules.off(day) or DayState.PENDING
        else:
            out[day] = walked.get(day) or rules.off(day) or DayState.NONE
    return out


def actions_per_week(
    events: Iterable[Event | dict[str, Any]], today: date, weeks: int = 52
) -> list[tuple[date, int]]:
    """Follow-up actions (not undone) per week, as (Monday, count), oldest first.

    Covers the ``weeks`` weeks ending with today's week, empty weeks included.
    """
    counts: dict[date, int] = {}
    labels: list[tuple[Any, Any]] = []
    undone: set[Any] = set()
    for event in events:
        _one(event, labels, undone)
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(weeks=weeks - 1)
    for event_id, label in labels:
        if event_id in undone:
            continue
        day = _as_day(label)
        monday = day - timedelta(days=day.weekday())
        if first_monday <= monday <= this_monday:
            counts[monday] = counts.get(monday, 0) + 1
    return [
        (monday, counts.get(monday, 0))
        for monday in (first_monday + timedelta(weeks=n) for n in range(weeks))
    ]


class FunnelRow(msgspec.Struct, frozen=True):
    """How many opportunities got this far."""

    key: str
    """A stage value (thank_you, feedback, monitor, coffee) or "offer"."""
    title: str
    count: int


class Funnel(msgspec.Struct, frozen=True):
    """Opportunities that reached each stage, plus offers."""

    total: int
    rows: tuple[FunnelRow, ...] = msgspec.field(default_factory=tuple)

    def count(self, key: str) -> int:
        for row in self.rows:
            if row.key == key:
                return row.count
        raise KeyError(key)


def funnel(
    opportunities: Iterable[Opportunity] | Mapping[str, Opportunity],
    cards: Iterable[Card] | Mapping[str, Card],
) -> Funnel:
    """Count the opportunities that reached Thank-you, Feedback, Monitor, Coffee, and offers.

    Every opportunity starts at Thank-you. A card's current stage says how far
    it got (cards only move back by hand); a ghosted opportunity skipped
    Feedback. Archived and done cards count as far as they got.
    """
    opps = (
        list(opportunities.values()) if isinstance(opportunities, Mapping) else list(opportunities)
    )
    all_cards = cards.values() if isinstance(cards, Mapping) else cards
    furthest: dict[str, Stage] = {}
    for card in all_cards:
        seen = furthest.get(card.opportunity_id)
        if seen is None or card.stage.index > seen.index:
            furthest[card.opportunity_id] = card.stage
    reached = dict.fromkeys(STAGES, 0)
    offers = 0
    for opp in opps:
        stage = furthest.get(opp.id, Stage.THANK_YOU)
        for candidate in STAGES[: stage.index + 1]:
            if candidate is Stage.FEEDBACK and opp.outcome is Outcome.GHOSTED:
                continue
            reached[candidate] += 1
        offers += opp.outcome is Outcome.OFFER
    rows = [FunnelRow(s.value, STAGE_TITLES[s], reached[s]) for s in STAGES]
    rows.append(FunnelRow("offer", "Offer", offers))
    return Funnel(total=len(opps), rows=tuple(rows))

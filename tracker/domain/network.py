"""The network: everyone met stays in touch after their card is done.

Pure rules over the records (no event log, no clock: ``today`` is a parameter).

- A person is **in the network** when they are on at least one card and every card
  they are on is done or archived. People on a card still on the board get no
  touch: that card's checklist covers them.
- Their **last contact** is the latest of: the day of the last interaction logged
  with them (a reply, feedback, a meeting's notes, a note), the day of their last
  touch done or skipped (both stamped on the person as ``contacted``), and the
  day the latest of their cards ended (``Card.ended``: the day it was done or
  archived; for a card finished before that day was kept, its outcome day, else
  its last interview).
- Their **cadence** is their own (``Person.every``: days; 0 is never) or, when
  they have none, the config's ``[network] every`` (default 90; 0 is never).
- A **touch** is due from ``last contact + cadence``, or from the day a snooze
  ends when that is later (``Person.touch_snoozed``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tracker.domain.errors import DomainError
from tracker.domain.model import ON_BOARD, Card, Opportunity, Person, State

DEFAULT_EVERY = 90
"""Days between touches when neither the person nor the config says otherwise."""
MAX_EVERY = 3650
"""The longest cadence, in days (ten years)."""
NEVER_WORDS = ("never", "off")
EVERY_FORMS = '60d, 8w, 60 (days), "never" or "default"'
"""The accepted forms of a cadence, for refusals."""
_EVERY = re.compile(r"^(\d{1,5})\s*([dw]?)$")

DEFAULT = object()
"""What :func:`parse_every` returns for "default": the person follows the config."""


def parse_every(word: str) -> int | object:
    """A cadence as typed: days (``60d``, ``60``), weeks (``8w``), ``never`` (0) or
    ``default`` (:data:`DEFAULT`). ``0d`` and anything else are refused, naming the forms."""
    text = word.strip().lower()
    if text in NEVER_WORDS:
        return 0
    if text == "default":
        return DEFAULT
    match = _EVERY.match(text)
    days = 0
    if match:
        days = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
    if not match or not 0 < days <= MAX_EVERY:
        raise DomainError(
            f"{word.strip()!r} is not a keep-in-touch cadence; use {EVERY_FORMS}, "
            f"at most {MAX_EVERY} days."
        )
    return days


def every_words(every: int | None) -> str:
    """A person's cadence in words: "every 60d", "never", "default"."""
    if every is None:
        return "default"
    return "never" if every == 0 else f"every {every}d"


def card_end(card: Card, opp: Opportunity) -> date:
    """The day a done or archived card ended (see the module's docstring)."""
    if card.ended is not None:
        return card.ended
    return opp.outcome_on or opp.last_interview


@dataclass(frozen=True, slots=True)
class Standing:
    """What the cards say about one person: whether one is on the board, and the day
    the latest of their finished cards ended (None when none has)."""

    on_board: bool
    ended: date | None


def standings(
    cards: Iterable[Card], opportunities: Mapping[str, Opportunity]
) -> dict[str, Standing]:
    """Every person on a card, by id."""
    on_board: set[str] = set()
    ended: dict[str, date] = {}
    for card in cards:
        opp = opportunities.get(card.opportunity_id)
        if opp is None:
            continue
        people = {link.person_id for link in opp.people}
        if card.state in ON_BOARD:
            on_board |= people
            continue
        end = card_end(card, opp)
        for person_id in people:
            if person_id not in ended or ended[person_id] < end:
                ended[person_id] = end
    return {
        person_id: Standing(person_id in on_board, ended.get(person_id))
        for person_id in on_board | set(ended)
    }


def standings_from_docs(
    cards: Iterable[dict[str, Any]], opportunities: Mapping[str, dict[str, Any]]
) -> dict[str, Standing]:
    """:func:`standings` from the stored documents, building no record: the prompt
    summary counts touches with it at every commit (tested to agree with :func:`standings`)."""
    live = {state.value for state in ON_BOARD}
    on_board: set[str] = set()
    ended: dict[str, str] = {}
    for doc in cards:
        opp = opportunities.get(doc["opportunity"])
        if opp is None:
            continue
        people = {link["person"] for link in opp.get("people", ())}
        if not people:
            continue
        if doc["state"] in live:
            on_board |= people
            continue
        end = doc.get("ended") or opp.get("outcome_on") or max(opp["interviews"])
        for person_id in people:
            if person_id not in ended or ended[person_id] < end:  # ISO days sort as text
                ended[person_id] = end
    return {
        person_id: Standing(
            person_id in on_board,
            date.fromisoformat(ended[person_id]) if person_id in ended else None,
        )
        for person_id in on_board | set(ended)
    }


@dataclass(frozen=True, slots=True)
class Touch:
    """A keep-in-touch check-in with one person of the network."""

    person: Person
    last_contact: date
    every: int
    """The cadence in force, in days (never 0: a person with none has no touch)."""
    due_on: date

    @property
    def label(self) -> str:
        return f"Check in with {self.person.name}"

    def days_overdue(self, today: date) -> int:
        return (today - self.due_on).days

    def is_due(self, today: date) -> bool:
        return self.due_on <= today

    def to_json(self, today: date) -> dict[str, Any]:
        return {
            "person": self.person.id,
            "short_id": self.person.id[:6],
            "name": self.person.name,
            "company": self.person.company,
            "last_contact": self.last_contact.isoformat(),
            "every": self.every,
            "due_on": self.due_on.isoformat(),
            "days_overdue": self.days_overdue(today),
        }


def cadence(person: Person, default_every: int) -> int:
    """The days between ``person``'s touches; 0 is never."""
    return default_every if person.every is None else person.every


def touch_for(person: Person, standing: Standing | None, default_every: int) -> Touch | None:
    """``person``'s next touch, due or not; None when they are not in the network
    (on no finished card, or on a card still on the board) or their cadence is never."""
    if standing is None or standing.on_board:
        return None
    every = cadence(person, default_every)
    if every <= 0:
        return None
    known = [d for d in (person.contacted, standing.ended) if d is not None]
    if not known:
        return None
    last = max(known)
    due_on = last + timedelta(days=every)
    if person.touch_snoozed is not None and person.touch_snoozed > due_on:
        due_on = person.touch_snoozed
    return Touch(person, last, every, due_on)


def touches(
    people: Iterable[Person],
    cards: Iterable[Card],
    opportunities: Mapping[str, Opportunity],
    default_every: int,
) -> list[Touch]:
    """Every next touch of the network, due or not, the earliest first (then by name)."""
    known = standings(cards, opportunities)
    found = [
        touch
        for person in people
        if (touch := touch_for(person, known.get(person.id), default_every)) is not None
    ]
    found.sort(key=lambda t: (t.due_on, t.person.name.casefold(), t.person.id))
    return found


def due_touches(
    people: Iterable[Person],
    cards: Iterable[Card],
    opportunities: Mapping[str, Opportunity],
    default_every: int,
    today: date,
) -> list[Touch]:
    """The touches due ``today``, most overdue first."""
    return [t for t in touches(people, cards, opportunities, default_every) if t.is_due(today)]


def ended_state(before: State, after: State) -> bool | None:
    """Whether a card's change of state ended it (True), brought it back (False), or
    neither (None): the store keeps :attr:`Card.ended` with it."""
    was, now = before in ON_BOARD, after in ON_BOARD
    if was and not now:
        return True
    if now and not was:
        return False
    return None

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
from datetime import date, timedelta
from typing import Any, NamedTuple

import msgspec

from tracker.domain.errors import DomainError
from tracker.domain.model import ON_BOARD, Card, Opportunity, Person, State
from tracker.domain.templates import Context

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


class Standing(NamedTuple):
    """What the cards say about one person on a finished card: whether they are also on
    a card on the board, and the day the latest of their finished cards ended."""

    on_board: bool
    ended: date


def standings(
    cards: Iterable[Card], opportunities: Mapping[str, Opportunity]
) -> dict[str, Standing]:
    """Every person on a finished card, by id (people only on cards on the board are
    left out: they get no touch)."""
    ended: dict[str, date] = {}
    live: list[Opportunity] = []
    for card in cards:
        opp = opportunities.get(card.opportunity_id)
        if opp is None or not opp.people:
            continue
        if card.state in ON_BOARD:
            live.append(opp)
            continue
        end = card_end(card, opp)
        for link in opp.people:
            if link.person_id not in ended or ended[link.person_id] < end:
                ended[link.person_id] = end
    on_board = {link.person_id for opp in live for link in opp.people} if ended else set()
    return {person_id: Standing(person_id in on_board, end) for person_id, end in ended.items()}


def ends_from_docs(
    cards: Iterable[dict[str, Any]], opportunities: Mapping[str, dict[str, Any]]
) -> tuple[dict[str, str], set[str]]:
    """:func:`standings` from the stored documents, building no record: the day (ISO)
    the latest finished card of each person on one ended, and which of them are also
    on a card on the board. The prompt summary counts touches with it at every commit."""
    live_states = {state.value for state in ON_BOARD}
    ended: dict[str, str] = {}  # ISO days, which sort as text
    live: list[Any] = []
    for doc in cards:
        opp = opportunities.get(doc["opportunity"])
        if opp is None:
            continue
        links = opp.get("people")
        if not links:
            continue
        if doc["state"] in live_states:
            live.append(links)
            continue
        end = doc.get("ended") or opp.get("outcome_on") or max(opp["interviews"])
        for link in links:
            person_id = link["person"]
            if person_id not in ended or ended[person_id] < end:
                ended[person_id] = end
    if not ended:
        return {}, set()
    return ended, {link["person"] for links in live for link in links}


def standings_from_docs(
    cards: Iterable[dict[str, Any]], opportunities: Mapping[str, dict[str, Any]]
) -> dict[str, Standing]:
    """:func:`standings`, from the stored documents (tested to agree with it)."""
    ended, on_board = ends_from_docs(cards, opportunities)
    return {
        person_id: Standing(person_id in on_board, date.fromisoformat(end))
        for person_id, end in ended.items()
    }


def due_on_from_doc(doc: dict[str, Any], ended: date, default_every: int) -> date | None:
    """The day the touch of the person stored as ``doc``, in the network since ``ended``
    and on no card on the board, is due: ``touch_for(Person.from_doc(doc), Standing(False,
    ended), default_every).due_on`` (None: no touch), without building the person."""
    every = doc.get("every")
    if every is None:
        every = default_every
    if every <= 0:
        return None
    last = ended
    contacted = doc.get("contacted")
    if contacted:
        last = max(last, date.fromisoformat(contacted))
    due = last + timedelta(days=every)
    snoozed = doc.get("touch_snoozed")
    if snoozed:
        due = max(due, date.fromisoformat(snoozed))
    return due


class Touch(msgspec.Struct, frozen=True):
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
    last = standing.ended
    if person.contacted is not None and person.contacted > last:
        last = person.contacted
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
    found.sort(key=by_due)
    return found


def by_due(touch: Touch) -> tuple[date, str, str]:
    """The order of touches: the earliest due (the most overdue) first, then by name."""
    return touch.due_on, touch.person.name.casefold(), touch.person.id


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


def touch_context(touch: Touch, latest: Opportunity | None, my_name: str = "") -> Context:
    """What the ``check_in`` draft can say: the person, and the latest interview they
    were part of (its company, role and day; the person's company when there is none)."""
    person = touch.person
    day = latest.last_interview if latest is not None else None
    return Context(
        name=person.name,
        company=latest.company if latest is not None else person.company,
        role=latest.role if latest is not None else "",
        interview_day=f"{day.strftime('%A')} {day.day} {day.strftime('%B')}" if day else "",
        highlight=person.highlight,
        my_name=my_name,
    )

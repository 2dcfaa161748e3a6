"""The People screen's listing: everyone, grouped by company, with their role, the last
interaction with them and their next keep-in-touch check-in.

Pure: the people with their cards, the touches and the interactions are given, and
"today" is a parameter.

- A person is listed under their own company (:attr:`Person.company`, set from the
  card they were first met on), else the company of their latest card; people with
  neither are under "No company", last. Companies are matched ignoring case and
  repeated spaces (:func:`tracker.domain.capture.company_key`, as the prep page and
  "apply again" match them) and ordered by name; people by name inside each.
- Their **role**: their title, then their roles on their cards (latest card first).
- Their **last interaction**: the last one logged with them (a reply, feedback, a
  meeting's notes, a note, a check-in's note): "feedback 2026-02-27"; or a later
  check-in done or skipped without a note: "check-in 2026-06-01".
- Their **next check-in**: when it is due, in the board's words ("3d overdue",
  "today", "in 12d"), and its state: overdue, today, soon (within
  :data:`SOON_DAYS`), later; none when they are on a card still on the board, when
  their cadence is never, or when they are on no card.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import msgspec

from tracker.domain.capture import company_key
from tracker.domain.dates import humanize_due
from tracker.domain.model import ON_BOARD, Person, Role
from tracker.domain.network import Touch
from tracker.domain.people import ROLE_WORDS, Interaction
from tracker.domain.views import CardView

SOON_DAYS = 14
"""A check-in due within this many days is "soon"."""

NO_COMPANY = "No company"
"""The heading of the people with no company."""

OVERDUE, TODAY, SOON, LATER, NONE = "overdue", "today", "soon", "later", "none"
"""The due states of a check-in."""


class Contact(msgspec.Struct, frozen=True):
    """One person on the People screen."""

    person: Person
    company: str
    """The company they are listed under ("" for none)."""
    roles: tuple[str, ...]
    """Their roles on their cards in words, latest card first, each once."""
    on_board: bool
    """On a card still on the board (its checklist covers them: no check-in)."""
    last: Interaction | None
    touch: Touch | None

    def role_words(self) -> str:
        """ "VP Engineering · hiring manager", "interviewer", or ""."""
        return " · ".join(x for x in (self.person.title, ", ".join(self.roles)) if x)

    def last_words(self) -> str:
        """ "feedback 2026-02-27"; "check-in 2026-06-01" when a check-in (done or skipped,
        which stamps ``Person.contacted`` and logs no interaction unless noted) came
        later; "—" when there was neither."""
        contacted = self.person.contacted
        if contacted is not None and (self.last is None or contacted > self.last.day):
            return f"check-in {contacted.isoformat()}"
        if self.last is None:
            return "—"
        return f"{self.last.kind} {self.last.day.isoformat()}"

    def due_state(self, today: date) -> str:
        """overdue, today, soon, later or none (see the module's docstring)."""
        if self.touch is None:
            return NONE
        gap = (self.touch.due_on - today).days
        if gap < 0:
            return OVERDUE
        if gap == 0:
            return TODAY
        return SOON if gap <= SOON_DAYS else LATER

    def next_words(self, today: date) -> str:
        """When the next check-in is due: "3d overdue", "today", "in 85d"; else why there
        is none: "on the board", "never", or "—"."""
        if self.touch is not None:
            return humanize_due(self.touch.due_on, today)
        if self.on_board:
            return "on the board"
        if self.person.every == 0:
            return "never"
        return "—"


class Group(msgspec.Struct, frozen=True):
    """A company and the people listed under it."""

    company: str
    """As first spelled among them; "" for the people with no company."""
    contacts: tuple[Contact, ...]

    @property
    def title(self) -> str:
        return self.company or NO_COMPANY

    def due(self, today: date) -> int:
        """How many of its people have a check-in due today or overdue."""
        return sum(c.due_state(today) in (OVERDUE, TODAY) for c in self.contacts)


def directory(
    everyone: Iterable[tuple[Person, Sequence[tuple[CardView, Role]]]],
    touches: Iterable[Touch],
    said: Iterable[Interaction],
) -> list[Group]:
    """Everyone by company (see the module's docstring). ``everyone``: each person with
    their cards, oldest interview first (``Repository.people_on_cards``); ``said``: the
    interactions, oldest first."""
    by_person = {touch.person.id: touch for touch in touches}
    last: dict[str, Interaction] = {}
    for interaction in said:
        last[interaction.person_id] = interaction
    groups: dict[str, list[Contact]] = {}
    spelled: dict[str, str] = {}
    for person, cards in everyone:
        latest = cards[-1][0].company if cards else ""
        company = " ".join((person.company or latest).split())
        roles = tuple(dict.fromkeys(ROLE_WORDS[role] for _, role in reversed(cards)))
        contact = Contact(
            person=person,
            company=company,
            roles=roles,
            on_board=any(view.card.state in ON_BOARD for view, _ in cards),
            last=last.get(person.id),
            touch=by_person.get(person.id),
        )
        key = company_key(company)
        spelled.setdefault(key, company)
        groups.setdefault(key, []).append(contact)
    ordered = sorted(groups, key=lambda key: (key == "", key))
    return [
        Group(
            spelled[key],
            tuple(sorted(groups[key], key=lambda c: (c.person.name.casefold(), c.person.id))),
        )
        for key in ordered
    ]


def narrowed(groups: Iterable[Group], needle: str) -> list[Group]:
    """The groups as a filter leaves them: a company whose name matches keeps everyone;
    another keeps the people whose name matches; a group left empty goes."""
    text = " ".join(needle.split()).casefold()
    if not text:
        return list(groups)
    out = []
    for group in groups:
        if text in group.company.casefold():
            out.append(group)
            continue
        kept = tuple(c for c in group.contacts if text in c.person.name.casefold())
        if kept:
            out.append(Group(group.company, kept))
    return out

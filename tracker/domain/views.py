"""What a card looks like to a person: its next action, due words, urgency order.

A :class:`CardView` joins a card with its opportunity and people so the CLI
and the board show the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from tracker.domain.dates import humanize_due
from tracker.domain.model import (
    CAN_BE_DUE,
    Card,
    Item,
    ItemStatus,
    Opportunity,
    Person,
    Stage,
    State,
)
from tracker.domain.rules import ACTIONS, NUDGE_ACTIONS
from tracker.domain.templates import Context


class Due(StrEnum):
    """How pressing a card is today; the board colours by this."""

    OVERDUE = "overdue"
    """Past its deadline (hard, red)."""
    PAST_TARGET = "past_target"
    """Past its target but not its deadline (soft, amber)."""
    TODAY = "today"
    ON_TRACK = "on_track"
    NONE = "none"
    """Nothing dated to do: waiting, snoozed, done or archived."""


def due_status(card: Card, today: date) -> Due:
    """Classify a card against ``today``."""
    if card.state not in CAN_BE_DUE or card.target is None:
        return Due.NONE
    if card.deadline is not None and card.deadline < today:
        return Due.OVERDUE
    if card.target < today:
        return Due.PAST_TARGET
    if card.target == today:
        return Due.TODAY
    return Due.ON_TRACK


DUE_NOW = frozenset({Due.OVERDUE, Due.PAST_TARGET, Due.TODAY})
"""The statuses that count as due: today or overdue."""


def is_due(card: Card, today: date) -> bool:
    """Due today or overdue, and not hidden by a snooze."""
    return due_status(card, today) in DUE_NOW


def due_from(card: Card) -> date | None:
    """The first day :func:`is_due` holds for ``card`` as it stands (None: never), for
    counting many days at once: ``is_due(card, day)`` is ``day >= due_from(card)``.
    Due on the target day, or past the deadline, whichever comes first."""
    if card.state not in CAN_BE_DUE or card.target is None:
        return None
    if card.deadline is not None and card.deadline + timedelta(days=1) < card.target:
        return card.deadline + timedelta(days=1)
    return card.target


def due_once_settled(card: Card, today: date) -> bool:
    """Whether ``card`` is due today once the passing of time is applied (a snooze that
    ends, a stage that starts: see ``rules.settle``), without applying it, for commands
    that only read. A stage that starts today counts as due."""
    if card.state is State.SNOOZED and card.snoozed_until and card.snoozed_until <= today:
        return card.target is not None and card.target <= today
    if (
        card.state is State.WAITING
        and card.next_stage_on is not None
        and card.next_stage_on <= today
        and card.stage is not Stage.COFFEE
    ):
        return True
    return is_due(card, today)


DUE_RANK = {Due.OVERDUE: 0, Due.PAST_TARGET: 1, Due.TODAY: 2, Due.ON_TRACK: 3, Due.NONE: 4}
"""Most urgent first: the rank inside :func:`urgency_key`."""


def days_late(card: Card, today: date, status: Due | None = None) -> int:
    """How late a card is: days past its deadline once overdue, else days past its
    target (0 on the day, negative while it is ahead). The days its due words say."""
    if status is None:
        status = due_status(card, today)
    if status is Due.OVERDUE and card.deadline is not None:
        return (today - card.deadline).days
    if card.target is not None:
        return (today - card.target).days
    return 0


def urgency_key(card: Card, today: date, status: Due | None = None) -> tuple[Any, ...]:
    """The one order of cards: the board's columns, ``tracker due`` and the review.

    Past the deadline, past the target, due today, on track, nothing dated (snoozed
    cards last); within each, the most days late first (on track: the nearest target
    first); then by stage (Thank-you first); then the oldest card; then the id.
    ``status`` is ``due_status(card, today)`` when the caller has it already.
    """
    if status is None:
        status = due_status(card, today)
    return (
        card.state is State.SNOOZED,
        DUE_RANK[status],
        -days_late(card, today, status),
        card.stage.index,
        card.created_at,
        card.id,
    )


def due_words(target: date, deadline: date | None, today: date) -> str:
    """When something is due, in the board's words: "3d overdue" (past the deadline),
    "1d late, deadline tomorrow" (past the target), "today", "tomorrow", "in 3d".
    Cards and their checklist items say it alike."""
    if deadline is not None and deadline < today:
        return f"{(today - deadline).days}d overdue"
    if target < today and deadline is not None:
        return f"{(today - target).days}d late, deadline {humanize_due(deadline, today)}"
    return humanize_due(target, today)


class CardView:
    """A card with the opportunity and people it refers to.

    They are given, or found on first use by ``resolve(card)``: a board of
    10,000 cards sorts by the cards alone and draws only a few dozen, so the
    rest never need theirs.
    """

    __slots__ = ("card", "_opportunity", "_people", "_resolve")

    def __init__(
        self,
        card: Card,
        opportunity: Opportunity | None = None,
        people: Mapping[str, Person] | None = None,
        *,
        resolve: Callable[[Card], tuple[Opportunity, Mapping[str, Person]]] | None = None,
    ) -> None:
        if opportunity is None and resolve is None:
            raise TypeError("a CardView needs its opportunity or a way to resolve it")
        if opportunity is not None and people is None:
            people = {}
        self.card = card
        self._opportunity = opportunity
        self._people = people
        self._resolve = resolve

    def _load(self) -> None:
        assert self._resolve is not None
        self._opportunity, self._people = self._resolve(self.card)
        self._resolve = None

    @property
    def opportunity(self) -> Opportunity:
        if self._opportunity is None:
            self._load()
        assert self._opportunity is not None
        return self._opportunity

    @property
    def people(self) -> Mapping[str, Person]:
        if self._people is None:
            self._load()
        assert self._people is not None
        return self._people

    def __repr__(self) -> str:
        return f"CardView(card={self.card.id!r}, company={self.company!r})"

    @property
    def company(self) -> str:
        return self.opportunity.company

    @property
    def role(self) -> str:
        return self.opportunity.role

    def person_name(self, item: Item) -> str:
        if item.person_id is None:
            return ""
        person = self.people.get(item.person_id)
        return person.name if person else ""

    def template_context(self, item: Item, my_name: str = "") -> Context:
        """What a draft for ``item`` can say; ``my_name`` signs it (``[profile] name``)."""
        person = self.people.get(item.person_id) if item.person_id else None
        day = self.opportunity.last_interview
        return Context(
            name=person.name if person else "",
            company=self.company,
            role=self.role,
            interview_day=f"{day.strftime('%A')} {day.day} {day.strftime('%B')}",
            highlight=person.highlight if person else "",
            my_name=my_name,
        )

    def open_items(self) -> list[Item]:
        """Open items in the order to do them: required first, then status checks and
        nudges, then optional extras; earliest target first within each."""
        return [item for _, item in sorted(_open_ranked(self.card.items))]

    def next_item(self) -> Item | None:
        """The open item to do first."""
        return min(_open_ranked(self.card.items), default=(None, None))[1]

    def next_action(self) -> str:
        """One line: the next thing to do and for whom."""
        return self._action_words(self.next_item())

    def _action_words(self, item: Item | None) -> str:
        """:meth:`next_action` when ``item`` is the next item."""
        card = self.card
        if item is not None:
            name = self.person_name(item)
            return f"{ACTIONS.get(item.action, item.action)}" + (f" — {name}" if name else "")
        if card.state is State.DONE:
            return f"Done ({self.opportunity.outcome.value})"
        if card.state is State.ARCHIVED:
            return "Archived"
        if card.next_stage_on is not None and card.stage is not Stage.COFFEE:
            from tracker.domain.model import STAGES

            upcoming = STAGES[card.stage.index + 1]
            day = card.next_stage_on
            return f"{upcoming.title} from {day.day} {day:%b}"  # short: a board card shows it whole
        if card.stage is Stage.THANK_YOU:
            return "Waiting for the decision; log it, or mark it ghosted"
        return "Nothing left to do"

    def due_words(self, today: date) -> str:
        card = self.card
        if card.state is State.SNOOZED and card.snoozed_until:
            return f"snoozed to {card.snoozed_until.isoformat()}"
        if card.state in (State.DONE, State.ARCHIVED):
            return card.state.value
        if card.target is None:
            return "waiting"
        return due_words(card.target, card.deadline, today)

    def state_and_due(self, today: date) -> list[str]:
        """The state and the due words, the state said once: ["active", "in 3d"],
        ["waiting"], ["snoozed to 2026-03-09"], ["done"]."""
        words = self.due_words(today)
        state = self.card.state.value
        return [words] if words.startswith(state) else [state, words]

    def to_json(self, today: date) -> dict[str, Any]:
        """The stable ``--json`` shape of a card."""
        # Written for speed (`tracker list --json` makes one per card): names looked up
        # once, each day's text made once (see _iso), enum values read without the
        # ``.value`` descriptor, no method calls per item.
        card, opp = self.card, self.opportunity
        ranked = _open_ranked(card.items)
        names = {pid: person.name for pid, person in self.people.items()}
        iso, day_text, open_ = _ISO.get, _iso, ItemStatus.OPEN
        label, name = ACTIONS.get, names.get
        items = [
            {
                "number": n,
                "id": item.id,
                "action": item.action,
                "label": label(item.action, item.action),
                "person": (name(item.person_id) if item.person_id is not None else None) or None,
                "target": iso(item.target) or day_text(item.target),
                "deadline": iso(item.deadline) or day_text(item.deadline),
                "optional": item.optional,
                "done": item.status is not open_,
                "status": item.status._value_,
                "reason": item.reason,
            }
            for n, item in enumerate(card.items, start=1)
        ]
        return {
            "id": card.id,
            "short_id": card.id[:6],
            "company": opp.company,
            "role": opp.role,
            "stage": card.stage._value_,
            "state": card.state._value_,
            "target": _iso_or_none(card.target),
            "deadline": _iso_or_none(card.deadline),
            "due": due_status(card, today)._value_,
            "snoozed_until": _iso_or_none(card.snoozed_until),
            "next_stage_on": _iso_or_none(card.next_stage_on),
            "outcome": opp.outcome._value_,
            "interviews": [day_text(d) for d in opp.interviews],
            "decision_by": _iso_or_none(opp.decision_by),
            "progress": [len(items) - len(ranked), len(items)],
            "next_action": self._action_words(min(ranked)[1] if ranked else None),
            "people": [
                {"id": link.person_id, "name": name(link.person_id, ""), "role": link.role._value_}
                for link in opp.people
            ],
            "items": items,
            "notes": card.notes,
        }


_ISO: dict[date, str] = {}


def _iso(day: date) -> str:
    """``day.isoformat()``, made once per day (a home's records share few days)."""
    text = _ISO.get(day)
    if text is None:
        if len(_ISO) > 100_000:
            _ISO.clear()
        text = _ISO[day] = day.isoformat()
    return text


def _iso_or_none(day: date | None) -> str | None:
    return None if day is None else _iso(day)


def _open_ranked(items: list[Item]) -> list[tuple[tuple[Any, ...], Item]]:
    """The open ones of ``items``, each after its rank in the order to do them (see
    :meth:`CardView.open_items`); no two ranks are equal (the last part is the position)."""
    return [
        ((item.optional and item.action not in NUDGE_ACTIONS, item.optional, item.target, n), item)
        for n, item in enumerate(items)
        if item.status is ItemStatus.OPEN
    ]

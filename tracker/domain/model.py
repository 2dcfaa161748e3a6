"""The entities: opportunities, people, cards with checklists, and events.

Each record has a stable id and converts to and from a plain JSON document
(``to_doc`` / ``from_doc``); dates travel as ISO strings. A card's checklist
travels as JSON text inside its document (see :class:`Card`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any

import msgspec


class Stage(StrEnum):
    """The four board columns, in order."""

    THANK_YOU = "thank_you"
    FEEDBACK = "feedback"
    MONITOR = "monitor"
    COFFEE = "coffee"

    @property
    def title(self) -> str:  # type: ignore[override]  # a column heading, not str.title()
        """The column heading."""
        return STAGE_TITLES[self]

    @property
    def index(self) -> int:  # type: ignore[override]  # board position, not str.index()
        """Position on the board, 0 for Thank-you."""
        return STAGES.index(self)


STAGES: tuple[Stage, ...] = tuple(Stage)
STAGE_TITLES = {
    Stage.THANK_YOU: "Thank-you",
    Stage.FEEDBACK: "Feedback",
    Stage.MONITOR: "Monitor",
    Stage.COFFEE: "Coffee",
}


class State(StrEnum):
    """Where a card is in its life."""

    ACTIVE = "active"
    WAITING = "waiting"
    SNOOZED = "snoozed"
    DONE = "done"
    ARCHIVED = "archived"


ON_BOARD = (State.ACTIVE, State.WAITING, State.SNOOZED)
"""The states of a card that is on the board: not done, not archived."""

CAN_BE_DUE = (State.ACTIVE, State.WAITING)
"""The states whose dated items count as due: a snoozed card waits for its day."""


class Outcome(StrEnum):
    """The decision on an opportunity."""

    PENDING = "pending"
    REJECTED = "rejected"
    OFFER = "offer"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"


class Role(StrEnum):
    """How a person is linked to an opportunity."""

    INTERVIEWER = "interviewer"
    HIRING_MANAGER = "hiring_manager"
    COORDINATOR = "coordinator"
    RECRUITER = "recruiter"
    REFERRAL = "referral"
    HIRED = "hired"


class ItemStatus(StrEnum):
    """Whether a checklist item is still to do."""

    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"


def compact(doc: dict[str, Any], keep: tuple[str, ...] = ("id",)) -> dict[str, Any]:
    """Drop empty and default fields (None, "", False, []) so the file stays small."""
    return {
        k: v
        for k, v in doc.items()
        if k in keep
        or not (v is None or v is False or (isinstance(v, str | list | dict) and not v))
    }


_DATES: dict[str, date] = {}


def _day(value: str) -> date:
    """An ISO date, parsed once per distinct string (records share few distinct days)."""
    found = _DATES.get(value)
    if found is None:
        if len(_DATES) > 100_000:
            _DATES.clear()
        found = _DATES[value] = date.fromisoformat(value)
    return found


def _d(value: str | None) -> date | None:
    return _day(value) if value else None


def _lookup(enum: type[StrEnum]) -> dict[str, Any]:
    """value -> member, a plain dict lookup instead of the slower Enum(value) call."""
    return {member.value: member for member in enum}


_STAGE = _lookup(Stage)
_STATE = _lookup(State)
_OUTCOME = _lookup(Outcome)
_ROLE = _lookup(Role)
_STATUS = _lookup(ItemStatus)


def _member(table: dict[str, Any], enum: type[StrEnum], value: str) -> Any:
    found = table.get(value)
    return found if found is not None else enum(value)  # raises ValueError for a bad value


def _text(doc: dict[str, Any], key: str, default: str | None = None) -> str:
    """``doc[key]`` when it is text; a ``TypeError`` naming the field otherwise (a
    number where a company belongs came in with an import; the store calls it damage)."""
    value = doc[key] if default is None else doc.get(key, default)
    if type(value) is not str:
        raise TypeError(f"the {key} {value!r} is not text")
    return value


def _ids(doc: dict[str, Any], key: str) -> list[str]:
    """``doc[key]`` when it is a list of ids (text); a ``TypeError`` naming the field
    otherwise; missing, an empty list."""
    value = doc.get(key, [])
    if type(value) is not list or any(type(x) is not str for x in value):
        raise TypeError(f"the {key} {value!r} is not a list of ids")
    return list(value)


def _s(value: date | None) -> str | None:
    return value.isoformat() if value else None


class Person(msgspec.Struct):
    """Someone met, referred by, or hired instead of the user."""

    id: str
    name: str
    title: str = ""
    company: str = ""
    email: str = ""
    linkedin: str = ""
    notes: str = ""
    highlight: str = ""
    """One line to personalise messages ("we talked about their Postgres migration")."""
    every: int | None = None
    """Days between keep-in-touch touches (0: never; None: the config's ``[network] every``)."""
    contacted: date | None = None
    """The last interaction logged with them, or touch done or skipped (the network's
    "last contact" with the day their last card ended: :mod:`tracker.domain.network`)."""
    touch_snoozed: date | None = None
    """Their next touch waits until this day."""

    @property
    def first_name(self) -> str:
        """The first word of the name, for greetings."""
        return self.name.split()[0] if self.name.split() else self.name

    def to_doc(self) -> dict[str, Any]:
        return compact(
            {
                "id": self.id,
                "name": self.name,
                "title": self.title,
                "company": self.company,
                "email": self.email,
                "linkedin": self.linkedin,
                "notes": self.notes,
                "highlight": self.highlight,
                "every": self.every,
                "contacted": _s(self.contacted),
                "touch_snoozed": _s(self.touch_snoozed),
            },
            ("id", "name"),
        )

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Person:
        get = doc.get  # positional, fields in order: a home has thousands of people
        return cls(
            doc["id"],
            _text(doc, "name"),
            get("title", ""),
            get("company", ""),
            get("email", ""),
            get("linkedin", ""),
            get("notes", ""),
            _text(doc, "highlight", ""),
            _every(get("every")),
            _d(get("contacted")),
            _d(get("touch_snoozed")),
        )


def _every(value: Any) -> int | None:
    if value is None:
        return None
    if type(value) is not int or value < 0:
        raise TypeError(f"the cadence {value!r} is not a whole number of days")
    return value


class Link(msgspec.Struct):
    """A person's role on one opportunity."""

    person_id: str
    role: Role


class Gap(msgspec.Struct, frozen=True):
    """One thing the person hired had that the user did not ("Kubernetes in production")."""

    id: str
    """Short and stable within its comparison ("g1", "g2", ...): an edit that keeps the
    text keeps the id, so what is built on a gap (a lesson) stays attached to it."""
    text: str


class Comparison(msgspec.Struct, frozen=True):
    """The user's background set beside the person hired (see :mod:`tracker.domain.comparison`)."""

    on: date
    """The day it was written (or last changed)."""
    person_id: str | None = None
    """The person hired, when named."""
    background: str = ""
    """Their background, in the user's words (may hold line breaks)."""
    gaps: tuple[Gap, ...] = ()
    better: str = "unsure"
    """Whether they were better qualified: "yes", "no" or "unsure"."""
    issued: int = 0
    """The highest gap number given so far: a gap removed in an edit keeps its number
    from being given to another text (a lesson built on "g2" never changes subject)."""

    def to_doc(self) -> dict[str, Any]:
        return compact(
            {
                "on": self.on.isoformat(),
                "person": self.person_id,
                "background": self.background,
                "gaps": [{"id": gap.id, "text": gap.text} for gap in self.gaps],
                "better": self.better,
                "issued": self.issued,
            },
            ("on", "better"),
        )

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Comparison:
        if type(doc) is not dict:
            raise TypeError("the comparison is not an object")
        gaps = doc.get("gaps", [])
        if type(gaps) is not list:
            raise TypeError("the comparison's gaps are not a list")
        person = doc.get("person")
        if person is not None and type(person) is not str:
            raise TypeError(f"the comparison's person {person!r} is not text")
        issued = doc.get("issued", 0)
        if type(issued) is not int or issued < 0:
            raise TypeError(f"the comparison's gap count {issued!r} is not a whole number")
        return cls(
            on=_day(_text(doc, "on")),
            person_id=person,
            background=_text(doc, "background", ""),
            gaps=tuple(_gap(g) for g in gaps),
            better=_text(doc, "better", "unsure"),
            issued=issued,
        )


def _gap(doc: Any) -> Gap:
    if type(doc) is not dict or type(doc.get("id")) is not str or type(doc.get("text")) is not str:
        raise TypeError(f"a gap of the comparison, {doc!r}, needs an id and a text")
    return Gap(doc["id"], doc["text"])


class Opportunity(msgspec.Struct):
    """One company and role interviewed for."""

    id: str
    company: str
    role: str
    interviews: list[date]
    created_at: str
    outcome: Outcome = Outcome.PENDING
    outcome_on: date | None = None
    decision_by: date | None = None
    notes: str = ""
    tags: list[str] = msgspec.field(default_factory=list)
    people: list[Link] = msgspec.field(default_factory=list)
    comparison: Comparison | None = None
    """The user's background set beside the person hired, once written."""
    earlier: list[str] = msgspec.field(default_factory=list)
    """The ids of the earlier opportunities at the same company this one follows (an
    interview there again: "apply again"), oldest first; empty for a first one."""

    @property
    def last_interview(self) -> date:
        """The most recent interview day."""
        return max(self.interviews)

    def people_with(self, *roles: Role) -> list[str]:
        """Ids of the people linked with any of ``roles``, in the order they were added."""
        return [link.person_id for link in self.people if link.role in roles]

    def role_of(self, person_id: str) -> Role | None:
        """The first role ``person_id`` has on this opportunity."""
        for link in self.people:
            if link.person_id == person_id:
                return link.role
        return None

    def to_doc(self) -> dict[str, Any]:
        return compact(
            {
                "id": self.id,
                "company": self.company,
                "role": self.role,
                "interviews": [d.isoformat() for d in self.interviews],
                "created_at": self.created_at,
                "outcome": self.outcome.value,
                "outcome_on": _s(self.outcome_on),
                "decision_by": _s(self.decision_by),
                "notes": self.notes,
                "tags": list(self.tags),
                "people": [{"person": x.person_id, "role": x.role.value} for x in self.people],
                "comparison": self.comparison.to_doc() if self.comparison else None,
                "earlier": list(self.earlier),
            },
            ("id", "company", "role", "interviews", "created_at"),
        )

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Opportunity:
        get = doc.get  # positional, fields in order: a home has thousands of these
        return cls(
            doc["id"],
            _text(doc, "company"),
            _text(doc, "role"),
            [_day(x) for x in doc["interviews"]],
            doc["created_at"],
            _member(_OUTCOME, Outcome, get("outcome", "pending")),
            _d(get("outcome_on")),
            _d(get("decision_by")),
            _text(doc, "notes", ""),
            list(get("tags", [])),
            [Link(x["person"], _member(_ROLE, Role, x["role"])) for x in get("people", [])],
            Comparison.from_doc(doc["comparison"]) if get("comparison") else None,
            _ids(doc, "earlier"),
        )


class Item(msgspec.Struct):
    """One action on a card's checklist, usually for one person."""

    id: str
    """Short and unique within its card ("i1", "i2", ...)."""
    action: str
    """A key of :data:`tracker.domain.rules.ACTIONS`."""
    person_id: str | None
    target: date
    deadline: date
    optional: bool = False
    status: ItemStatus = ItemStatus.OPEN
    closed_at: str | None = None
    reason: str | None = None
    draft: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status is ItemStatus.OPEN

    def to_doc(self) -> dict[str, Any]:
        doc = compact(
            {
                "id": self.id,
                "action": self.action,
                "person": self.person_id,
                "target": self.target.isoformat(),
                "deadline": self.deadline.isoformat(),
                "optional": self.optional,
                "status": self.status.value,
                "closed_at": self.closed_at,
                "reason": self.reason,
                "draft": self.draft,
            },
            ("id", "action", "target", "deadline"),
        )
        if self.status is ItemStatus.OPEN:
            del doc["status"]
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Item:
        # Positional, fields in order, few helper calls: a home has thousands of items.
        get, days = doc.get, _DATES
        return cls(
            doc["id"],
            doc["action"],
            get("person"),
            days.get(target := doc["target"]) or _day(target),
            days.get(deadline := doc["deadline"]) or _day(deadline),
            bool(get("optional", False)),
            _STATUS.get(status := get("status", "open")) or ItemStatus(status),
            get("closed_at"),
            get("reason"),
            get("draft"),
        )


class Card:
    """The follow-up thread of one opportunity; it moves through the columns.

    In its document the checklist is one JSON text (``"items": "[{...}]"``),
    and a card read from one parses it on first use of ``items``: a board of
    10,000 cards only ever draws a few dozen checklists, and a string is far
    quicker to load than six nested objects per card. ``from_doc`` also takes
    the checklist as a JSON list (schema 1, and exports).

    A plain class with the three methods a dataclass would generate (``__init__``,
    ``__eq__``, ``__repr__``): the other records are ``msgspec.Struct`` classes, but a
    Struct keeps its fields in slots and cannot be made without them, which the lazy
    checklist needs (``items`` stays out of the instance until it is read). Not being a
    dataclass keeps ``dataclasses``, and the ``inspect`` it imports (about 5 ms of start-up
    together), off a capture's path (docs/speed.md).
    """

    __match_args__ = (
        "id",
        "opportunity_id",
        "stage",
        "state",
        "items",
        "created_at",
        "target",
        "deadline",
        "snoozed_until",
        "anchor",
        "next_stage_on",
        "notes",
        "stage_since",
        "earlier",
        "ended",
    )
    """The fields, in order (as a dataclass would list them)."""

    id: str
    opportunity_id: str
    stage: Stage
    state: State
    items: list[Item]
    created_at: str
    target: date | None
    deadline: date | None
    snoozed_until: date | None
    anchor: date | None
    """The rejection (or ghosted) day that Monitor and Coffee count from."""
    next_stage_on: date | None
    """When a waiting card with a finished checklist moves on by itself."""
    notes: str
    stage_since: date | None
    earlier: dict[str, dict[str, Any]]
    """The checklists of the stages the card left, by stage value: ``{"since": day,
    "items": JSON text}`` as they were when it left. Coming back to a stage brings
    its checklist back (see :meth:`remember_stage` and :meth:`recall_stage`)."""
    ended: date | None
    """The day the card was done or archived (None while on the board, and for cards
    finished before this was kept)."""

    def __init__(
        self,
        id: str,  # noqa: A002  # the field's name
        opportunity_id: str,
        stage: Stage,
        state: State,
        items: list[Item],
        created_at: str,
        target: date | None = None,
        deadline: date | None = None,
        snoozed_until: date | None = None,
        anchor: date | None = None,
        next_stage_on: date | None = None,
        notes: str = "",
        stage_since: date | None = None,
        earlier: dict[str, dict[str, Any]] | None = None,
        ended: date | None = None,
    ) -> None:
        self.id = id
        self.opportunity_id = opportunity_id
        self.stage = stage
        self.state = state
        self.items = items
        self.created_at = created_at
        self.target = target
        self.deadline = deadline
        self.snoozed_until = snoozed_until
        self.anchor = anchor
        self.next_stage_on = next_stage_on
        self.notes = notes
        self.stage_since = stage_since
        self.earlier = {} if earlier is None else earlier
        self.ended = ended

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__match_args__)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Card) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={value!r}"
            for name, value in zip(self.__match_args__, self._values(), strict=True)
        )
        return f"{type(self).__name__}({shown})"

    @property
    def short_id(self) -> str:
        return self.id[:6]

    @property
    def open_items(self) -> list[Item]:
        return [item for item in self.items if item.is_open]

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def progress(self) -> tuple[int, int]:
        """(closed, total) for the current stage's checklist."""
        return sum(1 for i in self.items if not i.is_open), len(self.items)

    def to_doc(self) -> dict[str, Any]:
        return compact(
            {
                "id": self.id,
                "opportunity": self.opportunity_id,
                "stage": self.stage.value,
                "state": self.state.value,
                "items": self._items_text(),
                "created_at": self.created_at,
                "target": _s(self.target),
                "deadline": _s(self.deadline),
                "snoozed_until": _s(self.snoozed_until),
                "anchor": _s(self.anchor),
                "next_stage_on": _s(self.next_stage_on),
                "notes": self.notes,
                "stage_since": _s(self.stage_since),
                "earlier": self.earlier,
                "ended": _s(self.ended),
            },
            ("id", "opportunity", "stage", "state", "items", "created_at"),
        )

    def remember_stage(self) -> None:
        """Keep the current stage's checklist and start day, for a move back to it."""
        self.earlier = {
            **self.earlier,
            self.stage.value: compact(
                {"since": _s(self.stage_since), "items": self._items_text()}, ("items",)
            ),
        }

    def recall_stage(self, stage: Stage) -> tuple[date | None, list[Item]] | None:
        """The start day and checklist ``stage`` had when the card left it, taken off
        :attr:`earlier`; None when the card never was in ``stage``."""
        kept = self.earlier.get(stage.value)
        if kept is None:
            return None
        self.forget_stages(stage)
        try:
            since = _d(kept.get("since"))
        except (ValueError, TypeError, AttributeError) as error:
            damaged = self.__dict__.get("_damaged")
            if damaged is None:
                raise
            raise damaged(f"card {self.id!r} has a malformed earlier stage: {error!r}") from None
        return since, self._parse_items(kept.get("items", "[]"))

    def forget_stages(self, *stages: Stage, after: Stage | None = None) -> None:
        """Drop the kept checklists of ``stages`` and of every stage after ``after``."""
        dropped = {s.value for s in stages}
        if after is not None:
            dropped |= {s.value for s in STAGES[after.index + 1 :]}
        self.earlier = {k: v for k, v in self.earlier.items() if k not in dropped}

    def _items_text(self) -> str:
        state = self.__dict__
        if "items" not in state:  # never parsed nor replaced: keep the text as it was read
            raw = state.get("_raw_items")
            if type(raw) is str:
                return raw
        return items_text([item.to_doc() for item in self.items])

    def __getattr__(self, name: str) -> Any:
        # Only reached when ``items`` has not been parsed yet (see from_doc).
        # The board's thread and the store's may both ask: setdefault makes
        # them share one list.
        if name == "items":
            state = self.__dict__
            if "_raw_items" in state:
                items = state.setdefault("items", self._parse_items(state.get("_raw_items", "[]")))
                state.pop("_raw_items", None)
                return items
            if "items" in state:  # the other thread parsed it between our lookup and here
                return state["items"]
        raise AttributeError(name)

    def _parse_items(self, raw: str | list[Any]) -> list[Item]:
        try:
            docs = msgspec.json.decode(raw) if type(raw) is str else raw
            if type(docs) is not list:
                raise TypeError("the checklist is not a list")
            return [Item.from_doc(x) for x in docs]
        except (KeyError, ValueError, TypeError, AttributeError, RecursionError) as error:
            damaged = self.__dict__.get("_damaged")
            if damaged is None:
                raise
            raise damaged(f"card {self.id!r} has a malformed checklist: {error!r}") from None

    @classmethod
    def from_doc(
        cls, doc: dict[str, Any], damaged: Callable[[str], Exception] | None = None
    ) -> Card:
        """The card of ``doc``; its checklist is parsed on first use of ``items``.

        ``damaged(why)`` makes the exception raised then, should the checklist
        turn out malformed (the store's "the database is damaged" error);
        without it, what the parser raised is raised.
        """
        raw_items = doc.get("items", "[]")
        if type(raw_items) is not str and type(raw_items) is not list:
            raise TypeError(
                f"card {doc.get('id')!r} has a checklist that is neither JSON text nor a list"
            )
        card = cls.__new__(cls)
        if damaged is not None:
            card.__dict__["_damaged"] = damaged
        card.__dict__.update(
            id=doc["id"],
            opportunity_id=doc["opportunity"],
            stage=_member(_STAGE, Stage, doc["stage"]),
            state=_member(_STATE, State, doc["state"]),
            _raw_items=raw_items,
            created_at=doc["created_at"],
            target=_d(doc.get("target")),
            deadline=_d(doc.get("deadline")),
            snoozed_until=_d(doc.get("snoozed_until")),
            anchor=_d(doc.get("anchor")),
            next_stage_on=_d(doc.get("next_stage_on")),
            notes=_text(doc, "notes", ""),
            stage_since=_d(doc.get("stage_since")),
            earlier=dict(doc["earlier"]) if "earlier" in doc else {},
            ended=_d(doc.get("ended")),
        )
        return card


def _is_day(value: Any) -> bool:
    """Whether ``value`` is an ISO date string (remembered by :func:`_day` if so)."""
    try:
        _day(value)
    except (ValueError, TypeError):
        return False
    return True


def checklist_ok(raw: Any) -> bool:
    """Whether the checklist ``raw`` (a card document's ``items``: JSON text or a list)
    reads without error, by a quick pass that builds no :class:`Item`. False says only
    "maybe not": build the items to learn what is wrong (a stricter pass is never wrong)."""
    try:
        docs = msgspec.json.decode(raw) if type(raw) is str else raw
        if type(docs) is not list:
            return False
        days, statuses = _DATES, _STATUS
        for doc in docs:
            if not (
                type(doc) is dict
                and "id" in doc
                and "action" in doc
                and (doc["target"] in days or _is_day(doc["target"]))
                and (doc["deadline"] in days or _is_day(doc["deadline"]))
                and doc.get("status", "open") in statuses
            ):
                return False
    except (msgspec.DecodeError, RecursionError, KeyError, TypeError):
        return False
    return True


def items_text(docs: list[dict[str, Any]]) -> str:
    """A checklist's item documents as the JSON text a card document holds."""
    return msgspec.json.encode(docs).decode()


class Event(msgspec.Struct):
    """One entry of the append-only log of what the user did."""

    id: str
    type: str
    at: str
    """The UTC instant, ISO 8601."""
    tz: str
    """The home time zone the day label was computed in."""
    day: date
    """The local day this event counts for (after the day-start offset)."""
    card_id: str | None = None
    data: dict[str, Any] = msgspec.field(default_factory=dict)

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "at": self.at,
            "tz": self.tz,
            "day": self.day.isoformat(),
        }
        if self.card_id:
            doc["card"] = self.card_id
        if self.data:
            doc["data"] = self.data
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Event:
        """The event of ``doc``; ``ValueError`` saying what is wrong when it is not one
        (see :func:`event_problem`)."""
        problem = event_problem(doc)
        if problem is not None:
            raise ValueError(f"the event is malformed: {problem}")
        return cls(
            id=doc["id"],
            type=doc["type"],
            at=doc["at"],
            tz=doc["tz"],
            day=_day(doc["day"]),
            card_id=doc.get("card"),
            data=dict(doc.get("data") or {}),
        )


EVENT_TEXT = ("id", "type", "at", "tz", "day")
"""The fields every event document holds, each as text (``day`` an ISO date)."""


def event_problem(doc: Any) -> str | None:
    """What makes ``doc`` not an event document, in a few words ("its day '2026-13-45'
    is not a date"); None when it is one. ``card`` and ``data`` are optional."""
    if type(doc) is not dict:
        return "it is not a JSON object"
    for key in EVENT_TEXT:
        if key not in doc:
            return f"it has no {key}"
        if type(doc[key]) is not str:
            return f"its {key} is not text"
    try:
        _day(doc["day"])
    except ValueError:
        return f"its day {doc['day']!r} is not a date"
    card, data = doc.get("card"), doc.get("data")
    if card is not None and type(card) is not str:
        return "its card is not text"
    if data is not None and type(data) is not dict:
        return "its data is not a JSON object"
    return None


def first_bad_event(docs: list[Any]) -> tuple[int, str] | None:
    """The position of the first of ``docs`` that is not an event document, and why
    (:func:`event_problem`); None when every one is. A flat pass: logs are long."""
    days = _DATES  # the days seen before, all valid
    for index, doc in enumerate(docs):
        try:
            card, data = doc.get("card"), doc.get("data")
            good = (
                type(doc["id"]) is str
                and type(doc["type"]) is str
                and type(doc["at"]) is str
                and type(doc["tz"]) is str
                and doc["day"] in days
                and (card is None or type(card) is str)
                and (data is None or type(data) is dict)
            )
        except (KeyError, TypeError, AttributeError):
            good = False
        if not good:
            problem = event_problem(doc)  # the slow path, which also learns a new day
            if problem is not None:
                return index, problem
    return None

"""What a JSON export must hold, beyond its shape, before an import writes it.

:func:`tracker.store.schema.validate` checks the shape of the tables and
:meth:`Repository.check_records` that every record builds; neither checks
the type of every field, that what a record refers to exists, or the event
log and the undo table. An import that let those through would write a home
that `list`, `show`, `due`, the exports, `undo` or `streak` then cannot read,
so :func:`check_export` checks them all, and says what is wrong in a phrase.

The field types are not written out a second time: they are read from the
domain's own record classes (:class:`Opportunity`, :class:`Person`,
:class:`Card`, :class:`Item`, :class:`Event`, :class:`Lesson`), whose ``from_doc`` then
builds each record. What has no domain class is described here, field by
field, as the store and the streak read it: undo entries (:data:`UNDO_ENTRY`),
vacations, milestones and the review position (:data:`OTHER_TABLES`), and
the parts of an event's data that are looked up or parsed (:data:`EVENT_DATA`).
The undo table is checked strictly rather than dropped, so an export still
imports whole: every record an entry would put back is checked like the
others, and undoing the entries one after another, newest first, must never
leave a record referring to one that is gone.
"""

from __future__ import annotations

import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import msgspec

from tracker.domain.jsontext import NOT_JSON
from tracker.domain.lessons import Lesson
from tracker.domain.model import Card, Event, Item, Opportunity, Person
from tracker.domain.watch import Watch
from tracker.store import restdays, streak_store
from tracker.store.errors import StoreError

FIRST_YEAR, LAST_YEAR = 1970, 2200
"""Dates and instants outside these years are refused: nothing real is there, and
day arithmetic near year 9999 overflows."""

INSTANTS = frozenset({"created_at", "closed_at", "at"})
"""The text fields that hold an instant (ISO 8601 with its UTC offset)."""

DOC_KEYS = {"opportunity_id": "opportunity", "person_id": "person", "card_id": "card"}
"""Dataclass fields stored under another key in their document."""

RECORDS: dict[str, tuple[str, type[Any]]] = {
    "opportunities": ("opportunity", Opportunity),
    "people": ("person", Person),
    "cards": ("card", Card),
    "lessons": ("lesson", Lesson),
    "watches": ("watch", Watch),
}
"""The tables of domain records: what one record is called, and its class. A lesson's
sources may name an interaction or a gap that is gone: shown as "(gone)", so not a
broken reference (:class:`Links` follows none of them); nor is an opportunity a watch
came from that is gone."""

UNDO_ENTRY: dict[str, Any] = {
    "id": str,
    "seq": int,
    "type": str,
    "card": str | None,
    "label": str,
    "before": dict[str, Any],
    "day": date,
    "session": str,
}
"""An undo entry, as ``Repository.undo`` reads it (``card``, ``day`` and ``session``, the
repository that made it, may be absent)."""

UNDO_REQUIRED = ("id", "seq", "type", "label", "before")

OTHER_TABLES: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    streak_store.TABLE: ({"start": date, "end": date}, ("start", "end")),
    streak_store.CELEBRATED: ({"milestone": int}, ()),
    "review": ({"card": str | None, "day": date}, ()),
}
"""Tables of the store without a domain class: field types, and the fields they need."""

EVENT_DATA: dict[str, dict[str, Any]] = {
    "undo": {"undid": str, "what": str, "day": date},
    "item_done": {"items": list[dict[str, str | None]]},
    "item_skipped": {"items": list[dict[str, str | None]]},
    "reply_logged": {"person": str | None, "kind": str, "text": str},
    "interaction_noted": {"person": str, "kind": str, "text": str},
    "touch_done": {"person": str, "kind": str, "text": str},
    "touch_skipped": {"person": str, "reason": str},
    "touch_snoozed": {"person": str, "until": date},
    "watch_checked": {"watch": str, "company": str, "note": str},
    "watch_skipped": {"watch": str, "reason": str},
    "watch_snoozed": {"watch": str, "until": date},
}
"""What the readers of the event log (the streak, the weekly report) take from an event's
``data``, by event type: a value they look up or parse must have the right type."""


class Refused(ValueError):
    """Why an export cannot be imported, as a phrase (the caller names the file)."""


def check_export(data: dict[str, Any], events: list[Any]) -> None:
    """Raise :class:`Refused` unless every later command can read ``data`` and ``events``.

    ``data`` is a whole database of the current schema (checklists packed);
    ``events`` the event documents.
    """
    for table, records in data.items():
        if table == "meta":
            continue
        for key, doc in records.items():
            if doc.get("id") != key or type(key) is not str or not key:
                raise Refused(
                    f"the record under {_short(key)} in {table!r} has the id {_show(doc.get('id'))}"
                    " (a record's id must be its key)"
                )
        if table in RECORDS:
            for doc in records.values():
                check_record(table, doc)
        elif table in OTHER_TABLES:
            fields, required = OTHER_TABLES[table]
            for key, doc in records.items():
                _check_fields(doc, fields, required, f"the {table} record {_short(key)}")
                if table == streak_store.TABLE and _day(doc["end"]) < _day(doc["start"]):
                    raise Refused(f"the vacation {_short(key)} ends before it starts")
    try:
        restdays.recorded(data, "the export")  # the rest-day history, as `tracker streak` reads it
    except StoreError as error:
        raise Refused(str(error).rstrip(".")) from None
    for n, event in enumerate(events, start=1):
        check_event(event, f"event {n}")
    seen: dict[str, int] = {}
    for n, event in enumerate(events, start=1):
        first = seen.setdefault(event["id"], n)
        if first != n:
            raise Refused(f"events {first} and {n} have the same id {_short(event['id'])}")
    links = Links(data)
    links.check_all()
    undo = data.get("undo", {})
    for key, entry in undo.items():
        check_undo_entry(entry, f"undo entry {_short(key)}")
    seqs = Counter(entry["seq"] for entry in undo.values())
    if any(n > 1 for n in seqs.values()):
        raise Refused("two undo entries have the same seq")
    for entry in sorted(undo.values(), key=lambda e: e["seq"], reverse=True):
        links.undo(entry)


# --- one record -------------------------------------------------------------------------------


def check_record(table: str, doc: Any, where: str = "") -> None:
    """One opportunity, person or card: every field's type, dates in range, then ``from_doc``."""
    kind, cls = RECORDS[table]
    what = f"{kind} {_short(doc.get('id') if isinstance(doc, dict) else None)}{where}"
    if not isinstance(doc, dict):
        raise Refused(f"{what} is {_show(doc)}, not an object")
    _check_object(doc, cls, what)
    record = _build(cls.from_doc, doc, what)
    if table == "cards":
        seen: set[str] = set()
        for item in _checklist(doc, what):
            _check_object(item, Item, f"an item of {what}")
            _build(Item.from_doc, item, f"an item of {what}")
            if item["id"] in seen:
                raise Refused(f"{what} has two checklist items with the id {_short(item['id'])}")
            seen.add(item["id"])
    elif table == "opportunities" and not record.interviews:
        raise Refused(f"{what} has no interview date")


def _checklist(card: dict[str, Any], what: str) -> list[Any]:
    """The item documents of a card, whose checklist is JSON text or a list."""
    raw = card.get("items", "[]")
    try:
        items = msgspec.json.decode(raw) if type(raw) is str else raw
    except NOT_JSON:
        raise Refused(f"the checklist of {what} is not JSON") from None
    if type(items) is not list:
        raise Refused(f"the checklist of {what} is {_show(items)}, not a list")
    return items


def check_event(event: Any, what: str) -> None:
    """One event document: its fields (as :class:`Event` types them) and the data readers use."""
    if not isinstance(event, dict):
        raise Refused(f"{what} is {_show(event)}, not an object")
    _check_object(event, Event, what)
    _build(Event.from_doc, event, what)
    if not event["id"]:
        raise Refused(f"{what} has an empty id")
    wanted = EVENT_DATA.get(event["type"])
    if wanted:
        _check_fields(event.get("data", {}), wanted, (), f"the data of {what}")


def check_undo_entry(entry: dict[str, Any], what: str) -> None:
    """An undo entry and the records it would put back (tables of records only)."""
    _check_fields(entry, UNDO_ENTRY, UNDO_REQUIRED, what)
    for table, records in entry["before"].items():
        if table not in RECORDS:
            raise Refused(f"{what} would put back records of {_short(table)}, which undo cannot")
        if not isinstance(records, dict):
            raise Refused(f"{what} holds {_show(records)} for {table!r}, not an object")
        for key, doc in records.items():
            if doc is None:
                continue
            check_record(table, doc, f" that {what} would put back")
            if doc["id"] != key:
                raise Refused(f"{what} would put back the record {_short(key)} with another id")


# --- what refers to what -----------------------------------------------------------------------


class Links:
    """Every reference between records (card -> opportunity, opportunity and item -> person),
    counted so that undoing one entry after another is checked without rescanning the tables."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.tables = {table: dict(data.get(table, {})) for table in RECORDS}
        self.incoming: Counter[tuple[str, str]] = Counter()
        self.missing = 0
        self._checklists: dict[str, list[dict[str, Any]]] = {}
        for table, records in self.tables.items():
            for doc in records.values():
                self._count(table, doc, +1)

    def check_all(self, after: str = "") -> None:
        """Refuse, naming one, when a record refers to one that does not exist."""
        if not self.missing:
            return
        for table, records in self.tables.items():
            for doc in records.values():
                for target_table, target in self.refs(table, doc):
                    if target not in self.tables[target_table]:
                        kind, target_kind = RECORDS[table][0], RECORDS[target_table][0]
                        this = f"{kind} {_short(doc['id'])}"
                        that = f"the {target_kind} {_short(target)}"
                        raise Refused(
                            f"{after} would leave {this} referring to {that}, which would be gone"
                            if after
                            else f"{this} refers to {that}, which is not in the export"
                        )

    def undo(self, entry: dict[str, Any]) -> None:
        """Put back what ``entry`` would, as ``Repository.undo`` does, then check."""
        for table, records in entry["before"].items():
            for key, doc in records.items():
                self._replace(table, key, doc)
        self.check_all(f"undoing {_short(entry['label'], 60)}")

    def _replace(self, table: str, key: str, doc: dict[str, Any] | None) -> None:
        records = self.tables[table]
        old = records.get(key)
        if old is not None:
            self._count(table, old, -1)
            if doc is None:
                self.missing += self.incoming[(table, key)]
                del records[key]
        elif doc is not None:
            self.missing -= self.incoming[(table, key)]
        if doc is not None:
            records[key] = doc
            self._count(table, doc, +1)

    def _count(self, table: str, doc: dict[str, Any], step: int) -> None:
        for target_table, target in self.refs(table, doc):
            self.incoming[(target_table, target)] += step
            if target not in self.tables[target_table]:
                self.missing += step

    def refs(self, table: str, doc: dict[str, Any]) -> Iterator[tuple[str, str]]:
        """The records ``doc`` (a checked record of ``table``) refers to, as (table, id)."""
        if table == "cards":
            yield "opportunities", doc["opportunity"]
            raw = doc.get("items", "[]")
            if type(raw) is str:
                items = self._checklists.get(raw)
                if items is None:
                    items = self._checklists[raw] = msgspec.json.decode(raw)
            else:
                items = raw
            for item in items:
                if item.get("person") is not None:
                    yield "people", item["person"]
        elif table == "opportunities":
            for link in doc.get("people", []):
                yield "people", link["person"]


# --- field types, from the domain's record classes --------------------------------------------------


_FIELDS: dict[Any, dict[str, Any]] = {}


def _fields(cls: Any) -> dict[str, Any]:
    """Document key -> type, for the fields of the record class ``cls``."""
    found = _FIELDS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _FIELDS[cls] = {DOC_KEYS.get(name, name): hints[name] for name in _field_names(cls)}
    return found


def _field_names(cls: Any) -> tuple[str, ...]:
    """The fields of a domain record class: a ``msgspec.Struct``, or the card."""
    names: tuple[str, ...] = (
        cls.__struct_fields__ if issubclass(cls, msgspec.Struct) else cls.__match_args__
    )
    return names


def _is_record(hint: Any) -> bool:
    return isinstance(hint, type) and (issubclass(hint, msgspec.Struct) or hint is Card)


def _check_object(doc: Any, cls: type[Any], what: str) -> None:
    if not isinstance(doc, dict):
        raise Refused(f"{what} is {_show(doc)}, not an object")
    _check_fields(doc, _fields(cls), (), what)


def _check_fields(doc: Any, fields: dict[str, Any], required: tuple[str, ...], what: str) -> None:
    if not isinstance(doc, dict):
        raise Refused(f"{what} is {_show(doc)}, not an object")
    for key in required:
        if key not in doc:
            raise Refused(f"{what} has no {key}")
    for key, hint in fields.items():
        if key in doc:
            _check_value(doc[key], hint, key, what)


def _check_value(value: Any, hint: Any, key: str, what: str) -> None:
    found = _mismatch(value, hint, key)
    if found:
        inside, bad, expected = found
        raise Refused(f"{inside}the {key} of {what} is {_show(bad)}, not {expected}")


Mismatch = tuple[str, Any, str]
"""Where inside the value (words like "an entry of "), the wrong value, what was expected."""


def _mismatch(value: Any, hint: Any, key: str) -> Mismatch | None:
    """None when ``value`` (from a JSON document) fits the type ``hint``."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is types.UnionType or origin is typing.Union:
        if value is None and type(None) in args:
            return None
        (other,) = (a for a in args if a is not type(None))
        found = _mismatch(value, other, key)
        return (found[0], found[1], found[2] + " or null") if found and not found[0] else found
    if origin is list or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
        inner = args[0]
        if inner is Item and type(value) is str:
            return None  # a checklist as JSON text: its items are checked one by one
        if type(value) is not list:
            return "", value, "a list"
        return _first(_mismatch(element, inner, key) for element in value)
    if origin is dict:
        if type(value) is not dict:
            return "", value, "an object"
        return _first(_mismatch(element, args[1], key) for element in value.values())
    if _is_record(hint):
        if type(value) is not dict:
            return "", value, "an object"
        for name, inner in _fields(hint).items():
            found = _mismatch(value[name], inner, name) if name in value else None
            if found:
                return f"{found[0]}the {name} of an entry of ", found[1], found[2]
        return None
    expected = _expected(value, hint, key)
    return ("", value, expected) if expected else None


def _first(found: Iterator[Mismatch | None]) -> Mismatch | None:
    """The first mismatch among a list's or an object's entries, said to be in an entry."""
    for one in found:
        if one:
            return (one[0] or "an entry of "), one[1], one[2]
    return None


def _expected(value: Any, hint: Any, key: str) -> str | None:
    """None when ``value`` fits the plain type ``hint``; else what was expected."""
    if hint is Any:
        return None
    if hint is str:
        if type(value) is not str:
            return "an instant like 2026-03-02T10:00:00Z" if key in INSTANTS else "text"
        return _instant_problem(value) if key in INSTANTS else None
    if hint is bool:
        return None if type(value) is bool else "true or false"
    if hint is int:
        return None if type(value) is int else "a whole number"
    if hint is date:
        return _date_problem(value)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        if type(value) is str and value in hint._value2member_map_:
            return None
        return "one of " + ", ".join(hint._value2member_map_)
    raise TypeError(f"no check for {hint!r}")  # a new field type: teach _mismatch about it


def _date_problem(value: Any) -> str | None:
    wanted = f"a date like 2026-03-02 from {FIRST_YEAR} to {LAST_YEAR}"
    if type(value) is not str:
        return wanted
    try:
        day = _day(value)
    except ValueError:
        return wanted
    return None if FIRST_YEAR <= day.year <= LAST_YEAR else wanted


def _day(value: str) -> date:
    """A day written the way tracker writes them (2026-03-02); ValueError otherwise."""
    day = date.fromisoformat(value)
    if day.isoformat() != value:
        raise ValueError(value)
    return day


def _instant_problem(value: str) -> str | None:
    wanted = f"an instant like 2026-03-02T10:00:00Z from {FIRST_YEAR} to {LAST_YEAR}"
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        return wanted
    if instant.tzinfo is None or not FIRST_YEAR <= instant.year <= LAST_YEAR:
        return wanted
    return None


def _build(make: Callable[[dict[str, Any]], Any], doc: dict[str, Any], what: str) -> Any:
    """``make(doc)``, the domain's constructor; what it raises becomes one phrase."""
    try:
        return make(doc)
    except KeyError as error:
        raise Refused(f"{what} has no {error.args[0]}") from None
    except (ValueError, TypeError, AttributeError) as error:
        # The domain's own sentence names "the event": here the message names which one.
        detail = str(error).removeprefix("the event is malformed: ")
        raise Refused(f"{what} is malformed ({detail})") from None


def _short(value: Any, limit: int = 20) -> str:
    """A value for a message: quoted, and cut short when long."""
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _show(value: Any) -> str:
    """A JSON value for a message: its kind, and the value itself when short."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _short(value) if len(str(value)) > 20 else str(value)
    if isinstance(value, str):
        return _short(value)
    if isinstance(value, list):
        return "a list"
    return "an object"

"""What `tracker sync` keeps in git, and the three-way merge of two homes.

The sync repository holds an export of the home designed for merging, one file per
table of records and one for the event log::

    tracker-sync.json      {"format": "tracker-sync", "version": 1, "schema": 3}
    events.jsonl           one event per line, sorted by (time, id)
    tables/<table>.jsonl   one record per line, sorted by id (cards, opportunities, ...)
    .gitattributes         "* -merge": a hand `git merge` never writes conflict markers

Every table of the state file is synced but :data:`LOCAL_TABLES` (the undo stack, the
review position, the meta record and the tables derived from the event log), so a
table added later syncs with no change here. Backups, the lock, temp files and the
prompt summary are other files: never in the repository.

Merging is done here, never by git's text merge. Events are a set with stable ids:
the merge is their union, ordered by time. Records merge one by one against the
common ancestor (``base``): a record changed on one side only takes that change; a
record removed on one side and changed on the other is kept; a field changed on both
sides takes the change made later (the time of the latest event that touched the
record on each side) and the other value is logged in a ``sync_merged`` event on the
card, so it stays in its history. A checklist changed on both sides while the card
stayed in the same stage merges item by item. The ``sync_merged`` event's id is
derived from what it says, so two machines that merge the same pair log it once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec

from tracker.domain.jsontext import NOT_JSON
from tracker.domain.model import items_text
from tracker.store import schema

FORMAT = "tracker-sync"
FORMAT_VERSION = 1
META_FILE = "tracker-sync.json"
EVENTS_FILE = "events.jsonl"
TABLES_DIR = "tables"
ATTRIBUTES_FILE = ".gitattributes"
ATTRIBUTES = b"# tracker sync merges these files itself (tracker/store/syncmerge.py)\n* -merge\n"

LOCAL_TABLES = frozenset({"meta", "undo", "review", *schema.DERIVED_TABLES})
"""Tables that stay on this machine: the undo stack (undoing another machine's action
here would put back records it never had), where the review stopped, the meta record
(file lengths, the commit token) and the tables derived from the event log."""

MERGED_EVENT = "sync_merged"

_MISSING: Any = object()


class NotTrackerRepository(ValueError):
    """The files are not a tracker sync export (or one this version cannot read)."""


class NewerSchema(ValueError):
    """The export was written by a newer tracker; ``args[0]`` is its schema."""


@dataclass
class Export:
    """One home as the sync repository holds it."""

    schema: int
    tables: dict[str, dict[str, dict[str, Any]]]
    events: list[dict[str, Any]]

    @property
    def event_ids(self) -> set[str]:
        return {event["id"] for event in self.events}


@dataclass
class Conflict:
    """A field both sides changed: which value was kept, which was set aside."""

    table: str
    record: str
    field: str
    kept: Any
    set_aside: Any
    winner: dict[str, Any] | None
    """The latest event that touched the record on the side that won (its time is the event's)."""


@dataclass
class Merged:
    export: Export
    conflicts: list[Conflict] = field(default_factory=list)


def synced_tables(data: dict[str, Any]) -> list[str]:
    return sorted(name for name in data if name not in LOCAL_TABLES)


def from_home(data: dict[str, Any], events: list[dict[str, Any]]) -> Export:
    """The export of a home's committed data and events."""
    tables = {name: data[name] for name in synced_tables(data)}
    return Export(schema.version_of(data), tables, sorted(events, key=event_order))


def time_key(at: str) -> str:
    """An event time as a sortable UTC text (times are stored as ISO text, with an offset)."""
    try:
        instant = datetime.fromisoformat(at)
    except ValueError:
        return at
    if instant.tzinfo is None:
        return instant.isoformat()
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def event_order(event: dict[str, Any]) -> tuple[str, str]:
    return time_key(str(event.get("at", ""))), str(event.get("id", ""))


def _line(doc: Any) -> bytes:
    return msgspec.json.encode(doc, order="sorted") + b"\n"


def to_files(export: Export) -> dict[str, bytes]:
    """The files of the sync repository for ``export`` (path -> bytes)."""
    files = {
        META_FILE: msgspec.json.format(
            msgspec.json.encode(
                {"format": FORMAT, "version": FORMAT_VERSION, "schema": export.schema},
                order="sorted",
            ),
            indent=2,
        )
        + b"\n",
        ATTRIBUTES_FILE: ATTRIBUTES,
        EVENTS_FILE: b"".join(_line(e) for e in sorted(export.events, key=event_order)),
    }
    for name, table in export.tables.items():
        files[f"{TABLES_DIR}/{name}.jsonl"] = b"".join(_line(table[key]) for key in sorted(table))
    return files


def read_meta(raw: bytes | None) -> int:
    """The schema of an export's meta file; refuses what is not one."""
    if raw is None:
        raise NotTrackerRepository(f"it has no {META_FILE}")
    try:
        meta = msgspec.json.decode(raw)
    except NOT_JSON:
        raise NotTrackerRepository(f"its {META_FILE} is not JSON") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise NotTrackerRepository(f"its {META_FILE} is not a tracker sync file")
    version = meta.get("schema")
    if type(version) is not int or version < 1:
        raise NotTrackerRepository(f"its {META_FILE} has no schema version")
    if version > schema.SCHEMA_VERSION or int(meta.get("version", 1)) > FORMAT_VERSION:
        raise NewerSchema(version)
    return version


def _lines(raw: bytes, what: str) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            doc = msgspec.json.decode(line)
        except NOT_JSON:
            raise NotTrackerRepository(f"line {number} of {what} is not JSON") from None
        if not isinstance(doc, dict) or type(doc.get("id")) is not str:
            raise NotTrackerRepository(f"line {number} of {what} is not a record with an id")
        yield doc


def from_files(files: dict[str, bytes]) -> Export:
    """Read an export back (an older schema is migrated); raises :class:`NotTrackerRepository`
    or :class:`NewerSchema`."""
    version = read_meta(files.get(META_FILE))
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    prefix, suffix = f"{TABLES_DIR}/", ".jsonl"
    for path, raw in files.items():
        if path.startswith(prefix) and path.endswith(suffix):
            name = path[len(prefix) : -len(suffix)]
            if not name or "/" in name or name in LOCAL_TABLES:
                continue
            tables[name] = {doc["id"]: doc for doc in _lines(raw, path)}
    events = list(_lines(files.get(EVENTS_FILE, b""), EVENTS_FILE))
    if version < schema.SCHEMA_VERSION:
        data: dict[str, Any] = {**tables, "meta": {schema.META_ID: {"schema": version}}}
        try:
            data, _ = schema.migrate(data)
        except LookupError as error:
            raise NotTrackerRepository(str(error)) from None
        tables = {name: data[name] for name in synced_tables(data)}
    return Export(
        version if version > schema.SCHEMA_VERSION else schema.SCHEMA_VERSION, tables, events
    )


def empty_export() -> Export:
    return Export(schema.SCHEMA_VERSION, {}, [])


# --- merging -----------------------------------------------------------------


def _ids_in(value: Any) -> Iterator[str]:
    """Every text inside ``value`` (an event's data), where record ids may hide."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _ids_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _ids_in(inner)


def touched(
    side: Export, new_events: Iterable[dict[str, Any]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """For each record the ``new_events`` of ``side`` touched, the latest such event.

    An event touches its card, that card's opportunity, and any record whose id
    appears in its data (a person, a lesson...).
    """
    owner: dict[str, str] = {}
    for table, records in side.tables.items():
        for record_id in records:
            owner.setdefault(record_id, table)
    cards = side.tables.get("cards", {})
    latest: dict[tuple[str, str], dict[str, Any]] = {}

    def touch(key: tuple[str, str], event: dict[str, Any]) -> None:
        seen = latest.get(key)
        if seen is None or event_order(event) > event_order(seen):
            latest[key] = event

    for event in new_events:
        card_id = event.get("card")
        if isinstance(card_id, str):
            touch(("cards", card_id), event)
            card = cards.get(card_id)
            if card is not None and isinstance(card.get("opportunity"), str):
                touch(("opportunities", card["opportunity"]), event)
        for text in _ids_in(event.get("data")):
            owning = owner.get(text)
            if owning is not None:
                touch((owning, text), event)
    return latest


def _dumped(value: Any) -> bytes:
    return b"" if value is _MISSING else msgspec.json.encode(value, order="sorted")


class _Sides:
    """The change times of each side's records, to decide a field both sides changed."""

    def __init__(self, base: Export, ours: Export, theirs: Export) -> None:
        known = base.event_ids
        new_ours = [e for e in ours.events if e["id"] not in known]
        new_theirs = [e for e in theirs.events if e["id"] not in known]
        self.ours = touched(ours, new_ours)
        self.theirs = touched(theirs, new_theirs)
        self.ours_last = max(new_ours, key=event_order, default=None)
        self.theirs_last = max(new_theirs, key=event_order, default=None)

    def when(
        self, table: str, record_id: str
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        key = (table, record_id)
        return (
            self.ours.get(key, self.ours_last),
            self.theirs.get(key, self.theirs_last),
        )


def _later(
    ours_value: Any,
    theirs_value: Any,
    ours_event: dict[str, Any] | None,
    theirs_event: dict[str, Any] | None,
) -> bool:
    """Whether our value wins: the later change, then (a tie) the larger value, so that
    both machines decide alike whichever of them merges."""
    ours_time = event_order(ours_event)[0] if ours_event else ""
    theirs_time = event_order(theirs_event)[0] if theirs_event else ""
    if ours_time != theirs_time:
        return ours_time > theirs_time
    return _dumped(ours_value) >= _dumped(theirs_value)


CARD_GROUPS = (
    ("stage", "items", "stage_since", "anchor", "next_stage_on", "earlier"),
    ("state", "snoozed_until", "ended"),
)
"""Fields of a card that only make sense together, each group led by the field that
decides it. A checklist belongs to its stage (a Feedback card with the Thank-you
checklist is a broken card), and a snooze day or an end day to the state that set it.
When the two sides disagree on the leading field, the whole group comes from one side:
the side that changed it, or the later change when both did."""


def _group_sides(
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    ours_event: dict[str, Any] | None,
    theirs_event: dict[str, Any] | None,
) -> dict[str, bool]:
    """For a card both sides changed: the fields decided as a group (see
    :data:`CARD_GROUPS`), each mapped to whether our side's value is taken."""
    decided: dict[str, bool] = {}
    for group in CARD_GROUPS:
        lead = group[0]
        o, t, b = ours.get(lead, _MISSING), theirs.get(lead, _MISSING), base.get(lead, _MISSING)
        if o == t:
            continue
        if t == b:
            ours_win = True
        elif o == b:
            ours_win = False
        else:
            ours_win = _later(o, t, ours_event, theirs_event)
        decided.update(dict.fromkeys(group, ours_win))
    return decided


def _coherent_card(doc: dict[str, Any]) -> dict[str, Any]:
    """A merged card made whole by the card's own rules: target, deadline and
    active/waiting derived from its open items, no snooze day unless snoozed, no end day
    while on the board. Both machines derive the same from the same merge."""
    from tracker.domain import rules
    from tracker.domain.model import ON_BOARD, Card, State

    card = Card.from_doc(doc, ValueError)
    if card.state is not State.SNOOZED:
        card.snoozed_until = None
    if card.state in ON_BOARD:
        card.ended = None
    rules.recompute(card)
    return card.to_doc()


def _merge_fields(
    table: str,
    record_id: str,
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    sides: _Sides,
    conflicts: list[Conflict],
    path: str = "",
) -> dict[str, Any]:
    ours_event, theirs_event = sides.when(table, record_id)
    grouped = (
        _group_sides(base, ours, theirs, ours_event, theirs_event)
        if table == "cards" and not path
        else {}
    )
    out: dict[str, Any] = {}
    keys = list(ours) + [key for key in theirs if key not in ours]
    keys += [key for key in grouped if key not in keys]
    for key in keys:
        o, t, b = ours.get(key, _MISSING), theirs.get(key, _MISSING), base.get(key, _MISSING)
        if key in grouped:
            ours_win = grouped[key]
            value, other = (o, t) if ours_win else (t, o)
            if other not in (value, b):  # the other side's own change, set aside
                conflicts.append(
                    Conflict(
                        table,
                        record_id,
                        path + key,
                        None if value is _MISSING else value,
                        None if other is _MISSING else other,
                        ours_event if ours_win else theirs_event,
                    )
                )
        elif o == t:
            value = o
        elif o == b:
            value = t
        elif t == b:
            value = o
        elif (
            not path
            and table == "cards"
            and key == "items"
            and ours.get("stage") == theirs.get("stage")
            and isinstance(o, str)
            and isinstance(t, str)
        ):
            value = _merge_items(record_id, b, o, t, sides, conflicts)
        else:
            ours_win = _later(o, t, ours_event, theirs_event)
            value = o if ours_win else t
            conflicts.append(
                Conflict(
                    table,
                    record_id,
                    path + key,
                    None if value is _MISSING else value,
                    None if (t if ours_win else o) is _MISSING else (t if ours_win else o),
                    ours_event if ours_win else theirs_event,
                )
            )
        if value is not _MISSING:
            out[key] = value
    return out


def _items(raw: Any) -> list[dict[str, Any]]:
    if raw is _MISSING:
        return []
    try:
        found = msgspec.json.decode(raw) if isinstance(raw, str) else raw
    except NOT_JSON:
        return []
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _merge_items(
    card_id: str, base: Any, ours: str, theirs: str, sides: _Sides, conflicts: list[Conflict]
) -> str:
    """A checklist both sides changed in the same stage, item by item (by item id)."""
    b = {item.get("id"): item for item in _items(base)}
    o_list, t_list = _items(ours), _items(theirs)
    o = {item.get("id"): item for item in o_list}
    t = {item.get("id"): item for item in t_list}
    order = [item.get("id") for item in o_list] + [
        item.get("id") for item in t_list if item.get("id") not in o
    ]
    out = []
    for item_id in order:
        oi, ti, bi = o.get(item_id), t.get(item_id), b.get(item_id)
        if oi == ti:
            merged = oi
        elif oi == bi:
            merged = ti
        elif ti == bi:
            merged = oi
        elif oi is None or ti is None:
            merged = oi or ti  # removed on one side, changed on the other: kept
        else:
            merged = _merge_fields(
                "cards", card_id, bi or {}, oi, ti, sides, conflicts, f"items/{item_id}/"
            )
        if merged is not None:
            out.append(merged)
    return items_text(out)


def _merge_record(
    table: str,
    record_id: str,
    base: dict[str, Any] | None,
    ours: dict[str, Any] | None,
    theirs: dict[str, Any] | None,
    sides: _Sides,
    conflicts: list[Conflict],
) -> dict[str, Any] | None:
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    if ours is None or theirs is None:
        return ours or theirs  # removed on one side (an undo), changed on the other: kept
    merged = _merge_fields(table, record_id, base or {}, ours, theirs, sides, conflicts)
    return _coherent_card(merged) if table == "cards" else merged


def _one_watch_per_company(table: dict[str, Any]) -> dict[str, Any]:
    """Each machine starts its own watch when it logs a rejection: after a merge, two
    records may watch one company. They become one (see
    :func:`tracker.domain.watch.combine`), under the smallest id, so both machines
    keep the same record."""
    from tracker.domain.watch import Watch, combine, company_key

    by_company: dict[str, list[dict[str, Any]]] = {}
    for doc in table.values():
        by_company.setdefault(company_key(str(doc.get("company", ""))), []).append(doc)
    out = dict(table)
    for docs in by_company.values():
        if len(docs) < 2:
            continue
        one = combine([Watch.from_doc(doc) for doc in docs])
        for doc in docs:
            out.pop(doc["id"], None)
        out[one.id] = one.to_doc()
    return {key: out[key] for key in sorted(out)}


def _repair(tables: dict[str, dict[str, Any]], sources: list[Export]) -> None:
    """Bring back a record the merge removed that a kept record still refers to (a card's
    opportunity, an opportunity's people): removing it on one side while the other side
    changed what refers to it must not leave a broken reference."""

    def bring(table: str, record_id: str) -> None:
        target = tables.setdefault(table, {})
        if record_id in target:
            return
        for source in sources:
            doc = source.tables.get(table, {}).get(record_id)
            if doc is not None:
                target[record_id] = doc
                return

    for card in list(tables.get("cards", {}).values()):
        if isinstance(card.get("opportunity"), str):
            bring("opportunities", card["opportunity"])
    for opp in list(tables.get("opportunities", {}).values()):
        for link in opp.get("people") or []:
            if isinstance(link, dict) and isinstance(link.get("person"), str):
                bring("people", link["person"])


def _utc_text(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _just_after(at: str) -> str:
    """One microsecond after ``at``: the merge event reads after the change that won."""
    try:
        instant = datetime.fromisoformat(at)
    except ValueError:
        return at
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return _utc_text(instant + timedelta(microseconds=1))


def conflict_event(conflict: Conflict, tables: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The ``sync_merged`` event of a conflict, on the card it concerns.

    Its id is a hash of what it says, and its time the winning change's, so the same
    conflict merged on two machines is one event in the union.
    """
    card = None
    if conflict.table == "cards":
        card = conflict.record
    elif conflict.table == "opportunities":
        card = next(
            (
                doc["id"]
                for doc in sorted(tables.get("cards", {}).values(), key=lambda d: d["id"])
                if doc.get("opportunity") == conflict.record
            ),
            None,
        )
    said = [conflict.table, conflict.record, conflict.field, conflict.kept, conflict.set_aside]
    digest = hashlib.sha256(msgspec.json.encode(said, order="sorted")).hexdigest()[:32]
    winner = conflict.winner or {}
    now = datetime.now(UTC)
    return {
        "id": digest,
        "type": MERGED_EVENT,
        "at": _just_after(str(winner["at"])) if winner.get("at") else _utc_text(now),
        "tz": str(winner.get("tz") or "UTC"),
        "day": str(winner.get("day") or now.date().isoformat()),
        "card": card,
        "data": {
            "table": conflict.table,
            "record": conflict.record,
            "field": conflict.field,
            "kept": conflict.kept,
            "set_aside": conflict.set_aside,
        },
    }


def merge(base: Export, ours: Export, theirs: Export) -> Merged:
    """The three-way merge of two exports with their common ancestor (empty when none)."""
    sides = _Sides(base, ours, theirs)
    conflicts: list[Conflict] = []
    tables: dict[str, dict[str, Any]] = {}
    for name in sorted(set(ours.tables) | set(theirs.tables)):
        b, o, t = base.tables.get(name, {}), ours.tables.get(name, {}), theirs.tables.get(name, {})
        merged: dict[str, Any] = {}
        for record_id in sorted(set(o) | set(t) | set(b)):
            doc = _merge_record(
                name,
                record_id,
                b.get(record_id),
                o.get(record_id),
                t.get(record_id),
                sides,
                conflicts,
            )
            if doc is not None:
                merged[record_id] = doc
        tables[name] = _one_watch_per_company(merged) if name == "watches" else merged
    _repair(tables, [ours, theirs, base])
    events = {e["id"]: e for e in theirs.events}
    events.update((e["id"], e) for e in ours.events)
    for conflict in conflicts:
        event = conflict_event(conflict, tables)
        events.setdefault(event["id"], event)
    return Merged(
        Export(max(ours.schema, theirs.schema), tables, sorted(events.values(), key=event_order)),
        conflicts,
    )

"""The database's shape, its schema version, and the migrations between versions."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

import msgspec

from tracker.domain.jsontext import NOT_JSON
from tracker.domain.model import items_text

SCHEMA_VERSION = 4
"""The version this code writes.

1: the first. 2: a card's checklist (``items``) is one JSON text instead of a
list of objects, which makes a board of 10,000 cards load about 30 ms sooner.
3: what the follow-up steps produce is kept. An opportunity may hold a
``comparison`` with the person hired (their background, the gaps with stable
ids, whether they were better qualified), and a card's checklist may hold item
kinds that come from the coffee (a ``meet`` item on the meeting day). Nothing
written by version 2 changes shape, so the migration only raises the number
and adds the empty ``lessons`` table (below); the number is what matters. A tracker of version 2 builds an opportunity from
the fields it knows, so the next time it wrote one (any action on its card) it
would drop the comparison without a word; and it would show an item kind it does
not know by its raw key, with none of its rules. So it refuses a version-3 file
("written by a newer tracker"), and this version copies a version-2 file aside
(``backups/before-schema-3``) before writing it as 3. Version 3 also has a
``lessons`` table: a lesson's phrase, theme, state and its sources (the ids of
interaction events, or an opportunity's id and a gap's id), never copies of them.
For the network, a person may hold their keep-in-touch cadence (``every``, days, 0 for
never), their last contact (``contacted``, an ISO day) and a check-in snoozed to a day
(``touch_snoozed``), and a card the day it was done or archived (``ended``); all optional,
so a file without them reads as before (people then count from their cards' end).
4: companies are watched after a rejection. A ``watches`` table holds one record per
watched company (``tracker.domain.watch``): its name, an optional careers URL, the
cadence of its "check their openings" reminders (``every``, days), the day it started
and the day it ends (``until``), the day it was last checked and the day a snoozed
reminder waits for, whether it was stopped, and the ids of the opportunities it came
from (``opportunities``). And an opportunity may name the earlier opportunities at the
same company (``earlier``, a list of ids), which a new interview started from a person,
a company or a watch reminder links to. The migration adds the empty table. A tracker
of version 3 would not know the table: it would carry it along in a backup, but undo an
action that changed a watch without putting the watch back, and drop ``earlier`` from
an opportunity it rewrote; so it refuses a version-4 file, and this version copies a
version-3 file aside (``backups/before-schema-4``) before writing it as 4.
"""

TABLES = ("meta", "opportunities", "people", "cards", "undo", "lessons", "watches")
META_ID = "meta"
DAY_INDEX = "streak_index"
"""The streak day index (tracker.store.dayindex): derived from the event log."""
DERIVED_TABLES = (DAY_INDEX,)
"""Tables computed from the event log: not exported, not counted as data."""

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def pack_checklists(data: dict[str, Any]) -> dict[str, Any]:
    """Every checklist given as a list becomes JSON text: in the cards, and in
    the cards that undo would put back. Already-packed ones are left as they are."""
    for card in _card_docs(data):
        items = card.get("items")
        if type(items) is list:
            card["items"] = items_text(items)
    return data


def unpack_checklists(data: dict[str, Any]) -> dict[str, Any]:
    """The opposite of :func:`pack_checklists`, for exports meant to be read.

    Returns a copy (``data`` is not changed). Text that is not JSON stays text.
    """
    out = dict(data)
    out["cards"] = {
        key: dict(doc) if isinstance(doc, dict) else doc
        for key, doc in data.get("cards", {}).items()
    }
    if "undo" in data:
        out["undo"] = msgspec.json.decode(
            msgspec.json.encode(data["undo"])
        )  # a few dozen entries at most
    for card in _card_docs(out):
        items = card.get("items")
        if type(items) is str:
            with suppress(*NOT_JSON):
                card["items"] = msgspec.json.decode(items)
    return out


def _card_docs(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The card documents of ``data``: its cards, and those undo would put back."""
    found = [doc for doc in data.get("cards", {}).values() if isinstance(doc, dict)]
    for entry in data.get("undo", {}).values():
        before = entry.get("before") if isinstance(entry, dict) else None
        cards = before.get("cards") if isinstance(before, dict) else None
        if isinstance(cards, dict):
            found += [doc for doc in cards.values() if isinstance(doc, dict)]
    return found


def allow_comparisons(data: dict[str, Any]) -> dict[str, Any]:
    """2 -> 3: every version-2 record is a valid version-3 record (comparisons and the
    coffee's items are new, optional content), so only the version number changes; the
    ``lessons`` table starts empty."""
    data.setdefault("lessons", {})
    return data


def add_watches(data: dict[str, Any]) -> dict[str, Any]:
    """3 -> 4: every version-3 record is a valid version-4 record (an opportunity's
    ``earlier`` is new, optional content); the ``watches`` table starts empty."""
    data.setdefault("watches", {})
    return data


MIGRATIONS: dict[int, Migration] = {1: pack_checklists, 2: allow_comparisons, 3: add_watches}
"""``MIGRATIONS[n]`` turns a version-``n`` database into version ``n + 1``."""


def empty() -> dict[str, Any]:
    """A brand-new database."""
    data: dict[str, Any] = {name: {} for name in TABLES}
    data["meta"][META_ID] = {"schema": SCHEMA_VERSION, "events_bytes": 0, "events": 0, "token": ""}
    return data


def meta(data: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = data["meta"][META_ID]
    return found


def version_of(data: dict[str, Any]) -> int:
    return int(meta(data)["schema"])


def validate(data: Any) -> str | None:
    """Why ``data`` is not a tracker database, or None when its shape is right."""
    if not isinstance(data, dict):
        return "the top level is not a JSON object"
    for name, table in data.items():
        if not isinstance(table, dict):
            return f"the table {name!r} is not a JSON object"
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                return f"record {doc_id!r} in {name!r} is not a JSON object"
    info = data.get("meta", {}).get(META_ID)
    if not isinstance(info, dict) or "schema" not in info:
        return "it has no schema version, so it is not a tracker database"
    version = info["schema"]
    if type(version) is not int or version < 1:
        return f"its schema version {_shown(version)} is not a whole number from 1 up"
    if version > SCHEMA_VERSION:
        return (
            None  # records in a format this version does not know: "newer tracker", not "damaged"
        )
    return _check_meta(info) or check_cards(data.get("cards", {}))


META_COUNTS = ("events_bytes", "events")
"""The meta record's counts: whole numbers (a bool, a float or text is not one).

A wrong one is refused rather than trusted: the next commit cuts the event log
at ``events_bytes``, so a value that only looks like a number would lose history.
"""


def _check_meta(info: dict[str, Any]) -> str | None:
    for key in META_COUNTS:
        if key not in info:
            return f"its meta record has no {key}"
        value = info[key]
        if type(value) is not int or value < 0:
            return f"its meta {key} is {_shown(value)}, not a whole number"
    if type(info.get("token")) is not str:
        return f"its meta token is {_shown(info.get('token'))}, not text"
    return None


def _shown(value: Any) -> str:
    """A meta value as it reads in the file, cut short."""
    try:
        text = msgspec.json.encode(value).decode()
    except (TypeError, ValueError):  # not from a JSON file after all (a lone surrogate)
        text = repr(value)
    return text if len(text) <= 24 else text[:21] + "..."


def check_cards(cards: dict[str, Any]) -> str | None:
    """The shape check of :func:`validate` for ``cards``; a commit runs it on the cards it
    writes (it then says, in the lock file, that it checked the file).

    Checklists are parsed lazily, so what can be checked cheaply is checked
    here, once, at load: the fields every card has, and a checklist's shape
    when it is a list (schema 1). A checklist in JSON text is checked when it
    is parsed (see ``Card.from_doc``).

    Written as flat type checks: this runs over every card.
    """
    for card_id, card in cards.items():
        if not (
            type(card.get("id")) is str
            and type(card.get("opportunity")) is str
            and type(card.get("stage")) is str
            and type(card.get("state")) is str
            and type(card.get("created_at")) is str
        ):
            return f"card {card_id!r} is missing a required field"
        items = card.get("items", "[]")
        if type(items) is str:
            continue
        if type(items) is not list:
            return f"card {card_id!r} has a checklist that is neither JSON text nor a list"
        for item in items:
            if not (
                type(item) is dict
                and type(item.get("id")) is str
                and type(item.get("action")) is str
                and type(item.get("target")) is str
                and type(item.get("deadline")) is str
            ):
                return f"card {card_id!r} has a malformed checklist item"
    return None


def migrate(
    data: dict[str, Any], migrations: dict[int, Migration] | None = None, target: int | None = None
) -> tuple[dict[str, Any], int]:
    """Bring ``data`` up to ``target`` (the current version); returns (data, old version)."""
    steps = MIGRATIONS if migrations is None else migrations
    goal = SCHEMA_VERSION if target is None else target
    old = version_of(data)
    version = old
    while version < goal:
        step = steps.get(version)
        if step is None:
            raise LookupError(f"no migration from schema version {version}")
        data = step(data)
        version += 1
        meta(data)["schema"] = version
    for name in TABLES:
        data.setdefault(name, {})
    return data, old

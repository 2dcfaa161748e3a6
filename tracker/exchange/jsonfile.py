"""The lossless JSON export, and its import into an empty home.

An export holds every table of the state file, known to this version or
not (the derived ones aside), every committed event and the schema version.
Importing it into an empty home gives the same state and the same event
log, byte for byte. The tables are the state file's own format, so they are
checked and migrated with :mod:`tracker.store.schema`; everything is read
and written through :class:`Repository`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from tracker.domain.jsontext import NOT_JSON, not_json
from tracker.exchange import checks
from tracker.exchange.common import ImportRefused
from tracker.store import schema
from tracker.store.errors import HomeNotEmpty
from tracker.store.repo import Repository

EXPORT_FORMAT = "tracker-export"
EXPORT_VERSION = 1
"""The version of the JSON export's envelope (the data inside carries the schema version)."""


def export_json(repo: Repository) -> bytes:
    """Every table (including ones this version does not know), every committed event."""
    tables, events = repo.dump()
    # Checklists are JSON text in the state file (schema 2) but lists here,
    # so an export reads (and jq's) like the rest of it; imports take both.
    tables = schema.unpack_checklists(tables)
    doc = {
        "format": EXPORT_FORMAT,
        "export_version": EXPORT_VERSION,
        "schema": schema.version_of(tables),
        "exported_at": repo.now().isoformat().replace("+00:00", "Z"),
        "tables": tables,
        "events": events,
    }
    return msgspec.json.format(msgspec.json.encode(doc), indent=2) + b"\n"


@dataclass
class JsonPlan:
    """A validated JSON export, ready to be written into an empty home."""

    data: dict[str, Any]
    events: list[dict[str, Any]]

    def counts(self) -> dict[str, int]:
        """Records per table (meta, undo and derived tables left out), and the events."""
        out = {
            name: len(t)
            for name, t in self.data.items()
            if name not in ("meta", "undo", *Repository.derived_tables())
        }
        out["events"] = len(self.events)
        return out

    def describe(self) -> str:
        """What would be imported, for the command's message: "3 opportunities, 1 card, ..."."""
        counts = self.counts()
        main = [_count(counts.pop(n, 0), n) for n in ("opportunities", "cards", "people")]
        # The rest-day history is a setting's past, not records: not worth a word here.
        # An empty table of another feature (no lessons yet) is not worth a word either.
        main += [_count(v, k) for k, v in counts.items() if k not in ("events", "rest_days") and v]
        return ", ".join(main) + f" and {_count(len(self.events), 'events')}"


NOUNS = {
    "opportunities": ("opportunity", "opportunities"),
    "cards": ("card", "cards"),
    "people": ("person", "people"),
    "lessons": ("lesson", "lessons"),
    "watches": ("watch", "watches"),
    "events": ("event", "events"),
}
"""How :meth:`JsonPlan.describe` counts the tables it knows."""


def _count(n: int, table: str) -> str:
    """ "1 card", "2 cards"; a table of another feature: "1 record in vacations"."""
    one, many = NOUNS.get(table, ("", ""))
    if not one:
        return f"{n:,} record{'s' if n != 1 else ''} in {table}"
    return f"{n:,} {one if n == 1 else many}"


def refuse_json_array(source: Path, text: str) -> None:
    """Refuse, in one sentence, text that is a JSON array (not CSV that starts with "[")."""
    if not text.lstrip().startswith("["):
        return
    try:
        msgspec.json.decode(text)
    except NOT_JSON:
        return  # not JSON at all: let the CSV reader say what is wrong
    raise ImportRefused(
        f"{source} is a JSON array, not a tracker export; tracker imports a JSON export (an object "
        f'with "format": "{EXPORT_FORMAT}", made by `tracker export --format json`) or a CSV of '
        "applications."
    )


def plan_json(source: Path, text: str) -> JsonPlan:
    """Check a JSON export thoroughly; raise :class:`ImportRefused` (one sentence) if unusable."""
    try:
        doc = msgspec.json.decode(text)
    except NOT_JSON as error:
        raise ImportRefused(
            f"{source} is {not_json(error)}, so it is not a complete tracker export."
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise ImportRefused(
            f'{source} is JSON but not a tracker export (it has no "format": "{EXPORT_FORMAT}"); '
            "make one with `tracker export --format json`."
        )
    envelope = doc.get("export_version", EXPORT_VERSION)
    if type(envelope) is not int or envelope < 1:
        raise ImportRefused(f"{source} has no valid export_version, so it cannot be imported.")
    if envelope > EXPORT_VERSION:
        raise ImportRefused(
            f"{source} was exported by a newer tracker (export version {envelope}); upgrade "
            "tracker to import it."
        )
    version = doc.get("schema")
    if type(version) is not int or version < 1:
        raise ImportRefused(f"{source} has no valid schema version, so it cannot be imported.")
    if version > schema.SCHEMA_VERSION:
        raise ImportRefused(
            f"{source} was exported by a newer tracker (schema {version}); upgrade tracker to "
            "import it."
        )
    tables, events = doc.get("tables"), doc.get("events")
    if not isinstance(tables, dict) or not isinstance(events, list):
        raise ImportRefused(
            f'{source} is missing its "tables" or "events", so it cannot be imported.'
        )
    data: dict[str, Any] = dict(tables)
    for derived in Repository.derived_tables():
        data.pop(derived, None)  # computed from the events, never taken as they are
    meta_table = data.get("meta")
    if meta_table is None:
        meta_table = data["meta"] = {}
    if not isinstance(meta_table, dict) or not isinstance(meta_table.get(schema.META_ID, {}), dict):
        raise ImportRefused(f"{source} has a malformed meta table, so it cannot be imported.")
    info = meta_table.setdefault(schema.META_ID, {})
    info.update(schema=version, events_bytes=0, events=0, token="")
    problem = schema.validate(data)
    if problem:
        raise ImportRefused(f"{source} is not a usable export: {problem}.")
    if version < schema.SCHEMA_VERSION:
        try:
            data, _ = schema.migrate(data)
        except LookupError as error:
            raise ImportRefused(
                f"{source} has schema {version}, which this tracker cannot migrate ({error})."
            ) from None
    schema.pack_checklists(data)  # exports carry checklists as lists
    try:
        checks.check_export(data, events)
        Repository.check_records(data)  # the store's own check, whatever it adds
    except checks.Refused as why:
        raise ImportRefused(
            f"{source} is not a usable export: {why}, so nothing was imported."
        ) from None
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise ImportRefused(
            f"{source} holds a malformed record ({error!r}), so nothing was imported."
        ) from None
    return JsonPlan(data, events)


def check_json_target(repo: Repository) -> None:
    """Refuse early (before any write) when the home is not empty."""
    try:
        repo.check_empty()
    except HomeNotEmpty as error:
        raise ImportRefused(str(error)) from None


def apply_json(repo: Repository, plan: JsonPlan) -> None:
    """Write ``plan`` into ``repo``'s home, which must be empty (checked again under the lock)."""
    try:
        repo.load_into_empty(plan.data, plan.events)
    except HomeNotEmpty as error:
        raise ImportRefused(str(error)) from None

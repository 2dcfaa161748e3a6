"""A day index of kept actions, so the streak never needs the whole event log.

The state file holds ``streak_index/kept``: follow-up actions per day label,
and how many events of the log it covers (``upto``). Every commit that
appends events updates it in the same atomic write, so it cannot drift from
the log; when it is missing or covers a different number of events (an older
file, a writer that bypassed the repository), readers rebuild it once from the
log.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.domain.streaks import REBUILD, kept_counts, kept_delta
from tracker.store import schema

if TYPE_CHECKING:
    from tracker.store.repo import Repository

TABLE = "streak_index"
DOC = "kept"
DERIVED_TABLES = (TABLE,)
"""Tables computed from the event log: not exported, not counted as data."""


def update(data: dict[str, Any], events: list[dict[str, Any]], total: int) -> bool:
    """Apply newly committed ``events`` (the log now holds ``total``); False if left stale."""
    table = data.setdefault(TABLE, {})
    doc = table.get(DOC)
    if doc is None or doc.get("upto") != total - len(events):
        return False
    days = dict(doc.get("days", {}))
    for event in events:
        delta = kept_delta(event)
        if delta is None:
            continue
        if delta is REBUILD:
            table.pop(DOC, None)
            return True
        day, step = delta
        days[day] = days.get(day, 0) + step
        if days[day] <= 0:
            del days[day]
    table[DOC] = {"id": DOC, "days": days, "upto": total}
    return True


def kept(repo: Repository) -> frozenset[date]:
    """The kept days, from the index when it is current, else from the log (and re-indexed)."""
    data = repo.db.data()
    total = int(schema.meta(data).get("events", 0))
    doc = data.get(TABLE, {}).get(DOC)
    if doc is not None and doc.get("upto") == total:
        return frozenset(date.fromisoformat(day) for day, n in doc.get("days", {}).items() if n > 0)
    counts = kept_counts(repo.db.events())
    try:
        with repo.db.transaction(today=repo.today()) as txn:
            now_total = int(schema.meta(txn.db.data()).get("events", 0))
            if now_total == total:
                txn.put(TABLE, {"id": DOC, "days": counts, "upto": total})
    except Exception:  # noqa: BLE001 - the index is an optimisation; a read-only home still works
        pass
    return frozenset(date.fromisoformat(day) for day in counts)

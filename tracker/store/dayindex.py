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
from typing import Any

from tracker.domain.streaks import REBUILD, kept_counts, kept_delta
from tracker.store import schema

TABLE = schema.DAY_INDEX
DOC = "kept"


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


def current(data: dict[str, Any]) -> frozenset[date] | None:
    """The kept days from the index in ``data``, or None when it is missing or stale."""
    total = int(schema.meta(data).get("events", 0))
    doc = data.get(TABLE, {}).get(DOC)
    if doc is None or doc.get("upto") != total:
        return None
    return frozenset(date.fromisoformat(day) for day, n in doc.get("days", {}).items() if n > 0)


def rebuild(events: list[dict[str, Any]], total: int) -> tuple[frozenset[date], dict[str, Any]]:
    """The kept days computed from the whole log, and the index record that stores them."""
    counts = kept_counts(events)
    days = frozenset(date.fromisoformat(day) for day in counts)
    return days, {"id": DOC, "days": counts, "upto": total}

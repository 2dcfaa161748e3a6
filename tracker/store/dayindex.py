"""A day index of kept actions, so the streak never needs the whole event log.

The state file holds ``streak_index/kept``: follow-up actions per day label,
and how many events of the log it covers (``upto``). Every commit that
appends events updates it in the same atomic write, so it cannot drift from
the log. When it is missing or covers a different number of events (an older
file, a writer that bypassed the repository), a read computes the days from
the log in memory and writes nothing; the next commit that logs events stores
the index (from what the read computed, or from the log).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from tracker.domain.streaks import REBUILD, kept_counts, kept_delta
from tracker.store import schema

TABLE = schema.DAY_INDEX
DOC = "kept"


def update(
    data: dict[str, Any],
    events: list[dict[str, Any]],
    total: int,
    before: Callable[[], list[dict[str, Any]]],
) -> bool:
    """Apply ``events`` being committed (the log will hold ``total``), in place.

    An index that is missing or covers another part of the log, or an event
    that cannot be applied by itself, makes it rebuilt from the whole log:
    ``before()`` (the events committed so far) and ``events``. Returns True:
    the table always changes.
    """
    table = data.setdefault(TABLE, {})
    doc = table.get(DOC)
    if doc is None or doc.get("upto") != total - len(events):
        table[DOC] = rebuild([*before(), *events], total)[1]
        return True
    days = dict(doc.get("days", {}))
    for event in events:
        delta = kept_delta(event)
        if delta is None:
            continue
        if delta is REBUILD:
            table[DOC] = rebuild([*before(), *events], total)[1]
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

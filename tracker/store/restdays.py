"""The history of the rest days, so a change applies from the day it was made.

The config file says which weekdays are rest days today; the store keeps the
sets that were in force before, in the ``rest_days`` table, one record::

    {"id": "history", "changes": [{"from": "2026-06-01", "days": []},
                                  {"from": "2026-06-10", "days": ["sat", "sun"]}]}

Each set is in force from its day until the next one; the oldest also covers
the days before it (nothing older is known). A write that sees the config's
set differ from the last one recorded records it from that write's day
(:func:`record`); a read never writes, and meanwhile counts the config's set
from today (:func:`history`). Vacations are not here: they apply to whatever
days they cover.

This module imports no repository, so the repository can call it from every
action without an import circle.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from tracker.domain.dates import WEEKDAYS
from tracker.store.errors import StoreError

if TYPE_CHECKING:  # the capture path (every write records) need not load the streak rules
    from tracker.domain.streaks import RestChange, StreakRules

TABLE = "rest_days"
DOC = "history"


class _Writer(Protocol):
    def get(self, table: str, record_id: str) -> dict[str, Any] | None: ...
    def put(self, table: str, doc: dict[str, Any]) -> None: ...


def recorded(data: Mapping[str, Any], where: object = "the database") -> list[RestChange]:
    """The recorded changes in ``data`` (the committed tables), oldest first."""
    doc = data.get(TABLE, {}).get(DOC)
    return _parse(doc, where)


def history(
    data: Mapping[str, Any], current: frozenset[int], today: date, where: object = "the database"
) -> list[RestChange]:
    """The recorded changes, and the config's ``current`` set from ``today`` when it is
    not the last one recorded (the next write records it)."""
    changes = recorded(data, where)
    if not changes or changes[-1][1] != current:
        changes.append((today, current))
    return changes


def record(
    txn: _Writer, current: frozenset[int], today: date, where: object = "the database"
) -> bool:
    """In a write: record ``current`` from ``today`` unless it is the set last recorded.
    A second change on one day replaces the first. Returns True when it wrote."""
    changes = _parse(txn.get(TABLE, DOC), where)
    if changes and changes[-1][1] == current:
        return False
    if (
        changes and changes[-1][0] >= today
    ):  # changed again the same day: the later set is the day's
        if len(changes) > 1:
            changes.pop()
        else:  # the oldest set still covers every day before this one
            changes[0] = (today - timedelta(days=1), changes[0][1])
    if not changes or changes[-1][1] != current:
        changes.append((today, current))
    txn.put(
        TABLE,
        {
            "id": DOC,
            "changes": [
                {"from": day.isoformat(), "days": [WEEKDAYS[n] for n in sorted(weekdays)]}
                for day, weekdays in changes
            ],
        },
    )
    return True


def _parse(doc: Any, where: object) -> list[RestChange]:
    if doc is None:
        return []
    try:
        changes = [
            (date.fromisoformat(entry["from"]), frozenset(WEEKDAYS.index(d) for d in entry["days"]))
            for entry in doc["changes"]
        ]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise StoreError(
            f"the rest-day history in {where} is malformed; `tracker restore` brings back "
            "the newest good backup."
        ) from None
    return sorted(changes, key=lambda change: change[0])


VACATIONS = "vacations"
"""The vacations table (``{"id", "start", "end"}``, ISO days, inclusive); written by
:mod:`tracker.store.streak_store`, read here with the rest days for the streak rules."""


def vacations_in(
    data: Mapping[str, Any], where: object = "the database"
) -> tuple[tuple[date, date], ...]:
    """Every vacation stored in ``data`` as (start, end), inclusive, sorted."""
    out = []
    for record_id, doc in data.get(VACATIONS, {}).items():
        try:
            out.append((date.fromisoformat(doc["start"]), date.fromisoformat(doc["end"])))
        except (KeyError, TypeError, ValueError):
            raise StoreError(
                f"the vacation {record_id!r} in {where} is malformed; "
                "run `tracker vacation --clear` and set your vacations again."
            ) from None
    return tuple(sorted(out))


def rules_in(
    data: Mapping[str, Any], current: frozenset[int], today: date, where: object = "the database"
) -> StreakRules:
    """The streak rules on ``today``: the rest weekdays in force on each day (the recorded
    history, then the config's ``current`` set from ``today`` when it differs) and the
    stored vacations. Reads only."""
    from tracker.domain.streaks import StreakRules

    return StreakRules.from_history(history(data, current, today, where), vacations_in(data, where))

"""The rest-day history (tracker/store/restdays.py): what a write records, what a read adds."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tracker.store import restdays
from tracker.store.errors import StoreError

NONE: frozenset[int] = frozenset()
WEEKEND = frozenset({5, 6})
SUNDAY = frozenset({6})


class Txn:
    """The two calls record() makes, on a plain dict of tables."""

    def __init__(self) -> None:
        self.data: dict[str, dict[str, Any]] = {}
        self.writes = 0

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        return self.data.get(table, {}).get(record_id)

    def put(self, table: str, doc: dict[str, Any]) -> None:
        self.writes += 1
        self.data.setdefault(table, {})[doc["id"]] = doc


def test_a_write_records_the_set_only_when_it_changed() -> None:
    txn = Txn()
    assert restdays.record(txn, NONE, date(2026, 6, 1)) is True
    assert restdays.record(txn, NONE, date(2026, 6, 2)) is False
    assert restdays.record(txn, WEEKEND, date(2026, 6, 10)) is True
    assert txn.writes == 2
    assert restdays.recorded(txn.data) == [(date(2026, 6, 1), NONE), (date(2026, 6, 10), WEEKEND)]
    assert txn.data["rest_days"]["history"]["changes"][1] == {
        "from": "2026-06-10",
        "days": ["sat", "sun"],
    }


def test_changed_twice_in_one_day_the_later_set_is_the_days() -> None:
    txn = Txn()
    restdays.record(txn, NONE, date(2026, 6, 1))
    restdays.record(txn, WEEKEND, date(2026, 6, 10))
    restdays.record(txn, SUNDAY, date(2026, 6, 10))
    assert restdays.recorded(txn.data) == [(date(2026, 6, 1), NONE), (date(2026, 6, 10), SUNDAY)]
    restdays.record(txn, NONE, date(2026, 6, 10))  # back to what it was: no change at all
    assert restdays.recorded(txn.data) == [(date(2026, 6, 1), NONE)]


def test_a_change_on_the_first_recorded_day_keeps_the_days_before_it() -> None:
    txn = Txn()
    restdays.record(txn, NONE, date(2026, 6, 1))
    restdays.record(txn, WEEKEND, date(2026, 6, 1))
    assert restdays.recorded(txn.data) == [(date(2026, 5, 31), NONE), (date(2026, 6, 1), WEEKEND)]


def test_a_read_adds_the_configs_set_from_today_without_writing() -> None:
    txn = Txn()
    assert restdays.history(txn.data, WEEKEND, date(2026, 6, 10)) == [(date(2026, 6, 10), WEEKEND)]
    restdays.record(txn, NONE, date(2026, 6, 1))
    assert restdays.history(txn.data, NONE, date(2026, 6, 10)) == [(date(2026, 6, 1), NONE)]
    assert restdays.history(txn.data, WEEKEND, date(2026, 6, 10)) == [
        (date(2026, 6, 1), NONE),
        (date(2026, 6, 10), WEEKEND),
    ]
    assert txn.writes == 1


@pytest.mark.parametrize(
    "doc",
    [
        {"id": "history"},
        {"id": "history", "changes": [{"from": "soon", "days": []}]},
        {"id": "history", "changes": [{"from": "2026-06-01", "days": ["someday"]}]},
        {"id": "history", "changes": "sat"},
    ],
)
def test_a_malformed_history_is_one_sentence(doc: dict[str, Any]) -> None:
    with pytest.raises(StoreError, match=r"rest-day history in /x/tracker.json is malformed"):
        restdays.recorded({"rest_days": {"history": doc}}, "/x/tracker.json")

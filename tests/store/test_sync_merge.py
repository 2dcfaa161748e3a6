"""The sync export and the three-way merge, without git (tracker.store.syncmerge)."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from tracker.domain.model import items_text
from tracker.store import schema
from tracker.store.syncmerge import (
    MERGED_EVENT,
    META_FILE,
    Export,
    NewerSchema,
    NotTrackerRepository,
    from_files,
    merge,
    to_files,
)


def event(event_id: str, at: str, card: str | None = "c1", kind: str = "edited") -> dict[str, Any]:
    return {"id": event_id, "type": kind, "at": at, "tz": "UTC", "day": at[:10], "card": card}


def item(item_id: str, status: str | None = None) -> dict[str, Any]:
    doc = {"id": item_id, "action": "thank_email", "target": "2026-03-02", "deadline": "2026-03-03"}
    if status:
        doc["status"] = status
    return doc


def card(**fields: Any) -> dict[str, Any]:
    doc = {
        "id": "c1",
        "opportunity": "o1",
        "stage": "thank_you",
        "state": "active",
        "created_at": "2026-03-02T10:00:00+00:00",
        "items": items_text([item("i1"), item("i2")]),
        "notes": "",
    }
    doc.update(fields)
    return doc


def export(cards: list[dict[str, Any]], events: list[dict[str, Any]]) -> Export:
    opp = {"id": "o1", "company": "Acme", "role": "SRE", "interviews": ["2026-03-02"]}
    return Export(
        schema.SCHEMA_VERSION,
        {"cards": {c["id"]: c for c in cards}, "opportunities": {"o1": opp}},
        events,
    )


BASE = export([card()], [event("e0", "2026-03-02T10:00:00Z", kind="created")])


def test_both_machines_merge_alike_whoever_merges() -> None:
    ours = export([card(notes="mine")], [*BASE.events, event("e1", "2026-03-02T11:00:00Z")])
    theirs = export([card(notes="theirs")], [*BASE.events, event("e2", "2026-03-02T12:00:00Z")])
    one, other = merge(BASE, ours, theirs), merge(BASE, theirs, ours)
    assert to_files(one.export) == to_files(other.export)
    assert one.export.tables["cards"]["c1"]["notes"] == "theirs"  # the later change
    merged = [e for e in one.export.events if e["type"] == MERGED_EVENT]
    assert [e["data"]["set_aside"] for e in merged] == ["mine"]
    assert merged[0]["at"] == "2026-03-02T12:00:00.000001Z"  # just after the change that won


def test_items_ticked_on_each_side_both_stay_ticked() -> None:
    ours = export(
        [card(items=items_text([item("i1", "done"), item("i2")]))],
        [*BASE.events, event("e1", "2026-03-02T11:00:00Z", kind="item_done")],
    )
    theirs = export(
        [card(items=items_text([item("i1"), item("i2", "skipped")]))],
        [*BASE.events, event("e2", "2026-03-02T12:00:00Z", kind="item_skipped")],
    )
    result = merge(BASE, ours, theirs)
    items = msgspec.json.decode(result.export.tables["cards"]["c1"]["items"])
    assert [i.get("status") for i in items] == ["done", "skipped"]
    assert result.conflicts == []
    assert [e["id"] for e in result.export.events] == ["e0", "e1", "e2"]


def test_a_record_removed_on_one_side_and_changed_on_the_other_is_kept() -> None:
    ours = Export(BASE.schema, {"cards": {}, "opportunities": {}}, BASE.events)
    theirs = export([card(notes="still here")], BASE.events)
    result = merge(BASE, ours, theirs).export
    assert result.tables["cards"]["c1"]["notes"] == "still here"
    assert "o1" in result.tables["opportunities"]  # its opportunity comes back with it


def test_an_export_reads_back_the_same_and_lines_are_sorted() -> None:
    two = export(
        [card(id="c2"), card()],
        [event("e9", "2026-03-02T09:00:00+01:00"), event("e1", "2026-03-02T08:30:00Z")],
    )
    files = to_files(two)
    assert from_files(files).tables == two.tables
    assert [msgspec.json.decode(x)["id"] for x in files["tables/cards.jsonl"].splitlines()] == [
        "c1",
        "c2",
    ]
    assert [msgspec.json.decode(x)["id"] for x in files["events.jsonl"].splitlines()] == [
        "e9",
        "e1",
    ]  # 08:00Z before 08:30Z


def test_files_that_are_not_an_export_are_refused() -> None:
    with pytest.raises(NotTrackerRepository, match="no tracker-sync.json"):
        from_files({"README.md": b"hello"})
    with pytest.raises(NotTrackerRepository, match="not a tracker sync file"):
        from_files({META_FILE: b'{"format": "other"}'})
    newer = {META_FILE: msgspec.json.encode({"format": "tracker-sync", "schema": 99})}
    with pytest.raises(NewerSchema):
        from_files(newer)
    bad = to_files(BASE)
    bad["events.jsonl"] = b"<<<<<<< HEAD\n"
    with pytest.raises(NotTrackerRepository, match="line 1 of events.jsonl is not JSON"):
        from_files(bad)

"""What an event document must be (`Event.from_doc`, `event_problem`; issue "Trust", item 8),
and the quick checklist pass of the store's whole-file check (item 5)."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tracker.domain.model import Event, Item, checklist_ok, event_problem, first_bad_event

GOOD: dict[str, Any] = {
    "id": "e1",
    "type": "item_done",
    "at": "2026-03-02T10:00:00Z",
    "tz": "UTC",
    "day": "2026-03-02",
    "card": "c1",
    "data": {"items": []},
}

BAD: dict[str, tuple[Any, str]] = {
    "a list": ([], "is not a JSON object"),
    "a number": (5, "is not a JSON object"),
    "an empty object": ({}, "has no id"),
    "a type that is a number": ({**GOOD, "type": 5}, "type is not text"),
    "no day": ({k: v for k, v in GOOD.items() if k != "day"}, "has no day"),
    "a day that is not a date": ({**GOOD, "day": "2026-13-45"}, "day '2026-13-45' is not a date"),
    "a day that is a number": ({**GOOD, "day": 20260302}, "day is not text"),
    "a card that is a number": ({**GOOD, "card": 7}, "card is not text"),
    "data that is a list": ({**GOOD, "data": [1]}, "data is not a JSON object"),
}


def test_a_good_document_is_an_event() -> None:
    assert event_problem(GOOD) is None
    event = Event.from_doc(GOOD)
    assert event.day == date(2026, 3, 2) and event.card_id == "c1"
    assert first_bad_event([GOOD, dict(GOOD, card=None), {**GOOD, "data": {}}]) is None


@pytest.mark.parametrize("case", list(BAD))
def test_a_document_of_the_wrong_shape_is_refused_with_what_is_wrong(case: str) -> None:
    doc, words = BAD[case]
    problem = event_problem(doc)
    assert problem is not None and words in problem, problem
    with pytest.raises(ValueError, match="the event") as caught:
        Event.from_doc(doc)
    assert words in str(caught.value)
    assert first_bad_event([GOOD, GOOD, doc, GOOD]) == (2, problem)


# --- the quick checklist pass the store's whole-file check uses -----------------------

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.sampled_from(["2026-03-02", "2026-13-45", "", "open", "done", "bogus", "i1"]),
    st.lists(st.integers(0, 9), max_size=2),
)
_ITEMS = st.lists(
    st.dictionaries(
        st.sampled_from(["id", "action", "target", "deadline", "status", "person", "optional"]),
        _VALUES,
    ),
    max_size=3,
)


@given(items=st.one_of(_ITEMS, st.integers(0, 9), st.text(max_size=5)), as_text=st.booleans())
@example(items="[]", as_text=False)  # text given as is is read as JSON, like a stored checklist
def test_a_checklist_the_quick_pass_accepts_always_reads(items: Any, as_text: bool) -> None:
    raw = msgspec.json.encode(items).decode() if as_text else items
    if checklist_ok(raw):
        docs = msgspec.json.decode(raw) if type(raw) is str else raw
        built = [Item.from_doc(doc) for doc in docs]  # raises if the pass was wrong
        assert len(built) == len(docs)


def test_the_quick_pass_accepts_what_the_store_writes() -> None:
    good = [
        {"id": "i1", "action": "thank_email", "target": "2026-03-02", "deadline": "2026-03-03"},
        {
            "id": "i2",
            "action": "linkedin",
            "target": "2026-03-03",
            "deadline": "2026-03-05",
            "optional": True,
            "status": "done",
            "person": "p1",
        },
    ]
    assert (
        checklist_ok(msgspec.json.encode(good).decode())
        and checklist_ok(good)
        and checklist_ok("[]")
    )
    assert not checklist_ok('[{"id": "i1"')
    assert not checklist_ok([dict(good[0], status="bogus")])

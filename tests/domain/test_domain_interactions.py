"""Interactions: the text check, the kinds, and reading them from the event log."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tracker.domain.errors import DomainError
from tracker.domain.model import Event
from tracker.domain.people import MAX_SAID, check_kind, check_said, interactions


def event(id: str, type: str, data: dict[str, Any]) -> Event:
    return Event(id, type, "2026-03-02T10:00:00Z", "UTC", date(2026, 3, 2), "card", data)


def test_check_said_trims_keeps_line_breaks_and_refuses_controls_and_length() -> None:
    assert check_said("  a\n\tb  ") == "a\n\tb"
    assert check_said("") == ""
    assert check_said("x" * MAX_SAID) == "x" * MAX_SAID
    with pytest.raises(DomainError, match="control character"):
        check_said("a\x1b[2Jb")
    with pytest.raises(DomainError, match="characters long"):
        check_said("x" * (MAX_SAID + 1))


def test_check_kind() -> None:
    assert check_kind(" Advice ") == "advice"
    with pytest.raises(DomainError, match="reply, feedback, advice, meeting, note"):
        check_kind("chat")


def test_interactions_leave_out_undone_ones_and_read_old_replies() -> None:
    log = [
        event("e1", "reply_logged", {"person": "p1", "cancelled": []}),
        event("e2", "reply_logged", {"person": "p2", "kind": "feedback", "text": "ok"}),
        event("e3", "interaction_noted", {"person": "p2", "kind": "advice", "text": "go"}),
        event("e4", "undo", {"undid": "e3", "what": "interaction_noted"}),
        event("e5", "item_done", {"items": []}),
    ]
    assert [(x.id, x.person_id, x.kind, x.text) for x in interactions(log)] == [
        ("e1", "p1", "reply", ""),
        ("e2", "p2", "feedback", "ok"),
    ]

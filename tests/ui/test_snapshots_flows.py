"""Snapshots of the hire dialog and of a card opened read-only from the archive.
Each docstring says what a reviewer should see.

The clock is fixed (Monday 2 March 2026), ids are deterministic, cursors do not blink.
Update with ``pytest tests/ui/test_snapshots_flows.py --snapshot-update`` and look at every SVG.
"""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.store.repo import Repository

from support.ui import fixed_ids, make_app, settle


@pytest.fixture
def monitor(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> Repository:
    """Acme in Monitor with no hire named: "find out who was hired" comes first."""
    fixed_ids(monkeypatch)
    view = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2026, 1, 15),
        people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)],
    )
    repo.reject(view.card.id, date(2026, 1, 20))
    repo.close_items(view.card.id, [i.id for i in repo.find_card("acme").card.open_items])
    repo.settle()
    return repo


def test_hire_dialog(snap_compare, monitor: Repository) -> None:
    """`space` on the Monitor card: "Who was hired at Acme?" over the board, a name typed,
    an empty highlight field with its example, and the hint saying that an empty name just
    ticks the item (you may not have found out) and that esc cancels."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("l", "l", "space")
        await settle(pilot)
        await pilot.press(*"Pat Kim")
        await settle(pilot)

    assert snap_compare(make_app(monitor), terminal_size=(120, 36), run_before=run_before)


def test_hire_dialog_at_80_by_24(snap_compare, monitor: Repository) -> None:
    """The same dialog in a small terminal: the title, both fields and the whole hint fit."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("l", "l", "space")
        await settle(pilot)

    assert snap_compare(make_app(monitor), terminal_size=(80, 24), run_before=run_before)

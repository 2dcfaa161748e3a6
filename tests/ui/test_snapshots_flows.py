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


@pytest.fixture
def archived(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> Repository:
    """Acme: rejected, Jane's feedback logged, the hire named, a note, then archived."""
    fixed_ids(monkeypatch)
    view = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2026, 2, 2),
        people=[NewPerson("Jane Doe", Role.INTERVIEWER, "their Postgres migration")],
        note="Panel of three; ask about the on-call rota next time.",
    )
    jane = next(iter(view.people))
    repo.reject(view.card.id, date(2026, 2, 20), hired="Pat Kim")
    repo.log_reply(view.card.id, jane, "Go deeper on system design trade-offs.", done=True)
    repo.archive(view.card.id)
    return repo


def open_from_archive(pilot):  # type: ignore[no-untyped-def]
    async def run() -> None:
        await settle(pilot)
        await pilot.press("A", "enter")
        await settle(pilot)

    return run()


def test_read_only_detail_from_the_archive(snap_compare, archived: Repository) -> None:
    """`A` then `enter`: Acme's detail over the archive. Company and role are dimmed
    (disabled); the summary's third line says "Read-only: Acme is archived." and how to bring
    it back; the section titles drop "(enter edits…)" and "(space toggles)"; Jane Doe's
    feedback is under her name, Pat Kim is listed as hired, the Feedback checklist as it was
    left ([x] for the ask), the notes, and the history, newest first ("archived" on top).
    The footer still lists ^s and space: pressing them says the card is read-only."""
    assert snap_compare(make_app(archived), terminal_size=(120, 36), run_before=open_from_archive)


def test_read_only_detail_at_80_by_24(snap_compare, archived: Repository) -> None:
    """The same at 80x24: the fields, the read-only line (wrapped, not cut), people and the
    checklist fit; the notes and history are below, reached by scrolling."""
    assert snap_compare(make_app(archived), terminal_size=(80, 24), run_before=open_from_archive)

"""Snapshot tests of the People screen, the person view and "apply again". Each docstring
says what to see.

The clock is fixed (Monday 2 March 2026), ids are deterministic, cursors do not blink.
Update with ``pytest tests/ui/test_snapshots_people_screen.py --snapshot-update`` and look
at every SVG.
"""

from __future__ import annotations

from typing import Any

import pytest

from tracker.store.repo import Repository

from support.people import seed_network
from support.ui import fixed_ids, make_app, settle


@pytest.fixture
def network(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> Repository:
    fixed_ids(monkeypatch)
    seed_network(repo)
    return repo


async def open_people(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)


async def open_jane(pilot: Any) -> None:
    await open_people(pilot)
    await pilot.press("j", "enter")  # Bob Smith, then Jane Doe
    await settle(pilot)


def test_people_screen(snap_compare, network: Repository) -> None:
    """ "People (6) · 3 check-ins due", the filter field's placeholder, the column heads,
    then Acme (Bob Smith; Jane Doe, VP Engineering · hiring manager, "reply 2025-10-01",
    both "in 3d" in amber), Globex with "1 check-in due" (Ana Souza "62d overdue" in red),
    Hooli (two people due "today", bold amber), Initech (Bill Lumbergh "on the board",
    dimmed). The cursor on Bob Smith; the footer lists n, / and esc."""
    assert snap_compare(make_app(network), terminal_size=(120, 36), run_before=open_people)


def test_people_screen_at_80_by_24(snap_compare, network: Repository) -> None:
    """The same list in a small terminal: the title and role column is cut with "…", the
    last interaction and the next check-in stay whole and aligned under their heads."""
    assert snap_compare(make_app(network), terminal_size=(80, 24), run_before=open_people)


def test_people_screen_filtered_at_80_by_24(snap_compare, network: Repository) -> None:
    """ "hoo" typed in the filter: "People (2 of 6) · 3 check-ins due", only Hooli and its
    two people."""

    async def run_before(pilot: Any) -> None:
        await open_people(pilot)
        await pilot.press("slash", "h", "o", "o")
        await settle(pilot)

    assert snap_compare(make_app(network), terminal_size=(80, 24), run_before=run_before)


def test_person_view_at_80_by_24(snap_compare, network: Repository) -> None:
    """Jane Doe — VP Engineering: company, e-mail, highlight, notes; "Keep in touch" with
    the default cadence and the next check-in in 3 days; her Acme card (rejected, archived);
    her reply on two lines. The footer lists e, n, esc."""
    assert snap_compare(make_app(network), terminal_size=(80, 24), run_before=open_jane)


def test_apply_again_form_at_80_by_24(snap_compare, network: Repository) -> None:
    """n on Jane Doe: "New interview at Acme", "Follows your earlier interview there: Backend
    Engineer (rejected).", Acme filled in, the role focused, and "Who you met again" listing
    Bob Smith and Jane Doe — VP Engineering with Jane ticked; the keys line at the bottom
    still shows."""

    async def run_before(pilot: Any) -> None:
        await open_people(pilot)
        await pilot.press("j", "n")
        await settle(pilot)
        await pilot.press(*"Staff", "tab", "tab", "down", "space", "shift+tab", "shift+tab")
        await settle(pilot)

    assert snap_compare(make_app(network), terminal_size=(80, 24), run_before=run_before)

"""Snapshot tests of the coffee: the AIR form. Each docstring says what a reviewer should see.

The clock is fixed (Monday 2 March 2026), ids are deterministic, cursors do not blink.
Update with ``pytest tests/ui/test_snapshots_coffee.py --snapshot-update`` and look at every SVG.
"""

from __future__ import annotations

from datetime import date

import pytest

from tracker.store.repo import Repository

from support.coffee import coffee_card, hire_of
from support.ui import fixed_ids, make_app, settle


@pytest.fixture
def meeting(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> Repository:
    """One card in Coffee whose hire, Pat Kim, said yes to a meeting today."""
    fixed_ids(monkeypatch)
    card_id = coffee_card(repo)
    repo.accept_coffee(card_id, hire_of(repo, card_id), date(2026, 3, 2), "Happy to")
    return repo


async def _air_form(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("right", "right", "right", "space")
    await settle(pilot)
    await pilot.press(*"Ship small changes", "enter", *"and write about them", "tab")
    await pilot.press(*"The team hires for on-call experience", "tab")
    await settle(pilot)


def test_air_form(snap_compare, meeting: Repository) -> None:
    """The AIR form over the board: the title names Pat Kim and Acme, the day field says
    "today" with its echo "→ Mon 02 Mar 2026", then Advice (two lines typed), Insights (one
    line) and Recommendations (empty, its grey placeholder "people to talk to, things to
    read or learn", focused), and the hint on one line "ctrl+s saves · every part may stay
    empty · tab next · esc cancels"."""
    assert snap_compare(make_app(meeting), terminal_size=(120, 36), run_before=_air_form)


def test_air_form_at_80_by_24(snap_compare, meeting: Repository) -> None:
    """The same form in a small terminal: every field, the title and the hint are visible
    inside the dialog's border; nothing is cut at the bottom."""
    assert snap_compare(make_app(meeting), terminal_size=(80, 24), run_before=_air_form)

"""Snapshot tests of the network in the review: a check-in with its draft. Each docstring
says what a reviewer should see.

The clock is fixed (Monday 2 March 2026), ids are deterministic, cursors do not blink.
Update with ``pytest tests/ui/test_snapshots_network.py --snapshot-update`` and look at every SVG.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker import clock
from tracker.domain.capture import NewPerson
from tracker.domain.model import Outcome, Role
from tracker.store.repo import Repository

from support import FIXED_NOW
from support.ui import fixed_ids, make_app, settle


@pytest.fixture
def network(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> Repository:
    """Acme, withdrawn 100 days ago, with Jane Doe (a highlight) and Sam Lee; nothing else."""
    fixed_ids(monkeypatch)
    clock.set_now(FIXED_NOW - timedelta(days=100))
    acme = repo.add_interview(
        "Acme",
        "Backend Engineer",
        people=[
            NewPerson("Jane Doe", Role.HIRING_MANAGER, "their Postgres migration"),
            NewPerson("Sam Lee", Role.INTERVIEWER),
        ],
    )
    repo.finish(acme.card.id, Outcome.WITHDRAWN, date(2025, 11, 22))
    clock.set_now(FIXED_NOW)
    return repo


async def _review(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)


def test_review_check_in(snap_compare, network: Repository) -> None:
    """The review at its first check-in: the head says "Review · 1 of 2 · Keep in touch ·
    Jane Doe (Acme) · last contact 22 Nov 2025 · 10d overdue"; the one action "Check in
    with Jane Doe (10d overdue)" is selected; the draft greets Jane, names Acme and the
    Postgres migration, and ends "Best" (no profile name: unsigned, the comma dropped)."""
    assert snap_compare(make_app(network), terminal_size=(120, 36), run_before=_review)


def test_review_check_in_at_80_by_24(snap_compare, network: Repository) -> None:
    """The same at 80×24: the head wraps onto two lines, the action wraps in its list and
    the whole draft is visible; the footer shows the keys up to "e Edit", as on every
    review card at this width (? lists them all)."""
    assert snap_compare(make_app(network), terminal_size=(80, 24), run_before=_review)

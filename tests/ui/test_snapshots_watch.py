"""Snapshot tests of a watched company's reminder in the review. Each docstring says what
a reviewer should see.

The clock is fixed (Monday 2 March 2026), ids are deterministic, cursors do not blink.
Update with ``pytest tests/ui/test_snapshots_watch.py --snapshot-update`` and look at every SVG.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tracker import clock
from tracker.store.repo import Repository

from support import FIXED_NOW
from support.ui import fixed_ids, make_app, settle

TODAY = FIXED_NOW.date()


@pytest.fixture
def watched(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> Repository:
    """Acme interviewed 40 days ago, rejected 35 days ago and archived; its watch has a
    careers page and a note from a check; nothing else is due."""
    fixed_ids(monkeypatch)
    clock.set_now(FIXED_NOW - timedelta(days=40))
    acme = repo.add_interview("Acme", "Site Reliability Engineer")
    clock.set_now(FIXED_NOW - timedelta(days=35))
    repo.reject(acme.card.id, TODAY - timedelta(days=35))
    repo.archive(acme.card.id)
    repo.watch("Acme", url="https://acme.example/careers")
    clock.set_now(FIXED_NOW - timedelta(days=33))
    repo.watch_checked(repo.find_watch("acme").id, "nothing in SRE yet; platform team hiring")
    clock.set_now(FIXED_NOW)
    return repo


async def _review(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)


def test_review_watch_reminder_at_80_by_24(snap_compare, watched: Repository) -> None:
    """The review at the reminder, 80×24: the head says "Review · 1 of 1 · Watch · Acme ·
    last checked 28 Jan 2026 · 3d overdue" (it may wrap); the one action "Check openings at
    Acme (3d overdue)" is selected; beside it, "Careers page: https://acme.example/careers",
    "Interviews there:" with "Site Reliability Engineer: rejected 26 Jan 2026", the last
    check's note, "Watched every 30 days until 26 Jan 2027." and the keys line."""
    assert snap_compare(make_app(watched), terminal_size=(80, 24), run_before=_review)


def test_review_watch_reminder(snap_compare, watched: Repository) -> None:
    """The same at 120×36: the head on one line, the text beside the action unwrapped."""
    assert snap_compare(make_app(watched), terminal_size=(120, 36), run_before=_review)

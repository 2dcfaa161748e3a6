"""Snapshot of the inline capture form (its own module: tests/ui/test_snapshots.py is the board's)."""

from __future__ import annotations

from tracker.store.repo import Repository
from tracker.ui.capture import CaptureApp


def test_capture_form(snap_compare, repo: Repository) -> None:
    """The capture form at 80x24: four one-line fields (company focused), today's date echoed
    under the day field, the hint line on top; the people field shows its Name:role example."""
    assert snap_compare(CaptureApp(repo, blink=False), terminal_size=(80, 24))

"""Snapshot of the inline capture form (its own module: tests/ui/test_snapshots.py is the board's)."""

from __future__ import annotations

from tracker.store.repo import Repository
from tracker.ui.capture import CaptureApp


def test_capture_form(snap_compare, repo: Repository) -> None:
    """The capture form at 80x24: "Log an interview" on the top of its frame, four one-line
    fields with no blank rows between them (company focused), today's date echoed under the
    day field, the keys' hint on the last line; the people field shows its Name:role example."""
    assert snap_compare(CaptureApp(repo, blink=False), terminal_size=(80, 24))


def test_capture_form_error_in_ten_rows(snap_compare, repo: Repository) -> None:
    """A 60x10 pane after Enter on a day that is not a date: the echo says "not a date yet",
    and the whole error (three lines, in the error colour) stands where the hint was, inside
    the frame, above its bottom edge."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press(*"Acme", "tab", *"SRE", "tab", "tab", *"blurgsday", "enter")
        await pilot.pause()

    app = CaptureApp(repo, blink=False)
    assert snap_compare(app, terminal_size=(60, 10), run_before=run_before)

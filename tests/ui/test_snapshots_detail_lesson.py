"""Snapshot tests of `L` in the card detail: the sources picker and the lesson form.

The clock is fixed (Monday 2 March 2026), ids are deterministic, cursors do not blink.
Update with ``pytest tests/ui/test_snapshots_detail_lesson.py --snapshot-update`` and look
at every SVG.
"""

from __future__ import annotations

import pytest

from tracker.store.repo import Repository
from tracker.ui.screens.detail import CardDetailScreen

from support.lessons import seed_two_rejections
from support.ui import fixed_ids, make_app, settle


@pytest.fixture
def globex(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> str:
    fixed_ids(monkeypatch)
    return seed_two_rejections(repo)["Globex"]


def open_lesson(card_id: str, *keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        pilot.app.push_screen(CardDetailScreen(card_id))
        await settle(pilot)
        await pilot.press("L", *keys)
        await settle(pilot)

    return run_before


def test_lesson_sources_picker(snap_compare, repo: Repository, globex: str) -> None:
    """Over Globex's detail, "A lesson from Globex: which source?" and the card's sources
    numbered as `tracker lesson sources` numbers them: 1 Ann Bo's feedback with its day (cut
    with an ellipsis), highlighted; 2 and 3 the gaps "Kubernetes in production" and "On-call
    experience"; "enter chooses · esc cancels" at the bottom. The footer is the detail's."""
    app = make_app(repo)
    assert snap_compare(app, terminal_size=(120, 36), run_before=open_lesson(globex))


def test_lesson_form_at_80_by_24(snap_compare, repo: Repository, globex: str) -> None:
    """The form for source 2 in a small terminal: title "A lesson from Globex, source 2", the
    source in full ("the hire at Globex (Pat Kim) had it, 2026-03-02: “Kubernetes in
    production”"), Lesson prefilled "Kubernetes in production" and focused, Theme empty with
    "themes in use: system design" under it, "or attach it to a lesson you have:" and the
    lesson “Explain trade-offs out loud” (system design) · 1 source, the keys line; the whole
    dialog fits 24 rows."""
    app = make_app(repo)
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=open_lesson(globex, "down", "enter")
    )

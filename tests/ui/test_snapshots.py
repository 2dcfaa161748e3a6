"""Snapshot tests: what the board looks like. Each docstring says what a reviewer should see.

The clock is fixed (Monday 2 March 2026), ids are deterministic, cursors do not blink.
Update with ``pytest tests/ui/test_snapshots.py --snapshot-update`` and look at every SVG.
"""

from __future__ import annotations

import pytest

from tracker.demo import seed as seed_demo
from tracker.store.repo import Repository

from support.ui import fixed_ids, make_app, seed_small, settle


@pytest.fixture
def small(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> Repository:
    fixed_ids(monkeypatch)
    seed_small(repo)
    return repo


@pytest.fixture
def demo(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> Repository:
    fixed_ids(monkeypatch)
    seed_demo(repo)
    return repo


def test_empty_board(snap_compare, repo: Repository) -> None:
    """Four empty columns with zero counts, the status line says 0 due, the footer lists keys."""
    assert snap_compare(make_app(repo), terminal_size=(120, 36), run_before=settle)


def test_typical_board(snap_compare, demo: Repository) -> None:
    """Demo cards in all four columns: overdue (!! red) first, due today (*), late (! amber),
    waiting and snoozed (zz) markers; the first Thank-you card has the focus bar."""
    assert snap_compare(make_app(demo), terminal_size=(120, 36), run_before=settle)


def test_board_at_80_by_24(snap_compare, demo: Repository) -> None:
    """The same board in a small terminal: narrower columns, every column and the footer
    still visible. Long words are cut with an ellipsis, but each card keeps who its next
    action is for ("Reply w… · Alice") and when it is due in short words ("1d late",
    "zz until 7 Mar"); the status line keeps the due count, the streak badge is whole."""
    assert snap_compare(make_app(demo), terminal_size=(80, 24), run_before=settle)


def test_filtered_board(snap_compare, demo: Repository) -> None:
    """Filtered on "engineer": only engineering roles remain, the status line says how many of
    the cards are shown ("6 of 8 cards") and the filter, the filter field stays visible at the
    bottom."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("slash", *"engineer", "enter")
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=(120, 36), run_before=run_before)


def test_card_detail(snap_compare, small: Repository) -> None:
    """Acme's detail: company and role fields, stage line, two people with roles and a
    highlight (the label lists the people keys: enter, +, y, N, c), a six-item checklist,
    empty notes, and the history; the footer has "+ Add person"."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(make_app(small), terminal_size=(120, 36), run_before=run_before)


def test_new_interview_modal(snap_compare, small: Repository) -> None:
    """The new-interview dialog over the board, company field focused, today's date echoed."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)

    assert snap_compare(make_app(small), terminal_size=(120, 36), run_before=run_before)


def test_help_screen(snap_compare, small: Repository) -> None:
    """Every key in effect with what it does and its binding id, vim keys beside arrows;
    the board's own keys first, then quit and commands, then Textual's tab and copy keys."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(small), terminal_size=(120, 36), run_before=run_before)


def test_archive_screen(snap_compare, demo: Repository) -> None:
    """The archive: an offer, a withdrawal and an archived card, newest interview first; the
    footer offers enter (open, read-only) and esc (back)."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)

    assert snap_compare(make_app(demo), terminal_size=(120, 36), run_before=run_before)


def test_review_card(snap_compare, small: Repository) -> None:
    """The review on Globex: its pending actions on the left, the e-mail draft to Ana on the
    right, the header says card 1 of 3 and how overdue it is."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)

    assert snap_compare(make_app(small), terminal_size=(120, 36), run_before=run_before)


def test_review_long_template(snap_compare, small: Repository) -> None:
    """A user template longer than the pane: the draft wraps and scrolls inside its box,
    nothing spills over the action list or the footer (80x24)."""
    folder = small.paths.config_dir / "templates"
    folder.mkdir()
    paragraph = (
        "Thank you for taking the time to talk with me about the {role} role at {company}. "
        "I keep thinking about our conversation and the problems your team is solving. "
    )
    (folder / "thank_email.txt").write_text(
        "Hi {first_name},\n\n" + paragraph * 6 + "\n\nBest,\nMe"
    )

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)

    assert snap_compare(make_app(small), terminal_size=(80, 24), run_before=run_before)


def test_review_summary(snap_compare, small: Repository) -> None:
    """After D on all three due cards: counts of done, skipped and snoozed, the streak and
    score before and after, and how many are due tomorrow."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        for _ in range(3):
            await pilot.press("D")
            await settle(pilot)

    assert snap_compare(make_app(small), terminal_size=(120, 36), run_before=run_before)


def test_streak_badge_at_risk(
    snap_compare, repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The status line's streak badge on the right is highlighted and starts with "!": a
    4-day streak that ends tonight unless today is kept."""
    from test_streak_ui import keep_days

    fixed_ids(monkeypatch)
    keep_days(repo, 4)
    assert snap_compare(make_app(repo), terminal_size=(120, 36), run_before=settle)


def test_stats_screen(snap_compare, repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    """Streak and stats at 80x24: streaks and freezes, the score with what missing today
    would do, the heatmap with three kept days (■) and today pending (?), the legend."""
    from test_streak_ui import keep_days

    fixed_ids(monkeypatch)
    keep_days(repo, 3)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)

    assert snap_compare(make_app(repo), terminal_size=(80, 24), run_before=run_before)


# --- themes (issue 6) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "theme", ["tracker-dark", "tracker-light", "tracker-high-contrast", "tracker-ansi"]
)
def test_board_in_each_bundled_theme(snap_compare, small: Repository, theme: str) -> None:
    """The small board in each bundled theme: Globex overdue (!! in the theme's overdue colour,
    with the focus bar), Acme due today (*), Initech in Feedback and Hooli in Monitor on track.
    tracker-dark looks like the default board; tracker-light is dark text on a light background;
    tracker-high-contrast is white on black with saturated state colours; tracker-ansi uses only
    the terminal's 16 colours, drawn here with the SVG exporter's own ANSI palette."""
    from tracker.ui.app import TrackerApp

    app = TrackerApp(small, poll_interval=3600, blink=False, theme=theme)
    assert snap_compare(app, terminal_size=(120, 36), run_before=settle)


def test_board_with_no_color(
    snap_compare, demo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR set: the demo board in greys only, yet every due state still reads from its
    text marker: !! overdue, ! late, * today, zz snoozed, waiting."""
    monkeypatch.setenv("NO_COLOR", "1")  # Textual reads it when the app is created
    assert snap_compare(make_app(demo), terminal_size=(120, 36), run_before=settle)


# --- the demo board (issue "A new user's first hour") ---------------------------------


def test_demo_board_says_so(snap_compare, demo: Repository, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The demo board at 80x24: the window title and the status line (bold, in the warning
    colour) start with "DEMO"; the due count and the streak badge are still there."""
    from tracker import paths
    from tracker.ui.app import TrackerApp

    app = TrackerApp(demo, poll_interval=3600, blink=False, demo_of=paths.resolve(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_demo_new_interview_form(snap_compare, demo: Repository, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`n` on the demo board at 80x24: under "New interview", in bold warning colour, "This is
    the demo: what you add here starts your real board."; every field and both hints fit."""
    from tracker import paths
    from tracker.ui.app import TrackerApp

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)

    app = TrackerApp(demo, poll_interval=3600, blink=False, demo_of=paths.resolve(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)

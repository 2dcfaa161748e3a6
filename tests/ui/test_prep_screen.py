"""The prep page on the board: P on any card opens it for that card's company (in `?` and
the palette), the same lines as `tracker prep`, scrollable, escape goes back; it writes
nothing; a control character in a name shows as ^[. Snapshots at 120x36 and 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.help import bindings_of
from tracker.ui.screens.prep import PrepScreen

from support.prep import fresh, seed
from support.ui import fixed_ids, make_app, settle


def files(home: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()
    }


async def test_p_opens_the_prep_page_for_the_focused_cards_company(home: Path) -> None:
    ids = seed(home)
    app = make_app(fresh(home))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert ("P", "Prep for an interview", "prep") in bindings_of(board)
        assert "Prep for an interview" in [c.title for c in board.palette_commands()]
        before = files(home)
        await pilot.press("P")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrepScreen)
        shown = screen.text()
        assert shown[:2] == [
            "Prep: acme",
            f"Next interview: Staff Engineer on Wed 2026-03-04 (in 2 days), card {ids['staff']}, Thank-you.",
        ]
        for line in (
            "Lessons to practise (2)",
            "  [open] Explain trade-offs out loud (2 companies)",
            f"- Backend Engineer: Mon 2026-01-12; rejected on Tue 2026-01-20 (card {ids['backend']}, "
            "Feedback)",
            "    Last: feedback on Tue 2026-01-20:",
            "      You jumped to the solution.",
            "    They had: Kubernetes in production",
            "Send a thank-you e-mail — Jane Doe:",
            "  Hi Jane,",
        ):
            assert line in shown, line
        assert ("j", "Scroll down", "prep_down") in bindings_of(screen)
        scroll = screen.query_one("#prep")
        assert scroll.scroll_y == 0
        await pilot.press("j", "j", "j")
        await settle(pilot)
        assert scroll.scroll_y == 3
        await pilot.press("k")
        await settle(pilot)
        assert scroll.scroll_y == 2
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert files(home) == before


async def test_on_a_rejected_card_the_pending_interview_is_still_the_one_ahead(
    home: Path,
) -> None:
    seed(home)
    app = make_app(fresh(home))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("l", "P")  # the Feedback column: Acme's Backend Engineer
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrepScreen)
        assert screen.text()[1].startswith("Next interview: Staff Engineer on Wed 2026-03-04")


async def test_with_no_card_p_says_so(repo: Repository) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_a_control_character_in_a_name_is_shown(repo: Repository) -> None:
    repo.add_interview(
        "Evil\x1b]0;x\x07Co", "Eng", people=[NewPerson("Ev\x1b[2Je", Role.INTERVIEWER)]
    )
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrepScreen)
        text = "\n".join(screen.text())
        assert "\x1b" not in text and "\x07" not in text
        assert "Prep: Evil^[]0;x^GCo" in text and "- Ev^[[2Je: interviewer on Eng (" in text


@pytest.fixture
def prepared(home: Path, monkeypatch: pytest.MonkeyPatch) -> Repository:
    fixed_ids(monkeypatch)
    seed(home)
    return fresh(home)


def _open_prep():  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)

    return run_before


def test_prep_screen(snap_compare, prepared: Repository) -> None:
    """ "Prep: acme" in the accent colour, "Next interview: Staff Engineer on Wed 2026-03-04 (in 2 days)";
    bold headings "Lessons to practise (2)" (system design from 2 companies first, then
    kubernetes), "Earlier interviews at acme (2)" (Data Engineer ghosted, Backend Engineer
    rejected), "People you know there (4)": Lee Park and Jane Doe (the interview ahead) first,
    Jane's title, both her roles and her e-mail, Bob Smith's feedback in italics, three lines
    then "…"; the comparison with Pat Kim; a scroll bar on the right; the footer shows
    esc Back and ? Keys."""
    assert snap_compare(make_app(prepared), terminal_size=(120, 36), run_before=_open_prep())


def test_prep_screen_at_80_by_24(snap_compare, prepared: Repository) -> None:
    """The same at 80x24: long lines wrap, an indented one under its own indent (the two
    feedback sources of "Explain trade-offs out loud"); the page scrolls, the footer fits."""
    assert snap_compare(make_app(prepared), terminal_size=(80, 24), run_before=_open_prep())

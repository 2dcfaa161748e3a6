"""The Lessons screen: E on the board (in `?` and the palette), themes strongest first,
each lesson with its sources, the state changed by key and kept in the store (read back
through a second ``Repository``), undone from the board with u."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker import config, paths
from tracker.domain.capture import NewPerson
from tracker.domain.lessons import LessonState
from tracker.domain.model import Role
from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.help import bindings_of
from tracker.ui.screens.lessons import LessonsScreen

from support.ui import fixed_ids, make_app, settle


def fresh(home: Path) -> Repository:
    where = paths.resolve(home)
    return Repository(where, config.load(home / "config.toml"))


def seed_lessons(repo: Repository) -> None:
    """Acme and Globex rejected, each with feedback; a comparison gap at Globex; two lessons:
    "Explain trade-offs out loud" from both companies, "Run Kubernetes" from the gap."""
    cards = {}
    for company, person, said in (
        ("Acme", "Jane Doe", "You jumped to the solution; explain the trade-offs first"),
        ("Globex", "Ann Bo", "Say the trade-offs out loud"),
    ):
        view = repo.add_interview(
            company, "Eng", on=date(2026, 2, 20), people=[NewPerson(person, Role.INTERVIEWER)]
        )
        repo.reject(
            view.card.id, date(2026, 2, 27), hired="Pat Kim" if company == "Globex" else None
        )
        (pid,) = [p for p, x in view.people.items() if x.name == person]
        repo.log_reply(view.card.id, pid, said, done=True)
        cards[company] = view.card.id
    repo.compare(cards["Globex"], "SRE at a bank", ["Kubernetes in production"], "no")
    (jane,) = repo.card_sources(cards["Acme"])
    ann, gap = repo.card_sources(cards["Globex"])
    repo.add_lesson("Run Kubernetes in production", "kubernetes", [gap.source])
    repo.add_lesson("Explain trade-offs out loud", "system design", [jane.source, ann.source])


def lines(screen: LessonsScreen) -> list[str]:
    listing = screen.query_one("#lessons")
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_e_opens_the_lessons_and_keys_change_the_state_in_the_store(
    repo: Repository, home: Path
) -> None:
    seed_lessons(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert ("E", "Lessons", "lessons") in bindings_of(board)
        assert "Lessons" in [c.title for c in board.palette_commands()]
        await pilot.press("E")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LessonsScreen)
        shown = lines(screen)
        assert shown[0] == "system design — 2 sources from 2 companies"
        assert shown[1].splitlines() == [
            "  ○ open       Explain trade-offs out loud  ◆ 2 companies",
            "      feedback said by Jane Doe at Acme, 2026-03-02: “You jumped to the solution; "
            "explain the trade-offs first”",
            "      feedback said by Ann Bo at Globex, 2026-03-02: “Say the trade-offs out loud”",
        ]
        assert shown[2] == "kubernetes — 1 source"
        assert shown[3].splitlines()[1] == (
            "      the hire at Globex (Pat Kim) had it, 2026-03-02: “Kubernetes in production”"
        )
        assert screen.current() == fresh(home).find_lesson("trade-offs").id

        await pilot.press("space")  # open -> practising
        await settle(pilot)
        assert fresh(home).find_lesson("trade-offs").state is LessonState.PRACTISING
        await pilot.press("space")  # -> learned
        await settle(pilot)
        assert fresh(home).find_lesson("trade-offs").state is LessonState.LEARNED
        await pilot.press("j", "p")  # the theme line is skipped: the next lesson
        await settle(pilot)
        assert fresh(home).find_lesson("kubernetes").state is LessonState.PRACTISING
        assert lines(app.screen)[3].startswith("  ◐ practising Run Kubernetes")
        await pilot.press("k", "o")
        await settle(pilot)
        assert fresh(home).find_lesson("trade-offs").state is LessonState.OPEN

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("u")
        await settle(pilot)
        assert fresh(home).find_lesson("trade-offs").state is LessonState.LEARNED


async def test_with_no_lessons_the_screen_says_how_to_make_one(repo: Repository) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LessonsScreen)
        assert not screen.query_one("#lessons").display
        empty = str(screen.query_one("#lessons-empty").render())
        assert "L in a card's detail" in empty and "tracker lesson add" in empty
        await pilot.press("space", "l")  # nothing to change: nothing happens
        await settle(pilot)
        assert repo.lessons() == []


@pytest.fixture
def with_lessons(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> Repository:
    fixed_ids(monkeypatch)
    seed_lessons(repo)
    return repo


def _open_lessons():  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)

    return run_before


def test_lessons_screen(snap_compare, with_lessons: Repository) -> None:
    """Lessons (2): "system design — 2 sources from 2 companies" first (two companies beat
    one), its lesson "○ open Explain trade-offs out loud" highlighted with "◆ 2 companies",
    Jane Doe's and Ann Bo's feedback under it with company and day; then "kubernetes — 1
    source" with "the hire at Globex (Pat Kim) had it". The footer lists space (State), o, p, l, esc and ?."""
    assert snap_compare(make_app(with_lessons), terminal_size=(120, 36), run_before=_open_lessons())


def test_lessons_screen_at_80_by_24(snap_compare, with_lessons: Repository) -> None:
    """The same at 80×24: every source stays on one line, cut with an ellipsis, indented
    under its lesson; the footer still fits."""
    assert snap_compare(make_app(with_lessons), terminal_size=(80, 24), run_before=_open_lessons())

"""At 80 columns a card still says who its next action is for and when it is due,
and the status line keeps the due count and the streak (issue "A new user's first hour", 5)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.geometry import Region

from tracker.demo import seed as seed_demo
from tracker.domain.model import Stage
from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen
from tracker.ui.widgets.column import CARD_HEIGHT, CardColumn

from support.ui import fixed_ids, make_app, settle


@pytest.fixture
def demo(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> Repository:
    fixed_ids(monkeypatch)
    seed_demo(repo)
    return repo


def cards_as_text(screen: BoardScreen, stage: Stage) -> dict[str, list[str]]:
    """Each card of a column as drawn: company -> its four lines (bar and marker included)."""
    column = screen.query_one(f"#cards-{stage.value}", CardColumn)
    width, height = column.size
    lines = [strip.text for strip in column.render_lines(Region(0, 0, width, height))]
    return {
        view.company: lines[i * CARD_HEIGHT : i * CARD_HEIGHT + CARD_HEIGHT - 1]
        for i, view in enumerate(column.views)
        if (i + 1) * CARD_HEIGHT <= height
    }


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_each_card_says_for_whom_and_when(demo: Repository, size: tuple[int, int]) -> None:
    app = make_app(demo)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        cards: dict[str, list[str]] = {}
        for stage in Stage:
            cards.update(cards_as_text(screen, stage))
    expected = {  # company: (who, when)
        "Globex": ("Ana", "1d overdue"),
        "Northwind Labs": ("Priya", "today"),
        "Initech": ("Joanna", "waiting"),
        "Umbrella Health": ("Alice", "1d late"),
        "Hooli": ("Gavin", "zz"),
        "Stark Industries": ("Harley", "10d late"),
        "Vandelay Industries": (None, "in 15d"),
        "Wayne Enterprises": ("Tim", "in 14d"),
    }
    for company, (who, when) in expected.items():
        _, _, action, due = cards[company]
        if who:
            assert who in action, f"{company}: {action!r} does not say who"
        assert when in due and "…" not in due, f"{company}: {due!r}"
    assert "7 Mar" in cards["Hooli"][3] or "2026-03-07" in cards["Hooli"][3]


async def test_the_status_line_keeps_the_due_count_and_the_streak_at_80_columns(
    demo: Repository,
) -> None:
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"engineer", "enter")
        await settle(pilot)
        left = app.screen.query_one("#status-left")
        text = str(left.render())
        badge = str(app.screen.query_one("#streak-badge").render())
        assert "due" in text and "filter: engineer" in text
        assert cell_len(text) <= left.content_size.width, f"{text!r} is cut"
        assert badge.startswith("streak ")


def test_a_person_known_by_an_initial_is_shown_by_the_last_name(repo: Repository) -> None:
    from datetime import date

    from tracker.domain.capture import NewPerson
    from tracker.domain.model import Role
    from tracker.ui.widgets.column import next_action_short

    view = repo.add_interview(
        "Pendant Publishing",
        "Editor",
        on=date(2026, 3, 2),
        people=[NewPerson("J. Peterman", Role.HIRING_MANAGER)],
    )
    assert next_action_short(view, 40) == "Thank-you e-mail · J. Peterman"
    assert next_action_short(view, 20) == "Thank-yo… · Peterman"

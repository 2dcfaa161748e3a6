"""The board column's card cache: a card is built once, and again only when it changes."""

from __future__ import annotations

import pytest
from textual.strip import Strip
from ui_support import make_app, seed_small, settle

from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen
from tracker.ui.widgets.column import CARD_HEIGHT, CardColumn, CardView


def column_of(app) -> CardColumn:  # type: ignore[no-untyped-def]
    screen = app.screen_stack[1]
    assert isinstance(screen, BoardScreen)
    return screen.query_one("#cards-thank_you", CardColumn)


def card_text(column: CardColumn, card_id: str) -> list[str]:
    """The four text lines of one card, rendered as a frame would ask for them."""
    row = [view.card.id for view in column.views].index(card_id)
    top = row * CARD_HEIGHT - int(column.scroll_y)
    return [column.render_line(y).text for y in range(top, top + CARD_HEIGHT - 1)]


def count_builds(column: CardColumn, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the id of every card the column builds from here on."""
    built: list[str] = []
    real = column._render_card

    def spy(view: CardView, look: int, width: int) -> list[Strip]:
        built.append(view.card.id)
        return real(view, look, width)

    monkeypatch.setattr(column, "_render_card", spy)
    return built


async def test_a_card_is_built_once_and_again_when_it_changes(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        column = column_of(app)
        built = count_builds(column, monkeypatch)
        column.notify_style_update()  # what a theme change does: every cached card goes

        first = card_text(column, ids["globex"])
        assert card_text(column, ids["globex"]) == first
        assert built == [ids["globex"]]  # eight lines asked for, one card built
        assert first[0].rstrip().endswith("0/3")

        await pilot.press("space")  # Globex, under the cursor: its next item is done
        await settle(pilot)
        done = Repository(repo.paths, repo.settings).find_card(ids["globex"]).card.progress()
        assert done == (1, 3)
        built.clear()
        changed = card_text(column, ids["globex"])
        assert changed[0].rstrip().endswith("1/3")  # not the cached 0/3
        assert changed[2] != first[2]  # the next action moved on too
        assert card_text(column, ids["globex"]) == changed
        assert built.count(ids["globex"]) <= 1  # built for the new frame or for us, once

        await pilot.press("j")  # the cursor leaves Globex for Acme: both look different
        await settle(pilot)
        built.clear()
        globex, acme = card_text(column, ids["globex"]), card_text(column, ids["acme"])
        assert globex[0].startswith("▎") and acme[0].startswith("▌")  # the cursor's bar
        assert card_text(column, ids["globex"]) == globex
        assert card_text(column, ids["acme"]) == acme
        assert len(built) == len(set(built)) <= 2  # each at most once, frame or us

"""`u` on the board undoes the board's own last action; what another process did only
once a confirmation that names it is answered yes (issue "Trust", item 4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.dialogs import ConfirmScreen

from support.ui import make_app, seed_small, settle


def fresh(repo: Repository) -> Repository:
    """A second repository on the same files: another process, such as `tracker add`."""
    return Repository(repo.paths, repo.settings)


def companies(repo: Repository) -> set[str]:
    snap = fresh(repo).snapshot()
    return {snap.opportunity(card).company for card in snap.cards.values()}


def done_items(repo: Repository, card_id: str) -> int:
    return fresh(repo).snapshot().cards[card_id].progress()[0]


def question(app: Any) -> str:
    assert isinstance(app.screen, ConfirmScreen), app.screen
    return app.screen.question


def recording(app: Any) -> list[str]:
    shown: list[str] = []
    original = app.notify

    def record(message: str, **kwargs: Any) -> None:
        shown.append(message)
        original(message, **kwargs)

    app.notify = record
    return shown


async def test_u_leaves_what_another_process_added_and_undoes_the_boards_own(
    repo: Repository,
) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    shown = recording(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "space")  # the board completes Acme's first item
        await settle(pilot)
        assert done_items(repo, ids["acme"]) == 1
        fresh(repo).add_interview("Delta", "Eng", on=date(2026, 3, 2))  # `tracker add` elsewhere
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert "Delta" in companies(repo)
        assert done_items(repo, ids["acme"]) == 0
        assert shown[-1].startswith("Undid: ") and "Acme" in shown[-1]


async def test_undoing_what_was_done_elsewhere_asks_first_and_names_it(repo: Repository) -> None:
    fresh(repo).add_interview("Delta", "Eng", on=date(2026, 3, 2))  # not the board's
    app = make_app(repo)
    shown = recording(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert question(app) == "Undo “adding Delta (Eng)”, done outside this board?"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert companies(repo) == {"Delta"}
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert companies(repo) == set()
        assert shown[-1] == "Undid: adding Delta (Eng) (done outside this board)."


async def test_a_newer_change_elsewhere_to_the_same_card_is_never_lost_silently(
    repo: Repository,
) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    shown = recording(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "space")  # the board completes Acme's first item
        await settle(pilot)
        other = fresh(repo)
        other.snooze(ids["acme"], date(2026, 3, 9))  # then another process snoozes Acme
        other.add_interview("Delta", "Eng", on=date(2026, 3, 2))  # and adds an unrelated card
        await pilot.press("u")
        await settle(pilot)
        asked = question(app)
        assert "“the snooze until 2026-03-09 on Acme”, done outside this board" in asked
        assert "Delta" not in asked
        await pilot.press("n")  # nothing is undone: neither change is lost
        await settle(pilot)
        card = fresh(repo).snapshot().cards[ids["acme"]]
        assert card.snoozed_until == date(2026, 3, 9) and card.progress()[0] == 1
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")  # both, newest first, in one transaction
        await settle(pilot)
        card = fresh(repo).snapshot().cards[ids["acme"]]
        assert card.snoozed_until is None and card.progress()[0] == 0
        assert "Delta" in companies(repo)
        assert shown[-1].startswith("Undid: the snooze until 2026-03-09 on Acme, then ")

"""A review that creates due items goes on with them instead of calling itself finished.

The clock is Monday 2026-03-02.
"""

from __future__ import annotations

from datetime import date

import msgspec.structs

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role, Stage
from tracker.store.repo import Repository
from tracker.ui.screens.review import ReviewScreen

from support.ui import make_app, settle


async def test_a_stage_that_moves_on_in_the_review_is_reviewed_next(repo: Repository) -> None:
    # Rejected 20 January: Feedback is overdue, and once it is done Monitor (target
    # 19 February) is due at once. (No watch of Initech: its reminder, due 19 February
    # too, would come after the card in the queue.)
    repo = Repository(repo.paths, msgspec.structs.replace(repo.settings, watch_every=0))
    card = repo.add_interview(
        "Initech", "SRE", on=date(2026, 1, 5), people=[NewPerson("Bill", Role.HIRING_MANAGER)]
    ).card.id
    repo.reject(card, date(2026, 1, 20))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.queue == [card]
        await pilot.press("D")
        await settle(pilot)
        assert not screen.finished
        assert screen.view is not None and screen.view.card.id == card
        assert screen.view.card.stage is Stage.MONITOR
        head = str(screen.query_one("#review-head").render())
        assert "Monitor" in head
        await pilot.press("D")
        await settle(pilot)
        assert screen.finished
        summary = str(screen.query_one("#review-summary").render())
        assert summary.startswith("Review finished")
        assert "still due today" not in summary


async def test_a_review_left_with_cards_passed_over_does_not_say_finished(
    repo: Repository,
) -> None:
    for company in ("Acme", "Globex"):
        repo.add_interview(company, "Engineer", on=date(2026, 2, 20))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("n", "D")  # pass over the first card, finish the second
        await settle(pilot)
        assert screen.finished
        summary = str(screen.query_one("#review-summary").render())
        assert summary.startswith("Review stopped")
        assert "1 still due today" in summary

"""The review says when each item is due in the board's words, never a bare "(due)".

The clock is Monday 2026-03-02.
"""

from __future__ import annotations

from datetime import date

from textual.widgets import OptionList

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.store.repo import Repository
from tracker.ui.screens.review import ReviewScreen

from support.ui import make_app, settle


async def test_review_items_say_how_late_they_are_as_the_board_does(repo: Repository) -> None:
    # Interview 18 February: the e-mail's deadline was 19 February (11 days ago); the
    # note's target 19 February, deadline 21 February (9 days ago).
    view = repo.add_interview(
        "Globex", "Data Engineer", on=date(2026, 2, 18), people=[NewPerson("Ana", Role.INTERVIEWER)]
    )
    app = make_app(repo)
    async with app.run_test(size=(140, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        actions = screen.query_one("#actions", OptionList)
        labels = [str(actions.get_option_at_index(n).prompt) for n in range(actions.option_count)]
        assert labels == [
            "Send a thank-you e-mail — Ana  (11d overdue)",
            "Send a LinkedIn request with a personal line — Ana  (9d overdue)",
            "Write a hand-written note — Ana  (9d overdue)",
        ]
        head = str(screen.query_one("#review-head").render())
        assert head.endswith(view.due_words(date(2026, 3, 2)))
        assert "(due)" not in " ".join(labels)


async def test_review_items_past_the_target_and_ahead(repo: Repository) -> None:
    # Interview today: the e-mail is due today, the note and LinkedIn tomorrow.
    repo.add_interview(
        "Acme", "SRE", on=date(2026, 3, 2), people=[NewPerson("Bo", Role.INTERVIEWER)]
    )
    app = make_app(repo)
    async with app.run_test(size=(140, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        actions = app.screen.query_one("#actions", OptionList)
        labels = [str(actions.get_option_at_index(n).prompt) for n in range(actions.option_count)]
        assert [label.rsplit("  ", 1)[1] for label in labels] == [
            "(today)",
            "(tomorrow)",
            "(tomorrow)",
        ]

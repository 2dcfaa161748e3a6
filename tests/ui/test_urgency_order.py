"""One urgency order: the board's columns, `tracker due` and the review agree.

The clock is Monday 2026-03-02. Within "past the deadline" and "past the target" the
most days late come first, then the stage, then the age of the card.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from tracker import clock
from tracker.domain.model import Stage
from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.review import ReviewScreen

from support import FIXED_NOW
from support.cli import ok
from support.ui import make_app, settle


def _add(repo: Repository, company: str, interview: date, logged: date) -> str:
    """An interview logged on ``logged``: the card's age is the day it was logged."""
    clock.set_now(datetime(logged.year, logged.month, logged.day, 10, tzinfo=UTC))
    try:
        return repo.add_interview(company, "Engineer", on=interview).card.id
    finally:
        clock.set_now(FIXED_NOW)


def seed(repo: Repository) -> dict[str, str]:
    ids = {
        # Thank-you, e-mail deadline the day after the interview. The 8-days-overdue card
        # is the older one, so "stage, then age" alone would put it first.
        "8d overdue": _add(repo, "Eight", date(2026, 2, 21), date(2026, 2, 21)),
        "11d overdue": _add(repo, "Eleven", date(2026, 2, 18), date(2026, 2, 25)),
        "due today": _add(repo, "Today", date(2026, 3, 2), date(2026, 3, 2)),
        # Feedback: reply target the day after the rejection, deadline three days after.
        "1d late": _add(repo, "OneLate", date(2026, 2, 10), date(2026, 2, 10)),
        "2d late": _add(repo, "TwoLate", date(2026, 2, 11), date(2026, 2, 11)),
    }
    repo.reject(ids["1d late"], date(2026, 2, 28))
    repo.reject(ids["2d late"], date(2026, 2, 27))
    return ids


async def test_urgency_order_is_the_same_on_the_board_in_due_and_in_the_review(
    repo: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = seed(repo)
    names = {card_id: name for name, card_id in ids.items()}
    expected = ["11d overdue", "8d overdue", "2d late", "1d late", "due today"]

    due = [names[card["id"]] for card in json.loads(ok(capsys, "due", "--json"))]
    assert due == expected
    agenda = ok(capsys, "due")
    assert agenda.index("11d overdue") < agenda.index("8d overdue")
    assert agenda.index("2d late") < agenda.index("1d late")

    app = make_app(repo)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen) and screen.model is not None
        columns = {
            stage: [names[v.card.id] for v in screen.model.columns[stage]] for stage in Stage
        }
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        review = [names[card_id] for card_id in app.screen.queue]

    assert review == expected
    assert columns[Stage.THANK_YOU] == ["11d overdue", "8d overdue", "due today"]
    assert columns[Stage.FEEDBACK] == ["2d late", "1d late"]
    for stage, shown in columns.items():
        assert shown == [name for name in due if name in shown], stage

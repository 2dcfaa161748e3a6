"""The board defers the prompt summary: its actions do not pay for it.

A long-lived process (the board) calls ``Repository.defer_summary()``: a commit leaves
the summary as it was (naming the older state file, so `tracker due --count` reads the
full path), and ``write_summary()``, called when the board is idle and when it closes,
writes it for the data as committed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tracker.cli import prompt as fast
from tracker.domain.capture import NewPerson
from tracker.store.repo import Repository

from support.ui import make_app, settle


def current(home: Path) -> bool:
    """Whether the home's prompt summary matches its files now (the fast path uses it)."""
    return fast._day(str(home)) is not None


def test_a_deferred_commit_leaves_the_summary_to_write_summary(
    repo: Repository, home: Path
) -> None:
    view = repo.add_interview("Acme", "SRE", on=date(2026, 3, 2), people=[NewPerson("Jo Li")])
    assert current(home)  # a command's commit writes it at once
    repo.defer_summary()
    repo.close_items(view.card.id, [view.card.open_items[0].id])
    assert not current(home)
    assert repo.write_summary() is True
    assert current(home)
    assert repo.write_summary() is False  # nothing left out since


async def test_the_board_writes_the_summary_when_idle(repo: Repository, home: Path) -> None:
    repo.add_interview("Acme", "SRE", on=date(2026, 3, 2), people=[NewPerson("Jo Li")])
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert not current(home)  # the action did not build it
        board = app.screen
        board.poll()  # type: ignore[attr-defined]  # the idle timer's call
        await settle(pilot)
        assert current(home)

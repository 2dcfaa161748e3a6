"""Opening the board or the review writes nothing (issue 17: "Opening the board should
never write"; the guide: reads don't write).

The passing of time (a snooze that ended, a waiting card whose next stage began) used
to be stored when the board or the review opened: a whole rewrite of tracker.json just
for looking. It is now applied in memory, as `tracker list` and `due` do; the first
action on a card stores it (see Repository._time_passed).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import msgspec

from tracker import clock
from tracker.domain.model import State
from tracker.store import dayindex
from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.review import ReviewScreen

from support.ui import make_app, seed_small, settle


def files(home: Path) -> dict[str, tuple[bytes, int]]:
    return {
        name: ((home / name).read_bytes(), (home / name).stat().st_mtime_ns)
        for name in ("tracker.json", "events.jsonl")
    }


def snoozed_home(repo: Repository) -> dict[str, str]:
    """seed_small, with Acme snoozed to Wednesday; the clock then moves to Thursday."""
    ids = seed_small(repo)
    repo.snooze(ids["acme"], date(2026, 3, 4))
    clock.set_now(datetime(2026, 3, 5, 10, 0, tzinfo=UTC))
    return ids


async def test_opening_the_board_writes_nothing_and_shows_the_snooze_ended(
    repo: Repository,
) -> None:
    ids = snoozed_home(repo)
    home = repo.paths.data_dir
    before = files(home)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen_stack[1]
        assert isinstance(screen, BoardScreen)
        acme = screen.model.views[ids["acme"]]
        assert acme.card.state is State.ACTIVE  # shown as time left it
        screen.poll()  # the change poll reads, too
        await settle(pilot)
        assert files(home) == before
    # The first action on the card stores what time did, with the action.
    assert (
        Repository(repo.paths, repo.settings).snapshot().cards[ids["acme"]].state is State.SNOOZED
    )


async def test_opening_the_review_writes_nothing(repo: Repository) -> None:
    ids = snoozed_home(repo)
    home = repo.paths.data_dir
    before = files(home)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert ids["acme"] in app.screen.queue  # the ended snooze is due
        assert files(home) == before


async def test_a_home_without_a_streak_index_opens_without_writing(repo: Repository) -> None:
    """A home only `tracker add` or an import ever wrote has no day index: the board
    computes the streak in memory (issue 17: it used to rewrite the whole file)."""
    seed_small(repo)
    path = repo.paths.database
    data = msgspec.json.decode(path.read_bytes())
    data.pop(dayindex.TABLE, None)
    path.write_bytes(msgspec.json.encode(data))
    home = repo.paths.data_dir
    before = files(home)
    app = make_app(Repository(repo.paths, repo.settings))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen_stack[1]
        assert isinstance(screen, BoardScreen) and screen.loaded
        screen.poll()
        await settle(pilot)
        assert files(home) == before

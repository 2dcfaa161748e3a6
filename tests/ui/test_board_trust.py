"""The board and the trust issues: opening it writes nothing; a damaged event log ends it
with one sentence; a held lock is said at once (issue "Trust", items 17, 8, 16)."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from tracker import clock
from tracker.domain.capture import NewPerson
from tracker.store import dayindex
from tracker.store.lock import FileLock
from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen

from support.ui import make_app, settle


def fresh(repo: Repository) -> Repository:
    """A second repository on the same files: what another process would read."""
    return Repository(repo.paths, repo.settings)


def files(repo: Repository) -> dict[str, tuple[bytes, int]]:
    """Both files' bytes and modification times."""
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in (repo.paths.database, repo.paths.events)
    }


def without_index(repo: Repository) -> None:
    """Two kept days (Sat 28 Feb, Mon 2 Mar), then the day index taken out of the file."""
    view = repo.add_interview("Acme", "Engineer", people=[NewPerson("Jane Doe")])
    person = view.opportunity.people[0].person_id
    clock.set_now(datetime(2026, 2, 28, 12, 0, tzinfo=UTC))
    repo.log_reply(view.card.id, person)
    clock.set_now(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    repo.log_reply(view.card.id, person)
    data = msgspec.json.decode(repo.paths.database.read_bytes())
    data.pop(dayindex.TABLE, None)
    repo.paths.database.write_bytes(msgspec.json.encode(data))


# --- item 17: opening the board writes nothing ----------------------------------------


async def test_opening_the_board_on_a_home_without_a_day_index_writes_nothing(
    repo: Repository,
) -> None:
    without_index(repo)
    before = files(repo)
    app = make_app(fresh(repo))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen_stack[1]
        assert isinstance(screen, BoardScreen) and screen.loaded
        badge = str(screen.query_one("#streak-badge").render())
        assert badge.startswith("streak 1 · best 1"), badge
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert files(repo) == before


# --- item 8: a damaged event log ends the board with one sentence ----------------------


async def test_a_bad_event_line_ends_the_board_with_the_damaged_file_sentence(
    repo: Repository,
) -> None:
    """Valid JSON of the wrong shape in the log: the board, which reads the log for the
    streak (no day index here), stops with exit status 1 and the store's sentence naming
    the log and the line, not a traceback."""
    without_index(repo)
    log = repo.paths.events
    lines = log.read_bytes().split(b"\n")
    lines[1] = b'{"type": 5}'.ljust(len(lines[1]))
    log.write_bytes(b"\n".join(lines))
    before = files(repo)
    app = make_app(fresh(repo))
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(50):
            if app.failure:
                break
            await pilot.pause()
    assert app.return_code == 1
    assert app.failure is not None, "the board went on with a damaged log"
    assert str(log) in app.failure and "line 2 of the event log" in app.failure
    assert "\n" not in app.failure and "Traceback" not in app.failure
    assert files(repo) == before


# --- item 16: a held lock is said at once ---------------------------------------------


def waiting_notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications if "another tracker" in n.message.lower()]


async def test_a_held_lock_is_said_at_once_and_cleared_when_the_write_goes_through(
    repo: Repository,
) -> None:
    """Another process holds the lock: the board says so straight away (not after the
    lock's timeout), the write waits, and once it goes through the notice is gone and
    nothing more is said."""
    card = repo.add_interview("Acme", "Engineer").card
    first = card.items[0].id
    other = FileLock(repo.paths.lock)  # a separate open file: as another process
    app = make_app(Repository(repo.paths, repo.settings, lock_timeout=5.0))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        shown = len(list(app._notifications))
        other.acquire()
        try:
            await pilot.press("space")
            for _ in range(100):  # at most ~2 s, well inside the 5 s lock timeout
                await pilot.pause(0.02)
                if waiting_notes(app):
                    break
            assert waiting_notes(app), "nothing said while the lock is held"
            assert fresh(repo).snapshot().cards[card.id].item(first).is_open  # still waiting
        finally:
            other.release()
        await settle(pilot)
        assert not waiting_notes(app), "the notice outlived the wait"
        assert len(list(app._notifications)) == shown  # and nothing else was said
    assert not fresh(repo).snapshot().cards[card.id].item(first).is_open

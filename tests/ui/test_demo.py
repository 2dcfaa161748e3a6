"""The README's first command, ``tracker --demo-if-empty``, as a new user meets it.

The command line runs for real (``dispatch.main``); only ``App.run`` is replaced, by
a Pilot that presses the keys a newcomer would, so start-up, the demo's throwaway
home, its removal on quit and the restart are the ones ``tracker`` itself goes through.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tracker import config, paths
from tracker.cli.dispatch import main as tracker
from tracker.store.repo import Repository
from tracker.ui.app import TrackerApp
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.dialogs import NewInterviewScreen

from support.ui import settle

Drive = Callable[[TrackerApp, Any], Awaitable[None]]


def run_with(monkeypatch: pytest.MonkeyPatch, drive: Drive, apps: list[TrackerApp]) -> None:
    """Make ``App.run`` run the app under Pilot at 120x36 and let ``drive`` press keys."""

    def run(self: TrackerApp, *args: Any, **kwargs: Any) -> None:
        apps.append(self)

        async def go() -> None:
            async with self.run_test(size=(120, 36)) as pilot:
                await settle(pilot)
                await drive(self, pilot)

        asyncio.run(go())

    monkeypatch.setattr(TrackerApp, "run", run)


def board(app: TrackerApp) -> BoardScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, BoardScreen)
    return screen


def status(app: TrackerApp) -> str:
    return str(board(app).query_one("#status-left").render())


def real_repo() -> Repository:
    where = paths.resolve()
    return Repository(where, config.load(where.config))


def test_the_readme_first_command_keeps_what_a_new_user_types(
    monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    seen: dict[str, Any] = {}

    async def first_run(app: TrackerApp, pilot: Any) -> None:
        seen["start"] = (app.title, status(app))
        seen["demo_home"] = app.repo.paths.database.parent
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NewInterviewScreen)
        seen["notice"] = " ".join(str(w.render()) for w in dialog.query("#demo-notice"))
        await pilot.press(*"MyRealCo", "tab", *"Backend Engineer", "ctrl+s")
        await settle(pilot)
        seen["status"] = status(app)
        seen["title"] = app.title
        seen["messages"] = [n.message for n in app._notifications]
        seen["companies"] = [v.company for v in board(app).model.views.values()]  # type: ignore[union-attr]
        await pilot.press("q")

    apps: list[TrackerApp] = []
    run_with(monkeypatch, first_run, apps)
    assert tracker(["--demo-if-empty"]) == 0
    # No data yet: the demo, and it says so in the title and on the status line.
    title, line = seen["start"]
    assert "demo" in title.lower() and "DEMO" in line
    # The form says where the card goes.
    assert "real board" in seen["notice"]
    # The board is now the user's own: no demo cards, no demo marker, and it says so.
    assert seen["companies"] == ["MyRealCo"]
    assert "DEMO" not in seen["status"] and "demo" not in seen["title"].lower()
    assert any("MyRealCo" in m and "your own board" in m for m in seen["messages"])
    # Written to the real home, not to the demo's throwaway one.
    assert [o.company for o in real_repo().snapshot().opportunities.values()] == ["MyRealCo"]
    assert seen["demo_home"] != home and not seen["demo_home"].exists()  # removed on quit

    async def second_run(app: TrackerApp, pilot: Any) -> None:
        seen["again"] = [v.company for v in board(app).model.views.values()]  # type: ignore[union-attr]
        seen["again_status"] = status(app)
        await pilot.press("q")

    run_with(monkeypatch, second_run, apps)
    assert tracker(["--demo-if-empty"]) == 0
    assert seen["again"] == ["MyRealCo"]  # the restart opens the real board, not the demo
    assert "DEMO" not in seen["again_status"]


def test_leaving_the_demo_without_adding_says_nothing_was_kept(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def look_and_quit(app: TrackerApp, pilot: Any) -> None:
        await pilot.press("q")

    run_with(monkeypatch, look_and_quit, [])
    assert tracker(["--demo-if-empty"]) == 0
    out = capsys.readouterr().out
    assert "demo" in out and "nothing" in out and "n " in out
    assert not real_repo().paths.database.exists() or not real_repo().snapshot().cards


def test_escape_on_the_demo_form_writes_nothing_anywhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    async def cancel(app: TrackerApp, pilot: Any) -> None:
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Nope", "escape")
        await settle(pilot)
        seen["status"] = status(app)
        await pilot.press("q")

    run_with(monkeypatch, cancel, [])
    assert tracker(["--demo-if-empty"]) == 0
    assert "DEMO" in seen["status"]
    assert not real_repo().paths.database.exists() or not real_repo().snapshot().cards


def test_a_card_like_a_sample_card_is_not_called_a_duplicate_on_the_demo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The demo's cards are samples: the user's own board is where the card goes, so
    only it could hold a twin. (Asking "already logged as card …" named a sample.)"""
    seen: dict[str, Any] = {}

    async def add_a_sample_twin(app: TrackerApp, pilot: Any) -> None:
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Northwind Labs", "tab", *"Backend Engineer", "ctrl+s")
        await settle(pilot)
        seen["screen"] = type(app.screen).__name__
        await pilot.press("q")

    run_with(monkeypatch, add_a_sample_twin, [])
    assert tracker(["--demo-if-empty"]) == 0
    assert seen["screen"] == "BoardScreen"
    assert [o.company for o in real_repo().snapshot().opportunities.values()] == ["Northwind Labs"]

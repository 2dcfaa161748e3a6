"""The board's first frame waits for nothing but itself (issue 17: the first complete
frame, fast).

The board is loaded before Textual starts (`tracker.ui.app.main`), so the first frame
needs no store call. What the first board leaves for later (the streak badge, the check
of every record a snapshot did not read) runs on the store thread, and a thread holds
the GIL while it runs: begun before the first frame, it slowed the frame down (at
10,000 cards the check takes ~100 ms and the frame waited ~30 ms of it). It now begins
once that frame is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType
from textual.screen import Screen

from tracker.store.repo import Repository
from tracker.ui.app import TrackerApp
from tracker.ui.model import load_board
from tracker.ui.screens.board import BoardScreen

from support.ui import seed_small, settle


async def test_the_store_thread_starts_after_the_first_frame(repo: Repository) -> None:
    seed_small(repo)
    app = TrackerApp(repo, poll_interval=3600, blink=False, preloaded=load_board(repo))
    frames: list[str] = []
    calls: list[tuple[str, int]] = []
    """(what ran on the store thread, how many board frames were drawn before it)"""

    display = app._display

    def drawn(screen: Screen[Any], renderable: RenderableType | None) -> None:
        if renderable is not None and isinstance(screen, BoardScreen):
            frames.append(type(renderable).__name__)
        display(screen, renderable)

    store = app.store

    async def recorded(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        calls.append((getattr(fn, "__name__", repr(fn)), len(frames)))
        return await store(fn, *args, **kwargs)

    app._display = drawn  # type: ignore[method-assign]
    app.store = recorded  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen_stack[1]
        assert isinstance(screen, BoardScreen) and screen.loaded
    names = [name for name, _ in calls]
    assert "streak_status" in names and "check_snapshot" in names
    assert all(before >= 1 for _, before in calls), calls

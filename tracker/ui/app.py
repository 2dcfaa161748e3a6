"""The Textual application: store access off the main thread, screens, commands.

Every call into the repository runs on one background thread (a single-worker
executor), so writes never stall a frame and never run concurrently.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tracker.store.repo import Repository

T = TypeVar("T")


class TrackerApp(App[None]):
    """The follow-up board."""

    TITLE = "tracker"
    CSS_PATH = "tracker.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command_palette"),
    ]

    def __init__(
        self, repo: Repository, *, poll_interval: float = 1.0, blink: bool = True, review: bool = False
    ) -> None:
        super().__init__()
        self.start_review = review
        """Open straight on the daily review (``tracker review``); leaving it quits."""
        self.repo = repo
        self.poll_interval = poll_interval
        """Seconds between checks for changes made by other processes."""
        self.blink = blink
        """Whether text cursors blink (off in tests and snapshots)."""
        if repo.settings.keymap:
            self.set_keymap(repo.settings.keymap)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-store")

    async def store(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn`` on the store thread and wait for it without blocking the UI."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(fn, *args, **kwargs))

    def on_mount(self) -> None:
        from tracker.ui.screens.board import BoardScreen

        self.push_screen(BoardScreen())
        if self.start_review:
            from tracker.ui.screens.review import ReviewScreen

            self.push_screen(ReviewScreen(quit_on_leave=True))

    def on_descendant_focus(self, event: Any) -> None:
        if not self.blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def on_unmount(self) -> None:
        self._executor.shutdown(wait=True)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()


def main(
    home: str | None = None, demo: bool | str = False, review: bool = False, theme: str | None = None
) -> int:
    """Open the board on ``home`` (or a throwaway demo home); returns the exit status."""
    from tracker import config, paths
    from tracker.domain.errors import DomainError
    from tracker.store.errors import StoreError

    throwaway: Path | None = None
    try:
        where = paths.resolve(home)
        if demo == "if-empty":
            demo = not _has_data(where)
        if demo:
            throwaway = Path(tempfile.mkdtemp(prefix="tracker-demo-"))
            where = paths.resolve(throwaway)
            settings = config.load(paths.resolve(home).config)
        else:
            settings = config.load(where.config)
        if settings.keymap:
            from tracker.ui.keymap import check

            check(settings.keymap, paths.resolve(home).config)
        repo = Repository(where, settings)
        if demo:
            from tracker.demo import seed

            seed(repo)
        repo.snapshot()  # a damaged database is reported here, before the screen changes
        TrackerApp(repo, review=review).run()
    except (config.ConfigError, StoreError, DomainError) as error:
        sys.stderr.write(f"tracker: {error}\n")
        return 1
    finally:
        if throwaway is not None:
            shutil.rmtree(throwaway, ignore_errors=True)
    return 0


def _has_data(where: Any) -> bool:
    return bool(where.database.exists() and where.database.stat().st_size > 0)

"""What the screens need from the app, and the screen class that gives it to them.

The screens reach the app through :class:`Tracker`, a protocol, not through the
app's class: the app opens the screens, so a screen that imported the app would
close an import circle. :class:`tracker.ui.app.TrackerApp` satisfies it (mypy
checks that in ``app.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

from textual.screen import Screen

from tracker.paths import Paths
from tracker.store.errors import StoreError
from tracker.store.repo import Repository
from tracker.ui.model import BoardModel

T = TypeVar("T")
ResultT = TypeVar("ResultT")


class Tracker(Protocol):
    """The app as the screens use it: the store, its thread, and opening screens."""

    repo: Repository
    poll_interval: float
    """Seconds between checks for changes made by other processes."""
    demo_of: Paths | None
    """On the demo board: the user's own home, where a card added there goes; else None."""

    async def store(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn`` on the store thread and wait for it without blocking the UI."""
        ...

    def show(self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None) -> None:
        """Open a screen, unless the app is quitting."""
        ...

    def fail(self, error: StoreError) -> None:
        """End the app because the database is damaged."""
        ...

    def leave_demo(self, repo: Repository) -> None:
        """Go on with the user's own board, ``repo``, instead of the demo."""
        ...

    def take_preloaded(self) -> tuple[BoardModel, object] | None:
        """The board loaded before start-up, once (None when it must be loaded again)."""
        ...


class TrackerScreen(Screen[ResultT]):
    """A screen of the tracker app: ``self.tracker`` is the app, typed as :class:`Tracker`."""

    @property
    def tracker(self) -> Tracker:
        return cast(Tracker, self.app)

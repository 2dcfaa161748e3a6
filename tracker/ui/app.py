"""The Textual application: store access off the main thread, screens, commands, themes.

Every call into the repository runs on one background thread (a single-worker
executor), so writes never stall a frame and never run concurrently.

Themes: tracker's bundled themes and the user's theme files are registered
beside Textual's built-in themes, which stay selectable. The theme picked in
the command palette is saved to the config file (``[ui] theme``); ``--theme``
changes it for one run only.
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
from typing import TYPE_CHECKING, Any, TypeVar

from textual import work
from textual.app import SystemCommand
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES, Theme

from tracker.domain.text import visible
from tracker.paths import Paths
from tracker.store.errors import StoreError
from tracker.store.repo import Repository
from tracker.ui import bindings, themes
from tracker.ui.base import Tracker
from tracker.ui.keys import InOrderKeys
from tracker.ui.model import BoardModel, load_board

T = TypeVar("T")

LOCK_HELD = "Another tracker is writing; this change waits for it to finish."

DEMO_TITLE = "tracker DEMO: sample cards; n starts your own board"
"""The app's title on the demo board."""

DEMO_FAREWELL = (
    "That was the demo board: nothing on it was kept. Press n on it to start your own "
    "board with a first interview, or log one with: tracker add COMPANY ROLE"
)
"""Printed when the demo is left without starting the user's own board."""


class TrackerApp(InOrderKeys[None]):
    """The follow-up board."""

    TITLE = "tracker"
    CSS_PATH = "tracker.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = bindings.APP

    def __init__(
        self,
        repo: Repository,
        *,
        poll_interval: float = 1.0,
        blink: bool = True,
        review: bool = False,
        theme: str | None = None,
        config_path: Path | None = None,
        catalog: themes.ThemeCatalog | None = None,
        preloaded: tuple[BoardModel, object] | None = None,
        demo_of: Paths | None = None,
    ) -> None:
        super().__init__()
        self.demo_of = demo_of
        """On the demo board: the user's own home, where a card added there goes (the
        board then switches to it); None on the user's own board."""
        if demo_of is not None:
            self.title = DEMO_TITLE
        self._preloaded = preloaded
        """The first board, loaded before the app started (see :func:`main`)."""
        self.failure: str | None = None
        """Why the app stopped early (a damaged database found while drawing), if it did."""
        self.config_path = config_path or repo.paths.config
        """Where a theme chosen in the palette is saved."""
        self.catalog = (
            catalog if catalog is not None else themes.load_catalog(repo.paths.config_dir)
        )
        """Every theme file, good and bad; the bad ones are reported once the screen is up."""
        for loaded in self.catalog.themes.values():
            self.register_theme(loaded.theme)
        wanted = theme or repo.settings.theme or themes.DEFAULT_THEME
        self.theme = wanted if self.catalog.is_available(wanted) else self.catalog.default()
        self._theme_in_effect = self.theme
        self._theme_saved = repo.settings.theme
        self.notices: list[tuple[str, str]] = []
        """(title, message) of what the config asked for and did not get, shown once the
        screen is up: the board opens anyway."""
        if wanted != self.theme and not self.catalog.is_broken(wanted):  # broken: reported below
            where = "--theme" if theme else f"ui.theme in {self.config_path}"
            self.notices.append(
                (
                    "Unknown theme",
                    f"There is no theme called {wanted!r} ({where}), so {self.theme} is used. "
                    "Pick one in the command palette (ctrl+p, then Theme); "
                    "`tracker themes` lists them all.",
                )
            )
        self.start_review = review
        """Open straight on the daily review (``tracker review``); leaving it quits."""
        self.repo = repo
        repo.defer_summary()  # the board's actions leave the prompt summary to its idle time
        self.poll_interval = poll_interval
        """Seconds between checks for changes made by other processes."""
        self.blink = blink
        """Whether text cursors blink (off in tests and snapshots)."""
        self.keymap_problems: list[str] = []
        """``[keymap]`` entries left out (an unknown id, a key taken twice), one sentence each."""
        if repo.settings.keymap:
            from tracker.ui.keymap import check

            vetted = check(repo.settings.keymap)
            self.keymap_problems = vetted.problems
            if vetted.problems:
                self.notices.append(("Keymap problems", vetted.notification(self.config_path)))
            self.set_keymap(vetted.keymap)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-store")
        self._waiting: Notification | None = None
        """The notice shown while a write waits for another process's lock."""
        repo.on_lock_wait(self._lock_wait)

    def _handle_exception(self, error: Exception) -> None:
        # Records are read when first drawn, so a damaged one can surface here:
        # end with the store's one sentence (main prints it), not a traceback.
        if isinstance(error, StoreError):
            self.fail(error)
            return
        super()._handle_exception(error)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, the screens' included: its text often comes from data (a
        company, an error naming a file), so it is shown, never obeyed: control
        characters visible, and no markup (a name like ``[@click=app.quit]`` is text)."""
        super().notify(
            visible(message, multiline=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def fail(self, error: StoreError) -> None:
        """End the app because the database is damaged; :func:`main` prints ``error``."""
        self.failure = str(error)
        self.exit(return_code=1)

    def _lock_wait(self, waiting: bool) -> None:
        """On the store thread: a write found the lock held (say so at once), or its wait
        is over (take the notice away; the write's own result says the rest). Both go
        through the app's message queue, so they are shown in the order they happened."""
        if waiting:
            self._waiting = Notification(LOCK_HELD, "", "warning", 60, markup=False)
            self.post_message(Notify(self._waiting))
        elif self._waiting is not None:
            self.call_later(self._unnotify, self._waiting)
            self._waiting = None

    def leave_demo(self, repo: Repository) -> None:
        """Go on with the user's own board, ``repo``, instead of the demo (whose
        throwaway home :func:`main` removes on quit)."""
        self.repo = repo
        repo.defer_summary()  # the board's actions leave the prompt summary to its idle time
        self.demo_of = None
        self.title = self.TITLE or "tracker"

    def take_preloaded(self) -> tuple[BoardModel, object] | None:
        """The board loaded before start-up, once; later boards load on the store thread."""
        first, self._preloaded = self._preloaded, None
        if first is not None and (
            self.repo.changed_since(first[1]) or self.repo.today() != first[0].today
        ):
            return None  # changed while Textual started: load it again
        return first

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
        if self.catalog.problems:
            self.notify(
                self.catalog.notification(),
                title="Theme problems",
                severity="error",
                timeout=20,
                markup=False,
            )
        for title, message in self.notices:
            self.notify(message, title=title, severity="warning", timeout=20, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def refresh_css(self, animate: bool = True) -> None:
        if not self.screen_stack:
            # Start-up: the theme set in __init__ asks for this before any
            # screen exists and before the stylesheet was first parsed. The
            # variables are all that is needed then; a reparse now happens in
            # a throwaway stylesheet, so the first real one (when the screen's
            # widgets add their CSS) would parse every rule again (~5 ms).
            self.stylesheet.set_variables(self.get_css_variables())
            return
        super().refresh_css(animate)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """tracker's variables (``$card-overdue``, ``$heat-kept``, ...) from the theme's own colours."""
        try:
            theme = self.current_theme
        except AttributeError:  # asked for before App.__init__ has registered any theme
            theme = BUILTIN_THEMES[themes.FALLBACK_THEME]
        return themes.variable_defaults(theme)

    def _theme_changed(self, theme: Theme) -> None:
        """A theme chosen in the palette (or set by code) is remembered in the config file."""
        if theme.name == self._theme_in_effect:
            return
        self._theme_in_effect = theme.name
        if theme.name != self._theme_saved:
            self.save_theme(theme.name)

    @work(exclusive=True, group="save-theme")
    async def save_theme(self, name: str) -> None:
        """Write ``[ui] theme`` on the store thread, keeping the rest of the config file."""
        from tracker import config

        try:
            await self.store(config.save_theme, self.config_path, name)
        except config.ConfigError as error:
            self.notify(
                f"The theme was not saved: {error}", severity="error", timeout=8, markup=False
            )
            return
        self._theme_saved = name

    def show(self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None) -> None:
        """Open a screen, unless the app is quitting (a key right after q would otherwise
        mount a dialog without its children and fail)."""
        if self._exit:
            return
        self.push_screen(screen, callback)

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


if TYPE_CHECKING:

    def _serves_the_screens(app: TrackerApp) -> Tracker:
        """Never called: mypy checks here that the app is everything screens expect of it."""
        return app


def main(
    home: str | None = None,
    demo: bool | str = False,
    review: bool = False,
    theme: str | None = None,
) -> int:
    """Open the board on ``home`` (or a throwaway demo home); returns the exit status."""
    from tracker import config, paths
    from tracker.domain.errors import DomainError

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
        mine = paths.resolve(home)
        catalog = themes.load_catalog(mine.config_dir)
        _check_theme(catalog, theme)
        if not theme and not settings.theme and _sixteen_colours():
            theme = themes.ANSI_THEME  # truecolour themes lose their meaning when cut to 16 colours
        repo = Repository(where, settings)
        if demo:
            from tracker.demo import seed

            seed(repo)
        # Load the board before Textual starts: a damaged database is reported
        # before the screen changes, and the very first frame shows the cards
        # (no empty board while a worker loads them).
        first = load_board(repo)
        app = TrackerApp(
            repo,
            review=review,
            theme=theme,
            config_path=mine.config,
            catalog=catalog,
            preloaded=first,
            demo_of=mine if demo else None,
        )
        app.run()
        app.repo.write_summary()  # what the board's actions left for idle time, before the prompt
        if app.failure:
            raise StoreError(app.failure)
        if app.demo_of is not None:
            print(DEMO_FAREWELL)
    except (config.ConfigError, StoreError, DomainError, UnknownTheme) as error:
        sys.stderr.write(f"tracker: {visible(str(error))}\n")
        return 1
    finally:
        if throwaway is not None:
            shutil.rmtree(throwaway, ignore_errors=True)
    return 0


class UnknownTheme(Exception):
    """``--theme`` names no theme; ``str(error)`` lists the available ones."""


def _check_theme(catalog: themes.ThemeCatalog, option: str | None) -> None:
    """Refuse an unknown ``--theme`` before the screen changes: it was typed just now.

    An unknown ``[ui] theme``, or a theme whose file is broken, is not refused: the
    app uses the default theme and says why in a notification.
    """
    if option and not catalog.is_available(option) and not catalog.is_broken(option):
        raise UnknownTheme(catalog.unknown_message(option, "from --theme"))


def _sixteen_colours() -> bool:
    """True when the terminal reports only the 16 ANSI colours (``TERM=xterm``, the Linux console)."""
    from rich.console import Console
    from textual import constants

    system = constants.COLOR_SYSTEM
    if system == "auto":
        system = Console(file=sys.__stdout__, force_terminal=True).color_system or "truecolor"
    return system in ("standard", "windows")


def _has_data(where: Any) -> bool:
    return bool(where.database.exists() and where.database.stat().st_size > 0)

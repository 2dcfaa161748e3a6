"""Where tracker keeps its files: the one place that decides.

``TRACKER_HOME`` (or ``--home``) puts everything, data and config, under one
folder. Without it the platform's usual folders are used (via platformdirs).

Only :mod:`os` is imported at the top: the prompt's fast path
(:mod:`tracker.cli.prompt`) imports this module to find the prompt summary, so
it must cost nothing (no dataclasses, no pathlib until a :class:`Paths` is made).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms on the prompt path
if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "tracker"

DATABASE = "tracker.json"
EVENTS = "events.jsonl"
LOCK = "tracker.lock"
BACKUPS = "backups"
CONFIG = "config.toml"
PROMPT = "prompt.json"
"""The prompt summary: derived data the store rewrites with every commit (never backed
up, exported or synced; deleting it only costs speed). See :mod:`tracker.store.prompt`."""


class Paths:
    """Every file location tracker uses (immutable; compared by its two folders)."""

    __slots__ = ("data_dir", "config_dir")

    data_dir: Path
    """Folder holding the database and the event log."""
    config_dir: Path
    """Folder holding config.toml, user themes and templates."""

    def __init__(self, data_dir: Path, config_dir: Path) -> None:
        object.__setattr__(self, "data_dir", data_dir)
        object.__setattr__(self, "config_dir", config_dir)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Paths is immutable: cannot set {name}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Paths):
            return NotImplemented
        return (self.data_dir, self.config_dir) == (other.data_dir, other.config_dir)

    def __hash__(self) -> int:
        return hash((self.data_dir, self.config_dir))

    def __repr__(self) -> str:
        return f"Paths(data_dir={self.data_dir!r}, config_dir={self.config_dir!r})"

    @property
    def database(self) -> Path:
        """The TinyDB state file (opportunities, people, cards, undo)."""
        return self.data_dir / DATABASE

    @property
    def events(self) -> Path:
        """The append-only event log, committed together with the database."""
        return self.data_dir / EVENTS

    @property
    def lock(self) -> Path:
        """The sidecar inter-process lock file."""
        return self.data_dir / LOCK

    @property
    def backups(self) -> Path:
        """Folder of rolling daily backups."""
        return self.data_dir / BACKUPS

    @property
    def config(self) -> Path:
        """The TOML config file."""
        return self.config_dir / CONFIG

    @property
    def prompt(self) -> Path:
        """The prompt summary (derived, see :data:`PROMPT`)."""
        return self.data_dir / PROMPT


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and every missing parent, each 0700 (the user's alone) whatever
    the umask; folders that exist already are left as they are."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current.parent != current:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile, by another tracker
        path.chmod(0o700)  # mkdir's mode is cut by the umask


def resolve(home: str | os.PathLike[str] | None = None) -> Paths:
    """Work out the paths: ``home`` wins, then ``TRACKER_HOME``, then platformdirs."""
    from pathlib import Path

    chosen = home if home is not None else os.environ.get("TRACKER_HOME")
    if chosen:
        base = Path(chosen).expanduser()
        return Paths(data_dir=base, config_dir=base)
    import platformdirs  # only here: it costs import time on the capture path

    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def folders(home: str | None = None) -> tuple[str, str]:
    """(data folder, config folder) as :func:`resolve` finds them, as plain strings,
    without importing pathlib: what the prompt's fast path uses."""
    chosen = home if home is not None else os.environ.get("TRACKER_HOME")
    if chosen:
        base = os.path.expanduser(chosen)
        return base, base
    import platformdirs

    return (
        platformdirs.user_data_dir(APP_NAME, appauthor=False),
        platformdirs.user_config_dir(APP_NAME, appauthor=False),
    )

"""Where tracker keeps its files: the one place that decides.

``TRACKER_HOME`` (or ``--home``) puts everything, data and config, under one
folder. Without it the platform's usual folders are used (via platformdirs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "tracker"


@dataclass(frozen=True)
class Paths:
    """Every file location tracker uses."""

    data_dir: Path
    """Folder holding the database and the event log."""
    config_dir: Path
    """Folder holding config.toml, user themes and templates."""

    @property
    def database(self) -> Path:
        """The TinyDB state file (opportunities, people, cards, undo)."""
        return self.data_dir / "tracker.json"

    @property
    def events(self) -> Path:
        """The append-only event log, committed together with the database."""
        return self.data_dir / "events.jsonl"

    @property
    def lock(self) -> Path:
        """The sidecar inter-process lock file."""
        return self.data_dir / "tracker.lock"

    @property
    def backups(self) -> Path:
        """Folder of rolling daily backups."""
        return self.data_dir / "backups"

    @property
    def config(self) -> Path:
        """The TOML config file."""
        return self.config_dir / "config.toml"


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
    chosen = home if home is not None else os.environ.get("TRACKER_HOME")
    if chosen:
        base = Path(chosen).expanduser()
        return Paths(data_dir=base, config_dir=base)
    import platformdirs  # only here: it costs import time on the capture path

    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )

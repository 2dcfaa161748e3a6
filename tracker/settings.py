"""The settings every part of tracker reads: a frozen value, nothing about files.

:mod:`tracker.config` reads and checks the TOML file and builds a
:class:`Settings`; the store and the UI only ever see this value.
"""

from __future__ import annotations

from datetime import time, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import msgspec

from tracker.domain.rules import DEFAULT_TIMINGS, Timings


class Settings(msgspec.Struct, frozen=True):
    """Everything the rest of tracker reads from the config file."""

    tz_name: str
    """The home time zone's IANA name; day labels are computed in it."""
    day_start: time = time(4, 0)
    """Actions before this local time still count for the previous day."""
    timings: Timings = DEFAULT_TIMINGS
    rest_weekdays: frozenset[int] = frozenset()
    """Weekdays (0 = Monday) that neither break nor extend a streak."""
    theme: str | None = None
    """The chosen theme's name (None: the default theme)."""
    keymap: dict[str, str] = {}
    """Binding id -> keys, applied over the defaults."""
    template_dir: Path | None = None
    """Where message templates are overridden (None: ``templates/`` beside the config file)."""
    profile_name: str = ""
    """The user's own name, which drafts sign with ("" when not set: drafts end unsigned)."""
    network_every: int = 90
    """Days between keep-in-touch touches with the network (``[network] every``; 0: never)."""
    sync_auto: bool = False
    """Whether the board syncs (`tracker sync`) before it opens and after it closes."""
    watch_every: int = 30
    """Days between "check their openings" reminders of a company watched after a
    rejection (``[network] watch_every``; 0: no automatic watch)."""
    watch_for: int = 12
    """Months a company is watched after a rejection (``[network] watch_for``; 0: no
    automatic watch)."""
    source: tuple[int, ...] | None = None
    """The config file as it was read: its stat signature (inode, size, mtime and ctime in
    ns), ``()`` when there was none; None when these settings were not read by
    ``config.load`` (then no prompt summary is written: nothing would tell it stale)."""

    @property
    def zone(self) -> tzinfo:
        return ZoneInfo(self.tz_name)

"""Settings from the TOML config file, strictly checked.

Unknown keys and bad values are errors that name the key and the file. So
far: the home time zone and the day-start offset (``[time]``), and the rest
weekdays of the streak (``[streak] rest_days = ["sat", "sun"]``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import time, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.domain.rules import DEFAULT_TIMINGS, Timings


class ConfigError(Exception):
    """The config file is wrong; ``str(error)`` names the file and the key."""


@dataclass(frozen=True)
class Settings:
    """Everything the rest of tracker reads from the config file."""

    tz_name: str
    """The home time zone's IANA name; day labels are computed in it."""
    day_start: time = time(4, 0)
    """Actions before this local time still count for the previous day."""
    timings: Timings = field(default_factory=lambda: DEFAULT_TIMINGS)
    rest_weekdays: frozenset[int] = frozenset()
    """Weekdays (0 = Monday) that neither break nor extend a streak."""

    @property
    def zone(self) -> tzinfo:
        return ZoneInfo(self.tz_name)


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_KNOWN = {"time": {"timezone", "day_start"}, "streak": {"rest_days"}}
_WEEKDAY_WORDS = {
    word: n
    for n, names in enumerate((
        ("mon", "monday"), ("tue", "tuesday"), ("wed", "wednesday"), ("thu", "thursday"),
        ("fri", "friday"), ("sat", "saturday"), ("sun", "sunday"),
    ))
    for word in names
}


def local_zone_name() -> str:
    """The machine's IANA time zone name, cheaply (pendulum only as a last resort)."""
    env = os.environ.get("TZ", "").lstrip(":")
    if env and _zone_ok(env):
        return env
    try:
        target = os.path.realpath("/etc/localtime")
        marker = "zoneinfo/"
        if marker in target:
            name = target.split(marker, 1)[1]
            if _zone_ok(name):
                return name
    except OSError:
        pass
    try:
        name = Path("/etc/timezone").read_text().strip()
        if _zone_ok(name):
            return name
    except OSError:
        pass
    try:
        import pendulum

        zone: Any = pendulum.local_timezone()  # type: ignore[operator]  # pendulum's stubs
        name = str(getattr(zone, "name", ""))
        if name and _zone_ok(name):
            return name
    except Exception:
        pass
    return "UTC"


def _zone_ok(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def load(path: Path) -> Settings:
    """Read ``path`` (missing is fine: defaults apply)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(tz_name=local_zone_name())
    except OSError as error:
        raise ConfigError(f"cannot read the config file {path} ({error.strerror}).") from error
    import tomllib

    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"the config file {path} is not valid TOML ({error}).") from error
    return _parse(doc, path)


def _parse(doc: dict[str, Any], path: Path) -> Settings:
    for section, value in doc.items():
        if section not in _KNOWN:
            raise ConfigError(f"unknown section [{section}] in {path}; known: {', '.join(sorted(_KNOWN))}.")
        if not isinstance(value, dict):
            raise ConfigError(f"{section} in {path} must be a table ([{section}]).")
        for key in value:
            if key not in _KNOWN[section]:
                raise ConfigError(
                    f"unknown key {section}.{key} in {path}; known: {', '.join(sorted(_KNOWN[section]))}."
                )
    section = doc.get("time", {})
    tz_name = section.get("timezone")
    if tz_name is None:
        tz_name = local_zone_name()
    elif not isinstance(tz_name, str) or not _zone_ok(tz_name):
        raise ConfigError(f"time.timezone in {path} is not a known time zone: {tz_name!r} (try 'Europe/Berlin').")
    start = section.get("day_start", "04:00")
    match = _TIME.match(start) if isinstance(start, str) else None
    if not match:
        raise ConfigError(f"time.day_start in {path} must be HH:MM, like \"04:00\"; got {start!r}.")
    return Settings(
        tz_name=tz_name,
        day_start=time(int(match.group(1)), int(match.group(2))),
        rest_weekdays=_rest_days(doc.get("streak", {}).get("rest_days", []), path),
    )


def _rest_days(value: Any, path: Path) -> frozenset[int]:
    """``["sat", "sun"]`` as weekday numbers; at least one working day must remain."""
    hint = 'a list of weekdays like ["sat", "sun"] (mon, tue, wed, thu, fri, sat, sun)'
    if not isinstance(value, list):
        raise ConfigError(f"streak.rest_days in {path} must be {hint}; got {value!r}.")
    days = set()
    for word in value:
        day = _WEEKDAY_WORDS.get(word.strip().lower()) if isinstance(word, str) else None
        if day is None:
            raise ConfigError(f"streak.rest_days in {path} has {word!r}, which is not a weekday; use {hint}.")
        days.add(day)
    if len(days) == 7:
        raise ConfigError(f"streak.rest_days in {path} names all seven days; leave at least one working day.")
    return frozenset(days)

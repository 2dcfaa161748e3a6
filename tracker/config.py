"""Settings from the TOML config file, strictly checked.

Unknown keys and bad values are errors that name the key and the file:

```toml
[time]
timezone = "Europe/Berlin"      # the home time zone (default: the machine's)
day_start = "04:00"             # actions before this count for the previous day

[streak]
rest_days = ["sat", "sun"]      # neither break nor extend a streak

[ui]
theme = "tracker-dark"          # `tracker themes` lists them; the palette saves here

[keymap]                         # binding id = keys (`?` on the board lists the ids)
new = "n,ctrl+n"

[timings]                        # [target, deadline] in days (business days for
thank_email = [0, 1]             #  status_check and nudge), counted from the stage's start
coffee = [90, 180]

[templates]
folder = "~/tracker-templates"  # one file per action, e.g. thank_email.txt

[profile]
name = "Alex Moreau"            # drafts sign with it ({my_name}); unset: they end unsigned

[network]
every = 90                      # days between keep-in-touch touches; 0 or "never": none
watch_every = 30                # after a rejection, check the company's openings this often
watch_for = 12                  #  for this many months; either at 0 or "never": no watch

[sync]
auto = true                     # `tracker sync` before the board opens and after it closes
```
"""

from __future__ import annotations

import os
import re
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.domain.rules import DEFAULT_TIMINGS, Timings
from tracker.domain.text import has_control
from tracker.settings import Settings


class ConfigError(Exception):
    """The config file is wrong; ``str(error)`` names the file and the key."""


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_TIMING_KEYS = {
    name for name in Timings.__struct_fields__ if name not in ("max_status_checks", "max_nudges")
}
_KNOWN: dict[str, set[str] | None] = {
    "time": {"timezone", "day_start"},
    "streak": {"rest_days"},
    "ui": {"theme"},
    "keymap": None,  # any binding id; checked against the app's bindings when it starts
    "timings": _TIMING_KEYS,
    "templates": {"folder"},
    "profile": {"name"},
    "network": {"every", "watch_every", "watch_for"},
    "sync": {"auto"},
}
_KEY = re.compile(r"^[A-Za-z0-9_+\-]+$")
_WEEKDAY_WORDS = {
    word: n
    for n, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
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

        zone: Any = pendulum.local_timezone()
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
    import msgspec.structs

    try:
        # Stat first: a change made while it is read leaves the signature behind, so
        # a prompt summary built from these settings is never taken as current.
        st = os.stat(path)
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(tz_name=local_zone_name(), source=())
    except OSError as error:
        raise ConfigError(f"cannot read the config file {path} ({error.strerror}).") from error
    import tomllib

    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"the config file {path} is not valid TOML ({error}).") from error
    source = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return msgspec.structs.replace(_parse(doc, path), source=source)


def _parse(doc: dict[str, Any], path: Path) -> Settings:
    for section, value in doc.items():
        if section not in _KNOWN:
            raise ConfigError(
                f"unknown section [{section}] in {path}; known: {', '.join(sorted(_KNOWN))}."
            )
        if not isinstance(value, dict):
            raise ConfigError(f"{section} in {path} must be a table ([{section}]).")
        known = _KNOWN[section]
        for key in value:
            if known is not None and key not in known:
                raise ConfigError(
                    f"unknown key {section}.{key} in {path}; known: {', '.join(sorted(known))}."
                )
    section = doc.get("time", {})
    tz_name = section.get("timezone")
    if tz_name is None:
        tz_name = local_zone_name()
    elif not isinstance(tz_name, str) or not _zone_ok(tz_name):
        raise ConfigError(
            f"time.timezone in {path} is not a known time zone: {tz_name!r} (try 'Europe/Berlin')."
        )
    start = section.get("day_start", "04:00")
    match = _TIME.match(start) if isinstance(start, str) else None
    if not match:
        raise ConfigError(f'time.day_start in {path} must be HH:MM, like "04:00"; got {start!r}.')
    theme = doc.get("ui", {}).get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        raise ConfigError(
            f'ui.theme in {path} must be a theme name like "tracker-dark"; got {theme!r}.'
        )
    folder = doc.get("templates", {}).get("folder")
    if folder is not None and (not isinstance(folder, str) or not folder.strip()):
        raise ConfigError(f"templates.folder in {path} must be a folder path; got {folder!r}.")
    profile_name = _profile_name(doc.get("profile", {}).get("name", ""), path)
    network = doc.get("network", {})
    network_every = _network_every(network.get("every", 90), path)
    watch_every = _whole(
        network.get("watch_every", 30),
        path,
        "network.watch_every",
        "days between reminders, like 30",
        3650,
    )
    watch_for = _whole(
        network.get("watch_for", 12), path, "network.watch_for", "months to watch, like 12", 120
    )
    sync_auto = doc.get("sync", {}).get("auto", False)
    if type(sync_auto) is not bool:
        raise ConfigError(f"sync.auto in {path} must be true or false; got {sync_auto!r}.")
    template_dir = None
    if folder:
        template_dir = Path(folder).expanduser()
        if not template_dir.is_absolute():
            template_dir = path.parent / template_dir
    return Settings(
        tz_name=tz_name,
        day_start=time(int(match.group(1)), int(match.group(2))),
        rest_weekdays=_rest_days(doc.get("streak", {}).get("rest_days", []), path),
        theme=theme.strip() if theme else None,
        keymap=_keymap(doc.get("keymap", {}), path),
        timings=_timings(doc.get("timings", {}), path),
        template_dir=template_dir,
        profile_name=profile_name,
        network_every=network_every,
        watch_every=watch_every,
        watch_for=watch_for,
        sync_auto=sync_auto,
    )


def _network_every(value: Any, path: Path) -> int:
    """Days between touches: a whole number from 0 (never) to 3650, or "never"."""
    if isinstance(value, str) and value.strip().lower() == "never":
        return 0
    if type(value) is not int or not 0 <= value <= 3650:
        raise ConfigError(
            f'network.every in {path} must be days between touches, like 90, or 0 or "never" '
            f"for none; got {value!r}."
        )
    return value


def _whole(value: Any, path: Path, key: str, what: str, most: int) -> int:
    """A whole number from 0 (off) to ``most``, or "never" (0)."""
    if isinstance(value, str) and value.strip().lower() == "never":
        return 0
    if type(value) is not int or not 0 <= value <= most:
        raise ConfigError(
            f'{key} in {path} must be {what} (at most {most}), or 0 or "never" for no '
            f"automatic watch; got {value!r}."
        )
    return value


def _profile_name(value: Any, path: Path) -> str:
    """Your name as drafts sign with it, spaces collapsed; "" when empty."""
    if not isinstance(value, str):
        raise ConfigError(f"profile.name in {path} must be your name in quotes; got {value!r}.")
    if has_control(value):
        raise ConfigError(
            f"profile.name in {path} contains a control character; write the name as plain text."
        )
    return " ".join(value.split())


def _keymap(table: dict[str, Any], path: Path) -> dict[str, str]:
    out = {}
    for ident, keys in table.items():
        parts = [part.strip() for part in keys.split(",")] if isinstance(keys, str) else []
        if not parts or not all(_KEY.match(part) for part in parts):
            raise ConfigError(
                f'keymap.{ident} in {path} must be keys like "n" or "ctrl+n,f2"; got {keys!r}.'
            )
        out[ident] = ",".join(parts)
    return out


def _timings(table: dict[str, Any], path: Path) -> Timings:
    import msgspec.structs

    from tracker.domain.rules import Window

    changes: dict[str, Any] = {}
    for name, value in table.items():
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(type(n) is int and 0 <= n <= 3650 for n in value)
            or value[0] > value[1]
        ):
            raise ConfigError(
                f"timings.{name} in {path} must be [target, deadline] in days, like [1, 3], "
                f"with the target not after the deadline; got {value!r}."
            )
        default: Window = getattr(DEFAULT_TIMINGS, name)
        changes[name] = Window(value[0], value[1], business=default.business)
    return msgspec.structs.replace(DEFAULT_TIMINGS, **changes) if changes else DEFAULT_TIMINGS


def save_theme(path: Path, name: str) -> None:
    """Record the chosen theme in the config file, keeping the rest of it (comments too)."""
    import tomlkit

    from tracker.store.files import write_atomic

    try:
        doc = (
            tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
        )
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.TOMLKitError) as error:
        raise ConfigError(f"cannot update the config file {path} ({error}).") from error
    ui = doc.get("ui")
    if ui is None:
        ui = tomlkit.table()
        doc["ui"] = ui
    ui["theme"] = name
    from tracker.paths import make_private_folder

    try:
        make_private_folder(path.parent)
    except OSError as error:
        raise ConfigError(
            f"cannot create the config folder {path.parent} ({error.strerror})."
        ) from error
    try:
        write_atomic(path, tomlkit.dumps(doc).encode("utf-8"))
    except Exception as error:
        raise ConfigError(f"cannot save the theme to {path} ({error}).") from error


def _rest_days(value: Any, path: Path) -> frozenset[int]:
    """``["sat", "sun"]`` as weekday numbers; at least one working day must remain."""
    hint = 'a list of weekdays like ["sat", "sun"] (mon, tue, wed, thu, fri, sat, sun)'
    if not isinstance(value, list):
        raise ConfigError(f"streak.rest_days in {path} must be {hint}; got {value!r}.")
    days = set()
    for word in value:
        day = _WEEKDAY_WORDS.get(word.strip().lower()) if isinstance(word, str) else None
        if day is None:
            raise ConfigError(
                f"streak.rest_days in {path} has {word!r}, which is not a weekday; use {hint}."
            )
        days.add(day)
    if len(days) == 7:
        raise ConfigError(
            f"streak.rest_days in {path} names all seven days; leave at least one working day."
        )
    return frozenset(days)

"""Backups on demand, the list of backups, and restoring one.

A backup is a folder in ``backups/`` holding ``tracker.json`` and the
committed part of ``events.jsonl``. Daily backups are named ``YYYY-MM-DD``
(the newest seven are kept); ``tracker backup`` makes ``manual-…`` folders
and a restore first saves the current files as ``before-restore-…``; those are
never pruned.

A restore runs under the lock and checks the backup completely before it
touches anything. It works from a damaged current database (that is what it
is for), because it never parses the current files: it copies them aside
byte for byte. The log and the state file are then replaced one after the
other, each atomically, in the order that keeps them consistent when the
backup's log is a prefix of the current one (the usual case: an older copy of
the same home): the state file first, whose shorter committed length makes
the extra log bytes a harmless tail, then the log. Otherwise the log goes
first, then the state file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import msgspec

from tracker.domain.jsontext import NOT_JSON, not_json
from tracker.paths import Paths
from tracker.store import schema
from tracker.store.database import Database
from tracker.store.errors import StoreError
from tracker.store.files import write_atomic, write_folder
from tracker.store.storage import EventLog

MANUAL_PREFIX = "manual"
BEFORE_RESTORE_PREFIX = "before-restore"
_STAMPED = re.compile(r"^(?P<prefix>.+)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?$")


@dataclass(frozen=True)
class Backup:
    """One backup folder as listed."""

    name: str
    path: Path
    taken: datetime
    """When it was taken: from its name, or the folder's time for other names."""
    exact: bool
    """Whether ``taken`` carries a time of day (daily backups carry only the day)."""
    size: int
    cards: int | None
    """How many cards it holds; None when it is damaged."""
    problem: str | None

    @property
    def when(self) -> str:
        return (
            self.taken.strftime("%Y-%m-%d %H:%M:%S")
            if self.exact
            else self.taken.date().isoformat()
        )


@dataclass(frozen=True)
class Checked:
    """A backup that passed every check, with the bytes to restore."""

    state: bytes
    log: bytes
    data: dict[str, Any]


def _taken(folder: Path) -> tuple[datetime, bool]:
    name = folder.name
    try:
        day = date.fromisoformat(name)
    except ValueError:
        pass
    else:
        return datetime(day.year, day.month, day.day), False
    found = _STAMPED.match(name)
    if found:
        try:
            return datetime.strptime(found["stamp"], "%Y%m%d-%H%M%S"), True
        except ValueError:
            pass
    try:
        return datetime.fromtimestamp(folder.stat().st_mtime), True
    except OSError:
        return datetime.min, False


def _size(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file():
                total += path.stat().st_size
        except OSError:
            continue
    return total


def check(folder: Path) -> Checked:
    """Read and check a backup folder whole; raise StoreError with the reason if unusable."""
    state_path = folder / "tracker.json"
    where = f"the backup {folder.name}"
    try:
        state = state_path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{where} has no tracker.json, so it cannot be restored.") from None
    except OSError as error:
        raise StoreError(
            f"cannot read {state_path} ({error.strerror}); check its permissions."
        ) from None
    try:
        data = msgspec.json.decode(state)
    except NOT_JSON as error:
        raise StoreError(f"{where} is damaged (tracker.json is {not_json(error)}).") from None
    problem = schema.validate(data)
    if problem:
        raise StoreError(f"{where} is damaged ({problem}).")
    version = schema.version_of(data)
    if version > schema.SCHEMA_VERSION:
        raise StoreError(
            f"{where} was written by a newer tracker (schema {version}); upgrade tracker to restore it."
        )
    from tracker.store.repo import Repository

    try:
        Repository.check_records(data)
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise StoreError(f"{where} is damaged (a record is malformed: {error!r}).") from None
    committed = int(schema.meta(data).get("events_bytes", 0))
    log = b""
    if committed:
        try:
            whole = (folder / "events.jsonl").read_bytes()
        except FileNotFoundError:
            raise StoreError(f"{where} is damaged (its event log is missing).") from None
        except OSError as error:
            raise StoreError(f"cannot read the event log of {where} ({error.strerror}).") from None
        if len(whole) < committed:
            raise StoreError(
                f"{where} is damaged (its event log is shorter than its database says)."
            )
        log = whole[:committed]
        if not log.endswith(b"\n"):
            raise StoreError(f"{where} is damaged (its event log is cut in the middle of a line).")
        for n, line in enumerate(log.splitlines(), start=1):
            try:
                event = msgspec.json.decode(line)
            except NOT_JSON:
                raise StoreError(
                    f"{where} is damaged (line {n} of its event log is not valid JSON)."
                ) from None
            if not isinstance(event, dict) or not {"id", "type", "at", "day"} <= event.keys():
                raise StoreError(f"{where} is damaged (line {n} of its event log is not an event).")
    return Checked(state, log, data)


def list_backups(paths: Paths) -> list[Backup]:
    """Every backup folder, oldest first, with what it holds."""
    folder = paths.backups
    if not folder.is_dir():
        return []
    out = []
    for path in folder.iterdir():
        if not path.is_dir() or path.name.startswith("."):
            continue
        taken, exact = _taken(path)
        try:
            checked = check(path)
            cards: int | None = len(checked.data.get("cards", {}))
            problem = None
        except StoreError as error:
            cards, problem = None, str(error)
        out.append(Backup(path.name, path, taken, exact, _size(path), cards, problem))
    out.sort(key=lambda b: (b.taken, b.name))
    return out


def _free_name(paths: Paths, prefix: str, now: datetime) -> str:
    base = f"{prefix}-{now.strftime('%Y%m%d-%H%M%S')}"
    name, n = base, 1
    while (paths.backups / name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def make(paths: Paths, now: datetime) -> Path:
    """A backup now, named ``manual-YYYYmmdd-HHMMSS`` (local time), never pruned."""
    db = Database(paths)
    if not paths.database.is_file():
        raise StoreError(
            f"there is no database at {paths.database} yet, so there is nothing to back up."
        )
    with db.lock:
        try:
            db.storage.load(force=True)
        except StoreError as error:
            cause = error.__cause__
            if isinstance(cause, OSError):  # unreadable, not damaged: restoring would not help
                raise StoreError(
                    f"cannot read the database {paths.database} ({cause.strerror}), so it was not "
                    "backed up; check its permissions."
                ) from None
            raise StoreError(
                f"the database {paths.database} is damaged, so it was not backed up; "
                "`tracker restore` brings back the newest good backup."
            ) from None
        return db._backup_file(_free_name(paths, MANUAL_PREFIX, now))


def _copy_aside(paths: Paths, name: str) -> Path:
    """Copy the current files byte for byte into ``backups/name`` (they may be damaged)."""
    folder = paths.backups / name
    try:
        write_folder(
            folder,
            {
                source.name: source.read_bytes()
                for source in (paths.database, paths.events)
                if source.is_file()
            },
        )
    except OSError as error:
        raise StoreError(
            f"cannot save the current database in {paths.backups} ({error.strerror}), so nothing "
            "was restored; free some space or fix the folder's permissions."
        ) from error
    return folder


def choose(paths: Paths, name: str | None) -> tuple[Backup, Checked]:
    """The backup called ``name``, or the newest one that passes the checks."""
    backups = list_backups(paths)
    if name is not None:
        if "/" in name or "\\" in name or name.startswith(".") or not name.strip():
            raise StoreError(f"{name!r} is not a backup name; `tracker backup --list` shows them.")
        found = next((b for b in backups if b.name == name), None)
        if found is None:
            raise StoreError(
                f"there is no backup called {name!r} in {paths.backups}; `tracker backup --list` shows them."
            )
        return found, check(found.path)
    for backup in reversed(backups):
        if backup.problem is None:
            return backup, check(backup.path)
    if backups:
        raise StoreError(
            f"none of the {len(backups)} backups in {paths.backups} is usable, so nothing was restored."
            if len(backups) > 1
            else f"the only backup in {paths.backups} is not usable, so nothing was restored."
        )
    raise StoreError(
        f"there are no backups in {paths.backups} yet, so there is nothing to restore."
    )


def restore(
    paths: Paths, name: str | None, now: datetime, *, lock_timeout: float = 15.0
) -> tuple[Backup, Path | None]:
    """Restore a backup; returns it and where the current files were saved first (if any)."""
    db = Database(paths, lock_timeout=lock_timeout)
    if not paths.data_dir.is_dir():
        raise StoreError(
            f"there is no tracker data in {paths.data_dir}, so there is nothing to restore."
        )
    if paths.database.exists() and not paths.database.is_file():
        raise StoreError(
            f"{paths.database} is not a file; move it aside, then run `tracker restore` again."
        )
    with db.lock:
        backup, checked = choose(paths, name)
        saved = None
        if paths.database.is_file() or paths.events.is_file():
            saved = _copy_aside(paths, _free_name(paths, BEFORE_RESTORE_PREFIX, now))
        try:
            current_log = paths.events.read_bytes()
        except FileNotFoundError:
            current_log = b""
        if checked.log and current_log.startswith(checked.log):
            write_atomic(paths.database, checked.state)
            write_atomic(paths.events, checked.log)
        else:
            write_atomic(paths.events, checked.log)
            write_atomic(paths.database, checked.state)
        db.lock.write_token(str(schema.meta(checked.data).get("token", "")))
        db.storage.invalidate()
        db.log = EventLog(paths.events, paths.backups)
        db._log_checked = None
    return backup, saved

"""The database: TinyDB over our own storage, the lock, commits, backups, migrations.

:class:`Database` is the only thing that touches the files. Every change runs
in :meth:`Database.transaction`, which holds the inter-process lock for the
whole read-modify-write and commits once at the end: events appended and
fsynced first, then the state file replaced atomically with the new event-log
length and a fresh commit token.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB
from tinydb.table import Table

from tracker.paths import Paths, make_private_folder
from tracker.store import schema
from tracker.store.errors import StoreError
from tracker.store.files import TMP_MARK, write_folder
from tracker.store.lock import FileLock
from tracker.store.storage import EventLog, StateStorage, corrupt

BACKUPS_KEPT = 7
"""How many daily backups are kept."""

DerivedUpdate = Callable[[dict[str, Any], list[dict[str, Any]], int], bool]
"""Brings a derived table up to date with newly committed events, in place:
``(data, events, total events now) -> whether the table changed``."""


class RecordTable(Table):
    """A TinyDB table keyed by each record's own uuid, never by an in-process counter."""

    document_id_class = str  # type: ignore[assignment]
    default_query_cache_capacity = 0

    def _get_next_id(self) -> Any:
        raise RuntimeError("records carry their own ids; insert a Document with doc_id")

    def _update_table(self, updater: Any) -> None:
        # Our ids are already strings, so TinyDB's two full-table key conversions
        # per write are pure cost (milliseconds at 10,000 records): update in place.
        tables = self._storage.read()
        if tables is None:
            tables = {}
        raw = tables.setdefault(self.name, {})
        updater(raw)
        storage = self._storage
        if isinstance(storage, StateStorage):
            storage.write_table(self.name, tables)
        else:
            storage.write(tables)
        self.clear_cache()

    def put(self, doc: dict[str, Any]) -> None:
        """Insert or replace the whole record ``doc`` (keyed by its ``id``) in one step."""
        record_id = doc["id"]

        def updater(table: dict[Any, Any]) -> None:
            table[record_id] = doc

        self._update_table(updater)


class Database:
    """Files, lock and TinyDB for one tracker home."""

    def __init__(self, paths: Paths, *, lock_timeout: float = 15.0) -> None:
        self.paths = paths
        self.lock = FileLock(paths.lock, timeout=lock_timeout)
        self.storage = StateStorage(paths.database, paths.backups, schema.validate)
        self.log = EventLog(paths.events, paths.backups)
        self.tinydb = TinyDB(storage=lambda: self.storage)
        self.tinydb.table_class = RecordTable
        self._cleaned = False
        self._txn: Transaction | None = None
        self._log_checked: object = None
        self.before_commit: Callable[[], None] | None = None
        """Called under the lock before a commit; raising StoreError refuses it (see Repository.snapshot)."""
        self._derived: dict[str, DerivedUpdate] = {}

    def derive(self, table: str, update: DerivedUpdate) -> None:
        """Keep ``table`` (computed from the event log) current in every commit that logs events.

        The database knows no derived table itself: the repository registers
        them. A home carries a derived table only once something built it;
        ``update`` is called only then.
        """
        self._derived[table] = update

    # reading ----------------------------------------------------------------
    def data(self) -> dict[str, Any]:
        """The committed data, from cache when the file has not changed."""
        if self._txn is not None:
            cached = self.storage.cached
            assert cached is not None
            return cached
        data = self.storage.load()
        if data is None:
            return schema.empty()
        if schema.version_of(data) != schema.SCHEMA_VERSION:
            with self.transaction():
                pass
            data = self.storage.load()
            assert data is not None
        self._check_log(data)
        return data

    def _check_log(self, data: dict[str, Any]) -> None:
        """Refuse a database whose event log is missing or shorter than it says.

        A stat, once per version of the state file; the lines themselves are
        parsed only when events are read.
        """
        sig = self.storage.signature
        if sig is not None and sig == self._log_checked:
            return
        committed = int(schema.meta(data).get("events_bytes", 0))
        if committed:
            try:
                size = os.stat(self.paths.events).st_size
            except FileNotFoundError:
                raise corrupt(
                    self.paths.events,
                    "the event log is missing but the database refers to it",
                    self.paths.backups,
                ) from None
            except OSError as error:
                raise StoreError(
                    f"cannot read the event log {self.paths.events} ({error.strerror}); "
                    "check its permissions."
                ) from error
            if size < committed:
                raise corrupt(
                    self.paths.events,
                    "the event log is shorter than the database says",
                    self.paths.backups,
                )
        self._log_checked = sig

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        """The raw documents of one table (read-only: do not mutate)."""
        found: dict[str, dict[str, Any]] = self.data().get(name, {})
        return found

    def events(self) -> list[dict[str, Any]]:
        """Every committed event document, oldest first."""
        data = self.data()
        return self.log.read(schema.meta(data).get("events_bytes", 0))

    def changed_since(self, signature: object) -> bool:
        """Whether the file differs from the one seen at ``signature`` (a cheap stat)."""
        try:
            st = os.stat(self.paths.database)
        except OSError:
            return signature is not None
        return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) != signature

    @property
    def signature(self) -> object:
        return self.storage.signature

    # writing ----------------------------------------------------------------
    def _ensure_folder(self) -> None:
        try:
            make_private_folder(self.paths.data_dir)  # parents too, 0700 whatever the umask
        except OSError as error:
            raise StoreError(
                f"cannot create the data folder {self.paths.data_dir} ({error.strerror}); "
                "set TRACKER_HOME to a writable folder."
            ) from error

    def _clean_orphans(self) -> None:
        """Remove temp files left by a writer that died (safe: writers hold the lock)."""
        if self._cleaned:
            return
        self._cleaned = True
        for leftover in self.paths.data_dir.glob(f".*{TMP_MARK}*"):
            with suppress(OSError):
                leftover.unlink()

    def _load_locked(self) -> dict[str, Any]:
        cached = self.storage.cached
        force = cached is None or schema.meta(cached).get("token", "") != self.lock.read_token()
        data = self.storage.load(force=force)
        if data is None:
            return schema.empty()
        self._check_log(data)
        version = schema.version_of(data)
        if version > schema.SCHEMA_VERSION:
            raise StoreError(
                f"the database {self.paths.database} was written by a newer tracker "
                f"(schema {version}); upgrade tracker to open it."
            )
        if version < schema.SCHEMA_VERSION:
            self._backup_file(f"before-schema-{schema.SCHEMA_VERSION}")
            try:
                data, _ = schema.migrate(data)
            except LookupError as error:
                raise StoreError(
                    f"the database {self.paths.database} has schema {version}, which this "
                    f"tracker cannot migrate ({error})."
                ) from error
            self.storage.begin()
            self.storage.write(data)
            self._commit(data, [], None)
            self.storage.end(commit=True)
        return data

    @contextmanager
    def transaction(self, today: date | None = None) -> Iterator[Transaction]:
        """Hold the lock, hand out a working copy, commit it once at the end."""
        if self._txn is not None:
            yield self._txn
            return
        self._ensure_folder()
        self.lock.acquire()
        try:
            self._clean_orphans()
            data = self._load_locked()
            self.storage.begin()
            if self.storage.cached is None:
                self.storage.write(data)
                self.storage.dirty = False
            txn = Transaction(self)
            self._txn = txn
            ok = False
            try:
                yield txn
                ok = True
            finally:
                self._txn = None
                if not ok:
                    self.storage.end(commit=False)
            if self.storage.dirty or txn.events:
                working = self.storage.cached
                assert working is not None
                if self.before_commit is not None:
                    self.before_commit()  # may refuse: nothing is written
                self._commit(working, txn.events, today)
            self.storage.end(commit=True)
        except BaseException:
            self.storage.end(commit=False)
            raise
        finally:
            self.lock.release()

    def _commit(
        self, data: dict[str, Any], events: list[dict[str, Any]], today: date | None
    ) -> None:
        info = schema.meta(data)
        if today is not None and self.paths.database.exists():
            self._daily_backup(today)
        committed = int(info.get("events_bytes", 0))
        if events:
            new_length = self.log.append(committed, events)
            info["events_bytes"] = new_length
            info["events"] = int(info.get("events", 0)) + len(events)
            for table, update in self._derived.items():
                if data.get(table) and update(data, events, info["events"]):
                    self.storage.write_table(table, data)
        token = secrets.token_hex(8)
        info["token"] = token
        try:
            self.storage.flush()
        except StoreError:
            info["events_bytes"] = committed
            raise
        self.lock.write_token(token)
        if events:
            self.log.accept(committed, events, info["events_bytes"])

    # backups ------------------------------------------------------------------
    def _daily_backup(self, today: date) -> None:
        folder = self.paths.backups / today.isoformat()
        if folder.exists():
            return
        self._backup_file(today.isoformat())
        self._prune_backups()

    def backup(self, name: str) -> Path:
        """Copy the database and the committed event log into ``backups/name``."""
        with self.lock:
            return self._backup_file(name)

    def _backup_file(self, name: str) -> Path:
        folder = self.paths.backups / name
        if not self.paths.database.exists():
            return folder
        files = {self.paths.database.name: self.paths.database.read_bytes()}
        try:
            if self.paths.events.exists():
                committed = schema.meta(self.storage.load() or schema.empty()).get(
                    "events_bytes", 0
                )
                with open(self.paths.events, "rb") as handle:
                    files[self.paths.events.name] = handle.read(committed)
            write_folder(folder, files)
        except OSError as error:
            raise StoreError(
                f"cannot write a backup in {self.paths.backups} ({error.strerror}); "
                "free some space or fix the folder's permissions."
            ) from error
        return folder

    def backups(self) -> list[Path]:
        """Backup folders, newest name last."""
        if not self.paths.backups.exists():
            return []
        return sorted(
            p for p in self.paths.backups.iterdir() if p.is_dir() and not p.name.startswith(".")
        )

    def _prune_backups(self) -> None:
        daily = [p for p in self.backups() if _is_day(p.name)]
        for old in daily[:-BACKUPS_KEPT]:
            shutil.rmtree(old, ignore_errors=True)


def _is_day(name: str) -> bool:
    try:
        date.fromisoformat(name)
    except ValueError:
        return False
    return True


class Transaction:
    """A working copy under the lock: read and write records, log events."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.events: list[dict[str, Any]] = []

    def table(self, name: str) -> RecordTable:
        return self.db.tinydb.table(name)  # type: ignore[return-value]

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        # Our doc ids are strings (RecordTable.document_id_class); TinyDB's stubs say int.
        doc = self.table(table).get(doc_id=cast(Any, record_id))
        return dict(doc) if doc is not None else None

    def all(self, table: str) -> dict[str, dict[str, Any]]:
        data = self.db.storage.cached or {}
        return data.get(table, {})

    def put(self, table: str, doc: dict[str, Any]) -> None:
        """Insert or replace a whole record."""
        self.table(table).put(doc)

    def remove(self, table: str, record_id: str) -> None:
        tbl = self.table(table)
        if tbl.contains(doc_id=cast(Any, record_id)):
            tbl.remove(doc_ids=[cast(Any, record_id)])

    def append_event(self, doc: dict[str, Any]) -> None:
        self.events.append(doc)

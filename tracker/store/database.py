"""The database: TinyDB over our own storage, the lock, commits, backups, migrations.

:class:`Database` is the only thing that touches the files. Every change runs
in :meth:`Database.transaction`, which holds the inter-process lock for the
whole read-modify-write and commits once at the end: events appended and
fsynced first, then the state file replaced atomically with the new event-log
length and a fresh commit token.

No write carries a damaged record: before the first transaction (or backup)
over a version of the state file this process did not write itself, every
record is built and every reference followed (:func:`check_records`); a
damaged one refuses it, and nothing is written. A version this process wrote
is known good but for the records its commit put, which are checked before
they are committed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any, cast

import msgspec
from tinydb import TinyDB
from tinydb.table import Table

from tracker.domain.model import Card, Opportunity, Person, checklist_ok
from tracker.paths import Paths, make_private_folder
from tracker.store import schema
from tracker.store.errors import LockTimeout, StoreError
from tracker.store.files import (
    TMP_MARK,
    check_regular,
    temps_beside_target,
    write_atomic,
    write_folder,
)
from tracker.store.lock import FileLock
from tracker.store.storage import EventLog, StateStorage, backup_folders, corrupt

BACKUPS_KEPT = 7
"""How many daily backups are kept."""

DerivedUpdate = Callable[
    [dict[str, Any], list[dict[str, Any]], int, Callable[[], list[dict[str, Any]]]], bool
]
"""Brings a derived table up to date with the events being committed, in place:
``(data, events, total events then, the events committed before) -> whether the
table changed``. The last argument reads the log; call it only when needed."""

Summary = Callable[[dict[str, Any], object], bytes | None]
"""Builds the prompt summary for the data just committed and its state file signature."""

RECORDS = ("cards", "opportunities", "people", "lessons", "watches")
"""The tables of domain records, which :func:`check_records` checks."""


class RecordDamage(ValueError):
    """A checklist that cannot be read, or a reference to a record that does not exist;
    ``str(error)`` says which, in the words the reads use."""


def missing_opportunity(card_id: str) -> str:
    return f"card {card_id!r} refers to a missing opportunity"


def missing_person(opportunity_id: str, person_id: str) -> str:
    return f"opportunity {opportunity_id!r} links to the person {person_id!r}, who does not exist"


def check_records(data: dict[str, Any], only: dict[str, set[str]] | None = None) -> None:
    """Build every record of ``data`` (checklists included) and follow its references.

    Raises what building a malformed record raises (``KeyError``, ``ValueError``,
    ``TypeError``, ``AttributeError``), or :class:`RecordDamage`. With ``only``
    (table -> ids), just those records are checked, against the whole of ``data``.
    """
    opportunities = data.get("opportunities", {})
    people = data.get("people", {})

    def records(table: str) -> dict[str, Any]:
        found: dict[str, Any] = data.get(table, {})
        if only is None:
            return found
        return {key: found[key] for key in only.get(table, ()) if key in found}

    cards = records("cards")
    # The shape the load checks (schema.validate): building a card does not read every
    # field as text, and a commit says in the lock file that it checked what it wrote.
    problem = schema.check_cards(cards)
    if problem:
        raise RecordDamage(problem)
    for doc in cards.values():
        card = Card.from_doc(doc, RecordDamage)
        if not checklist_ok(doc.get("items", "[]")):
            _ = card.items  # builds them: raises what is wrong, if anything is
        if card.opportunity_id not in opportunities:
            raise RecordDamage(missing_opportunity(card.id))
    for doc in records("opportunities").values():
        opp = Opportunity.from_doc(doc)
        for link in opp.people:
            if link.person_id not in people:
                raise RecordDamage(missing_person(opp.id, link.person_id))
    for doc in records("people").values():
        Person.from_doc(doc)
    lessons = records("lessons")
    if lessons:  # imported only then: the capture path does without the lessons' module
        from tracker.domain.lessons import Lesson

        for doc in lessons.values():
            # A lesson's sources may name an interaction or a gap that is gone (undone,
            # rewritten): that is shown as "(gone)", not damage, so only the shape is checked.
            Lesson.from_doc(doc)
    watches = records("watches")
    if watches:  # a watch's opportunities may be gone (undone): only the shape is checked
        from tracker.domain.watch import Watch

        for doc in watches.values():
            Watch.from_doc(doc)


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
        self.storage = StateStorage(
            paths.database, paths.backups, schema.validate, self._written_by_a_tracker
        )
        self.log = EventLog(paths.events, paths.backups)
        self.tinydb = TinyDB(storage=lambda: self.storage)
        self.tinydb.table_class = RecordTable
        self._cleaned = False
        self._txn: Transaction | None = None
        self._log_checked: object = None
        self._new_home = False
        """Whether the transaction under way found no state file (its commit creates one)."""
        self.on_wait: Callable[[bool], None] | None = None
        """Told (on the writing thread) ``True`` when a write finds the lock held by
        another process, before it waits; ``False`` once it has the lock, or gave up."""
        self._records_ok: object = None
        """The version of the state file whose records passed :func:`check_records`."""
        self._derived: dict[str, DerivedUpdate] = {}
        self._summary: Summary | None = None
        self.defer_summary = False
        """Set by a long-lived process (the board): a commit leaves the prompt summary
        to :meth:`write_summary`, called when the process is idle, so an action does not
        pay for it. Until then the file names an older state file and readers ignore it."""
        self._summary_stale = False

    def derive(self, table: str, update: DerivedUpdate) -> None:
        """Keep ``table`` (computed from the event log) current in every commit that logs events.

        The database knows no derived table itself: the repository registers
        them. ``update`` runs before the events are appended, so a table it
        cannot build (a damaged log) refuses the commit with nothing written;
        a table missing from an older home is built by the first commit.
        """
        self._derived[table] = update

    def summarize(self, build: Summary) -> None:
        """Write ``build(data, signature)`` to the prompt summary after every commit.

        The repository registers it (see :mod:`tracker.store.prompt`). It runs under
        the lock once the state file is committed, keyed by that file's signature; it
        can never fail a commit: a summary that cannot be built or written is left out,
        and an older one no longer matches the state file, so readers ignore it.
        """
        self._summary = build

    def _write_summary(self, data: dict[str, Any]) -> None:
        target = self.paths.prompt
        try:
            payload = None if self._summary is None else self._summary(data, self.signature)
            if payload is None:
                target.unlink(missing_ok=True)
                return
            # Derived data: no fsync. A torn file after a crash does not parse, and
            # a whole one names the state file it was made for; readers check both.
            tmp = target.with_name(f".{target.name}{TMP_MARK}{os.getpid()}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(tmp, target)
        except Exception:  # noqa: BLE001 - only speed is lost; the commit stands
            with suppress(OSError):
                target.unlink(missing_ok=True)

    # checking records ---------------------------------------------------------
    def damaged(self, why: str) -> StoreError:
        """The one sentence for a damaged record, reads and writes alike."""
        return corrupt(self.paths.database, why, self.paths.backups)

    def _version(self, data: dict[str, Any]) -> object:
        """Which version of the state file ``data`` was read from (None: no file)."""
        sig = self.storage.signature
        return None if sig is None else (sig, schema.meta(data).get("token", ""))

    def _check(self, data: dict[str, Any], only: dict[str, set[str]] | None = None) -> None:
        try:
            check_records(data, only)
        except RecordDamage as error:
            raise self.damaged(str(error)) from None
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            raise self.damaged(f"a record is malformed: {error!r}") from None

    def _check_version(self, data: dict[str, Any]) -> None:
        """Check every record of ``data`` unless its version of the file passed already
        (or there is no file: nothing to check)."""
        version = self._version(data)
        if version is None or version == self._records_ok:
            return
        if self.lock.held and self._checked_text(version) == self.lock.read_checked():
            return  # written by a tracker that checked it; a hand edit changes the stat
        self._check(data)

    def _written_by_a_tracker(self, sig: tuple[int, ...], data: Any) -> bool:
        """Whether ``data``, read from the state file with stat signature ``sig``, is the
        version a tracker of this schema committed: that writer checked its shape and its
        records, and said so in the lock file (:meth:`_commit`). A hand edit changes the
        signature; a reader without the lock reads the lock file's first line alone."""
        try:
            info = data["meta"][schema.META_ID]
            token, version = info["token"], info["schema"]
        except (KeyError, TypeError):
            return False
        if type(token) is not str or version != schema.SCHEMA_VERSION:
            return False
        return self._checked_text((sig, token)) == self.lock.peek_checked()

    @staticmethod
    def _checked_text(version: object) -> str:
        """A version of the state file (stat signature and token) as the lock file keeps it."""
        sig, token = cast(tuple[tuple[int, ...], str], version)
        return ":".join(str(n) for n in sig) + f":{token}"

    def check_records(self) -> None:
        """Check every record of the committed file, once per version of it; raises
        :meth:`damaged`. Writes do it anyway; the board calls it early, off the UI."""
        data = self.data()
        self._check_version(data)
        self._records_ok = self._version(data)

    # reading ----------------------------------------------------------------
    def data(self) -> dict[str, Any]:
        """The committed data, from cache when the file has not changed."""
        if self._txn is not None:
            cached = self.storage.cached
            assert cached is not None
            return cached
        data = self.storage.load()
        if data is None:
            return self._no_state()
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
        size = self._log_size()
        if committed and size is None:
            raise corrupt(
                self.paths.events,
                "the event log is missing but the database refers to it",
                self.paths.backups,
            )
        if size is not None and size < committed:
            raise corrupt(
                self.paths.events,
                "the event log is shorter than the database says",
                self.paths.backups,
            )
        self._log_checked = sig

    def _log_size(self) -> int | None:
        """The event log's size (None when there is none); refuses a FIFO, a folder..."""
        try:
            st = check_regular(self.paths.events, "the event log")
        except OSError as error:
            raise StoreError(
                f"cannot read the event log {self.paths.events} ({error.strerror}); "
                "check its permissions."
            ) from error
        return None if st is None else st.st_size

    def _no_state(self) -> dict[str, Any]:
        """The data of a home without a state file: a new, empty one, unless the log
        holds history (then the state file was lost: writing would cut the log)."""
        size = self._log_size()
        if size:
            db = self.paths.database
            where = f"the database {db}"
            if db.is_symlink():
                where += f" (a link to {os.readlink(db)})"
            hint = (
                f"`tracker restore` brings back the newest good backup from {self.paths.backups}"
                if self.backups()
                else f"no backup exists in {self.paths.backups}, so move the event log aside "
                "to start afresh"
            )
            raise StoreError(
                f"{where} is missing but the event log {self.paths.events} holds {size} bytes "
                f"of history, so nothing was read or written: {hint}."
            )
        return schema.empty()

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

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is under way (its working copy differs from the file)."""
        return self._txn is not None

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
        leftovers = list(self.paths.data_dir.glob(f".*{TMP_MARK}*"))
        for path in (self.paths.database, self.paths.events):
            leftovers += temps_beside_target(path)
        for leftover in leftovers:
            with suppress(OSError):
                leftover.unlink()

    def _load_locked(self) -> dict[str, Any]:
        cached = self.storage.cached
        force = cached is None or schema.meta(cached).get("token", "") != self.lock.read_token()
        data = self.storage.load(force=force)
        self._new_home = data is None
        if data is None:
            return self._no_state()
        self._check_log(data)
        version = schema.version_of(data)
        if version > schema.SCHEMA_VERSION:
            raise StoreError(
                f"the database {self.paths.database} was written by a newer tracker "
                f"(schema {version}); upgrade tracker to open it."
            )
        if version < schema.SCHEMA_VERSION:
            self._backup_file(f"before-schema-{schema.SCHEMA_VERSION}", check=False)
            try:
                data, _ = schema.migrate(data)
            except LookupError as error:
                raise StoreError(
                    f"the database {self.paths.database} has schema {version}, which this "
                    f"tracker cannot migrate ({error})."
                ) from error
            self._check(data)
            self.storage.begin()
            self.storage.write(data)
            self._commit(data, [], None)
            self.storage.end(commit=True)
            self._records_ok = self._version(data)
        return data

    @contextmanager
    def transaction(self, today: date | None = None) -> Iterator[Transaction]:
        """Hold the lock, hand out a working copy, commit it once at the end."""
        if self._txn is not None:
            yield self._txn
            return
        self._ensure_folder()
        self._acquire()
        try:
            self._clean_orphans()
            data = self._load_locked()
            # No transaction runs over a damaged record: every record of a version
            # of the file this process did not write is checked first, once.
            self._check_version(data)
            self._records_ok = self._version(data)
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
                # May refuse: nothing is written. The file's records were checked
                # when it was loaded; what this transaction put is checked now.
                if txn.replaced:
                    self._check(working)
                elif txn.put_ids:
                    self._check(working, txn.put_ids)
                self._commit(working, txn.events, today)
                self._records_ok = self._version(working)
            self.storage.end(commit=True)
        except BaseException:
            self.storage.end(commit=False)
            raise
        finally:
            self.lock.release()

    def _acquire(self) -> None:
        """Take the lock; when another process holds it, tell :attr:`on_wait` before waiting."""
        lock, told = self.lock, self.on_wait
        if told is None or lock.held:
            lock.acquire()
            return
        patience = lock.timeout
        lock.timeout = 0.0  # one try: is it free?
        try:
            lock.acquire()
            return
        except LockTimeout:
            pass
        finally:
            lock.timeout = patience
        told(True)
        try:
            lock.acquire()
        finally:
            told(False)

    def _commit(
        self, data: dict[str, Any], events: list[dict[str, Any]], today: date | None
    ) -> None:
        info = schema.meta(data)
        committed = int(info.get("events_bytes", 0))
        existed = self.paths.database.exists()  # a new home has nothing to back up
        if events and self._new_home:
            # The state file comes first: a log with no state file beside it is
            # refused as damaged, so a crash after the append must not leave one.
            write_atomic(self.paths.database, msgspec.json.encode(schema.empty()))
            self._new_home = False
        if events:
            total = int(info.get("events", 0)) + len(events)
            for table, update in self._derived.items():
                if update(data, events, total, lambda: self.log.read(committed)):
                    self.storage.write_table(table, data)
        # The day's backup (which prunes the oldest) only once nothing above can refuse
        # the commit: a refused write must not swap a good backup for a damaged one.
        if today is not None and existed:
            self._daily_backup(today)
        if events:
            new_length = self.log.append(committed, events)
            info["events_bytes"] = new_length
            info["events"] = total
        token = os.urandom(8).hex()  # secrets.token_hex, without importing secrets (~4 ms)
        info["token"] = token
        try:
            self.storage.flush()
        except StoreError:
            info["events_bytes"] = committed
            raise
        # Every commit path checked the records it writes (the whole file when it was
        # not a version a tracker had checked, then what the transaction put), so the
        # next process need not check them again while the file stays as written.
        sig = self.storage.signature
        self.lock.write_token(token, self._checked_text((sig, token)) if sig else "")
        if events:
            self.log.accept(committed, events, info["events_bytes"])
        if self._summary is not None:
            if self.defer_summary:
                self._summary_stale = True
            else:
                self._write_summary(data)

    def write_summary(self) -> bool:
        """Write the prompt summary that commits left out (:attr:`defer_summary`), from
        the committed data as it is now; True when it wrote one. Not under the lock: a
        commit by another process in between can only leave a summary readers ignore."""
        if self._summary is None or not self._summary_stale or self._txn is not None:
            return False
        self._summary_stale = False
        try:
            data = self.data()
        except StoreError:
            return False
        self._write_summary(data)
        return True

    # backups ------------------------------------------------------------------
    def _daily_backup(self, today: date) -> None:
        folder = self.paths.backups / today.isoformat()
        if folder.exists():
            return
        self._backup_file(today.isoformat(), check=False)  # the commit checked the records
        self._prune_backups()

    def backup(self, name: str) -> Path:
        """Copy the database and the committed event log into ``backups/name``."""
        with self.lock:
            return self._backup_file(name)

    def _backup_file(self, name: str, *, check: bool = True) -> Path:
        """Copy the files into ``backups/name``; with ``check``, refuse a damaged record first
        (a backup of one would be picked by `tracker restore` as good)."""
        folder = self.paths.backups / name
        if not self.paths.database.exists():
            return folder
        if check:
            self.check_records()
        try:
            files = {self.paths.database.name: self.paths.database.read_bytes()}
        except OSError as error:  # unreadable, not damaged: restoring would not help
            raise StoreError(
                f"cannot read the database {self.paths.database} ({error.strerror}), so it was "
                "not backed up; check its permissions."
            ) from error
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
        return backup_folders(self.paths.backups)

    def _prune_backups(self) -> None:
        import shutil  # here, not at the top: off the capture path

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
        self.put_ids: dict[str, set[str]] = {}
        """The records put, per table of :data:`RECORDS`: the commit checks them."""
        self.replaced = False
        """Whether the whole data was replaced (:meth:`replace`): the commit checks it all."""

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
        if table in RECORDS:
            self.put_ids.setdefault(table, set()).add(doc["id"])
        self.table(table).put(doc)

    def replace(self, data: dict[str, Any]) -> None:
        """Replace the whole working copy with ``data``."""
        self.db.storage.write(data)
        self.replaced = True

    def remove(self, table: str, record_id: str) -> None:
        tbl = self.table(table)
        if tbl.contains(doc_id=cast(Any, record_id)):
            tbl.remove(doc_ids=[cast(Any, record_id)])

    def append_event(self, doc: dict[str, Any]) -> None:
        self.events.append(doc)

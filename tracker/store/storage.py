"""Durable files: the TinyDB state storage and the append-only event log.

The state file is rewritten whole on each commit, atomically: a temp file in
the same folder, fsync, ``os.replace``, fsync of the folder. The event log is
only ever appended to; the state file records how many of its bytes are
committed, so a crash between the two writes leaves a tail that is ignored
and trimmed by the next writer. Reads are cached and validated by ``stat``
(and, under the lock, by the commit token), so a long-lived process notices
changes made by other processes without re-parsing an unchanged file.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
from tinydb.storages import Storage

from tracker.domain.jsontext import NOT_JSON, not_json
from tracker.domain.model import first_bad_event
from tracker.paths import DATABASE, EVENTS
from tracker.store.errors import StoreError
from tracker.store.files import (
    check_regular,
    fsync_dir,
    open_regular,
    read_signed,
    sync_data,
    through_links,
    write_atomic,
)

Data = dict[str, dict[str, Any]]


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def backup_folders(backups: Path) -> list[Path]:
    """The backups in ``backups``, oldest name first (a dot-folder is one being made)."""
    try:
        return sorted(p for p in backups.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:  # none yet, or unreadable: nothing to restore from
        return []


def corrupt(path: Path, detail: str, backups: Path) -> StoreError:
    """The one sentence for a damaged file: what, where, and what to do.

    With no backup to restore, starting afresh means moving both the state file and the
    event log aside: the state file alone is refused while the log holds history."""
    if backup_folders(backups):
        todo = (
            f"`tracker restore` brings back the newest good backup from {backups} "
            "(the damaged file is kept aside)"
        )
    else:
        here = path.parent
        todo = (
            f"no backup exists in {backups}, so move {here / DATABASE} and {here / EVENTS} "
            "aside to start afresh"
        )
    return StoreError(f"the database {path} is damaged ({detail}); it was left untouched: {todo}.")


class StateStorage(Storage):
    """TinyDB storage for the state file: msgspec, atomic commits, a stat-validated cache.

    Inside a transaction, TinyDB's writes only update the working copy in
    memory; :meth:`flush` commits them in one atomic write.
    """

    def __init__(
        self,
        path: Path,
        backups: Path,
        validate: Callable[[Any], str | None],
        known_good: Callable[[tuple[int, int, int, int], Any], bool] | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.backups = backups
        self._validate = validate
        self._known_good = known_good
        """Whether the file as read (its stat signature and data) is a version a tracker
        wrote and checked: then the shape check, which walks every record, is skipped."""
        self._cache: Data | None = None
        self._sig: tuple[int, int, int, int] | None = None
        self._in_txn = False
        self.dirty = False
        self._chunks: dict[str, bytes] = {}
        """Serialised bytes of each table as last committed; only changed tables are re-dumped.

        A changed table is dumped whole, by one msgspec call (the cards of 10,000 cards,
        12 MB, in about 8 ms). Keeping each record's bytes to re-dump only the changed
        ones saved ~4 ms a commit at that size but held a second copy of the whole
        state (52 MiB more on the board after its first write). For the same reason a
        table written in a transaction keeps no chunk: the cards change in nearly every
        commit, and their 12 MB would only be dumped again."""
        self._written: set[str] | None = set()
        """The tables written in the current transaction (None: all of them)."""

    # TinyDB's interface ------------------------------------------------------
    def read(self) -> Data | None:
        if self._in_txn and self._cache is not None:
            return self._cache
        return self.load()

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if not self._in_txn:
            raise RuntimeError("writes go through a transaction")
        self._cache = data
        self._chunks.clear()  # we cannot know what changed
        self._written = None
        self.dirty = True

    def write_table(self, name: str, data: dict[str, dict[str, Any]]) -> None:
        """Like :meth:`write`, naming the one table that changed."""
        if not self._in_txn:
            raise RuntimeError("writes go through a transaction")
        self._cache = data
        self._chunks.pop(name, None)
        if self._written is not None:
            self._written.add(name)
        self.dirty = True

    def close(self) -> None:
        pass

    # Ours --------------------------------------------------------------------
    def load(self, *, force: bool = False) -> Data | None:
        """The file's data, re-read only if the file changed (or ``force``)."""
        try:
            st = check_regular(self.path, "the database")
        except OSError as error:
            raise StoreError(
                f"cannot read the database {self.path} ({error.strerror}); check its permissions."
            ) from error
        if st is None:
            self._cache, self._sig = None, None
            return None
        sig = _signature(st)
        if not force and sig == self._sig and self._cache is not None:
            return self._cache
        # The version read is the file as the descriptor showed it before the read; one
        # that changed during the read (an edit in place) is read again, and after three
        # tries it is not trusted (the shape check runs), and the next load reads it again.
        for _ in range(3):
            try:
                raw, before, after = read_signed(self.path, "the database")
            except OSError as error:
                raise StoreError(
                    f"cannot read the database {self.path} ({error.strerror}); "
                    "check its permissions."
                ) from error
            sig = _signature(before)
            steady = _signature(after) == sig
            if steady:
                break
        if not raw.strip():
            raise corrupt(self.path, "the file is empty", self.backups)
        try:
            # Decoding builds objects per record; the cyclic GC would rescan them repeatedly.
            was_enabled = gc.isenabled()
            gc.disable()
            try:
                data: dict[str, dict[str, Any]] = msgspec.json.decode(raw)
            finally:
                if was_enabled:
                    gc.enable()
        except NOT_JSON as error:
            raise corrupt(self.path, not_json(error), self.backups) from None
        trusted = steady and self._known_good is not None and self._known_good(sig, data)
        problem = None if trusted else self._validate(data)
        if problem:
            raise corrupt(self.path, problem, self.backups)
        self._cache, self._sig = data, sig
        self._chunks.clear()
        return data

    def begin(self) -> None:
        self._in_txn = True
        self.dirty = False
        self._written = set()

    def end(self, commit: bool) -> None:
        self._in_txn = False
        if not commit:
            # Drop the working copy; the next read sees the file as it is.
            self.invalidate()
        self.dirty = False

    def flush(self) -> None:
        """Commit the working copy atomically."""
        assert self._cache is not None
        parts: list[bytes] = []
        for name, table in self._cache.items():
            chunk = self._chunks.get(name)
            if chunk is None:
                chunk = msgspec.json.encode(table)
                if name != "meta" and self._written is not None and name not in self._written:
                    self._chunks[name] = chunk
            parts += (b"," if parts else b"{", msgspec.json.encode(name), b":", chunk)
        parts.append(b"}" if parts else b"{}")
        write_atomic(self.path, parts)
        self._sig = _signature(os.stat(self.path))

    @property
    def cached(self) -> Data | None:
        return self._cache

    def invalidate(self) -> None:
        self._cache, self._sig = None, None
        self._chunks.clear()

    @property
    def signature(self) -> tuple[int, int, int, int] | None:
        return self._sig


def _first_unparsable(lines: bytes) -> int:
    """The 0-based position of the first of ``lines`` that is not one JSON value alone."""
    for index, line in enumerate(lines.split(b"\n")):
        try:
            msgspec.json.decode(line)
        except NOT_JSON:
            return index
    return 0


class EventLog:
    """The append-only event log: one JSON object per line.

    Only the first ``committed`` bytes count; the state file says how many.
    """

    def __init__(self, path: Path, backups: Path) -> None:
        self.path = path
        self.backups = backups
        self._cache: list[dict[str, Any]] = []
        self._cached_bytes = 0

    def read(self, committed: int) -> list[dict[str, Any]]:
        """Every committed event document, oldest first."""
        if committed == self._cached_bytes:
            return self._cache
        if committed < self._cached_bytes:
            self._cache, self._cached_bytes = [], 0
        try:
            with os.fdopen(open_regular(self.path, os.O_RDONLY, "the event log"), "rb") as handle:
                handle.seek(self._cached_bytes)
                chunk = handle.read(committed - self._cached_bytes)
        except FileNotFoundError:
            raise corrupt(
                self.path, "the event log is missing but the database refers to it", self.backups
            ) from None
        except OSError as error:
            raise StoreError(
                f"cannot read the event log {self.path} ({error.strerror}); check its permissions."
            ) from error
        if len(chunk) != committed - self._cached_bytes:
            raise corrupt(
                self.path, "the event log is shorter than the database says", self.backups
            )
        if chunk:
            self._cache = self._cache + self._parse(chunk)
        self._cached_bytes = committed
        return self._cache

    def _parse(self, chunk: bytes) -> list[dict[str, Any]]:
        """The events of ``chunk`` (whole lines that follow the cached ones), each one
        checked: a line that is not an event is damage, named by its line number."""
        lines = chunk.rstrip(b"\n")
        first = len(self._cache) + 1  # the line number of the chunk's first line
        try:
            docs: list[Any] = msgspec.json.decode(b"[" + lines.replace(b"\n", b",") + b"]")
        except NOT_JSON:
            docs = []
        if len(docs) != lines.count(b"\n") + 1:  # not JSON, or a line holding two values
            raise self._bad_line(first + _first_unparsable(lines), "is not valid JSON")
        bad = first_bad_event(docs)
        if bad is not None:
            raise self._bad_line(first + bad[0], f"is not an event: {bad[1]}")
        return docs

    def _bad_line(self, number: int, why: str) -> StoreError:
        return corrupt(self.path, f"line {number} of the event log {why}", self.backups)

    def append(self, committed: int, docs: list[dict[str, Any]]) -> int:
        """Append ``docs`` after the committed bytes, fsync, and return the new length.

        A tail past ``committed`` (left by a crash) is cut off first.
        """
        payload = b"".join(msgspec.json.encode(doc) + b"\n" for doc in docs)
        try:
            check_regular(self.path, "the event log")  # opening a socket would fail obscurely
            fd = open_regular(self.path, os.O_RDWR | os.O_CREAT, "the event log")
        except OSError as error:
            raise StoreError(
                f"cannot write the event log {self.path} ({error.strerror}); "
                "check that the folder is writable."
            ) from error
        try:
            size = os.fstat(fd).st_size
            if size < committed:
                raise corrupt(
                    self.path, "the event log is shorter than the database says", self.backups
                )
            if size > committed:
                os.ftruncate(fd, committed)
            os.lseek(fd, committed, os.SEEK_SET)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            sync_data(fd)
            if not committed:
                # The log may have just been made, maybe through a link into another
                # folder: its name must be durable there (a rename of the state file
                # fsyncs only the state file's folder).
                fsync_dir(through_links(self.path).parent)
        except OSError as error:
            raise StoreError(
                f"cannot write the event log {self.path} ({error.strerror}); nothing was changed."
            ) from error
        finally:
            os.close(fd)
        return committed + len(payload)

    def accept(self, committed: int, docs: list[dict[str, Any]], new_length: int) -> None:
        """Extend the cache after a commit that appended ``docs`` at ``committed``."""
        if self._cached_bytes == committed:
            self._cache = self._cache + docs
            self._cached_bytes = new_length

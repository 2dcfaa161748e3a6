"""A sidecar inter-process lock around every read-modify-write.

``fcntl.flock`` on POSIX and ``msvcrt.locking`` on Windows. Hand-written
instead of filelock because filelock costs ~35 ms of import time on the
capture path. The lock is re-entrant within a process. The lock file also
carries the token of the last commit, so a holder can tell cheaply whether
its cached copy of the database is still current.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from tracker.store.errors import LockTimeout, StoreError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows CI only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class FileLock:
    """An exclusive, re-entrant lock on ``path`` shared by every tracker process."""

    def __init__(self, path: Path, timeout: float = 15.0) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0

    @property
    def held(self) -> bool:
        return self._depth > 0

    def acquire(self) -> None:
        if self._depth:
            self._depth += 1
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StoreError(
                f"cannot create the lock file {self.path} ({error.strerror}); "
                "check that its folder exists and is writable."
            ) from error
        deadline = time.monotonic() + self.timeout
        delay = 0.001
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                os.close(fd)
                raise LockTimeout(
                    f"another tracker process has held {self.path} for over "
                    f"{self.timeout:.0f} s; close it, or remove the file if no tracker is running."
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
        self._fd = fd
        self._depth = 1

    def release(self) -> None:
        if not self._depth:
            raise RuntimeError("release of a lock that is not held")
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                _unlock(fd)
            finally:
                os.close(fd)

    def read_token(self) -> str:
        """The commit token last written by a lock holder ("" when none)."""
        if self._fd is None:
            return ""
        os.lseek(self._fd, 0, os.SEEK_SET)
        return os.read(self._fd, 64).decode("ascii", "replace").strip()

    def write_token(self, token: str) -> None:
        """Record the token of the commit just made (only while held)."""
        if self._fd is None:
            raise RuntimeError("write_token needs the lock")
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.ftruncate(self._fd, 0)
        os.write(self._fd, token.encode("ascii"))

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

"""The inter-process lock around every read-modify-write.

``fcntl.flock`` on POSIX and ``msvcrt.locking`` on Windows. Hand-written
instead of filelock because filelock costs ~35 ms of import time on the
capture path. The lock is re-entrant within a process.

On POSIX the lock is taken on the data folder itself, and then on the file
``tracker.lock`` in it. A folder that holds the data cannot be removed, so
removing ``tracker.lock`` while a writer holds it can no longer let a second
writer in beside the first (each would have locked its own file): the folder
keeps them apart. The file lock is still taken, for trackers older than this
one, which lock only the file; a file lock that turns out to be on a file
the path no longer names (it was removed while we waited) is taken again on
the file that is there now. On Windows an open file cannot be removed, and
the file lock is all there is.

The lock file carries the token of the last commit, so a holder can tell
cheaply whether its cached copy of the database is still current, and,
while it is held, who holds it (pid, command, since when): a process that
waits too long says so instead of guessing.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from pathlib import Path

import msgspec

from tracker.store.errors import LockTimeout, StoreError
from tracker.store.files import NONBLOCK, kind_of

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

    def _open_folder(folder: Path) -> int | None:
        return None  # folders cannot be locked; an open file cannot be removed anyway

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

    def _open_folder(folder: Path) -> int | None:
        """A descriptor of ``folder`` to lock, or None if it cannot be opened."""
        try:
            return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            return None


class Holder(msgspec.Struct, frozen=True):
    """Who holds a lock: as the holder wrote it into the lock file, or as the system says."""

    pid: int
    command: str
    since: float | None = None
    """When it took the lock (seconds since the epoch); None when not known."""

    def who(self) -> str:
        """The holder in words: another tracker process (pid 4242, `tracker board`)."""
        return f"another tracker process (pid {self.pid}, `{self.command}`)"

    def held_for(self) -> str | None:
        """How long it has held the lock: 5 s, 2 min 5 s, 3 h 2 min (None: not known)."""
        if self.since is None:
            return None
        seconds = max(0, int(time.time() - self.since))
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        if hours:
            return f"{hours} h {minutes} min"
        if minutes:
            return f"{minutes} min {seconds} s"
        return f"{seconds} s"


def find_holder(path: Path) -> Holder | None:
    """Who holds the lock on ``path``: from the lock file, else (Linux) from /proc/locks.

    The lock file says it when the holder wrote it there. When the file was
    removed, the lock on its folder is still held, and Linux lists it, with
    the holder's pid, in /proc/locks (how long is then not known). Never
    creates, locks or writes anything, and never blocks.
    """
    return _holder_in_file(path) or _holder_in_proc(path.parent)


def _holder_in_file(path: Path) -> Holder | None:
    try:
        fd = os.open(path, os.O_RDONLY | NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        text = os.read(fd, 4096).decode("utf-8", "replace")
    except OSError:
        return None
    finally:
        os.close(fd)
    lines = text.split("\n")
    if len(lines) < 2:
        return None
    pid_text, _, rest = lines[1].partition(" ")
    since_text, _, command = rest.partition(" ")
    try:
        holder = Holder(int(pid_text), command, float(since_text))
    except ValueError:
        return None
    return holder if holder.pid > 0 and _alive(holder.pid) else None


def _holder_in_proc(folder: Path) -> Holder | None:
    try:
        st = os.stat(folder)
        with open("/proc/locks", "rb") as handle:
            table = handle.read().decode("ascii", "replace")
    except OSError:
        return None
    key = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in table.splitlines():
        # "3: FLOCK  ADVISORY  WRITE 4242 fd:00:2203800 0 EOF" (a waiter has "->" after "3:")
        fields = line.split()
        if len(fields) < 6 or fields[1] != "FLOCK" or fields[5] != key:
            continue
        try:
            pid = int(fields[4])
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                argv = [a.decode("utf-8", "replace") for a in handle.read().split(b"\0") if a]
        except (OSError, ValueError):
            continue
        return Holder(pid, _short(argv))
    return None


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - os.kill(pid, 0) would end it there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's: alive
    return True


def _short(argv: list[str]) -> str:
    """A command line as a person would type it, on one line: ``tracker add ACME Engineer``."""
    words = list(argv)
    if len(words) > 1 and os.path.basename(words[0]).lower().startswith(("python", "py.exe")):
        words = words[1:]  # the interpreter: say what it runs
    if len(words) > 1 and words[0] == "-m":
        words = words[1:]
    if words:
        words[0] = os.path.basename(words[0]) or words[0]
    text = " ".join(words) or "?"
    text = "".join(c if c.isprintable() else " " for c in text).replace("`", "'")
    return text if len(text) <= 80 else text[:77] + "..."


class FileLock:
    """An exclusive, re-entrant lock on ``path`` (and its folder) shared by every tracker process."""

    def __init__(self, path: Path, timeout: float = 15.0) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None
        self._folder_fd: int | None = None
        self._depth = 0
        self._token = ""
        self._holder_line = ""

    @property
    def held(self) -> bool:
        return self._depth > 0

    def acquire(self) -> None:
        if self._depth:
            self._depth += 1
            return
        deadline = time.monotonic() + self.timeout
        folder_fd = _open_folder(self.path.parent)
        try:
            if folder_fd is not None:
                try:
                    self._wait(folder_fd, deadline)
                except OSError:  # a file system that cannot lock folders (some NFS)
                    os.close(folder_fd)
                    folder_fd = None
            fd = self._lock_file(deadline)
        except BaseException:
            if folder_fd is not None:
                os.close(folder_fd)  # closing lets go of its lock, if taken
            raise
        self._fd, self._folder_fd = fd, folder_fd
        self._depth = 1
        self._holder_line = f"{os.getpid()} {time.time():.3f} {_short(sys.orig_argv)}"
        try:
            self._token = self._first_line()
            self._write()
        except OSError:
            pass  # a courtesy to whoever waits; a lost token only forces a fresh read

    def _lock_file(self, deadline: float) -> int:
        """Open, lock and return the lock file, taken again if it was replaced meanwhile."""
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | NONBLOCK, 0o600)
            except OSError as error:
                raise StoreError(
                    f"cannot create the lock file {self.path} ({error.strerror}); "
                    "check that its folder exists and is writable."
                ) from error
            try:
                st = os.fstat(fd)
                if not stat.S_ISREG(st.st_mode):
                    raise StoreError(
                        f"the lock file {self.path} is {kind_of(st.st_mode)}, not a regular "
                        "file: move it aside, and tracker makes a new one."
                    )
                self._wait(fd, deadline)
                try:
                    now = os.stat(self.path)
                except FileNotFoundError:
                    now = None
                if now is not None and (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino):
                    return fd
                # Removed (and maybe made again) while we waited: this lock guards nothing.
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)

    def _wait(self, fd: int, deadline: float) -> None:
        delay = 0.001
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise self._timeout()
            time.sleep(delay)
            delay = min(delay * 2, 0.02)

    def _timeout(self) -> LockTimeout:
        holder = find_holder(self.path)
        who = "another tracker process" if holder is None else holder.who()
        held = None if holder is None else holder.held_for()
        return LockTimeout(
            f"{who} has held the lock {self.path} for "
            f"{held or f'over {self.timeout:.0f} s'}; close it, or wait for it to finish, "
            "then try again."
        )

    def release(self) -> None:
        if not self._depth:
            raise RuntimeError("release of a lock that is not held")
        self._depth -= 1
        if self._depth:
            return
        fd, self._fd = self._fd, None
        folder_fd, self._folder_fd = self._folder_fd, None
        self._holder_line = ""
        try:
            if fd is not None:
                with contextlib.suppress(OSError):
                    self._write(fd)  # no holder any more, only the token
                try:
                    _unlock(fd)
                finally:
                    os.close(fd)
        finally:
            if folder_fd is not None:
                try:
                    _unlock(folder_fd)
                finally:
                    os.close(folder_fd)

    def _first_line(self) -> str:
        """The lock file's first line: ``TOKEN [CHECKED]`` ("" when none, or not held)."""
        if self._fd is None:
            return ""
        os.lseek(self._fd, 0, os.SEEK_SET)
        first = os.read(self._fd, 4096).split(b"\n", 1)[0]
        return first.decode("ascii", "replace").strip()

    def read_token(self) -> str:
        """The commit token last written by a lock holder ("" when none)."""
        return self._first_line().partition(" ")[0]

    def peek_checked(self) -> str:
        """:meth:`read_checked`, also without the lock: then from the file, opened to
        read (never created); "" when it cannot be read. A writer rewrites the line
        after it has replaced the state file, so what a reader sees names either the
        version it read or another one, never a version nobody checked."""
        if self._fd is not None:
            return self.read_checked()
        try:
            fd = os.open(self.path, os.O_RDONLY | NONBLOCK)
        except OSError:
            return ""
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return ""
            first = os.read(fd, 4096).split(b"\n", 1)[0]
        except OSError:
            return ""
        finally:
            os.close(fd)
        return first.decode("ascii", "replace").strip().partition(" ")[2]

    def read_checked(self) -> str:
        """What the last writer said it checked (see :meth:`write_token`; "" when nothing)."""
        return self._first_line().partition(" ")[2]

    def write_token(self, token: str, checked: str = "") -> None:
        """Record the token of the commit just made (only while held), and optionally
        ``checked``: which version of the state file that writer knows to be sound."""
        if self._fd is None:
            raise RuntimeError("write_token needs the lock")
        self._token = f"{token} {checked}" if checked else token
        self._write()

    def _write(self, fd: int | None = None) -> None:
        """The lock file: the token, then (while held) the holder's pid, start and command."""
        fd = self._fd if fd is None else fd
        assert fd is not None
        text = f"{self._token}\n{self._holder_line}\n" if self._holder_line else self._token
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, text.encode("utf-8", "replace"))

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

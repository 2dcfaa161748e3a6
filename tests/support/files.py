"""The store's files in tests: guard a call that might block, and see files without opening them."""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Hung(BaseException):
    """Raised by the alarm in :func:`must_not_block` (a BaseException: no handler swallows it)."""


@contextmanager
def must_not_block(seconds: float = 10.0) -> Iterator[None]:
    """Fail, instead of hanging the run, if the body blocks (SIGALRM interrupts the call)."""

    def ring(signum: int, frame: object) -> None:
        raise Hung(f"blocked for {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def as_found(home: Path) -> dict[str, object]:
    """The two files as they are: bytes of a regular file, else what it is (never opened)."""
    out: dict[str, object] = {}
    for name in ("tracker.json", "events.jsonl"):
        path = home / name
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            out[name] = None
            continue
        if stat.S_ISLNK(st.st_mode):
            out[name] = ("link", os.readlink(path))
        elif stat.S_ISREG(st.st_mode):
            out[name] = path.read_bytes()
        else:
            out[name] = ("special", stat.S_IFMT(st.st_mode))
    return out

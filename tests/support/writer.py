"""A capture loop for the store's crash and concurrency tests (run as a subprocess).

    python tests/support/writer.py TAG [--count N] [--crash POINT | --stop POINT] [--after K]

Uses TRACKER_HOME and TRACKER_NOW from the environment, like the CLI. Each
capture goes through :meth:`Repository.add_interview`; the new card's id is
printed (and flushed) only after the call has returned, so every line on
stdout is an acknowledged, committed write.

At one exact point of the (K+1)-th capture, after K normal ones:

* ``--crash POINT`` makes the process die with ``os._exit`` (no clean-up, no
  ``finally``: as close to a power cut or ``kill -9`` as Python gets);
* ``--stop POINT`` prints ``stopped POINT`` and stops the process (SIGSTOP),
  for the parent to ``kill -9`` it there, or to find the lock held there and
  then let it go on (SIGCONT).

The points:

* ``before-lock``: the capture has not started (the lock is not taken);
* ``locked``: the lock has just been taken, nothing read or written yet;
* ``after-append``: the event log has been appended and fsynced, the state
  file not yet replaced;
* ``before-replace``: the new state file is written and fsynced as a temp
  file, not yet renamed over the old one;
* ``after-replace``: the state file is replaced, the lock's token not yet
  updated.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tracker import config, paths  # noqa: E402
from tracker.store import lock as lock_module  # noqa: E402
from tracker.store import storage as storage_module  # noqa: E402
from tracker.store.repo import Repository  # noqa: E402

CRASH_STATUS = 86


def _die() -> None:
    sys.stdout.flush()
    os._exit(CRASH_STATUS)


def _stopper(point: str) -> Callable[[], None]:
    def stop() -> None:
        sys.stdout.write(f"stopped {point}\n")
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGSTOP)

    return stop


def _arm(point: str, database: Path, halt: Callable[[], None]) -> None:
    """Call ``halt`` at ``point``; if it returns (a stopped writer was continued), carry on."""
    if point == "before-lock":
        halt()
    elif point == "locked":
        real_acquire = lock_module.FileLock.acquire

        def acquire(self: lock_module.FileLock) -> None:
            real_acquire(self)
            halt()

        lock_module.FileLock.acquire = acquire  # type: ignore[method-assign]
    elif point == "after-append":
        real_flush = storage_module.StateStorage.flush

        def flush(self: storage_module.StateStorage) -> None:
            halt()
            real_flush(self)

        storage_module.StateStorage.flush = flush  # type: ignore[method-assign]
    elif point == "before-replace":
        real_replace = os.replace

        def replace(src: object, dst: object) -> None:
            if Path(str(dst)) == database:
                halt()
            real_replace(src, dst)  # type: ignore[arg-type]

        storage_module.os.replace = replace  # type: ignore[assignment]
    elif point == "after-replace":
        real_write_token = lock_module.FileLock.write_token

        def write_token(self: lock_module.FileLock, token: str, checked: str = "") -> None:
            halt()
            real_write_token(self, token, checked)

        lock_module.FileLock.write_token = write_token  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown crash point {point!r}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tag")
    parser.add_argument("--count", type=int, default=0, help="stop after N captures (0: forever)")
    halts = parser.add_mutually_exclusive_group()
    halts.add_argument("--crash", default=None, metavar="POINT")
    halts.add_argument("--stop", default=None, metavar="POINT")
    parser.add_argument("--after", type=int, default=0)
    args = parser.parse_args()

    where = paths.resolve()
    repo = Repository(where, config.load(where.config), lock_timeout=30.0)
    i = 0
    while not args.count or i < args.count:
        if args.crash and i == args.after:
            _arm(args.crash, where.database, _die)
        if args.stop and i == args.after:
            _arm(args.stop, where.database, _stopper(args.stop))
        view = repo.add_interview(f"{args.tag}-{i}", "Engineer")
        sys.stdout.write(view.card.id + "\n")
        sys.stdout.flush()
        i += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

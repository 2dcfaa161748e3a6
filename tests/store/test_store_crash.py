"""The store under fire: kill -9 in the middle of writes, crashes at exact points, concurrency.

Writers are real processes (tests/support/writer.py) capturing through the
Repository; each prints a card id only after its capture has returned. The
parent kills them (SIGKILL) at named points of a write (the writer stops
itself there and says so: nothing depends on timing or on the machine's
speed), then checks the files the way a fresh process would see them: the state file parses and has the
right shape, the committed part of the event log parses and agrees with the
state, and every acknowledged card is there.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tracker import config, paths
from tracker.store import schema
from tracker.store.database import BACKUPS_KEPT
from tracker.store.errors import LockTimeout
from tracker.store.files import TMP_MARK
from tracker.store.repo import UNDO_DEPTH, Repository

from support import (
    FIXED_NOW,
    ROOT,
)

WRITER = ROOT / "tests" / "support" / "writer.py"
CRASH_STATUS = 86  # tests/support/writer.py exits with this at a --crash point

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and flock")


# --- helpers -----------------------------------------------------------------------


def child_env(now: Any = None) -> dict[str, str]:
    """The test's environment (TRACKER_HOME, TRACKER_NOW) with an optional other instant."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    if now is not None:
        env["TRACKER_NOW"] = now.isoformat()
    assert env["TRACKER_NOW"], "subprocesses must never read the real clock"
    return env


class Writer:
    """One writer subprocess and the acknowledgements it printed."""

    def __init__(self, tag: str, *extra: str, env: dict[str, str] | None = None) -> None:
        self.tag = tag
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), tag, *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env or child_env(),
            cwd=ROOT,
        )
        self._buf = b""
        self.acks: list[str] = []

    stopped: str | None = None
    """The point the writer said it stopped at (``--stop POINT``)."""

    def _take(self, chunk: bytes) -> None:
        self._buf += chunk
        *lines, self._buf = self._buf.split(b"\n")
        for line in lines:
            text = line.decode()
            if text.startswith("stopped "):
                self.stopped = text.removeprefix("stopped ")
                continue
            assert len(text) == 32 and all(c in "0123456789abcdef" for c in text), text
            self.acks.append(text)

    def _pump(self, timeout: float) -> bool:
        """Read what is there (waiting up to ``timeout``); False at end of output."""
        fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
        ready, _, _ = select.select([fd], [], [], max(timeout, 0))
        if not ready:
            return True
        chunk = os.read(fd, 65536)
        if not chunk:
            return False
        self._take(chunk)
        return True

    def wait_for_acks(self, n: int, timeout: float = 60.0) -> None:
        self._wait(lambda: len(self.acks) >= n, f"{n} acks", timeout)

    def wait_until_stopped(self, timeout: float = 60.0) -> str:
        """Wait for the writer to reach its ``--stop`` point (the timeout only guards a hang)."""
        self._wait(lambda: self.stopped is not None, "its stop point", timeout)
        assert self.stopped is not None
        # It said so just before stopping itself: wait for the stop, or a SIGCONT sent
        # now could come first and leave it stopped for good.
        _, status = os.waitpid(self.proc.pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status), status
        return self.stopped

    def _wait(self, done: Callable[[], bool], what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            left = deadline - time.monotonic()
            if left <= 0 or not self._pump(left):
                self.proc.kill()
                self.proc.wait()
                pytest.fail(
                    f"writer {self.tag} never reached {what} ({len(self.acks)} acks, "
                    f"exit {self.proc.returncode}): {self.proc.stderr.read().decode()}"  # type: ignore[union-attr]
                )

    def kill9(self) -> None:
        """SIGKILL, reap, and collect every ack printed before death (whole lines only)."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        rest = self.proc.stdout.read()  # type: ignore[union-attr]
        if rest:
            self._take(rest)
        err = self.proc.stderr.read().decode()  # type: ignore[union-attr]
        assert self.proc.returncode == -signal.SIGKILL, (
            f"writer {self.tag} was not killed but exited {self.proc.returncode}: {err}"
        )
        self.close()

    def finish(self, timeout: float = 60.0) -> int:
        out, err = self.proc.communicate(timeout=timeout)
        self._take(out)
        self.stderr = err.decode()
        self.close()
        return self.proc.returncode

    def close(self) -> None:
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()


def orphan_temps(home: Path) -> list[Path]:
    return sorted(home.glob(f".*{TMP_MARK}*"))


def day_backups(home: Path) -> list[Path]:
    folder = home / "backups"
    if not folder.exists():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def verify_home(home: Path, acked: set[str]) -> dict[str, Any]:
    """Check the files as a fresh process sees them; returns the cards and the log's state."""
    raw = (home / "tracker.json").read_bytes()
    data = json.loads(raw)
    assert schema.validate(data) is None
    info = data["meta"]["meta"]
    assert info["schema"] == schema.SCHEMA_VERSION
    committed = info["events_bytes"]
    log = (home / "events.jsonl").read_bytes()
    assert len(log) >= committed, "the event log lost committed bytes"
    part = log[:committed]
    assert part == b"" or part.endswith(b"\n"), "the committed part ends mid-line"
    events = [json.loads(line) for line in part.splitlines()]
    assert all(isinstance(e, dict) and e.get("type") for e in events)
    assert len(events) == info["events"]
    created = [e["card"] for e in events if e["type"] == "created"]
    assert len(created) == len(set(created)), "a capture was logged twice"
    cards = data["cards"]
    assert set(created) == set(cards), "the state and the committed log disagree"
    for card in cards.values():
        assert card["opportunity"] in data["opportunities"]
    missing = acked - set(cards)
    assert not missing, f"{len(missing)} acknowledged card(s) lost: {sorted(missing)[:3]}"
    assert len(data["undo"]) <= UNDO_DEPTH
    # Every backup that is visible is complete.
    for folder in day_backups(home):
        backup = json.loads((folder / "tracker.json").read_bytes())
        assert schema.validate(backup) is None, folder
    # And the real code agrees: a fresh repository reads it all.
    where = paths.resolve(home)
    repo = Repository(where, config.load(where.config))
    assert set(repo.snapshot().cards) == set(cards)
    assert len(repo.events()) == len(events)
    return {"cards": set(cards), "tail": len(log) - committed, "events": len(events)}


# --- kill -9 -------------------------------------------------------------------------

STOPS = ("before-lock", "locked", "after-append", "before-replace", "after-replace")
"""Where each round's writer is killed (tests/support/writer.py ``--stop``), in turn."""
ROUNDS = 30
"""Six kills at each point, after 0, 1 or 2 captures, a new day every third round."""


def test_kill_9_at_each_point_of_a_write_never_loses_an_acknowledged_capture(home: Path) -> None:
    acked: set[str] = set()
    cards = 0
    for n in range(ROUNDS):
        point, after = STOPS[n % len(STOPS)], n % 3
        # A new day every few rounds, so daily backups and their pruning are under fire too.
        env = child_env(FIXED_NOW + timedelta(days=n // 3))
        writer = Writer(f"r{n}", "--stop", point, "--after", str(after), env=env)
        assert writer.wait_until_stopped() == point
        writer.kill9()
        assert len(writer.acks) == after
        acked.update(writer.acks)
        if not (home / "tracker.json").exists():  # killed before the home's first commit
            assert not acked and point in ("before-lock", "locked")
            continue
        state = verify_home(home, acked)
        # What the kill left is exactly what its point says.
        committed = after + (point == "after-replace")  # the rename happened, unacknowledged
        assert len(state["cards"]) == cards + committed, point
        cards = len(state["cards"])
        if point == "after-append":
            assert state["tail"] > 0, "the uncommitted event should be in the log's tail"
        if point == "before-replace":
            assert orphan_temps(home), "the new state should be an orphan temp file"
        if point in ("before-lock", "locked"):
            assert state["tail"] == 0 or after == 0, "a finished capture trims the tail"
    assert len(acked) == sum(n % 3 for n in range(ROUNDS))

    # A clean writer afterwards: recovers, trims the tail, removes orphans, prunes backups.
    last = Writer("final", "--count", "2", env=child_env(FIXED_NOW + timedelta(days=ROUNDS)))
    assert last.finish() == 0, last.stderr
    acked.update(last.acks)
    state = verify_home(home, acked)
    assert state["tail"] == 0
    assert orphan_temps(home) == []
    assert len(day_backups(home)) == BACKUPS_KEPT


# --- crashes at exact points ---------------------------------------------------------


def crash_at(point: str, after: int) -> Writer:
    writer = Writer(f"crash-{point}", "--crash", point, "--after", str(after))
    assert writer.finish() == CRASH_STATUS, writer.stderr
    assert len(writer.acks) == after
    return writer


def test_crash_after_log_append_leaves_an_ignored_tail_that_the_next_writer_trims(
    home: Path,
) -> None:
    crashed = crash_at("after-append", after=3)
    before = (home / "tracker.json").read_bytes()
    state = verify_home(home, set(crashed.acks))
    assert state["tail"] > 0, "the crash should have left an uncommitted event"
    assert len(state["cards"]) == 3 and state["events"] == 3
    assert (home / "tracker.json").read_bytes() == before  # reading changed nothing

    nxt = Writer("next", "--count", "1")
    assert nxt.finish() == 0, nxt.stderr
    state = verify_home(home, set(crashed.acks) | set(nxt.acks))
    assert state["tail"] == 0 and state["events"] == 4
    log = (home / "events.jsonl").read_text()
    assert "crash-after-append-3" not in log, "the uncommitted event was not trimmed"


def test_a_crash_in_the_first_write_of_a_new_home_leaves_a_home_the_next_writer_uses(
    home: Path,
) -> None:
    """A log with no state file beside it is refused as damaged; so the first commit
    of a home must never leave one, even when it dies right after the append."""
    crash_at("after-append", after=0)
    state = verify_home(home, set())
    assert state["tail"] > 0 and state["events"] == 0
    nxt = Writer("next", "--count", "1")
    assert nxt.finish() == 0, nxt.stderr
    state = verify_home(home, set(nxt.acks))
    assert state["tail"] == 0 and state["events"] == 1


def test_crash_before_the_rename_keeps_the_old_state_and_the_orphan_is_removed(
    home: Path,
) -> None:
    crashed = crash_at("before-replace", after=2)
    leftovers = orphan_temps(home)
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".tracker.json" + TMP_MARK)
    # The orphan is a complete new state that never became the database.
    assert json.loads(leftovers[0].read_bytes())["meta"]["meta"]["events"] == 3
    state = verify_home(home, set(crashed.acks))
    assert len(state["cards"]) == 2

    nxt = Writer("next", "--count", "1")
    assert nxt.finish() == 0, nxt.stderr
    assert orphan_temps(home) == []
    state = verify_home(home, set(crashed.acks) | set(nxt.acks))
    assert len(state["cards"]) == 3 and state["tail"] == 0


def test_crash_after_the_rename_keeps_the_capture_even_without_the_token(home: Path) -> None:
    crash_at("after-replace", after=1)
    # The capture that crashed was durable (the rename happened) though never acknowledged.
    state = verify_home(home, set())
    assert len(state["cards"]) == 2
    nxt = Writer("next", "--count", "1")
    assert nxt.finish() == 0, nxt.stderr
    assert len(verify_home(home, set(nxt.acks))["cards"]) == 3


# --- concurrency ---------------------------------------------------------------------


def test_four_processes_capturing_fifty_each_make_exactly_two_hundred_cards(home: Path) -> None:
    writers = [Writer(f"p{k}", "--count", "50") for k in range(4)]
    for writer in writers:
        assert writer.finish(timeout=120) == 0, writer.stderr
        assert len(writer.acks) == 50
    acked = {ack for w in writers for ack in w.acks}
    assert len(acked) == 200
    state = verify_home(home, acked)
    assert state["cards"] == acked
    data = json.loads((home / "tracker.json").read_bytes())
    events = [json.loads(line) for line in (home / "events.jsonl").read_bytes().splitlines()]
    assert [e["type"] for e in events].count("created") == 200
    assert len(events) == 200 and data["meta"]["meta"]["events"] == 200
    companies = {o["company"] for o in data["opportunities"].values()}
    assert companies == {f"p{k}-{i}" for k in range(4) for i in range(50)}
    assert len(data["undo"]) == 50
    assert orphan_temps(home) == []


# --- the lock file removed while it is held ------------------------------------------------


def test_removing_the_lock_file_while_a_writer_holds_it_loses_no_write(home: Path) -> None:
    """The old message said to remove tracker.lock "if no tracker is running"; a writer
    that was merely slow then lost its write, or cut the other one's event."""
    slow = Writer("slow", "--count", "2", "--stop", "after-append", "--after", "1")
    assert slow.wait_until_stopped() == "after-append"  # read, appended, state not yet written
    (home / "tracker.lock").unlink()
    where = paths.resolve(home)
    repo = Repository(where, config.load(where.config), lock_timeout=0)
    refusal = None
    try:
        quick = repo.add_interview("quick", "Engineer").card.id
    except LockTimeout as error:
        refusal = str(error)
    finally:
        os.kill(slow.proc.pid, signal.SIGCONT)
    assert slow.finish() == 0, slow.stderr
    if refusal is not None:
        quick = repo.add_interview("quick", "Engineer").card.id
    state = verify_home(home, {*slow.acks, quick})
    assert len(state["cards"]) == 3 and state["events"] == 3
    # And the refusal said who held the lock, not to remove it.
    assert refusal is not None
    assert f"pid {slow.proc.pid}" in refusal and "writer.py slow" in refusal, refusal
    assert re.search(r" for (over )?\d+ s;", refusal), refusal
    assert not re.search(r"remove|delete", refusal), refusal

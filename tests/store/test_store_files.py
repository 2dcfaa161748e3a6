"""The store's files as they are found on disk: durability, and what is never written over.

Every refusal here is one `tracker: ...` sentence, exit 1, and leaves both
files (`tracker.json`, `events.jsonl`) byte for byte as they were.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from support.cli import fails, ok
from support.files import as_found, must_not_block

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files, fsync and signals")


def ident(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


# --- durability: what one commit fsyncs ------------------------------------------------


@POSIX
@pytest.mark.parametrize("first", [True, False], ids=["first add", "later add"])
def test_one_add_syncs_the_event_log_then_the_state_file_then_the_data_folder(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, first: bool
) -> None:
    if not first:
        ok(capsys, "add", "ACME", "Engineer")
    synced: list[tuple[int, int]] = []
    for name in ("fsync", "fdatasync"):
        real = getattr(os, name, None)
        if real is None:
            continue

        def spy(fd: int, real: Callable[[int], None] = real) -> None:
            st = os.fstat(fd)
            synced.append((st.st_dev, st.st_ino))
            real(fd)

        monkeypatch.setattr(os, name, spy)
    ok(capsys, "add", "Globex", "Engineer")
    monkeypatch.undo()
    # A temp file is renamed over tracker.json: its inode is the one synced.
    log, state, folder = (ident(p) for p in (home / "events.jsonl", home / "tracker.json", home))
    for what, key in (("event log", log), ("state file", state), ("data folder", folder)):
        assert key in synced, f"the {what} was not fsynced during the commit"
    # The log is durable before the state file that counts it, and the rename after both.
    assert synced.index(log) < synced.index(state) < len(synced) - 1 - synced[::-1].index(folder)


# --- helpers for the refusals ------------------------------------------------------------


def refused(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> str:
    """Run a command that must refuse; returns its message. Both files are left as they were."""
    before = as_found(home)
    with must_not_block():
        err = fails(capsys, *argv)
    assert as_found(home) == before, "a refusal changed the files"
    assert err.endswith(".\n") and not re.search(r"\.\s+[A-Z]", err), f"not one sentence: {err}"
    return err


# --- special files: a FIFO in place of a file is refused, never opened for reading -------


@POSIX
@pytest.mark.parametrize("command", [["list"], ["add", "Initech", "Analyst"]])
@pytest.mark.parametrize("name", ["tracker.json", "events.jsonl"])
def test_a_fifo_in_place_of_a_file_is_refused_without_blocking(
    home: Path, capsys: pytest.CaptureFixture[str], name: str, command: list[str]
) -> None:
    ok(capsys, "add", "ACME", "Engineer")
    target = home / name
    target.unlink()
    os.mkfifo(target, 0o600)
    err = refused(capsys, home, *command)
    assert str(target) in err and "not a regular file" in err, err
    assert stat.S_ISFIFO(os.lstat(target).st_mode)


@POSIX
def test_a_fifo_in_place_of_the_log_of_a_new_home_is_refused(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(home / "events.jsonl", 0o600)
    for command in (["list"], ["add", "Initech", "Analyst"]):
        err = refused(capsys, home, *command)
        assert "not a regular file" in err, err
    assert not (home / "tracker.json").exists()


# --- a log without its records file is a damaged home -------------------------------------


def _without_state(home: Path, how: str) -> None:
    state = home / "tracker.json"
    state.unlink()
    if how == "dangling link":
        state.symlink_to(home / "gone" / "tracker.json")


@pytest.mark.parametrize("how", ["missing", "dangling link"])
@pytest.mark.parametrize("command", [["list"], ["add", "Initech", "Analyst"], ["undo"]])
def test_a_log_without_its_state_file_is_refused_and_never_cut(
    home: Path, capsys: pytest.CaptureFixture[str], how: str, command: list[str]
) -> None:
    ok(capsys, "add", "ACME", "Engineer")
    ok(capsys, "add", "Globex", "Engineer")
    _without_state(home, how)
    err = refused(capsys, home, *command)
    assert str(home / "tracker.json") in err and "is missing" in err, err
    assert "tracker restore" in err, err
    assert (home / "events.jsonl").stat().st_size > 0


def test_with_no_backup_the_refusal_says_to_move_the_log_aside(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "add", "ACME", "Engineer")
    _without_state(home, "missing")
    err = refused(capsys, home, "add", "Globex", "Engineer")
    assert "no backup exists" in err and "move the event log aside" in err, err


def test_after_the_refusal_restore_brings_the_records_back(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "add", "ACME", "Engineer")
    ok(capsys, "backup")
    ok(capsys, "add", "Globex", "Engineer")
    _without_state(home, "missing")
    refused(capsys, home, "list")
    ok(capsys, "restore")
    assert "ACME" in ok(capsys, "list")

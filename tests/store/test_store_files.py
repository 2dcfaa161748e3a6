"""The store's files as they are found on disk: durability, and what is never written over.

Every refusal here is one `tracker: ...` sentence, exit 1, and leaves both
files (`tracker.json`, `events.jsonl`) byte for byte as they were.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.store.files import TMP_MARK

from support.cli import fails, ok, run
from support.files import as_found, must_not_block

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files, fsync and signals")


def ident(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


# --- durability: what one commit fsyncs ------------------------------------------------


def spy_on_syncs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Record the (device, inode) of everything fsynced or fdatasynced from now on."""
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
    return synced


@POSIX
@pytest.mark.parametrize("first", [True, False], ids=["first add", "later add"])
def test_one_add_syncs_the_event_log_then_the_state_file_then_the_data_folder(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, first: bool
) -> None:
    if not first:
        ok(capsys, "add", "ACME", "Engineer")
    synced = spy_on_syncs(monkeypatch)
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


# --- a symlinked state file or log: written through the link ------------------------------


def link_elsewhere(home: Path, name: str, folder: Path, *, relative: bool = False) -> Path:
    """Move ``home/name`` into ``folder`` (made if need be) and leave a link in its place."""
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / f"real-{name}"
    os.replace(home / name, target)
    (home / name).symlink_to(os.path.relpath(target, home) if relative else target)
    return target


def temps(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.iterdir() if TMP_MARK in p.name]


@POSIX
@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "relative"])
def test_a_linked_state_file_and_log_are_written_through_their_links(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], relative: bool
) -> None:
    ok(capsys, "add", "ACME", "Engineer")
    state = link_elsewhere(home, "tracker.json", tmp_path / "synced", relative=relative)
    log = link_elsewhere(home, "events.jsonl", tmp_path / "logs", relative=relative)
    links = {name: os.readlink(home / name) for name in ("tracker.json", "events.jsonl")}
    log_before = log.read_bytes()

    ok(capsys, "add", "Globex", "Engineer")
    assert all((home / name).is_symlink() for name in links), "a link became a file"
    assert {name: os.readlink(home / name) for name in links} == links
    assert {c["company"] for c in json.loads(state.read_bytes())["opportunities"].values()} == {
        "ACME",
        "Globex",
    }
    assert log.read_bytes().startswith(log_before) and b"Globex" in log.read_bytes()
    assert temps(home, state.parent, log.parent) == []
    assert "Globex" in ok(capsys, "list")

    # A restore replaces the files atomically too: through the links.
    ok(capsys, "backup")
    ok(capsys, "add", "Initech", "Analyst")
    ok(capsys, "restore")
    assert all((home / name).is_symlink() for name in links), "restore replaced a link"
    assert {name: os.readlink(home / name) for name in links} == links
    assert "Initech" not in ok(capsys, "list") and b"Initech" not in state.read_bytes()


@POSIX
def test_a_linked_state_file_is_synced_in_its_own_folder(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(capsys, "add", "ACME", "Engineer")
    state = link_elsewhere(home, "tracker.json", tmp_path / "synced")
    log = link_elsewhere(home, "events.jsonl", tmp_path / "logs")
    synced = spy_on_syncs(monkeypatch)
    ok(capsys, "add", "Globex", "Engineer")
    monkeypatch.undo()
    for what, path in (("log", log), ("state file", state), ("state file's folder", state.parent)):
        assert ident(path) in synced, f"the {what} was not fsynced"


@POSIX
def test_the_first_event_through_a_dangling_log_link_creates_its_target(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "logs").mkdir()
    (home / "events.jsonl").symlink_to(tmp_path / "logs" / "events.jsonl")
    synced = spy_on_syncs(monkeypatch)
    ok(capsys, "add", "ACME", "Engineer")
    monkeypatch.undo()
    assert (home / "events.jsonl").is_symlink()
    assert b"ACME" in (tmp_path / "logs" / "events.jsonl").read_bytes()
    assert ident(tmp_path / "logs") in synced, "the new log's folder was not fsynced"


@POSIX
def test_a_temp_file_left_beside_a_linked_target_is_reported_then_removed(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "add", "ACME", "Engineer")
    state = link_elsewhere(home, "tracker.json", tmp_path / "synced")
    orphan = state.with_name(f".{state.name}{TMP_MARK}99-dead")
    orphan.write_bytes(b"{")
    other = state.with_name("notes.txt")  # not ours: never touched
    other.write_text("keep")
    code, out, _ = run(capsys, "doctor")
    assert code == 1 and f"{orphan} is a temp file" in out, out
    ok(capsys, "add", "Globex", "Engineer")
    assert temps(state.parent) == [] and other.read_text() == "keep"

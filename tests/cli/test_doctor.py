"""`tracker doctor` on a healthy home and on broken fixtures: one line per finding, with the fix."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.store.files import TMP_MARK
from tracker.store.lock import FileLock

from support.exchange import repo_at, run, tree
from support.files import as_found, must_not_block

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def healthy(home: Path) -> None:
    home.chmod(0o700)
    repo = repo_at(home)
    view = repo.add_interview(
        "ACME", "Engineer", people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)]
    )
    repo.close_items(view.card.id, [view.card.items[0].id])


def edit(home: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = home / "tracker.json"
    data = json.loads(path.read_bytes())
    change(data)
    path.write_bytes(json.dumps(data).encode())
    path.chmod(0o600)


def first(data: dict[str, Any], table: str) -> dict[str, Any]:
    return next(iter(data[table].values()))


def test_a_healthy_home_is_all_good(home, capsys):
    healthy(home)
    code, out, err = run(capsys, "doctor")
    assert (code, err) == (0, "")
    assert out.startswith("All good: ")
    assert "1 card," in out and "2 events" in out and out.count("\n") == 1


def test_a_count_of_one_is_said_in_the_singular(home, capsys):
    healthy(home)
    edit(home, lambda d: d["meta"]["meta"].__setitem__("events", 1))
    code, out, _ = run(capsys, "doctor")
    assert code == 1
    assert "the database counts 1 event but " in out and " holds 2" in out


def test_an_empty_home_is_all_good(home, capsys):
    home.chmod(0o700)
    code, out, _ = run(capsys, "doctor")
    assert code == 0 and out.startswith("All good: ")


def _with_bytes(content: bytes) -> Callable[[Path], None]:
    def damage(home: Path) -> None:
        (home / "tracker.json").write_bytes(content)

    return damage


def _key_mismatch(data: dict[str, Any]) -> None:
    card = data["cards"].pop(first(data, "cards")["id"])
    data["cards"]["wrong-key"] = card


def _id_reused(data: dict[str, Any]) -> None:
    person = first(data, "people")
    data["people"][first(data, "cards")["id"]] = dict(person, id=first(data, "cards")["id"])


def _log(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def damage(home: Path) -> None:
        log = home / "events.jsonl"
        log.write_bytes(change(log.read_bytes()))

    return damage


def _temp_in_backups(home: Path) -> None:
    (home / "backups").mkdir(mode=0o700, exist_ok=True)
    staging = home / "backups" / f".manual-x{TMP_MARK}abcd"
    staging.mkdir()
    (staging / "tracker.json").write_text("{}")


BROKEN: dict[str, tuple[Callable[[Path], None], str]] = {
    "not json": (_with_bytes(b"{oops"), "is not valid JSON"),
    "empty file": (_with_bytes(b""), "is empty"),
    "wrong shape": (_with_bytes(b'{"cards": []}'), "is not a valid tracker database"),
    "no schema": (
        lambda h: edit(h, lambda d: d["meta"]["meta"].pop("schema")),
        "no schema version",
    ),
    "newer schema": (
        lambda h: edit(h, lambda d: d["meta"]["meta"].__setitem__("schema", 99)),
        "newer than",
    ),
    "older schema": (
        lambda h: edit(h, lambda d: d["meta"]["meta"].__setitem__("schema", 1)),
        "older than",
    ),
    "log length is not a number": (
        lambda h: edit(h, lambda d: d["meta"]["meta"].__setitem__("events_bytes", True)),
        "events_bytes is true",
    ),
    "card without opportunity": (
        lambda h: edit(h, lambda d: d["opportunities"].clear()),
        "which does not exist",
    ),
    "link to a missing person": (
        lambda h: edit(h, lambda d: d["people"].clear()),
        "who does not exist",
    ),
    "record key is not its id": (lambda h: edit(h, _key_mismatch), "says its id is"),
    "id used twice": (lambda h: edit(h, _id_reused), "is used by 2 records"),
    "malformed record": (
        lambda h: edit(h, lambda d: first(d, "opportunities").pop("company")),
        "is malformed",
    ),
    "log shorter": (_log(lambda raw: raw[:-7]), "but the database counts"),
    "log missing": (lambda h: (h / "events.jsonl").unlink(), "is missing"),
    "bad log line": (_log(lambda raw: b"{xxxx" + raw[5:]), "line 1 of"),
    "state readable by others": (lambda h: (h / "tracker.json").chmod(0o644), "chmod 600"),
    "log readable by others": (lambda h: (h / "events.jsonl").chmod(0o640), "chmod 600"),
    "folder open to others": (lambda h: h.chmod(0o755), "chmod 700"),
    "temp file": (lambda h: (h / f".tracker.json{TMP_MARK}99-dead").write_text("x"), "temp file"),
    "temp folder in backups": (_temp_in_backups, "rm -r"),
    "broken config": (
        lambda h: (h / "config.toml").write_text("[time]\ntimezone = 'Mars/Base'\n"),
        "config",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_each_problem_is_one_line_with_its_fix_and_a_failing_exit(home, capsys, case):
    healthy(home)
    damage, words = BROKEN[case]
    damage(home)
    before = tree(home)
    modes = {p: p.stat().st_mode for p in [home, *home.rglob("*")]}
    code, out, err = run(capsys, "doctor")
    assert code == 1, out
    assert err == ""
    lines = out.splitlines()
    assert lines, "no finding"
    assert any(words in line for line in lines), out
    for line in lines:
        assert line.endswith("."), line
        assert "; " in line, f"no fix given: {line}"
        assert "All good" not in line
    assert tree(home) == before, "doctor changed something"
    assert {p: p.stat().st_mode for p in [home, *home.rglob("*")]} == modes


def test_damage_points_to_restore_when_a_backup_exists(home, capsys):
    healthy(home)
    assert run(capsys, "backup")[0] == 0
    (home / "tracker.json").write_bytes(b"{oops")
    code, out, _ = run(capsys, "doctor")
    assert code == 1
    assert "tracker restore" in out


def test_damage_without_a_backup_says_how_to_start_afresh_and_that_works(home, capsys):
    """Moving the state file alone is refused while the event log holds history, so the
    advice names both files; followed, tracker starts afresh."""
    healthy(home)
    shutil.rmtree(home / "backups")  # the day's backup, made before the second write
    (home / "tracker.json").write_bytes(b"{oops")
    code, out, _ = run(capsys, "doctor")
    assert code == 1 and "tracker restore" not in out
    assert "no backup exists, so move tracker.json and events.jsonl aside to start afresh" in out
    for name in ("tracker.json", "events.jsonl"):
        (home / name).rename(home / f"{name}.damaged")
    assert run(capsys, "list")[0] == 0
    assert run(capsys, "doctor")[0] == 0


def test_a_lock_held_by_another_process_is_reported_and_a_stale_one_is_fine(home, capsys):
    healthy(home)
    lock = FileLock(home / "tracker.lock", timeout=0)
    lock.acquire()
    try:
        code, out, _ = run(capsys, "doctor")
    finally:
        lock.release()
    assert code == 1
    assert "holds the lock" in out
    [line] = [x for x in out.splitlines() if "holds the lock" in x]
    assert f"(pid {os.getpid()}, `" in line and re.search(r"has held it for \d+ s", line), line
    assert not re.search(r"remove|delete", line), line
    assert (home / "tracker.lock").exists()  # left behind, not held: fine
    code, out, _ = run(capsys, "doctor")
    assert code == 0, out


def test_an_uncommitted_log_tail_is_not_a_problem(home, capsys):
    healthy(home)
    with open(home / "events.jsonl", "ab") as log:
        log.write(b'{"half": ')
    code, out, _ = run(capsys, "doctor")
    assert code == 0, out


def test_several_problems_are_all_listed(home, capsys):
    healthy(home)
    (home / "tracker.json").chmod(0o644)
    (home / f".events.jsonl{TMP_MARK}1-ab").write_text("x")
    edit(home, lambda d: d["people"].clear())
    (home / "tracker.json").chmod(0o644)
    code, out, _ = run(capsys, "doctor")
    assert code == 1
    lines = out.splitlines()
    assert any("chmod 600" in x for x in lines)
    assert any("temp file" in x for x in lines)
    assert any("who does not exist" in x for x in lines)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("name", ["tracker.json", "events.jsonl"])
def test_a_fifo_in_place_of_a_file_is_reported_without_opening_it(home, capsys, name):
    healthy(home)
    (home / name).unlink()
    os.mkfifo(home / name, 0o600)
    before = as_found(home)
    with must_not_block():
        code, out, err = run(capsys, "doctor")
    assert (code, err) == (1, "")
    assert f"{home / name} is a named pipe (FIFO), not a regular file; move it aside" in out, out
    assert as_found(home) == before


@pytest.mark.parametrize("how", ["missing", "dangling link"])
@pytest.mark.parametrize("backed_up", [True, False], ids=["backup", "no backup"])
def test_a_log_without_its_state_file_is_reported(home, capsys, how, backed_up):
    healthy(home)
    if backed_up:
        assert run(capsys, "backup")[0] == 0
    else:
        shutil.rmtree(home / "backups", ignore_errors=True)  # the second write made a daily one
    (home / "tracker.json").unlink()
    if how == "dangling link":
        (home / "tracker.json").symlink_to(home / "elsewhere.json")
    before = as_found(home)
    code, out, err = run(capsys, "doctor")
    assert (code, err) == (1, "")
    [line] = [x for x in out.splitlines() if "is missing" in x]
    assert line.startswith(f"{home / 'tracker.json'} ") and "holds history" in line, line
    assert ("elsewhere.json" in line) == (how == "dangling link")
    if backed_up:
        assert "run `tracker restore`" in line
    else:
        assert "move the event log aside" in line
    assert as_found(home) == before


@pytest.mark.skipif(os.name == "nt", reason="an open file cannot be removed on Windows")
def test_a_held_lock_is_reported_even_after_its_file_was_removed(home, capsys):
    healthy(home)
    lock = FileLock(home / "tracker.lock", timeout=0)
    lock.acquire()
    try:
        (home / "tracker.lock").unlink()
        code, out, _ = run(capsys, "doctor")
    finally:
        lock.release()
    assert code == 1 and "holds the lock" in out, out
    assert not (home / "tracker.lock").exists()  # doctor writes nothing

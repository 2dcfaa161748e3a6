"""The store's promises, one by one: damaged files refused untouched, schema versions and
migrations, permissions, orphan clean-up, daily backups, other writers, undo, failed writes.

Crashes (kill -9) and multi-process concurrency are in test_store_crash.py.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tracker import clock, config, paths
from tracker.cli import main
from tracker.domain.errors import DomainError
from tracker.domain.model import State
from tracker.store import schema
from tracker.store import storage as storage_module
from tracker.store.database import BACKUPS_KEPT
from tracker.store.errors import LockTimeout, StoreError
from tracker.store.files import TMP_MARK
from tracker.store.lock import FileLock
from tracker.store.repo import UNDO_DEPTH, NewPerson, Repository

from support import (
    FIXED_NOW,
    ROOT,
)

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# --- helpers -------------------------------------------------------------------------


def make_repo(home: Path, data_dir: Path | None = None) -> Repository:
    """A repository as a separate process would build it (its own Database, lock fd, caches)."""
    where = paths.resolve(data_dir or home)
    return Repository(where, config.load(home / "config.toml"), lock_timeout=2.0)


def add(repo: Repository, company: str = "ACME", role: str = "Engineer") -> str:
    return repo.add_interview(company, role).card.id


def load(home: Path) -> dict[str, Any]:
    return json.loads((home / "tracker.json").read_bytes())


def write_json(path: Path, value: Any) -> None:
    path.write_bytes(json.dumps(value).encode())


def tree(home: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``home`` with its bytes (None for folders), lock excepted."""
    out: dict[str, bytes | None] = {}
    for p in sorted(home.rglob("*")):
        rel = str(p.relative_to(home))
        if rel == "tracker.lock":
            continue
        out[rel] = None if p.is_dir() else p.read_bytes()
    return out


def one_sentence(message: str) -> None:
    """A person-facing store message: one line, one sentence, ending with a full stop."""
    assert "\n" not in message, message
    assert message.endswith("."), message
    assert not re.search(r"\.\s+[A-Z]", message), f"more than one sentence: {message}"
    assert "Traceback" not in message


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def at_day(offset: int) -> None:
    clock.set_now(FIXED_NOW + timedelta(days=offset))


# --- 3. damaged, unreadable or wrong-shaped databases --------------------------------


def _with_db(home: Path, change: Callable[[dict[str, Any]], Any]) -> Path:
    """A real database with two cards, then ``change`` applied to its JSON."""
    repo = make_repo(home)
    add(repo, "ACME")
    add(repo, "Globex")
    data = load(home)
    result = change(data)
    write_json(home / "tracker.json", data if result is None else result)
    return home / "tracker.json"


def _raw(content: bytes) -> Callable[[Path], Path]:
    def setup(home: Path) -> Path:
        add(make_repo(home))
        (home / "tracker.json").write_bytes(content)
        return home / "tracker.json"

    return setup


def _truncated(home: Path) -> Path:
    add(make_repo(home))
    db = home / "tracker.json"
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    return db


def _log_shorter(home: Path) -> Path:
    repo = make_repo(home)
    add(repo, "ACME")
    add(repo, "Globex")
    log = home / "events.jsonl"
    log.write_bytes(log.read_bytes()[:-10])
    return log


def _log_missing(home: Path) -> Path:
    add(make_repo(home))
    (home / "events.jsonl").unlink()
    return home / "events.jsonl"


def _directory_in_place(home: Path) -> Path:
    db = home / "tracker.json"
    db.mkdir()
    (db / "inside").write_text("not a database")
    return db


def _malformed_record(data: dict[str, Any]) -> None:
    card = next(iter(data["cards"].values()))
    del card["stage"]


def _bad_outcome(data: dict[str, Any]) -> None:
    opp = next(iter(data["opportunities"].values()))
    opp["outcome"] = "bogus"  # the right shape, a wrong value: found when the record is built


def _checklist(text_or_list: Any) -> Callable[[dict[str, Any]], None]:
    def damage(data: dict[str, Any]) -> None:
        next(iter(data["cards"].values()))["items"] = text_or_list

    return damage


def _dangling_card(data: dict[str, Any]) -> None:
    data["opportunities"].pop(next(iter(data["cards"].values()))["opportunity"])


def _meta(key: str, value: Any) -> Callable[[Path], Path]:
    return lambda home: _with_db(home, lambda d: d["meta"]["meta"].__setitem__(key, value))


DAMAGE: dict[str, Callable[[Path], Path]] = {
    "garbage bytes": _raw(b"\x00\xff\xfe\x13 garbage \x89PNG\r\n"),
    "truncated json": _truncated,
    "empty file": _raw(b""),
    "only whitespace": _raw(b"  \n\t\n"),
    "json list at top level": _raw(b'[{"meta": {}}]'),
    "json string at top level": _raw(b'"tracker"'),
    "table is not an object": lambda h: _with_db(h, lambda d: d.__setitem__("cards", [1, 2])),
    "record is not an object": lambda h: _with_db(h, lambda d: d["people"].__setitem__("x", 5)),
    "missing schema version": lambda h: _with_db(h, lambda d: d["meta"]["meta"].pop("schema")),
    "schema version is text": lambda h: _with_db(
        h, lambda d: d["meta"]["meta"].__setitem__("schema", "1")
    ),
    "no meta table": lambda h: _with_db(h, lambda d: d.pop("meta")),
    "negative log length": lambda h: _with_db(
        h, lambda d: d["meta"]["meta"].__setitem__("events_bytes", -5)
    ),
    # Each of these once passed the check, and the next write cut the event log to its value.
    **{
        f"meta {key} is {label}": _meta(key, value)
        for key, values in {
            "events_bytes": {"true": True, "text": "120", "a float": 120.0, "null": None},
            "events": {"true": True, "text": "2", "negative": -1, "a float": 2.0},
            "token": {"a number": 5, "null": None},
            "schema": {"true": True, "a float": 2.0, "zero": 0, "negative": -2},
        }.items()
        for label, value in values.items()
    },
    "meta without its log length": lambda h: _with_db(
        h, lambda d: d["meta"]["meta"].pop("events_bytes") and None
    ),
    "malformed card record": lambda h: _with_db(h, _malformed_record),
    "malformed opportunity record": lambda h: _with_db(h, _bad_outcome),
    "card without its opportunity": lambda h: _with_db(h, _dangling_card),
    # Schema 2 keeps a checklist as JSON text, parsed when first used.
    "checklist text is not JSON": lambda h: _with_db(h, _checklist('[{"id": "i1", "act')),
    "checklist text holds a malformed item": lambda h: _with_db(h, _checklist('[{"id": 5}]')),
    "checklist text is not a list": lambda h: _with_db(h, _checklist('{"id": "i1"}')),
    "checklist is a number": lambda h: _with_db(h, _checklist(7)),
    "schema 1 checklist holds a malformed item": lambda h: _with_db(h, _checklist([{"id": "i1"}])),
    "event log shorter than recorded": _log_shorter,
    "event log missing": _log_missing,
    "directory in place of the file": _directory_in_place,
}


def _assert_refused(code: int, out: str, err: str, named: Path) -> None:
    assert code != 0
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tracker: "), err
    assert str(named) in lines[0], f"the message does not name {named}: {err}"
    assert "Traceback" not in err


@pytest.mark.parametrize("case", list(DAMAGE))
@pytest.mark.parametrize("command", [["list"], ["add", "Initech", "Analyst"]])
def test_a_damaged_database_is_refused_in_one_line_and_left_untouched(
    home: Path, capsys: pytest.CaptureFixture[str], case: str, command: list[str]
) -> None:
    named = DAMAGE[case](home)
    before = tree(home)
    capsys.readouterr()
    code = main(command)
    captured = capsys.readouterr()
    _assert_refused(code, captured.out, captured.err, named)
    assert tree(home) == before, "the damaged files were changed"
    # And again: a refusal is not cached into a different answer.
    assert main(command) == code
    assert tree(home) == before


@pytest.mark.parametrize(
    "case", ["garbage bytes", "missing schema version", "directory in place of the file"]
)
def test_a_damaged_database_is_refused_by_the_real_command_too(home: Path, case: str) -> None:
    named = DAMAGE[case](home)
    before = tree(home)
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "list"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    _assert_refused(done.returncode, done.stdout, done.stderr, named)
    assert tree(home) == before


@pytest.mark.skipif(IS_ROOT, reason="root reads a chmod 000 file; see the directory case instead")
def test_an_unreadable_database_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(make_repo(home))
    db = home / "tracker.json"
    before = db.read_bytes()
    db.chmod(0)
    try:
        code = main(["list"])
        captured = capsys.readouterr()
        _assert_refused(code, captured.out, captured.err, db)
    finally:
        db.chmod(0o600)
    assert db.read_bytes() == before


def test_a_corrupt_event_line_is_reported_when_the_log_is_read(home: Path) -> None:
    repo = make_repo(home)
    add(repo)
    log = home / "events.jsonl"
    raw = log.read_bytes()
    log.write_bytes(b"{not json" + raw[9:])  # same length, so the state still matches
    before = tree(home)
    with pytest.raises(StoreError) as caught:
        make_repo(home).events()
    assert str(log) in str(caught.value)
    one_sentence(str(caught.value))
    assert tree(home) == before


# --- 4. schema versions and migrations -----------------------------------------------


def test_a_database_from_a_newer_tracker_is_refused_and_untouched(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(make_repo(home))
    data = load(home)
    data["meta"]["meta"]["schema"] = schema.SCHEMA_VERSION + 1
    # Its records may be in a format this version cannot read; that must not
    # be called damage (with advice to restore a backup over newer data).
    next(iter(data["cards"].values()))["items"] = {"a format": "from the future"}
    write_json(home / "tracker.json", data)
    before = tree(home)

    code = main(["list"])
    captured = capsys.readouterr()
    _assert_refused(code, captured.out, captured.err, home / "tracker.json")
    # (Not just "newer": the test's own folder name holds that word.)
    assert "written by a newer tracker" in captured.err and "damaged" not in captured.err

    with pytest.raises(StoreError) as caught:
        add(make_repo(home), "Initech")
    assert "written by a newer tracker" in str(caught.value) and "damaged" not in str(caught.value)
    one_sentence(str(caught.value))
    assert tree(home) == before


def test_a_migration_runs_once_bumps_the_version_and_keeps_a_backup_first(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card_id = add(make_repo(home))
    old_bytes = (home / "tracker.json").read_bytes()
    now = schema.SCHEMA_VERSION
    assert load(home)["meta"]["meta"]["schema"] == now
    calls: list[int] = []

    def to_next(data: dict[str, Any]) -> dict[str, Any]:
        calls.append(schema.version_of(data))
        for card in data["cards"].values():
            card["notes"] = "migrated"
        return data

    monkeypatch.setattr(schema, "SCHEMA_VERSION", now + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", {**schema.MIGRATIONS, now: to_next})

    repo = make_repo(home)
    assert repo.snapshot().cards[card_id].notes == "migrated"
    assert calls == [now]
    after = load(home)
    assert after["meta"]["meta"]["schema"] == now + 1
    assert after["cards"][card_id]["notes"] == "migrated"
    backup = home / "backups" / f"before-schema-{now + 1}" / "tracker.json"
    assert backup.read_bytes() == old_bytes, "the pre-migration backup is not the old file"

    # Never again: more reads, writes and other processes see the new version already.
    add(repo, "Globex")
    make_repo(home).snapshot()
    add(make_repo(home), "Initech")
    assert calls == [now]
    assert load(home)["meta"]["meta"]["schema"] == now + 1
    assert len(load(home)["cards"]) == 3


def test_a_database_with_no_migration_path_is_refused_untouched(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(make_repo(home))
    now = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", now + 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {now: lambda d: d})  # now+1 -> now+2 is missing
    before = (home / "tracker.json").read_bytes()
    with pytest.raises(StoreError) as caught:
        make_repo(home).snapshot()
    one_sentence(str(caught.value))
    assert str(home / "tracker.json") in str(caught.value)
    assert (home / "tracker.json").read_bytes() == before


# --- 5. permissions ------------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    """umask 0, so any mode we see was chosen by the code, not masked by the umask."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_files_are_private_and_a_data_folder_we_create_is_0700(
    home: Path, open_umask: None
) -> None:
    data_dir = home / "nested" / "data"
    repo = make_repo(home, data_dir)
    add(repo)
    at_day(1)
    add(repo, "Globex")  # the first write of a new day makes a backup
    assert mode(data_dir) == 0o700
    for name in ("tracker.json", "events.jsonl", "tracker.lock"):
        assert mode(data_dir / name) == 0o600, name
    backup = data_dir / "backups" / (FIXED_NOW.date() + timedelta(days=1)).isoformat()
    assert mode(data_dir / "backups") == 0o700
    assert mode(backup) == 0o700
    for name in ("tracker.json", "events.jsonl"):
        assert mode(backup / name) == 0o600, name


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_an_existing_data_folder_keeps_its_mode(home: Path, open_umask: None) -> None:
    home.chmod(0o750)
    add(make_repo(home))
    assert mode(home) == 0o750
    assert mode(home / "tracker.json") == 0o600


# --- 6. orphan temp files ------------------------------------------------------------


def test_orphan_temp_files_are_removed_by_the_next_transaction_and_only_they(home: Path) -> None:
    add(make_repo(home))
    orphans = [
        home / f".tracker.json{TMP_MARK}4242-deadbeef",
        home / f".tracker.json{TMP_MARK}1-00",
        home / f".events.jsonl{TMP_MARK}77-abcd",
    ]
    for orphan in orphans:
        orphan.write_bytes(b'{"half": ')
    keep = [home / "notes.txt", home / ".tracker.json.bak", home / "tracker.json.tmp-not-ours"]
    for other in keep:
        other.write_text("mine")

    repo = make_repo(home)
    repo.snapshot()
    assert all(o.exists() for o in orphans), "a read must not touch the folder"
    add(repo, "Globex")
    assert not any(o.exists() for o in orphans)
    assert all(k.read_text() == "mine" for k in keep)
    assert len(load(home)["cards"]) == 2


# --- 7. daily backups ----------------------------------------------------------------


def test_the_first_write_of_a_day_backs_up_the_previous_state(home: Path) -> None:
    repo = make_repo(home)
    first = add(repo, "ACME")
    assert not (home / "backups").exists() or not list((home / "backups").iterdir())
    state_before = (home / "tracker.json").read_bytes()
    log_before = (home / "events.jsonl").read_bytes()

    at_day(1)
    day = (FIXED_NOW.date() + timedelta(days=1)).isoformat()
    second = add(repo, "Globex")
    folder = home / "backups" / day
    assert (folder / "tracker.json").read_bytes() == state_before
    assert (folder / "events.jsonl").read_bytes() == log_before
    assert set(json.loads(state_before)["cards"]) == {first}

    add(repo, "Initech")  # a later write the same day leaves the day's backup alone
    assert (folder / "tracker.json").read_bytes() == state_before
    assert second in load(home)["cards"]


def test_the_backup_holds_only_the_committed_part_of_the_log(home: Path) -> None:
    repo = make_repo(home)
    add(repo)
    log = home / "events.jsonl"
    committed = log.read_bytes()
    with log.open("ab") as handle:  # a crash's leftover tail
        handle.write(b'{"id": "torn", "type": "crea')
    at_day(1)
    add(make_repo(home), "Globex")
    day = (FIXED_NOW.date() + timedelta(days=1)).isoformat()
    assert (home / "backups" / day / "events.jsonl").read_bytes() == committed
    assert b"torn" not in log.read_bytes()


def test_only_the_newest_seven_daily_backups_are_kept(home: Path) -> None:
    repo = make_repo(home)
    add(repo, "day0")
    (home / "backups").mkdir(exist_ok=True)
    manual = home / "backups" / "before-schema-2"
    manual.mkdir()
    for offset in range(1, 11):
        at_day(offset)
        add(repo, f"day{offset}")
    kept = sorted(p.name for p in (home / "backups").iterdir() if not p.name.startswith("before"))
    expected = [(FIXED_NOW.date() + timedelta(days=d)).isoformat() for d in range(4, 11)]
    assert len(kept) == BACKUPS_KEPT
    assert kept == expected
    assert manual.exists(), "only daily backups are pruned"
    # The newest backup is the state just before the newest day's first write.
    newest = json.loads((home / "backups" / expected[-1] / "tracker.json").read_bytes())
    companies = {o["company"] for o in newest["opportunities"].values()}
    assert companies == {f"day{d}" for d in range(10)}


# --- 8. other writers ----------------------------------------------------------------


def test_a_write_by_another_repository_is_seen_by_snapshot(home: Path) -> None:
    one, two = make_repo(home), make_repo(home)
    assert two.snapshot().cards == {}
    card = add(one, "ACME")
    assert card in two.snapshot().cards
    other = add(two, "Globex")
    assert set(one.snapshot().cards) == {card, other}


def test_a_stale_cache_never_loses_another_writers_record(home: Path) -> None:
    one, two = make_repo(home), make_repo(home)
    first = add(one, "ACME")
    assert set(two.snapshot().cards) == {first}  # two caches this state
    second = add(one, "Globex")  # two's cache is now stale
    third = add(two, "Initech")
    assert set(load(home)["cards"]) == {first, second, third}
    fourth = add(one, "Umbrella")  # and the other way round
    assert set(load(home)["cards"]) == {first, second, third, fourth}
    events = [json.loads(line) for line in (home / "events.jsonl").read_bytes().splitlines()]
    assert [e["card"] for e in events] == [first, second, third, fourth]


def test_tables_this_process_did_not_touch_keep_the_other_writers_records(home: Path) -> None:
    """A writer must not re-use its own serialised copy of a table another process changed."""
    one, two = make_repo(home), make_repo(home)
    a = add(one, "ACME")  # one has now written every table
    b = two.add_interview("Globex", "Engineer", people=[NewPerson("Jane Doe")]).card.id
    one.snooze(a, date(2026, 3, 10))  # touches cards and undo, not opportunities or people
    data = load(home)
    assert set(data["cards"]) == {a, b}
    assert {o["company"] for o in data["opportunities"].values()} == {"ACME", "Globex"}
    assert [p["name"] for p in data["people"].values()] == ["Jane Doe"]
    fresh = make_repo(home).snapshot()
    assert fresh.view(fresh.cards[b]).company == "Globex"
    assert fresh.cards[a].state is State.SNOOZED


def test_the_commit_token_catches_a_change_that_stat_cannot_see(home: Path) -> None:
    one, two = make_repo(home), make_repo(home)
    first = add(one, "ACME")
    two.snapshot()
    second = add(one, "Globex")
    # Pretend the replaced file looks identical to stat (same inode, size and times):
    # only the lock's commit token can tell two that its copy is stale.
    two.db.storage._sig = storage_module._signature(os.stat(home / "tracker.json"))
    third = add(two, "Initech")
    assert set(load(home)["cards"]) == {first, second, third}


def test_changed_since_tells_a_signature_from_every_later_write(home: Path) -> None:
    one, two = make_repo(home), make_repo(home)
    add(one, "ACME")
    two.snapshot()
    seen = two.signature()
    assert not two.changed_since(seen)
    add(two, "Globex")  # its own write: the signature it reports afterwards covers it
    assert two.changed_since(seen)
    seen = two.signature()
    assert not two.changed_since(seen)
    add(one, "Initech")
    assert two.changed_since(seen)
    assert [doc["type"] for doc in two.event_docs()] == ["created"] * 3


def test_an_unchanged_file_is_not_parsed_again(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import msgspec

    one, two = make_repo(home), make_repo(home)
    add(one, "ACME")
    real = msgspec.json.decode
    parsed: list[Any] = []  # the state files decoded (the event log's lines make a "[...]")

    def counting(raw: Any) -> Any:
        if type(raw) is bytes and raw.startswith(b"{"):
            parsed.append(raw)
        return real(raw)

    monkeypatch.setattr(msgspec.json, "decode", counting)

    first = two.snapshot()
    assert len(parsed) == 1
    assert two.snapshot() is first
    assert two.snapshot() is first
    assert len(parsed) == 1, "an unchanged file was parsed again"

    card = add(one, "Globex")
    changed = two.snapshot()
    assert changed is not first and card in changed.cards
    assert len(parsed) == 2
    assert two.snapshot() is changed


# --- 9. undo -------------------------------------------------------------------------


def test_undo_steps_back_in_reverse_order_then_says_there_is_nothing_left(home: Path) -> None:
    repo = make_repo(home)
    a = add(repo, "ACME")
    b = add(repo, "Globex")
    repo.snooze(a, date(2026, 3, 10))
    assert repo.snapshot().cards[a].state is State.SNOOZED

    assert repo.undo() == "the snooze until 2026-03-10 on ACME"
    assert repo.snapshot().cards[a].state is State.ACTIVE
    assert set(repo.snapshot().cards) == {a, b}
    assert repo.undo() == "adding Globex (Engineer)"
    assert set(repo.snapshot().cards) == {a}
    assert repo.undo() == "adding ACME (Engineer)"
    data = load(home)
    assert data["cards"] == {} and data["opportunities"] == {} and data["undo"] == {}

    before = tree(home)
    with pytest.raises(DomainError):
        repo.undo()
    assert tree(home) == before
    kinds = [json.loads(line)["type"] for line in (home / "events.jsonl").read_bytes().splitlines()]
    assert kinds == ["created", "created", "snoozed", "undo", "undo", "undo"]


def test_undo_made_in_another_repository_is_seen(home: Path) -> None:
    one, two = make_repo(home), make_repo(home)
    a = add(one, "ACME")
    two.snapshot()
    assert two.undo() == "adding ACME (Engineer)"
    assert a not in one.snapshot().cards


def test_undo_own_skips_newer_actions_from_elsewhere_on_other_records(home: Path) -> None:
    board, other = make_repo(home), make_repo(home)
    a = add(board, "ACME")
    board.snooze(a, date(2026, 3, 10))
    b = add(other, "Globex")
    done = board.undo_own()
    assert (done.done, done.labels, done.foreign) == (
        True,
        ("the snooze until 2026-03-10 on ACME",),
        False,
    )
    assert board.snapshot().cards[a].state is State.ACTIVE and b in board.snapshot().cards
    # Both entries left are still undoable in order, newest first, by `undo`.
    assert other.undo() == "adding Globex (Engineer)"
    assert other.undo() == "adding ACME (Engineer)"


def test_undo_own_counts_entries_without_a_session_as_elsewhere(home: Path) -> None:
    repo = make_repo(home)
    add(repo, "ACME")
    data = load(home)
    (entry,) = data["undo"].values()
    assert entry["session"] == repo.session
    del entry["session"]  # an entry written before sessions were recorded
    (home / "tracker.json").write_bytes(json.dumps(data).encode())
    again = make_repo(home)
    asked = again.undo_own()
    assert (
        not asked.done
        and asked.question == "Undo “adding ACME (Engineer)”, done outside this board?"
    )
    assert len(load(home)["cards"]) == 1, "asking writes nothing"
    assert again.undo_own(asked.entries).done
    assert load(home)["cards"] == {}


def test_undo_own_refuses_when_the_stack_changed_after_it_asked(home: Path) -> None:
    board, other = make_repo(home), make_repo(home)
    add(other, "ACME")
    asked = board.undo_own()
    add(other, "Globex")  # while the question was open
    with pytest.raises(DomainError, match="changed while you were answering"):
        board.undo_own(asked.entries)
    assert len(load(home)["cards"]) == 2


def test_undo_own_takes_a_newer_change_to_the_same_card_only_once_confirmed(home: Path) -> None:
    board, other = make_repo(home), make_repo(home)
    a = add(board, "ACME")
    other.snooze(a, date(2026, 3, 10))
    before = tree(home)
    asked = board.undo_own()
    assert not asked.done and "“the snooze until 2026-03-10 on ACME”" in asked.question
    assert tree(home) == before
    done = board.undo_own(asked.entries)
    assert done.labels == ("the snooze until 2026-03-10 on ACME", "adding ACME (Engineer)")
    assert load(home)["cards"] == {} and load(home)["undo"] == {}
    kinds = [json.loads(line)["type"] for line in (home / "events.jsonl").read_bytes().splitlines()]
    assert kinds == ["created", "snoozed", "undo", "undo"]


def test_the_undo_stack_is_bounded_at_fifty(home: Path) -> None:
    assert UNDO_DEPTH == 50
    repo = make_repo(home)
    ids = [add(repo, f"c{i}") for i in range(55)]
    undo = load(home)["undo"]
    assert len(undo) == 50
    assert {e["card"] for e in undo.values()} == set(ids[5:]), "the oldest entries must go"
    for expected in reversed(range(5, 55)):
        assert repo.undo() == f"adding c{expected} (Engineer)"
    with pytest.raises(DomainError):
        repo.undo()
    assert set(load(home)["cards"]) == set(ids[:5])


# --- 10. a write that fails ----------------------------------------------------------


def _fail_on(target: Path, monkeypatch: pytest.MonkeyPatch, code: int = errno.ENOSPC) -> None:
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst) == target:
            raise OSError(code, os.strerror(code), str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def test_a_failed_replace_leaves_the_database_unchanged(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(home)
    kept = add(repo, "ACME")
    before = (home / "tracker.json").read_bytes()
    _fail_on(home / "tracker.json", monkeypatch)

    with pytest.raises(StoreError) as caught:
        add(repo, "Globex")
    message = str(caught.value)
    one_sentence(message)
    assert str(home / "tracker.json") in message
    assert (home / "tracker.json").read_bytes() == before
    assert not list(home.glob(f".*{TMP_MARK}*")), "the temp file was left behind"
    assert set(repo.snapshot().cards) == {kept}
    assert len(repo.events()) == 1

    monkeypatch.undo()
    again = add(repo, "Initech")
    data = load(home)
    assert set(data["cards"]) == {kept, again}
    lines = (home / "events.jsonl").read_bytes().splitlines()
    assert len(lines) == data["meta"]["meta"]["events"] == 2
    assert b"Globex" not in b"".join(lines), "the failed write's event survived"


def test_a_temp_file_that_cannot_be_created_is_one_sentence_and_no_change(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(home)
    add(repo)
    before = tree(home)
    real_open = os.open

    def deny(path: Any, flags: int, *args: Any) -> int:
        if TMP_MARK in str(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(StoreError) as caught:
        add(repo, "Globex")
    one_sentence(str(caught.value))
    monkeypatch.undo()
    assert load(home) == json.loads(before["tracker.json"])  # type: ignore[arg-type]
    assert (home / "tracker.json").read_bytes() == before["tracker.json"]


def test_a_transaction_that_raises_leaves_no_trace(home: Path) -> None:
    repo = make_repo(home)
    kept = add(repo, "ACME")
    before = tree(home)
    phantom = dict(load(home)["cards"][kept], id="f" * 32)
    with pytest.raises(RuntimeError), repo.db.transaction() as txn:
        txn.put("cards", phantom)
        txn.remove("cards", kept)
        raise RuntimeError("the action failed half-way")
    assert tree(home) == before
    assert set(repo.snapshot().cards) == {kept}
    other = add(repo, "Globex")  # the next commit must not carry the abandoned changes
    assert set(load(home)["cards"]) == {kept, other}


@pytest.mark.skipif(IS_ROOT, reason="root can write into a read-only folder")
def test_a_read_only_data_folder_is_one_sentence_and_no_change(home: Path) -> None:
    repo = make_repo(home)
    add(repo)
    before = (home / "tracker.json").read_bytes()
    home.chmod(0o500)
    try:
        with pytest.raises(StoreError) as caught:
            add(repo, "Globex")
    finally:
        home.chmod(0o700)
    one_sentence(str(caught.value))
    assert (home / "tracker.json").read_bytes() == before


# --- the lock ------------------------------------------------------------------------


def test_a_held_lock_times_out_with_one_sentence_and_no_change(home: Path) -> None:
    repo = make_repo(home)
    add(repo)
    before = tree(home)
    other = FileLock(home / "tracker.lock")  # a separate open file: as another process
    other.acquire()
    try:
        blocked = make_repo(home)
        blocked.db.lock.timeout = 0.2
        with pytest.raises(LockTimeout) as caught:
            add(blocked, "Globex")
        one_sentence(str(caught.value))
        assert str(home / "tracker.lock") in str(caught.value)
        # Who holds it and for how long; never "remove the lock file" (a slow writer's lock).
        assert f"(pid {os.getpid()}, `" in str(caught.value)
        assert re.search(r"for (\d+ h )?(\d+ min )?\d+ s;", str(caught.value))
        assert not re.search(r"remove|delete", str(caught.value))
    finally:
        other.release()
    assert tree(home) == before
    add(blocked, "Globex")  # and works once the lock is free
    assert len(load(home)["cards"]) == 2


def test_the_holder_says_how_long_it_has_held_the_lock(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.store import lock as lock_module

    started = 1_800_000_000.0
    monkeypatch.setattr(lock_module.time, "time", lambda: started)
    holder = FileLock(home / "tracker.lock")
    holder.acquire()
    try:
        for later, said in ((5.4, "5 s"), (125, "2 min 5 s"), (3 * 3600 + 120, "3 h 2 min")):
            monkeypatch.setattr(lock_module.time, "time", lambda later=later: started + later)
            with pytest.raises(LockTimeout) as caught:
                FileLock(home / "tracker.lock", timeout=0).acquire()
            assert f" has held the lock {home / 'tracker.lock'} for {said};" in str(caught.value)
    finally:
        holder.release()
    FileLock(home / "tracker.lock", timeout=0).acquire()  # released: free again


@pytest.mark.skipif(sys.platform == "win32", reason="an open file cannot be removed on Windows")
def test_a_lock_taken_on_a_removed_lock_file_is_taken_again_on_the_new_one(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older tracker locks only tracker.lock. If the file is removed and made again
    while we wait for it, the lock we then get is on a file nobody else will look at:
    it must be taken again on the file the path names now."""
    import fcntl

    from tracker.store import lock as lock_module

    path = home / "tracker.lock"
    old = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(old, fcntl.LOCK_EX)  # an older tracker holds it
    newer: list[int] = []
    real_try = lock_module._try_lock

    def try_lock(fd: int) -> bool:
        got = real_try(fd)
        if got:
            return True
        if not newer and os.fstat(fd).st_ino == os.fstat(old).st_ino:
            # While we wait: the file is removed, another older tracker makes and
            # locks a new one, and the first lets go of the removed one.
            path.unlink()
            newer.append(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
            fcntl.flock(newer[0], fcntl.LOCK_EX)
            fcntl.flock(old, fcntl.LOCK_UN)
        elif newer and os.fstat(fd).st_ino == os.fstat(newer[0]).st_ino:
            fcntl.flock(newer[0], fcntl.LOCK_UN)  # waited on the new file: it is let go
        return False

    monkeypatch.setattr(lock_module, "_try_lock", try_lock)
    lock = FileLock(path, timeout=30)
    try:
        lock.acquire()
        assert lock._fd is not None
        assert os.fstat(lock._fd).st_ino == os.stat(path).st_ino, "locked a removed file"
        lock.release()
    finally:
        os.close(old)
        for fd in newer:
            os.close(fd)
    assert newer, "the lock never waited on the old file"


def test_a_state_file_that_is_not_json_is_refused_saying_where(home: Path) -> None:
    """Whatever the decoder refuses (a cut file, a stray byte, bytes that are not UTF-8, a
    number out of range, nesting too deep to follow) is damage, said in one sentence with
    where it went wrong when that is known, and the file is left as it was."""
    repo = make_repo(home)
    add(repo, "ACME")
    add(repo, "Globex")
    path = home / "tracker.json"
    raw = path.read_bytes()
    stray = raw.index(b'"ACME"') + len(b'"ACME"')
    cases = {
        raw[:-7]: "not valid JSON: it ends too soon",
        raw[:stray] + b" x" + raw[stray:]: f"not valid JSON at byte {stray + 1}",
        raw.replace(b'"ACME"', b'"\xed\xa0\x80"'): "not valid JSON",
        b'{"meta": [1e400]}': "not valid JSON",
        b"[" * 100_000: "not valid JSON: it is nested too deeply",
    }
    for bad, said in cases.items():
        path.write_bytes(bad)
        with pytest.raises(StoreError) as refused:
            make_repo(home).snapshot()
        assert f"is damaged ({said}" in str(refused.value)
        assert path.read_bytes() == bad
    path.write_bytes(raw)
    assert {v.company for v in make_repo(home).snapshot().views()} == {"ACME", "Globex"}


def test_no_commit_over_a_record_a_snapshot_has_not_read_yet(home: Path) -> None:
    """Snapshots build opportunities lazily; the first commit after one checks
    them all, and a damaged one refuses the commit with nothing written."""
    import msgspec

    repo = make_repo(home)
    add(repo, "ACME")
    add(repo, "Globex")
    db = home / "tracker.json"
    data = msgspec.json.decode(db.read_bytes())
    globex = next(o for o in data["opportunities"].values() if o["company"] == "Globex")
    globex["outcome"] = "bogus"
    db.write_bytes(msgspec.json.encode(data))
    before = tree(home)
    repo = make_repo(home)
    acme = next(
        c
        for c in repo.snapshot().cards.values()
        if data["opportunities"][c.opportunity_id]["company"] == "ACME"
    )
    with pytest.raises(StoreError, match="is damaged"):
        repo.snooze(acme.id, date(2026, 3, 9))
    assert tree(home) == before


def test_no_commit_over_a_checklist_a_snapshot_has_not_parsed_yet(home: Path) -> None:
    """Checklists are JSON text parsed on first use; the first commit after a
    snapshot parses every one, and a damaged one refuses the commit."""
    import msgspec

    repo = make_repo(home)
    add(repo, "ACME")
    add(repo, "Globex")
    db = home / "tracker.json"
    data = msgspec.json.decode(db.read_bytes())
    globex = next(o["id"] for o in data["opportunities"].values() if o["company"] == "Globex")
    card = next(c for c in data["cards"].values() if c["opportunity"] == globex)
    card["items"] = card["items"][:-3]  # cut short: no longer JSON
    db.write_bytes(msgspec.json.encode(data))
    before = tree(home)
    repo = make_repo(home)
    snap = repo.snapshot()  # loads: checklists are not parsed yet, so this succeeds
    acme = next(c for c in snap.cards.values() if c.opportunity_id != globex)
    with pytest.raises(StoreError, match="malformed checklist") as caught:
        repo.snooze(acme.id, date(2026, 3, 9))
    one_sentence(str(caught.value))
    assert tree(home) == before


def test_schema_1_checklists_become_json_text_and_every_card_reads_the_same(home: Path) -> None:
    """The real migration 1 -> 2: lists become JSON text, in the cards and in
    what undo would put back; a backup of the old file is kept first."""
    import msgspec

    repo = make_repo(home)
    add(repo, "ACME")
    globex = add(repo, "Globex")
    repo.close_items(globex, [repo.snapshot().cards[globex].items[0].id])
    expected = {k: (c.stage, c.state, c.items) for k, c in make_repo(home).snapshot().cards.items()}
    db = home / "tracker.json"
    v2 = msgspec.json.decode(db.read_bytes())
    v1 = schema.unpack_checklists(v2)
    v1["meta"]["meta"]["schema"] = 1
    assert all(isinstance(c["items"], list) for c in v1["cards"].values())
    undone = [d for e in v1["undo"].values() for d in e["before"].get("cards", {}).values() if d]
    assert undone and all(isinstance(d["items"], list) for d in undone)
    db.write_bytes(msgspec.json.encode(v1))
    old_bytes = db.read_bytes()

    repo = make_repo(home)
    got = {k: (c.stage, c.state, c.items) for k, c in repo.snapshot().cards.items()}
    assert got == expected
    after = load(home)
    assert after["meta"]["meta"]["schema"] == schema.SCHEMA_VERSION  # 1 -> 2 -> 3 in one go
    assert after["cards"] == v2["cards"], "migrated cards differ from ones written as schema 2"
    assert after["undo"] == v2["undo"]
    backup = home / "backups" / f"before-schema-{schema.SCHEMA_VERSION}" / "tracker.json"
    assert backup.read_bytes() == old_bytes
    # Undo still puts the card back as it was before its item was closed.
    repo.undo()
    assert not any(i.closed_at for i in make_repo(home).snapshot().cards[globex].items)

"""A damaged record is never carried into a write (issue "Trust", item 5).

A record that cannot be read (a stage that does not exist, a checklist that is
not JSON) or that refers to one that does not exist (a card without its
opportunity, a link to a missing person) makes every write refuse, with the
sentence the reads give, and both files stay byte for byte what they were.
The check runs once per version of the file, not once per commit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import msgspec
import pytest

from tracker import config, paths
from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.store import database
from tracker.store.errors import StoreError
from tracker.store.repo import Repository

from support.cli import fails, run


def make_repo(home: Path) -> Repository:
    """A repository as a separate process would build it."""
    where = paths.resolve(home)
    return Repository(where, config.load(home / "config.toml"), lock_timeout=2.0)


def tree(home: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``home`` with its bytes (None for folders), lock excepted."""
    return {
        str(p.relative_to(home)): None if p.is_dir() else p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.name != "tracker.lock"
    }


def acme(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """ACME's card and opportunity documents."""
    opp = next(o for o in data["opportunities"].values() if o["company"] == "ACME")
    card = next(c for c in data["cards"].values() if c["opportunity"] == opp["id"])
    return card, opp


def _stage(data: dict[str, Any]) -> None:
    acme(data)[0]["stage"] = "bogus"


def _checklist(data: dict[str, Any]) -> None:
    card = acme(data)[0]
    card["items"] = card["items"][:-3]  # cut short: no longer JSON


def _missing_opportunity(data: dict[str, Any]) -> None:
    del data["opportunities"][acme(data)[1]["id"]]


def _missing_person(data: dict[str, Any]) -> None:
    del data["people"][acme(data)[1]["people"][0]["person"]]


DAMAGE: dict[str, Callable[[dict[str, Any]], None]] = {
    "a stage that does not exist": _stage,
    "a checklist that is not JSON": _checklist,
    "a card without its opportunity": _missing_opportunity,
    "a link to a missing person": _missing_person,
}

WRITES = {
    "add": ["add", "Initech", "Analyst"],
    "undo": ["undo"],
    "backup": ["backup"],
    "done": ["done", "globex"],
    "snooze": ["snooze", "globex", "+3d"],
    "vacation": ["vacation", "2026-07-01"],
}


def damaged_home(home: Path, damage: Callable[[dict[str, Any]], None]) -> None:
    repo = make_repo(home)
    repo.add_interview("ACME", "Engineer", people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)])
    repo.add_interview("Globex", "SRE", people=[NewPerson("Ana Souza", Role.INTERVIEWER)])
    path = home / "tracker.json"
    data = msgspec.json.decode(path.read_bytes())
    damage(data)
    path.write_bytes(msgspec.json.encode(data))


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("case", list(DAMAGE))
def test_every_write_refuses_a_damaged_record_with_the_sentence_of_the_reads(
    home: Path, capsys: pytest.CaptureFixture[str], case: str, write: str
) -> None:
    damaged_home(home, DAMAGE[case])
    before = tree(home)
    sentence = fails(capsys, "list")
    assert str(home / "tracker.json") in sentence and "is damaged" in sentence
    assert fails(capsys, *WRITES[write]) == sentence
    assert tree(home) == before, "the damaged file was written over (or backed up)"


@pytest.mark.parametrize("case", list(DAMAGE))
def test_the_streak_leaves_a_damaged_home_untouched(
    home: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    """The streak reads no card, but it must not write either."""
    damaged_home(home, DAMAGE[case])
    before = tree(home)
    run(capsys, "streak")
    assert tree(home) == before


def _count_whole_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the number of cards each time every record is checked."""
    whole: list[int] = []
    real = database.check_records

    def counting(data: dict[str, Any], only: dict[str, set[str]] | None = None) -> None:
        if only is None:
            whole.append(len(data["cards"]))
        real(data, only)

    monkeypatch.setattr(database, "check_records", counting)
    return whole


def test_a_long_lived_repository_checks_once_per_version_of_the_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every record is checked before the first write of a version of the file that no
    tracker wrote and checked, not before every commit."""
    whole = _count_whole_checks(monkeypatch)
    repo = make_repo(home)
    first = repo.add_interview("ACME", "Engineer").card
    repo.add_interview("Globex", "SRE")
    repo.snooze(first.id, date(2026, 3, 9))
    repo.undo()
    assert whole == []  # a new home, then our own commits: only what they put is checked
    path = home / "tracker.json"
    path.write_bytes(path.read_bytes())  # the same bytes, but not written by a tracker
    make_repo(home).add_interview("Initech", "Analyst")  # another process: checks the 2 it finds
    repo.snooze(first.id, date(2026, 3, 9))  # that process checked the version it wrote
    assert whole == [2]
    repo.edit(first.id, notes="met the team")
    repo.check_snapshot()
    assert whole == [2]


def test_a_new_process_trusts_the_version_another_tracker_wrote_and_checked(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A capture (a fresh process) must not rebuild every record of a big home: the
    writer records, with the lock, which version of the file it checked."""
    whole = _count_whole_checks(monkeypatch)
    make_repo(home).add_interview("ACME", "Engineer")
    make_repo(home).add_interview("Globex", "SRE")
    make_repo(home).add_interview("Initech", "Analyst")
    assert whole == []
    path = home / "tracker.json"
    data = msgspec.json.decode(path.read_bytes())
    _stage(data)
    path.write_bytes(msgspec.json.encode(data))  # damaged by hand: a version no tracker checked
    before = tree(home)
    with pytest.raises(StoreError, match="is damaged"):
        make_repo(home).add_interview("Hooli", "ML Engineer")
    assert whole == [3]
    assert tree(home) == before


def test_a_record_damaged_between_two_writes_is_found_by_the_next_one(home: Path) -> None:
    repo = make_repo(home)
    card = repo.add_interview("ACME", "Engineer").card
    repo.add_interview("Globex", "SRE")
    path = home / "tracker.json"
    data = msgspec.json.decode(path.read_bytes())
    _stage(data)
    path.write_bytes(msgspec.json.encode(data))
    before = tree(home)
    with pytest.raises(StoreError, match="is damaged") as caught:
        repo.snooze(card.id, date(2026, 3, 9))
    assert "'bogus' is not a valid Stage" in str(caught.value)
    assert tree(home) == before


def test_a_damaged_record_put_back_by_undo_is_refused(home: Path) -> None:
    """Our own commits are trusted only for what they changed: what they put is checked."""
    repo = make_repo(home)
    card = repo.add_interview("ACME", "Engineer").card
    repo.snooze(card.id, date(2026, 3, 9))
    with repo.db.transaction() as txn:  # an undo entry that would put back a broken card
        last = max(txn.all("undo").values(), key=lambda e: e["seq"])
        broken = {"cards": {card.id: dict(card.to_doc(), stage="bogus")}}
        txn.put("undo", dict(last, before=broken))
    before = tree(home)
    with pytest.raises(StoreError, match="is damaged"):
        repo.undo()
    assert tree(home) == before


def test_a_fresh_reader_skips_the_shape_check_of_a_version_a_tracker_wrote(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shape check (every record a JSON object, every card's fields typed) walks the
    whole file: 15-25 ms at 10,000 cards on every capture and every `tracker list`. A
    version of the file that a tracker committed was checked by it, as the lock file
    says; a fresh process, writing or only reading, trusts it. A hand edit is checked."""
    from tracker.store import schema

    shapes: list[int] = []
    real = schema.validate

    def counting(data: Any) -> str | None:
        shapes.append(len(data.get("cards", {})) if isinstance(data, dict) else -1)
        return real(data)

    monkeypatch.setattr(schema, "validate", counting)
    make_repo(home).add_interview("ACME", "Engineer")
    make_repo(home).add_interview("Globex", "SRE")  # a second process writing
    assert len(make_repo(home).snapshot().cards) == 2  # a third one only reading
    assert shapes == []
    path = home / "tracker.json"
    data = msgspec.json.decode(path.read_bytes())
    next(iter(data["cards"].values()))["stage"] = 7  # not text: a shape the check refuses
    path.write_bytes(msgspec.json.encode(data))
    before = tree(home)
    with pytest.raises(StoreError, match="missing a required field"):
        make_repo(home).snapshot()
    with pytest.raises(StoreError, match="missing a required field"):
        make_repo(home).add_interview("Initech", "Analyst")
    assert shapes == [2, 2]
    assert tree(home) == before


def test_a_replaced_working_copy_of_the_wrong_shape_is_refused_not_trusted(home: Path) -> None:
    """A commit says in the lock file that it checked the version it wrote, and fresh
    readers then skip the shape check: so a whole replacement (`tracker sync`, an import)
    is shape-checked before it is written. A card whose `created_at` is not text passes
    the record check (nothing reads it as text there) but not the shape check."""
    make_repo(home).add_interview("ACME", "Engineer")
    repo = make_repo(home)
    data = msgspec.json.decode((home / "tracker.json").read_bytes())
    next(iter(data["cards"].values()))["created_at"] = 20261201
    before = tree(home)
    with (
        pytest.raises(StoreError, match="missing a required field"),
        repo.db.transaction() as txn,
    ):
        txn.replace(data)
    assert tree(home) == before
    with pytest.raises(ValueError, match="missing a required field"):
        repo.check_records(data)  # what sync, restore and import check first


def test_a_file_that_changes_while_it_is_read_is_not_trusted(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The version the lock file names is the file as it was when its read began and
    ended (fstat on the descriptor read): an edit landing during the read is checked."""
    from tracker.store import schema, storage

    make_repo(home).add_interview("ACME", "Engineer")
    shapes: list[int] = []
    real_validate, real_read = schema.validate, storage.read_signed

    def counting(data: Any) -> str | None:
        shapes.append(1)
        return real_validate(data)

    def edited_meanwhile(path: Path, what: str) -> tuple[bytes, Any, Any]:
        raw, before, _ = real_read(path, what)
        return raw, before, os.stat(home / "tracker.lock")  # another signature

    monkeypatch.setattr(schema, "validate", counting)
    assert len(make_repo(home).snapshot().cards) == 1
    assert shapes == []  # as written and checked
    monkeypatch.setattr(storage, "read_signed", edited_meanwhile)
    assert len(make_repo(home).snapshot().cards) == 1
    assert shapes == [1]

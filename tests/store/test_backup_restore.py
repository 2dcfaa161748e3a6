"""`tracker backup` and `tracker restore`: manual backups, the list, restoring a corrupt home."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tracker import clock, paths
from tracker.store import backups, files
from tracker.store.database import BACKUPS_KEPT
from tracker.store.errors import LockTimeout, StoreError
from tracker.store.lock import FileLock

from support import FIXED_NOW
from support.exchange import one_sentence_error, repo_at, run, state, tree


def board(home: Path) -> None:
    repo = repo_at(home)
    view = repo.add_interview("ACME", "Engineer")
    repo.close_items(view.card.id, [view.card.items[0].id])
    repo.add_interview("Globex", "SRE")


def manual(home: Path) -> list[Path]:
    return sorted((home / "backups").glob("manual-*"))


def test_backup_makes_a_named_folder_with_the_state_and_the_committed_log(home, capsys):
    board(home)
    code, out, err = run(capsys, "backup")
    assert code == 0, err
    (folder,) = manual(home)
    assert folder.name == "manual-20260302-100000"
    assert folder.name in out
    assert (folder / "tracker.json").read_bytes() == (home / "tracker.json").read_bytes()
    assert (folder / "events.jsonl").read_bytes() == (home / "events.jsonl").read_bytes()
    # A second one in the same second gets its own name.
    assert run(capsys, "backup")[0] == 0
    assert [p.name for p in manual(home)] == ["manual-20260302-100000", "manual-20260302-100000-2"]


def test_manual_backups_are_not_counted_in_the_rolling_dailies(home, capsys):
    board(home)
    assert run(capsys, "backup")[0] == 0
    repo = repo_at(home)
    for day in range(1, BACKUPS_KEPT + 3):
        clock.set_now(FIXED_NOW + timedelta(days=day))
        repo.add_interview(f"Co{day}", "Dev")
    folders = [p.name for p in (home / "backups").iterdir()]
    assert "manual-20260302-100000" in folders
    assert len([f for f in folders if not f.startswith("manual")]) == BACKUPS_KEPT


def test_backup_of_no_database_or_a_damaged_one_is_refused(home, capsys):
    last = one_sentence_error(*run(capsys, "backup"))
    assert "nothing to back up" in last
    board(home)
    (home / "tracker.json").write_bytes(b"{broken")
    before = tree(home)
    last = one_sentence_error(*run(capsys, "backup"))
    assert "damaged" in last and "tracker restore" in last
    assert tree(home) == before


def test_backup_list_shows_name_date_size_and_cards_and_marks_damage(home, capsys):
    board(home)
    assert run(capsys, "backup")[0] == 0
    broken = home / "backups" / "manual-20260301-090000"
    broken.mkdir()
    (broken / "tracker.json").write_text("{nope")
    code, out, err = run(capsys, "backup", "--list")
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.startswith("manual-")]
    daily = [line for line in out.splitlines() if line.startswith("2026-03-02 ")]
    assert len(daily) == 1 and daily[0].endswith("1 card")  # before the day's first write
    assert lines[0].split()[:3] == ["manual-20260301-090000", "2026-03-01", "09:00:00"]
    assert lines[0].endswith("DAMAGED")
    assert lines[1].split()[:3] == ["manual-20260302-100000", "2026-03-02", "10:00:00"]
    size = sum(p.stat().st_size for p in manual(home)[-1].iterdir())
    assert f"{size / 1024:.1f} KB" in lines[1] or f"{size} B" in lines[1]
    assert lines[1].endswith("2 cards")


def test_backup_list_with_no_backups_says_so(home, capsys):
    code, out, _ = run(capsys, "backup", "--list")
    assert code == 0 and out.startswith("No backups yet")


@pytest.mark.parametrize("damage", [b"{not json", b"", b"[]", b'{"cards": {}}'])
def test_restore_brings_back_a_corrupt_database_and_keeps_the_corrupt_one(home, capsys, damage):
    board(home)
    assert run(capsys, "backup")[0] == 0
    good_state, good_log = state(home), (home / "events.jsonl").read_bytes()
    repo_at(home).add_interview("Later", "Dev")  # the log grows past the backup
    (home / "tracker.json").write_bytes(damage)
    assert run(capsys, "list")[0] != 0

    code, out, err = run(capsys, "restore")
    assert code == 0, err
    assert "Restored manual-20260302-100000" in out
    assert state(home) == good_state
    assert (home / "events.jsonl").read_bytes() == good_log
    (saved,) = (home / "backups").glob("before-restore-*")
    assert (saved / "tracker.json").read_bytes() == damage
    assert saved.name in out
    # The home works again, with a fresh process's view of it.
    repo = repo_at(home)
    assert {o.company for o in repo.snapshot().opportunities.values()} == {"ACME", "Globex"}
    repo.add_interview("After", "Dev")
    assert len(repo_at(home).events()) == len(good_log.splitlines()) + 1


def test_restore_by_name_and_then_back_again(home, capsys):
    board(home)
    assert run(capsys, "backup")[0] == 0
    first = manual(home)[0].name
    repo_at(home).add_interview("Later", "Dev")
    later_state = state(home)
    assert run(capsys, "restore", first)[0] == 0
    assert "Later" not in json.dumps(state(home))
    (saved,) = (home / "backups").glob("before-restore-*")
    assert run(capsys, "restore", saved.name)[0] == 0
    assert state(home) == later_state


def test_restore_defaults_to_the_newest_good_backup(home, capsys):
    board(home)
    assert run(capsys, "backup")[0] == 0
    clock.set_now(FIXED_NOW + timedelta(minutes=5))
    broken = home / "backups" / "manual-20260302-110000"
    broken.mkdir()
    (broken / "tracker.json").write_text("{nope")
    (home / "tracker.json").write_bytes(b"junk")
    code, out, err = run(capsys, "restore")
    assert code == 0, err
    assert "Restored manual-20260302-100000" in out


@pytest.mark.parametrize(
    "case", ["unknown", "traversal", "damaged", "log too short", "bad log line"]
)
def test_restore_checks_the_backup_before_touching_anything(home, capsys, case):
    board(home)
    assert run(capsys, "backup")[0] == 0
    (folder,) = manual(home)
    name = folder.name
    if case == "unknown":
        name = "manual-19990101-000000"
    elif case == "traversal":
        name = "../.."
    elif case == "damaged":
        (folder / "tracker.json").write_bytes(b'{"meta": {}}')
    elif case == "log too short":
        log = folder / "events.jsonl"
        log.write_bytes(log.read_bytes()[:-5])
    else:
        log = folder / "events.jsonl"
        raw = log.read_bytes()
        log.write_bytes(b"{oops" + raw[5:])
    repo_at(home).add_interview("Later", "Dev")
    before = tree(home)
    one_sentence_error(*run(capsys, "restore", name))
    assert tree(home) == before


def test_restore_with_one_unusable_backup_says_so_in_the_singular(home, capsys):
    import shutil

    board(home)
    shutil.rmtree(home / "backups")
    assert run(capsys, "backup")[0] == 0
    (folder,) = manual(home)
    (folder / "tracker.json").write_bytes(b'{"meta": {}}')
    last = one_sentence_error(*run(capsys, "restore"))
    assert last == (
        f"tracker: the only backup in {home / 'backups'} is not usable, so nothing was restored."
    )


def test_restore_with_no_backups_is_one_sentence(home, capsys):
    board(home)
    import shutil

    shutil.rmtree(home / "backups")
    before = tree(home)
    last = one_sentence_error(*run(capsys, "restore"))
    assert "no backups" in last
    assert tree(home) == before


def test_restore_waits_for_the_lock_and_gives_up_without_changes(home):
    board(home)
    where = paths.resolve(home)
    backups.make(where, FIXED_NOW)
    (home / "tracker.json").write_bytes(b"junk")
    before = tree(home)
    other = FileLock(where.lock, timeout=0)
    other.acquire()
    try:
        with pytest.raises(LockTimeout):
            backups.restore(where, None, FIXED_NOW, lock_timeout=0)
    finally:
        other.release()
    assert tree(home) == before


def test_a_failed_state_write_leaves_the_home_as_it_was(home, monkeypatch):
    """The backup's log is a prefix of the current one: the state file goes first, so a
    failure there changes nothing (the saved copy aside)."""
    board(home)
    where = paths.resolve(home)
    backups.make(where, FIXED_NOW)
    repo_at(home).add_interview("Later", "Dev")
    current_state, current_log = (
        (home / "tracker.json").read_bytes(),
        (home / "events.jsonl").read_bytes(),
    )
    real = backups.write_atomic

    def failing(path, payload):
        if path == where.database:
            raise StoreError("disk full.")
        real(path, payload)

    monkeypatch.setattr(backups, "write_atomic", failing)
    with pytest.raises(StoreError):
        backups.restore(where, None, FIXED_NOW + timedelta(seconds=1))
    assert (home / "tracker.json").read_bytes() == current_state
    assert (home / "events.jsonl").read_bytes() == current_log
    assert repo_at(home).events()  # still consistent and readable


def test_a_backup_from_another_history_restores_log_and_state_together(home, tmp_path, capsys):
    """The backup's log is not a prefix of the current one: the log goes first."""
    board(home)
    assert run(capsys, "backup")[0] == 0
    (folder,) = manual(home)
    wanted_state, wanted_log = state(home), (folder / "events.jsonl").read_bytes()
    # Start a different history in the same home.
    (home / "tracker.json").unlink()
    (home / "events.jsonl").unlink()
    repo_at(home).add_interview("Other", "History")
    assert not (home / "events.jsonl").read_bytes().startswith(wanted_log)
    assert run(capsys, "restore", folder.name)[0] == 0
    assert state(home) == wanted_state
    assert (home / "events.jsonl").read_bytes() == wanted_log
    assert len(repo_at(home).events()) == len(wanted_log.splitlines())


def test_restore_refuses_a_folder_in_place_of_the_database(home, capsys):
    board(home)
    assert run(capsys, "backup")[0] == 0
    (home / "tracker.json").unlink()
    (home / "tracker.json").mkdir()
    before = tree(home)
    last = one_sentence_error(*run(capsys, "restore"))
    assert "not a file" in last
    assert tree(home) == before


def test_write_atomic_is_the_one_used_for_restores():
    """The failure test above patches the name restores really call."""
    assert backups.write_atomic is files.write_atomic

"""A commit keeps no second copy of what it wrote (issue 17, memory).

The board used to keep, per record, the bytes it had last written (to re-dump only
the changed ones), and each table's joined bytes on top: 52 MiB more than the data
after its first write at 10,000 cards. A table written in a transaction now keeps no
serialised copy; a table left alone keeps one, so the next commit need not dump it again.
"""

from __future__ import annotations

from datetime import date

import msgspec

from tracker.store.repo import Repository

from support.ui import seed_small


def test_a_commit_keeps_bytes_only_of_the_tables_it_did_not_write(repo: Repository) -> None:
    ids = seed_small(repo)
    repo.snooze(ids["acme"], date(2026, 3, 9))
    storage = repo.db.storage
    kept = dict(storage._chunks)
    assert "cards" not in kept  # written by the snooze: no copy kept
    assert "opportunities" in kept and "people" in kept  # untouched: kept, not dumped again
    on_disk = msgspec.json.decode(repo.paths.database.read_bytes())
    for name, chunk in kept.items():
        assert msgspec.json.decode(chunk) == on_disk[name]  # what is kept is what the file holds
    assert not hasattr(storage, "_records")  # no per-record copies either

    repo.snooze(
        ids["globex"], date(2026, 3, 9)
    )  # the next commit reuses the kept bytes, and the file is whole
    assert (
        Repository(repo.paths, repo.settings).snapshot().cards.keys()
        == repo.snapshot().cards.keys()
    )
    assert msgspec.json.decode(repo.paths.database.read_bytes())["people"] == on_disk["people"]

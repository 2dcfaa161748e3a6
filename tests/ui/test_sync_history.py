"""The card detail's history after a sync: in time order, and saying what a merge set aside."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.store import sync
from tracker.store.repo import Repository
from tracker.store.syncmerge import time_key

from support.sync import at, bare, isolate_git, make_home, reopen


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Repository, Repository]:
    isolate_git(monkeypatch, tmp_path)
    remote = bare(tmp_path / "remote.git")
    at(0)
    a, b = make_home(tmp_path / "a"), make_home(tmp_path / "b")
    a.add_interview("Acme", "SRE")
    for home in (a, b):
        sync.connect(home, str(remote))
        sync.sync(home)
    return a, b


def card_of(repo: Repository, company: str) -> str:
    return next(
        v.card.id for v in reopen(repo).snapshot().views() if v.opportunity.company == company
    )


def test_the_card_history_reads_in_time_order_with_what_was_set_aside(
    pair: tuple[Repository, Repository],
) -> None:
    from tracker.ui.screens.detail import history_line

    a, b = pair
    acme = card_of(a, "Acme")
    at(1)
    b.edit(acme, notes="from B")
    at(2)
    a.edit(acme, notes="from A")
    sync.sync(a)
    sync.sync(b)  # B appends A's later event after its own
    events = reopen(b).card_events(acme)
    times = [time_key(e.at) for e in events]
    assert times == sorted(times)
    lines = [history_line(e) for e in events]
    assert lines[-1] == (
        "2026-03-02  sync: notes changed on two machines; kept “from A”, set aside “from B”"
    )

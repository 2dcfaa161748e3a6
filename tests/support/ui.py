"""Helpers for board tests: a small fixed board, deterministic ids, waiting for workers."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.store.repo import Repository
from tracker.ui.app import TrackerApp


def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make record ids predictable (snapshots show short ids)."""
    counter = itertools.count(1)
    monkeypatch.setattr("tracker.store.repo.new_id", lambda: f"{next(counter):06x}".ljust(32, "0"))


def make_app(repo: Repository) -> TrackerApp:
    """The app as tests use it: no blinking, no background polling (tests call poll())."""
    return TrackerApp(repo, poll_interval=3600, blink=False)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until every worker (and so every store call) has finished and the screen caught up."""
    for _ in range(5):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def seed_small(repo: Repository) -> dict[str, str]:
    """Four cards in three columns; the clock is Monday 2026-03-02."""
    acme = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2026, 3, 2),
        people=[
            NewPerson("Jane Doe", Role.HIRING_MANAGER, "their Postgres migration"),
            NewPerson("Bob Smith", Role.INTERVIEWER),
        ],
    ).card.id
    globex = repo.add_interview(
        "Globex",
        "Data Engineer",
        on=date(2026, 2, 26),
        people=[NewPerson("Ana Souza", Role.INTERVIEWER)],
    ).card.id
    initech = repo.add_interview(
        "Initech",
        "SRE",
        on=date(2026, 2, 20),
        people=[NewPerson("Bill Lumbergh", Role.HIRING_MANAGER)],
    ).card.id
    repo.reject(initech, date(2026, 2, 27))
    hooli = repo.add_interview("Hooli", "ML Engineer", on=date(2026, 1, 20)).card.id
    repo.ghosted(hooli, date(2026, 2, 10))
    return {"acme": acme, "globex": globex, "initech": initech, "hooli": hooli}

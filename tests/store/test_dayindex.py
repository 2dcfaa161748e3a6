"""The streak day index always agrees with a full pass over the event log."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker import clock
from tracker.domain.capture import NewPerson
from tracker.domain.errors import DomainError
from tracker.domain.model import Role
from tracker.domain.streaks import kept_days
from tracker.domain.views import is_due
from tracker.store import dayindex, schema
from tracker.store.repo import Repository

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def full_pass(repo: Repository) -> frozenset:
    return kept_days(repo.db.events())


def index_doc(repo: Repository) -> dict | None:
    return repo.db.data().get(dayindex.TABLE, {}).get(dayindex.DOC)


ACTIONS = st.lists(
    st.sampled_from(
        ["add", "done", "skip", "undo", "reject", "next_day", "snooze", "reply", "review"]
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_index_matches_the_log_after_any_sequence(repo: Repository, actions: list[str]) -> None:
    clock.set_now(START)
    fresh = Repository(
        repo.paths.__class__(
            repo.paths.data_dir / f"h{len(actions)}-{abs(hash(tuple(actions)))}",
            repo.paths.config_dir,
        ),
        repo.settings,
    )
    now = START
    fresh.add_interview("Seed", "Engineer", people=[NewPerson("Ana", Role.RECRUITER)])
    fresh.kept_days()
    for action in actions:
        cards = [c for c in fresh.snapshot().cards.values() if c.open_items]
        try:
            if action == "add":
                fresh.add_interview("Acme", "SRE", people=[NewPerson("Jane", Role.HIRING_MANAGER)])
            elif action == "done" and cards:
                fresh.close_items(cards[0].id, [cards[0].open_items[0].id])
            elif action == "skip" and cards:
                fresh.close_items(
                    cards[-1].id, [cards[-1].open_items[-1].id], skip=True, reason="n/a"
                )
            elif action == "undo":
                fresh.undo()
            elif action == "reject" and cards:
                fresh.reject(cards[0].id, fresh.today())
            elif action == "snooze" and cards:
                fresh.snooze(cards[0].id, fresh.today() + timedelta(days=2))
            elif action == "reply" and cards:
                opp = fresh.snapshot().opportunities[cards[0].opportunity_id]
                fresh.log_reply(cards[0].id, opp.people[0].person_id)
            elif action == "review":  # finished; it keeps the day only if nothing is left due
                today = fresh.today()
                left = any(is_due(c, today) for c in fresh.snapshot().cards.values())
                fresh.finish_review(nothing_left_due=not left, counts={"done": 0})
                if left and not _acted_on(fresh, today):
                    assert today not in fresh.kept_days()
            elif action == "next_day":
                now += timedelta(days=1)
                clock.set_now(now)
        except DomainError:
            pass
        doc = index_doc(fresh)
        total = schema.meta(fresh.db.data())["events"]
        assert doc is not None and doc["upto"] == total
        assert frozenset(d for d in fresh.kept_days()) == full_pass(fresh)
    clock.set_now(START)


def _acted_on(repo: Repository, day: date) -> bool:
    """Whether ``day`` holds a follow-up action or a review with nothing left due."""
    return day in kept_days(e for e in repo.db.events() if e["type"] != "review_finished") or any(
        e["type"] == "review_finished"
        and e["day"] == day.isoformat()
        and e["data"]["nothing_left_due"]
        for e in repo.db.events()
    )


def test_a_review_finished_with_cards_still_due_does_not_keep_the_day(repo: Repository) -> None:
    card = repo.add_interview("Acme", "SRE").card
    today = repo.today()
    assert is_due(repo.snapshot().cards[card.id], today)
    repo.finish_review(nothing_left_due=False, counts={"done": 0, "skipped": 0})
    assert today.isoformat() not in index_doc(repo)["days"]
    assert today not in repo.kept_days() and repo.kept_days() == full_pass(repo)
    # Nor when the index is computed from the log (a home without one).
    _drop_index(repo)
    assert today not in Repository(repo.paths, repo.settings).kept_days()
    # Finished with nothing left due, it keeps the day.
    repo.close_items(card.id, [card.items[0].id])
    repo.undo()
    repo.finish_review(nothing_left_due=True, counts={"done": 1})
    assert index_doc(repo)["days"] == {today.isoformat(): 1}
    assert repo.kept_days() == full_pass(repo) == frozenset({today})


def _drop_index(repo: Repository) -> None:
    """Take the index out, as an older tracker's file has none (a commit without events)."""
    with repo.db.transaction() as txn:
        txn.remove(dayindex.TABLE, dayindex.DOC)


def test_every_commit_stores_the_index_and_a_read_never_does(repo: Repository) -> None:
    card = repo.add_interview("Acme", "SRE").card
    repo.close_items(card.id, [card.items[0].id])
    assert index_doc(repo)["upto"] == schema.meta(repo.db.data())["events"]
    # A home without an index (an older file): a read computes the days and writes nothing.
    _drop_index(repo)
    before = repo.paths.database.read_bytes()
    assert repo.kept_days() == full_pass(repo) and len(full_pass(repo)) == 1
    assert index_doc(repo) is None and repo.paths.database.read_bytes() == before
    # Even a raw Database transaction stores it: the update is part of the commit.
    with repo.db.transaction() as txn:
        txn.append_event(
            {
                "id": "x1",
                "type": "item_done",
                "at": "2026-03-03T10:00:00Z",
                "tz": "UTC",
                "day": "2026-03-03",
                "data": {},
            }
        )
    assert index_doc(repo)["upto"] == schema.meta(repo.db.data())["events"]
    assert repo.kept_days() == full_pass(repo) and len(full_pass(repo)) == 2
    # An index that covers a different part of the log (an older file) is not used by a
    # read, and the next commit rebuilds it.
    with repo.db.transaction() as txn:
        txn.put(dayindex.TABLE, {"id": dayindex.DOC, "days": {"1999-01-01": 1}, "upto": 1})
    assert repo.kept_days() == full_pass(repo)
    assert index_doc(repo)["upto"] == 1
    repo.snooze(card.id, repo.today() + timedelta(days=3))
    assert index_doc(repo)["upto"] == schema.meta(repo.db.data())["events"]
    assert "1999-01-01" not in index_doc(repo)["days"]
    assert repo.kept_days() == full_pass(repo)


def test_the_next_commit_stores_what_a_read_computed_without_reading_the_log_again(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = repo.add_interview("Acme", "SRE").card
    repo.close_items(card.id, [card.items[0].id])
    _drop_index(repo)
    fresh = Repository(repo.paths, repo.settings)
    assert fresh.kept_days() == full_pass(repo)

    def unread(committed: int) -> list:
        raise AssertionError("the log was read again")

    monkeypatch.setattr(fresh.db.log, "read", unread)
    fresh.snooze(card.id, fresh.today() + timedelta(days=3))
    monkeypatch.undo()
    assert index_doc(repo)["upto"] == schema.meta(repo.db.data())["events"]
    assert repo.kept_days() == full_pass(repo)


def test_an_undo_without_a_day_rebuilds_the_index_in_its_commit(repo: Repository) -> None:
    card = repo.add_interview("Acme", "SRE").card
    repo.close_items(card.id, [card.items[0].id])
    with repo.db.transaction() as txn:  # an undo written by an older version: no "day"
        txn.append_event(
            {
                "id": "u1",
                "type": "undo",
                "at": "2026-03-02T11:00:00Z",
                "tz": "UTC",
                "day": "2026-03-02",
                "data": {"undid": "nope", "what": "item_done"},
            }
        )
    assert index_doc(repo)["upto"] == schema.meta(repo.db.data())["events"]
    assert repo.kept_days() == full_pass(repo)


def test_imported_history_does_not_keep_today(repo: Repository) -> None:
    """A CSV import logs outcomes with data.imported: they are history, not today's work."""
    imported = {
        "id": "imp1",
        "type": "outcome_logged",
        "at": "2026-03-02T10:00:00Z",
        "tz": "UTC",
        "day": "2026-03-02",
        "data": {"outcome": "rejected", "imported": True},
    }
    own = dict(imported, id="own1", data={"outcome": "rejected"})
    assert kept_days([imported]) == frozenset()
    assert kept_days([imported, own]) == frozenset({START.date()})
    with repo.db.transaction() as txn:
        txn.append_event(imported)
    assert repo.kept_days() == frozenset() == full_pass(repo)

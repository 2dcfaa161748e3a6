"""Streak status for one tracker home, and the vacations and rest days it honours.

Rest days come from the config file, applied from the day each change was made
(the history is :mod:`tracker.store.restdays`).

Vacations live in the ``vacations`` table (``{"id", "start", "end"}``, ISO
days, inclusive); each change logs an event (``vacation_set`` or
``vacations_cleared``). Vacation changes are not on the undo stack: clear
them and set them again instead.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from tracker.domain.errors import DomainError
from tracker.domain.streaks import StreakRules, StreakStatus, status_from_days
from tracker.store import restdays

if TYPE_CHECKING:
    from tracker.store.repo import Repository

TABLE = restdays.VACATIONS


def vacations(repo: Repository) -> tuple[tuple[date, date], ...]:
    """Every stored vacation as (start, end), inclusive, sorted."""
    return restdays.vacations_in(repo.db.data(), repo.paths.database)


def rules(repo: Repository) -> StreakRules:
    """The rest weekdays in force on each day (the recorded history, then the config
    file's set from today when it differs: see :mod:`tracker.store.restdays`) and the
    stored vacations. Reads only."""
    return restdays.rules_in(
        repo.db.data(), repo.settings.rest_weekdays, repo.today(), repo.paths.database
    )


def current_status(repo: Repository) -> StreakStatus:
    """The streak as of the user's today, from the day index (Repository.kept_days)."""
    return status_from_days(repo.kept_days(), repo.today(), rules(repo))


def due_counts(repo: Repository) -> tuple[int, int]:
    """(cards and keep-in-touch touches due today, cards on the board), read without
    writing: a snooze that ends and a stage that starts today count as due (``tracker
    streak`` asks this)."""
    from tracker.domain.model import ON_BOARD
    from tracker.domain.views import due_once_settled

    today = repo.today()
    cards = [card for card in repo.snapshot().cards.values() if card.state in ON_BOARD]
    touches = len(repo.due_touches(today))  # the network's check-ins are due like cards
    return sum(due_once_settled(card, today) for card in cards) + touches, len(cards)


def set_vacation(repo: Repository, start: date, end: date) -> tuple[date, date]:
    """Store the vacation ``start``..``end`` (inclusive); a range already stored is kept once."""
    if end < start:
        raise DomainError(
            f"the vacation ends ({end}) before it starts ({start}); give the first day first."
        )
    with repo.db.transaction(today=repo.today()) as txn:
        for doc in txn.all(TABLE).values():
            if doc.get("start") == start.isoformat() and doc.get("end") == end.isoformat():
                return start, end
        record = {"id": uuid.uuid4().hex, "start": start.isoformat(), "end": end.isoformat()}
        restdays.record(txn, repo.settings.rest_weekdays, repo.today(), repo.paths.database)
        txn.put(TABLE, record)
        event = repo._event("vacation_set", None, dict(record))
        txn.append_event(event.to_doc())
    return start, end


def clear_vacations(repo: Repository) -> int:
    """Remove every vacation; returns how many there were."""
    with repo.db.transaction(today=repo.today()) as txn:
        stored = sorted(
            txn.all(TABLE).values(), key=lambda doc: (doc.get("start", ""), doc.get("id", ""))
        )
        if not stored:
            return 0
        for doc in stored:
            txn.remove(TABLE, doc["id"])
        event = repo._event("vacations_cleared", None, {"removed": [dict(doc) for doc in stored]})
        txn.append_event(event.to_doc())
    return len(stored)


CELEBRATED = "milestones"


def claim_milestone(repo: Repository, milestone: int) -> bool:
    """True the first time ``milestone`` is claimed for today, so it is celebrated once."""
    key = f"{repo.today().isoformat()}:{milestone}"
    with repo.db.transaction(today=repo.today()) as txn:
        if txn.get(CELEBRATED, key) is not None:
            return False
        txn.put(CELEBRATED, {"id": key, "milestone": milestone})
    return True

"""Sample data: realistic interviews in every stage and state, dated around today.

Used by ``tracker --demo`` (in a throwaway home) and by tests with a fixed clock.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tracker.domain.capture import NewPerson
from tracker.domain.model import Outcome, Role
from tracker.store.repo import Repository


def seed(repo: Repository) -> int:
    """Fill ``repo`` with sample cards; returns how many were created."""
    today = repo.today()

    def days(n: int) -> date:
        return today - timedelta(days=n)

    P = NewPerson
    created = 0

    def add(company: str, role: str, people: list[NewPerson], ago: int, **kw: Any) -> str:
        nonlocal created
        created += 1
        return repo.add_interview(company, role, people=people, on=days(ago), **kw).card.id

    # Thank-you: due today, one overdue, one waiting for the decision.
    add(
        "Northwind Labs",
        "Backend Engineer",
        [
            P("Priya Raman", Role.HIRING_MANAGER, "their move from Kafka to Postgres queues"),
            P("Tom Becker", Role.INTERVIEWER, "pairing on a rate limiter"),
        ],
        0,
    )
    overdue = add("Globex", "Platform Engineer", [P("Ana Souza", Role.INTERVIEWER)], 4)
    repo.close_items(overdue, ["i1"])
    waiting = add(
        "Initech",
        "Data Engineer",
        [P("Bill Lumbergh", Role.HIRING_MANAGER), P("Joanna Park", Role.RECRUITER)],
        6,
        decision_by=days(1),
    )
    view = repo.snapshot().view(repo.snapshot().cards[waiting])
    repo.close_items(waiting, [i.id for i in view.card.items if not i.optional])

    # Feedback: rejected two days ago (past target), with a referral.
    fb = add(
        "Umbrella Health",
        "SRE",
        [P("Alice Wong", Role.HIRING_MANAGER), P("Marcus Lee", Role.INTERVIEWER)],
        12,
        referral="Dana Kim",
    )
    repo.reject(fb, days(2))
    # Feedback: snoozed until next week.
    snoozed = add("Hooli", "ML Engineer", [P("Gavin Belson", Role.HIRING_MANAGER)], 9)
    repo.reject(snoozed, days(1))
    repo.snooze(snoozed, today + timedelta(days=5))

    # Monitor: rejected 40 days ago, feedback done, moved on by itself.
    mon = add("Stark Industries", "Firmware Engineer", [P("Pepper Potts", Role.HIRING_MANAGER)], 45)
    repo.reject(mon, days(40), hired="Harley Keener")
    view = repo.snapshot().view(repo.snapshot().cards[mon])
    repo.close_items(mon, [i.id for i in view.card.open_items])
    repo.settle()
    # Monitor: ghosted.
    ghost = add(
        "Vandelay Industries", "Import/Export Analyst", [P("Art Vandelay", Role.INTERVIEWER)], 20
    )
    repo.ghosted(ghost, days(15))

    # Coffee: rejected 100 days ago, Monitor done.
    cof = add("Wayne Enterprises", "Security Engineer", [P("Lucius Fox", Role.HIRING_MANAGER)], 105)
    repo.reject(cof, days(100), hired="Tim Drake")
    for _ in range(3):
        card = repo.snapshot().cards[cof]
        if card.open_items:
            repo.close_items(cof, [i.id for i in card.open_items])
        repo.settle()

    # Done and archived, for the archive screen.
    won = add("Acme Corp", "Staff Engineer", [P("Wile E. Coyote", Role.HIRING_MANAGER)], 30)
    repo.finish(won, Outcome.OFFER, days(20))
    old = add("Soylent", "Food Scientist", [P("Sol Roth", Role.INTERVIEWER)], 60)
    repo.finish(old, Outcome.WITHDRAWN, days(55))
    gone = add("Cyberdyne", "Robotics Engineer", [P("Miles Dyson", Role.INTERVIEWER)], 70)
    repo.archive(gone)
    return created

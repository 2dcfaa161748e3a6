"""A network for the People screen's tests: four companies, people in every due state.

The clock ends at :data:`support.FIXED_NOW` (Monday 2 March 2026):

- Acme (Backend Engineer, interviewed 2025-09-28, rejected, archived 2025-12-05): Jane Doe
  (hiring manager, VP Engineering, e-mail, a reply), Bob Smith (interviewer): check-ins
  due in 3 days (soon);
- Globex (Data Engineer, withdrawn 2025-10-01): Ana Souza (recruiter), 62 days overdue;
- Hooli (ML Engineer, withdrawn 2025-12-02): Gavin Belson and Richard Hendricks, due today;
- Initech (SRE, interviewed today, on the board): Bill Lumbergh, no check-in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tracker import clock
from tracker.domain.capture import NewPerson
from tracker.domain.model import Outcome, Role
from tracker.domain.people import Details
from tracker.store.repo import Repository

from support import FIXED_NOW


def seed_network(repo: Repository) -> dict[str, str]:
    """Returns the ids: each person's by name, and "acme", "globex", "hooli", "initech"
    (the opportunities')."""
    clock.set_now(datetime(2025, 10, 1, 10, tzinfo=UTC))
    acme = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2025, 9, 28),
        people=[
            NewPerson("Jane Doe", Role.HIRING_MANAGER, "their Postgres migration"),
            NewPerson("Bob Smith"),
        ],
    )
    ids = {p.name: p.id for p in acme.people.values()}
    repo.edit_person(
        ids["Jane Doe"],
        Details(title="VP Engineering", email="jane@acme.com", notes="Met at PyCon 2025."),
    )
    repo.reject(acme.card.id, date(2025, 9, 30))
    repo.log_reply(acme.card.id, ids["Jane Doe"], "Strong design round.\nPractise system design.")
    globex = repo.add_interview(
        "Globex",
        "Data Engineer",
        on=date(2025, 9, 29),
        people=[NewPerson("Ana Souza", Role.RECRUITER)],
    )
    repo.finish(globex.card.id, Outcome.WITHDRAWN, date(2025, 9, 30))
    clock.set_now(datetime(2025, 12, 2, 10, tzinfo=UTC))
    hooli = repo.add_interview(
        "Hooli",
        "ML Engineer",
        on=date(2025, 12, 1),
        people=[NewPerson("Gavin Belson", Role.HIRING_MANAGER), NewPerson("Richard Hendricks")],
    )
    repo.finish(hooli.card.id, Outcome.WITHDRAWN, date(2025, 12, 2))
    clock.set_now(datetime(2025, 12, 5, 10, tzinfo=UTC))
    repo.archive(acme.card.id)
    clock.set_now(FIXED_NOW)
    initech = repo.add_interview(
        "Initech", "SRE", people=[NewPerson("Bill Lumbergh", Role.HIRING_MANAGER)]
    )
    for view in (globex, hooli, initech):
        ids.update({p.name: p.id for p in view.people.values()})
    ids.update(
        acme=acme.opportunity.id,
        globex=globex.opportunity.id,
        hooli=hooli.opportunity.id,
        initech=initech.opportunity.id,
    )
    return ids

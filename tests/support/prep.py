"""A home to prepare an interview in: two earlier interviews at Acme, people met twice,
feedback, a comparison with the hire, lessons from two companies, and a pending one ahead."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from tracker import clock, config, paths
from tracker.domain.capture import NewPerson
from tracker.domain.lessons import LessonState
from tracker.domain.model import Role
from tracker.domain.people import Details
from tracker.store.repo import Repository

from support import FIXED_NOW


def fresh(home: Path) -> Repository:
    return Repository(paths.resolve(home), config.load(home / "config.toml"))


def at(day: int, month: int) -> None:
    clock.set_now(datetime(2026, month, day, 18, 0, tzinfo=UTC))


def seed(home: Path) -> dict[str, str]:
    """Acme twice before (rejected, with Bob's feedback and a comparison with Pat Kim; then
    ghosted), a Staff interview there on Wednesday with Jane Doe again and Lee Park; Globex
    with Ann's feedback; a lesson said at both companies, one from the gap, one learned."""
    (home / "config.toml").write_text(
        '[time]\ntimezone = "UTC"\nday_start = "04:00"\n[profile]\nname = "Sam Lee"\n'
    )
    repo = fresh(home)
    at(12, 1)
    backend = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2026, 1, 12),
        people=[
            NewPerson("Jane Doe", Role.HIRING_MANAGER, "their Postgres migration"),
            NewPerson("Bob Smith", Role.INTERVIEWER),
        ],
    )
    ids = {person.name: pid for pid, person in backend.people.items()}
    at(20, 1)
    repo.reject(backend.card.id, date(2026, 1, 20), hired="Pat Kim")
    repo.log_reply(
        backend.card.id,
        ids["Bob Smith"],
        "You jumped to the solution.\nExplain the trade-offs first.\nAsk questions.\nMore.",
        done=True,
    )
    at(21, 2)
    repo.compare(backend.card.id, "SRE at a bank", ["Kubernetes in production"], "yes")
    data = repo.add_interview("ACME", "Data Engineer", on=date(2026, 2, 1))
    repo.ghosted(data.card.id, date(2026, 2, 20))
    globex = repo.add_interview(
        "Globex", "SRE", on=date(2026, 2, 2), people=[NewPerson("Ann Bo", Role.INTERVIEWER)]
    )
    repo.reject(globex.card.id, date(2026, 2, 10))
    (ann,) = globex.people
    repo.log_reply(globex.card.id, ann, "Say the trade-offs out loud", done=True)
    at(1, 3)
    staff = repo.add_interview(
        "acme",
        "Staff Engineer",
        on=date(2026, 3, 4),
        people=[NewPerson("Lee Park", Role.INTERVIEWER)],
    )
    repo.add_person(staff.card.id, ids["Jane Doe"], Role.HIRING_MANAGER)
    repo.edit_person(ids["Jane Doe"], Details(title="Engineering Manager", email="jane@acme.test"))
    bob_said, gap = repo.card_sources(backend.card.id)
    (ann_said,) = repo.card_sources(globex.card.id)
    repo.add_lesson(
        "Explain trade-offs out loud", "system design", [bob_said.source, ann_said.source]
    )
    repo.add_lesson("Run Kubernetes in production", "kubernetes", [gap.source])
    repo.add_lesson("Arrive early", "logistics")
    repo.set_lesson_state("Arrive early", LessonState.LEARNED)
    clock.set_now(FIXED_NOW)
    return {"staff": staff.card.id[:6], "backend": backend.card.id[:6], "data": data.card.id[:6]}

"""A home to make lessons from: two rejections with feedback, a comparison with two gaps,
one lesson already made."""

from __future__ import annotations

from datetime import date

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.store.repo import Repository


def seed_two_rejections(repo: Repository) -> dict[str, str]:
    """Acme: Jane's feedback, already the lesson "Explain trade-offs out loud". Globex: Ann's feedback, and a comparison with Pat Kim with two gaps."""
    cards = {}
    for company, person, said in (
        ("Acme", "Jane Doe", "You jumped to the solution; explain the trade-offs first"),
        ("Globex", "Ann Bo", "Say the trade-offs out loud.\nOtherwise a strong round."),
    ):
        view = repo.add_interview(
            company, "Eng", on=date(2026, 2, 20), people=[NewPerson(person, Role.INTERVIEWER)]
        )
        repo.reject(
            view.card.id, date(2026, 2, 27), hired="Pat Kim" if company == "Globex" else None
        )
        (pid,) = [p for p, x in view.people.items() if x.name == person]
        repo.log_reply(view.card.id, pid, said, done=True)
        cards[company] = view.card.id
    repo.compare(
        cards["Globex"], "SRE at a bank", ["Kubernetes in production", "On-call experience"], "no"
    )
    (jane,) = repo.card_sources(cards["Acme"])
    repo.add_lesson("Explain trade-offs out loud", "system design", [jane.source])
    return cards

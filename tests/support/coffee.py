"""A card in Coffee, built through the repository, for the coffee tests of every layer."""

from __future__ import annotations

from datetime import date

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role, Stage
from tracker.store.repo import Repository


def coffee_card(repo: Repository, company: str = "Acme", *, hired: str = "Pat Kim") -> str:
    """A card for ``company`` rejected on 2025-11-10 with ``hired`` named as the hire,
    whose Feedback and Monitor are done: on the fixed clock (2026-03-02) it is in Coffee
    with one open item, "invite_coffee" for the hire. Returns the card id."""
    view = repo.add_interview(
        company,
        "Backend Engineer",
        on=date(2025, 11, 3),
        people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)],
    )
    card_id = view.card.id
    repo.reject(card_id, date(2025, 11, 10), hired=hired)
    for _ in range(2):
        repo.close_items(card_id, [i.id for i in repo.find_card(card_id).card.open_items])
        repo.settle()
    view = repo.find_card(card_id)
    assert view.card.stage is Stage.COFFEE
    assert [i.action for i in view.card.open_items] == ["invite_coffee"]
    return card_id


def hire_of(repo: Repository, card_id: str) -> str:
    """The id of the person hired on ``card_id``."""
    (person,) = repo.find_card(card_id).opportunity.people_with(Role.HIRED)
    return person

"""`space` on the board, pressed again and again (the last review's gap (c))."""

from __future__ import annotations

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.store.repo import Repository

from support.ui import make_app, settle


async def test_space_twice_completes_the_required_items_before_the_optional_note(
    repo: Repository,
) -> None:
    """Thank-you for one interviewer: the e-mail, the LinkedIn request (both required)
    and a hand-written note (optional). The second `space` completes the LinkedIn
    request, not the note."""
    card = repo.add_interview(
        "Acme", "Engineer", people=[NewPerson("Jane Doe", Role.INTERVIEWER)]
    ).card
    by_action = {item.action: item for item in card.items}
    assert by_action["thank_note"].optional and not by_action["linkedin"].optional
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
    stored = Repository(repo.paths, repo.settings).snapshot().cards[card.id]
    assert not stored.item(by_action["thank_email"].id).is_open
    assert not stored.item(by_action["linkedin"].id).is_open
    assert stored.item(by_action["thank_note"].id).is_open

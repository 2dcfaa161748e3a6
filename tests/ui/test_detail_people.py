"""The card detail shows the decision-by date, each person's contact details under their name,
a person with two roles once, and people added later in the history."""

from __future__ import annotations

from datetime import date

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.domain.people import Details
from tracker.store.repo import Repository
from tracker.ui.screens.detail import CardDetailScreen

from support.ui import make_app, settle


def people_lines(screen: CardDetailScreen) -> list[str]:
    people = screen.query_one("#people-list")
    return [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)]


async def test_detail_shows_contact_details_decision_date_and_added_people(
    repo: Repository,
) -> None:
    view = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2026, 2, 27),
        decision_by=date(2026, 3, 6),
        people=[NewPerson("Jane Doe", Role.HIRING_MANAGER, "their Postgres migration")],
    )
    jane = next(iter(view.people.values()))
    repo.edit_person(
        jane.id,
        Details(
            title="VP Engineering",
            email="jane@acme.com",
            linkedin="https://www.linkedin.com/in/janedoe",
        ),
    )
    repo.add_person(view.card.id, "Ana Ruiz", Role.RECRUITER)
    repo.add_person(view.card.id, "Ana Ruiz", Role.REFERRAL)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CardDetailScreen)
        summary = str(screen.query_one("#summary").render()).splitlines()
        assert summary[1].startswith("interview 2026-02-27 · decision by 2026-03-06 · outcome")
        assert people_lines(screen) == [
            "Jane Doe (hiring manager) — their Postgres migration\n"
            "    VP Engineering · jane@acme.com · https://www.linkedin.com/in/janedoe",
            "Ana Ruiz (recruiter, referral)",
        ]
        history = str(screen.query_one("#history").render())
        assert "added Ana Ruiz (recruiter)" in history
        assert "added Ana Ruiz (referral)" in history


async def test_detail_without_a_decision_date_says_nothing_about_it(repo: Repository) -> None:
    repo.add_interview("Acme", "Dev", people=[NewPerson("Bob", Role.INTERVIEWER)])
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CardDetailScreen)
        assert "decision by" not in str(screen.query_one("#summary").render())
        assert people_lines(screen) == ["Bob (interviewer)"]

"""The review walks the network's check-ins after the cards: a draft, d, x and s, asserted
on the store through a second Repository."""

from __future__ import annotations

from datetime import timedelta

from tracker import clock
from tracker.domain.capture import NewPerson
from tracker.domain.model import Outcome, Role
from tracker.store.repo import Repository
from tracker.ui.screens.review import TOUCH, ReviewScreen

from support import FIXED_NOW
from support.ui import make_app, settle

TODAY = FIXED_NOW.date()


def fresh(repo: Repository) -> Repository:
    return Repository(repo.paths, repo.settings)


def seed(repo: Repository) -> tuple[str, str]:
    """Acme ended 100 days ago with Jane Doe (a check-in 10 days overdue); Globex, an
    interview today (due today). Returns Globex's card id and Jane's id."""
    clock.set_now(FIXED_NOW - timedelta(days=100))
    acme = repo.add_interview(
        "Acme",
        "Backend Engineer",
        people=[NewPerson("Jane Doe", Role.HIRING_MANAGER, "their Postgres migration")],
    )
    repo.finish(acme.card.id, Outcome.OFFER, TODAY - timedelta(days=100))
    clock.set_now(FIXED_NOW)
    globex = repo.add_interview("Globex", "Data Engineer", people=[NewPerson("Ana Souza")])
    return globex.card.id, acme.opportunity.people[0].person_id


async def open_review(pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


async def test_the_check_in_comes_after_the_cards_and_d_does_it(repo: Repository) -> None:
    globex, jane = seed(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        assert screen.queue == [globex, TOUCH + jane]
        await pilot.press("D")
        await settle(pilot)
        assert screen.touch is not None and screen.touch.person.id == jane
        head = str(screen.query_one("#review-head").render())
        assert "Keep in touch · Jane Doe (Acme) · last contact 22 Nov 2025 · 10d overdue" in head
        draft = str(screen.query_one("#draft").render())
        assert draft.startswith("Hi Jane,") and "Postgres migration" in draft
        assert "Check in with Jane Doe" in str(
            screen.query_one("#actions").get_option_at_index(0).prompt
        )
        await pilot.press("d")
        await settle(pilot)
        stored = fresh(repo)
        assert stored.due_touches() == []
        assert stored.snapshot().people[jane].contacted == TODAY
        assert [e.type for e in stored.events()][-2:] == ["touch_done", "review_finished"]
        assert stored.events()[-1].data["nothing_left_due"] is True
        assert TODAY in stored.kept_days()
        summary = str(screen.query_one("#review-summary").render())
        assert "Review finished" in summary
        assert "across 1 card and 1 check-in" in summary


async def test_x_skips_the_check_in_with_a_reason_and_s_snoozes_it(repo: Repository) -> None:
    _, jane = seed(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("n")  # to the check-in
        await settle(pilot)
        assert screen.touch is not None
        await pilot.press("s", "7", "enter")
        await settle(pilot)
        person = fresh(repo).snapshot().people[jane]
        assert person.touch_snoozed == TODAY + timedelta(days=7)
        assert screen.tally.snoozed == 1
    repo.undo()
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("n", "x")
        await settle(pilot)
        await pilot.press(*"wrote on LinkedIn", "enter")
        await settle(pilot)
        stored = fresh(repo)
        event = [e for e in stored.events() if e.type == "touch_skipped"][-1]
        assert event.data == {"person": jane, "name": "Jane Doe", "reason": "wrote on LinkedIn"}
        assert stored.due_touches() == []
        assert screen.tally.skipped == 1

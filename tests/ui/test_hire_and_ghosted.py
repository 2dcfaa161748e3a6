"""Naming the hire from "find out who was hired" (board space, detail space, review d),
`g` (ghosted) on the board, and a hire named with the rejection replaced later.

The clock is Monday 2026-03-02 10:00 UTC. Every write is read back through a second
``Repository`` on the same files.
"""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.capture import NewPerson
from tracker.domain.model import ItemStatus, Outcome, Role, Stage
from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.detail import CardDetailScreen
from tracker.ui.screens.dialogs import HireScreen, RejectScreen
from tracker.ui.screens.review import ReviewScreen

from support.ui import make_app, settle


def fresh(repo: Repository) -> Repository:
    return Repository(repo.paths, repo.settings)


def monitor_card(repo: Repository) -> str:
    """Acme, rejected on 2026-01-20 with no hire named, Feedback done: in Monitor today,
    "find out who was hired" first and overdue."""
    view = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2026, 1, 15),
        people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)],
    )
    repo.reject(view.card.id, date(2026, 1, 20))
    repo.close_items(view.card.id, [i.id for i in repo.find_card("acme").card.open_items])
    repo.settle()
    card = repo.find_card("acme").card
    assert card.stage is Stage.MONITOR and card.items[0].action == "find_hired"
    return view.card.id


def items(repo: Repository, card_id: str) -> list[tuple[str, str, ItemStatus]]:
    view = fresh(repo).find_card(card_id)
    return [(i.action, view.person_name(i), i.status) for i in view.card.items]


NAMED = [
    ("find_hired", "", ItemStatus.DONE),
    ("compare_background", "Pat Kim", ItemStatus.OPEN),
    ("connect_hired", "Pat Kim", ItemStatus.OPEN),
]


async def open_form(pilot, where: str) -> None:  # type: ignore[no-untyped-def]
    """Tick "find out who was hired" on the board, in the detail or in the review."""
    await settle(pilot)
    if where == "board":
        await pilot.press("l", "l", "space")  # the Monitor column
    elif where == "detail":
        await pilot.press("l", "l", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CardDetailScreen)
        await pilot.press("space")  # the checklist has the focus, on the first item
    else:
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        assert pilot.app.screen.selected_item().action == "find_hired"
        await pilot.press("d")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HireScreen)


@pytest.mark.parametrize("where", ["board", "detail", "review"])
async def test_ticking_find_hired_asks_who_and_names_the_hire(repo: Repository, where: str) -> None:
    card_id = monitor_card(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_form(pilot, where)
        assert str(app.screen.query_one(".dialog-title").render()) == "Who was hired at Acme?"
        await pilot.press(*"Pat Kim", "tab", *"ex-Stripe payments", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, HireScreen)
        assert items(repo, card_id) == NAMED
        stored = fresh(repo).find_card(card_id)
        (hire,) = stored.opportunity.people_with(Role.HIRED)
        assert stored.people[hire].highlight == "ex-Stripe payments"
        if where == "detail":
            lines = app.screen.query_one("#checklist")
            assert "Pat Kim" in str(lines.get_option_at_index(1).prompt)
        if where == "review":  # the review shows the card as it is now
            assert app.screen.selected_item().action == "compare_background"
    assert fresh(repo).undo() == "adding Pat Kim to Acme"


@pytest.mark.parametrize("where", ["board", "detail", "review"])
async def test_an_empty_name_just_ticks_the_item(repo: Repository, where: str) -> None:
    card_id = monitor_card(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_form(pilot, where)
        await pilot.press("enter")
        await settle(pilot)
    assert items(repo, card_id) == [
        ("find_hired", "", ItemStatus.DONE),
        ("compare_background", "", ItemStatus.OPEN),
        ("connect_hired", "", ItemStatus.OPEN),
    ]
    assert fresh(repo).find_card(card_id).opportunity.people_with(Role.HIRED) == []


async def test_escape_writes_nothing_and_bad_text_is_refused_in_the_form(
    repo: Repository,
) -> None:
    card_id = monitor_card(repo)
    before = (repo.paths.database.read_bytes(), repo.paths.events.read_bytes())
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_form(pilot, "board")
        await pilot.press(*"Pat", "escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert (repo.paths.database.read_bytes(), repo.paths.events.read_bytes()) == before
        await pilot.press("space")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HireScreen)
        form.query_one("#name").value = "Pat\x1b]0;owned\x07 Kim"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert "control character" in str(form.query_one("#error").render())
        form.query_one("#name").value = "Pat Kim"
        form.query_one("#highlight").value = "ex-\x1b[31mStripe"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert "highlight contains a control character" in str(form.query_one("#error").render())
        await pilot.press("escape")
        await settle(pilot)
    assert (repo.paths.database.read_bytes(), repo.paths.events.read_bytes()) == before
    assert items(repo, card_id)[0] == ("find_hired", "", ItemStatus.OPEN)


# --- ghosted --------------------------------------------------------------------------------


async def test_g_marks_the_card_ghosted_with_the_hire_and_u_undoes_it(repo: Repository) -> None:
    card_id = repo.add_interview("Acme", "Dev", on=date(2026, 2, 2)).card.id
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RejectScreen)
        assert str(dialog.query_one(".dialog-title").render()) == "Ghosted by Acme"
        await pilot.press(*"yesterday", "tab", *"Pat Kim", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        messages = [n.message for n in app._notifications]
        assert "Acme marked ghosted; Monitor starts now (u undoes it)." in messages
        stored = fresh(repo).find_card(card_id)
        assert stored.opportunity.outcome is Outcome.GHOSTED
        assert stored.opportunity.outcome_on == date(2026, 3, 1)
        assert stored.card.stage is Stage.MONITOR
        assert [(i.action, stored.person_name(i)) for i in stored.card.items[-2:]] == [
            ("compare_background", "Pat Kim"),
            ("connect_hired", "Pat Kim"),
        ]
        await pilot.press("u")
        await settle(pilot)
        back = fresh(repo).find_card(card_id)
        assert back.opportunity.outcome is Outcome.PENDING
        assert back.card.stage is Stage.THANK_YOU
        assert back.opportunity.people_with(Role.HIRED) == []


async def test_g_on_a_card_with_an_outcome_says_so_without_asking(repo: Repository) -> None:
    card_id = repo.add_interview("Acme", "Dev", on=date(2026, 2, 2)).card.id
    repo.reject(card_id, date(2026, 2, 20))
    before = (repo.paths.database.read_bytes(), repo.paths.events.read_bytes())
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("l", "g")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        messages = [n.message for n in app._notifications]
        assert (
            "Acme already has the outcome rejected; undo it first (u, or tracker undo) to "
            "mark it ghosted." in messages
        )
    assert (repo.paths.database.read_bytes(), repo.paths.events.read_bytes()) == before


async def test_the_command_palette_offers_ghosted(repo: Repository) -> None:
    card_id = repo.add_interview("Acme", "Dev", on=date(2026, 2, 2)).card.id
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert commands["Ghosted"].help == "Ghosted (key: g)"
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Ghosted")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RejectScreen)
        await pilot.press("enter")
        await settle(pilot)
    assert fresh(repo).find_card(card_id).opportunity.outcome is Outcome.GHOSTED


# --- the rejection's hire, changed later ---------------------------------------------------


async def test_a_hire_named_with_x_is_replaced_by_one_named_later(repo: Repository) -> None:
    """`x` with a hire; later (`tracker hired` in another terminal) a different hire: the card
    has one hire, the detail lists them and says whom they replaced."""
    card_id = repo.add_interview("Acme", "Dev", on=date(2026, 2, 2)).card.id
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("x", "tab", *"Pat Kim", "enter")
        await settle(pilot)
        first = fresh(repo).find_card(card_id)
        assert [first.people[p].name for p in first.opportunity.people_with(Role.HIRED)] == [
            "Pat Kim"
        ]
        fresh(repo).add_person(card_id, "Lee Wu", Role.HIRED)
        app.screen.poll()
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CardDetailScreen)
        people = detail.query_one("#people-list")
        assert [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)] == [
            "Lee Wu (hired)"
        ]
        assert "added Lee Wu (hired) instead of Pat Kim" in str(
            detail.query_one("#history").render()
        )

"""The People screen: p on the board (in `?` and the palette), everyone by company with
role, last interaction and next check-in; the filter as you type; enter opens the person;
n starts a new interview at the company ("apply again"), filled in with it and offering
the people known there, and what is saved is read back through a second ``Repository``."""

from __future__ import annotations

from typing import Any

from tracker.domain.model import Role
from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen, StatusBar
from tracker.ui.screens.dialogs import NewInterviewScreen
from tracker.ui.screens.help import bindings_of
from tracker.ui.screens.people import PeopleScreen, PersonViewScreen

from support.people import seed_network
from support.ui import make_app, settle


def fresh(repo: Repository) -> Repository:
    return Repository(repo.paths, repo.settings)


def lines(screen: PeopleScreen) -> list[str]:
    listing = screen.query_one("#network-list")
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def open_people(pilot: Any) -> PeopleScreen:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PeopleScreen)
    return screen


async def to_person(pilot: Any, screen: PeopleScreen, person_id: str) -> None:
    """Move the cursor down to ``person_id``."""
    for _ in range(20):
        if screen.current() == person_id:
            return
        await pilot.press("j")
    raise AssertionError(f"{person_id} is not on the screen")


async def test_p_lists_everyone_by_company_and_the_status_line_counts_check_ins(
    repo: Repository,
) -> None:
    seed_network(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert "3 check-ins due" in board.query_one(StatusBar).texts[0]
        assert ("p", "People", "people") in bindings_of(board)
        assert "People" in [c.title for c in board.palette_commands()]
        screen = await open_people(pilot)
        shown = lines(screen)
        assert shown[0] == "Acme — 2 people"
        assert shown[2].split() == (
            [
                "Jane",
                "Doe",
                "VP",
                "Engineering",
                "·",
                "hiring",
                "manager",
                "reply",
                "2025-10-01",
                "in",
                "3d",
            ]
        )
        assert shown[3] == "Globex — 1 person · 1 check-in due"
        assert shown[4].split()[-2:] == ["62d", "overdue"]
        assert shown[5] == "Hooli — 2 people · 2 check-ins due"
        assert shown[6].split()[-1] == "today"
        assert shown[-1].split()[-3:] == ["on", "the", "board"]
        assert str(screen.query_one("#people-title").render()) == "People (6) · 3 check-ins due"
        keys = {row[2] for row in bindings_of(screen)}
        assert {"people_open", "people_new_interview", "people_filter", "people_back"} <= keys
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_the_filter_narrows_as_you_type_and_esc_clears_it(repo: Repository) -> None:
    seed_network(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("slash", "h", "o", "o")
        await settle(pilot)
        assert lines(screen)[0] == "Hooli — 2 people · 2 check-ins due"
        assert len(lines(screen)) == 3
        assert str(screen.query_one("#people-title").render()).startswith("People (2 of 6)")
        await pilot.press("backspace", "backspace", "backspace", "d", "o", "e")
        await settle(pilot)
        assert [line.split()[:2] for line in lines(screen)] == [["Acme", "—"], ["Jane", "Doe"]]
        await pilot.press("enter")  # back to the list, the filter kept
        await settle(pilot)
        assert screen.current() is not None and len(lines(screen)) == 2
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen) and len(lines(screen)) == 10
        await pilot.press("slash", "z", "z", "z")
        await settle(pilot)
        assert lines(screen) == []
        assert "Nobody matches" in str(screen.query_one("#people-empty").render())


async def test_enter_opens_the_person_and_e_edits_them(repo: Repository) -> None:
    ids = seed_network(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await to_person(pilot, screen, ids["Jane Doe"])
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, PersonViewScreen)
        text = view.text()
        assert text[0] == "Jane Doe — VP Engineering"
        for line in (
            "E-mail: jane@acme.com",
            "Met at PyCon 2025.",
            "Cadence: every 90d (the default)",
            "Next check-in: in 3d (Thu 05 Mar 2026), last contact Fri 05 Dec 2025",
            "Acme — Backend Engineer: hiring manager; interviewed Sun 28 Sep 2025; rejected; "
            "archived",
            "Wed 01 Oct 2025 · reply · Acme",
            "Practise system design.",
        ):
            assert line in text
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("tab")  # name -> title
        app.screen.query_one("#title").value = "CTO"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert fresh(repo).snapshot().people[ids["Jane Doe"]].title == "CTO"
        assert view.text()[0] == "Jane Doe — CTO"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert screen.current() == ids["Jane Doe"]


async def test_n_on_a_person_applies_again_prefilled_and_linked(repo: Repository) -> None:
    ids = seed_network(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_people(pilot)
        await to_person(pilot, screen, ids["Jane Doe"])
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewInterviewScreen)
        assert form.query_one("#company").value == "Acme"
        assert "Follows your earlier interview there: Backend Engineer (rejected)." in str(
            form.query_one("#demo-notice").render()
        )
        known = form.query_one("#known")
        assert [str(known.get_option_at_index(i).prompt) for i in range(known.option_count)] == [
            "Bob Smith",
            "Jane Doe — VP Engineering",
        ]
        await pilot.press(*"Staff Engineer")
        await pilot.press("tab", "tab")  # the day, then the people known there
        assert app.focused is known
        await pilot.press("down", "space")  # Jane
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        snap = fresh(repo).snapshot()
        (opp,) = [o for o in snap.opportunities.values() if o.role == "Staff Engineer"]
        assert opp.company == "Acme"
        assert opp.earlier == [ids["acme"]]
        assert [(x.person_id, x.role) for x in opp.people] == [(ids["Jane Doe"], Role.INTERVIEWER)]
        assert len(snap.people) == 6  # Jane is the same record, not a seventh
        jane = [line for line in lines(screen) if "Jane Doe" in line][0]
        assert "interviewer, hiring manager" in jane and jane.split()[-3:] == ["on", "the", "board"]


async def test_n_on_a_company_and_in_the_person_view_apply_again_there(
    repo: Repository,
) -> None:
    ids = seed_network(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        while screen.current() != "c:Hooli":
            await pilot.press("j")
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewInterviewScreen)
        assert form.query_one("#company").value == "Hooli"
        await pilot.press(*"Research", "tab", "tab", "space", "down", "space", "ctrl+s")
        await settle(pilot)
        snap = fresh(repo).snapshot()
        (opp,) = [o for o in snap.opportunities.values() if o.role == "Research"]
        assert opp.earlier == [ids["hooli"]]
        assert {x.person_id for x in opp.people} == {ids["Gavin Belson"], ids["Richard Hendricks"]}

        await to_person(pilot, screen, ids["Ana Souza"])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonViewScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("#company").value == "Globex"
        await pilot.press(*"Analyst", "enter")  # nobody ticked
        await settle(pilot)
        assert isinstance(app.screen, PersonViewScreen)
        snap = fresh(repo).snapshot()
        (opp,) = [o for o in snap.opportunities.values() if o.role == "Analyst"]
        assert opp.earlier == [ids["globex"]] and opp.people == []


async def test_the_board_n_links_an_interview_at_a_known_company_and_its_people_too(
    repo: Repository,
) -> None:
    ids = seed_network(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"globex", "tab", *"Analyst", "tab", "tab", *"ana souza", "ctrl+s")
        await settle(pilot)
        snap = fresh(repo).snapshot()
        (opp,) = [o for o in snap.opportunities.values() if o.role == "Analyst"]
        assert opp.earlier == [ids["globex"]]
        assert [x.person_id for x in opp.people] == [ids["Ana Souza"]]  # the same Ana
        assert len(snap.people) == 6


async def test_names_from_data_are_shown_never_obeyed(repo: Repository) -> None:
    from tracker.domain.capture import NewPerson

    evil = "\x1b[31mEve"
    view = repo.add_interview("Ev\x1bil Corp", "Eng", people=[NewPerson(evil)])
    repo.reject(view.card.id, view.opportunity.interviews[0])
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        shown = lines(screen)
        assert shown[0].startswith("Ev^[il Corp") and "^[[31mEve" in shown[1]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.text()[0] == "^[[31mEve"  # type: ignore[attr-defined]
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewInterviewScreen)
        assert str(form.query_one(".dialog-title").render()) == "New interview at Ev^[il Corp"
        known = form.query_one("#known")
        assert str(known.get_option_at_index(0).prompt) == "^[[31mEve"


def test_the_status_line_counts_check_ins_only_when_some_are_due() -> None:
    from datetime import date

    from tracker.ui.screens.board import status_texts

    day = date(2026, 3, 2)
    none = status_texts(day, 2, 0, "", 4, 4, False)
    assert not any("check-in" in text for text in none)
    one = status_texts(day, 2, 1, "", 4, 4, False, check_ins=1)
    assert one[0] == "tracker  Mon 02 Mar 2026 · 2 due · 1 overdue · 1 check-in due · 4 cards"
    assert one[-1] == "2 due"  # the narrowest keeps the cards' count alone


async def test_the_prep_page_of_an_interview_applied_again_shows_the_earlier_one(
    repo: Repository,
) -> None:
    from tracker.ui.screens.prep import PrepScreen

    ids = seed_network(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        await to_person(pilot, screen, ids["Jane Doe"])
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Staff Engineer", "ctrl+s")
        await settle(pilot)
        app.push_screen(PrepScreen("acme"))
        await settle(pilot)
        prep = app.screen
        assert isinstance(prep, PrepScreen)
        assert prep.text()[1].startswith("Next interview: Staff Engineer on Mon 2026-03-02")
        assert prep.text()[2] == (
            "Earlier at Acme: Backend Engineer, interviewed Sun 2025-09-28, rejected."
        )


async def test_enter_on_a_company_opens_its_prep_page(repo: Repository) -> None:
    from tracker.ui.screens.prep import PrepScreen

    seed_network(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        while screen.current() != "c:Globex":
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)
        prep = app.screen
        assert isinstance(prep, PrepScreen)
        assert prep.text()[0] == "Prep: Globex"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_a_watch_reminder_is_not_counted_as_a_check_in(repo: Repository) -> None:
    from datetime import date

    view = repo.add_interview("Acme", "Eng", on=date(2026, 1, 2))
    repo.reject(view.card.id, date(2026, 1, 2))  # watched: a reminder due after 30 days
    assert repo.due_reminders(repo.today()) and not repo.due_touches()
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert "check-in" not in app.screen.query_one(StatusBar).texts[0]

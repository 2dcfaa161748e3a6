"""Pilot tests for every board key, asserting on the store and on the focus."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from tracker import clock
from tracker.domain.capture import NewPerson
from tracker.domain.model import ItemStatus, Outcome, Role, Stage, State
from tracker.store.repo import Repository
from tracker.store.streak_store import current_status
from tracker.ui.screens.archive import ArchiveScreen
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.detail import CardDetailScreen
from tracker.ui.screens.dialogs import (
    ConfirmScreen,
    DateScreen,
    NewInterviewScreen,
    RejectScreen,
)
from tracker.ui.screens.help import HelpScreen
from tracker.ui.widgets.column import CardColumn

from support import FIXED_NOW
from support.cli import ok as cli
from support.ui import make_app, seed_small, settle


def fresh(repo: Repository) -> Repository:
    """A second repository on the same files: what another process would read."""
    return Repository(repo.paths, repo.settings)


def board(app) -> BoardScreen:  # type: ignore[no-untyped-def]
    screen = app.screen_stack[1]
    assert isinstance(screen, BoardScreen)
    return screen


def selected_company(app) -> str | None:  # type: ignore[no-untyped-def]
    view = board(app).selected()
    return view.company if view else None


async def test_columns_show_cards_and_counts(repo: Repository) -> None:
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = board(app)
        assert screen.loaded
        titles = {s.value: str(screen.query_one(f"#title-{s.value}").render()) for s in Stage}
        assert titles["thank_you"] == "Thank-you (2)"
        assert titles["feedback"] == "Feedback (1)"
        assert titles["monitor"] == "Monitor (1)"
        assert titles["coffee"] == "Coffee (0)"
        column = screen.query_one("#cards-thank_you", CardColumn)
        assert [v.company for v in column.views] == ["Globex", "Acme"]  # overdue first
        status = str(screen.query_one("#status-left").render())
        assert "Mon 02 Mar 2026" in status and "due" in status


async def test_focus_moves_with_arrows_and_vim_keys(repo: Repository) -> None:
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert selected_company(app) == "Globex"
        await pilot.press("j")
        assert selected_company(app) == "Acme"
        await pilot.press("down")  # stays on the last card
        assert selected_company(app) == "Acme"
        await pilot.press("k")
        assert selected_company(app) == "Globex"
        await pilot.press("l")
        assert board(app).column_index == 1 and selected_company(app) == "Initech"
        await pilot.press("right")
        assert selected_company(app) == "Hooli"
        await pilot.press("h", "left")
        assert board(app).column_index == 0
        await pilot.press("up")
        assert selected_company(app) == "Globex"


@pytest.mark.parametrize("key", ["L", "shift+right"])
async def test_moving_a_pending_card_on_asks_for_the_rejection_as_x_does(
    repo: Repository, key: str
) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", key)  # Acme, Thank-you: the rejection dialog, nothing logged yet
        await settle(pilot)
        assert isinstance(app.screen, RejectScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert fresh(repo).snapshot().cards[ids["acme"]].stage is Stage.THANK_YOU
        await pilot.press(key, "enter")  # Thank-you -> Feedback, rejected today
        await settle(pilot)
        stored = fresh(repo).snapshot()
        card = stored.cards[ids["acme"]]
        assert card.stage is Stage.FEEDBACK
        assert stored.opportunities[card.opportunity_id].outcome is Outcome.REJECTED
        assert board(app).column_index == 1 and selected_company(app) == "Acme"


@pytest.mark.parametrize("key", ["H", "shift+left"])
async def test_moving_a_card_back(repo: Repository, key: str) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("l", "l", key)  # Hooli, Monitor -> Feedback
        await settle(pilot)
        assert fresh(repo).snapshot().cards[ids["hooli"]].stage is Stage.FEEDBACK
        assert board(app).column_index == 1 and selected_company(app) == "Hooli"


async def test_moving_back_after_a_rejection_keeps_the_thank_you_work(
    repo: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's card, made with the CLI: 3/4 done; L then H must not bring it back
    as 0/3 and overdue."""
    cli(capsys, "add", "Solo", "Dev", "--with", "A B:hm", "--decision-by", "+3w")
    cli(capsys, "done", "solo", "all")
    card_id = next(iter(fresh(repo).snapshot().cards))
    before = fresh(repo).snapshot().cards[card_id].items
    assert fresh(repo).snapshot().cards[card_id].progress() == (3, 4)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, RejectScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert fresh(repo).snapshot().cards[card_id].stage is Stage.FEEDBACK
        await pilot.press("H")
        await settle(pilot)
        card = fresh(repo).snapshot().cards[card_id]
        assert card.stage is Stage.THANK_YOU and card.state is State.WAITING
        assert card.items == before and card.progress() == (3, 4)
        (check,) = [i for i in card.items if i.action == "status_check"]
        assert check.is_open
        shown = board(app).selected()
        assert shown is not None and shown.card.progress() == (3, 4)
        assert shown.due_words(repo.today()) == "in 28d"  # the status check, not "1d overdue"


async def test_column_scrollbars_and_titles_follow_moved_cards(repo: Repository) -> None:
    """A move resizes the columns in place (no layout pass): the scrollbar and
    the title must still be right, and the scrollbar must go once cards fit.

    Feedback <-> Monitor moves show no notification, whose toast would lay the
    screen out and hide a stale scrollbar."""
    for n in range(8):  # 8 cards x 5 rows = 40 rows: more than the column's height
        card = repo.add_interview(f"Company {n}", "Engineer", on=date(2026, 2, 20)).card
        repo.reject(card.id, date(2026, 2, 27))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = board(app)
        column = screen.query_one("#cards-feedback", CardColumn)
        assert column.show_vertical_scrollbar
        assert column.vertical_scrollbar.window_virtual_size == 40
        await pilot.press("l", "L")
        await settle(pilot)
        assert not app._notifications
        assert column.virtual_size.height == 35 and column.show_vertical_scrollbar
        assert column.vertical_scrollbar.window_virtual_size == 35
        assert str(screen.query_one("#title-feedback").render()) == "Feedback (7)"
        assert str(screen.query_one("#title-monitor").render()) == "Monitor (1)"
        await pilot.press("h", "L")  # 6 cards = 30 rows: they fit, the scrollbar goes
        await settle(pilot)
        assert column.virtual_size.height == 30 and not column.show_vertical_scrollbar
        assert str(screen.query_one("#title-feedback").render()) == "Feedback (6)"
        assert str(screen.query_one("#title-monitor").render()) == "Monitor (2)"
        await pilot.press("H")  # one back: it scrolls again
        await settle(pilot)
        assert (
            column.show_vertical_scrollbar and column.vertical_scrollbar.window_virtual_size == 35
        )


async def test_moving_on_from_feedback_reaches_monitor(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("l", "L")
        await settle(pilot)
        assert fresh(repo).snapshot().cards[ids["initech"]].stage is Stage.MONITOR
        assert board(app).column_index == 2 and selected_company(app) == "Initech"


async def test_space_completes_the_next_item(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "space")
        await settle(pilot)
        card = fresh(repo).snapshot().cards[ids["acme"]]
        assert card.items[0].status is ItemStatus.DONE
        assert [i.status for i in card.items[1:]] == [ItemStatus.OPEN] * (len(card.items) - 1)
        assert selected_company(app) == "Acme"


async def test_enter_opens_detail_toggles_items_and_saves_edits(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CardDetailScreen)
        people_list = detail.query_one("#people-list")
        people = [
            str(people_list.get_option_at_index(i).prompt) for i in range(people_list.option_count)
        ]
        assert "Jane Doe (hiring manager) — their Postgres migration" in people
        await pilot.press("down", "space")  # toggle item 2
        await settle(pilot)
        card = fresh(repo).snapshot().cards[ids["acme"]]
        assert card.items[1].status is ItemStatus.DONE
        await pilot.press("space")  # and back
        await settle(pilot)
        assert fresh(repo).snapshot().cards[ids["acme"]].items[1].status is ItemStatus.OPEN
        history = str(detail.query_one("#history").render())
        assert "done: Write a hand-written note" in history and "item reopened" in history
        detail.query_one("#role").value = "Staff Backend Engineer"
        detail.query_one("#notes").text = "Ask about on-call"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        stored = fresh(repo).snapshot()
        assert stored.cards[ids["acme"]].notes == "Ask about on-call"
        assert (
            stored.opportunities[stored.cards[ids["acme"]].opportunity_id].role
            == "Staff Backend Engineer"
        )


async def test_the_detail_says_the_state_once(repo: Repository) -> None:
    view = repo.add_interview("Acme", "Dev", on=date(2026, 2, 20))
    repo.reject(view.card.id, date(2026, 3, 2))
    repo.close_items(view.card.id, [i.id for i in repo.find_card("acme").card.open_items])
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("l", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen)
        summary = str(app.screen.query_one("#summary").render())
        assert summary.splitlines()[0] == "Feedback · waiting"


@pytest.mark.parametrize("width", [120, 100])
async def test_a_waiting_card_shows_its_next_stage_day_uncut(repo: Repository, width: int) -> None:
    clock.set_now(FIXED_NOW + timedelta(days=10))  # Thursday 12 March: a two-digit day ahead
    view = repo.add_interview("Acme", "Dev", on=date(2026, 3, 2))
    repo.reject(view.card.id, date(2026, 3, 12))
    repo.close_items(view.card.id, [i.id for i in repo.find_card("acme").card.open_items])
    assert repo.find_card("acme").card.next_stage_on == date(2026, 4, 11)
    app = make_app(repo)
    async with app.run_test(size=(width, 36)) as pilot:
        await settle(pilot)
        column = board(app).query_one("#cards-feedback", CardColumn)
        lines = card_text(column, view.card.id)
        assert lines[2].lstrip("▎▌ ").rstrip() == "Monitor from 11 Apr"
        assert lines[3].lstrip("▎▌ ").rstrip() == "waiting"


async def test_new_interview_modal_creates_a_card(repo: Repository) -> None:
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NewInterviewScreen)
        await pilot.press(*"Umbrella")
        await pilot.press("tab", *"SRE", "tab", *"last fri")
        app.screen.query_one(
            "#people"
        ).text = "Alice Wong: hiring manager: pager duty stories\nMarcus Lee"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        stored = fresh(repo).snapshot()
        opp = next(o for o in stored.opportunities.values() if o.company == "Umbrella")
        assert opp.role == "SRE" and opp.interviews == [date(2026, 2, 27)]
        roles = {stored.people[x.person_id].name: x.role for x in opp.people}
        assert roles == {"Alice Wong": Role.HIRING_MANAGER, "Marcus Lee": Role.INTERVIEWER}
        assert stored.people[opp.people[0].person_id].highlight == "pager duty stories"
        assert selected_company(app) == "Umbrella"


async def test_new_interview_rejects_bad_input_and_escape_writes_nothing(repo: Repository) -> None:
    seed_small(repo)
    before = len(fresh(repo).snapshot().cards)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Umbrella", "tab", *"SRE", "tab", *"07/04/2025", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NewInterviewScreen)
        assert "not a date" in str(app.screen.query_one("#error").render())
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
    assert len(fresh(repo).snapshot().cards) == before


async def test_the_same_interview_twice_warns_and_asks(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"acme", "tab", *"Backend Engineer", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one(".dialog-title").render())
        assert question == (
            f"Acme — Backend Engineer on Mon 02 Mar is already logged (card "
            f"{ids['acme'][:6]}, Thank-you). Add it again?"
        )
        await pilot.press("escape")  # back to the form, nothing added
        await settle(pilot)
        assert isinstance(app.screen, NewInterviewScreen)
        assert len(fresh(repo).snapshot().cards) == 4
        await pilot.press("ctrl+s", "y")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        stored = fresh(repo).snapshot()
        assert sum(o.company.lower() == "acme" for o in stored.opportunities.values()) == 2
        await pilot.press("n", *"Acme", "tab", *"Backend Engineer", "tab", *"yesterday", "enter")
        await settle(pilot)  # another day: no question
        assert isinstance(app.screen, BoardScreen)
        assert len(fresh(repo).snapshot().cards) == 6


async def test_escape_in_the_new_interview_form_asks_before_discarding_what_was_typed(
    repo: Repository,
) -> None:
    seed_small(repo)
    before = len(fresh(repo).snapshot().cards)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", "escape")  # nothing typed: closes at once
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("n", *"Umbrella", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Discard" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("escape")  # no: back to the form, the text kept, the cursor in it
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewInterviewScreen)
        assert form.query_one("#company", Input).value == "Umbrella"
        assert form.focused is form.query_one("#company", Input)
        await pilot.press("escape", "n")  # n says no too
        await settle(pilot)
        assert app.screen is form
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
    assert len(fresh(repo).snapshot().cards) == before


async def test_x_logs_a_rejection_with_the_hire(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "x")
        assert isinstance(app.screen, RejectScreen)
        await pilot.press(*"today", "tab", *"Pat Hire", "enter")
        await settle(pilot)
        stored = fresh(repo).snapshot()
        card = stored.cards[ids["acme"]]
        opp = stored.opportunities[card.opportunity_id]
        assert card.stage is Stage.FEEDBACK and opp.outcome_on == date(2026, 3, 2)
        assert [stored.people[x.person_id].name for x in opp.people if x.role is Role.HIRED] == [
            "Pat Hire"
        ]


@pytest.mark.parametrize(("key", "outcome"), [("o", Outcome.OFFER), ("w", Outcome.WITHDRAWN)])
async def test_offer_and_withdrawal_ask_first_then_end_the_card(
    repo: Repository, key: str, outcome: Outcome
) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", key)
        await settle(pilot)
        assert isinstance(app.screen, DateScreen)  # one key alone changes nothing
        assert "Acme" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("escape")
        await settle(pilot)
        stored = fresh(repo).snapshot()
        assert stored.opportunities[stored.cards[ids["acme"]].opportunity_id].outcome is (
            Outcome.PENDING
        )
        # Acme's interview was today: an outcome cannot come before it, so "today" it is.
        await pilot.press(key, *"today", "enter")
        await settle(pilot)
        stored = fresh(repo).snapshot()
        card = stored.cards[ids["acme"]]
        assert card.state is State.DONE
        opp = stored.opportunities[card.opportunity_id]
        assert (opp.outcome, opp.outcome_on) == (outcome, date(2026, 3, 2))
        column = board(app).query_one("#cards-thank_you", CardColumn)
        assert [v.company for v in column.views] == ["Globex"]


async def test_an_offer_logged_by_mistake_and_undone_does_not_keep_the_day(
    repo: Repository,
) -> None:
    ids = seed_small(repo)
    clock.set_now(datetime(2026, 3, 3, 10, 0, tzinfo=UTC))  # a day with nothing done yet
    app = make_app(repo)
    shown: list[str] = []
    original = app.notify

    def record(message: str, **kwargs: Any) -> None:
        shown.append(message)
        original(message, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "o", "enter")
        await settle(pilot)
        assert any("Offer from Acme logged" in m and "u undoes it" in m for m in shown)
        assert current_status(fresh(repo)).today_kept
        await pilot.press("u")
        await settle(pilot)
    stored = fresh(repo)
    assert (
        stored.snapshot().opportunities[stored.snapshot().cards[ids["acme"]].opportunity_id].outcome
        is Outcome.PENDING
    )
    assert not current_status(stored).today_kept


async def test_snooze_takes_date_words(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        assert isinstance(app.screen, DateScreen)
        await pilot.press(*"next fri")
        assert "Fri 06 Mar 2026" in str(app.screen.query_one("#echo").render())
        await pilot.press("enter")
        await settle(pilot)
        card = fresh(repo).snapshot().cards[ids["globex"]]
        assert card.state is State.SNOOZED and card.snoozed_until == date(2026, 3, 6)


async def test_archive_and_the_archive_screen(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert fresh(repo).snapshot().cards[ids["globex"]].state is State.ARCHIVED
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ArchiveScreen)
        table = app.screen.query_one("#archive")
        assert table.row_count == 1 and table.get_row_at(0)[0] == "Globex"
        assert app.focused is table and table.cursor == 0
        await pilot.press("escape")
        await pilot.press("a")  # Acme too: now two rows
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        table = app.screen.query_one("#archive")
        assert table.row_count == 2
        await pilot.press("j")
        assert table.cursor == 1
        await pilot.press("k")
        assert table.cursor == 0
        await pilot.press("end")
        assert table.cursor == 1
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_undo_goes_back_several_levels(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "space")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert fresh(repo).snapshot().cards[ids["acme"]].progress()[0] == 2
        await pilot.press("u")
        await settle(pilot)
        assert fresh(repo).snapshot().cards[ids["acme"]].progress()[0] == 1
        await pilot.press("u")
        await settle(pilot)
        assert fresh(repo).snapshot().cards[ids["acme"]].progress()[0] == 0
        await pilot.press("u")  # the Hooli ghosting from the seed
        await settle(pilot)
        assert fresh(repo).snapshot().cards[ids["hooli"]].stage is Stage.THANK_YOU


async def test_filter_by_company_person_or_role(repo: Repository) -> None:
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"ana s")
        screen = board(app)
        shown = [v.company for s in Stage for v in screen.model.columns[s]]
        assert shown == ["Globex"]  # matched on Ana Souza
        await pilot.press("enter")
        assert app.focused is None
        await pilot.press("escape")
        shown = [v.company for s in Stage for v in screen.model.columns[s]]
        assert sorted(shown) == ["Acme", "Globex", "Hooli", "Initech"]
        await pilot.press("slash", *"hiring manager", "enter")
        shown = sorted(v.company for s in Stage for v in screen.model.columns[s])
        assert shown == ["Acme", "Initech"]


async def test_the_status_line_says_one_card_in_the_singular(repo: Repository) -> None:
    repo.add_interview("Acme", "Dev")
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        status = str(board(app).query_one("#status-left").render())
        assert " · 1 card" in status and "1 cards" not in status


async def test_a_filter_counts_the_cards_it_shows_of_all_the_cards(repo: Repository) -> None:
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        status = str(board(app).query_one("#status-left").render())
        assert status.endswith(" · 4 cards")
        await pilot.press("slash", *"ana s", "enter")
        status = str(board(app).query_one("#status-left").render())
        assert status.endswith(" · 1 of 4 cards · filter: ana s")
        await pilot.press("slash", *"zzz", "enter")
        status = str(board(app).query_one("#status-left").render())
        assert status.endswith(" · 0 of 4 cards · filter: zzz")


async def test_help_lists_every_binding_with_its_id(repo: Repository) -> None:
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#keys")
        ids = {table.get_row_at(i)[2] for i in range(table.row_count)}
        wanted = {b.id for b in BoardScreen.BINDINGS} | {"quit"}
        assert wanted <= ids
        rows = {table.get_row_at(i)[2]: table.get_row_at(i)[0] for i in range(table.row_count)}
        assert "j" in rows["focus_down"] and "↓" in rows["focus_down"]
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_command_palette_offers_board_actions(repo: Repository) -> None:
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(board(app))}
        assert {"Snooze", "Undo", "New", "Rejected", "Offer", "Archive list", "Help"} <= titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Archive list")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArchiveScreen)


async def test_a_capture_from_another_process_appears_without_restart(repo: Repository) -> None:
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        other = fresh(repo)
        other.add_interview(
            "Wayne Enterprises",
            "Security Engineer",
            people=[NewPerson("Lucius Fox", Role.HIRING_MANAGER)],
        )
        board(app).poll()  # what the 1-second timer does
        await settle(pilot)
        column = board(app).query_one("#cards-thank_you", CardColumn)
        assert "Wayne Enterprises" in [v.company for v in column.views]
        # and a write from the board does not lose it
        await pilot.press("space")
        await settle(pilot)
    names = {o.company for o in fresh(repo).snapshot().opportunities.values()}
    assert "Wayne Enterprises" in names


async def test_keys_on_an_empty_board_explain_instead_of_failing(repo: Repository) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "s", "x", "enter", "L", "u")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        messages = [n.message for n in app._notifications]
        assert any("No card here" in m for m in messages)
        assert any("nothing to undo" in m for m in messages)


async def test_q_quits(repo: Repository) -> None:
    app = make_app(repo)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_detail_edits_a_persons_highlight(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        people = app.screen.query_one("#people-list")
        people.focus()
        people.highlighted = 1  # Bob Smith
        await pilot.press("enter")  # the person editor: name, title, e-mail, LinkedIn, highlight
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", "tab", *"pairing on a rate limiter", "enter")
        await settle(pilot)
    stored = fresh(repo).snapshot()
    opp = stored.opportunities[stored.cards[ids["acme"]].opportunity_id]
    bob = next(
        stored.people[x.person_id]
        for x in opp.people
        if stored.people[x.person_id].name == "Bob Smith"
    )
    assert bob.highlight == "pairing on a rate limiter"


@pytest.mark.parametrize(
    "action",
    ["snooze", "reject", "new_interview", "open_card", "review", "stats", "archive_screen", "help"],
)
async def test_a_dialog_opened_while_quitting_does_not_crash(repo: Repository, action: str) -> None:
    """q then a dialog key in one burst (a fast typist, a paste): the app quits cleanly."""
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = board(app)
        app.exit()
        await screen.run_action(action)
        await pilot.pause()
    assert app.return_code == 0


async def test_a_damaged_record_the_board_never_draws_is_found_right_after_the_first_frame(
    repo: Repository,
) -> None:
    """An archived card is not drawn, but the check that follows the first
    frame parses its checklist: the app ends with the store's sentence, and
    nothing is written over the damaged file."""
    import msgspec

    ids = seed_small(repo)
    repo.archive(ids["hooli"])
    path = repo.paths.database
    data = msgspec.json.decode(path.read_bytes())
    data["cards"][ids["hooli"]]["items"] = '[{"id": "i1"'
    path.write_bytes(msgspec.json.encode(data))
    before = path.read_bytes()
    app = make_app(fresh(repo))
    drawn = False
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(50):
            drawn = drawn or (isinstance(app.screen, BoardScreen) and app.screen.loaded)
            if app.failure:
                break
            await pilot.pause()
    assert drawn, "the board was not shown before the check"
    assert app.return_code == 1
    assert (
        app.failure is not None
        and "malformed checklist" in app.failure
        and str(path) in app.failure
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize("damage", ["opportunity", "checklist"])
async def test_a_record_found_damaged_while_drawing_ends_with_one_sentence(
    repo: Repository, damage: str
) -> None:
    """Opportunities are built, and checklists parsed, when a card is first
    drawn: a damaged one (an outcome with a wrong value; checklist text that is
    not JSON) ends the app with the store's message, no traceback."""
    import msgspec

    ids = seed_small(repo)
    path = repo.paths.database
    data = msgspec.json.decode(path.read_bytes())
    card = data["cards"][ids["globex"]]
    if damage == "opportunity":
        data["opportunities"][card["opportunity"]]["outcome"] = "bogus"
    else:
        card["items"] = card["items"][:-2]
    path.write_bytes(msgspec.json.encode(data))
    before = path.read_bytes()
    app = make_app(fresh(repo))
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(50):  # the board loads, draws Globex first, and stops
            if app.failure:
                break
            await pilot.pause()
    assert app.return_code == 1
    assert app.failure is not None and "is damaged" in app.failure and str(path) in app.failure
    assert path.read_bytes() == before  # the streak index was not written over it


# --- the column's card cache ---------------------------------------------------------------
# (Textual's Log habit: a card is built once, and again only when it, or its look, changes.)


def card_text(column: CardColumn, card_id: str) -> list[str]:
    """The four text lines of one card, rendered as a frame would ask for them."""
    from tracker.ui.widgets.column import CARD_HEIGHT

    row = [view.card.id for view in column.views].index(card_id)
    top = row * CARD_HEIGHT - int(column.scroll_y)
    return [column.render_line(y).text for y in range(top, top + CARD_HEIGHT - 1)]


def count_builds(column: CardColumn, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the id of every card the column builds from here on."""
    built: list[str] = []
    real = column._render_card

    def spy(view, look, width):  # type: ignore[no-untyped-def]
        built.append(view.card.id)
        return real(view, look, width)

    monkeypatch.setattr(column, "_render_card", spy)
    return built


async def test_a_card_is_built_once_and_again_when_it_changes(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        column = board(app).query_one("#cards-thank_you", CardColumn)
        built = count_builds(column, monkeypatch)
        column.notify_style_update()  # what a theme change does: every cached card goes

        first = card_text(column, ids["globex"])
        assert card_text(column, ids["globex"]) == first
        assert built == [ids["globex"]]  # eight lines asked for, one card built
        assert first[0].rstrip().endswith("0/3")

        await pilot.press("space")  # Globex, under the cursor: its next item is done
        await settle(pilot)
        assert fresh(repo).find_card(ids["globex"]).card.progress() == (1, 3)
        built.clear()
        changed = card_text(column, ids["globex"])
        assert changed[0].rstrip().endswith("1/3")  # not the cached 0/3
        assert changed[2] != first[2]  # the next action moved on too
        assert card_text(column, ids["globex"]) == changed
        assert built.count(ids["globex"]) <= 1  # built for the new frame or for us, once

        await pilot.press("j")  # the cursor leaves Globex for Acme: both look different
        await settle(pilot)
        built.clear()
        globex, acme = card_text(column, ids["globex"]), card_text(column, ids["acme"])
        assert globex[0].startswith("▎") and acme[0].startswith("▌")  # the cursor's bar
        assert card_text(column, ids["globex"]) == globex
        assert card_text(column, ids["acme"]) == acme
        assert len(built) == len(set(built)) <= 2  # each at most once, frame or us

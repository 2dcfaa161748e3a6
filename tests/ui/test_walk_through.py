"""One interview walked through the whole follow-up process on the board, the clock moving.

Interview with three people → thank-yous → rejection (no hire named) → feedback from one
interviewer, with text → a month later the hire is named from the Monitor item → the
comparison with two gaps → coffee accepted, met, the Advice, Insights and
Recommendations noted → the card is done. Every step is a key on the board or in the
review, as a user would press it; each phase is one session on its own day. At the end,
what the card detail shows, what `tracker show --json` prints and what a JSON export
holds are checked, and every store read goes through a second `Repository`.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from tracker import clock
from tracker.domain.model import ItemStatus, Outcome, Role, Stage, State
from tracker.store.repo import Repository
from tracker.ui.app import TrackerApp
from tracker.ui.screens.archive import ArchiveScreen
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.coffee import AirScreen
from tracker.ui.screens.compare import CompareScreen
from tracker.ui.screens.detail import CardDetailScreen
from tracker.ui.screens.dialogs import (
    DateScreen,
    HireScreen,
    NewInterviewScreen,
    RejectScreen,
    SaidScreen,
)
from tracker.ui.screens.review import ReviewScreen

from support import cli
from support.ui import make_app, settle


def fresh(repo: Repository) -> Repository:
    """A second repository on the same files, as another process would read them."""
    return Repository(repo.paths, repo.settings)


def on(day: date) -> None:
    clock.set_now(datetime(day.year, day.month, day.day, 10, 0, tzinfo=clock.now().tzinfo))


def the_card(repo: Repository):  # type: ignore[no-untyped-def]
    (view,) = [v for v in fresh(repo).snapshot().views(list(State))]
    return view


async def review(pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def select(pilot, screen: ReviewScreen, action: str, person: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Move the review's selection (j) to the item for ``action`` (and ``person``)."""
    for _ in range(12):
        item = screen.selected_item()
        assert item is not None and screen.view is not None
        if item.action == action and (person is None or screen.view.person_name(item) == person):
            return
        await pilot.press("j")
        await settle(pilot)
    raise AssertionError(f"no {action} item for {person} in the review")


async def leave(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        if isinstance(pilot.app.screen, BoardScreen):
            return
        await pilot.press("q")
        await settle(pilot)
    assert isinstance(pilot.app.screen, BoardScreen)


async def test_a_rejection_start_to_finish(
    repo: Repository, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app: TrackerApp

    # Monday 2 March: the interview, three people; the thank-yous the same day.
    on(date(2026, 3, 2))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewInterviewScreen)
        await pilot.press(*"Acme", "tab", *"Backend Engineer", "tab", *"today")
        app.screen.query_one("#people").text = (  # type: ignore[attr-defined]
            "Jane Doe: hiring manager: their Postgres migration\nBob Smith\nLee Wu"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        screen = await review(pilot)
        await pilot.press("D")
        await settle(pilot)
        await leave(pilot)
    view = the_card(repo)
    assert sorted(p.name for p in view.people.values()) == ["Bob Smith", "Jane Doe", "Lee Wu"]
    assert view.card.stage is Stage.THANK_YOU
    assert all(not i.is_open for i in view.card.items if i.action != "status_check")

    # Tuesday 10 March: the "no", nobody named as hired.
    on(date(2026, 3, 10))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, RejectScreen)
        await pilot.press("enter")
        await settle(pilot)
    view = the_card(repo)
    assert (view.card.stage, view.opportunity.outcome) == (Stage.FEEDBACK, Outcome.REJECTED)
    assert view.opportunity.people_with(Role.HIRED) == []

    # Friday 13 March: Bob's feedback comes, with what he said; the rest of Feedback done.
    on(date(2026, 3, 13))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await review(pilot)
        await select(pilot, screen, "ask_feedback", "Bob Smith")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SaidScreen)
        await pilot.press(*"Go deeper on caching", "enter", *"and say the trade-offs", "ctrl+s")
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        await leave(pilot)
    said = fresh(repo).interactions(view.card.id)
    assert [(x.kind, x.text) for x in said] == [
        ("feedback", "Go deeper on caching\nand say the trade-offs")
    ]
    assert the_card(repo).card.state is State.WAITING  # Monitor starts on its own day

    # A month later: Monitor. The hire is named from "find out who was hired", then the
    # comparison with two gaps, then the connection request.
    on(date(2026, 4, 13))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await review(pilot)
        await select(pilot, screen, "find_hired")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, HireScreen)
        await pilot.press(*"Pat Kim", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await select(pilot, screen, "compare_background", "Pat Kim")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        await pilot.press(*"8 years of SRE at a bank", "tab")
        await pilot.press(*"Kubernetes in production", "enter", *"On-call leadership", "tab")
        await pilot.press("enter")  # the first answer: yes
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await select(pilot, screen, "connect_hired", "Pat Kim")
        await pilot.press("d")
        await settle(pilot)
        await leave(pilot)
    view = the_card(repo)
    (pat,) = view.opportunity.people_with(Role.HIRED)
    assert view.people[pat].name == "Pat Kim"
    comparison = view.opportunity.comparison
    assert comparison is not None
    assert comparison.background == "8 years of SRE at a bank"
    assert [g.text for g in comparison.gaps] == ["Kubernetes in production", "On-call leadership"]
    assert comparison.better == "yes"
    assert view.card.stage is Stage.MONITOR and view.card.state is State.WAITING

    # June: Coffee. Pat says yes to the invitation; the meeting day is asked and planned.
    on(date(2026, 6, 10))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await review(pilot)
        await select(pilot, screen, "invite_coffee", "Pat Kim")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SaidScreen)
        await pilot.press(*"Happy to! Thursday 9am?", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DateScreen)
        await pilot.press(*"2026-06-18", "enter")
        await settle(pilot)
        await leave(pilot)
    meet = [i for i in the_card(repo).card.items if i.action == "meet"]
    assert [(i.target, i.status) for i in meet] == [(date(2026, 6, 18), ItemStatus.OPEN)]

    # The day of the coffee: the meeting's notes, then the thank-you; the card is done.
    on(date(2026, 6, 18))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await review(pilot)
        await select(pilot, screen, "meet", "Pat Kim")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, AirScreen)
        await pilot.press(*"Lead with the outcome", "tab")  # the day is today already
        await pilot.press(*"They hire for on-call maturity", "tab", *"Read the SRE workbook")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await select(pilot, screen, "thank_after_coffee", "Pat Kim")
        await pilot.press("d")
        await settle(pilot)
        await leave(pilot)

        # The finished card, read in the archive: people, what they said, the comparison.
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ArchiveScreen)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CardDetailScreen)
        people = detail.query_one("#people-list", OptionList)
        shown = "\n".join(
            str(people.get_option_at_index(n).prompt) for n in range(people.option_count)
        )
        summary = str(detail.query_one("#summary", Static).render())
    view = the_card(repo)
    assert view.card.state is State.DONE
    assert "Go deeper on caching" in shown
    assert "Lead with the outcome" in shown and "Read the SRE workbook" in shown
    assert "Pat Kim (hired)" in shown
    assert "Kubernetes in production" in summary or "2 gaps" in summary

    # tracker show --json: people, interactions and the comparison.
    shown_json = json.loads(cli.ok(capsys, "show", view.card.short_id, "--json"))
    text = json.dumps(shown_json)
    for needle in (
        "Go deeper on caching",
        "Lead with the outcome",
        "Kubernetes in production",
        "On-call leadership",
        "Pat Kim",
        '"feedback"',
        '"advice"',
    ):
        assert needle in text, needle

    # The JSON export holds all of it (lossless): the comparison on the opportunity, the
    # feedback and the meeting's notes in the event log.
    out = home / "export.json"
    cli.ok(capsys, "export", "--format", "json", "--out", str(out))
    exported = json.loads(out.read_text())
    dumped = json.dumps(exported)
    assert "8 years of SRE at a bank" in dumped
    advice = [
        e
        for e in exported["events"]
        if e["type"] == "interaction_noted" and e.get("data", {}).get("kind") == "advice"
    ]
    assert [e["data"]["air"] for e in advice] == [
        {
            "advice": "Lead with the outcome",
            "insights": "They hire for on-call maturity",
            "recommendations": "Read the SRE workbook",
        }
    ]
    feedback = [
        e
        for e in exported["events"]
        if e["type"] == "reply_logged" and e.get("data", {}).get("kind") == "feedback"
    ]
    assert [e["data"]["text"] for e in feedback] == ["Go deeper on caching\nand say the trade-offs"]

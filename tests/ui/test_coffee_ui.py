"""The coffee on the board: `y` on the invitation in the review asks the meeting day and
plans a "meet" item; ticking that item (review `d`, detail `space`, board `space`) opens
the AIR form, whose answer is kept as an `advice` interaction. Everything is read back
through a second Repository."""

from __future__ import annotations

from datetime import date

from tracker.domain.model import ItemStatus
from tracker.store.repo import Repository
from tracker.ui.screens.coffee import AirScreen
from tracker.ui.screens.detail import CardDetailScreen
from tracker.ui.screens.dialogs import DateScreen, SaidScreen
from tracker.ui.screens.review import ReviewScreen

from support.coffee import coffee_card, hire_of
from support.ui import make_app, settle


def fresh(repo: Repository) -> Repository:
    return Repository(repo.paths, repo.settings)


def actions(repo: Repository, card_id: str) -> list[tuple[str, ItemStatus]]:
    card = fresh(repo).snapshot().cards[card_id]
    return [(i.action, i.status) for i in card.items]


async def open_review(pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


async def test_y_on_the_invite_asks_the_day_and_plans_the_meeting(repo: Repository) -> None:
    card_id = coffee_card(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        item = screen.selected_item()
        assert item is not None and item.action == "invite_coffee"
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SaidScreen)
        await pilot.press(*"Sure, Friday", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DateScreen)
        assert not any(e.type == "reply_logged" for e in fresh(repo).events())
        await pilot.press(*"2026-03-06", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    assert actions(repo, card_id) == [
        ("invite_coffee", ItemStatus.DONE),
        ("meet", ItemStatus.OPEN),
    ]
    meet = fresh(repo).snapshot().cards[card_id].items[1]
    assert (meet.target, meet.person_id) == (date(2026, 3, 6), hire_of(repo, card_id))
    event = fresh(repo).card_events(card_id)[-1]
    assert (event.type, event.data["meeting"], event.data["text"]) == (
        "reply_logged",
        "2026-03-06",
        "Sure, Friday",
    )


async def test_escape_on_the_day_logs_the_reply_alone(repo: Repository) -> None:
    card_id = coffee_card(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_review(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press(*"Not now, sorry", "ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert actions(repo, card_id) == [("invite_coffee", ItemStatus.OPEN)]
    said = fresh(repo).interactions(card_id)
    assert [(x.kind, x.text) for x in said] == [("reply", "Not now, sorry")]


async def test_d_on_the_meet_item_opens_the_air_form_and_keeps_it(repo: Repository) -> None:
    card_id = coffee_card(repo)
    pat = hire_of(repo, card_id)
    repo.accept_coffee(card_id, pat, date(2026, 3, 2))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        item = screen.selected_item()
        assert item is not None and item.action == "meet"
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, AirScreen)
        assert actions(repo, card_id)[1] == ("meet", ItemStatus.OPEN)  # not yet
        await pilot.press(*"Learn Go", "enter", *"then Rust", "tab")
        await pilot.press("tab", *"Read the SRE book", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    assert actions(repo, card_id) == [
        ("invite_coffee", ItemStatus.DONE),
        ("meet", ItemStatus.DONE),
        ("thank_after_coffee", ItemStatus.OPEN),
    ]
    event = fresh(repo).card_events(card_id)[-1]
    assert event.type == "interaction_noted"
    assert event.data["air"] == {
        "advice": "Learn Go\nthen Rust",
        "insights": "",
        "recommendations": "Read the SRE book",
    }
    assert event.data["met_on"] == "2026-03-02" and event.data["kind"] == "advice"


async def test_escape_in_the_air_form_keeps_the_item_open(repo: Repository) -> None:
    card_id = coffee_card(repo)
    repo.accept_coffee(card_id, hire_of(repo, card_id), date(2026, 3, 2))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("right", "right", "right", "space")  # the board's Coffee column
        await settle(pilot)
        assert isinstance(app.screen, AirScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AirScreen)
    assert actions(repo, card_id)[-1] == ("meet", ItemStatus.OPEN)
    assert not any(e.type == "interaction_noted" for e in fresh(repo).events())


async def test_the_air_form_refuses_a_day_after_today(repo: Repository) -> None:
    card_id = coffee_card(repo)
    repo.accept_coffee(card_id, hire_of(repo, card_id), date(2026, 3, 2))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("right", "right", "right", "space")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AirScreen)
        await pilot.press("shift+tab", "ctrl+u", *"tomorrow", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "after today" in str(screen.query_one("#error").render())
        await pilot.press("ctrl+u", *"yesterday", "ctrl+s")
        await settle(pilot)
    event = fresh(repo).card_events(card_id)[-1]
    assert event.data["met_on"] == "2026-03-01" and event.data["text"] == ""


async def test_the_detail_ticks_the_meeting_through_the_form_and_shows_it(
    repo: Repository,
) -> None:
    card_id = coffee_card(repo)
    repo.accept_coffee(card_id, hire_of(repo, card_id), date(2026, 3, 2), "Yes!")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(CardDetailScreen(card_id))
        await settle(pilot)
        await pilot.press("down", "space")  # item 2: the meeting
        await settle(pilot)
        assert isinstance(app.screen, AirScreen)
        await pilot.press(*"Ship small", "tab", *"Team is remote", "ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CardDetailScreen)
        people = screen.query_one("#people-list")
        lines = [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)]
        assert lines[1] == (
            "Pat Kim (hired)\n    2026-03-02 reply: Yes!\n"
            "    2026-03-02 meeting notes:\n      Advice: Ship small\n      Insights: Team is remote"
        )
        history = str(screen.query_one("#history").render()).splitlines()
        assert history[:2] == [
            "2026-03-02  met Pat Kim on 2026-03-02; noted advice, insights",
            "2026-03-02  yes to coffee from Pat Kim; meeting on 2026-03-02",
        ]
    assert actions(repo, card_id)[1] == ("meet", ItemStatus.DONE)


async def test_y_in_the_detail_after_the_invite_was_sent_asks_the_day(repo: Repository) -> None:
    """The usual case: the invitation went out (ticked), and days later they say yes. The
    card is not due, so the answer comes through the detail: `y` on the person asks what
    they said, then the meeting day, as the review's `y` does."""
    from textual.widgets import OptionList

    card_id = coffee_card(repo)
    pat = hire_of(repo, card_id)
    repo.close_items(card_id, [repo.find_card(card_id).card.open_items[0].id])  # sent
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(CardDetailScreen(card_id))
        await settle(pilot)
        people = app.screen.query_one("#people-list", OptionList)
        people.focus()
        people.highlighted = [o.id for o in people._options].index(pat)
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SaidScreen)
        await pilot.press(*"Happy to, Thursday?", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DateScreen)
        await pilot.press(*"2026-03-05", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen)
    meet = [i for i in fresh(repo).snapshot().cards[card_id].items if i.action == "meet"]
    assert [(i.target, i.person_id, i.status) for i in meet] == [
        (date(2026, 3, 5), pat, ItemStatus.OPEN)
    ]


async def test_y_in_the_detail_for_someone_not_invited_logs_a_plain_reply(
    repo: Repository,
) -> None:
    from textual.widgets import OptionList

    card_id = coffee_card(repo)
    jane = next(p for p in fresh(repo).find_card(card_id).people.values() if p.name == "Jane Doe")
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(CardDetailScreen(card_id))
        await settle(pilot)
        people = app.screen.query_one("#people-list", OptionList)
        people.focus()
        people.highlighted = [o.id for o in people._options].index(jane.id)
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press(*"Good luck!", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen)  # no meeting day asked
    event = fresh(repo).card_events(card_id)[-1]
    assert (event.type, event.data["text"], "meeting" in event.data) == (
        "reply_logged",
        "Good luck!",
        False,
    )

"""The card detail lists what each person said under them, and its history says who each
action was for ("done: Ask for feedback" no longer appears twice with no name)."""

from __future__ import annotations

from datetime import date

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.store.repo import Repository
from tracker.ui.screens.detail import CardDetailScreen

from support.ui import make_app, settle


async def test_detail_shows_interactions_under_each_person_and_names_in_history(
    repo: Repository,
) -> None:
    view = repo.add_interview(
        "Acme",
        "Eng",
        on=date(2026, 2, 27),
        people=[NewPerson("Pat Kim", Role.INTERVIEWER), NewPerson("Bo Li", Role.INTERVIEWER)],
    )
    card_id = view.card.id
    pat, bo = sorted(view.people.values(), key=lambda p: p.name, reverse=True)
    repo.reject(card_id, date(2026, 3, 2))
    asks = {
        i.person_id: i.id for i in repo.find_card(card_id).card.items if i.action == "ask_feedback"
    }
    repo.close_items(card_id, [asks[bo.id]])
    repo.log_reply(card_id, pat.id, "Design was thin\nPractise caching", done=True)
    repo.note_interaction(card_id, bo.id, "Met for coffee", "meeting")
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(CardDetailScreen(card_id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CardDetailScreen)
        people = screen.query_one("#people-list")
        lines = [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)]
        assert lines == [
            "Pat Kim (interviewer)\n    2026-03-02 feedback: Design was thin\n      Practise caching",
            "Bo Li (interviewer)\n    2026-03-02 meeting: Met for coffee",
        ]
        history = str(screen.query_one("#history").render()).splitlines()
        assert history[:3] == [
            "2026-03-02  meeting about Bo Li",
            "2026-03-02  feedback from Pat Kim; done: Ask for feedback (one easy question)",
            "2026-03-02  done: Ask for feedback (one easy question) — Bo Li",
        ]


async def test_y_on_an_open_ask_for_feedback_in_the_review_keeps_it_and_ticks_it(
    repo: Repository,
) -> None:
    """The reply is the feedback asked for: one key logs what they said as feedback and
    completes "Ask for feedback" in the same step (as `tracker reply --done`)."""
    from tracker.domain.model import ItemStatus
    from tracker.ui.screens.dialogs import SaidScreen
    from tracker.ui.screens.review import ReviewScreen

    view = repo.add_interview(
        "Acme", "Eng", on=date(2026, 2, 23), people=[NewPerson("Pat Kim", Role.INTERVIEWER)]
    )
    card_id = view.card.id
    repo.reject(card_id, date(2026, 2, 24))
    app = make_app(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        for _ in range(4):
            item = screen.selected_item()
            if item is not None and item.action == "ask_feedback":
                break
            await pilot.press("j")
            await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SaidScreen)
        await pilot.press(*"Practise caching", "ctrl+s")
        await settle(pilot)
    stored = Repository(repo.paths, repo.settings)
    ask = next(i for i in stored.find_card(card_id).card.items if i.action == "ask_feedback")
    assert ask.status is ItemStatus.DONE
    said = stored.interactions(card_id)
    assert [(x.kind, x.text) for x in said] == [("feedback", "Practise caching")]

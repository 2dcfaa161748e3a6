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

"""`L` in the card detail: a lesson from one of the card's sources, in one step.

The sources are those `tracker lesson sources CARD` numbers (feedback and advice, then the
comparison's gaps); the form makes a new lesson (text drafted from the source) or attaches
the source to a lesson you have. One store action each, read back through a second
``Repository``; cancelling writes nothing (the files are compared byte for byte); ``u`` on
the board undoes it. The clock is Monday 2026-03-02 10:00 UTC.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tracker import config, paths
from tracker.domain.capture import NewPerson
from tracker.domain.lessons import Source
from tracker.domain.model import Role
from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.detail import CardDetailScreen
from tracker.ui.screens.help import bindings_of
from tracker.ui.screens.lesson_from import LessonFromScreen

from support.lessons import seed_two_rejections
from support.ui import make_app, settle


def fresh(home: Path) -> Repository:
    where = paths.resolve(home)
    return Repository(where, config.load(home / "config.toml"))


def files(repo: Repository) -> tuple[bytes, bytes]:
    return repo.paths.database.read_bytes(), repo.paths.events.read_bytes()


async def open_globex(pilot, card_id: str) -> CardDetailScreen:  # type: ignore[no-untyped-def]
    """Globex's detail, over the board."""
    await settle(pilot)
    pilot.app.push_screen(CardDetailScreen(card_id))
    await settle(pilot)
    detail = pilot.app.screen
    assert isinstance(detail, CardDetailScreen)
    assert detail.view is not None and detail.view.company == "Globex"
    return detail


def prompts(screen: LessonFromScreen, which: str) -> list[str]:
    listing = screen.query_one(which)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_l_makes_a_new_lesson_from_a_comparison_gap(repo: Repository, home: Path) -> None:
    cards = seed_two_rejections(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        detail = await open_globex(pilot, cards["Globex"])
        assert ("L", "Lesson", "detail_lesson") in bindings_of(detail)
        await pilot.press("L")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, LessonFromScreen)
        assert prompts(picker, "#lesson-sources") == [  # as `tracker lesson sources` numbers them
            "1  feedback from Ann Bo, 2026-03-02: “Say the trade-offs out lo…",
            "2  gap (the hire had it): “Kubernetes in production”",
            "3  gap (the hire had it): “On-call experience”",
        ]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert picker.query_one("#lesson-text").value == "Kubernetes in production"
        assert prompts(picker, "#lesson-existing") == [
            "“Explain trade-offs out loud” (system design) · 1 source"
        ]
        await pilot.press("end", *" with Helm", "tab", *"Kubernetes", "enter")
        await settle(pilot)
        assert app.screen is detail
        (lesson,) = [v for v in fresh(home).lessons() if v.lesson.theme == "kubernetes"]
        assert lesson.lesson.text == "Kubernetes in production with Helm"
        snap = fresh(home).snapshot()
        opportunity_id = snap.cards[cards["Globex"]].opportunity_id
        assert lesson.lesson.sources == (Source.of_gap(opportunity_id, "g1"),)
        assert [s.text for s in lesson.sources] == ["Kubernetes in production"]
        assert fresh(home).events()[-1].type == "lesson_added"
        await pilot.press("escape", "u")  # u on the board takes it back
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
    assert [v.lesson.theme for v in fresh(home).lessons()] == ["system design"]


async def test_l_attaches_feedback_to_a_lesson_you_have(repo: Repository, home: Path) -> None:
    """Ann's feedback at Globex joins Jane's at Acme: the lesson now has sources from two
    companies. The form first drafts a new lesson; tab moves to the lessons, enter attaches."""
    cards = seed_two_rejections(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        detail = await open_globex(pilot, cards["Globex"])
        await pilot.press("L")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, LessonFromScreen)
        await pilot.press("enter")  # source 1, the feedback
        await settle(pilot)
        assert picker.query_one("#lesson-text").value == "Say the trade-offs out loud."
        await pilot.press("tab", "tab", "enter")
        await settle(pilot)
        assert app.screen is detail
        await pilot.press("L")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, LessonFromScreen)
        assert prompts(again, "#lesson-sources")[0].splitlines()[1] == (
            "   in “Explain trade-offs out loud”"
        )
    (lesson,) = fresh(home).lessons()
    assert lesson.lesson.text == "Explain trade-offs out loud"
    assert [(s.who, s.company) for s in lesson.sources] == [
        ("Jane Doe", "Acme"),
        ("Ann Bo", "Globex"),
    ]
    assert lesson.companies == 2
    assert fresh(home).events()[-1].type == "lesson_attached"


async def test_cancelling_writes_nothing(repo: Repository) -> None:
    """esc on the form goes back to the sources, esc there back to the detail; a new lesson
    whose text is already a lesson is refused in the form. No file changes."""
    cards = seed_two_rejections(repo)
    before = files(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        detail = await open_globex(pilot, cards["Globex"])
        await pilot.press("L")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, LessonFromScreen)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+u", *"explain TRADE-offs out loud", "tab", *"x", "ctrl+s")
        await settle(pilot)
        assert app.screen is picker  # refused: attach to it instead
        assert picker.focused is picker.query_one("#lesson-existing")
        assert [n.message for n in app._notifications] == [
            "there is already a lesson “Explain trade-offs out loud”; enter on it below "
            "attaches this source to it."
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert picker.query_one("#lesson-sources").display
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is detail
    assert files(repo) == before


async def test_a_card_with_nothing_to_learn_from_says_how_to_log_it(repo: Repository) -> None:
    repo.add_interview("Initech", "Eng", on=date(2026, 3, 1))
    before = files(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CardDetailScreen)
        await pilot.press("L")
        await settle(pilot)
        assert app.screen is detail
        (note,) = list(app._notifications)
        assert note.message.startswith(
            "Initech has no feedback, advice or comparison gap yet to learn from"
        )
    assert files(repo) == before


async def test_the_archived_detail_still_makes_lessons(repo: Repository, home: Path) -> None:
    """A lesson belongs to no card: from the read-only detail of an archived card, L works
    (the card itself stays as it was); a card with one source opens on the form."""
    view = repo.add_interview(
        "Acme", "Eng", on=date(2026, 2, 2), people=[NewPerson("Jane Doe", Role.INTERVIEWER)]
    )
    jane = next(iter(view.people))
    repo.reject(view.card.id, date(2026, 2, 20))
    repo.log_reply(view.card.id, jane, "Go deeper on system design trade-offs.", done=True)
    repo.archive(view.card.id)
    card_before = repo.card_events(view.card.id)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("A", "enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CardDetailScreen) and detail.read_only
        await pilot.press("L")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LessonFromScreen)
        assert form.query_one("#lesson-form").display  # straight on the form
        await pilot.press("tab", *"system design", "enter")
        await settle(pilot)
        assert app.screen is detail
    (lesson,) = fresh(home).lessons()
    assert (lesson.lesson.text, lesson.lesson.theme) == (
        "Go deeper on system design trade-offs.",
        "system design",
    )
    assert repo.card_events(view.card.id) == card_before

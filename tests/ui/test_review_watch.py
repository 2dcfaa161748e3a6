"""The review walks the watched companies' reminders after the cards: the careers URL,
d (checked), x (skipped with a reason), s (snoozed) and c (the URL copied), asserted on
the store through a second Repository."""

from __future__ import annotations

from datetime import timedelta

from tracker import clock
from tracker.domain.watch import Reminder, Watch
from tracker.store.repo import Repository
from tracker.ui.screens.review import WATCH, ReviewScreen, Tally, across, reminder_text

from support import FIXED_NOW
from support.ui import make_app, settle

TODAY = FIXED_NOW.date()


def fresh(repo: Repository) -> Repository:
    return Repository(repo.paths, repo.settings)


def seed(repo: Repository, *, other_card: bool = True) -> tuple[str | None, str]:
    """Acme interviewed 40 days ago, rejected 35 days ago (its watch 5 days overdue) and
    archived, with its careers page; Globex, an interview today (due today) unless
    ``other_card`` is False. Returns Globex's card id and the watch's id."""
    clock.set_now(FIXED_NOW - timedelta(days=40))
    acme = repo.add_interview("Acme", "Site Reliability Engineer")
    clock.set_now(FIXED_NOW - timedelta(days=35))
    repo.reject(acme.card.id, TODAY - timedelta(days=35))
    repo.archive(acme.card.id)
    watch, _ = repo.watch("Acme", url="https://acme.example/careers")
    clock.set_now(FIXED_NOW)
    globex = repo.add_interview("Globex", "Data Engineer").card.id if other_card else None
    return globex, watch.id


async def open_review(pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


async def test_the_reminder_comes_after_the_cards_and_d_checks_it(repo: Repository) -> None:
    globex, watch = seed(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        assert screen.queue == [globex, WATCH + watch]
        await pilot.press("D")
        await settle(pilot)
        assert screen.reminder is not None and screen.reminder.watch.id == watch
        head = str(screen.query_one("#review-head").render())
        assert "Watch · Acme · watched since 26 Jan 2026 · 5d overdue" in head
        draft = str(screen.query_one("#draft").render())
        assert draft.startswith("Careers page: https://acme.example/careers")
        assert "Site Reliability Engineer: rejected 26 Jan 2026" in draft
        assert "Check openings at Acme  (5d overdue)" in str(
            screen.query_one("#actions").get_option_at_index(0).prompt
        )
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == "https://acme.example/careers"
        await pilot.press("d")
        await settle(pilot)
        stored = fresh(repo)
        assert stored.due_reminders() == []
        assert stored.find_watch("acme").checked == TODAY
        assert [e.type for e in stored.events()][-2:] == ["watch_checked", "review_finished"]
        assert stored.events()[-1].data["nothing_left_due"] is True
        summary = str(screen.query_one("#review-summary").render())
        assert "Review finished" in summary
        assert "2 done · 0 skipped · 0 snoozed across 1 card and 1 watched company" in summary


async def test_a_check_done_in_the_review_keeps_the_day_for_the_streak(repo: Repository) -> None:
    globex, watch = seed(repo)  # Globex stays due: the review ends with something left
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("n", "s", "3", "enter")  # a snooze is not a follow-up
        await settle(pilot)
        stored = fresh(repo)
        assert stored.find_watch("acme").snoozed == TODAY + timedelta(days=3)
        assert stored.events()[-1].data["nothing_left_due"] is False
        assert TODAY not in stored.kept_days()
    repo.undo()
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("n", "d")
        await settle(pilot)
        stored = fresh(repo)
        assert [e.type for e in stored.events()][-2:] == ["watch_checked", "review_finished"]
        assert stored.events()[-1].data["nothing_left_due"] is False  # Globex is still due
        assert TODAY in stored.kept_days()  # kept by the check itself
        assert screen.tally.done == 1 and screen.tally.watches == {watch}
        assert globex in [v.card.id for v in stored.snapshot().views()]


async def test_x_skips_the_reminder_with_a_reason_and_s_snoozes_it(repo: Repository) -> None:
    _, watch = seed(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("n")  # to the reminder
        await settle(pilot)
        assert screen.reminder is not None
        await pilot.press("s", "7", "enter")
        await settle(pilot)
        assert fresh(repo).find_watch("acme").snoozed == TODAY + timedelta(days=7)
        assert screen.tally.snoozed == 1
    repo.undo()
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("n", "x")
        await settle(pilot)
        await pilot.press(*"not looking now", "enter")
        await settle(pilot)
        stored = fresh(repo)
        event = [e for e in stored.events() if e.type == "watch_skipped"][-1]
        assert event.data == {"watch": watch, "company": "Acme", "reason": "not looking now"}
        assert stored.due_reminders() == []
        assert stored.find_watch("acme").checked == TODAY
        assert screen.tally.skipped == 1


async def test_a_reminder_checked_elsewhere_is_passed_over(repo: Repository) -> None:
    globex, watch = seed(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        fresh(repo).stop_watch(watch)  # another terminal stops it
        await pilot.press("n")
        await settle(pilot)
        assert screen.reminder is None and screen.queue == [globex]


def test_the_text_beside_the_reminder_and_the_summary_words() -> None:
    bare = Watch(id="w", company="Acme", started=TODAY, every=30, until=TODAY + timedelta(400))
    text = reminder_text(Reminder(bare, TODAY), {})
    assert text.startswith("No careers page saved: tracker watch Acme --url URL keeps one.")
    assert "Watched every 30 days until 6 Apr 2027." in text
    assert across(Tally(watches={"w"})) == "1 watched company"
    assert across(Tally(cards={"c"}, touches={"p"}, watches={"w", "v"})) == (
        "1 card, 1 check-in and 2 watched companies"
    )


async def test_capital_a_applies_again_from_the_reminder_and_checks_it(repo: Repository) -> None:
    """A found role: `A` on the reminder opens the new-interview form at that company
    (the apply-again form); saving logs an interview that follows the earlier one, and
    the reminder counts as checked, noting the role."""
    from tracker.ui.screens.dialogs import NewInterviewScreen

    _, watch = seed(repo, other_card=False)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        assert screen.queue == [WATCH + watch]
        assert "A starts a new interview there" in str(screen.query_one("#draft").render())
        await pilot.press("A")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewInterviewScreen)
        await pilot.press(*"Platform Engineer", "ctrl+s")
        await settle(pilot)
        stored = fresh(repo)
        new = [o for o in stored.snapshot().opportunities.values() if o.role == "Platform Engineer"]
        assert len(new) == 1 and new[0].company == "Acme"
        assert new[0].earlier == [stored.find_watch("acme").opportunities[0]]
        checked = stored.find_watch("acme")
        assert checked.checked == TODAY and checked.note == "applied again: Platform Engineer"
        assert stored.due_reminders() == []


async def test_capital_a_on_a_card_says_what_it_is_for(repo: Repository) -> None:
    seed(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_review(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)  # no form on a card
        assert any("watched company" in str(n.message) for n in app._notifications)

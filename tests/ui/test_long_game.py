"""The long game, the clock moving over 14 months (issue 16's proof).

An interview at Acme with Jane Doe → rejected, Pat Kim hired (the company is watched
from that day) → Jane's feedback → the comparison with Pat, one gap → two lessons made
with `L` in the card's detail, one from Jane's words and one from the gap → coffee with
Pat (the invitation goes to the person hired), its notes, the card done: Jane and Pat
are in the network → three check-ins done from the daily review (`r`, then `d`), each
past the 90-day cadence; the watch's "Check openings at Acme" checked from the review
too, until the watch ends a year after the rejection → at month 14, `p`, Jane, `n`: a
new interview at Acme, filled in with the company and offering Jane, linked to the
earlier one → `tracker prep Acme` shows the lessons and the earlier interview.

The cards' set-up goes through the repository (the board's own steps are walked in
test_walk_through.py); the lessons, the reviews and apply-again are keys, as a user
presses them. Each session is a day of its own; every store read goes through a
second ``Repository`` on the same files.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from textual.widgets import Input

from tracker import clock
from tracker.domain import streaks
from tracker.domain.capture import NewPerson
from tracker.domain.model import Role, Stage, State
from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.detail import CardDetailScreen
from tracker.ui.screens.dialogs import NewInterviewScreen
from tracker.ui.screens.lesson_from import LessonFromScreen
from tracker.ui.screens.people import PeopleScreen
from tracker.ui.screens.review import TOUCH, WATCH, ReviewScreen

from support import cli
from support.ui import make_app, settle

REJECTED = date(2026, 3, 10)
WATCH_ENDS = date(2027, 3, 10)
"""12 months (`[network] watch_for`, default) after the rejection."""


def fresh(repo: Repository) -> Repository:
    """A second repository on the same files, as another process would read them."""
    return Repository(repo.paths, repo.settings)


def on(day: date) -> None:
    clock.set_now(datetime(day.year, day.month, day.day, 10, 0, tzinfo=clock.now().tzinfo))


def sources(screen: LessonFromScreen) -> list[str]:
    listing = screen.query_one("#lesson-sources")
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def lesson_from(pilot: Any, source: int, text: str, theme: str) -> None:
    """`L` in the card detail shown: a new lesson from the source numbered ``source``."""
    await pilot.press("L")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, LessonFromScreen)
    assert [line.splitlines()[0] for line in sources(picker)] == [  # feedback, then the gap
        "1  feedback from Jane Doe, 2026-03-13: “Explain the trade-offs…",
        "2  gap (the hire had it): “Kubernetes in production”",
    ]
    await pilot.press(*["down"] * (source - 1), "enter")
    await settle(pilot)
    # Filled in rather than typed: a Pilot key press costs a frame each.
    picker.query_one("#lesson-text", Input).value = text
    await pilot.press("tab")
    theme_field = picker.query_one("#lesson-theme", Input)
    assert pilot.app.focused is theme_field
    theme_field.value = theme
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CardDetailScreen)


async def review_day(pilot: Any, expected: set[str]) -> ReviewScreen:
    """`r` on the board, then `d` on every check-in and reminder in the queue, which must
    be ``expected`` (no card is due); returns the finished review."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, BoardScreen)
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    assert set(screen.queue) == expected and len(screen.queue) == len(expected)
    kinds = [key.split(":")[0] + ":" for key in screen.queue]
    assert kinds == sorted(kinds, key=[TOUCH, WATCH].index)  # check-ins, then reminders
    for _ in expected:
        if screen.touch is not None:
            assert screen.queue[screen.index] == TOUCH + screen.touch.person.id
            label = f"Check in with {screen.touch.person.name}"
        else:
            assert screen.reminder is not None
            assert screen.queue[screen.index] == WATCH + screen.reminder.watch.id
            label = "Check openings at Acme"
        shown = str(screen.query_one("#actions").get_option_at_index(0).prompt)
        assert shown.startswith(label), shown
        await pilot.press("d")
        await settle(pilot)
    assert screen.finished
    summary = str(screen.query_one("#review-summary").render())
    assert summary.startswith("Review finished"), summary
    await pilot.press("q")
    await settle(pilot)
    assert isinstance(pilot.app.screen, BoardScreen)
    return screen


async def test_the_long_game_over_fourteen_months(
    repo: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    # Monday 2 March 2026: the interview at Acme, with Jane Doe.
    on(date(2026, 3, 2))
    view = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2026, 3, 2),
        people=[NewPerson("Jane Doe", Role.INTERVIEWER, "their Postgres migration")],
    )
    card, acme = view.card.id, view.opportunity.id
    (jane,) = view.people
    repo.close_items(card, [i.id for i in repo.find_card(card).card.open_items])

    # 10 March: the "no"; Pat Kim got the job. The company is watched from that day.
    on(REJECTED)
    repo.reject(card, REJECTED, hired="Pat Kim")
    (pat,) = repo.find_card(card).opportunity.people_with(Role.HIRED)
    (watch,) = fresh(repo).watches()
    assert (watch.company, watch.started, watch.every, watch.until) == (
        "Acme",
        REJECTED,
        30,
        WATCH_ENDS,
    )
    assert watch.opportunities == [acme]

    # 13 March: Jane's feedback, what she said; the rest of Feedback done.
    on(date(2026, 3, 13))
    repo.log_reply(card, jane, "Explain the trade-offs before the design.", done=True)
    repo.close_items(card, [i.id for i in repo.find_card(card).card.open_items])

    # 13 April: Monitor. The comparison with Pat, one gap; then two lessons made in the
    # card's detail with L: one from Jane's feedback, one from the gap.
    on(date(2026, 4, 13))
    repo.settle()
    assert repo.find_card(card).card.stage is Stage.MONITOR
    repo.compare(card, "8 years of SRE at a bank", ["Kubernetes in production"], "yes")
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        await pilot.press("l", "l")  # to the Monitor column, the only card on the board
        assert board.selected_id() == card
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen)
        await lesson_from(pilot, 1, "Explain trade-offs out loud", "system design")
        await lesson_from(pilot, 2, "Run Kubernetes in production", "kubernetes")
    repo.close_items(card, [i.id for i in repo.find_card(card).card.open_items])
    lessons = {v.lesson.text: v for v in fresh(repo).lessons()}
    assert sorted(lessons) == ["Explain trade-offs out loud", "Run Kubernetes in production"]
    said = lessons["Explain trade-offs out loud"]
    assert said.lesson.theme == "system design"
    assert [(s.who, s.company) for s in said.sources] == [("Jane Doe", "Acme")]
    gap = lessons["Run Kubernetes in production"]
    assert [s.text for s in gap.sources] == ["Kubernetes in production"]

    # June: Coffee. Pat says yes, they meet on the 18th, the notes and the thank-you:
    # the card is done, and Jane and Pat are in the network.
    on(date(2026, 6, 10))
    repo.settle()
    assert repo.find_card(card).card.stage is Stage.COFFEE
    repo.accept_coffee(card, pat, date(2026, 6, 18), "Happy to, Thursday?")
    coffee = date(2026, 6, 18)
    on(coffee)
    repo.met(card, pat, advice="Lead with the outcome", insights="They value on-call maturity")
    repo.close_items(card, [i.id for i in repo.find_card(card).card.open_items])
    stored = fresh(repo)
    assert stored.find_card(card, include_inactive=True).card.state is State.DONE
    assert stored.snapshot().people[jane].contacted == date(2026, 3, 13)  # her feedback
    assert {t.person.id: t.last_contact for t in stored.touches()} == {jane: coffee, pat: coffee}
    assert stored.due_touches() == []

    # Three check-ins done from the review, each past the 90-day cadence. The watch's
    # reminders (due every 30 days) are checked in the same reviews.
    kept: list[date] = []
    for day, expected in (
        (date(2026, 9, 21), {TOUCH + jane, TOUCH + pat, WATCH + watch.id}),  # +95 days
        (date(2026, 12, 28), {TOUCH + jane, TOUCH + pat, WATCH + watch.id}),  # +98 days
        # The last check before the watch ends: its next reminder would be after the end.
        (date(2027, 2, 15), {WATCH + watch.id}),
        (date(2027, 3, 30), {TOUCH + jane, TOUCH + pat}),  # +92 days; the watch has ended
    ):
        on(day)
        before = fresh(repo).snapshot().people[jane].contacted
        app = make_app(repo)
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await review_day(pilot, expected)
        stored = fresh(repo)
        touched = TOUCH + jane in expected
        assert stored.snapshot().people[jane].contacted == (day if touched else before)
        assert screen.tally.touches == ({jane, pat} if touched else set())
        checked = WATCH + watch.id in expected
        assert (stored.find_watch("acme").checked == day) is checked
        assert stored.due_touches() == [] and stored.due_reminders() == []
        assert day in stored.kept_days()  # the streak keeps the day
        # ... by the check-ins and checks themselves, not only by the review's end:
        events = [e for e in stored.events() if e.type != "review_finished"]
        assert day in streaks.kept_days(events)
        kept.append(day)
    stored = fresh(repo)
    assert [e.type for e in stored.events()].count("touch_done") == 6  # 3 each, Jane and Pat
    assert [e.data["person"] for e in stored.events() if e.type == "touch_done"].count(jane) == 3
    assert [e.type for e in stored.events()].count("watch_checked") == 3
    acme_watch = stored.find_watch("acme")
    assert acme_watch.checked == date(2027, 2, 15) and acme_watch.until == WATCH_ENDS
    assert acme_watch.state_words() == "ended"
    assert set(kept) <= stored.kept_days()

    # Month 14 (May 2027): no reminder any more. From the People screen, Jane at Acme, n:
    # a new interview there, filled in with Acme and offering the people known there.
    month14 = date(2027, 5, 3)
    on(month14)
    assert fresh(repo).due_reminders() == [] and fresh(repo).due_touches() == []
    people_before = len(fresh(repo).snapshot().people)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        for _ in range(6):
            if screen.current() == jane:
                break
            await pilot.press("j")
        assert screen.current() == jane
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewInterviewScreen)
        assert form.query_one("#company").value == "Acme"
        assert "Follows your earlier interview there: Backend Engineer (rejected)." in str(
            form.query_one("#demo-notice").render()
        )
        known = form.query_one("#known")
        offered = [str(known.get_option_at_index(i).prompt) for i in range(known.option_count)]
        assert offered == ["Jane Doe", "Pat Kim"]
        await pilot.press(*"Staff Engineer", "tab", "tab")  # the role; the day (today)
        assert app.focused is known
        await pilot.press("space")  # Jane, the first
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
    snap = fresh(repo).snapshot()
    (staff,) = [o for o in snap.opportunities.values() if o.role == "Staff Engineer"]
    assert staff.company == "Acme" and staff.interviews == [month14]
    assert staff.earlier == [acme]
    (staff_card,) = [c.id for c in snap.cards.values() if c.opportunity_id == staff.id]
    assert [(x.person_id, x.role) for x in staff.people] == [(jane, Role.INTERVIEWER)]
    assert len(snap.people) == people_before  # Jane's own record, not a second Jane
    assert fresh(repo).touch_of(jane) is None  # on a card on the board again

    # tracker prep Acme: the lessons to practise and the earlier interview there.
    page = cli.ok(capsys, "prep", "Acme").splitlines()
    assert page[:3] == [
        "Prep: Acme",
        f"Next interview: Staff Engineer on Mon 2027-05-03 (today), card {staff_card[:6]}, "
        "Thank-you.",
        "Earlier at Acme: Backend Engineer, interviewed Mon 2026-03-02, rejected.",
    ]
    for line in (
        "Lessons to practise (2)",
        "  [open] Run Kubernetes in production",
        "    the hire at Acme (Pat Kim) had it, 2026-04-13",
        "  [open] Explain trade-offs out loud",
        "    feedback said by Jane Doe at Acme, 2026-03-13",
        "Earlier interviews at Acme (1)",
        f"- Backend Engineer: Mon 2026-03-02; rejected on Tue 2026-03-10 (card {card[:6]}, done)",
        "      “Explain the trade-offs before the design.”",
    ):
        assert line in page, line

"""The streak badge, the stats screen and milestones on the board."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tracker import clock
from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.store.repo import Repository
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.stats import WEEKS, StatsScreen, month_labels

from support.ui import make_app, settle

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def keep_days(repo: Repository, days: int) -> str:
    """One follow-up action on each of the ``days`` days before Monday 2 March; returns a card id."""
    card = repo.add_interview(
        "Acme",
        "SRE",
        on=date(2026, 2, 1),
        people=[NewPerson(f"P{n}", Role.INTERVIEWER) for n in range(days)],
    )
    open_ids = [i.id for i in card.card.items if not i.optional]
    for n in range(days):
        clock.set_now(MONDAY - timedelta(days=days - n))
        repo.close_items(card.card.id, [open_ids[n]])
    clock.set_now(MONDAY)
    return card.card.id


def badge(app) -> tuple[str, set[str]]:  # type: ignore[no-untyped-def]
    widget = app.screen_stack[1].query_one("#streak-badge")
    return str(widget.render()), set(widget.classes)


async def test_badge_is_highlighted_when_the_streak_is_at_risk(repo: Repository) -> None:
    card_id = keep_days(repo, 4)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        text, classes = badge(app)
        assert text == "! streak 4 · best 4 · " + text.split(" · ")[-1]
        assert "-at-risk" in classes and "-kept" not in classes
        await pilot.press("j")  # the Acme card is the only one; space keeps today
        card = repo.find_card(card_id)
        assert card.card.open_items
        await pilot.press("space")
        await settle(pilot)
        text, classes = badge(app)
        assert text.startswith("streak 5 · best 5")
        assert "-at-risk" not in classes and "-kept" in classes


async def test_stats_screen_shows_streaks_score_heatmap_and_funnel(repo: Repository) -> None:
    keep_days(repo, 3)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        streaks = str(screen.query_one("#streaks").render())
        assert "Current streak 3 · best 3" in streaks and "act today" in streaks
        score = str(screen.query_one("#score").render())
        assert "Miss today and your score drops from" in score
        heat = str(screen.query_one("#heatmap").render()).splitlines()
        # Rows are Mon..Sun after the month header; columns are weeks, this week last.
        this_week, last_week = 4 + 51, 4 + 50
        fri, sat, sun = heat[5][last_week], heat[6][last_week], heat[7][last_week]
        assert (fri, sat, sun) == ("■", "■", "■")
        assert heat[4][last_week] == "·"  # Thursday: before the first kept day
        assert heat[1][this_week] == "?"  # today, not kept yet
        # Sunday 1 March is in last week's column: this month is named there.
        assert heat[0][last_week : last_week + 3] == "Mar"
        assert " ".join(heat[0].split()) == "Apr May Jun Jul Aug Sep Oct Nov Dec Jan Feb Mar"
        funnel = str(screen.query_one("#funnel").render())
        assert funnel.splitlines()[0].split()[:2] == ["Thank-you", "1"]
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_a_milestone_is_celebrated_once(repo: Repository) -> None:
    keep_days(repo, 2)
    repo.add_interview("Globex", "SRE", people=[NewPerson("Ana", Role.INTERVIEWER)])
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("space")  # keeps today: a 3-day streak
        await settle(pilot)
        board = app.screen_stack[1]
        board.reload()
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert sum("3 days in a row" in m for m in messages) == 1
    app2 = make_app(Repository(repo.paths, repo.settings))
    async with app2.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert not any("days in a row" in n.message for n in app2._notifications)


def _first_of_months(start: date, end: date) -> list[date]:
    """The 1st of every month from ``start`` up to ``end`` (exclusive)."""
    day, out = date(start.year, start.month, 1), []
    while day < end:
        if day >= start:
            out.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def _start(today: date) -> date:
    return today - timedelta(days=today.weekday(), weeks=WEEKS - 1)


def test_month_labels_on_the_tests_monday() -> None:
    start = _start(date(2026, 3, 2))
    assert start == date(2025, 3, 10)
    # March 2025 began before the first column and its name would touch April's: left out.
    assert month_labels(start) == [
        (3, "Apr"),
        (7, "May"),
        (11, "Jun"),
        (16, "Jul"),
        (20, "Aug"),
        (25, "Sep"),
        (29, "Oct"),
        (33, "Nov"),
        (38, "Dec"),
        (42, "Jan"),
        (46, "Feb"),
        (50, "Mar"),
    ]


def test_every_month_that_starts_in_the_52_weeks_is_named_at_its_week_without_overlaps() -> None:
    day = date(2025, 1, 1)
    while day < date(2028, 1, 1):  # three years of todays: every weekday, month and leap day
        start = _start(day)
        end = start + timedelta(weeks=WEEKS)
        labels = month_labels(start)
        expected = [
            ((first - start).days // 7, f"{first:%b}") for first in _first_of_months(start, end)
        ]
        assert [label for label in labels if label in expected] == expected, day
        # Besides those, at most the month under way in the first column.
        assert [label for label in labels if label not in expected] in ([], [(0, f"{start:%b}")])
        assert (((date(day.year, day.month, 1) - start).days // 7), f"{day:%b}") in labels
        for (col, name), (nxt, _) in zip(labels, labels[1:], strict=False):
            assert nxt >= col + len(name) + 1, (day, labels)
        assert all(0 <= col < WEEKS for col, _ in labels)
        day += timedelta(days=1)


async def test_status_line_says_a_review_keeps_a_day_with_nothing_due(repo: Repository) -> None:
    from tracker.domain.streaks import REVIEW_KEEPS_THE_DAY

    # Thank-yous done on Saturday, a reply on Sunday: the status check is ahead, nothing is due.
    clock.set_now(MONDAY - timedelta(days=3))
    view = repo.add_interview("Acme", "SRE", people=[NewPerson("Jane", Role.RECRUITER)])
    clock.set_now(MONDAY - timedelta(days=2))
    repo.close_items(view.card.id, [i.id for i in view.card.items if not i.optional])
    clock.set_now(MONDAY - timedelta(days=1))
    repo.log_reply(view.card.id, view.opportunity.people[0].person_id)
    clock.set_now(MONDAY)
    app = make_app(repo)
    async with app.run_test(size=(160, 36)) as pilot:
        await settle(pilot)
        status = str(app.screen_stack[1].query_one("#status-left").render())
        assert "0 due" in status and status.endswith(REVIEW_KEEPS_THE_DAY)
        text, _ = badge(app)
        assert text.startswith("! streak 2")
        await pilot.press("r")  # nothing to review: the review finishes and keeps the day
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        status = str(app.screen.query_one("#status-left").render())
        assert REVIEW_KEEPS_THE_DAY not in status
        text, classes = badge(app)
        assert text.startswith("streak 3") and "-kept" in classes

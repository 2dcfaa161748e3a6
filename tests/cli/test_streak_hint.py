"""When nothing is due and today is not kept, `tracker streak` says that a review keeps the day.

The clock is Monday 2026-03-02; a review finished with nothing left due keeps the day.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from tracker import clock
from tracker.domain.streaks import REVIEW_KEEPS_THE_DAY
from tracker.store.repo import NewPerson, Repository

from support import FIXED_NOW
from support.cli import ok


def kept_three_days_nothing_due(repo: Repository) -> None:
    """Thank-yous on Friday, replies on Saturday and Sunday; the status check is ahead."""
    clock.set_now(datetime(2026, 2, 27, 9, tzinfo=UTC))
    view = repo.add_interview("Acme", "SRE", people=[NewPerson("Jane")])
    repo.close_items(view.card.id, [i.id for i in view.card.items if not i.optional])
    person = view.opportunity.people[0].person_id
    for day in (date(2026, 2, 28), date(2026, 3, 1)):
        clock.set_now(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))
        repo.log_reply(view.card.id, person)
    clock.set_now(FIXED_NOW)


def test_streak_says_that_a_review_keeps_a_day_with_nothing_due(repo, capsys):
    kept_three_days_nothing_due(repo)
    assert ok(capsys, "due", "--count") == "0\n"
    out = ok(capsys, "streak")
    assert out.startswith("streak 3 · best 3 · ")
    assert out.endswith(f" · {REVIEW_KEEPS_THE_DAY}\n")
    assert out.count("\n") == 1


def test_scripts_get_only_what_they_asked_for(repo, capsys):
    kept_three_days_nothing_due(repo)
    assert ok(capsys, "streak", "--format", "{current}{today_ascii}") == "3!\n"
    assert "review" not in ok(capsys, "streak", "--json")
    assert json.loads(ok(capsys, "streak", "--json"))["today_kept"] is False


def test_no_hint_once_the_day_is_kept_or_something_is_due(repo, capsys):
    kept_three_days_nothing_due(repo)
    repo.finish_review(nothing_left_due=True, counts={})
    assert ok(capsys, "streak").startswith("streak 4 · best 4 · ")
    assert REVIEW_KEEPS_THE_DAY not in ok(capsys, "streak")
    clock.set_now(FIXED_NOW + timedelta(days=1))  # Tuesday: the card is still not due
    assert REVIEW_KEEPS_THE_DAY in ok(capsys, "streak")
    repo.add_interview("Globex", "SRE", on=date(2026, 3, 3))  # due today
    assert REVIEW_KEEPS_THE_DAY not in ok(capsys, "streak")


def test_a_snooze_that_ends_today_counts_as_due_and_nothing_is_written(repo, capsys):
    kept_three_days_nothing_due(repo)
    late = repo.add_interview("Globex", "SRE", on=date(2026, 2, 20)).card.id
    repo.snooze(late, date(2026, 3, 3))
    assert REVIEW_KEEPS_THE_DAY in ok(capsys, "streak")
    clock.set_now(FIXED_NOW + timedelta(days=1))  # the snooze ends: Globex is overdue again
    before = repo.paths.database.read_bytes()
    assert REVIEW_KEEPS_THE_DAY not in ok(capsys, "streak")
    assert repo.paths.database.read_bytes() == before

"""A change of rest days applies from the day it is made; past days keep the rules then.

June 2026: Monday 1 to Friday 5 kept, the weekend 6-7 missed, Monday 8 and Tuesday 9
kept; on Wednesday 10 the user adds `rest_days = ["sat", "sun"]` to the config.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tracker import clock, config, paths
from tracker.store.repo import NewPerson, Repository

from support.cli import ok

PLAIN = '[time]\ntimezone = "UTC"\n'
WEEKEND = PLAIN + '[streak]\nrest_days = ["sat", "sun"]\n'


def at(day: int) -> None:
    clock.set_now(datetime(2026, 6, day, 12, tzinfo=UTC))


def repo_with(home: Path, body: str) -> Repository:
    (home / "config.toml").write_text(body)
    where = paths.resolve()
    return Repository(where, config.load(where.config))


def keep(repo: Repository, *days: int) -> None:
    """A reply (a follow-up action) on each of ``days`` of June 2026."""
    at(days[0])
    view = repo.add_interview("Acme", "SRE", people=[NewPerson("Jane")])
    person = view.opportunity.people[0].person_id
    for day in days:
        at(day)
        repo.log_reply(view.card.id, person)


def streak(capsys: pytest.CaptureFixture[str]) -> tuple[int, int]:
    got = json.loads(ok(capsys, "streak", "--json"))
    return got["current"], got["best"]


def test_rest_days_added_later_do_not_rewrite_the_past(home, capsys):
    keep(repo_with(home, PLAIN), 1, 2, 3, 4, 5, 8, 9)
    at(10)
    assert streak(capsys) == (2, 5)
    repo_with(home, WEEKEND)
    database = paths.resolve().database
    before = database.read_bytes()
    assert streak(capsys) == (2, 5)  # was (7, 7): the new rest days applied to 6-7 June
    assert database.read_bytes() == before  # reading records nothing


def test_the_change_is_recorded_at_the_next_write_and_applies_from_then(home, capsys):
    keep(repo_with(home, PLAIN), 1, 2, 3, 4, 5, 8, 9)
    weekend = repo_with(home, WEEKEND)
    keep(weekend, 10, 11, 12)  # Wednesday to Friday; the next weekend is off
    at(15)
    assert streak(capsys) == (5, 5)
    # The next day the user drops the rest days again: 13-14 June keep the rules then.
    repo_with(home, PLAIN)
    at(16)
    assert streak(capsys) == (0, 5)  # Monday 15 was missed (no freeze banked)
    ok(capsys, "add", "Globex", "SRE")  # a write records the change from 16 June
    repo_with(home, WEEKEND)
    assert streak(capsys) == (0, 5)


def test_a_vacation_entered_for_past_days_still_applies(home, capsys):
    keep(repo_with(home, PLAIN), 1, 2, 3, 4, 5, 8, 9)
    repo_with(home, WEEKEND)
    at(10)
    ok(capsys, "vacation", "2026-06-06", "2026-06-07")
    assert streak(capsys) == (7, 7)


def test_rest_days_in_the_config_from_the_start_apply_to_every_day(home, capsys):
    keep(repo_with(home, WEEKEND), 1, 2, 3, 4, 5, 8, 9)
    at(10)
    assert streak(capsys) == (7, 7)


def test_the_history_goes_with_a_json_export(home, tmp_path, capsys):
    keep(repo_with(home, PLAIN), 1, 2, 3, 4, 5, 8, 9)
    keep(repo_with(home, WEEKEND), 10)
    at(15)
    out = tmp_path / "all.json"
    ok(capsys, "export", "--format", "json", "--out", str(out))
    assert json.loads(out.read_text())["tables"]["rest_days"]["history"]["changes"] == [
        {"from": "2026-06-01", "days": []},
        {"from": "2026-06-10", "days": ["sat", "sun"]},
    ]

"""Every outcome's day follows one rule: not before the last interview, not after today.

The clock is Monday 2026-03-16 here; the interview was Monday 2026-03-09.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tracker import clock

from support.cli import fails, ok

OUTCOMES = ("reject", "ghosted", "offer", "withdraw")


@pytest.fixture(autouse=True)
def _a_week_after_the_interview(capsys: pytest.CaptureFixture[str]) -> None:
    clock.set_now(datetime(2026, 3, 16, 10, tzinfo=UTC))
    ok(capsys, "add", "Acme", "Engineer", "--on", "2026-03-09", "--with", "Jane:hiring_manager")


def _outcome(capsys: pytest.CaptureFixture[str]) -> str:
    return str(json.loads(ok(capsys, "show", "acme", "--json"))["outcome"])


@pytest.mark.parametrize("command", OUTCOMES)
def test_an_outcome_before_the_interview_is_refused(capsys, command):
    err = fails(capsys, command, "acme", "--on", "2026-01-01")
    assert "2026-01-01 is before the interview on 2026-03-09" in err
    assert _outcome(capsys) == "pending"


@pytest.mark.parametrize("command", OUTCOMES)
@pytest.mark.parametrize("day", ["+1m", "tomorrow", "2027-01-01"])
def test_an_outcome_after_today_is_refused(capsys, command, day):
    err = fails(capsys, command, "acme", "--on", day)
    assert "is after today (2026-03-16)" in err
    assert _outcome(capsys) == "pending"


@pytest.mark.parametrize("command", OUTCOMES)
@pytest.mark.parametrize("day", ["2026-03-09", "today"])
def test_an_outcome_from_the_interview_day_to_today_is_accepted(capsys, command, day):
    ok(capsys, command, "acme", "--on", day)
    assert _outcome(capsys) != "pending"

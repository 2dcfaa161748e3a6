"""The prompt path: `tracker due --count`, `tracker streak` and `--version` from the summary.

Every commit writes ``prompt.json`` (tracker/store/prompt.py); tracker/cli/prompt.py
answers from it without the parser or the store. Each check here runs a command
twice, once answered from the summary and once by the full command with the summary
moved aside, and wants the same bytes and exit status, across homes, days (the clock
is moved with ``clock.set_now``), rest days, snoozes, time zones and day starts.
A summary that is not current must not answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_cli_imports import CHILD

from tracker import clock, config, paths
from tracker.cli import prompt
from tracker.store.database import Database
from tracker.store.repo import NewPerson, Repository

from support import FIXED_NOW, ROOT
from support.cli import ok, run

STREAK_COMMANDS = [
    ("due", "--count"),
    ("streak",),
    ("streak", "--json"),
    (
        "streak",
        "--format",
        "{today}{today_ascii} {current}/{best} {score} {freezes} {days_until_break}",
    ),
    ("streak", "--format={current:>4}|{score:<5}|"),
    ("--home", "HOME", "streak"),
    ("due", "--count", "--home=HOME"),
]


def make_repo(home: Path) -> Repository:
    where = paths.resolve(home)
    return Repository(where, config.load(where.config))


def files(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()} if home.exists() else {}


def answers(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> tuple[int, str, str]:
    """What the summary answers for ``argv``; fails when it does not answer."""
    words = [
        home.as_posix() if word == "HOME" else word.replace("HOME", str(home)) for word in argv
    ]
    capsys.readouterr()
    code = prompt.answer(words)
    out, err = capsys.readouterr()
    assert code is not None, f"the summary did not answer {argv}"
    return code, out, err


def full(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> tuple[int, str, str]:
    """What the full command prints for ``argv``, the summary moved aside (and put back)."""
    words = [word.replace("HOME", str(home)) for word in argv]
    summary = home / paths.PROMPT
    aside = home.parent / "prompt.aside"
    if summary.exists():
        summary.rename(aside)
    try:
        return run(capsys, *words)
    finally:
        if aside.exists():
            aside.rename(summary)


def same(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> str:
    """Both paths print the same bytes with the same status, and neither writes."""
    before = files(home)
    quick = answers(capsys, home, *argv)
    assert files(home) == before, "the fast path wrote"
    slow = full(capsys, home, *argv)
    assert files(home) == before, "the full command wrote"
    assert quick == slow, argv
    return quick[1]


def all_same(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    for argv in STREAK_COMMANDS:
        same(capsys, home, *argv)


def at(day: datetime) -> None:
    clock.set_now(day)


@pytest.fixture
def busy(home: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A home with cards due, late, ahead, snoozed until tomorrow and finished, and a
    streak kept on the three days before today."""
    repo = make_repo(home)
    view = repo.add_interview("Kept Co", "Engineer", people=[NewPerson("Ann Bee")])
    person = view.opportunity.people[0].person_id
    for back in (3, 2, 1):
        at(FIXED_NOW - timedelta(days=back) + timedelta(hours=2))
        repo.log_reply(view.card.id, person)
    at(FIXED_NOW)  # the summary covers the 14 days from the last commit's
    ok(capsys, "add", "Late Co", "Engineer", "--on", "-6d", "--with", "Jane Doe")
    ok(capsys, "add", "Today Co", "Engineer", "--with", "Sam Lee")
    ok(capsys, "add", "Ahead Co", "Engineer", "--on", "+4d")
    ok(capsys, "add", "Snoozed Co", "Engineer", "--on", "-5d")
    ok(capsys, "snooze", "snoozed", "tomorrow")
    ok(capsys, "add", "Offer Co", "Engineer", "--on", "-5d")
    ok(capsys, "offer", "offer co")
    ok(capsys, "list")  # a read: the last commit above wrote the summary
    assert (home / paths.PROMPT).exists()
    return home


# --- the same bytes --------------------------------------------------------------------


def test_busy_home_over_two_weeks(busy, capsys):
    """Today, tomorrow (the snooze ends), the day the ahead card comes due, and the
    last day the summary covers; each at 10:00 and just after the 04:00 day start."""
    for days in (0, 1, 2, 4, 5, 13):
        for hour in (10, 4):
            at(FIXED_NOW.replace(hour=hour) + timedelta(days=days))
            all_same(capsys, busy)


def test_the_counts_move_with_the_days(busy, capsys):
    """The summary is not one answer for every day: the snooze ends tomorrow."""
    today = same(capsys, busy, "due", "--count")
    at(FIXED_NOW + timedelta(days=1))
    tomorrow = same(capsys, busy, "due", "--count")
    assert int(tomorrow) == int(today) + 1


def test_before_the_day_start_it_is_still_yesterday(busy, capsys):
    """03:59 on Tuesday is Monday (day_start 04:00); 04:00 is Tuesday."""
    at(datetime(2026, 3, 3, 3, 59, 59, 999_999, tzinfo=UTC))
    monday = same(capsys, busy, "streak", "--json")
    assert json.loads(monday)["today"] == "2026-03-02"
    at(datetime(2026, 3, 3, 4, 0, tzinfo=UTC))
    assert json.loads(same(capsys, busy, "streak", "--json"))["today"] == "2026-03-03"
    all_same(capsys, busy)


def test_day_start_after_midnight_in_a_zone_that_changes_its_clocks(home, capsys):
    """Europe/Berlin moves to summer time at 02:00 on Sunday 29 March 2026; the day
    starts at 02:30, an hour that does not exist that night."""
    (home / "config.toml").write_text(
        '[time]\ntimezone = "Europe/Berlin"\nday_start = "02:30"\n[streak]\nrest_days = ["sun"]\n'
    )
    at(datetime(2026, 3, 26, 12, 0, tzinfo=UTC))
    ok(capsys, "add", "Berlin Co", "Engineer", "--on", "-2d")
    for when in (
        datetime(2026, 3, 28, 23, 0, tzinfo=UTC),  # Sun 00:00 CET: still Saturday
        datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # 01:59 CET
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 03:00 CEST: Sunday, a rest day
        datetime(2026, 3, 29, 1, 29, tzinfo=UTC),
        datetime(2026, 3, 30, 0, 29, 59, tzinfo=UTC),  # Mon 02:29 CEST: still Sunday
        datetime(2026, 3, 30, 0, 30, tzinfo=UTC),  # Mon 02:30 CEST
    ):
        at(when)
        all_same(capsys, home)


def test_rest_days_and_vacations(home, capsys):
    (home / "config.toml").write_text(
        '[time]\ntimezone = "UTC"\nday_start = "04:00"\n[streak]\nrest_days = ["sat", "sun"]\n'
    )
    ok(capsys, "add", "Rest Co", "Engineer", "--on", "-1d")
    ok(capsys, "vacation", "2026-03-10", "2026-03-11")
    for days in range(0, 13):
        at(FIXED_NOW + timedelta(days=days))
        all_same(capsys, home)


def test_nothing_due_suggests_the_review(home, capsys):
    """The default line's hint (nothing due, cards on the board, today pending)."""
    ok(capsys, "add", "Ahead Co", "Engineer", "--on", "+5d")
    ok(capsys, "done", "ahead", "all")
    line = same(capsys, home, "streak")
    at(FIXED_NOW + timedelta(days=1))
    same(capsys, home, "streak")
    assert line


# --- when the summary must not answer ----------------------------------------------------


def test_no_home_and_an_empty_home_are_left_to_the_full_command(home, tmp_path, capsys):
    missing = tmp_path / "nowhere"
    for argv in (("due", "--count"), ("streak",)):
        assert prompt.answer(["--home", str(missing), *argv]) is None
        assert prompt.answer(list(argv)) is None  # only config.toml: no summary yet
        assert run(capsys, "--home", str(missing), *argv)[0] == 0
    assert not missing.exists()


def test_a_changed_config_makes_it_stale(busy, capsys):
    config_file = busy / "config.toml"
    config_file.write_text(config_file.read_text() + '[streak]\nrest_days = ["mon"]\n')
    assert prompt.answer(["streak"]) is None
    assert ok(capsys, "streak")
    config_file.unlink()
    assert prompt.answer(["due", "--count"]) is None


def test_a_hand_edit_or_an_older_tracker_makes_it_stale(busy, capsys):
    state = busy / "tracker.json"
    data = json.loads(state.read_text())
    state.write_text(json.dumps(data))  # the same data, written by something else
    assert prompt.answer(["due", "--count"]) is None
    assert prompt.answer(["streak"]) is None
    # A commit by a tracker that writes no summary (an older one) leaves it stale too.
    ok(capsys, "add", "Fresh Co", "Engineer")
    assert prompt.answer(["streak"]) is not None
    with Database(paths.resolve(busy)).transaction() as txn:
        txn.append_event(
            {"id": "e-old", "type": "note", "at": "2026-03-02T10:00:00Z", "day": "2026-03-02"}
        )
    assert prompt.answer(["due", "--count"]) is None
    assert prompt.answer(["streak"]) is None


def test_a_damaged_or_foreign_summary_is_ignored(busy, capsys):
    summary = busy / paths.PROMPT
    good = summary.read_bytes()
    for bad in (b"", good[: len(good) // 2], b"[]", good.replace(b'"format":1', b'"format":2')):
        summary.write_bytes(bad)
        assert prompt.answer(["streak"]) is None
        assert prompt.answer(["due", "--count"]) is None
    summary.unlink()
    assert ok(capsys, "due", "--count")
    assert not summary.exists()  # reads never write it back; the next commit does
    ok(capsys, "add", "Next Co", "Engineer")
    assert summary.exists()


def test_days_outside_the_summary_and_odd_clocks_are_left_to_the_full_command(busy, monkeypatch):
    for when in (FIXED_NOW - timedelta(days=2), FIXED_NOW + timedelta(days=15)):
        at(when)
        assert prompt.answer(["due", "--count"]) is None
    clock.set_now(None)
    monkeypatch.setenv("TRACKER_NOW", "not a date")
    assert prompt.answer(["streak"]) is None
    monkeypatch.setenv("TRACKER_NOW", FIXED_NOW.isoformat())
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # the zone a config without one would take
    assert prompt.answer(["streak"]) is None


@pytest.mark.parametrize(
    "argv",
    [
        ["due"],
        ["due", "--json"],
        ["due", "--count", "--json"],
        ["streak", "--format", "{nope}"],
        ["streak", "--format", "{current:>999}"],
        ["streak", "--format", "{current.real}"],
        ["streak", "--format", "a\x1bb"],
        ["streak", "--format", "-x"],
        ["streak", "--json", "--format", "{current}"],
        ["streak", "--debug"],
        ["streak", "--hom", "x"],
        ["--home", "--count", "due"],
        ["list"],
        ["--version", "--help"],
    ],
)
def test_other_words_are_left_to_the_full_command(busy, argv):
    assert prompt.answer(argv) is None


def test_version_needs_nothing(capsys):
    assert run(capsys, "--version") == (0, f"tracker {tracker_version()}\n", "")


def tracker_version() -> str:
    from tracker import __version__

    return __version__


def test_the_summary_is_no_data(busy, capsys):
    """Not backed up, not exported; doctor is content with it."""
    ok(capsys, "backup")
    backups = list((busy / "backups").rglob("*"))
    assert backups and not [p for p in backups if p.name == paths.PROMPT]
    exported = ok(capsys, "export")
    assert '"offsets"' not in exported and '"covers"' not in exported
    busy.chmod(0o700)  # doctor's own rule for a home, unrelated to the summary
    code, out, err = run(capsys, "doctor")
    assert code == 0, out + err


# --- what the fast path loads ---------------------------------------------------------------


@pytest.mark.parametrize(
    "argv", [["due", "--count"], ["streak"], ["streak", "--json"], ["--version"]]
)
def test_the_fast_path_loads_no_parser_store_or_domain(busy, argv):
    env = dict(os.environ, TRACKER_HOME=str(busy), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(argv)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    loaded = [
        name
        for name in report["modules"]
        if name.split(".")[0] in ("tinydb", "textual", "rich", "pendulum", "argparse", "msgspec")
        or name.startswith(
            ("tracker.domain", "tracker.store", "tracker.cli.dispatch", "tracker.config")
        )
    ]
    assert loaded == []
    assert "tracker.cli.prompt" in report["modules"]

"""Watching a company from the command line: `tracker watch` (start, change, stop,
--checked, --skip, --snooze), `tracker watches`, the reminders in `tracker due` and in the
prompt summary's count; bad input is one sentence and writes nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from test_prompt import all_same

from tracker import clock, config, paths
from tracker.store.repo import Repository

from support import FIXED_NOW
from support.cli import fails, ok


def fresh(home: Path) -> Repository:
    return Repository(paths.resolve(home), config.load(home / "config.toml"))


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def later(days: int) -> None:
    clock.set_now(FIXED_NOW + timedelta(days=days))


def test_a_rejection_says_the_company_is_watched_and_watches_lists_it(home, capsys):
    ok(capsys, "add", "Acme", "SRE")
    out = ok(capsys, "reject", "acme")
    assert out.splitlines()[-1] == (
        "Watching Acme for new roles: check their openings every 30 days until "
        "Tue 2027-03-02 (`tracker watch Acme --stop` stops it)."
    )
    before = files(home)
    assert (
        ok(capsys, "watches") == "Acme: every 30d until Tue 2027-03-02, next check Wed 2026-04-01\n"
    )
    (shape,) = json.loads(ok(capsys, "watches", "--json"))
    assert (shape["company"], shape["state"], shape["every"], shape["until"]) == (
        "Acme",
        "running",
        30,
        "2027-03-02",
    )
    assert shape["next"]["due_on"] == "2026-04-01"
    assert shape["opportunities"] == [fresh(home).find_card("acme").opportunity.id]
    assert ok(capsys, "watches", "--due") == (
        "No company's openings are due for a check today (Mon 2026-03-02).\n"
    )
    assert files(home) == before  # reads do not write


def test_a_ghosting_is_watched_and_an_offer_is_not(home, capsys):
    ok(capsys, "add", "Acme", "SRE")
    ok(capsys, "add", "Globex", "SRE")
    assert "Watching Acme" in ok(capsys, "ghosted", "acme")
    assert "Watching" not in ok(capsys, "offer", "globex")
    assert [w["company"] for w in json.loads(ok(capsys, "watches", "--json"))] == ["Acme"]


def test_reminders_appear_in_due_and_in_the_prompt_count(home, capsys):
    ok(capsys, "add", "Acme", "SRE")
    ok(capsys, "reject", "acme")
    later(25)  # the summary covers 14 days from its commit
    ok(capsys, "watch", "acme", "--url", "https://acme.example/careers")
    for day in (25, 29, 30, 31):
        later(day)
        all_same(capsys, home)  # `due --count` from the summary = the full command
    later(30)
    out = ok(capsys, "due")
    assert (
        "Check openings (companies you watch)\n"
        "          today                      Check openings at Acme https://acme.example/careers\n"
    ) in out
    assert ok(capsys, "due", "--count") == "2\n"  # the card's thank-you is due too
    (reminder,) = [x for x in json.loads(ok(capsys, "due", "--json")) if x.get("kind") == "watch"]
    assert (reminder["company"], reminder["url"], reminder["days_overdue"]) == (
        "Acme",
        "https://acme.example/careers",
        0,
    )
    assert ok(capsys, "watches", "--due").startswith("Acme: every 30d until")


def test_checked_skip_and_snooze_move_the_next_reminder(home, capsys):
    ok(capsys, "add", "Acme", "SRE")
    ok(capsys, "reject", "acme")
    later(32)
    assert ok(capsys, "watch", "ACME", "--checked", "--note", "two roles") == (
        "Checked the openings at Acme (note kept); next check Sun 2026-05-03.\n"
    )
    assert fresh(home).find_watch("acme").note == "two roles"
    assert fresh(home).kept_days() >= {FIXED_NOW.date() + timedelta(days=32)}
    later(62)
    assert ok(capsys, "watch", "acme", "--skip", "on holiday") == (
        "Skipped this check of Acme; next check Tue 2026-06-02.\n"
    )
    later(92)
    assert ok(capsys, "watch", "acme", "--snooze", "+5d") == (
        "The check of Acme waits until Sun 2026-06-07.\n"
    )
    assert "check due" not in ok(capsys, "watches")
    shape = json.loads(ok(capsys, "watch", "acme", "--snooze", "+6d", "--json"))
    assert (shape["snoozed"], shape["next"]["due_on"]) == ("2026-06-08", "2026-06-08")
    ok(capsys, "undo")
    assert ok(capsys, "undo") == "Undid: the snooze of the check of Acme's openings.\n"
    assert "check due today" in ok(capsys, "watches")


def test_start_change_and_stop_by_hand(home, capsys):
    ok(capsys, "add", "Acme", "SRE")
    assert ok(capsys, "watch", "acme", "--every", "2w", "--until", "2026-09-01") == (
        "Watching Acme: check their openings every 14 days until Tue 2026-09-01; "
        "next check Mon 2026-03-16.\n"
    )
    out = ok(capsys, "watch", "Acme", "--url", "https://acme.example/jobs")
    assert out.startswith("Changed the watch of Acme") and "Careers page: https://" in out
    before = files(home)
    assert ok(capsys, "watch", "acme").startswith("Already watching Acme")
    assert files(home) == before
    shape = json.loads(ok(capsys, "watch", "acme", "--json"))
    assert (shape["url"], shape["every"]) == ("https://acme.example/jobs", 14)
    assert ok(capsys, "watch", "acme", "--stop").startswith("Stopped watching Acme;")
    assert ok(capsys, "watches") == "Acme: stopped · https://acme.example/jobs\n"
    assert "you stopped watching Acme" in fails(capsys, "watch", "acme", "--checked")
    assert ok(capsys, "watch", "acme").startswith("Watching Acme: check their openings every 30")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["watch", "Globex"], "no interview at 'Globex' is on record"),
        (["watch", "Globex", "--checked"], "you are not watching 'Globex'"),
        (["watch", "Globex", "--stop"], "you are not watching 'Globex'"),
        (["watch", "acme", "--every", "0d"], "use days or weeks, like 30d, 4w or 30"),
        (["watch", "acme", "--every", "monthly"], "use days or weeks, like 30d, 4w or 30"),
        (["watch", "acme", "--url", "acme.example"], "not a web address"),
        (["watch", "acme", "--url", "https://a.example/\x1b[2J"], "control characters"),
        (["watch", "acme", "--until", "yesterday"], "after today"),
        (["watch", "acme", "--until", "soonish"], "--until"),
        (["watch", "acme", "--stop", "--every", "30d"], "--stop goes alone"),
        (["watch", "acme", "--checked", "--skip", "busy"], "choose one of"),
        (["watch", "acme", "--checked", "--every", "30d"], "in another command"),
        (["watch", "acme", "--note", "hi"], "--note goes with --checked"),
        (["watch", "acme", "--skip", "  "], "say why"),
        (["watch", "acme", "--snooze", "today"], "after today"),
    ],
)
def test_bad_input_is_one_sentence_and_writes_nothing(home, capsys, argv, words):
    ok(capsys, "add", "Acme", "SRE")
    ok(capsys, "reject", "acme")
    before = files(home)
    err = fails(capsys, *argv)
    assert words in err and "\x1b" not in err
    assert files(home) == before


def test_the_config_keys_are_strict_and_shown(home, capsys):
    assert "network.watch_every = 30 (days between checks" in ok(capsys, "config")
    for key, bad in (("watch_every", "-1"), ("watch_every", '"soon"'), ("watch_for", "121")):
        (home / "config.toml").write_text(f'[time]\ntimezone = "UTC"\n[network]\n{key} = {bad}\n')
        assert f"network.{key}" in fails(capsys, "due")
    (home / "config.toml").write_text('[time]\ntimezone = "UTC"\n[network]\nwatch_for = 0\n')
    assert "no company is watched after a rejection" in ok(capsys, "config")
    ok(capsys, "add", "Acme", "SRE")
    assert "Watching" not in ok(capsys, "reject", "acme")
    # A watch started by hand still runs, for the built-in 12 months.
    assert "until Tue 2027-03-02" in ok(capsys, "watch", "acme")

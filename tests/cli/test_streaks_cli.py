"""`tracker streak` and `tracker vacation`, run in-process, plus the `[streak]` config section.

The clock is fixed at Monday 2026-03-02 10:00 UTC (conftest); actions on
earlier days are logged by moving the clock.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from test_cli_imports import _heavy, _imported

from tracker import clock, config, paths
from tracker.domain.streaks import MULTIPLIER
from tracker.store import streak_store
from tracker.store.repo import NewPerson, Repository

from support.cli import fails as one_line_failure
from support.cli import ok, run

KNOWN = "{current}, {best}, {score}, {freezes}, {days_until_break}, {today}, {today_ascii}"


def fails(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 1) -> str:
    """A command that must fail: one `tracker:` sentence (ending in a full stop) on stderr."""
    err = one_line_failure(capsys, *argv, code=code)
    assert err.endswith(".\n"), err
    return err


def keep_days(repo: Repository, *offsets: int) -> None:
    """Log a reply on each day ``2026-03-02 + offset`` (at 12:00 UTC), then restore the clock."""
    clock.set_now(datetime(2026, 2, 1, 9, 0, tzinfo=UTC))
    view = repo.add_interview("Acme", "Engineer", people=[NewPerson("Jane Doe")])
    person = view.opportunity.people[0].person_id
    for offset in offsets:
        clock.set_now(datetime(2026, 3, 2, 12, 0, tzinfo=UTC) + timedelta(days=offset))
        repo.log_reply(view.card.id, person)
    clock.set_now(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))


# --- tracker streak --------------------------------------------------------------------


def test_streak_with_no_history(capsys):
    assert ok(capsys, "streak") == "streak 0 · best 0 · 0%\n"


def test_streak_line(repo, capsys):
    keep_days(repo, -5, -4, -3, -2, -1)
    score = round((1 - MULTIPLIER**5) * 100)
    assert ok(capsys, "streak") == f"streak 5 · best 5 · {score}%\n"
    keep_days(repo, 0)
    assert ok(capsys, "streak") == f"streak 6 · best 6 · {round((1 - MULTIPLIER**6) * 100)}%\n"


def test_streak_format_placeholders(repo, capsys):
    keep_days(repo, *range(-8, 0))  # 8 kept days up to yesterday: one freeze
    out = ok(
        capsys,
        "streak",
        "--format",
        "{today}{today_ascii} {current}/{best} f{freezes} d{days_until_break} {score} {{x}}",
    )
    score = round((1 - MULTIPLIER**8) * 100)
    assert out == f"·- 8/8 f1 d1 {score}% {{x}}\n"
    keep_days(repo, 0)
    assert ok(capsys, "streak", "--format", "{today}{today_ascii} {current:>3}") == "✓+   9\n"


def test_streak_format_marks_a_streak_at_risk(repo, capsys):
    keep_days(repo, -2, -1)
    assert ok(capsys, "streak", "--format", "{today_ascii}{today} {days_until_break}") == "!! 0\n"


def test_streak_json(repo, capsys):
    keep_days(repo, -2, -1, 0)
    got = json.loads(ok(capsys, "streak", "--json"))
    assert got["current"] == 3 and got["best"] == 3
    assert got["today_kept"] is True
    assert got["days_until_break"] == 1
    assert got["freezes"] == 0
    assert got["score"] == pytest.approx(1 - MULTIPLIER**3, abs=1e-4)
    assert 0 <= got["score"] <= 1
    assert got["milestone"] == 3
    assert got["today"] == "2026-03-02"
    assert got["at_risk"] is False


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("{streak}", "unknown placeholder {streak}"),
        ("{}", "unknown placeholder {}"),
        ("{0}", "unknown placeholder {0}"),
        ("streak {current", "unmatched brace"),
        ("streak }", "unmatched brace"),
        ("{score:d}", "cannot be filled in"),
    ],
)
def test_a_bad_format_is_one_sentence(capsys, template, words):
    err = fails(capsys, "streak", "--format", template)
    assert words in err
    if "unknown placeholder" in words:
        assert KNOWN in err


@pytest.mark.parametrize(
    "template",
    [
        "{current:>99999999}",
        "{score:^201}",
        "{best:0>100000}",
        "x{today:.9999}",
        "{current:{best}}",
    ],
)
def test_a_format_wider_than_200_is_refused_before_anything_is_printed(capsys, template):
    err = fails(capsys, "streak", "--format", template)
    assert "200" in err


def test_a_format_up_to_200_wide_is_printed(capsys):
    out = ok(capsys, "streak", "--format", "[{current:>200}]")
    assert out == "[" + " " * 199 + "0]\n"


def test_streak_reports_a_bad_config_in_one_sentence(home, capsys):
    (home / "config.toml").write_text('[streak]\nrest_days = ["sat", "funday"]\n')
    err = fails(capsys, "streak")
    assert "streak.rest_days" in err and str(home / "config.toml") in err and "'funday'" in err


# --- tracker vacation ------------------------------------------------------------------


def test_vacation_echoes_the_resolved_dates_and_lists_them(repo, capsys):
    assert ok(capsys, "vacation").startswith("No vacations.")
    out = ok(capsys, "vacation", "tomorrow", "fri")
    assert out == (
        "Vacation Tue 2026-03-03 to Fri 2026-03-06 (4 days): those days neither break nor extend your streak.\n"
    )
    assert ok(capsys, "vacation", "2026-07-01") == (
        "Vacation Wed 2026-07-01 (1 day): those days neither break nor extend your streak.\n"
    )
    assert ok(capsys, "vacation", "--", "-3d", "yesterday").startswith(
        "Vacation Fri 2026-02-27 to Sun 2026-03-01 "
    )
    assert ok(capsys, "vacation") == (
        "Fri 2026-02-27 to Sun 2026-03-01 (3 days)\n"
        "Tue 2026-03-03 to Fri 2026-03-06 (4 days)\n"
        "Wed 2026-07-01 (1 day)\n"
    )
    assert streak_store.vacations(repo) == (
        (date(2026, 2, 27), date(2026, 3, 1)),
        (date(2026, 3, 3), date(2026, 3, 6)),
        (date(2026, 7, 1), date(2026, 7, 1)),
    )


def test_a_vacation_keeps_the_streak(repo, capsys):
    keep_days(repo, -6, -5, -4)  # Tue-Thu; nothing on Fri, Sat, Sun
    assert ok(capsys, "streak", "--format", "{current}") == "0\n"
    ok(capsys, "vacation", "last fri", "yesterday")
    assert ok(capsys, "streak", "--format", "{current} {today_ascii}") == "3 !\n"


def test_vacation_clear(repo, capsys):
    ok(capsys, "vacation", "tomorrow", "+3d")
    ok(capsys, "vacation", "+2w", "+3w")
    assert ok(capsys, "vacation", "--clear") == "Cleared 2 vacations.\n"
    assert ok(capsys, "vacation").startswith("No vacations.")
    assert ok(capsys, "vacation", "--clear") == "There were no vacations to clear.\n"


def test_vacation_end_before_start(repo, capsys):
    # A bare weekday is the next one: "mon" is 9 March, after "fri" (6 March).
    err = fails(capsys, "vacation", "mon", "fri")
    assert "END (Fri 2026-03-06) is before START (Mon 2026-03-09)" in err
    assert streak_store.vacations(repo) == ()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["vacation", "someday", "fri"], "START: 'someday' is not a date"),
        (["vacation", "today", "2026-02-30"], "END: '2026-02-30' is not a real date"),
        (["vacation", "today", "fri", "--clear"], "either --clear or the dates"),
    ],
)
def test_vacation_bad_input(repo, capsys, argv, words):
    err = fails(capsys, *argv)
    assert words in err
    assert streak_store.vacations(repo) == ()


def test_vacation_extra_argument_is_a_usage_error(capsys):
    got, out, err = run(capsys, "vacation", "today", "fri", "sun")
    assert got == 2 and out == "" and err.startswith("tracker: ") and err.count("\n") == 1


# --- config ------------------------------------------------------------------------------


def _config(home: Path, body: str) -> config.Settings:
    (home / "config.toml").write_text(body)
    return config.load(home / "config.toml")


def test_rest_days_in_the_config(home):
    got = _config(
        home, '[time]\ntimezone = "UTC"\n[streak]\nrest_days = ["Sat", "sunday", "sat"]\n'
    )
    assert got.rest_weekdays == {5, 6}
    assert _config(home, "[streak]\nrest_days = []\n").rest_weekdays == frozenset()
    assert _config(home, '[time]\ntimezone = "UTC"\n').rest_weekdays == frozenset()


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ('"sat"', "must be a list of weekdays"),
        ('["sat", "funday"]', "has 'funday', which is not a weekday"),
        ("[6]", "has 6, which is not a weekday"),
        ('["mon", "tue", "wed", "thu", "fri", "sat", "sun"]', "names all seven days"),
    ],
)
def test_bad_rest_days_name_the_key_and_the_file(home, value, words):
    with pytest.raises(config.ConfigError) as caught:
        _config(home, f"[streak]\nrest_days = {value}\n")
    text = str(caught.value)
    assert text.startswith("streak.rest_days in ") and str(home / "config.toml") in text
    assert words in text
    assert text.endswith(".") and "\n" not in text


def test_unknown_streak_key(home):
    with pytest.raises(config.ConfigError, match="unknown key streak.rest in"):
        _config(home, '[streak]\nrest = ["sat"]\n')


def test_current_status_uses_the_config_rest_days(home, capsys):
    (home / "config.toml").write_text(
        '[time]\ntimezone = "UTC"\n[streak]\nrest_days = ["sat", "sun"]\n'
    )
    repo = Repository(paths.resolve(), config.load(home / "config.toml"))
    keep_days(repo, -5, -4, -3)  # Wed-Fri; the weekend is off
    assert ok(capsys, "streak", "--format", "{current}") == "3\n"


# --- the quick path stays light ---------------------------------------------------------


@pytest.mark.parametrize("argv", [["streak"], ["streak", "--json"], ["vacation"]])
def test_streak_commands_import_neither_textual_nor_rich(home, argv):
    code, _, _ = _imported(["add", "Acme", "Engineer"], home)
    assert code == 0
    # Without the prompt summary the full command runs (tests/cli/test_prompt.py pins
    # what the summary's fast path imports).
    (home / "prompt.json").unlink()
    code, modules, out = _imported(argv, home)
    assert code == 0
    assert "tracker.domain.streaks" in modules  # the command really ran
    assert _heavy(modules) == []

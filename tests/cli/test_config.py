"""The config file: every key, strictly checked, one sentence per mistake."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from tracker import config, paths
from tracker.cli import main
from tracker.domain.rules import DEFAULT_TIMINGS
from tracker.store.repo import Repository
from tracker.ui.keymap import check, known_ids

from support.ui import make_app, seed_small, settle


def write(home: Path, text: str) -> Path:
    path = home / "config.toml"
    path.write_text(text)
    return path


def test_every_section_is_read(home: Path) -> None:
    path = write(
        home,
        """
[time]
timezone = "Europe/Berlin"
day_start = "05:30"
[streak]
rest_days = ["sat", "Sunday"]
[ui]
theme = "tracker-light"
[keymap]
new = "n,ctrl+n"
[timings]
thank_email = [0, 2]
coffee = [60, 120]
status_check = [4, 6]
[templates]
folder = "drafts"
[profile]
name = "  Alex   Moreau "
""",
    )
    settings = config.load(path)
    assert settings.tz_name == "Europe/Berlin" and settings.day_start == time(5, 30)
    assert settings.rest_weekdays == frozenset({5, 6})
    assert settings.theme == "tracker-light"
    assert settings.keymap == {"new": "n,ctrl+n"}
    assert (settings.timings.thank_email.target, settings.timings.thank_email.deadline) == (0, 2)
    assert settings.timings.coffee.deadline == 120
    assert settings.timings.status_check.business is True  # business days stay business days
    assert settings.timings.linkedin == DEFAULT_TIMINGS.linkedin
    assert settings.template_dir == home / "drafts"
    assert settings.profile_name == "Alex Moreau"
    assert config.load(write(home, "")).profile_name == ""  # not set: drafts end unsigned


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[colours]\nx = 1\n", "unknown section [colours]"),
        ("[time]\nzone = 'UTC'\n", "unknown key time.zone"),
        ("[time]\ntimezone = 'Mars/Olympus'\n", "time.timezone"),
        ("[time]\nday_start = '25:00'\n", "time.day_start"),
        ("[streak]\nrest_days = 'sat'\n", "streak.rest_days"),
        ("[ui]\ntheme = ''\n", "ui.theme"),
        ("[keymap]\nnew = 'n n'\n", "keymap.new"),
        ("[keymap]\nnew = 3\n", "keymap.new"),
        ("[timings]\ncoffee = [180, 90]\n", "timings.coffee"),
        ("[timings]\ncoffee = [1]\n", "timings.coffee"),
        ("[timings]\nlunch = [1, 2]\n", "unknown key timings.lunch"),
        ("[templates]\nfolder = 7\n", "templates.folder"),
        ("this is not toml", "not valid TOML"),
        ("[profile]\nname = 3\n", "profile.name"),
        ('[profile]\nname = "Alex\\u001b]52"\n', "profile.name"),
        ('[profile]\nname = "Alex\\nMoreau"\n', "profile.name"),
        ('[profile]\nemail = "a@b.c"\n', "unknown key profile.email"),
    ],
)
def test_bad_values_are_one_sentence_naming_the_key_and_file(
    home: Path, capsys: pytest.CaptureFixture[str], text: str, words: str
) -> None:
    path = write(home, text)
    with pytest.raises(config.ConfigError) as caught:
        config.load(path)
    assert words in str(caught.value) and str(path) in str(caught.value)
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tracker: ") and err.count("\n") == 1 and words in err


def test_timings_change_the_due_dates(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(home, '[time]\ntimezone = "UTC"\n[timings]\nthank_email = [2, 4]\n')
    assert main(["add", "Acme", "SRE", "--json"]) == 0
    import json

    card = json.loads(capsys.readouterr().out)
    assert (
        card["items"][0]["target"] == "2026-03-04" and card["items"][0]["deadline"] == "2026-03-06"
    )


def test_save_theme_keeps_the_rest_of_the_file(home: Path) -> None:
    path = write(home, '# my settings\n[time]\ntimezone = "UTC"  # where I live\n')
    config.save_theme(path, "tracker-light")
    text = path.read_text()
    assert "# my settings" in text and "# where I live" in text
    assert config.load(path).theme == "tracker-light"
    config.save_theme(path, "tracker-dark")
    assert config.load(path).theme == "tracker-dark" and text.count("[ui]") <= 1


def test_unknown_keymap_id_is_reported_with_a_hint(home: Path) -> None:
    assert {"new", "review", "move_on", "review_done"} <= set(known_ids())
    vetted = check({"new_card": "ctrl+n", "nwe": "n", "complete": "space,c"})
    assert vetted.keymap == {"complete": "space,c"}  # the good entries still apply
    assert vetted.problems == [
        "new_card is not a binding id; did you mean new? (? on a screen lists its ids)",
        "nwe is not a binding id; did you mean new? (? on a screen lists its ids)",
    ]
    (hint,) = check({"review_skp": "x"}).problems  # at most four ids, the closest first
    assert hint.startswith("review_skp is not a binding id; did you mean review_skip or ")
    assert hint.count(" or ") == 3


@pytest.mark.parametrize(
    ("keymap", "kept", "problem"),
    [
        (
            {"new": "r"},
            {},
            'new = "r": r is already review\'s key on the board (Review); new keeps n',
        ),
        (
            {"review_done": "x"},
            {},
            'review_done = "x": x is already review_skip\'s key on the review (Skip); '
            "review_done keeps d",
        ),
        (
            {"quit": "n"},
            {},
            'quit = "n": n is already new\'s key on the board (New); quit keeps q',
        ),
        ({"new": "r", "review": "R"}, {"new": "r", "review": "R"}, None),  # r moved away first
        ({"new": "r", "review": "n"}, {"new": "r", "review": "n"}, None),  # a swap
        ({"review_leave": "q,escape"}, {"review_leave": "q,escape"}, None),  # shared by default
        ({"help": "?,f1"}, {"help": "?,f1"}, None),
    ],
)
def test_a_key_given_to_two_ids_of_one_screen_is_refused_naming_both(
    keymap: dict[str, str], kept: dict[str, str], problem: str | None
) -> None:
    vetted = check(keymap)
    assert vetted.keymap == kept
    assert vetted.problems == ([problem] if problem else [])


def test_a_keymap_typo_no_longer_stops_the_board(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tracker.ui.app import TrackerApp

    write(home, '[time]\ntimezone = "UTC"\n[keymap]\nnwe = "n"\n')
    opened: list[list[str]] = []
    monkeypatch.setattr(TrackerApp, "run", lambda self: opened.append(self.keymap_problems))
    assert main([]) == 0
    assert capsys.readouterr().err == ""
    assert opened == [["nwe is not a binding id; did you mean new? (? on a screen lists its ids)"]]


async def test_keymap_problems_are_one_notification_and_the_default_keys_work(
    home: Path,
) -> None:
    from textual.widgets import DataTable

    write(home, '[time]\ntimezone = "UTC"\n[keymap]\nnwe = "n"\nnew = "r"\n')
    where = paths.resolve()
    repo = Repository(where, config.load(where.config))
    seed_small(repo)
    app = make_app(repo)
    shown: list[tuple[str, str | None]] = []
    original = app.notify

    def record(message: str, **kwargs: object) -> None:
        shown.append((message, kwargs.get("title")))  # type: ignore[arg-type]
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = record  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        about = [m for m, title in shown if title == "Keymap problems"]
        assert len(about) == 1
        assert "nwe is not a binding id; did you mean new?" in about[0]
        assert "r is already review's key on the board" in about[0]
        assert str(where.config) in about[0]
        await pilot.press("n")  # new keeps its key ...
        await settle(pilot)
        assert app.screen.__class__.__name__ == "NewInterviewScreen"
        await pilot.press("escape", "r")  # ... and the review keeps its own
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ReviewScreen"
        await pilot.press("q", "question_mark")  # and ? opens, to show the ids
        await settle(pilot)
        table = app.screen.query_one("#keys", DataTable)
        rows = {table.get_row_at(i)[2]: table.get_row_at(i)[0] for i in range(table.row_count)}
        assert rows["new"] == "n" and rows["review"] == "r"


async def test_keymap_remaps_a_binding_and_help_shows_it(home: Path) -> None:
    write(home, '[time]\ntimezone = "UTC"\n[keymap]\nnew = "N"\ncomplete = "space,c"\n')
    where = paths.resolve()
    repo = Repository(where, config.load(where.config))
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "BoardScreen"  # n no longer opens the dialog
        await pilot.press("N")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "NewInterviewScreen"
        await pilot.press("escape", "question_mark")
        await settle(pilot)
        table = app.screen.query_one("#keys")
        rows = {table.get_row_at(i)[2]: table.get_row_at(i)[0] for i in range(table.row_count)}
        assert rows["new"] == "N" and "c" in rows["complete"]


def test_config_path_prints_where_it_is(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(home / "config.toml")


def test_config_shows_the_settings_with_the_profile_name(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "profile.name = (not set: drafts end without your name)" in out
    assert "time.timezone = UTC" in out
    write(home, '[time]\ntimezone = "UTC"\n[profile]\nname = "Alex Moreau"\n')
    assert main(["config", "show"]) == 0
    assert "profile.name = Alex Moreau\n" in capsys.readouterr().out
    write(home, '[profile]\nname = "Alex\\u001b]52"\n')
    assert main(["config"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "\x1b" not in err and "profile.name" in err

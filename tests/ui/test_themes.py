"""Themes: the strict loader, user themes over bundled ones, the app's variables, choosing a
theme (palette, config, ``--theme``), ``tracker themes``, NO_COLOR, and the packaging."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.theme import BUILTIN_THEMES, Theme

from tracker import config
from tracker.cli import main as cli_main
from tracker.store.repo import Repository
from tracker.ui import themes
from tracker.ui.app import TrackerApp
from tracker.ui.app import main as board_main

from support import ROOT
from support.ui import make_app, seed_small, settle

BUNDLED = ("tracker-ansi", "tracker-dark", "tracker-high-contrast", "tracker-light")

GOOD = """
name = "paper"
primary = "#336699"
error = "#AA0000"
dark = false
text_alpha = 0.9

[variables]
card-overdue = "#FF0000"
card-cursor = "#336699 25%"
footer-key-foreground = "ansi_blue"
"""


def user_theme(home: Path, filename: str, text: str) -> Path:
    folder = home / "themes"
    folder.mkdir(exist_ok=True)
    path = folder / filename
    path.write_text(text, encoding="utf-8")
    return path


def set_theme_in_config(home: Path, name: str) -> None:
    path = home / "config.toml"
    path.write_text(path.read_text() + f'\n[ui]\ntheme = "{name}"\n')


def reload(repo: Repository) -> Repository:
    """The repository with the config re-read (after a test changed config.toml)."""
    return Repository(repo.paths, config.load(repo.paths.config))


# --- the loader -------------------------------------------------------------------


def test_the_four_bundled_themes_load_and_set_every_tracker_variable() -> None:
    catalog = themes.load_catalog(None)
    assert catalog.problems == []
    assert sorted(catalog.themes) == list(BUNDLED)
    for name in BUNDLED:
        loaded = catalog.themes[name]
        assert loaded.origin == "bundled"
        assert set(themes.APP_VARIABLES) <= set(loaded.theme.variables), name
    assert catalog.themes["tracker-ansi"].theme.ansi is True
    assert catalog.themes["tracker-light"].theme.dark is False


def test_the_ansi_theme_uses_only_the_terminals_own_colours() -> None:
    theme = themes.load_catalog(None).themes["tracker-ansi"].theme
    colours = [getattr(theme, key) for key in themes.COLOUR_FIELDS if getattr(theme, key)]
    colours += [value for key, value in theme.variables.items() if not key.endswith("text-style")]
    assert colours and all(value.startswith("ansi_") for value in colours), colours


def test_a_good_user_theme_loads_with_its_colours_and_variables(home: Path) -> None:
    path = user_theme(home, "paper.toml", GOOD)
    catalog = themes.load_catalog(home)
    assert catalog.problems == []
    loaded = catalog.themes["paper"]
    assert (loaded.origin, loaded.path) == ("user", path)
    assert (loaded.theme.primary, loaded.theme.error, loaded.theme.dark) == (
        "#336699",
        "#AA0000",
        False,
    )
    assert loaded.theme.variables["card-overdue"] == "#FF0000"
    assert set(catalog.themes) == {*BUNDLED, "paper"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "x"\nprimary = "#336699"\nprimry = "#336699"\n', "unknown key 'primry'"),
        (
            'name = "x"\nprimary = "#336699"\nerror = "reddish"\n',
            "error = 'reddish' is not a colour",
        ),
        ('primary = "#336699"\n', "no name"),
        ('name = "x"\n', "no primary colour"),
        ('name = "x"\nprimary = "#336699"\ndark = "yes"\n', "dark must be true or false"),
        (
            'name = "x"\nprimary = "#336699"\ntext_alpha = 3\n',
            "text_alpha must be a number from 0 to 1",
        ),
        (
            'name = "x"\nprimary = "#336699"\n[variables]\ncard-overdew = "#FF0000"\n',
            "unknown variable 'card-overdew'",
        ),
        (
            'name = "x"\nprimary = "#336699"\n[variables]\ncard-overdue = "#FF00F"\n',
            "card-overdue = '#FF00F' is not a colour",
        ),
        ('name = "x"\nprimary = "#336699"\n[variables]\ncard-overdue = 3\n', "must be a string"),
        ('name = "x"\nprimary = [1, 2\n', "is not valid TOML"),
    ],
)
def test_a_bad_theme_file_is_skipped_with_its_problem(home: Path, text: str, expected: str) -> None:
    path = user_theme(home, "bad.toml", text)
    catalog = themes.load_catalog(home)
    assert "x" not in catalog.themes
    assert len(catalog.problems) == 1
    problem = catalog.problems[0]
    assert problem.path == path
    assert expected in str(problem), str(problem)
    assert sorted(catalog.themes) == list(BUNDLED)  # the rest still loads


def test_every_problem_of_every_bad_file_is_collected(home: Path) -> None:
    one = user_theme(home, "one.toml", 'primary = "nope"\nfoo = 1\n')
    two = user_theme(home, "two.toml", "not toml at all = = =\n")
    user_theme(home, "paper.toml", GOOD)
    catalog = themes.load_catalog(home)
    assert [p.path for p in catalog.problems] == [one, two]
    assert len(catalog.problems[0].problems) == 3  # unknown key, no name, bad primary
    text = catalog.notification()
    assert text.startswith("2 theme files could not be loaded")
    for expected in (
        str(one),
        str(two),
        "unknown key 'foo'",
        "no name",
        "primary = 'nope'",
        "not valid TOML",
    ):
        assert expected in text
    assert "paper" in catalog.themes


def test_a_user_theme_replaces_the_bundled_theme_of_the_same_name(home: Path) -> None:
    path = user_theme(home, "mine.toml", GOOD.replace('"paper"', '"tracker-dark"'))
    catalog = themes.load_catalog(home)
    assert catalog.themes["tracker-dark"].path == path
    assert catalog.themes["tracker-dark"].theme.primary == "#336699"
    assert catalog.replaced["tracker-dark"].origin == "bundled"


def test_two_user_files_with_one_name_are_a_problem(home: Path) -> None:
    user_theme(home, "a.toml", GOOD)
    second = user_theme(home, "b.toml", GOOD)
    catalog = themes.load_catalog(home)
    assert [p.path for p in catalog.problems] == [second]
    assert "already defined" in str(catalog.problems[0])


def test_textual_built_in_themes_pass_the_checks() -> None:
    """The checks are strict, not wrong: every variable Textual's own themes set is accepted."""
    for theme in BUILTIN_THEMES.values():
        doc = {"name": theme.name, "primary": theme.primary, "variables": theme.variables}
        assert themes.check(doc) == [], theme.name


def test_no_hex_colours_in_styles_or_code() -> None:
    hex_colour = re.compile(r"#[0-9a-fA-F]{3,8}\b")
    files = [*ROOT.joinpath("tracker").rglob("*.tcss"), *ROOT.joinpath("tracker").rglob("*.py")]
    offenders = [
        f"{f.relative_to(ROOT)}: {m}" for f in files for m in hex_colour.findall(f.read_text())
    ]
    assert offenders == []


# --- variables ------------------------------------------------------------------------


def test_tracker_variables_default_to_the_themes_own_colours() -> None:
    theme = Theme(
        name="t", primary="#336699", error="#AA0000", warning="#AA8800", success="#00AA00"
    )
    generated = theme.to_color_system().generate()
    defaults = themes.variable_defaults(theme)
    assert defaults["card-overdue"] == generated["error"]
    assert defaults["card-overdue"].startswith("#A")  # the red above (Textual rounds it)
    assert defaults["card-past-target"] == generated["warning"]
    assert defaults["card-on-track"] == defaults["heat-kept"] == generated["success"]
    assert defaults["card-cursor"] == f"{generated['accent']} 30%"
    assert set(defaults) == set(themes.APP_VARIABLES)


async def test_the_app_uses_a_themes_variables_and_derives_the_missing_ones(
    home: Path, repo: Repository
) -> None:
    user_theme(home, "paper.toml", GOOD)
    app = TrackerApp(repo, poll_interval=3600, blink=False, theme="paper")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "paper"
        variables = app.get_css_variables()
        assert variables["card-overdue"] == "#FF0000"  # from the file
        assert variables["heat-missed"] == app.current_theme.to_color_system().generate()["error"]
        app.theme = "nord"
        await settle(pilot)
        assert (
            app.get_css_variables()["card-overdue"]
            == BUILTIN_THEMES["nord"].to_color_system().generate()["error"]
        )


async def test_the_theme_is_in_effect_from_the_first_frame_with_one_parse_of_the_stylesheet(
    home: Path, repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The theme set at start-up only sets the CSS variables (TrackerApp.refresh_css):
    the first parse already uses them, and tracker.tcss is not parsed twice."""
    from textual.css import stylesheet

    from tracker.ui.widgets.column import CardColumn

    parsed: list[str] = []
    real = stylesheet.parse  # what Stylesheet calls when its cache has no answer

    def counting(scope: str, css: str, read_from: Any, *args: Any, **kwargs: Any) -> Any:
        if str(read_from[0]).endswith("tracker.tcss"):
            parsed.append(str(read_from[0]))
        return real(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(stylesheet, "parse", counting)
    user_theme(home, "paper.toml", GOOD)
    app = TrackerApp(repo, poll_interval=3600, blink=False, theme="paper")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(parsed) == 1, parsed
        overdue = app.screen.query(CardColumn).first().get_component_rich_style("card--overdue")
        assert (
            overdue.color is not None and overdue.color.triplet.hex == "#ff0000"
        )  # paper's card-overdue


# --- choosing a theme -------------------------------------------------------------------


async def test_the_config_picks_the_theme(home: Path, repo: Repository) -> None:
    set_theme_in_config(home, "tracker-high-contrast")
    app = make_app(reload(repo))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "tracker-high-contrast"


async def test_a_theme_chosen_in_the_palette_is_saved_to_the_config(
    home: Path, repo: Repository
) -> None:
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "tracker-dark"
        assert "[ui]" not in (home / "config.toml").read_text()
        app.theme = "tracker-light"  # what the palette's theme picker does
        await settle(pilot)
    text = (home / "config.toml").read_text()
    assert tomllib.loads(text)["ui"]["theme"] == "tracker-light"
    assert 'timezone = "UTC"' in text  # the rest of the file is kept
    assert config.load(home / "config.toml").theme == "tracker-light"


async def test_a_theme_given_for_one_run_is_not_saved(home: Path, repo: Repository) -> None:
    before = (home / "config.toml").read_text()
    app = TrackerApp(repo, poll_interval=3600, blink=False, theme="tracker-ansi")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "tracker-ansi"
    assert (home / "config.toml").read_text() == before


async def test_bad_theme_files_are_reported_in_one_notification_and_the_default_is_used(
    home: Path, repo: Repository
) -> None:
    broken = user_theme(
        home, "broken.toml", 'name = "broken"\nprimary = "#336699"\nsurface = "grey-ish"\n'
    )
    garbage = user_theme(home, "garbage.toml", "[[[")
    set_theme_in_config(home, "broken")
    app = make_app(reload(repo))
    shown: list[tuple[str, dict[str, Any]]] = []
    original = app.notify

    def record(message: str, **kwargs: Any) -> None:
        shown.append((message, kwargs))
        original(message, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.theme == "tracker-dark"
    about_themes = [(m, k) for m, k in shown if k.get("title") == "Theme problems"]
    assert len(about_themes) == 1
    message, kwargs = about_themes[0]
    assert kwargs["severity"] == "error"
    assert str(broken) in message and "surface = 'grey-ish' is not a colour" in message
    assert str(garbage) in message and "not valid TOML" in message
    assert config.load(home / "config.toml").theme == "broken"  # the fallback is not saved


def test_an_unknown_theme_option_is_one_sentence_and_exit_1(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def never(self: TrackerApp) -> None:
        raise AssertionError("the app must not start")

    monkeypatch.setattr(TrackerApp, "run", never)
    assert board_main(theme="nope") == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(
        "tracker: there is no theme called 'nope' (from --theme); available themes: "
    )
    assert err.count("\n") == 1 and err.count(". ") == 0 and err.endswith(".\n")
    assert "tracker-dark" in err and "tracker-ansi" in err and "nord" in err


def test_an_unknown_theme_in_the_config_opens_the_board_in_the_default_theme(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    opened: list[tuple[str, list[tuple[str, str]]]] = []
    monkeypatch.setattr(TrackerApp, "run", lambda self: opened.append((self.theme, self.notices)))
    set_theme_in_config(home, "solarised")
    assert cli_main([]) == 0
    assert capsys.readouterr().err == ""
    [(theme, notices)] = opened
    assert theme == "tracker-dark"
    assert notices == [
        (
            "Unknown theme",
            f"There is no theme called 'solarised' (ui.theme in {home / 'config.toml'}), so "
            "tracker-dark is used. Pick one in the command palette (ctrl+p, then Theme); "
            "`tracker themes` lists them all.",
        )
    ]


async def test_an_unknown_theme_in_the_config_is_one_notification_and_not_saved_over(
    home: Path, repo: Repository
) -> None:
    set_theme_in_config(home, "solarised")
    before = (home / "config.toml").read_text()
    app = make_app(reload(repo))
    shown: list[tuple[str, dict[str, Any]]] = []
    original = app.notify

    def record(message: str, **kwargs: Any) -> None:
        shown.append((message, kwargs))
        original(message, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "tracker-dark"
    [(message, kwargs)] = shown
    assert kwargs["title"] == "Unknown theme" and kwargs["severity"] == "warning"
    assert "'solarised'" in message and str(home / "config.toml") in message
    assert (home / "config.toml").read_text() == before  # the user's choice is left to fix


def test_a_known_theme_option_opens_the_board_in_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(TrackerApp, "run", lambda self: opened.append(self.theme))
    assert cli_main(["--theme", "tracker-light"]) == 0
    assert opened == ["tracker-light"]


# --- tracker themes -----------------------------------------------------------------------


def run_themes(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    code = cli_main([*argv, "themes"])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_tracker_themes_lists_every_theme_its_origin_and_the_current_one(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = user_theme(home, "paper.toml", GOOD)
    mine = user_theme(home, "mine.toml", GOOD.replace('"paper"', '"tracker-light"'))
    code, lines, err = run_themes(capsys)
    assert (code, err) == (0, "")
    rows = {line[2:].split()[0]: line for line in lines[1:]}
    assert sum("bundled" in line for line in lines) == 3  # tracker-light is the user's now
    assert rows["tracker-dark"].startswith("* ") and rows["tracker-dark"].endswith("bundled")
    assert rows["paper"].split()[1:] == ["user", str(paper)]
    assert rows["tracker-light"].endswith(f"user    {mine} (replaces tracker's own)")
    assert rows["nord"].startswith("  ") and rows["nord"].endswith("textual built-in")
    assert sum(line.startswith("* ") for line in lines) == 1
    assert set(BUILTIN_THEMES) | set(BUNDLED) | {"paper"} == set(rows)


def test_tracker_themes_lists_bad_files_and_marks_the_chosen_theme(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = user_theme(home, "bad.toml", 'name = "bad"\nprimary = "#336699"\ncolour = "red"\n')
    code, lines, err = run_themes(capsys, "--theme", "nord")
    assert (code, err) == (0, "")
    marked = [line.split() for line in lines if line.startswith("* ")]
    assert marked == [["*", "nord", "textual", "built-in"]]
    assert "Theme files that could not be loaded (skipped):" in lines
    assert f"  {bad}: unknown key 'colour' (known: {', '.join(themes.FIELDS)})." in lines


def test_tracker_themes_exits_1_when_the_chosen_theme_is_broken_or_unknown(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_theme(home, "bad.toml", 'name = "bad"\nprimary = "#33"\n')
    set_theme_in_config(home, "bad")
    code, lines, err = run_themes(capsys)
    assert code == 1 and not any(line.startswith("* ") for line in lines)
    assert err.startswith("tracker: the theme 'bad' (ui.theme in ") and err.count("\n") == 1
    code, _, err = run_themes(capsys, "--theme", "nope")
    assert code == 1 and err.startswith("tracker: there is no theme called 'nope' (from --theme)")


# --- NO_COLOR ---------------------------------------------------------------------------------


async def test_with_no_color_the_board_is_grey_and_still_reads(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual reads NO_COLOR when the app is created and turns every colour grey; the due
    states still read because their markers are text."""
    monkeypatch.setenv("NO_COLOR", "1")
    seed_small(repo)
    app = make_app(repo)
    assert app.no_color
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        svg = app.export_screenshot()
    colours = set(re.findall(r"(?:fill|color):\s*#([0-9a-fA-F]{6})", svg))
    assert colours
    colours.discard("c5c8c6")  # Rich's SVG export draws default-coloured text in its own grey
    not_grey = {c for c in colours if not c.lower()[0:2] == c.lower()[2:4] == c.lower()[4:6]}
    assert not_grey == set(), not_grey
    text = svg.replace("&#160;", " ")
    for marker in ("!!", "Globex", "Acme", "Initech", "Hooli"):
        assert marker in text


# --- packaging ----------------------------------------------------------------------------------


def test_every_package_ships_in_the_wheel() -> None:
    """pyproject lists the packages by hand (for tracker.themes); a new one must be added there."""
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "tracker").rglob("__init__.py")
    }
    assert set(setup["packages"]) == on_disk | {"tracker.themes"}
    assert setup["package-dir"] == {"tracker.themes": "themes"}
    assert setup["package-data"]["tracker.themes"] == ["*.toml"]
    # Installed (as CI tests it) or from a checkout: the same theme files either way.
    bundled = themes.bundled_dir()
    source = {p.name: p.read_bytes() for p in (ROOT / "themes").glob("*.toml")}
    assert len(source) >= 4
    assert {p.name: p.read_bytes() for p in bundled.glob("*.toml")} == source


def test_a_16_colour_terminal_gets_the_ansi_theme_unless_one_is_chosen(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Truecolour themes cut to 16 colours lose their meaning (orange "today" becomes red, like
    "overdue"), so with TERM=xterm and no theme chosen the board opens in tracker-ansi, unsaved."""
    from textual import constants

    opened: list[str] = []
    monkeypatch.setattr(TrackerApp, "run", lambda self: opened.append(self.theme))
    monkeypatch.setattr(constants, "COLOR_SYSTEM", "auto")
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)
    before = (home / "config.toml").read_text()
    assert cli_main([]) == 0
    monkeypatch.setenv("TERM", "xterm-256color")
    assert cli_main([]) == 0
    monkeypatch.setenv("TERM", "xterm")
    set_theme_in_config(home, "tracker-light")
    assert cli_main([]) == 0
    assert opened == ["tracker-ansi", "tracker-dark", "tracker-light"]
    assert (
        "tracker-ansi" not in (home / "config.toml").read_text()
        and before in (home / "config.toml").read_text()
    )

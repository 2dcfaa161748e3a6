"""The inline capture form: Enter saves and exits, Escape writes nothing."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tracker.domain.model import Role
from tracker.store.repo import Repository
from tracker.ui.capture import CaptureApp


def fresh(repo: Repository) -> Repository:
    return Repository(repo.paths, repo.settings)


async def test_enter_saves_the_interview_and_exits(repo: Repository) -> None:
    app = CaptureApp(repo, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(
            *"Acme", "tab", *"SRE", "tab", *"Jane Doe:hm; Sam Lee", "tab", *"last fri"
        )
        assert "Fri 27 Feb 2026" in str(app.query_one("#echo").render())
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_value is not None and app.return_value.startswith("Added ")
    assert "Acme (SRE)" in app.return_value
    snap = fresh(repo).snapshot()
    (opp,) = snap.opportunities.values()
    assert opp.company == "Acme" and opp.interviews == [date(2026, 2, 27)]
    assert {snap.people[x.person_id].name: x.role for x in opp.people} == {
        "Jane Doe": Role.HIRING_MANAGER,
        "Sam Lee": Role.INTERVIEWER,
    }


async def test_escape_cancels_and_writes_nothing(repo: Repository) -> None:
    app = CaptureApp(repo, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Acme", "tab", *"SRE", "escape")
        await pilot.pause()
    assert app.return_value is None
    assert not repo.paths.database.exists() or not fresh(repo).snapshot().cards


async def test_bad_input_stays_in_the_form_with_one_sentence(repo: Repository) -> None:
    app = CaptureApp(repo, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert "company and the role are needed" in str(app.query_one("#error").render())
        await pilot.press(*"Acme", "tab", *"SRE", "tab", *"Jane:boss", "enter")
        await pilot.pause()
        assert "unknown role" in str(app.query_one("#error").render())
        assert app.is_running
    assert not repo.paths.database.exists() or not fresh(repo).snapshot().cards


@pytest.mark.parametrize("size", [(80, 10), (80, 12), (88, 12), (60, 10)])
async def test_the_error_and_the_date_echo_show_in_ten_rows(
    repo: Repository, size: tuple[int, int]
) -> None:
    """A popup (tmux ``display-popup -w 90 -h 14`` has 88x12 inside) or a short pane:
    Enter on a bad field must show why, and the day's echo must be there too."""
    app = CaptureApp(repo, blink=False)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        shown(app, "#error", "company and the role are needed")
        await pilot.press(*"Acme", "tab", *"SRE", "tab", "tab", *"blurgsday")
        shown(app, "#echo", "not a date yet")
        await pilot.press("enter")
        await pilot.pause()
        shown(app, "#error", "blurgsday")
        assert app.is_running


def shown(app: CaptureApp, selector: str, words: str) -> None:
    """``words`` are in the widget, and the widget lies inside the terminal."""
    widget = app.query_one(selector)
    assert words in str(widget.render())
    region = widget.region
    assert region.height >= 1 and region.y >= 0 and region.bottom <= app.size.height, (
        f"{selector} at rows {region.y}-{region.bottom - 1} of {app.size.height}"
    )


README = Path(__file__).resolve().parents[2] / "README.md"


async def test_the_readme_popup_recipe_fits_the_form_and_its_longest_error(
    repo: Repository,
) -> None:
    """The tmux line in the README, as written: its popup (less its frame) shows the whole
    form and a two-line error."""
    text = README.read_text(encoding="utf-8")
    found = re.search(r"display-popup -E -w (\d+) -h (\d+) 'tracker capture'", text)
    assert found, "the README's tmux recipe changed: update this test"
    size = (int(found[1]) - 2, int(found[2]) - 2)
    app = CaptureApp(repo, blink=False)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*"Acme", "tab", *"SRE", "tab", *"Ann:referral", "enter")
        await pilot.pause()
        shown(app, "#error", "referral")
        assert app.query_one("#error").region.height >= 2
        assert app.query_one("#capture").region.bottom <= size[1]  # the frame's last line too


def test_the_readme_says_how_to_get_tracker_on_the_path_before_using_it_bare() -> None:
    text = README.read_text(encoding="utf-8")
    advice = text.find("pipx install .")
    assert advice != -1, "the README must say how to put tracker on the PATH"
    assert advice < text.find("tracker capture"), "say it before the first bare `tracker`"
    setup = text.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(setup) == 2 and setup[0].endswith(".venv/bin/tracker --demo-if-empty")

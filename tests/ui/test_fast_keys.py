"""Keys that arrive in one burst (fast typing, ``tmux send-keys``, a paste) behave like slow typing.

Pilot's ``press`` waits for the app to go idle after every key, so it cannot show what
happens when the terminal delivers a whole field and a Tab at once. ``burst`` feeds the
bytes through Textual's own terminal parser and hands every event to the driver
without waiting in between, as the terminal driver does with one read.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.widgets import Input, TextArea

from tracker.domain.model import State
from tracker.store.repo import Repository
from tracker.ui.capture import CaptureApp
from tracker.ui.screens.detail import CardDetailScreen
from tracker.ui.screens.dialogs import NewInterviewScreen

from support.ui import make_app, seed_small, settle

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


async def burst(pilot: Any, data: str) -> None:
    """Deliver ``data`` as one read from the terminal, then wait for the app."""
    app: App[Any] = pilot.app
    driver = app._driver
    assert driver is not None
    for event in list(XTermParser().feed(data)):
        driver.process_message(event)
    await settle(pilot)


def fields(app: App[Any], *names: str) -> list[str]:
    out = []
    for name in names:
        widget = app.screen.query_one(f"#{name}")
        out.append(widget.text if isinstance(widget, TextArea) else widget.value)  # type: ignore[attr-defined]
    return out


async def test_capture_form_typed_in_bursts(repo: Repository) -> None:
    app = CaptureApp(repo, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "Kramerica\tIntern\t")
        await burst(pilot, "Jane Doe:hm\tlast fri")
        assert fields(app, "company", "role", "people", "day") == [
            "Kramerica",
            "Intern",
            "Jane Doe:hm",
            "last fri",
        ]
        # shift+tab twice, then more text: back in the role, whose text a focus selects
        await burst(pilot, "\x1b[Z\x1b[ZArchitect")
        assert fields(app, "role", "people") == ["Architect", "Jane Doe:hm"]


@pytest.mark.parametrize(
    ("keys", "company"),
    [
        ("Krameria\x7fca", "Kramerica"),  # backspace
        ("Kramrica\x1b[D\x1b[D\x1b[D\x1b[De", "Kramerica"),  # left arrow
        ("Vandelay\x15Kramerica", "Kramerica"),  # ctrl+u: delete to the start
        ("Kramerica\x1b[H\x1b[3~K", "Kramerica"),  # home, delete
    ],
)
async def test_editing_keys_in_a_burst_apply_in_order(
    repo: Repository, keys: str, company: str
) -> None:
    app = CaptureApp(repo, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, keys)
        assert fields(app, "company") == [company]


async def test_capture_form_back_to_a_field_then_ctrl_u_and_retype(repo: Repository) -> None:
    """What a real user did: fix a field after an error, in one burst."""
    app = CaptureApp(repo, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "Kramerica\tIntern\tJane:boss\tlast fri\r")
        assert "unknown role" in str(app.query_one("#error").render())
        await burst(pilot, "\x1b[Z\x15Jane Doe:hm; Sam Lee\r")
        await pilot.pause()
    assert app.return_value is not None and "Kramerica (Intern)" in app.return_value


async def test_capture_form_paste_with_tabs_fills_the_next_fields(repo: Repository) -> None:
    app = CaptureApp(repo, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, f"{PASTE_START}Kramerica\tIntern{PASTE_END}")
        assert fields(app, "company", "role") == ["Kramerica", "Intern"]
        assert app.focused is app.query_one("#role", Input)


@pytest.mark.parametrize("pasted", [False, True])
async def test_new_interview_form_typed_in_bursts(repo: Repository, pasted: bool) -> None:
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewInterviewScreen)
        first = "Kramerica\tIntern\tyesterday\t"
        await burst(pilot, f"{PASTE_START}{first}{PASTE_END}" if pasted else first)
        await burst(pilot, "Jane Doe: hm\tnext fri\tKenny")
        assert fields(app, "company", "role", "on", "people", "decision", "referral") == [
            "Kramerica",
            "Intern",
            "yesterday",
            "Jane Doe: hm",
            "next fri",
            "Kenny",
        ]


async def test_filter_typed_in_a_burst_archives_nothing(repo: Repository) -> None:
    """``/acme`` in one read: the ``a`` goes into the filter field, not to the board's archive."""
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await burst(pilot, "/acme")
        assert fields(app, "filter") == ["acme"]
        assert app.focused is app.screen.query_one("#filter", Input)
        states = {
            key: c.state
            for key, c in Repository(repo.paths, repo.settings).snapshot().cards.items()
        }
        assert State.ARCHIVED not in states.values()
        assert states[ids["globex"]] is not State.ARCHIVED
        # enter keeps the filter and gives the keys back to the board, in the same burst
        await burst(pilot, "\rl")
        assert app.focused is None
        assert fields(app, "filter") == ["acme"]


async def test_keys_typed_right_after_n_fill_the_new_form(repo: Repository) -> None:
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await burst(pilot, "nInitech\tSRE")
        assert isinstance(app.screen, NewInterviewScreen)
        assert fields(app, "company", "role") == ["Initech", "SRE"]


async def test_key_list_opened_and_closed_in_a_burst(repo: Repository) -> None:
    """``?q`` in one read: the q closes the key list; it does not quit the app."""
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        board = app.screen
        await burst(pilot, "?q")
        assert app.screen is board
        assert app.is_running


async def test_detail_fields_edited_in_a_burst(repo: Repository) -> None:
    """Enter opens the card, then its fields are edited, all typed fast: keys apply in order."""
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await burst(pilot, "\r")
        assert isinstance(app.screen, CardDetailScreen)
        # shift+tab from the checklist: the people list, then the role, whose text a focus selects
        await burst(pilot, "\x1b[Z\x1b[ZStaf\x7fff\x1b[Z\x15Acme Corp\x7fp")
        assert fields(app, "company", "role") == ["Acme Corp", "Staff"]
        await burst(pilot, "\t\t\t\tAsk\x7fk about on-call")
        assert fields(app, "notes") == ["Ask about on-call"]

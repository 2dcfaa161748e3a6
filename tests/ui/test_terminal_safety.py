"""No name can drive the terminal from the board: what is rendered holds no control character.

Each screen is rendered with a home whose company, role, people, highlight,
notes, skip reason and template hold OSC 52 (clipboard), OSC 0 (title) and a
C1 CSI; every strip of the screen (what the driver would write, Textual's
own control segments aside) must be free of control characters, and the
escape must be visible (``^[``). Markup in a name is text, not markup.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from textual.widgets import Input

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.store.repo import Repository
from tracker.ui.capture import CaptureApp
from tracker.ui.screens.archive import ArchiveScreen
from tracker.ui.screens.board import BoardScreen, StatusBar
from tracker.ui.screens.detail import CardDetailScreen
from tracker.ui.screens.dialogs import DateScreen, RejectScreen
from tracker.ui.screens.review import ReviewScreen

from support.ui import make_app, settle

EVIL = "\x1b]52;c;aGVsbG8=\x07\x1b]0;pwned\x1b\\\x9b2J\x7f"
MARKUP = "[b]bold[/b][@click=app.quit]q[/]"
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f]")


def rendered(app: Any) -> str:
    """Every line of the screen as the compositor would send it, control segments aside."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(s.text for s in strip if not s.control) for strip in strips)


def assert_safe(app: Any) -> str:
    text = rendered(app)
    bad = UNSAFE.search(text.replace("\n", ""))
    assert bad is None, f"{bad.group()!r} rendered in:\n{text!r}"
    return text


def seed(repo: Repository) -> str:
    view = repo.add_interview(
        "Acme" + EVIL,
        "Eng" + EVIL,
        on=date(2026, 2, 27),
        people=[
            NewPerson("Jo" + EVIL, Role.HIRING_MANAGER, "likes " + EVIL),
            NewPerson("Al" + EVIL),
        ],
        note=f"one {EVIL}\ntwo",
    )
    repo.close_items(view.card.id, [view.card.items[-1].id], skip=True, reason="why " + EVIL)
    templates = repo.paths.config_dir / "templates"
    templates.mkdir()
    (templates / "thank_email.txt").write_text(f"Hi {{first_name}} {EVIL}\nBye\n")
    return view.card.id


async def test_board_cards_status_line_notifications_and_dialogs(repo: Repository) -> None:
    seed(repo)
    app = make_app(repo)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        assert "Acme^[]52" in assert_safe(app)
        model = screen.model
        assert model is not None
        screen.query_one(StatusBar).show(model.today, 1, 0, "Acme" + EVIL, 1, 1)
        await pilot.pause()
        assert "filter: Acme^[]52" in assert_safe(app)
        app.notify(f"{MARKUP} {EVIL}", title="T" + EVIL)
        await settle(pilot)
        text = assert_safe(app)
        assert MARKUP in text and "T^[]52" in text
        await pilot.press("s")  # the snooze dialog's title names the company
        await settle(pilot)
        assert isinstance(app.screen, DateScreen)
        assert "Snooze Acme^[]52" in assert_safe(app)
        await pilot.press("escape", "x")
        await settle(pilot)
        assert isinstance(app.screen, RejectScreen)
        text = assert_safe(app)
        assert "Rejected by" in text and "Acme^[]52" in text


async def test_detail_shows_the_fields_and_saves_nothing_it_only_showed(repo: Repository) -> None:
    card_id = seed(repo)
    app = make_app(repo)
    # Wide enough that the history's skip line, which names Al, holds "why ^[]52" unwrapped.
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen)
        text = assert_safe(app)
        assert "Jo^[]52" in text and "why ^[]52" in text
        assert app.screen.query_one("#company", Input).value.startswith("Acme^[]52")
        await pilot.press("escape")  # saves the edits: there are none
        await settle(pilot)
    opp = Repository(repo.paths, repo.settings).find_card(card_id).opportunity
    assert opp.company == "Acme" + EVIL and opp.role == "Eng" + EVIL


async def test_review_head_actions_and_draft(repo: Repository) -> None:
    seed(repo)
    app = make_app(repo)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        text = assert_safe(app)
        assert "Acme^[]52" in text and "Hi Jo^[]52" in text


async def test_archive(repo: Repository) -> None:
    seed(repo)
    other = repo.add_interview("Beta" + EVIL, "Ops", on=date(2026, 3, 2)).card.id
    repo.archive(other)
    app = make_app(repo)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.screen.tracker.show(ArchiveScreen())  # type: ignore[attr-defined]
        await settle(pilot)
        assert "Beta^[]52" in assert_safe(app)


async def test_capture_form_error_and_summary(repo: Repository) -> None:
    """What the form says from data (its error, the summary printed) is shown, not obeyed.
    (A field shows what was typed or pasted into it, as it is.)"""
    app = CaptureApp(repo, blink=False)
    async with app.run_test(size=(100, 24)) as pilot:
        app.query_one("#company", Input).value = "Acme"
        app.query_one("#role", Input).value = "SRE"
        app.query_one("#people", Input).value = f"Jo:{EVIL}"
        await app.action_save()
        await pilot.pause()
        error = str(app.query_one("#error").render())
        assert "unknown role" in error and UNSAFE.search(error) is None
        app.query_one("#company", Input).value = "Acme" + EVIL
        app.query_one("#people", Input).value = ""
        await app.action_save()
        await pilot.pause()
    assert app.return_value is not None and "Acme^[]52" in app.return_value


def test_a_theme_name_with_a_control_character_is_refused(tmp_path: Any) -> None:
    """Theme names are listed by the palette and `tracker themes`: no escape gets in through one."""
    from tracker.ui.themes import load_file

    path = tmp_path / "evil.toml"
    path.write_text('name = "dark\\u001b]0;x\\u0007"\nprimary = "#336699"\n', encoding="utf-8")
    theme, problem = load_file(path)
    assert theme is None and problem is not None
    assert "name must be a word" in str(problem)

"""The daily review: a Pilot test per key, the OSC 52 bytes, $EDITOR, templates, keystrokes."""

from __future__ import annotations

import base64
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import msgspec.structs
import pytest

from tracker import clock
from tracker.domain.capture import NewPerson
from tracker.domain.errors import DomainError
from tracker.domain.model import ItemStatus, Role, Stage, State
from tracker.domain.templates import DEFAULTS, Context, check, render
from tracker.store.repo import Repository
from tracker.template_files import load as load_templates
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.dialogs import SaidScreen
from tracker.ui.screens.review import ReviewScreen, osc52

from support import FIXED_NOW
from support.ui import make_app, seed_small, settle


def fresh(repo: Repository) -> Repository:
    return Repository(repo.paths, repo.settings)


def review(app) -> ReviewScreen:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


async def open_review(pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    return review(pilot.app)


def test_osc52_bytes_are_exact() -> None:
    text = "Hi Jane, thank you — really."
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    assert osc52(text) == "\x1b]52;c;" + encoded + "\x07"
    assert osc52("") == "\x1b]52;c;\x07"


def test_every_default_template_is_valid_and_renders_without_a_highlight() -> None:
    context = Context(name="Jane Doe", company="Acme", role="SRE", interview_day="Monday 2 March")
    for action, text in DEFAULTS.items():
        check(text, action)
        out = render(text, context)
        assert "{" not in out and "}" not in out
        assert "talking about ." not in out
    with_highlight = render(DEFAULTS["thank_email"], Context(name="Jane", highlight="Postgres"))
    assert "talking about Postgres." in with_highlight


SIGNED = ("thank_email", "thank_note", "status_check", "reply_thanks", "ask_feedback")
SIGNED += ("ask_referral", "invite_coffee", "thank_after_coffee")


@pytest.mark.parametrize("action", SIGNED)
def test_drafts_sign_with_the_profile_name_and_end_as_before_without_one(action: str) -> None:
    context = Context(name="Jane Doe", company="Acme", role="SRE", interview_day="Monday 2 March")
    unsigned = render(DEFAULTS[action], context)
    signed = render(DEFAULTS[action], msgspec.structs.replace(context, my_name="Alex Moreau"))
    closing = unsigned.rsplit("\n", 1)[-1]
    assert closing in ("Best regards", "Warmly", "Thank you", "Thanks a lot", "Best")
    assert signed == f"{unsigned},\nAlex Moreau"


def test_a_user_template_may_sign_with_my_name(home: Path) -> None:
    folder = home / "templates"
    folder.mkdir()
    (folder / "nudge.txt").write_text("Hi {first_name}, any news?\n\nCheers,\n{my_name}\n")
    text = load_templates(folder)["nudge"]
    assert render(text, Context(name="Pat Kim", my_name="Alex")) == (
        "Hi Pat, any news?\n\nCheers,\nAlex"
    )
    assert render(text, Context(name="Pat Kim")) == "Hi Pat, any news?\n\nCheers"


async def test_the_review_draft_is_signed_with_the_profile_name(home: Path) -> None:
    (home / "config.toml").write_text('[time]\ntimezone = "UTC"\n[profile]\nname = "Alex Moreau"\n')
    from tracker import config, paths

    where = paths.resolve()
    repo = Repository(where, config.load(where.config))
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        draft = str(screen.query_one("#draft").render())
        assert "Hi Ana," in draft and draft.rstrip().endswith("Best regards,\nAlex Moreau")


def test_user_template_overrides_and_unknown_placeholder_names_the_file(home: Path) -> None:
    folder = home / "templates"
    folder.mkdir()
    (folder / "thank_email.txt").write_text("Thanks {first_name} from {company}!\n")
    templates = load_templates(folder)
    assert templates["thank_email"] == "Thanks {first_name} from {company}!"
    assert templates["linkedin"] == DEFAULTS["linkedin"]
    (folder / "linkedin.txt").write_text("Hi {nickname}")
    with pytest.raises(DomainError) as caught:
        load_templates(folder)
    assert str(folder / "linkedin.txt") in str(caught.value) and "{nickname}" in str(caught.value)
    (folder / "linkedin.txt").unlink()
    (folder / "thanks.txt").write_text("Hi")
    with pytest.raises(DomainError, match="unknown action"):
        load_templates(folder)


async def test_r_opens_the_queue_in_urgency_order_with_a_draft(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        # Globex (3 days overdue), Initech (Feedback, past target) and Acme (due today).
        assert screen.queue == [ids["globex"], ids["initech"], ids["acme"]]
        draft = str(screen.query_one("#draft").render())
        assert "Hi Ana," in draft and "Globex" in draft


async def test_d_completes_the_selected_item(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_review(pilot)
        await pilot.press("down", "d")
        await settle(pilot)
        card = fresh(repo).snapshot().cards[ids["globex"]]
        done = [i.action for i in card.items if i.status is ItemStatus.DONE]
        assert done == ["linkedin"]  # the second in review order: e-mail, LinkedIn, note


async def test_capital_d_completes_the_card_and_moves_on(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("D")
        await settle(pilot)
        card = fresh(repo).snapshot().cards[ids["globex"]]
        assert not [i for i in card.items if i.is_open and not i.optional]
        assert screen.view is not None and screen.view.card.id == ids["initech"]


async def test_j_and_k_move_between_the_actions_as_the_arrows_do(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        actions = screen.query_one("#actions")
        await pilot.press("j")
        assert actions.highlighted == 1
        await pilot.press("j", "k")
        await settle(pilot)
        assert actions.highlighted == 1 and app.screen is screen  # k opens no skip dialog
        await pilot.press("up", "down", "d")
        await settle(pilot)
        card = fresh(repo).snapshot().cards[ids["globex"]]
        assert [i.action for i in card.items if not i.is_open] == ["linkedin"]
        screen.query_one("#draft-box").focus()  # the keys still move the actions
        await pilot.press("k")
        assert actions.highlighted == 0


async def test_its_own_keys_come_first_in_the_key_list_at_80_by_24(repo: Repository) -> None:
    from textual.widgets import DataTable

    from tracker.ui import bindings
    from tracker.ui.screens.help import HelpScreen

    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#keys", DataTable)
        ids = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        own = [b.id for b in bindings.REVIEW]  # type: ignore[union-attr]
        assert ids[: len(own)] == own  # in the order the review lists them
        assert ids[len(own) : len(own) + 2] == ["quit", "command_palette"]
        assert {"cursor_down", "page_down"} <= set(ids[len(own) + 2 :])  # the list's, last
        shown = table.scrollable_content_region.height - 1  # the header takes a line
        assert ids.index("review_skip") < shown and ids.index("review_done_all") < shown


async def test_x_skips_with_a_reason(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_review(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press(*"no address", "enter")
        await settle(pilot)
        item = fresh(repo).snapshot().cards[ids["globex"]].items[0]
        assert item.status is ItemStatus.SKIPPED and item.reason == "no address"


@pytest.mark.parametrize(
    ("answer", "until"), [("3", date(2026, 3, 5)), ("next fri", date(2026, 3, 6))]
)
async def test_s_snoozes_by_days_or_words(repo: Repository, answer: str, until: date) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("s", *answer, "enter")
        await settle(pilot)
        card = fresh(repo).snapshot().cards[ids["globex"]]
        assert card.state is State.SNOOZED and card.snoozed_until == until
        assert screen.tally.snoozed == 1 and screen.index == 1


async def test_a_advances_the_stage(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_review(pilot)
        await pilot.press("n", "a")  # Initech, in Feedback
        await settle(pilot)
        assert fresh(repo).snapshot().cards[ids["initech"]].stage is Stage.MONITOR


async def test_y_logs_a_reply_and_cancels_that_persons_nudges(repo: Repository) -> None:
    card_id = repo.add_interview(
        "Umbrella",
        "SRE",
        on=date(2026, 2, 16),
        people=[NewPerson("Joanna Park", Role.RECRUITER)],
    ).card.id
    view = repo.find_card(card_id)
    clock.set_now(datetime(2026, 2, 16, 18, tzinfo=UTC))  # thanked on the day: the check
    repo.close_items(card_id, [i.id for i in view.card.items])  # is due since 23 February
    clock.set_now(FIXED_NOW)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        assert (
            screen.selected_item() is not None and screen.selected_item().action == "status_check"
        )
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SaidScreen)
        await pilot.press("escape")  # cancelled: nothing is logged
        await settle(pilot)
        assert not any(e.type == "reply_logged" for e in fresh(repo).events())
        await pilot.press("y")
        await settle(pilot)
        await pilot.press(*"Next week", "enter", *"maybe", "ctrl+s")
        await settle(pilot)
    card = fresh(repo).snapshot().cards[card_id]
    check_item = next(i for i in card.items if i.action == "status_check")
    assert check_item.status is ItemStatus.SKIPPED and check_item.reason == "reply received"
    assert [(x.kind, x.text) for x in fresh(repo).interactions(card_id)] == [
        ("reply", "Next week\nmaybe")
    ]


async def test_y_takes_an_empty_answer(repo: Repository) -> None:
    card_id = repo.add_interview(
        "Umbrella", "SRE", on=date(2026, 2, 16), people=[NewPerson("Joanna Park", Role.RECRUITER)]
    ).card.id
    clock.set_now(datetime(2026, 2, 16, 18, tzinfo=UTC))
    repo.close_items(card_id, [i.id for i in repo.find_card(card_id).card.items])
    clock.set_now(FIXED_NOW)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_review(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [(x.kind, x.text) for x in fresh(repo).interactions(card_id)] == [("reply", "")]


async def test_c_copies_the_draft_with_osc52(repo: Repository) -> None:
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        written: list[str] = []
        real_write = app._driver.write
        app._driver.write = lambda data: (written.append(data), real_write(data))[1]  # type: ignore[method-assign]
        await pilot.press("c")
        await settle(pilot)
        item = screen.selected_item()
        assert item is not None
        expected = osc52(screen.draft_for(item))
        assert expected in written
        assert app.clipboard == screen.draft_for(item)


async def test_e_edits_the_draft_in_editor_and_keeps_it(
    repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = seed_small(repo)
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\nprintf "Dear Ana, edited by hand.\\n" > "$1"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert "edited by hand" in str(screen.query_one("#draft").render())
    item = fresh(repo).snapshot().cards[ids["globex"]].items[0]
    assert item.draft == "Dear Ana, edited by hand."


async def test_n_p_move_and_q_leaves_then_the_next_review_resumes(repo: Repository) -> None:
    ids = seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("n", "n", "p")
        await settle(pilot)
        assert screen.view is not None and screen.view.card.id == ids["initech"]
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        again = await open_review(pilot)
        assert again.view is not None and again.view.card.id == ids["initech"]


async def test_summary_and_a_finished_review_keeps_the_day(repo: Repository) -> None:
    seed_small(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("D", "D", "D")
        await settle(pilot)
        assert screen.finished
        summary = str(screen.query_one("#review-summary").render())
        assert "done · 0 skipped · 0 snoozed across 3 cards" in summary
        assert "due tomorrow" in summary
    finished = [e for e in fresh(repo).events() if e.type == "review_finished"]
    assert len(finished) == 1 and finished[0].data["nothing_left_due"] is True


async def test_ten_due_cards_take_twelve_keystrokes_or_fewer(repo: Repository) -> None:
    """From the open board: r, then one D per card, then q."""
    for n in range(10):
        repo.add_interview(
            f"Company {n}",
            "Engineer",
            on=date(2026, 3, 2),
            people=[NewPerson(f"Person {n}", Role.INTERVIEWER)],
        )
    app = make_app(repo)
    keys = ["r"] + ["D"] * 10 + ["q"]
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
    snap = fresh(repo).snapshot()
    assert all(
        not [i for i in c.items if i.is_open and not i.optional] for c in snap.cards.values()
    )
    assert len(keys) <= 12


async def test_e_with_a_missing_editor_says_so_and_changes_nothing(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = seed_small(repo)
    monkeypatch.setenv("EDITOR", "/nonexistent/editor --wait")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_review(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert any("Cannot run the editor" in n.message for n in app._notifications)
    assert fresh(repo).snapshot().cards[ids["globex"]].items[0].draft is None

"""Ticking "compare their background" opens the comparison form (item_forms.FORMS): saving
keeps the comparison and completes the item in one action; bad input stays in the form with
one sentence; esc writes nothing; a comparison already kept fills the form. What the board
wrote is read back through a second ``Repository`` on the same files.

The clock is Monday 2026-03-02 (the autouse ``home`` fixture).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker import config, paths
from tracker.domain.capture import NewPerson
from tracker.domain.model import Gap, ItemStatus, Role, Stage
from tracker.store.repo import Repository
from tracker.ui.screens.compare import CompareScreen
from tracker.ui.screens.detail import CardDetailScreen
from tracker.ui.widgets.fields import FieldArea

from support.ui import fixed_ids, make_app, settle


def fresh(home: Path) -> Repository:
    """A second repository on the same home, as another process would read it."""
    where = paths.resolve(home)
    return Repository(where, config.load(home / "config.toml"))


def monitor_card(repo: Repository) -> str:
    """Acme, rejected on 2026-01-20 with Pat Kim hired, Feedback done: in Monitor, where
    "compare their background" is the next item."""
    view = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2026, 1, 15),
        people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)],
    )
    repo.reject(view.card.id, date(2026, 1, 20), hired="Pat Kim")
    repo.close_items(view.card.id, [i.id for i in repo.find_card("acme").card.open_items])
    repo.settle()
    card = repo.find_card("acme").card
    assert card.stage is Stage.MONITOR and card.open_items[0].action == "compare_background"
    return view.card.id


def typed(text: str) -> list[str]:
    """The keys that type ``text`` (a line break is enter)."""
    names = {" ": "space", "\n": "enter", "-": "minus", ",": "comma"}
    return [names.get(ch, ch) for ch in text]


def compare_id(repo: Repository, card_id: str) -> str:
    (item,) = [i for i in repo.find_card(card_id).card.items if i.action == "compare_background"]
    return item.id


def compare_item(repo: Repository, card_id: str) -> ItemStatus:
    (item,) = [i for i in repo.find_card(card_id).card.items if i.action == "compare_background"]
    return item.status


async def test_space_on_the_board_opens_the_form_and_ctrl_s_keeps_the_comparison(
    repo: Repository, home: Path
) -> None:
    card_id = monitor_card(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("right", "right", "space")  # to Monitor, where Acme is
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CompareScreen)
        assert "Pat Kim's (Acme)" in str(form.query_one(".dialog-title").render())
        await pilot.press(*typed("SRE at a bank\non call"), "tab")
        await pilot.press(*typed("Kubernetes in production\nGo\n\ngo"), "tab")
        await pilot.press("right", "right", "left")  # the answers: an arrow chooses; no
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CompareScreen)

    stored = fresh(home)
    comparison = stored.find_card("acme").opportunity.comparison
    assert comparison is not None
    assert comparison.background == "SRE at a bank\non call"
    assert comparison.gaps == (Gap("g1", "Kubernetes in production"), Gap("g2", "Go"))
    assert comparison.better == "no"
    assert compare_item(stored, card_id) is ItemStatus.DONE
    assert stored.card_events(card_id)[-1].type == "compared"


async def test_bad_input_stays_in_the_form_with_one_sentence_and_writes_nothing(
    repo: Repository, home: Path
) -> None:
    card_id = monitor_card(repo)
    before = (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("right", "right", "space")  # to Monitor, where Acme is
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CompareScreen)
        await pilot.press("tab", *typed("Go"), "ctrl+s")  # no answer chosen
        await settle(pilot)
        assert app.screen is form
        error = str(form.query_one("#compare-error").render())
        assert error == "say whether they were better qualified: yes, no or not sure."
        form.query_one("#gaps", FieldArea).text = "x" * 121
        await pilot.press("tab", "enter", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "gap 1 is 121 characters long" in str(form.query_one("#compare-error").render())
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CompareScreen)
    assert ((home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()) == before
    assert compare_item(fresh(home), card_id) is ItemStatus.OPEN


async def test_in_the_detail_the_form_comes_filled_and_saving_again_keeps_gap_ids(
    repo: Repository, home: Path
) -> None:
    card_id = monitor_card(repo)
    repo.compare(card_id, "SRE", ["Kubernetes", "Go"], "unsure")
    repo.reopen_item(card_id, compare_id(repo, card_id))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("right", "right", "enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CardDetailScreen)
        summary = str(detail.query_one("#summary").render())
        assert "compared with Pat Kim on 2026-03-02 · better qualified: not sure" in summary
        assert "gaps: Kubernetes · Go" in summary
        assert "compared with Pat Kim: 2 gaps" in str(detail.query_one("#history").render())
        await pilot.press("space")  # the checklist's first item: compare, open again
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CompareScreen)
        assert form.query_one("#background", FieldArea).text == "SRE"
        assert form.query_one("#gaps", FieldArea).text == "Kubernetes\nGo"
        await pilot.press("tab", "down", "end", "enter", *typed("Terraform"), "ctrl+s")
        await settle(pilot)
        assert app.screen is detail

    comparison = fresh(home).find_card("acme").opportunity.comparison
    assert comparison is not None
    assert comparison.gaps == (Gap("g1", "Kubernetes"), Gap("g2", "Go"), Gap("g3", "Terraform"))
    assert comparison.better == "unsure"
    assert compare_item(fresh(home), card_id) is ItemStatus.DONE


async def test_d_in_the_review_opens_the_form_too(repo: Repository, home: Path) -> None:
    from tracker import clock
    from tracker.ui.screens.review import ReviewScreen

    card_id = monitor_card(repo)
    clock.set_now(clock.now().replace(month=4, day=6))  # past the compare item's target
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        await pilot.press(*typed("Go"), "tab", "tab", "enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    comparison = fresh(home).find_card("acme").opportunity.comparison
    assert comparison is not None and comparison.background == "Go"
    assert comparison.better == "yes"
    assert compare_item(fresh(home), card_id) is ItemStatus.DONE


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
def test_the_comparison_form(snap_compare, repo: Repository, monkeypatch, size) -> None:  # type: ignore[no-untyped-def]
    """The comparison form over the board, filled: a title naming Pat Kim and Acme, two
    lines of background, two gaps one per line, the three answers on one line with "No"
    chosen, an empty error line and the keys hint; at 80x24 every part still fits."""
    fixed_ids(monkeypatch)
    card_id = monitor_card(repo)
    repo.compare(
        card_id,
        "Ten years of SRE at a bank\nLed the on-call rota",
        ["Kubernetes in production", "Go"],
        "no",
    )
    repo.reopen_item(card_id, compare_id(repo, card_id))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("right", "right", "space")
        await settle(pilot)

    assert snap_compare(make_app(repo), terminal_size=size, run_before=run_before)

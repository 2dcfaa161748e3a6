"""The coffee in the store: a yes with its meeting day, then the meeting's notes (AIR);
each one action with one event, undoable, and a refused one writes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker import clock, config, paths
from tracker.domain.errors import DomainError
from tracker.domain.model import ItemStatus
from tracker.store.repo import Repository

from support import FIXED_NOW
from support.coffee import coffee_card, hire_of


def fresh(home: Path) -> Repository:
    """A second repository on the same home, as another process would read it."""
    where = paths.resolve(home)
    return Repository(where, config.load(home / "config.toml"))


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def items(repo: Repository, card_id: str) -> list[tuple[str, str, ItemStatus]]:
    view = repo.find_card(card_id, include_inactive=True)
    return [(i.action, view.person_name(i), i.status) for i in view.card.items]


def test_a_yes_plans_the_meeting_in_one_undoable_action(repo: Repository, home: Path) -> None:
    card_id = coffee_card(repo)
    pat = hire_of(repo, card_id)
    repo.close_items(card_id, [repo.find_card(card_id).card.open_items[0].id])  # invite sent
    before = len(repo.card_events(card_id))
    repo.accept_coffee(card_id, pat, date(2026, 3, 10), "Sure, Tuesday at 9")

    stored = fresh(home)
    assert items(stored, card_id) == [
        ("invite_coffee", "Pat Kim", ItemStatus.DONE),
        ("nudge", "Pat Kim", ItemStatus.SKIPPED),
        ("meet", "Pat Kim", ItemStatus.OPEN),
    ]
    meet = stored.find_card(card_id).card.open_items[0]
    assert (meet.target, meet.deadline) == (date(2026, 3, 10), date(2026, 3, 12))
    events = stored.card_events(card_id)
    assert len(events) == before + 1
    event = events[-1]
    assert event.type == "reply_logged"
    assert event.data["meeting"] == "2026-03-10" and event.data["text"] == "Sure, Tuesday at 9"
    assert event.data["kind"] == "reply" and len(event.data["cancelled"]) == 1
    (said,) = stored.interactions(card_id)
    assert (said.kind, said.text) == ("reply", "Sure, Tuesday at 9")

    assert repo.undo() == "the yes to coffee from Pat Kim on Acme"
    assert [a for a, _, s in items(fresh(home), card_id) if s is ItemStatus.OPEN] == [
        "nudge",
        "thank_after_coffee",
    ]


def test_the_meeting_keeps_its_air_notes(repo: Repository, home: Path) -> None:
    card_id = coffee_card(repo)
    pat = hire_of(repo, card_id)
    repo.accept_coffee(card_id, pat, date(2026, 3, 4))
    clock.set_now(FIXED_NOW.replace(day=6))
    repo.met(
        card_id,
        pat,
        date(2026, 3, 5),
        advice="Learn Go",
        insights="",
        recommendations="Read the SRE book\nand its workbook",
    )

    stored = fresh(home)
    assert items(stored, card_id) == [
        ("invite_coffee", "Pat Kim", ItemStatus.DONE),
        ("meet", "Pat Kim", ItemStatus.DONE),
        ("thank_after_coffee", "Pat Kim", ItemStatus.OPEN),
    ]
    thanks = stored.find_card(card_id).card.open_items[0]
    assert (thanks.target, thanks.deadline) == (date(2026, 3, 5), date(2026, 3, 6))
    event = stored.card_events(card_id)[-1]
    assert event.type == "interaction_noted"
    assert event.data == {
        "person": pat,
        "name": "Pat Kim",
        "kind": "advice",
        "text": "Advice: Learn Go\nRecommendations: Read the SRE book\nand its workbook",
        "air": {
            "advice": "Learn Go",
            "insights": "",
            "recommendations": "Read the SRE book\nand its workbook",
        },
        "met_on": "2026-03-05",
    }
    said = stored.interactions(card_id)[-1]
    assert (said.day, said.kind) == (date(2026, 3, 5), "advice")

    assert repo.undo() == "the meeting with Pat Kim on Acme"
    assert items(fresh(home), card_id)[-1] == ("meet", "Pat Kim", ItemStatus.OPEN)
    assert fresh(home).interactions(card_id)[-1].kind == "reply"


def test_a_meeting_with_nothing_noted_still_counts(repo: Repository, home: Path) -> None:
    card_id = coffee_card(repo)
    pat = hire_of(repo, card_id)
    repo.accept_coffee(card_id, pat, date(2026, 3, 2))
    repo.met(card_id, pat)
    event = fresh(home).card_events(card_id)[-1]
    assert event.data["text"] == "" and event.data["met_on"] == "2026-03-02"


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda r, c, p: r.met(c, p, date(2026, 3, 3)), "after today"),
        (lambda r, c, p: r.met(c, p, advice="x\x1b]52;c;bad\x07"), "control character"),
        (lambda r, c, p: r.met(c, p, insights="y" * 2001), "2001 characters"),
        (lambda r, c, p: r.accept_coffee(c, p, date(2026, 3, 9), "\x1b[2J"), "control"),
    ],
)
def test_refused_coffee_writes_nothing(repo: Repository, home: Path, call, words: str) -> None:  # type: ignore[no-untyped-def]
    card_id = coffee_card(repo)
    pat = hire_of(repo, card_id)
    before = files(home)
    with pytest.raises(DomainError, match=words):
        call(repo, card_id, pat)
    assert files(home) == before


def test_someone_never_invited_is_refused(repo: Repository, home: Path) -> None:
    card_id = coffee_card(repo)
    jane = next(p.id for p in repo.find_card(card_id).people.values() if p.name == "Jane Doe")
    before = files(home)
    with pytest.raises(DomainError, match="Jane Doe has no coffee invitation on Acme"):
        repo.accept_coffee(card_id, jane, date(2026, 3, 9))
    with pytest.raises(DomainError, match="no coffee or call with Jane Doe is planned on Acme"):
        repo.met(card_id, jane)
    assert files(home) == before


def test_noting_the_meeting_keeps_the_day(repo: Repository, home: Path) -> None:
    """Ticking "meet" through its form is the follow-up of that day, as ticking any
    item is: the streak counts the day it was written (and stops counting it on undo)."""
    card_id = coffee_card(repo)
    pat = hire_of(repo, card_id)
    repo.accept_coffee(card_id, pat, date(2026, 3, 4))
    clock.set_now(FIXED_NOW.replace(day=6))
    assert date(2026, 3, 6) not in fresh(home).kept_days()
    repo.met(card_id, pat, date(2026, 3, 5), advice="Learn Go")
    assert date(2026, 3, 6) in fresh(home).kept_days()
    repo.undo()
    assert date(2026, 3, 6) not in fresh(home).kept_days()


def test_undoing_a_plain_note_leaves_the_day_kept(repo: Repository, home: Path) -> None:
    """A note about a person never kept the day, so its undo takes nothing from it."""
    card_id = coffee_card(repo)
    pat = hire_of(repo, card_id)
    clock.set_now(FIXED_NOW.replace(day=6))
    repo.accept_coffee(card_id, pat, date(2026, 3, 9))  # a reply: keeps the 6th
    repo.note_interaction(card_id, pat, "Prefers mornings")
    repo.undo()
    assert date(2026, 3, 6) in fresh(home).kept_days()

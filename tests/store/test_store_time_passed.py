"""An action on a card applies the passing of time to it first.

Reads no longer write (``tracker due`` shows a waiting card in its next stage without
storing the move), so the first write after that day must store it: naming the hire
on a card whose Monitor stage began while nobody wrote acts on the Monitor checklist,
not on the Feedback one it had left in the file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tracker import clock, config, paths
from tracker.domain.capture import NewPerson
from tracker.domain.model import ItemStatus, Role, Stage, State
from tracker.store.repo import Repository

from support import FIXED_NOW


def fresh(home: Path) -> Repository:
    return Repository(paths.resolve(home), config.load(home / "config.toml"))


def waiting_for_monitor(repo: Repository) -> str:
    """A card rejected on 2026-03-02 whose Feedback is done: it waits for Monitor."""
    view = repo.add_interview(
        "Acme", "SRE", on=date(2026, 2, 23), people=[NewPerson("Bob Smith", Role.INTERVIEWER)]
    )
    card_id = view.card.id
    repo.reject(card_id, date(2026, 3, 2))
    repo.close_items(card_id, [i.id for i in repo.find_card(card_id).card.open_items])
    card = repo.find_card(card_id).card
    assert (card.stage, card.state) == (Stage.FEEDBACK, State.WAITING)
    assert card.next_stage_on is not None
    return card_id


def test_naming_the_hire_after_monitor_began_acts_on_monitor(repo: Repository, home: Path) -> None:
    card_id = waiting_for_monitor(repo)
    day = repo.find_card(card_id).card.next_stage_on
    assert day is not None
    clock.set_now(FIXED_NOW.replace(month=day.month, day=day.day))

    repo.add_person(card_id, "Pat Kim", Role.HIRED)  # `tracker hired acme "Pat Kim"`

    card = fresh(home).find_card(card_id).card
    assert card.stage is Stage.MONITOR
    items = {i.action: i for i in card.items}
    assert items["find_hired"].status is ItemStatus.DONE
    assert fresh(home).find_card(card_id).person_name(items["compare_background"]) == "Pat Kim"
    moves = [e for e in fresh(home).card_events(card_id) if e.type == "stage_changed"]
    assert moves[-1].data == {"from": "feedback", "to": "monitor", "auto": True}


def test_a_comparison_after_monitor_began_closes_its_item(repo: Repository, home: Path) -> None:
    card_id = waiting_for_monitor(repo)
    day = repo.find_card(card_id).card.next_stage_on
    assert day is not None
    clock.set_now(FIXED_NOW.replace(month=day.month, day=day.day))
    repo.add_person(card_id, "Pat Kim", Role.HIRED)
    repo.compare(card_id, "8 years SRE", ["Kubernetes"], "yes")
    card = fresh(home).find_card(card_id).card
    assert {i.action: i.status for i in card.items}["compare_background"] is ItemStatus.DONE


def test_undo_puts_the_card_back_as_the_file_had_it(repo: Repository, home: Path) -> None:
    card_id = waiting_for_monitor(repo)
    day = repo.find_card(card_id).card.next_stage_on
    assert day is not None
    clock.set_now(FIXED_NOW.replace(month=day.month, day=day.day))
    repo.add_person(card_id, "Pat Kim", Role.HIRED)
    repo.undo()
    card = fresh(home).snapshot().cards[card_id]  # as stored: find_card would settle it again
    assert (card.stage, card.state) == (Stage.FEEDBACK, State.WAITING)

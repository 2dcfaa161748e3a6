"""Editing a person from a card (the board's person editor): the name too, one event in that
card's history, undoable; a person who is not on the card is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker import config, paths
from tracker.domain.capture import NewPerson
from tracker.domain.errors import DomainError
from tracker.domain.model import Role
from tracker.domain.people import Details
from tracker.store.repo import Repository


def fresh(home: Path) -> Repository:
    """A second repository on the same home, as another process would read it."""
    return Repository(paths.resolve(home), config.load(home / "config.toml"))


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def test_edit_person_from_a_card_renames_logs_on_the_card_and_undoes(
    repo: Repository, home: Path
) -> None:
    view = repo.add_interview("Acme", "Dev", people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)])
    jane = next(iter(view.people.values()))
    person, changed = repo.edit_person(
        jane.id,
        Details(name=" Jane  Q. Doe ", highlight="their Postgres migration", email="j@acme.com"),
        card_id=view.card.id,
    )
    assert changed == ["email", "highlight", "name"]
    stored = fresh(home).find_person(jane.id[:6])
    assert (stored.name, stored.highlight, stored.email) == (
        "Jane Q. Doe",
        "their Postgres migration",
        "j@acme.com",
    )
    event = fresh(home).card_events(view.card.id)[-1]
    assert (event.type, event.data["was"], event.data["name"]) == (
        "person_edited",
        "Jane Doe",
        "Jane Q. Doe",
    )
    assert len(fresh(home).events()) == 2  # created, and one edit

    assert repo.undo() == "the edit of Jane Q. Doe (was Jane Doe)"
    back = fresh(home).find_person(jane.id[:6])
    assert (back.name, back.highlight, back.email) == ("Jane Doe", "", "")


def test_edit_person_refuses_someone_not_on_the_card_and_writes_nothing(
    repo: Repository, home: Path
) -> None:
    acme = repo.add_interview("Acme", "Dev", people=[NewPerson("Jane Doe", Role.INTERVIEWER)])
    globex = repo.add_interview("Globex", "Dev")
    jane = next(iter(acme.people.values()))
    before = files(home)
    with pytest.raises(DomainError, match="Jane Doe is not on Globex"):
        repo.edit_person(jane.id, Details(title="CTO"), card_id=globex.card.id)
    with pytest.raises(DomainError, match="the person's name is empty"):
        repo.edit_person(jane.id, Details(name=" "), card_id=acme.card.id)
    assert files(home) == before

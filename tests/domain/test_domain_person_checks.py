"""The checks the board's people forms share with the command line: a name in the details,
a highlight, a role from its own field, a note's text."""

from __future__ import annotations

import pytest

from tracker.domain.errors import DomainError
from tracker.domain.model import Person, Role
from tracker.domain.people import ALL_ROLES, Details, check_note, new_link, parse_link


def test_details_take_a_name_and_a_highlight_checked_and_trimmed() -> None:
    details = Details(name="  Jane   Q. Doe ", highlight=" their Postgres migration ").checked()
    assert (details.name, details.highlight) == ("Jane Q. Doe", "their Postgres migration")
    person = Person(id="p1", name="Jane Doe")
    assert details.apply(person) == ["highlight", "name"]
    assert (person.name, person.highlight) == ("Jane Q. Doe", "their Postgres migration")


@pytest.mark.parametrize(
    ("details", "words"),
    [
        (Details(name="  "), "the person's name is empty"),
        (Details(name="Pat\x1b]0;owned\x07"), "control character"),
        (Details(highlight="line one\nline two"), "the highlight contains a control character"),
    ],
)
def test_details_refuse_an_empty_name_and_controls(details: Details, words: str) -> None:
    with pytest.raises(DomainError, match=words):
        details.checked()


def test_a_name_left_as_it_is_is_no_change() -> None:
    assert Details(name="Jane Doe").checked().changes(Person(id="p1", name="Jane Doe")) == {}


def test_new_link_refuses_with_the_sentence_person_add_uses() -> None:
    """The add-person form's three fields and `person add CARD Pat:ceo` refuse with one
    check: the CLI quotes what was typed and says how to write a colon in a name."""
    with pytest.raises(DomainError) as from_fields:
        new_link("Pat", "ceo", "")
    with pytest.raises(DomainError) as from_spec:
        parse_link("Pat:ceo")
    assert str(from_fields.value) == f"'Pat' has an unknown role 'ceo'; use {ALL_ROLES}."
    assert str(from_spec.value).startswith(
        f"'Pat:ceo' has an unknown role 'ceo'; use {ALL_ROLES} (a colon in a name"
    )


def test_new_link_keeps_a_colon_in_a_name_from_its_own_field() -> None:
    link = new_link(" Dr. Who: PhD ", "Hiring-Manager", " the TARDIS ")
    assert (link.name, link.role, link.highlight) == (
        "Dr. Who: PhD",
        Role.HIRING_MANAGER,
        "the TARDIS",
    )
    assert new_link("Pat", "", "").role is Role.INTERVIEWER


def test_check_note_is_what_they_said_but_never_empty() -> None:
    assert check_note("  Met for coffee\n") == "Met for coffee"
    with pytest.raises(DomainError, match="the note is empty"):
        check_note(" \n ")

"""Snapshot tests of the card detail's people: the person editor, the add-person form, and a
detail with contact details and what people said. Each docstring says what to see.

The clock is fixed (Monday 2 March 2026), ids are deterministic, cursors do not blink.
Update with ``pytest tests/ui/test_snapshots_people.py --snapshot-update`` and look at every SVG.
"""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.domain.people import Details
from tracker.store.repo import Repository

from support.ui import fixed_ids, make_app, settle


@pytest.fixture
def acme(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> Repository:
    """One rejected Acme card: Jane Doe with contact details and feedback, Bob Smith with a
    meeting, and Pat Kim, the hire, named later."""
    fixed_ids(monkeypatch)
    view = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2026, 2, 20),
        people=[
            NewPerson("Jane Doe", Role.HIRING_MANAGER, "their Postgres migration"),
            NewPerson("Bob Smith", Role.INTERVIEWER),
        ],
    )
    card_id = view.card.id
    ids = {p.name: p.id for p in view.people.values()}
    repo.edit_person(
        ids["Jane Doe"],
        Details(
            title="VP Engineering",
            email="jane@acme.com",
            linkedin="https://www.linkedin.com/in/janedoe",
            notes="Met at PyCon 2025.\nPrefers e-mail to calls.",
        ),
    )
    repo.reject(card_id, date(2026, 2, 27))
    repo.log_reply(card_id, ids["Jane Doe"], "Strong design round.\nPractise system design.")
    repo.note_interaction(card_id, ids["Bob Smith"], "Coffee next week", "meeting")
    repo.add_person(card_id, "Pat Kim", Role.HIRED)
    return repo


async def open_people(pilot) -> None:  # type: ignore[no-untyped-def]
    """The detail of the one card (in Feedback), the focus on its first person."""
    await settle(pilot)
    await pilot.press("l", "enter")
    await settle(pilot)
    await pilot.press("shift+tab")
    await settle(pilot)


def test_detail_with_contact_details_and_interactions(snap_compare, acme: Repository) -> None:
    """Acme's detail in Feedback: the label lists the people keys; Jane Doe (hiring manager)
    with her highlight, then "VP Engineering · jane@acme.com · https://…/janedoe" (the address
    and URL underlined: hyperlinks in a terminal), then her feedback on two indented lines; Bob
    Smith with his meeting; Pat Kim (hired). The footer shows "+ Add person"."""
    assert snap_compare(make_app(acme), terminal_size=(120, 36), run_before=open_people)


def test_person_editor(snap_compare, acme: Repository) -> None:
    """The person editor over the detail: "Edit Jane Doe (hiring manager)", labelled fields
    Name, Title, E-mail, LinkedIn, Highlight filled in, the name focused, her two lines of
    notes in the notes field, and the keys on the last line."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_people(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(acme), terminal_size=(120, 36), run_before=run_before)


def test_person_editor_at_80_by_24(snap_compare, acme: Repository) -> None:
    """The same editor in a small terminal: every field, the notes and the keys line fit."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_people(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(acme), terminal_size=(80, 24), run_before=run_before)


def test_add_person_form_at_80_by_24(snap_compare, acme: Repository) -> None:
    """The add-person form ("Add a person to Acme"): Name focused, Role with "interviewer"
    as its placeholder and the roles it takes listed under it, Highlight, the keys line."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_people(pilot)
        await pilot.press("plus")
        await settle(pilot)

    assert snap_compare(make_app(acme), terminal_size=(80, 24), run_before=run_before)

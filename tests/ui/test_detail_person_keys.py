"""The card detail's people keys: enter edits a person, + adds one, y logs a reply, N notes
an interaction, c copies an address; e-mail and LinkedIn show as hyperlinks. Each key is
checked through a second Repository on the same files, as another process would read them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.style import Style
from textual.widgets import Input, OptionList, TextArea

from tracker.domain.capture import NewPerson
from tracker.domain.errors import DomainError
from tracker.domain.model import ItemStatus, Person, Role, Stage
from tracker.domain.people import Details, check_email, new_link
from tracker.store.repo import Repository
from tracker.ui.screens.detail import CardDetailScreen, contact, person_prompt
from tracker.ui.screens.dialogs import ConfirmScreen, SaidScreen
from tracker.ui.screens.help import bindings_of
from tracker.ui.screens.person import AddPersonScreen, NoteScreen, PersonScreen
from tracker.ui.screens.review import osc52

from support.ui import make_app, settle


def fresh(repo: Repository) -> Repository:
    """A second repository on the same files: what another process would read."""
    return Repository(repo.paths, repo.settings)


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def acme(repo: Repository) -> tuple[str, dict[str, str]]:
    """Acme with Jane Doe (hiring manager, contact details) and Bob Smith (interviewer)."""
    view = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2026, 2, 27),
        people=[
            NewPerson("Jane Doe", Role.HIRING_MANAGER, "their Postgres migration"),
            NewPerson("Bob Smith", Role.INTERVIEWER),
        ],
    )
    ids = {p.name: p.id for p in view.people.values()}
    repo.edit_person(
        ids["Jane Doe"],
        Details(email="jane@acme.com", linkedin="https://www.linkedin.com/in/janedoe"),
    )
    return view.card.id, ids


async def open_detail(pilot, card_id: str, person: int | None = 0) -> CardDetailScreen:  # type: ignore[no-untyped-def]
    """The detail of ``card_id``, with the focus on the ``person``-th of its people list."""
    await settle(pilot)
    pilot.app.push_screen(CardDetailScreen(card_id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CardDetailScreen)
    if person is not None:
        people = screen.query_one("#people-list", OptionList)
        people.focus()
        people.highlighted = person
        await settle(pilot)
    return screen


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


async def test_enter_edits_every_field_of_a_person_in_one_undoable_event(
    repo: Repository,
) -> None:
    card_id, ids = acme(repo)
    events = len(repo.events())
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_detail(pilot, card_id)
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, PersonScreen)
        assert editor.query_one("#email", Input).value == "jane@acme.com"
        await pilot.press("ctrl+u", *"Jane Q. Doe", "tab", *"VP Engineering", "tab")
        await pilot.press("ctrl+u", *"jane.doe@acme.com", "tab", "tab")
        await pilot.press("ctrl+u", *"the billing rewrite", "tab")
        await pilot.press(*"Met at PyCon", "enter", *"Runs the platform team", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen)
        assert "Saved Jane Q. Doe." in messages(app)
        prompt = str(app.screen.query_one("#people-list", OptionList).get_option_at_index(0).prompt)
        assert prompt.startswith("Jane Q. Doe (hiring manager) — the billing rewrite\n")
        history = str(app.screen.query_one("#history").render())
        assert "edited Jane Q. Doe (was Jane Doe): name, title, e-mail, notes, highlight" in history
    jane = fresh(repo).find_person(ids["Jane Doe"][:6])
    assert (jane.name, jane.title, jane.email, jane.linkedin, jane.notes, jane.highlight) == (
        "Jane Q. Doe",
        "VP Engineering",
        "jane.doe@acme.com",
        "https://www.linkedin.com/in/janedoe",
        "Met at PyCon\nRuns the platform team",
        "the billing rewrite",
    )
    assert len(fresh(repo).events()) == events + 1
    assert fresh(repo).card_events(card_id)[-1].type == "person_edited"
    assert fresh(repo).undo() == "the edit of Jane Q. Doe (was Jane Doe)"
    assert fresh(repo).find_person(ids["Jane Doe"][:6]).email == "jane@acme.com"


async def test_a_bad_email_is_one_sentence_the_form_stays_and_nothing_is_written(
    repo: Repository, home: Path
) -> None:
    card_id, ids = acme(repo)
    before = files(home)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_detail(pilot, card_id)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab", *"CTO", "tab", "ctrl+u", *"jane.acme.com", "ctrl+s")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, PersonScreen)  # still open, with what was typed
        assert editor.query_one("#email", Input).value == "jane.acme.com"
        assert editor.query_one("#title", Input).value == "CTO"
        assert app.focused is editor.query_one("#email", Input)
        with pytest.raises(DomainError) as refused:
            check_email("jane.acme.com")
        assert messages(app)[-1] == str(refused.value)  # what `tracker person --email` says
    assert files(home) == before


async def test_a_bad_linkedin_url_is_refused_and_nothing_is_written(
    repo: Repository, home: Path
) -> None:
    card_id, _ = acme(repo)
    before = files(home)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_detail(pilot, card_id, person=1)  # Bob Smith
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", *"linkedin.com/in/bob", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert "http:// or https://" in messages(app)[-1]
    assert files(home) == before


async def test_saving_nothing_changed_writes_nothing_and_esc_asks_before_discarding(
    repo: Repository, home: Path
) -> None:
    card_id, _ = acme(repo)
    before = files(home)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_detail(pilot, card_id)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen)
        assert "Nothing changed." in messages(app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("end", *" Jr", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # back to the form, what was typed kept
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "Jane Doe Jr"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen)
    assert files(home) == before


async def test_plus_adds_the_hire_and_ticks_find_who_was_hired(repo: Repository) -> None:
    view = repo.add_interview("Acme", "Dev", on=date(2026, 1, 15))
    repo.ghosted(view.card.id, date(2026, 2, 20))
    card = fresh(repo).find_card("Acme", include_inactive=True).card
    assert card.stage is Stage.MONITOR
    find = next(i for i in card.items if i.action == "find_hired")
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_detail(pilot, view.card.id, person=None)
        await pilot.press("plus")
        await settle(pilot)
        assert isinstance(app.screen, AddPersonScreen)
        await pilot.press(*"Pat Kim", "tab", *"ceo", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AddPersonScreen)  # refused, as `person add` refuses it
        with pytest.raises(DomainError) as refused:
            new_link("Pat Kim", "ceo")  # the check `person add` makes, quoting the name
        assert messages(app)[-1] == str(refused.value)
        await pilot.press("ctrl+u", *"Hired", "tab", *"ex-Google SRE", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen)
        assert "Added Pat Kim to Acme as hired." in messages(app)
    after = fresh(repo).find_card(view.card.id[:6], include_inactive=True)
    pat = next(p for p in after.people.values() if p.name == "Pat Kim")
    assert after.opportunity.role_of(pat.id) is Role.HIRED
    assert pat.highlight == "ex-Google SRE"
    assert after.card.item(find.id).status is ItemStatus.DONE


async def test_plus_links_someone_already_known_with_another_role(repo: Repository) -> None:
    card_id, ids = acme(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_detail(pilot, card_id)
        await pilot.press("plus", *"bob smith", "tab", *"referral", "enter")
        await settle(pilot)
        assert any("already known" in m for m in messages(app))
    after = fresh(repo).find_card(card_id[:6])
    assert [x.role for x in after.opportunity.people if x.person_id == ids["Bob Smith"]] == [
        Role.INTERVIEWER,
        Role.REFERRAL,
    ]
    assert len(fresh(repo).snapshot().people) == 2


async def test_y_asks_what_they_said_and_logs_the_reply(repo: Repository) -> None:
    card_id, ids = acme(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_detail(pilot, card_id, person=1)  # Bob Smith
        await pilot.press("y")
        await settle(pilot)
        said = app.screen
        assert isinstance(said, SaidScreen) and said.title_text == "What did Bob Smith say?"
        await pilot.press(*"Loved the demo", "enter", *"Wants a follow-up", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen)
        # From the checklist, y is for the highlighted item's person (item 1: Jane's thank-you).
        app.screen.query_one("#checklist", OptionList).focus()
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.title_text == "What did Jane Doe say?"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")  # it may be left empty
        await settle(pilot)
    said_now = [(x.person_id, x.kind, x.text) for x in fresh(repo).interactions(card_id)]
    assert said_now == [
        (ids["Bob Smith"], "reply", "Loved the demo\nWants a follow-up"),
        (ids["Jane Doe"], "reply", ""),
    ]


async def test_N_notes_an_interaction_with_a_kind(repo: Repository, home: Path) -> None:
    card_id, ids = acme(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_detail(pilot, card_id, person=1)
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        before = files(home)
        await pilot.press("shift+tab", *"gossip", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        assert messages(app)[-1].startswith("'gossip' is not a kind of interaction")
        await pilot.press("ctrl+u", *"meeting", "ctrl+s")
        await settle(pilot)
        assert messages(app)[-1] == "the note is empty; say what they said or what happened."
        assert files(home) == before
        await pilot.press(*"Coffee at Blue Bottle", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen)
        prompt = str(app.screen.query_one("#people-list", OptionList).get_option_at_index(1).prompt)
        assert prompt == "Bob Smith (interviewer)\n    2026-03-02 meeting: Coffee at Blue Bottle"
    found = fresh(repo).interactions(card_id)
    assert [(x.person_id, x.kind, x.text) for x in found] == [
        (ids["Bob Smith"], "meeting", "Coffee at Blue Bottle")
    ]


async def test_c_copies_the_email_else_the_linkedin_url_else_says_so(repo: Repository) -> None:
    card_id, ids = acme(repo)
    repo.add_person(
        card_id,
        "Ana Ruiz",
        Role.RECRUITER,
        details=Details(linkedin="https://www.linkedin.com/in/anaruiz"),
    )
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_detail(pilot, card_id)
        written: list[str] = []
        real_write = app._driver.write
        app._driver.write = lambda data: (written.append(data), real_write(data))[1]  # type: ignore[method-assign]
        await pilot.press("c")
        await settle(pilot)
        assert osc52("jane@acme.com") in written and app.clipboard == "jane@acme.com"
        assert messages(app)[-1] == "Copied Jane Doe's e-mail address."
        screen.query_one("#people-list", OptionList).highlighted = 2  # Ana Ruiz
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == "https://www.linkedin.com/in/anaruiz"
        assert messages(app)[-1] == "Copied Ana Ruiz's LinkedIn URL."
        screen.query_one("#people-list", OptionList).highlighted = 1  # Bob: nothing to copy
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == "https://www.linkedin.com/in/anaruiz"
        assert messages(app)[-1].startswith("Bob Smith has no e-mail address or LinkedIn URL")
        screen.query_one("#notes", TextArea).focus()
        await pilot.press("c")  # typed into the notes, not a copy
        await settle(pilot)
        assert screen.query_one("#notes", TextArea).text == "c"


def links(content) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.style.link for s in content.spans if isinstance(s.style, Style) and s.style.link]


def test_good_addresses_are_hyperlinks_and_others_plain_text() -> None:
    jane = Person(
        id="p1",
        name="Jane Doe",
        title="VP",
        email="jane@acme.com",
        linkedin="https://www.linkedin.com/in/janedoe",
    )
    prompt = person_prompt(jane, ["hiring manager"], [])
    assert links(prompt) == ["mailto:jane@acme.com", "https://www.linkedin.com/in/janedoe"]
    assert prompt.plain == (
        "Jane Doe (hiring manager)\n    VP · jane@acme.com · https://www.linkedin.com/in/janedoe"
    )
    # Stored before the checks, or imported: shown as text, never as a link.
    odd = Person(id="p2", name="Bob", email="bob at acme", linkedin="linkedin.com/in/bob")
    assert links(person_prompt(odd, ["interviewer"], [])) == []
    evil = "x@a.com\x1b]8;;https://evil.example\x07"
    shown_evil = contact(evil, check_email, "mailto:")
    assert links(shown_evil) == [] and "\x1b" not in shown_evil.plain and "^[" in shown_evil.plain


async def test_question_mark_lists_the_people_keys(repo: Repository) -> None:
    card_id, _ = acme(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_detail(pilot, card_id)
        ids = {ident: (keys, does) for keys, does, ident in bindings_of(screen)}
        assert ids["detail_add_person"] == ("+", "Add person")
        assert ids["detail_reply"][1] == "Reply came"
        assert ids["detail_note"] == ("N", "Note about person")
        assert ids["detail_copy"] == ("c", "Copy address")
        label = str(screen.query(".section").first().render())
        assert "enter edits" in label and "+ adds" in label and "c copies" in label
        await pilot.press("question_mark")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"


async def test_a_name_with_control_characters_is_shown_and_kept_when_left_alone(
    repo: Repository,
) -> None:
    """Stored before the checks (or imported): the editor shows ^[ and saving another field
    leaves the stored name as it was, as the detail's own fields do."""
    name = "Pat\x1b]0;owned\x07 Kim"
    view = repo.add_interview("Acme", "Dev", people=[NewPerson(name, Role.INTERVIEWER)])
    pat = next(iter(view.people.values()))
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_detail(pilot, view.card.id)
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, PersonScreen)
        assert editor.query_one("#name", Input).value == "Pat^[]0;owned^G Kim"
        assert "\x1b" not in str(editor.query_one(".dialog-title").render())
        await pilot.press("tab", *"CTO", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen)
        assert all("\x1b" not in m for m in messages(app))
    stored = fresh(repo).snapshot().people[pat.id]
    assert (stored.name, stored.title) == (name, "CTO")

"""The card detail's people forms: edit a person, add one to the card, note what they said.

Each form checks what was typed with the same domain checks as the command line
(:mod:`tracker.domain.people`), so the board and ``tracker person``, ``person add``
and ``note`` refuse the same input with the same sentence. A refusal is one
notification; the form stays open with what was typed, and nothing is written.
``ctrl+s`` saves (``enter`` too in a one-line field), ``esc`` cancels and asks first
when something was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from tracker.domain.capture import NewPerson
from tracker.domain.errors import DomainError
from tracker.domain.model import Person
from tracker.domain.people import Details, check_kind, check_note, new_link
from tracker.domain.text import visible
from tracker.ui import bindings
from tracker.ui.screens.dialogs import close_or_ask
from tracker.ui.text import shown
from tracker.ui.widgets.fields import FieldArea, FieldInput

ROLE_HINT = "roles: interviewer, hiring manager, coordinator, recruiter, referral, hired"
KIND_HINT = "kinds: note, advice, meeting, feedback"

ResultT = TypeVar("ResultT")

LINES = ("name", "title", "email", "linkedin", "highlight")
"""The person editor's one-line fields (the notes are the multi-line one)."""


def row(label: str, field: Input) -> Horizontal:
    """A labelled one-line field."""
    return Horizontal(Label(label, classes="form-label"), field, classes="form-row")


class PeopleForm(ModalScreen[ResultT]):
    """What the three forms share: save and cancel keys, refusals as a notification,
    and asking before discarding what was typed."""

    BINDINGS = [*bindings.PERSON_FORM, *bindings.FORM_FIELDS]
    discard_question = "Discard what you typed? It is not saved."

    def typed(self) -> bool:
        """Whether the fields differ from what the form opened with."""
        raise NotImplementedError

    def refuse(self, problem: DomainError, field: str | None = None) -> None:
        self.notify(str(problem), severity="error", timeout=6)
        if field is not None:
            self.query_one(f"#{field}").focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        """Close; when something was typed, ask first (esc is easy to press by mistake)."""
        close_or_ask(self, self.typed(), self.discard_question, "the form")


class PersonScreen(PeopleForm[Details | None]):
    """Every field of a person: name, title, e-mail, LinkedIn URL, notes, highlight.

    Returns the fields that changed, checked (an empty :class:`Details` when none did),
    or None when cancelled. Fields open as the terminal may show them (control
    characters visible), and a field left as shown is not saved, so stored text the
    field could only show as ``^[`` is kept as it is.
    """

    discard_question = "Discard your edits? What you typed is not saved."

    def __init__(self, person: Person, roles: str = "") -> None:
        super().__init__()
        self.person = person
        self.roles = roles
        self.shown_values = {
            "name": visible(person.name),
            "title": visible(person.title),
            "email": visible(person.email),
            "linkedin": visible(person.linkedin),
            "highlight": visible(person.highlight),
            "notes": visible(person.notes, multiline=True),
        }

    def compose(self) -> ComposeResult:
        values = self.shown_values
        title = f"Edit {self.person.name}" + (f" ({self.roles})" if self.roles else "")
        with Vertical(classes="dialog", id="person-editor"):
            yield Label(shown(title), classes="dialog-title")
            yield row("Name", FieldInput(values["name"], id="name"))
            yield row("Title", FieldInput(values["title"], placeholder="job title", id="title"))
            yield row(
                "E-mail", FieldInput(values["email"], placeholder="name@company.com", id="email")
            )
            yield row(
                "LinkedIn",
                FieldInput(
                    values["linkedin"], placeholder="https://www.linkedin.com/in/…", id="linkedin"
                ),
            )
            yield row(
                "Highlight",
                FieldInput(values["highlight"], placeholder="we talked about…", id="highlight"),
            )
            yield Label("Notes", classes="field-label")
            yield FieldArea(values["notes"], id="notes", soft_wrap=True, show_line_numbers=False)
            yield Static("ctrl+s saves · tab next field · esc cancels", classes="hint form-keys")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def values(self) -> dict[str, str]:
        out = {name: self.query_one(f"#{name}", Input).value for name in LINES}
        out["notes"] = self.query_one("#notes", TextArea).text
        return out

    def edits(self) -> dict[str, str]:
        """The fields changed from what was shown (a field's spaces alone are no change)."""
        changed = {}
        for name, value in self.values().items():
            before = self.shown_values[name]
            if value.strip() != before.strip():
                changed[name] = value
        return changed

    def typed(self) -> bool:
        return bool(self.edits())

    def action_save(self) -> None:
        edits = self.edits()
        try:
            details = Details(**edits).checked()
        except DomainError as problem:
            self.refuse(problem, self._field_of(edits))
            return
        self.dismiss(details)

    @staticmethod
    def _field_of(edits: dict[str, str]) -> str | None:
        """The field a refusal is about, found by checking the edited fields one by one."""
        for name, value in edits.items():
            try:
                Details(**{name: value}).checked()
            except DomainError:
                return name
        return None


@dataclass(frozen=True)
class Note:
    """What the note form collected: a kind of interaction and its text."""

    kind: str
    text: str


class AddPersonScreen(PeopleForm[NewPerson | None]):
    """Add someone to the card with any role: a name, a role in the command line's words,
    a highlight. Returns the person checked, or None when cancelled."""

    discard_question = "Discard this person? What you typed is not saved."

    def __init__(self, company: str) -> None:
        super().__init__()
        self.company = company

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="add-person"):
            yield Label(shown(f"Add a person to {self.company}"), classes="dialog-title")
            yield row("Name", FieldInput(placeholder="Pat Kim", id="name"))
            yield row("Role", FieldInput(placeholder="interviewer", id="role"))
            yield Static(ROLE_HINT, classes="hint form-hint")
            yield row("Highlight", FieldInput(placeholder="optional: we talked about…", id="hl"))
            yield Static(
                "enter or ctrl+s adds · tab next field · esc cancels", classes="hint form-keys"
            )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def typed(self) -> bool:
        return any(field.value.strip() for field in self.query(Input))

    def action_save(self) -> None:
        name, role, highlight = (
            self.query_one(f"#{n}", Input).value for n in ("name", "role", "hl")
        )
        try:
            person = new_link(name, role, highlight)
        except DomainError as problem:
            self.refuse(problem)
            return
        self.dismiss(person)


class NoteScreen(PeopleForm[Note | None]):
    """Note an interaction with a person: its kind (note, advice, meeting, feedback) and
    what was said or happened. Enter starts a new line in the text; ctrl+s saves."""

    discard_question = "Discard this note? What you typed is not saved."

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name_text = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Label(shown(f"A note about {self.name_text}"), classes="dialog-title")
            yield row("Kind", FieldInput(placeholder="note", id="kind"))
            yield Static(KIND_HINT, classes="hint form-hint")
            yield FieldArea(
                id="text",
                soft_wrap=True,
                show_line_numbers=False,
                placeholder="what they said, or what happened",
            )
            yield Static("ctrl+s saves · tab next field · esc cancels", classes="hint form-keys")

    def on_mount(self) -> None:
        self.query_one("#text", TextArea).focus()

    def typed(self) -> bool:
        return bool(
            self.query_one("#text", TextArea).text.strip()
            or self.query_one("#kind", Input).value.strip()
        )

    def action_save(self) -> None:
        try:
            kind = check_kind(self.query_one("#kind", Input).value or "note")
        except DomainError as problem:
            self.refuse(problem, "kind")
            return
        try:
            text = check_note(self.query_one("#text", TextArea).text)
        except DomainError as problem:
            self.refuse(problem, "text")
            return
        self.dismiss(Note(kind, text))

"""Small modal dialogs: a new interview, a date, a rejection.

Each returns a typed result through ``dismiss`` (None when cancelled). Date
fields take the same words as the command line and echo the resolved date.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from tracker.domain.capture import CAPTURE_ROLES, NewPerson, parse_person
from tracker.domain.dates import ACCEPTED_FORMS, parse_day
from tracker.domain.errors import DomainError
from tracker.domain.model import ON_BOARD
from tracker.domain.people import check_name
from tracker.domain.text import has_control
from tracker.ui import bindings
from tracker.ui.text import shown
from tracker.ui.widgets.fields import FieldArea, FieldInput

if TYPE_CHECKING:
    from tracker.domain.views import CardView
    from tracker.store.repo import Repository


def resolve(text: str, today: date, default: str = "today") -> date:
    """A date from words; an empty field means ``default``."""
    return parse_day(text.strip() or default, today)


def echo(day: date) -> str:
    return f"→ {day.strftime('%a %d %b %Y')}"


def echo_into(target: Static, text: str, today: date) -> None:
    """Show under a date field the day ``text`` means, or that it is not a date yet."""
    try:
        target.update(echo(resolve(text, today)))
    except DomainError:
        target.update("not a date yet")


@dataclass
class NewInterview:
    """What the new-interview dialog collected."""

    company: str
    role: str
    on: date
    people: list[NewPerson] = field(default_factory=list)
    decision_by: date | None = None
    referral: str | None = None
    note: str = ""
    known: list[str] = field(default_factory=list)
    """The ids of the people already known at the company met this time (apply again)."""


def log_interview(repo: Repository, new: NewInterview) -> CardView:
    """Log what the new-interview form returned, on the store thread: an interview at a
    company interviewed at before follows the earlier ones there, and the people typed
    who are known there are the same records, as ``tracker add`` does."""
    earlier = repo.earlier_at(new.company)
    known = list(new.known)
    if earlier and new.people:
        from tracker.domain.capture import met_again

        known += [i for i in met_again(new.people, repo.known_at(new.company)) if i not in known]
    return repo.add_interview(
        new.company,
        new.role,
        people=new.people,
        on=new.on,
        decision_by=new.decision_by,
        referral=new.referral,
        note=new.note,
        earlier=earlier,
        known=known,
    )


def twin_sentence(repo: Repository, new: NewInterview) -> str | None:
    """One sentence when the interview ``new`` is already logged (on the store thread)."""
    twin = repo.find_interview(new.company, new.role, new.on)
    if twin is None:
        return None
    card, opp = twin
    where = card.stage.title if card.state in ON_BOARD else card.state.value
    return (
        f"{opp.company} — {opp.role} on {new.on.strftime('%a %d %b')} is already logged "
        f"(card {card.short_id}, {where})."
    )


class NewInterviewScreen(ModalScreen[NewInterview | None]):
    """Company, role, day and people of a new interview. Enter in a field saves.

    ``notice``, when given, is a line under the title (on the demo board: where the card goes).
    ``company`` fills the company in ("apply again"); ``known``, the people already known
    there as (id, words) pairs, are offered in a list to tick who was met this time.
    """

    BINDINGS = [*bindings.NEW_INTERVIEW, *bindings.FORM_FIELDS]

    def __init__(
        self,
        today: date,
        twin_of: Callable[[NewInterview], Awaitable[str | None]] | None = None,
        notice: str = "",
        *,
        company: str = "",
        known: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__()
        self.today = today
        self.twin_of = twin_of
        """Says (one sentence) when the interview is already logged, so saving asks first."""
        self.notice = notice
        self.company = company
        self.known = list(known)

    def compose(self) -> ComposeResult:
        again = bool(self.company)
        with Vertical(classes="dialog" + (" -again" if again else ""), id="new-interview"):
            title = f"New interview at {self.company}" if again else "New interview"
            yield Label(shown(title), classes="dialog-title")
            if self.notice:
                yield Static(shown(self.notice), id="demo-notice", classes="notice")
            yield FieldInput(self.company, placeholder="Company", id="company")
            yield FieldInput(placeholder="Role", id="role")
            yield FieldInput(
                placeholder="Interview day (today, yesterday, last tue, 2026-03-02)", id="on"
            )
            yield Static(echo(self.today), id="on-echo", classes="echo")
            if self.known:
                yield Label(
                    "Who you met again (space ticks)" if again else "People you know there",
                    classes="field-label",
                )
                yield SelectionList[str](
                    *(Selection(shown(words), pid) for pid, words in self.known), id="known"
                )
            label = "Others, one per line" if self.known else "People, one per line"
            yield Label(f"{label} — Name: role: highlight", classes="field-label")
            yield FieldArea(id="people", soft_wrap=True, show_line_numbers=False)
            yield Static(f"roles: {CAPTURE_ROLES}", classes="hint", id="roles-hint")
            yield FieldInput(placeholder="Decision expected by (optional)", id="decision")
            yield FieldInput(placeholder="Referred by (optional)", id="referral")
            yield Static("", id="error", classes="error")
            yield Static("enter or ctrl+s save · esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#role" if self.company else "#company", Input).focus()

    def chosen(self) -> list[str]:
        """The ids of the known people ticked."""
        if not self.known:
            return []
        return list(self.query_one("#known", SelectionList).selected)

    @on(Input.Changed, "#on")
    def _echo_day(self, event: Input.Changed) -> None:
        echo_into(self.query_one("#on-echo", Static), event.value, self.today)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        """Close; when something was typed, ask first (esc is easy to press by mistake)."""
        typed = (
            any(f.value.strip() for f in self.query(Input) if f.id != "company" or not self.company)
            or bool(self.query_one("#people", TextArea).text.strip())
            or bool(self.chosen())
            or self.query_one("#company", Input).value.strip() != self.company.strip()
        )
        close_or_ask(
            self, typed, "Discard this interview? What you typed is not saved.", "the form"
        )

    def action_save(self) -> None:
        error = self.query_one("#error", Static)
        company = self.query_one("#company", Input).value.strip()
        role = self.query_one("#role", Input).value.strip()
        if not company:
            error.update("The company is needed.")
            self.query_one("#company", Input).focus()
            return
        if not role:
            error.update("The role is needed.")
            self.query_one("#role", Input).focus()
            return
        try:
            on_day = resolve(self.query_one("#on", Input).value, self.today)
            decision_text = self.query_one("#decision", Input).value.strip()
            decision = parse_day(decision_text, self.today) if decision_text else None
            people = [
                parse_person(line)
                for line in self.query_one("#people", TextArea).text.splitlines()
                if line.strip()
            ]
        except DomainError as problem:
            error.update(shown(str(problem)))
            return
        referral = self.query_one("#referral", Input).value.strip() or None
        self._save(
            NewInterview(company, role, on_day, people, decision, referral, known=self.chosen())
        )

    @work(exclusive=True, group="new-interview")
    async def _save(self, result: NewInterview) -> None:
        twin = await self.twin_of(result) if self.twin_of is not None else None
        if twin is None:
            self.dismiss(result)
            return

        def answered(again: bool | None) -> None:
            if again:
                self.dismiss(result)

        self.app.push_screen(
            ConfirmScreen(f"{twin} Add it again?", "y adds it · n or esc goes back to the form"),
            answered,
        )


class DateScreen(ModalScreen[date | None]):
    """Ask for one date in the command line's words."""

    BINDINGS = bindings.DIALOG

    def __init__(
        self,
        title: str,
        today: date,
        default: str = "tomorrow",
        shortcuts: dict[str, int] | None = None,
        hint: str = "enter confirms · esc cancels",
    ) -> None:
        super().__init__()
        self.hint = hint
        self.title_text = title
        self.today = today
        self.default = default
        self.shortcuts = shortcuts or {}
        """Bare numbers typed as a whole answer mean that many days ahead ("3" is +3d)."""

    def _resolve(self, text: str) -> date:
        days = self.shortcuts.get(text.strip())
        if days is not None:
            return self.today + timedelta(days=days)
        return resolve(text, self.today, self.default)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small", id="date-dialog"):
            yield Label(shown(self.title_text), classes="dialog-title")
            yield Input(placeholder=f"{self.default} (e.g. +3d, next fri, 2026-03-20)", id="day")
            yield Static(echo(resolve("", self.today, self.default)), id="echo", classes="echo")
            yield Static(self.hint, classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        try:
            self.query_one("#echo", Static).update(echo(self._resolve(event.value)))
        except DomainError:
            self.query_one("#echo", Static).update(f"use {ACCEPTED_FORMS}")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            day = self._resolve(event.value)
        except DomainError as problem:
            self.query_one("#echo", Static).update(shown(str(problem)))
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass
class Rejection:
    on: date
    hired: str | None


class RejectScreen(ModalScreen[Rejection | None]):
    """Log a rejection (or, with ``title``, being ghosted): when it came, and who was
    hired if known."""

    BINDINGS = bindings.DIALOG

    def __init__(self, company: str, today: date, title: str | None = None) -> None:
        super().__init__()
        self.company = company
        self.today = today
        self.title_text = title or f"Rejected by {company}"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small", id="reject-dialog"):
            yield Label(shown(self.title_text), classes="dialog-title")
            yield Input(placeholder="when (today)", id="day")
            yield Static(echo(self.today), id="echo", classes="echo")
            yield Input(placeholder="who was hired (optional)", id="hired")
            yield Static("enter confirms · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#day", Input).focus()

    @on(Input.Changed, "#day")
    def _changed(self, event: Input.Changed) -> None:
        try:
            self.query_one("#echo", Static).update(echo(resolve(event.value, self.today)))
        except DomainError:
            self.query_one("#echo", Static).update(f"use {ACCEPTED_FORMS}")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        try:
            day = resolve(self.query_one("#day", Input).value, self.today)
        except DomainError as problem:
            self.query_one("#echo", Static).update(shown(str(problem)))
            return
        hired = self.query_one("#hired", Input).value.strip() or None
        self.dismiss(Rejection(day, hired))

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass
class Hire:
    """Who was hired (empty: not found out) and a line about them."""

    name: str
    highlight: str = ""


class HireScreen(ModalScreen[Hire | None]):
    """Who was hired at a company: a name and an optional highlight. Enter saves; an
    empty name is an answer too (the item is ticked without a name); esc cancels."""

    BINDINGS = [*bindings.DIALOG, *bindings.FORM_FIELDS]

    def __init__(self, company: str) -> None:
        super().__init__()
        self.company = company

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small", id="hire-dialog"):
            yield Label(shown(f"Who was hired at {self.company}?"), classes="dialog-title")
            yield FieldInput(placeholder="their name", id="name")
            yield FieldInput(
                placeholder="a highlight (optional), e.g. ex-Stripe payments",
                id="highlight",
            )
            yield Static("", id="error", classes="error")
            yield Static(
                "enter saves · left empty, enter just ticks the item (you may not have found out)"
                " · esc cancels",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        name = self.query_one("#name", Input).value
        highlight = self.query_one("#highlight", Input).value.strip()
        try:
            name = check_name(name) if name.strip() else ""
        except DomainError as problem:
            self.query_one("#error", Static).update(shown(str(problem)))
            self.query_one("#name", Input).focus()
            return
        if has_control(highlight):
            self.query_one("#error", Static).update(
                "The highlight contains a control character; type it again."
            )
            self.query_one("#highlight", Input).focus()
            return
        self.dismiss(Hire(name, highlight if name else ""))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextScreen(ModalScreen[str | None]):
    """Ask for one line of text (a reason, a name)."""

    BINDINGS = bindings.DIALOG

    def __init__(
        self, title: str, placeholder: str = "", value: str = "", allow_empty: bool = False
    ) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value
        self.allow_empty = allow_empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small", id="text-dialog"):
            yield Label(shown(self.title_text), classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder, id="text")
            yield Static("enter confirms · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() or self.allow_empty:
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class SaidScreen(ModalScreen[str | None]):
    """Ask what someone said, in a few lines that may be left empty: ctrl+s saves
    (enter starts a new line), esc cancels."""

    BINDINGS = bindings.SAID

    def __init__(self, title: str, placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small", id="said-dialog"):
            yield Label(shown(self.title_text), classes="dialog-title")
            yield FieldArea(
                id="said", soft_wrap=True, show_line_numbers=False, placeholder=self.placeholder
            )
            yield Static("ctrl+s saves (it may be empty) · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(FieldArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(FieldArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


def close_or_ask(screen: ModalScreen[Any], typed: bool, question: str, back_to: str) -> None:
    """Close ``screen`` with None, asking ``question`` first when something was typed
    (esc is easy to press by mistake); "n" goes back to ``back_to`` ("the form")."""
    if not typed:
        screen.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(None)

    screen.app.push_screen(
        ConfirmScreen(question, f"y discards · n or esc goes back to {back_to}"), answered
    )


class ConfirmScreen(ModalScreen[bool]):
    """A yes-or-no question: ``y`` answers yes; ``n`` or ``esc`` answers no."""

    BINDINGS = bindings.CONFIRM

    def __init__(self, question: str, hint: str = "y yes · n or esc no") -> None:
        super().__init__()
        self.question = question
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small", id="confirm-dialog"):
            yield Static(shown(self.question), classes="dialog-title")
            yield Static(self.hint, classes="hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

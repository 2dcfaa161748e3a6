"""`tracker capture`: a small inline form for a global hotkey or a tmux popup.

Company, role, people and the day; Enter saves and exits, Escape cancels
without writing anything. It runs inline (``App.run(inline=True)``), under the
prompt, so it also fits a tiny popup window: eight rows, one line a field, the
title on the frame, and the keys' hint at the bottom, where a problem replaces it,
so the form and its error fit any terminal of ten rows or more.
"""

from __future__ import annotations

import asyncio

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from tracker.domain.capture import parse_person
from tracker.domain.dates import parse_day
from tracker.domain.errors import DomainError
from tracker.domain.text import visible
from tracker.store.errors import StoreError
from tracker.store.repo import Repository
from tracker.ui import bindings
from tracker.ui.keys import InOrderKeys
from tracker.ui.text import shown
from tracker.ui.widgets.fields import FieldInput


class CaptureApp(InOrderKeys[str | None]):
    """Returns the one-line summary of the new card, or None when cancelled."""

    TITLE = "tracker capture"

    CSS = """
    Screen { height: auto; }
    Screen:inline { border-top: none; border-bottom: none; }
    #capture { height: auto; padding: 0 1; border: round $accent; border-title-color: $text; }
    #capture Horizontal { height: 1; }
    #capture Label { width: 9; color: $text-muted; }
    #capture Input { width: 1fr; height: 1; border: none; padding: 0 1; margin: 0; background: $boost; }
    #capture Input:focus { background: $accent 25%; }
    #capture .echo { color: $text-muted; padding-left: 9; }
    #capture .hint { color: $text-muted; }
    #capture .error { color: $error; height: auto; }
    #capture .error.-empty { display: none; }
    #capture .hint.-hidden { display: none; }
    """

    BINDINGS = [*bindings.CAPTURE, *bindings.FORM_FIELDS]

    def __init__(self, repo: Repository, *, blink: bool = True) -> None:
        super().__init__()
        self.repo = repo
        self.today = repo.today()
        self.blink = blink
        self._saving = False

    def compose(self) -> ComposeResult:
        box = Vertical(id="capture")
        box.border_title = "Log an interview"
        with box:
            for label, ident, example in (
                ("Company", "company", "Acme"),
                ("Role", "role", "Backend Engineer"),
                ("People", "people", "Jane Doe:hiring_manager; Sam Lee (Name:role; …)"),
                ("Day", "day", "today (yesterday, last tue, 2026-03-02)"),
            ):
                with Horizontal():
                    yield Label(label)
                    yield FieldInput(id=ident, placeholder=example)
            yield Static(self.today.strftime("→ %a %d %b %Y"), id="echo", classes="echo")
            yield Static("tab next field · enter saves · esc cancels", id="hint", classes="hint")
            yield Static("", id="error", classes="error -empty")

    def on_mount(self) -> None:
        if not self.blink:
            for field in self.query(Input):
                field.cursor_blink = False
        self.query_one("#company", Input).focus()

    @on(Input.Changed, "#day")
    def _echo(self, event: Input.Changed) -> None:
        try:
            day = parse_day(event.value or "today", self.today)
            self.query_one("#echo", Static).update(day.strftime("→ %a %d %b %Y"))
        except DomainError:
            # One line: the field's example shows the forms, and Enter says what is wrong.
            self.query_one("#echo", Static).update("→ not a date yet")

    @on(Input.Submitted)
    async def _submitted(self) -> None:
        await self.action_save()

    async def action_save(self) -> None:
        if self._saving:
            return
        company = self.query_one("#company", Input).value.strip()
        role = self.query_one("#role", Input).value.strip()
        if not company or not role:
            missing = "#company" if not company else "#role"
            self._problem("The company and the role are needed.")
            self.query_one(missing, Input).focus()
            return
        try:
            day = parse_day(self.query_one("#day", Input).value or "today", self.today)
            people = [
                parse_person(spec)
                for spec in self.query_one("#people", Input).value.split(";")
                if spec.strip()
            ]
        except DomainError as problem:
            self._problem(str(problem))
            return
        self._saving = True
        try:
            view = await asyncio.to_thread(
                self.repo.add_interview, company, role, people=people, on=day
            )
        except (DomainError, StoreError) as problem:
            self._saving = False
            self._problem(str(problem))
            return
        due = view.due_words(self.today)
        self.exit(
            visible(
                f"Added {view.card.short_id} {view.company} ({view.role}): {view.next_action()}, {due}."
            )
        )

    def _problem(self, text: str) -> None:
        """Say what is wrong in place of the keys' hint (which comes back once it is empty)."""
        error = self.query_one("#error", Static)
        error.update(shown(text))
        error.set_class(not text, "-empty")
        self.query_one("#hint", Static).set_class(bool(text), "-hidden")

    def action_cancel(self) -> None:
        self.exit(None)


def run(repo: Repository) -> int:
    """Show the form inline; returns the exit status (1 when cancelled)."""
    import sys

    result = CaptureApp(repo).run(inline=True)
    if result is None:
        sys.stderr.write("tracker: capture cancelled; nothing was written.\n")
        return 1
    print(result)
    return 0

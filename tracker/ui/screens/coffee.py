"""The coffee's forms: the meeting's notes (AIR) when the "meet" item is ticked.

Ticking "Meet them for coffee or a call" (board ``space``, detail ``space``, review
``d``) opens :class:`AirScreen`: the day of the meeting (today unless changed) and
three optional parts, Advice, Insights and Recommendations. ``ctrl+s`` saves them with
:meth:`tracker.store.repo.Repository.met`, which closes the item; ``esc`` cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from tracker.domain.errors import DomainError
from tracker.domain.model import Item
from tracker.domain.people import AIR_PARTS, check_air
from tracker.domain.views import CardView
from tracker.ui import bindings
from tracker.ui.base import Tracker
from tracker.ui.screens.dialogs import close_or_ask, echo, echo_into, resolve
from tracker.ui.text import shown
from tracker.ui.widgets.fields import FieldArea, FieldInput


@dataclass(frozen=True)
class Air:
    """What the AIR form collected: the day of the meeting and its three parts."""

    on: date
    advice: str = ""
    insights: str = ""
    recommendations: str = ""


HINTS = {
    "advice": "what they would do in your place",
    "insights": "how the work, the team or the hiring really goes",
    "recommendations": "people to talk to, things to read or learn",
}
"""The placeholder of each part."""


class AirScreen(ModalScreen[Air | None]):
    """After the coffee or call: when it was, and its Advice, Insights and
    Recommendations (each optional). ``ctrl+s`` saves, ``tab`` moves between the
    fields (``enter`` starts a new line in a part), ``esc`` cancels."""

    BINDINGS = [*bindings.AIR, *bindings.FORM_FIELDS]

    def __init__(self, name: str, company: str, today: date) -> None:
        super().__init__()
        self.person_name = name
        self.company = company
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="air-dialog"):
            yield Label(
                shown(f"You met {self.person_name} ({self.company}): what did you take away?"),
                classes="dialog-title",
            )
            yield FieldInput(
                value="today", placeholder="the day you met (today, yesterday, last tue)", id="on"
            )
            yield Static(echo(self.today), id="on-echo", classes="echo")
            for key, label in AIR_PARTS:
                yield Label(label, classes="field-label")
                yield FieldArea(
                    id=key, soft_wrap=True, show_line_numbers=False, placeholder=HINTS[key]
                )
            yield Static("", id="error", classes="error")
            yield Static(
                "ctrl+s saves · every part may stay empty · tab next · esc cancels",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#advice", TextArea).focus()

    @on(Input.Changed, "#on")
    def _echo_day(self, event: Input.Changed) -> None:
        echo_into(self.query_one("#on-echo", Static), event.value, self.today)

    @on(Input.Submitted, "#on")
    def _submitted(self) -> None:
        self.action_save()

    def _parts(self) -> dict[str, str]:
        return {key: self.query_one(f"#{key}", TextArea).text for key, _ in AIR_PARTS}

    def action_save(self) -> None:
        error = self.query_one("#error", Static)
        try:
            day = resolve(self.query_one("#on", Input).value, self.today)
            parts = check_air(dict(self._parts()))
        except DomainError as problem:
            error.update(shown(str(problem)))
            return
        if day > self.today:
            error.update(f"The meeting day {day} is after today.")
            self.query_one("#on", Input).focus()
            return
        self.dismiss(Air(day, **parts))

    def action_cancel(self) -> None:
        """Close; when a part was typed, ask first (esc is easy to press by mistake)."""
        typed = any(text.strip() for text in self._parts().values())
        close_or_ask(self, typed, "Discard these notes? What you typed is not saved.", "the notes")


def air_form(tracker: Tracker, view: CardView, item: Item, run: Callable[..., object]) -> None:
    """The form for a "meet" item: its answer runs ``Repository.met`` for the item's person."""
    repo = tracker.repo
    card_id, person_id = view.card.id, item.person_id
    if person_id is None:  # a meeting with nobody named: nothing to note it about
        run(repo.close_items, card_id, [item.id])
        return

    def saved(air: Air | None) -> None:
        if air is None:
            return
        met = partial(
            repo.met,
            advice=air.advice,
            insights=air.insights,
            recommendations=air.recommendations,
        )
        run(met, card_id, person_id, air.on)

    tracker.show(AirScreen(view.person_name(item), view.company, repo.today()), saved)

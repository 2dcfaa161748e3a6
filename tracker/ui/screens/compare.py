"""The comparison form: what ticking "compare their background" asks for.

Three fields: the hire's background (a few lines), what they had that the user did not
(one short phrase per line: each becomes a gap of its own), and whether they were better
qualified (yes, no, not sure). ``ctrl+s`` checks and saves, keeping the text and saying
what is wrong when something is; ``esc`` cancels and nothing is written. A comparison
already kept fills the fields, so saving again edits it (unchanged gaps keep their ids).

| key | does |
|---|---|
| tab, shift+tab | next, previous field |
| ← → (on the answers) | choose yes, no or not sure |
| ctrl+s | save and complete the item |
| escape | cancel |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, RadioButton, RadioSet, Static

from tracker.domain.comparison import BETTER, BETTER_WORDS, check_background, check_gaps
from tracker.domain.errors import DomainError
from tracker.domain.model import Comparison, Item, Role
from tracker.domain.text import visible
from tracker.domain.views import CardView
from tracker.ui import bindings
from tracker.ui.base import Tracker
from tracker.ui.text import shown
from tracker.ui.widgets.fields import FieldArea


@dataclass(frozen=True)
class Compared:
    """What the comparison form collected, checked."""

    background: str
    gaps: list[str]
    better: str


def gap_lines(text: str) -> list[str]:
    """The gaps typed one per line; blank lines are left out."""
    return [line for line in text.splitlines() if line.strip()]


class Answers(RadioSet):
    """Yes, no, not sure: an arrow key moves to an answer and chooses it (one key, not
    two), and the answer already chosen is where the highlight starts."""

    def on_mount(self) -> None:
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def action_next_button(self) -> None:
        super().action_next_button()
        self._choose()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self._choose()

    def _choose(self) -> None:
        """Press the highlighted answer now, so that keys read in one burst (fast typing)
        each see the answer the key before chose."""
        if not self.has_focus or self._selected is None:
            return
        chosen = self._nodes[self._selected]
        if not isinstance(chosen, RadioButton) or chosen is self._pressed_button:
            return
        with self.prevent(RadioButton.Changed):
            for node in self._nodes:
                if isinstance(node, RadioButton):
                    node.value = node is chosen
        self._pressed_button = chosen
        self.post_message(self.Changed(self, chosen))


class CompareScreen(ModalScreen[Compared | None]):
    """The hire's background, the gaps and whether they were better qualified."""

    BINDINGS = [*bindings.COMPARE, *bindings.FORM_FIELDS]

    def __init__(self, who: str, company: str, before: Comparison | None = None) -> None:
        super().__init__()
        self.who = who
        self.company = company
        self.before = before

    def compose(self) -> ComposeResult:
        before = self.before
        better = before.better if before else ""
        with Vertical(classes="dialog", id="compare-dialog"):
            yield Label(
                shown(f"Compare your background with {self.who}'s ({self.company})"),
                classes="dialog-title",
            )
            yield Label("Their background", classes="field-label")
            yield FieldArea(
                visible(before.background, multiline=True) if before else "",
                id="background",
                soft_wrap=True,
                show_line_numbers=False,
                placeholder="their experience, as far as you can tell",
            )
            yield Label(
                "What they had that you did not: one short phrase a line",
                classes="field-label",
            )
            yield FieldArea(
                "\n".join(visible(gap.text) for gap in before.gaps) if before else "",
                id="gaps",
                soft_wrap=False,
                show_line_numbers=False,
                placeholder="Kubernetes in production",
            )
            yield Label("Were they better qualified?", classes="field-label")
            with Answers(id="better"):
                for answer in BETTER:
                    yield RadioButton(
                        BETTER_WORDS[answer].capitalize(), value=answer == better, id=answer
                    )
            yield Static("", id="compare-error", classes="error")
            yield Static("ctrl+s saves · esc cancels · tab next field · ←→ choose", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#background", FieldArea).focus()

    def answer(self) -> Compared:
        """The fields, checked; a DomainError says what is wrong."""
        background = check_background(self.query_one("#background", FieldArea).text)
        gaps = check_gaps(gap_lines(self.query_one("#gaps", FieldArea).text))
        pressed = self.query_one("#better", RadioSet).pressed_button
        if pressed is None or pressed.id not in BETTER:
            raise DomainError("say whether they were better qualified: yes, no or not sure.")
        if not background and not gaps:
            raise DomainError("the comparison is empty; give their background or at least one gap.")
        return Compared(background, gaps, pressed.id)

    def action_save(self) -> None:
        try:
            compared = self.answer()
        except DomainError as problem:
            self.query_one("#compare-error", Static).update(shown(str(problem)))
            return
        self.dismiss(compared)

    def action_cancel(self) -> None:
        self.dismiss(None)


def open_compare(tracker: Tracker, view: CardView, item: Item, run: Callable[..., object]) -> None:
    """The form for "compare their background" (``item`` of ``view``); saving runs
    ``Repository.compare``, which keeps the comparison and completes the item."""
    hired = view.opportunity.people_with(Role.HIRED)
    person_id = item.person_id or (hired[0] if hired else None)
    person = view.people.get(person_id) if person_id else None
    who = person.name if person else "the person hired"

    def saved(compared: Compared | None) -> None:
        if compared is not None:
            run(
                tracker.repo.compare,
                view.card.id,
                compared.background,
                compared.gaps,
                compared.better,
            )

    tracker.show(CompareScreen(who, view.company, view.opportunity.comparison), saved)

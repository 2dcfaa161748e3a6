"""A lesson from the card detail (``L``): choose one of the card's sources, then make it a
new lesson or attach it to a lesson you have.

The sources are what ``tracker lesson sources CARD`` numbers, in the same order
(:meth:`tracker.store.repo.Repository.card_sources`): the card's feedback and advice,
oldest first, then the gaps of its comparison with the person hired. A card with one
source opens straight on the form.

The form starts with the lesson's text drafted from the source
(:func:`tracker.domain.lessons.suggested_text`) and an empty theme (the themes in use are
listed under it). ``enter`` or ``ctrl+s`` in the fields makes a new lesson; ``enter`` on
a lesson in the list below attaches the source to it instead (a lesson that already has
it is shown, but cannot be chosen). The text and theme are checked here with the domain's
checks, and a lesson with the same text is refused, pointing at the list: nothing is
written until the detail runs one store action with the answer (``add_lesson`` or
``attach``, undoable with ``u`` on the board). ``esc`` goes back a step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tracker.domain.errors import DomainError
from tracker.domain.lessons import (
    GAP,
    LessonView,
    Source,
    SourceView,
    check_text,
    check_theme,
    rank,
    strength_words,
    suggested_text,
)
from tracker.ui import bindings
from tracker.ui.screens.lessons import source_line
from tracker.ui.screens.person import row
from tracker.ui.text import shown
from tracker.ui.widgets.column import fit
from tracker.ui.widgets.fields import FieldInput

PICK_KEYS = "enter chooses · esc cancels"
FORM_KEYS = "enter: new lesson · tab, enter on a lesson: attach · esc back"
WIDTH = 64
"""The cells a source or lesson line may take in the dialog (72 wide, less its frame)."""


@dataclass(frozen=True)
class LessonChoice:
    """What the form answered: a new lesson (``text`` and ``theme``, checked) from
    ``source``, or ``source`` attached to the lesson ``lesson_id``."""

    source: Source
    text: str = ""
    theme: str = ""
    lesson_id: str | None = None


def short_line(source: SourceView) -> str:
    """A source as the picker lists it, the card's company left out: "feedback from Jane
    Doe, 2026-03-12: “…”", "gap (the hire had it): “Kubernetes in production”"."""
    said = " ".join(source.text.split())
    if source.kind == GAP:
        head = "gap (the hire had it)"
    else:
        day = f", {source.day.isoformat()}" if source.day else ""
        head = f"{source.kind} from {source.who or 'someone'}{day}"
    return f"{head}: “{said}”" if said else head


def source_prompt(n: int, source: SourceView, holders: Sequence[str], width: int) -> Content:
    """ "1  feedback from Jane Doe, 2026-03-12: “…”" on one line, and the lessons that
    already hold it on a second."""
    line = fit(f"{n}  {short_line(source)}", width)
    if holders:
        line += "\n" + fit("   in " + ", ".join(f"“{x}”" for x in holders), width)
    return Content(line)


def lesson_option(view: LessonView, source: Source, width: int) -> Option:
    """An existing lesson to attach to; disabled when it already has ``source``."""
    lesson = view.lesson
    has = any(s.key == source.key for s in lesson.sources)
    tail = " · has it" if has else f" · {strength_words(view.companies, len(view.live))}"
    words = fit(f"“{lesson.text}” ({lesson.theme}){tail}", width)
    return Option(Content(words), id=lesson.id, disabled=has)


class LessonFromScreen(ModalScreen[LessonChoice | None]):
    """Choose a source of the card, then a new lesson from it or a lesson to attach it to."""

    BINDINGS = [*bindings.LESSON_FORM, *bindings.FORM_FIELDS]

    def __init__(
        self, company: str, sources: Sequence[SourceView], lessons: Sequence[LessonView]
    ) -> None:
        super().__init__()
        self.company = company
        self.sources = list(sources)
        self.lessons = [v for theme in rank(lessons) for v in theme.lessons]
        """Strongest themes first, as on the Lessons screen."""
        self.chosen: SourceView | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="lesson-dialog"):
            yield Label(
                shown(f"A lesson from {self.company}: which source?"),
                id="lesson-title",
                classes="dialog-title",
            )
            yield OptionList(id="lesson-sources")
            with Vertical(id="lesson-form"):
                yield Static("", id="lesson-source", classes="hint")
                yield row("Lesson", FieldInput(placeholder="what to practise", id="lesson-text"))
                yield row("Theme", FieldInput(placeholder="a short tag", id="lesson-theme"))
                yield Static("", id="lesson-themes", classes="hint form-hint")
                yield Label("", id="lesson-attach", classes="field-label")
                yield OptionList(id="lesson-existing")
            yield Static(PICK_KEYS, id="lesson-keys", classes="hint")

    def on_mount(self) -> None:
        holders: dict[tuple[str, ...], list[str]] = {}
        for view in self.lessons:
            for kept in view.lesson.sources:
                holders.setdefault(kept.key, []).append(view.lesson.text)
        listing = self.query_one("#lesson-sources", OptionList)
        listing.add_options(
            Option(source_prompt(n, s, holders.get(s.source.key, []), WIDTH), id=str(n - 1))
            for n, s in enumerate(self.sources, start=1)
        )
        themes = list(dict.fromkeys(v.lesson.theme for v in self.lessons))
        self.query_one("#lesson-themes", Static).update(
            shown("themes in use: " + ", ".join(themes))
            if themes
            else "e.g. system design, communication"
        )
        self.query_one("#lesson-form").display = False
        if len(self.sources) == 1:
            self.choose(0)
        else:
            listing.highlighted = 0
            listing.focus()

    @on(OptionList.OptionSelected, "#lesson-sources")
    def _source_selected(self, event: OptionList.OptionSelected) -> None:
        self.choose(int(event.option.id or 0))

    def choose(self, index: int) -> None:
        """Show the form for the source numbered ``index + 1``."""
        source = self.chosen = self.sources[index]
        self.query_one("#lesson-sources").display = False
        self.query_one("#lesson-form").display = True
        self.query_one("#lesson-title", Label).update(
            shown(f"A lesson from {self.company}, source {index + 1}")
        )
        self.query_one("#lesson-source", Static).update(shown(source_line(source)))
        text = self.query_one("#lesson-text", Input)
        text.value = suggested_text(source)
        self.query_one("#lesson-theme", Input).value = ""
        existing = self.query_one("#lesson-existing", OptionList)
        existing.clear_options()
        existing.add_options(lesson_option(v, source.source, WIDTH) for v in self.lessons)
        free = [n for n, o in enumerate(existing.options) if not o.disabled]
        existing.highlighted = free[0] if free else None
        attach = self.query_one("#lesson-attach", Label)
        attach.update(
            "or attach it to a lesson you have:" if self.lessons else "no lessons yet to attach to"
        )
        existing.display = bool(self.lessons)
        self.query_one("#lesson-keys", Static).update(
            FORM_KEYS if self.lessons else "enter: new lesson · esc back"
        )
        text.focus()

    def refuse(self, problem: DomainError | str, field: str) -> None:
        self.notify(str(problem), severity="error", timeout=6, markup=False)
        self.query_one(field).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """A new lesson from the chosen source, its text and theme checked here."""
        if self.chosen is None:
            return
        try:
            text = check_text(self.query_one("#lesson-text", Input).value)
        except DomainError as problem:
            self.refuse(problem, "#lesson-text")
            return
        try:
            theme = check_theme(self.query_one("#lesson-theme", Input).value)
        except DomainError as problem:
            self.refuse(problem, "#lesson-theme")
            return
        same = next((v for v in self.lessons if v.lesson.text.casefold() == text.casefold()), None)
        if same is not None:
            existing = self.query_one("#lesson-existing", OptionList)
            if any(s.key == self.chosen.source.key for s in same.lesson.sources):
                self.refuse(
                    f"the lesson “{same.lesson.text}” already has this source.", "#lesson-text"
                )
                return
            existing.highlighted = self.lessons.index(same)
            self.refuse(
                f"there is already a lesson “{same.lesson.text}”; enter on it below attaches "
                "this source to it.",
                "#lesson-existing",
            )
            return
        self.dismiss(LessonChoice(self.chosen.source, text=text, theme=theme))

    @on(OptionList.OptionSelected, "#lesson-existing")
    def _lesson_selected(self, event: OptionList.OptionSelected) -> None:
        if self.chosen is not None and event.option.id is not None:
            self.dismiss(LessonChoice(self.chosen.source, lesson_id=event.option.id))

    def action_cancel(self) -> None:
        """From the form, back to the sources (or out, when there is only one); from the
        sources, out. Nothing is written either way."""
        if self.chosen is None or len(self.sources) == 1:
            self.dismiss(None)
            return
        self.chosen = None
        self.query_one("#lesson-form").display = False
        listing = self.query_one("#lesson-sources", OptionList)
        listing.display = True
        self.query_one("#lesson-title", Label).update(
            shown(f"A lesson from {self.company}: which source?")
        )
        self.query_one("#lesson-keys", Static).update(PICK_KEYS)
        listing.focus()

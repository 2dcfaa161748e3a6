"""Lessons: what to practise, strongest themes first, each lesson with its sources.

A theme whose sources came from more companies comes first ("the same thing said
at two companies is the strongest signal"), then one with more sources
(:func:`tracker.domain.lessons.rank`). A lesson whose sources came from two or more
companies says so on its line. Its state changes by key, each change one undoable
action (``u`` on the board undoes it).

| key | does |
|---|---|
| up / down, k / j | move between lessons |
| space | next state: open → practising → learned → open |
| o, p, l | set open, practising, learned |
| escape, q, E | back to the board |
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from tracker.domain.errors import DomainError
from tracker.domain.lessons import (
    LessonState,
    LessonView,
    SourceView,
    Theme,
    rank,
    strength_words,
)
from tracker.domain.text import visible
from tracker.store.errors import StoreError
from tracker.ui import bindings
from tracker.ui.base import TrackerScreen
from tracker.ui.widgets.column import fit

NEXT_STATE = {
    LessonState.OPEN: LessonState.PRACTISING,
    LessonState.PRACTISING: LessonState.LEARNED,
    LessonState.LEARNED: LessonState.OPEN,
}

MARKS = {LessonState.OPEN: "○", LessonState.PRACTISING: "◐", LessonState.LEARNED: "●"}
"""A glyph per state, beside its word, so the state reads without colour."""

INDENT = 6
"""Where a lesson's source lines start."""

EMPTY = (
    "No lessons yet. Turn feedback or a comparison gap into one: L in a card's detail\n"
    "(enter on a card), or from the command line:\n"
    "  tracker lesson sources CARD\n"
    "  tracker lesson add TEXT --theme T --from CARD --source N"
)


def source_line(source: SourceView) -> str:
    said = " ".join(source.text.split())
    return source.words() + (f": “{said}”" if said and not source.gone else "")


def theme_prompt(theme: Theme) -> Content:
    return Content.assemble(
        (visible(theme.name), "bold"),
        f" — {strength_words(theme.companies, theme.sources)}",
    )


def lesson_prompt(view: LessonView, width: int) -> Content:
    """The lesson on its line, then each source on one line cut to ``width`` cells (a
    wrapped line would start under the state, not under the other sources)."""
    lesson = view.lesson
    head = f"  {MARKS[lesson.state]} {lesson.state.value:<10} "
    signal = f"  ◆ {view.companies} companies" if view.companies > 1 else ""
    room = max(width - len(head) - len(signal), 10)
    parts: list[str | tuple[str, str]] = [
        head,
        (fit(lesson.text, room), "bold" if lesson.state is not LessonState.LEARNED else "dim"),
    ]
    if signal:
        parts.append((signal, "bold $accent"))
    lines = [Content.assemble(*parts)]
    for source in view.sources:
        lines.append(Content(" " * INDENT + fit(source_line(source), width - INDENT)))
    if not view.sources:
        lines.append(Content.styled(" " * INDENT + "no sources", "dim"))
    return Content("\n").join(lines)


class LessonsScreen(TrackerScreen[None]):
    """Every lesson by theme, strongest first; the state changes by key."""

    BINDINGS = bindings.LESSONS

    def __init__(self) -> None:
        super().__init__()
        self.themes: list[Theme] = []
        """The lessons as last loaded, by theme, strongest first."""
        self.states: dict[str, LessonState] = {}
        """Each lesson's state as last painted."""

    def compose(self) -> ComposeResult:
        yield Label("Lessons", id="lessons-title", classes="dialog-title")
        yield OptionList(id="lessons")
        yield Static(EMPTY, id="lessons-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#lessons-empty", Static).display = False
        self.load()

    @work(exclusive=True)
    async def load(self, keep: str | None = None) -> None:
        try:
            views = await self.tracker.store(self.tracker.repo.lessons)
        except StoreError as error:
            self.tracker.fail(error)
            return
        self.themes = rank(views)
        self.paint(keep)

    def on_resize(self) -> None:
        if self.themes:
            self.paint()

    def paint(self, keep: str | None = None) -> None:
        themes = self.themes
        listing = self.query_one("#lessons", OptionList)
        keep = keep or self.current()
        width = max((listing.scrollable_content_region.width or self.size.width - 4) - 1, 30)
        count = sum(len(theme.lessons) for theme in themes)
        self.query_one("#lessons-title", Label).update(f"Lessons ({count})" if count else "Lessons")
        self.states = {v.lesson.id: v.lesson.state for t in themes for v in t.lessons}
        listing.clear_options()
        options: list[Option] = []
        for theme in themes:
            options.append(Option(theme_prompt(theme), disabled=True))
            options += [Option(lesson_prompt(v, width), id=v.lesson.id) for v in theme.lessons]
        listing.add_options(options)
        listing.display = bool(options)
        self.query_one("#lessons-empty", Static).display = not options
        if not options:
            return
        index = next((n for n, o in enumerate(options) if keep and o.id == keep), None)
        if index is None:
            index = next(n for n, o in enumerate(options) if not o.disabled)
        listing.highlighted = index
        listing.focus()

    def current(self) -> str | None:
        listing = self.query_one("#lessons", OptionList)
        if listing.highlighted is None or not listing.option_count:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def action_move(self, step: int) -> None:
        """j and k, as the arrows (the list skips the theme lines)."""
        listing = self.query_one("#lessons", OptionList)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def action_next_state(self) -> None:
        lesson_id = self.current()
        if lesson_id is None:
            return
        state = self.states.get(lesson_id)
        if state is not None:
            self.change(lesson_id, NEXT_STATE[state])

    def action_set_state(self, word: str) -> None:
        lesson_id = self.current()
        if lesson_id is not None:
            self.change(lesson_id, LessonState(word))

    @work(exclusive=True, group="lesson-state")
    async def change(self, lesson_id: str, state: LessonState) -> None:
        repo = self.tracker.repo
        try:
            view, changed = await self.tracker.store(repo.set_lesson_state, lesson_id, state)
        except StoreError as error:
            self.tracker.fail(error)
            return
        except DomainError as error:
            self.notify(str(error), severity="warning")
            self.load()
            return
        if changed:
            self.notify(f"“{view.lesson.text}” is now {state.value}.")
        self.load(lesson_id)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        from tracker.ui.screens.help import HelpScreen

        self.tracker.show(HelpScreen(self))

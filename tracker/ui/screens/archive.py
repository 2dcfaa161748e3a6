"""Done and archived cards, newest first.

Drawn with the Line API (one line per card, only the visible ones rendered),
so it opens at once even with thousands of cards.

| key | does |
|---|---|
| up / down, k / j | move the cursor |
| page up / page down, home / end | jump |
| enter | open the card, read-only (escape comes back here) |
| escape, A, q | back to the board |
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.app import ComposeResult
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Label, Static

from tracker.domain.model import State
from tracker.domain.views import CardView
from tracker.ui import bindings
from tracker.ui.base import TrackerScreen
from tracker.ui.widgets.column import fit

COLUMNS = (
    ("Company", 22),
    ("Role", 24),
    ("Interview", 11),
    ("Stage", 10),
    ("State", 9),
    ("Outcome", 10),
)


def archived(views: list[CardView]) -> list[CardView]:
    """Newest interview first."""
    return sorted(views, key=lambda v: (v.opportunity.last_interview, v.card.id), reverse=True)


def row_of(view: CardView) -> tuple[str, ...]:
    return (
        view.company,
        view.role,
        view.opportunity.last_interview.isoformat(),
        view.card.stage.title,
        view.card.state.value,
        view.opportunity.outcome.value,
    )


def line(cells: tuple[str, ...]) -> str:
    return " ".join(
        fit(cell, width).ljust(width) for cell, (_, width) in zip(cells, COLUMNS, strict=True)
    )


class ArchiveList(ScrollView, can_focus=True):
    """One line per card; only what is visible is rendered."""

    COMPONENT_CLASSES = {"archive--cursor"}
    BINDINGS = bindings.ARCHIVE_LIST

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str, ...]] = []
        self.ids: list[str] = []
        """The card of each row."""
        self.cursor = 0
        self._line_width = 0
        self._line_base = Style()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def get_row_at(self, index: int) -> tuple[str, ...]:
        return self.rows[index]

    def set_rows(self, rows: list[tuple[str, ...]], ids: list[str]) -> None:
        self.rows = rows
        self.ids = ids
        self.cursor = 0
        self.virtual_size = Size(self.size.width, len(rows))
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._line_width = self.scrollable_content_region.width  # once a pass, not once a line
        self._line_base = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._line_width
        index = y + int(self.scroll_y)
        base = self._line_base
        if index >= len(self.rows):
            return Strip.blank(width, base)
        style = base
        if index == self.cursor:
            style = base + Style(bgcolor=self.get_component_rich_style("archive--cursor").bgcolor)
        return Strip([Segment(line(self.rows[index]), style)]).adjust_cell_length(width, style)

    def _show_cursor(self) -> None:
        height = self.scrollable_content_region.height
        if self.cursor < self.scroll_y:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= self.scroll_y + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(self.cursor + step, len(self.rows) - 1))
            self._show_cursor()

    def action_page(self, step: int) -> None:
        self.action_move(step * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, where: int) -> None:
        if self.rows:
            self.cursor = where % len(self.rows)
            self._show_cursor()


class ArchiveScreen(TrackerScreen[None]):
    """Cards that left the board: offers, withdrawals, finished chains, archived cards."""

    BINDINGS = bindings.ARCHIVE

    def compose(self) -> ComposeResult:
        yield Label("Archive", id="archive-title", classes="dialog-title")
        yield Static(line(tuple(name for name, _ in COLUMNS)), id="archive-header")
        yield ArchiveList(id="archive")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        repo = self.tracker.repo
        views = await self.tracker.store(
            lambda: [
                (row_of(v), v.card.id)
                for v in archived(repo.snapshot().views((State.DONE, State.ARCHIVED)))
            ]
        )
        rows = [row for row, _ in views]
        archive = self.query_one(ArchiveList)
        archive.set_rows(rows, [card_id for _, card_id in views])
        self.query_one("#archive-title", Label).update(f"Archive ({len(rows)})")
        archive.focus()

    def action_open_card(self) -> None:
        """The card under the cursor, read-only: its people, what they said, its checklist,
        notes and history."""
        from tracker.ui.screens.detail import CardDetailScreen

        archive = self.query_one(ArchiveList)
        if not archive.ids:
            self.notify("The archive is empty: done and archived cards come here.", timeout=3)
            return
        self.tracker.show(CardDetailScreen(archive.ids[archive.cursor], read_only=True))

    def action_back(self) -> None:
        self.dismiss(None)

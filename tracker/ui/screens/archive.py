"""Done and archived cards, newest first, in a table that stays quick with thousands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label

from tracker.domain.model import State
from tracker.domain.views import CardView

if TYPE_CHECKING:
    from tracker.ui.app import TrackerApp


def archived(views: list[CardView]) -> list[CardView]:
    """Newest interview first."""
    return sorted(views, key=lambda v: (v.opportunity.last_interview, v.card.id), reverse=True)


class ArchiveScreen(Screen[None]):
    """Cards that left the board: offers, withdrawals, finished chains, archived cards."""

    BINDINGS = [Binding("escape,A,q", "back", "Back", id="archive_back")]

    @property
    def tracker(self) -> TrackerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Label("Archive", id="archive-title", classes="dialog-title")
        yield DataTable(id="archive", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Company", "Role", "Interview", "Stage", "State", "Outcome")
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        repo = self.tracker.repo
        views = await self.tracker.store(
            lambda: archived(repo.snapshot().views((State.DONE, State.ARCHIVED)))
        )
        table = self.query_one(DataTable)
        table.add_rows(
            (
                v.company,
                v.role,
                v.opportunity.last_interview.isoformat(),
                v.card.stage.title,
                v.card.state.value,
                v.opportunity.outcome.value,
            )
            for v in views
        )
        self.query_one("#archive-title", Label).update(f"Archive ({len(views)})")
        table.focus()

    def action_back(self) -> None:
        self.dismiss(None)

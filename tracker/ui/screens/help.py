"""Every key in effect, with its binding id (for remapping) and what it does."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static

from tracker.ui import bindings


def bindings_of(screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """(keys, description, id) for every key in effect on ``screen``, keymap applied.

    The screen's own keys come first, in the order it lists them, then the app's
    (quit, commands), then those of the focused widget (a list's scroll keys):
    in a small terminal the keys that matter are the ones above the fold.
    """
    rows: dict[str, tuple[int, str]] = {}
    keys_by_id: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        ident = binding.id or binding.action
        keys_by_id.setdefault(ident, [])
        if key not in keys_by_id[ident]:
            keys_by_id[ident].append(key)
        own = active.node is screen and binding.id is not None  # not Textual's tab keys
        rank = 0 if own else 1 if active.node is screen.app else 2
        rows.setdefault(ident, (rank, binding.description or binding.action))
    out = []
    for ident, (_, description) in sorted(rows.items(), key=lambda row: row[1][0]):
        keys = ", ".join(screen.app.get_key_display(Binding(k, "")) for k in keys_by_id[ident])
        out.append((keys, description, ident))
    return out


class HelpScreen(ModalScreen[None]):
    """All bindings of the screen underneath."""

    BINDINGS = bindings.HELP

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Label("Keys", classes="dialog-title")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            yield Static("esc closes", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Does", "Id")
        for keys, description, ident in bindings_of(self.under):
            table.add_row(keys, description, ident)
        table.focus()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

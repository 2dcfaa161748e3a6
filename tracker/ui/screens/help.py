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
    """(keys, description, id) for the screen's and the app's bindings, keymap applied."""
    rows: dict[str, tuple[str, str, str]] = {}
    keys_by_id: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        ident = binding.id or binding.action
        keys_by_id.setdefault(ident, [])
        if key not in keys_by_id[ident]:
            keys_by_id[ident].append(key)
        rows[ident] = ("", binding.description or binding.action, ident)
    out = []
    for ident, (_, description, _) in rows.items():
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

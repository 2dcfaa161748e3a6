"""The `[keymap]` table: remap any binding by its id.

Ids are checked against every binding the app defines, so a typo is one
clear sentence at start-up instead of a key that silently does nothing.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from tracker.config import ConfigError
from tracker.ui import bindings


def known_ids() -> dict[str, str]:
    """Every binding id the app defines, with what it does."""
    out: dict[str, str] = {}
    for owner in bindings.REMAPPABLE:
        for binding in owner:
            if isinstance(binding, Binding) and binding.id:
                out[binding.id] = binding.description
    return out


def check(keymap: dict[str, str], config_path: Path) -> None:
    """Raise ConfigError naming the first unknown binding id."""
    known = known_ids()
    for ident in keymap:
        if ident not in known:
            close = sorted(k for k in known if k.split("_")[0] == ident.split("_")[0])[:4]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise ConfigError(
                f"keymap.{ident} in {config_path} is not a binding id{hint}; press ? on the board to see them."
            )

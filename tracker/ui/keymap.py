"""The `[keymap]` table: remap any binding by its id.

Ids are checked against every binding the app defines, and the keys against
the other keys of each screen. A problem never stops the board: the entry is
left out (its binding keeps its default keys) and one notification names every
problem, so a typo is a sentence on screen instead of a key that silently does
nothing, and ``?`` still opens to show the ids.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from textual.binding import Binding
from textual.keys import (
    _normalize_key_list,  # Textual's own reading of a keymap's keys
    format_key,
)

from tracker.ui import bindings


def known_ids() -> dict[str, str]:
    """Every binding id the app defines, with what it does."""
    out: dict[str, str] = {}
    for owner in bindings.REMAPPABLE:
        for binding in owner:
            if isinstance(binding, Binding) and binding.id:
                out[binding.id] = binding.description
    return out


@dataclass
class Vetted:
    """The part of a ``[keymap]`` table the app applies, and why the rest is left out."""

    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def notification(self, config_path: Path) -> str:
        """Every problem, one line each, for a single notification."""
        count = len(self.problems)
        head = (
            f"{count} keymap entr{'ies' if count != 1 else 'y'} in {config_path} "
            f"{'were' if count != 1 else 'was'} not used (the default keys apply):"
        )
        return "\n".join([head, *(f"• {problem}" for problem in self.problems)])


def check(keymap: dict[str, str]) -> Vetted:
    """The entries of ``keymap`` the app can apply, and a sentence for each it cannot:
    an unknown id (with the ids it may have meant), or keys another binding of the
    same screen already has (naming both ids)."""
    known = known_ids()
    vetted = Vetted()
    wanted: dict[str, str] = {}
    for ident, keys in keymap.items():
        if ident in known:
            wanted[ident] = _normalize_key_list(keys)
            continue
        close = difflib.get_close_matches(ident, known, n=3, cutoff=0.6)
        close += sorted(k for k in known if k.split("_")[0] == ident.split("_")[0])
        close = list(dict.fromkeys(close))[:4]
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        vetted.problems.append(f"{ident} is not a binding id{hint} (? on a screen lists its ids)")
    refused: dict[str, str] = {}
    while True:  # leaving one entry out gives its binding its default keys back: check again
        clash = _first_clash({k: v for k, v in wanted.items() if k not in refused})
        if clash is None:
            break
        ident, key, other, screen = clash
        refused[ident] = (
            f'{ident} = "{keymap[ident]}": {_shown(key)} is already {other}\'s key on {screen} '
            f"({known[other]}); {ident} keeps {_default_keys(ident)}"
        )
    vetted.problems += refused.values()
    vetted.keymap = {k: keymap[k] for k in wanted if k not in refused}
    return vetted


def _first_clash(keymap: dict[str, str]) -> tuple[str, str, str, str] | None:
    """(the id given the key, the key, the id that has it, the screen) for the first key
    that ``keymap`` gives to a second id of one screen; None when there is none.

    Keys two bindings share by default (q quits, and leaves the review) are no clash.
    """
    for screen, own in bindings.SCREENS.items():
        listed = [*own, *bindings.APP]
        default: dict[str, set[str]] = {}
        now: dict[str, list[str]] = {}
        for binding in listed:
            if not isinstance(binding, Binding) or not binding.id:
                continue
            for key in _keys(binding.key):
                default.setdefault(key, set()).add(binding.id)
            keys = keymap.get(binding.id, binding.key)
            for key in _keys(keys):
                holders = now.setdefault(key, [])
                if binding.id not in holders:
                    holders.append(binding.id)
        for key, holders in now.items():
            if len(holders) < 2 or set(holders) <= default.get(key, set()):
                continue
            newcomers = [i for i in holders if i in keymap and i not in default.get(key, set())]
            if not newcomers:
                continue
            ident = newcomers[-1]
            other = next(i for i in holders if i != ident)
            return ident, key, other, screen
    return None


def _keys(keys: str) -> list[str]:
    return [key for key in _normalize_key_list(keys).split(",") if key]


def _default_keys(ident: str) -> str:
    for owner in bindings.REMAPPABLE:
        for binding in owner:
            if isinstance(binding, Binding) and binding.id == ident:
                return ", ".join(_shown(k) for k in _keys(binding.key))
    return "its default keys"


def _shown(key: str) -> str:
    """A key as a user writes it: ``?`` for ``question_mark``."""
    return format_key(key)

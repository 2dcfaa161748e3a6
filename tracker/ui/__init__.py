"""The Textual board. Nothing outside this package imports Textual."""

from __future__ import annotations


def run_board(home: str | None = None, demo: bool | str = False) -> int:
    """Open the board; returns the exit status."""
    from tracker.ui.app import main

    return main(home=home, demo=demo)

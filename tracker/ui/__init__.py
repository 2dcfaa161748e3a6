"""The Textual board. Nothing outside this package imports Textual."""

from __future__ import annotations


def run_board(
    home: str | None = None,
    demo: bool | str = False,
    review: bool = False,
    theme: str | None = None,
) -> int:
    """Open the board; returns the exit status."""
    import gc

    # Start-up allocates Textual's objects and the whole board; collections
    # during it only rescan them. The board re-enables the collector (and
    # freezes what it loaded) once its first frame is drawn; the finally
    # covers errors.
    gc.disable()
    try:
        from tracker.ui.app import main

        return main(home=home, demo=demo, review=review, theme=theme)
    finally:
        gc.enable()

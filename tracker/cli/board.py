"""The commands that open a Textual screen: the board, the daily review, the capture form.

The only module of the command line that reaches the UI, and only inside its
handlers: building the parser imports no Textual (tests/cli/test_cli_imports.py
checks it at run time; the import-linter contract lists these imports).
"""

from __future__ import annotations

import argparse

from tracker.cli.common import AddCommand, Handler, open_repo


def add_parsers(command: AddCommand) -> dict[str, Handler]:
    """Register the subcommands; returns their handlers by name."""
    command("review", "the daily review: walk through what is due, one card at a time")
    command("capture", "a small inline form to log an interview (for a hotkey or a tmux popup)")
    return {"review": cmd_review, "capture": cmd_capture}


def cmd_board(args: argparse.Namespace) -> int:
    """Open the board (Textual is imported only here)."""
    from tracker.ui import run_board

    demo: bool | str = "if-empty" if args.demo_if_empty else args.demo
    return run_board(home=args.home, demo=demo, theme=args.theme)


def cmd_review(args: argparse.Namespace) -> int:
    """Open the app straight on the daily review."""
    from tracker.ui import run_board

    return run_board(home=args.home, review=True, theme=args.theme)


def cmd_capture(args: argparse.Namespace) -> int:
    """The inline capture form (Textual is imported only here)."""
    repo = open_repo(args)
    repo.snapshot()  # a damaged database is reported before the form appears
    from tracker.ui.capture import run

    return run(repo)

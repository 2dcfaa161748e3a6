"""The commands that open a Textual screen: the board, the daily review, the capture form.

The only module of the command line that reaches the UI, and only inside its
handlers: building the parser imports no Textual (tests/cli/test_cli_imports.py
checks it at run time; the import-linter contract lists these imports).
"""

from __future__ import annotations

import argparse
import sys

from tracker.cli.common import AddCommand, Handler, UserError, load_settings, open_repo


def add_parsers(command: AddCommand) -> dict[str, Handler]:
    """Register the subcommands; returns their handlers by name."""
    command("review", "the daily review: walk through what is due, one card at a time")
    command("capture", "a small inline form to log an interview (for a hotkey or a tmux popup)")
    return {"review": cmd_review, "capture": cmd_capture}


def cmd_board(args: argparse.Namespace) -> int:
    """Open the board (Textual is imported only here)."""
    from tracker.ui import run_board

    demo: bool | str = "if-empty" if args.demo_if_empty else args.demo
    auto = demo is not True and _auto_sync(args, None)
    code = run_board(home=args.home, demo=demo, theme=args.theme)
    if auto:
        _auto_sync(args, "after")
    return code


def _auto_sync(args: argparse.Namespace, when: str | None) -> bool:
    """With ``[sync] auto = true`` and a remote set up, sync with a short time-out; a
    failure (offline, say) is one line on stderr and the board goes on with this
    machine's data. Returns whether auto sync is on (so the board syncs again after)."""
    try:
        where, settings = load_settings(args)
    except UserError:
        return False  # the board itself reports the config file
    if not settings.sync_auto:
        return False
    from tracker.store import sync
    from tracker.store.errors import StoreError
    from tracker.store.repo import Repository

    repo = Repository(where, settings)
    if not sync.is_connected(repo):
        sys.stderr.write(
            "tracker: [sync] auto is on but this home has no remote yet: "
            "`tracker sync init REMOTE` sets one up.\n"
        )
        return False
    try:
        sync.sync(repo, timeout=sync.AUTO_TIMEOUT, batch=True)
    except StoreError as error:
        stage = "after the board closed" if when else "before the board opened"
        rest = "" if when else "; the board opens on this machine's data"
        sys.stderr.write(f"tracker: no sync {stage}: {_first_clause(str(error))}{rest}.\n")
    return True


def _first_clause(text: str) -> str:
    """A store error's sentence up to its first comma or semicolon (the cause, not the advice)."""
    from tracker.domain.text import visible

    for mark in (", so ", "; ", ". "):
        text = text.split(mark)[0]
    return visible(text.rstrip("."))


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

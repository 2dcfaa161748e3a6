"""`tracker sync`: keep this home in step with other machines through a git remote.

`tracker sync init REMOTE` connects the home (an SSH or HTTPS URL, or the path of a
bare repository) and syncs once; `tracker sync` commits, fetches, merges and pushes;
`tracker sync --status` says what is ahead and behind and writes nothing into the home.
The work is in :mod:`tracker.store.sync` (git runs as a subprocess), imported when the
command runs.
"""

from __future__ import annotations

import argparse

from tracker.cli.common import AddCommand, Handler, UserError, open_repo, say
from tracker.domain.words import plural


def add_parsers(command: AddCommand) -> dict[str, Handler]:
    """Register the subcommands; returns their handlers by name."""
    parser = command("sync", "sync this home with other machines through a git remote")
    parser.add_argument(
        "action",
        nargs="?",
        choices=["init"],
        help="init: connect this home to REMOTE (then sync once)",
    )
    parser.add_argument(
        "remote",
        nargs="?",
        metavar="REMOTE",
        help="an SSH or HTTPS git URL, or the path of a bare git repository",
    )
    parser.add_argument(
        "--status",
        action="store_true",
        help="say what is ahead and behind; change nothing in this home",
    )
    return {"sync": cmd_sync}


def cmd_sync(args: argparse.Namespace) -> int:
    from tracker.store import sync

    if args.action == "init":
        if args.status:
            raise UserError("`tracker sync init` takes a remote, not --status.")
        if not args.remote:
            raise UserError(
                "`tracker sync init` needs the remote: an SSH or HTTPS URL, or the path of a "
                "bare git repository (`git init --bare PATH` makes one)."
            )
        repo = open_repo(args)
        url = sync.connect(repo, args.remote)
        say(f"Connected this home to {url}.")
        say(sync.describe(sync.sync(repo)))
        return 0
    repo = open_repo(args)
    if args.status:
        found = sync.status(repo)
        local = (
            f"{plural(found.local_changes, 'change')} in this home not synced yet"
            if found.local_changes
            else "nothing new in this home since the last sync"
        )
        say(
            f"Remote: {found.remote}",
            f"Local: {local}.",
            f"Commits: {found.ahead} ahead, {found.behind} behind the remote.",
        )
        return 0
    say(sync.describe(sync.sync(repo)))
    return 0

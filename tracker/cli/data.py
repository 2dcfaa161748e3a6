"""`tracker export`, `import`, `backup`, `restore` and `doctor`.

Only argparse is imported at the top: `tracker add` builds the whole parser,
so the store modules behind these commands are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tracker.cli.common import AddCommand, Handler, UserError, json_for_terminal, open_repo, say
from tracker.domain.text import visible

FORMATS = ("json", "csv", "ics", "md")
IMPORT_LIMIT = 50 * 1024 * 1024
"""The largest file `tracker import` reads, in bytes: what imports in well under 1.5 GB.

Peak memory (maximum resident set) of `tracker import` of a file at this limit,
measured with ``resource.getrusage(RUSAGE_CHILDREN)`` around the command:
the JSON export of a 25,000-card home (50 MB) 300 MB; 50 MB of the smallest
JSON records (a million people) 830 MB; a CSV at the row limit with 20 people
of 200-character names and 20 dates on every row (49 MB) 730 MB; 800,000 CSV rows
(50 MB, refused by the row limit) 120 MB. At 100 MB the JSON of small records
took 1.6 GB, and a 63 MB CSV of a million rows ran out of a 1.5 GB cap.
"""


def add_parsers(command: AddCommand) -> dict[str, Handler]:
    """Register the subcommands; returns their handlers by name."""
    p = command(
        "export", "export the data: json (lossless), csv, ics (calendar) or md (weekly report)"
    )
    p.add_argument("--format", choices=FORMATS, default="json", help="what to write (default json)")
    p.add_argument("--out", metavar="FILE", help="write to FILE (atomically) instead of stdout")

    p = command("import", "import a JSON export or a CSV of applications")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would be imported"
    )
    p.add_argument(
        "--skip-bad", action="store_true", help="import the good rows even if some are bad"
    )

    p = command("backup", "make a backup now, or list the backups")
    p.add_argument("--list", action="store_true", help="list the backups (name, date, size, cards)")

    p = command("restore", "restore a backup (default: the newest good one)")
    p.add_argument("name", nargs="?", metavar="NAME", help="a name from `tracker backup --list`")

    command("doctor", "check the database and say how to fix what is wrong")
    return {
        "export": cmd_export,
        "import": cmd_import,
        "backup": cmd_backup,
        "restore": cmd_restore,
        "doctor": cmd_doctor,
    }


def _paths(args: argparse.Namespace) -> Any:
    from tracker import paths

    return paths.resolve(args.home)


def _local_now(args: argparse.Namespace) -> Any:
    """Now in the home time zone, or UTC when the config cannot be read (doctor, restore)."""
    from tracker import clock, config

    try:
        zone = config.load(_paths(args).config).zone
    except config.ConfigError:
        return clock.now()
    return clock.now().astimezone(zone)


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tracker import exchange
    from tracker.store.files import write_atomic

    repo = open_repo(args)
    if args.format == "json":
        payload = exchange.export_json(repo)
    else:
        _check_for_export(repo)
        build = {"csv": exchange.export_csv, "ics": exchange.export_ics, "md": exchange.export_md}
        payload = build[args.format](repo).encode("utf-8")
    if args.out is None:
        payload = _for_terminal(payload, args.format)
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(payload.decode("utf-8"))
        else:
            sys.stdout.flush()
            buffer.write(payload)
            buffer.flush()
        return 0
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise UserError(
            f"{out} is a folder; give --out a file name, for example {out / ('tracker.' + args.format)}."
        )
    write_atomic(out, payload)
    say(f"Exported {args.format} to {out} ({len(payload):,} bytes).")
    return 0


def _check_for_export(repo: Any) -> None:
    """Refuse, in one sentence, records or events the csv, ics and md exports cannot read.

    Every record is built (a broken checklist is the store's damaged-file sentence)
    and every event read, so an export never stops half-way on one."""
    from tracker.domain.model import Event

    repo.snapshot()
    repo.check_snapshot()
    for number, doc in enumerate(repo.event_docs(), start=1):
        try:
            Event.from_doc(doc)
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            raise UserError(
                f"event {number} of {repo.paths.events} is malformed ({error!r}), so nothing was "
                "exported; `tracker restore` brings back the newest good backup."
            ) from None


def _for_terminal(payload: bytes, fmt: str) -> bytes:
    """An export as stdout gets it: no control character from data reaches the terminal.

    JSON stays lossless (the controls JSON leaves raw are written as escapes);
    the other formats show them (see ``visible``), keeping their line breaks.
    A file written with --out keeps the user's text."""
    text = payload.decode("utf-8")
    if fmt == "json":
        return json_for_terminal(text).encode("utf-8")
    return visible(text, multiline=True).encode("utf-8")


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    source = Path(args.file).expanduser()
    try:
        size = source.stat().st_size
    except FileNotFoundError:
        raise UserError(f"there is no file {source}.") from None
    except OSError as error:
        raise UserError(
            f"cannot read {source} ({error.strerror}); check the path and its permissions."
        ) from None
    if source.is_dir():
        raise UserError(f"{source} is a folder; give the CSV or JSON file to import.")
    if size > IMPORT_LIMIT:
        shown, limit = _size(size), _size(IMPORT_LIMIT)
        if shown == limit:
            shown, limit = f"{size:,} bytes", f"{IMPORT_LIMIT:,} bytes"
        raise UserError(f"{source} is {shown}; tracker imports files of up to {limit}.")
    try:
        return _import(args, source)
    except MemoryError:
        pass  # said below, once the frames holding the file's records are gone
    raise UserError(
        f"there was not enough memory to import {source} ({_size(size)}), so nothing was "
        "imported; close other programs or, for a CSV, split it into smaller files."
    )


def _import(args: argparse.Namespace, source: Any) -> int:
    from tracker import exchange
    from tracker.domain.words import plural

    try:
        raw = source.read_bytes()
    except OSError as error:
        raise UserError(
            f"cannot read {source} ({error.strerror}); check the path and its permissions."
        ) from None
    text = exchange.read_text(source, raw)
    del raw  # the text is what is read from now on
    repo = open_repo(args)
    exchange.refuse_json_array(source, text)
    if text.lstrip().startswith("{"):
        plan = exchange.plan_json(source, text)
        exchange.check_json_target(repo)
        if args.dry_run:
            say(
                f"Would import {plan.describe()} from {source} into {repo.paths.data_dir}; nothing was written."
            )
            return 0
        exchange.apply_json(repo, plan)
        say(f"Imported {plan.describe()} from {source}.")
        return 0

    rows = exchange.plan_csv(repo, source, text)
    del text
    if not rows.total:
        raise UserError(f"{source} has a header but no rows, so there is nothing to import.")
    for bad in rows.bad:
        sys.stderr.write(visible(f"{source}:{bad.line}: {bad.reason}.") + "\n")
    if not rows.rows:
        every = (
            f"the only row of {source} is"
            if rows.total == 1
            else f"all {rows.total:,} rows of {source} are"
        )
        them = "it" if rows.total == 1 else "them"
        raise UserError(
            f"{every} bad (listed above), so nothing was imported; fix {them} and try again."
        )
    if rows.bad and not args.skip_bad:
        n, good = len(rows.bad), len(rows.rows)
        raise UserError(
            f"{n:,} of the {rows.total:,} rows of {source} {'is' if n == 1 else 'are'} bad (listed "
            f"above), so nothing was imported; fix {'it' if n == 1 else 'them'}, or pass --skip-bad "
            f"to import the {plural(good, 'good row')}."
        )
    skipped = f", skipping {plural(len(rows.bad), 'bad row')}" if rows.bad else ""
    if args.dry_run:
        say(f"Would import {rows.describe()} from {source}{skipped}; nothing was written.")
        return 0
    exchange.apply_csv(repo, rows, source)
    say(
        f"Imported {rows.describe()} from {source}{skipped}; `tracker undo` takes the whole import back."
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from tracker.domain.words import plural
    from tracker.store import backups

    where = _paths(args)
    if args.list:
        found = backups.list_backups(where)
        if not found:
            say(f"No backups yet in {where.backups}; `tracker backup` makes one.")
            return 0
        width = max(len(b.name) for b in found)
        for b in found:
            cards = plural(b.cards, "card") if b.cards is not None else "DAMAGED"
            say(f"{b.name:<{width}}  {b.when:<19}  {_size(b.size):>9}  {cards}")
        return 0
    folder = backups.make(where, _local_now(args))
    say(f"Backed up to {folder}; `tracker restore {folder.name}` brings it back.")
    return 0


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def cmd_restore(args: argparse.Namespace) -> int:
    from tracker.domain.words import plural
    from tracker.store import backups

    where = _paths(args)
    backup, saved = backups.restore(where, args.name, _local_now(args))
    cards = plural(backup.cards or 0, "card")
    kept = (
        f"; the database before it was saved as {saved.name} (`tracker restore {saved.name}` goes back)"
        if saved
        else ""
    )
    say(f"Restored {backup.name} ({backup.when}, {cards}){kept}.")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from tracker import doctor

    report = doctor.diagnose(_paths(args))
    if report.healthy:
        say(f"All good: {report.summary}.")
        return 0
    for finding in report.findings:
        say(finding.line())
    return 1

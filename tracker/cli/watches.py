"""The watch commands: watch (start, change, stop, checked, skip, snooze) and watches.

After a rejection (or a ghosting) the company is watched for new roles: a "check
their openings" reminder every ``[network] watch_every`` days for ``watch_for`` months
(:mod:`tracker.domain.watch`). ``tracker watch COMPANY`` starts or changes a watch by
hand; its reminders are done with ``--checked``, skipped with ``--skip REASON`` or put
off with ``--snooze DATE``, as ``tracker touch`` does for a person. Like every command
group, nothing at the top imports more than argparse and :mod:`tracker.cli.common`.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from tracker.cli.common import (
    AddCommand,
    Handler,
    UserError,
    fmt_day,
    open_repo,
    parse_date_word,
    print_json,
    say,
)

if TYPE_CHECKING:
    from tracker.domain.watch import Watch


def add_parsers(command: AddCommand) -> dict[str, Handler]:
    """Register the subcommands; returns their handlers by name."""
    p = command(
        "watch",
        "watch a company for new roles (start, change, stop), or check its openings",
    )
    p.add_argument("company", nargs="+", metavar="COMPANY", help="a company you interviewed with")
    p.add_argument("--url", metavar="URL", help='its careers page, http(s)://… ("" clears it)')
    p.add_argument(
        "--every",
        metavar="CADENCE",
        help="how often to check their openings: 30d, 4w or 30 (default [network] watch_every)",
    )
    p.add_argument(
        "--until",
        metavar="DATE",
        help="the last day to be reminded (default [network] watch_for months from now)",
    )
    p.add_argument("--stop", action="store_true", help="stop watching the company")
    p.add_argument(
        "--checked", action="store_true", help="you checked their openings: the reminder is done"
    )
    p.add_argument("--note", metavar="TEXT", help="with --checked: what you found")
    p.add_argument("--skip", metavar="REASON", help="skip this check, saying why")
    p.add_argument("--snooze", metavar="DATE", help="put this check off until DATE")
    p.add_argument("--json", action="store_true", help="print the watch as JSON")

    p = command("watches", "the companies you watch for new roles, and their next reminder")
    p.add_argument(
        "--due", action="store_true", help="only the reminders due today, most overdue first"
    )
    p.add_argument("--json", action="store_true")
    return {"watch": cmd_watch, "watches": cmd_watches}


def _next_words(watch: Watch, today: date) -> str:
    """ "next check Wed 1 Apr 2026", "check due today", "ended on …", "stopped"."""
    from tracker.domain.watch import reminder_for

    reminder = reminder_for(watch)
    if watch.stopped:
        return "stopped"
    if reminder is None:
        return f"ended on {fmt_day(watch.until)}"
    late = reminder.days_overdue(today)
    if late > 0:
        return f"check {late}d overdue"
    if late == 0:
        return "check due today"
    return f"next check {fmt_day(reminder.due_on)}"


def _line(watch: Watch, today: date) -> str:
    url = f" · {watch.url}" if watch.url else ""
    cadence = f"every {watch.every}d until {fmt_day(watch.until)}, " if watch.is_running() else ""
    return f"{watch.company}: {cadence}{_next_words(watch, today)}{url}"


def cmd_watch(args: argparse.Namespace) -> int:
    from tracker.domain.watch import parse_every, watch_json

    changes = [x for x in (args.url, args.every, args.until) if x is not None]
    reminder = [x for x in (args.skip, args.snooze) if x is not None] + (
        ["checked"] if args.checked else []
    )
    if args.stop and (changes or reminder or args.note is not None):
        raise UserError("--stop goes alone: it ends the watch.")
    if len(reminder) > 1:
        raise UserError("choose one of --checked, --skip and --snooze.")
    if reminder and changes:
        raise UserError(
            "--checked, --skip and --snooze are about the reminder; change the watch "
            "(--url, --every, --until) in another command."
        )
    if args.note is not None and not args.checked:
        raise UserError("--note goes with --checked.")
    every = parse_every(args.every) if args.every is not None else None
    repo = open_repo(args)
    today = repo.today()
    until = parse_date_word(args.until, today, "--until")
    snooze = parse_date_word(args.snooze, today, "--snooze")
    company = " ".join(args.company)
    if args.stop:
        watch = repo.stop_watch(repo.find_watch(company).id)
        told = (
            f"Stopped watching {watch.company}; `tracker watch {watch.company}` starts "
            "again (undo takes this back)."
        )
    elif args.checked:
        watch = repo.watch_checked(repo.find_watch(company).id, args.note or "")
        noted = " (note kept)" if args.note and args.note.strip() else ""
        told = f"Checked the openings at {watch.company}{noted}; {_next_words(watch, today)}."
    elif args.skip is not None:
        watch = repo.skip_watch(repo.find_watch(company).id, args.skip)
        told = f"Skipped this check of {watch.company}; {_next_words(watch, today)}."
    elif snooze is not None:
        watch = repo.snooze_watch(repo.find_watch(company).id, snooze)
        told = f"The check of {watch.company} waits until {fmt_day(snooze)}."
    else:
        watch, what = repo.watch(company, url=args.url, every=every, until=until)
        lead = {
            "started": "Watching",
            "changed": "Changed the watch of",
            "unchanged": "Already watching",
        }[what]
        told = (
            f"{lead} {watch.company}: check their openings every {watch.every} days until "
            f"{fmt_day(watch.until)}; {_next_words(watch, today)}."
            + (f" Careers page: {watch.url}" if watch.url else "")
        )
    if args.json:
        print_json(watch_json(watch, today))
    else:
        say(told)
    return 0


def cmd_watches(args: argparse.Namespace) -> int:
    from tracker.domain.watch import watch_json

    repo = open_repo(args)
    today = repo.today()
    if args.due:
        due = repo.due_reminders(today)
        if args.json:
            print_json([r.to_json(today) for r in due])
            return 0
        if not due:
            say(f"No company's openings are due for a check today ({fmt_day(today)}).")
            return 0
        say(*(_line(r.watch, today) for r in due))
        return 0
    watches = repo.watches()
    if args.json:
        print_json([watch_json(w, today) for w in watches])
        return 0
    if not watches:
        say(
            "You watch no company yet. A rejection starts a watch, or: "
            "tracker watch ACME --url https://acme.example/careers"
        )
        return 0
    say(*(_line(w, today) for w in watches))
    return 0

"""`tracker streak` and `tracker vacation`.

``tracker streak`` prints one line for a tmux status bar or a shell prompt.
``--format`` takes these placeholders:

=====================  ==========================================================
``{current}``          kept days in the current streak (today once kept)
``{best}``             the longest streak
``{score}``            the persistence score as a percentage ("74%")
``{freezes}``          freezes banked (0-2)
``{days_until_break}`` days left to act: 0 = today, 1 = tomorrow at the latest
``{today}``            ``✓`` today is kept, ``!`` the streak ends tonight without
                       an action, ``~`` a rest or vacation day, ``·`` otherwise
``{today_ascii}``      the same in plain ASCII: ``+``, ``!``, ``~``, ``-``
=====================  ==========================================================

Only argparse is imported at the top: ``tracker add`` builds this parser too.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

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
from tracker.cli.prompt import DEFAULT_FORMAT, MAX_WIDTH, PLACEHOLDERS, placeholders

if TYPE_CHECKING:
    from datetime import date

    from tracker.domain.streaks import StreakStatus


def add_parsers(command: AddCommand) -> dict[str, Handler]:
    """Register the subcommands; returns their handlers by name."""
    p = command(
        "streak", "print the streak and persistence score in one line (for tmux or a prompt)"
    )
    p.add_argument(
        "--format",
        metavar="TEXT",
        default=None,
        help=f"the line to print; placeholders: {', '.join('{' + n + '}' for n in PLACEHOLDERS)} "
        f"(default: {DEFAULT_FORMAT!r})".replace("%", "%%"),
    )
    p.add_argument(
        "--json", action="store_true", help="print the status as JSON (score from 0 to 1)"
    )

    p = command("vacation", "pause streaks between two days (inclusive); alone, list the vacations")
    p.add_argument(
        "start", nargs="?", metavar="START", help="the first day off (today, mon, 2026-07-01, ...)"
    )
    p.add_argument("end", nargs="?", metavar="END", help="the last day off (default: START)")
    p.add_argument("--clear", action="store_true", help="remove every vacation")
    return {"streak": cmd_streak, "vacation": cmd_vacation}


# --- tracker streak ----------------------------------------------------------------


def cmd_streak(args: argparse.Namespace) -> int:

    template = DEFAULT_FORMAT if args.format is None else args.format
    if not args.json:
        check_format(template)
    from tracker.store.repo import no_gc
    from tracker.store.streak_store import current_status

    # Reading the log builds one dict per event; the cyclic GC would rescan them repeatedly.
    repo = open_repo(args)
    with no_gc():
        state = current_status(repo)
    if args.json:
        print_json(state.as_json())
        return 0
    line = render(template, state)
    if args.format is None and state.today_state.value == "pending":
        # Only the default, human line says it: scripts use --format and get what they asked.
        from tracker.domain.streaks import review_hint
        from tracker.store.streak_store import due_counts

        with no_gc():
            due, on_board = due_counts(repo)
        hint = review_hint(state, due=due, on_board=on_board)
        if hint:
            line = f"{line} · {hint}"
    say(line)
    return 0


def check_format(template: str) -> None:
    """Refuse a --format with an unknown placeholder or unbalanced braces, in one sentence."""
    import string

    known = ", ".join("{" + n + "}" for n in PLACEHOLDERS)
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        raise UserError(
            f"--format {template!r} has an unmatched brace; write {{{{ or }}}} for a literal one, "
            f"and use {known}."
        ) from None
    for _, name, spec, _ in fields:
        if name is None:
            continue
        root = name.split(".")[0].split("[")[0]
        if root not in PLACEHOLDERS:
            shown = "{" + name + "}" if name else "{}"
            raise UserError(f"--format has the unknown placeholder {shown}; use {known}.")
        check_width("{" + name + ":" + spec + "}" if spec else "", spec or "")


def check_width(field: str, spec: str) -> None:
    """Refuse a format spec that asks for more than :data:`MAX_WIDTH` characters, or
    takes its width from another placeholder, in one sentence."""
    import re

    if "{" in spec:
        raise UserError(
            f"--format {field} takes its width from a placeholder; give a number up to {MAX_WIDTH}."
        )
    widest = max((int(n) for n in re.findall(r"\d+", spec)), default=0)
    if widest > MAX_WIDTH:
        raise UserError(
            f"--format {field} asks for {widest} characters; a placeholder can be at most "
            f"{MAX_WIDTH} wide."
        )


def values(state: StreakStatus) -> dict[str, Any]:
    """The placeholder values for one status."""
    from tracker.domain.streaks import percent, today_mark

    return placeholders(
        current=state.current,
        best=state.best,
        percent=percent(state.score),
        freezes=state.freezes,
        days_until_break=state.days_until_break,
        mark=today_mark(state),
    )


def render(template: str, state: StreakStatus) -> str:
    """Fill ``template`` (already checked) with the status."""

    try:
        return template.format_map(values(state))
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as error:
        raise UserError(
            f"--format {template!r} cannot be filled in ({error}); use plain placeholders like {{current}}."
        ) from None


# --- tracker vacation --------------------------------------------------------------


def cmd_vacation(args: argparse.Namespace) -> int:
    from tracker.domain.words import plural
    from tracker.store import streak_store

    if args.clear and args.start is not None:
        raise UserError("give either --clear or the dates START and END, not both.")
    repo = open_repo(args)
    if args.clear:
        removed = streak_store.clear_vacations(repo)
        print(
            f"Cleared {plural(removed, 'vacation')}."
            if removed
            else "There were no vacations to clear."
        )
        return 0
    if args.start is None:
        stored = streak_store.vacations(repo)
        if not stored:
            print("No vacations. Add one: tracker vacation 2026-07-01 2026-07-14")
        for start, end in stored:
            say(_range(start, end))
        return 0
    today = repo.today()
    start = _parse(args.start, today, "START")
    end = _parse(args.end, today, "END") if args.end is not None else start
    if end < start:
        raise UserError(
            f"END ({_day(end)}) is before START ({_day(start)}); give the first day off first."
        )
    streak_store.set_vacation(repo, start, end)
    say(f"Vacation {_range(start, end)}: those days neither break nor extend your streak.")
    return 0


def _parse(text: str, today: date, what: str) -> date:

    day = parse_date_word(text, today, what)
    assert day is not None
    return day


def _day(day: date) -> str:

    return fmt_day(day)


def _range(start: date, end: date) -> str:
    days = (end - start).days + 1
    if days == 1:
        return f"{_day(start)} (1 day)"
    return f"{_day(start)} to {_day(end)} ({days} days)"

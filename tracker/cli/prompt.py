"""The prompt path: `tracker --version`, `tracker due --count` and `tracker streak` in a few ms.

A shell prompt or a tmux status line runs these on every refresh, so they must
cost about what starting Python costs. :func:`answer` replies from the prompt
summary the store writes with every commit (:mod:`tracker.store.prompt`), importing
nothing but os, json, datetime and :mod:`tracker.clock`: no argparse,
no TinyDB, no domain, no time zone library. It returns None, and the full
command runs, whenever it is not sure to print exactly what that command would:

- any word it does not handle (only ``due --count``, ``streak`` with ``--json`` or
  ``--format TEXT``, and ``--home DIR`` anywhere; an option's value starting with ``-``
  is left to argparse);
- no summary, an unreadable or damaged one, or another layout (``format``);
- a state file, event log or config file that is not the one the summary was made
  from (their stat signatures: any other writer, a hand edit, a restore), another
  ``TZ`` or ``/etc/localtime``;
- a clock outside the days the summary covers, or a ``TRACKER_NOW`` it cannot read;
- a ``--format`` the full command would refuse, or a line holding a character that
  would be shown in caret notation.

It writes nothing. The strings the streak line is made of live here and
:mod:`tracker.cli.streaks` uses them, so both paths print the same line.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms on this path
if TYPE_CHECKING:
    from typing import Any

DEFAULT_FORMAT = "streak {current} · best {best} · {score}"
PLACEHOLDERS = ("current", "best", "score", "freezes", "days_until_break", "today", "today_ascii")
MARKS = {"kept": ("✓", "+"), "risk": ("!", "!"), "off": ("~", "~"), "open": ("·", "-")}
MAX_WIDTH = 200
"""The widest a placeholder may be padded (or cut), in characters: a status line, not 100 MB."""


def placeholders(
    *, current: int, best: int, percent: int, freezes: int, days_until_break: int, mark: str
) -> dict[str, Any]:
    """The values of ``tracker streak --format``'s placeholders."""
    shown = MARKS[mark]
    return {
        "current": current,
        "best": best,
        "score": f"{percent}%",
        "freezes": freezes,
        "days_until_break": days_until_break,
        "today": shown[0],
        "today_ascii": shown[1],
    }


def version() -> str:
    from tracker import __version__

    return f"tracker {__version__}"


def answer(words: list[str]) -> int | None:
    """Run ``words`` from the prompt summary and return the exit status, or None when
    the full command must run (see the module's docstring)."""
    if words == ["--version"]:
        return _write(version() + "\n")
    try:
        return _answer(words)
    except Exception:  # noqa: BLE001 - anything unexpected: the full command decides
        return None


def _answer(words: list[str]) -> int | None:
    home, rest = _home(words)
    if rest is None or not rest:
        return None
    command, options = rest[0], rest[1:]
    if command == "due":
        if options != ["--count"]:
            return None
        day = _day(home)
        return None if day is None else _write(f"{day['due']}\n")
    if command != "streak":
        return None
    template: str | None = None
    as_json = False
    if options == ["--json"]:
        as_json = True
    elif len(options) == 2 and options[0] == "--format" and not options[1].startswith("-"):
        template = options[1]
    elif len(options) == 1 and options[0].startswith("--format="):
        template = options[0][len("--format=") :]
        if template.startswith("-"):
            return None
    elif options:
        return None
    if template is not None and not _format_ok(template):
        return None
    day = _day(home)
    if day is None:
        return None
    streak = day["streak"]
    if as_json:
        import json

        return _write(json.dumps(streak["json"], indent=2, ensure_ascii=False) + "\n")
    values = placeholders(
        current=streak["current"],
        best=streak["best"],
        percent=streak["percent"],
        freezes=streak["freezes"],
        days_until_break=streak["days_until_break"],
        mark=streak["mark"],
    )
    line = (DEFAULT_FORMAT if template is None else template).format_map(values)
    if template is None and streak["hint"]:
        line = f"{line} · {streak['hint']}"
    if not _plain(line):
        return None
    return _write(line + "\n")


def _home(words: list[str]) -> tuple[str | None, list[str] | None]:
    """``--home DIR`` taken out of ``words``: (DIR or None, the other words), or
    (None, None) for anything argparse might read otherwise."""
    home: str | None = None
    rest: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--home":
            if index + 1 >= len(words) or words[index + 1].startswith("-"):
                return None, None
            home = words[index + 1]
            index += 2
            continue
        if word.startswith("--home="):
            home = word[len("--home=") :]
            if home.startswith("-"):
                return None, None
        elif word == "--" or any("\ud800" <= ch <= "\udfff" for ch in word):
            return None, None
        else:
            rest.append(word)
        index += 1
    return home, rest


def _format_ok(template: str) -> bool:
    """Whether ``tracker streak`` takes ``--format template`` (its checks, as a yes or no)."""
    import string

    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return False
    for _, name, spec, _ in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            return False  # unknown, or an attribute or index: the full command decides
        if spec and ("{" in spec or not spec.isascii()):
            return False
        number = ""
        for ch in (spec or "") + " ":
            if ch.isdigit():
                number += ch
                continue
            if number and int(number) > MAX_WIDTH:
                return False
            number = ""
    return True


def _plain(line: str) -> bool:
    """Whether ``line`` holds nothing the terminal-safe output would change."""
    return not any(ch < " " or "\x7f" <= ch <= "\x9f" or "\ud800" <= ch <= "\udfff" for ch in line)


def _day(home: str | None) -> dict[str, Any] | None:
    """Today's entry of the home's prompt summary, when the summary is current."""
    import json

    from tracker import paths

    data_dir, config_dir = paths.folders(home)
    try:
        with open(os.path.join(data_dir, paths.PROMPT), "rb") as handle:
            summary = json.loads(handle.read())
    except (OSError, ValueError):
        return None
    if not isinstance(summary, dict) or summary.get("format") != 1:
        return None
    if (
        _signature(os.path.join(data_dir, paths.DATABASE)) != summary["state"]
        or _signature(os.path.join(data_dir, paths.EVENTS)) != summary["events"]
        or (_signature(os.path.join(config_dir, paths.CONFIG)) or []) != summary["config"]
        or os.environ.get("TZ") != summary["tz"]
        or os.path.realpath("/etc/localtime") != summary["localtime"]
    ):
        return None
    micros = _now_micros()
    if micros is None:
        return None
    start, end = summary["covers"]
    if not start * 1_000_000 <= micros < end * 1_000_000:
        return None
    offset = None
    for since, seconds in summary["offsets"]:
        if since * 1_000_000 <= micros:
            offset = seconds
    if offset is None:
        return None
    day = (micros + (offset - summary["day_start"]) * 1_000_000) // 86_400_000_000
    found: dict[str, Any] | None = summary["days"].get(str(day))
    return found


def _signature(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _now_micros() -> int | None:
    """The clock (:func:`tracker.clock.now`, the one place that reads it) in microseconds
    since 1970, or None when ``TRACKER_NOW`` cannot be read."""
    from datetime import UTC, datetime

    from tracker import clock

    try:
        instant = clock.now()
    except ValueError:
        return None
    delta = instant - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _write(text: str) -> int:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # As the full command: the reader went away; keep the final flush quiet.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 1
    return 0

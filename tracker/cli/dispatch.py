"""The command line's entry point: one parser, the handler for the command, errors as exit codes.

Errors are one sentence on stderr (``tracker: ...``) and a non-zero exit;
tracebacks appear only with ``--debug``. Every command group lives in its own
module (cards, people, watches, lessons, prep, board, serve, sync, streaks, data, themes) and shares helpers only through
:mod:`tracker.cli.common`. Nothing here, nor at the top of those modules,
imports Textual or Rich, so a capture from a hotkey starts fast.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, cast

from tracker import __version__
from tracker.cli.common import (
    EXIT_ERROR,
    EXIT_USAGE,
    Handler,
    UserError,
    check_clock,
    visible_output,
)
from tracker.domain.text import visible

GROUPS = (
    "cards",
    "people",
    "watches",
    "lessons",
    "prep",
    "board",
    "serve",
    "sync",
    "streaks",
    "data",
    "themes",
)
"""The command modules of :mod:`tracker.cli`, in the order `tracker --help` lists their
commands. A command imports its own module only (:func:`group`)."""


def group(name: str) -> Any:
    """The command module ``tracker.cli.NAME`` (one of :data:`GROUPS`), imported now."""
    return importlib.import_module(f"tracker.cli.{name}")


COMMANDS: dict[str, str] = {
    **dict.fromkeys(
        ("add", "list", "show", "due", "paths", "done", "skip", "reject", "offer"), "cards"
    ),
    **dict.fromkeys(("withdraw", "ghosted", "snooze", "advance", "undo", "config"), "cards"),
    **dict.fromkeys(("person", "people", "touch", "hired", "reply", "met", "note"), "people"),
    "compare": "people",
    "watch": "watches",
    "watches": "watches",
    "lesson": "lessons",
    "lessons": "lessons",
    "prep": "prep",
    "review": "board",
    "capture": "board",
    "serve": "serve",
    "sync": "sync",
    "streak": "streaks",
    "vacation": "streaks",
    **dict.fromkeys(("export", "import", "backup", "restore", "doctor"), "data"),
    "themes": "themes",
}
"""Which module (of :data:`GROUPS`) registers each command. A command line that starts
with one imports that module alone and builds that command's parser alone (a capture
from a hotkey does not build all 40); a test checks this table against what the modules
register."""


class Formatter(argparse.HelpFormatter):
    """argparse's help layout. argparse makes a formatter for every ``add_argument`` (to
    check the metavar) and, given no width, imports shutil and asks the terminal each time
    (~2.5 ms of a capture); the width is only needed when help is shown, so it is found
    then, from the same sources (``COLUMNS``, the terminal, else 80)."""

    def __init__(self, prog: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(prog, *args, **{"width": 80, **kwargs})
        self._width_known = "width" in kwargs

    def format_help(self) -> str:
        if not self._width_known:
            import shutil

            self._width = shutil.get_terminal_size().columns - 2
            self._max_help_position = min(self._max_help_position, max(self._width - 20, 2 * 2))
        return super().format_help()


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one sentence in tracker's format."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"tracker: {visible(message)} (see `{self.prog} --help`).\n")
        raise SystemExit(EXIT_USAGE)

    _intermixing = False

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """A command's words may come after its options: `tracker reply acme "Jane Doe"
        --done "thanks"`. argparse alone ends a ``nargs="*"`` or ``"+"`` positional at
        the first option and refuses the words after it; a command's parser (one with no
        subcommands of its own) reads its options first, then the words around them,
        when argparse's own reading left words over."""
        words = list(sys.argv[1:] if args is None else args)
        if self._subparsers is not None or self._intermixing or "--" in words:
            # After `--` everything is a word, "-3d" included: argparse's own reading
            # keeps that; the intermixed one would take "-3d" for an option.
            return super().parse_known_args(words, namespace)
        found, left = super().parse_known_args(words, namespace)
        if not left:  # argparse's own reading took every word (and said what was missing)
            return found, left
        self._intermixing = True  # parse_known_intermixed_args calls back in here
        try:
            return super().parse_known_intermixed_args(words, namespace)
        finally:
            self._intermixing = False


_HANDLERS: dict[str, Handler] = {}
"""Each command's handler, filled by :func:`build_parser`."""


class _Unbuilt:
    """What a command module gets for a command that is not being run: every call on it
    (``add_argument``, ``set_defaults``, a group) does nothing and returns it again."""

    def __getattr__(self, name: str) -> Any:
        return self._nothing

    def _nothing(self, *args: Any, **kwargs: Any) -> _Unbuilt:
        return self


def build_parser(
    *, commands: bool = True, only: str | None = None, name: str | None = None
) -> argparse.ArgumentParser:
    """The command line's parser; without ``commands``, only the options of the bare
    ``tracker``; with ``only`` (a name in :data:`GROUPS`), only that module's commands,
    and with ``name`` too, only that command's parser (the others are :class:`_Unbuilt`)."""

    def shared(parser: argparse.ArgumentParser, default: Any) -> argparse.ArgumentParser:
        parser.add_argument(
            "--home",
            metavar="DIR",
            default=default,
            help="keep all data and config in DIR (as TRACKER_HOME)",
        )
        parser.add_argument(
            "--debug", action="store_true", default=default, help="show tracebacks on errors"
        )
        return parser

    # Options may come before or after the command; the command's copy must not
    # reset what was given before it, hence SUPPRESS.
    common = shared(Parser(add_help=False), argparse.SUPPRESS)
    parser = shared(
        Parser(
            prog="tracker",
            description="Turn job-search follow-ups into a daily habit. With no command, opens the board.",
        ),
        None,
    )
    parser.set_defaults(debug=False)
    parser.add_argument("--version", action="version", version=f"tracker {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway board with sample data"
    )
    parser.add_argument(
        "--theme", metavar="NAME", help="use this theme for this run (tracker themes lists them)"
    )
    parser.add_argument(
        "--demo-if-empty",
        action="store_true",
        help="open the board, on the demo board when there is no data yet",
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
    # prog given: else argparse formats a usage line just to work it out (the same "tracker").
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=cast(Any, Parser), prog="tracker"
    )

    def command(called: str, help_text: str) -> argparse.ArgumentParser:
        if name is not None and called != name:
            return cast(argparse.ArgumentParser, _Unbuilt())
        made: argparse.ArgumentParser = sub.add_parser(
            called, help=help_text, description=help_text, parents=[common]
        )
        return made

    for module in GROUPS if only is None else (only,):
        _HANDLERS.update(group(module).add_parsers(command))
    return parser


LONG_LIVED = frozenset({None, "review", "capture", "serve"})
"""The commands that run as long as the user keeps them open (None: the board): the
cyclic garbage collector runs for them as for any program."""

DATE_OPTIONS = ("--on", "--decision-by")
_BACKWARDS = re.compile(r"^-\d{1,4}[dwmDWM]$")


def _glue_dates(argv: list[str]) -> list[str]:
    """``--on -2d`` as ``--on=-2d``: argparse would take ``-2d`` for an option."""
    out: list[str] = []
    for word in argv:
        if out and out[-1] in DATE_OPTIONS and _BACKWARDS.match(word):
            out[-1] = f"{out[-1]}={word}"
        else:
            out.append(word)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status.

    Everything it prints goes through :func:`visible_output`: no control
    character from data (a name, a note, a path) reaches the terminal.
    """
    with visible_output():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    words = _glue_dates(list(sys.argv[1:] if argv is None else argv))
    problem = _not_utf8(words) or _second_dashes(words)
    if problem:
        sys.stderr.write(f"tracker: {problem}\n")
        return EXIT_USAGE
    # A bare `tracker` opens the board: building every command's parser would
    # cost about 10 ms of the board's start-up for nothing.
    only = COMMANDS.get(words[0]) if words else None
    # `tracker add ...` builds the parser of `add` alone (the handlers all register).
    name = words[0] if only is not None else None
    args = build_parser(commands=bool(words), only=only, name=name).parse_args(_dashes(words))
    handler = _HANDLERS[args.command] if args.command else group("board").cmd_board
    if args.command in LONG_LIVED:
        gc.enable()  # the console script turns it off for one-shot commands
    try:
        check_clock()
        return handler(args)
    except KeyboardInterrupt:
        sys.stderr.write("tracker: interrupted; nothing half-written was kept.\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`tracker list | head -1`): not an error to report.
        # Point stdout at /dev/null so the interpreter's final flush stays quiet.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_ERROR
    except Exception as error:
        if args.debug:
            raise
        sys.stderr.write(f"tracker: {visible(_message(error))}\n")
        return EXIT_ERROR


def _dashes(words: list[str]) -> list[str]:
    """``--note=--`` as ``--note --``: argparse (3.11) would make the value an empty list,
    unchecked against the option's choices; this way it asks for the value, in one sentence."""
    out: list[str] = []
    for index, word in enumerate(words):
        if word == "--":
            return out + words[index:]  # after it, every word is a value
        if word.startswith("--") and word.endswith("=--"):
            out += [word[:-3], "--"]
        else:
            out.append(word)
    return out


def _second_dashes(words: list[str]) -> str | None:
    """One sentence when ``--`` appears twice, or None. After the first, every word is a
    value, but argparse (3.11) turns a later ``--`` into an empty list, not text."""
    if words.count("--") > 1:
        return (
            "`--` may appear only once (every word after it is a value), and `--` itself "
            "cannot be a value; leave out the second."
        )
    return None


def _not_utf8(words: list[str]) -> str | None:
    """One sentence for the first argument that is not UTF-8, or None.

    Python keeps such bytes as lone surrogates (``b"\\xff"`` as ``"\\udcff"``),
    which no file and no terminal can take."""
    for word in words:
        bad = next((ch for ch in word if "\udc80" <= ch <= "\udcff"), None)
        if bad is not None:
            return (
                f"the argument {visible(word)!r} is not UTF-8 text (byte 0x{ord(bad) - 0xDC00:02x}); "
                "type it again in a UTF-8 terminal."
            )
        if any("\ud800" <= ch <= "\udfff" for ch in word):
            return f"the argument {visible(word)!r} is not UTF-8 text; type it again in a UTF-8 terminal."
    return None


def _message(error: Exception) -> str:
    from tracker.domain.errors import DomainError
    from tracker.store.errors import StoreError

    if isinstance(error, UserError | DomainError | StoreError):
        text = str(error)
    elif isinstance(error, OverflowError):
        text = (
            f"a date in the records is too far in the past or the future to count with ({error}); "
            "`tracker restore` brings back the newest good backup."
        )
    elif isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        text = f"cannot use{where} ({error.strerror or error}); check the path and its permissions."
    else:
        text = f"unexpected error: {error!r}; run again with --debug to see where."
    return text

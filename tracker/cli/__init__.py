"""The command line: quick capture and every board action, without the board.

``tracker.cli:main`` is the console script. The package: :mod:`.prompt` (the
prompt commands answered from a summary, before anything below is imported),
:mod:`.dispatch` (the parser, errors to exit codes), :mod:`.common` (what the
command modules share), one module per command group (:mod:`.cards`,
:mod:`.streaks`, :mod:`.data`, :mod:`.themes`) and :mod:`.board`, the one that
opens the UI.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

__all__ = ["main", "run"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status.

    ``tracker --version``, ``tracker due --count`` and ``tracker streak`` are first
    tried from the prompt summary (:mod:`.prompt`, which imports neither the parser
    nor the store); everything else, and those whenever the summary cannot answer,
    runs through :func:`tracker.cli.dispatch.main`.
    """
    from tracker.cli.prompt import answer

    words = list(sys.argv[1:] if argv is None else argv)
    quick = answer(words)
    if quick is not None:
        return quick
    _import_msgspec()
    from tracker.cli.dispatch import main as run

    return run(words)


def _import_msgspec() -> None:
    """Import msgspec (the domain's records are its Structs) without typing_extensions.

    msgspec's first import tries ``typing_extensions`` (which imports ``inspect``: about
    5 ms of a 55 ms ``tracker add``) and falls back to ``typing`` when it is missing; it
    only uses it to read annotations for typed decoding, which tracker does not do. So
    the import is made with ``typing_extensions`` hidden, and the hiding undone at once:
    anything imported later (Textual) gets the real module. When msgspec is already in,
    or ``typing_extensions`` is, or a msgspec without that fallback refuses, msgspec is
    imported as usual.
    """
    if "msgspec" in sys.modules or "typing_extensions" in sys.modules:
        return
    sys.modules["typing_extensions"] = None  # type: ignore[assignment]  # import -> ImportError
    try:
        import msgspec  # noqa: F401
    except ImportError:
        for name in [n for n in sys.modules if n == "msgspec" or n.startswith("msgspec.")]:
            del sys.modules[name]
    finally:
        del sys.modules["typing_extensions"]


def run() -> NoReturn:
    """The console script: :func:`main`, then leave at once.

    A short command spends 10-20 ms after its work in the interpreter's teardown
    (freeing every object, one by one) that nobody waits for. Everything tracker writes
    is already closed and fsynced by then, so once stdout and stderr are flushed the
    process ends with ``os._exit``. The board (anything that loaded Textual, which has
    threads and the terminal to restore) takes the ordinary way out.
    """
    # A one-shot command makes thousands of objects (its imports, the records) and no
    # cycles worth collecting: the collector would only walk them. The board and
    # `tracker serve`, which live long, turn it back on (dispatch.LONG_LIVED).
    gc.disable()
    try:
        code = main()
    except SystemExit as leaving:  # argparse's --help, --version and usage errors
        if not (leaving.code is None or isinstance(leaving.code, int)):
            raise
        code = leaving.code or 0
    if "textual" in sys.modules:
        sys.exit(code)
    from contextlib import suppress  # here: the prompt's fast path does not import it

    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # the reader went away: nothing more to say
            stream.flush()
    os._exit(code)

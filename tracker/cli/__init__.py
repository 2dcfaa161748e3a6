"""The command line: quick capture and every board action, without the board.

``tracker.cli:main`` is the console script. The package: :mod:`.prompt` (the
prompt commands answered from a summary, before anything below is imported),
:mod:`.dispatch` (the parser, errors to exit codes), :mod:`.common` (what the
command modules share), one module per command group (:mod:`.cards`,
:mod:`.streaks`, :mod:`.data`, :mod:`.themes`) and :mod:`.board`, the one that
opens the UI.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


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
    from tracker.cli.dispatch import main as run

    return run(words)

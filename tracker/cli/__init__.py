"""The command line: quick capture and every board action, without the board.

``tracker.cli:main`` is the console script. The package: :mod:`.dispatch`
(the parser, errors to exit codes), :mod:`.common` (what the command modules
share), one module per command group (:mod:`.cards`, :mod:`.streaks`,
:mod:`.data`, :mod:`.themes`) and :mod:`.board`, the one that opens the UI.
"""

from __future__ import annotations

from tracker.cli.dispatch import main

__all__ = ["main"]

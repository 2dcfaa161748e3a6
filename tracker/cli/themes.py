"""`tracker themes`: every theme and where it came from.

One line per theme: ``*`` marks the current one (``--theme`` if given, else
``[ui] theme`` from the config file, else the default), then its name and its
origin: ``bundled`` (shipped with tracker), ``user`` with the file's path, or
``textual`` for Textual's built-in themes. Theme files that could not be loaded
follow, each with every problem found. The exit status is 0 even then, unless
the current theme itself is unknown or broken (1), so a script can tell that
the board would not open in the theme it asked for.

Only argparse is imported at the top: ``tracker add`` builds this parser too.
"""

from __future__ import annotations

import argparse

from tracker.cli.common import AddCommand, Handler, load_settings, say


def add_parsers(command: AddCommand) -> dict[str, Handler]:
    """Register the subcommands; returns their handlers by name."""
    command("themes", "list every theme, where it comes from and which one is in use")
    return {"themes": cmd_themes}


def cmd_themes(args: argparse.Namespace) -> int:
    import sys

    from tracker.domain.text import visible
    from tracker.ui import themes

    where, settings = load_settings(args)
    catalog = themes.load_catalog(where.config_dir)
    option = getattr(args, "theme", None)
    current = option or settings.theme or themes.DEFAULT_THEME
    source = (
        "from --theme"
        if option
        else (f"ui.theme in {where.config}" if settings.theme else "the default")
    )

    width = max(len(name) for name in catalog.names) + 2
    bundled = catalog.bundled_dir if catalog.bundled_dir is not None else "not found"
    say(
        f"Themes (* in use); tracker's own from {bundled}, yours from {where.config_dir / 'themes'}:"
    )
    for name in catalog.names:
        mark = "*" if name == current else " "
        loaded = catalog.themes.get(name)
        if loaded is None:
            origin = "textual built-in"
        elif loaded.origin == "bundled":
            origin = "bundled"
        else:
            origin = f"user    {loaded.path}"
            if name in catalog.replaced:
                origin += " (replaces tracker's own)"
        say(f"{mark} {name:<{width}}{origin}")
    if catalog.problems:
        print("Theme files that could not be loaded (skipped):")
        for problem in catalog.problems:
            say(f"  {problem}")
    if not catalog.is_available(current):
        if catalog.is_broken(current):
            message = (
                f"the theme {current!r} ({source}) cannot be loaded (see above), "
                f"so the board would use {catalog.default()!r}; fix its file or choose another theme."
            )
        else:
            message = catalog.unknown_message(current, source)
        sys.stderr.write(f"tracker: {visible(message)}\n")
        return 1
    return 0

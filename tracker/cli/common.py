"""What every command module shares: the error type, settings, the repository, dates, JSON.

Command modules import each other never, only this module (an import-linter
contract checks it). Only the standard library is imported at the top, so
building the parser stays cheap; the store is imported when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.paths import Paths
    from tracker.settings import Settings
    from tracker.store.repo import Repository

EXIT_ERROR = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]
"""A command: the parsed arguments in, the exit status out."""
AddCommand = Callable[[str, str], argparse.ArgumentParser]
"""Adds one subcommand (name, help) to the parser and returns its parser."""


class UserError(Exception):
    """A mistake in what was typed; the message is shown as is."""


def load_settings(args: argparse.Namespace) -> tuple[Paths, Settings]:
    """Where the files are and what the config file says; a bad config is a UserError."""
    from tracker import config, paths

    where = paths.resolve(args.home)
    try:
        return where, config.load(where.config)
    except config.ConfigError as error:
        raise UserError(str(error)) from None


def open_repo(args: argparse.Namespace) -> Repository:
    """The repository of the home the arguments name (``--home``, else TRACKER_HOME)."""
    from tracker.store.repo import Repository

    return Repository(*load_settings(args))


def parse_date_word(text: str | None, today: date, what: str) -> date | None:
    """A date from the words users type; a bad one is a UserError naming ``what``."""
    if text is None:
        return None
    from tracker.domain.dates import parse_day
    from tracker.domain.errors import DomainError

    try:
        return parse_day(text, today)
    except DomainError as error:
        raise UserError(f"{what}: {error}") from None


def fmt_day(day: date) -> str:
    """ "Mon 2026-03-02": how dates are echoed back."""
    return f"{day.strftime('%a')} {day.isoformat()}"


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON, keeping non-ASCII text readable."""
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")

"""`tracker themes`: every theme and where it came from."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_parsers(command: Callable[[str, str], argparse.ArgumentParser]) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Register the subcommands; returns their handlers by name."""
    return {}

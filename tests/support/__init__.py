"""What the tests share: the fixed instant, the repository root, and helpers per layer.

``support.cli`` runs the command line in-process, ``support.ui`` builds the app
for Pilot tests, ``support.exchange`` builds homes for export, import, backup
and doctor tests; ``support/writer.py`` is the writer process of the crash tests.
Test modules import from here, never from ``conftest``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

FIXED_NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
"""Monday 2 March 2026, 10:00 UTC: the default "now" of every test."""

ROOT = Path(__file__).resolve().parents[2]
"""The repository root (where pyproject.toml is)."""

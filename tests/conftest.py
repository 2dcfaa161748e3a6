"""Shared fixtures: every test gets its own TRACKER_HOME and a fixed clock.

Textual's moving parts are switched off before Textual is imported.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ["TEXTUAL_ANIMATIONS"] = "none"
os.environ.setdefault("TZ", "UTC")

import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

# CI runs the same examples every time (a landing must not depend on luck);
# locally Hypothesis keeps exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

from tracker import clock  # noqa: E402

from support import FIXED_NOW  # noqa: E402


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh tracker home with a config pinned to UTC and a fixed clock."""
    where = tmp_path / "home"
    where.mkdir()
    (where / "config.toml").write_text('[time]\ntimezone = "UTC"\nday_start = "04:00"\n')
    monkeypatch.setenv("TRACKER_HOME", str(where))
    monkeypatch.setenv("TRACKER_NOW", FIXED_NOW.isoformat())
    clock.set_now(FIXED_NOW)
    yield where
    clock.set_now(None)


@pytest.fixture
def repo(home: Path):
    """A repository on the test home."""
    from tracker import config, paths
    from tracker.store.repo import Repository

    where = paths.resolve()
    return Repository(where, config.load(where.config))

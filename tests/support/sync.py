"""Two tracker homes and a bare git repository between them, for the sync tests.

The real ``git`` runs, with no global or system config (as on a CI machine with no
git identity): the sync module must supply what it needs itself.
"""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tracker import clock, config, paths
from tracker.store.repo import Repository

from support import FIXED_NOW

CONFIG = '[time]\ntimezone = "UTC"\nday_start = "04:00"\n'


def isolate_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No ~/.gitconfig, no /etc/gitconfig, no identity: what a fresh CI machine has."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EMAIL", "")


def bare(where: Path) -> Path:
    subprocess.run(["git", "init", "--quiet", "--bare", str(where)], check=True)
    return where


def make_home(where: Path) -> Repository:
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    (where / "config.toml").write_text(CONFIG)
    home = paths.resolve(str(where))
    return Repository(home, config.load(home.config))


def reopen(repo: Repository) -> Repository:
    """A second repository on the same home (what another process would read)."""
    return Repository(repo.paths, repo.settings)


def at(hours: float) -> datetime:
    """The fixed instant plus ``hours``; sets the clock to it."""
    instant = FIXED_NOW + timedelta(hours=hours)
    clock.set_now(instant)
    return instant


def state(repo: Repository) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What a home holds that sync keeps in step: its synced tables, and its events by id."""
    from tracker.store import syncmerge

    fresh = reopen(repo)
    export = syncmerge.from_home(fresh.db.data(), fresh.db.events())
    return export.tables, sorted(export.events, key=lambda e: e["id"])

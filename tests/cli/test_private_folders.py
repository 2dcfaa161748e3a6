"""Every folder tracker creates is the user's alone (0700), whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tracker import config, paths

from support.cli import ok


def modes(root: Path) -> dict[str, str]:
    """The permission bits of ``root`` and every folder under it."""
    found = [root, *(p for p in root.rglob("*") if p.is_dir())]
    return {str(p.relative_to(root.parent)): oct(stat.S_IMODE(p.stat().st_mode)) for p in found}


def test_every_folder_is_0700_even_under_umask_000(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No TRACKER_HOME: the platform's folders, data and config apart, neither there yet.
    monkeypatch.delenv("TRACKER_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg" / "config"))
    old = os.umask(0o000)
    try:
        ok(capsys, "add", "Acme", "Eng")
        ok(capsys, "backup")
        config.save_theme(paths.resolve().config, "tracker-dark")  # what the palette does
        nested = tmp_path / "a" / "b" / "home"
        ok(capsys, "--home", str(nested), "add", "Beta", "Ops")
    finally:
        os.umask(old)
    assert paths.resolve().config.is_file()
    found = modes(tmp_path / "xdg") | modes(tmp_path / "a")
    assert len(found) >= 9, found  # xdg, data, config, both trackers, backups, a, b, home, ...
    assert set(found.values()) == {"0o700"}, found

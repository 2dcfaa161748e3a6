"""Atomic file writes: the store's one way to put bytes on disk.

A file is written to a temp file in the same folder, fsynced, renamed over the
old one, and the folder fsynced; a folder of files is staged beside its final
name and renamed into place. Exports (`--out`) and the config file use these
too, so nothing above the store writes a file another way.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from tracker.store.errors import StoreError

TMP_MARK = ".tmp-"
"""In the name of every temp file and staging folder (a writer that died leaves them)."""


def sync_data(fd: int) -> None:
    """Force a file's bytes and size to disk (fdatasync: the timestamps may wait)."""
    if hasattr(os, "fdatasync"):
        os.fdatasync(fd)
    else:  # macOS, Windows
        os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, payload: bytes | list[bytes]) -> None:
    """Replace ``path`` with ``payload`` so a reader sees the old or the new file, never half.

    ``payload`` may be a list of pieces, written in order without first joining
    them (a join copies the whole file: milliseconds at 17 MB).
    """
    pieces = [payload] if isinstance(payload, bytes) else payload
    tmp = path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise StoreError(
            f"cannot write to {path.parent} ({error.strerror}); check that the folder is writable."
        ) from error
    try:
        try:
            for piece in pieces:
                view = memoryview(piece)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            sync_data(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError(
            f"cannot write {path} ({error.strerror}), so nothing was changed: "
            "free some space or fix the folder's permissions, then try again."
        ) from error
    fsync_dir(path.parent)


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Create (or replace) ``folder`` holding ``files``, all or nothing.

    The files go into a hidden staging folder beside it, which is renamed into
    place only once every file is durable. Raises OSError, with the staging
    folder removed; the caller says what failed in its own words.
    """
    import shutil

    staging = folder.with_name(f".{folder.name}{TMP_MARK}{secrets.token_hex(4)}")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        staging.mkdir(mode=0o700)
        for name, payload in files.items():
            write_atomic(staging / name, payload)
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(staging, folder)
        fsync_dir(folder.parent)
    except (OSError, StoreError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, StoreError) and isinstance(error.__cause__, OSError):
            raise error.__cause__ from None
        raise

"""Atomic file writes: the store's one way to put bytes on disk.

A file is written to a temp file in the same folder, fsynced, renamed over the
old one, and the folder fsynced; a folder of files is staged beside its final
name and renamed into place. Exports (`--out`) and the config file use these
too, so nothing above the store writes a file another way.
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
from pathlib import Path

from tracker.store.errors import StoreError

TMP_MARK = ".tmp-"
"""In the name of every temp file and staging folder (a writer that died leaves them)."""


NONBLOCK = getattr(os, "O_NONBLOCK", 0)
"""Opening a FIFO for reading waits for a writer; with this it does not (no-op on regular files)."""


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def not_regular(path: Path, mode: int, what: str) -> StoreError:
    """The one sentence for ``what`` (say "the database") being a FIFO, a folder, a device..."""
    return StoreError(
        f"{what} {path} is {kind_of(mode)}, not a regular file, so it was neither read nor "
        "written: move it aside (`tracker restore` brings back the newest good backup)."
    )


def check_regular(path: Path, what: str) -> os.stat_result | None:
    """``path``'s stat, following links; None if nothing is there; refuses a special file.

    Raises OSError when ``path`` cannot be looked at (the caller words it).
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise not_regular(path, st.st_mode, what)
    return st


def open_regular(path: Path, flags: int, what: str, mode: int = 0o600) -> int:
    """``os.open`` that never blocks on a FIFO and refuses anything but a regular file.

    The check is made on the open descriptor (``fstat``), so a file swapped in
    after a ``stat`` is caught too. Raises OSError as ``os.open`` does.
    """
    fd = os.open(path, flags | NONBLOCK, mode)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise not_regular(path, st.st_mode, what)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path, what: str) -> bytes:
    """The whole regular file at ``path`` (see :func:`open_regular`)."""
    with os.fdopen(open_regular(path, os.O_RDONLY, what), "rb") as handle:
        return handle.read()


def read_signed(path: Path, what: str) -> tuple[bytes, os.stat_result, os.stat_result]:
    """The whole regular file at ``path``, with the ``fstat`` of the descriptor read before
    and after the read: when they differ, the bytes may mix two versions of the file."""
    fd = open_regular(path, os.O_RDONLY, what)
    with os.fdopen(fd, "rb") as handle:
        before = os.fstat(fd)
        raw = handle.read()
        after = os.fstat(fd)
    return raw, before, after


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


def through_links(path: Path) -> Path:
    """The file that writing ``path`` must replace: the end of its chain of links, if any.

    A state file kept elsewhere (a synced folder, a dotfiles repository) and
    linked into the home stays a link: its target is what gets replaced.
    """
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def temps_beside_target(path: Path) -> list[Path]:
    """Temp files that writes through the link ``path`` left beside its target, if it is one."""
    real = through_links(path)
    if real == path:
        return []
    return list(real.parent.glob(f".{glob.escape(real.name)}{TMP_MARK}*"))


def write_atomic(path: Path, payload: bytes | list[bytes]) -> None:
    """Replace ``path`` with ``payload`` so a reader sees the old or the new file, never half.

    ``payload`` may be a list of pieces, written in order without first joining
    them (a join copies the whole file: milliseconds at 17 MB). When ``path`` is
    a symbolic link, its target is replaced, in the target's own folder, and the
    link is left as it is.
    """
    pieces = [payload] if isinstance(payload, bytes) else payload
    path = through_links(path)
    tmp = path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")
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

    staging = folder.with_name(f".{folder.name}{TMP_MARK}{os.urandom(4).hex()}")
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

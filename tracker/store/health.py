"""Read-only checks of one home's files, each finding with its fix (for `tracker doctor`).

:mod:`tracker.doctor` adds the config file's checks on top. It never writes and never migrates: it reads the files as they are, so it
works on a damaged home too. Checks: the state file's shape and schema
version; records (key against ``id``, ids reused, malformed records, cards
without an opportunity, links to missing people); the event log (committed
length, every committed line); the lock (held by another process right now?);
permissions; temp files left by an interrupted write, backups included.
"""

from __future__ import annotations

import os
import stat
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from tracker.domain.jsontext import NOT_JSON, not_json
from tracker.domain.words import plural
from tracker.paths import Paths
from tracker.store import schema
from tracker.store.files import TMP_MARK, kind_of, read_regular, temps_beside_target
from tracker.store.storage import backup_folders


@dataclass(frozen=True)
class Finding:
    """One problem and what to do about it."""

    problem: str
    fix: str

    def line(self) -> str:
        return f"{self.problem}; {self.fix}."


@dataclass
class Report:
    findings: list[Finding]
    summary: str
    has_home: bool = True
    """False when the data folder does not exist yet (nothing else was checked)."""

    @property
    def healthy(self) -> bool:
        return not self.findings


def _restore_hint(paths: Paths) -> str:
    return (
        "run `tracker restore` to bring back the newest good backup (`tracker backup --list` shows them)"
        if backup_folders(paths.backups)
        # Both: the state file alone is refused while the event log holds history.
        else f"no backup exists, so move {paths.database.name} and {paths.events.name} aside "
        "to start afresh"
    )


def _aside_hint(paths: Paths) -> str:
    """For a file that is in the way: move it aside, then restore (if there is a backup)."""
    hint = _restore_hint(paths)
    return (
        f"move it aside, then {hint}"
        if hint.startswith("run")
        else "move it aside; no backup exists"
    )


def _mode_findings(paths: Paths) -> list[Finding]:
    if sys.platform == "win32":  # pragma: no cover - POSIX permissions only
        return []
    out = []
    for path, wanted, kind in (
        (paths.data_dir, 0o700, "folder"),
        (paths.database, 0o600, "file"),
        (paths.events, 0o600, "file"),
        (paths.backups, 0o700, "folder"),
    ):
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077:
            out.append(
                Finding(
                    f"the {kind} {path} can be read by other users (mode {mode:o})",
                    f"run: chmod {wanted:o} '{path}'",
                )
            )
    return out


def _temp_findings(paths: Paths) -> list[Finding]:
    found: list[Path] = list(paths.data_dir.glob(f".*{TMP_MARK}*"))
    for linked in (paths.database, paths.events):
        found += temps_beside_target(linked)
    if paths.backups.is_dir():
        found += [p for p in paths.backups.rglob(f".*{TMP_MARK}*")]
    out = []
    for path in sorted(set(found)):
        flag = "-r " if path.is_dir() else ""
        out.append(
            Finding(
                f"{path} is a temp file left by an interrupted write",
                f"delete it (rm {flag}'{path}') when no tracker is running",
            )
        )
    return out


def _special_files(paths: Paths) -> dict[Path, int]:
    """The state file and the log, when either is a FIFO, a folder, a device...: their modes.

    These are never opened (opening a FIFO to read it blocks until a writer comes).
    """
    out = {}
    for path in (paths.database, paths.events):
        try:
            mode = path.stat().st_mode
        except OSError:
            continue
        if not stat.S_ISREG(mode):
            out[path] = mode
    return out


def _lock_findings(paths: Paths) -> list[Finding]:
    """Is the lock held right now? Tried on the folder and on the file, never waited for."""
    from tracker.store.lock import find_holder

    try:
        mode = paths.lock.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        return [
            Finding(
                f"the lock file {paths.lock} is {kind_of(mode)}, not a regular file",
                f"move it aside when no tracker is running ({paths.lock.name} is made again)",
            )
        ]
    try:
        held = (sys.platform != "win32" and _held(paths.data_dir, folder=True)) or (
            mode is not None and _held(paths.lock, folder=False)
        )
    except OSError as error:
        return [
            Finding(
                f"cannot open the lock file {paths.lock} ({error.strerror})",
                f"fix its permissions: chmod 600 '{paths.lock}'",
            )
        ]
    if not held:
        return []
    holder = find_holder(paths.lock)
    who = "another tracker process" if holder is None else holder.who()
    held_for = None if holder is None else holder.held_for()
    return [
        Finding(
            f"{who} holds the lock {paths.lock} right now"
            + (f" (it has held it for {held_for})" if held_for else ""),
            "close the other board or command (or wait for it), then run `tracker doctor` again",
        )
    ]


def _held(path: Path, *, folder: bool) -> bool:
    """Whether another process holds the lock on ``path`` (tried without waiting).

    Raises OSError when the lock file cannot be opened; a folder that cannot
    be opened or locked (some network file systems) counts as not held.
    """
    from tracker.store.files import NONBLOCK
    from tracker.store.lock import _try_lock, _unlock

    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if folder else os.O_RDWR | NONBLOCK
    try:
        fd = os.open(path, flags)
    except OSError:
        if folder:
            return False
        raise
    try:
        if not _try_lock(fd):
            return True
        _unlock(fd)
        return False
    except OSError:
        if folder:
            return False
        raise
    finally:
        os.close(fd)


def _record_findings(data: dict[str, Any], paths: Paths) -> list[Finding]:
    from tracker.domain.lessons import Lesson
    from tracker.domain.model import Card, Opportunity, Person
    from tracker.domain.watch import Watch

    out: list[Finding] = []
    fix = f"{_restore_hint(paths)}, or edit {paths.database.name} by hand"
    owners: dict[str, list[str]] = defaultdict(list)
    for name, table in data.items():
        if name == "meta":
            continue
        for key, doc in table.items():
            record_id = doc.get("id")
            if record_id is None:
                continue
            if record_id != key:
                out.append(Finding(f"record {key!r} in {name} says its id is {record_id!r}", fix))
            owners[str(record_id)].append(f"{name}/{key}")
    for record_id, where in owners.items():
        if len(where) > 1:
            out.append(
                Finding(
                    f"the id {record_id!r} is used by {len(where)} records ({', '.join(where)})",
                    fix,
                )
            )
    parsers: dict[str, Callable[[dict[str, Any]], Any]] = {
        "opportunities": Opportunity.from_doc,
        "people": Person.from_doc,
        "cards": Card.from_doc,
        "lessons": Lesson.from_doc,
        "watches": Watch.from_doc,
    }
    parsed: dict[str, dict[str, Any]] = {}
    for table, parse in parsers.items():
        parsed[table] = {}
        for key, doc in data.get(table, {}).items():
            try:
                record = parse(doc)
                if isinstance(record, Card):
                    record.items  # noqa: B018 - checklists are parsed lazily
                parsed[table][key] = record
            except (KeyError, ValueError, TypeError, AttributeError) as error:
                out.append(Finding(f"record {key!r} in {table} is malformed ({error!r})", fix))
    opps, cards = parsed["opportunities"], parsed["cards"]
    per_opp: dict[str, list[str]] = defaultdict(list)
    for key, card in cards.items():
        if card.opportunity_id not in data.get("opportunities", {}):
            out.append(
                Finding(
                    f"card {key!r} refers to the opportunity {card.opportunity_id!r}, which does not exist",
                    fix,
                )
            )
        per_opp[card.opportunity_id].append(key)
        for item in card.items:
            if item.person_id and item.person_id not in data.get("people", {}):
                out.append(
                    Finding(
                        f"item {item.id} of card {key!r} refers to the person {item.person_id!r}, who does not exist",
                        fix,
                    )
                )
    for opp_id, keys in per_opp.items():
        if len(keys) > 1:
            out.append(
                Finding(
                    f"the opportunity {opp_id!r} has {len(keys)} cards ({', '.join(keys)})", fix
                )
            )
    for key, opp in opps.items():
        for link in opp.people:
            if link.person_id not in data.get("people", {}):
                out.append(
                    Finding(
                        f"opportunity {key!r} ({opp.company}) links to the person {link.person_id!r}, who does not exist",
                        fix,
                    )
                )
        if key not in per_opp:
            out.append(
                Finding(
                    f"opportunity {key!r} ({opp.company}) has no card, so it never shows on the board",
                    fix,
                )
            )
    return out


def _log_findings(data: dict[str, Any], paths: Paths) -> tuple[list[Finding], int]:
    info = schema.meta(data)
    committed = int(info.get("events_bytes", 0))
    fix = _restore_hint(paths)
    if not committed:
        return [], 0
    try:
        raw = read_regular(paths.events, "the event log")
    except FileNotFoundError:
        return [
            Finding(
                f"the event log {paths.events} is missing but the database counts {committed} bytes of it",
                fix,
            )
        ], 0
    except OSError as error:
        return [
            Finding(
                f"cannot read the event log {paths.events} ({error.strerror})",
                f"fix its permissions: chmod 600 '{paths.events}'",
            )
        ], 0
    if len(raw) < committed:
        return [
            Finding(
                f"the event log {paths.events} has {len(raw)} bytes but the database counts {committed}",
                fix,
            )
        ], 0
    chunk = raw[:committed]
    out = []
    if not chunk.endswith(b"\n"):
        out.append(
            Finding(f"the committed part of {paths.events} ends in the middle of a line", fix)
        )
    bad, ids, count = [], set(), 0
    duplicates = 0
    for n, line in enumerate(chunk.splitlines(), start=1):
        count += 1
        try:
            event = msgspec.json.decode(line)
        except NOT_JSON:
            bad.append(n)
            continue
        if not isinstance(event, dict) or not {"id", "type", "at", "day"} <= event.keys():
            bad.append(n)
            continue
        if event["id"] in ids:
            duplicates += 1
        ids.add(event["id"])
    if bad:
        shown = ", ".join(str(n) for n in bad[:5]) + (
            f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        )
        out.append(
            Finding(
                f"line{'s' if len(bad) > 1 else ''} {shown} of {paths.events} {'are' if len(bad) > 1 else 'is'} not a valid event",
                fix,
            )
        )
    if duplicates:
        out.append(
            Finding(
                f"{plural(duplicates, 'event')} in {paths.events} {'reuses' if duplicates == 1 else 'reuse'} an earlier event's id",
                fix,
            )
        )
    expected = info.get("events")
    if isinstance(expected, int) and expected != count and not bad:
        out.append(
            Finding(
                f"the database counts {plural(expected, 'event')} but {paths.events} holds {count}",
                fix,
            )
        )
    return out, count


def diagnose(paths: Paths) -> Report:
    """Check the files of the home at ``paths``; never writes."""
    if not paths.data_dir.exists():
        return Report(
            [],
            f"no tracker data in {paths.data_dir} yet (it is made by the first `tracker add`)",
            has_home=False,
        )
    findings: list[Finding] = []
    findings += _mode_findings(paths)
    findings += _lock_findings(paths)
    findings += _temp_findings(paths)
    db = paths.database
    data: dict[str, Any] | None = None
    special = _special_files(paths)
    findings += [
        Finding(
            f"{path} is {kind_of(mode)}, not a regular file",
            _aside_hint(paths),
        )
        for path, mode in special.items()
    ]
    log_usable = paths.events not in special
    if not db.exists():
        if log_usable and paths.events.exists() and paths.events.stat().st_size:
            what = f"{db} (a link to {os.readlink(db)})" if db.is_symlink() else str(db)
            hint = _restore_hint(paths)
            findings.append(
                Finding(
                    f"{what} is missing but the event log {paths.events} holds history, so "
                    "tracker refuses to read or write",
                    hint
                    if hint.startswith("run")
                    else "no backup exists, so move the event log aside to start afresh",
                )
            )
    elif not db.is_file():
        pass  # a special-file finding above
    else:
        try:
            raw = read_regular(db, "the database")
        except OSError as error:
            raw = None
            findings.append(
                Finding(
                    f"cannot read {db} ({error.strerror})", f"fix its permissions: chmod 600 '{db}'"
                )
            )
        if raw is not None:
            data = _parse(raw, db, paths, findings)
    if data is None:
        return Report(findings, f"no database in {paths.data_dir} yet")
    version = schema.version_of(data)
    if version > schema.SCHEMA_VERSION:
        findings.append(
            Finding(
                f"{db} has schema {version}, newer than this tracker's {schema.SCHEMA_VERSION}",
                "upgrade tracker",
            )
        )
    elif version < schema.SCHEMA_VERSION:
        findings.append(
            Finding(
                f"{db} has schema {version}, older than {schema.SCHEMA_VERSION}",
                "any command that writes migrates it (keeping a backup first), for example `tracker backup`",
            )
        )
    findings += _record_findings(data, paths)
    events = 0
    if log_usable:
        log_findings, events = _log_findings(data, paths)
        findings += log_findings
    backups = 0
    if paths.backups.is_dir():
        backups = sum(
            1 for p in paths.backups.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
    summary = (
        f"{db} (schema {version}, {plural(len(data.get('cards', {})), 'card')}, "
        f"{plural(len(data.get('people', {})), 'person', 'people')}), {plural(events, 'event')}, "
        f"{plural(backups, 'backup')}"
    )
    return Report(findings, summary)


def _parse(raw: bytes, db: Path, paths: Paths, findings: list[Finding]) -> dict[str, Any] | None:
    if not raw.strip():
        findings.append(Finding(f"{db} is empty", _restore_hint(paths)))
        return None
    try:
        data: dict[str, Any] = msgspec.json.decode(raw)
    except NOT_JSON as error:
        findings.append(Finding(f"{db} is {not_json(error)}", _restore_hint(paths)))
        return None
    problem = schema.validate(data)
    if problem:
        findings.append(
            Finding(f"{db} is not a valid tracker database ({problem})", _restore_hint(paths))
        )
        return None
    return data

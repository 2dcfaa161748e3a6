"""Every event line is checked when it is read (issue "Trust", item 8).

A line of the committed log that is valid JSON of the wrong shape (``[]``,
``{}``, a type that is a number, no day, a day that is not a date) is damage,
like a line that is not JSON: one sentence naming the log and the line, exit
1, both files untouched, from every command that reads the log.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from tracker import config, paths
from tracker.domain.capture import NewPerson
from tracker.store import dayindex
from tracker.store.errors import StoreError
from tracker.store.repo import Repository

from support.cli import fails


def make_repo(home: Path) -> Repository:
    where = paths.resolve(home)
    return Repository(where, config.load(home / "config.toml"), lock_timeout=2.0)


def tree(home: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(home)): None if p.is_dir() else p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.name != "tracker.lock"
    }


def _day(line: bytes) -> bytes:
    doc = msgspec.json.decode(line)
    doc["day"] = "2026-13-45"
    return msgspec.json.encode(doc)


def _no_day(line: bytes) -> bytes:
    doc = msgspec.json.decode(line)
    del doc["day"]
    return msgspec.json.encode(doc)


BAD_LINES = {
    "a list": lambda line: b"[]",
    "an empty object": lambda line: b"{}",
    "a type that is a number": lambda line: b'{"type": 5}',
    "no day": _no_day,
    "a day that is not a date": _day,
    "a number": lambda line: b"5",
    "not JSON": lambda line: b"{not json",
}


def damage_line(home: Path, number: int, bad: bytes) -> None:
    """Replace line ``number`` (1-based) of the log by ``bad``, padded to the same length,
    so the committed length the state file records still matches."""
    log = home / "events.jsonl"
    lines = log.read_bytes().split(b"\n")
    old = lines[number - 1]
    assert len(bad) <= len(old)
    lines[number - 1] = bad + b" " * (len(old) - len(bad))
    log.write_bytes(b"\n".join(lines))


def home_with_events(home: Path) -> None:
    """Three events; no day index, so reading the streak reads the log."""
    repo = make_repo(home)
    view = repo.add_interview("Acme", "Engineer", people=[NewPerson("Jane Doe")])
    repo.log_reply(view.card.id, view.opportunity.people[0].person_id)
    repo.add_interview("Globex", "SRE")
    path = home / "tracker.json"
    data = msgspec.json.decode(path.read_bytes())
    data.pop(dayindex.TABLE, None)
    path.write_bytes(msgspec.json.encode(data))


@pytest.mark.parametrize("case", list(BAD_LINES))
def test_a_bad_event_line_is_one_sentence_naming_the_log_and_the_line(
    home: Path, case: str
) -> None:
    home_with_events(home)
    log = home / "events.jsonl"
    damage_line(home, 2, BAD_LINES[case](log.read_bytes().split(b"\n")[1]))
    before = tree(home)
    repo = make_repo(home)
    for _ in range(2):  # and again: a refusal is not cached into a different answer
        with pytest.raises(StoreError) as caught:
            repo.event_docs()
        message = str(caught.value)
        assert str(log) in message and "line 2 " in message and "damaged" in message, message
        assert "\n" not in message and message.endswith(".")
    assert tree(home) == before


def test_lines_read_later_are_checked_with_their_own_line_number(home: Path) -> None:
    """The log is read in pieces as it grows; a bad line is found in the piece that holds it."""
    home_with_events(home)
    repo = make_repo(home)
    assert len(repo.event_docs()) == 3
    other = make_repo(home)
    other.add_interview("Initech", "Analyst")
    damage_line(home, 4, b"{}")
    with pytest.raises(StoreError, match=r"line 4 of the event log"):
        repo.event_docs()


@pytest.mark.parametrize("case", list(BAD_LINES))
@pytest.mark.parametrize(
    "command", [["streak"], ["streak", "--json"], ["export", "--format", "md"], ["export"]]
)
def test_every_command_that_reads_the_log_refuses_a_bad_line(
    home: Path, capsys: pytest.CaptureFixture[str], case: str, command: list[str]
) -> None:
    home_with_events(home)
    log = home / "events.jsonl"
    damage_line(home, 2, BAD_LINES[case](log.read_bytes().split(b"\n")[1]))
    before = tree(home)
    err = fails(capsys, *command)
    assert str(log) in err and "line 2 " in err, err
    assert tree(home) == before


def test_a_write_refused_over_a_bad_log_line_makes_no_backup_and_prunes_none(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The day's backup used to be taken (and old ones pruned) before the commit read the
    log to rebuild the day index: each day's refused write replaced a good backup by a
    damaged one, until `tracker restore` found none usable."""
    from datetime import UTC, datetime

    from tracker import clock

    repo = make_repo(home)
    repo.add_interview("ACME", "Engineer")
    repo.add_interview("Globex", "SRE")
    state = home / "tracker.json"
    data = msgspec.json.decode(state.read_bytes())
    data.pop(dayindex.TABLE, None)  # a home whose index must be rebuilt from the log
    state.write_bytes(msgspec.json.encode(data))
    log = home / "events.jsonl"
    lines = log.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b'"type":', b'"type";', 1)  # same size: no longer JSON
    log.write_bytes(b"".join(lines))
    before = tree(home)
    for day in (3, 4, 5):
        clock.set_now(datetime(2026, 3, day, 10, tzinfo=UTC))
        err = fails(capsys, "add", "Initech", "Analyst")
        assert "events.jsonl" in err and "line 2" in err
        assert tree(home) == before, f"the refused write on 2026-03-0{day} changed the home"

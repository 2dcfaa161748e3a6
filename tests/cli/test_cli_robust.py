"""No "unexpected error": what the fuzzing found, each cause now one clear sentence.

Bad bytes in an argument, a ``TRACKER_NOW`` that is no usable instant, a date
too far out, a records file nested too deeply, a card without its
opportunity, a broken checklist or event, and values that came in through a
JSON import (a numeric company, year-9999 dates, crafted undo entries).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tracker import clock

from support.cli import fails, ok, run


def seed(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "add", "Acme", "Eng", "--with", "Jo:hiring_manager", "--note", "n")
    ok(capsys, "add", "Beta", "Ops")


def edit_records(home: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = home / "tracker.json"
    data = json.loads(path.read_bytes())
    change(data)
    path.write_text(json.dumps(data))


def edit_events(home: Path, change: Callable[[list[dict[str, Any]]], None]) -> None:
    path = home / "events.jsonl"
    events = [json.loads(line) for line in path.read_text().splitlines()]
    change(events)
    text = "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in events)
    path.write_text(text)
    edit_records(home, lambda d: d["meta"]["meta"].update(events_bytes=len(text.encode())))


def no_unexpected(err: str) -> None:
    assert "unexpected error" not in err and "Traceback" not in err, err


# --- arguments and the environment ----------------------------------------------------------


def test_an_argument_that_is_not_utf8_is_one_sentence(capsys, home: Path) -> None:
    # What Python makes of `tracker add $'Bad\xffCo' Eng` (surrogateescape).
    err = fails(capsys, "add", "Bad\udcffCo", "Eng", code=2)
    assert "not UTF-8" in err and "0xff" in err
    assert not (home / "tracker.json").exists()


@pytest.mark.parametrize(
    "now", ["x", "2026-13-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"]
)
@pytest.mark.parametrize("argv", [("list",), ("add", "A", "B"), ("streak",), ("due",)])
def test_a_tracker_now_that_is_no_usable_instant_is_one_sentence(
    capsys, monkeypatch: pytest.MonkeyPatch, now: str, argv: tuple[str, ...]
) -> None:
    clock.set_now(None)
    monkeypatch.setenv("TRACKER_NOW", now)
    err = fails(capsys, *argv)
    assert "TRACKER_NOW" in err


@pytest.mark.parametrize("word", ["9999-12-31", "0001-01-01", "1900-01-01"])
def test_a_date_too_far_out_is_refused_with_the_range(capsys, word: str) -> None:
    err = fails(capsys, "add", "A", "B", "--on", word)
    assert "--on" in err and "1970" in err and "2200" in err


# --- damaged homes -----------------------------------------------------------------------------


def test_a_damaged_database_without_a_backup_says_how_to_start_afresh(capsys, home: Path) -> None:
    """Found in use: with no backup yet, the message sent the user to `tracker restore`
    (which has nothing to restore), and moving the state file alone is refused too
    (the event log then holds history the state file no longer explains)."""
    ok(capsys, "add", "Acme", "Eng", "--with", "Jo:hiring_manager")  # the first write: no backup
    assert not [p for p in (home / "backups").glob("*") if not p.name.startswith(".")]
    (home / "tracker.json").write_text('{"cards": {')
    for argv in (("list",), ("add", "C", "D")):
        err = fails(capsys, *argv)
        assert "is damaged" in err and "it ends too soon" in err, err
        assert "tracker restore" not in err and "no backup exists" in err, err
        assert f"move {home / 'tracker.json'} and {home / 'events.jsonl'} aside" in err, err
    # Following the advice works, and keeps what was moved.
    (home / "tracker.json").rename(home / "tracker.json.damaged")
    (home / "events.jsonl").rename(home / "events.jsonl.old")
    assert "Added" in ok(capsys, "add", "Gamma", "Dev")
    assert (home / "tracker.json.damaged").read_text() == '{"cards": {'


def test_a_records_file_nested_too_deeply_is_called_damaged(capsys, home: Path) -> None:
    seed(capsys)
    ok(capsys, "backup")  # with a backup, the message names `tracker restore`
    depth = 1_100_000  # deeper than the decoder goes
    (home / "tracker.json").write_text('{"a":' * depth + "1" + "}" * depth)
    for argv in (("list",), ("show", "acme"), ("add", "C", "D"), ("streak",)):
        err = fails(capsys, *argv)
        assert "is damaged" in err and "tracker restore" in err


@pytest.mark.parametrize("argv", [("show", "acme"), ("done", "acme"), ("advance", "acme")])
def test_a_card_without_its_opportunity_is_called_damaged(capsys, home: Path, argv) -> None:
    seed(capsys)
    edit_records(home, lambda d: d["opportunities"].clear())
    err = fails(capsys, *argv)
    assert "is damaged" in err and "missing opportunity" in err


@pytest.mark.parametrize("fmt", ["md", "csv", "ics"])
def test_an_export_of_a_broken_checklist_is_one_sentence(capsys, home: Path, fmt: str) -> None:
    seed(capsys)

    def broken(data: dict[str, Any]) -> None:
        for card in data["cards"].values():
            card["items"] = "[{broken"

    edit_records(home, broken)
    err = fails(capsys, "export", "--format", fmt)
    assert "is damaged" in err and "checklist" in err


def test_an_export_of_an_event_without_its_day_is_one_sentence(capsys, home: Path) -> None:
    seed(capsys)
    edit_events(home, lambda events: events[0].pop("day"))
    err = fails(capsys, "export", "--format", "md")
    assert "events.jsonl" in err and "line 1" in err and "is damaged" in err


@pytest.mark.parametrize(
    "argv",
    [("show", "acme"), ("done", "acme"), ("export", "--format", "csv"), ("list",)],
)
def test_a_numeric_company_from_an_import_is_called_damaged(capsys, home: Path, argv) -> None:
    seed(capsys)

    def numeric(data: dict[str, Any]) -> None:
        for opp in data["opportunities"].values():
            opp["company"] = 42

    edit_records(home, numeric)
    err = fails(capsys, *argv)
    assert "is damaged" in err and "company" in err


@pytest.mark.parametrize("argv", [("advance", "acme"), ("show", "acme"), ("list",), ("due",)])
def test_year_9999_dates_from_an_import_are_one_sentence(capsys, home: Path, argv) -> None:
    seed(capsys)

    def far(data: dict[str, Any]) -> None:
        for opp in data["opportunities"].values():
            opp["outcome"], opp["outcome_on"] = "rejected", "9999-12-31"
        for card in data["cards"].values():
            card.update(state="waiting", anchor="9999-12-31", next_stage_on="9999-12-31")

    edit_records(home, far)
    code, _, err = run(capsys, *argv)
    no_unexpected(err)
    if code:
        assert err.startswith("tracker: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    "craft",
    [
        lambda e: e.pop("before"),
        lambda e: e.update(before={"cards": ["x"]}),
        lambda e: e.update(before=[1]),
        lambda e: e.update(seq=None),
        lambda e: e.pop("label"),
    ],
)
def test_a_crafted_undo_entry_is_one_sentence_and_nothing_changes(
    capsys, home: Path, craft: Callable[[dict[str, Any]], None]
) -> None:
    seed(capsys)

    def crafted(data: dict[str, Any]) -> None:
        for entry in data["undo"].values():
            craft(entry)

    edit_records(home, crafted)
    before = (home / "tracker.json").read_bytes()
    err = fails(capsys, "undo")
    assert "undo" in err and "nothing was undone" in err
    assert (home / "tracker.json").read_bytes() == before


def test_backup_of_an_unreadable_database_says_unreadable_not_damaged(
    capsys, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(capsys)
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.name == "tracker.json":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    err = fails(capsys, "backup")
    assert "cannot read" in err and "Permission denied" in err and "permissions" in err
    assert "damaged" not in err and "tracker restore" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ("streak", "--format=--"),
        ("add", "A", "B", "--note=--"),
        ("add", "A", "B", "--with=--"),
        ("add", "A", "B", "--on=--"),
        ("list", "--stage=--"),
    ],
)
def test_an_option_given_as_equals_dash_dash_asks_for_its_value(capsys, argv) -> None:
    """argparse made ``--format=--`` an empty list (found by the fuzz test): a TypeError."""
    err = fails(capsys, *argv, code=2)
    assert "expected one argument" in err


@pytest.mark.parametrize(
    "argv",
    [
        ("add", "--", "--json", "--"),
        ("add", "--", "Acme", "--", "SRE"),
        ("note", "--", "acme", "Jane Doe", "--"),
    ],
)
def test_a_second_double_dash_is_refused_in_one_sentence(capsys, argv) -> None:  # type: ignore[no-untyped-def]
    """After ``--`` every word is a value, but argparse (3.11) turns a later ``--`` given
    as a value into an empty list (found by the fuzz test): an AttributeError in `add`."""
    err = fails(capsys, *argv, code=2)
    assert "--" in err and "once" in err

"""A command that only shows something writes nothing (issue "Trust", item 17).

`tracker streak` used to store the streak day index when a home had none (an
older home, or one written by a tool that bypassed the repository): a read
that rewrote tracker.json. The index is now built in memory by the read and
stored by the next real write, in the same commit.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from tracker import clock, config, paths
from tracker.domain.capture import NewPerson
from tracker.domain.streaks import kept_days
from tracker.store import dayindex, schema
from tracker.store.repo import Repository

from support.cli import ok


def make_repo(home: Path) -> Repository:
    where = paths.resolve(home)
    return Repository(where, config.load(home / "config.toml"))


def files(home: Path) -> dict[str, tuple[bytes, int]]:
    """Both files' bytes and modification times."""
    return {
        name: ((home / name).read_bytes(), (home / name).stat().st_mtime_ns)
        for name in ("tracker.json", "events.jsonl")
    }


def home_without_index(home: Path) -> None:
    """Three kept days (Fri 27 Feb, Sat 28 Feb, Mon 2 Mar), and no day index in the file (as an older tracker left it)."""
    repo = make_repo(home)
    view = repo.add_interview("Acme", "Engineer", people=[NewPerson("Jane Doe")])
    person = view.opportunity.people[0].person_id
    for day in (27, 28):
        clock.set_now(datetime(2026, 2, day, 12, 0, tzinfo=UTC))
        repo.log_reply(view.card.id, person)
    clock.set_now(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    repo.log_reply(view.card.id, person)
    path = home / "tracker.json"
    data = msgspec.json.decode(path.read_bytes())
    data.pop(dayindex.TABLE, None)
    path.write_bytes(msgspec.json.encode(data))


def index_doc(home: Path) -> dict | None:
    data = msgspec.json.decode((home / "tracker.json").read_bytes())
    found: dict | None = data.get(dayindex.TABLE, {}).get(dayindex.DOC)
    return found


@pytest.mark.parametrize(
    "command", [["streak"], ["streak", "--json"], ["due", "--count"], ["due"], ["list"]]
)
def test_a_read_leaves_a_home_without_a_day_index_untouched(
    home: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    home_without_index(home)
    before = files(home)
    ok(capsys, *command)
    ok(capsys, *command)
    assert files(home) == before
    assert index_doc(home) is None


def test_the_streak_read_without_an_index_is_right_and_the_next_write_stores_it(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home_without_index(home)
    assert ok(capsys, "streak", "--format", "{current} {best}") == "1 2\n"
    assert index_doc(home) is None
    ok(capsys, "add", "Globex", "SRE")
    stored = index_doc(home)
    data = msgspec.json.decode((home / "tracker.json").read_bytes())
    assert stored is not None and stored["upto"] == schema.meta(data)["events"]
    events = [
        msgspec.json.decode(line) for line in (home / "events.jsonl").read_bytes().splitlines()
    ]
    assert (
        {day for day, n in stored["days"].items() if n > 0}
        == {d.isoformat() for d in kept_days(events)}
        == {"2026-02-27", "2026-02-28", "2026-03-02"}
    )
    before = files(home)
    assert ok(capsys, "streak", "--format", "{current} {best}") == "1 2\n"
    assert files(home) == before


def test_due_shows_a_snooze_that_ended_without_writing(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`tracker due` used to settle the cards (a snooze that ended) in a write of its own."""
    ok(capsys, "add", "Snoozed Co", "Engineer", "--on", "-5d")
    ok(capsys, "snooze", "snoozed", "tomorrow")
    assert ok(capsys, "due", "--count") == "0\n"
    clock.set_now(datetime(2026, 3, 3, 10, 0, tzinfo=UTC))
    before = files(home)
    agenda = ok(capsys, "due")
    assert "Snoozed Co" in agenda.split("Next 7 days")[0]
    assert ok(capsys, "due", "--count") == "1\n"
    assert "Snoozed Co" in ok(capsys, "due", "--json")
    assert files(home) == before
    # The board's next write settles it for good: the same agenda after it.
    make_repo(home).settle()
    assert files(home) != before
    assert ok(capsys, "due") == agenda


def monitor_began_unwritten(home: Path) -> str:
    """A card whose Feedback is done on 2026-03-02 and whose Monitor begins on its own day
    later, with nothing written since; the clock is moved to that day. Returns the card id."""
    repo = make_repo(home)
    view = repo.add_interview("Acme", "SRE", people=[NewPerson("Bob Smith")])
    repo.reject(view.card.id, clock.now().date())
    repo.close_items(view.card.id, [i.id for i in repo.find_card(view.card.id).card.open_items])
    began = repo.find_card(view.card.id).card.next_stage_on
    assert began is not None
    clock.set_now(datetime(began.year, began.month, began.day, 12, 0, tzinfo=UTC))
    return view.card.id


@pytest.mark.parametrize(
    "argv", [("list",), ("list", "--json"), ("show", "acme"), ("show", "acme", "--json")]
)
def test_list_and_show_show_the_stage_that_began_and_write_nothing(
    home: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    monitor_began_unwritten(home)
    before = files(home)
    out = ok(capsys, *argv)
    assert "Find out who was hired" in out or "find_hired" in out
    assert files(home) == before


def test_done_after_a_stage_began_unwritten_ticks_the_new_stage(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`tracker done acme` on the day Monitor began, with no read that wrote before it:
    it ticks Monitor's first item (it said "no open item left", the file's Feedback)."""
    card_id = monitor_began_unwritten(home)
    out = ok(capsys, "done", "acme")
    assert "Done 1 item" in out
    card = make_repo(home).find_card(card_id).card
    assert [(i.action, i.is_open) for i in card.items][:1] == [("find_hired", False)]


def test_prep_shows_the_stage_that_began_and_writes_nothing(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monitor_began_unwritten(home)
    before = files(home)
    for argv in (("prep", "acme"), ("prep", "acme", "--format", "md"), ("prep", "acme", "--json")):
        out = ok(capsys, *argv)
        assert "card " in out or '"card_is"' in out
        assert "Monitor" in out
    assert files(home) == before

"""The network from the command line: `people --due`, `touch`, `person --every`, and the
check-ins in `tracker due`; bad input is one sentence and writes nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from test_prompt import all_same, make_repo

from tracker import clock, config, paths
from tracker.store.repo import Repository

from support import FIXED_NOW
from support.cli import fails, ok


def fresh(home: Path) -> Repository:
    return Repository(paths.resolve(home), config.load(home / "config.toml"))


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def later(days: int) -> None:
    clock.set_now(FIXED_NOW + timedelta(days=days))


def network(capsys) -> None:
    """Acme (done today: an offer) with Jane Doe and Sam Lee; Globex on the board with Pat Kim."""
    ok(capsys, "add", "Acme", "Engineer", "--with", "Jane Doe", "--with", "Sam Lee")
    ok(capsys, "offer", "acme")
    ok(capsys, "add", "Globex", "Engineer", "--with", "Pat Kim")


def test_people_due_lists_the_check_ins_most_overdue_first(home, capsys):
    network(capsys)
    ok(capsys, "person", "Sam Lee", "--every", "60d")
    assert ok(capsys, "people", "--due") == "No check-in is due today (Mon 2026-03-02).\n"
    later(95)
    before = files(home)
    out = ok(capsys, "people", "--due")
    ok(capsys, "due")
    assert files(home) == before  # reads do not write
    lines = out.splitlines()
    assert [line.split("  ", 1)[1] for line in lines] == [
        "Sam Lee (Acme): last contact Mon 2026-03-02, 35d overdue",
        "Jane Doe (Acme): last contact Mon 2026-03-02, 5d overdue",
    ]
    shown = json.loads(ok(capsys, "people", "--due", "--json"))
    assert [(t["name"], t["days_overdue"], t["every"]) for t in shown] == [
        ("Sam Lee", 35, 60),
        ("Jane Doe", 5, 90),
    ]
    assert shown[0]["last_contact"] == "2026-03-02"
    assert "Pat Kim" not in out  # on a card still on the board


def test_due_and_due_count_include_the_check_ins(home, capsys):
    network(capsys)
    later(90)
    count = int(ok(capsys, "due", "--count"))
    out = ok(capsys, "due")
    assert "Keep in touch (your network)" in out
    assert "Check in with Jane Doe (Acme), last contact Mon 2026-03-02" in out
    listed = json.loads(ok(capsys, "due", "--json"))
    assert count == len(listed)
    assert [t["name"] for t in listed if t.get("kind") == "touch"] == ["Jane Doe", "Sam Lee"]


def test_touch_marks_one_done_with_a_note_then_it_is_not_due(home, capsys):
    network(capsys)
    later(91)
    out = ok(capsys, "touch", "Jane", "Doe", "--note", "coffee next month")
    assert out == (
        "Checked in with Jane Doe (note kept); the next one counts from today.\n"
        "Next check-in: Sun 2026-08-30.\n"
    )
    names = [t["name"] for t in json.loads(ok(capsys, "people", "--due", "--json"))]
    assert names == ["Sam Lee"]
    event = fresh(home).events()[-1]
    assert (event.type, event.data["kind"], event.data["text"]) == (
        "touch_done",
        "note",
        "coffee next month",
    )
    assert json.loads(ok(capsys, "streak", "--json"))["today_kept"] is True
    ok(capsys, "touch", "Sam Lee", "--snooze", "+7d")
    ok(capsys, "undo")
    assert fresh(home).snapshot().people[event.data["person"]].touch_snoozed is None


def test_bad_input_is_one_sentence_and_writes_nothing(home, capsys):
    network(capsys)
    later(91)
    before = files(home)
    for every in ("0d", "soon", "-3d"):
        err = fails(capsys, "person", "Jane Doe", "--every", every, code=2 if every == "-3d" else 1)
        if every != "-3d":
            assert "is not a keep-in-touch cadence; use 60d, 8w" in err
    assert "no person is called 'Nobody Here'" in fails(capsys, "touch", "Nobody", "Here")
    assert "still on the board (Globex)" in fails(capsys, "touch", "Pat Kim")
    assert "say why" in fails(capsys, "touch", "Jane Doe", "--skip", " ")
    assert "not both" in fails(capsys, "touch", "Jane Doe", "--skip", "x", "--snooze", "+1d")
    assert "--snooze" in fails(capsys, "touch", "Jane Doe", "--snooze", "someday")
    assert files(home) == before


def test_person_every_shows_and_resets(home, capsys):
    network(capsys)
    assert ok(capsys, "person", "Jane Doe", "--every", "never") == (
        "Updated Jane Doe: keep-in-touch cadence.\n"
    )
    shown = json.loads(ok(capsys, "person", "Jane Doe", "--json"))
    assert (shown["every"], shown["next_touch"]) == (0, None)
    assert "keep in touch: never" in ok(capsys, "person", "Jane Doe")
    ok(capsys, "person", "Jane Doe", "--every", "default")
    out = ok(capsys, "person", "Jane Doe")
    assert "keep in touch: default (every 90d)" in out
    assert "next check-in: due Sun 2026-05-31 (last contact Mon 2026-03-02)" in out


def test_the_prompt_summary_counts_the_check_ins(home, capsys):
    """The summary's due counts and review hint agree with the full commands while the
    touches come due, are done and are snoozed."""
    make_repo(home)
    network(capsys)
    later(85)
    ok(capsys, "person", "Sam Lee", "--every", "40d")  # a commit: the summary covers day 85-98
    for days in (85, 88, 90, 92, 98):
        later(days)
        all_same(capsys, home)
    later(92)
    ok(capsys, "touch", "Jane Doe")
    ok(capsys, "touch", "Sam Lee", "--snooze", "+3d")
    for days in (92, 94, 95, 96):
        later(days)
        all_same(capsys, home)


def test_the_config_section_is_strict(home, capsys):
    for bad in ("-1", '"soon"', "4000", "true"):
        (home / "config.toml").write_text(f'[time]\ntimezone = "UTC"\n[network]\nevery = {bad}\n')
        assert "network.every" in fails(capsys, "due", "--count")
    (home / "config.toml").write_text('[time]\ntimezone = "UTC"\n[network]\nwatch = 30\n')
    assert "unknown key network.watch" in fails(capsys, "due")


def test_config_show_says_the_cadence(home, capsys):
    assert "network.every = 90 (days between check-ins with your network)\n" in ok(capsys, "config")
    (home / "config.toml").write_text('[time]\ntimezone = "UTC"\n[network]\nevery = 0\n')
    assert "network.every = never (no check-ins with your network)\n" in ok(capsys, "config")

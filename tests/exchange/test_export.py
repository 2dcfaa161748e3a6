"""`tracker export`: lossless JSON (round-trip property), safe CSV, valid iCalendar, the weekly report."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import icalendar
import pytest
from hypothesis import HealthCheck, example, given, settings

from tracker import clock
from tracker.domain.capture import NewPerson
from tracker.domain.model import Outcome, Role, State
from tracker.exchange import csvfile, jsonfile, markdown
from tracker.store import schema
from tracker.store.files import TMP_MARK

from support import (
    FIXED_NOW,
    ROOT,
)
from support.exchange import (
    OPS,
    build_board,
    make_home,
    one_sentence_error,
    repo_at,
    run,
    state,
    tree,
)

# --- JSON: lossless -------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=OPS)
@example(ops=[("add", 0, " ")])  # every action refused: no state file, no event log on either side
def test_a_json_export_imported_into_an_empty_home_gives_the_same_state_and_events(ops):
    clock.set_now(FIXED_NOW)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            source = make_home(Path(tmp) / "a")
            repo = repo_at(source)
            build_board(repo, ops)
            exported = jsonfile.export_json(repo)

            target = make_home(Path(tmp) / "b")
            fresh = repo_at(target)
            plan = jsonfile.plan_json(Path("export.json"), exported.decode())
            jsonfile.apply_json(fresh, plan)

            if (source / "tracker.json").exists():
                assert state(target) == state(source)
            else:  # every action was refused: an empty board goes across as one
                assert repo_at(target).is_empty()
            log, copy = source / "events.jsonl", target / "events.jsonl"
            assert (copy.read_bytes() if copy.exists() else b"") == (
                log.read_bytes() if log.exists() else b""
            )
            assert repo_at(target).events() == repo_at(source).events()
            # Exporting the copy gives the same document (the export instant aside).
            again = json.loads(jsonfile.export_json(repo_at(target)))
            first = json.loads(exported)
            assert again == first
    finally:
        clock.set_now(FIXED_NOW)


def test_the_json_export_carries_unknown_tables_events_and_the_schema_version(repo, home, capsys):
    repo.add_interview("ACME", "Engineer", people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)])
    with repo.db.transaction(today=repo.today()) as txn:
        txn.put("vacations", {"id": "v1", "start": "2026-04-01", "end": "2026-04-10"})
    code, out, err = run(capsys, "export", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["format"] == "tracker-export"
    assert doc["schema"] == schema.SCHEMA_VERSION
    assert doc["tables"]["vacations"] == {
        "v1": {"id": "v1", "start": "2026-04-01", "end": "2026-04-10"}
    }
    assert [e["type"] for e in doc["events"]] == ["created"]
    assert doc["events"][0]["card"] in doc["tables"]["cards"]
    assert "token" not in doc["tables"]["meta"]["meta"]
    assert len(doc["tables"]["cards"]) == 1 and len(doc["tables"]["people"]) == 1
    # The state file keeps each checklist as JSON text (schema 2); the export
    # writes it as a list, so it reads like the rest of the document.
    ((card_id, card),) = doc["tables"]["cards"].items()
    assert isinstance(repo.db.data()["cards"][card_id]["items"], str)
    assert [item["action"] for item in card["items"]] == ["thank_email", "thank_note", "linkedin"]


def test_export_out_writes_the_file_atomically_and_says_where(repo, home, tmp_path, capsys):
    repo.add_interview("ACME", "Engineer")
    out_file = tmp_path / "out" / "board.json"
    out_file.parent.mkdir()
    code, out, err = run(capsys, "export", "--format", "json", "--out", str(out_file))
    assert code == 0, err
    assert str(out_file) in out
    assert json.loads(out_file.read_bytes())["format"] == "tracker-export"
    assert not list(out_file.parent.glob(f"*{TMP_MARK}*")), "a temp file was left behind"


def test_export_to_a_missing_folder_is_one_sentence_and_writes_nothing(
    repo, home, tmp_path, capsys
):
    repo.add_interview("ACME", "Engineer")
    before = tree(home)
    target = tmp_path / "no" / "such" / "folder" / "x.csv"
    one_sentence_error(*run(capsys, "export", "--format", "csv", "--out", str(target)))
    assert not target.exists()
    assert tree(home) == before


# --- CSV ------------------------------------------------------------------------------------------


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_csv_has_a_header_and_one_row_per_opportunity_with_stage_action_dates_people(
    repo, capsys
):
    acme = repo.add_interview(
        "ACME, Inc.",
        'Engineer "Backend"',
        people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)],
        on=date(2026, 2, 27),
        note="line one\nline two",
    )
    globex = repo.add_interview("Globex", "SRE", people=[NewPerson("Bob")], on=date(2026, 2, 20))
    repo.reject(globex.card.id, date(2026, 3, 1), hired="Zed")
    code, out, err = run(capsys, "export", "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[0] == ",".join(csvfile.CSV_COLUMNS)
    rows = {r["company"]: r for r in _rows(out)}
    assert set(rows) == {"ACME, Inc.", "Globex"}
    a, g = rows["ACME, Inc."], rows["Globex"]
    assert a["role"] == 'Engineer "Backend"'
    assert a["notes"] == "line one\nline two"
    assert a["stage"] == "Thank-you" and a["state"] == "active"
    assert a["next action"] == "Send a thank-you e-mail — Jane Doe"
    assert a["interview date"] == "2026-02-27"
    assert a["target"] == "2026-02-27" and a["deadline"] == "2026-02-28"
    assert a["people"] == "Jane Doe:hiring_manager"
    assert a["outcome"] == "pending" and a["outcome date"] == ""
    assert a["card id"] == acme.card.id
    assert (
        g["stage"] == "Feedback"
        and g["outcome"] == "rejected"
        and g["outcome date"] == "2026-03-01"
    )
    assert g["people"] == "Bob:interviewer; Zed:hired"


def test_the_csv_keeps_notes_edited_on_the_board_and_the_note_given_at_capture(repo, capsys):
    kept = repo.add_interview("Kept", "Dev", note="met Hank")
    repo.edit(kept.card.id, notes="met Hank; call back Friday")  # the board edits the card's
    other = repo.add_interview("Other", "Dev", note="referred by Ann")
    repo.edit(other.card.id, notes="salary band 90-110k")
    cleared = repo.add_interview("Cleared", "Dev", note="from the add")
    repo.edit(cleared.card.id, notes="")
    code, out, err = run(capsys, "export", "--format", "csv")
    assert code == 0, err
    rows = {r["company"]: r for r in _rows(out)}
    assert rows["Kept"]["notes"] == "met Hank; call back Friday"
    assert rows["Other"]["notes"] == "referred by Ann\nsalary band 90-110k"
    assert rows["Cleared"]["notes"] == "from the add"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_that_a_spreadsheet_would_run_is_neutralised(repo, capsys, tmp_path, start):
    formula = f'{start}HYPERLINK("http://evil","x")'
    # Company and role are stripped on capture; notes are kept as typed.
    repo.add_interview(f"{start}cmd" if start not in "\t\r" else "Plain", "Dev", note=formula)
    # To a file: stdout would show the tab and the CR for the terminal (tests/cli/test_cli_terminal.py).
    target = tmp_path / "out.csv"
    code, _, err = run(capsys, "export", "--format", "csv", "--out", str(target))
    assert code == 0, err
    (row,) = _rows(target.read_bytes().decode("utf-8"))
    assert row["notes"] == "'" + formula
    if start not in "\t\r":
        assert row["company"] == f"'{start}cmd"
    for cell in row.values():
        assert not cell.startswith(csvfile.FORMULA_START), cell


def test_neutralise_leaves_ordinary_cells_alone():
    assert csvfile.neutralise("ACME") == "ACME"
    assert csvfile.neutralise("2026-03-02") == "2026-03-02"
    assert csvfile.neutralise("a=b") == "a=b"
    assert csvfile.neutralise("") == ""


# --- iCalendar ----------------------------------------------------------------------------------------


def _calendar(capsys) -> tuple[str, icalendar.Calendar]:
    code, out, err = run(capsys, "export", "--format", "ics")
    assert code == 0, err
    return out, icalendar.Calendar.from_ical(out)


def test_ics_has_one_all_day_event_with_an_alarm_per_open_item_of_active_and_waiting_cards(
    repo, capsys
):
    acme = repo.add_interview(
        "ACME", "Engineer", people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)]
    )
    done = repo.add_interview("Initech", "Analyst")
    repo.finish(done.card.id, Outcome.OFFER)
    snoozed = repo.add_interview("Hooli", "PM")
    repo.snooze(snoozed.card.id, date(2026, 3, 9))
    repo.close_items(acme.card.id, [acme.card.items[0].id])

    text, cal = _calendar(capsys)
    events = cal.walk("VEVENT")
    card = repo.snapshot().cards[acme.card.id]
    expected = {f"{card.id}-{item.id}@tracker": item for item in card.open_items}
    assert {str(e["UID"]) for e in events} == set(expected)
    for event in events:
        item = expected[str(event["UID"])]
        assert event.decoded("DTSTART") == item.target
        assert isinstance(event.decoded("DTSTART"), date)
        assert event.decoded("DTEND") == item.target + timedelta(days=1)
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
        assert "ACME — Engineer" in str(event["DESCRIPTION"])
        assert "Stage: Thank-you" in str(event["DESCRIPTION"])
    assert "Initech" not in text and "Hooli" not in text


def test_ics_puts_late_actions_on_the_day_of_the_export(repo, capsys):
    # The clock is Monday 2 March. Thank-yous from 16 February: long overdue. A rejection
    # on 27 February: its reply was due 28 February, deadline 2 March (late, not overdue).
    late = repo.add_interview("Globex", "SRE", on=date(2026, 2, 16), people=[NewPerson("Ana")])
    rejected = repo.add_interview("Initech", "SRE", on=date(2026, 2, 20))
    repo.reject(rejected.card.id, date(2026, 2, 27))
    ahead = repo.add_interview("Hooli", "PM", on=date(2026, 3, 2), people=[NewPerson("Bo")])
    _, cal = _calendar(capsys)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    today = date(2026, 3, 2)
    for card_id, company in ((late.card.id, "Globex"), (rejected.card.id, "Initech")):
        for item in repo.snapshot().cards[card_id].open_items:
            event = events[f"{card_id}-{item.id}@tracker"]
            assert item.target < today
            assert event.decoded("DTSTART") == today
            assert event.decoded("DTEND") == today + timedelta(days=1)
            assert company in str(event["SUMMARY"])
            assert f"Target {item.target.isoformat()}" in str(event["DESCRIPTION"])
    e_mail = events[f"{late.card.id}-i1@tracker"]
    assert str(e_mail["SUMMARY"]).endswith("(Globex) (13d overdue)")
    reply = events[f"{rejected.card.id}-i1@tracker"]
    assert str(reply["SUMMARY"]).endswith("(2d late, deadline today)")
    for item in repo.snapshot().cards[ahead.card.id].open_items:
        event = events[f"{ahead.card.id}-{item.id}@tracker"]
        assert event.decoded("DTSTART") == item.target >= today
        assert "late" not in str(event["SUMMARY"]) and "overdue" not in str(event["SUMMARY"])
    assert min(e.decoded("DTSTART") for e in events.values()) == today


def test_ics_uids_are_stable_between_exports(repo, capsys):
    repo.add_interview("ACME", "Engineer", people=[NewPerson("Jane Doe")])
    _, first = _calendar(capsys)
    clock.set_now(FIXED_NOW + timedelta(hours=3))
    _, second = _calendar(capsys)
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [
        str(e["UID"]) for e in second.walk("VEVENT")
    ]


def test_ics_lines_are_crlf_folded_at_75_octets_and_text_is_escaped(repo, capsys):
    nasty = "Ünïcødé 日本語, Ltd; back\\slash " + "long " * 30
    repo.add_interview(
        nasty,
        "Role, with; punctuation",
        people=[NewPerson("Zoë 😀 Müller")],
        note="first line\nsecond; line, with \\ and 😀",
    )
    text, cal = _calendar(capsys)
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding never splits a character
    assert any(line.startswith(b" ") for line in raw.split(b"\r\n")), "nothing was folded"
    (event, *_) = cal.walk("VEVENT")
    assert nasty.strip() in str(event["SUMMARY"])
    description = str(event["DESCRIPTION"])
    assert f"{nasty.strip()} — Role, with; punctuation" in description
    assert "Notes: first line\nsecond; line, with \\ and 😀" in description


def test_ics_of_an_empty_board_is_a_valid_empty_calendar(repo, capsys):
    _, cal = _calendar(capsys)
    assert cal.walk("VEVENT") == []
    assert str(cal["VERSION"]) == "2.0"


# --- Markdown weekly report ---------------------------------------------------------------------------


@pytest.fixture
def fixed_streak(monkeypatch):
    import tracker.store.streak_store as streak_store

    calls = []

    def fake(repo):
        calls.append(repo)
        return SimpleNamespace(current=4, best=9, score=0.625)

    monkeypatch.setattr(streak_store, "current_status", fake)
    return calls


def test_md_report_lists_this_weeks_actions_streak_funnel_and_next_weeks_due(
    repo, capsys, fixed_streak
):
    # Last week (Thursday 26 February): an action that must not be listed.
    clock.set_now(FIXED_NOW - timedelta(days=4))
    old = repo.add_interview("Oldco", "Dev", people=[NewPerson("Olga")])
    repo.close_items(old.card.id, [old.card.items[0].id])
    clock.set_now(FIXED_NOW)
    acme = repo.add_interview(
        "ACME", "Engineer", people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)]
    )
    repo.close_items(acme.card.id, [acme.card.items[0].id])
    globex = repo.add_interview("Globex", "SRE", on=date(2026, 2, 20))
    repo.reject(globex.card.id, date(2026, 3, 2))
    undone = repo.add_interview("Undoneco", "QA")
    repo.close_items(undone.card.id, [undone.card.items[0].id])
    repo.undo()
    won = repo.add_interview("Winco", "Lead")
    repo.finish(won.card.id, Outcome.OFFER)
    ghost = repo.add_interview("Ghostco", "Ops")
    repo.ghosted(ghost.card.id)
    # Something dated next week: a snooze-free card whose item targets Tuesday 10 March.
    soon = repo.add_interview("Soonco", "Data", on=date(2026, 3, 2), decision_by=date(2026, 3, 3))
    repo.close_items(soon.card.id, [i.id for i in soon.card.items])

    code, out, err = run(capsys, "export", "--format", "md")
    assert code == 0, err
    assert fixed_streak, "the streak line does not come from streak_store.current_status"
    assert out.startswith("# Weekly report: 2026-03-02 to 2026-03-08")
    week = out.split("## Done this week")[1].split("## Streak")[0]
    assert "Send a thank-you e-mail — Jane Doe, ACME (Engineer)" in week
    assert "Outcome logged: rejected, Globex (SRE)" in week
    assert "Outcome logged: offer, Winco (Lead)" in week
    assert "Outcome logged: ghosted, Ghostco (Ops)" in week
    assert "Oldco" not in week, "last week's action is listed"
    assert "Undoneco" not in week, "an undone action is listed"
    assert "Current streak: 4 days (best 9); persistence score 62%." in out
    funnel = out.split("## Funnel")[1].split("## Due next week")[0]
    assert "| Interviews logged | 7 |" in funnel
    assert "| Thank-you | 7 |" in funnel
    assert "| Feedback | 1 |" in funnel  # Ghostco skipped Feedback
    assert "| Monitor | 1 |" in funnel
    assert "| Coffee | 0 |" in funnel
    assert "| Offers | 1 |" in funnel
    due = out.split("## Due next week (2026-03-09 to 2026-03-15)")[1]
    assert "Soonco (Data)" in due
    assert "ACME" not in due  # its items are due this week


def test_md_report_says_so_when_the_week_is_empty(repo, capsys, fixed_streak):
    code, out, err = run(capsys, "export", "--format", "md")
    assert code == 0, err
    assert "Nothing logged yet this week." in out
    assert "Nothing is due next week yet." in out


def test_md_report_uses_the_real_streak_store(repo, capsys):
    repo.add_interview("ACME", "Engineer")
    card = repo.snapshot().cards
    (only,) = card.values()
    repo.close_items(only.id, [only.items[0].id])
    code, out, err = run(capsys, "export", "--format", "md")
    assert code == 0, err
    assert "Current streak: 1 day (best 1)" in out


def test_week_of_is_monday_to_sunday():
    assert markdown.week_of(date(2026, 3, 2)) == (date(2026, 3, 2), date(2026, 3, 8))
    assert markdown.week_of(date(2026, 3, 8)) == (date(2026, 3, 2), date(2026, 3, 8))


def test_exports_write_nothing_to_the_home(repo, home, capsys, fixed_streak):
    view = repo.add_interview("ACME", "Engineer", on=date(2026, 2, 1))
    repo.reject(view.card.id, date(2026, 2, 2))
    before = tree(home)
    for fmt in ("json", "csv", "ics", "md"):
        code, _, err = run(capsys, "export", "--format", fmt)
        assert code == 0, err
    assert tree(home) == before
    assert repo.snapshot().cards[view.card.id].state is State.ACTIVE


def test_the_data_commands_module_stays_light_at_import_time(home):
    child = (
        "import sys\nimport tracker.cli.data\n"
        "heavy = [m for m in sys.modules if m.startswith(('tracker.store', 'msgspec', 'tinydb', 'csv'))]\n"
        "print(heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", child], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

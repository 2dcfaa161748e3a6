"""Watching a company in the store: the automatic watch in a rejection's own action (and
its undo), watches started, changed and stopped by hand, reminders checked, skipped and
snoozed as undoable actions that keep the streak's day; read back through a second
Repository."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import msgspec
import pytest

from tracker import clock, config, paths
from tracker.domain.errors import DomainError
from tracker.store import schema
from tracker.store.errors import StoreError
from tracker.store.health import diagnose
from tracker.store.repo import Repository

from support import FIXED_NOW

TODAY = FIXED_NOW.date()


def fresh(home: Path) -> Repository:
    """A second repository on the same home, as another process would read it."""
    return Repository(paths.resolve(home), config.load(home / "config.toml"))


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def later(days: int) -> None:
    clock.set_now(FIXED_NOW + timedelta(days=days))


def rejected(repo: Repository, company: str = "Acme", role: str = "SRE") -> str:
    """``company`` interviewed today and rejected today; returns the opportunity's id."""
    view = repo.add_interview(company, role)
    repo.reject(view.card.id, TODAY)
    return view.opportunity.id


def test_a_rejection_watches_the_company_in_the_same_action_and_undo_takes_it_back(
    repo: Repository, home: Path
) -> None:
    opp = rejected(repo)
    stored = fresh(home)
    (watch,) = stored.watches()
    assert (watch.company, watch.started, watch.every, watch.until) == (
        "Acme",
        TODAY,
        30,
        date(2027, 3, 2),
    )
    assert watch.opportunities == [opp]
    assert [e.type for e in stored.events()][-1] == "outcome_logged"  # one action, one event
    assert fresh(home).undo() == "the rejected outcome on Acme"
    assert fresh(home).watches() == [] and fresh(home).reminders() == []


def test_a_ghosting_watches_the_company_too(repo: Repository, home: Path) -> None:
    view = repo.add_interview("Acme", "SRE")
    later(1)
    fresh(home).ghosted(view.card.id, TODAY + timedelta(days=1))
    (reminder,) = fresh(home).reminders()
    assert reminder.due_on == TODAY + timedelta(days=31)
    assert reminder.opportunities == [view.opportunity.id]


def test_reminders_come_every_30_days_and_end_after_until(repo: Repository, home: Path) -> None:
    opp = rejected(repo)
    assert fresh(home).due_reminders() == []
    later(30)
    (reminder,) = fresh(home).due_reminders()
    assert (reminder.label, reminder.company, reminder.opportunities) == (
        "Check openings at Acme",
        "Acme",
        [opp],
    )
    # Checked on the last reminder before the end: none is left.
    watch = fresh(home).watches()[0]
    later(360)
    assert fresh(home).due_reminders()[0].due_on == TODAY + timedelta(days=30)
    fresh(home).watch_checked(watch.id)
    assert fresh(home).reminders() == []  # 390 days > until, 365 days after the rejection
    later(400)
    assert fresh(home).due_reminders() == []
    assert fresh(home).watches()[0].state_words() == "ended"


def test_the_config_sets_the_cadence_and_the_length_or_turns_it_off(
    repo: Repository, home: Path
) -> None:
    (home / "config.toml").write_text(
        '[time]\ntimezone = "UTC"\n[network]\nwatch_every = 14\nwatch_for = 6\n'
    )
    rejected(fresh(home))
    (watch,) = fresh(home).watches()
    assert (watch.every, watch.until) == (14, date(2026, 9, 2))
    for off in ("watch_every = 0", 'watch_for = "never"', 'watch_every = "never"'):
        (home / "config.toml").write_text(f'[time]\ntimezone = "UTC"\n[network]\n{off}\n')
        rejected(fresh(home), "Globex")
        assert [w.company for w in fresh(home).watches()] == ["Acme"], off


def test_checked_skipped_and_snoozed_are_undoable_and_keep_the_day(
    repo: Repository, home: Path
) -> None:
    rejected(repo)
    later(33)
    day = TODAY + timedelta(days=33)
    watch = fresh(home).watches()[0]
    before = fresh(home).kept_days()
    assert day not in before
    repo.watch_checked(watch.id, "  two SRE roles open  ")
    stored = fresh(home)
    assert stored.watches()[0].checked == day and stored.watches()[0].note == "two SRE roles open"
    assert stored.reminders()[0].due_on == day + timedelta(days=30)
    assert day in stored.kept_days()
    event = stored.events()[-1]
    assert (event.type, event.card_id, event.data) == (
        "watch_checked",
        None,
        {"watch": watch.id, "company": "Acme", "note": "two SRE roles open"},
    )
    assert fresh(home).undo() == "the check of Acme's openings"
    assert day not in fresh(home).kept_days()
    assert fresh(home).due_reminders()[0].due_on == TODAY + timedelta(days=30)

    with pytest.raises(DomainError, match="say why"):
        repo.skip_watch(watch.id, "  ")
    repo.skip_watch(watch.id, "not looking this month")
    assert day in fresh(home).kept_days()
    assert fresh(home).reminders()[0].due_on == day + timedelta(days=30)
    fresh(home).undo()

    with pytest.raises(DomainError, match="after today"):
        repo.snooze_watch(watch.id, day)
    with pytest.raises(DomainError, match="ends on 2027-03-02"):
        repo.snooze_watch(watch.id, date(2027, 3, 3))
    repo.snooze_watch(watch.id, day + timedelta(days=7))
    assert fresh(home).due_reminders() == []
    assert day not in fresh(home).kept_days()  # a snooze is not a follow-up
    later(40)
    assert fresh(home).due_reminders()[0].due_on == day + timedelta(days=7)


def test_stop_ends_the_reminders_until_undone_or_started_again(
    repo: Repository, home: Path
) -> None:
    rejected(repo)
    watch = repo.find_watch("  acme ")
    repo.stop_watch(watch.id)
    assert fresh(home).reminders() == [] and fresh(home).watches()[0].stopped
    with pytest.raises(DomainError, match="already"):
        repo.stop_watch(watch.id)
    with pytest.raises(DomainError, match="you stopped watching Acme"):
        repo.watch_checked(watch.id)
    # A new rejection at a stopped company leaves it stopped (the user said so).
    other = rejected(repo, "ACME", "Dev")
    assert fresh(home).watches()[0].stopped and other in fresh(home).watches()[0].opportunities
    assert fresh(home).undo() == "the rejected outcome on ACME"
    assert fresh(home).undo() == "adding ACME (Dev)"
    assert fresh(home).undo() == "stopping the watch of Acme"
    assert len(fresh(home).reminders()) == 1
    repo.stop_watch(watch.id)
    later(10)
    again, what = repo.watch("acme")
    assert what == "started" and again.id == watch.id and not again.stopped
    assert (again.started, again.until) == (TODAY + timedelta(days=10), date(2027, 3, 12))


def test_a_watch_started_by_hand_carries_every_opportunity_at_the_company(
    repo: Repository, home: Path
) -> None:
    first = repo.add_interview("Acme", "SRE", on=TODAY - timedelta(days=9)).opportunity.id
    second = repo.add_interview("acme", "Dev").opportunity.id
    repo.add_interview("Globex", "Dev")
    watch, what = repo.watch(
        "ACME", url="https://acme.example/jobs", every=14, until=date(2026, 6, 1)
    )
    assert what == "started"
    stored = fresh(home).watches()[0]
    assert stored == watch and stored.opportunities == [first, second]
    assert (stored.company, stored.url, stored.every) == ("acme", "https://acme.example/jobs", 14)
    assert fresh(home).reminders()[0].due_on == TODAY + timedelta(days=14)
    before = files(home)
    assert repo.watch("Acme", every=14)[1] == "unchanged"
    assert files(home) == before  # nothing written
    changed, what = repo.watch("Acme", url="", every=21)
    assert what == "changed" and changed.url == "" and changed.every == 21
    assert fresh(home).events()[-1].data["changed"] == ["url", "every"]
    assert fresh(home).undo() == "the change to the watch of acme"
    assert fresh(home).watches()[0].every == 14


def test_bad_input_is_refused_and_writes_nothing(repo: Repository, home: Path) -> None:
    rejected(repo)
    before = files(home)
    cases = [
        (lambda: repo.watch("Globex"), "no interview at 'Globex' is on record"),
        (lambda: repo.watch("  "), "name the company"),
        (lambda: repo.watch("Acme", url="acme.example"), "not a web address"),
        (lambda: repo.watch("Acme", url="https://a.example/\x1b]52;c;x\x07"), "control"),
        (lambda: repo.watch("Acme", every=0), "1 to 3650 days"),
        (lambda: repo.watch("Acme", until=TODAY), "after today"),
        (lambda: repo.watch("Acme", until=TODAY + timedelta(days=10)), "before its next reminder"),
        (lambda: repo.find_watch("Globex"), "you are not watching 'Globex'"),
    ]
    for call, words in cases:
        with pytest.raises(DomainError, match=words):
            call()
    assert files(home) == before


def test_a_damaged_watch_is_refused_by_reads_and_writes(repo: Repository, home: Path) -> None:
    rejected(repo)
    data = msgspec.json.decode((home / "tracker.json").read_bytes())
    (key,) = data["watches"]
    data["watches"][key]["every"] = "30d"
    (home / "tracker.json").write_bytes(msgspec.json.encode(data))
    before = files(home)
    with pytest.raises(StoreError, match="is damaged"):
        fresh(home).watches()
    with pytest.raises(StoreError, match="is damaged"):
        fresh(home).add_interview("Globex", "SRE")
    assert files(home) == before
    found = [finding.problem for finding in diagnose(paths.resolve(home)).findings]
    assert any(f"record {key!r} in watches is malformed" in why for why in found), found


def test_a_schema_3_file_is_migrated_to_4_with_a_copy_kept_first(
    repo: Repository, home: Path
) -> None:
    repo.add_interview("Acme", "SRE")
    db = home / "tracker.json"
    data = msgspec.json.decode(db.read_bytes())
    data["meta"]["meta"]["schema"] = 3
    del data["watches"]
    db.write_bytes(msgspec.json.encode(data))
    old = db.read_bytes()
    stored = fresh(home)
    assert stored.watches() == []
    after = msgspec.json.decode(db.read_bytes())
    assert after["meta"]["meta"]["schema"] == 4 and after["watches"] == {}
    assert after["cards"] == data["cards"]
    assert (home / "backups" / "before-schema-4" / "tracker.json").read_bytes() == old
    stored.reject(stored.find_card("acme").card.id, TODAY)  # and the migrated file takes a watch
    assert [w.company for w in fresh(home).watches()] == ["Acme"]


def test_the_migration_to_4_starts_the_watches_table_empty() -> None:
    old = schema.empty()
    del old["watches"]
    schema.meta(old)["schema"] = 3
    data, version = schema.migrate(old)
    assert version == 3 and data["watches"] == {} and schema.version_of(data) == 4
    assert "watches" in schema.empty()

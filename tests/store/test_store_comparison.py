"""`Repository.compare` and schema 3: the comparison with the person hired is one undoable
action that completes "compare their background"; a schema-2 file is migrated with a copy
kept first; a file from a newer tracker is refused untouched."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import msgspec
import pytest

from tracker import clock, config, paths
from tracker.cli import main
from tracker.domain.capture import NewPerson
from tracker.domain.errors import DomainError
from tracker.domain.model import Gap, ItemStatus, Role, Stage
from tracker.store import schema
from tracker.store.errors import StoreError
from tracker.store.repo import Repository


def fresh(home: Path) -> Repository:
    """A second repository on the same home, as another process would read it."""
    where = paths.resolve(home)
    return Repository(where, config.load(home / "config.toml"))


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def monitor_card(repo: Repository, hired: str | None = "Pat Kim") -> str:
    """Acme, rejected on 2026-01-20 with Feedback done: in Monitor since 2026-03-02."""
    view = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2026, 1, 15),
        people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)],
    )
    repo.reject(view.card.id, date(2026, 1, 20), hired=hired)
    repo.close_items(view.card.id, [i.id for i in repo.find_card("acme").card.open_items])
    repo.settle()
    assert repo.find_card("acme").card.stage is Stage.MONITOR
    return view.card.id


def tables(home: Path) -> tuple[object, object]:
    data = msgspec.json.decode((home / "tracker.json").read_bytes())
    return data["opportunities"], data["cards"]


def states(repo: Repository, card_id: str) -> list[tuple[str, ItemStatus]]:
    return [(i.action, i.status) for i in repo.find_card(card_id).card.items]


def test_compare_keeps_the_comparison_and_completes_the_item_in_one_undoable_action(
    repo: Repository, home: Path
) -> None:
    card_id = monitor_card(repo)
    before = tables(home)
    repo.compare(card_id, "Ten years of SRE", ["Kubernetes in production", "Go"], "yes")

    stored = fresh(home)
    view = stored.find_card("acme")
    comparison = view.opportunity.comparison
    assert comparison is not None
    (pat,) = view.opportunity.people_with(Role.HIRED)
    assert comparison.person_id == pat and view.people[pat].name == "Pat Kim"
    assert comparison.background == "Ten years of SRE"
    assert comparison.gaps == (Gap("g1", "Kubernetes in production"), Gap("g2", "Go"))
    assert comparison.better == "yes" and comparison.on == date(2026, 3, 2)
    assert ("compare_background", ItemStatus.DONE) in states(stored, card_id)
    event = stored.card_events(card_id)[-1]
    assert event.type == "compared"
    assert event.data["name"] == "Pat Kim"
    assert event.data["comparison"]["gaps"][0] == {"id": "g1", "text": "Kubernetes in production"}

    assert repo.undo() == "the comparison with Pat Kim on Acme"
    assert tables(home) == before
    stored = fresh(home)
    assert stored.find_card("acme").opportunity.comparison is None
    assert ("compare_background", ItemStatus.OPEN) in states(stored, card_id)


def test_comparing_again_replaces_it_and_keeps_the_ids_of_unchanged_gaps(
    repo: Repository, home: Path
) -> None:
    card_id = monitor_card(repo)
    repo.compare(card_id, "SRE", ["Kubernetes", "Go"], "yes")
    repo.compare(card_id, "SRE at a bank", ["Go", "Terraform"], "not sure")
    comparison = fresh(home).find_card("acme").opportunity.comparison
    assert comparison is not None
    assert comparison.gaps == (Gap("g2", "Go"), Gap("g3", "Terraform"))
    assert comparison.background == "SRE at a bank" and comparison.better == "unsure"
    assert [e.type for e in fresh(home).card_events(card_id)].count("compared") == 2


def test_with_no_hire_named_the_comparison_has_no_person(repo: Repository, home: Path) -> None:
    card_id = monitor_card(repo, hired=None)
    repo.compare(card_id, "", ["A public portfolio"], "unsure")
    view = fresh(home).find_card("acme")
    assert view.opportunity.comparison is not None
    assert view.opportunity.comparison.person_id is None
    assert ("compare_background", ItemStatus.DONE) in states(fresh(home), card_id)
    assert fresh(home).card_events(card_id)[-1].data["name"] == ""


@pytest.mark.parametrize(
    ("background", "gaps", "better"),
    [
        ("", ["Go\x1b[2J"], "yes"),
        ("", ["  "], "yes"),
        ("", ["Go"], "perhaps"),
        ("", [], "yes"),
    ],
)
def test_refused_input_writes_nothing(
    repo: Repository, home: Path, background: str, gaps: list[str], better: str
) -> None:
    card_id = monitor_card(repo)
    before = files(home)
    with pytest.raises(DomainError):
        repo.compare(card_id, background, gaps, better)
    assert files(home) == before


def test_a_comparison_keeps_its_day_for_the_streak_and_its_undo_takes_that_back(
    repo: Repository, home: Path
) -> None:
    card_id = monitor_card(repo)
    next_day = clock.now() + timedelta(days=1)
    clock.set_now(next_day)
    day = fresh(home).today()
    assert day not in fresh(home).kept_days()
    repo.compare(card_id, "SRE", ["Go"], "yes")
    assert day in fresh(home).kept_days()
    repo.undo()
    assert day not in fresh(home).kept_days()


# --- schema 3 (and 4, which migrates a version-2 file on through 3) ---------------------


def test_a_schema_2_file_is_migrated_to_4_with_a_copy_kept_first(
    repo: Repository, home: Path
) -> None:
    card_id = monitor_card(repo)
    db = home / "tracker.json"
    data = msgspec.json.decode(db.read_bytes())
    assert data["meta"]["meta"]["schema"] == 4
    data["meta"]["meta"]["schema"] = 2
    del data["lessons"], data["watches"]
    db.write_bytes(msgspec.json.encode(data))
    old = db.read_bytes()
    expected = repo.snapshot().cards[card_id].items

    stored = fresh(home)
    assert stored.snapshot().cards[card_id].items == expected
    after = msgspec.json.decode(db.read_bytes())
    assert after["meta"]["meta"]["schema"] == 4
    assert after["cards"] == data["cards"] and after["opportunities"] == data["opportunities"]
    assert after["people"] == data["people"]
    assert after["lessons"] == {} and after["watches"] == {}
    assert (home / "backups" / "before-schema-4" / "tracker.json").read_bytes() == old
    stored.compare(card_id, "SRE", ["Go"], "no")  # and the migrated file takes a comparison
    assert fresh(home).find_card("acme").opportunity.comparison is not None


def test_a_schema_5_file_is_refused_in_one_sentence_and_not_written(
    repo: Repository, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monitor_card(repo)
    db = home / "tracker.json"
    data = json.loads(db.read_text())
    data["meta"]["meta"]["schema"] = 5
    db.write_text(json.dumps(data))
    before = files(home)

    assert main(["list"]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "written by a newer tracker (schema 5)" in err
    with pytest.raises(StoreError, match="newer tracker"):
        fresh(home).snapshot()
    assert main(["compare", "acme", "--gap", "Go", "--better", "yes"]) != 0
    assert files(home) == before
    assert not (home / "backups" / "before-schema-5").exists()
    assert schema.SCHEMA_VERSION == 4

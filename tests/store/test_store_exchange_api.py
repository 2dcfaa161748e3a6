"""The store's public API for export and import (Repository.dump, load_into_empty, import_records).

tracker.exchange uses only these, never the files; here they are checked on their own.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker import paths
from tracker.domain import rules
from tracker.domain.model import Card, Opportunity, Person
from tracker.store import schema
from tracker.store.errors import HomeNotEmpty
from tracker.store.repo import Repository, new_id
from tracker.store.streak_store import current_status


def _application(repo: Repository, company: str) -> tuple[Opportunity, Card, list[Person]]:
    now = repo.now().isoformat()
    person = Person(id=new_id(), name="Jo", company=company)
    opp = Opportunity(
        id=new_id(), company=company, role="Dev", interviews=[date(2026, 2, 20)], created_at=now
    )
    card = rules.new_card(new_id(), opp, now, repo.settings.timings)
    rules.reject(
        card, opp, date(2026, 2, 25), now=now, today=repo.today(), timings=repo.settings.timings
    )
    return opp, card, [person]


def test_dump_leaves_out_derived_tables_and_what_describes_the_files(repo: Repository) -> None:
    repo.add_interview("ACME", "Dev")
    current_status(repo)  # builds the streak day index, a derived table
    assert set(repo.derived_tables()) <= set(repo.db.data())
    tables, events = repo.dump()
    assert not set(repo.derived_tables()) & set(tables)
    assert tables["meta"]["meta"] == {"schema": schema.SCHEMA_VERSION}
    assert [e["type"] for e in events] == ["created"]


def test_import_records_is_one_action_with_one_undo_entry(repo: Repository) -> None:
    repo.add_interview("Before", "Dev")
    apps = [_application(repo, "ACME"), _application(repo, "Globex")]
    repo.import_records(apps, "apps.csv")
    types = [e.type for e in repo.events()]
    assert types == ["created", *["created", "outcome_logged"] * 2, "imported"]
    (entry,) = [e for e in repo.db.data()["undo"].values() if e["type"] == "imported"]
    assert entry["label"] == "import of 2 applications from apps.csv"
    assert entry["id"] == repo.events()[-1].id
    assert repo.undo() == "import of 2 applications from apps.csv"
    assert [o.company for o in repo.snapshot().opportunities.values()] == ["Before"]
    assert not repo.snapshot().people


def test_load_into_empty_refuses_a_home_with_data_and_writes_nothing(
    repo: Repository, home: Path, tmp_path: Path
) -> None:
    assert repo.is_empty()
    repo.add_interview("ACME", "Dev")
    assert not repo.is_empty()
    with pytest.raises(HomeNotEmpty, match="already holds data"):
        repo.check_empty()
    before = (home / "tracker.json").read_bytes()
    tables, events = repo.dump()
    with pytest.raises(HomeNotEmpty):
        repo.load_into_empty(tables, events)
    assert (home / "tracker.json").read_bytes() == before

    other = Repository(paths.resolve(tmp_path / "other"), repo.settings)
    other.load_into_empty(tables, events)
    assert other.dump()[0] == tables
    assert other.events() == repo.events()

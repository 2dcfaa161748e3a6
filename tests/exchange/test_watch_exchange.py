"""Watches survive a JSON export and import whole: the table, their events and the undo
entries that would put a watch back; a broken watch in an export is refused in one sentence."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tracker import clock
from tracker.store.repo import Repository

from support import FIXED_NOW
from support.exchange import make_home, one_sentence_error, repo_at, run, state


def export(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run(capsys, "export", "--format", "json")
    assert code == 0, err
    return out


def test_watches_round_trip_through_a_json_export(
    repo: Repository, home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for company in ("Acme", "Globex"):
        view = repo.add_interview(company, "Eng", on=date(2026, 2, 20))
        repo.reject(view.card.id, date(2026, 2, 27))
    repo.watch("Acme", url="https://acme.example/careers")
    clock.set_now(FIXED_NOW + timedelta(days=30))
    acme = repo.find_watch("acme")
    repo.watch_checked(acme.id, "nothing for SRE")
    repo.stop_watch(repo.find_watch("globex").id)
    text = export(capsys)
    assert len(json.loads(text)["tables"]["watches"]) == 2
    source = tmp_path / "export.json"
    source.write_text(text)
    other = make_home(tmp_path / "other")
    code, out, err = run(capsys, "--home", str(other), "import", str(source), "--dry-run")
    assert code == 0, err
    assert "2 watches" in out
    code, out, err = run(capsys, "--home", str(other), "import", str(source))
    assert code == 0, err
    assert state(other) == state(home)
    copied = repo_at(other)
    assert copied.watches() == repo.watches()
    assert copied.kept_days() == repo.kept_days()
    assert copied.undo() == "stopping the watch of Globex"
    assert copied.undo() == "the check of Acme's openings"
    assert [r.company for r in copied.reminders()] == ["Acme", "Globex"]  # due the same day


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("every", "30d", "the every of watch"),
        ("until", "someday", "the until of watch"),
        ("opportunities", [7], "the opportunities of watch"),
        ("every", 0, "not a number of days"),
    ],
)
def test_a_broken_watch_in_an_export_is_refused(
    repo: Repository,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    field: str,
    value: object,
    words: str,
) -> None:
    view = repo.add_interview("Acme", "Eng")
    repo.reject(view.card.id, view.opportunity.last_interview)
    doc = json.loads(export(capsys))
    (watch,) = doc["tables"]["watches"].values()
    watch[field] = value
    source = tmp_path / "export.json"
    source.write_text(json.dumps(doc))
    other = tmp_path / "other"
    last = one_sentence_error(*run(capsys, "--home", str(other), "import", str(source)))
    assert words in last and str(source) in last
    assert not (other / "tracker.json").exists()

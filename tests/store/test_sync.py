"""`tracker sync` at the store: two homes and a bare repository, with the real git.

Each test moves the clock (``at``), never sleeps; git runs with no global config and
no identity, as on a CI machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tracker.domain.errors import DomainError
from tracker.domain.model import Outcome, Stage, State
from tracker.store import sync, syncmerge
from tracker.store.errors import StoreError
from tracker.store.repo import Repository

from support import FIXED_NOW, ROOT
from support.sync import at, bare, isolate_git, make_home, reopen, state


@pytest.fixture
def remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch, tmp_path)
    return bare(tmp_path / "remote.git")


@pytest.fixture
def pair(tmp_path: Path, remote: Path) -> tuple[Repository, Repository]:
    """Two homes connected to the remote: A with one card, B with nothing yet."""
    at(0)
    a, b = make_home(tmp_path / "a"), make_home(tmp_path / "b")
    a.add_interview("Acme", "SRE")
    sync.connect(a, str(remote))
    sync.sync(a)
    sync.connect(b, str(remote))
    sync.sync(b)
    return a, b


def rounds(*homes: Repository, times: int = 2) -> None:
    for _ in range(times):
        for home in homes:
            sync.sync(home)


def card_of(repo: Repository, company: str) -> str:
    found = [v.card.id for v in reopen(repo).snapshot().views() if v.opportunity.company == company]
    assert len(found) == 1, found
    return found[0]


def test_a_second_machine_gets_the_data(pair: tuple[Repository, Repository]) -> None:
    a, b = pair
    assert state(a) == state(b)
    assert [v.opportunity.company for v in reopen(b).snapshot().views()] == ["Acme"]


def test_different_cards_edited_on_each_side(pair: tuple[Repository, Repository]) -> None:
    a, b = pair
    at(1)
    beta = b.add_interview("Beta", "Dev").card.id
    acme = card_of(a, "Acme")
    at(2)
    a.edit(acme, notes="called back")
    at(3)
    b.snooze(beta, date(2026, 3, 9))
    rounds(a, b)
    assert state(a) == state(b)
    for home in (a, b):
        snap = reopen(home).snapshot()
        assert snap.cards[acme].notes == "called back"
        assert snap.cards[beta].snoozed_until == date(2026, 3, 9)
        assert not [e for e in home.event_docs() if e["type"] == syncmerge.MERGED_EVENT]


def test_the_same_card_edited_on_both_sides(pair: tuple[Repository, Repository]) -> None:
    """A completes the item and edits the notes; B snoozes the card and edits the notes
    later: both actions stay, the later notes win, A's notes stay in the card's history."""
    a, b = pair
    acme = card_of(a, "Acme")
    item = reopen(a).snapshot().cards[acme].items[0].id
    at(1)
    a.close_items(acme, [item])
    at(1.5)
    b.snooze(acme, date(2026, 3, 9))
    at(2)
    a.edit(acme, notes="from A")
    at(2.5)
    b.edit(acme, notes="from B")
    rounds(a, b)
    assert state(a) == state(b)
    card = reopen(a).snapshot().cards[acme]
    assert card.item(item).is_open is False  # A's action
    assert card.snoozed_until == date(2026, 3, 9)  # B's action
    assert card.notes == "from B"  # the later change
    merged = [e for e in reopen(a).card_events(acme) if e.type == syncmerge.MERGED_EVENT]
    notes = [e.data for e in merged if e.data["field"] == "notes"]
    assert notes == [
        {
            "table": "cards",
            "record": acme,
            "field": "notes",
            "kept": "from B",
            "set_aside": "from A",
        }
    ]
    # both machines logged the conflict once (its id is what it says)
    assert len({e.id for e in merged}) == len(merged) == 2  # notes and state


def test_the_earlier_side_loses_whoever_merges(pair: tuple[Repository, Repository]) -> None:
    a, b = pair
    acme = card_of(a, "Acme")
    at(1)
    b.edit(acme, notes="early B")
    at(2)
    a.edit(acme, notes="late A")
    sync.sync(b)  # B pushes first: A merges
    rounds(a, b)
    assert reopen(b).snapshot().cards[acme].notes == "late A"
    assert state(a) == state(b)


def test_a_card_added_on_each_side_with_the_same_company(
    pair: tuple[Repository, Repository],
) -> None:
    a, b = pair
    at(1)
    on_a = a.add_interview("Zeta", "Backend").card.id
    at(1.2)
    on_b = b.add_interview("Zeta", "Frontend").card.id
    rounds(a, b, times=3)
    for home in (a, b):
        zeta = [v for v in reopen(home).snapshot().views() if v.opportunity.company == "Zeta"]
        assert sorted(v.card.id for v in zeta) == sorted([on_a, on_b])  # each once
        assert len(reopen(home).snapshot().cards) == 3
    assert state(a) == state(b)


def test_the_union_of_everything_after_two_rounds(pair: tuple[Repository, Repository]) -> None:
    a, b = pair
    at(1)
    a.add_interview("Gamma", "Ops")
    at(2)
    b.add_interview("Delta", "QA")
    before = {e["id"] for e in a.event_docs()} | {e["id"] for e in b.event_docs()}
    rounds(a, b)
    tables, events = state(a)
    assert (tables, events) == state(b)
    assert before <= {e["id"] for e in events}
    assert sorted(v.opportunity.company for v in reopen(a).snapshot().views()) == [
        "Acme",
        "Delta",
        "Gamma",
    ]
    # the export in git is the home, byte for byte
    files = syncmerge.to_files(syncmerge.from_home(a.db.data(), a.db.events()))
    for name, raw in files.items():
        assert (sync.folder(a) / name).read_bytes() == raw


def test_the_streak_counts_days_kept_on_either_machine(
    pair: tuple[Repository, Repository],
) -> None:
    a, b = pair
    acme = card_of(a, "Acme")
    at(24 * 1)
    beta = b.add_interview("Beta", "Dev").card
    a.close_items(acme, [reopen(a).snapshot().cards[acme].items[0].id])
    at(24 * 2)
    b.close_items(beta.id, [beta.items[0].id])
    assert date(2026, 3, 4) not in reopen(a).kept_days()
    rounds(a, b)
    for home in (a, b):
        assert {date(2026, 3, 3), date(2026, 3, 4)} <= reopen(home).kept_days()
    assert reopen(a).kept_days() == reopen(b).kept_days()


def test_undo_after_a_merge_never_undoes_the_other_machine(
    pair: tuple[Repository, Repository],
) -> None:
    """Undo entries stay on their machine; a local one whose records the merge changed
    is dropped (it would put back records over the other machine's change), the others
    still undo."""
    a, b = pair
    acme = card_of(a, "Acme")
    at(1)
    beta = b.add_interview("Beta", "Dev").card.id
    at(2)
    b.edit(acme, notes="B's note")  # the merge will change this card under it
    at(3)
    a.add_interview("Gamma", "Ops")  # A's action: never undone on B
    at(4)
    a.edit(acme, notes="A's note, later")
    rounds(b, a)
    rounds(b)
    # B's newest own action (the note on Acme) was overtaken by A's later note: dropped
    label = reopen(b).undo()
    assert "Beta" in label  # B's older action on its own card is still undoable
    snap = reopen(b).snapshot()
    assert beta not in snap.cards
    assert snap.cards[acme].notes == "A's note, later"
    assert [v.opportunity.company for v in snap.views()].count("Gamma") == 1  # A's card stays
    with pytest.raises(DomainError, match="nothing to undo"):
        reopen(b).undo()
    # the undo syncs like any action
    rounds(b, a)
    assert beta not in reopen(a).snapshot().cards
    assert state(a) == state(b)


def test_an_undone_creation_against_an_edit_keeps_the_card_whole(
    pair: tuple[Repository, Repository],
) -> None:
    """A removes a card (undoing its creation) while B edits it: the edit is kept, and
    the card keeps its opportunity (no broken reference)."""
    a, b = pair
    at(1)
    eta = a.add_interview("Eta", "Data").card.id
    rounds(a, b)
    at(2)
    assert "Eta" in a.undo()
    at(3)
    b.edit(eta, notes="still talking")
    rounds(a, b)
    for home in (a, b):
        fresh = reopen(home)
        fresh.check_records(fresh.db.data())
        assert fresh.snapshot().view(fresh.snapshot().cards[eta]).opportunity.company == "Eta"
    assert state(a) == state(b)


def test_nothing_new_sends_and_receives_nothing(pair: tuple[Repository, Repository]) -> None:
    a, _ = pair
    before = files_of(a), a.paths.database.stat().st_mtime_ns
    done = sync.sync(a)
    assert (done.sent, done.received) == (0, 0)
    assert (files_of(a), a.paths.database.stat().st_mtime_ns) == before


def test_an_open_board_sees_the_merge_as_a_write(pair: tuple[Repository, Repository]) -> None:
    a, b = pair
    board = reopen(a)
    board.snapshot()
    seen = board.signature()
    at(1)
    b.add_interview("Beta", "Dev")
    sync.sync(b)
    sync.sync(a)
    assert board.changed_since(seen)
    assert "Beta" in [v.opportunity.company for v in board.snapshot().views()]


def test_a_rejected_push_fetches_merges_and_retries_once(
    pair: tuple[Repository, Repository], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair
    at(1)
    a.add_interview("Gamma", "Ops")
    step = sync._merge_step
    raced: list[bool] = []

    def and_b_pushes_first(*args: object) -> str:
        head = step(*args)  # type: ignore[arg-type]
        if not raced:
            raced.append(True)
            at(1.5)
            b.add_interview("Delta", "QA")
            sync.sync(b)
        return head

    monkeypatch.setattr(sync, "_merge_step", and_b_pushes_first)
    done = sync.sync(a)
    assert done.pushed and raced
    monkeypatch.setattr(sync, "_merge_step", step)
    sync.sync(b)
    assert state(a) == state(b)
    assert sorted(v.opportunity.company for v in reopen(a).snapshot().views()) == [
        "Acme",
        "Delta",
        "Gamma",
    ]


# --- faults ------------------------------------------------------------------


def files_of(repo: Repository) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (repo.paths.database, repo.paths.events) if p.exists()}


def test_no_remote_says_what_to_do(tmp_path: Path, remote: Path) -> None:
    a = make_home(tmp_path / "solo")
    with pytest.raises(sync.SyncError, match=r"no sync remote yet: run `tracker sync init REMOTE`"):
        sync.sync(a)


def test_a_repository_that_is_not_a_tracker_one_is_refused(tmp_path: Path, remote: Path) -> None:
    work = tmp_path / "code"
    subprocess.run(["git", "clone", "--quiet", str(remote), str(work)], check=True)
    (work / "main.c").write_text("int main;\n")
    git = ["git", "-C", str(work), "-c", "user.name=x", "-c", "user.email=x@x"]
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "code"], check=True)
    subprocess.run([*git, "push", "--quiet", "origin", "HEAD:main"], check=True)
    at(0)
    a = make_home(tmp_path / "a")
    a.add_interview("Acme", "SRE")
    kept = files_of(a)
    with pytest.raises(sync.SyncError, match="is not a tracker sync repository"):
        sync.connect(a, str(remote))
    assert not sync.folder(a).exists() and files_of(a) == kept
    assert not (a.paths.data_dir / ".sync-init").exists()


def test_a_remote_with_a_newer_schema_is_refused(
    pair: tuple[Repository, Repository], tmp_path: Path, remote: Path
) -> None:
    a, b = pair
    work = tmp_path / "newer"
    subprocess.run(["git", "clone", "--quiet", "-b", "main", str(remote), str(work)], check=True)
    (work / syncmerge.META_FILE).write_text(
        '{"format": "tracker-sync", "version": 1, "schema": 99}'
    )
    git = ["git", "-C", str(work), "-c", "user.name=x", "-c", "user.email=x@x"]
    subprocess.run([*git, "commit", "--quiet", "-am", "newer"], check=True)
    subprocess.run([*git, "push", "--quiet", "origin", "HEAD:main"], check=True)
    at(1)
    b.add_interview("Beta", "Dev")
    kept = files_of(b)
    with pytest.raises(sync.SyncError, match=r"newer tracker \(schema 99\); upgrade tracker"):
        sync.sync(b)
    assert files_of(b) == kept


def test_an_unreachable_remote_changes_nothing(
    pair: tuple[Repository, Repository], tmp_path: Path
) -> None:
    a, _ = pair
    with pytest.raises(sync.Offline, match="cannot reach the remote"):
        sync.connect(make_home(tmp_path / "c"), str(tmp_path / "nowhere.git"))
    assert not sync.folder(make_home(tmp_path / "c")).exists()
    subprocess.run(
        ["git", "-C", str(sync.folder(a)), "remote", "set-url", "origin", str(tmp_path / "gone")],
        check=True,
    )
    at(1)
    a.add_interview("Beta", "Dev")
    kept = files_of(a)
    head = subprocess.run(
        ["git", "-C", str(sync.folder(a)), "rev-parse", "HEAD"], capture_output=True, check=True
    ).stdout
    with pytest.raises(sync.Offline, match="so nothing was synced"):
        sync.sync(a)
    assert files_of(a) == kept
    after = subprocess.run(
        ["git", "-C", str(sync.folder(a)), "rev-parse", "HEAD"], capture_output=True, check=True
    ).stdout
    assert after == head


def test_git_missing_is_one_sentence(
    pair: tuple[Repository, Repository], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _ = pair
    kept = files_of(a)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(sync.SyncError, match="git is not installed"):
        sync.sync(a)
    assert files_of(a) == kept


# --- kill -9 -------------------------------------------------------------------


def child(home: Repository, point: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TRACKER_HOME=str(home.paths.data_dir))
    return subprocess.run(
        [sys.executable, str(ROOT / "tests" / "support" / "sync_child.py"), point],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("point", ["before-home", "after-home", "before-push"])
def test_kill_9_during_a_sync_loses_nothing(
    pair: tuple[Repository, Repository], point: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair
    acme = card_of(a, "Acme")
    at(1)
    b.edit(acme, notes="B")
    b.add_interview("Beta", "Dev")
    sync.sync(b)
    at(2)
    a.edit(acme, notes="A")
    a.add_interview("Gamma", "Ops")
    monkeypatch.setenv("TRACKER_NOW", "2026-03-02T12:30:00+00:00")
    done = child(a, point)
    assert done.returncode == -9, done.stderr
    # the home loads, with nothing of its own lost
    fresh = reopen(a)
    companies = sorted(v.opportunity.company for v in fresh.snapshot().views())
    assert "Gamma" in companies and "Acme" in companies
    # git left as a kill leaves it (a stale index lock too): the next sync completes
    (sync.folder(a) / ".git" / "index.lock").write_bytes(b"")
    rounds(a, b)
    assert state(a) == state(b)
    assert sorted(v.opportunity.company for v in reopen(b).snapshot().views()) == [
        "Acme",
        "Beta",
        "Gamma",
    ]
    assert reopen(a).snapshot().cards[acme].notes == "A"


def test_a_remote_that_does_not_answer_in_time_is_offline(
    pair: tuple[Repository, Repository], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _ = pair
    real = subprocess.run

    def hangs(command: list[str], **kw: object) -> object:
        if "ls-remote" in command:
            raise subprocess.TimeoutExpired(command, float(kw["timeout"]))  # type: ignore[arg-type]
        return real(command, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(sync.subprocess, "run", hangs)
    kept = files_of(a)
    with pytest.raises(sync.Offline, match=r"did not answer within 10 s"):
        sync.sync(a, timeout=sync.AUTO_TIMEOUT, batch=True)
    assert files_of(a) == kept


def test_a_damaged_record_is_never_sent(pair: tuple[Repository, Repository], remote: Path) -> None:
    import msgspec

    a, _ = pair
    state_file = a.paths.database
    data = msgspec.json.decode(state_file.read_bytes())
    card = next(iter(data["cards"].values()))
    card["opportunity"] = "nowhere"
    state_file.write_bytes(msgspec.json.encode(data))
    before = subprocess.run(
        ["git", "--git-dir", str(remote), "rev-parse", "main"], capture_output=True, check=True
    ).stdout
    with pytest.raises(StoreError, match="is damaged"):
        sync.sync(reopen(a))
    after = subprocess.run(
        ["git", "--git-dir", str(remote), "rev-parse", "main"], capture_output=True, check=True
    ).stdout
    assert after == before


def test_a_rejection_against_a_tick_keeps_the_card_in_one_stage(
    pair: tuple[Repository, Repository],
) -> None:
    """B logs the rejection (the card moves to Feedback, with Feedback's checklist); A,
    later, ticks the thank-you. The card must not come out in Feedback with the
    Thank-you checklist: the stage and its checklist travel together, from the side
    that moved the card on; A's tick stays in the log and in the card's history."""
    a, b = pair
    acme = card_of(a, "Acme")
    thanks = reopen(a).snapshot().cards[acme].items[0].id
    at(1)
    b.reject(acme, FIXED_NOW.date())
    feedback = [i.action for i in reopen(b).snapshot().cards[acme].items]
    at(2)
    a.close_items(acme, [thanks])
    rounds(a, b)
    assert state(a) == state(b)
    card = reopen(a).snapshot().cards[acme]
    assert card.stage is Stage.FEEDBACK
    assert [i.action for i in card.items] == feedback
    assert card.target is not None and card.target == min(
        i.target for i in card.items if i.is_open and not i.optional
    )
    merged = [
        e.data["field"] for e in reopen(a).card_events(acme) if e.type == syncmerge.MERGED_EVENT
    ]
    assert "items" in merged
    assert "item_done" in [e.type for e in reopen(b).card_events(acme)]  # A's tick, in the log


def test_a_snooze_against_a_finish_leaves_no_snooze_behind(
    pair: tuple[Repository, Repository],
) -> None:
    """A snoozes; B, later, logs an offer (the card is done). The later change wins the
    card's state, and a done card keeps no snooze day."""
    a, b = pair
    acme = card_of(a, "Acme")
    at(1)
    a.snooze(acme, date(2026, 3, 9))
    at(2)
    b.finish(acme, Outcome.OFFER, FIXED_NOW.date())
    rounds(a, b)
    assert state(a) == state(b)
    card = reopen(a).snapshot().cards[acme]
    assert card.state is State.DONE
    assert card.snoozed_until is None


def test_a_company_watched_on_both_sides_is_one_watch(pair: tuple[Repository, Repository]) -> None:
    """Both machines log a rejection at Zeta (two roles) before syncing: each starts a
    watch of its own. After the merge Zeta is watched once, from both rejections, and
    stopping it stops it."""
    a, b = pair
    at(1)
    eng = a.add_interview("Zeta", "Engineer").card.id
    mgr = a.add_interview("Zeta", "Manager").card.id
    rounds(a, b)
    at(2)
    a.reject(eng, FIXED_NOW.date())
    at(3)
    b.reject(mgr, FIXED_NOW.date())
    rounds(a, b)
    assert state(a) == state(b)
    watches = reopen(a).watches()
    assert [w.company for w in watches] == ["Zeta"]
    snap = reopen(a).snapshot()
    assert sorted(watches[0].opportunities) == sorted(
        snap.cards[card].opportunity_id for card in (eng, mgr)
    )
    at(4)
    a.stop_watch(watches[0].id)
    rounds(a, b)
    assert reopen(b).due_reminders(date(2026, 4, 20)) == []

"""Helpers shared by the export, import, backup and doctor tests.

Random boards are built through :class:`Repository` actions only, with the
clock moved forward by whole days (never the real date), so every record
and event is one the app itself could have written.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from tracker import clock, config, paths
from tracker.cli import main
from tracker.domain.capture import NewPerson
from tracker.domain.errors import DomainError
from tracker.domain.model import Outcome, Role, State
from tracker.domain.people import Details
from tracker.store.repo import Repository

from support import FIXED_NOW

CONFIG = '[time]\ntimezone = "UTC"\nday_start = "04:00"\n'


def make_home(folder: Path) -> Path:
    """A tracker home with the tests' UTC config, mode 0700 like the app makes it."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    (folder / "config.toml").write_text(CONFIG)
    return folder


def repo_at(folder: Path) -> Repository:
    where = paths.resolve(folder)
    return Repository(where, config.load(folder / "config.toml"), lock_timeout=2.0)


def tree(home: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``home`` with its bytes (None for folders), lock excepted."""
    out: dict[str, bytes | None] = {}
    if not home.exists():
        return out
    for p in sorted(home.rglob("*")):
        rel = str(p.relative_to(home))
        if rel == "tracker.lock":
            continue
        out[rel] = None if p.is_dir() else p.read_bytes()
    return out


def state(home: Path) -> dict[str, Any]:
    """The state file without its per-commit token."""
    data = json.loads((home / "tracker.json").read_bytes())
    data["meta"]["meta"].pop("token", None)
    return data


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_sentence_error(code: int, out: str, err: str, *, lines_before: int = 0) -> str:
    """A refusal: non-zero, nothing on stdout, the last stderr line one `tracker: ...` sentence."""
    assert code != 0
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == lines_before + 1, err
    last = lines[-1]
    assert last.startswith("tracker: "), err
    assert last.endswith("."), err
    assert not re.search(r"\.\s+[A-Z]", last.removeprefix("tracker: ")), (
        f"more than one sentence: {last}"
    )
    assert "Traceback" not in err
    return last


# --- random boards -------------------------------------------------------------------------

NAMES = st.text(
    alphabet=st.sampled_from(list("abcXYZ éü,;\"'=+-@\\|:\t") + ["\n", "日", "😀"]),
    min_size=1,
    max_size=14,
)
OPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "add",
                "add",
                "done",
                "skip",
                "reject",
                "ghosted",
                "offer",
                "withdraw",
                "snooze",
                "advance",
                "reply",
                "note",
                "details",
                "undo",
                "archive",
                "day",
                "table",
            ]
        ),
        st.integers(0, 7),
        NAMES,
    ),
    min_size=1,
    max_size=14,
)


def build_board(repo: Repository, ops: list[tuple[str, int, str]]) -> None:
    """Apply random user actions; the ones the rules refuse are simply skipped."""
    day = 0
    for op, n, text in ops:
        cards = sorted(repo.snapshot().cards.values(), key=lambda c: (c.created_at, c.id))
        card = cards[n % len(cards)] if cards else None
        try:
            if op == "add" or card is None:
                people = [
                    NewPerson(text, Role.HIRING_MANAGER, "likes " + text),
                    NewPerson("Bo " + text),
                ]
                repo.add_interview(
                    text,
                    f"Role {n}",
                    people=people[: n % 3],
                    on=clock.now().date() - timedelta(days=n),
                    referral=text if n == 5 else None,
                    note=text if n % 2 else "",
                )
            elif op == "done" and card.open_items:
                repo.close_items(card.id, [card.open_items[0].id])
            elif op == "skip" and card.open_items:
                repo.close_items(card.id, [card.open_items[-1].id], skip=True, reason=text)
            elif op == "reject":
                repo.reject(card.id, clock.now().date(), hired=text if n % 2 else None)
            elif op == "ghosted":
                repo.ghosted(card.id)
            elif op in ("offer", "withdraw"):
                repo.finish(card.id, Outcome.OFFER if op == "offer" else Outcome.WITHDRAWN)
            elif op == "snooze":
                repo.snooze(card.id, clock.now().date() + timedelta(days=n + 1))
            elif op == "advance":
                repo.advance(card.id)
            elif op == "reply":
                opp = repo.snapshot().opportunities[card.opportunity_id]
                if opp.people:
                    repo.log_reply(card.id, opp.people[0].person_id, text if n % 2 else "")
            elif op == "note":  # what someone said, of every kind
                opp = repo.snapshot().opportunities[card.opportunity_id]
                if opp.people:
                    kind = ("note", "feedback", "advice", "meeting", "reply")[n % 5]
                    repo.note_interaction(card.id, opp.people[-1].person_id, text, kind)
            elif op == "details":  # contact details
                opp = repo.snapshot().opportunities[card.opportunity_id]
                if opp.people:
                    details = Details(
                        title=text, email=f"a{n}@example.org", linkedin=f"https://x.test/{n}"
                    )
                    repo.edit_person(opp.people[0].person_id, details)
            elif op == "undo":
                repo.undo()
            elif op == "archive" and card.state is not State.ARCHIVED:
                repo.archive(card.id)
            elif op == "day":
                day += n + 1
                clock.set_now(FIXED_NOW + timedelta(days=day))
            elif op == "table":
                # A table this code does not know (another feature's), written like theirs.
                # (Not "vacations": the streak reads that one, and its days must be days.)
                with repo.db.transaction(today=repo.today()) as txn:
                    txn.put("bookmarks", {"id": f"b{n}", "start": "2026-04-01", "note": text})
        except DomainError:
            pass

"""What `tracker import` accepts from a JSON export, every later command can read.

An export that is refused is refused in one sentence and writes nothing; one
that is accepted leaves a home where `list`, `show`, `due`, the four
exports, `undo` and `streak` all succeed.
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tracker import clock
from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.exchange import jsonfile
from tracker.store import streak_store

from support import FIXED_NOW
from support.exchange import make_home, one_sentence_error, repo_at, run, state


def build_rich_board(folder: Path) -> dict[str, Any]:
    """A home with people, closed and skipped items, an outcome, a snooze, an undo, a
    vacation, a review position and a table of another feature; returns its JSON export."""
    repo = repo_at(make_home(folder))
    acme = repo.add_interview(
        "ACME",
        "Dev",
        people=[NewPerson("Jane", Role.HIRING_MANAGER, "likes Go")],
        on=date(2026, 2, 27),
        referral="Bob",
        note="hi",
    )
    repo.close_items(acme.card.id, [acme.card.items[0].id])
    repo.reject(acme.card.id, date(2026, 3, 2), hired="Zed")
    globex = repo.add_interview("Globex", "SRE", people=[NewPerson("Al")])
    repo.close_items(globex.card.id, [globex.card.items[-1].id], skip=True, reason="no address")
    repo.snooze(globex.card.id, date(2026, 3, 20))
    repo.add_interview("Initech", "QA")
    repo.undo()
    repo.add_interview("Hooli", "PM", on=date(2026, 2, 20))
    streak_store.set_vacation(repo, date(2026, 4, 1), date(2026, 4, 3))
    repo.save_review_position(acme.card.id)
    with repo.db.transaction(today=repo.today()) as txn:
        txn.put("plugins", {"id": "p1", "whatever": [1, {"x": None}]})
    doc: dict[str, Any] = json.loads(jsonfile.export_json(repo))
    return doc


_BASE: list[dict[str, Any]] = []


def base_export() -> dict[str, Any]:
    """The rich board's export, built once (under the fixed clock) and copied for each use."""
    if not _BASE:
        clock.set_now(FIXED_NOW)
        with tempfile.TemporaryDirectory() as tmp:
            _BASE.append(build_rich_board(Path(tmp) / "source"))
    return copy.deepcopy(_BASE[0])


def first(doc: dict[str, Any], table: str, n: int = 0) -> dict[str, Any]:
    record: dict[str, Any] = list(doc["tables"][table].values())[n]
    return record


def acme(doc: dict[str, Any]) -> dict[str, Any]:
    """ACME's card: rejected, with items for Jane and Bob."""
    return next(c for c in doc["tables"]["cards"].values() if c["stage"] == "feedback")


def acme_opp(doc: dict[str, Any]) -> dict[str, Any]:
    opp: dict[str, Any] = doc["tables"]["opportunities"][acme(doc)["opportunity"]]
    return opp


def newest_undo(doc: dict[str, Any]) -> dict[str, Any]:
    return max(doc["tables"]["undo"].values(), key=lambda e: e["seq"])


def event_of(doc: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(e for e in doc["events"] if e["type"] == kind)


def _rename_person(doc: dict[str, Any]) -> None:
    people = doc["tables"]["people"]
    key = next(iter(people))
    people["someone-else"] = people.pop(key)


def _orphan_by_undo(doc: dict[str, Any]) -> None:
    """The newest undo entry would remove ACME's opportunity and leave its card behind."""
    newest_undo(doc)["before"] = {"opportunities": {acme(doc)["opportunity"]: None}}


Mutation = Callable[[dict[str, Any]], Any]

REFUSED: list[tuple[str, Mutation, str]] = [
    ("numeric company", lambda d: acme_opp(d).__setitem__("company", 123), "company"),
    ("list role", lambda d: acme_opp(d).__setitem__("role", ["Dev"]), "role"),
    ("text tags", lambda d: acme_opp(d).__setitem__("tags", "abc"), "tags"),
    ("null name", lambda d: first(d, "people").__setitem__("name", None), "name"),
    ("numeric notes", lambda d: acme(d).__setitem__("notes", 5), "notes"),
    ("text optional", lambda d: acme(d)["items"][0].__setitem__("optional", "yes"), "optional"),
    ("bool seq", lambda d: newest_undo(d).__setitem__("seq", True), "seq"),
    ("no interviews", lambda d: acme_opp(d).__setitem__("interviews", []), "interview"),
    (
        "card without opportunity",
        lambda d: acme(d).__setitem__("opportunity", "gone"),
        "not in the export",
    ),
    (
        "link to nobody",
        lambda d: acme_opp(d)["people"][0].__setitem__("person", "gone"),
        "not in the export",
    ),
    (
        "item for nobody",
        lambda d: acme(d)["items"][0].__setitem__("person", "gone"),
        "not in the export",
    ),
    ("key is not the id", _rename_person, "its key"),
    (
        "two items, one id",
        lambda d: acme(d)["items"][1].__setitem__("id", acme(d)["items"][0]["id"]),
        "two checklist items",
    ),
    (
        "two events, one id",
        lambda d: d["events"][1].__setitem__("id", d["events"][0]["id"]),
        "have the same id",
    ),
    ("year 9999 target", lambda d: acme(d).__setitem__("target", "9999-12-31"), "2200"),
    (
        "year 9999 deadline",
        lambda d: acme(d)["items"][0].__setitem__("deadline", "9999-12-31"),
        "2200",
    ),
    ("1969 decision", lambda d: acme_opp(d).__setitem__("decision_by", "1969-12-31"), "1970"),
    ("odd date", lambda d: acme_opp(d).__setitem__("outcome_on", "20260302"), "2026-03-02"),
    ("not an instant", lambda d: acme(d).__setitem__("created_at", "yesterday"), "instant"),
    ("year 9999 event", lambda d: d["events"][0].__setitem__("day", "9999-12-31"), "event 1"),
    ("event at", lambda d: d["events"][0].__setitem__("at", "soon"), "instant"),
    ("event data list", lambda d: d["events"][0].__setitem__("data", [["a", 1]]), "data"),
    (
        "event items",
        lambda d: event_of(d, "item_done")["data"].__setitem__("items", [1]),
        "items",
    ),
    (
        "undo event undid",
        lambda d: event_of(d, "undo")["data"].__setitem__("undid", ["x"]),
        "undid",
    ),
    (
        "undo puts back a table of another feature",
        lambda d: newest_undo(d).__setitem__("before", {"vacations": {"v": None}}),
        "vacations",
    ),
    (
        "undo puts back a malformed card",
        lambda d: newest_undo(d).__setitem__(
            "before", {"cards": {acme(d)["id"]: {"id": acme(d)["id"]}}}
        ),
        "would put back",
    ),
    ("undo leaves a card without its opportunity", _orphan_by_undo, "undoing"),
    ("undo day", lambda d: newest_undo(d).__setitem__("day", "9999-12-31"), "day"),
    ("undo label", lambda d: newest_undo(d).__setitem__("label", 5), "label"),
    (
        "vacation start",
        lambda d: first(d, "vacations").__setitem__("start", 5),
        "start",
    ),
    ("review day", lambda d: first(d, "review").__setitem__("day", "soon"), "day"),
    ("export version", lambda d: d.__setitem__("export_version", 2), "newer tracker"),
]


@pytest.mark.parametrize(("mutate", "words"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_an_export_that_later_commands_could_not_read_is_refused_in_one_sentence(
    tmp_path, capsys, mutate, words
):
    doc = base_export()
    mutate(doc)
    source = tmp_path / "export.json"
    source.write_text(json.dumps(doc))
    target = make_home(tmp_path / "empty")
    last = one_sentence_error(*run(capsys, "--home", str(target), "import", str(source)))
    assert words in last
    assert str(source) in last
    assert not (target / "tracker.json").exists()
    assert not (target / "events.jsonl").exists()


def test_the_rich_board_goes_across_whole(tmp_path, capsys):
    source = tmp_path / "export.json"
    source.write_text(json.dumps(base_export()))
    target = make_home(tmp_path / "copy")
    code, _, err = run(capsys, "--home", str(target), "import", str(source))
    assert code == 0, err
    assert later_commands_succeed(capsys, target) == []


def test_a_streak_index_in_the_export_is_rebuilt_from_the_events_not_taken(tmp_path, capsys):
    doc = base_export()
    clock.set_now(FIXED_NOW)
    with tempfile.TemporaryDirectory() as tmp:
        plain = make_home(Path(tmp) / "plain")
        (Path(tmp) / "export.json").write_text(json.dumps(doc))
        assert run(capsys, "--home", str(plain), "import", str(Path(tmp) / "export.json"))[0] == 0
        _, expected, _ = run(capsys, "--home", str(plain), "streak")
    doc["tables"]["streak_index"] = {
        "kept": {"id": "kept", "days": {"9999-01-01": 1, "nope": 2}, "upto": len(doc["events"])}
    }
    source = tmp_path / "export.json"
    source.write_text(json.dumps(doc))
    target = make_home(tmp_path / "copy")
    code, _, err = run(capsys, "--home", str(target), "import", str(source))
    assert code == 0, err
    code, out, err = run(capsys, "--home", str(target), "streak")
    assert code == 0, err
    assert out == expected
    index = json.dumps(state(target).get("streak_index", {}))
    assert "9999-01-01" not in index and "nope" not in index  # ids may hold "9999" by chance


# --- any change to a valid export: refused whole, or readable by every command -----------------

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            "x",
            "9999-12-31",
            "1969-12-31",
            "0001-01-01",
            "2026-02-30",
            "2026-03-02",
            "2026-03-09",
            "20260302",
            "2026-03-02T10:00:00Z",
            "2026-03-02T10:00:00",
            "9999-12-31T23:59:59+00:00",
            "active",
            "waiting",
            "snoozed",
            "done",
            "archived",
            "thank_you",
            "feedback",
            "monitor",
            "coffee",
            "rejected",
            "offer",
            "ghosted",
            "pending",
            "hiring_manager",
            "hired",
            "referral",
            "i1",
            "thank_email",
            "invite_coffee",
            "[]",
            '[{"id": "i1"}]',
            "item_done",
            "undo",
        ]
    ),
    st.lists(st.sampled_from(["2026-03-02", "x", 1, None]), max_size=2),
    st.dictionaries(
        st.sampled_from(["id", "person", "role", "day", "items", "x"]),
        st.sampled_from(["2026-03-02", "x", 1, None, "hired"]),
        max_size=2,
    ),
)


def paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside ``node`` (keys of objects, indexes of lists)."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            out.append((*at, key))
            out += paths(value, (*at, key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            out.append((*at, n))
            out += paths(value, (*at, n))
    return out


def parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        doc = doc[step]
    return doc


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def ids_and_records(doc: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    ids, records = [], []
    for table in ("opportunities", "people", "cards"):
        for key, record in doc["tables"][table].items():
            ids.append(key)
            records.append(record)
    return ids, records


@st.composite
def mutated_exports(draw: st.DrawFn) -> dict[str, Any]:
    doc = base_export()
    ids, records = ids_and_records(doc)
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p in paths(doc) if p[0] in ("tables", "events") and len(p) > 2]
        path = draw(st.sampled_from(places))
        holder = parent(doc, path)
        how = draw(
            st.sampled_from(["set", "set", "like", "like", "id", "record", "drop", "rename"])
        )
        if how == "like":  # a value that the same field holds elsewhere: plausible, often valid
            alike = [p for p in places if p[-1] == path[-1] and p != path] or [path]
            holder[path[-1]] = copy.deepcopy(_at(doc, draw(st.sampled_from(alike))))
        elif how == "set":
            holder[path[-1]] = draw(VALUES)
        elif how == "id":  # a reference to another (or no) record
            holder[path[-1]] = draw(st.sampled_from([*ids, "gone"]))
        elif how == "record":  # a whole record of some table where another goes
            holder[path[-1]] = copy.deepcopy(draw(st.sampled_from(records)))
        elif how == "drop":
            del holder[path[-1]]
        elif isinstance(holder, dict):  # rename a key: a record under another id
            holder[draw(st.sampled_from([*ids, "renamed"]))] = holder.pop(path[-1])
    return doc


LATER = [
    ["list"],
    ["list", "--all"],
    ["due"],
    ["streak"],
    ["export", "--format", "json"],
    ["export", "--format", "csv"],
    ["export", "--format", "ics"],
    ["export", "--format", "md"],
]


def later_commands_succeed(capsys: pytest.CaptureFixture[str], home: Path) -> list[Any]:
    """Run the reading commands, `show` on every card and `undo` to the bottom of the stack
    (`list` and `due` after each); returns the failures."""
    failures = []

    def check(*argv: str) -> None:
        code, _, err = run(capsys, "--home", str(home), *argv)
        if code != 0:
            failures.append((argv, code, err))

    for argv in LATER:
        check(*argv)
    for card_id in list(repo_at(home).snapshot().cards):
        check("show", card_id)
    for _ in range(len(repo_at(home).db.table("undo"))):
        check("undo")
        check("list")
        check("due")
    check("streak")
    return failures


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=mutated_exports())
def test_a_changed_export_is_refused_whole_or_every_later_command_reads_it(capsys, doc):
    clock.set_now(FIXED_NOW)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "export.json"
        source.write_text(json.dumps(doc))
        target = make_home(Path(tmp) / "home")
        code, out, err = run(capsys, "--home", str(target), "import", str(source))
        if code != 0:
            event("refused")
            one_sentence_error(code, out, err)
            assert not (target / "tracker.json").exists()
            assert not (target / "events.jsonl").exists()
            return
        event("accepted")
        assert later_commands_succeed(capsys, target) == []

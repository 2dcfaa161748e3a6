"""`tracker compare` and the comparison in `tracker show` (text and ``--json``).

The clock is Monday 2026-03-02 10:00 UTC (the autouse ``home`` fixture). What a command
wrote is read back through a second ``Repository`` (the ``repo`` fixture); refused input
prints one sentence, exits non-zero and leaves the files as they were.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.domain.model import Gap, ItemStatus
from tracker.store.repo import Repository

from support.cli import fails, ok


def monitor_card(capsys: pytest.CaptureFixture[str]) -> None:
    """Acme, interviewed by Jane Doe, rejected today with Pat Kim hired; moved to Monitor."""
    ok(capsys, "add", "Acme", "Eng", "--with", "Jane Doe", "--on", "2026-02-27")
    ok(capsys, "reject", "acme", "--hired", "Pat Kim")
    ok(capsys, "advance", "acme")


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def test_compare_keeps_the_comparison_completes_the_item_and_show_prints_it(
    capsys: pytest.CaptureFixture[str], repo: Repository
) -> None:
    monitor_card(capsys)
    out = ok(
        capsys,
        *("compare", "acme", "--background", "Ten years of SRE\nat a bank"),
        *("--gap", "Kubernetes in production", "--gap", "Go", "--better", "not sure"),
    )
    assert out.startswith("Compared with Pat Kim on Acme (Eng): 2 gaps, better qualified: not sure")
    assert "“Compare backgrounds” done" in out

    view = repo.find_card("acme")
    comparison = view.opportunity.comparison
    assert comparison is not None
    assert comparison.gaps == (Gap("g1", "Kubernetes in production"), Gap("g2", "Go"))
    assert comparison.better == "unsure"
    (item,) = [i for i in view.card.items if i.action == "compare_background"]
    assert item.status is ItemStatus.DONE

    shown = ok(capsys, "show", "acme")
    assert "  compared with Pat Kim on Mon 2026-03-02: 2 gaps, better qualified: not sure" in shown
    assert "    background: Ten years of SRE\n      at a bank\n" in shown
    assert "    gap g1: Kubernetes in production\n    gap g2: Go\n" in shown

    shape = json.loads(ok(capsys, "show", "acme", "--json"))
    assert shape["comparison"] == {
        "on": "2026-03-02",
        "person": comparison.person_id,
        "name": "Pat Kim",
        "background": "Ten years of SRE\nat a bank",
        "gaps": [{"id": "g1", "text": "Kubernetes in production"}, {"id": "g2", "text": "Go"}],
        "better": "unsure",
    }


def test_a_card_never_compared_shows_no_comparison(capsys: pytest.CaptureFixture[str]) -> None:
    monitor_card(capsys)
    assert "compared with" not in ok(capsys, "show", "acme")
    assert json.loads(ok(capsys, "show", "acme", "--json"))["comparison"] is None


def test_comparing_again_keeps_the_ids_and_undo_takes_it_back(
    capsys: pytest.CaptureFixture[str], repo: Repository
) -> None:
    monitor_card(capsys)
    ok(capsys, "compare", "acme", "--gap", "Kubernetes", "--gap", "Go", "--better", "yes")
    ok(capsys, "compare", "acme", "--gap", "Go", "--gap", "Terraform", "--better", "no")
    comparison = repo.find_card("acme").opportunity.comparison
    assert comparison is not None
    assert [(g.id, g.text) for g in comparison.gaps] == [("g2", "Go"), ("g3", "Terraform")]
    assert "Undid: the comparison with Pat Kim on Acme" in ok(capsys, "undo")
    comparison = repo.find_card("acme").opportunity.comparison
    assert comparison is not None and [g.id for g in comparison.gaps] == ["g1", "g2"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--gap", "Go"], "--better yes, no or unsure"),
        (["--gap", "Go", "--better", "maybe"], "use yes, no or unsure"),
        (["--better", "yes"], "the comparison is empty"),
        (["--gap", "  ", "--better", "yes"], "gap 1 is empty"),
        (["--gap", "Go", "--gap", "x" * 121, "--better", "yes"], "keep each to 120 or fewer"),
        (["--gap", "Go\x1b]52;c;aGk=\x07", "--better", "yes"], "gap 1 contains a control"),
        (["--background", "a\x1b[2J", "--better", "yes"], "background contains a control"),
        (["--background", "x" * 2001, "--better", "yes"], "keep it to 2000 or fewer"),
    ],
)
def test_bad_input_is_one_sentence_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], home: Path, argv: list[str], words: str
) -> None:
    monitor_card(capsys)
    before = files(home)
    err = fails(capsys, "compare", "acme", *argv)
    assert words in err
    assert "\x1b" not in err
    assert files(home) == before


def test_an_unknown_card_is_one_sentence(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    monitor_card(capsys)
    before = files(home)
    assert "no card matches 'globex'" in fails(
        capsys, "compare", "globex", "--gap", "Go", "--better", "yes"
    )
    assert files(home) == before


def test_the_comparison_survives_a_json_export_and_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monitor_card(capsys)
    ok(capsys, "compare", "acme", "--gap", "Kubernetes", "--gap", "Go", "--better", "yes")
    ok(capsys, "compare", "acme", "--background", "SRE\nbank", "--gap", "Go", "--better", "no")
    dump = tmp_path / "all.json"
    ok(capsys, "export", "--format", "json", "--out", str(dump))
    exported = json.loads(dump.read_text())
    assert exported["schema"] == 4
    other = tmp_path / "other"
    ok(capsys, "import", str(dump), "--home", str(other))
    here = json.loads(ok(capsys, "show", "acme", "--json"))["comparison"]
    there = json.loads(ok(capsys, "show", "acme", "--json", "--home", str(other)))["comparison"]
    assert there == here and there["gaps"] == [{"id": "g2", "text": "Go"}]
    # The history came along: undo in the imported home goes back to the first comparison.
    ok(capsys, "undo", "--home", str(other))
    back = json.loads(ok(capsys, "show", "acme", "--json", "--home", str(other)))["comparison"]
    assert [g["id"] for g in back["gaps"]] == ["g1", "g2"]


@pytest.mark.parametrize(
    "bad",
    [{"on": "2026-03-02", "gaps": "Go"}, {"on": 3}, {"on": "2026-03-02", "gaps": [{"id": 1}]}],
)
def test_an_export_with_a_malformed_comparison_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bad: dict[str, object]
) -> None:
    monitor_card(capsys)
    dump = tmp_path / "all.json"
    ok(capsys, "export", "--format", "json", "--out", str(dump))
    doc = json.loads(dump.read_text())
    (opp,) = doc["tables"]["opportunities"].values()
    opp["comparison"] = bad
    dump.write_text(json.dumps(doc))
    other = tmp_path / "other"
    assert "comparison" in fails(capsys, "import", str(dump), "--home", str(other))

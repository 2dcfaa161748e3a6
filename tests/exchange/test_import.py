"""`tracker import`: CSV spreadsheets (good, malformed and hostile rows) and JSON exports.

Every refusal is one sentence with a non-zero exit, and writes nothing.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tracker.domain.capture import NewPerson
from tracker.domain.model import Outcome, Role, Stage, State
from tracker.exchange import csvfile

from support.exchange import make_home, one_sentence_error, repo_at, run, state, tree

HEADER = "company,role,interview date,people,outcome,outcome date\n"


def write(tmp_path: Path, text: str | bytes, name: str = "apps.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def by_company(repo):
    snap = repo.snapshot()
    out = {}
    for card in snap.cards.values():
        opp = snap.opportunities[card.opportunity_id]
        out[opp.company] = (card, opp)
    return out


# --- good rows -------------------------------------------------------------------------------------


def test_good_rows_land_in_the_right_stage_with_people_and_events(repo, home, tmp_path, capsys):
    csv_file = write(
        tmp_path,
        HEADER
        + (
            'Initech,Analyst,2026-02-10,"Ann Lee:hiring manager; Bo:recruiter; Cy",rejected,2026-02-20\n'
            "Hooli,PM,2026-02-11,,ghosted,2026-03-01\n"
            "Winco,Lead,2026-02-12,,offer,2026-02-25\n"
            "Quitco,Dev,2026-02-13,,withdrawn,2026-02-26\n"
            "Pendco,Dev,2026-02-27,Dana:interviewer,,\n"
        ),
    )
    code, out, err = run(capsys, "import", str(csv_file))
    assert code == 0, err
    assert err == ""
    assert out.startswith("Imported 5 applications")
    cards = by_company(repo)
    card, opp = cards["Initech"]
    assert card.stage is Stage.FEEDBACK and opp.outcome is Outcome.REJECTED
    assert card.anchor == date(2026, 2, 20) and opp.outcome_on == date(2026, 2, 20)
    assert card.items[0].target == date(2026, 2, 21)  # Feedback counts from the outcome date
    people = repo.snapshot().people
    assert [(people[x.person_id].name, x.role) for x in opp.people] == [
        ("Ann Lee", Role.HIRING_MANAGER),
        ("Bo", Role.RECRUITER),
        ("Cy", Role.INTERVIEWER),
    ]
    card, opp = cards["Hooli"]
    assert card.stage is Stage.MONITOR and opp.outcome is Outcome.GHOSTED
    assert card.anchor == date(2026, 3, 1)
    for name, outcome in (("Winco", Outcome.OFFER), ("Quitco", Outcome.WITHDRAWN)):
        card, opp = cards[name]
        assert card.state is State.DONE and opp.outcome is outcome
    card, opp = cards["Pendco"]
    assert (
        card.stage is Stage.THANK_YOU
        and card.state is State.ACTIVE
        and opp.interviews == [date(2026, 2, 27)]
    )

    events = repo.events()
    assert [e.type for e in events].count("created") == 5
    assert [e.type for e in events].count("outcome_logged") == 4
    assert events[-1].type == "imported"
    assert all(e.data.get("imported") for e in events if e.type in ("created", "outcome_logged"))


@pytest.mark.parametrize(
    "header",
    [
        "company,role,interview date,people,outcome,outcome date",
        "Company,Role,Interview_Date,People,Outcome,Outcome_Date",
        " COMPANY , ROLE , INTERVIEW  DATE ",
        "role,company,interview_date",
    ],
)
def test_header_names_are_case_insensitive_and_accept_underscores(repo, tmp_path, capsys, header):
    keys = [csvfile.header_key(h) for h in header.split(",")]
    values = {
        "company": "ACME",
        "role": "Dev",
        "interview date": "2026-02-27",
        "people": "",
        "outcome": "",
        "outcome date": "",
    }
    row = ",".join(values[k] for k in keys)
    code, _, err = run(capsys, "import", str(write(tmp_path, f"{header}\n{row}\n")))
    assert code == 0, err
    assert list(by_company(repo)) == ["ACME"]


def test_utf8_with_a_bom_and_crlf_line_ends_is_accepted(repo, tmp_path, capsys):
    text = (HEADER + "Zürich AG,Développeur,2026-02-27,Zoë:hiring_manager,,\n").replace(
        "\n", "\r\n"
    )
    code, _, err = run(capsys, "import", str(write(tmp_path, "\ufeff".encode() + text.encode())))
    assert code == 0, err
    assert "Zürich AG" in by_company(repo)


def test_dry_run_says_what_would_be_imported_and_writes_nothing(repo, home, tmp_path, capsys):
    before = tree(home)
    csv_file = write(
        tmp_path, HEADER + "ACME,Dev,2026-02-27,,,\nGlobex,SRE,2026-02-20,,rejected,2026-02-25\n"
    )
    code, out, err = run(capsys, "import", str(csv_file), "--dry-run")
    assert code == 0, err
    assert "Would import 2 applications (1 pending, 1 rejected)" in out
    assert tree(home) == before


def test_an_import_is_undone_as_a_whole(repo, tmp_path, capsys):
    repo.add_interview("Before", "Dev")
    csv_file = write(
        tmp_path, HEADER + "ACME,Dev,2026-02-27,Jo,,\nGlobex,SRE,2026-02-20,,rejected,2026-02-25\n"
    )
    assert run(capsys, "import", str(csv_file))[0] == 0
    assert len(repo.snapshot().cards) == 3
    code, out, _ = run(capsys, "undo")
    assert code == 0 and "import of 2 applications" in out
    snap = repo.snapshot()
    assert [o.company for o in snap.opportunities.values()] == ["Before"]
    assert len(snap.people) == 0


def test_a_csv_export_imports_back_into_an_empty_home(repo, tmp_path, capsys):
    view = repo.add_interview(
        "ACME, Inc.",
        "Dev",
        people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)],
        on=date(2026, 2, 20),
    )
    repo.reject(view.card.id, date(2026, 2, 25), hired="Zed")
    repo.add_interview("=SUM(A1)", "Dev", on=date(2026, 2, 26), note='first, "quoted"')
    repo.edit(repo.find_card("sum").card.id, notes="edited\non the board, too")
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert code == 0
    assert '"first, ""quoted""\nedited\non the board, too"' in out  # two notes in one cell
    other = make_home(tmp_path / "other")
    code, _, err = run(capsys, "--home", str(other), "import", str(write(tmp_path, out)))
    assert code == 0, err
    got = by_company(repo_at(other))
    assert set(got) == {"ACME, Inc.", "=SUM(A1)"}  # the export's protective quote is taken back
    card, opp = got["ACME, Inc."]
    assert opp.outcome is Outcome.REJECTED and opp.outcome_on == date(2026, 2, 25)
    assert card.stage is Stage.FEEDBACK
    names = {p.name for p in repo_at(other).snapshot().people.values()}
    assert names == {"Jane Doe", "Zed"}


# --- bad rows ---------------------------------------------------------------------------------------


BAD_ROWS = [
    ("ACME,,2026-02-27,,,", "the role is empty"),
    (",Dev,2026-02-27,,,", "the company is empty"),
    ("ACME,Dev,,,,", "the interview date is empty"),
    ("ACME,Dev,27/02/2026,,,", "is not a date like 2026-03-02"),
    ("ACME,Dev,2026-02-30,,,", "is not a date like 2026-03-02"),
    ("ACME,Dev,2027-01-01,,,", "is after today"),
    ("ACME,Dev,2026-02-27,,maybe,", "the outcome 'maybe' is unknown"),
    ("ACME,Dev,2026-02-27,,rejected,", "needs an outcome date"),
    ("ACME,Dev,2026-02-27,,,2026-02-28", "an outcome date but no outcome"),
    ("ACME,Dev,2026-02-27,,rejected,2026-02-01", "before the interview"),
    ("ACME,Dev,2026-02-27,,offer,2026-12-01", "is after today"),
    ("ACME,Dev,2026-02-27,Jo:boss,,", "the role 'boss' of Jo is unknown"),
    ("ACME,Dev,2026-02-27,:recruiter,,", "has no name"),
    ("ACME,Dev,2026-02-27,,,,extra", "it has 7 cells but the header has 6"),
]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_with_its_line_and_reason(
    repo, home, tmp_path, capsys, row, reason
):
    before = tree(home)
    csv_file = write(tmp_path, HEADER + "Good,Dev,2026-02-27,,,\n" + row + "\n")
    code, out, err = run(capsys, "import", str(csv_file))
    last = one_sentence_error(code, out, err, lines_before=1)
    assert err.splitlines()[0].startswith(f"{csv_file}:3: ")
    assert reason in err.splitlines()[0]
    assert "nothing was imported" in last and "--skip-bad" in last
    assert tree(home) == before


def test_every_bad_row_is_reported_not_just_the_first(repo, home, tmp_path, capsys):
    before = tree(home)
    csv_file = write(
        tmp_path,
        HEADER
        + (
            "Good,Dev,2026-02-27,,,\n"
            "Bad1,,2026-02-27,,,\n"
            '"Multi\nline Inc",Dev,2026-02-27,,,\n'  # a quoted newline: lines 4 and 5
            "Bad2,Dev,nope,,,\n"
            "\n"
            "Bad3,Dev,2026-02-27,,sacked,\n"
        ),
    )
    code, out, err = run(capsys, "import", str(csv_file))
    last = one_sentence_error(code, out, err, lines_before=3)
    lines = err.splitlines()
    assert [line.split(": ")[0] for line in lines[:3]] == [
        f"{csv_file}:3",
        f"{csv_file}:6",
        f"{csv_file}:8",
    ]
    assert last.startswith("tracker: 3 of the 5 rows")
    assert tree(home) == before


def test_skip_bad_imports_the_good_rows_and_lists_the_bad_ones(repo, tmp_path, capsys):
    csv_file = write(
        tmp_path, HEADER + "Good,Dev,2026-02-27,,,\nBad,,2026-02-27,,,\nFine,QA,2026-02-26,,,\n"
    )
    code, out, err = run(capsys, "import", str(csv_file), "--skip-bad")
    assert code == 0
    assert err.splitlines() == [f"{csv_file}:3: the role is empty."]
    assert "Imported 2 applications" in out and "skipping 1 bad row" in out
    assert set(by_company(repo)) == {"Good", "Fine"}


def test_skip_bad_with_no_good_row_fails_and_writes_nothing(repo, home, tmp_path, capsys):
    before = tree(home)
    csv_file = write(tmp_path, HEADER + "Bad,,2026-02-27,,,\n")
    last = one_sentence_error(*run(capsys, "import", str(csv_file), "--skip-bad"), lines_before=1)
    assert last == (
        f"tracker: the only row of {csv_file} is bad (listed above), so nothing was imported; "
        "fix it and try again."
    )
    assert tree(home) == before


def test_the_refusal_counts_one_row_in_the_singular(repo, home, tmp_path, capsys):
    one = write(tmp_path, HEADER + "Bad,,2026-02-27,,,\n", "one.csv")
    last = one_sentence_error(*run(capsys, "import", str(one)), lines_before=1)
    assert last == (
        f"tracker: the only row of {one} is bad (listed above), so nothing was imported; "
        "fix it and try again."
    )
    two = write(tmp_path, HEADER + "Bad,,2026-02-27,,,\nGood,Dev,2026-02-27,,,\n", "two.csv")
    last = one_sentence_error(*run(capsys, "import", str(two)), lines_before=1)
    assert last == (
        f"tracker: 1 of the 2 rows of {two} is bad (listed above), so nothing was imported; "
        "fix it, or pass --skip-bad to import the 1 good row."
    )
    both = write(tmp_path, HEADER + "Bad,,2026-02-27,,,\nWorse,,2026-02-27,,,\n", "both.csv")
    last = one_sentence_error(*run(capsys, "import", str(both)), lines_before=2)
    assert last == (
        f"tracker: all 2 rows of {both} are bad (listed above), so nothing was imported; "
        "fix them and try again."
    )


def test_duplicates_in_the_file_and_in_the_home_are_bad_rows(repo, home, tmp_path, capsys):
    repo.add_interview("ACME", "Dev", on=date(2026, 2, 27))
    before = tree(home)
    csv_file = write(
        tmp_path, HEADER + "acme,dev,2026-02-27,,,\nNew,QA,2026-02-20,,,\nnew,qa,2026-02-20,,,\n"
    )
    code, out, err = run(capsys, "import", str(csv_file))
    one_sentence_error(code, out, err, lines_before=2)
    assert "2: this application is already in tracker" in err
    assert "4: it repeats line 3" in err
    assert tree(home) == before


# --- hostile input -----------------------------------------------------------------------------------


def test_formula_like_cells_are_stored_as_plain_text_and_neutralised_on_export(
    repo, tmp_path, capsys
):
    csv_file = write(
        tmp_path,
        HEADER
        + (
            '"=HYPERLINK(""http://evil"",""x"")",@SUM(1),2026-02-27,"+cmd:recruiter",,\n'
            "-2+3,=1+1,2026-02-26,,,\n"
        ),
    )
    code, _, err = run(capsys, "import", str(csv_file))
    assert code == 0, err
    assert set(by_company(repo)) == {'=HYPERLINK("http://evil","x")', "-2+3"}
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert code == 0
    for line in out.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(csvfile.FORMULA_START), line


def test_a_huge_field_is_a_bad_row_with_its_line(repo, home, tmp_path, capsys):
    before = tree(home)
    huge = "x" * (csvfile.FIELD_LIMIT + 1)
    csv_file = write(tmp_path, HEADER + "Good,Dev,2026-02-27,,,\n" + f"ACME,{huge},2026-02-27,,,\n")
    code, out, err = run(capsys, "import", str(csv_file))
    one_sentence_error(code, out, err, lines_before=1)
    assert f"{csv_file}:3: the role cell is 10,001 characters long; the limit is 10,000." in err
    assert len(err) < 1000, "the huge field was echoed back"
    assert tree(home) == before


def test_a_field_beyond_the_csv_module_limit_is_still_a_bad_row(repo, home, tmp_path, capsys):
    huge = "y" * 300_000
    csv_file = write(tmp_path, HEADER + f'ACME,"{huge}",2026-02-27,,,\n')
    code, out, err = run(capsys, "import", str(csv_file))
    one_sentence_error(code, out, err, lines_before=1)
    assert "the role cell is 300,000 characters long" in err


@pytest.mark.parametrize(
    "payload",
    [
        (HEADER + "Café,Dev,2026-02-27,,,\n").encode("latin-1"),
        (HEADER + "ACME,Dev,2026-02-27,,,\n").encode("utf-16"),
        (HEADER + "ACME,Dev,2026-02-27,,,\n").encode("utf-16-le"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
)
def test_a_file_that_is_not_utf8_is_refused_in_one_sentence_naming_it(
    repo, home, tmp_path, capsys, payload
):
    before = tree(home)
    csv_file = write(tmp_path, payload)
    last = one_sentence_error(*run(capsys, "import", str(csv_file)))
    assert str(csv_file) in last
    assert "UTF-8" in last
    assert tree(home) == before


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("company;role;interview date\nACME;Dev;2026-02-27\n", "separated by ';'"),
        ("company\trole\tinterview date\nACME\tDev\t2026-02-27\n", "separated by tab"),
        ("company,role\nACME,Dev\n", "lacks the column interview date"),
        (
            "name,title,when\nACME,Dev,2026-02-27\n",
            "lacks the columns company, role, interview date",
        ),
    ],
)
def test_a_wrong_delimiter_or_missing_columns_is_one_sentence_listing_the_columns(
    repo, home, tmp_path, capsys, text, hint
):
    before = tree(home)
    last = one_sentence_error(*run(capsys, "import", str(write(tmp_path, text))))
    assert hint in last
    assert "company, role, interview date, people, outcome, outcome date" in last
    assert tree(home) == before


@pytest.mark.parametrize("text", ["", "\n\n", HEADER])
def test_an_empty_file_or_a_header_alone_is_refused(repo, home, tmp_path, capsys, text):
    before = tree(home)
    one_sentence_error(*run(capsys, "import", str(write(tmp_path, text))))
    assert tree(home) == before


def test_a_missing_file_is_one_sentence(repo, tmp_path, capsys):
    last = one_sentence_error(*run(capsys, "import", str(tmp_path / "nope.csv")))
    assert "nope.csv" in last


# --- JSON ------------------------------------------------------------------------------------------------


def _export(repo, capsys) -> str:
    code, out, err = run(capsys, "export", "--format", "json")
    assert code == 0, err
    return out


def test_a_json_export_imports_into_an_empty_home_and_dry_run_writes_nothing(
    repo, home, tmp_path, capsys
):
    view = repo.add_interview("ACME", "Dev", people=[NewPerson("Jane", Role.HIRING_MANAGER)])
    repo.close_items(view.card.id, [view.card.items[0].id])
    source = write(tmp_path, _export(repo, capsys), "export.json")
    other = tmp_path / "empty"
    code, out, err = run(capsys, "--home", str(other), "import", str(source), "--dry-run")
    assert code == 0, err
    assert "Would import 1 opportunity, 1 card, 1 person and 2 events" in out
    assert not other.exists() or tree(other) == {}
    code, out, err = run(capsys, "--home", str(other), "import", str(source))
    assert code == 0, err
    assert state(other) == state(home)
    assert (other / "events.jsonl").read_bytes() == (home / "events.jsonl").read_bytes()


def test_a_json_import_into_a_non_empty_home_is_refused_and_says_how(repo, home, tmp_path, capsys):
    repo.add_interview("ACME", "Dev")
    source = write(tmp_path, _export(repo, capsys), "export.json")
    before = tree(home)
    for extra in ([], ["--dry-run"]):
        last = one_sentence_error(*run(capsys, "import", str(source), *extra))
        assert "--home" in last and "empty" in last
        assert "(1 card)" in last
    assert tree(home) == before


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda d: d.pop("format"), "not a tracker export"),
        (lambda d: d.__setitem__("schema", 99), "newer tracker"),
        (lambda d: d.__setitem__("schema", "1"), "no valid schema version"),
        (lambda d: d.pop("events"), "missing its"),
        (lambda d: d["tables"].__setitem__("cards", [1]), "not a usable export"),
        (lambda d: next(iter(d["tables"]["cards"].values())).pop("stage"), "not a usable export"),
        (
            lambda d: next(iter(d["tables"]["opportunities"].values())).pop("company"),
            "has no company",
        ),
        (lambda d: d["events"].append({"id": "x"}), "event 2 is malformed (it has no type)"),
        (
            # A table another feature added (the rest-day history) is checked as well: once
            # imported, a broken one made every later write and `tracker streak` fail.
            lambda d: d["tables"].__setitem__(
                "rest_days",
                {"history": {"id": "history", "changes": [{"from": "garbage", "days": ["x"]}]}},
            ),
            "rest-day history",
        ),
    ],
)
def test_a_broken_json_export_is_refused_in_one_sentence(repo, tmp_path, capsys, mutate, words):
    repo.add_interview("ACME", "Dev")
    doc = json.loads(_export(repo, capsys))
    mutate(doc)
    source = write(tmp_path, json.dumps(doc), "export.json")
    other = tmp_path / "empty"
    last = one_sentence_error(*run(capsys, "--home", str(other), "import", str(source)))
    assert words in last
    assert str(source) in last
    assert not (other / "tracker.json").exists()


def test_truncated_json_is_refused(repo, tmp_path, capsys):
    repo.add_interview("ACME", "Dev")
    text = _export(repo, capsys)
    source = write(tmp_path, text[: len(text) // 2], "export.json")
    other = tmp_path / "empty"
    last = one_sentence_error(*run(capsys, "--home", str(other), "import", str(source)))
    assert "not valid JSON" in last
    assert not (other / "tracker.json").exists()


# --- messages that say what is wrong --------------------------------------------------------------


@pytest.mark.parametrize("text", ['[{"company": "ACME", "role": "Dev"}]\n', "[]", "  [1, 2]\n"])
def test_a_json_array_is_called_one_and_the_message_names_what_tracker_imports(
    repo, home, tmp_path, capsys, text
):
    before = tree(home)
    last = one_sentence_error(*run(capsys, "import", str(write(tmp_path, text, "list.json"))))
    assert "JSON array" in last
    assert '"format": "tracker-export"' in last and "CSV" in last
    assert "column" not in last
    assert tree(home) == before


def test_a_csv_whose_first_cell_starts_with_a_bracket_is_still_read_as_csv(repo, tmp_path, capsys):
    text = "[company],role,interview date\nACME,Dev,2026-02-27\n"
    last = one_sentence_error(*run(capsys, "import", str(write(tmp_path, text))))
    assert "lacks the column company" in last


@pytest.mark.parametrize(
    ("rows", "bad"),
    [
        ("acme,dev,2026-02-27,,,\n", 1),  # the only row is already in tracker
        ("acme,dev,2026-02-27,,,\nBad,,2026-02-27,,,\n", 2),
    ],
)
def test_when_no_row_is_good_the_refusal_does_not_suggest_skip_bad(
    repo, home, tmp_path, capsys, rows, bad
):
    repo.add_interview("ACME", "Dev", on=date(2026, 2, 27))
    before = tree(home)
    last = one_sentence_error(
        *run(capsys, "import", str(write(tmp_path, HEADER + rows))), lines_before=bad
    )
    assert "--skip-bad" not in last and "0 good" not in last
    assert "1 of the 1" not in last
    assert "nothing was imported" in last
    assert tree(home) == before


def test_skip_bad_with_one_bad_row_and_no_good_one_reads_well(repo, home, tmp_path, capsys):
    csv_file = write(tmp_path, HEADER + "Bad,,2026-02-27,,,\n")
    last = one_sentence_error(*run(capsys, "import", str(csv_file), "--skip-bad"), lines_before=1)
    assert "1 rows" not in last and "none of the 1" not in last


def test_a_file_over_the_limit_states_the_real_limit(repo, home, tmp_path, capsys, monkeypatch):
    from tracker.cli import data

    monkeypatch.setattr(data, "IMPORT_LIMIT", 1000)
    before = tree(home)
    big = write(tmp_path, HEADER + "ACME,Dev,2026-02-27,,,\n" * 60)
    last = one_sentence_error(*run(capsys, "import", str(big)))
    assert "1000 B" in last and "100 MB" not in last and "0 MB" not in last
    assert tree(home) == before


def test_a_json_dry_run_counts_in_the_singular_when_there_is_one(repo, tmp_path, capsys):
    repo.add_interview("ACME", "Dev", people=[NewPerson("Jane", Role.HIRING_MANAGER)])
    source = write(tmp_path, _export(repo, capsys), "export.json")
    code, out, err = run(
        capsys, "--home", str(tmp_path / "empty"), "import", str(source), "--dry-run"
    )
    assert code == 0, err
    assert "Would import 1 opportunity, 1 card, 1 person and 1 event " in out


def test_a_json_export_saved_as_utf16_is_not_called_a_csv_file(repo, tmp_path, capsys):
    repo.add_interview("ACME", "Dev")
    source = write(tmp_path, _export(repo, capsys).encode("utf-16-le"), "export.json")
    last = one_sentence_error(
        *run(capsys, "--home", str(tmp_path / "empty"), "import", str(source))
    )
    assert "UTF-8" in last and "CSV" not in last.split(";")[0]

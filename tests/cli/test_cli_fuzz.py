"""Fuzzing the command line: no argument list ends in "unexpected error" or a traceback.

Hypothesis draws argument lists over every command (but the three that open
a Textual screen), every option, the date words, card references, file
arguments, and text with unicode, control characters and bytes that are not
UTF-8; each runs in-process through ``tracker.cli.main`` on its own copy of
a small seeded home. Whatever it is, the answer is a normal run or one
sentence: exit status 0, 1 or 2, no "unexpected error", no traceback, and no
control character on the terminal. CI runs the same examples every time
(``derandomize``, see conftest.py); about 20 s on two cores.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tracker import config, paths
from tracker.domain.capture import NewPerson
from tracker.domain.model import Outcome, Role
from tracker.store.repo import Repository

from support.cli import run
from support.exchange import make_home

UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")

DATE_WORDS = [
    "today",
    "tomorrow",
    "yesterday",
    "+3d",
    "-2d",
    "+2w",
    "+1m",
    "-9999m",
    "+9999w",
    "mon",
    "next fri",
    "last tue",
    "Sunday",
    "2026-03-02",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "1969-12-31",
    "2200-12-31",
    "",
    "-",
]
CARD_REFS = ["acme", "beta", "gamma", "a", "ac", "zzz", "all", "0", "1", "2", "99", "-1"]
WEIRD = [
    "Bad\udcffCo",
    "\ud800",
    "X\x1b]52;c;aGVsbG8=\x07",
    "\x9b2J",
    "\x00",
    "a\nb",
    "{current:>99999}",
    "{current",
    "{}",
    "{best!r:^30}",
    "%s",
    "--",
    "-h",
    "日本語",
    "😀",
    " ",
]
TEXT = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x9F), max_size=8),
    st.sampled_from(WEIRD),
)
PEOPLE = st.builds(
    lambda name, role, highlight: ":".join(p for p in (name, role, highlight) if p is not None),
    st.one_of(st.sampled_from(["Jo", "Ann Lee", ""]), TEXT),
    st.one_of(
        st.none(),
        st.sampled_from(["hiring_manager", "hm", "recruiter", "interviewer", "referral", "x"]),
    ),
    st.one_of(st.none(), TEXT),
)
FILES = ["{csv}", "{json}", "{missing}", "{folder}", "{home}/tracker.json", "{home}/events.jsonl"]

OPTIONS: dict[str, Any] = {
    "--with": PEOPLE,
    "--on": st.sampled_from(DATE_WORDS),
    "--decision-by": st.sampled_from(DATE_WORDS),
    "--referral": TEXT,
    "--note": TEXT,
    "--stage": st.sampled_from(["thank_you", "feedback", "monitor", "coffee", "nope"]),
    "--reason": TEXT,
    "--hired": TEXT,
    "--format": st.one_of(
        st.sampled_from(["json", "csv", "ics", "md", "{current} {today}", "{score:>5}"]), TEXT
    ),
    "--out": st.sampled_from(["{out}/x", "{folder}", "{out}"]),
    "--theme": st.sampled_from(["tracker-dark", "nope", "textual-dark"]),
}
CARD = st.one_of(st.sampled_from(CARD_REFS), TEXT)
DATE = st.one_of(st.sampled_from(DATE_WORDS), TEXT)
NAME = st.one_of(st.sampled_from(["Acme", "Delta", "Eng"]), TEXT)
ITEM = st.one_of(st.sampled_from(["1", "2", "3", "4", "all", "0", "x"]), TEXT)
FILE = st.sampled_from(FILES)

SPECS: dict[str, tuple[list[Any], list[str], list[str]]] = {
    "add": (
        [NAME, NAME],
        ["--with", "--with", "--on", "--decision-by", "--referral", "--note"],
        ["--json"],
    ),
    "list": ([], ["--stage"], ["--all", "--json"]),
    "show": ([CARD], [], ["--json"]),
    "due": ([], [], ["--json", "--count"]),
    "paths": ([], [], ["--json"]),
    "done": ([CARD, ITEM, ITEM], [], []),
    "skip": ([CARD, ITEM], ["--reason"], []),
    "reject": ([CARD], ["--on", "--hired"], []),
    "offer": ([CARD], ["--on"], []),
    "withdraw": ([CARD], ["--on"], []),
    "ghosted": ([CARD], ["--on"], []),
    "snooze": ([CARD, DATE], [], []),
    "advance": ([CARD], [], []),
    "undo": ([], [], []),
    "config": ([st.sampled_from(["path", "x"])], [], []),
    "streak": ([], ["--format"], ["--json"]),
    "vacation": ([DATE, DATE], [], ["--clear"]),
    "export": ([], ["--format", "--out"], []),
    "import": ([FILE], [], ["--dry-run", "--skip-bad"]),
    "backup": ([], [], ["--list"]),
    "restore": ([st.one_of(st.sampled_from(["2026-03-02", "nope"]), TEXT)], [], []),
    "doctor": ([], [], []),
    "themes": ([], [], []),
}
"""Every command but `review` and `capture` (and the bare board), which open a Textual
screen: its positional values, its options with a value, its flags."""

EXTRA_FLAGS = ["--version", "--help", "--demo", "--json", "--all", "--nope"]


@st.composite
def well_formed(draw: Any) -> list[str]:
    """One command with some of its own arguments and options, in any order."""
    command = draw(st.sampled_from(sorted(SPECS)))
    positional, options, flags = SPECS[command]
    words: list[str] = [
        draw(value) for value in positional[: draw(st.integers(0, len(positional)))]
    ]
    for option in draw(st.lists(st.sampled_from(options), max_size=3)) if options else []:
        value = draw(OPTIONS[option])
        words += [f"{option}={value}"] if draw(st.booleans()) else [option, value]
    words += draw(st.lists(st.sampled_from(flags), max_size=2)) if flags else []
    return [command, *draw(st.permutations(words))]


@st.composite
def anything(draw: Any) -> list[str]:
    """A command (or none that exists) followed by any words, options of other commands too."""
    command = draw(st.sampled_from([*sorted(SPECS), "nope"]))
    words: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            option = draw(st.sampled_from(sorted(OPTIONS)))
            words += [option, draw(OPTIONS[option])][: draw(st.integers(1, 2))]
        elif kind == 1:
            words.append(draw(st.sampled_from(EXTRA_FLAGS)))
        else:
            words.append(draw(st.one_of(DATE, CARD, FILE, TEXT)))
    return [command, *words]


ARGV = st.one_of(well_formed(), well_formed(), well_formed(), anything())


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small home: three cards (one done), people, a skip, a vacation, a backup; and the files."""
    from datetime import date

    from tracker import clock

    from support import FIXED_NOW

    clock.set_now(FIXED_NOW)
    base = tmp_path_factory.mktemp("fuzz")
    home = make_home(base / "home")
    repo = Repository(paths.resolve(home), config.load(home / "config.toml"))
    acme = repo.add_interview(
        "Acme",
        "Eng",
        people=[NewPerson("Jo", Role.HIRING_MANAGER, "likes tea"), NewPerson("Al")],
        on=date(2026, 2, 26),
        note="n",
    )
    repo.add_interview("Beta", "Ops", on=date(2026, 3, 2))
    gamma = repo.add_interview("Gamma", "SRE", on=date(2026, 1, 5))
    repo.close_items(acme.card.id, [acme.card.items[-1].id], skip=True, reason="no address")
    repo.finish(gamma.card.id, Outcome.OFFER)
    from tracker.cli import main

    assert main(["--home", str(home), "vacation", "2026-04-01", "2026-04-03"]) == 0
    assert main(["--home", str(home), "backup"]) == 0
    files = base / "files"
    files.mkdir()
    (files / "in.csv").write_text(
        "company,role,interview date,people\nDelta,QA,2026-03-01,Ann:recruiter\nBad,R,x,\n"
    )
    assert main(["--home", str(home), "export", "--out", str(files / "in.json")]) == 0
    return base


def fill(word: str, base: Path, home: Path, out: Path) -> str:
    return (
        word.replace("{csv}", str(base / "files" / "in.csv"))
        .replace("{json}", str(base / "files" / "in.json"))
        .replace("{missing}", str(base / "files" / "missing.csv"))
        .replace("{folder}", str(base / "files"))
        .replace("{home}", str(home))
        .replace("{out}", str(out))
    )


@settings(
    max_examples=2_000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=ARGV)
def test_no_argument_list_ends_in_an_unexpected_error(
    capsys: pytest.CaptureFixture[str], seeded: Path, argv: list[str]
) -> None:
    work = Path(tempfile.mkdtemp(dir=seeded))
    here = os.getcwd()
    try:
        home = work / "home"
        shutil.copytree(seeded / "home", home)
        out = work / "out"
        out.mkdir()
        words = ["--home", str(home), *(fill(w, seeded, home, out) for w in argv)]
        # A relative path a word ends up naming (`export --out +2w`) is made in `work`,
        # not in the checkout the tests run from.
        os.chdir(work)
        code, stdout, stderr = run(capsys, *words)
    finally:
        os.chdir(here)
        shutil.rmtree(work, ignore_errors=True)
    event(f"exit status {code}")
    assert code in (0, 1, 2), (argv, code, stderr)
    assert "unexpected error" not in stderr, (argv, stderr)
    assert "Traceback" not in stderr, (argv, stderr)
    assert UNSAFE.search(stdout.replace("\r\n", "\n")) is None, (argv, stdout)
    assert UNSAFE.search(stderr) is None, (argv, stderr)

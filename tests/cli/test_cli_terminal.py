"""No name can drive the terminal: what the command line prints holds no control character.

A company called ``X ESC ] 52 ; c ; ... BEL`` would set the clipboard through
tmux if printed as it is, ``ESC ] 0`` the window title, a C1 CSI clear the
screen. Every command that prints data (and every error message built from
data) is run on a home full of such names; stdout and stderr must hold no C0
or C1 control character but line breaks (and CR LF line ends in an export).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support.cli import run

EVIL = "X\x1b]52;c;aGVsbG8=\x07\x1b]0;pwned\x1b\\\x9b2J\x7f\x00\tE"
"""Sets the clipboard (OSC 52), the window title (OSC 0), clears the screen (C1 CSI)."""

UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""Control characters but the line feed (a CR is allowed only before one, in exports)."""


def safe(text: str) -> bool:
    return UNSAFE.search(text.replace("\r\n", "\n")) is None


def setup_home(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    for argv in (
        (
            "add",
            "Acme" + EVIL,
            "Eng" + EVIL,
            "--with",
            f"Jo{EVIL}:hiring_manager:likes {EVIL}",
            "--with",
            f"Al{EVIL}",
            "--referral",
            "Ref" + EVIL,
            "--note",
            f"line one {EVIL}\nline two",
        ),
        ("add", "Beta" + EVIL, "Ops" + EVIL),
        ("skip", "beta", "1", "--reason", "no " + EVIL),
    ):
        code, _, err = run(capsys, *argv)
        assert code == 0, err
    (home / "templates").mkdir()
    (home / "templates" / "thank_email.txt").write_text(f"Hi {{first_name}} {EVIL}\n")


CSV = f"company,role,interview date,people\nCsv{EVIL},R{EVIL},2026-03-01,Ann{EVIL}:recruiter\nBad{EVIL},R,{EVIL},\n"

COMMANDS = [
    ("add", "New" + EVIL, "Role" + EVIL, "--with", f"Bo{EVIL}:interviewer:{EVIL}"),
    ("add", "New", "Role", "--with", f"Bo:{EVIL}"),
    ("add", "New", "Role", "--on", EVIL),
    ("list",),
    ("list", "--all"),
    ("list", "--json"),
    ("show", "acme"),
    ("show", "beta"),
    ("show", "acme", "--json"),
    ("show", EVIL),
    ("show", "acme" + EVIL),
    ("show", "X"),
    ("due",),
    ("due", "--json"),
    ("done", "acme"),
    ("done", "acme", EVIL),
    ("skip", "acme", "2", "--reason", EVIL),
    ("reject", "acme", "--hired", "Winner" + EVIL),
    ("offer", "acme"),
    ("withdraw", "acme"),
    ("ghosted", "acme"),
    ("snooze", "acme", "+2d"),
    ("snooze", "acme", EVIL),
    ("advance", "acme"),
    ("undo",),
    ("export",),
    ("export", "--format", "csv"),
    ("export", "--format", "md"),
    ("export", "--format", "ics"),
    ("import", "{csv}"),
    ("import", "{csv}", "--skip-bad", "--dry-run"),
    ("import", "{missing}"),
    ("streak", "--format", EVIL + "{current}"),
    ("streak", "--format", "{" + EVIL + "}"),
    ("vacation", "mon", EVIL),
    ("list", EVIL),
    (EVIL,),
    ("list", "--stage", EVIL),
    ("prep", "acme" + EVIL),
    ("prep", "acme" + EVIL, "--format", "md"),
    ("prep", "acme" + EVIL, "--json"),
    ("prep", EVIL),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: " ".join(argv[:2]).split("\x1b")[0])
def test_no_control_character_reaches_the_terminal(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    setup_home(capsys, home)
    csv = tmp_path / f"in{EVIL[:3]}.csv"
    csv.write_text(CSV, encoding="utf-8")
    places = {"{csv}": str(csv), "{missing}": str(tmp_path / f"no{EVIL}.csv")}
    words = [places.get(w, w) for w in argv]
    _, out, err = run(capsys, *words)
    assert safe(out), out
    assert safe(err), err
    assert "Traceback" not in err


def test_the_data_is_shown_not_dropped(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    """The escape is visible (ESC as ^[, a C1 CSI as ^[[), and the notes keep their lines."""
    setup_home(capsys, home)
    _, out, _ = run(capsys, "show", "acme")
    assert "AcmeX^[]52;c;aGVsbG8=^G^[]0;pwned^[\\^[[2J^?^@ E" in out
    assert "line two" in out.split("line one")[1].splitlines()[1]


def test_json_output_stays_lossless(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    """JSON escapes every control character itself (C1 and DEL too), so it reads back the same."""
    setup_home(capsys, home)
    _, out, _ = run(capsys, "show", "acme", "--json")
    assert json.loads(out)["company"] == "Acme" + EVIL
    _, out, _ = run(capsys, "export")
    assert safe(out)
    assert "Acme" + EVIL in {
        o["company"] for o in json.loads(out)["tables"]["opportunities"].values()
    }


def test_export_to_a_file_keeps_the_text(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    """--out writes the user's text; only stdout is made safe for the terminal."""
    setup_home(capsys, home)
    target = tmp_path / "out.md"
    code, out, _ = run(capsys, "export", "--format", "md", "--out", str(target))
    assert code == 0 and safe(out)
    _, out, _ = run(capsys, "export", "--format", "csv", "--out", str(tmp_path / "out.csv"))
    assert "Acme" + EVIL in (tmp_path / "out.csv").read_text(encoding="utf-8")

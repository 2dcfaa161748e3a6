"""`tracker prep COMPANY`: the page as text, Markdown and JSON, written to a file as
`tracker export --out` writes (refusing to replace one without --force); bad input is one
sentence and writes nothing; the command is a read (the home's files byte-identical after);
a control character in a name shows as ^[."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role

from support.cli import fails, ok
from support.prep import fresh, seed


def files(home: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the home, with its bytes and modification time."""
    return {
        str(p.relative_to(home)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(home.rglob("*"))
        if p.is_file()
    }


def test_the_text_page(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    ids = seed(home)
    out = ok(capsys, "prep", "ACME").splitlines()
    assert out[:2] == [
        "Prep: acme",
        f"Next interview: Staff Engineer on Wed 2026-03-04 (in 2 days), card {ids['staff']}, Thank-you.",
    ]
    for line in (
        "Lessons to practise (2)",
        "system design — 2 sources from 2 companies",
        "  [open] Explain trade-offs out loud (2 companies)",
        "    feedback said by Bob Smith at Acme, 2026-01-20; "
        "feedback said by Ann Bo at Globex, 2026-02-21",
        "kubernetes — 1 source",
        "Earlier interviews at acme (2)",
        f"- Data Engineer: Sun 2026-02-01; ghosted on Fri 2026-02-20 (card {ids['data']}, Monitor)",
        f"- Backend Engineer: Mon 2026-01-12; rejected on Tue 2026-01-20 (card {ids['backend']}, "
        "Feedback)",
        "People you know there (4)",
        f"- Jane Doe, Engineering Manager: hiring manager on Staff Engineer ({ids['staff']}); "
        f"hiring manager on Backend Engineer ({ids['backend']})",
        "    jane@acme.test",
        f"- Bob Smith: interviewer on Backend Engineer ({ids['backend']})",
        "    Last: feedback on Tue 2026-01-20:",
        "      You jumped to the solution.",
        "      Explain the trade-offs first.",
        "      Ask questions. …",
        f"- Pat Kim: hired on Backend Engineer ({ids['backend']})",
        "The comparison with the hire",
        "- Backend Engineer: Pat Kim, better qualified: yes (Sat 2026-02-21)",
        "    They had: Kubernetes in production",
        "Drafts for after the interview (6)",
        "For the Staff Engineer interview on Wed 2026-03-04.",
        "Send a thank-you e-mail — Lee Park:",
        "Send a LinkedIn request with a personal line — Jane Doe:",
        "  Hi Jane,",
        "  I especially liked talking about their Postgres migration.",
        "  Sam Lee",
    ):
        assert line in out, line
    assert "Arrive early" not in "\n".join(out)
    assert "Ann Bo:" not in "\n".join(out)  # a Globex person is not known at Acme


def test_the_markdown_page(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    ids = seed(home)
    out = ok(capsys, "prep", "acme", "--format", "md").splitlines()
    assert out[0] == "# Prep: acme"
    for line in (
        f"Next interview: **Staff Engineer** on Wed 2026-03-04 (in 2 days), card {ids['staff']}, Thank-you.",
        "## Lessons to practise (2)",
        "### system design (2 sources from 2 companies)",
        "- **Explain trade-offs out loud** (open) (2 companies)",
        "  - feedback said by Bob Smith at Acme, 2026-01-20",
        "## People you know there (4)",
        "  - e-mail: jane@acme.test",
        "    > You jumped to the solution.",
        "## The comparison with the hire",
        "  - they had: Kubernetes in production",
        "### Send a thank-you e-mail — Jane Doe",
        "```",
        "Hi Jane,",
    ):
        assert line in out, line


def test_markdown_escapes_what_came_from_data(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    repo = fresh(home)
    repo.add_interview("Ac*me*", "Eng_ineer", people=[NewPerson("Jo [x](y)", Role.INTERVIEWER)])
    out = ok(capsys, "prep", "ac*me*", "--format", "md")
    assert "# Prep: Ac\\*me\\*" in out
    assert "- **Jo \\[x\\](y)**: interviewer on Eng\\_ineer" in out


def test_json_for_scripts(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    seed(home)
    page = json.loads(ok(capsys, "prep", "acme", "--json"))
    assert page["interview"]["role"] == "Staff Engineer"
    assert [i["role"] for i in page["earlier_interviews"]] == ["Data Engineer", "Backend Engineer"]
    assert [t["theme"] for t in page["lessons"]] == ["system design", "kubernetes"]
    bob = next(p for p in page["people"] if p["name"] == "Bob Smith")
    assert bob["last_interaction"]["kind"] == "feedback"
    assert bob["last_interaction"]["text"].startswith("You jumped to the solution.\n")
    assert page["comparisons"][0]["gaps"] == ["Kubernetes in production"]
    assert len(page["drafts"]) == 6


def test_out_writes_a_file_once_and_replaces_it_only_with_force(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    seed(home)
    target = tmp_path / "prep.md"
    said = ok(capsys, "prep", "acme", "--format", "md", "--out", str(target))
    assert said.startswith(f"Wrote the prep page for acme (Markdown) to {target} (")
    written = target.read_bytes()
    assert written.decode().startswith("# Prep: acme\n")
    assert written.decode() == ok(capsys, "prep", "acme", "--format", "md")
    err = fails(capsys, "prep", "acme", "--out", str(target))
    assert "already exists" in err and "--force" in err
    assert target.read_bytes() == written
    ok(capsys, "prep", "acme", "--out", str(target), "--force")
    assert target.read_text().startswith("Prep: acme\n")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("prep")] == ["prep.md"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            ["prep", "Initech"],
            "no card is at a company called 'Initech'; the companies: Acme, Globex.",
        ),
        (["prep", "acme", "--json", "--format", "md"], "choose one"),
        (["prep", "acme", "--force"], "--force goes with --out FILE"),
        (["prep", "acme", "--out", "{folder}"], "is a folder"),
    ],
)
def test_bad_input_is_one_sentence_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path, argv: list[str], words: str
) -> None:
    seed(home)
    before = files(home)
    argv = [word.replace("{folder}", str(tmp_path)) for word in argv]
    assert words in fails(capsys, *argv)
    assert files(home) == before


def test_with_no_cards_it_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert "there are no cards yet" in fails(capsys, "prep", "Acme")


def test_a_read_leaves_every_file_of_the_home_untouched(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    seed(home)
    before = files(home)
    for argv in (["acme"], ["acme", "--format", "md"], ["acme", "--json"], ["globex"]):
        ok(capsys, "prep", *argv)
    assert files(home) == before


def test_a_control_character_in_a_name_is_shown(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    ok(capsys, "add", "Evil\x1b]0;x\x07Co", "Eng", "--with", "Ev\x1b[2Je Doe")
    out = ok(capsys, "prep", "evil\x1b]0;x\x07co")
    assert "\x1b" not in out and "\x07" not in out
    assert "Prep: Evil^[]0;x^GCo" in out.splitlines()
    assert "- Ev^[[2Je Doe: interviewer on Eng (" in out
    out = ok(capsys, "prep", "evil\x1b]0;x\x07co", "--format", "md")
    assert "\x1b" not in out and "\x07" not in out
    assert "# Prep: Evil^[\\]0;x^GCo" in out.splitlines()
    assert "- **Ev^[\\[2Je Doe**: interviewer on Eng (" in out


def test_the_drafts_use_the_users_templates_and_edited_drafts(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    ids = seed(home)
    (home / "templates").mkdir()
    (home / "templates" / "linkedin.txt").write_text("Yo {first_name}, {company} was fun.\n")
    repo = fresh(home)
    card = repo.find_card(ids["staff"])
    email = next(i for i in card.card.items if i.action == "thank_email")
    repo.set_draft(card.card.id, email.id, "Dear Lee, my own words.")
    out = ok(capsys, "prep", "acme").splitlines()
    assert "  Yo Jane, acme was fun." in out and "  Yo Lee, acme was fun." in out
    at_lee = out.index("Send a thank-you e-mail — Lee Park:")
    assert out[at_lee + 1] == "  Dear Lee, my own words."


def test_the_markdown_page_shows_the_earlier_interview_followed(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    ok(capsys, "add", "Acme", "Engineer", "--on", "2026-01-10")
    ok(capsys, "reject", "acme", "--on", "2026-01-20")
    ok(capsys, "add", "acme", "Staff Engineer", "--on", "2026-03-04")
    md = ok(capsys, "prep", "acme", "--format", "md")
    assert "Earlier at acme: **Engineer**, interviewed Sat 2026-01-10, rejected." in md
    text = ok(capsys, "prep", "acme")
    assert "Earlier at acme: Engineer, interviewed Sat 2026-01-10, rejected." in text

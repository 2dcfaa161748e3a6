"""The CSV export (one row per opportunity) and the CSV import (one application per row).

Cells that a spreadsheet would run as a formula (starting with ``= + - @``,
tab or CR) get a leading single quote. The columns ``company, role,
interview date, people, outcome, outcome date`` are the ones
:func:`plan_csv` reads back, so an export re-imports; a colon in a name is
written ``\\:`` in the people cell, as ``--with`` reads it. The other columns
are left out of an import: ``hired`` repeats the people cell's ``Name:hired``
entries, and ``feedback`` (what people said, "Name: text" joined by " | ") is
kept in the event log, which only a JSON export carries across.

An import is all or nothing: every bad row is reported with its line
number, and one bad row stops the whole import unless the caller skips bad
rows. The records are built with the domain rules and written by
:meth:`Repository.import_records` in one transaction, which logs the same
events as the rest of the app plus one ``imported`` event that ``tracker
undo`` takes back as a whole.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.domain import rules
from tracker.domain.capture import parse_role, split_spec
from tracker.domain.errors import DomainError
from tracker.domain.model import Card, Link, Opportunity, Outcome, Person, Role
from tracker.domain.people import Interaction, interactions
from tracker.domain.views import CardView
from tracker.domain.words import plural
from tracker.exchange.common import ImportRefused
from tracker.store.repo import Repository, new_id

FIELD_LIMIT = 10_000
"""The longest cell an import accepts, in characters."""

ROW_LIMIT = 10_000
"""The most rows one CSV import takes: as many cards as the board is benchmarked for.

What an import holds grows with its records, not its bytes: a 63 MB file of a
million short rows needed more than 1.5 GB. At this limit, with the most that
:data:`PER_ROW_LIMIT` and :data:`NAME_LIMIT` allow on every row, an import
peaks at 730 MB (see IMPORT_LIMIT in tracker/cli/data.py)."""

PER_ROW_LIMIT = 20
"""The most people, and the most interview dates, one row may list."""

NAME_LIMIT = 200
"""The longest company, role or person's name an import takes, in characters (each person
record carries the company too, so a long one is held once per person)."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a cell starts that a spreadsheet would run as a formula."""

CSV_COLUMNS = (
    "company",
    "role",
    "interview date",
    "people",
    "outcome",
    "outcome date",
    "stage",
    "state",
    "next action",
    "target",
    "deadline",
    "decision by",
    "snoozed until",
    "tags",
    "notes",
    "hired",
    "feedback",
    "card id",
)
"""The CSV export's header; the first six are what an import reads."""

IMPORT_REQUIRED = ("company", "role", "interview date")
IMPORT_OPTIONAL = ("people", "outcome", "outcome date")
EXPECTED = ", ".join(IMPORT_REQUIRED + IMPORT_OPTIONAL)
"""The columns an import reads, as its refusals name them."""

OUTCOME_WORDS: dict[str, Outcome] = {
    "": Outcome.PENDING,
    "pending": Outcome.PENDING,
    "rejected": Outcome.REJECTED,
    "reject": Outcome.REJECTED,
    "rejection": Outcome.REJECTED,
    "ghosted": Outcome.GHOSTED,
    "offer": Outcome.OFFER,
    "withdrawn": Outcome.WITHDRAWN,
    "withdrew": Outcome.WITHDRAWN,
    "withdraw": Outcome.WITHDRAWN,
}
"""What an import accepts in the outcome column (case aside)."""


# --- export ---------------------------------------------------------------------------------


def neutralise(cell: str) -> str:
    """Prefix a single quote so a spreadsheet shows the cell as text, never as a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def export_csv(repo: Repository) -> str:
    """One row per opportunity, oldest interview first, every cell safe for spreadsheets."""
    snap = repo.settled_snapshot()  # a waiting card shows the stage that began today
    cards = snap.cards
    by_opp = {card.opportunity_id: card for card in cards.values()}
    said: dict[str, list[Interaction]] = {}
    for interaction in interactions(repo.events()):
        said.setdefault(interaction.card_id or "", []).append(interaction)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    opps = sorted(
        snap.opportunities.values(),
        key=lambda o: (o.interviews[0] if o.interviews else date.min, o.company, o.id),
    )
    for opp in opps:
        card = by_opp.get(opp.id)
        next_action = ""
        if card is not None:
            next_action = CardView(card, opp, snap.people).next_action()
        row = [
            opp.company,
            opp.role,
            "; ".join(d.isoformat() for d in opp.interviews),
            people_cell(opp, snap.people),
            opp.outcome.value,
            _iso(opp.outcome_on),
            card.stage.title if card else "",
            card.state.value if card else "",
            next_action,
            _iso(card.target) if card else "",
            _iso(card.deadline) if card else "",
            _iso(opp.decision_by),
            _iso(card.snoozed_until) if card else "",
            "; ".join(opp.tags),
            notes_cell(opp, card),
            "; ".join(snap.people[p].name for p in opp.people_with(Role.HIRED) if p in snap.people),
            feedback_cell(said.get(card.id, []) if card else [], snap.people),
            card.id if card else "",
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def notes_cell(opp: Opportunity, card: Card | None) -> str:
    """The opportunity's notes and the card's, each said once.

    A note given at capture (`tracker add --note`) is stored on both; the board edits only the
    card's. So the card's notes, led by the opportunity's when they are not already in them.
    """
    card_notes = card.notes if card else ""
    if not opp.notes or opp.notes in card_notes:
        return card_notes
    if not card_notes or card_notes in opp.notes:
        return opp.notes
    return f"{opp.notes}\n{card_notes}"


def people_cell(opp: Opportunity, people: Mapping[str, Person]) -> str:
    """The people of ``opp`` as "Name:role; Name:role", the way an import reads them back
    (a colon in a name written ``\\:``)."""
    return "; ".join(
        f"{_escape_colons(people[link.person_id].name)}:{link.role.value}"
        for link in opp.people
        if link.person_id in people
    )


def _escape_colons(name: str) -> str:
    """A name as a people cell holds it: each colon written ``\\:``."""
    return name.replace(":", "\\:")


def feedback_cell(said: list[Interaction], people: Mapping[str, Person]) -> str:
    """The feedback given on a card, oldest first, as "Name: text | Name: text"."""
    parts = []
    for interaction in said:
        if interaction.kind != "feedback":
            continue
        person = people.get(interaction.person_id)
        who = person.name if person else "someone"
        parts.append(f"{who}: {interaction.text}" if interaction.text else who)
    return " | ".join(parts)


def _iso(day: date | None) -> str:
    """A day as ISO text, or "" for none."""
    return day.isoformat() if day else ""


# --- import ---------------------------------------------------------------------------------


@dataclass
class BadRow:
    """A row an import cannot use: its line number and why, in a few words."""

    line: int
    reason: str


@dataclass
class Row:
    """One good CSV row, turned into records."""

    line: int
    opportunity: Opportunity
    card: Card
    people: list[Person]
    outcome: Outcome
    outcome_on: date | None


@dataclass
class CsvPlan:
    """What a CSV file would import: good rows, bad rows, and the file's row count."""

    rows: list[Row] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    total: int = 0

    def describe(self, rows: Iterable[Row] | None = None) -> str:
        """ "5 applications (4 pending, 1 rejected)": the plan's good rows, or ``rows``."""
        chosen = list(self.rows if rows is None else rows)
        by = {o: sum(1 for r in chosen if r.outcome is o) for o in Outcome}
        parts = [f"{v} {k.value}" for k, v in by.items() if v]
        return plural(len(chosen), "application") + (f" ({', '.join(parts)})" if parts else "")


def header_key(cell: str) -> str:
    """A header cell as column names are matched: any case, "_" as a space, spaces collapsed."""
    return " ".join(cell.strip().lower().replace("_", " ").split())


def _parse_dates(text: str) -> list[date]:
    """ISO days separated by ";" (a time after the day is ignored); ValueError if one is not."""
    days = []
    for part in text.split(";"):
        part = part.strip()
        if len(part) > 10 and part[10] in "T ":
            part = part[:10]
        days.append(date.fromisoformat(part))
    return days


def _parse_people(text: str) -> list[tuple[str, Role]]:
    """ "Name:role; Name" as (name, role) pairs; ValueError naming the entry that is wrong."""
    people = []
    for spec in text.split(";"):
        if not spec.strip():
            continue
        name, role_word, rest = split_spec(spec)
        if rest:
            role_word = f"{role_word}:{rest}"
        name = " ".join(name.split())
        if not name:
            raise ValueError(f"the people entry {spec.strip()!r} has no name (use Name:role)")
        if len(name) > NAME_LIMIT:
            raise ValueError(
                f"the name {name[:20] + '…'!r} is {len(name):,} characters long; the limit is "
                f"{NAME_LIMIT}"
            )
        role = parse_role(role_word)
        if role is None:
            raise ValueError(
                f"the role {role_word.strip()!r} of {name} is unknown (use one of "
                f"{', '.join(r.value for r in Role)})"
            )
        people.append((name, role))
    return people


def _unquote(cell: str) -> str:
    """Take back the single quote our own CSV export put before a formula-like cell."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_START:
        return cell[1:]
    return cell


def plan_csv(repo: Repository, source: Path, text: str) -> CsvPlan:
    """Parse and check every row; build the records of the good ones (nothing is written).

    The rows are read and planned one at a time, so what is held is the text and
    the plan, never a second copy of every row; a file of more than
    :data:`ROW_LIMIT` rows is refused (with its row count) as soon as that is known.
    """
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, 64 * FIELD_LIMIT * 16))
    try:
        records = _records(source, text)
        header_line, header = next(records, (0, []))
        if not header:
            raise ImportRefused(
                f"{source} is empty; expected a CSV file with a header row: {EXPECTED}."
            )
        where = _columns(source, header_line, header)
        plan = CsvPlan()
        seen = _known(repo)
        today = repo.today()
        now = repo.now().isoformat()
        for line, record in records:
            plan.total += 1
            if plan.total > ROW_LIMIT:
                plan.rows.clear()  # let go of what was planned before counting the rest
                total = plan.total + sum(1 for _ in records)
                raise ImportRefused(
                    f"{source} has {total:,} rows; tracker imports up to {ROW_LIMIT:,} at a "
                    f"time, so split it into files of {ROW_LIMIT:,} rows or fewer."
                )
            _plan_one(plan, seen, line, record, where, len(header), today, now, repo)
    finally:
        csv.field_size_limit(old_limit)
    return plan


_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")
"""One line and its end, split as ``io.StringIO(text, newline="")`` splits them."""


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time (a StringIO would copy the whole text first)."""
    for match in _LINE.finditer(text):
        yield match.group()


def _records(source: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) of each CSV record that is not blank, as they are read."""
    reader = csv.reader(_lines(text), strict=False)
    start = 1
    try:
        for record in reader:
            line = start
            start = reader.line_num + 1
            if any(cell.strip() for cell in record):
                yield line, record
    except csv.Error as error:
        raise ImportRefused(
            f"{source} line {reader.line_num} cannot be read as CSV ({error})."
        ) from None


def _columns(source: Path, header_line: int, header: list[str]) -> dict[str, int]:
    """Where each column an import reads is; refuses a header without the required ones."""
    keys = [header_key(cell) for cell in header]
    missing = [name for name in IMPORT_REQUIRED if name not in keys]
    if missing:
        shown = ",".join(header)[:80]
        hint = ""
        if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
            sep = next(s for s in ";\t|" if s in header[0])
            hint = f" (it looks separated by {'tab' if sep == chr(9) else repr(sep)}, not commas)"
        raise ImportRefused(
            f"{source} line {header_line} lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}{hint}; expected a comma-separated header with the columns "
            f"{EXPECTED} (found {shown!r})."
        )
    dupes = sorted(
        {k for k in keys if k and keys.count(k) > 1 and k in IMPORT_REQUIRED + IMPORT_OPTIONAL}
    )
    if dupes:
        raise ImportRefused(
            f"{source} line {header_line} has the column {dupes[0]!r} twice; keep one."
        )
    return {name: keys.index(name) for name in IMPORT_REQUIRED + IMPORT_OPTIONAL if name in keys}


Key = tuple[str, str, tuple[date, ...]]
"""An application as duplicates are found: company and role (any case), interview days."""


def _known(repo: Repository) -> dict[Key, int]:
    """The applications already in tracker, each as seen on "line 0"."""
    return {
        (opp.company.lower(), opp.role.lower(), tuple(opp.interviews)): 0
        for opp in repo.snapshot().opportunities.values()
    }


def _plan_one(
    plan: CsvPlan,
    seen: dict[Key, int],
    line: int,
    record: list[str],
    where: dict[str, int],
    width: int,
    today: date,
    now: str,
    repo: Repository,
) -> None:
    """Add one row to ``plan``: its records, or why it is bad."""
    try:
        row = _plan_row(record, where, width, today, now, repo, new_id)
    except ValueError as error:
        plan.bad.append(BadRow(line, str(error)))
        return
    opp = row.opportunity
    key = (opp.company.lower(), opp.role.lower(), tuple(opp.interviews))
    if key in seen:
        first = seen[key]
        plan.bad.append(
            BadRow(
                line,
                (f"it repeats line {first}" if first else "this application is already in tracker")
                + " (same company, role and interview date)",
            )
        )
        return
    seen[key] = line
    row.line = line
    plan.rows.append(row)


def _plan_row(
    record: list[str],
    where: dict[str, int],
    width: int,
    today: date,
    now: str,
    repo: Repository,
    new_id: Callable[[], str],
) -> Row:
    """One row's records, built by the domain rules; ValueError says why the row is bad."""
    for n, value in enumerate(record):
        if len(value) > FIELD_LIMIT:
            name = next((k for k, i in where.items() if i == n), f"column {n + 1}")
            raise ValueError(
                f"the {name} cell is {len(value):,} characters long; the limit is {FIELD_LIMIT:,}"
            )
    if len(record) > width and any(value.strip() for value in record[width:]):
        raise ValueError(f"it has {len(record)} cells but the header has {width} (a stray comma?)")

    def cell(name: str) -> str:
        index = where.get(name)
        if index is None or index >= len(record):
            return ""
        return _unquote(record[index].strip()).strip()

    company, role = " ".join(cell("company").split()), " ".join(cell("role").split())
    if not company:
        raise ValueError("the company is empty")
    if not role:
        raise ValueError("the role is empty")
    for what, text in (("company", company), ("role", role)):
        if len(text) > NAME_LIMIT:
            raise ValueError(
                f"the {what} is {len(text):,} characters long; the limit is {NAME_LIMIT}"
            )
    raw_day = cell("interview date")
    if not raw_day:
        raise ValueError("the interview date is empty")
    if raw_day.count(";") >= PER_ROW_LIMIT:
        raise ValueError(
            f"it has {raw_day.count(';') + 1:,} interview dates; an application takes up to "
            f"{PER_ROW_LIMIT}"
        )
    try:
        interviews = sorted(set(_parse_dates(raw_day)))
    except ValueError:
        raise ValueError(
            f"the interview date {raw_day[:40]!r} is not a date like 2026-03-02"
        ) from None
    if interviews[-1] > today:
        raise ValueError(f"the interview date {interviews[-1]} is after today ({today})")
    people_spec = _parse_people(cell("people"))
    if len(people_spec) > PER_ROW_LIMIT:
        raise ValueError(
            f"it lists {len(people_spec):,} people; an application takes up to {PER_ROW_LIMIT}"
        )
    outcome_word = cell("outcome").lower()
    if outcome_word not in OUTCOME_WORDS:
        raise ValueError(
            f"the outcome {cell('outcome')[:40]!r} is unknown (use rejected, ghosted, offer, "
            "withdrawn, or leave it empty)"
        )
    outcome = OUTCOME_WORDS[outcome_word]
    raw_on = cell("outcome date")
    on: date | None = None
    if raw_on:
        try:
            (on,) = _parse_dates(raw_on)
        except ValueError:
            raise ValueError(
                f"the outcome date {raw_on[:40]!r} is not a date like 2026-03-02"
            ) from None
    if outcome is Outcome.PENDING and on is not None:
        raise ValueError("it has an outcome date but no outcome")
    if outcome is not Outcome.PENDING:
        if on is None:
            raise ValueError(f"the outcome {outcome.value} needs an outcome date")
        if on < interviews[0]:
            raise ValueError(f"the outcome date {on} is before the interview on {interviews[0]}")
        if on > today:
            raise ValueError(f"the outcome date {on} is after today ({today})")

    persons = [Person(id=new_id(), name=name, company=company) for name, _ in people_spec]
    opp = Opportunity(
        id=new_id(),
        company=company,
        role=role,
        interviews=interviews,
        created_at=now,
        people=[Link(p.id, r) for p, (_, r) in zip(persons, people_spec, strict=True)],
    )
    timings = repo.settings.timings
    card = rules.new_card(new_id(), opp, now, timings)
    try:
        if outcome is Outcome.REJECTED:
            assert on is not None
            rules.reject(card, opp, on, now=now, today=today, timings=timings)
        elif outcome is Outcome.GHOSTED:
            assert on is not None
            rules.ghosted(card, opp, on, now=now, today=today, timings=timings)
        elif outcome in (Outcome.OFFER, Outcome.WITHDRAWN):
            assert on is not None
            rules.finish(card, opp, outcome, on, now=now, today=today)
    except DomainError as error:
        raise ValueError(str(error).rstrip(".")) from None
    return Row(0, opp, card, persons, outcome, on)


def apply_csv(repo: Repository, plan: CsvPlan, source: Path) -> int:
    """Write the good rows in one transaction, undone as a whole; returns how many."""
    repo.import_records([(row.opportunity, row.card, row.people) for row in plan.rows], source.name)
    return len(plan.rows)

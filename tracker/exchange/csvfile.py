"""Export (JSON, CSV, iCalendar, a Markdown weekly report) and import (JSON, CSV).

* JSON is lossless: every table of the state file, known or not, plus every
  committed event and the schema version. Importing it into an empty home
  gives the same state and the same event log, byte for byte.
* CSV has one row per opportunity. Cells that a spreadsheet would run as a
  formula (starting with ``= + - @``, tab or CR) get a leading single quote.
  The columns ``company, role, interview date, people, outcome, outcome
  date`` are the ones :func:`plan_csv` reads back, so an export re-imports.
* iCalendar: one all-day VEVENT with a reminder per open checklist item of
  the active and waiting cards, written by hand per RFC 5545.
* Markdown: the weekly report (the week holding today, Monday to Sunday).

Imports are all or nothing: every bad row is reported with its line number,
and one bad row stops the whole import unless the caller skips bad rows.
The records are built with the domain rules and written in one transaction
that logs the same events as the rest of the app (plus one ``imported``
event that ``tracker undo`` takes back as a whole).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from tracker.domain import rules
from tracker.domain.capture import parse_role
from tracker.domain.errors import DomainError
from tracker.domain.model import (
    Card,
    Event,
    Link,
    Opportunity,
    Outcome,
    Person,
    Role,
    State,
)
from tracker.domain.streaks import funnel
from tracker.store import schema
from tracker.store.errors import HomeNotEmpty, StoreError
from tracker.store.repo import Repository

if TYPE_CHECKING:
    from tracker.store.repo import Snapshot

EXPORT_FORMAT = "tracker-export"
EXPORT_VERSION = 1
"""The version of the JSON export's envelope (the data inside carries the schema version)."""

FIELD_LIMIT = 10_000
"""The longest cell an import accepts, in characters."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

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
    "card id",
)
"""The CSV export's header; the first six are what an import reads."""

IMPORT_REQUIRED = ("company", "role", "interview date")
IMPORT_OPTIONAL = ("people", "outcome", "outcome date")
EXPECTED = ", ".join(IMPORT_REQUIRED + IMPORT_OPTIONAL)

OUTCOME_WORDS = {
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
ACTIVE_STATES = (State.ACTIVE, State.WAITING)


class ImportRefused(StoreError):
    """An import file that cannot be used at all; ``str(error)`` is one sentence."""


# --- shared reading ---------------------------------------------------------------------


def _settled(repo: Repository, snap: Snapshot, today: date) -> dict[str, Card]:
    """The cards as they are once the passing of time is applied, in memory only.

    Exports never write, but a waiting card whose next stage is due today should
    show that stage's checklist, as `tracker list` would after settling.
    """
    out: dict[str, Card] = {}
    for card_id, card in snap.cards.items():
        opp = snap.opportunities.get(card.opportunity_id)
        copy = Card.from_doc(card.to_doc())
        if opp is not None:
            rules.settle(copy, opp, today, repo.settings.timings)
        out[card_id] = copy
    return out


def _people_cell(opp: Opportunity, people: Mapping[str, Person]) -> str:
    return "; ".join(
        f"{people[link.person_id].name}:{link.role.value}"
        for link in opp.people
        if link.person_id in people
    )


def _person_name(people: Mapping[str, Person], person_id: str | None) -> str:
    if person_id is None:
        return ""
    person = people.get(person_id)
    return person.name if person else ""


# --- JSON -------------------------------------------------------------------------------------


def export_json(repo: Repository) -> bytes:
    """Every table (including ones this version does not know), every committed event."""
    tables, events = repo.dump()
    # Checklists are JSON text in the state file (schema 2) but lists here,
    # so an export reads (and jq's) like the rest of it; imports take both.
    tables = schema.unpack_checklists(tables)
    doc = {
        "format": EXPORT_FORMAT,
        "export_version": EXPORT_VERSION,
        "schema": schema.version_of(tables),
        "exported_at": repo.now().isoformat().replace("+00:00", "Z"),
        "tables": tables,
        "events": events,
    }
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"


@dataclass
class JsonPlan:
    """A validated JSON export, ready to be written into an empty home."""

    data: dict[str, Any]
    events: list[dict[str, Any]]

    def counts(self) -> dict[str, int]:
        out = {
            name: len(t)
            for name, t in self.data.items()
            if name not in ("meta", "undo", *Repository.derived_tables())
        }
        out["events"] = len(self.events)
        return out

    def describe(self) -> str:
        counts = self.counts()
        main = [f"{counts.pop(n, 0)} {n}" for n in ("opportunities", "cards", "people")]
        main += [f"{v} {k}" for k, v in counts.items() if k != "events"]
        return ", ".join(main) + f" and {len(self.events)} events"


def plan_json(source: Path, text: str) -> JsonPlan:
    """Check a JSON export thoroughly; raise :class:`ImportRefused` with one sentence if unusable."""
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise ImportRefused(
            f"{source} is not valid JSON (at character {error.pos}), so it is not a complete tracker export."
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise ImportRefused(
            f'{source} is JSON but not a tracker export (it has no "format": "{EXPORT_FORMAT}"); '
            "make one with `tracker export --format json`."
        )
    version = doc.get("schema")
    if type(version) is not int or version < 1:
        raise ImportRefused(f"{source} has no valid schema version, so it cannot be imported.")
    if version > schema.SCHEMA_VERSION:
        raise ImportRefused(
            f"{source} was exported by a newer tracker (schema {version}); upgrade tracker to import it."
        )
    tables, events = doc.get("tables"), doc.get("events")
    if not isinstance(tables, dict) or not isinstance(events, list):
        raise ImportRefused(
            f'{source} is missing its "tables" or "events", so it cannot be imported.'
        )
    data: dict[str, Any] = dict(tables)
    meta_table = data.get("meta")
    if meta_table is None:
        meta_table = data["meta"] = {}
    if not isinstance(meta_table, dict) or not isinstance(meta_table.get(schema.META_ID, {}), dict):
        raise ImportRefused(f"{source} has a malformed meta table, so it cannot be imported.")
    info = meta_table.setdefault(schema.META_ID, {})
    info.update(schema=version, events_bytes=0, events=0, token="")
    problem = schema.validate(data)
    if problem:
        raise ImportRefused(f"{source} is not a usable export: {problem}.")
    if version < schema.SCHEMA_VERSION:
        try:
            data, _ = schema.migrate(data)
        except LookupError as error:
            raise ImportRefused(
                f"{source} has schema {version}, which this tracker cannot migrate ({error})."
            ) from None
    schema.pack_checklists(data)  # exports carry checklists as lists
    try:
        Repository.check_records(data)
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise ImportRefused(
            f"{source} holds a malformed record ({error!r}), so nothing was imported."
        ) from None
    for n, event in enumerate(events, start=1):
        try:
            if not isinstance(event, dict):
                raise TypeError("not a JSON object")
            Event.from_doc(event)
        except (KeyError, ValueError, TypeError) as error:
            raise ImportRefused(
                f"{source}: event {n} is malformed ({error!r}), so nothing was imported."
            ) from None
    return JsonPlan(data, events)


def apply_json(repo: Repository, plan: JsonPlan) -> None:
    """Write ``plan`` into ``repo``'s home, which must be empty (checked under the lock)."""
    try:
        repo.load_into_empty(plan.data, plan.events)
    except HomeNotEmpty as error:
        raise ImportRefused(str(error)) from None


def check_json_target(repo: Repository) -> None:
    """Refuse early (before any write) when the home is not empty."""
    try:
        repo.check_empty()
    except HomeNotEmpty as error:
        raise ImportRefused(str(error)) from None


# --- CSV export ---------------------------------------------------------------------------------


def neutralise(cell: str) -> str:
    """Prefix a single quote so a spreadsheet shows the cell as text, never as a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def export_csv(repo: Repository) -> str:
    """One row per opportunity, newest interview first, every cell safe for spreadsheets."""
    from tracker.domain.views import CardView

    snap = repo.snapshot()
    today = repo.today()
    cards = _settled(repo, snap, today)
    by_opp = {card.opportunity_id: card for card in cards.values()}
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
            _people_cell(opp, snap.people),
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
            opp.notes or (card.notes if card else ""),
            card.id if card else "",
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


# --- iCalendar ------------------------------------------------------------------------------------


def ics_escape(text: str) -> str:
    """RFC 5545 TEXT escaping (section 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (section 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _control_free(text: str) -> str:
    """Drop control characters other than newlines, which iCalendar TEXT may not hold."""
    return "".join(c for c in text if c in "\n\r" or (ord(c) >= 0x20 and ord(c) != 0x7F))


def export_ics(repo: Repository) -> str:
    """One all-day VEVENT with a reminder for every open item of an active or waiting card."""
    from tracker.domain.rules import ACTIONS

    snap = repo.snapshot()
    today = repo.today()
    cards = _settled(repo, snap, today)
    stamp = repo.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//tracker//follow-ups//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Job-search follow-ups",
    ]
    for card in sorted(cards.values(), key=lambda c: (c.created_at, c.id)):
        opp = snap.opportunities.get(card.opportunity_id)
        if opp is None or card.state not in ACTIVE_STATES:
            continue
        for item in card.open_items:
            action = ACTIONS.get(item.action, item.action)
            who = _person_name(snap.people, item.person_id)
            summary = f"{action}{' — ' + who if who else ''} ({opp.company})"
            if item.optional:
                summary += " (optional)"
            details = [
                f"{opp.company} — {opp.role}",
                f"Stage: {card.stage.title}",
                f"Action: {action}" + (f" for {who}" if who else ""),
                f"Target {item.target.isoformat()}, deadline {item.deadline.isoformat()}",
                f"Interview: {', '.join(d.isoformat() for d in opp.interviews)}",
            ]
            person = snap.people.get(item.person_id or "")
            if person is not None and person.highlight:
                details.append(f"Highlight: {person.highlight}")
            if person is not None and person.email:
                details.append(f"E-mail: {person.email}")
            if card.notes:
                details.append(f"Notes: {card.notes}")
            details.append(f"Card {card.short_id}: tracker show {card.short_id}")
            description = "\n".join(details)
            lines += [
                "BEGIN:VEVENT",
                f"UID:{card.id}-{item.id}@tracker",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{item.target.strftime('%Y%m%d')}",
                f"DTEND;VALUE=DATE:{(item.target + timedelta(days=1)).strftime('%Y%m%d')}",
                f"SUMMARY:{ics_escape(_control_free(summary))}",
                f"DESCRIPTION:{ics_escape(_control_free(description))}",
                f"CATEGORIES:{ics_escape(card.stage.title)}",
                "TRANSP:TRANSPARENT",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{ics_escape(_control_free(summary))}",
                "TRIGGER:PT9H",
                "END:VALARM",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


# --- Markdown weekly report --------------------------------------------------------------------------

WEEK_ACTIONS = ("item_done", "item_skipped", "reply_logged", "outcome_logged")
REPORT_TITLES = {"offer": "Offers"}
"""Funnel rows the report titles its own way (the stats screen says "Offer")."""


def _md(text: str) -> str:
    """Plain text safe inside a Markdown line or table cell."""
    text = " ".join(str(text).split())
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _week_lines(events: list[Event], snap: Snapshot, monday: date, sunday: date) -> list[str]:
    from tracker.domain.rules import ACTIONS

    undone = {e.data.get("undid") for e in events if e.type == "undo"}
    lines = []
    for event in events:
        if (
            event.type not in WEEK_ACTIONS
            or event.id in undone
            or event.data.get("imported")
            or not monday <= event.day <= sunday
        ):
            continue
        card = snap.cards.get(event.card_id or "")
        opp = snap.opportunities.get(card.opportunity_id) if card else None
        where = f"{opp.company} ({opp.role})" if opp else "a removed card"
        day = f"{event.day.strftime('%a')} {event.day.isoformat()}"
        if event.type in ("item_done", "item_skipped"):
            verb = "Done" if event.type == "item_done" else "Skipped"
            for item in event.data.get("items", []):
                who = _person_name(snap.people, item.get("person"))
                what = ACTIONS.get(item.get("action", ""), item.get("action", "an item"))
                reason = event.data.get("reason")
                tail = f" (reason: {reason})" if verb == "Skipped" and reason else ""
                lines.append(f"- {day}: {verb}: {what}{' — ' + who if who else ''}, {where}{tail}")
        elif event.type == "reply_logged":
            who = _person_name(snap.people, event.data.get("person")) or "someone"
            lines.append(f"- {day}: Reply logged from {who}, {where}")
        else:
            lines.append(f"- {day}: Outcome logged: {event.data.get('outcome', '?')}, {where}")
    return [_md_line(line) for line in lines]


def _md_line(line: str) -> str:
    head, _, rest = line.partition(": ")
    return f"{head}: {_md(rest)}"


def _due_lines(repo: Repository, snap: Snapshot, start: date, end: date) -> list[str]:
    from tracker.domain.rules import ACTIONS

    today = repo.today()
    cards = _settled(repo, snap, today)
    due: list[tuple[date, str, str]] = []
    for card in cards.values():
        opp = snap.opportunities.get(card.opportunity_id)
        if opp is None or card.state not in ACTIVE_STATES:
            continue
        for item in card.open_items:
            if start <= item.target <= end:
                who = _person_name(snap.people, item.person_id)
                what = ACTIONS.get(item.action, item.action)
                opt = " (optional)" if item.optional else ""
                text = (
                    f"{what}{' — ' + who if who else ''}{opt}, {opp.company} ({opp.role}); "
                    f"deadline {item.deadline.isoformat()}"
                )
                due.append(
                    (
                        item.target,
                        card.id,
                        f"- {item.target.strftime('%a')} {item.target.isoformat()}: {_md(text)}",
                    )
                )
    return [line for _, _, line in sorted(due)]


def export_md(repo: Repository) -> str:
    """The weekly report for the week (Monday to Sunday) that holds today."""
    today = repo.today()
    monday, sunday = week_of(today)
    snap = repo.snapshot()
    events = repo.events()
    done = _week_lines(events, snap, monday, sunday)
    status = repo.streak_status()
    counts = funnel(snap.opportunities, snap.cards)
    next_monday, next_sunday = monday + timedelta(days=7), sunday + timedelta(days=7)
    due = _due_lines(repo, snap, next_monday, next_sunday)
    days = "day" if status.current == 1 else "days"
    out = [
        f"# Weekly report: {monday.isoformat()} to {sunday.isoformat()}",
        "",
        f"Made on {today.strftime('%a')} {today.isoformat()}.",
        "",
        f"## Done this week ({len(done)})",
        "",
        *(done or ["Nothing logged yet this week."]),
        "",
        "## Streak",
        "",
        f"Current streak: {status.current} {days} (best {status.best}); "
        f"persistence score {round(status.score * 100)}%.",
        "",
        "## Funnel",
        "",
        "| Reached | Opportunities |",
        "| --- | ---: |",
        f"| Interviews logged | {counts.total} |",
        *(f"| {REPORT_TITLES.get(row.key, row.title)} | {row.count} |" for row in counts.rows),
        "",
        f"## Due next week ({next_monday.isoformat()} to {next_sunday.isoformat()})",
        "",
        *(due or ["Nothing is due next week yet."]),
        "",
    ]
    return "\n".join(out)


# --- CSV import --------------------------------------------------------------------------------------


def read_text(source: Path, raw: bytes) -> str:
    """UTF-8 text (a BOM is fine); anything else is refused in one sentence naming the file."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"{source} is not UTF-8 text (byte 0x{raw[error.start]:02x} at position {error.start}); "
            "save it as CSV UTF-8 and try again."
        ) from None
    if "\x00" in text:
        raise ImportRefused(
            f"{source} contains NUL bytes, so it is not a CSV text file (a UTF-16 or .xlsx file?); "
            "save it as CSV UTF-8 and try again."
        )
    return text


@dataclass
class BadRow:
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
        chosen = list(self.rows if rows is None else rows)
        by = {o: sum(1 for r in chosen if r.outcome is o) for o in Outcome}
        parts = [f"{v} {k.value}" for k, v in by.items() if v]
        return f"{len(chosen)} application{'s' if len(chosen) != 1 else ''}" + (
            f" ({', '.join(parts)})" if parts else ""
        )


def _header_key(cell: str) -> str:
    return " ".join(cell.strip().lower().replace("_", " ").split())


def _parse_dates(text: str) -> list[date]:
    days = []
    for part in text.split(";"):
        part = part.strip()
        if len(part) > 10 and part[10] in "T ":
            part = part[:10]
        days.append(date.fromisoformat(part))
    return days


def _parse_people(text: str) -> list[tuple[str, Role]]:
    people = []
    for spec in text.split(";"):
        if not spec.strip():
            continue
        name, _, role_word = spec.partition(":")
        name = " ".join(name.split())
        if not name:
            raise ValueError(f"the people entry {spec.strip()!r} has no name (use Name:role)")
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
    """Parse and check every row; build the records of the good ones (nothing is written)."""
    from tracker.store.repo import new_id

    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, 64 * FIELD_LIMIT * 16))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=False)
        rows: list[tuple[int, list[str]]] = []
        header: list[str] | None = None
        header_line = 0
        start = 1
        try:
            for record in reader:
                line = start
                start = reader.line_num + 1
                if not any(cell.strip() for cell in record):
                    continue
                if header is None:
                    header, header_line = record, line
                else:
                    rows.append((line, record))
        except csv.Error as error:
            raise ImportRefused(
                f"{source} line {reader.line_num} cannot be read as CSV ({error})."
            ) from None
    finally:
        csv.field_size_limit(old_limit)
    if header is None:
        raise ImportRefused(
            f"{source} is empty; expected a CSV file with a header row: {EXPECTED}."
        )
    keys = [_header_key(cell) for cell in header]
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
    where = {name: keys.index(name) for name in IMPORT_REQUIRED + IMPORT_OPTIONAL if name in keys}

    today = repo.today()
    now = repo.now().isoformat()
    snap = repo.snapshot()
    seen: dict[tuple[str, str, tuple[date, ...]], int] = {}
    for opp in snap.opportunities.values():
        seen[(opp.company.lower(), opp.role.lower(), tuple(opp.interviews))] = 0
    plan = CsvPlan(total=len(rows))
    for line, record in rows:
        try:
            row = _plan_row(record, where, len(header), today, now, repo, new_id)
        except ValueError as error:
            plan.bad.append(BadRow(line, str(error)))
            continue
        key = (
            row.opportunity.company.lower(),
            row.opportunity.role.lower(),
            tuple(row.opportunity.interviews),
        )
        if key in seen:
            first = seen[key]
            plan.bad.append(
                BadRow(
                    line,
                    (
                        f"it repeats line {first}"
                        if first
                        else "this application is already in tracker"
                    )
                    + " (same company, role and interview date)",
                )
            )
            continue
        seen[key] = line
        row.line = line
        plan.rows.append(row)
    return plan


def _plan_row(
    record: list[str],
    where: dict[str, int],
    width: int,
    today: date,
    now: str,
    repo: Repository,
    new_id: Any,
) -> Row:
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
    raw_day = cell("interview date")
    if not raw_day:
        raise ValueError("the interview date is empty")
    try:
        interviews = sorted(set(_parse_dates(raw_day)))
    except ValueError:
        raise ValueError(
            f"the interview date {raw_day[:40]!r} is not a date like 2026-03-02"
        ) from None
    if interviews[-1] > today:
        raise ValueError(f"the interview date {interviews[-1]} is after today ({today})")
    people_spec = _parse_people(cell("people"))
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
            rules.finish(card, opp, outcome, on, now=now)
    except DomainError as error:
        raise ValueError(str(error).rstrip(".")) from None
    return Row(0, opp, card, persons, outcome, on)


def apply_csv(repo: Repository, plan: CsvPlan, source: Path) -> int:
    """Write the good rows in one transaction, undone as a whole; returns how many."""
    repo.import_records([(row.opportunity, row.card, row.people) for row in plan.rows], source.name)
    return len(plan.rows)

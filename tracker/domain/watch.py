"""Watching a company: after a "no", check their openings now and then.

Pure rules over the watch records (no clock: ``today`` is a parameter).

- A **watch** is a company, an optional careers URL, a cadence in days (``every``),
  the day it started (the rejection's day, or the day it was started by hand), the day
  it ends (``until``), the day it was last checked, the day a snoozed reminder waits
  for, whether it was stopped, and the opportunities it came from (their ids: "apply
  again" links the next interview to them).
- After a rejection or a ghosting (the same action, undone with it) the company is
  watched: every ``[network] watch_every`` days (default 30) for ``[network] watch_for``
  months (default 12) from the outcome's day. Either at 0 (or "never") turns the
  automatic watch off. A watch already there gains the opportunity and runs at least
  until the new end; one that had ended starts again from the outcome's day; one the
  user stopped stays stopped (it only gains the opportunity).
- Its **reminder** ("Check openings at Acme") is due ``every`` days after the later of
  its start and its last check, or on the day a snooze ends when that is later; there
  is none once that day is after ``until``, nor for a stopped watch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import msgspec
import msgspec.structs

from tracker.domain.dates import add_months
from tracker.domain.errors import DomainError
from tracker.domain.text import has_control

DEFAULT_EVERY = 30
"""Days between reminders when the config does not say (``[network] watch_every``)."""
DEFAULT_FOR = 12
"""Months a watch runs when the config does not say (``[network] watch_for``)."""
MAX_EVERY = 3650
"""The longest cadence, in days (ten years)."""
MAX_FOR = 120
"""The longest automatic watch, in months (ten years)."""
EVERY_FORMS = "days or weeks, like 30d, 4w or 30"
"""The accepted forms of a watch's cadence, for refusals."""
_EVERY = re.compile(r"^(\d{1,5})\s*([dw]?)$")
MAX_URL = 2000


def company_key(name: str) -> str:
    """How companies are matched: case and repeated spaces do not count."""
    return " ".join(name.split()).casefold()


def parse_every(word: str) -> int:
    """A watch's cadence as typed: days (``30d``, ``30``) or weeks (``4w``). ``0d`` and
    anything else are refused, naming the forms."""
    text = word.strip().lower()
    match = _EVERY.match(text)
    days = 0
    if match:
        days = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
    if not match or not 0 < days <= MAX_EVERY:
        shown = word.strip() if not has_control(word) else "that"
        raise DomainError(
            f"{shown!r} is not a cadence for a watch; use {EVERY_FORMS}, from 1 to "
            f"{MAX_EVERY} days (--stop ends a watch)."
        )
    return days


def check_url(url: str) -> str:
    """The careers page's URL, trimmed; empty clears it. It must be an http:// or
    https:// address without spaces or control characters."""
    url = url.strip()
    if not url:
        return ""
    if has_control(url) or any(ch.isspace() for ch in url):
        raise DomainError("the careers URL contains spaces or control characters; type it again.")
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest.strip("/"):
        raise DomainError(
            f"{url!r} is not a web address; give the careers page with http:// or https://, "
            "for example https://acme.example/careers."
        )
    if len(url) > MAX_URL:
        raise DomainError(f"the careers URL is longer than {MAX_URL} characters.")
    return url


class Watch(msgspec.Struct):
    """A company whose openings the user checks now and then."""

    id: str
    company: str
    started: date
    """The day the reminders count from until the first check."""
    every: int
    """Days between reminders (more than 0)."""
    until: date
    """The last day a reminder can be due."""
    url: str = ""
    """The careers page ("" when not given)."""
    checked: date | None = None
    """The day of the last check (done or skipped)."""
    snoozed: date | None = None
    """The day a snoozed reminder waits for."""
    stopped: bool = False
    opportunities: list[str] = msgspec.field(default_factory=list)
    """The ids of the opportunities at this company it came from, oldest first."""
    note: str = ""
    """What the last check found, when the user said."""

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "id": self.id,
            "company": self.company,
            "started": self.started.isoformat(),
            "every": self.every,
            "until": self.until.isoformat(),
            "opportunities": list(self.opportunities),
        }
        if self.url:
            doc["url"] = self.url
        if self.checked is not None:
            doc["checked"] = self.checked.isoformat()
        if self.snoozed is not None:
            doc["snoozed"] = self.snoozed.isoformat()
        if self.stopped:
            doc["stopped"] = True
        if self.note:
            doc["note"] = self.note
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Watch:
        if type(doc) is not dict:
            raise TypeError("a watch is not an object")
        for key in ("id", "company", "started", "until"):
            if type(doc.get(key)) is not str:
                raise TypeError(f"the watch's {key} {doc.get(key)!r} is not text")
        every = doc.get("every")
        if type(every) is not int or not 0 < every <= MAX_EVERY:
            raise ValueError(f"the watch's cadence {every!r} is not a number of days")
        for key in ("url", "note", "checked", "snoozed"):
            if key in doc and type(doc[key]) is not str:
                raise TypeError(f"the watch's {key} {doc[key]!r} is not text")
        if type(doc.get("stopped", False)) is not bool:
            raise TypeError(f"the watch's stopped {doc.get('stopped')!r} is not true or false")
        opportunities = doc.get("opportunities", [])
        if type(opportunities) is not list or any(type(x) is not str for x in opportunities):
            raise TypeError("the watch's opportunities are not a list of ids")
        checked, snoozed = doc.get("checked"), doc.get("snoozed")
        return cls(
            id=doc["id"],
            company=doc["company"],
            started=date.fromisoformat(doc["started"]),
            every=every,
            until=date.fromisoformat(doc["until"]),
            url=doc.get("url", ""),
            checked=date.fromisoformat(checked) if checked else None,
            snoozed=date.fromisoformat(snoozed) if snoozed else None,
            stopped=doc.get("stopped", False),
            opportunities=list(opportunities),
            note=doc.get("note", ""),
        )

    @property
    def last(self) -> date:
        """The day the next reminder counts from: the last check, else the start."""
        if self.checked is not None and self.checked > self.started:
            return self.checked
        return self.started

    def next_due(self) -> date:
        """The day the next reminder is due, whether or not the watch still runs then."""
        due = self.last + timedelta(days=self.every)
        if self.snoozed is not None and self.snoozed > due:
            due = self.snoozed
        return due

    def is_running(self) -> bool:
        """Not stopped, and a reminder is still to come before its end."""
        return not self.stopped and self.next_due() <= self.until

    def state_words(self) -> str:
        if self.stopped:
            return "stopped"
        return "running" if self.is_running() else "ended"


class Reminder(msgspec.Struct, frozen=True):
    """A "check their openings" reminder of one watch."""

    watch: Watch
    due_on: date

    @property
    def label(self) -> str:
        return f"Check openings at {self.watch.company}"

    @property
    def company(self) -> str:
        return self.watch.company

    @property
    def opportunities(self) -> list[str]:
        """The ids of the opportunities the watch came from (for "apply again")."""
        return list(self.watch.opportunities)

    def days_overdue(self, today: date) -> int:
        return (today - self.due_on).days

    def is_due(self, today: date) -> bool:
        return self.due_on <= today

    def to_json(self, today: date) -> dict[str, Any]:
        watch = self.watch
        return {
            "watch": watch.id,
            "company": watch.company,
            "url": watch.url,
            "label": self.label,
            "last": watch.last.isoformat(),
            "every": watch.every,
            "until": watch.until.isoformat(),
            "due_on": self.due_on.isoformat(),
            "days_overdue": self.days_overdue(today),
            "opportunities": list(watch.opportunities),
        }


def reminder_for(watch: Watch) -> Reminder | None:
    """The watch's next reminder, due or not; None when it is stopped or has ended."""
    if watch.stopped:
        return None
    due = watch.next_due()
    return Reminder(watch, due) if due <= watch.until else None


def by_due(reminder: Reminder) -> tuple[date, str, str]:
    """The order of reminders: the earliest due first, then by company."""
    return reminder.due_on, company_key(reminder.watch.company), reminder.watch.id


def reminders(watches: Iterable[Watch]) -> list[Reminder]:
    """Every next reminder, due or not, the earliest first."""
    found = [r for w in watches if (r := reminder_for(w)) is not None]
    found.sort(key=by_due)
    return found


def due_reminders(watches: Iterable[Watch], today: date) -> list[Reminder]:
    """The reminders due ``today``, most overdue first."""
    return [r for r in reminders(watches) if r.is_due(today)]


def due_on_from_doc(doc: dict[str, Any]) -> date | None:
    """``reminder_for(Watch.from_doc(doc)).due_on`` (None: no reminder), from the stored
    document without building the watch: the prompt summary counts them at each commit."""
    if doc.get("stopped"):
        return None
    last = doc["started"]
    checked = doc.get("checked")
    if checked and checked > last:
        last = checked
    due = date.fromisoformat(last) + timedelta(days=doc["every"])
    snoozed = doc.get("snoozed")
    if snoozed:
        due = max(due, date.fromisoformat(snoozed))
    return due if due <= date.fromisoformat(doc["until"]) else None


def after_outcome(
    existing: Watch | None,
    new_id: str,
    company: str,
    opportunity_id: str,
    day: date,
    every: int,
    months: int,
) -> Watch | None:
    """The watch after a rejection (or a ghosting) at ``company`` on ``day``: see the
    module's docstring. None when nothing changes (the automatic watch is off)."""
    if every <= 0 or months <= 0:
        return None
    end = add_months(day, months)
    if existing is None:
        return Watch(
            id=new_id,
            company=company,
            started=day,
            every=every,
            until=end,
            opportunities=[opportunity_id],
        )
    watch = msgspec.structs.replace(existing, opportunities=list(existing.opportunities))
    if opportunity_id not in watch.opportunities:
        watch.opportunities.append(opportunity_id)
    if watch.stopped:
        return watch
    if not watch.is_running():  # it had ended: it starts again from this outcome
        watch.started, watch.checked, watch.snoozed = day, None, None
    watch.until = max(watch.until, end)
    return watch


def combine(watches: list[Watch]) -> Watch:
    """One watch from several of the same company (two machines each started one, then
    synced): the smallest id's record, watching from the earliest start to the latest
    end, for every opportunity any of them came from; the latest check (with its note)
    and the latest snooze count; the careers page of the first that has one. Stopped if
    any was stopped: a stop is the user's word, and a stopped watch stays stopped when
    another rejection comes, as on one machine. The same whichever machine combines."""
    ordered = sorted(watches, key=lambda w: w.id)
    first = ordered[0]
    opportunities: list[str] = []
    for watch in sorted(ordered, key=lambda w: (w.started, w.id)):
        opportunities += [o for o in watch.opportunities if o not in opportunities]
    checked = [w for w in ordered if w.checked is not None]
    latest = max(checked, key=lambda w: (w.checked, w.id)) if checked else None
    snoozes = [w.snoozed for w in ordered if w.snoozed is not None]
    return msgspec.structs.replace(
        first,
        started=min(w.started for w in ordered),
        until=max(w.until for w in ordered),
        url=next((w.url for w in ordered if w.url), ""),
        checked=latest.checked if latest else None,
        note=latest.note if latest and latest.note else first.note,
        snoozed=max(snoozes) if snoozes else None,
        stopped=any(w.stopped for w in ordered),
        opportunities=opportunities,
    )


def watch_json(watch: Watch, today: date) -> dict[str, Any]:
    """The stable ``--json`` shape of a watch (``next`` is its reminder, or null)."""
    reminder = reminder_for(watch)
    return {
        "watch": watch.id,
        "company": watch.company,
        "url": watch.url,
        "state": watch.state_words(),
        "every": watch.every,
        "started": watch.started.isoformat(),
        "until": watch.until.isoformat(),
        "checked": watch.checked.isoformat() if watch.checked else None,
        "snoozed": watch.snoozed.isoformat() if watch.snoozed else None,
        "note": watch.note,
        "opportunities": list(watch.opportunities),
        "next": reminder.to_json(today) if reminder is not None else None,
    }

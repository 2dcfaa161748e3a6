"""The iCalendar export: one all-day event with a reminder per open follow-up.

One VEVENT per open checklist item of the active and waiting cards, on the
item's target day, written by hand per RFC 5545 (escaped, folded at 75
octets, CRLF line ends) so no calendar library is needed. An item whose
target has passed is put on the day of the export (today), saying how late it
is, so a calendar shows what is still to do rather than burying it in the past.
A coffee meeting (an open ``meet`` item, due on the day agreed) is an event
"Coffee with NAME (COMPANY)" on that day, wherever the day falls.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from tracker.domain.model import CAN_BE_DUE
from tracker.domain.rules import ACTIONS
from tracker.domain.views import due_words
from tracker.exchange.common import person_name
from tracker.store.repo import Repository

MEET = "meet"
"""The action of a coffee meeting: its target is the day agreed."""


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
    snap = repo.settled_snapshot()  # a waiting card shows the stage that began today
    today = repo.today()
    cards = snap.cards
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
        if opp is None or card.state not in CAN_BE_DUE:
            continue
        for item in card.open_items:
            action = ACTIONS.get(item.action, item.action)
            who = person_name(snap.people, item.person_id)
            if item.action == MEET:  # a meeting: on its day, early or late
                summary = f"Coffee with {who or 'the person hired'} ({opp.company})"
                day = item.target
                what = "Coffee or a call: advice, insights, recommendations" + (
                    f" with {who}" if who else ""
                )
                when = f"Meeting on {item.target.isoformat()}"
            else:
                summary = f"{action}{' — ' + who if who else ''} ({opp.company})"
                if item.optional:
                    summary += " (optional)"
                day = max(item.target, today)  # what is late is still to do: on today
                late = due_words(item.target, item.deadline, today) if item.target < today else ""
                if late:
                    summary = f"{summary} ({late})"
                what = f"Action: {action}" + (f" for {who}" if who else "")
                when = f"Target {item.target.isoformat()}, deadline {item.deadline.isoformat()}" + (
                    f"; on {today.isoformat()}, the day of the export: {late}" if late else ""
                )
            details = [
                f"{opp.company} — {opp.role}",
                f"Stage: {card.stage.title}",
                what,
                when,
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
                f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
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

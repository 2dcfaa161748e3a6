"""The Markdown weekly report: the week (Monday to Sunday) that holds today.

What was done this week, the feedback received and the coffees held, the
streak, the funnel (the one the stats screen shows) and what falls due next
week; every piece of user text is escaped so it cannot change the Markdown
around it.

Feedback is an interaction of kind ``feedback`` logged this week. A coffee is
an ``advice`` interaction whose ``met_on`` day falls this week (``tracker met``
logs one, with its Advice, Insights and Recommendations under ``air``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tracker.domain.model import CAN_BE_DUE, Event
from tracker.domain.people import interactions
from tracker.domain.rules import ACTIONS
from tracker.domain.streaks import funnel
from tracker.exchange.common import person_name
from tracker.store import streak_store
from tracker.store.repo import Repository, Snapshot

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
    """The follow-ups logged from ``monday`` to ``sunday`` (not undone, not imported)."""
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
                who = person_name(snap.people, item.get("person"))
                what = ACTIONS.get(item.get("action", ""), item.get("action", "an item"))
                reason = event.data.get("reason")
                tail = f" (reason: {reason})" if verb == "Skipped" and reason else ""
                lines.append(f"- {day}: {verb}: {what}{' — ' + who if who else ''}, {where}{tail}")
        elif event.type == "reply_logged":
            who = person_name(snap.people, event.data.get("person")) or "someone"
            lines.append(f"- {day}: Reply logged from {who}, {where}")
        else:
            lines.append(f"- {day}: Outcome logged: {event.data.get('outcome', '?')}, {where}")
    return [_md_line(line) for line in lines]


AIR_PARTS = (("advice", "Advice"), ("insights", "Insights"), ("recommendations", "Recommendations"))
"""The parts of a coffee's notes (``air`` in the event), in the order they are said."""


def _where(snap: Snapshot, card_id: str | None) -> str:
    card = snap.cards.get(card_id or "")
    opp = snap.opportunities.get(card.opportunity_id) if card else None
    return f"{opp.company} ({opp.role})" if opp else "a removed card"


def _said_lines(
    events: list[Event], snap: Snapshot, monday: date, sunday: date
) -> tuple[list[str], list[str]]:
    """The feedback received and the coffees held from ``monday`` to ``sunday``, undone
    ones left out, each sorted by day."""
    by_id = {event.id: event for event in events}
    feedback: list[tuple[date, str]] = []
    coffees: list[tuple[date, str]] = []
    for said in interactions(events):
        event = by_id[said.id]
        who = person_name(snap.people, said.person_id) or str(event.data.get("name") or "someone")
        where = _where(snap, said.card_id)
        if said.kind == "feedback" and monday <= said.day <= sunday:
            text = f"{who}, {where}" + (f": “{said.text}”" if said.text else "")
            feedback.append((said.day, text))
        met_on = event.data.get("met_on")
        if said.kind != "advice" or not isinstance(met_on, str):
            continue
        try:
            day = date.fromisoformat(met_on)
        except ValueError:
            continue
        if not monday <= day <= sunday:
            continue
        air = event.data.get("air")
        parts = [
            f"{title}: {air[key].strip()}"
            for key, title in AIR_PARTS
            if isinstance(air, dict) and isinstance(air.get(key), str) and air[key].strip()
        ]
        if not parts and said.text:
            parts = [said.text]
        coffees.append(
            (day, f"Coffee with {who}, {where}" + (f". {'; '.join(parts)}" if parts else ""))
        )

    def lines(found: list[tuple[date, str]]) -> list[str]:
        return [
            _md_line(f"- {day.strftime('%a')} {day.isoformat()}: {text}")
            for day, text in sorted(found, key=lambda pair: pair[0])
        ]

    return lines(feedback), lines(coffees)


def _md_line(line: str) -> str:
    """Escape what follows a list line's "- Mon 2026-03-02:" head."""
    head, _, rest = line.partition(": ")
    return f"{head}: {_md(rest)}"


def _due_lines(repo: Repository, snap: Snapshot, start: date, end: date) -> list[str]:
    """The open items of active and waiting cards whose target is from ``start`` to ``end``."""
    cards = repo.settled_snapshot().cards  # as time leaves them today, in memory
    due: list[tuple[date, str, str]] = []
    for card in cards.values():
        opp = snap.opportunities.get(card.opportunity_id)
        if opp is None or card.state not in CAN_BE_DUE:
            continue
        for item in card.open_items:
            if start <= item.target <= end:
                who = person_name(snap.people, item.person_id)
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
    feedback, coffees = _said_lines(events, snap, monday, sunday)
    status = streak_store.current_status(repo)
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
        f"## Feedback received this week ({len(feedback)})",
        "",
        *(feedback or ["No feedback logged this week."]),
        "",
        f"## Coffees held this week ({len(coffees)})",
        "",
        *(coffees or ["No coffee this week."]),
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

"""The prompt summary: what `tracker due --count` and `tracker streak` print, precomputed.

Those two commands run on every shell prompt and tmux status refresh. Every commit
(:meth:`tracker.store.database.Database.summarize`) also writes ``prompt.json``
(:data:`tracker.paths.PROMPT`) beside the state file, with the answers for today and
the next days *if nothing changes*: the due count, and the streak as ``tracker streak``
shows it. :mod:`tracker.cli.prompt` reads it with nothing but json and os, and falls
back to the full commands whenever it is not current.

It is derived data: never backed up, exported or synced; deleting it costs only speed
(the next commit writes it again). It is current only while everything it was computed
from is unchanged, so it records:

- ``state`` and ``events``: the stat signatures (inode, size, mtime and ctime in ns) of
  the state file just committed and of the event log. Any other writer (an older
  tracker, a restore, a hand edit) changes them.
- ``config``: the config file's signature when the settings were read (``[]``: none);
  ``tz`` and ``localtime``: the ``TZ`` variable and where ``/etc/localtime`` points,
  which pick the time zone when the config names none.
- ``offsets``: the home zone's UTC offset over the covered weeks (``[start, seconds]``
  pairs, start in epoch seconds), and ``day_start`` in seconds: with them a reader turns
  the clock into the day label exactly as :func:`tracker.domain.dates.day_label` does,
  without a time zone library. ``covers``: the instants the offsets are known for.
- ``days``: per day label (days since 1970-01-01, as a string): ``due`` (what
  ``tracker due --count`` prints) and ``streak`` (the placeholders of ``tracker streak``,
  its review hint, and its ``--json`` status). Each day is computed by the functions
  the commands call, with that day as today; to stay cheap at 10,000 cards, cards alike
  are counted once, a card that does not settle in the window through
  :func:`tracker.domain.views.due_from` (tested to agree with ``is_due`` on every day),
  and the streak's history is walked once for all the days
  (:func:`tracker.domain.streaks.statuses_from_days`, tested likewise).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import msgspec

from tracker.domain.model import ON_BOARD, Card, State
from tracker.domain.rules import settles
from tracker.paths import Paths
from tracker.settings import Settings
from tracker.store import dayindex, restdays, schema

FORMAT = 1
"""The layout of the file; a reader ignores any other."""

DAYS = 14
"""How many days, from the commit's today, the summary covers."""

EPOCH = date(1970, 1, 1)
_STEP = 3 * 3600
"""Seconds between the samples of the zone's offset (a change is then found to the second;
no zone changes its offset twice within three hours)."""


def stat_signature(path: str | os.PathLike[str]) -> list[int] | None:
    """A file's (inode, size, mtime_ns, ctime_ns), or None when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def localtime_target() -> str | None:
    """Where /etc/localtime points (the machine's zone when neither config nor TZ says)."""
    try:
        return os.path.realpath("/etc/localtime")
    except OSError:
        return None


def offsets(zone: Any, start: int, end: int) -> list[list[int]]:
    """The UTC offset of ``zone`` from ``start`` to ``end`` (epoch seconds), as
    ``[from, seconds]`` pairs: each in force until the next one."""

    def offset(t: int) -> int:
        found = datetime.fromtimestamp(t, UTC).astimezone(zone).utcoffset()
        return int(found.total_seconds()) if found is not None else 0

    out = [[start, offset(start)]]
    t = start
    while t < end:
        step = min(_STEP, end - t)
        after = offset(t + step)
        if after != out[-1][1]:
            lo, hi = t, t + step  # offset(lo) is the old one, offset(hi) the new
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset(mid) == after:
                    hi = mid
                else:
                    lo = mid
            out.append([hi, after])
        t += step
    return out


def build(
    data: dict[str, Any],
    signature: object,
    *,
    paths: Paths,
    settings: Settings,
    now: datetime,
    today: date,
    settled: Callable[[list[str], date], list[Card]],
) -> bytes | None:
    """The summary for the state ``data`` just committed as ``signature``, or None when
    it cannot be made cheaply (no current day index: the streak would need the log).

    ``settled(ids, day)`` gives those cards as settling them on ``day`` would leave them
    (:func:`tracker.store.repo.settled_cards`: what ``tracker due`` counts).
    """
    from tracker.domain.streaks import (
        percent,
        review_hint,
        status_from_days,
        statuses_from_days,
        today_mark,
    )
    from tracker.domain.views import due_from, due_once_settled, is_due

    kept = dayindex.current(data)
    if kept is None or signature is None or settings.source is None:
        return None
    last = today + timedelta(days=DAYS - 1)
    # Whether a card is due depends on its state, stage and four dates only: cards alike
    # in those are looked at once, on one of them. Those that do not settle before the
    # last day are due from a day on (views.due_from; for them due_once_settled is
    # is_due); those that do (a snooze ends, a stage starts) are settled one by one, on
    # each day, as `tracker due` does.
    # The states a card counts in or settles from: done and archived cards are skipped.
    live = {state.value for state in (*ON_BOARD, State.SNOOZED, State.WAITING)}
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for doc in data.get("cards", {}).values():
        if doc["state"] not in live:
            continue
        key = (
            doc["stage"],
            doc["state"],
            doc.get("target"),
            doc.get("deadline"),
            doc.get("snoozed_until"),
            doc.get("next_stage_on"),
        )
        found = groups.get(key)
        if found is None:
            groups[key] = [doc, 1, [doc["id"]]]
        else:
            found[1] += 1
            found[2].append(doc["id"])
    firsts: list[tuple[date, int]] = []
    moving: list[tuple[Card, int]] = []
    settling: list[str] = []
    on_board = 0
    for doc, count, ids in groups.values():
        card = Card.from_doc(doc)
        if card.state in ON_BOARD:
            on_board += count
        if settles(card, last):
            settling += ids
            if card.state in ON_BOARD:
                moving.append((card, count))
        elif card.state in ON_BOARD:
            first = due_from(card)
            if first is not None:
                firsts.append((first, count))
    # Keep-in-touch touches with the network are on no card: each person's next touch
    # is due from one day on (settling cards never moves a card on or off the board).
    touch_days = _touch_days(data, settings.network_every)
    touch_days += _watch_days(data)  # and so are the reminders of the companies watched
    # The rules are the same every day once a commit recorded the config's rest days
    # (each does): then the history is walked once for all the days.
    rules = [
        restdays.rules_in(data, settings.rest_weekdays, today + timedelta(days=n), paths.database)
        for n in range(DAYS)
    ]
    if all(each == rules[0] for each in rules):
        states = statuses_from_days(kept, today, DAYS, rules[0])
    else:
        states = [status_from_days(kept, today + timedelta(days=n), rules[n]) for n in range(DAYS)]
    days: dict[str, Any] = {}
    for n, state in enumerate(states):
        day = today + timedelta(days=n)
        alike = sum(count for first, count in firsts if first <= day)
        alike += sum(1 for first in touch_days if first <= day)
        due = alike + sum(
            1 for card in settled(settling, day) if card.state in ON_BOARD and is_due(card, day)
        )
        hint = review_hint(
            state,
            due=alike + sum(count for card, count in moving if due_once_settled(card, day)),
            on_board=on_board,
        )
        days[str((day - EPOCH).days)] = {
            "due": due,
            "streak": {
                "current": state.current,
                "best": state.best,
                "percent": percent(state.score),
                "freezes": state.freezes,
                "days_until_break": state.days_until_break,
                "mark": today_mark(state),
                "hint": hint,
                "json": state.as_json(),
            },
        }
    start = int(now.timestamp()) - 86_400
    end = int(now.timestamp()) + (DAYS + 1) * 86_400
    summary = {
        "format": FORMAT,
        "state": list(signature),  # type: ignore[call-overload]
        "token": schema.meta(data).get("token", ""),
        "events": stat_signature(paths.events),
        "config": list(settings.source),
        "tz": os.environ.get("TZ"),
        "localtime": localtime_target(),
        "day_start": settings.day_start.hour * 3600 + settings.day_start.minute * 60,
        "covers": [start, end],
        "offsets": offsets(settings.zone, start, end),
        "days": days,
    }
    return msgspec.json.encode(summary)


def _watch_days(data: dict[str, Any]) -> list[date]:
    """The day each next reminder of a watched company is due (see
    :mod:`tracker.domain.watch`)."""
    watches = data.get("watches")
    if not watches:
        return []
    from tracker.domain.watch import due_on_from_doc

    return [due for doc in watches.values() if (due := due_on_from_doc(doc)) is not None]


def _touch_days(data: dict[str, Any], default_every: int) -> list[date]:
    """The day each next touch of the network is due (see :mod:`tracker.domain.network`)."""
    from tracker.domain.network import due_on_from_doc, ends_from_docs

    people = data.get("people", {})
    if not people:
        return []
    ended, on_board = ends_from_docs(data.get("cards", {}).values(), data.get("opportunities", {}))
    out = []
    for person_id, end in ended.items():
        doc = people.get(person_id)
        if doc is not None and person_id not in on_board:
            due = due_on_from_doc(doc, date.fromisoformat(end), default_every)
            if due is not None:
                out.append(due)
    return out

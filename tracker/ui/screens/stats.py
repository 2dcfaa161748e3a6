"""Streak and stats: a 52-week heatmap, the streaks, the score explained, actions per week,
and how far opportunities got.

Day states are told apart by glyph as well as colour, so the heatmap reads in a
16-colour terminal and with NO_COLOR.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Label, Sparkline, Static

from tracker.domain.streaks import (
    DayState,
    Funnel,
    StreakStatus,
    actions_per_week,
    day_states_from_days,
    explain,
    funnel,
    percent,
)
from tracker.domain.words import plural
from tracker.store.repo import Repository
from tracker.ui import bindings
from tracker.ui.base import TrackerScreen

WEEKS = 52

GLYPHS = {
    DayState.KEPT: ("■", "heat--kept"),
    DayState.MISSED: ("x", "heat--missed"),
    DayState.FROZEN: ("*", "heat--frozen"),
    DayState.REST: ("-", "heat--rest"),
    DayState.VACATION: ("~", "heat--vacation"),
    DayState.PENDING: ("?", "heat--pending"),
    DayState.NONE: ("·", "heat--none"),
    DayState.FUTURE: (" ", "heat--none"),
}
"""Glyph and component class for each day state."""

LEGEND = [
    (DayState.KEPT, "kept"),
    (DayState.MISSED, "missed"),
    (DayState.FROZEN, "frozen"),
    (DayState.REST, "rest"),
    (DayState.VACATION, "vacation"),
    (DayState.PENDING, "today, not yet"),
]


@dataclass
class Stats:
    """Everything the screen shows, computed on the store thread."""

    status: StreakStatus
    days: dict[date, DayState]
    weeks: list[tuple[date, int]]
    funnel: Funnel
    start: date


def gather(repo: Repository) -> Stats:
    """Read the store and compute the stats (runs off the UI thread)."""
    from tracker.store import streak_store

    today = repo.today()
    status = streak_store.current_status(repo)
    this_monday = today - timedelta(days=today.weekday())
    start = this_monday - timedelta(weeks=WEEKS - 1)
    end = this_monday + timedelta(days=6)
    rules = streak_store.rules(repo)
    days = day_states_from_days(status.kept_days, today, rules, start, end)
    events = repo.event_docs()
    snap = repo.snapshot()
    return Stats(
        status,
        days,
        actions_per_week(events, today, WEEKS),
        funnel(snap.opportunities, snap.cards),
        start,
    )


def month_labels(start: date, weeks: int = WEEKS) -> list[tuple[int, str]]:
    """Where the heatmap's month names go: (column, name), left to right.

    Every month whose 1st falls in the ``weeks`` weeks from ``start`` (a Monday) is named at
    the column of the week that holds its 1st, the current month included. The month already
    under way in the first column is named there only when its name ends a space before the
    next one. The 1sts of two months are at least 4 weeks apart and a name is 3 wide, so names
    never overlap; the last may reach past the grid by up to two characters.
    """
    end = start + timedelta(weeks=weeks)
    first = date(start.year, start.month, 1)
    out: list[tuple[int, str]] = []
    while first < end:
        if first >= start:
            out.append(((first - start).days // 7, first.strftime("%b")))
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    under_way = start.strftime("%b")
    if start.day != 1 and (not out or out[0][0] >= len(under_way) + 1):
        out.insert(0, (0, under_way))
    return out


class Heatmap(Static):
    """Weeks as columns, Monday to Sunday as rows."""

    COMPONENT_CLASSES = {
        f"heat--{n}" for n in ("kept", "missed", "frozen", "rest", "vacation", "pending", "none")
    }

    def show(self, days: dict[date, DayState], start: date) -> None:
        text = Text()
        names = ("Mon", "", "Wed", "", "Fri", "", "Sun")
        header = [" "] * (WEEKS + 2)  # the last name may reach past the grid
        for column, label in month_labels(start):
            header[column : column + len(label)] = label
        text.append(("    " + "".join(header)).rstrip() + "\n")
        for weekday in range(7):
            text.append(f"{names[weekday]:<4}")
            for week in range(WEEKS):
                day = start + timedelta(weeks=week, days=weekday)
                glyph, style = GLYPHS[days.get(day, DayState.FUTURE)]
                text.append(glyph, self.get_component_rich_style(style))
            text.append("\n")
        legend = Text("    ")
        for state, word in LEGEND:
            glyph, style = GLYPHS[state]
            legend.append(glyph, self.get_component_rich_style(style))
            legend.append(f" {word}   ")
        text.append_text(legend)
        self.update(text)


class StatsScreen(TrackerScreen[None]):
    """How persistent you have been."""

    BINDINGS = bindings.STATS

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats"):
            yield Label("Streak and stats", classes="dialog-title")
            yield Static("", id="streaks")
            yield Static("", id="score")
            yield Label("The last 52 weeks", classes="section")
            yield Heatmap("", id="heatmap")
            yield Label("Follow-up actions per week", classes="section")
            yield Sparkline([], id="weekly")
            yield Static("", id="weekly-words")
            yield Label("How far opportunities got", classes="section")
            yield Static("", id="funnel")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        stats = await self.tracker.store(gather, self.tracker.repo)
        self.show(stats)

    def show(self, stats: Stats) -> None:
        status = stats.status
        freeze = f"{status.freezes} of 2 freezes banked"
        if status.freezes < 2:
            freeze += f" (next after {plural(status.next_freeze_in, 'more kept day')})"
        today = (
            "today is kept"
            if status.today_kept
            else ("act today to keep it" if status.at_risk else "today is not kept yet")
        )
        self.query_one("#streaks", Static).update(
            f"Current streak {status.current} · best {status.best} · {freeze} · {today}"
        )
        self.query_one("#score", Static).update(
            f"Persistence score {percent(status.score)}%: {explain(status)}\n"
            "(A 13-day half-life average of kept days: each kept day counts 1, each missed day 0; "
            "rest, vacation and frozen days leave it unchanged.)"
        )
        self.query_one(Heatmap).show(stats.days, stats.start)
        counts = [n for _, n in stats.weeks]
        self.query_one(Sparkline).data = counts
        this_week, last_week = counts[-1], counts[-2] if len(counts) > 1 else 0
        self.query_one("#weekly-words", Static).update(
            f"this week {this_week} · last week {last_week} · best week {max(counts, default=0)} "
            f"· {sum(counts)} in 52 weeks"
        )
        widest = max((row.count for row in stats.funnel.rows), default=0) or 1
        lines = []
        for row in stats.funnel.rows:
            bar = "█" * round(24 * row.count / widest)
            lines.append(f"{row.title:<10} {row.count:>5}  {bar}")
        self.query_one("#funnel", Static).update("\n".join(lines))

    def action_back(self) -> None:
        self.dismiss(None)

"""The card commands: add, list, show, due, done, skip, the outcomes, snooze, advance, undo.

Quick capture runs through here (`tracker add`), so nothing at the top imports
more than argparse and :mod:`tracker.cli.common`; the store and the domain are
imported inside the handlers.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.cli.common import (
    AddCommand,
    Handler,
    UserError,
    fmt_day,
    load_settings,
    open_repo,
    parse_date_word,
    print_json,
    say,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from tracker.domain.capture import NewPerson
    from tracker.domain.views import CardView


def add_parsers(command: AddCommand) -> dict[str, Handler]:
    """Register the subcommands; returns their handlers by name."""
    from tracker.domain.capture import CAPTURE_ROLES

    p = command("add", "log an interview and create its Thank-you card")
    p.add_argument("company")
    p.add_argument("role")
    p.add_argument(
        "--with",
        dest="people",
        action="append",
        default=[],
        metavar="NAME[:ROLE[:HIGHLIGHT]]",
        help=f"a person you met; ROLE is {CAPTURE_ROLES} (default interviewer); a colon in "
        "NAME is written \\: ('Ana Lima\\: PhD:interviewer'); repeatable",
    )
    p.add_argument(
        "--person",
        dest="people",
        action=_PersonAction,
        metavar="NAME",
        help="a person you met, NAME taken as it is (colons too); repeatable, like --with",
    )
    p.add_argument(
        "--role",
        dest="person_role",
        action=_PersonPart,
        default=argparse.SUPPRESS,
        metavar="ROLE",
        help=f"the role of the --person just before ({CAPTURE_ROLES}; default interviewer)",
    )
    p.add_argument(
        "--highlight",
        dest="person_highlight",
        action=_PersonPart,
        default=argparse.SUPPRESS,
        metavar="TEXT",
        help="one line about the --person just before, for the drafts",
    )
    p.add_argument("--on", metavar="DATE", help="the interview day (default today)")
    p.add_argument("--decision-by", metavar="DATE", help="when they said they would decide")
    p.add_argument("--referral", metavar="NAME", help="who referred you")
    p.add_argument("--note", metavar="TEXT", default="", help="a note on the card")
    p.add_argument("--json", action="store_true", help="print the new card as JSON")
    p.add_argument(
        "--force",
        action="store_true",
        help="add it even if the same company, role and day is already logged",
    )

    p = command("list", "list the cards on the board")
    p.add_argument("--stage", choices=["thank_you", "feedback", "monitor", "coffee"])
    p.add_argument("--all", action="store_true", help="include done and archived cards")
    p.add_argument("--json", action="store_true")

    p = command("show", "show one card with its numbered checklist")
    p.add_argument("card")
    p.add_argument("--json", action="store_true")

    p = command("due", "what is due today or overdue, most urgent first")
    p.add_argument("--json", action="store_true")
    p.add_argument("--count", action="store_true", help="print only how many cards are due")

    p = command("paths", "where the database, backups and config live")
    p.add_argument("--json", action="store_true")

    p = command("done", "complete checklist items (default: the next open one)")
    p.add_argument("card")
    p.add_argument(
        "items", nargs="*", metavar="ITEM", help="item numbers from `tracker show`, or all"
    )

    p = command("skip", "skip a checklist item, with a reason")
    p.add_argument("card")
    p.add_argument("item", metavar="ITEM")
    p.add_argument("--reason", required=True, metavar="TEXT")

    p = command("reject", "log a rejection: the card moves to Feedback")
    p.add_argument("card")
    p.add_argument("--on", metavar="DATE", help="the day it came (default today)")
    p.add_argument("--hired", metavar="NAME", help="who got the job, if you know")

    for name, text in (
        ("offer", "log an offer: the chain ends happily"),
        ("withdraw", "log that you withdrew: the chain ends"),
        ("ghosted", "no answer came: skip Feedback, go to Monitor"),
    ):
        p = command(name, text)
        p.add_argument("card")
        p.add_argument("--on", metavar="DATE", help="the day (default today)")
        if name == "ghosted":
            p.add_argument("--hired", metavar="NAME", help="who got the job, if you know")

    p = command("snooze", "hide a card until a date")
    p.add_argument("card")
    p.add_argument("date", metavar="DATE")

    p = command("advance", "move a card to its next stage now")
    p.add_argument("card")

    command("undo", "undo the last action")
    p = command("config", "about the config file")
    p.add_argument(
        "what",
        nargs="?",
        default="show",
        choices=["show", "path"],
        help="show (the default): the settings in force; path: print where the config file is",
    )
    return {
        "add": cmd_add,
        "list": cmd_list,
        "show": cmd_show,
        "due": cmd_due,
        "paths": cmd_paths,
        "done": cmd_done,
        "skip": cmd_skip,
        "reject": cmd_reject,
        "offer": lambda a: _finish(a, "offer"),
        "withdraw": lambda a: _finish(a, "withdrawn"),
        "ghosted": lambda a: _finish(a, "ghosted"),
        "snooze": cmd_snooze,
        "advance": cmd_advance,
        "undo": cmd_undo,
        "config": cmd_config,
    }


class _PersonAction(argparse.Action):
    """``--person NAME``: one more person, in the order given among the ``--with`` ones."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        namespace.people = [*(getattr(namespace, "people", None) or []), {"name": values}]


class _PersonPart(argparse.Action):
    """``--role`` or ``--highlight``: a detail of the ``--person`` just before it."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        people = getattr(namespace, "people", None) or []
        last = people[-1] if people else None
        if not isinstance(last, dict):
            raise argparse.ArgumentError(
                self,
                f"comes after the --person NAME it is for, as in --person 'Ana Lima' "
                f"{option_string} {'hm' if self.dest == 'person_role' else 'Postgres'}",
            )
        if self.dest in last:
            raise argparse.ArgumentError(self, f"is given twice for --person {last['name']!r}")
        last[self.dest] = values


def _people(specs: list[str | dict[str, str]]) -> list[NewPerson]:
    """The ``--with`` and ``--person`` people, in order; a bad one is a UserError naming
    the option."""
    from tracker.domain.capture import met_person, parse_person
    from tracker.domain.errors import DomainError

    people = []
    for spec in specs:
        try:
            if isinstance(spec, str):
                people.append(parse_person(spec))
            else:
                people.append(
                    met_person(
                        spec["name"],
                        spec.get("person_role", ""),
                        spec.get("person_highlight", ""),
                    )
                )
        except DomainError as error:
            raise UserError(
                f"{'--with' if isinstance(spec, str) else '--person'} {error}"
            ) from None
    return people


def _due_line(view: CardView, today: date) -> str:
    card = view.card
    if card.target is None:
        return view.due_words(today)
    dates = f"target {fmt_day(card.target)}"
    if card.deadline is not None:
        dates += f", deadline {fmt_day(card.deadline)}"
    return f"{view.due_words(today)} ({dates})"


def _summary(view: CardView, today: date) -> str:
    return f"{view.card.short_id} {view.company} ({view.role}): {view.next_action()}, {_due_line(view, today)}"


def _item_ids(view: CardView, words: list[str]) -> list[str]:
    card = view.card
    if not words:
        nxt = view.next_item()
        if nxt is None:
            raise UserError(f"card {card.short_id} has no open item left.")
        return [nxt.id]
    if [w.lower() for w in words] == ["all"]:
        ids = [i.id for i in card.open_items]
        if not ids:
            raise UserError(f"card {card.short_id} has no open item left.")
        return ids
    ids = []
    for word in words:
        if not word.isdigit() or not 1 <= int(word) <= len(card.items):
            raise UserError(
                f"{word!r} is not an item of card {card.short_id}; use a number from 1 to "
                f"{len(card.items)} as `tracker show {card.short_id}` lists them, or all."
            )
        item_id = card.items[int(word) - 1].id
        if item_id not in ids:  # `done X 1 1` closes item 1 once
            ids.append(item_id)
    return ids


def cmd_add(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    today = repo.today()
    people = _people(args.people)
    on = parse_date_word(args.on, today, "--on")
    decision = parse_date_word(args.decision_by, today, "--decision-by")
    if not args.force:
        _refuse_a_twin(repo, args.company, args.role, on or today)
    earlier = repo.earlier_at(args.company)  # an interview there again follows them
    again: list[str] = []
    if earlier and people:  # people named again are the same records
        from tracker.domain.capture import met_again

        again = met_again(people, repo.known_at(args.company))
    view = repo.add_interview(
        args.company,
        args.role,
        people=people,
        on=on,
        decision_by=decision,
        referral=args.referral,
        note=args.note,
        earlier=earlier,
        known=again,
    )
    if args.json:
        print_json(view.to_json(today))
        return 0
    day = view.opportunity.interviews[0]
    decided = f", decision by {fmt_day(decision)}" if decision is not None else ""
    linked = ""
    if earlier:
        count = (
            "an earlier interview" if len(earlier) == 1 else f"{len(earlier)} earlier interviews"
        )
        linked = f"; linked to {count} there (tracker prep shows them)"
    if again:
        names = " and ".join(view.people[pid].name for pid in again if pid in view.people)
        linked += f"; {names} already known there (the same person records)"
    say(f"Added {_summary(view, today)}; interview {fmt_day(day)}{decided}{linked}.")
    return 0


def _refuse_a_twin(repo: Any, company: str, role: str, day: date) -> None:
    """Refuse an interview already logged: two such cards cannot be told apart."""
    twin = repo.find_interview(company, role, day)
    if twin is not None:
        card, opp = twin
        raise UserError(
            f"{opp.company} ({opp.role}) on {fmt_day(day)} is already logged as card "
            f"{card.short_id} ({card.state.value}, {card.stage.title}); "
            "add --force to log it again."
        )


def _stage_order(today: date) -> Callable[[CardView], tuple[Any, ...]]:
    """The sort key of ``tracker list``: by column, then as urgent as the board says."""
    from tracker.domain.views import urgency_key

    return lambda view: (view.card.stage.index, *urgency_key(view.card, today))


def cmd_list(args: argparse.Namespace) -> int:
    from tracker.cli.common import print_json_list
    from tracker.domain.model import ON_BOARD, State
    from tracker.store.repo import no_gc

    repo = open_repo(args)
    today = repo.today()
    states = set(State) if args.all else set(ON_BOARD)
    # Thousands of objects that form no cycles: the collector would only walk them.
    with no_gc(promote=True):
        # Snoozes that ended and stages that began are applied in memory (a read writes
        # nothing); the next action on a card stores them.
        snap = repo.settled_snapshot()
        views = [
            snap.view(card)
            for card in snap.cards.values()
            if card.state in states and (not args.stage or card.stage.value == args.stage)
        ]
        views.sort(key=_stage_order(today))
        if args.json:
            print_json_list(views, lambda view: view.to_json(today))
            return 0
        if not views:
            print(
                "No cards yet. Log an interview: tracker add ACME 'Backend Engineer' --with 'Jane Doe:hiring_manager'"
            )
            return 0
        lines = []  # all of them before any is printed: a damaged record stops the list, not half of it
        for view in views:
            card = view.card
            done, total = card.progress()
            lines.append(
                f"{card.short_id}  {card.stage.title:<9}  {view.due_words(today):<26} {done}/{total}  "
                f"{view.company} ({view.role}): {view.next_action()}"
            )
    say(*lines)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from tracker.domain.rules import ACTIONS

    repo = open_repo(args)
    today = repo.today()
    view = repo.find_card(args.card, include_inactive=True)  # settled in memory
    from tracker.domain.comparison import BETTER_WORDS, comparison_json, gap_words
    from tracker.domain.people import by_person, said_words

    said = by_person(repo.interactions(view.card.id))
    comparison = view.opportunity.comparison
    hire = view.people.get(comparison.person_id or "") if comparison else None
    if args.json:
        shape = view.to_json(today)
        for person in shape["people"]:
            person["interactions"] = [x.to_json() for x in said.get(person["id"], [])]
        shape["comparison"] = (
            comparison_json(comparison, hire.name if hire else "") if comparison else None
        )
        print_json(shape)
        return 0
    card, opp = view.card, view.opportunity
    from tracker.domain.text import visible

    say(f"{card.short_id}  {view.company} — {view.role}")
    state, *due = view.state_and_due(today)
    say(f"  stage: {card.stage.title} ({state})" + "".join(f", {words}" for words in due))
    print(
        f"  interview: {', '.join(fmt_day(d) for d in opp.interviews)}"
        + (f"; decision by {fmt_day(opp.decision_by)}" if opp.decision_by else "")
        + f"; outcome: {opp.outcome.value}"
        + (f" on {opp.outcome_on}" if opp.outcome_on else "")
    )
    if opp.people:
        names = ", ".join(
            f"{view.people[x.person_id].name} ({x.role.value})"
            for x in opp.people
            if x.person_id in view.people
        )
        say(f"  people: {names}")
        for person_id, found in said.items():
            if person_id not in view.people:
                continue
            say(f"  {view.people[person_id].name} said:")
            for x in found:
                text = visible(said_words(x), multiline=True).replace("\n", "\n" + " " * 8)
                print(f"    {fmt_day(x.day)} {text}")
    if comparison is not None:
        say(
            f"  compared with {hire.name if hire else 'the person hired'} on "
            f"{fmt_day(comparison.on)}: {gap_words(len(comparison.gaps))}, better qualified: "
            f"{BETTER_WORDS.get(comparison.better, comparison.better)}"
        )
        if comparison.background:
            text = visible(comparison.background, multiline=True).replace("\n", "\n" + " " * 6)
            print(f"    background: {text}")
        for gap in comparison.gaps:
            say(f"    gap {gap.id}: {gap.text}")
    say(f"  next: {view.next_action()}")
    for n, item in enumerate(card.items, start=1):
        mark = {"open": "[ ]", "done": "[x]", "skipped": "[-]"}[item.status.value]
        who = view.person_name(item)
        tail = (
            f" (skipped: {item.reason})" if item.status.value == "skipped" and item.reason else ""
        )
        opt = " (optional)" if item.optional else ""
        say(
            f"  {n:>2}. {mark} {ACTIONS.get(item.action, item.action)}{' — ' + who if who else ''}{opt}; "
            f"target {item.target}, deadline {item.deadline}{tail}"
        )
    if card.notes:
        # The notes are text the user wrote on several lines: their line breaks stay.
        print(f"  notes: {visible(card.notes, multiline=True)}")
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    """The agenda: overdue, late, today, then the next 7 days (``--json``/``--count``: due now)."""
    from datetime import timedelta

    from tracker.domain.model import ON_BOARD
    from tracker.domain.views import Due, due_status, is_due, urgency_key

    repo = open_repo(args)
    today = repo.today()
    # Snoozes that ended and stages that started are applied in memory, as the
    # next action on a card stores them: a read writes nothing.
    snap = repo.settled_snapshot()
    views = [snap.view(card) for card in snap.cards.values() if card.state in ON_BOARD]
    due = sorted(
        (v for v in views if is_due(v.card, today)), key=lambda v: urgency_key(v.card, today)
    )
    touches = repo.due_touches(today)  # the network's check-ins, on no card
    watched = repo.due_reminders(today)  # and the watched companies' reminders
    if args.count:
        print(len(due) + len(touches) + len(watched))
        return 0
    if args.json:
        print_json(
            [v.to_json(today) for v in due]
            + [{"kind": "touch", **t.to_json(today)} for t in touches]
            + [{"kind": "watch", **r.to_json(today)} for r in watched]
        )
        return 0
    overdue = [v for v in due if due_status(v.card, today) is Due.OVERDUE]
    late = [v for v in due if due_status(v.card, today) is Due.PAST_TARGET]
    now = [v for v in due if due_status(v.card, today) is Due.TODAY]
    horizon = today + timedelta(days=7)
    upcoming = sorted(
        (
            v
            for v in views
            if due_status(v.card, today) is Due.ON_TRACK
            and v.card.target is not None
            and v.card.target <= horizon
        ),
        key=lambda v: urgency_key(v.card, today),
    )

    def line(view: CardView, when: str) -> str:
        return (
            f"  {view.card.short_id}  {when:<26} {view.company} ({view.role}): {view.next_action()}"
        )

    out: list[str] = []
    # The board's states: past the deadline ("3d overdue"), past the target ("1d late").
    if overdue:
        out.append("Overdue (past the deadline)")
        out += [line(v, v.due_words(today)) for v in overdue]
    if late:
        out.append("Late (past the target)")
        out += [line(v, v.due_words(today)) for v in late]
    if now:
        out.append(f"Today, {fmt_day(today)}")
        out += [line(v, "today") for v in now]
    if touches:
        out.append("Keep in touch (your network)")
        for touch in touches:
            days = touch.days_overdue(today)
            when = f"{days}d overdue" if days else "today"
            company = f" ({touch.person.company})" if touch.person.company else ""
            out.append(
                f"  {touch.person.id[:6]}  {when:<26} {touch.label}{company}, "
                f"last contact {fmt_day(touch.last_contact)}"
            )
    if watched:
        out.append("Check openings (companies you watch)")
        for reminder in watched:
            days = reminder.days_overdue(today)
            when = f"{days}d overdue" if days else "today"
            url = f" {reminder.watch.url}" if reminder.watch.url else ""
            out.append(f"  {'':6}  {when:<26} {reminder.label}{url}")
    if not due and not touches and not watched:
        out.append(f"Nothing is due today ({fmt_day(today)}).")
    if upcoming:
        out.append("Next 7 days")
        out += [line(v, fmt_day(v.card.target)) for v in upcoming if v.card.target]
    say(*out)
    return 0


def cmd_paths(args: argparse.Namespace) -> int:
    from tracker import paths

    where = paths.resolve(args.home)
    info = {
        "database": str(where.database),
        "events": str(where.events),
        "backups": str(where.backups),
        "config": str(where.config),
    }
    if args.json:
        print_json(info)
    else:
        for key, value in info.items():
            say(f"{key + ':':<10} {value}")
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    from tracker.domain.words import plural

    repo = open_repo(args)
    view = repo.find_card(args.card)
    ids = _item_ids(view, args.items)
    after = repo.close_items(view.card.id, ids)
    say(f"Done {plural(len(ids), 'item')}. Now {_summary(after, repo.today())}.")
    return 0


def cmd_skip(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    view = repo.find_card(args.card)
    ids = _item_ids(view, [args.item])
    after = repo.close_items(view.card.id, ids, skip=True, reason=args.reason)
    say(f"Skipped item {args.item}. Now {_summary(after, repo.today())}.")
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    today = repo.today()
    on = parse_date_word(args.on, today, "--on") or today
    hired = _hired_name(args.hired)
    view = repo.find_card(args.card)
    after = repo.reject(view.card.id, on, hired=hired)
    say(f"Rejection logged on {fmt_day(on)}. Now {_summary(after, today)}.")
    _say_watched(repo, after)
    return 0


def _say_watched(repo: Any, view: CardView) -> None:
    """After a rejection or a ghosting: the company is watched (see `tracker watch`)."""
    from tracker.domain.errors import DomainError

    try:
        watch = repo.find_watch(view.company)
    except DomainError:
        return  # the automatic watch is off
    if watch.is_running() and view.opportunity.id in watch.opportunities:
        say(
            f"Watching {watch.company} for new roles: check their openings every "
            f"{watch.every} days until {fmt_day(watch.until)} (`tracker watch "
            f"{watch.company} --stop` stops it)."
        )


def _hired_name(name: str | None) -> str | None:
    """The ``--hired`` name, checked: not empty, no control characters."""
    from tracker.domain.people import check_name

    return None if name is None else check_name(name)


def _finish(args: argparse.Namespace, outcome_name: str) -> int:
    from tracker.domain.model import Outcome

    repo = open_repo(args)
    today = repo.today()
    on = parse_date_word(args.on, today, "--on") or today
    hired = _hired_name(getattr(args, "hired", None))
    view = repo.find_card(args.card)
    if outcome_name == "ghosted":
        after = repo.ghosted(view.card.id, on, hired=hired)
        say(f"Marked ghosted on {fmt_day(on)}. Now {_summary(after, today)}.")
        _say_watched(repo, after)
    else:
        after = repo.finish(view.card.id, Outcome(outcome_name), on)
        word = "Offer" if outcome_name == "offer" else "Withdrawal"
        say(f"{word} logged on {fmt_day(on)} for {after.company} ({after.role}); the card is done.")
    return 0


def cmd_snooze(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    today = repo.today()
    until = parse_date_word(args.date, today, "the snooze date")
    assert until is not None
    view = repo.find_card(args.card)
    repo.snooze(view.card.id, until)
    say(f"Snoozed {view.card.short_id} {view.company} until {fmt_day(until)}.")
    return 0


def cmd_advance(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    view = repo.find_card(args.card)
    after = repo.advance(view.card.id)
    if after.card.state.value == "done":
        say(f"{after.company} ({after.role}) is done.")
    else:
        say(f"Moved to {after.card.stage.title}. Now {_summary(after, repo.today())}.")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    try:
        label = repo.undo()
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        # The entry is read in the undo's transaction, which wrote nothing.
        raise UserError(
            f"the last undo entry in {repo.paths.database} is malformed ({error!r}), so nothing "
            "was undone; `tracker restore` brings back the newest good backup."
        ) from None
    say(f"Undid: {label}.")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from tracker import paths

    if args.what == "path":
        say(str(paths.resolve(args.home).config))
        return 0
    where, settings = load_settings(args)
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    say(
        f"config file: {where.config}" + ("" if where.config.exists() else " (not created yet)"),
        f"time.timezone = {settings.tz_name}",
        f"time.day_start = {settings.day_start.strftime('%H:%M')}",
        "streak.rest_days = "
        + (", ".join(days[n] for n in sorted(settings.rest_weekdays)) or "(none)"),
        f"ui.theme = {settings.theme or '(the default)'}",
        f"templates.folder = {settings.template_dir or where.config.parent / 'templates'}",
        "profile.name = " + (settings.profile_name or "(not set: drafts end without your name)"),
        "network.every = "
        + (
            f"{settings.network_every} (days between check-ins with your network)"
            if settings.network_every
            else "never (no check-ins with your network)"
        ),
        f"sync.auto = {'true' if settings.sync_auto else 'false'}",
        *(
            (
                f"network.watch_every = {settings.watch_every} (days between checks of a "
                "company's openings after a rejection)",
                f"network.watch_for = {settings.watch_for} (months a company is watched)",
            )
            if settings.watch_every and settings.watch_for
            else (
                f"network.watch_every = {settings.watch_every or 'never'}, network.watch_for = "
                f"{settings.watch_for or 'never'} (no company is watched after a rejection)",
            )
        ),
    )
    return 0

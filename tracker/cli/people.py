"""The people commands: person (show, edit, add to a card), people, hired.

A person is one record with contact details, linked to any number of cards
with a role. Like every command group, nothing at the top imports more than
argparse and :mod:`tracker.cli.common`; the store and the domain are imported
inside the handlers, so a capture from a hotkey stays light.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.cli.common import (
    AddCommand,
    Handler,
    UserError,
    fmt_day,
    open_repo,
    parse_date_word,
    print_json,
    say,
)

if TYPE_CHECKING:
    from tracker.domain.model import Person, Role
    from tracker.domain.network import Touch
    from tracker.domain.people import Details
    from tracker.domain.views import CardView

    Cards = list[tuple[CardView, Role]]


def add_parsers(command: AddCommand) -> dict[str, Handler]:
    """Register the subcommands; returns their handlers by name."""
    p = command("person", "show or edit a person, or add one to a card (`person add CARD NAME`)")
    p.add_argument(
        "words",
        nargs="+",
        metavar="PERSON",
        help="4+ characters of the person's id, or their full name; or `add CARD "
        "NAME[:ROLE[:HIGHLIGHT]]` (ROLE: any, default interviewer)",
    )
    p.add_argument("--title", metavar="T", help="their job title")
    p.add_argument("--email", metavar="E", help="their e-mail address")
    p.add_argument("--linkedin", metavar="URL", help="their LinkedIn profile, http(s)://…")
    p.add_argument("--note", metavar="TEXT", help="notes about them (replaces the notes)")
    p.add_argument(
        "--new",
        action="store_true",
        help="with add: a new person even when someone already has that name",
    )
    p.add_argument(
        "--every",
        metavar="CADENCE",
        help="how often to keep in touch once their cards are done: 60d, 8w, never, or "
        "default ([network] every)",
    )
    p.add_argument("--json", action="store_true", help="print the person as JSON")

    p = command("people", "everyone on your cards, with their title, company and roles")
    p.add_argument("--company", metavar="C", help="only people at or on cards of this company")
    p.add_argument(
        "--due",
        action="store_true",
        help="only the keep-in-touch check-ins due today, most overdue first",
    )
    p.add_argument("--json", action="store_true")

    p = command("touch", "a keep-in-touch check-in with someone in your network is done")
    p.add_argument(
        "person", nargs="+", metavar="PERSON", help="their full name or 4+ id characters"
    )
    p.add_argument("--note", metavar="TEXT", help="what you talked about (kept as a note)")
    p.add_argument("--skip", metavar="REASON", help="skip this check-in instead, saying why")
    p.add_argument("--snooze", metavar="DATE", help="put this check-in off until DATE instead")

    p = command("hired", "name who was hired instead of you")
    p.add_argument("card")
    p.add_argument("name", nargs="+", metavar="NAME")

    p = command("reply", "log a reply from a person on a card, with what they said")
    p.add_argument("card")
    p.add_argument("person", metavar="PERSON", help="their full name (quoted) or 4+ id characters")
    p.add_argument("text", nargs="*", metavar="TEXT", help="what they said (optional)")
    p.add_argument(
        "--done",
        action="store_true",
        help="the reply is the feedback you asked for: also complete that item",
    )
    p.add_argument(
        "--meet",
        metavar="DATE",
        help='they said yes to coffee: the day you meet (plans a "meet" item, cancels the '
        "nudges; again with another day moves it)",
    )

    p = command("met", "the coffee or call took place: note its Advice, Insights, Recommendations")
    p.add_argument("card")
    p.add_argument(
        "person",
        nargs="?",
        metavar="PERSON",
        help="who you met (full name or 4+ id characters); optional when one meeting is planned",
    )
    p.add_argument("--on", metavar="DATE", help="the day you met (default today; not later)")
    p.add_argument("--advice", metavar="T", default="", help="the advice they gave")
    p.add_argument("--insights", metavar="T", default="", help="what you learned about the work")
    p.add_argument(
        "--recommendations", metavar="T", default="", help="who or what they recommended"
    )

    p = command("note", "note what a person said or what happened with them")
    p.add_argument("card")
    p.add_argument("person", metavar="PERSON", help="their full name (quoted) or 4+ id characters")
    p.add_argument("text", nargs="+", metavar="TEXT")
    p.add_argument(
        "--kind", default="note", help="note (default), advice, meeting, feedback or reply"
    )

    p = command(
        "compare",
        "compare your background with the person hired's (completes “Compare backgrounds”)",
    )
    p.add_argument("card")
    p.add_argument("--background", default="", metavar="TEXT", help="their background")
    p.add_argument(
        "--gap",
        action="append",
        default=[],
        metavar="PHRASE",
        help="something they had that you did not, in a few words; repeat for each",
    )
    p.add_argument(
        "--better",
        metavar="ANSWER",
        help="were they better qualified: yes, no or unsure (required)",
    )
    return {
        "compare": cmd_compare,
        "person": cmd_person,
        "people": cmd_people,
        "touch": cmd_touch,
        "hired": cmd_hired,
        "reply": cmd_reply,
        "met": cmd_met,
        "note": cmd_note,
    }


def _details(args: argparse.Namespace) -> Details:
    from tracker.domain.people import Details

    return Details(title=args.title, email=args.email, linkedin=args.linkedin, notes=args.note)


def _card_words(view: CardView, *, state: bool = False) -> str:
    tail = ""
    if state and view.card.state.value in ("done", "archived"):
        tail = f", {view.card.state.value}"
    return f"{view.card.short_id} {view.company} ({view.role}{tail})"


def _person_json(
    person: Person, cards: Cards, touch: Touch | None = None, today: date | None = None
) -> dict[str, Any]:
    """The stable ``--json`` shape of a person; ``touch``, their next keep-in-touch
    check-in (None: not in the network, or never)."""
    return {
        "id": person.id,
        "short_id": person.id[:6],
        "name": person.name,
        "title": person.title,
        "company": person.company,
        "email": person.email,
        "linkedin": person.linkedin,
        "notes": person.notes,
        "highlight": person.highlight,
        "every": person.every,
        "next_touch": touch.to_json(today) if touch is not None and today is not None else None,
        "cards": [
            {
                "id": view.card.id,
                "short_id": view.card.short_id,
                "company": view.company,
                "role": view.role,
                "person_role": role.value,
                "stage": view.card.stage.value,
                "state": view.card.state.value,
            }
            for view, role in cards
        ],
    }


def _next(view: CardView, today: date) -> str:
    return f"next on {view.card.short_id}: {view.next_action()}, {view.due_words(today)}"


def cmd_person(args: argparse.Namespace) -> int:
    from tracker.domain.people import Details

    words = list(args.words)
    if words[0] == "add":
        return _add(args, words[1:])
    if args.new:
        raise UserError("--new goes with `tracker person add CARD NAME`.")
    from tracker.domain.network import parse_every
    from tracker.store.repo import KEEP

    every = KEEP if args.every is None else parse_every(args.every)
    repo = open_repo(args)
    person = repo.find_person(" ".join(words))
    details = _details(args)
    if details != Details() or every is not KEEP:
        person, changed = repo.edit_person(person.id, details, every=every)
        if not args.json:
            if changed:
                from tracker.domain.people import FIELD_WORDS

                print(f"Updated {person.name}: {', '.join(FIELD_WORDS[f] for f in changed)}.")
            else:
                print(f"{person.name} already has those details; nothing changed.")
            return 0
    cards = repo.person_cards(person.id)
    touch, today = repo.touch_of(person.id), repo.today()
    if args.json:
        print_json(_person_json(person, cards, touch, today))
        return 0
    _show(person, cards, today, touch, repo.settings.network_every)
    return 0


def _show(
    person: Person, cards: Cards, today: date, touch: Touch | None, default_every: int
) -> None:
    from tracker.domain.network import every_words

    lines = [f"{person.id[:6]}  {person.name}"]
    for label, value in (
        ("title", person.title),
        ("company", person.company),
        ("e-mail", person.email),
        ("LinkedIn", person.linkedin),
        ("highlight", person.highlight),
    ):
        lines.append(f"  {label}: {value or '-'}")
    if person.notes:
        lines.append("  notes: " + person.notes.replace("\n", "\n         "))
    if cards:
        lines.append("  cards:")
        for view, role in cards:
            state = " · ".join([view.card.stage.title, *view.state_and_due(today)])
            lines.append(f"    {_card_words(view)}: {role.value}; {state}")
    else:
        lines.append("  cards: none")
    cadence = every_words(person.every)
    if person.every is None:
        cadence += f" ({every_words(default_every)})"
    lines.append(f"  keep in touch: {cadence}")
    if touch is not None:
        when = "due today" if touch.due_on == today else f"due {fmt_day(touch.due_on)}"
        if touch.due_on < today:
            when = f"{touch.days_overdue(today)}d overdue"
        lines.append(f"  next check-in: {when} (last contact {fmt_day(touch.last_contact)})")
    print("\n".join(lines))


def _add(args: argparse.Namespace, rest: list[str]) -> int:
    from tracker.domain.people import parse_link

    if len(rest) < 2:
        raise UserError(
            "`tracker person add` needs a card and a name, for example: "
            "tracker person add acme 'Pat Kim:hired'."
        )
    card_ref, spec = rest[0], " ".join(rest[1:])
    link = parse_link(spec)
    details = _details(args).checked()
    repo = open_repo(args)
    view = repo.find_card(card_ref)
    after, person, created = repo.add_person(
        view.card.id,
        link.name,
        link.role,
        highlight=link.highlight,
        details=details,
        new=args.new,
    )
    if args.json:
        print_json(_person_json(person, repo.person_cards(person.id)))
        return 0
    _said_added(person, created, link.role, after, repo.today(), before=view)
    return 0


def _said_added(
    person: Person, created: bool, role: Role, view: CardView, today: date, before: CardView
) -> None:
    """What adding ``person`` did; ``before`` is the card as it was (a new hire replaces
    the one named before, and says so)."""
    from tracker.domain.model import Role
    from tracker.domain.people import ROLE_WORDS

    who = person.name
    if not created:
        known = f", {person.company}" if person.company and person.company != view.company else ""
        who = f"{person.name} ({person.id[:6]}{known}, already known; --new adds someone else)"
    replaced = [
        before.people[pid].name
        for pid in before.opportunity.people_with(Role.HIRED)
        if role is Role.HIRED and pid != person.id and pid in before.people
    ]
    instead = f" instead of {' and '.join(replaced)} (undo puts them back)" if replaced else ""
    print(
        f"Added {who} to {view.company} ({view.role}) as {ROLE_WORDS[role]}{instead}; "
        f"{_next(view, today)}."
    )


def cmd_people(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    if args.due:
        return _due_touches(args, repo)
    everyone = repo.people_on_cards()
    if args.company is not None:
        wanted = args.company.strip().casefold()
        everyone = [
            (person, cards)
            for person, cards in everyone
            if wanted in person.company.casefold()
            or any(wanted in view.company.casefold() for view, _ in cards)
        ]
    if args.json:
        print_json([_person_json(person, cards) for person, cards in everyone])
        return 0
    if not everyone:
        if args.company is not None:
            print(f"Nobody at {args.company.strip()!r}; `tracker people` lists everyone.")
        else:
            print("No people yet. Add someone to a card: tracker person add acme 'Pat Kim:hired'")
        return 0
    lines = []
    for person, cards in everyone:
        about = ", ".join(x for x in (person.title, person.company) if x)
        links = "; ".join(f"{role.value} on {_card_words(v, state=True)}" for v, role in cards)
        lines.append(
            f"{person.id[:6]}  {person.name}{' — ' + about if about else ''}: {links or 'on no card'}"
        )
    print("\n".join(lines))
    return 0


def _due_touches(args: argparse.Namespace, repo: Any) -> int:
    """``tracker people --due``: the check-ins due today, most overdue first."""
    today = repo.today()
    due = repo.due_touches(today)
    if args.company is not None:
        wanted = args.company.strip().casefold()
        due = [t for t in due if wanted in t.person.company.casefold()]
    if args.json:
        print_json([t.to_json(today) for t in due])
        return 0
    if not due:
        say(f"No check-in is due today ({fmt_day(today)}).")
        return 0
    lines = []
    for touch in due:
        late = touch.days_overdue(today)
        company = f" ({touch.person.company})" if touch.person.company else ""
        lines.append(
            f"{touch.person.id[:6]}  {touch.person.name}{company}: last contact "
            f"{fmt_day(touch.last_contact)}, " + (f"{late}d overdue" if late else "due today")
        )
    say(*lines)
    return 0


def cmd_touch(args: argparse.Namespace) -> int:
    """A check-in with someone in the network: done (with an optional note), skipped
    with a reason, or snoozed to a day."""
    chosen = [x for x in (args.note, args.skip, args.snooze) if x is not None]
    if args.skip is not None and args.snooze is not None:
        raise UserError("choose --skip or --snooze, not both.")
    if args.note is not None and len(chosen) > 1:
        raise UserError("--note goes with a check-in done, not with --skip or --snooze.")
    repo = open_repo(args)
    until = (
        parse_date_word(args.snooze, repo.today(), "--snooze") if args.snooze is not None else None
    )
    person = repo.find_person(" ".join(args.person))
    if until is not None:
        after = repo.snooze_touch(person.id, until)
        say(f"Check-in with {after.name} snoozed until {fmt_day(until)}.")
    elif args.skip is not None:
        after = repo.skip_touch(person.id, args.skip)
        say(f"Check-in with {after.name} skipped; the next one counts from today.")
    else:
        after = repo.touch_done(person.id, args.note or "")
        noted = " (note kept)" if args.note and args.note.strip() else ""
        say(f"Checked in with {after.name}{noted}; the next one counts from today.")
    touch = repo.touch_of(person.id)
    if touch is not None:
        say(f"Next check-in: {fmt_day(touch.due_on)}.")
    return 0


def cmd_hired(args: argparse.Namespace) -> int:
    from tracker.domain.model import Role
    from tracker.domain.people import check_name

    name = check_name(" ".join(args.name))
    repo = open_repo(args)
    view = repo.find_card(args.card)
    after, person, created = repo.add_person(view.card.id, name, Role.HIRED)
    _said_added(person, created, Role.HIRED, after, repo.today(), before=view)
    return 0


def _card_person(view: CardView, ref: str, find: Callable[[str], Person]) -> Person:
    """The person ``ref`` names among ``view``'s people (their full name or an id
    prefix); someone known who is not on the card is refused, naming the card."""
    wanted = " ".join(ref.split()).casefold()
    on_card = {p.id: p for p in view.people.values()}
    by_name = [p for p in on_card.values() if " ".join(p.name.split()).casefold() == wanted]
    if len(by_name) == 1:
        return by_name[0]
    person = find(ref)
    if person.id not in on_card:
        raise UserError(
            f"{person.name} is not on {view.company} ({view.role}); `tracker show "
            f"{view.card.short_id}` lists its people."
        )
    return person


def cmd_reply(args: argparse.Namespace) -> int:
    from tracker.domain.people import check_said
    from tracker.domain.rules import ACTIONS

    text = check_said(" ".join(args.text))
    if args.meet is not None and args.done:
        raise UserError("--meet is for a yes to coffee and --done for feedback; give one of them.")
    repo = open_repo(args)
    meet = parse_date_word(args.meet, repo.today(), "--meet")
    view = repo.find_card(args.card, include_inactive=True)
    person = _card_person(view, args.person, repo.find_person)
    before = {i.id for i in view.card.open_items}
    if meet is not None:
        after = repo.accept_coffee(view.card.id, person.id, meet, text)
        cancelled = sum(
            1 for i in after.card.items if i.id in before and i.reason == "reply received"
        )
        say(
            f"Logged the yes from {person.name} on {view.company} ({view.role}): meeting on "
            f"{fmt_day(meet)}"
            + (f"; {cancelled} nudge{'s' if cancelled != 1 else ''} cancelled" if cancelled else "")
            + f"; {_next(after, repo.today())}."
        )
        return 0
    after = repo.log_reply(view.card.id, person.id, text, done=args.done)
    said = repo.interactions(view.card.id)[-1]
    closed = [i for i in after.card.items if i.id in before and not i.is_open]
    cancelled = sum(1 for i in closed if i.reason == "reply received")
    tail = []
    if cancelled:
        tail.append(f"{cancelled} nudge{'s' if cancelled != 1 else ''} cancelled")
    if args.done:
        tail.append(f"“{ACTIONS['ask_feedback']}” done")
    say(
        f"Logged {said.kind} from {person.name} on {view.company} ({view.role})"
        + "".join(f"; {t}" for t in tail)
        + f"; {_next(after, repo.today())}."
    )
    return 0


def _met_person(view: CardView, ref: str | None, find: Callable[[str], Person]) -> Person:
    """The person met: ``ref`` when given, else the one person with a meeting planned
    on the card (or, with none planned, the one person invited to coffee)."""
    if ref is not None:
        return _card_person(view, ref, find)
    card = view.card
    planned = {i.person_id for i in card.open_items if i.action == "meet" and i.person_id}
    if not planned:
        planned = {i.person_id for i in card.items if i.action == "invite_coffee" and i.person_id}
    people = sorted((view.people[p] for p in planned if p in view.people), key=lambda p: p.name)
    if len(people) == 1:
        return people[0]
    if not people:
        raise UserError(
            f"no coffee or call is planned on {view.company} ({view.role}); log the yes first: "
            f"tracker reply {card.short_id} PERSON --meet DATE."
        )
    names = " and ".join(p.name for p in people)
    raise UserError(f"a meeting is planned with {names} on {view.company}; name who you met.")


def cmd_met(args: argparse.Namespace) -> int:
    from tracker.domain.people import AIR_PARTS, check_air

    air = check_air(
        {"advice": args.advice, "insights": args.insights, "recommendations": args.recommendations}
    )
    repo = open_repo(args)
    today = repo.today()
    day = parse_date_word(args.on, today, "--on") or today
    view = repo.find_card(args.card)
    person = _met_person(view, args.person, repo.find_person)
    after = repo.met(view.card.id, person.id, day, **air)
    noted = [key for key, _ in AIR_PARTS if air[key]]
    said = f"; noted {', '.join(noted)}" if noted else ""
    say(
        f"Noted the meeting with {person.name} on {fmt_day(day)} ({view.company}, {view.role})"
        f"{said}; {_next(after, today)}."
    )
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    from tracker.domain.people import check_kind, check_said

    kind = check_kind(args.kind)
    text = check_said(" ".join(args.text))
    repo = open_repo(args)
    view = repo.find_card(args.card, include_inactive=True)
    person = _card_person(view, args.person, repo.find_person)
    repo.note_interaction(view.card.id, person.id, text, kind)
    say(f"Noted {kind} about {person.name} on {view.company} ({view.role}).")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from tracker.domain.comparison import (
        BETTER_WORDS,
        check_background,
        check_better,
        check_gaps,
        gap_words,
    )

    if args.better is None:
        raise UserError("say whether they were better qualified: --better yes, no or unsure.")
    background = check_background(args.background)
    gaps = check_gaps(args.gap)
    better = check_better(args.better)
    if not background and not gaps:
        raise UserError("the comparison is empty; give --background TEXT or at least one --gap.")
    repo = open_repo(args)
    view = repo.find_card(args.card, include_inactive=True)
    before = {i.id for i in view.card.open_items if i.action == "compare_background"}
    after = repo.compare(view.card.id, background, gaps, better)
    comparison = after.opportunity.comparison
    assert comparison is not None
    hire = after.people.get(comparison.person_id or "")
    done = [i for i in after.card.items if i.id in before and not i.is_open]
    say(
        f"Compared with {hire.name if hire else 'the person hired'} on {view.company} "
        f"({view.role}): {gap_words(len(comparison.gaps))}, better qualified: "
        f"{BETTER_WORDS.get(comparison.better, comparison.better)}"
        + ("; “Compare backgrounds” done" if done else "")
        + f"; {_next(after, repo.today())}."
    )
    return 0

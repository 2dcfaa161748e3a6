"""Stage rules: checklists per person and role, dates from cadences, transitions.

Every function takes ``today`` (and ``now`` as an ISO string where it stamps
something) instead of reading a clock. Functions mutate the card and
opportunity they are given; the store decides when to persist them.
"""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from tracker.domain.dates import add_business_days
from tracker.domain.errors import DomainError
from tracker.domain.model import (
    STAGES,
    Card,
    Item,
    ItemStatus,
    Link,
    Opportunity,
    Outcome,
    Role,
    Stage,
    State,
)


class Window(msgspec.Struct, frozen=True):
    """A soft target and a hard deadline, counted from a start day."""

    target: int
    deadline: int
    business: bool = False
    """Count business days (Saturday and Sunday skipped) instead of calendar days."""

    def dates(self, start: date) -> tuple[date, date]:
        if self.business:
            return add_business_days(start, self.target), add_business_days(start, self.deadline)
        return start + timedelta(days=self.target), start + timedelta(days=self.deadline)


class Timings(msgspec.Struct, frozen=True):
    """Every cadence from DOMAIN.md; the config file may override any of them."""

    thank_email: Window = Window(0, 1)
    thank_note: Window = Window(1, 3)
    linkedin: Window = Window(1, 3)
    status_check: Window = Window(5, 7, business=True)
    feedback: Window = Window(1, 3)
    referral: Window = Window(1, 7)
    monitor: Window = Window(30, 60)
    coffee: Window = Window(90, 180)
    nudge: Window = Window(7, 9, business=True)
    after_coffee: Window = Window(14, 30)
    meet: Window = Window(0, 2)
    """The meeting itself, from the day agreed: due that day, overdue two days later
    (the notes of a meeting are often written the next evening)."""
    thank_after_meeting: Window = Window(0, 1)
    """The thank-you after coffee, counted from the day of the meeting."""
    max_status_checks: int = 2
    max_nudges: int = 2


DEFAULT_TIMINGS = Timings()

ACTION_LABELS: dict[str, tuple[str, str]] = {
    "thank_email": ("Send a thank-you e-mail", "Thank-you e-mail"),
    "thank_note": ("Write a hand-written note", "Hand-written note"),
    "linkedin": ("Send a LinkedIn request with a personal line", "LinkedIn request"),
    "status_check": ("Ask for a status update", "Ask for status"),
    "reply_thanks": (
        "Reply with thanks; ask to be considered for future roles",
        "Reply with thanks",
    ),
    "ask_feedback": ("Ask for feedback (one easy question)", "Ask for feedback"),
    "ask_referral": ("Ask your referral what happened", "Ask the referral"),
    "find_hired": ("Find out who was hired", "Find who was hired"),
    "compare_background": (
        "Compare their background with yours",
        "Compare backgrounds",
    ),
    "connect_hired": ("Send the person hired a connection request", "Connect with hire"),
    "invite_coffee": (
        "Invite them to coffee or a call (advice, insights, recommendations)",
        "Invite to coffee",
    ),
    "nudge": ("Nudge about the coffee invite", "Nudge the invite"),
    "meet": ("Meet them for coffee or a call", "Meet"),
    "thank_after_coffee": ("Thank them after the meeting", "Thank after coffee"),
}
"""Action keys and their words: (long, short). The short words fit a narrow board column."""

ACTIONS: dict[str, str] = {action: long for action, (long, _) in ACTION_LABELS.items()}
"""Action keys and the words shown for them."""

SHORT_ACTIONS: dict[str, str] = {action: short for action, (_, short) in ACTION_LABELS.items()}
"""Action keys and the short words shown for them on the board's cards."""

MET_ROLES = (Role.INTERVIEWER, Role.HIRING_MANAGER, Role.COORDINATOR)
NUDGE_ACTIONS = ("nudge", "status_check")


class _Builder(msgspec.Struct):
    """Numbers new items on a card so their ids stay unique."""

    card: Card
    items: list[Item] = msgspec.field(default_factory=list)

    def add(
        self,
        action: str,
        person_id: str | None,
        window: Window,
        start: date,
        *,
        optional: bool = False,
    ) -> Item:
        target, deadline = window.dates(start)
        item = Item(
            id=f"i{_next_number(self.card) + len(self.items)}",
            action=action,
            person_id=person_id,
            target=target,
            deadline=deadline,
            optional=optional,
        )
        self.items.append(item)
        return item


def _next_number(card: Card) -> int:
    numbers = [int(item.id[1:]) for item in card.items if item.id[1:].isdigit()]
    return max(numbers, default=0) + 1


# --- checklists ---------------------------------------------------------------


def checklist(stage: Stage, card: Card, opp: Opportunity, timings: Timings) -> list[Item]:
    """The fresh checklist for ``stage``, one item per person where DOMAIN.md says so."""
    build = _Builder(card)
    if stage is Stage.THANK_YOU:
        day = opp.last_interview
        met = opp.people_with(*MET_ROLES)
        for person in met:
            build.add("thank_email", person, timings.thank_email, day)
            build.add("thank_note", person, timings.thank_note, day, optional=True)
            build.add("linkedin", person, timings.linkedin, day)
        for person in opp.people_with(Role.RECRUITER):
            build.add("thank_email", person, timings.thank_email, day)
        if not build.items:
            build.add("thank_email", None, timings.thank_email, day)
    elif stage is Stage.FEEDBACK:
        anchor = _anchor(card, opp)
        managers = opp.people_with(Role.HIRING_MANAGER)
        reply_to: list[str | None] = [
            *(
                managers
                or opp.people_with(Role.RECRUITER)[:1]
                or opp.people_with(Role.COORDINATOR)[:1]
            )
        ] or [None]
        for contact in reply_to:
            build.add("reply_thanks", contact, timings.feedback, anchor)
        for person in opp.people_with(Role.INTERVIEWER):
            build.add("ask_feedback", person, timings.feedback, anchor)
        for person in opp.people_with(Role.REFERRAL):
            build.add("ask_referral", person, timings.referral, anchor)
    elif stage is Stage.MONITOR:
        anchor = _anchor(card, opp)
        hired = opp.people_with(Role.HIRED)
        if not hired:
            build.add("find_hired", None, timings.monitor, anchor)
        hire = hired[0] if hired else None
        build.add("compare_background", hire, timings.monitor, anchor)
        build.add("connect_hired", hire, timings.monitor, anchor)
    else:
        anchor = _anchor(card, opp)
        hired = opp.people_with(Role.HIRED)
        build.add("invite_coffee", hired[0] if hired else None, timings.coffee, anchor)
    return build.items


def _anchor(card: Card, opp: Opportunity) -> date:
    return card.anchor or opp.outcome_on or opp.last_interview


# --- recomputing ----------------------------------------------------------------


def recompute(card: Card) -> None:
    """Derive target, deadline and active/waiting from the open items."""
    if card.state in (State.DONE, State.ARCHIVED):
        card.target = card.deadline = None
        return
    required = [i for i in card.items if i.is_open and not i.optional]
    # Optional extras (a hand-written note) never make a card due; status checks
    # and nudges date a card only once nothing required is left.
    pool = required or [i for i in card.open_items if i.action in NUDGE_ACTIONS]
    card.target = min((i.target for i in pool), default=None)
    card.deadline = min((i.deadline for i in pool), default=None)
    if card.state is not State.SNOOZED:
        card.state = State.ACTIVE if required else State.WAITING


def new_card(
    card_id: str, opp: Opportunity, created_at: str, timings: Timings = DEFAULT_TIMINGS
) -> Card:
    """The Thank-you card for a freshly logged interview."""
    card = Card(
        id=card_id,
        opportunity_id=opp.id,
        stage=Stage.THANK_YOU,
        state=State.ACTIVE,
        items=[],
        created_at=created_at,
        stage_since=opp.last_interview,
    )
    card.items = checklist(Stage.THANK_YOU, card, opp, timings)
    recompute(card)
    return card


def enter_stage(
    card: Card, opp: Opportunity, stage: Stage, today: date, timings: Timings = DEFAULT_TIMINGS
) -> None:
    """Move ``card`` into ``stage``: with the checklist it had there when it left that
    stage (done items stay done), else with the stage's fresh checklist.

    The caller keeps the stage being left first (:meth:`Card.remember_stage`).
    """
    kept = card.recall_stage(stage)
    card.stage = stage
    card.next_stage_on = None
    card.snoozed_until = None
    card.state = State.ACTIVE
    if kept is None:
        card.items = []
        card.items = checklist(stage, card, opp, timings)
        card.stage_since = today
        recompute(card)
        return
    card.stage_since, card.items = kept
    _stage_progress(card, opp, today, timings)


def _check_open(card: Card) -> None:
    if card.state in (State.DONE, State.ARCHIVED):
        raise DomainError(
            f"card {card.short_id} is {card.state.value}; there is nothing left to do on it."
        )


# --- checklist items -------------------------------------------------------------


def close_item(
    card: Card,
    opp: Opportunity,
    item_id: str,
    *,
    now: str,
    today: date,
    reason: str | None = None,
    skip: bool = False,
    timings: Timings = DEFAULT_TIMINGS,
    on: date | None = None,
) -> Item:
    """Mark one item done (or skipped with a reason), then apply what follows from it.

    ``on`` is the day the step happened when it was not ``today`` (a meeting noted the
    day after): the items that follow from it count from that day."""
    _check_open(card)
    item = card.item(item_id)
    if not item.is_open:
        raise DomainError(f"that item on card {card.short_id} is already {item.status.value}.")
    if skip and not (reason and reason.strip()):
        raise DomainError(
            "skipping an item needs a reason, for example --reason 'no e-mail address'."
        )
    item.status = ItemStatus.SKIPPED if skip else ItemStatus.DONE
    item.closed_at = now
    item.reason = reason.strip() if reason else None
    _follow_on(card, opp, item, today, timings, on or today)
    return item


def reopen_item(card: Card, item_id: str) -> Item:
    """Undo a tick: the item is open again (items it caused to appear stay)."""
    _check_open(card)
    item = card.item(item_id)
    if item.is_open:
        raise DomainError("that item is still open.")
    item.status = ItemStatus.OPEN
    item.closed_at = None
    item.reason = None
    card.next_stage_on = None
    recompute(card)
    return item


def _follow_on(
    card: Card, opp: Opportunity, item: Item, today: date, timings: Timings, start: date
) -> None:
    """Items that appear because another closed (counted from ``start``, the day the
    step happened), and the end of a stage."""
    build = _Builder(card)
    done = item.status is ItemStatus.DONE
    if item.action == "status_check" and done:
        checks = sum(1 for i in card.items if i.action == "status_check")
        if checks < timings.max_status_checks:
            build.add("status_check", item.person_id, timings.status_check, start, optional=True)
    elif item.action == "invite_coffee" and done:
        build.add("nudge", item.person_id, timings.nudge, start, optional=True)
        build.add("thank_after_coffee", item.person_id, timings.after_coffee, start)
    elif item.action == "nudge" and done:
        nudges = sum(1 for i in card.items if i.action == "nudge")
        if nudges < timings.max_nudges:
            build.add("nudge", item.person_id, timings.nudge, start, optional=True)
    elif item.action == "meet" and done:
        waiting = _thanks_waiting(card, item.person_id)
        for thanks in waiting:  # kept since the yes because it has a draft
            thanks.target, thanks.deadline = timings.thank_after_meeting.dates(start)
        thanked = any(
            i.action == "thank_after_coffee"
            and i.person_id == item.person_id
            and i.status is ItemStatus.DONE
            for i in card.items
        )
        if not waiting and not thanked:
            build.add("thank_after_coffee", item.person_id, timings.thank_after_meeting, start)
    card.items.extend(build.items)
    _stage_progress(card, opp, today, timings)


def _stage_progress(card: Card, opp: Opportunity, today: date, timings: Timings) -> None:
    required_open = any(i.is_open and not i.optional for i in card.items)
    if required_open:
        recompute(card)
        return
    if card.stage is Stage.THANK_YOU:
        if opp.outcome is Outcome.PENDING and not any(
            i.action == "status_check" for i in card.items
        ):
            # From the day the thank-yous were done, or the stated decision date if later:
            # thank-yous done late must not make the status check overdue at once.
            base = max(today, opp.decision_by) if opp.decision_by else today
            person = _status_contact(opp)
            build = _Builder(card)
            build.add("status_check", person, timings.status_check, base, optional=True)
            card.items.extend(build.items)
        recompute(card)
        return
    for leftover in card.open_items:
        leftover.status = ItemStatus.SKIPPED
        leftover.reason = "not needed"
    if card.stage is Stage.COFFEE:
        card.state = State.DONE
    else:
        card.state = State.WAITING if card.state is not State.SNOOZED else card.state
        anchor = _anchor(card, opp)
        upcoming = timings.monitor if card.stage is Stage.FEEDBACK else timings.coffee
        card.next_stage_on = max(upcoming.dates(anchor)[0], today)
    recompute(card)


def _status_contact(opp: Opportunity) -> str | None:
    for role in (Role.RECRUITER, Role.COORDINATOR, Role.HIRING_MANAGER):
        people = opp.people_with(role)
        if people:
            return people[0]
    return None


def log_reply(card: Card, person_id: str, *, now: str) -> list[Item]:
    """A reply from ``person_id`` cancels that person's pending nudges and status checks."""
    cancelled = []
    for item in card.open_items:
        if item.person_id == person_id and item.action in NUDGE_ACTIONS:
            item.status = ItemStatus.SKIPPED
            item.reason = "reply received"
            item.closed_at = now
            cancelled.append(item)
    recompute(card)
    return cancelled


# --- the coffee: a yes, then the meeting ------------------------------------------------

COFFEE_ANSWERED = ("invite_coffee", "nudge")
"""The items a yes to the coffee invitation answers: the invite, or a nudge about it."""


def _thanks_waiting(card: Card, person_id: str | None) -> list[Item]:
    return [
        i for i in card.open_items if i.action == "thank_after_coffee" and i.person_id == person_id
    ]


def open_meeting(card: Card, person_id: str) -> Item | None:
    """The open "meet" item for ``person_id``, if a meeting with them is planned."""
    return next(
        (i for i in card.open_items if i.action == "meet" and i.person_id == person_id), None
    )


def invited(card: Card, person_id: str) -> bool:
    """Whether ``card`` has a coffee invitation for ``person_id`` (open or done)."""
    return any(i.action == "invite_coffee" and i.person_id == person_id for i in card.items)


def answers_invitation(card: Card, person_id: str) -> bool:
    """Whether a reply from ``person_id`` may be the answer to a coffee invitation: the
    card is in Coffee, invited them (the invitation open or sent), and has not yet met
    them. Such a reply asks for the meeting day (a planned one may be moved)."""
    return (
        card.stage is Stage.COFFEE
        and invited(card, person_id)
        and not any(
            i.action == "meet" and i.person_id == person_id and i.status is ItemStatus.DONE
            for i in card.items
        )
    )


def accept_coffee(
    card: Card,
    opp: Opportunity,
    person_id: str,
    day: date,
    *,
    now: str,
    timings: Timings = DEFAULT_TIMINGS,
) -> Item:
    """``person_id`` said yes to coffee or a call on ``day``: the invite is done (without
    the nudges its tick would bring), their pending nudges are cancelled, and a "meet"
    item is due that day. The thank-you after coffee waits for the meeting: one added
    when the invite was ticked is taken off (kept, and dated after the meeting, when it
    holds an edited draft). Said again with another day, the meeting moves.

    Returns the "meet" item. The caller checks the person was invited (:func:`invited`).
    """
    _check_open(card)
    if not invited(card, person_id):
        raise DomainError(f"nobody on {opp.company} was invited to coffee under that name.")
    for invite in card.open_items:
        if invite.action == "invite_coffee" and invite.person_id == person_id:
            invite.status = ItemStatus.DONE
            invite.closed_at = now
    log_reply(card, person_id, now=now)
    target, deadline = timings.meet.dates(day)
    meet = open_meeting(card, person_id)
    if meet is None:
        build = _Builder(card)
        meet = build.add("meet", person_id, timings.meet, day)
        card.items.extend(build.items)
    else:
        meet.target, meet.deadline = target, deadline
    for thanks in _thanks_waiting(card, person_id):
        if thanks.draft:
            thanks.target, thanks.deadline = timings.thank_after_meeting.dates(day)
        else:
            card.items.remove(thanks)
    card.next_stage_on = None
    recompute(card)
    return meet


def met(
    card: Card,
    opp: Opportunity,
    person_id: str,
    on: date,
    *,
    now: str,
    today: date,
    timings: Timings = DEFAULT_TIMINGS,
) -> Item:
    """The meeting with ``person_id`` took place ``on``: the "meet" item is done and the
    thank-you after coffee is due from that day. With no meeting planned (the yes was
    never logged, or the card is older than meetings), the yes is taken as given on
    that day first. Returns the "meet" item."""
    _check_open(card)
    if on > today:
        raise DomainError(
            f"the meeting day {on} is after today ({today}); note the meeting once it has happened."
        )
    meet = open_meeting(card, person_id)
    if meet is None:
        meet = accept_coffee(card, opp, person_id, on, now=now, timings=timings)
    return close_item(card, opp, meet.id, now=now, today=today, timings=timings, on=on)


# --- people added to a card ---------------------------------------------------------

HIRE_ACTIONS = (
    "compare_background",
    "connect_hired",
    "invite_coffee",
    "nudge",
    "meet",
    "thank_after_coffee",
)
"""The Monitor and Coffee actions about the person hired."""


def link_person(
    card: Card,
    opp: Opportunity,
    person_id: str,
    role: Role,
    *,
    now: str,
    today: date,
    timings: Timings = DEFAULT_TIMINGS,
) -> list[Item]:
    """Link a person to the card's opportunity; the current checklist takes them in.

    The person gets the items the current stage's checklist would have given
    them had they been there from the start (an interviewer added during
    Thank-you gets the thank-you e-mail, note and LinkedIn request); an open
    item of the same action for nobody in particular becomes theirs instead
    of a second one. Naming the person hired points every open Monitor and
    Coffee item that is for nobody at them and ticks "find who was hired".
    Later stages' checklists include them as they include everyone linked.
    A card has one hire: naming another replaces the one named before, whose
    link as the hire goes and whose open hire items (compare, connect, invite,
    nudge, thank) are the new hire's; what was done with them stays as it was.
    A done or archived card only records the link. Returns the items added
    or changed.
    """
    if role is Role.HIRED:
        before = set(opp.people_with(Role.HIRED)) - {person_id}
        opp.people = [x for x in opp.people if not (x.role is Role.HIRED and x.person_id in before)]
        for item in card.open_items:
            if item.person_id in before and item.action in HIRE_ACTIONS:
                item.person_id = None  # taken by the new hire below
    opp.people.append(Link(person_id, role))
    if card.state in (State.DONE, State.ARCHIVED):
        return []
    changed: list[Item] = []
    added: list[Item] = []
    number = _next_number(card)
    for fresh in checklist(card.stage, card, opp, timings):
        if fresh.person_id != person_id or any(
            i.action == fresh.action and i.person_id == person_id for i in card.items
        ):
            continue
        anonymous = [i for i in card.items if i.action == fresh.action and i.person_id is None]
        if anonymous:
            for item in anonymous:
                if item.is_open:
                    item.person_id = person_id
                    changed.append(item)
            continue
        fresh.id = f"i{number + len(added)}"
        added.append(fresh)
    found = False
    if role is Role.HIRED and card.stage in (Stage.MONITOR, Stage.COFFEE):
        for item in card.open_items:
            if item.person_id is None and item.action in HIRE_ACTIONS:
                item.person_id = person_id
                changed.append(item)
            elif item.action == "find_hired":
                item.status = ItemStatus.DONE
                item.closed_at = now
                changed.append(item)
                found = True
    card.items.extend(added)
    if any(not item.optional for item in added):
        card.next_stage_on = None  # required work again: the card waits for it, not for a day
    if added or found:
        _stage_progress(card, opp, today, timings)
    else:
        recompute(card)
    return [*changed, *added]


# --- outcomes and moves --------------------------------------------------------------


def _close_leftovers(card: Card, reason: str, now: str) -> None:
    for item in card.open_items:
        item.status = ItemStatus.SKIPPED
        item.reason = reason
        item.closed_at = now


def _require_outcome(opp: Opportunity, *allowed: Outcome) -> None:
    if opp.outcome not in allowed:
        raise DomainError(
            f"{opp.company} already has the outcome {opp.outcome.value}; undo it first to change it."
        )


OUTCOME_DATE_WORDS = {
    Outcome.REJECTED: "the rejection date",
    Outcome.GHOSTED: "the ghosted date",
    Outcome.OFFER: "the offer date",
    Outcome.WITHDRAWN: "the withdrawal date",
}


def check_outcome_day(opp: Opportunity, outcome: Outcome, on: date, today: date) -> None:
    """One rule for every outcome's day: not before the last interview, not after today."""
    what = OUTCOME_DATE_WORDS[outcome]
    last = opp.last_interview
    if on < last:
        which = "the last interview" if len(set(opp.interviews)) > 1 else "the interview"
        raise DomainError(f"{what} {on} is before {which} on {last}.")
    if on > today:
        raise DomainError(
            f"{what} {on} is after today ({today}); log an outcome once it has happened."
        )


def reject(
    card: Card,
    opp: Opportunity,
    on: date,
    *,
    now: str,
    today: date,
    timings: Timings = DEFAULT_TIMINGS,
) -> None:
    """A rejection: Feedback starts, and Monitor and Coffee count from ``on``."""
    _check_open(card)
    _require_outcome(opp, Outcome.PENDING, Outcome.GHOSTED)
    check_outcome_day(opp, Outcome.REJECTED, on, today)
    card.remember_stage()
    card.forget_stages(after=Stage.THANK_YOU)  # a new outcome: later stages count from it
    opp.outcome = Outcome.REJECTED
    opp.outcome_on = on
    card.anchor = on
    _close_leftovers(card, "rejection logged", now)
    enter_stage(card, opp, Stage.FEEDBACK, today, timings)


def ghosted(
    card: Card,
    opp: Opportunity,
    on: date,
    *,
    now: str,
    today: date,
    timings: Timings = DEFAULT_TIMINGS,
) -> None:
    """No answer ever came: Feedback is skipped, Monitor counts from ``on``."""
    _check_open(card)
    _require_outcome(opp, Outcome.PENDING)
    check_outcome_day(opp, Outcome.GHOSTED, on, today)
    card.remember_stage()
    card.forget_stages(after=Stage.THANK_YOU)
    opp.outcome = Outcome.GHOSTED
    opp.outcome_on = on
    card.anchor = on
    _close_leftovers(card, "marked ghosted", now)
    enter_stage(card, opp, Stage.MONITOR, today, timings)


def finish(
    card: Card, opp: Opportunity, outcome: Outcome, on: date, *, now: str, today: date
) -> None:
    """An offer or a withdrawal ends the chain."""
    _check_open(card)
    if outcome not in (Outcome.OFFER, Outcome.WITHDRAWN):
        raise ValueError(outcome)
    if opp.outcome in (Outcome.OFFER, Outcome.WITHDRAWN):
        raise DomainError(f"{opp.company} already has the outcome {opp.outcome.value}.")
    if outcome is Outcome.WITHDRAWN and opp.outcome is Outcome.REJECTED:
        raise DomainError(f"{opp.company} already rejected you; archive the card instead.")
    check_outcome_day(opp, outcome, on, today)
    opp.outcome = outcome
    opp.outcome_on = on
    _close_leftovers(card, "offer received" if outcome is Outcome.OFFER else "withdrawn", now)
    card.state = State.DONE
    recompute(card)


def advance(
    card: Card,
    opp: Opportunity,
    *,
    now: str,
    today: date,
    timings: Timings = DEFAULT_TIMINGS,
) -> None:
    """Move to the next stage now (advancing early is allowed); Coffee moves to done."""
    _check_open(card)
    if card.stage is Stage.THANK_YOU:
        if opp.outcome is Outcome.PENDING:
            raise DomainError(
                f"{opp.company} is still waiting for a decision; log it first "
                "(reject, offer, withdraw or ghosted)."
            )
        nxt = Stage.MONITOR if opp.outcome is Outcome.GHOSTED else Stage.FEEDBACK
    elif card.stage is Stage.COFFEE:
        _close_leftovers(card, "advanced", now)
        card.state = State.DONE
        recompute(card)
        return
    else:
        nxt = STAGES[card.stage.index + 1]
    card.remember_stage()
    _close_leftovers(card, "advanced", now)
    enter_stage(card, opp, nxt, today, timings)


def retreat(
    card: Card,
    opp: Opportunity,
    *,
    today: date,
    timings: Timings = DEFAULT_TIMINGS,
) -> None:
    """Move back one stage; Thank-you cannot go back.

    The stage comes back as the card left it: done and skipped items stay so,
    items the move on closed are open again. A stage the card never had (ghosted
    skips Feedback; cards moved on before checklists were kept) starts fresh.
    Back in a finished stage, the card moves on by itself tomorrow at the earliest.
    """
    _check_open(card)
    if card.stage is Stage.THANK_YOU:
        raise DomainError("Thank-you is the first stage; there is no stage before it.")
    previous = STAGES[card.stage.index - 1]
    if previous is Stage.THANK_YOU:
        opp.outcome = Outcome.PENDING
        opp.outcome_on = None
        card.anchor = None
    card.remember_stage()
    enter_stage(card, opp, previous, today, timings)
    if card.next_stage_on is not None and card.next_stage_on <= today:
        card.next_stage_on = today + timedelta(days=1)  # not straight back where it came from


def snooze(card: Card, until: date, *, today: date) -> None:
    """Hide the card until ``until``."""
    _check_open(card)
    if until <= today:
        raise DomainError(f"snooze needs a day after today ({today}); {until} is not.")
    card.state = State.SNOOZED
    card.snoozed_until = until
    recompute(card)


def archive(card: Card) -> None:
    """Take the card off the board; it stays in the archive."""
    if card.state is State.ARCHIVED:
        raise DomainError(f"card {card.short_id} is already archived.")
    card.state = State.ARCHIVED
    recompute(card)


def settles(card: Card, today: date) -> bool:
    """Whether the passing of time may change ``card`` by ``today`` (a snooze ended, a
    waiting stage due to start): the cards the store hands to :func:`settle`."""
    return bool(
        (card.state is State.SNOOZED and card.snoozed_until and card.snoozed_until <= today)
        or (card.state is State.WAITING and card.next_stage_on and card.next_stage_on <= today)
    )


def settle(card: Card, opp: Opportunity, today: date, timings: Timings = DEFAULT_TIMINGS) -> bool:
    """Apply what the passing of time does: snoozes end, waiting cards move on.

    Returns True when the card changed.
    """
    changed = False
    if card.state is State.SNOOZED and card.snoozed_until and card.snoozed_until <= today:
        card.state = State.ACTIVE
        card.snoozed_until = None
        recompute(card)
        changed = True
    if (
        card.state is State.WAITING
        and card.next_stage_on is not None
        and card.next_stage_on <= today
        and card.stage is not Stage.COFFEE
    ):
        card.remember_stage()
        enter_stage(card, opp, STAGES[card.stage.index + 1], today, timings)
        changed = True
    return changed

"""The repository: the API the CLI and the board call.

Each user action is one transaction: read the records under the lock, apply
a domain rule, write the records, log one event, and keep an undo snapshot
(the records as they were) in the bounded ``undo`` table. Reads come from a
cached snapshot that is rebuilt only when the file changes.
"""

from __future__ import annotations

import gc
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

import msgspec
import msgspec.structs

from tracker import clock
from tracker.domain import rules
from tracker.domain.capture import NewPerson, name_key
from tracker.domain.dates import add_months, day_label
from tracker.domain.errors import DomainError
from tracker.domain.model import (
    ON_BOARD,
    Card,
    Event,
    Link,
    Opportunity,
    Outcome,
    Person,
    Role,
    State,
)
from tracker.domain.network import (
    Touch,
    by_due,
    ended_state,
    standings,
    standings_from_docs,
    touch_for,
)
from tracker.domain.people import (
    INTERACTION_EVENTS,
    ROLE_WORDS,
    Interaction,
    air_text,
    check_air,
    check_kind,
    check_name,
    check_note,
    check_said,
    interactions,
)
from tracker.domain.people import Details as PersonDetails
from tracker.domain.text import has_control
from tracker.domain.views import CardView
from tracker.domain.watch import DEFAULT_EVERY as WATCH_DEFAULT_EVERY
from tracker.domain.watch import DEFAULT_FOR as WATCH_DEFAULT_FOR
from tracker.domain.watch import MAX_EVERY as WATCH_MAX_EVERY
from tracker.domain.watch import (
    Reminder,
    Watch,
    after_outcome,
    check_url,
    company_key,
    reminders,
)
from tracker.domain.words import plural
from tracker.paths import Paths
from tracker.settings import Settings
from tracker.store import database, restdays, schema
from tracker.store.database import Database, Transaction
from tracker.store.errors import HomeNotEmpty, StoreError

if TYPE_CHECKING:
    from tracker.domain.directory import Group
    from tracker.domain.lessons import Lesson, LessonState, LessonView, Source, SourceView
    from tracker.domain.prep import PrepPage

T = TypeVar("T")


class _Record(Protocol):
    def to_doc(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=_Record)
"""A domain record that stores itself (:meth:`Repository._record_op`)."""

KEEP = object()
"""The default of :meth:`Repository.edit_person`'s ``every``: leave the cadence as it is."""

UNDO_DEPTH = 50
"""How many actions can be undone."""

ASK = "ask_feedback"
"""The checklist action a reply can answer (it is then feedback)."""
COMPARE = "compare_background"
"""The checklist action that :meth:`Repository.compare` completes."""
LESSON_KINDS = ("feedback", "advice")
"""The kinds of interaction :meth:`Repository.card_sources` offers as a lesson's source."""


def watch_id() -> str:
    """A new watch's id. Not drawn from :func:`new_id`: a watch made by a rejection would
    shift the ids of every record made after it, which tests fix in sequence."""
    return uuid.uuid4().hex


def new_id() -> str:
    return uuid.uuid4().hex


class Records(Mapping[str, T]):
    """One table's records, each turned into a domain object on first use.

    The documents are a copy of the table's mapping at one commit; commits
    replace documents and never change one in place, so the records stay
    those of that commit however late they are read.
    """

    __slots__ = ("_docs", "_made", "_factory", "_damaged")

    def __init__(
        self,
        docs: dict[str, dict[str, Any]],
        factory: Callable[[dict[str, Any]], T],
        damaged: Callable[[str], StoreError],
    ) -> None:
        self._docs = docs
        self._made: dict[str, T] = {}
        self._factory = factory
        self._damaged = damaged

    def __getitem__(self, key: str) -> T:
        found = self._made.get(key)
        if found is None:
            doc = self._docs[key]
            try:
                found = self._made[key] = self._factory(doc)
            except (KeyError, ValueError, TypeError, AttributeError) as error:
                raise self._damaged(f"a record is malformed: {error!r}") from None
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._docs

    def __iter__(self) -> Iterator[str]:
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)


class Snapshot(msgspec.Struct, frozen=True):
    """Every record, as domain objects, at one commit.

    Cards are read at once (boards sort by them); opportunities and people
    when first asked for.
    """

    opportunities: Mapping[str, Opportunity]
    people: Mapping[str, Person]
    cards: dict[str, Card]
    damaged: Callable[[str], StoreError] = StoreError

    def opportunity(self, card: Card) -> Opportunity:
        """The opportunity of ``card``."""
        try:
            return self.opportunities[card.opportunity_id]
        except KeyError:
            raise self.damaged(database.missing_opportunity(card.id)) from None

    def resolve(self, card: Card) -> tuple[Opportunity, dict[str, Person]]:
        """The opportunity and people of ``card``."""
        opp = self.opportunity(card)
        people = self.people
        try:
            return opp, {link.person_id: people[link.person_id] for link in opp.people}
        except KeyError as missing:
            raise self.damaged(database.missing_person(opp.id, str(missing.args[0]))) from None

    def view(self, card: Card) -> CardView:
        return CardView(card, *self.resolve(card))

    def views(self, states: Iterable[State] = ON_BOARD, *, lazy: bool = False) -> list[CardView]:
        """Views of the cards in ``states``; ``lazy`` ones find their opportunity on first use."""
        wanted = set(states)
        if lazy:
            resolve = self.resolve
            return [CardView(c, resolve=resolve) for c in self.cards.values() if c.state in wanted]
        return [self.view(c) for c in self.cards.values() if c.state in wanted]


def settled_cards(snap: Snapshot, today: date, timings: rules.Timings) -> list[Card]:
    """Every card of ``snap`` as :meth:`Repository.settle` would leave it on ``today``
    (snoozes ended, waiting cards moved on), in memory: the cards it would change are
    copies, nothing is written. What ``tracker due`` shows and the prompt summary counts."""
    out = []
    for card in snap.cards.values():
        if rules.settles(card, today):
            copy = Card.from_doc(card.to_doc(), snap.damaged)
            rules.settle(copy, snap.opportunity(card), today, timings)
            card = copy
        out.append(card)
    return out


class _AtCompany(NamedTuple):
    """One company's records (:meth:`Repository._at_company`)."""

    opportunities: dict[str, Opportunity]
    cards: list[Card]
    people: dict[str, Person]


class Repository:
    """High-level, durable operations on one tracker home."""

    def __init__(self, paths: Paths, settings: Settings, *, lock_timeout: float = 15.0) -> None:
        self.paths = paths
        self.settings = settings
        self.db = Database(paths, lock_timeout=lock_timeout)
        self.session = new_id()
        """Marks the undo entries of this repository's actions (see :meth:`undo_own`)."""
        self.db.derive(schema.DAY_INDEX, self._update_day_index)
        if settings.source is not None:  # else nothing would tell the summary stale
            self.db.summarize(self._prompt_summary)
        self._snapshot: Snapshot | None = None
        self._snapshot_key: object = None
        self._settled: tuple[Snapshot, date, Snapshot] | None = None
        """The last :meth:`settled_snapshot`: the snapshot and day it was made from."""
        self._kept: tuple[object, frozenset[date], dict[str, Any]] | None = None
        """The day index a read computed in memory (its home had none): the log it
        covers, the kept days, the record the next commit stores."""
        self._company: tuple[object, _AtCompany] | None = None
        """The last :meth:`_at_company`: the version of the data it was read from (its
        id, the file's signature, the company), and what it found."""

    def defer_summary(self) -> None:
        """For a long-lived process (the board): actions leave the prompt summary to
        :meth:`write_summary`, called when idle and on the way out."""
        self.db.defer_summary = True

    def write_summary(self) -> bool:
        """Write the prompt summary the deferred actions left out; True when it did."""
        return self.db.write_summary()

    def _prompt_summary(self, data: dict[str, Any], signature: object) -> bytes | None:
        """The prompt summary of ``data``, just committed (see :mod:`tracker.store.prompt`)."""
        from tracker.store import prompt  # with the day index and streaks: commits only

        timings = self.settings.timings
        snap: list[Snapshot] = []

        def settled(ids: list[str], day: date) -> list[Card]:
            if not ids:
                return []
            if not snap:  # only the cards that settle, opportunities read when needed
                full = self._build({**data, "cards": {}})
                cards = data.get("cards", {})
                full.cards.update((i, Card.from_doc(cards[i], self._damaged)) for i in ids)
                snap.append(full)
            return settled_cards(snap[0], day, timings)

        return prompt.build(
            data,
            signature,
            paths=self.paths,
            settings=self.settings,
            now=clock.now(),
            today=self.today(),
            settled=settled,
        )

    # --- time ------------------------------------------------------------------
    def now(self) -> datetime:
        return clock.now()

    def today(self) -> date:
        """The user's current day label (home time zone, after the day-start offset)."""
        return day_label(clock.now(), self.settings.zone, self.settings.day_start)

    # --- reading ---------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """Domain objects for the committed data, rebuilt only after a change."""
        data = self.db.data()
        key = schema.meta(data).get("token", ""), self.db.signature
        if self._snapshot is not None and key == self._snapshot_key and self.db._txn is None:
            return self._snapshot
        try:
            with no_gc():
                snap = self._build(data)
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            self.db.storage.invalidate()
            raise self._damaged(f"a record is malformed: {error!r}") from None
        # Its opportunities and people are built when first read, so a damaged
        # one may not have been seen yet: the first write over this version of
        # the file checks every record first, and refuses, writing nothing, if
        # one is damaged (Database.transaction).
        self._snapshot, self._snapshot_key = snap, key
        return snap

    def settled_snapshot(self) -> Snapshot:
        """The snapshot as the passing of time leaves it today (snoozes ended, waiting
        cards moved on), in memory: what the board and the review show. Nothing is
        written: the first action on a card stores what time did to it
        (:meth:`_time_passed`). The same object while neither the data nor the day changed."""
        snap, today = self.snapshot(), self.today()
        if self._settled is not None and self._settled[0] is snap and self._settled[1] == today:
            return self._settled[2]
        settled = snap
        if any(rules.settles(card, today) for card in snap.cards.values()):
            cards = {card.id: card for card in settled_cards(snap, today, self.settings.timings)}
            settled = msgspec.structs.replace(snap, cards=cards)
        self._settled = (snap, today, settled)
        return settled

    def check_snapshot(self) -> None:
        """Check every record of the committed file (once per version of it): what a
        snapshot leaves for later (opportunities, people, checklists) and every
        reference; and, when the streak has to read the event log (no current day
        index), every line of it. Raises the damaged-file error. The board calls it
        on the store thread once its first frame is up, so damage is reported
        straight away and the first write does not wait for the check."""
        from tracker.store import dayindex

        self.db.check_records()
        if dayindex.current(self.db.data()) is None:
            self.kept_days()  # what the streak badge computes; kept for it

    def on_lock_wait(self, told: Callable[[bool], None] | None) -> None:
        """Have ``told(True)`` called (on the thread that writes) when a write finds
        another tracker process holding the lock, before it waits for it (up to the
        lock timeout), and ``told(False)`` once the wait is over either way."""
        self.db.on_wait = told

    # --- for the board: change detection ---------------------------------------
    def signature(self) -> object:
        """What the database file was when this process last read or wrote it: give it
        to :meth:`changed_since` later to learn whether another process wrote since."""
        return self.db.signature

    def changed_since(self, signature: object) -> bool:
        """Whether the database file differs from the one seen at ``signature`` (a cheap
        stat): the board polls this to pick up captures from other terminals."""
        return self.db.changed_since(signature)

    def event_docs(self) -> list[dict[str, Any]]:
        """Every committed event as its stored document, oldest first. The stats screen
        counts these directly; :meth:`events` builds an ``Event`` from each."""
        return self.db.events()

    def _damaged(self, why: str) -> StoreError:
        return self.db.damaged(why)

    @staticmethod
    def check_records(data: dict[str, Any]) -> None:
        """Build every record once, checklists included, and follow every reference
        (a card's opportunity, an opportunity's people); raises what a malformed
        record raises, or a ``ValueError`` naming the broken reference.

        Backups, imports and sync are checked whole before they are used; a snapshot
        builds most records only when they are first read.
        """
        database.check_records(data)

    def _build(self, data: dict[str, Any]) -> Snapshot:
        damaged = self._damaged
        return Snapshot(
            opportunities=Records(
                dict(data.get("opportunities", {})), Opportunity.from_doc, damaged
            ),
            people=Records(dict(data.get("people", {})), Person.from_doc, damaged),
            cards={k: Card.from_doc(v, damaged) for k, v in data.get("cards", {}).items()},
            damaged=damaged,
        )

    def kept_days(self) -> frozenset[date]:
        """The days with a follow-up action kept, for the streak.

        From the day index when it is current. Else computed from the event
        log, in memory (once per version of the log): a read writes nothing,
        and the next commit that logs events stores it as the index.
        """
        from tracker.store import dayindex  # not imported on a plain capture

        data = self.db.data()
        days = dayindex.current(data)
        if days is not None:
            return days
        key = _log_version(data)
        if self._kept is None or self._kept[0] != key:
            total = int(schema.meta(data).get("events", 0))
            days, record = dayindex.rebuild(self.db.events(), total)
            self._kept = (key, days, record)
        return self._kept[1]

    def _update_day_index(
        self,
        data: dict[str, Any],
        events: list[dict[str, Any]],
        total: int,
        before: Callable[[], list[dict[str, Any]]],
    ) -> bool:
        """The streak day index's commit hook (see :meth:`Database.derive`)."""
        from tracker.store import dayindex

        kept, self._kept = self._kept, None
        if kept is not None and kept[0] == _log_version(data):
            # What kept_days computed from the log this commit appends to.
            table = data.setdefault(dayindex.TABLE, {})
            if dayindex.current(data) is None:
                table[dayindex.DOC] = kept[2]
        return dayindex.update(data, events, total, before)

    def events(self) -> list[Event]:
        return [Event.from_doc(doc) for doc in self.db.events()]

    def card_events(self, card_id: str) -> list[Event]:
        """A card's events, oldest first: by time, as a sync appends another machine's
        events after this one's (the log's order for events of the same instant)."""
        from tracker.store.syncmerge import time_key

        found = [Event.from_doc(d) for d in self.db.events() if d.get("card") == card_id]
        found.sort(key=lambda event: time_key(event.at))
        return found

    def find_card(self, ref: str, *, include_inactive: bool = False) -> CardView:
        """A card by id prefix (4+ characters) or by a company substring matching one card,
        as the passing of time leaves it today (a snooze ended, a waiting stage begun)."""
        snap = self.snapshot()
        view = self._find_card(snap, ref, include_inactive)
        today = self.today()
        if not rules.settles(view.card, today):
            return view
        # What the passing of time did, in memory (reads write nothing): the view shows
        # the checklist the next action on the card will work on (see _time_passed).
        copy = Card.from_doc(view.card.to_doc(), snap.damaged)
        rules.settle(copy, view.opportunity, today, self.settings.timings)
        return CardView(copy, view.opportunity, view.people)

    def _find_card(self, snap: Snapshot, ref: str, include_inactive: bool) -> CardView:
        text = ref.strip().lower()
        if not text:
            raise DomainError("name a card by its id (4+ characters) or part of its company name.")
        pool = [c for c in snap.cards.values() if include_inactive or c.state in ON_BOARD]
        everything = list(snap.cards.values())
        if len(text) >= 4 and all(ch in "0123456789abcdef" for ch in text):
            by_id = [c for c in everything if c.id.startswith(text)]
            if len(by_id) == 1:
                return snap.view(by_id[0])
            if len(by_id) > 1:
                raise DomainError(_ambiguous(ref, [snap.view(c) for c in by_id]))
        by_company = [c for c in pool if text in snap.opportunity(c).company.lower()]
        if len(by_company) == 1:
            return snap.view(by_company[0])
        if len(by_company) > 1:
            raise DomainError(_ambiguous(ref, [snap.view(c) for c in by_company]))
        if len(text) < 4 and all(ch in "0123456789abcdef" for ch in text):
            raise DomainError(
                f"{ref!r} is too short for a card id, which needs at least 4 characters, and no "
                "company matches it; `tracker list` shows the cards and their ids."
            )
        raise DomainError(f"no card matches {ref!r}; `tracker list` shows the cards and their ids.")

    def find_interview(self, company: str, role: str, day: date) -> tuple[Card, Opportunity] | None:
        """The card (any state) already logged for ``company`` and ``role`` on ``day``.

        Builds only that company's records, not a snapshot: ``tracker add`` asks first.
        """
        from tracker.domain.capture import find_twin, match_key

        found = self._at_company(company)
        name = match_key(company)
        opps = {
            key: opp for key, opp in found.opportunities.items() if match_key(opp.company) == name
        }
        cards = [card for card in found.cards if card.opportunity_id in opps]
        return find_twin(cards, opps, company, role, day)

    def earlier_at(self, company: str) -> list[str]:
        """The ids of the opportunities already at ``company`` (case and repeated spaces
        ignored, as the prep page matches it), oldest first: what a new interview there
        follows (``add_interview(earlier=...)``). Builds only that company's records."""
        from tracker.domain.capture import earlier_at

        return earlier_at(company, self._at_company(company).opportunities.values())

    def known_at(self, company: str) -> list[Person]:
        """The people known at ``company`` (on its cards with any role, or with it as their
        company), by name: whom a new interview there may have met again. Builds only
        that company's records (``tracker add`` asks)."""
        from tracker.domain.capture import company_key, known_at

        found = self._at_company(company)
        wanted = company_key(company)
        opps = [opp for opp in found.opportunities.values() if company_key(opp.company) == wanted]
        return known_at(company, opps, found.people)

    def _at_company(self, company: str) -> _AtCompany:
        """The records of ``company`` (matched by either rule, :func:`company_key` or
        :func:`match_key`), found in one pass over the committed file: the three questions
        ``tracker add`` asks before it writes share it while the file stays the same."""
        from tracker.domain.capture import company_key, match_key

        data = self.db.data()
        # The committed file, as read: a commit changes the same dict in place, so the
        # file's signature is part of the key. The data itself is not kept (a board would
        # hold two copies of the state after another process's write), only its id, which
        # with the signature names one version. Never inside a transaction: its working
        # copy may differ from the file.
        version = (id(data), self.db.signature, company)
        kept = self._company
        in_txn = self.db.in_transaction
        if kept is not None and kept[0] == version and not in_txn:
            return kept[1]
        wanted, name = company_key(company), match_key(company)

        def here(doc: dict[str, Any]) -> bool:
            text = doc.get("company")
            if not isinstance(text, str) or not text:
                return False
            key = " ".join(text.split())  # both rules ignore repeated spaces
            return key.casefold() == wanted or key.lower() == name

        try:
            opps = {
                key: Opportunity.from_doc(doc)
                for key, doc in data.get("opportunities", {}).items()
                if here(doc)
            }
            cards = [
                Card.from_doc(doc, self._damaged)
                for doc in data.get("cards", {}).values()
                if opps and doc.get("opportunity") in opps
            ]
            linked = {link.person_id for opp in opps.values() for link in opp.people}
            people = {
                key: Person.from_doc(doc)
                for key, doc in data.get("people", {}).items()
                if key in linked or here(doc)
            }
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            raise self._damaged(f"a record is malformed: {error!r}") from None
        found = _AtCompany(opps, cards, people)
        if not in_txn:
            self._company = (version, found)
        return found

    # --- writing ---------------------------------------------------------------
    @contextmanager
    def _action(self, kind: str, card_id: str | None) -> Iterator[_Action]:
        with self.db.transaction(today=self.today()) as txn:
            action = _Action(self, txn, kind, card_id)
            yield action
            action.finish()

    def _event(self, kind: str, card_id: str | None, data: dict[str, Any]) -> Event:
        instant = self.now()
        return Event(
            id=new_id(),
            type=kind,
            at=instant.isoformat().replace("+00:00", "Z"),
            tz=self.settings.tz_name,
            day=day_label(instant, self.settings.zone, self.settings.day_start),
            card_id=card_id,
            data=data,
        )

    def add_interview(
        self,
        company: str,
        role: str,
        *,
        people: list[NewPerson] = (),  # type: ignore[assignment]
        on: date | None = None,
        decision_by: date | None = None,
        referral: str | None = None,
        note: str = "",
        earlier: Iterable[str] = (),
        known: Iterable[str] = (),
    ) -> CardView:
        """Log an interview and create its Thank-you card.

        ``earlier``: the ids of earlier opportunities at the same company that this one
        follows (:meth:`earlier_at`; "apply again"), kept on the opportunity. ``known``:
        the ids of people already known (:meth:`known_at`) met at this interview, linked
        as interviewers, their records reused; a person typed in ``people`` with the name
        of one of them is that person (with the role and highlight typed), not a second
        record. An id that no longer exists is refused, and nothing is written."""
        company, role = company.strip(), role.strip()
        if not company:
            raise DomainError("the company name is empty.")
        if not role:
            raise DomainError("the role is empty.")
        today = self.today()
        day = on or today
        if decision_by is not None and decision_by < day:
            raise DomainError(f"the decision date {decision_by} is before the interview on {day}.")
        created = self.now().isoformat()
        earlier_ids = list(dict.fromkeys(earlier))
        known_ids = list(dict.fromkeys(known))
        with self._action("created", None) as act:
            for opp_id in earlier_ids:
                if act.txn.get("opportunities", opp_id) is None:
                    raise DomainError(
                        "an earlier interview at that company no longer exists "
                        "(was it undone in another window?)."
                    )
            met: list[Person] = []
            for person_id in known_ids:
                doc = act.txn.get("people", person_id)
                if doc is None:
                    raise DomainError(
                        "a person chosen no longer exists (was it undone in another window?)."
                    )
                met.append(Person.from_doc(doc))
            by_name = {name_key(p.name): p for p in met}
            persons: list[Person] = []
            links: list[Link] = []
            for typed in people:
                person = by_name.pop(name_key(typed.name), None)
                if person is None:
                    person = Person(id=new_id(), name=typed.name.strip(), company=company)
                if typed.highlight:
                    person.highlight = typed.highlight
                persons.append(person)
                links.append(Link(person.id, typed.role))
            for person in met:
                if all(person.id != link.person_id for link in links):
                    persons.append(person)
                    links.append(Link(person.id, Role.INTERVIEWER))
            if referral and referral.strip():
                ref = Person(id=new_id(), name=referral.strip())
                persons.append(ref)
                links.append(Link(ref.id, Role.REFERRAL))
            opp = Opportunity(
                id=new_id(),
                company=company,
                role=role,
                interviews=[day],
                created_at=created,
                decision_by=decision_by,
                notes=note,
                people=links,
                earlier=earlier_ids,
            )
            card = rules.new_card(new_id(), opp, created, self.settings.timings)
            card.notes = note
            act.card_id = card.id
            reused = {p.id for p in met}
            for person in persons:
                doc = person.to_doc()
                if person.id not in reused or act.txn.get("people", person.id) != doc:
                    act.put("people", doc)  # new, or a highlight typed for someone known
            act.put("opportunities", opp.to_doc())
            act.put("cards", card.to_doc())
            act.data = {"company": company, "role": role, "interview": day.isoformat()}
            if earlier_ids:
                act.data["earlier"] = earlier_ids
            if reused:
                act.data["known"] = [p.id for p in persons if p.id in reused]
        return CardView(card, opp, {p.id: p for p in persons})

    def _card_op(
        self,
        kind: str,
        card_id: str,
        apply: Callable[[Card, Opportunity, _Action], dict[str, Any] | None],
    ) -> CardView:
        with self._action(kind, card_id) as act:
            card, opp = act.card(card_id)
            act.subject = opp.company
            opp_before = opp.to_doc()
            self._time_passed(card, opp, act)
            state_before = card.state
            data = apply(card, opp, act) or {}
            ended = ended_state(state_before, card.state)
            if ended is not None:  # the network counts from the day a card ended
                card.ended = self.today() if ended else None
            act.put("cards", card.to_doc())
            opp_after = opp.to_doc()
            if opp_after != opp_before:
                act.put("opportunities", opp_after)
            act.data = data
            people = act.people_of(opp)
        return CardView(card, opp, people)

    def _time_passed(self, card: Card, opp: Opportunity, act: _Action) -> None:
        """Apply to ``card`` what the passing of time did (a snooze ended, a waiting stage
        began) before an action on it, logging it as :meth:`settle` does. Reads apply it
        in memory only, so the first action after that day stores it: the action then
        works on the checklist the user saw (Monitor's, not the Feedback one left behind).
        Its undo puts the card back as the file had it; time applies again next time."""
        today = self.today()
        if not rules.settles(card, today):
            return
        before = card.stage
        if rules.settle(card, opp, today, self.settings.timings):
            act.log(
                "stage_changed" if card.stage is not before else "unsnoozed",
                card.id,
                {"from": before.value, "to": card.stage.value, "auto": True},
            )

    def close_items(
        self, card_id: str, item_ids: list[str], *, skip: bool = False, reason: str | None = None
    ) -> CardView:
        """Mark items done, or skipped with a reason."""
        today, now = self.today(), self.now().isoformat()

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            closed = []
            for item_id in item_ids:
                item = rules.close_item(
                    card,
                    opp,
                    item_id,
                    now=now,
                    today=today,
                    reason=reason,
                    skip=skip,
                    timings=self.settings.timings,
                )
                closed.append({"item": item.id, "action": item.action, "person": item.person_id})
            return {"items": closed, "stage": card.stage.value} | (
                {"reason": reason} if skip else {}
            )

        return self._card_op("item_skipped" if skip else "item_done", card_id, apply)

    def reject(self, card_id: str, on: date, hired: str | None = None) -> CardView:
        today, now = self.today(), self.now().isoformat()

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            _name_the_hire(act, opp, hired)
            rules.reject(card, opp, on, now=now, today=today, timings=self.settings.timings)
            self._watch_after(act, opp, on)
            return {"outcome": "rejected", "on": on.isoformat()}

        return self._card_op("outcome_logged", card_id, apply)

    def finish(self, card_id: str, outcome: Outcome, on: date | None = None) -> CardView:
        today, now = self.today(), self.now().isoformat()
        day = on or today

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            rules.finish(card, opp, outcome, day, now=now, today=today)
            return {"outcome": outcome.value, "on": day.isoformat()}

        return self._card_op("outcome_logged", card_id, apply)

    def ghosted(self, card_id: str, on: date | None = None, hired: str | None = None) -> CardView:
        today, now = self.today(), self.now().isoformat()
        day = on or today

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            _name_the_hire(act, opp, hired)
            rules.ghosted(card, opp, day, now=now, today=today, timings=self.settings.timings)
            self._watch_after(act, opp, day)
            return {"outcome": "ghosted", "on": day.isoformat()}

        return self._card_op("outcome_logged", card_id, apply)

    def _watch_after(self, act: _Action, opp: Opportunity, day: date) -> None:
        """Watch ``opp``'s company after its rejection or ghosting on ``day``, in the
        outcome's action (see :func:`tracker.domain.watch.after_outcome`)."""
        key = company_key(opp.company)
        doc = next(
            (d for d in act.txn.all("watches").values() if company_key(d["company"]) == key), None
        )
        existing = Watch.from_doc(doc) if doc is not None else None
        watch = after_outcome(
            existing,
            existing.id if existing is not None else watch_id(),
            opp.company,
            opp.id,
            day,
            self.settings.watch_every,
            self.settings.watch_for,
        )
        if watch is not None and (existing is None or watch != existing):
            act.put("watches", watch.to_doc())

    def snooze(self, card_id: str, until: date) -> CardView:
        today = self.today()

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            rules.snooze(card, until, today=today)
            return {"until": until.isoformat()}

        return self._card_op("snoozed", card_id, apply)

    def advance(self, card_id: str) -> CardView:
        today, now = self.today(), self.now().isoformat()

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            before = card.stage
            rules.advance(card, opp, now=now, today=today, timings=self.settings.timings)
            return {"from": before.value, "to": card.stage.value, "state": card.state.value}

        return self._card_op("stage_changed", card_id, apply)

    def retreat(self, card_id: str) -> CardView:
        today = self.today()

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            before = card.stage
            rules.retreat(card, opp, today=today, timings=self.settings.timings)
            return {"from": before.value, "to": card.stage.value}

        return self._card_op("stage_changed", card_id, apply)

    def reopen_item(self, card_id: str, item_id: str) -> CardView:
        """Put a done or skipped item back on the list."""

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            item = rules.reopen_item(card, item_id)
            return {"item": item.id, "action": item.action}

        return self._card_op("item_reopened", card_id, apply)

    def edit(
        self,
        card_id: str,
        *,
        company: str | None = None,
        role: str | None = None,
        notes: str | None = None,
    ) -> CardView:
        """Change the company, role or notes of a card."""

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            changed: dict[str, Any] = {}
            if company is not None and company.strip() and company.strip() != opp.company:
                opp.company = changed["company"] = company.strip()
            if role is not None and role.strip() and role.strip() != opp.role:
                opp.role = changed["role"] = role.strip()
            if notes is not None and notes != card.notes:
                card.notes = notes
                changed["notes"] = True
            if company is not None and not company.strip():
                raise DomainError("the company name cannot be empty.")
            if role is not None and not role.strip():
                raise DomainError("the role cannot be empty.")
            return {"changed": sorted(changed)}

        return self._card_op("edited", card_id, apply)

    def archive(self, card_id: str) -> CardView:
        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            rules.archive(card)
            return {}

        return self._card_op("archived", card_id, apply)

    def log_reply(
        self, card_id: str, person_id: str, text: str = "", *, done: bool = False
    ) -> CardView:
        """A reply from ``person_id``, with what they said (may be empty): cancels their
        pending nudges. It is ``feedback`` when an "ask for feedback" item for them is
        open; ``done`` also completes that item, in the same action."""
        said = check_said(text)
        today, now = self.today(), self.now().isoformat()

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            person = _on_card(act, opp, person_id)
            asks = [i for i in card.open_items if i.person_id == person_id and i.action == ASK]
            if done and not asks:
                raise DomainError(
                    f"{person.name} has no open “{rules.ACTIONS[ASK]}” on {opp.company} "
                    "to complete; leave out --done."
                )
            cancelled = rules.log_reply(card, person_id, now=now)
            _contacted(act, person, today)
            data: dict[str, Any] = {
                "person": person_id,
                "name": person.name,
                "cancelled": [i.id for i in cancelled],
                "kind": "feedback" if asks else "reply",
                "text": said,
            }
            if done:
                for item in asks:
                    rules.close_item(
                        card, opp, item.id, now=now, today=today, timings=self.settings.timings
                    )
                data["done"] = [i.id for i in asks]
            return data

        return self._card_op("reply_logged", card_id, apply)

    def accept_coffee(self, card_id: str, person_id: str, day: date, text: str = "") -> CardView:
        """``person_id`` said yes to the coffee invitation (what they said may be empty):
        the invite is done, their nudges are cancelled and a "meet" item is due ``day``;
        the thank-you after coffee follows the meeting. Logged as their reply, in one
        action. Said again with another day, the meeting moves."""
        said = check_said(text)
        now = self.now().isoformat()

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            person = _on_card(act, opp, person_id)
            if not rules.invited(card, person_id):
                raise DomainError(
                    f"{person.name} has no coffee invitation on {opp.company}; "
                    "a meeting day goes with a yes to “"
                    f"{rules.ACTIONS['invite_coffee']}”."
                )
            open_before = {i.id for i in card.open_items}
            meet = rules.accept_coffee(
                card, opp, person_id, day, now=now, timings=self.settings.timings
            )
            cancelled = [
                i.id for i in card.items if i.id in open_before and i.reason == "reply received"
            ]
            _contacted(act, person, self.today())
            return {
                "person": person_id,
                "name": person.name,
                "cancelled": cancelled,
                "kind": "reply",
                "text": said,
                "meeting": day.isoformat(),
                "meet": meet.id,
            }

        return self._card_op("reply_logged", card_id, apply)

    def met(
        self,
        card_id: str,
        person_id: str,
        on: date | None = None,
        *,
        advice: str = "",
        insights: str = "",
        recommendations: str = "",
    ) -> CardView:
        """The coffee or call with ``person_id`` took place ``on`` (default today): the
        "meet" item is done, the Advice, Insights and Recommendations (each optional) are
        kept as an ``advice`` interaction, and the thank-you after coffee is due from that
        day. One action."""
        air = check_air(
            {"advice": advice, "insights": insights, "recommendations": recommendations}
        )
        today, now = self.today(), self.now().isoformat()
        day = on or today

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            person = _on_card(act, opp, person_id)
            if rules.open_meeting(card, person_id) is None and not rules.invited(card, person_id):
                raise DomainError(
                    f"no coffee or call with {person.name} is planned on {opp.company}; "
                    "log their yes first (`tracker reply CARD PERSON --meet DATE`)."
                )
            rules.met(
                card, opp, person_id, day, now=now, today=today, timings=self.settings.timings
            )
            _contacted(act, person, day)
            return {
                "person": person_id,
                "name": person.name,
                "kind": "advice",
                "text": air_text(air),
                "air": air,
                "met_on": day.isoformat(),
            }

        return self._card_op("interaction_noted", card_id, apply)

    def note_interaction(
        self, card_id: str, person_id: str, text: str, kind: str = "note"
    ) -> CardView:
        """Note what a person said or what happened with them (``kind``: a note, advice,
        a meeting…); unlike a reply it cancels nothing."""
        kind = check_kind(kind)
        said = check_note(text)

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            person = _on_card(act, opp, person_id)
            _contacted(act, person, self.today())
            return {"person": person_id, "name": person.name, "kind": kind, "text": said}

        return self._card_op("interaction_noted", card_id, apply)

    def interactions(self, card_id: str) -> list[Interaction]:
        """What the people of ``card_id`` said, oldest first (undone ones left out)."""
        return interactions(self.card_events(card_id))

    def set_draft(self, card_id: str, item_id: str, text: str) -> CardView:
        """Keep an edited draft on a checklist item."""

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            item = card.item(item_id)
            item.draft = text
            return {"item": item.id, "action": item.action}

        return self._card_op("draft_saved", card_id, apply)

    def compare(self, card_id: str, background: str, gaps: Iterable[str], better: str) -> CardView:
        """Keep the comparison with the person hired (their background, the gaps, whether
        they were better qualified) on the card's opportunity, replacing any earlier one
        (gaps whose text is unchanged keep their ids), and complete the open "compare
        their background" item in the same action."""
        from tracker.domain.comparison import compare as make_comparison

        gaps = list(gaps)
        today, now = self.today(), self.now().isoformat()

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            items = [i for i in card.open_items if i.action == COMPARE]
            hired = opp.people_with(Role.HIRED)
            person_id = next((i.person_id for i in items if i.person_id), None) or (
                hired[0] if hired else None
            )
            opp.comparison = made = make_comparison(
                background, gaps, better, on=today, person_id=person_id, before=opp.comparison
            )
            name = ""
            if person_id is not None:
                doc = act.txn.get("people", person_id)
                name = Person.from_doc(doc).name if doc is not None else ""
            done = []
            if card.state not in (State.DONE, State.ARCHIVED):
                for item in items:
                    rules.close_item(
                        card, opp, item.id, now=now, today=today, timings=self.settings.timings
                    )
                    done.append(item.id)
            return {"comparison": made.to_doc(), "name": name, "done": done}

        return self._card_op("compared", card_id, apply)

    def review_position(self) -> str | None:
        """The card a review stopped at today, so the next review resumes there."""
        state = self.db.table("review").get("state")
        if state and state.get("day") == self.today().isoformat():
            return state.get("card")
        return None

    def save_review_position(self, card_id: str | None) -> None:
        with self.db.transaction(today=self.today()) as txn:
            txn.put("review", {"id": "state", "card": card_id, "day": self.today().isoformat()})

    def finish_review(self, *, nothing_left_due: bool, counts: dict[str, int]) -> None:
        """Log a finished review; one with nothing left due keeps the day."""
        with self.db.transaction(today=self.today()) as txn:
            restdays.record(txn, self.settings.rest_weekdays, self.today(), self.paths.database)
            txn.put("review", {"id": "state", "card": None, "day": self.today().isoformat()})
            event = self._event(
                "review_finished", None, {"nothing_left_due": nothing_left_due, **counts}
            )
            txn.append_event(event.to_doc())

    def settle(self) -> int:
        """Apply the passing of time (snoozes ending, waiting cards moving on); returns how many."""
        today = self.today()
        snap = self.snapshot()
        pending = [c for c in snap.cards.values() if rules.settles(c, today)]
        if not pending:
            return 0
        moved = 0
        with self.db.transaction(today=today) as txn:
            for stale in pending:
                doc = txn.get("cards", stale.id)
                if doc is None:
                    continue
                card = Card.from_doc(doc, self._damaged)
                opp_doc = txn.get("opportunities", card.opportunity_id)
                if opp_doc is None:
                    continue
                opp = Opportunity.from_doc(opp_doc)
                before = card.stage
                if rules.settle(card, opp, today, self.settings.timings):
                    txn.put("cards", card.to_doc())
                    event = self._event(
                        "stage_changed" if card.stage is not before else "unsnoozed",
                        card.id,
                        {"from": before.value, "to": card.stage.value, "auto": True},
                    )
                    txn.append_event(event.to_doc())
                    moved += 1
        return moved

    # --- exchange: dump, load, import --------------------------------------------
    # What tracker.exchange (export and import) needs, so it never reads the files.

    DISK_META = ("token", "events_bytes", "events")
    """Meta fields that describe one home's files, not its data: a dump leaves them out."""

    @staticmethod
    def derived_tables() -> tuple[str, ...]:
        """Tables computed from the event log: not exported, not counted as data."""
        return schema.DERIVED_TABLES

    def dump(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Every table (known to this version or not) but the derived ones, and every event.

        The meta record keeps the schema version and drops :attr:`DISK_META`. The
        documents are the committed ones, shared with the cache: do not change them.
        """
        data = self.db.data()
        events = self.db.events()
        derived = self.derived_tables()
        tables: dict[str, Any] = {}
        for name, table in data.items():
            if name in derived:
                continue  # rebuilt from the events on first use
            if name == "meta":
                table = {
                    key: {
                        k: v
                        for k, v in doc.items()
                        if not (key == schema.META_ID and k in self.DISK_META)
                    }
                    for key, doc in table.items()
                }
            tables[name] = table
        return tables, events

    def is_empty(self) -> bool:
        """No records in any table, and no events."""
        return self._holds_nothing(self.db.data())

    def check_empty(self) -> None:
        """Raise :class:`HomeNotEmpty` (one sentence) unless the home is empty."""
        self._refuse_unless_empty(self.db.data())

    def load_into_empty(self, data: dict[str, Any], events: list[dict[str, Any]]) -> None:
        """Write the whole database ``data`` and log ``events``, into an empty home.

        ``data`` must be valid for the current schema (see tracker.store.schema).
        Emptiness is checked again under the lock, so nothing written meanwhile
        is ever replaced: :class:`HomeNotEmpty` then, and nothing is written.
        """
        with self.db.transaction(today=self.today()) as txn:
            self._refuse_unless_empty(self.db.storage.cached or {})
            info = dict(schema.meta(data), events_bytes=0, events=0, token="")
            txn.replace({**data, "meta": {**data["meta"], schema.META_ID: info}})
            for event in events:
                txn.append_event(event)

    def import_records(
        self, applications: list[tuple[Opportunity, Card, list[Person]]], file_name: str
    ) -> None:
        """Add imported applications (built by the domain rules) as one undoable action.

        One transaction, one ``imported`` event and one undo entry for the lot;
        each application also logs ``created`` and, when it has an outcome,
        ``outcome_logged``, both marked ``imported`` (so no streak day counts them).
        """
        with self._action("imported", None) as act:
            for opp, card, people in applications:
                for person in people:
                    act.put("people", person.to_doc())
                act.put("opportunities", opp.to_doc())
                act.put("cards", card.to_doc())
                act.log(
                    "created",
                    card.id,
                    {
                        "company": opp.company,
                        "role": opp.role,
                        "interview": opp.interviews[-1].isoformat(),
                        "imported": True,
                    },
                )
                if opp.outcome is not Outcome.PENDING and opp.outcome_on is not None:
                    act.log(
                        "outcome_logged",
                        card.id,
                        {
                            "outcome": opp.outcome.value,
                            "on": opp.outcome_on.isoformat(),
                            "imported": True,
                        },
                    )
            act.data = {"file": file_name, "rows": len(applications)}

    def _holds_nothing(self, data: dict[str, Any]) -> bool:
        derived = self.derived_tables()
        if any(table for name, table in data.items() if name != "meta" and name not in derived):
            return False
        info = data.get("meta", {}).get(schema.META_ID, {})
        return not info.get("events") and not info.get("events_bytes")

    def _refuse_unless_empty(self, data: dict[str, Any]) -> None:
        if not self._holds_nothing(data):
            cards = plural(len(data.get("cards", {})), "card")
            raise HomeNotEmpty(
                f"{self.paths.data_dir} already holds data ({cards}), and a JSON import "
                "only goes into an empty home: import it with --home pointing to an empty folder."
            )

    def undo(self) -> str:
        """Undo the most recent action still on the undo stack, whichever process did it;
        returns what was undone."""
        with self.db.transaction(today=self.today()) as txn:
            entries = txn.all("undo")
            if not entries:
                raise DomainError("there is nothing to undo.")
            last = max(entries.values(), key=lambda e: e["seq"])
            self._put_back(txn, last)
            return str(last["label"])

    def undo_own(self, confirmed: tuple[str, ...] | None = None) -> OwnUndo:
        """Undo this repository's own last action (the board's), in one transaction.

        Newer actions from elsewhere (another process; entries without a session)
        are left alone when they touched other records. When one touched the same
        records, undoing the older action alone would put back stale records and
        lose it, so nothing is undone: the answer asks whether to undo them all,
        newest first. When this repository has nothing left to undo, it asks
        whether to undo the newest action from elsewhere. Call again with the
        asked ``entries`` as ``confirmed`` to do it; if the stack changed in
        between, nothing is undone.
        """
        with self.db.transaction(today=self.today()) as txn:
            plan = _plan_own_undo(list(txn.all("undo").values()), self.session)
            if confirmed is not None and plan.entries != confirmed:
                raise DomainError(
                    "the undo stack changed while you were answering (another window?); "
                    "nothing was undone: press u again."
                )
            if plan.question and confirmed is None:
                return plan
            entries = txn.all("undo")
            for entry_id in plan.entries:
                self._put_back(txn, entries[entry_id])
            return OwnUndo(plan.entries, plan.labels, "", done=True, foreign=plan.foreign)

    def _put_back(self, txn: Transaction, entry: dict[str, Any]) -> None:
        """Restore the records ``entry`` remembers, drop it, and log the undo."""
        for table, records in entry["before"].items():
            for record_id, doc in records.items():
                if doc is None:
                    txn.remove(table, record_id)
                else:
                    txn.put(table, doc)
        txn.remove("undo", entry["id"])
        undo_data = {"undid": entry["id"], "what": entry["type"]}
        if entry.get("day"):
            undo_data["day"] = entry["day"]  # lets the streak day index subtract it
        event = self._event("undo", entry.get("card"), undo_data)
        txn.append_event(event.to_doc())

    # --- people ------------------------------------------------------------------
    # Contact details, who is on which card, and people added to a card after it
    # was logged (`tracker person`, `people`, `hired`). A person is one record,
    # linked to any number of opportunities; each write is one undoable action.

    def find_person(self, ref: str) -> Person:
        """A person by id prefix (4+ hex characters) or by a name matching one person exactly."""
        if not ref.strip():
            raise DomainError("name a person by their id (4+ characters) or their full name.")
        snap = self.snapshot()
        found = _match_person(ref, list(snap.people.values()))
        if found is None:
            raise DomainError(
                f"no person is called {ref.strip()!r}; `tracker people` lists everyone "
                "with their ids."
            )
        return found

    def people_on_cards(self) -> list[tuple[Person, list[tuple[CardView, Role]]]]:
        """Every person, by name, with the cards they are on and their role on each."""
        snap = self.snapshot()
        on: dict[str, list[tuple[CardView, Role]]] = {}
        views = [snap.view(card) for card in snap.cards.values()]
        views.sort(
            key=lambda v: (v.opportunity.interviews[0], v.card.created_at, v.company.casefold())
        )
        for view in views:
            for link in view.opportunity.people:
                on.setdefault(link.person_id, []).append((view, link.role))
        people = sorted(snap.people.values(), key=lambda p: (p.name.casefold(), p.id))
        return [(person, on.get(person.id, [])) for person in people]

    def person_cards(self, person_id: str) -> list[tuple[CardView, Role]]:
        """The cards ``person_id`` is on, oldest interview first, with their role on each."""
        for person, cards in self.people_on_cards():
            if person.id == person_id:
                return cards
        return []

    def add_person(
        self,
        card_id: str,
        name: str,
        role: Role,
        *,
        highlight: str = "",
        details: PersonDetails | None = None,
        new: bool = False,
    ) -> tuple[CardView, Person, bool]:
        """Link a person to a card with ``role``, at any stage; returns the card, the person
        and whether the person is new.

        ``name`` names an existing person as :meth:`find_person` does (an id prefix, or
        their exact name), who is then linked; else, or with ``new``, a person is created
        with the card's company. The current checklist takes them in
        (:func:`tracker.domain.rules.link_person`). A card has one hire: naming
        another replaces the one named before (who stays among the people, on the
        card no more), in the same undoable action.
        """
        name = check_name(name)
        if has_control(highlight):
            raise DomainError("the highlight contains a control character; type it again.")
        checked = details.checked() if details is not None else None
        today, now = self.today(), self.now().isoformat()
        made: list[tuple[Person, bool]] = []

        def apply(card: Card, opp: Opportunity, act: _Action) -> dict[str, Any]:
            known = [Person.from_doc(doc) for doc in act.txn.all("people").values()]
            person = None if new else _match_person(name, known)
            created = person is None
            if person is None:
                person = Person(id=new_id(), name=name, company=opp.company)
            elif any(x.person_id == person.id and x.role is role for x in opp.people):
                raise DomainError(
                    f"{person.name} is already on {opp.company} as {ROLE_WORDS[role]}."
                )
            if highlight.strip():
                person.highlight = highlight.strip()
            if checked is not None:
                checked.apply(person)
            act.put("people", person.to_doc())
            replaced = []  # the hire named before, when this names another
            for pid in opp.people_with(Role.HIRED) if role is Role.HIRED else []:
                doc = act.txn.get("people", pid)
                if pid != person.id:
                    replaced.append({"person": pid, "name": doc["name"] if doc else "?"})
            items = rules.link_person(
                card, opp, person.id, role, now=now, today=today, timings=self.settings.timings
            )
            made.append((person, created))
            return {
                "person": person.id,
                "name": person.name,
                "role": role.value,
                "new": created,
                "items": [i.id for i in items],
            } | ({"replaced": replaced} if replaced else {})

        view = self._card_op("person_added", card_id, apply)
        person, created = made[-1]
        return view, person, created

    def edit_person(
        self,
        person_id: str,
        details: PersonDetails,
        *,
        card_id: str | None = None,
        every: int | object = KEEP,
    ) -> tuple[Person, list[str]]:
        """Change a person's name, title, e-mail, LinkedIn URL, notes or highlight, and
        their keep-in-touch cadence (``every``: days, 0 for never, or
        :data:`tracker.domain.network.DEFAULT`); returns the person and the fields that
        changed. Nothing is written when nothing changes.

        ``card_id``, when the edit is made from a card (the board's detail), puts the one
        event in that card's history; the person must be on it."""
        checked = details.checked()
        current = self.snapshot().people.get(person_id)
        if current is None:
            raise DomainError("that person no longer exists (was it undone in another window?).")
        cadence = every if isinstance(every, int) else None  # DEFAULT: the config's
        new_every = every is not KEEP and current.every != cadence
        if not checked.changes(current) and not new_every:
            return current, []
        with self._action("person_edited", card_id) as act:
            if card_id is not None:
                _, opp = act.card(card_id)
                person = _on_card(act, opp, person_id)
            else:
                doc = act.txn.get("people", person_id)
                if doc is None:
                    raise DomainError(
                        "that person no longer exists (was it undone in another window?)."
                    )
                person = Person.from_doc(doc)
            before = person.name
            changed = checked.apply(person)
            if every is not KEEP and person.every != cadence:
                person.every = cadence
                changed = sorted([*changed, "every"])
            act.put("people", person.to_doc())
            act.subject = person.name
            act.data = {"person": person.id, "name": person.name, "changed": changed}
            if before != person.name:
                act.data["was"] = before
        return person, changed

    def directory(self) -> list[Group]:
        """Everyone by company, with their role, last interaction and next check-in: the
        People screen (:func:`tracker.domain.directory.directory`). A read."""
        from tracker.domain.directory import directory

        return directory(self.people_on_cards(), self.touches(), self.all_interactions())

    # --- the network -------------------------------------------------------------
    # After their cards are done, people stay in the network with a keep-in-touch
    # cadence (tracker.domain.network). A touch belongs to no card: done, skipped and
    # snoozed are actions on the person record, each logging one event, undoable.

    def touches(self) -> list[Touch]:
        """Every next touch of the network, due or not, the earliest first."""
        # From the stored documents: a board of 10,000 cards builds its opportunities
        # only when drawn, and the touches need only their people and days.
        snap, data = self.snapshot(), self.db.data()
        try:
            known = standings_from_docs(
                data.get("cards", {}).values(), data.get("opportunities", {})
            )
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            raise self._damaged(f"a record is malformed: {error!r}") from None
        people = snap.people
        found = [
            touch
            for person_id, standing in known.items()
            if not standing.on_board
            and person_id in people
            and (touch := touch_for(people[person_id], standing, self.settings.network_every))
            is not None
        ]
        return sorted(found, key=by_due)

    def due_touches(self, today: date | None = None) -> list[Touch]:
        """The touches due ``today`` (default: the user's today), most overdue first."""
        day = today or self.today()
        return [touch for touch in self.touches() if touch.is_due(day)]

    def touch_of(self, person_id: str) -> Touch | None:
        """``person_id``'s next touch, due or not (None: not in the network, or never)."""
        return next((t for t in self.touches() if t.person.id == person_id), None)

    def _check_in_network(self, person: Person) -> None:
        snap = self.snapshot()
        companies = sorted(
            {
                snap.opportunity(c).company
                for c in snap.cards.values()
                if c.state in ON_BOARD
                and any(x.person_id == person.id for x in snap.opportunity(c).people)
            }
        )
        if companies:
            raise DomainError(
                f"{person.name} is on a card still on the board ({', '.join(companies)}); "
                "its checklist covers them."
            )
        if person.id not in standings(snap.cards.values(), snap.opportunities):
            raise DomainError(
                f"{person.name} is on no finished card yet, so not in your network; "
                "a touch starts once their card is done."
            )

    def _touch_op(
        self, kind: str, person_id: str, apply: Callable[[Person], dict[str, Any]]
    ) -> Person:
        current = self.snapshot().people.get(person_id)
        if current is None:
            raise DomainError("that person no longer exists (was it undone in another window?).")
        self._check_in_network(current)
        return self._record_op(
            kind,
            "people",
            person_id,
            Person.from_doc,
            apply,
            lambda person: (person.name, {"person": person.id, "name": person.name}),
        )

    def _record_op(
        self,
        kind: str,
        table: str,
        record_id: str,
        build: Callable[[dict[str, Any]], R],
        apply: Callable[[R], dict[str, Any]],
        describe: Callable[[R], tuple[str, dict[str, Any]]],
    ) -> R:
        """One action on one record that belongs to no card (a person's check-in, a
        watch, a lesson): read it in the transaction (refused when it is gone), ``apply``
        the change (which returns the event's own data), put it back, log one event.
        ``describe`` gives the undo label's subject and the data every such event has."""
        with self._action(kind, None) as act:
            doc = act.txn.get(table, record_id)
            if doc is None:
                noun = {"people": "person", "watches": "watch", "lessons": "lesson"}[table]
                raise DomainError(
                    f"that {noun} no longer exists (was it undone in another window?)."
                )
            record = build(doc)
            data = apply(record)
            act.put(table, record.to_doc())
            subject, head = describe(record)
            if subject:
                act.subject = subject
            act.data = {**head, **data}
        return record

    def touch_done(self, person_id: str, note: str = "") -> Person:
        """The check-in with ``person_id`` is done today: their last contact moves to
        today and a snooze ends. ``note`` (optional) is kept as a ``note`` interaction."""
        said = check_said(note)
        today = self.today()

        def apply(person: Person) -> dict[str, Any]:
            person.contacted = max(today, person.contacted or today)
            person.touch_snoozed = None
            return {"kind": "note", "text": said} if said else {}

        return self._touch_op("touch_done", person_id, apply)

    def skip_touch(self, person_id: str, reason: str) -> Person:
        """Skip the check-in with ``person_id`` this time, with a reason: the cadence
        starts again today, as after a touch."""
        reason = " ".join(reason.split())
        if not reason or has_control(reason):
            raise DomainError("say why you skip the check-in, in a few plain words.")
        today = self.today()

        def apply(person: Person) -> dict[str, Any]:
            person.contacted = max(today, person.contacted or today)
            person.touch_snoozed = None
            return {"reason": reason}

        return self._touch_op("touch_skipped", person_id, apply)

    def snooze_touch(self, person_id: str, until: date) -> Person:
        """The check-in with ``person_id`` waits until ``until`` (a day after today)."""
        today = self.today()
        if until <= today:
            raise DomainError(f"snooze needs a day after today ({today}); {until} is not.")

        def apply(person: Person) -> dict[str, Any]:
            person.touch_snoozed = until
            return {"until": until.isoformat()}

        return self._touch_op("touch_snoozed", person_id, apply)

    # --- watching companies ------------------------------------------------------
    # After a rejection (or a ghosting) the company is watched: a "check their
    # openings" reminder now and then (tracker.domain.watch). A watch belongs to no
    # card: started, changed, stopped, checked, skipped and snoozed are actions on the
    # watch record, each logging one event, undoable. The automatic watch is part of
    # the outcome's own action (:meth:`reject`, :meth:`ghosted`), undone with it.

    def watches(self) -> list[Watch]:
        """Every watch (running, ended or stopped), by company."""
        try:
            found = [Watch.from_doc(doc) for doc in self.db.data().get("watches", {}).values()]
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            raise self._damaged(f"a record is malformed: {error!r}") from None
        return sorted(found, key=lambda w: (company_key(w.company), w.id))

    def find_watch(self, company: str) -> Watch:
        """The watch of ``company`` (case and repeated spaces do not count)."""
        key = company_key(company)
        found = next((w for w in self.watches() if company_key(w.company) == key), None)
        if found is None:
            raise DomainError(
                f"you are not watching {' '.join(company.split())!r}; `tracker watches` "
                "lists the companies you watch."
            )
        return found

    def reminders(self) -> list[Reminder]:
        """Every next "check their openings" reminder, due or not, the earliest first."""
        return reminders(self.watches())

    def due_reminders(self, today: date | None = None) -> list[Reminder]:
        """The reminders due ``today`` (default: the user's today), most overdue first."""
        day = today or self.today()
        return [r for r in self.reminders() if r.is_due(day)]

    def reminder_of(self, watch_id: str) -> Reminder | None:
        """The next reminder of the watch ``watch_id``, due or not (None: stopped or ended)."""
        return next((r for r in self.reminders() if r.watch.id == watch_id), None)

    def watch(
        self,
        company: str,
        *,
        url: str | None = None,
        every: int | None = None,
        until: date | None = None,
    ) -> tuple[Watch, str]:
        """Start watching ``company`` (one with an interview on record), or change its
        watch: the careers ``url``, the cadence ``every`` (days), the end ``until``.
        A stopped or ended watch starts again today. Returns the watch and what happened:
        "started", "changed" or "unchanged" (then nothing is written)."""
        today = self.today()
        if url is not None:
            url = check_url(url)
        if every is not None and not 0 < every <= WATCH_MAX_EVERY:
            raise DomainError(f"a watch's cadence is 1 to {WATCH_MAX_EVERY} days.")
        if until is not None and until <= today:
            raise DomainError(f"a watch ends after today ({today}); {until} is not.")
        if has_control(company):
            raise DomainError("the company name contains a control character; type it again.")
        key = company_key(company)
        if not key:
            raise DomainError("name the company to watch.")
        try:
            with self._action("watch_started", None) as act:
                docs = act.txn.all("watches").values()
                doc = next((d for d in docs if company_key(d["company"]) == key), None)
                existing = Watch.from_doc(doc) if doc is not None else None
                opps = sorted(
                    (
                        d
                        for d in act.txn.all("opportunities").values()
                        if company_key(d["company"]) == key
                    ),
                    key=lambda d: (min(d["interviews"]), d["id"]),
                )
                if existing is None and not opps:
                    raise DomainError(
                        f"no interview at {' '.join(company.split())!r} is on record, so there is "
                        "nothing to watch; `tracker list --all` lists your companies."
                    )
                if existing is not None and existing.is_running():
                    watch = msgspec.structs.replace(existing)
                    changed = []
                    for name, value in (("url", url), ("every", every), ("until", until)):
                        if value is not None and getattr(watch, name) != value:
                            setattr(watch, name, value)
                            changed.append(name)
                    if not changed:
                        raise _Unchanged(existing)
                    act.kind, what = "watch_changed", "changed"
                else:
                    ids = list(existing.opportunities) if existing is not None else []
                    ids += [d["id"] for d in opps if d["id"] not in ids]
                    months = self.settings.watch_for or WATCH_DEFAULT_FOR
                    watch = Watch(
                        id=existing.id if existing is not None else watch_id(),
                        company=existing.company if existing is not None else opps[-1]["company"],
                        started=today,
                        every=every or self.settings.watch_every or WATCH_DEFAULT_EVERY,
                        until=until or add_months(today, months),
                        url=url if url is not None else (existing.url if existing else ""),
                        opportunities=ids,
                        note=existing.note if existing is not None else "",
                    )
                    changed, what = [], "started"
                if not watch.is_running():
                    raise DomainError(
                        f"the watch of {watch.company} would end on {watch.until}, before its "
                        f"next reminder on {watch.next_due()}; give a later --until or a "
                        "shorter --every."
                    )
                act.put("watches", watch.to_doc())
                act.subject = watch.company
                act.data = {
                    "watch": watch.id,
                    "company": watch.company,
                    "every": watch.every,
                    "until": watch.until.isoformat(),
                } | ({"changed": changed} if changed else {})
        except _Unchanged as same:
            return same.watch, "unchanged"
        return watch, what

    def _watch_op(
        self, kind: str, watch_id: str, apply: Callable[[Watch], dict[str, Any]]
    ) -> Watch:
        return self._record_op(
            kind,
            "watches",
            watch_id,
            Watch.from_doc,
            apply,
            lambda watch: (watch.company, {"watch": watch.id, "company": watch.company}),
        )

    @staticmethod
    def _check_running(watch: Watch) -> None:
        if watch.stopped:
            raise DomainError(
                f"you stopped watching {watch.company}; `tracker watch {watch.company}` starts again."
            )
        if not watch.is_running():
            raise DomainError(
                f"the watch of {watch.company} ended on {watch.until}; "
                f"`tracker watch {watch.company}` starts it again."
            )

    def stop_watch(self, watch_id: str) -> Watch:
        """Stop watching: no more reminders (undo, or `tracker watch` again, restarts it)."""

        def apply(watch: Watch) -> dict[str, Any]:
            if watch.stopped:
                raise DomainError(f"you stopped watching {watch.company} already.")
            watch.stopped = True
            return {}

        return self._watch_op("watch_stopped", watch_id, apply)

    def watch_checked(self, watch_id: str, note: str = "") -> Watch:
        """The company's openings were checked today: the next reminder counts from
        today and a snooze ends. ``note`` (optional): what the check found."""
        said = check_said(note)
        today = self.today()

        def apply(watch: Watch) -> dict[str, Any]:
            self._check_running(watch)
            watch.checked = max(today, watch.checked or today)
            watch.snoozed = None
            if said:
                watch.note = said
            return {"note": said} if said else {}

        return self._watch_op("watch_checked", watch_id, apply)

    def skip_watch(self, watch_id: str, reason: str) -> Watch:
        """Skip this check, with a reason: the next reminder counts from today."""
        reason = " ".join(reason.split())
        if not reason or has_control(reason):
            raise DomainError("say why you skip the check, in a few plain words.")
        today = self.today()

        def apply(watch: Watch) -> dict[str, Any]:
            self._check_running(watch)
            watch.checked = max(today, watch.checked or today)
            watch.snoozed = None
            return {"reason": reason}

        return self._watch_op("watch_skipped", watch_id, apply)

    def snooze_watch(self, watch_id: str, until: date) -> Watch:
        """The reminder waits until ``until`` (after today, not after the watch ends)."""
        today = self.today()
        if until <= today:
            raise DomainError(f"snooze needs a day after today ({today}); {until} is not.")

        def apply(watch: Watch) -> dict[str, Any]:
            self._check_running(watch)
            if until > watch.until:
                raise DomainError(
                    f"the watch of {watch.company} ends on {watch.until}; snooze to that day "
                    "at the latest, or stop it with --stop."
                )
            watch.snoozed = until
            return {"until": until.isoformat()}

        return self._watch_op("watch_snoozed", watch_id, apply)

    # --- lessons -----------------------------------------------------------------
    # What to practise, from feedback and comparison gaps. A lesson belongs to no
    # card: its actions log events without one, each undoable like any other.

    def _lesson_records(self) -> list[Lesson]:
        from tracker.domain.lessons import Lesson

        try:
            return [Lesson.from_doc(doc) for doc in self.db.data().get("lessons", {}).values()]
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            raise self._damaged(f"a record is malformed: {error!r}") from None

    def _resolver(self, sources: Iterable[Source] = ()) -> Callable[[Source], SourceView]:
        """Reads a source as it is now (see :func:`tracker.domain.lessons.resolve`). The
        event log is read only when one of ``sources`` is an interaction, and only the
        events that log or undo one are built."""
        from tracker.domain.lessons import resolve

        snap = self.snapshot()
        said: dict[str, Interaction] = {}
        if any(source.kind == "interaction" for source in sources):
            wanted = (*INTERACTION_EVENTS, "undo")
            docs = [doc for doc in self.db.events() if doc.get("type") in wanted]
            said = {i.id: i for i in interactions(Event.from_doc(doc) for doc in docs)}
        names = {key: person.name for key, person in snap.people.items()}
        opps = snap.opportunities
        companies = {
            key: opps[card.opportunity_id].company
            for key, card in snap.cards.items()
            if card.opportunity_id in opps
        }
        return lambda source: resolve(source, said, opps, names, companies)

    def _lesson_view(self, lesson: Lesson, read: Callable[[Source], SourceView]) -> LessonView:
        from tracker.domain.lessons import LessonView

        return LessonView(lesson, tuple(read(source) for source in lesson.sources))

    def lessons(self) -> list[LessonView]:
        """Every lesson, oldest first, with its sources as they read now ("(gone)" for one
        that no longer exists)."""
        found = sorted(self._lesson_records(), key=lambda x: (x.created, x.text.casefold()))
        read = self._resolver(source for lesson in found for source in lesson.sources)
        return [self._lesson_view(lesson, read) for lesson in found]

    def find_lesson(self, ref: str) -> Lesson:
        """A lesson by id prefix (4+ hex characters), by its exact text (ignoring case and
        repeated spaces), or by part of its text that only one lesson holds."""
        text = " ".join(ref.split()).casefold()
        if not text:
            raise DomainError("name a lesson by its id (4+ characters) or its text.")
        found = self._lesson_records()
        if len(text) >= 4 and all(ch in "0123456789abcdef" for ch in text):
            by_id = [x for x in found if x.id.startswith(text)]
            if len(by_id) == 1:
                return by_id[0]
            if len(by_id) > 1:
                raise DomainError(_ambiguous_lessons(ref, by_id))
        exact = [x for x in found if x.text.casefold() == text]
        if len(exact) == 1:
            return exact[0]
        part = exact or [x for x in found if text in x.text.casefold()]
        if len(part) == 1:
            return part[0]
        if len(part) > 1:
            raise DomainError(_ambiguous_lessons(ref, part))
        raise DomainError(
            f"no lesson matches {ref.strip()!r}; `tracker lessons` lists them with their ids."
        )

    def card_sources(self, card_id: str) -> list[SourceView]:
        """What a lesson can come from on ``card_id``: its feedback and advice, oldest
        first, then the gaps of its comparison with the person hired, in their order."""
        from tracker.domain.lessons import Source

        snap = self.snapshot()
        card = snap.cards.get(card_id)
        if card is None:
            raise DomainError("that card no longer exists (was it undone in another window?).")
        opp = snap.opportunity(card)
        sources = [
            Source.interaction(i.id) for i in self.interactions(card_id) if i.kind in LESSON_KINDS
        ]
        if opp.comparison is not None:
            sources += [Source.of_gap(opp.id, gap.id) for gap in opp.comparison.gaps]
        read = self._resolver(sources)
        return [read(source) for source in sources]

    def _check_sources(self, sources: Iterable[Source]) -> None:
        sources = list(sources)
        read = self._resolver(sources)
        for source in sources:
            if read(source).gone:
                what = "interaction" if source.kind == "interaction" else "gap"
                raise DomainError(
                    f"that {what} no longer exists (was it undone?); "
                    "`tracker lesson sources CARD` lists what there is."
                )

    def add_lesson(self, text: str, theme: str, sources: Iterable[Source] = ()) -> LessonView:
        """A new, open lesson with its sources (each kept once); one undoable action. A
        lesson with the same text is refused (attach the sources to it instead)."""
        from tracker.domain.lessons import new_lesson

        lesson = new_lesson(new_id(), text, theme, sources, on=self.today())
        self._check_sources(lesson.sources)
        with self._action("lesson_added", None) as act:
            for doc in act.txn.all("lessons").values():
                if str(doc.get("text", "")).casefold() == lesson.text.casefold():
                    raise DomainError(
                        f"there is already a lesson “{doc['text']}” ({str(doc['id'])[:6]}); "
                        f"add to it with `tracker lesson attach {str(doc['id'])[:6]} --from CARD`."
                    )
            act.put("lessons", lesson.to_doc())
            act.data = {
                "lesson": lesson.id,
                "text": lesson.text,
                "theme": lesson.theme,
                "sources": [s.to_doc() for s in lesson.sources],
            }
        return self._lesson_view(lesson, self._resolver(lesson.sources))

    def _lesson_op(
        self, kind: str, lesson_id: str, apply: Callable[[Lesson], dict[str, Any]]
    ) -> Lesson:
        from tracker.domain.lessons import Lesson

        return self._record_op(
            kind,
            "lessons",
            lesson_id,
            Lesson.from_doc,
            apply,
            lambda lesson: ("", {"lesson": lesson.id, "text": lesson.text}),
        )

    def attach(self, lesson_ref: str, sources: Iterable[Source]) -> tuple[LessonView, list[Source]]:
        """Attach ``sources`` to the lesson ``lesson_ref`` names (see :meth:`find_lesson`);
        returns it and the sources that were new. Nothing is written when none is new."""
        from tracker.domain.lessons import merge_sources

        lesson = self.find_lesson(lesson_ref)
        wanted = list(sources)
        _, added = merge_sources(lesson.sources, wanted)
        if not added:
            return self._lesson_view(lesson, self._resolver(lesson.sources)), []
        self._check_sources(added)

        def apply(current: Lesson) -> dict[str, Any]:
            current.sources, new = merge_sources(current.sources, wanted)
            if not new:
                raise DomainError("the lesson already has those sources (another window?).")
            added[:] = new
            return {"sources": [s.to_doc() for s in new]}

        after = self._lesson_op("lesson_attached", lesson.id, apply)
        return self._lesson_view(after, self._resolver(after.sources)), added

    def set_lesson_state(self, lesson_ref: str, state: LessonState) -> tuple[LessonView, bool]:
        """Set the state of the lesson ``lesson_ref`` names (any state, any order); returns
        it and whether it changed. Nothing is written when it is already in that state."""
        lesson = self.find_lesson(lesson_ref)
        if lesson.state is state:
            return self._lesson_view(lesson, self._resolver(lesson.sources)), False
        before = lesson.state

        def apply(current: Lesson) -> dict[str, Any]:
            current.state = state
            return {"from": before.value, "to": state.value}

        after = self._lesson_op("lesson_state_set", lesson.id, apply)
        return self._lesson_view(after, self._resolver(after.sources)), True

    # --- the prep page -------------------------------------------------------------

    def all_interactions(self) -> list[Interaction]:
        """Every interaction not undone, oldest first; only the events that log or undo
        one are built."""
        wanted = (*INTERACTION_EVENTS, "undo")
        docs = [doc for doc in self.db.events() if doc.get("type") in wanted]
        return interactions(Event.from_doc(doc) for doc in docs)

    def prep_page(
        self, company: str, templates: Mapping[str, str], *, prefer_card: str | None = None
    ) -> PrepPage:
        """The prep page for ``company`` (:func:`tracker.domain.prep.build`), its drafts
        rendered with ``templates`` (the user's, as the review loads them). A read: the cards
        are as the passing of time leaves them today (:meth:`settled_snapshot`), in memory."""
        from tracker.domain.prep import build

        snap = self.settled_snapshot()
        today = self.today()
        return build(
            company,
            cards=list(snap.cards.values()),
            opportunities=snap.opportunities,
            people=snap.people,
            said=self.all_interactions(),
            lessons=self.lessons(),
            templates=templates,
            today=today,
            my_name=self.settings.profile_name,
            timings=self.settings.timings,
            prefer_card=prefer_card,
        )


def _on_card(act: _Action, opp: Opportunity, person_id: str) -> Person:
    """The person ``person_id`` of ``opp``; one who is not on it is refused."""
    if opp.role_of(person_id) is None:
        doc = act.txn.get("people", person_id)
        who = Person.from_doc(doc).name if doc is not None else "that person"
        raise DomainError(f"{who} is not on {opp.company}; `tracker show` lists its people.")
    doc = act.txn.get("people", person_id)
    if doc is None:
        raise DomainError("that person no longer exists.")
    return Person.from_doc(doc)


def _contacted(act: _Action, person: Person, day: date) -> None:
    """Stamp ``day`` as ``person``'s last contact when it is later than the one they have
    (the network's cadence counts from it): part of the action, undone with it."""
    if person.contacted is None or person.contacted < day:
        person.contacted = day
        act.put("people", person.to_doc())


def _log_version(data: dict[str, Any]) -> tuple[Any, ...]:
    """Which committed event log ``data`` describes: its length, its event count, the commit."""
    info = schema.meta(data)
    return info.get("events_bytes", 0), info.get("events", 0), info.get("token", "")


def _name_the_hire(act: _Action, opp: Opportunity, hired: str | None) -> None:
    """Add the person hired, named with an outcome, to ``opp`` (nothing when no name).
    A card has one hire: one named before (``person add``) gives way, as with ``hired``."""
    if hired is None or not hired.strip():
        return
    person = Person(id=new_id(), name=check_name(hired), company=opp.company)
    act.put("people", person.to_doc())
    opp.people = [x for x in opp.people if x.role is not Role.HIRED]
    opp.people.append(Link(person.id, Role.HIRED))


@contextmanager
def no_gc(*, promote: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that form no cycles.

    Building 10,000 cards otherwise triggers dozens of collections that each walk
    everything built so far.

    The first collection after the pause still walks everything built during it, once.
    ``promote`` skips that walk: on the way out every object goes to the oldest generation
    as it is (``gc.freeze`` then ``gc.unfreeze``), for a command that is about to end
    (``tracker list --json`` at 1,000 cards: 4 ms). Not where objects are kept frozen (the
    board: :func:`tracker.ui.model.keep_out_of_collections`): it thaws them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if promote:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _match_person(ref: str, people: list[Person]) -> Person | None:
    """The person ``ref`` names (an id prefix of 4+ hex characters, or the exact name,
    ignoring case and repeated spaces); None if nobody; several raise, listing them."""
    text = " ".join(ref.split()).lower()
    if len(text) >= 4 and all(ch in "0123456789abcdef" for ch in text):
        by_id = [p for p in people if p.id.startswith(text)]
        if len(by_id) == 1:
            return by_id[0]
        if len(by_id) > 1:
            raise DomainError(_ambiguous_people(ref, by_id))
    by_name = [p for p in people if " ".join(p.name.split()).lower() == text]
    if len(by_name) > 1:
        raise DomainError(_ambiguous_people(ref, by_name))
    return by_name[0] if by_name else None


def _ambiguous_people(ref: str, people: list[Person]) -> str:
    people = sorted(people, key=lambda p: p.id)
    listed = "; ".join(
        f"{p.id[:6]} {p.name}" + (f" ({p.company})" if p.company else "") for p in people[:8]
    )
    more = f" and {len(people) - 8} more" if len(people) > 8 else ""
    return f"{ref.strip()!r} matches {len(people)} people: {listed}{more}; use more of the id."


def _ambiguous_lessons(ref: str, found: list[Lesson]) -> str:
    found = sorted(found, key=lambda x: x.id)
    listed = "; ".join(f"{x.id[:6]} “{x.text}”" for x in found[:8])
    more = f" and {len(found) - 8} more" if len(found) > 8 else ""
    return f"{ref.strip()!r} matches {len(found)} lessons: {listed}{more}; use more of the id."


def _ambiguous(ref: str, views: list[CardView]) -> str:
    listed = "; ".join(f"{v.card.short_id} {v.company} ({v.role})" for v in views[:8])
    more = f" and {len(views) - 8} more" if len(views) > 8 else ""
    return f"{ref!r} matches {len(views)} cards: {listed}{more}; use more of the id."


class _Action:
    """One user action inside a transaction: remembers what it changes for undo."""

    def __init__(self, repo: Repository, txn: Transaction, kind: str, card_id: str | None) -> None:
        self.repo = repo
        self.txn = txn
        self.kind = kind
        self.card_id = card_id
        self.before: dict[str, dict[str, Any]] = {}
        self.data: dict[str, Any] = {}
        self.subject = ""
        """The company the action was about, for the undo message."""

    def card(self, card_id: str) -> tuple[Card, Opportunity]:
        doc = self.txn.get("cards", card_id)
        if doc is None:
            raise DomainError("that card no longer exists (was it undone in another window?).")
        card = Card.from_doc(doc, self.repo._damaged)
        opp_doc = self.txn.get("opportunities", card.opportunity_id)
        if opp_doc is None:
            raise self.repo._damaged(database.missing_opportunity(card.id))
        return card, Opportunity.from_doc(opp_doc)

    def people_of(self, opp: Opportunity) -> dict[str, Person]:
        out = {}
        for link in opp.people:
            doc = self.txn.get("people", link.person_id)
            if doc is not None:
                out[link.person_id] = Person.from_doc(doc)
        return out

    def put(self, table: str, doc: dict[str, Any]) -> None:
        remembered = self.before.setdefault(table, {})
        if doc["id"] not in remembered:
            remembered[doc["id"]] = self.txn.get(table, doc["id"])
        self.txn.put(table, doc)

    def log(self, kind: str, card_id: str | None, data: dict[str, Any]) -> None:
        """Log an event besides the action's own, which :meth:`finish` logs last."""
        self.txn.append_event(self.repo._event(kind, card_id, data).to_doc())

    def finish(self) -> None:
        repo = self.repo
        restdays.record(self.txn, repo.settings.rest_weekdays, repo.today(), repo.paths.database)
        event = self.repo._event(self.kind, self.card_id, self.data)
        self.txn.append_event(event.to_doc())
        undo = self.txn.all("undo")
        seq = max((e["seq"] for e in undo.values()), default=0) + 1
        label = _describe(self.kind, self.data, self.subject)
        self.txn.put(
            "undo",
            {
                "id": event.id,
                "seq": seq,
                "type": self.kind,
                "card": self.card_id,
                "label": label,
                "before": self.before,
                "day": event.day.isoformat(),
                "session": repo.session,
            },
        )
        undo = self.txn.all("undo")
        excess = len(undo) - UNDO_DEPTH
        if excess > 0:
            for old in sorted(undo.values(), key=lambda e: e["seq"])[:excess]:
                self.txn.remove("undo", old["id"])


class OwnUndo(msgspec.Struct, frozen=True):
    """What :meth:`Repository.undo_own` undid, or would undo once confirmed."""

    entries: tuple[str, ...]
    """The undo entries, newest first."""
    labels: tuple[str, ...]
    """What each was ("adding Delta (Eng)"), in the same order."""
    question: str = ""
    """Set when nothing was undone: the question to confirm first."""
    done: bool = False
    foreign: bool = False
    """The entries were all done elsewhere (this repository had nothing to undo)."""


def _touched(entry: dict[str, Any]) -> set[tuple[str, str]]:
    return {(table, key) for table, records in entry["before"].items() for key in records}


def _quote(label: str) -> str:
    """``label`` in quotes: ‘…’ around one that holds “…” (an item's name)."""
    return f"‘{label}’" if "“" in label else f"“{label}”"


def _quoted(labels: Iterable[str]) -> str:
    items = [_quote(label) for label in labels]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _plan_own_undo(entries: list[dict[str, Any]], session: str) -> OwnUndo:
    """What undoing ``session``'s last action takes (see :meth:`Repository.undo_own`)."""
    if not entries:
        raise DomainError("there is nothing to undo.")
    entries.sort(key=lambda e: e["seq"])
    mine = [i for i, e in enumerate(entries) if e.get("session") == session]
    if not mine:
        newest = entries[-1]
        return OwnUndo(
            (newest["id"],),
            (str(newest["label"]),),
            f"Undo {_quote(str(newest['label']))}, done outside this board?",
            foreign=True,
        )
    own = entries[mine[-1]]
    # A newer action that touched what the own action (or one of those newer actions
    # that must go with it) touched would lose its change, or be put back over it.
    touched = _touched(own)
    taken = [own]
    shared: set[str] = set()
    for entry in entries[mine[-1] + 1 :]:
        theirs = _touched(entry)
        if theirs & touched:
            taken.append(entry)
            shared |= {table for table, _ in theirs & touched}
            touched |= theirs
    taken.reverse()
    ids = tuple(str(e["id"]) for e in taken)
    labels = tuple(str(e["label"]) for e in taken)
    if len(taken) == 1:
        return OwnUndo(ids, labels)
    others = labels[:-1]
    same = (
        "card"
        if shared & {"cards", "opportunities"}
        else "lesson"
        if "lessons" in shared
        else "watch"
        if "watches" in shared
        else "person"
    )
    it = "it" if len(others) == 1 else "them"
    what = "both" if len(taken) == 2 else f"all {len(taken)}"
    return OwnUndo(
        ids,
        labels,
        f"{_quoted(others)}, done outside this board, changed the same {same} after your "
        f"{_quote(labels[-1])}: undoing yours alone would lose {it}. Undo {what}, newest first?",
    )


class _Unchanged(Exception):
    """Raised inside :meth:`Repository.watch`'s action when it would change nothing."""

    def __init__(self, watch: Watch) -> None:
        super().__init__("unchanged")
        self.watch = watch


WATCH_WORDS = {
    "watch_started": "watching {}",
    "watch_changed": "the change to the watch of {}",
    "watch_stopped": "stopping the watch of {}",
    "watch_checked": "the check of {}'s openings",
    "watch_skipped": "skipping the check of {}'s openings",
    "watch_snoozed": "the snooze of the check of {}'s openings",
}


def _watch_words(kind: str, company: str) -> str:
    return WATCH_WORDS.get(kind, kind.replace("_", " ") + " of {}").format(company)


def _describe(kind: str, data: dict[str, Any], subject: str = "") -> str:
    """A short description of an action, for "Undid: ..."."""
    from tracker.domain.model import STAGE_TITLES, Stage

    on = f" on {subject}" if subject else ""

    def stage(value: Any) -> str:
        return STAGE_TITLES[Stage(value)] if value in Stage._value2member_map_ else str(value)

    if kind == "created":
        return f"adding {data.get('company')} ({data.get('role')})"
    if kind in ("item_done", "item_skipped"):
        actions = [rules.ACTIONS.get(i.get("action", ""), "an item") for i in data.get("items", [])]
        verb = "done" if kind == "item_done" else "skipped"
        what = f"“{actions[0]}”" if len(actions) == 1 else f"{len(actions)} items"
        return f"{what} {verb}{on}"
    if kind == "outcome_logged":
        return f"the {data.get('outcome')} outcome{on}"
    if kind == "stage_changed":
        return f"the move from {stage(data.get('from'))} to {stage(data.get('to'))}{on}"
    if kind == "snoozed":
        return f"the snooze until {data.get('until')}{on}"
    if kind == "person_added":
        if data.get("replaced"):
            before = " and ".join(str(x.get("name")) for x in data["replaced"])
            return f"naming {data.get('name')} as the hire instead of {before}{on}"
        return f"adding {data.get('name')} to {subject}"
    if kind == "reply_logged" and data.get("meeting"):
        return f"the yes to coffee from {data.get('name') or 'someone'}{on}"
    if kind == "reply_logged":
        return f"the {data.get('kind') or 'reply'} from {data.get('name') or 'someone'}{on}"
    if kind == "interaction_noted" and data.get("met_on"):
        return f"the meeting with {data.get('name') or 'someone'}{on}"
    if kind == "interaction_noted":
        return f"the {data.get('kind') or 'note'} about {data.get('name') or 'someone'}{on}"
    if kind == "person_edited":
        was = f" (was {data['was']})" if data.get("was") else ""
        return f"the edit of {data.get('name')}{was}"
    if kind == "touch_done":
        return f"the check-in with {data.get('name') or 'someone'}"
    if kind == "touch_skipped":
        return f"skipping the check-in with {data.get('name') or 'someone'}"
    if kind == "touch_snoozed":
        return f"the snooze of the check-in with {data.get('name') or 'someone'}"
    if kind.startswith("watch_"):
        return _watch_words(kind, str(data.get("company") or subject or "a company"))
    if kind == "compared":
        return f"the comparison with {data.get('name') or 'the person hired'}{on}"
    if kind == "lesson_added":
        return f"adding the lesson “{data.get('text')}”"
    if kind == "lesson_attached":
        count = len(data.get("sources") or [])
        return f"attaching {plural(count, 'source')} to “{data.get('text')}”"
    if kind == "lesson_state_set":
        return f"setting “{data.get('text')}” to {data.get('to')}"
    if kind == "imported":
        rows = data.get("rows")
        return f"import of {plural(rows or 0, 'application')} from {data.get('file')}"
    return kind.replace("_", " ") + on

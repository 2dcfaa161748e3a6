"""Apply again: a new interview at a company you have interviewed at before.

:func:`open_apply_again` opens the new-interview form with the company filled in, the
earlier interviews there named under the title, and the people you know there offered
in a list to tick who you met this time. Saving logs the interview as the board's ``n``
does, linked to the earlier interviews at the company (``Opportunity.earlier``, which
the prep page shows), with the people ticked linked as interviewers (their records
reused, no second Jane Doe). The People screen (``n`` on a person or a company), the
person view (``n``) call it; so may anything else that knows a company (a reminder to
check a company's openings).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from tracker.domain.errors import DomainError
from tracker.domain.model import Opportunity, Person
from tracker.domain.views import CardView
from tracker.domain.words import plural
from tracker.store.errors import StoreError
from tracker.store.repo import Repository
from tracker.ui.base import Tracker
from tracker.ui.screens.dialogs import NewInterview


def gather(repo: Repository, company: str) -> tuple[list[Person], list[Opportunity]]:
    """The people known at ``company`` and its earlier opportunities, oldest first (on
    the store thread)."""
    snap = repo.snapshot()
    earlier = [snap.opportunities[i] for i in repo.earlier_at(company)]
    return repo.known_at(company), earlier


def earlier_words(earlier: list[Opportunity]) -> str:
    """ "Follows your earlier interview there: Engineer (rejected)." or ""."""
    if not earlier:
        return ""
    each = ", ".join(f"{opp.role} ({opp.outcome.value})" for opp in earlier)
    what = "interview" if len(earlier) == 1 else "interviews"
    return f"Follows your earlier {what} there: {each}."


def person_words(person: Person) -> str:
    """ "Jane Doe — VP Engineering", or the name alone."""
    return person.name + (f" — {person.title}" if person.title else "")


def open_apply_again(
    app: Tracker, company: str, done: Callable[[CardView], Any] | None = None
) -> None:
    """Start a new interview at ``company`` (see the module's docstring); ``done`` is
    called with the card once it is saved. Call it from the app's thread."""
    if not company.strip():
        cast(Any, app).notify(
            "No company to apply again at: open the person and press e to give them one.",
            severity="warning",
        )
        return
    if app.demo_of is not None:
        cast(Any, app).notify(
            "This is the demo: n on the board starts your own board.", severity="warning"
        )
        return
    cast(Any, app).run_worker(_start(app, company, done), group="apply-again", exclusive=True)


async def _start(app: Tracker, company: str, done: Callable[[CardView], Any] | None) -> None:
    from tracker.ui.screens.dialogs import NewInterviewScreen, log_interview, twin_sentence

    repo = app.repo
    notify = cast(Any, app).notify
    try:
        known, earlier = await app.store(gather, repo, company)
    except StoreError as error:
        app.fail(error)
        return
    except DomainError as error:
        notify(str(error), severity="error", timeout=8)
        return
    spelled = earlier[-1].company if earlier else " ".join(company.split())

    async def twin_of(new: NewInterview) -> str | None:
        try:
            return await app.store(twin_sentence, repo, new)
        except (StoreError, DomainError):
            return None  # the save itself will say what is wrong

    async def save(result: NewInterview) -> None:
        try:
            view = await app.store(log_interview, repo, result)
        except StoreError as error:
            app.fail(error)
            return
        except DomainError as error:
            notify(f"Not added: {error}", severity="error", timeout=8)
            return
        linked = [view.people[pid].name for pid in result.known if pid in view.people]
        follows = len(view.opportunity.earlier)
        words = [f"Added {view.company} ({view.role})"]
        if follows:
            words.append(f"it follows {plural(follows, 'earlier interview')} there")
        if linked:
            words.append(f"{', '.join(linked)} linked")
        notify("; ".join(words) + ".")
        if done is not None:
            done(view)

    def saved(result: NewInterview | None) -> None:
        if result is not None:
            cast(Any, app).run_worker(save(result), group="write")

    app.show(
        NewInterviewScreen(
            repo.today(),
            twin_of,
            notice=earlier_words(earlier),
            company=spelled,
            known=[(p.id, person_words(p)) for p in known],
        ),
        saved,
    )

"""A reply came: ask what they said, and, when it answers a coffee invitation, the day.

The review's ``y`` (on an item) and the card detail's ``y`` (on a person) ask the same
questions in the same order, so both use :func:`ask_reply`. A reply that may answer a
coffee invitation (:func:`tracker.domain.rules.answers_invitation`) asks next when the
meeting is: a day plans it (:meth:`Repository.accept_coffee`), ``esc`` logs the reply alone
(not a yes, or no day yet).
"""

from __future__ import annotations

from datetime import date

from tracker.ui.base import Tracker
from tracker.ui.screens.item_forms import Run


def ask_reply(
    tracker: Tracker,
    today: date,
    card_id: str,
    person_id: str,
    name: str,
    run: Run,
    *,
    coffee: bool,
    feedback: bool = False,
) -> None:
    """Ask what ``name`` said; ``coffee``: then ask the meeting day; ``feedback``: they
    answer an open "ask for feedback", which the same step completes (as ``tracker reply
    --done``). ``run(fn, *args, message=...)`` performs the repository call as the
    calling screen does its writes."""
    from tracker.ui.screens.dialogs import SaidScreen

    def said(text: str | None) -> None:
        if text is None:
            return
        if coffee:
            ask_meeting(tracker, today, card_id, person_id, name, text, run)
            return
        if feedback:
            run(
                tracker.repo.log_reply,
                card_id,
                person_id,
                text,
                done=True,
                message=f"Feedback from {name} logged; “ask for feedback” done.",
            )
            return
        run(
            tracker.repo.log_reply,
            card_id,
            person_id,
            text,
            message=f"Reply from {name} logged; their nudges are cancelled.",
        )

    tracker.show(SaidScreen(f"What did {name} say?", placeholder="optional: what they said"), said)


def ask_meeting(
    tracker: Tracker, today: date, card_id: str, person_id: str, name: str, text: str, run: Run
) -> None:
    """A reply to the coffee invitation: ask the meeting day (see the module's docstring)."""
    from tracker.ui.screens.dialogs import DateScreen

    repo = tracker.repo

    def chosen(day: date | None) -> None:
        if day is None:
            run(
                repo.log_reply,
                card_id,
                person_id,
                text,
                message=f"Reply from {name} logged; their nudges are cancelled.",
            )
            return
        run(
            repo.accept_coffee,
            card_id,
            person_id,
            day,
            text,
            message=f"Meeting {name} on {day.strftime('%a %d %b')}: see you there.",
        )

    tracker.show(
        DateScreen(
            f"When do you meet {name}?",
            today,
            default="+7d",
            hint="enter plans it · esc logs the reply only",
        ),
        chosen,
    )

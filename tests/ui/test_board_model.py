"""The board model updated one card at a time equals the model built from scratch."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.domain.capture import NewPerson
from tracker.domain.errors import DomainError
from tracker.domain.model import STAGES, Role, Stage
from tracker.domain.views import Due, due_status
from tracker.store.repo import Repository
from tracker.ui.model import BoardModel

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["add", "done", "advance", "retreat", "reject", "snooze", "archive"]),
        st.integers(0, 50),
    ),
    min_size=1,
    max_size=12,
)


def shape(model: BoardModel) -> dict[Stage, list[str]]:
    return {stage: [v.card.id for v in model.columns[stage]] for stage in STAGES}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_upserts_match_a_full_rebuild(repo: Repository, actions: list[tuple[str, int]]) -> None:
    fresh = Repository(
        repo.paths.__class__(
            repo.paths.data_dir / f"m{abs(hash(tuple(actions)))}", repo.paths.config_dir
        ),
        repo.settings,
    )
    for n, day in enumerate((date(2026, 2, 20), date(2026, 2, 26), date(2026, 3, 2))):
        fresh.add_interview(
            f"Seed {n}", "Engineer", on=day, people=[NewPerson("Ana", Role.INTERVIEWER)]
        )
    model = BoardModel.build(fresh.snapshot(), fresh.today())
    model.due_count()  # counted by the build; from here on kept up to date by upsert
    for action, pick in actions:
        ids = sorted(model.views)
        card_id = ids[pick % len(ids)] if ids else None
        before = dict(model.revision)
        old_stage = model.views[card_id].card.stage if card_id and action != "add" else None
        try:
            if action == "add" or card_id is None:
                view = fresh.add_interview(f"New {pick}", "SRE", on=fresh.today())
            elif action == "done":
                card = model.views[card_id].card
                if not card.open_items:
                    continue
                view = fresh.close_items(card_id, [card.open_items[0].id])
            elif action == "advance":
                view = fresh.advance(card_id)
            elif action == "retreat":
                view = fresh.retreat(card_id)
            elif action == "reject":
                view = fresh.reject(card_id, fresh.today())
            elif action == "snooze":
                view = fresh.snooze(card_id, fresh.today() + timedelta(days=pick % 9 + 1))
            else:
                view = fresh.archive(card_id)
        except DomainError:
            continue
        model.upsert(view)
        rebuilt = BoardModel.build(fresh.snapshot(), fresh.today())
        assert shape(model) == shape(rebuilt)
        assert (model.due_count(), model.overdue_count()) == (
            rebuilt.due_count(),
            rebuilt.overdue_count(),
        )
        statuses = [due_status(v.card, fresh.today()) for v in rebuilt.views.values()]
        assert rebuilt.due_count() == sum(
            s in (Due.OVERDUE, Due.PAST_TARGET, Due.TODAY) for s in statuses
        )
        assert rebuilt.overdue_count() == statuses.count(Due.OVERDUE)
        # Every column whose list changed says so; the board redraws only those.
        touched = {s for s in STAGES if model.revision[s] != before[s]}
        if old_stage is not None:
            assert old_stage in touched
        if view.card.id in model.views:
            assert view.card.stage in touched


def test_building_the_board_reads_no_opportunity_or_person(repo: Repository) -> None:
    """The columns sort by the cards alone; a card's opportunity and people are
    built when it is first drawn (10,000 cards, a few dozen on screen)."""
    for n in range(5):
        repo.add_interview(
            f"Company {n}",
            "Engineer",
            on=date(2026, 2, 20 + n),
            people=[NewPerson(f"Person {n}", Role.INTERVIEWER)],
        )
    snapshot = Repository(repo.paths, repo.settings).snapshot()
    model = BoardModel.build(snapshot, repo.today())
    built = snapshot.opportunities._made, snapshot.people._made  # type: ignore[attr-defined]
    assert built == ({}, {})
    first = model.columns[Stage.THANK_YOU][0]
    assert first.company == "Company 0" and [p.name for p in first.people.values()] == ["Person 0"]
    assert list(built[0]) == [first.opportunity.id] and len(built[1]) == 1

"""The lesson commands: lesson (add, attach, set, sources) and lessons.

A lesson is what to practise, drawn from feedback and from the gaps of a comparison
with the person hired (:mod:`tracker.domain.lessons`). ``--from CARD`` takes the
card's sources: all of them when there is exactly one, else the ones chosen with
``--source N`` (``tracker lesson sources CARD`` numbers them). Like every command
group, nothing at the top imports more than argparse and :mod:`tracker.cli.common`.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tracker.cli.common import AddCommand, Handler, UserError, open_repo, print_json, say

if TYPE_CHECKING:
    from tracker.domain.lessons import LessonView, Source, SourceView, Theme
    from tracker.domain.views import CardView
    from tracker.store.repo import Repository

ACTIONS = ("add", "attach", "set", "sources")
QUOTE_WIDTH = 70
"""What someone said is shown on one line, cut to this many characters."""
SHORT_QUOTE = 30
"""The same, in the one sentence that asks for --source."""


def add_parsers(command: AddCommand) -> dict[str, Handler]:
    """Register the subcommands; returns their handlers by name."""
    p = command(
        "lesson",
        "add a lesson to practise, attach feedback or a gap to one, set its state, "
        "or list a card's sources",
    )
    p.add_argument(
        "words",
        nargs="+",
        metavar="WORDS",
        help="`add TEXT`, `attach LESSON`, `set LESSON open|practising|learned` or "
        "`sources CARD` (LESSON: 4+ characters of its id, or its text)",
    )
    p.add_argument("--theme", metavar="T", help="with add: a short tag, such as 'system design'")
    p.add_argument(
        "--from",
        dest="card",
        metavar="CARD",
        help="take the sources (feedback, advice, comparison gaps) from this card",
    )
    p.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="N",
        help="with --from: the source numbered N by `tracker lesson sources CARD`; repeat",
    )

    p = command("lessons", "what to practise, strongest themes first, with where each came from")
    p.add_argument("--theme", metavar="T", help="only this theme")
    p.add_argument("--json", action="store_true")
    return {"lesson": cmd_lesson, "lessons": cmd_lessons}


def cmd_lesson(args: argparse.Namespace) -> int:
    words = list(args.words)
    action, rest = words[0], words[1:]
    if action not in ACTIONS:
        raise UserError(
            f"{action!r} is not something `tracker lesson` does; use add, attach, set or sources."
        )
    if args.theme is not None and action != "add":
        raise UserError("--theme goes with `tracker lesson add TEXT`.")
    if (args.card is not None or args.source) and action not in ("add", "attach"):
        raise UserError("--from and --source go with `tracker lesson add` or `attach`.")
    if args.source and args.card is None:
        raise UserError("--source N needs --from CARD: the numbers are that card's sources.")
    if action == "sources":
        return _sources(args, rest)
    if action == "set":
        return _set(args, rest)
    if action == "attach":
        return _attach(args, rest)
    return _add(args, rest)


def _add(args: argparse.Namespace, rest: list[str]) -> int:
    from tracker.domain.lessons import check_text, check_theme, strength_words

    if not rest:
        raise UserError(
            "`tracker lesson add` needs the lesson, for example: tracker lesson add "
            "'explain trade-offs out loud' --theme 'system design'."
        )
    if args.theme is None:
        raise UserError(
            "give the lesson a theme: --theme T (a short tag, such as 'communication')."
        )
    text, theme = check_text(" ".join(rest)), check_theme(args.theme)
    repo = open_repo(args)
    sources = _chosen(repo, args) if args.card is not None else []
    made = repo.add_lesson(text, theme, sources)
    lesson = made.lesson
    say(
        f"Added the lesson “{lesson.text}” ({lesson.id[:6]}, {lesson.theme}): "
        f"{strength_words(made.companies, len(made.live))}."
    )
    return 0


def _attach(args: argparse.Namespace, rest: list[str]) -> int:
    from tracker.domain.lessons import strength_words

    if not rest:
        raise UserError(
            "`tracker lesson attach` needs a lesson, for example: "
            "tracker lesson attach 1a2b --from acme --source 2."
        )
    if args.card is None:
        raise UserError("say where the source is: --from CARD (and --source N if it has several).")
    repo = open_repo(args)
    lesson = repo.find_lesson(" ".join(rest))
    sources = _chosen(repo, args)
    after, added = repo.attach(lesson.id, sources)
    if not added:
        say(f"“{lesson.text}” already has {_that(len(sources))}; nothing changed.")
        return 0
    count = len(added)
    say(
        f"Attached {count} source{'s' if count != 1 else ''} to “{lesson.text}” "
        f"({lesson.id[:6]}); it has {strength_words(after.companies, len(after.live))}."
    )
    return 0


def _that(count: int) -> str:
    return "that source" if count == 1 else "those sources"


def _set(args: argparse.Namespace, rest: list[str]) -> int:
    from tracker.domain.lessons import check_state

    if len(rest) < 2:
        raise UserError(
            "`tracker lesson set` needs a lesson and a state, for example: "
            "tracker lesson set 1a2b practising."
        )
    state = check_state(rest[-1])
    repo = open_repo(args)
    after, changed = repo.set_lesson_state(" ".join(rest[:-1]), state)
    lesson = after.lesson
    if changed:
        say(f"“{lesson.text}” ({lesson.id[:6]}) is now {state.value}.")
    else:
        say(f"“{lesson.text}” ({lesson.id[:6]}) is already {state.value}; nothing changed.")
    return 0


def _card(repo: Repository, ref: str) -> CardView:
    return repo.find_card(ref, include_inactive=True)


def _sources(args: argparse.Namespace, rest: list[str]) -> int:
    if not rest:
        raise UserError(
            "`tracker lesson sources` needs a card, for example: tracker lesson sources acme."
        )
    repo = open_repo(args)
    view = _card(repo, " ".join(rest))
    found = repo.card_sources(view.card.id)
    if not found:
        say(_none_yet(view))
        return 0
    in_lessons: dict[tuple[str, ...], list[str]] = {}
    for lesson in repo.lessons():
        for kept in lesson.lesson.sources:
            in_lessons.setdefault(kept.key, []).append(lesson.lesson.text)
    say(f"Sources on {view.company} ({view.role}):")
    for n, source in enumerate(found, start=1):
        where = in_lessons.get(source.source.key)
        tail = f" (in “{'”, “'.join(where)}”)" if where else ""
        say(f"  {n}  {_source_line(source)}{tail}")
    say(
        "Make one a lesson: tracker lesson add TEXT --theme T "
        f"--from {view.card.short_id} --source N"
    )
    return 0


def _none_yet(view: CardView) -> str:
    return (
        f"{view.company} ({view.role}) has no feedback, advice or comparison gap yet "
        f"(`tracker reply`, `tracker met` and `tracker compare` log them)."
    )


def _chosen(repo: Repository, args: argparse.Namespace) -> list[Source]:
    """The sources ``--from CARD`` and ``--source N ...`` choose."""
    view = _card(repo, args.card)
    found = repo.card_sources(view.card.id)
    if not found:
        raise UserError(_none_yet(view) + " Leave out --from, or log it first.")
    if not args.source:
        if len(found) == 1:
            return [found[0].source]
        listed = "; ".join(f"{n} {_short(source)}" for n, source in enumerate(found, start=1))
        raise UserError(
            f"{view.company} ({view.role}) has {len(found)} sources ({listed}); "
            "choose with --source N, repeated for several."
        )
    chosen = []
    for word in args.source:
        number = int(word) if word.strip().isdigit() else 0
        if not 1 <= number <= len(found):
            raise UserError(
                f"--source {word}: {view.company} ({view.role}) has sources 1 to {len(found)}; "
                f"`tracker lesson sources {view.card.short_id}` numbers them."
            )
        chosen.append(found[number - 1].source)
    return chosen


def _short(source: SourceView) -> str:
    """ "feedback from Jane Doe: “You did not…”", "gap: “Kubernetes in production”"."""
    said = " ".join(source.text.split())
    if len(said) > SHORT_QUOTE:
        said = said[: SHORT_QUOTE - 1] + "…"
    who = "gap" if source.kind == "gap" else f"{source.kind} from {source.who or 'someone'}"
    return f"{who}: “{said}”" if said else who


def _source_line(source: SourceView) -> str:
    said = " ".join(source.text.split())
    if len(said) > QUOTE_WIDTH:
        said = said[: QUOTE_WIDTH - 1] + "…"
    return source.words() + (f": “{said}”" if said and not source.gone else "")


def cmd_lessons(args: argparse.Namespace) -> int:
    from tracker.domain.lessons import check_theme, rank

    wanted = check_theme(args.theme) if args.theme is not None else None
    repo = open_repo(args)
    themes = rank(repo.lessons())
    if wanted is not None:
        known = [t.name for t in themes]
        themes = [t for t in themes if t.name == wanted]
        if not themes:
            listed = ", ".join(known) if known else "none yet"
            raise UserError(f"no lesson has the theme {wanted!r}; the themes: {listed}.")
    if args.json:
        print_json([_theme_json(t) for t in themes])
        return 0
    if not themes:
        say(
            "No lessons yet. Turn feedback into one: tracker lesson sources CARD, then "
            "tracker lesson add TEXT --theme T --from CARD --source N"
        )
        return 0
    for theme in themes:
        _print_theme(theme)
    return 0


def _print_theme(theme: Theme) -> None:
    from tracker.domain.lessons import strength_words

    say(f"{theme.name} — {strength_words(theme.companies, theme.sources)}")
    for view in theme.lessons:
        _print_lesson(view)


def _print_lesson(view: LessonView) -> None:
    lesson = view.lesson
    signal = f"  ({view.companies} companies)" if view.companies > 1 else ""
    say(f"  {lesson.id[:6]}  [{lesson.state.value}] {lesson.text}{signal}")
    for source in view.sources:
        say(f"      {_source_line(source)}")


def _theme_json(theme: Theme) -> dict[str, Any]:
    return {
        "theme": theme.name,
        "sources": theme.sources,
        "companies": theme.companies,
        "lessons": [view.to_json() for view in theme.lessons],
    }

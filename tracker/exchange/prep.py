"""The prep page as Markdown (``tracker prep COMPANY --format md``), to print or read on
a phone: the same content as the text page (:func:`tracker.domain.prep.lines`), with
every piece of user text escaped as the weekly report escapes it, so a name or a
note cannot change the Markdown around it. Drafts are fenced blocks (a fence longer
than any run of backticks in them), so they read as written.
"""

from __future__ import annotations

import re

from tracker.domain.lessons import strength_words
from tracker.domain.prep import PrepPage, day_words, interview_head, when_words
from tracker.exchange.markdown import _md


def _fence(text: str) -> str:
    """A backtick fence longer than any run of backticks in ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def prep_md(page: PrepPage) -> str:
    """The prep page for ``page.company`` as Markdown."""
    company = _md(page.company)
    out = [f"# Prep: {company}", ""]
    if page.upcoming is not None:
        up = page.upcoming
        last = up.days[-1]
        out.append(
            f"{interview_head(last, page.today)}: **{_md(up.role)}** on {day_words(last)} ({when_words(last, page.today)}), "
            f"card {up.card_id[:6]}, {_md(up.where)}."
        )
    else:
        out.append(f"No pending interview at {company} is logged.")
    for past in page.follows:
        days = ", ".join(day_words(d) for d in past.days)
        out += [
            "",
            f"Earlier at {company}: **{_md(past.role)}**, interviewed {days}, {past.outcome}.",
        ]
    out += ["", f"Made on {day_words(page.today)}.", ""]

    count = sum(len(t.lessons) for t in page.themes)
    out += [f"## Lessons to practise ({count})", ""]
    if not page.themes:
        out += ["No open or practising lessons.", ""]
    for theme in page.themes:
        out += [
            f"### {_md(theme.name)} ({strength_words(theme.companies, theme.sources)})",
            "",
        ]
        for view in theme.lessons:
            lesson = view.lesson
            signal = f" ({view.companies} companies)" if view.companies > 1 else ""
            out.append(f"- **{_md(lesson.text)}** ({lesson.state.value}){signal}")
            for source in view.sources:
                out.append(f"  - {_md(source.words())}")
        out.append("")

    out += [f"## Earlier interviews at {company} ({len(page.earlier)})", ""]
    if not page.earlier:
        out.append("None: this is the first.")
    for past in page.earlier:
        days = ", ".join(day_words(d) for d in past.days)
        out.append(
            f"- **{_md(past.role)}**: {days}; {_md(past.outcome_words())} "
            f"(card {past.card_id[:6]}, {_md(past.where)})"
        )
    out.append("")

    out += [f"## People you know there ({len(page.people)})", ""]
    if not page.people:
        out.append("Nobody yet.")
    for known in page.people:
        person = known.person
        title = f", {_md(person.title)}" if person.title else ""
        out.append(f"- **{_md(person.name)}**{title}: {_md(known.role_words())}")
        if person.email:
            out.append(f"  - e-mail: {_md(person.email)}")
        if person.linkedin:
            out.append(f"  - LinkedIn: {_md(person.linkedin)}")
        said = known.last
        if said is None:
            out.append("  - No interaction logged yet.")
        else:
            head = f"  - Last: {_md(said.kind)} on {day_words(said.day)}"
            out.append(head + (":" if known.said else " (no text)."))
            out += [f"    > {_md(line)}" for line in known.said]
    out.append("")

    if page.comparisons:
        out += ["## The comparison with the hire", ""]
        for comp in page.comparisons:
            who = _md(comp.hire) if comp.hire else "the person hired"
            out.append(
                f"- **{_md(comp.role)}**: {who}, better qualified: {comp.better} "
                f"({day_words(comp.on)})"
            )
            out += [f"    > {_md(line)}" for line in comp.background]
            for gap in comp.gaps:
                out.append(f"  - they had: {_md(gap)}")
        out.append("")

    out += [f"## Drafts for after the interview ({len(page.drafts)})", ""]
    out += [_md(page.drafts_note), ""]
    for draft in page.drafts:
        fence = _fence(draft.text)
        out += [f"### {_md(draft.title)}", "", fence, draft.text, fence, ""]
    return "\n".join(out)

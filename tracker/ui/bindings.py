"""Every key binding of the app, its screens and its dialogs, in one place.

The screens and the app use these lists as their ``BINDINGS``; the ``[keymap]``
check (:mod:`tracker.ui.keymap`) reads them here, so it needs neither the app nor
any screen. This module imports nothing of tracker's, so anything may import it.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP: list[BindingType] = [
    Binding("q", "quit", "Quit", id="quit"),
    Binding("ctrl+p", "command_palette", "Commands", show=False, id="command_palette"),
]
"""The app's own: on every screen."""

BOARD: list[BindingType] = [
    Binding("left,h", "focus_move(-1, 0)", "Left", show=False, id="focus_left"),
    Binding("right,l", "focus_move(1, 0)", "Right", show=False, id="focus_right"),
    Binding("up,k", "focus_move(0, -1)", "Up", show=False, id="focus_up"),
    Binding("down,j", "focus_move(0, 1)", "Down", show=False, id="focus_down"),
    Binding("shift+left,H", "move_card(-1)", "Stage back", show=False, id="move_back"),
    Binding("shift+right,L", "move_card(1)", "Stage on", show=False, id="move_on"),
    Binding("enter", "open_card", "Open", id="open"),
    Binding("space", "complete_next", "Done", id="complete"),
    Binding("r", "review", "Review", id="review"),
    Binding("n", "new_interview", "New", id="new"),
    Binding("x", "reject", "Rejected", show=False, id="reject"),
    Binding("g", "ghosted", "Ghosted", show=False, id="ghosted"),
    Binding("o", "offer", "Offer", show=False, id="offer"),
    Binding("w", "withdraw", "Withdrawn", show=False, id="withdraw"),
    Binding("s", "snooze", "Snooze", show=False, id="snooze"),
    Binding("a", "archive_card", "Archive", show=False, id="archive"),
    Binding("u", "undo", "Undo", id="undo"),
    Binding("slash", "filter", "Filter", show=False, id="filter"),
    Binding("A", "archive_screen", "Archive list", show=False, id="archive_screen"),
    Binding("S", "stats", "Stats", show=False, id="stats"),
    Binding("E", "lessons", "Lessons", show=False, id="lessons"),
    Binding("P", "prep", "Prep for an interview", show=False, id="prep"),
    Binding("p", "people", "People", show=False, id="people"),
    Binding("question_mark", "help", "Help", id="help"),
    Binding("escape", "clear_filter", "Clear filter", show=False, id="clear_filter"),
]
"""The board (:class:`tracker.ui.screens.board.BoardScreen`); also its command palette."""

REVIEW: list[BindingType] = [
    Binding("d", "done", "Done", id="review_done"),
    Binding("D", "done_all", "All done", id="review_done_all"),
    Binding("x", "skip", "Skip", id="review_skip"),
    Binding("s", "snooze", "Snooze", id="review_snooze"),
    Binding("a", "advance", "Advance", id="review_advance"),
    Binding("A", "apply_again", "Apply again there", show=False, id="review_apply_again"),
    Binding("y", "reply", "Reply came", show=False, id="review_reply"),
    Binding("c", "copy", "Copy", id="review_copy"),
    Binding("e", "edit", "Edit", id="review_edit"),
    Binding("n", "move(1)", "Next", show=False, id="review_next"),
    Binding("p", "move(-1)", "Previous", show=False, id="review_previous"),
    Binding("down,j", "item(1)", "Next item", show=False, id="review_item_down"),
    Binding("up,k", "item(-1)", "Previous item", show=False, id="review_item_up"),
    Binding("q,escape", "leave", "Leave", id="review_leave"),
    Binding("question_mark", "help", "Keys", id="review_help"),
]
"""The daily review (:class:`tracker.ui.screens.review.ReviewScreen`)."""

DETAIL: list[BindingType] = [
    Binding("escape", "close", "Back", id="detail_close"),
    Binding("ctrl+s", "save", "Save", id="detail_save"),
    Binding("space", "toggle_item", "Toggle item", id="detail_toggle"),
    Binding("plus", "add_person", "Add person", id="detail_add_person"),
    Binding("y", "reply", "Reply came", show=False, id="detail_reply"),
    Binding("N", "note", "Note about person", show=False, id="detail_note"),
    Binding("c", "copy_contact", "Copy address", show=False, id="detail_copy"),
    Binding("L", "lesson", "Lesson", show=False, id="detail_lesson"),
    Binding("question_mark", "help", "Keys", show=False, id="detail_help"),
]
"""The card detail (:class:`tracker.ui.screens.detail.CardDetailScreen`). ``enter`` on a
person opens the person editor (the people list's own select key); ``y``, ``N`` and ``c``
act on the person highlighted in the people list (or the checklist item's person); ``L``
turns one of the card's feedback, advice or comparison gaps into a lesson, or attaches it
to one (here ``L`` moves nothing: the board's shift+l is not bound in the detail)."""

ARCHIVE: list[BindingType] = [
    Binding("enter", "open_card", "Open", id="archive_open"),
    Binding("escape,A,q", "back", "Back", id="archive_back"),
]
"""The archive screen (:class:`tracker.ui.screens.archive.ArchiveScreen`)."""

ARCHIVE_LIST: list[BindingType] = [
    Binding("up,k", "move(-1)", "Up", show=False, id="archive_up"),
    Binding("down,j", "move(1)", "Down", show=False, id="archive_down"),
    Binding("pageup", "page(-1)", "Page up", show=False, id="archive_page_up"),
    Binding("pagedown", "page(1)", "Page down", show=False, id="archive_page_down"),
    Binding("home", "jump(0)", "First", show=False, id="archive_first"),
    Binding("end", "jump(-1)", "Last", show=False, id="archive_last"),
]
"""The list on the archive screen (:class:`tracker.ui.screens.archive.ArchiveList`)."""

STATS: list[BindingType] = [Binding("escape,q,S", "back", "Back", id="stats_back")]
"""Streak and stats (:class:`tracker.ui.screens.stats.StatsScreen`)."""

LESSONS: list[BindingType] = [
    Binding("j", "move(1)", "Next lesson", show=False, id="lesson_down"),
    Binding("k", "move(-1)", "Previous lesson", show=False, id="lesson_up"),
    Binding("space", "next_state", "State", id="lesson_next_state"),
    Binding("o", "set_state('open')", "Open", id="lesson_open"),
    Binding("p", "set_state('practising')", "Practising", id="lesson_practising"),
    Binding("l", "set_state('learned')", "Learned", id="lesson_learned"),
    Binding("escape,q,E", "back", "Back", id="lessons_back"),
    Binding("question_mark", "help", "Keys", id="lessons_help"),
]
"""What to practise (:class:`tracker.ui.screens.lessons.LessonsScreen`). ``L`` would have been
the mnemonic, but on the board it moves a card on a stage (shift+l, as vim's l moves right)."""
PREP: list[BindingType] = [
    Binding("j", "scroll(1)", "Scroll down", show=False, id="prep_down"),
    Binding("k", "scroll(-1)", "Scroll up", show=False, id="prep_up"),
    Binding("escape,q,P", "back", "Back", id="prep_back"),
    Binding("question_mark", "help", "Keys", id="prep_help"),
]
"""Before an interview (:class:`tracker.ui.screens.prep.PrepScreen`): the page scrolls with the
arrows, page up and down, home and end too."""

PEOPLE: list[BindingType] = [
    Binding("j", "move(1)", "Next", show=False, id="people_down"),
    Binding("k", "move(-1)", "Previous", show=False, id="people_up"),
    Binding("enter", "open", "Open", priority=True, id="people_open"),
    Binding("n", "new_interview", "New interview there", id="people_new_interview"),
    Binding("slash", "filter", "Filter", id="people_filter"),
    Binding("escape,q,p", "back", "Back", id="people_back"),
    Binding("question_mark", "help", "Keys", id="people_help"),
]
"""Your network (:class:`tracker.ui.screens.people.PeopleScreen`): everyone by company.
``enter`` opens the person (on a company, its prep page; taken before the list sees it, so
``?`` lists it); ``n`` starts a new interview at the company of the person or heading under
the cursor ("apply again"). In the filter field, ``esc`` clears it and ``enter`` goes back
to the list."""

PERSON_VIEW: list[BindingType] = [
    Binding("j", "scroll(1)", "Scroll down", show=False, id="person_down"),
    Binding("k", "scroll(-1)", "Scroll up", show=False, id="person_up"),
    Binding("e", "edit", "Edit", id="person_edit"),
    Binding("n", "new_interview", "New interview there", id="person_new_interview"),
    Binding("escape,q", "back", "Back", id="person_back"),
    Binding("question_mark", "help", "Keys", id="person_help"),
]
"""One person (:class:`tracker.ui.screens.people.PersonViewScreen`): contact details,
check-in, cards and interactions; ``e`` opens the person editor, ``n`` starts a new
interview at their company."""

HELP: list[BindingType] = [
    Binding("escape,q,question_mark", "dismiss_help", "Close", id="help_close"),
]
"""The key list (:class:`tracker.ui.screens.help.HelpScreen`)."""

NEW_INTERVIEW: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="dialog_cancel"),
    Binding("ctrl+s", "save", "Save", id="dialog_save"),
]
"""The new-interview dialog (:class:`tracker.ui.screens.dialogs.NewInterviewScreen`)."""

PERSON_FORM: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="dialog_cancel"),
    Binding("ctrl+s", "save", "Save", id="dialog_save"),
]
"""The detail's people forms (:mod:`tracker.ui.screens.person`): the person editor, adding
a person, a note about a person. The same ids as the new-interview form's, so one
``[keymap]`` line remaps saving in every form."""

DIALOG: list[BindingType] = [Binding("escape", "cancel", "Cancel", id="dialog_cancel")]
"""The small dialogs: ``DateScreen``, ``RejectScreen``, ``HireScreen`` and ``TextScreen``."""

SAID: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="said_cancel"),
    Binding("ctrl+s", "save", "Save", id="said_save"),
]
"""What did they say? (:class:`tracker.ui.screens.dialogs.SaidScreen`): enter starts a line."""

AIR: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="air_cancel"),
    Binding("ctrl+s", "save", "Save", id="air_save"),
]
"""The meeting's notes (:class:`tracker.ui.screens.coffee.AirScreen`): enter starts a line."""
LESSON_FORM: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="dialog_cancel"),
    Binding("ctrl+s", "save", "Save", id="dialog_save"),
]
"""A lesson from the card detail (:class:`tracker.ui.screens.lesson_from.LessonFromScreen`):
esc goes back a step (from the form to the sources, from the sources to the detail). The
same ids as the other forms', so one ``[keymap]`` line remaps saving in every form."""

COMPARE: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="compare_cancel"),
    Binding("ctrl+s", "save", "Save", id="compare_save"),
]
"""The comparison with the person hired (:class:`tracker.ui.screens.compare.CompareScreen`):
enter starts a line in its fields."""

CONFIRM: list[BindingType] = [
    Binding("y", "answer(True)", "Yes", id="confirm_yes"),
    Binding("n,escape", "answer(False)", "No", id="confirm_no"),
]
"""A yes-or-no question (:class:`tracker.ui.screens.dialogs.ConfirmScreen`)."""

FORM_FIELDS: list[BindingType] = [
    Binding("tab", "app.focus_next", "Next field", show=False, priority=True, id="next_field"),
    Binding(
        "shift+tab",
        "app.focus_previous",
        "Previous field",
        show=False,
        priority=True,
        id="previous_field",
    ),
]
"""Tab between a form's fields, taken before the key reaches the field.

Textual's own tab binding is looked up only after the focused field has seen the
key, while keys read in the same burst (fast typing, ``tmux send-keys``) are already
on their way to that field: "Kramerica<tab>Intern" typed fast ended as one company.
A priority binding moves the focus first, so the rest of the burst goes to the next field.
"""

CAPTURE: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="capture_cancel"),
    Binding("ctrl+s", "save", "Save", id="capture_save"),
]
"""``tracker capture`` (:class:`tracker.ui.capture.CaptureApp`), which takes no keymap."""

REMAPPABLE: tuple[list[BindingType], ...] = (
    APP,
    BOARD,
    REVIEW,
    DETAIL,
    ARCHIVE,
    STATS,
    LESSONS,
    PREP,
    PEOPLE,
    PERSON_VIEW,
    HELP,
    NEW_INTERVIEW,
    PERSON_FORM,
    DIALOG,
    SAID,
    AIR,
    COMPARE,
    LESSON_FORM,
    CONFIRM,
    FORM_FIELDS,
)
"""The lists whose ids ``[keymap]`` may name (checked by :func:`tracker.ui.keymap.check`)."""

SCREENS: dict[str, list[BindingType]] = {
    "the board": BOARD,
    "the review": REVIEW,
    "the card detail": DETAIL,
    "the archive": ARCHIVE,
    "the stats screen": STATS,
    "the lessons screen": LESSONS,
    "the prep page": PREP,
    "the people screen": PEOPLE,
    "a person": PERSON_VIEW,
    "the key list": HELP,
    "the new-interview form": NEW_INTERVIEW,
    "the person forms": PERSON_FORM,
    "a dialog": DIALOG,
    "the what-did-they-say dialog": SAID,
    "the meeting's notes (AIR)": AIR,
    "the comparison form": COMPARE,
    "the lesson form": LESSON_FORM,
    "a yes-or-no question": CONFIRM,
}
"""Each screen's own bindings by the words a message uses for it; the app's (``APP``)
apply on every one. ``[keymap]`` may not give one key to two ids of one screen."""

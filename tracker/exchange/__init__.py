"""Export and import formats, above the store: JSON, CSV, iCalendar and the Markdown report.

One module per format (:mod:`.jsonfile`, :mod:`.csvfile`, :mod:`.ics`,
:mod:`.markdown`) and what they share (:mod:`.common`). They read and write
through :class:`tracker.store.repo.Repository`'s public methods only, never
the database's files. The names below are what ``tracker export`` and
``tracker import`` call.
"""

from tracker.exchange.common import ImportRefused, read_text
from tracker.exchange.csvfile import apply_csv, export_csv, plan_csv
from tracker.exchange.ics import export_ics
from tracker.exchange.jsonfile import (
    apply_json,
    check_json_target,
    export_json,
    plan_json,
    refuse_json_array,
)
from tracker.exchange.markdown import export_md

__all__ = [
    "ImportRefused",
    "apply_csv",
    "apply_json",
    "check_json_target",
    "export_csv",
    "export_ics",
    "export_json",
    "export_md",
    "plan_csv",
    "plan_json",
    "read_text",
    "refuse_json_array",
]

"""Export and import formats, above the store: JSON, CSV, iCalendar and the Markdown report.

They read and write through :class:`tracker.store.repo.Repository`'s public
methods only, never the database's files.
"""

"""tracker: a keyboard-driven terminal board for job-search follow-ups."""

__version__ = "0.1.0"

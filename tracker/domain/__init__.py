"""Pure follow-up rules: no I/O, no clock reads, no Textual.

"Now" and "today" are always parameters. See ../shared/DOMAIN.md for the model.
"""

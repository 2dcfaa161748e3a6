"""The one error type the domain raises: a sentence meant for a person."""


class DomainError(Exception):
    """A rule was broken; ``str(error)`` is one sentence that says what and what to do."""

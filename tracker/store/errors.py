"""Store errors carry one sentence for a person, naming the file and what to do."""


class StoreError(Exception):
    """Something about the files on disk stops us; ``str(error)`` says what to do."""


class LockTimeout(StoreError):
    """Another process held the lock for too long."""


class HomeNotEmpty(StoreError):
    """Data was to be loaded into a home that already holds some (Repository.load_into_empty)."""

"""Errors the core raises on purpose: each carries a message fit for a user."""


class BriefingError(Exception):
    """A problem the user can act on; the message names the file or record and the reason."""


class NotFound(BriefingError):
    pass


class StoreBusy(BriefingError):
    pass


class StoreReadOnly(BriefingError):
    """A write to a library opened read-only (in a place this user cannot write to)."""


class DiskFull(BriefingError):
    """The disk filled during a write: nothing of it was kept."""


class ForeignSchema(BriefingError):
    """A library file holding schema objects or migrations this version of the app did not make."""


class Cancelled(BriefingError):
    """The user stopped a long operation; nothing was written."""

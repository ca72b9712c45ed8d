"""Errors the core raises on purpose: each carries a message fit for a user."""


class BriefingError(Exception):
    """A problem the user can act on; the message names the file or record and the reason."""


class NotFound(BriefingError):
    pass


class StoreBusy(BriefingError):
    pass


class ForeignSchema(BriefingError):
    """A library file holding schema objects or migrations this version of the app did not make."""


class Cancelled(BriefingError):
    """The user stopped a long operation; nothing was written."""

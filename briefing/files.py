"""Files the app writes for the user (packs, cards, copies, bundles), made the same way everywhere.

Each is written beside its target under a temporary name and renamed over it
when complete, so a failure never leaves half a file. It is created with the
mode any program's new file has, 0666 less the user's umask, as the library
and its backups are: a user who keeps private files (umask 077) gets 0600
everywhere, and nothing the app writes is forced wider or narrower than that.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def temporary_beside(target: Path, suffix: str = ".part") -> tuple[int, Path]:
    """A new file in ``target``'s folder, open for writing (its descriptor and path); the mode is 0666 less the umask."""
    for _ in range(100):
        path = target.with_name(f".{target.name}.{secrets.token_hex(4)}{suffix}")
        try:
            return os.open(path, _FLAGS, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(f"{target}: no free temporary name beside it")

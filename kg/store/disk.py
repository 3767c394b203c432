"""The embedded store's files on disk: change signatures, error messages, memory.

RocksDB (under Oxigraph) renames and deletes its files while a writer
flushes and compacts; a reader that meets such a change sees an ``IO error``
or ``Corruption`` naming an internal file. :func:`is_transient` tells these
apart (a retry after reopening succeeds), :func:`clean_error` keeps the
internal file names out of messages, :func:`signature` tells whether a
writer changed the directory since a reader opened it.

Examples
--------
>>> clean_error(OSError("IO error: No such file or directory: /s/000008.log"))
'IO error: No such file or directory: (a database file)'
>>> is_transient(OSError("Corruption: truncated block read from /s/000014.sst"))
True
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

__all__ = ["clean_error", "is_transient", "malloc_trim", "signature"]

# RocksDB's own files (000012.log, 000014.sst, MANIFEST-000005, ...): never shown.
_DB_FILE_RE = re.compile(
    r"\S*(?:\d{6}\.(?:log|sst|blob|dbtmp)|MANIFEST-\d+|CURRENT|OPTIONS-\d+|IDENTITY)\b\S*"
)
_TRANSIENT = ("No such file", "Corruption", "IO error", "does not exist")


def clean_error(exc: BaseException) -> str:
    """An error message without the database's internal file names."""
    return _DB_FILE_RE.sub("(a database file)", str(exc))


def is_transient(exc: BaseException) -> bool:
    """True for an error a reader meets when a writer changes the files under it."""
    text = str(exc)
    return any(t in text for t in _TRANSIENT)


def signature(path: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes on disk when someone writes the store (file names, sizes, times)."""
    entries = []
    with contextlib.suppress(OSError), os.scandir(path) as it:
        for e in it:
            if e.name.startswith("LOG") or e.name == "LOCK":
                continue
            try:
                st = e.stat()
            except FileNotFoundError:  # compaction removed it meanwhile
                continue
            entries.append((e.name, st.st_size, st.st_mtime_ns))
    return tuple(sorted(entries))


def malloc_trim() -> None:
    """Return freed heap pages to the operating system (glibc only; else nothing)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)

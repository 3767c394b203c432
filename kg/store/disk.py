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

A store directory carries a marker file, :data:`MARKER`, written when the
store is created; :func:`check_location` refuses a directory that has files
but neither the marker nor a database (``kg build --store examples`` must not
write database files among someone's documents), with the same words for
every command.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path

from kg.errors import StoreError

__all__ = [
    "MARKER",
    "check_location",
    "clean_error",
    "is_transient",
    "malloc_trim",
    "signature",
    "write_marker",
]

#: the file that makes a directory a geokg store (written when the store is created).
MARKER = "geokg-store.json"

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


def _is_database(path: Path) -> bool:
    """True for a directory holding an Oxigraph (RocksDB) database: a store built
    by geokg before stores carried :data:`MARKER`."""
    try:
        names = os.listdir(path)
    except OSError:
        return False
    return "CURRENT" in names and any(n.startswith("MANIFEST-") for n in names)


def write_marker(path: Path) -> None:
    """Write :data:`MARKER` into the store directory ``path`` (when absent).

    Raises
    ------
    StoreError
        When it cannot be written (a read-only directory, a full disk).
    """
    marker = path / MARKER
    if marker.is_file():
        return
    text = json.dumps({"kind": "geokg-store", "version": 1}) + "\n"
    try:
        marker.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"cannot write to store '{path}': {exc.strerror or exc}") from exc


def check_location(path: Path, *, create: bool) -> None:
    """Refuse a store location that is not a geokg store, in the words every command uses.

    A directory with :data:`MARKER` is a store; so is one holding an Oxigraph
    database without it (built by an older geokg), which gets the marker now
    (when the directory is writable). A missing or empty directory is fine
    when the store is to be created.

    Parameters
    ----------
    path : Path
        The store directory.
    create : bool
        True when opening for writing (a missing store is created).

    Raises
    ------
    StoreError
        For a file, a missing store (``create`` False), or a directory of
        other files.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "notes.txt").write_text("mine")
    ...     check_location(Path(d), create=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.StoreError: '...' is not a geokg store; use an empty or new directory (--store DIR)
    """
    if path.exists() and not path.is_dir():
        raise StoreError(f"store location '{path}' is a file; give a directory (--store DIR)")
    try:
        empty = not path.exists() or not any(path.iterdir())
    except OSError as exc:
        raise StoreError(f"cannot open store '{path}': {exc.strerror or exc}") from exc
    if empty:
        if not create:
            raise StoreError(
                f"no store at '{path}'; build one first: kg build SOURCES --store {path}"
            )
        return
    if (path / MARKER).is_file():
        return
    if _is_database(path):
        with contextlib.suppress(StoreError):  # a read-only copy opens all the same
            write_marker(path)
        return
    raise StoreError(f"'{path}' is not a geokg store; use an empty or new directory (--store DIR)")


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

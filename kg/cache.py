"""A compiled index of the knowledge base, lexicon and gazetteer, so start-up is fast.

Parsing the Turtle of ``ontology/`` (and the user's ``--actors`` files) and
indexing every name takes longer than loading the spaCy model. :func:`cached`
keeps the built Python objects in a pickle under the user's cache directory,
keyed by a hash of everything they are made from: the source files' bytes,
the code of the modules that build them, geokg's version and Python's. A
changed Turtle file (bundled or the user's) or a changed builder therefore
gives a new key, and the index is rebuilt on first use; old entries of the
same kind are removed then.

The directory is ``$GEOKG_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/geokg``,
else ``~/.cache/geokg``. ``GEOKG_CACHE_DIR=off`` (or an empty value) turns
the cache off. A directory that cannot be written, or a damaged cache file,
only costs time: the index is built in memory as without a cache.

The files are pickles: like any cache of Python objects they are trusted as
the user's own files (only geokg writes them, under the user's own directory).

Examples
--------
>>> import tempfile, os, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> src = d / "words.txt"
>>> _ = src.write_text("a b")
>>> os.environ["GEOKG_CACHE_DIR"] = str(d / "cache")
>>> cached("demo", [src], lambda: src.read_text().split())
['a', 'b']
>>> len(list((d / "cache").glob("demo-*.pickle")))
1
>>> del os.environ["GEOKG_CACHE_DIR"]
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import TypeVar

__all__ = ["CACHE_ENV", "cache_dir", "cache_key", "cached"]

#: environment variable naming the cache directory (``off`` or empty: no cache).
CACHE_ENV = "GEOKG_CACHE_DIR"

T = TypeVar("T")

_OFF = frozenset(["", "off", "0", "no", "false", "none"])


def cache_dir() -> Path | None:
    """The directory of the compiled indexes, or ``None`` when the cache is off.

    Examples
    --------
    >>> import os
    >>> os.environ["GEOKG_CACHE_DIR"] = "off"
    >>> cache_dir() is None
    True
    >>> os.environ["GEOKG_CACHE_DIR"] = "/tmp/x"
    >>> str(cache_dir())
    '/tmp/x'
    >>> del os.environ["GEOKG_CACHE_DIR"]
    """
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in _OFF else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "geokg"


def _file_digest(path: Path) -> bytes:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.digest()


def cache_key(
    kind: str,
    sources: Iterable[Path | str],
    modules: Iterable[ModuleType] = (),
    salt: str = "",
) -> str:
    """The hex digest naming one compiled index.

    It covers ``kind``, geokg's version, Python's version, ``salt``, the bytes
    of every source file (in order; a missing file counts as missing) and
    the source code of ``modules`` (the code that builds the index).
    """
    from kg import __version__

    h = hashlib.sha256()
    for part in (kind, __version__, sys.version, str(pickle.HIGHEST_PROTOCOL), salt):
        h.update(part.encode("utf-8") + b"\0")
    for src in sources:
        path = Path(src)
        h.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        h.update(_file_digest(path) if path.is_file() else b"missing")
    for module in modules:
        file = getattr(module, "__file__", None)
        h.update((module.__name__ + "\0").encode("utf-8"))
        if file and os.path.isfile(file):
            h.update(_file_digest(Path(file)))
    return h.hexdigest()[:32]


def cached(
    kind: str,
    sources: Iterable[Path | str],
    build: Callable[[], T],
    *,
    modules: Iterable[ModuleType] = (),
    salt: str = "",
) -> T:
    """``build()``, or the object a previous call with the same inputs stored.

    Parameters
    ----------
    kind
        A short name of what is built (``"actors"``, ``"places"``); the file is
        ``KIND-KEY.pickle``.
    sources
        The files the object is made from; a change in any of them rebuilds it.
    build
        Makes the object (it must pickle).
    modules
        The modules whose code builds the object; a change in them rebuilds it.
    salt
        Anything else the object depends on (a model's name and version).
    """
    directory = cache_dir()
    if directory is None:
        return build()
    key = cache_key(kind, sources, modules, salt)
    path = directory / f"{kind}-{key}.pickle"
    enabled = gc.isenabled()
    gc.disable()  # many small objects: the collector would only slow the load down
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        pass
    except Exception:  # a damaged or foreign file: rebuild it
        pass
    finally:
        if enabled:
            gc.enable()
    value = build()
    _store(directory, kind, path, value)
    return value


#: how many versions of one kind of index stay in the directory
_KEEP = 4


def _store(directory: Path, kind: str, path: Path, value: object) -> None:
    """Write ``value`` atomically; any failure (read-only, full disk) is ignored."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{kind}-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # unpicklable value, full disk: no cache this time
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    # keep a few versions: two checkouts (or virtualenvs) sharing the directory
    # would otherwise delete each other's index on every run
    others = [p for p in directory.glob(f"{kind}-*.pickle") if p != path]
    with contextlib.suppress(OSError):
        others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[_KEEP - 1 :]:
        with contextlib.suppress(OSError):
            old.unlink()

"""Option groups and error handling shared by the ``kg`` commands."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from kg.errors import KGError

__all__ = ["DEFAULT_STORE", "actors_option", "echo_err", "guarded", "store_option"]

F = TypeVar("F", bound=Callable[..., Any])

#: default location of the embedded store (``--store`` / ``$GEOKG_STORE``).
DEFAULT_STORE = "kg-store"


def echo_err(message: str) -> None:
    """Print one line to standard error."""
    click.echo(message, err=True)


def guarded(func: F) -> F:
    """Turn :class:`KGError` into ``error: <message>`` and exit status 1 (no traceback).

    ``BrokenPipeError`` (``kg extract ... | head``) ends quietly.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            echo_err(f"error: {exc}")
            sys.exit(1)
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


def actors_option(func: F) -> F:
    """``--actors FILE.ttl`` (repeatable): Turtle extending the actor knowledge base.

    The command receives ``actors`` as a tuple, or ``None`` when the option is
    not given, so that :func:`kg.nlp.pipeline.actor_files` falls back to
    ``$GEOKG_ACTORS``.
    """

    def to_none(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> Any:
        return value or None

    return click.option(
        "--actors",
        "actors",
        multiple=True,
        metavar="FILE.ttl",
        callback=to_none,
        help="Turtle file of your own actors, aliases, dated roles, places and governance "
        "facts, added to the knowledge base (repeatable; default: $GEOKG_ACTORS, "
        "os.pathsep-separated).",
    )(func)


def store_option(func: F) -> F:
    """``--store DIR|URL``: the embedded store directory or a SPARQL endpoint URL."""
    return click.option(
        "--store",
        "store",
        default=lambda: os.environ.get("GEOKG_STORE", DEFAULT_STORE),
        show_default=DEFAULT_STORE,
        metavar="DIR|URL",
        help="Store directory (embedded Oxigraph) or http(s) URL of a SPARQL endpoint.",
    )(func)

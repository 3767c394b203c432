"""Where an input came from, and decoding its bytes with the warnings that go with it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg.ingest.decode import decode_bytes
from kg.ingest.report import ErrorHandler, InputWarning, report

__all__ = ["STDIN", "Source", "decode"]


@dataclass(frozen=True)
class Source:
    """One input being read.

    Parameters
    ----------
    where : str
        How messages name it: the file's path as given, escaped for display
        (``corpus/a.jsonl``), or ``<stdin>``; a line or item is appended for
        parts (``corpus/a.jsonl:3``).
    location : str or None
        The path relative to the input root (``sub/a.jsonl``), None for stdin.

    Examples
    --------
    >>> Source("corpus/a.jsonl", "a.jsonl").part(":3")
    Source(where='corpus/a.jsonl:3', location='a.jsonl')
    """

    where: str
    location: str | None = None

    def part(self, suffix: str) -> Source:
        """The same source with ``suffix`` (a line or item) added to its name in messages."""
        return replace(self, where=self.where + suffix)


#: standard input.
STDIN = Source("<stdin>")


def decode(data: bytes, source: Source, on_error: ErrorHandler | None) -> str:
    """The text of ``data``; reading it in a guessed encoding (not UTF-8) is reported as a warning.

    Raises :class:`~kg.errors.InputError` for empty, binary and undecodable data.

    Examples
    --------
    >>> warnings = []
    >>> text = "L'Égypte soutient le maréchal Haftar, a déclaré le ministre."
    >>> decode(text.encode("cp1252"), Source("a.txt"), warnings.append) == text
    True
    >>> print(warnings[0])  # doctest: +ELLIPSIS
    a.txt: not valid UTF-8; read as cp1252 ...
    """
    decoded = decode_bytes(data, source.where)
    if decoded.guessed is not None:
        report(
            on_error,
            InputWarning(
                f"{source.where}: not valid UTF-8; read as {decoded.guessed} (a guess: check "
                "accented names in its facts, or re-save the file as UTF-8)"
            ),
        )
    return decoded.text

"""How ingestion reports bad input: skipped articles, warnings, and safe names in messages.

Bad input never stops the stream: each bad article (or unreadable file) is
passed to ``on_error`` as an :class:`~kg.errors.InputError` whose one-line
message names the file (and line), and reading goes on. Problems that keep the
article but drop or repair a field are :class:`InputWarning`.
:class:`SkipReport` collects both for the command line.

File names come from the user's disk and may hold anything: :func:`display_name`
escapes them so that a newline cannot start a forged ``skipped:`` line and a
terminal escape sequence is shown, not executed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ExtractionError, InputError

__all__ = ["ErrorHandler", "InputWarning", "SkipReport", "display_name", "report"]

log = logging.getLogger("kg.ingest")

ErrorHandler = Callable[[InputError], None]


class InputWarning(InputError):
    """A problem that keeps the article but drops or repairs a field (e.g. an absurd date)."""


def display_name(name: str | Path) -> str:
    """A file name safe to print on one line of a terminal.

    Printable characters are kept as they are (also non-ASCII letters); control
    characters (newline, carriage return, ESC, C1 controls ...), the Unicode line
    and paragraph separators and backslashes are written as Python escapes
    (``\\n``, ``\\x1b``, ``\\\\``), and bytes that were not valid in the file
    system's encoding (surrogate escapes) as ``\\xNN``.

    Examples
    --------
    >>> display_name("corpus/a.txt")
    'corpus/a.txt'
    >>> print(display_name("evil\\nskipped: x.txt"))
    evil\\nskipped: x.txt
    >>> display_name("\\x1b[31mred")
    '\\\\x1b[31mred'
    >>> display_name("caf\\udce9.txt"), display_name("Çatı.txt")
    ('caf\\\\xe9.txt', 'Çatı.txt')
    """
    text = str(name)
    if text.isprintable() and "\\" not in text:
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogate escape of a raw byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def _one_line(message: str) -> str:
    """Defence in depth: no message line may contain a raw line break or escape."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in message)


@dataclass
class SkipReport:
    """Collects the problems of one ingestion run; pass it as ``on_error``.

    Parameters
    ----------
    echo : callable, optional
        Called with each message as it arrives (e.g. ``click.echo`` to stderr),
        prefixed ``skipped:``, ``warning:`` or (an article whose extraction
        raised, :class:`~kg.errors.ExtractionError`) ``error:``; always exactly
        one line.

    Examples
    --------
    >>> from kg.ingest import read_articles
    >>> report = SkipReport()
    >>> arts = list(read_articles(["/nonexistent/a.txt"], on_error=report))
    >>> arts, report.skipped, report.ok, report.exit_code
    ([], 1, False, 1)
    >>> report.summary()
    '1 article skipped'
    """

    echo: Callable[[str], None] | None = None
    skipped: int = 0
    warnings: int = 0
    messages: list[str] = field(default_factory=list)

    def __call__(self, error: InputError) -> None:
        if isinstance(error, InputWarning):
            self.warnings += 1
            line = f"warning: {_one_line(str(error))}"
        elif isinstance(error, ExtractionError):  # a bug: the article is skipped too
            self.skipped += 1
            line = f"error: {_one_line(str(error))}"
        else:
            self.skipped += 1
            line = f"skipped: {_one_line(str(error))}"
        self.messages.append(line)
        if self.echo is not None:
            self.echo(line)

    @property
    def ok(self) -> bool:
        """True when nothing was skipped (warnings do not count)."""
        return self.skipped == 0

    @property
    def exit_code(self) -> int:
        """The exit status a command should use: 0, or 1 when anything was skipped."""
        return 0 if self.ok else 1

    def summary(self) -> str:
        """One line such as ``"3 articles skipped, 1 warning"`` (or ``"nothing skipped"``)."""
        parts = []
        if self.skipped:
            parts.append(f"{self.skipped} article{'s' if self.skipped != 1 else ''} skipped")
        if self.warnings:
            parts.append(f"{self.warnings} warning{'s' if self.warnings != 1 else ''}")
        return ", ".join(parts) if parts else "nothing skipped"


def report(on_error: ErrorHandler | None, error: InputError) -> None:
    """Pass ``error`` to ``on_error``; without a handler raise it (a warning is logged)."""
    if on_error is not None:
        on_error(error)
    elif isinstance(error, InputWarning):
        # Without a handler a warning must not cost the article: log it instead.
        log.warning("%s", error)
    else:
        raise error

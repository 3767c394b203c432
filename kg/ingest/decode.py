"""Bytes to clean article text: encodings, byte-order marks, line ends, control characters.

Non-UTF-8 files are decoded from their byte-order mark (UTF-8, UTF-16, UTF-32)
or, without one, from the encoding charset_normalizer detects (Windows-1252,
Latin-1, ...). A file that is not UTF-8 is reported as a warning naming the
encoding it was read as (the article is kept): a wrong guess garbles names,
and the user should know to re-save the file as UTF-8.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from kg.errors import InputError

__all__ = ["Decoded", "clean_text", "decode_bytes", "normalize_space"]

#: how to name the accepted inputs in a message about a binary file.
_TEXT_FORMATS = "a .txt, .jsonl, .html or .xml/.rss/.atom file"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalize_space(text: str) -> str:
    """Unicode NFC with whitespace runs collapsed to one space and the ends stripped.

    Examples
    --------
    >>> normalize_space(" Egypt\\n backs\\tHaftar ")
    'Egypt backs Haftar'
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_text(text: str) -> str:
    """Remove a leading BOM, normalize line ends, strip control characters except ``\\n``/``\\t``.

    Examples
    --------
    >>> clean_text("\\ufeffA\\r\\nB\\x00C\\x85D\\tE")
    'A\\nBCD\\tE'
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    """Decoded text and, when it was not UTF-8 (or a BOM-marked Unicode), the guessed encoding."""

    text: str
    guessed: str | None = None


def decode_bytes(data: bytes, where: str) -> Decoded:
    """Bytes to text, or :class:`~kg.errors.InputError` for empty, binary and undecodable data.

    ``where`` names the input in messages (already escaped for display).

    Examples
    --------
    >>> decode_bytes("Égypte".encode("utf-8"), "a.txt")
    Decoded(text='Égypte', guessed=None)
    >>> decode_bytes("L'Égypte soutient le maréchal Haftar.".encode("cp1252"), "a.txt").guessed
    'cp1252'
    >>> decode_bytes(b" \\n", "a.txt")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: a.txt: empty file; remove it or give it some article text
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{where}: starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} ({exc.reason} at byte {exc.start}); re-save it as UTF-8"
                ) from None
    if not data.strip():
        raise InputError(f"{where}: empty file; remove it or give it some article text")
    if b"\x00" in data:
        raise InputError(
            f"{where}: binary file (contains NUL bytes), not text; give {_TEXT_FORMATS}"
        )
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    guess = _detect_encoding(data)
    if guess is None:
        raise InputError(
            f"{where}: not UTF-8 and no text encoding detected (binary file?); re-save it as UTF-8"
        )
    return Decoded(data.decode(guess, errors="replace"), guess)


#: Latin-script single-byte code pages charset_normalizer guesses for short
#: Windows-1252 news text (a 2-line French/English text with curly quotes comes
#: back as cp775, Baltic DOS); such a guess is read as Windows-1252.
_LATIN_SIBLINGS = frozenset(
    {"latin_1", "iso8859_15", "cp1250", "cp1254", "mac_roman", "iso8859_9"}
    | {"cp437", "cp775", "cp850", "cp852", "cp858", "cp860", "cp863", "cp865", "cp1257"}
    | {"iso8859_2", "iso8859_4", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_16"}
    | {"mac_latin2", "mac_iceland"}
)

#: charset_normalizer looks at a sample of this many bytes, not the whole file.
_DETECT_BYTES = 1 << 16


def _detect_encoding(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset_normalizer ships with requests
        return "cp1252"
    best = from_bytes(data[:_DETECT_BYTES]).best()
    if best is None:
        return None
    encoding = str(best.encoding)
    # Short Western texts are often guessed as a sibling single-byte code page;
    # Windows-1252 is a superset of Latin-1's printable range and is what news
    # files without a declared encoding almost always are.
    if encoding in _LATIN_SIBLINGS:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return encoding
    return encoding

"""What SPARQL text says about itself: its own dataset, and why the engine refused it.

* :func:`has_dataset` — whether a query names its own dataset (``FROM``,
  ``FROM NAMED``). Such a query must run on that dataset: the store's
  "default graph = union of all graphs" option would override it (Oxigraph
  lets its options replace the query's dataset), so it is not given then.
* :func:`explain_syntax_error` — the engine's syntax error as one line with
  the right place and the fix. The engine (pyoxigraph, a PEG parser) reports
  the *furthest* position any rule tried, which for an error inside a group
  or an expression is often the end of the text (an error on line 4 of a
  six-line file comes back as line 6), followed by every terminal it could
  have read there, Unicode ranges included. Here the place is found again,
  from the tokens (a misspelt keyword or function, a query form that is an
  update, an unclosed string or bracket) or from rdflib's SPARQL grammar, and
  the expected list keeps only words and punctuation.

Examples
--------
>>> has_dataset("SELECT * FROM <https://w3id.org/geokg/graph/actors> WHERE { ?s ?p ?o }")
True
>>> has_dataset('SELECT * WHERE { ?s ex:from "FROM" }')
False
>>> explain_syntax_error("SELEC ?s WHERE { ?s ?p ?o }", "error at 1:10: expected CONSTRUCT")
"line 1, column 1: unknown keyword 'SELEC'; did you mean SELECT? A query is SELECT, \
CONSTRUCT, ASK or DESCRIBE (after PREFIX and BASE declarations)"
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from kg.sparqlguard import Token, tokenize

__all__ = ["KEYWORDS", "explain_syntax_error", "has_dataset"]

_QUERY_FORMS = ("select", "construct", "ask", "describe")
_UPDATE_WORDS = frozenset(
    {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
)
#: the keywords of SPARQL 1.1 and 1.2 (queries and updates), upper case
KEYWORDS = frozenset(
    """SELECT CONSTRUCT DESCRIBE ASK BASE PREFIX WHERE FROM NAMED ORDER BY ASC DESC LIMIT
    OFFSET DISTINCT REDUCED OPTIONAL GRAPH UNION MINUS FILTER BIND VALUES SERVICE SILENT
    GROUP HAVING AS UNDEF NOT IN EXISTS LATERAL SEPARATOR INSERT DELETE DATA LOAD CLEAR
    DROP CREATE ADD MOVE COPY WITH USING DEFAULT ALL INTO TO VERSION""".split()
)
#: built-in functions and aggregates, upper case
_FUNCTIONS = frozenset(
    """STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT
    STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR
    MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384
    SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC
    REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT TRIPLE SUBJECT PREDICATE
    OBJECT ISTRIPLE LANGDIR STRLANGDIR HASLANG HASLANGDIR ADJUST EXISTS NOT IN""".split()
)
_ENGINE_AT = re.compile(r"^error at (\d+):(\d+)(?:-\d+:\d+)?: (.*)$", re.S)
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$")


def has_dataset(text: str) -> bool:
    """True when the query names its own dataset (``FROM <g>`` or ``FROM NAMED <g>``).

    The word is found among the query's tokens, so ``FROM`` in a string, an
    IRI, a comment or a prefixed name does not count.
    """
    return any(t.kind == "name" and t.text.lower() == "from" for t in _code(text))


def _code(text: str) -> list[Token]:
    return [t for t in tokenize(text) if t.kind != "comment"]


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _offset(text: str, line: int, column: int) -> int:
    """The character offset of a 1-based line and column (clamped to the text)."""
    start = 0
    for _ in range(line - 1):
        nl = text.find("\n", start)
        if nl < 0:
            return len(text)
        start = nl + 1
    return min(len(text), start + max(0, column - 1))


def _suggest(word: str, choices: frozenset[str]) -> str:
    close = difflib.get_close_matches(word.upper(), sorted(choices), n=1, cutoff=0.75)
    return f"; did you mean {close[0]}?" if close else ""


def _query_form(text: str, tokens: list[Token], update: bool) -> str | None:
    """A query that does not start with a query form (after its prologue)."""
    i = 0
    while i < len(tokens):
        word = tokens[i].text.lower() if tokens[i].kind == "name" else ""
        if word == "prefix":
            i += 3
        elif word == "base":
            i += 2
        else:
            break
    if i >= len(tokens):
        return "the query is empty after its PREFIX/BASE declarations; add SELECT ... WHERE { ... }"
    tok = tokens[i]
    word = tok.text.lower() if tok.kind == "name" else ""
    where = _where(text, tok.start)
    if update:
        return None
    if word in _UPDATE_WORDS:
        return (
            f"{where}: {tok.text} starts a SPARQL update, and updates are not allowed here: "
            "only queries (SELECT, CONSTRUCT, ASK, DESCRIBE) are run; change the store "
            "with kg build and kg remove (or kg serve --allow-updates, at /update)"
        )
    if word in _QUERY_FORMS or tok.kind != "name" or ":" in tok.text:
        return None
    return (
        f"{where}: unknown keyword '{tok.text}'{_suggest(tok.text, KEYWORDS)} "
        "A query is SELECT, CONSTRUCT, ASK or DESCRIBE (after PREFIX and BASE declarations)"
    )


def _unknown_word(text: str, tokens: list[Token]) -> str | None:
    """The first word that is neither a keyword, a function nor a term."""
    for i, tok in enumerate(tokens):
        if tok.kind != "name" or ":" in tok.text or _NUMBER.match(tok.text):
            continue
        if i > 0 and tokens[i - 1].text == "@":  # a language tag
            continue
        word = tok.text.upper()
        if word in KEYWORDS or word in _FUNCTIONS or tok.text in ("a", "true", "false"):
            continue
        call = i + 1 < len(tokens) and tokens[i + 1].text == "("
        if call:
            return (
                f"{_where(text, tok.start)}: unknown function '{tok.text}'"
                f"{_suggest(tok.text, _FUNCTIONS)} (functions outside SPARQL's built-ins "
                "are called by IRI, e.g. xsd:integer(?x))"
            )
        hint = _suggest(tok.text, KEYWORDS | _FUNCTIONS)
        if hint:
            return f"{_where(text, tok.start)}: unknown keyword '{tok.text}'{hint}"
        return (
            f"{_where(text, tok.start)}: unknown word '{tok.text}' (not a SPARQL keyword; "
            "a prefixed name needs its colon, ex:name, and a string its quotes)"
        )
    return None


def _brackets(text: str, tokens: list[Token]) -> str | None:
    """An unclosed string, an unclosed bracket or a stray closing one."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    closing = {v: k for k, v in pairs.items()}
    stack: list[Token] = []
    for tok in tokens:
        if tok.kind == "punct" and tok.text in ('"', "'"):
            return (
                f"{_where(text, tok.start)}: the string starting here is not closed; end it "
                f"with {tok.text} on the same line (or use {tok.text * 3} for several lines)"
            )
        if tok.kind != "punct":
            continue
        if tok.text in pairs:
            stack.append(tok)
        elif tok.text in closing:
            if stack and stack[-1].text == closing[tok.text]:
                stack.pop()
                continue
            where = _where(text, tok.start)
            if not stack:
                opening = closing[tok.text]
                return f"{where}: '{tok.text}' closes nothing; remove it or add its '{opening}'"
            opened = stack[-1]
            return (
                f"{where}: '{tok.text}' where the '{opened.text}' opened at "
                f"{_where(text, opened.start)} needs its '{pairs[opened.text]}'"
            )
    if stack:
        tok = stack[-1]
        return (
            f"{_where(text, tok.start)}: this '{tok.text}' is never closed; add "
            f"'{pairs[tok.text]}' where it ends"
        )
    return None


def _expected(reason: str) -> str:
    """The engine's ``expected one of …`` without character classes and internal names."""
    head, sep, items = reason.partition("expected one of ")
    if not sep:
        head, sep, items = reason.partition("expected ")
        if not sep:
            return reason
    parts = re.findall(r"\[[^\]]*\]|\"(?:[^\"\\]|\\.)*\"|[^,\s][^,]*", items.replace("\n", " "))
    kept = [
        p.strip()
        for p in parts
        if not p.strip().startswith("[") and "not found" not in p and "..=" not in p
    ]
    kept = [p for p in kept if p and not p.startswith("|") and not p.startswith("'")]
    if not kept:
        return ""
    return f"{head}expected {'one of ' if len(kept) > 1 else ''}{', '.join(kept)}"


def _rdflib_place(text: str, update: bool) -> int | None:
    """Where rdflib's SPARQL grammar stops reading the text, or None when it reads it."""
    if len(text) > 20_000:  # its parser is slow on long texts; the engine's place then
        return None
    try:
        from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

        (parseUpdate if update else parseQuery)(text)
    except Exception as exc:  # pyparsing's ParseException, or a recursion limit
        loc = getattr(exc, "loc", None)
        return loc if isinstance(loc, int) else None
    return None


def _near(text: str, offset: int) -> str:
    snippet = text[offset:].lstrip()[:30].split("\n")[0].strip()
    return f"near '{snippet}'" if snippet else "at the end of the query"


def explain_syntax_error(
    text: str,
    engine_message: str,
    prefixes: Mapping[str, str] | None = None,
    *,
    update: bool = False,
) -> str:
    """One line saying where the syntax error is and how to fix it.

    Parameters
    ----------
    text : str
        The query (or update) as the user wrote it.
    engine_message : str
        The engine's message (``error at 6:1: expected one of …``).
    prefixes : mapping, optional
        Predeclared prefixes (an undeclared one is named with the fix).
    update : bool
        True for a SPARQL update.

    Returns
    -------
    str
        ``line L, column C: …`` (without the ``SPARQL syntax error:`` lead).

    Examples
    --------
    >>> q = "SELECT ?s\\nWHERE {\\n  ?s ?p ?o .\\n  FILTER(?o = )\\n}\\n"
    >>> explain_syntax_error(q, "error at 6:1: expected one of CEIL, LANG, [_]")
    ... # doctest: +ELLIPSIS
    "line 4, column 3: the query cannot be read from here on (near 'FILTER(?o = )'); look ..."
    >>> explain_syntax_error("DELETE WHERE { ?s ?p ?o }", "error at 1:10: expected CONSTRUCT")
    ... # doctest: +ELLIPSIS
    'line 1, column 1: DELETE starts a SPARQL update, and updates are not allowed here: ...'
    """
    from kg.sparqlguard import explain_syntax_error as prefix_reason

    tokens = _code(text)
    for reason in (_query_form(text, tokens, update), _brackets(text, tokens)):
        if reason:
            return reason
    missing = prefix_reason(text, prefixes)
    if missing:
        return missing
    unknown = _unknown_word(text, tokens)
    if unknown:
        return unknown
    m = _ENGINE_AT.match(engine_message.strip())
    if m is None:
        return engine_message
    line, column, reason = int(m.group(1)), int(m.group(2)), m.group(3)
    engine_at = _offset(text, line, column)
    expected = _expected(reason)
    at_end = not any(t.start >= engine_at for t in tokens)
    only_words = bool(expected) and not re.search(r"[\"$]", expected)
    if at_end or only_words:
        # The engine tried some rule to the end of the text, or reports the keyword of
        # an alternative it tried last ("expected OPTIONAL" after a missing '.'):
        # rdflib's grammar stops at the start of the construct that cannot be read.
        grammar_at = _rdflib_place(text, update)
        if grammar_at is not None and grammar_at < engine_at:
            return (
                f"{_where(text, grammar_at)}: the query cannot be read from here on "
                f"({_near(text, grammar_at)}); look there for a missing '.', ')' or AS, "
                "or a term too many"
            )
    return f"{_where(text, engine_at)}: {_near(text, engine_at)}" + (
        f": {expected}" if expected else ""
    )

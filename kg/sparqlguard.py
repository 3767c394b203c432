"""Checks on SPARQL text before it reaches the query engine.

Two dangers come with running a stranger's SPARQL on the embedded engine
(pyoxigraph), and both are checked here, in one place, for ``kg query`` and
``kg serve``:

* **Outbound requests.** ``SERVICE <url> {...}`` (federation) and an update's
  ``LOAD <url>`` make the engine itself send HTTP requests, to any address:
  a read-only endpoint becomes a proxy into the user's network (SSRF). They
  are refused unless the endpoint is named in ``allow_service``.
* **Engine crashes.** The engine parses and evaluates recursively; a few
  thousand nested brackets, or a few thousand chained operators, overflow
  its stack and kill the process (SIGSEGV, no message); so do flat but huge
  queries (~8,000 triple patterns, ~2,600 ``AS`` expressions). Queries are
  refused beyond :class:`QueryLimits` (length, bracket depth, operator count,
  triple patterns, expressions), well below the sizes that crash it, each
  with a message naming the limit.

How SERVICE is found
--------------------
The text is cut into tokens by a scanner that follows the SPARQL grammar's
terminals (strings with their escapes, IRIs, comments, variables, prefixed
names), so the word SERVICE in a string, an IRI, a comment or a variable is
not mistaken for the keyword. Keywords themselves are matched the way the
engine matches them, which is **without word boundaries**: Oxigraph runs
``SERVICESILENT<url>{...}`` and ``{ service:x {...} }`` (SERVICE, then the
IRI ``:x``) as federated queries, so a parser that follows the grammar to the
letter (rdflib's, for one) would let them through. Any ``service`` in code
position that is not inside a variable or the local part of a prefixed name
counts as a SERVICE call. The price is that a *prefix* whose name contains
``service`` (``myservice:x``) is refused too; the message says so.
pyoxigraph exposes no parsed algebra to ask instead.
"""

from __future__ import annotations

import os
import pickle
import re
import signal
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urljoin

from kg.errors import QueryError

__all__ = [
    "QueryLimits",
    "Token",
    "check_query",
    "check_update",
    "count_triple_patterns",
    "explain_syntax_error",
    "run_checked",
    "run_isolated",
    "tokenize",
    "undeclared_prefixes",
]

T = TypeVar("T")

# PN_CHARS of the SPARQL 1.1 grammar (section 19.8), as a regex character class body.
_PN_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS = _PN_BASE + "_0-9\\-\u00b7\u0300-\u036f\u203f-\u2040"
_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>
        \"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\[\s\S]))*\"\"\"
      | '''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''
      | \"(?:[^\"\\\r\n]|\\[\s\S])*\"
      | '(?:[^'\\\r\n]|\\[\s\S])*'
    )
  | (?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$][PN_U0-9\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<name>(?:[PN_U0-9:%]|ESC)(?:[PN_CHARS:%.]|ESC)*)
  | (?P<punct>\|\||&&|!=|<=|>=|\^\^|<<|>>|[\s\S])
    """.replace("PN_CHARS", _PN_CHARS)
    .replace("PN_U", _PN_BASE + "_")
    .replace("ESC", _LOCAL_ESC),
    re.VERBOSE,
)

_OPEN = {"{": "}", "(": ")", "[": "]", "<<": ">>"}
_CLOSE = {v: k for k, v in _OPEN.items()}
#: punctuation and keywords that each add a level to the engine's algebra tree
_OPERATOR_PUNCT = frozenset(
    {"{", "||", "&&", "!", "!=", "=", "<", ">", "<=", ">=", "+", "-", "*", "/", "|", "^"}
)
_OPERATOR_WORDS = frozenset(
    {"union", "minus", "optional", "bind", "filter", "graph", "service", "exists", "not"}
    | {"values", "select", "lateral"}
)


@dataclass(frozen=True)
class Token:
    """One token of SPARQL text: its kind, text and offset.

    ``kind`` is ``comment``, ``string``, ``iri``, ``var``, ``name`` (a keyword,
    prefixed name, blank node label or number) or ``punct``.
    """

    kind: str
    text: str
    start: int


@dataclass(frozen=True)
class QueryLimits:
    """Bounds a query must keep before it is handed to the engine.

    Parameters
    ----------
    max_chars : int
        Longest query text.
    max_depth : int
        Deepest nesting of ``{ ( [ <<`` brackets (the engine crashes near 3,000).
    max_operators : int
        Most graph-pattern groups, pattern keywords (UNION, OPTIONAL, BIND,
        FILTER, ...) and expression operators in one query; each is one level
        of the engine's algebra tree, and a chain of 3,000 crashes it.
    max_triple_patterns : int
        Most triple patterns (counted at each ``.``, ``;`` and ``,`` of a group
        or ``[...]``). The engine's join planning grows faster than the square
        of their number: 300 take seconds even on an empty store, 1,000 over
        two minutes, and ~8,000 crash it (SIGSEGV).
    max_expressions : int
        Most expressions bound with ``AS`` (``SELECT (... AS ?v)``, ``BIND``,
        ``GROUP BY (... AS ?v)``); ~2,600 in one SELECT crash the engine.

    Examples
    --------
    >>> QueryLimits().max_depth
    100
    """

    max_chars: int = 1_000_000
    max_depth: int = 100
    max_operators: int = 1_000
    max_triple_patterns: int = 200
    max_expressions: int = 1_000


def tokenize(text: str) -> Iterator[Token]:
    """The tokens of SPARQL text, whitespace left out.

    A prefixed name never ends with a dot (the dot after ``ex:a.`` ends the
    triple), as in the grammar.

    Examples
    --------
    >>> [(t.kind, t.text) for t in tokenize('SELECT ?s { ?s ex:p "SERVICE" } # SERVICE')]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('name', 'SELECT'), ('var', '?s'), ('punct', '{'), ('var', '?s'), ('name', 'ex:p'),
     ('string', '"SERVICE"'), ('punct', '}'), ('comment', '# SERVICE')]
    """
    pos, end = 0, len(text)
    while pos < end:
        m = _TOKEN.match(text, pos)
        assert m is not None  # the last alternative matches any character
        kind = m.lastgroup or "punct"
        value = m.group()
        if kind == "name" and value.endswith(".") and value.rstrip("."):
            value = value.rstrip(".")
        if kind != "ws":
            yield Token(kind, value, pos)
        pos += len(value)


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _keyword_at(name: str, word: str) -> int:
    """Where ``word`` occurs in a name token as the engine could read it as a keyword.

    The engine matches keywords without word boundaries, so any occurrence
    counts, except inside the local part of a prefixed name or blank node
    label (after a ``:`` with no ``.`` in between), which is always read whole.
    Returns -1 when there is none.
    """
    lowered = (
        name.lower()
        if name.isascii()
        else "".join(c.lower() if c.isascii() else "\0" for c in name)
    )
    start = 0
    while True:
        i = lowered.find(word, start)
        if i < 0:
            return -1
        colon = name.rfind(":", 0, i)
        if colon < 0 or "." in name[colon:i]:
            return i
        start = i + 1


def _declarations(tokens: list[Token]) -> tuple[dict[str, str], str | None]:
    """The PREFIX declarations and the last BASE of a query or update."""
    prefixes: dict[str, str] = {}
    base: str | None = None
    for i, tok in enumerate(tokens):
        word = tok.text.lower() if tok.kind == "name" else ""
        if word == "prefix" and i + 2 < len(tokens):
            name, iri = tokens[i + 1], tokens[i + 2]
            if name.kind == "name" and name.text.endswith(":") and iri.kind == "iri":
                prefixes[name.text[:-1]] = _resolve(iri.text[1:-1], base)
        elif word == "base" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            base = _resolve(tokens[i + 1].text[1:-1], base)
    return prefixes, base


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri


def _expand(name: str, prefixes: Mapping[str, str]) -> str | None:
    prefix, _, local = name.partition(":")
    if prefix not in prefixes:
        return None
    return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)


def _endpoint(
    tokens: list[Token], i: int, prefixes: Mapping[str, str], base: str | None
) -> str | None:
    """The IRI called by the plain ``SERVICE [SILENT] <iri>|pname`` at ``tokens[i]``."""
    j = i + 1
    if j < len(tokens) and tokens[j].kind == "name" and tokens[j].text.lower() == "silent":
        j += 1
    if j >= len(tokens):
        return None
    target = tokens[j]
    if target.kind == "iri":
        return _resolve(target.text[1:-1], base)
    if target.kind == "name" and ":" in target.text and not target.text.startswith("_:"):
        return _expand(target.text, prefixes)
    return None


def _check_outbound(
    text: str,
    tokens: list[Token],
    words: tuple[str, ...],
    allow_service: Iterable[str],
    prefixes: Mapping[str, str] | None,
) -> None:
    allowed = set(allow_service)
    declared, base = _declarations(tokens)
    known = {**(prefixes or {}), **declared}
    for i, tok in enumerate(tokens):
        if tok.kind != "name":
            continue
        for word in words:
            at = _keyword_at(tok.text, word)
            if at < 0:
                continue
            exact = tok.text.lower() == word
            target = _endpoint(tokens, i, known, base) if exact else None
            if target is not None and target in allowed:
                continue
            where = _where(text, tok.start + at)
            what = "SERVICE (a federated query)" if word == "service" else "LOAD"
            if not exact:
                hint = f" ('{tok.text}' reads as the keyword {word.upper()} to the query engine"
                hint += "; rename that prefix)" if ":" in tok.text else ")"
            elif target is None:
                hint = " (its endpoint is not a fixed IRI, so it cannot be checked)"
            else:
                hint = f" to <{target}>"
            option = (
                f"allow this endpoint with --allow-service {target}"
                if target is not None and exact
                else "name allowed endpoints with --allow-service URL"
            )
            raise QueryError(
                f"{what} at {where} is refused{hint}: it would make geokg send a request "
                f"to another server. Remove it, or {option}"
            )


def _check_shape(text: str, tokens: Iterable[Token], limits: QueryLimits) -> list[Token]:
    """The tokens, read only as far as the first bound they break (then QueryError)."""
    seen: list[Token] = []
    depth = operators = 0
    for tok in tokens:
        seen.append(tok)
        if tok.kind == "punct":
            if tok.text in _OPEN:
                depth += 1
                if depth > limits.max_depth:
                    raise QueryError(
                        f"the query nests brackets more than {limits.max_depth} deep "
                        f"(at {_where(text, tok.start)}); the query engine cannot evaluate "
                        "such deep nesting safely: flatten the query"
                    )
            elif tok.text in _CLOSE:
                depth = max(0, depth - 1)
            if tok.text in _OPERATOR_PUNCT:
                operators += 1
        elif tok.kind == "name" and tok.text.lower() in _OPERATOR_WORDS:
            operators += 1
        if operators > limits.max_operators:
            raise QueryError(
                f"the query has more than {limits.max_operators} groups and operators "
                f"(at {_where(text, tok.start)}); the query engine cannot evaluate such a "
                "long chain safely: use VALUES or IN (...) lists instead of long "
                "UNION/||/BIND chains"
            )
    return seen


#: keywords that do not make a triple pattern's subject, predicate or object
_NOT_TERMS = frozenset(
    _OPERATOR_WORDS
    | {"where", "silent", "distinct", "reduced", "as", "limit", "offset", "order", "group"}
    | {"by", "having", "asc", "desc", "from", "named", "construct", "describe", "ask"}
    | {"prefix", "base", "undef", "in"}
)


def count_triple_patterns(tokens: Iterable[Token]) -> int:
    """How many triple patterns the tokens of a query hold (about: keywords aside).

    A pattern ends at each ``.``, ``;`` or ``,`` (and at the closing bracket)
    of a ``{...}`` group or ``[...]`` blank node, after at least one term;
    parentheses (expressions, function calls) hold none.

    Examples
    --------
    >>> count_triple_patterns(tokenize("SELECT * { ?s a ?t ; ex:p ?a, ?b . ?t ex:q [ ex:r 1 ] }"))
    5
    >>> count_triple_patterns(tokenize("SELECT * { ?s ?p ?o FILTER(CONCAT(?a, ?b) = ?o) }"))
    1
    """
    count = 0
    stack: list[tuple[str, bool]] = []  # open brackets, with the pending flag outside them
    pending = False  # a term since the last end of a pattern, at the current level
    for tok in tokens:
        inside = bool(stack) and stack[-1][0] in ("{", "[")
        if tok.kind == "punct" and tok.text in _OPEN:
            stack.append((tok.text, pending))
            pending = False
        elif tok.kind == "punct" and tok.text in _CLOSE:
            if inside and pending:
                count += 1
            pending = stack.pop()[1] if stack else False
            # a [ ... ] blank node is a term of the enclosing pattern
            pending = pending or (tok.text == "]" and bool(stack))
        elif not inside:
            continue
        elif tok.kind == "punct" and tok.text in (".", ";", ","):
            if pending:
                count += 1
            pending = False
        elif tok.kind in ("var", "iri", "string") or (
            tok.kind == "name" and tok.text.lower() not in _NOT_TERMS
        ):
            pending = True
    return count


def _check_size(text: str, tokens: list[Token], limits: QueryLimits) -> None:
    """Refuse a flat but oversized query: too many triple patterns or ``AS`` expressions."""
    patterns = count_triple_patterns(tokens)
    if patterns > limits.max_triple_patterns:
        raise QueryError(
            f"the query has {patterns} triple patterns, over the limit of "
            f"{limits.max_triple_patterns} triple patterns per query; the query engine's "
            "planning time grows steeply with their number (and crashes near 8,000): split "
            "the query, or match many values with VALUES instead of one pattern each"
        )
    expressions = sum(1 for t in tokens if t.kind == "name" and t.text.lower() == "as")
    if expressions > limits.max_expressions:
        raise QueryError(
            f"the query has {expressions} expressions bound with AS (SELECT (... AS ?v), "
            f"BIND), over the limit of {limits.max_expressions} expressions per query; the "
            "query engine cannot evaluate so many safely: split the query"
        )


def check_query(
    text: str,
    *,
    allow_service: Iterable[str] = (),
    prefixes: Mapping[str, str] | None = None,
    limits: QueryLimits | None = None,
) -> None:
    """Refuse a SPARQL query that would call out to other servers or crash the engine.

    Parameters
    ----------
    text : str
        The query.
    allow_service : iterable of str
        Endpoint IRIs a ``SERVICE`` may call (exactly as written after
        resolution of prefixes and BASE).
    prefixes : mapping, optional
        Prefixes predeclared for the query (to resolve ``SERVICE ex:x``).
    limits : QueryLimits, optional
        Size, depth and operator bounds (:class:`QueryLimits` defaults).

    Raises
    ------
    QueryError
        With what was refused, where (line and column) and how to proceed.

    Examples
    --------
    >>> check_query('SELECT * { ?s ?p "SERVICE <http://10.0.0.1/> {}" }')  # a string: fine
    >>> check_query("SELECT * { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: SERVICE (a federated query) at line 1, column 12 is refused ...
    >>> check_query("SELECT * { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }",
    ...             allow_service=["http://10.0.0.1/sparql"])
    >>> check_query("SELECT * WHERE " + "{ " * 5000 + "}" * 5000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: the query nests brackets more than 100 deep (at line 1, column 216); ...
    """
    limits = limits or QueryLimits()
    if len(text) > limits.max_chars:
        raise QueryError(
            f"the query is {len(text)} characters long, over the limit of {limits.max_chars}"
        )
    code = (t for t in tokenize(text) if t.kind != "comment")
    tokens = _check_shape(text, code, limits)
    _check_size(text, tokens, limits)
    _check_outbound(text, tokens, ("service",), allow_service, prefixes)


def check_update(
    text: str,
    *,
    allow_service: Iterable[str] = (),
    prefixes: Mapping[str, str] | None = None,
    limits: QueryLimits | None = None,
) -> None:
    """:func:`check_query` for a SPARQL update, which may also ``LOAD`` a URL.

    Examples
    --------
    >>> check_update("LOAD <http://10.0.0.1/data.ttl>")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: LOAD at line 1, column 1 is refused to <http://10.0.0.1/data.ttl>: ...
    """
    check_query(text, allow_service=allow_service, prefixes=prefixes, limits=limits)
    tokens = [t for t in tokenize(text) if t.kind != "comment"]
    _check_outbound(text, tokens, ("load",), allow_service, prefixes)


def undeclared_prefixes(text: str, prefixes: Mapping[str, str] | None = None) -> list[str]:
    """Prefixes used in the text but declared neither in it nor in ``prefixes``.

    Examples
    --------
    >>> undeclared_prefixes("SELECT * { ?s foo:p ?o ; geo:q ex:r }", {"geo": "https://g/"})
    ['foo', 'ex']
    """
    tokens = [t for t in tokenize(text) if t.kind != "comment"]
    declared, _ = _declarations(tokens)
    known = set(prefixes or ()) | set(declared)
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.kind != "name" or ":" not in tok.text or tok.text.startswith("_:"):
            continue
        if i > 0 and tokens[i - 1].kind == "name" and tokens[i - 1].text.lower() == "prefix":
            continue
        prefix = tok.text.partition(":")[0]
        if prefix[:1].isdigit():
            continue
        if prefix not in known and prefix not in out:
            out.append(prefix)
    return out


def explain_syntax_error(text: str, prefixes: Mapping[str, str] | None = None) -> str | None:
    """A readable reason for a syntax error the engine reports obscurely, or None.

    The engine answers an undeclared prefix with a list of expected characters;
    this names the prefix and the fix.

    Examples
    --------
    >>> print(explain_syntax_error("SELECT * { ?s foo:p ?o }", {"geo": "https://g/"}))
    unknown prefix 'foo:'; declare it (PREFIX foo: <http://...>) or use a predeclared one: geo:
    """
    missing = undeclared_prefixes(text, prefixes)
    if not missing:
        return None
    names = ", ".join(f"'{p}:'" for p in missing)
    first = missing[0]
    known = " ".join(f"{p}:" for p in sorted(prefixes or ()))
    return f"unknown prefix {names}; declare it (PREFIX {first}: <http://...>)" + (
        f" or use a predeclared one: {known}" if known else ""
    )


def run_isolated(func: Callable[[], T]) -> T:
    """``func()`` in a forked child process; a crash of the child becomes a :class:`QueryError`.

    The query engine is native code: a query it cannot handle may kill the
    process (SIGSEGV) with no message at all. Run in a child, such a death is
    reported as an error, and the caller lives on. The result (or the
    exception) comes back pickled. Without ``os.fork`` it runs in-process.

    Examples
    --------
    >>> run_isolated(lambda: sum(range(10)))
    45
    >>> import os
    >>> run_isolated(lambda: os.kill(os.getpid(), signal.SIGKILL))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: the query engine crashed (SIGKILL) while running the query; ...
    """
    if not hasattr(os, "fork"):
        return func()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer through the pipe, then leave without cleanup
        os.close(read_end)
        status = 0
        try:
            try:
                payload = pickle.dumps((True, func()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # every failure goes to the parent
                try:
                    payload = pickle.dumps((False, exc))
                except Exception:
                    payload = pickle.dumps((False, QueryError(f"{type(exc).__name__}: {exc}")))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:  # never return into the parent's code
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    chunks: list[bytes] = []
    try:
        with os.fdopen(read_end, "rb") as inp:
            while chunk := inp.read(1 << 20):
                chunks.append(chunk)
        _, wait_status = os.waitpid(pid, 0)
    except BaseException:  # Ctrl-C: take the child down too
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        raise
    if os.WIFSIGNALED(wait_status):
        sig = os.WTERMSIG(wait_status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        raise QueryError(
            f"the query engine crashed ({name}) while running the query; nothing was "
            "changed. Simplify the query (a smaller or less nested query, a LIMIT)"
        )
    try:
        ok, value = pickle.loads(b"".join(chunks))
    except Exception as exc:
        raise QueryError(
            f"the query process ended without an answer (exit status "
            f"{os.waitstatus_to_exitcode(wait_status)})"
        ) from exc
    if not ok:
        raise value
    return value


def run_checked(
    open_store: Callable[[], Any],
    sparql: str,
    *,
    allow_service: Iterable[str] = (),
    prefixes: Mapping[str, str] | None = None,
    isolate: bool = True,
) -> Any:
    """Check a query (:func:`check_query`), then run it on a store opened by ``open_store()``.

    The store is opened and queried in a child process (:func:`run_isolated`)
    unless ``isolate`` is False. A syntax error caused by an undeclared prefix
    is reported by name (:func:`explain_syntax_error`).

    Returns
    -------
    kg.store.QueryResult
        What the store's ``query`` returns.

    Raises
    ------
    QueryError
        When the query is refused, invalid, fails or crashes the engine.
    """
    allowed = tuple(allow_service)
    check_query(sparql, allow_service=allowed, prefixes=prefixes)

    def work() -> Any:
        with open_store() as store:
            try:
                return store.query(sparql)
            except QueryError as exc:
                reason = explain_syntax_error(sparql, prefixes) if "syntax" in str(exc) else None
                if reason is None:
                    raise
                raise QueryError(f"SPARQL syntax error: {reason}") from None

    return run_isolated(work) if isolate else work()

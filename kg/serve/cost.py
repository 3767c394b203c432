"""A cost estimate of a SPARQL query, made before it takes a worker (``kg serve``).

The estimate reads the query's tokens (:func:`kg.sparqlguard.tokenize`), not
the store: it cannot know how many rows a pattern matches, only the shapes
that make a query's work grow with the *product* of the store's size rather
than its size. A query is **heavy** when it has

* a **cross product**: patterns that fall into parts sharing no variable
  (``{ ?a ?b ?c . ?d ?e ?f }`` pairs every triple with every triple), an
  ``OPTIONAL`` sharing none with the rest included (variables of ``FILTER``,
  ``BIND``, ``MINUS`` and ``EXISTS`` join nothing; the two sides of a
  ``UNION`` count as one part);
* a **transitive path** (``+`` or ``*`` after a predicate), which walks the
  whole graph from every start; or
* more than :data:`HEAVY_PATTERNS` triple patterns.

Everything else is **cheap**. A query is **bounded** when it has a
``LIMIT``. The endpoint runs heavy queries in their own lane of workers (so
they cannot take the workers cheap queries need), limits how many one client
runs at once, and gives unbounded heavy ones a shorter time limit. A query
estimated cheap that runs long anyway is caught at run time
(:class:`kg.serve.pool.WorkerPool`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.sparqlguard import Token, count_triple_patterns, tokenize

__all__ = ["HEAVY_PATTERNS", "Cost", "estimate"]

#: more triple patterns than this make a query heavy (join planning grows steeply)
HEAVY_PATTERNS = 16

_KEYWORDS_OUT = frozenset({"filter", "minus", "bind", "exists"})  # their variables join nothing


@dataclass(frozen=True)
class Cost:
    """What :func:`estimate` found.

    Attributes
    ----------
    heavy : bool
        The query may do work growing faster than the store (see module docs).
    bounded : bool
        The query has a ``LIMIT``.
    reason : str
        Why it is heavy (empty when cheap), for messages.
    """

    heavy: bool
    bounded: bool
    reason: str = ""


@dataclass
class _Group:
    """One ``{...}`` group being read: its parts, each a set of variables."""

    parts: list[set[str]] = field(default_factory=list)
    current: set[str] = field(default_factory=set)
    graph: bool = False  # after GRAPH: the next sub-group joins its name variable
    union: bool = False  # after UNION: the next sub-group is one part with the previous
    skip_next: bool = False  # FILTER / MINUS / BIND / EXISTS: the next bracket joins nothing
    projection: bool = False  # between a subquery's SELECT and its WHERE group
    last_child: int = -1  # where the parts of the last sub-group start

    def end_part(self) -> None:
        if self.current:
            self.parts.append(self.current)
        self.current = set()


def _components(parts: list[set[str]]) -> int:
    """How many variable-connected groups ``parts`` fall into."""
    groups: list[set[str]] = []
    for part in parts:
        joined = [g for g in groups if g & part]
        merged = set(part).union(*joined)
        groups = [g for g in groups if not g & part] + [merged]
    return len(groups)


def _adopt(parent: _Group, closed: _Group) -> None:
    """Hand a closed sub-group's parts to its parent (groups join across nesting)."""
    closed.end_part()
    parts = [p for p in closed.parts if p]
    if not parts:
        return  # VALUES data, an empty group: nothing to join
    if parent.graph:  # GRAPH ?g { ... }: ?g joins the group's patterns
        parts[0] |= parent.current
        parent.current = set()
    else:
        parent.end_part()
    if parent.union and parent.last_child >= 0:  # {A} UNION {B}: one part, both sides
        merged = set().union(*parent.parts[parent.last_child :], *parts)
        del parent.parts[parent.last_child :]
        parts = [merged]
    parent.last_child = len(parent.parts)
    parent.parts.extend(parts)
    parent.graph = parent.union = False


def _cross_product(tokens: list[Token]) -> bool:
    """Whether the query's patterns fall into parts that share no variable."""
    top = _Group()
    frames: list[tuple[str, _Group | None, bool]] = [("", top, False)]  # bracket, group, skip
    for tok in tokens:
        group = frames[-1][1]
        skipped = any(skip for _, _, skip in frames)
        if tok.kind == "punct" and tok.text in ("{", "(", "[", "<<"):
            skip = bool(group and group.skip_next)
            if group is not None:
                group.skip_next = False
                if tok.text == "{":
                    group.projection = False
            frames.append((tok.text, _Group() if tok.text == "{" else None, skip))
        elif tok.kind == "punct" and tok.text in ("}", ")", "]", ">>"):
            if len(frames) < 2:
                continue
            _, closed, skip = frames.pop()
            parent = next(g for _, g, _ in reversed(frames) if g is not None)
            if closed is not None and not skip:
                _adopt(parent, closed)
        elif tok.kind == "var":
            owner = next(g for _, g, _ in reversed(frames) if g is not None)
            if not skipped and not owner.projection:
                owner.current.add(tok.text[1:])
        elif group is not None and tok.kind == "punct" and tok.text == ".":
            group.end_part()
        elif group is not None and tok.kind == "name":
            word = tok.text.lower()
            if word == "union":
                group.union = True
            elif word == "graph":
                group.graph = True
            elif word == "select" and len(frames) > 1:
                group.projection = True  # a subquery's projection: its WHERE binds those
            elif word in _KEYWORDS_OUT:
                group.skip_next = True
    top.end_part()
    return _components([p for p in top.parts if p]) > 1


def _transitive_path(tokens: list[Token]) -> bool:
    """A ``+`` or ``*`` right after a predicate (IRI, prefixed name, ``a`` or ``)``) in a group."""
    stack: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.kind == "punct" and tok.text in ("{", "(", "[", "<<"):
            stack.append(tok.text)
        elif tok.kind == "punct" and tok.text in ("}", ")", "]", ">>"):
            if stack:
                stack.pop()
        elif tok.kind == "punct" and tok.text in ("+", "*") and i > 0:
            prev = tokens[i - 1]
            in_pattern = "{" in stack and stack[-1] in ("{", "(", "[")
            after_predicate = prev.kind == "iri" or (
                prev.kind == "name" and (":" in prev.text or prev.text == "a")
            )
            # in an expression ( ?x + 1 ) the + follows a variable or number instead
            if in_pattern and (after_predicate or (prev.text == ")" and stack[-1] != "(")):
                return True
    return False


def estimate(query: str) -> Cost:
    """The cost estimate of a query (see the module docs).

    Examples
    --------
    >>> estimate("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }").reason
    'a cross product (parts of a group that share no variable)'
    >>> estimate("SELECT ?s WHERE { ?s a geo:Event ; geo:source ?x } LIMIT 5")
    Cost(heavy=False, bounded=True, reason='')
    >>> estimate("SELECT * { ?a geo:allyOf+ ?b }").heavy
    True
    """
    tokens = [t for t in tokenize(query) if t.kind != "comment"]
    bounded = any(t.kind == "name" and t.text.lower() == "limit" for t in tokens)
    reason = ""
    if (n := count_triple_patterns(tokens)) > HEAVY_PATTERNS:
        reason = f"{n} triple patterns (more than {HEAVY_PATTERNS})"
    elif _transitive_path(tokens):
        reason = "a transitive property path (+ or *)"
    elif _cross_product(tokens):
        reason = "a cross product (parts of a group that share no variable)"
    return Cost(heavy=bool(reason), bounded=bounded, reason=reason)

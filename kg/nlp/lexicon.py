"""The trigger lexicon of the relation extractor, read from ``ontology/lexicon.ttl``.

The lexicon says which lemmas express which relation and where their
arguments are (see the comments at the top of ``lexicon.ttl``). Users add
triggers by adding Turtle, never by editing this module.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import ConfigError

__all__ = ["LEX", "Lexicon", "Trigger", "load_lexicon"]

#: namespace of the lexicon-specific terms.
LEX = "https://w3id.org/geokg/lexicon#"
_GEO = "https://w3id.org/geokg/ontology#"


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a relation, a part of speech and how to find the arguments."""

    relation: str
    pos: str
    lemmas: frozenset[str]
    via: tuple[str, ...] = ("dobj",)
    objects: frozenset[str] = frozenset()
    source_via: tuple[str, ...] = ()
    reciprocal: bool = False
    confidence: float = 0.8
    requires: tuple[str, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class Lexicon:
    """Triggers indexed by (part of speech, lemma), and the function-word classes.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> sorted({t.relation for t in lex.lookup("VERB", "back")})
    ['supports']
    >>> "deny" in lex.negators
    True
    """

    triggers: dict[tuple[str, str], tuple[Trigger, ...]]
    patterns: tuple[tuple[tuple[str, ...], str], ...] = ()
    light_verbs: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()
    intent_verbs: frozenset[str] = frozenset()
    possible_verbs: frozenset[str] = frozenset()
    directives: frozenset[str] = frozenset()
    source: str = field(default="", compare=False)

    def lookup(self, pos: str, lemma: str) -> tuple[Trigger, ...]:
        """Entries for a lemma used as ``pos`` (``VERB``, ``NOUN`` or ``ADJ``)."""
        return self.triggers.get((pos, lemma), ())

    @property
    def relations(self) -> frozenset[str]:
        """Relation names that have at least one trigger."""
        return frozenset(t.relation for ts in self.triggers.values() for t in ts)


def _bundled() -> Path:
    return Path(str(resources.files("kg.ontology").joinpath("lexicon.ttl")))


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The bundled lexicon (``ontology/lexicon.ttl``), extended by the Turtle file
    ``path`` when given; cached."""
    import rdflib
    from rdflib.namespace import RDF

    files = [_bundled()]
    if path:
        extra = Path(path)
        if not extra.is_file():
            raise ConfigError(
                f"lexicon file {str(extra)!r} not found; give a Turtle file or omit it"
            )
        # a user lexicon extends the bundled one (same entry IRIs replace nothing:
        # triggers are additive)
        files.append(extra)
    file = files[-1]
    graph = rdflib.Graph()
    for f in files:
        try:
            graph.parse(f, format="turtle")
        except Exception as exc:  # rdflib raises many parser exception types
            raise ConfigError(f"lexicon {str(f)!r} is not valid Turtle: {exc}") from None

    lex = rdflib.Namespace(LEX)
    geo = rdflib.Namespace(_GEO)

    def strings(node: rdflib.term.Node, prop: rdflib.URIRef) -> list[str]:
        return sorted(str(o).lower() for o in graph.objects(node, prop))

    def words(cls: rdflib.URIRef) -> frozenset[str]:
        return frozenset(w for s in graph.subjects(RDF.type, cls) for w in strings(s, geo.lexeme))

    index: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    for node in sorted(graph.subjects(RDF.type, geo.Trigger), key=str):
        rel = graph.value(node, geo.triggerRelation)
        pos = graph.value(node, geo.triggerPos)
        if rel is None or pos is None:
            raise ConfigError(f"lexicon entry {node} needs geo:triggerRelation and geo:triggerPos")
        conf = graph.value(node, lex.confidence)
        recip = graph.value(node, lex.reciprocal)
        trigger = Trigger(
            relation=str(rel).rsplit("#", 1)[-1],
            pos=str(pos).upper(),
            lemmas=frozenset(strings(node, geo.lexeme)),
            via=tuple(strings(node, lex.via)) or ("dobj",),
            objects=frozenset(strings(node, lex.object)),
            source_via=tuple(strings(node, lex.sourceVia)),
            reciprocal=str(recip).lower() == "true",
            confidence=float(str(conf)) if conf is not None else 0.8,
            requires=tuple(strings(node, lex.requires)),
            name=str(node).rsplit("#", 1)[-1],
        )
        for lemma in trigger.lemmas:
            index[(trigger.pos, lemma)].append(trigger)

    patterns = []
    for node in sorted(graph.subjects(RDF.type, lex.Pattern), key=str):
        rel = graph.value(node, geo.triggerRelation)
        if rel is None:
            raise ConfigError(f"lexicon pattern {node} needs geo:triggerRelation")
        for phrase in strings(node, geo.lexeme):
            patterns.append((tuple(phrase.split()), str(rel).rsplit("#", 1)[-1]))

    return Lexicon(
        triggers={k: tuple(v) for k, v in index.items()},
        patterns=tuple(patterns),
        light_verbs=words(lex.LightVerb),
        negators=words(lex.Negator),
        intent_verbs=words(lex.IntentVerb),
        possible_verbs=words(lex.PossibleVerb),
        directives=words(lex.Directive),
        source=str(file),
    )

"""RDF mapping: articles and their relations as quads, following ``ontology/README.md``.

One named graph per article (the article IRI) holding the article with its
provenance, one event node per relation (``geo:Interaction``) and a shortcut
triple (``act:EGY geo:supports act:khalifa_haftar``) for each asserted,
non-negated relation. The descriptions of the actors and places the article
mentions go to the shared actors graph (:func:`actors_graph_iri`), where the
store keeps each one once. Quads are pyoxigraph terms, because the store is
Oxigraph; :func:`to_rdflib_dataset` converts for rdflib users.

Examples
--------
>>> from kg.model import Actor, Article, Relation
>>> egy = Actor("EGY", "Egypt", "State", "EGY", qid="Q79")
>>> haf = Actor("khalifa_haftar", "Khalifa Haftar", "Person", "LBY")
>>> art = Article(id="seed", text="Egypt backs Haftar.", date="2019-12-14")
>>> quads = article_quads(art, [Relation("seed", "supports", egy, haf)])
>>> shortcut = [q for q in quads if q.predicate.value.endswith("#supports")]
>>> shortcut[0].subject.value, shortcut[0].object.value
('https://w3id.org/geokg/actor/EGY', 'https://w3id.org/geokg/actor/khalifa_haftar')
>>> shortcut[0].graph_name.value
'https://w3id.org/geokg/article/seed'
>>> sorted({q.graph_name.value.rsplit("/", 2)[-2] for q in quads})  # article and actors graphs
['article', 'graph']
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    parse,
    serialize,
)

from kg import __version__
from kg.errors import ConfigError, InputError
from kg.model import ACTOR_TYPES, Actor, Article, Place, Relation
from kg.vocab import DEFAULT_BASE, GEO, GEO_IRI, MODALITY_TERMS, relation_types

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "DESCRIPTION_PREDICATES",
    "EXTRACTOR",
    "KINDS",
    "NAMESPACES",
    "actor_iri",
    "actor_quads",
    "actors_graph_iri",
    "article_iri",
    "article_quads",
    "date_literal",
    "event_iri",
    "mint_iri",
    "namespaces",
    "place_iri",
    "place_quads",
    "read_turtle",
    "summary_graph_iri",
    "to_nquads",
    "to_rdflib_dataset",
    "to_rdflib_term",
    "validate_base",
]

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
OWL_SAME_AS = NamedNode("http://www.w3.org/2002/07/owl#sameAs")
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
WD = "http://www.wikidata.org/entity/"

XSD_DATE = NamedNode(XSD + "date")
XSD_GYEARMONTH = NamedNode(XSD + "gYearMonth")
XSD_DECIMAL = NamedNode(XSD + "decimal")
XSD_INTEGER = NamedNode(XSD + "integer")
XSD_BOOLEAN = NamedNode(XSD + "boolean")
XSD_ANYURI = NamedNode(XSD + "anyURI")

#: the kinds of node a base IRI mints: ``{base}{kind}/{name}``.
KINDS = ("actor", "event", "article", "graph", "summary", "place")

#: the software that wrote an article graph (``geo:extractor`` on every article).
EXTRACTOR = f"geokg {__version__}"

#: predicates of an actor description (in the actors graph, never in article graphs).
DESCRIPTION_PREDICATES: frozenset[str] = frozenset(
    {
        RDF_TYPE.value,
        RDFS_LABEL.value,
        OWL_SAME_AS.value,
        GEO_IRI + "country",
        GEO_IRI + "iso3",
        GEO_IRI + "sector",
        GEO_IRI + "geonames",
    }
)

#: fixed vocabularies, by prefix (the data prefixes depend on the base: see :func:`namespaces`).
NAMESPACES: dict[str, str] = {
    "geo": GEO_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": PROV,
    "org": "http://www.w3.org/ns/org#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "dcterms": DCT,
    "schema": SCHEMA,
    "wd": WD,
}

_DATE_RE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_QID_RE = re.compile(r"^Q[1-9][0-9]*$")
# Unreserved URI characters survive as they are; everything else (spaces,
# quotes, <>{}|\^`, non-Latin scripts, emoji) is percent-encoded from UTF-8, so
# minting is injective and the result is plain ASCII that no syntax can break.
_SAFE = "-._~"


@functools.cache
def geo(name: str) -> NamedNode:
    """``geo:<name>`` as a pyoxigraph node, from the closed namespace :class:`kg.vocab.GEO`
    or the relation types of ``geokg.ttl`` (users may add some): a name the ontology
    does not declare raises instead of minting a wrong IRI.

    Examples
    --------
    >>> geo("supports").value
    'https://w3id.org/geokg/ontology#supports'
    >>> geo("suports")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AttributeError: ...
    """
    if name in relation_types():
        return NamedNode(GEO_IRI + name)
    return NamedNode(str(getattr(GEO, name)))


def read_turtle(path: str | Path, *, what: str = "Turtle file") -> list[tuple[str, str, str, str]]:
    """The triples of a Turtle file as plain strings, for the readers of ``ontology/``.

    Each triple is ``(subject, predicate, object, kind)``: subjects and objects
    are IRIs, or ``"_:id"`` for blank nodes (renamed apart per file); ``kind``
    of the object is ``"iri"``, ``"blank"`` or ``"literal"`` (its lexical value).

    Raises
    ------
    InputError
        When the file does not exist or is not valid Turtle; ``what`` names it
        in the message ("actor file 'x.ttl' is not valid Turtle: …").

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.ttl"
    >>> _ = f.write_text('<http://e/a> <http://e/p> "x", [ <http://e/q> <http://e/b> ] .')
    >>> sorted(t[3] for t in read_turtle(f))
    ['blank', 'iri', 'literal']
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what} {str(path)!r} does not exist; pass a Turtle (.ttl) file")
    try:
        triples = list(parse(path=path, format=RdfFormat.TURTLE, rename_blank_nodes=True))
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"{what} {str(path)!r} is not valid Turtle: {exc}") from None
    out: list[tuple[str, str, str, str]] = []
    for t in triples:
        s, o = t.subject, t.object
        subject = "_:" + s.value if isinstance(s, BlankNode) else s.value
        if isinstance(o, BlankNode):
            out.append((subject, t.predicate.value, "_:" + o.value, "blank"))
        elif isinstance(o, NamedNode):
            out.append((subject, t.predicate.value, o.value, "iri"))
        else:
            out.append((subject, t.predicate.value, o.value, "literal"))
    return out


def validate_base(base: str) -> str:
    """Check a base IRI: absolute http(s) or urn, ending with ``/`` or ``#``.

    Raises
    ------
    ConfigError
        With the bad value and an example of a good one.

    Examples
    --------
    >>> validate_base("https://example.org/kg/")
    'https://example.org/kg/'
    >>> validate_base("example.org")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.ConfigError: bad base IRI 'example.org': expected an absolute http(s) IRI ...
    """
    hint = (
        f"bad base IRI {base!r}: expected an absolute http(s) IRI ending with '/' or '#', "
        f"e.g. {DEFAULT_BASE}"
    )
    if not isinstance(base, str) or not base.endswith(("/", "#")):
        raise ConfigError(hint)
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(hint)
    if any(c in base for c in ' <>"{}|\\^`') or any(ord(c) < 0x21 for c in base):
        raise ConfigError(hint)
    try:
        NamedNode(base)
    except ValueError as exc:
        raise ConfigError(hint) from exc
    return base


def _clean(text: str) -> str:
    # Lone surrogates (from badly decoded input) cannot be written as UTF-8.
    return text.encode("utf-8", "replace").decode("utf-8")


def _encode(name: str) -> str:
    # Lone surrogates are encoded as their own bytes ("surrogatepass") rather than
    # replaced by "?", which would give "\ud800" and "?" the same IRI.
    name = unicodedata.normalize("NFC", name)
    encoded = quote(name, safe=_SAFE, errors="surrogatepass") if name else "_"
    # A local name ending in "." is written "p:a\." in Turtle, which is valid but
    # rdflib cannot read it back; "%2E" at the end keeps every export readable.
    return encoded[:-1] + "%2E" if encoded.endswith(".") else encoded


def mint_iri(base: str, kind: str, name: str) -> str:
    """A safe IRI ``{base}{kind}/{name}`` for any name: the same name, the same IRI.

    Unreserved characters are kept; everything else is percent-encoded from
    UTF-8 (after NFC normalization), so distinct names give distinct IRIs and
    quotes, spaces, ``<>{}|\\^``, newlines or non-Latin scripts never break
    Turtle, N-Triples or SPARQL. The empty name mints ``_``.

    Examples
    --------
    >>> mint_iri("https://w3id.org/geokg/", "actor", "khalifa_haftar")
    'https://w3id.org/geokg/actor/khalifa_haftar'
    >>> mint_iri("https://w3id.org/geokg/", "actor", 'a "b" <c>')
    'https://w3id.org/geokg/actor/a%20%22b%22%20%3Cc%3E'
    >>> mint_iri("https://w3id.org/geokg/", "actor", "حفتر")
    'https://w3id.org/geokg/actor/%D8%AD%D9%81%D8%AA%D8%B1'
    """
    if kind not in KINDS:
        raise ConfigError(f"unknown IRI kind {kind!r}; expected one of {', '.join(KINDS)}")
    return f"{base}{kind}/{_encode(name)}"


def namespaces(base: str = DEFAULT_BASE) -> dict[str, str]:
    """All prefixes for a base: the fixed vocabularies plus ``act:``, ``ev:``, ``art:``.

    Examples
    --------
    >>> namespaces("https://example.org/")["act"]
    'https://example.org/actor/'
    """
    out = dict(NAMESPACES)
    out.update(act=f"{base}actor/", ev=f"{base}event/", art=f"{base}article/")
    return out


def actor_iri(actor: Actor | str, base: str = DEFAULT_BASE) -> NamedNode:
    """IRI of an actor (``act:<id>``) from an :class:`Actor` or its id."""
    return NamedNode(mint_iri(base, "actor", actor if isinstance(actor, str) else actor.id))


def article_iri(article: Article | str, base: str = DEFAULT_BASE) -> NamedNode:
    """IRI of an article, also the name of its graph (``art:<id>``)."""
    return NamedNode(mint_iri(base, "article", article if isinstance(article, str) else article.id))


def summary_graph_iri(base: str = DEFAULT_BASE) -> NamedNode:
    """The graph of derived per-pair evidence counts (``{base}graph/summary``)."""
    return NamedNode(mint_iri(base, "graph", "summary"))


def actors_graph_iri(base: str = DEFAULT_BASE) -> NamedNode:
    """The graph of actor and place descriptions, each stored once (``{base}graph/actors``).

    Examples
    --------
    >>> actors_graph_iri().value
    'https://w3id.org/geokg/graph/actors'
    """
    return NamedNode(mint_iri(base, "graph", "actors"))


def place_iri(place: Place, base: str = DEFAULT_BASE) -> NamedNode:
    """IRI of a place: ``{base}place/<geonames id>``, else from its label and country.

    Examples
    --------
    >>> place_iri(Place("Kharkiv", "UKR", 706483)).value
    'https://w3id.org/geokg/place/706483'
    >>> place_iri(Place("Sirte", "LBY")).value
    'https://w3id.org/geokg/place/Sirte%40LBY'
    """
    if place.geonames is not None:
        return NamedNode(mint_iri(base, "place", str(int(place.geonames))))
    name = place.label + (f"@{place.country}" if place.country else "")
    return NamedNode(mint_iri(base, "place", name))


def event_iri(article_id: str, relation: Relation, base: str = DEFAULT_BASE) -> NamedNode:
    """Deterministic IRI of a relation's event node: a hash of the article id and the
    relation's identity, so rebuilding an article gives the same IRIs.

    Examples
    --------
    >>> from kg.model import Actor, Relation
    >>> r = Relation("a1", "supports", Actor("EGY", "Egypt"), Actor("LBY", "Libya"))
    >>> event_iri("a1", r) == event_iri("a1", r)
    True
    """
    span = relation.evidence.span if relation.evidence else (-1, -1)
    key = "\x1f".join(
        [
            article_id,
            relation.relation,
            relation.source.id,
            relation.target.id,
            str(relation.negated),
            relation.modality,
            f"{span[0]}:{span[1]}",
            relation.role or "",
        ]
    )
    digest = hashlib.sha1(_clean(key).encode("utf-8")).hexdigest()[:20]
    return NamedNode(f"{base}event/{digest}")


def date_literal(value: str | None) -> Literal | None:
    """A day as ``xsd:date``, a month (``YYYY-MM``) as ``xsd:gYearMonth``; None for
    anything else, which is left out rather than written as an invalid literal
    (ingestion reports absurd dates).

    Examples
    --------
    >>> date_literal("2020-07").datatype.value, date_literal("2020-07-14").datatype.value
    ('http://www.w3.org/2001/XMLSchema#gYearMonth', 'http://www.w3.org/2001/XMLSchema#date')
    >>> date_literal("2020-13") is None, date_literal("July") is None
    (True, True)
    """
    if not value or not _DATE_RE.match(value):
        return None
    try:
        dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return None
    return Literal(value, datatype=XSD_DATE if len(value) == 10 else XSD_GYEARMONTH)


def _text(value: str) -> Literal:
    return Literal(_clean(value))


def actor_quads(
    actor: Actor, graph: NamedNode | None = None, base: str = DEFAULT_BASE
) -> list[Quad]:
    """The description of one actor: type, label, country, ISO code (states), CAMEO
    sector, Wikidata link; in ``graph`` (default: the actors graph).

    Examples
    --------
    >>> from kg.model import Actor
    >>> len(actor_quads(Actor("EGY", "Egypt", "State", "EGY", qid="Q79")))
    5
    >>> mil = Actor("ISR_MIL", "Israeli military", "Group", "ISR", sector="MIL")
    >>> [q.object.value for q in actor_quads(mil) if q.predicate.value.endswith("sector")]
    ['MIL']
    """
    graph = actors_graph_iri(base) if graph is None else graph
    node = actor_iri(actor, base)
    kind = actor.type if actor.type in ACTOR_TYPES else "Group"
    out = [
        Quad(node, RDF_TYPE, geo(kind), graph),
        Quad(node, RDFS_LABEL, _text(actor.label), graph),
    ]
    if actor.country:
        out.append(Quad(node, geo("country"), actor_iri(actor.country, base), graph))
    if kind == "State" and (actor.country or len(actor.id) == 3):
        out.append(Quad(node, geo("iso3"), Literal(actor.country or actor.id), graph))
    if actor.sector:
        out.append(Quad(node, geo("sector"), _text(actor.sector), graph))
    if actor.qid and _QID_RE.match(actor.qid):
        out.append(Quad(node, OWL_SAME_AS, NamedNode(WD + actor.qid), graph))
    return out


def place_quads(
    place: Place, graph: NamedNode | None = None, base: str = DEFAULT_BASE
) -> list[Quad]:
    """The description of a place (``geo:Place``: label, country, GeoNames id).

    Examples
    --------
    >>> len(place_quads(Place("Kharkiv", "UKR", 706483)))
    4
    """
    graph = actors_graph_iri(base) if graph is None else graph
    node = place_iri(place, base)
    out = [
        Quad(node, RDF_TYPE, geo("Place"), graph),
        Quad(node, RDFS_LABEL, _text(place.label), graph),
    ]
    if place.country:
        out.append(Quad(node, geo("country"), actor_iri(place.country, base), graph))
    if place.geonames is not None:
        out.append(
            Quad(
                node,
                geo("geonames"),
                Literal(str(int(place.geonames)), datatype=XSD_INTEGER),
                graph,
            )
        )
    return out


def article_quads(
    article: Article, relations: Sequence[Relation], *, base: str = DEFAULT_BASE
) -> list[Quad]:
    """All quads of one article: its named graph, and the descriptions of the actors
    and places it mentions in the actors graph (see ``ontology/README.md``).

    Parameters
    ----------
    article : Article
        The article; its IRI names the graph.
    relations : sequence of Relation
        The relations read from it. Exact duplicates (same event IRI) are written once.
    base : str
        Base IRI of actors, events and articles.

    Raises
    ------
    InputError
        When a relation name or modality is not in the vocabulary.

    Examples
    --------
    >>> from kg.model import Actor, Article, Relation
    >>> a = Article(id="x", text="…", title='He said "no"')
    >>> r = Relation("x", "attacks", Actor("RUS", "Russia", "State", "RUS"),
    ...              Actor("UKR", "Ukraine", "State", "UKR"), negated=True)
    >>> qs = article_quads(a, [r])
    >>> any(q.predicate.value.endswith("#attacks") for q in qs)  # negated: no shortcut
    False
    """
    rts = relation_types()
    g = article_iri(article, base)
    art = g
    out: list[Quad] = [
        Quad(art, RDF_TYPE, geo("Article"), g),
        Quad(art, RDF_TYPE, NamedNode(PROV + "Entity"), g),
    ]
    if article.title:
        out.append(Quad(art, NamedNode(DCT + "title"), _text(article.title), g))
    art_date = date_literal(article.date)
    if art_date is not None:
        out.append(Quad(art, NamedNode(DCT + "date"), art_date, g))
    if article.location:
        out.append(Quad(art, NamedNode(DCT + "source"), _text(article.location), g))
    if article.source:
        out.append(Quad(art, NamedNode(DCT + "publisher"), _text(article.source), g))
    out.append(Quad(art, geo("digest"), Literal(article.digest), g))
    out.append(Quad(art, geo("extractor"), Literal(EXTRACTOR), g))
    if article.url:
        out.append(
            Quad(
                art, NamedNode(SCHEMA + "url"), Literal(_clean(article.url), datatype=XSD_ANYURI), g
            )
        )

    actors: dict[str, Actor] = {}
    places: dict[str, Place] = {}
    seen: set[str] = set()
    for rel in relations:
        rt = rts.get(rel.relation)
        if rt is None:
            raise InputError(
                f"unknown relation {rel.relation!r} in article {article.id!r}; expected one of "
                f"{', '.join(rts)} (add new types to ontology/geokg.ttl)"
            )
        modality = MODALITY_TERMS.get(rel.modality)
        if modality is None:
            raise InputError(
                f"unknown modality {rel.modality!r} in article {article.id!r}; "
                f"expected one of {', '.join(MODALITY_TERMS)}"
            )
        ev = event_iri(article.id, rel, base)
        if ev.value in seen:
            continue
        seen.add(ev.value)
        src, tgt = actor_iri(rel.source, base), actor_iri(rel.target, base)
        actors.setdefault(rel.source.id, rel.source)
        actors.setdefault(rel.target.id, rel.target)
        out += [
            Quad(ev, RDF_TYPE, geo("Interaction"), g),
            Quad(ev, RDF_TYPE, NamedNode(PROV + "Entity"), g),
            Quad(ev, geo("source"), src, g),
            Quad(ev, geo("target"), tgt, g),
            Quad(ev, geo("relation"), geo(rel.relation), g),
            Quad(
                ev,
                geo("negated"),
                Literal("true" if rel.negated else "false", datatype=XSD_BOOLEAN),
                g,
            ),
            Quad(ev, geo("modality"), NamedNode(str(modality)), g),
            Quad(ev, geo("confidence"), _confidence(rel.confidence), g),
            Quad(ev, NamedNode(PROV + "wasDerivedFrom"), art, g),
        ]
        date = date_literal(rel.date) or art_date
        if date is not None:
            out.append(Quad(ev, geo("date"), date, g))
        cameo = rel.cameo or rt.cameo
        plover = rel.plover or rt.plover
        if cameo:
            out.append(Quad(ev, geo("cameo"), Literal(cameo), g))
        if plover:
            out.append(Quad(ev, geo("plover"), Literal(plover), g))
        if rel.role:
            out.append(Quad(ev, geo("role"), _text(rel.role), g))
        if rel.place is not None and rel.place.label:
            where = place_iri(rel.place, base)
            places.setdefault(where.value, rel.place)
            out.append(Quad(ev, geo("place"), where, g))
        if rel.evidence is not None:
            out += [
                Quad(ev, geo("sentence"), _text(rel.evidence.sentence), g),
                Quad(
                    ev,
                    geo("spanStart"),
                    Literal(str(int(rel.evidence.span[0])), datatype=XSD_INTEGER),
                    g,
                ),
                Quad(
                    ev,
                    geo("spanEnd"),
                    Literal(str(int(rel.evidence.span[1])), datatype=XSD_INTEGER),
                    g,
                ),
            ]
            if rel.evidence.speaker is not None:
                out.append(Quad(ev, geo("speaker"), actor_iri(rel.evidence.speaker, base), g))
                actors.setdefault(rel.evidence.speaker.id, rel.evidence.speaker)
        if rel.asserted:
            out.append(Quad(src, geo(rel.relation), tgt, g))

    shared = actors_graph_iri(base)
    for actor in actors.values():
        out += actor_quads(actor, shared, base)
    for place in places.values():
        out += place_quads(place, shared, base)
    # Shortcuts repeat when two sentences state the same fact: write each once.
    return list(dict.fromkeys(out))


def _confidence(value: float) -> Literal:
    value = min(1.0, max(0.0, float(value))) if value == value else 0.0  # NaN → 0
    return Literal(f"{value:.3f}".rstrip("0").rstrip(".") or "0", datatype=XSD_DECIMAL)


def to_nquads(quads: Iterable[Quad]) -> bytes:
    """Quads serialized as N-Quads (the shards of the Dask build engine).

    Examples
    --------
    >>> from kg.model import Article
    >>> len(to_nquads(article_quads(Article(id="a", text="t"), [])).splitlines())
    4
    """
    return serialize(quads, format=RdfFormat.N_QUADS) or b""


def to_rdflib_dataset(quads: Iterable[Quad], base: str = DEFAULT_BASE) -> rdflib.Dataset:
    """Copy pyoxigraph quads into an rdflib Dataset (named graphs kept).

    Examples
    --------
    >>> from kg.model import Article
    >>> ds = to_rdflib_dataset(article_quads(Article(id="a", text="t", title="T"), []))
    >>> [len(g) for g in ds.graphs() if len(g)]  # the article's graph: 5 triples
    [5]
    """
    import rdflib

    ds = rdflib.Dataset()
    for prefix, iri in namespaces(base).items():
        ds.bind(prefix, iri, override=True, replace=True)
    for q in quads:
        s, p, o = to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)
        if isinstance(q.graph_name, DefaultGraph):
            ds.add((s, p, o))
        else:
            ds.add((s, p, o, ds.graph(to_rdflib_term(q.graph_name))))  # type: ignore[arg-type]
    return ds


def to_rdflib_term(term: object) -> rdflib.term.Node:
    """A pyoxigraph term as an rdflib term.

    Examples
    --------
    >>> to_rdflib_term(NamedNode("https://w3id.org/geokg/actor/EGY"))
    rdflib.term.URIRef('https://w3id.org/geokg/actor/EGY')
    """
    import rdflib

    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == XSD + "string":
            # rdflib keeps plain and xsd:string literals apart; parsers give plain ones.
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r} to rdflib")

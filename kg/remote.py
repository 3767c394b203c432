"""A store on a SPARQL 1.1 server: the same interface as :class:`kg.store.Store`.

``--store http(s)://…`` on every command opens a :class:`RemoteStore`
(through :func:`kg.store.open_store`). It speaks the SPARQL 1.1 Protocol (query,
update) and the Graph Store Protocol (GSP) to any server that has them:

============  ========================  ==================  ================
server        query                     update              graph store
============  ========================  ==================  ================
Oxigraph      ``/query``                ``/update``         ``/store``
Jena Fuseki   ``/DATASET/sparql``       ``/DATASET/update`` ``/DATASET/data``
============  ========================  ==================  ================

Give the server root (``http://host:7878``, Oxigraph layout) or the dataset
(``http://host:3030/ds``, Fuseki layout), or set each URL explicitly.

Writing an article PUTs its named graph (N-Triples) through the GSP, then one
SPARQL update recomputes the pair summaries it touches from the data (so a
write interrupted between the two is healed by writing the article again).
Batches (:meth:`RemoteStore.add_extractions`, :meth:`RemoteStore.load_nquads`)
drop their graphs in one update and POST all their quads as one N-Quads body.
Queries see the union of all graphs as the default graph, as in the embedded
store (Oxigraph: the ``union-default-graph`` parameter; Fuseki:
``urn:x-arq:UnionGraph``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests

from kg.errors import ConfigError, QueryError, StoreError
from kg.model import Article, Relation
from kg.rdf import article_iri, article_quads, namespaces, summary_graph_iri, validate_base
from kg.store import (
    ONTOLOGY_GRAPH,
    QueryResult,
    Store,
    _contributions,
    _inject_values,
    _py,
    _term,
)
from kg.vocab import DEFAULT_BASE, GEO_IRI, ontology_path, relation_types

if TYPE_CHECKING:
    import rdflib

__all__ = ["RemoteStore", "endpoint_urls"]

_JSON = "application/sparql-results+json"
_NT = "application/n-triples"
_NQ = "application/n-quads"


def endpoint_urls(url: str) -> dict[str, str]:
    """Query, update, graph-store and dataset URLs guessed from one server URL.

    Examples
    --------
    >>> endpoint_urls("http://127.0.0.1:7878")["gsp"]
    'http://127.0.0.1:7878/store'
    >>> endpoint_urls("http://127.0.0.1:7878/query")["update"]
    'http://127.0.0.1:7878/update'
    >>> u = endpoint_urls("http://localhost:3030/ds")
    >>> u["query"], u["gsp"], u["layout"]
    ('http://localhost:3030/ds/sparql', 'http://localhost:3030/ds/data', 'fuseki')
    """
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1] in ("query", "sparql", "update", "store", "data"):
        segments = segments[:-1]

    def at(*tail: str) -> str:
        return urlunsplit(
            (parts.scheme, parts.netloc, "/" + "/".join(segments + list(tail)), "", "")
        )

    if not segments:  # a server root: Oxigraph's layout
        return {
            "layout": "oxigraph",
            "query": at("query"),
            "update": at("update"),
            "gsp": at("store"),
            "dataset": at("store"),
        }
    return {
        "layout": "fuseki",
        "query": at("sparql"),
        "update": at("update"),
        "gsp": at("data"),
        "dataset": at(),
    }


class RemoteStore:
    """The geokg store on a SPARQL 1.1 server (Oxigraph, Fuseki, ...).

    Parameters
    ----------
    url : str
        Server root (Oxigraph) or dataset URL (Fuseki); see :func:`endpoint_urls`.
    base : str
        Base IRI of actors, events and articles.
    query_url, update_url, gsp_url : str, optional
        Override the guessed endpoint URLs.
    timeout : float
        Seconds to wait for the server on each request.
    read_only : bool
        Refuse writes (no request is sent).
    union : {"auto", "oxigraph", "fuseki", "none"}
        How to ask for the union of all graphs as the default graph.

    Examples
    --------
    >>> s = RemoteStore("http://127.0.0.1:9", timeout=0.5)
    >>> s.has_article("a1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.StoreError: cannot reach the SPARQL server at http://127.0.0.1:9/query ...
    """

    def __init__(
        self,
        url: str,
        *,
        base: str = DEFAULT_BASE,
        query_url: str | None = None,
        update_url: str | None = None,
        gsp_url: str | None = None,
        timeout: float = 60.0,
        read_only: bool = False,
        union: str = "auto",
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"not an http(s) URL: {url!r}; give e.g. http://127.0.0.1:7878")
        guessed = endpoint_urls(url)
        self.url = url
        self.location = url
        self.base = validate_base(base)
        self.query_url = query_url or guessed["query"]
        self.update_url = update_url or guessed["update"]
        self.gsp_url = gsp_url or guessed["gsp"]
        self.dataset_url = gsp_url or guessed["dataset"]
        self.timeout = timeout
        self.read_only = read_only
        if union == "auto":
            union = guessed["layout"]
        if union not in ("oxigraph", "fuseki", "none"):
            raise ConfigError(
                f"unknown union mode {union!r}; expected auto, oxigraph, fuseki, none"
            )
        self.union = union
        self._prefixes = namespaces(self.base)
        self._prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in self._prefixes.items())
        self._summary = summary_graph_iri(self.base)
        self._rel_iris = {GEO_IRI + name: rt.sign for name, rt in relation_types().items()}
        self._ontology_checked = False
        self._http = requests.Session()

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Release the HTTP connections."""
        self._http.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return int(rows[0]["n"]) if rows else 0

    def __repr__(self) -> str:
        return f"<kg RemoteStore {self.url} base={self.base!r}>"

    # ------------------------------------------------------------------ HTTP

    def _request(self, method: str, url: str, *, what: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        try:
            resp = self._http.request(method, url, **kwargs)
        except requests.ConnectionError as exc:
            raise StoreError(
                f"cannot reach the SPARQL server at {url} ({type(exc).__name__}); start it "
                "(e.g. oxigraph serve --location DIR --bind 127.0.0.1:7878) or fix --store URL"
            ) from exc
        except requests.Timeout as exc:
            raise StoreError(
                f"the SPARQL server at {url} did not answer within {self.timeout:g} s ({what})"
            ) from exc
        if resp.status_code < 400:
            return resp
        message = resp.text.strip()[:500] or resp.reason
        if resp.status_code == 400 and what == "query":
            raise QueryError(f"the server rejected the query: {message}")
        hints = {
            401: "the server wants credentials",
            403: "the server refuses this (a read-only endpoint? updates need a writable one)",
            404: "no such endpoint; pass the server root (Oxigraph) or dataset URL (Fuseki)",
            405: "the endpoint does not accept this method (does it offer the Graph Store "
            "Protocol?)",
            413: "the request is too big for the server; use smaller batches",
        }
        hint = hints.get(resp.status_code, "see the server's log")
        raise StoreError(f"{what} failed at {url}: HTTP {resp.status_code}: {message} ({hint})")

    def _update(self, sparql: str) -> None:
        self._check_writable()
        self._request(
            "POST",
            self.update_url,
            what="update",
            data=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def _query_params(self) -> dict[str, str]:
        if self.union == "oxigraph":
            return {"union-default-graph": ""}
        if self.union == "fuseki":
            return {"default-graph-uri": "urn:x-arq:UnionGraph"}
        return {}

    # ------------------------------------------------------------------ writing

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(
                f"store {self.url} is open read-only; open it with read_only=False to write"
            )

    def _ensure_ontology(self) -> None:
        if self._ontology_checked:
            return
        triples = list(ox.parse(path=ontology_path("geokg.ttl"), format=ox.RdfFormat.TURTLE))
        rows = self.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}"
        ).rows
        if not rows or int(rows[0]["n"]) != len(triples):
            self._put_graph(ONTOLOGY_GRAPH, triples)
        self._ontology_checked = True

    def _put_graph(self, graph: str, triples: Iterable[Any]) -> None:
        body = ox.serialize(
            (ox.Triple(t.subject, t.predicate, t.object) for t in triples),
            format=ox.RdfFormat.N_TRIPLES,
        )
        self._request(
            "PUT",
            self.gsp_url,
            what="graph store PUT",
            params={"graph": graph},
            data=body or b"",
            headers={"Content-Type": _NT},
        )

    def replace_article(self, article: Article, relations: Sequence[Relation]) -> None:
        """PUT one article's graph (replacing any previous version), then refresh summaries."""
        self._check_writable()
        self._ensure_ontology()
        graph = article_iri(article, self.base).value
        quads = article_quads(article, relations, base=self.base)
        old = self._old_pairs([graph])
        self._put_graph(graph, quads)
        self._refresh_summaries(old | self._pairs(quads))

    def add_extractions(
        self, items: Iterable[tuple[Article, Sequence[Relation]]], *, batch: int = 64
    ) -> int:
        """Write many articles, ``batch`` per round of requests; returns the number written."""
        if batch < 1:
            raise ConfigError(f"batch size must be at least 1, got {batch}")
        self._check_writable()
        self._ensure_ontology()
        pending: dict[str, list[ox.Quad]] = {}
        written = 0
        for article, relations in items:
            graph = article_iri(article, self.base).value
            pending[graph] = article_quads(article, relations, base=self.base)
            if len(pending) >= batch:
                self._write_graphs(pending)
                written += len(pending)
                pending = {}
        if pending:
            self._write_graphs(pending)
            written += len(pending)
        return written

    def load_nquads(self, source: str | Path | IO[bytes], *, batch: int = 64) -> int:
        """Bulk-load N-Quads; each named graph replaces the server's graph of that name.

        Returns the number of quads read.
        """
        from kg.store import load_graph_batches

        self._check_writable()
        self._ensure_ontology()
        return load_graph_batches(
            source, batch=batch, write_graphs=self._write_graphs, write_default=self._post_quads
        )

    def _write_graphs(
        self, graphs: Mapping[str, list[ox.Quad]], append: set[str] | None = None
    ) -> None:
        replaced = [g for g in graphs if append is None or g not in append]
        old = self._old_pairs(replaced)
        if replaced:
            self._update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in replaced))
        all_quads = [q for quads in graphs.values() for q in quads]
        self._post_quads(all_quads)
        self._refresh_summaries(old | self._pairs(all_quads))

    def _post_quads(self, quads: list[ox.Quad]) -> None:
        if not quads:
            return
        body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        self._request(
            "POST",
            self.dataset_url,
            what="graph store POST",
            data=body,
            headers={"Content-Type": _NQ},
        )

    def _pairs(self, quads: Iterable[ox.Quad]) -> set[tuple[str, str, str]]:
        acc: dict[tuple[str, str, str], list[str | None]] = {}
        _contributions(quads, acc)
        return set(acc)

    def _old_pairs(self, graphs: Sequence[str]) -> set[tuple[str, str, str]]:
        """(source, relation, target) of the events now in these graphs (summaries to redo)."""
        if not graphs:
            return set()
        values = " ".join(f"<{g}>" for g in graphs)
        rows = self.query(
            f"SELECT DISTINCT ?s ?r ?t WHERE {{ VALUES ?g {{ {values} }} "
            "GRAPH ?g { ?e geo:source ?s ; geo:relation ?r ; geo:target ?t } }"
        ).rows
        return {(str(r["s"]), str(r["r"]), str(r["t"])) for r in rows}

    def _refresh_summaries(self, pairs: set[tuple[str, str, str]]) -> None:
        """Recompute the pair summaries of ``pairs`` from the data, in one update per 500."""
        known = sorted(p for p in pairs if p[1] in self._rel_iris)
        for i in range(0, len(known), 500):
            # same SPARQL as the embedded store's rebuild_summary (idempotent: from the data)
            parts = Store._summary_update(self, known[i : i + 500])  # type: ignore[arg-type]
            self._update(" ;\n".join(parts))

    def _summary_node(self, s: str, p: str, o: str) -> str:
        return Store._summary_node(self, s, p, o)  # type: ignore[arg-type]

    def rebuild_summary(self) -> int:
        """Recompute every pair summary on the server; returns the number of pairs."""
        self._check_writable()
        rels = " ".join(f"<{r}>" for r in self._rel_iris)
        rows = self.query(
            f"SELECT DISTINCT ?s ?r ?t WHERE {{ VALUES ?r {{ {rels} }} "
            f"GRAPH ?g {{ ?s ?r ?t }} FILTER(?g != <{self._summary.value}> && isIRI(?t)) }}"
        ).rows
        self._update(f"DROP SILENT GRAPH <{self._summary.value}>")
        pairs = {(str(r["s"]), str(r["r"]), str(r["t"])) for r in rows}
        self._refresh_summaries(pairs)
        return len(pairs)

    def remove_article(self, article_id: str) -> bool:
        """Delete one article's graph (and update the summaries); False when absent."""
        if not self.has_article(article_id):
            return False
        graph = article_iri(article_id, self.base).value
        old = self._old_pairs([graph])
        self._update(f"DROP SILENT GRAPH <{graph}>")
        self._refresh_summaries(old)
        return True

    # ------------------------------------------------------------------ reading

    def has_article(self, article_id: str) -> bool:
        """True when the server holds a graph for this article id."""
        iri = article_iri(article_id, self.base).value
        return bool(self.query(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}").boolean)

    def article_ids(self) -> Iterator[str]:
        """Ids of the articles on the server."""
        from urllib.parse import unquote

        prefix = f"{self.base}article/"
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        for row in rows:
            g = str(row["g"])
            if g.startswith(prefix):
                yield unquote(g[len(prefix) :])

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query on the server; same answer shape as :meth:`kg.store.Store.query`.

        ``bindings`` are serialized RDF terms placed in a VALUES block (escaped
        by pyoxigraph, so user input cannot change the query's meaning).
        """
        if bindings:
            terms = {k.lstrip("?$"): _term(v) for k, v in bindings.items()}
            names = " ".join(f"?{k}" for k in terms)
            values = " ".join(str(t) for t in terms.values())
            sparql = _inject_values(sparql, f" VALUES ({names}) {{ ({values}) }} ")
        resp = self._request(
            "POST",
            self.query_url,
            what="query",
            params=self._query_params(),
            data=(self._prologue + sparql).encode("utf-8"),
            headers={
                "Content-Type": "application/sparql-query; charset=utf-8",
                "Accept": f"{_JSON}, {_NT};q=0.9, text/turtle;q=0.8",
            },
        )
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip()
        try:
            if ctype in (_JSON, "application/json"):
                parsed = ox.parse_query_results(resp.content, ox.QueryResultsFormat.JSON)
                if isinstance(parsed, ox.QueryBoolean):
                    return QueryResult("ask", boolean=bool(parsed))
                columns = [v.value for v in parsed.variables]
                rows = [{n: _py(sol[n]) for n in columns} for sol in parsed]
                return QueryResult("select", vars=columns, rows=rows)
            fmt = ox.RdfFormat.TURTLE if ctype == "text/turtle" else ox.RdfFormat.N_TRIPLES
            triples = [
                (_py(t.subject), _py(t.predicate), _py(t.object))
                for t in ox.parse(resp.content, format=fmt)
            ]
        except (SyntaxError, ValueError) as exc:
            raise StoreError(
                f"cannot read the answer of {self.query_url} (Content-Type {ctype!r}): {exc}"
            ) from exc
        return QueryResult("graph", vars=["subject", "predicate", "object"], triples=triples)

    def _dataset_quads(self) -> Iterator[ox.Quad]:
        resp = self._request(
            "GET",
            self.dataset_url,
            what="graph store GET (whole dataset)",
            headers={"Accept": _NQ},
            stream=True,
        )
        resp.raw.decode_content = True
        try:
            yield from ox.parse(resp.raw, format=ox.RdfFormat.N_QUADS)
        finally:
            resp.close()

    def _content_quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        if graph is not None:
            node = article_iri(graph, self.base)
            if not self.has_article(graph):
                raise StoreError(
                    f"no article {graph!r} on {self.url}; list articles with: "
                    "kg query 'SELECT ?a WHERE { ?a a geo:Article }'"
                )
            resp = self._request(
                "GET",
                self.gsp_url,
                what="graph store GET",
                params={"graph": node.value},
                headers={"Accept": _NT},
            )
            for t in ox.parse(resp.content, format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(t.subject, t.predicate, t.object, node)
            return
        skip = {ONTOLOGY_GRAPH, self._summary.value}
        for q in self._dataset_quads():
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g.value in skip:
                continue
            yield q

    def export(self, fmt: str, out: BinaryIO, *, graph: str | None = None) -> None:
        """Stream the articles' statements (as :meth:`kg.store.Store.export` does)."""
        Store.export(self, fmt, out, graph=graph)  # type: ignore[arg-type]

    def validate(self, *, graph: str | None = None) -> list[Any]:
        """Check the articles' statements against the SHACL shapes."""
        result: list[Any] = Store.validate(self, graph=graph)  # type: ignore[arg-type]
        return result

    def to_rdflib(self, *, graph: str | None = None) -> rdflib.Dataset:
        """The articles' statements as an rdflib Dataset (a copy)."""
        from kg.rdf import to_rdflib_dataset

        return to_rdflib_dataset(self._content_quads(graph), self.base)

    def stats(self) -> dict[str, Any]:
        """What the server holds: articles, actors, events by relation, date range."""

        from kg.store import graph_stats

        return graph_stats(self.query, location=self.url, base=self.base, triples=len(self))

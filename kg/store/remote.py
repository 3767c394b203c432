"""A store on a SPARQL 1.1 server: the same interface as the :class:`kg.store.Store` protocol.

``--store http(s)://…`` on every command opens a :class:`RemoteStore`
(through :func:`kg.store.open_store`, by URL scheme). It speaks the SPARQL 1.1 Protocol (query,
update) and the Graph Store Protocol (GSP) to any server that has them:

============  ========================  ==================  ================
server        query                     update              graph store
============  ========================  ==================  ================
Oxigraph      ``/query``                ``/update``         ``/store``
Jena Fuseki   ``/DATASET/sparql``       ``/DATASET/update`` ``/DATASET/data``
============  ========================  ==================  ================

Give the server root (``http://host:7878``, Oxigraph layout) or the dataset
(``http://host:3030/ds``, Fuseki layout), or set each URL explicitly.

Writing articles drops their graphs and the descriptions of the actors they
describe in one update, POSTs the new quads (article graphs and actors graph)
as one N-Quads body, then SPARQL updates recompute the pair summaries they
touch from the data and drop the descriptions no article refers to any more
(so a write interrupted in between is healed by writing the articles again).
Queries see the union of all graphs as the default graph, as in the embedded
store (Oxigraph: the ``union-default-graph`` parameter; Fuseki:
``urn:x-arq:UnionGraph``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests

from kg.errors import ConfigError, QueryError, StoreError
from kg.model import Article, Relation
from kg.rdf import article_iri, article_quads
from kg.sparqltext import has_dataset
from kg.store.base import StoreBase
from kg.store.layout import ONTOLOGY_GRAPH
from kg.store.results import Answer, QueryResult, bind_values, serialize_answer, to_python
from kg.store.summary import Pair, contributions
from kg.vocab import DEFAULT_BASE, ontology_path

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


def _user_lines(message: str, shift: int) -> str:
    """A server's error message with line numbers counted in the user's query, not in
    the query sent (which starts with ``shift`` lines of PREFIX declarations).

    Examples
    --------
    >>> _user_lines("error at 17:5: expected OPTIONAL", 15)
    'error at 2:5: expected OPTIONAL'
    >>> _user_lines("Encountered ' <VAR1> ?y '' at line 16, column 9.", 15)
    "Encountered ' <VAR1> ?y '' at line 1, column 9."
    """

    def at(m: re.Match[str]) -> str:
        line = int(m.group(2)) - shift
        return m.group(0) if line < 1 else f"{m.group(1)}{line}{m.group(3)}"

    message = re.sub(r"(error at )(\d+)(:\d+)", at, message)
    return re.sub(r"(\bline )(\d+)(, column \d+)", at, message)


class RemoteStore(StoreBase):
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
        super().__init__(base=base)
        guessed = endpoint_urls(url)
        self.url = url
        self.location = url
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
        self._prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in self._prefixes.items())
        self._checked = False
        self._http = requests.Session()

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Release the HTTP connections."""
        self._http.close()

    def __enter__(self) -> RemoteStore:
        return self

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
            message = _user_lines(message, self._prologue.count("\n"))
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

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the server (prefixes predeclared)."""
        self._check_writable()
        self._request(
            "POST",
            self.update_url,
            what="update",
            data=(self._prologue + sparql).encode("utf-8"),
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

    def _ensure_ready(self) -> None:
        """Load the bundled ontology when it differs; upgrade an old layout."""
        self._check_writable()
        if self._checked:
            return
        self._checked = True
        triples = list(ox.parse(path=ontology_path("geokg.ttl"), format=ox.RdfFormat.TURTLE))
        rows = self.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}"
        ).rows
        if not rows or int(rows[0]["n"]) != len(triples):
            self._put_graph(ONTOLOGY_GRAPH, triples)
        v = self.layout.version_quad
        if not self.query(
            f"ASK {{ GRAPH {v.graph_name} {{ {v.subject} {v.predicate} {v.object} }} }}"
        ).boolean:
            self._migrate()

    def _migrate(self, batch: int = 64) -> None:
        prefix = self.layout.article_prefix
        names = [
            str(r["g"])
            for r in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
            if str(r["g"]).startswith(prefix)
        ]
        for i in range(0, len(names), batch):
            graphs: dict[str, list[ox.Quad]] = {}
            for name in names[i : i + batch]:
                resp = self._request(
                    "GET",
                    self.gsp_url,
                    what="graph store GET",
                    params={"graph": name},
                    headers={"Accept": _NT},
                )
                node = ox.NamedNode(name)
                graphs[name] = [
                    ox.Quad(t.subject, t.predicate, t.object, node)
                    for t in ox.parse(resp.content, format=ox.RdfFormat.N_TRIPLES)
                ]
            self._write_graphs(graphs)
        g = self.layout.summary.value
        v = self.layout.version_quad
        self.update(
            f"DELETE WHERE {{ GRAPH <{g}> {{ ?a skos:prefLabel ?l }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{g}> {{ {v.subject} {v.predicate} {v.object} }} }}"
        )

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
        """Write one article (replacing any previous version), then refresh summaries."""
        self.add_extractions([(article, relations)])

    def add_extractions(
        self, items: Iterable[tuple[Article, Sequence[Relation]]], *, batch: int = 64
    ) -> int:
        """Write many articles, ``batch`` per round of requests; returns the number written."""
        if batch < 1:
            raise ConfigError(f"batch size must be at least 1, got {batch}")
        self._ensure_ready()
        pending: dict[str, list[ox.Quad]] = {}
        articles = written = 0
        actors = self.layout.actors.value
        for article, relations in items:
            pending.setdefault(article_iri(article, self.base).value, [])
            for q in article_quads(article, relations, base=self.base):
                name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
                if name != actors and name not in pending:
                    pending[name] = []
                pending.setdefault(name, []).append(q)
            articles += 1
            if articles >= batch:
                self._write_graphs(pending)
                written += articles
                pending, articles = {}, 0
        if articles:
            self._write_graphs(pending)
            written += articles
        return written

    def _default_writer(self) -> Callable[[list[ox.Quad]], Any]:
        self._ensure_ready()
        return self._post_quads

    def _write_graphs(
        self, graphs: Mapping[str, list[ox.Quad]], append: set[str] | None = None
    ) -> None:
        content, described = self.layout.split(graphs)
        replaced = [g for g in content if append is None or g not in append]
        old, old_refs = self._old_state(replaced)
        drops = [f"DROP SILENT GRAPH <{g}>" for g in replaced]
        a = self.layout.actors.value
        if described:
            values = " ".join(f"<{s}>" for s in described)
            drops.append(
                f"DELETE {{ GRAPH <{a}> {{ ?n ?p ?o }} }} WHERE {{ VALUES ?n {{ {values} }} "
                f"GRAPH <{a}> {{ ?n ?p ?o }} }}"
            )
        if drops:
            self.update(" ;\n".join(drops))
        new_quads = [q for quads in content.values() for q in quads]
        self._post_quads(new_quads + [q for quads in described.values() for q in quads])
        self._refresh_summaries(old | self._pairs(new_quads))
        self._collect(old_refs - set(described))

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

    @staticmethod
    def _pairs(quads: Iterable[ox.Quad]) -> set[Pair]:
        acc: dict[Pair, list[str | None]] = {}
        contributions(quads, acc)
        return set(acc)

    def _old_state(self, graphs: Sequence[str]) -> tuple[set[Pair], set[str]]:
        """Pairs of the events now in these graphs (summaries to redo) and the nodes
        their events refer to (descriptions that may become unused)."""
        if not graphs:
            return set(), set()
        pairs = {
            (str(r["s"]), str(r["r"]), str(r["t"]))
            for r in self.query(self._event_pairs_query(graphs)).rows
        }
        values = " ".join(f"<{g}>" for g in graphs)
        preds = " ".join(f"<{p.value}>" for p in self.layout.reference_predicates())
        refs = {
            str(r["n"])
            for r in self.query(
                f"SELECT DISTINCT ?n WHERE {{ VALUES ?g {{ {values} }} VALUES ?p {{ {preds} }} "
                "GRAPH ?g { ?e ?p ?n } FILTER(isIRI(?n)) }"
            ).rows
        }
        return pairs, refs

    def _collect(self, nodes: set[str]) -> None:
        """Drop the descriptions of ``nodes`` that no article graph refers to any more."""
        if not nodes:
            return
        a = self.layout.actors.value
        preds = " ".join(f"<{p.value}>" for p in self.layout.reference_predicates())
        for chunk in _chunks(sorted(nodes), 500):
            values = " ".join(f"<{n}>" for n in chunk)
            self.update(
                f"DELETE {{ GRAPH <{a}> {{ ?n ?p ?o }} }} WHERE {{ VALUES ?n {{ {values} }} "
                f"GRAPH <{a}> {{ ?n ?p ?o }} FILTER NOT EXISTS {{ VALUES ?r {{ {preds} }} "
                f"GRAPH ?g {{ ?e ?r ?n }} FILTER(?g != <{a}>) }} }}"
            )

    def _refresh_summaries(self, pairs: set[Pair]) -> None:
        """Recompute the pair summaries of ``pairs`` from the data, in one update per 500."""
        known = sorted(pairs)
        for chunk in _chunks(known, 500):
            parts = self.summary.refresh(chunk)
            if parts:
                self.update(" ;\n".join(parts))

    def rebuild_summary(self) -> int:
        """Recompute every pair summary on the server; returns the number of pairs."""
        self._ensure_ready()
        rows = self.query(self.summary.all_pairs_query()).rows
        g = self.layout.summary.value
        self.update(f"DELETE WHERE {{ GRAPH <{g}> {{ ?n a geo:PairSummary ; ?p ?o }} }}")
        pairs = {(str(r["s"]), str(r["r"]), str(r["t"])) for r in rows}
        self._refresh_summaries(pairs)
        return len(pairs)

    def remove_article(self, article_id: str) -> bool:
        """Delete one article's graph (and update the summaries); False when absent."""
        if not self.has_article(article_id):
            return False
        self._ensure_ready()
        self._write_graphs({article_iri(article_id, self.base).value: []})
        return True

    # ------------------------------------------------------------------ reading

    def has_article(self, article_id: str) -> bool:
        """True when the server holds a graph for this article id."""
        iri = article_iri(article_id, self.base).value
        return bool(self.query(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}").boolean)

    def article_ids(self) -> Iterator[str]:
        """Ids of the articles on the server."""
        from urllib.parse import unquote

        prefix = self.layout.article_prefix
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        for row in rows:
            g = str(row["g"])
            if g.startswith(prefix):
                yield unquote(g[len(prefix) :])

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query on the server; same answer shape as the embedded store's.

        ``bindings`` are serialized RDF terms placed in a VALUES block (escaped
        by pyoxigraph, so user input cannot change the query's meaning).
        """
        if bindings:
            sparql = bind_values(sparql, bindings)
        resp = self._request(
            "POST",
            self.query_url,
            what="query",
            params={} if has_dataset(sparql) else self._query_params(),
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
                rows = [{n: to_python(sol[n]) for n in columns} for sol in parsed]
                return QueryResult("select", vars=columns, rows=rows)
            fmt = ox.RdfFormat.TURTLE if ctype == "text/turtle" else ox.RdfFormat.N_TRIPLES
            triples = [
                (to_python(t.subject), to_python(t.predicate), to_python(t.object))
                for t in ox.parse(resp.content, format=fmt)
            ]
        except (SyntaxError, ValueError) as exc:
            raise StoreError(
                f"cannot read the answer of {self.query_url} (Content-Type {ctype!r}): {exc}"
            ) from exc
        return QueryResult("graph", vars=["subject", "predicate", "object"], triples=triples)

    def answer(
        self,
        sparql: str,
        *,
        result_format: str | None = "json",
        graph_format: str | None = "turtle",
        max_rows: int | None = None,
        max_bytes: int | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union: bool = True,
    ) -> Answer:
        """Run a query on the server and serialize its answer as the embedded store's
        :meth:`~kg.store.embedded.EmbeddedStore.answer` does."""
        params: list[tuple[str, str]] = []
        if default_graphs:
            params += [("default-graph-uri", g) for g in default_graphs]
        elif union and not (has_dataset(sparql) and not named_graphs):
            params += list(self._query_params().items())
        params += [("named-graph-uri", g) for g in named_graphs or ()]
        resp = self._request(
            "POST",
            self.query_url,
            what="query",
            params=params,
            data=(self._prologue + sparql).encode("utf-8"),
            headers={
                "Content-Type": "application/sparql-query; charset=utf-8",
                "Accept": f"{_JSON}, {_NT};q=0.9",
            },
        )
        ctype = resp.headers.get("Content-Type", "").split(";")[0].strip()
        try:
            if ctype in (_JSON, "application/json"):
                result: Any = ox.parse_query_results(resp.content, ox.QueryResultsFormat.JSON)
            else:
                result = (
                    ox.Triple(t.subject, t.predicate, t.object)
                    for t in ox.parse(resp.content, format=ox.RdfFormat.N_TRIPLES)
                )
            return serialize_answer(
                result,
                result_format=result_format,
                graph_format=graph_format,
                max_rows=max_rows,
                max_bytes=max_bytes,
            )
        except (SyntaxError, ValueError) as exc:
            raise StoreError(
                f"cannot read the answer of {self.query_url} (Content-Type {ctype!r}): {exc}"
            ) from exc

    def _construct(self, sparql: str) -> list[ox.Triple]:
        """The triples of a CONSTRUCT query, as RDF terms (no conversion to Python)."""
        resp = self._request(
            "POST",
            self.query_url,
            what="query",
            params=self._query_params(),
            data=(self._prologue + sparql).encode("utf-8"),
            headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": _NT},
        )
        return list(ox.parse(resp.content, format=ox.RdfFormat.N_TRIPLES))

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

    def content_quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """The articles' statements and the actors graph (see :class:`~kg.store.base.StoreBase`)."""
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
            quads = [
                ox.Quad(t.subject, t.predicate, t.object, node)
                for t in ox.parse(resp.content, format=ox.RdfFormat.N_TRIPLES)
            ]
            yield from quads
            refs = " ".join(f"<{n.value}>" for n in self.layout.referenced(quads))
            if refs:
                a = self.layout.actors
                for t in self._construct(
                    f"CONSTRUCT {{ ?n ?p ?o }} WHERE {{ VALUES ?n {{ {refs} }} "
                    f"GRAPH <{a.value}> {{ ?n ?p ?o }} }}"
                ):
                    yield ox.Quad(t.subject, t.predicate, t.object, a)
            return
        skip = {ONTOLOGY_GRAPH, self.layout.summary.value}
        for q in self._dataset_quads():
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g.value in skip:
                continue
            yield q


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]

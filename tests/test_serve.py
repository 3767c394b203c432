"""Tests of ``kg serve``: a real server process, real clients (SPARQLWrapper, requests, sockets)."""

from __future__ import annotations

import http.server
import json
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
import pytest
import rdflib
import requests
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from kg.serve import allowed_hosts, is_loopback, negotiate

GEO = "https://w3id.org/geokg/ontology#"
ACT = "https://w3id.org/geokg/actor/"
ART = "https://w3id.org/geokg/article/"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
N_FILLER = 300  # four-way cross product of these: ~8e9 rows, far over any time limit

SUPPORTERS = """
PREFIX geo: <https://w3id.org/geokg/ontology#>
PREFIX act: <https://w3id.org/geokg/actor/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?s geo:supports act:khalifa_haftar ; rdfs:label ?label } ORDER BY ?label
"""
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _fill(path: Path) -> None:
    """A small store in the shape of the RDF model: one named graph per article."""
    store = ox.Store(str(path))
    g = ox.NamedNode(ART + "seed")
    actors = {"EGY": "Egypt", "ARE": "United Arab Emirates", "khalifa_haftar": "Khalifa Haftar"}
    for local, label in actors.items():
        store.add(ox.Quad(ox.NamedNode(ACT + local), RDFS_LABEL, ox.Literal(label), g))
    for src in ("EGY", "ARE"):
        store.add(
            ox.Quad(
                ox.NamedNode(ACT + src),
                ox.NamedNode(GEO + "supports"),
                ox.NamedNode(ACT + "khalifa_haftar"),
                g,
            )
        )
    filler = ox.NamedNode(ART + "filler")
    for i in range(N_FILLER):
        store.add(
            ox.Quad(ox.NamedNode(f"{ART}filler#{i}"), RDFS_LABEL, ox.Literal(f"filler {i}"), filler)
        )
    store.flush()
    del store


def _start(store: Path, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``kg serve`` on a free loopback port; return the process and the query URL."""
    log = store.parent / f"serve-{time.monotonic_ns()}.log"
    with log.open("wb") as err:  # a file, not a pipe: a full pipe would block the server
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    url = ""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not url and proc.poll() is None:
        for line in log.read_text().splitlines():
            if line.startswith("geokg SPARQL endpoint: "):
                url = line.split()[3]
        time.sleep(0.05)
    if not url:
        proc.kill()
        raise AssertionError(f"kg serve did not start: {log.read_text()}")
    while time.monotonic() < deadline:
        try:  # the first answer waits for a worker to start: slow on a busy machine
            if requests.get(url, params={"query": "ASK {}"}, timeout=10).status_code == 200:
                return proc, url
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("kg serve never answered")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("served") / "store"
    _fill(path)
    return path


@pytest.fixture(scope="module")
def endpoint(store_dir: Path) -> Iterator[str]:
    proc, url = _start(
        store_dir, "--timeout", "1", "--max-results", "50", "--max-request-bytes", "100000"
    )
    yield url
    _stop(proc)


def _wrapper(url: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sw = SPARQLWrapper(url)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw


def test_serve_sparqlwrapper_select_json(endpoint: str) -> None:
    for method in ("GET", "POST"):
        data = _wrapper(endpoint, SUPPORTERS, JSON, method).query().convert()
        assert data["head"]["vars"] == ["label"]
        labels = [b["label"]["value"] for b in data["results"]["bindings"]]
        assert labels == ["Egypt", "United Arab Emirates"]


def test_serve_sparqlwrapper_select_xml_csv_tsv(endpoint: str) -> None:
    doc = _wrapper(endpoint, SUPPORTERS, XML).query().convert()
    literals = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert literals == ["Egypt", "United Arab Emirates"]
    csv_text = _wrapper(endpoint, SUPPORTERS, CSV).query().convert().decode()
    assert csv_text.splitlines() == ["label", "Egypt", "United Arab Emirates"]
    tsv_text = _wrapper(endpoint, SUPPORTERS, TSV).query().convert().decode()
    assert tsv_text.splitlines() == ["?label", '"Egypt"', '"United Arab Emirates"']


def test_serve_sparqlwrapper_ask_and_construct(endpoint: str) -> None:
    ask = f"ASK {{ <{ACT}EGY> <{GEO}supports> <{ACT}khalifa_haftar> }}"
    assert _wrapper(endpoint, ask, JSON).query().convert()["boolean"] is True
    construct = f"CONSTRUCT {{ ?s <{GEO}supports> ?o }} WHERE {{ ?s <{GEO}supports> ?o }}"
    turtle = _wrapper(endpoint, construct, TURTLE).query().convert()
    g = rdflib.Graph().parse(data=turtle, format="turtle")
    assert len(g) == 2
    assert (rdflib.URIRef(ACT + "ARE"), rdflib.URIRef(GEO + "supports"), None) in g


def test_serve_http_content_negotiation(endpoint: str) -> None:
    expected = {
        "application/sparql-results+json": "application/sparql-results+json",
        "application/sparql-results+xml": "application/sparql-results+xml",
        "text/csv": "text/csv",
        "text/tab-separated-values": "text/tab-separated-values",
        "text/html,application/xhtml+xml,*/*;q=0.8": "application/sparql-results+json",
    }
    for accept, ctype in expected.items():
        r = requests.post(endpoint, data={"query": SUPPORTERS}, headers={"Accept": accept})
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].startswith(ctype)
        assert "United Arab Emirates" in r.text
    construct = f"CONSTRUCT WHERE {{ ?s <{GEO}supports> ?o }}"
    r = requests.post(
        endpoint,
        data=construct.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
    )
    assert r.headers["Content-Type"] == "application/n-triples"
    assert len(r.text.strip().splitlines()) == 2
    r = requests.get(endpoint, params={"query": SUPPORTERS}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "text/csv" in r.text


def test_serve_syntax_error_is_400_with_message(endpoint: str) -> None:
    r = requests.get(endpoint, params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400
    assert "syntax error" in r.text.lower() and "line 1, column 19" in r.text
    r = requests.get(endpoint)
    assert r.status_code == 400 and "missing the 'query' parameter" in r.text


def test_serve_refuses_updates(endpoint: str) -> None:
    base = endpoint.rsplit("/", 1)[0]
    drop = "DROP ALL"
    r = requests.post(base + "/update", data={"update": drop})
    assert r.status_code == 403 and "read-only" in r.text
    r = requests.post(endpoint, data={"update": drop})
    assert r.status_code == 403
    r = requests.post(
        endpoint, data=drop.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert r.status_code == 403
    r = requests.get(endpoint, params={"query": drop})  # an update where a query belongs
    assert r.status_code == 400
    count = requests.get(endpoint, params={"query": SUPPORTERS}, headers={"Accept": "text/csv"})
    assert count.text.splitlines()[1:] == ["Egypt", "United Arab Emirates"]


def test_serve_stops_a_query_over_the_time_limit(endpoint: str) -> None:
    t0 = time.monotonic()
    r = requests.post(endpoint, data={"query": EXPENSIVE}, timeout=30)
    elapsed = time.monotonic() - t0
    assert r.status_code == 503
    assert "time limit of 1 s" in r.text
    assert elapsed < 5
    # the killed worker was replaced: the endpoint still answers
    ok = requests.get(endpoint, params={"query": "ASK {}"}, timeout=10)
    assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_serve_caps_results(endpoint: str) -> None:
    r = requests.get(endpoint, params={"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 50
    assert r.headers["X-Geokg-Truncated"] == "true"
    r = requests.get(endpoint, params={"query": SUPPORTERS})
    assert "X-Geokg-Truncated" not in r.headers


def test_serve_rejects_oversized_requests(endpoint: str) -> None:
    big = "# " + "x" * 200_000 + "\nASK {}"
    r = requests.post(
        endpoint, data=big.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert r.status_code == 413 and "--max-request-bytes" in r.text
    r = requests.get(endpoint + "?query=" + quote(big))
    assert r.status_code == 414
    assert requests.get(endpoint, params={"query": "ASK {}"}).status_code == 200


def test_serve_query_page_is_self_contained(endpoint: str) -> None:
    root = endpoint.rsplit("/", 1)[0] + "/"
    r = requests.get(root, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert "<textarea" in r.text and "Read-only" in r.text
    assert "src=" not in r.text and "<link" not in r.text  # nothing fetched from elsewhere


def test_serve_sees_articles_written_while_serving(endpoint: str, store_dir: Path) -> None:
    ask = f"ASK {{ <{ACT}TUR> <{GEO}supports> <{ACT}GNA> }}"
    assert requests.get(endpoint, params={"query": ask}).json()["boolean"] is False
    # the server holds no lock: a writer (kg build) can open the store meanwhile
    writer = ox.Store(str(store_dir))
    writer.add(
        ox.Quad(
            ox.NamedNode(ACT + "TUR"),
            ox.NamedNode(GEO + "supports"),
            ox.NamedNode(ACT + "GNA"),
            ox.NamedNode(ART + "later"),
        )
    )
    writer.flush()
    try:
        assert requests.get(endpoint, params={"query": ask}).json()["boolean"] is True
    finally:
        writer.remove_graph(ox.NamedNode(ART + "later"))
        writer.flush()
        del writer


def _raw(host: str, port: int, payload: bytes) -> bytes:
    with socket.create_connection((host, port), timeout=2) as s:
        s.settimeout(0.5)
        try:
            s.sendall(payload)
            return s.recv(4096)
        except (TimeoutError, ConnectionError):
            return b""


def _hostile(rng: random.Random, path: str) -> bytes:
    """One malformed or hostile HTTP request."""
    kind = rng.randrange(10)
    if kind == 0:
        return rng.randbytes(rng.randrange(1, 3000))
    if kind == 1:
        return b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300_000
    if kind == 2:
        method = rng.choice([b"BREW", b"TRACE", b"CONNECT", b"PUT", b"DELETE", b"PATCH", b"\x00"])
        return method + b" " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    if kind == 3:
        bad = rng.choice([b"%FF%FE", b"%C3%28", b"%", b"%zz", b"\xff\xfe"])
        return b"GET " + path.encode() + b"?query=" + bad + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    if kind == 4:
        body = b"SELECT * { ?s ?p \xff\xfe }"
        return (
            b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/sparql-query\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )
    if kind == 5:
        target = rng.choice(
            ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/query/../../../etc/shadow", "//"]
        )
        return b"GET " + target.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    if kind == 6:
        depth = rng.choice([50, 500, 5000])
        q = "SELECT * WHERE " + "{ " * depth + "?s ?p ?o" + " }" * depth
        if rng.random() < 0.5:
            q = "SELECT * WHERE { " * 200 + "?s ?p ?o" + " }" * 200
        body = ("query=" + quote(q)).encode()
        return (
            b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )
    if kind == 7:
        length = rng.choice([b"-1", b"abc", b"99999999999", b"10"])
        return (
            b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/sparql-query\r\nContent-Length: " + length + b"\r\n\r\nAS"
        )
    if kind == 8:
        return (
            b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/sparql-query\r\n\r\nzz\r\nASK{}\r\n0\r\n\r\n"
        )
    return rng.choice(
        [
            b"GET / HTTP/9.9\r\n\r\n",
            b"GET /query\r\n\r\n",
            b"GET /query HTTP/1.1\r\nNoColonHeader\r\n\r\n",
            b"\r\n\r\n\r\n",
            b"GET /query?query=ASK{} HTTP/1.1\r\nHost: x\r\nAccept: "
            + b"*/*;q=," * 5000
            + b"\r\n\r\n",
        ]
    )


def test_serve_survives_200_hostile_requests(endpoint: str) -> None:
    parts = urlsplit(endpoint)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    assert is_loopback(host)  # started without --host: bound to loopback only
    rng = random.Random(8)
    answered = 0
    for i in range(200):
        reply = _raw(host, port, _hostile(rng, parts.path))
        if reply.startswith(b"HTTP/1.1 200"):
            answered += 1
        assert b"root:" not in reply  # no file is ever served
        if i % 25 == 24:  # good queries keep being answered while the abuse goes on
            ok = requests.get(endpoint, params={"query": SUPPORTERS}, timeout=10)
            assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == 2
    r = requests.post(endpoint, data={"query": SUPPORTERS}, headers={"Accept": "text/csv"})
    assert r.status_code == 200
    assert r.text.splitlines() == ["label", "Egypt", "United Arab Emirates"]
    assert answered < 200  # the hostile ones were refused, not answered as queries


def test_serve_allow_updates(tmp_path: Path, listener: _Listener) -> None:
    path = tmp_path / "store"
    _fill(path)
    proc, url = _start(path, "--allow-updates", "--timeout", "5")
    try:
        update_url = url.rsplit("/", 1)[0] + "/update"
        ins = f"INSERT DATA {{ GRAPH <{ART}x> {{ <{ACT}TUR> <{GEO}supports> <{ACT}GNA> }} }}"
        r = requests.post(update_url, data={"update": ins})
        assert r.status_code == 204, r.text
        ask = f"ASK {{ <{ACT}TUR> <{GEO}supports> <{ACT}GNA> }}"
        assert requests.get(url, params={"query": ask}).json()["boolean"] is True
        r = requests.post(update_url, data={"update": "INSERT DATA { oops"})
        assert r.status_code == 400
        for update in (
            f"LOAD <{listener.url}> INTO GRAPH <{ART}loaded>",
            f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
        ):
            r = requests.post(update_url, data={"update": update})
            assert r.status_code == 400 and "--allow-service" in r.text
        assert listener.requests == []
    finally:
        _stop(proc)


def test_serve_missing_store_is_one_line_error(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--store", str(tmp_path / "nope"), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 1
    assert out.stderr.startswith("error: no store at") and "Traceback" not in out.stderr


def test_serve_negotiate_and_loopback() -> None:
    assert negotiate("text/csv;q=0.1, text/tab-separated-values", "results") == (
        "text/tab-separated-values"
    )
    assert negotiate("application/n-triples", "graph") == "application/n-triples"
    assert negotiate("text/csv", "graph") is None
    assert json.dumps(is_loopback("127.0.0.2")) == "true"
    assert not is_loopback("example.org")


# --------------------------------------------------------------------------- no outbound requests


class _Listener:
    """A local HTTP server that records every request and answers like a SPARQL endpoint."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def _answer(self) -> None:
                listener.requests.append(f"{self.command} {self.path}")
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = json.dumps(
                    {
                        "head": {"vars": ["secret"]},
                        "results": {"bindings": [{"secret": {"type": "literal", "value": "s3"}}]},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[_Listener]:
    target = _Listener()
    yield target
    target.close()


def _federated(url: str) -> list[str]:
    """SERVICE calls the query engine follows, in the forms people (and attackers) write."""
    return [
        f"SELECT ?secret WHERE {{ SERVICE <{url}> {{ ?secret ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?secret ?p ?o }} }}",
        f"SELECT * {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?secret ?q ?r }} }} }}",
        f"SELECT * {{ {{ SELECT * {{ SERVICE <{url}> {{ ?secret ?p ?o }} }} }} }}",
        f"SELECT * {{ SERVICESILENT<{url}>{{ ?secret ?p ?o }} }}",  # no space: still SERVICE
        f"PREFIX : <{url}#> SELECT * {{ service:x {{ ?secret ?p ?o }} }}",  # SERVICE :x
        f"BASE <{url.rsplit('/', 1)[0]}/> SELECT * {{ SERVICE <sparql> {{ ?secret ?p ?o }} }}",
    ]


def test_serve_refuses_service_and_sends_nothing(endpoint: str, listener: _Listener) -> None:
    for query in _federated(listener.url):
        for method in ("GET", "POST"):
            if method == "GET":
                r = requests.get(endpoint, params={"query": query}, timeout=10)
            else:
                r = requests.post(
                    endpoint,
                    data=query.encode(),
                    headers={"Content-Type": "application/sparql-query"},
                    timeout=10,
                )
            assert r.status_code == 400, (query, r.status_code, r.text)
            assert "SERVICE" in r.text and "--allow-service" in r.text
            assert "s3" not in r.text
    # the word in a string literal, an IRI, a comment or a variable is not a call
    harmless = (
        'SELECT ?service WHERE { BIND("SERVICE <http://127.0.0.1/> { }" AS ?service) } '
        "# SERVICE <http://127.0.0.1/>"
    )
    r = requests.get(endpoint, params={"query": harmless}, timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"][0]["service"]["value"].startswith("SERVICE")
    assert listener.requests == []


def test_serve_allow_service_reaches_only_the_named_endpoint(
    store_dir: Path, listener: _Listener
) -> None:
    proc, url = _start(store_dir, "--allow-service", listener.url, "--timeout", "10")
    try:
        query = _federated(listener.url)[0]
        r = requests.get(url, params={"query": query}, timeout=20)
        assert r.status_code == 200, r.text
        assert [b["secret"]["value"] for b in r.json()["results"]["bindings"]] == ["s3"]
        assert len(listener.requests) == 1
        other = listener.url.replace("/sparql", "/other")
        r = requests.get(url, params={"query": _federated(other)[0]}, timeout=20)
        assert r.status_code == 400 and f"--allow-service {other}" in r.text
        assert len(listener.requests) == 1
    finally:
        _stop(proc)


def _kg_query(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", "query", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_query_refuses_service_unless_allowed(store_dir: Path, listener: _Listener) -> None:
    for query in _federated(listener.url)[:2] + _federated(listener.url)[4:6]:
        out = _kg_query(store_dir, query)
        assert out.returncode == 1, out.stdout
        assert out.stderr.startswith("error: SERVICE") and "--allow-service" in out.stderr
        assert "Traceback" not in out.stderr
    assert listener.requests == []
    out = _kg_query(
        store_dir, _federated(listener.url)[0], "--allow-service", listener.url, "--format", "csv"
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["secret", "s3"]
    assert len(listener.requests) == 1


def test_serve_refuses_foreign_host_headers(endpoint: str) -> None:
    port = urlsplit(endpoint).port
    ask = {"query": "ASK {}"}
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        r = requests.get(endpoint, params=ask, headers={"Host": host}, timeout=10)
        assert r.status_code == 200, (host, r.text)
    # a web page whose domain was re-pointed at 127.0.0.1 (DNS rebinding)
    for host in (f"attacker.example:{port}", "localhost", f"localhost:{port + 1}"):
        r = requests.get(endpoint, params=ask, headers={"Host": host}, timeout=10)
        assert r.status_code == 421, (host, r.status_code)
        assert "does not answer for the host name" in r.text and "--allow-host" in r.text
    r = requests.get(endpoint.rsplit("/", 1)[0] + "/nothing", headers={"Host": "evil.example"})
    assert r.status_code == 421
    assert f"localhost:{port}" in allowed_hosts("127.0.0.1", port or 0)


# ------------------------------------------------------------------------ hostile shapes, caps

NESTED = "SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000


def test_serve_nested_braces_are_400_and_workers_survive(endpoint: str) -> None:
    r = requests.get(endpoint, params={"query": NESTED}, timeout=10)
    assert r.status_code == 400 and "nests brackets more than 100 deep" in r.text
    r = requests.post(
        endpoint, data=NESTED, headers={"Content-Type": "application/sparql-query"}, timeout=10
    )
    assert r.status_code == 400
    ok = requests.get(endpoint, params={"query": SUPPORTERS}, timeout=10)
    assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == 2


def test_serve_worker_crash_is_an_error_message(store_dir: Path) -> None:
    from kg.serve import WorkerPool
    from kg.serve.worker import query_message

    pool = WorkerPool(str(store_dir), workers=1)
    try:
        # the pool itself does not check: the engine really crashes
        msg = query_message(NESTED, formats=["json"], max_results=10)
        status, _, body, _ = pool.run(msg, timeout=30)
        assert status == 500
        assert b"query worker crashed (SIGSEGV)" in body
        status, _, body, _ = pool.run(query_message("ASK {}"), timeout=30)
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        pool.close()


def _doubling(times: int, select: str, pattern: str = "") -> str:
    binds = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(times))
    return f'SELECT {select} WHERE {{ {pattern} BIND("0123456789abcdef" AS ?v0) {binds} }}'


def test_serve_caps_memory_and_response_bytes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    _fill(path)
    proc, url = _start(
        path, "--worker-memory", "1536", "--max-response-bytes", "1000000", "--timeout", "60"
    )
    try:
        # 16 bytes doubled 27 times: a 2 GiB string, over the worker's address space
        # (1.5 GiB: headroom for the store and its threads, which vary with load)
        r = requests.get(url, params={"query": _doubling(27, "(STRLEN(?v27) AS ?n)")}, timeout=90)
        assert r.status_code == 503, r.text
        assert "--worker-memory" in r.text
        # one row of 2 MiB is over the 1 MB answer cap
        r = requests.get(url, params={"query": _doubling(17, "?v17")}, timeout=30)
        assert r.status_code == 413 and "--max-response-bytes" in r.text
        # rows of 128 KiB each: cut at the byte cap like at the row cap
        many = _doubling(13, "?v13", "?s ?p ?o .")
        r = requests.get(url, params={"query": many}, timeout=30)
        assert r.status_code == 200, r.text
        assert r.headers["X-Geokg-Truncated"] == "true"
        assert 0 < int(r.headers["X-Geokg-Rows"]) < 10 and len(r.content) < 1_100_000
        ok = requests.get(url, params={"query": SUPPORTERS}, timeout=10)
        assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == 2
    finally:
        _stop(proc)


def test_serve_chunked_body_over_the_limit_is_413(endpoint: str) -> None:
    def chunks() -> Iterator[bytes]:
        block = b"#" * 2**20
        for _ in range(50):
            yield block

    r = requests.post(
        endpoint,
        data=chunks(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )
    assert r.status_code == 413 and "--max-request-bytes" in r.text
    assert requests.get(endpoint, params={"query": "ASK {}"}, timeout=10).status_code == 200


def test_serve_and_query_predeclare_prefixes(endpoint: str, store_dir: Path) -> None:
    bare = "SELECT ?label WHERE { ?s geo:supports act:khalifa_haftar ; rdfs:label ?label }"
    r = requests.get(endpoint, params={"query": bare}, headers={"Accept": "text/csv"})
    assert r.status_code == 200, r.text
    assert sorted(r.text.splitlines()[1:]) == ["Egypt", "United Arab Emirates"]
    out = _kg_query(store_dir, bare, "--format", "csv")
    assert out.returncode == 0 and sorted(out.stdout.splitlines()[1:]) == sorted(
        r.text.splitlines()[1:]
    )
    typo = "SELECT ?s WHERE {\n  ?s gео:supports ?t ;\n     foo:bar ?x }"  # Cyrillic 'е' and 'о'
    r = requests.get(endpoint, params={"query": typo})
    assert r.status_code == 400
    assert "unknown prefix 'gео:', 'foo:'" in r.text and "geo:" in r.text
    out = _kg_query(store_dir, typo)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("error: SPARQL syntax error: unknown prefix 'gео:', 'foo:'")

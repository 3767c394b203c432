"""Where the evidence came from: each article's file or URL, and how to say it.

:func:`load_sources` reads, per article, the location it was read from (the
file path under the input root, or the URL: ``dcterms:source``) and its
headline; :func:`origin` says it in words ("from file news/a.txt"), as the
HTML page and ``kg analyze profile`` show next to each evidence sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kg.analyze.records import _local, _select, _value

__all__ = ["load_sources", "origin"]

# Where each article came from: its file path under the input root or its URL
# (dcterms:source), and its headline; one row per article.
_SOURCES = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX geo: <https://w3id.org/geokg/ontology#>
SELECT ?g ?src ?title WHERE {
  GRAPH ?g {
    ?g a geo:Article .
    OPTIONAL { ?g dcterms:source ?src }
    OPTIONAL { ?g dcterms:title ?title }
  }
}"""


def load_sources(store: Any, articles: Iterable[str] | None = None) -> dict[str, dict[str, str]]:
    """Article id -> where it came from: ``{"location": ..., "title": ...}``.

    ``location`` is the file path under the input root or the URL the article
    was read from (``dcterms:source``; missing for standard input), ``title``
    its headline, each only when known. With ``articles``, only those ids.

    Examples
    --------
    >>> from kg.model import Article
    >>> from kg.store import open_store
    >>> with open_store(None) as store:
    ...     store.replace_article(Article("n1", "…", title="Talks", location="news/n1.txt"), [])
    ...     load_sources(store)
    {'n1': {'location': 'news/n1.txt', 'title': 'Talks'}}
    """
    wanted = set(articles) if articles is not None else None
    out: dict[str, dict[str, str]] = {}
    for row in _select(store, _SOURCES):
        aid = _local(row["g"], "/article/")
        if wanted is not None and aid not in wanted:
            continue
        info = out.setdefault(aid, {})
        for key, var in (("location", "src"), ("title", "title")):
            if row.get(var) is not None:
                info.setdefault(key, str(_value(row[var])))
    return out


def origin(article: str, sources: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """Where a piece of evidence came from, in words: "from file X", "from URL".

    ``sources`` maps article ids to their ``location`` (the file under the
    input root, or the URL) and ``title``, as :func:`kg.analyze.load_graph`
    puts them on the graph (``G.graph["sources"]``). The article id is added
    when it is not the location itself (a JSON line's ``id``), the headline
    when known.

    Examples
    --------
    >>> origin("news/a.txt", {"news/a.txt": {"location": "news/a.txt"}})
    'from file news/a.txt'
    >>> origin("n7", {"n7": {"location": "feed.jsonl", "title": "Talks resume"}})
    'from file feed.jsonl, article n7, “Talks resume”'
    >>> origin("x1", {"x1": {"location": "https://example.org/x1"}})
    'from https://example.org/x1'
    >>> origin("3f2a9c")
    'from article 3f2a9c'
    """
    info = (sources or {}).get(article) or {}
    where, title = info.get("location"), info.get("title")
    if not where:
        text = f"from article {article}"
    elif "://" in where:
        text = f"from {where}"
    else:
        text = f"from file {where}"
    if where and article != where and "://" not in where:
        text += f", article {article}"
    return text + (f", \u201c{title}\u201d" if title else "")

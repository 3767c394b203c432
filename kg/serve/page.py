"""The self-contained query page served at ``/`` (no script or style from elsewhere)."""

from __future__ import annotations

__all__ = ["PAGE"]

#: the page's HTML; ``__MODE__`` is replaced by the endpoint's mode and limits.
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>geokg SPARQL endpoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px system-ui,sans-serif;margin:1.5em auto;max-width:70em;padding:0 1em;color:#222}
textarea{width:100%;height:14em;font:13px ui-monospace,monospace;box-sizing:border-box}
table{border-collapse:collapse;margin-top:1em;font-size:13px}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f2f2f2} pre{background:#f7f7f7;padding:.8em;overflow:auto}
#status{margin-left:1em;color:#555} .err{color:#b00020;white-space:pre-wrap}
</style></head><body>
<h1>geokg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/query</code> (GET or POST). __MODE__</p>
<form id="f"><textarea id="q" name="query" spellcheck="false">PREFIX geo: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?source ?relation ?target (COUNT(?ev) AS ?evidence) WHERE {
  ?ev geo:source ?s ; geo:target ?t ; geo:relation ?relation ; geo:negated false .
  ?s rdfs:label ?source . ?t rdfs:label ?target .
} GROUP BY ?source ?relation ?target ORDER BY DESC(?evidence) LIMIT 50</textarea>
<p><label>Answer as <select id="fmt">
<option value="table">table</option><option value="json">JSON</option>
<option value="xml">XML</option><option value="csv">CSV</option><option value="tsv">TSV</option>
<option value="turtle">Turtle (CONSTRUCT)</option><option value="nt">N-Triples (CONSTRUCT)</option>
</select></label> <button type="submit">Run query</button><span id="status"></span></p>
</form><div id="out"></div>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const ACCEPT = {
  table: "application/sparql-results+json, text/turtle;q=0.9",
  json: "application/sparql-results+json", xml: "application/sparql-results+xml",
  csv: "text/csv", tsv: "text/tab-separated-values",
  turtle: "text/turtle", nt: "application/n-triples",
};
function cell(t) {
  if (!t) return "";
  if (t.type === "literal") return t.value + (t["xml:lang"] ? "@" + t["xml:lang"] : "");
  if (t.type === "triple") {
    const v = t.value;
    return "<< " + [v.subject, v.predicate, v.object].map(cell).join(" ") + " >>";
  }
  return t.type === "bnode" ? "_:" + t.value : t.value;
}
function el(tag, text) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}
function fail(status, text) {
  $("status").textContent = status;
  const p = el("p", text);
  p.className = "err";
  $("out").append(p);
}
$("f").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const fmt = $("fmt").value, out = $("out");
  out.replaceChildren();
  $("status").textContent = "running…";
  const t0 = performance.now();
  try {
    const r = await fetch("query", {
      method: "POST", body: $("q").value,
      headers: {"Content-Type": "application/sparql-query", "Accept": ACCEPT[fmt]},
    });
    const text = await r.text();
    const ms = Math.round(performance.now() - t0) + " ms";
    if (!r.ok) { fail(r.status + " " + r.statusText, text); return; }
    const cut = r.headers.get("X-Geokg-Truncated") ? " (cut at the result cap)" : "";
    const ctype = r.headers.get("Content-Type") || "";
    if (fmt !== "table" || !ctype.startsWith("application/sparql-results+json")) {
      $("status").textContent = ms + cut;
      out.append(el("pre", text));
      return;
    }
    const data = JSON.parse(text);
    if ("boolean" in data) {
      $("status").textContent = ms;
      out.append(el("p", "ASK: " + data.boolean));
      return;
    }
    const table = el("table"), head = el("tr");
    data.head.vars.forEach((v) => head.append(el("th", "?" + v)));
    table.append(head);
    for (const row of data.results.bindings) {
      const tr = el("tr");
      data.head.vars.forEach((v) => tr.append(el("td", cell(row[v]))));
      table.append(tr);
    }
    $("status").textContent = data.results.bindings.length + " rows, " + ms + cut;
    out.append(table);
  } catch (e) { fail("failed", String(e)); }
});
</script></body></html>
"""

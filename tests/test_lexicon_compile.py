"""Tests for kg.lexicon_compile: the CAMEO verb dictionary compiled into triggers."""

from __future__ import annotations

import json
from pathlib import Path

from kg.lexicon_compile import build_json, compile_lexicon, parse_verbs, relation_for_code
from kg.nlp.lexicon import load_lexicon

# a made-up dictionary in the CAMEO verb file's format
DICT = """\
####### SYNONYM SETS #######

&ARMOUR
+TANK
+HOWITZER_

####### VERB PATTERNS #######

---  PUMMEL   [190]  ---
PUMMEL {PUMMELS PUMMELLED}
TROUNCE [180]
+LASH_AT
- * &ARMOUR                                  [194]    # PUMMEL
- * (WITH +)                                 [190]    # PUMMEL
- &ARMOUR * VILLAGE                          [195]    # subject constrained: skipped
- * (TO {DISTANT PLACE})                     [190]    # constrained object: skipped
- * GOLF                                     [---]    # not coded

---  PONDER   [---]  ---
PONDER
- * GRANT                                    [071]    # PONDER
- * REMARK                                   [012]    # public statement: not an event here

######## TRANSFORMATIONS ##########
"""

CODES = "code,plover_event\n190,ASSAULT\n180,ASSAULT\n194,ASSAULT\n071,AID\n012,x\n"


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    cameo = tmp_path / "verbs.txt"
    cameo.write_text(DICT, encoding="utf-8")
    codes = tmp_path / "codes.csv"
    codes.write_text(CODES, encoding="utf-8")
    hand = tmp_path / "hand.ttl"
    hand.write_text(
        "@prefix geo: <https://w3id.org/geokg/ontology#> .\n"
        "@prefix lex: <https://w3id.org/geokg/lexicon#> .\n"
        'lex:a a geo:Trigger ; geo:triggerRelation geo:attacks ; geo:triggerPos "VERB" ;\n'
        '    geo:lexeme "trounce" ; lex:via "dobj", "on" .\n'
        'lex:n a lex:Negator ; geo:lexeme "ponder" .\n',
        encoding="utf-8",
    )
    return cameo, codes, hand


def test_lexicon_compile_parses_groups_and_synsets() -> None:
    synsets, groups = parse_verbs(DICT)
    assert synsets["&ARMOUR"] == ["TANK", "HOWITZER_"]
    assert [g.name for g in groups] == ["PUMMEL", "PONDER"]
    assert groups[0].code == "190" and groups[1].code is None
    assert ("TROUNCE", "180") in groups[0].verbs


def test_lexicon_compile_maps_codes_to_relations() -> None:
    assert relation_for_code("190", {}) == "attacks"
    assert relation_for_code("0234", {}) == "requests_aid_from"
    assert relation_for_code("112", {}) == "accuses"
    assert relation_for_code("111", {}) == "opposes"
    assert relation_for_code("071", {"071": "AID"}) == "provides_aid_to"
    assert relation_for_code("010", {}) is None


def test_lexicon_compile_keeps_simple_patterns_only(tmp_path: Path) -> None:
    entries, stats = compile_lexicon(*_files(tmp_path))
    got = {(e.lemma, e.relation, tuple(sorted(e.objects)), e.via) for e in entries}
    assert ("pummel", "attacks", (), ("dobj", "on")) in got  # the group code
    assert ("pummel", "attacks", ("howitzer", "tank"), ("dobj", "on")) in got
    assert ("pummel", "attacks", (), ("with",)) in got
    assert ("lash", "attacks", (), ("at",)) in got  # a phrasal verb
    # hand entries win, negators never trigger, constrained patterns are skipped
    assert not any(e.lemma in ("trounce", "ponder") for e in entries)
    assert not any("village" in e.objects or "golf" in e.objects for e in entries)
    assert stats["patterns_in"] == 7 and stats["kept"] == len(entries)
    data = json.loads(build_json(entries, stats))
    assert len(data["entries"]) == len(entries)
    assert "MIT" in " ".join(data["sources"])


def test_lexicon_compiled_entries_are_loaded_after_hand_entries() -> None:
    lex = load_lexicon()
    entries = lex.lookup("VERB", "attack")
    assert entries and not entries[0].cameo  # the hand entry first
    assert any(t.cameo for ts in lex.triggers.values() for t in ts)
    # a verb only the CAMEO dictionary knows
    assert any(t.cameo and t.relation == "opposes" for t in lex.lookup("VERB", "berate"))

"""The trigger lexicon of the relation extractor, read from ``ontology/lexicon.ttl``.

The lexicon says which lemmas express which relation and where their
arguments are (see the comments at the top of ``lexicon.ttl``). Users add
triggers by adding Turtle, never by editing this module.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ConfigError

if TYPE_CHECKING:
    import rdflib

__all__ = ["LEX", "WORD_CLASSES", "Lexicon", "Trigger", "load_lexicon"]

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
    #: dependency labels the verb must not have ("call X" is a call, "call X a
    #: liar" (oprd), "call X to act" (xcomp) and "call off" (prt) are not)
    excludes: tuple[str, ...] = ()
    #: the PLOVER type and CAMEO root of the entry's events when they differ from
    #: the relation's ("restore diplomatic ties" is cooperation, PLOVER SUPPORT)
    plover: str = ""
    cameo_root: str = ""
    name: str = ""
    #: the CAMEO code of a compiled entry (``lexicon_cameo.json``); "" for a hand entry
    cameo: str = ""


#: the word classes of the lexicon: ``lex:<Class>`` → the :class:`Lexicon`
#: accessor that reads it (every class declared in ``lexicon.ttl`` is read).
WORD_CLASSES: dict[str, str] = {
    "LightVerb": "light_verbs",
    "Negator": "negators",
    "IntentVerb": "intent_verbs",
    "PossibleVerb": "possible_verbs",
    "FutureModal": "future_modals",
    "CommissiveVerb": "commissive_verbs",
    "Directive": "directives",
    "ObjectControlVerb": "object_control_verbs",
    "ThreatVerb": "threat_verbs",
    "RequestVerb": "request_verbs",
    "ResponsibilityVerb": "responsibility_verbs",
    "IntentNoun": "intent_nouns",
    "LedParticiple": "led_participles",
    "AimParticiple": "aim_participles",
    "QuantityNoun": "quantity_nouns",
    "RelationalNoun": "relational_nouns",
    "PartNoun": "part_nouns",
    "PlaceNoun": "place_nouns",
    "SeatNoun": "seat_nouns",
    "RelativePronoun": "relative_pronouns",
    "SpeechVerb": "speech_verbs",
    "ReportingVerb": "reporting_verbs",
    "ObligationModal": "obligation_modals",
    "RefusalVerb": "refusal_verbs",
    "Locative": "locatives",
    "PeopleSector": "people_sectors",
    "AuthoritySector": "authority_sectors",
    "PublicMeasure": "public_measures",
    "ConditionalMark": "conditional_marks",
    "AgentNoun": "agent_nouns",
    "GovernmentNoun": "government_nouns",
    "ForceNoun": "force_nouns",
    "PlaceHead": "place_heads",
    "RegionWord": "region_words",
    "TargetLocative": "target_locatives",
    # issue 16: coreference and the extractor's function words
    "PersonPronoun": "person_pronouns",
    "NeuterPronoun": "neuter_pronouns",
    "PluralPronoun": "plural_pronouns",
    "FirstPersonPronoun": "first_person_pronouns",
    "GovernmentDescription": "government_descriptions",
    "AimPreposition": "aim_prepositions",
    "AdjunctPreposition": "adjunct_prepositions",
    "CircumstancePreposition": "circumstance_prepositions",
    "Approximator": "approximators",
    "WeaponNoun": "weapon_nouns",
    "StancePrefix": "stance_prefixes",
    "LeadershipVerb": "leadership_verbs",
    "OccurrenceVerb": "occurrence_verbs",
    "ReceiptVerb": "receipt_verbs",
    "MediationNoun": "mediation_nouns",
    "PatientVerb": "patient_verbs",
    "MotionVerb": "motion_verbs",
}


@dataclass(frozen=True)
class Lexicon:
    """Triggers indexed by (part of speech, lemma), and the function-word classes.

    Every word list the extractor consults is one ``lex:`` class of
    ``lexicon.ttl`` (see :data:`WORD_CLASSES`) and read through the accessor
    of the same meaning (``lex.negators``, ``lex.possible_verbs``, …).

    Examples
    --------
    >>> lex = load_lexicon()
    >>> sorted({t.relation for t in lex.lookup("VERB", "back") if not t.cameo})
    ['supports']
    >>> "deny" in lex.negators
    True
    >>> "can" in lex.possible_verbs
    True
    """

    triggers: dict[tuple[str, str], tuple[Trigger, ...]]
    patterns: tuple[tuple[tuple[str, ...], str], ...] = ()
    words: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    reactive: frozenset[str] = frozenset()
    #: relations whose direct object is a topic unless it names a party (``lex:TopicRelation``)
    topic_relations: frozenset[str] = frozenset()
    source: str = field(default="", compare=False)
    #: relation → (target sector, source kind) of ``lex:ImplicitTarget`` entries
    implicit: tuple[tuple[str, str, str], ...] = ()
    #: relation → source sector of ``lex:ImplicitSource`` entries
    implicit_source: tuple[tuple[str, str], ...] = ()
    #: relation → source sector of ``lex:ImplicitCrowd`` entries
    implicit_crowd: tuple[tuple[str, str], ...] = ()
    #: definite descriptions ("the rebels") → the actor types they can stand for
    #: (``lex:ActorDescription`` entries, read by coreference)
    descriptions: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    #: rules of :data:`kg.nlp.rules.RULES` switched off (``kg eval --ablate``)
    disabled: frozenset[str] = field(default=frozenset(), compare=False)

    def enabled(self, rule: str) -> bool:
        """Whether the extractor's code path ``rule`` (:data:`kg.nlp.rules.RULES`) is on."""
        return rule not in self.disabled

    def lookup(self, pos: str, lemma: str) -> tuple[Trigger, ...]:
        """Entries for a lemma used as ``pos`` (``VERB``, ``NOUN`` or ``ADJ``)."""
        return self.triggers.get((pos, lemma), ())

    def word_class(self, name: str) -> frozenset[str]:
        """The words of the class ``lex:<name>`` (empty when it has none)."""
        found = self.words.get(name)
        if found is not None:
            return found
        if name not in WORD_CLASSES:
            raise KeyError(f"no word class lex:{name}; known: {sorted(WORD_CLASSES)}")
        return frozenset()

    @functools.cached_property
    def trigger_words(self) -> frozenset[str]:
        """Every word a verb or noun entry is looked up by (the last word of a
        two-word noun, quantity nouns that carry their compound's relation):
        a word outside it triggers nothing."""
        words = {lemma.rsplit(" ", 1)[-1] for (pos, lemma) in self.triggers if pos != "ADJ"}
        return frozenset(words | self.quantity_nouns)

    def hand_verbs(self, relations: frozenset[str] | None = None) -> frozenset[str]:
        """Verb lemmas of the hand-written (not compiled) entries, of ``relations``
        only when given: the verbs a mistagged word may be read as
        (:mod:`kg.nlp.lemmas`), or those of attacks and coercion (:mod:`kg.nlp.people`)."""
        return frozenset(
            lemma
            for (pos, lemma), entries in self.triggers.items()
            if pos == "VERB"
            and " " not in lemma
            and any(not e.cameo and (not relations or e.relation in relations) for e in entries)
        )

    @functools.cached_property
    def adjective_words(self) -> frozenset[str]:
        """Words of the adjective and participle entries ("opposed", "backed")."""
        return frozenset(lemma for (pos, lemma) in self.triggers if pos == "ADJ")

    @functools.cached_property
    def pattern_words(self) -> frozenset[str]:
        """First words of the multiword patterns ("come" of "come to the aid of")."""
        return frozenset(words[0] for words, _ in self.patterns if words)

    @property
    def relations(self) -> frozenset[str]:
        """Relation names that have at least one trigger."""
        return frozenset(t.relation for ts in self.triggers.values() for t in ts)

    # ------------------------------------------------------- word classes
    @property
    def light_verbs(self) -> frozenset[str]:
        """Verbs passing subject, negation and modality to a noun trigger ("hold talks")."""
        return self.word_class("LightVerb")

    @property
    def negators(self) -> frozenset[str]:
        """Verbs negating the clause they govern ("denied supporting")."""
        return self.word_class("Negator")

    @property
    def intent_verbs(self) -> frozenset[str]:
        """Verbs making what they govern intended ("pledged to send")."""
        return self.word_class("IntentVerb")

    @property
    def possible_verbs(self) -> frozenset[str]:
        """Modal auxiliaries of possibility ("can", "could", "may", "might")."""
        return self.word_class("PossibleVerb")

    @property
    def future_modals(self) -> frozenset[str]:
        """Auxiliaries of the future ("will", "would", "shall")."""
        return self.word_class("FutureModal")

    @property
    def commissive_verbs(self) -> frozenset[str]:
        """Trigger verbs that are themselves a promise ("pledge aid", "offer troops")."""
        return self.word_class("CommissiveVerb")

    @property
    def directives(self) -> frozenset[str]:
        """Verbs whose complement is what someone else is urged to do."""
        return self.word_class("Directive")

    @property
    def object_control_verbs(self) -> frozenset[str]:
        """Verbs whose object does their infinitive ("urged Iran to leave": Iran leaves)."""
        return self.word_class("ObjectControlVerb")

    @property
    def threat_verbs(self) -> frozenset[str]:
        """Verbs that turn the attack they govern into a threat ("vowed to retaliate")."""
        return self.word_class("ThreatVerb")

    @property
    def request_verbs(self) -> frozenset[str]:
        """Verbs of asking (an agentless "X was asked to help Y": Y asked X)."""
        return self.word_class("RequestVerb")

    @property
    def responsibility_verbs(self) -> frozenset[str]:
        """Verbs of "claimed responsibility for the attack"."""
        return self.word_class("ResponsibilityVerb")

    @property
    def intent_nouns(self) -> frozenset[str]:
        """Nouns whose infinitive is an intention of their owner ("plans to")."""
        return self.word_class("IntentNoun")

    @property
    def led_participles(self) -> frozenset[str]:
        """Participles by which "X-led Y" stands for X."""
        return self.word_class("LedParticiple")

    @property
    def aim_participles(self) -> frozenset[str]:
        """Participles passing a noun's target on ("drills aimed at Taiwan")."""
        return self.word_class("AimParticiple")

    @property
    def quantity_nouns(self) -> frozenset[str]:
        """Nouns that only count the real object ("a squadron of tanks")."""
        return self.word_class("QuantityNoun")

    @property
    def relational_nouns(self) -> frozenset[str]:
        """Nouns naming someone else than their possessor ("Haftar's rivals")."""
        return self.word_class("RelationalNoun")

    @property
    def part_nouns(self) -> frozenset[str]:
        """Nouns whose "of" phrase names the actor they stand for ("the government of Libya")."""
        return self.word_class("PartNoun")

    @property
    def place_nouns(self) -> frozenset[str]:
        """Places: their "of" phrase is an actor only when it is a known one."""
        return self.word_class("PlaceNoun")

    @property
    def seat_nouns(self) -> frozenset[str]:
        """Authorities that may be named by their seat ("the government in Belgrade")."""
        return self.word_class("SeatNoun")

    @property
    def speech_verbs(self) -> frozenset[str]:
        """Verbs of saying whose clause may oblige someone ("said Iran must leave")."""
        return self.word_class("SpeechVerb")

    @property
    def reporting_verbs(self) -> frozenset[str]:
        """Verbs that report what a speaker said ("X said ...", "X told ..."): their
        subject is the speaker of the clause and of its pronouns."""
        return self.word_class("ReportingVerb")

    @property
    def obligation_modals(self) -> frozenset[str]:
        """Auxiliaries of obligation ("must", "should")."""
        return self.word_class("ObligationModal")

    @property
    def refusal_verbs(self) -> frozenset[str]:
        """Negators that reject the other party ("refused to meet X": rejects X)."""
        return self.word_class("RefusalVerb")

    @functools.cached_property
    def implicit_targets(self) -> dict[str, tuple[str, str]]:
        """Relations whose unsaid target is implied: relation → (target sector, source kind).

        Examples
        --------
        >>> load_lexicon().implicit_targets["protests_against"]
        ('GOV', 'people')
        """
        return {rel: (sector, kind) for rel, sector, kind in self.implicit}

    @property
    def public_measures(self) -> frozenset[str]:
        """Measures on the public and people nouns: an authority's act on them at
        home has the place's people as its implicit target ("imposed a curfew")."""
        return self.word_class("PublicMeasure")

    @property
    def verbs(self) -> frozenset[str]:
        """Every verb lemma the lexicon reads: triggers and the verb word classes."""
        trig = {lemma for (pos, lemma) in self.triggers if pos == "VERB"}
        classes = (
            "LightVerb", "Negator", "IntentVerb", "CommissiveVerb", "Directive",
            "ObjectControlVerb", "ThreatVerb", "RequestVerb", "ResponsibilityVerb",
            "SpeechVerb", "ReportingVerb", "RefusalVerb",
        )  # fmt: skip
        return frozenset(trig).union(*(self.word_class(c) for c in classes))

    @property
    def agent_nouns(self) -> frozenset[str]:
        """Nouns that, with a demonym, stand for the state ("Russian forces")."""
        return self.word_class("AgentNoun")

    @property
    def government_nouns(self) -> frozenset[str]:
        """Nouns for a state's governing body ("the Libyan government")."""
        return self.word_class("GovernmentNoun")

    @property
    def force_nouns(self) -> frozenset[str]:
        """Nouns for a state's armed forces ("Libyan forces")."""
        return self.word_class("ForceNoun")

    @property
    def place_heads(self) -> frozenset[str]:
        """Last words of a name that make it a place ("Al-Watiya Air Base")."""
        return self.word_class("PlaceHead")

    @property
    def region_words(self) -> frozenset[str]:
        """Words before a country's name that make a region of it ("South Lebanon")."""
        return self.word_class("RegionWord")

    @property
    def target_locatives(self) -> frozenset[str]:
        """Prepositions that locate an event at a place ("in Kharkiv", "near Sirte")."""
        return self.word_class("TargetLocative")

    @property
    def conditional_marks(self) -> frozenset[str]:
        """Subordinators of a condition: what "unless X withdraws" says is no act."""
        return self.word_class("ConditionalMark")

    @functools.cached_property
    def implicit_sources(self) -> dict[str, str]:
        """Relations whose unsaid source is implied by a weapon agent: relation → sector.

        Examples
        --------
        >>> load_lexicon().implicit_sources["attacks"]
        'UAF'
        """
        return dict(self.implicit_source)

    @functools.cached_property
    def implicit_crowds(self) -> dict[str, str]:
        """Relation → sector of the people whose placed, party-less event noun it is
        ("protests in Tehran", "a rally in Nairobi": ``protests_against`` → OPP)."""
        return dict(self.implicit_crowd)

    @property
    def weapon_nouns(self) -> frozenset[str]:
        """Weapons and blasts that act alone in news ("killed by a roadside bomb")."""
        return self.word_class("WeaponNoun")

    @property
    def stance_prefixes(self) -> frozenset[str]:
        """Prefixes of a stance toward a state: an "anti-Syria journalist" is not Syrian."""
        return self.word_class("StancePrefix")

    @property
    def leadership_verbs(self) -> frozenset[str]:
        """Verbs of leading ("the RSF, commanded by Hemedti"): alone no event; a
        compiled entry needs its object to fire ("lead an attack")."""
        return self.word_class("LeadershipVerb")

    @property
    def occurrence_verbs(self) -> frozenset[str]:
        """Verbs of an event happening ("fighting broke out between X and Y"): their
        subject is the event, their prepositions its arguments."""
        return self.word_class("OccurrenceVerb")

    @property
    def patient_verbs(self) -> frozenset[str]:
        """Verbs whose subject undergoes the event ("a prisoner died"): no compiled
        entry without an object reads it as the actor; "died in an attack" is a victim."""
        return self.word_class("PatientVerb")

    @property
    def mediation_nouns(self) -> frozenset[str]:
        """Nouns of mediation: the mediator meets each side, the sides need not meet."""
        return self.word_class("MediationNoun")

    @property
    def receipt_verbs(self) -> frozenset[str]:
        """Verbs of receiving ("has the backing of Egypt", "won Russia's support"):
        the noun's of-phrase or owner gives, the verb's subject receives."""
        return self.word_class("ReceiptVerb")

    @property
    def motion_verbs(self) -> frozenset[str]:
        """Verbs of a journey: "arrived in Beijing for talks" meets Beijing."""
        return self.word_class("MotionVerb")

    @property
    def locatives(self) -> frozenset[str]:
        """Prepositions placing a clause ("rallied *outside* parliament")."""
        return self.word_class("Locative")

    @property
    def people_sectors(self) -> frozenset[str]:
        """Sector codes of people of a place: "demonstrators in Baghdad" are Iraqi.

        Examples
        --------
        >>> "OPP" in load_lexicon().people_sectors
        True
        """
        return frozenset(w.upper() for w in self.word_class("PeopleSector"))

    @property
    def authority_sectors(self) -> frozenset[str]:
        """Sector codes of a state's domestic authorities (police, government, courts)."""
        return frozenset(w.upper() for w in self.word_class("AuthoritySector"))

    @property
    def relative_pronouns(self) -> frozenset[str]:
        """Pronouns standing for the noun their clause modifies ("who", "which")."""
        return self.word_class("RelativePronoun")

    # ------------------------------- issue 16: coreference, function words
    @property
    def person_pronouns(self) -> frozenset[str]:
        """Pronouns standing for a person ("he", "her", ...).

        Examples
        --------
        >>> sorted(load_lexicon().person_pronouns)[:3]
        ['he', 'her', 'hers']
        """
        return self.word_class("PersonPronoun")

    @property
    def neuter_pronouns(self) -> frozenset[str]:
        """Pronouns standing for one state or organization ("it", "its", "itself")."""
        return self.word_class("NeuterPronoun")

    @property
    def plural_pronouns(self) -> frozenset[str]:
        """Pronouns standing for a group or a coordination ("they", "their", ...)."""
        return self.word_class("PluralPronoun")

    @property
    def first_person_pronouns(self) -> frozenset[str]:
        """First-person plural pronouns: the actor of the speaker ("we", "our", ...)."""
        return self.word_class("FirstPersonPronoun")

    @property
    def government_descriptions(self) -> frozenset[str]:
        """Descriptions of a state's governing body ("the government", "the regime")."""
        return self.word_class("GovernmentDescription")

    @property
    def aim_prepositions(self) -> frozenset[str]:
        """Prepositions aiming an act at someone ("cut off power *to* X")."""
        return self.word_class("AimPreposition")

    @property
    def adjunct_prepositions(self) -> frozenset[str]:
        """Prepositions of adjuncts (reason, time, circumstance), never of a verb's
        object ("broke off ties with X *over* its ties with Y")."""
        return self.word_class("AdjunctPreposition")

    @property
    def circumstance_prepositions(self) -> frozenset[str]:
        """Prepositions placing an act in an event of its subject's ("threw stones
        *during* protests against the army": the protests are the stone-throwers')."""
        return self.word_class("CircumstancePreposition")

    @property
    def approximators(self) -> frozenset[str]:
        """Words before "to" and a count: the counted noun is the object ("seized
        *up* to 16 sailors")."""
        return self.word_class("Approximator")


def _bundled(name: str = "lexicon.ttl") -> Path:
    return Path(str(resources.files("kg.ontology").joinpath(name)))


def _compiled(confidence: float = 0.6) -> list[Trigger]:
    """The entries compiled from the CAMEO verb dictionary (``kg.lexicon_compile``)."""
    import json

    path = _bundled("lexicon_cameo.json")
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Trigger(
            relation=row["relation"],
            pos="VERB",
            lemmas=frozenset([row["lemma"]]),
            via=tuple(row.get("via") or ("dobj",)),
            objects=frozenset(row.get("objects") or ()),
            confidence=confidence,
            name=f"cameo:{row['cameo']}:{row['lemma']}",
            cameo=row["cameo"],
        )
        for row in data["entries"]
    ]


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The bundled lexicon (``ontology/lexicon.ttl``), extended by the Turtle file
    ``path`` when given; cached in the process and in the compiled index
    (:mod:`kg.cache`)."""
    import sys

    from kg.cache import cached

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
    sources = [*files, _bundled("lexicon_cameo.json")]
    modules = [sys.modules[__name__]]
    return cached("lexicon", sources, lambda: _parse_lexicon(files), modules=modules)


def _parse_lexicon(files: list[Path]) -> Lexicon:
    import rdflib
    from rdflib.namespace import RDF

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
            excludes=tuple(strings(node, lex.excludes)),
            plover=str(graph.value(node, lex.plover) or "").upper(),
            cameo_root=str(graph.value(node, lex.cameoRoot) or ""),
            name=str(node).rsplit("#", 1)[-1],
            cameo=str(graph.value(node, lex.cameo) or ""),
        )
        for lemma in trigger.lemmas:
            index[(trigger.pos, lemma)].append(trigger)
    for trigger in _compiled():
        # after the hand entries: they come first for a lemma
        for lemma in trigger.lemmas:
            index[(trigger.pos, lemma)].append(trigger)

    patterns = []
    for node in sorted(graph.subjects(RDF.type, lex.Pattern), key=str):
        rel = graph.value(node, geo.triggerRelation)
        if rel is None:
            raise ConfigError(f"lexicon pattern {node} needs geo:triggerRelation")
        for phrase in strings(node, geo.lexeme):
            patterns.append((tuple(phrase.split()), str(rel).rsplit("#", 1)[-1]))

    reactive = frozenset(
        str(rel).rsplit("#", 1)[-1]
        for node in graph.subjects(RDF.type, lex.ReactiveRelation)
        for rel in graph.objects(node, geo.triggerRelation)
    )
    implicit = []
    for node in sorted(graph.subjects(RDF.type, lex.ImplicitTarget), key=str):
        sector, kind = graph.value(node, lex.targetSector), graph.value(node, lex.sourceKind)
        if sector is None or str(kind) not in ("people", "authority"):
            raise ConfigError(
                f"lexicon entry {node} needs lex:targetSector and lex:sourceKind "
                '"people" or "authority"'
            )
        for rel in graph.objects(node, geo.triggerRelation):
            implicit.append((str(rel).rsplit("#", 1)[-1], str(sector).upper(), str(kind)))

    def source_sectors(cls: rdflib.URIRef) -> list[tuple[str, str]]:
        """(relation, source sector) of ``lex:ImplicitSource``/``ImplicitCrowd`` entries."""
        out = []
        for node in sorted(graph.subjects(RDF.type, cls), key=str):
            sector = graph.value(node, lex.sourceSector)
            if sector is None:
                raise ConfigError(f"lexicon entry {node} needs lex:sourceSector")
            for rel in graph.objects(node, geo.triggerRelation):
                out.append((str(rel).rsplit("#", 1)[-1], str(sector).upper()))
        return out

    implicit_source = source_sectors(lex.ImplicitSource)
    implicit_crowd = source_sectors(lex.ImplicitCrowd)
    topic = frozenset(
        str(rel).rsplit("#", 1)[-1]
        for node in graph.subjects(RDF.type, lex.TopicRelation)
        for rel in graph.objects(node, geo.triggerRelation)
    )
    return Lexicon(
        topic_relations=topic,
        triggers={k: tuple(v) for k, v in index.items()},
        implicit=tuple(implicit),
        implicit_crowd=tuple(sorted(set(implicit_crowd))),
        implicit_source=tuple(implicit_source),
        patterns=tuple(patterns),
        words={name: words(lex[name]) for name in WORD_CLASSES},
        reactive=reactive,
        source=str(file),
        descriptions=_descriptions(graph),
    )


def _descriptions(graph: rdflib.Graph) -> dict[str, frozenset[str]]:
    """``lex:ActorDescription`` entries: each word → the actor types (local names
    of their ``lex:actorType`` classes) it can stand for."""
    import rdflib
    from rdflib.namespace import RDF

    lex = rdflib.Namespace(LEX)
    kinds: dict[str, set[str]] = defaultdict(set)
    for node in graph.subjects(RDF.type, lex.ActorDescription):
        types = [str(t).rsplit("#", 1)[-1] for t in graph.objects(node, lex.actorType)]
        if not types:
            raise ConfigError(f"lexicon entry {node} needs lex:actorType")
        for word in graph.objects(node, rdflib.URIRef(_GEO + "lexeme")):
            kinds[str(word).lower()].update(types)
    return {word: frozenset(types) for word, types in kinds.items()}

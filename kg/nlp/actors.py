"""Actor resolution: which tokens of a Doc mention which actor.

The component ``geokg_actors`` finds mentions in four passes and links each one
to the actor knowledge base (:mod:`kg.kb`), overriding the statistical NER
where the two disagree (en_core_web_sm tags "Cavusoglu" ORG and "Kyiv" PERSON):

1. a gazetteer (PhraseMatcher) over every name, alias, capital and seat of the
   knowledge base — case-aware for acronyms ("US", "IS");
2. titles: the words before a person's name ("Turkish Foreign Minister",
   "Libyan National Army commander", "Sudan's army chief") give the person an
   ``affiliated_with`` fact with a role, for unknown people too;
3. demonyms on people, officials and forces ("Russian forces", "Iraqi
   officials") stand for the state;
4. remaining PERSON/ORG/GPE/NORP entities are looked up, and otherwise minted
   as new actors (never merged with a known one by a loose string match).

The result is ``doc._.geokg_mentions``: a list of :class:`Mention`, sorted by
position; :mod:`kg.nlp.coref` appends pronoun and description mentions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg.kb_tables import _RANKS, _TITLES, normalize
from kg.model import Actor
from kg.months import month_number
from kg.nlp.lemmas import repair_lemmas, repair_predicates
from kg.nlp.mentions import Mention, mention_index, mentions_of, sentence_of, sentences
from kg.nlp.people import clause_place, people_in_context, state_mentioned, state_of_place
from kg.nlp.scan import indices

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.kb import ActorKB, Role
    from kg.nlp.gazetteer import Gazetteer

__all__ = [
    "ActorResolver",
    "Mention",
    "mention_index",
    "mentions_of",
    "sentence_of",
    "sentences",
]

#: offices that come before a person's name ("President Saddam"): a title, not a sector.
_OFFICES = frozenset(
    k
    for k in (*_TITLES, *_RANKS)
    if k not in ("leader", "leaders", "spokesman", "spokeswoman", "spokesperson", "envoy")
)

_ENT_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
_MINT_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "State", "NORP": "Group"}
_TITLE_POS = {"PROPN", "NOUN", "ADJ", "PART", "PUNCT"}


def _register_extensions() -> None:
    if not Doc.has_extension("geokg_mentions"):
        Doc.set_extension("geokg_mentions", default=None)
    if not Doc.has_extension("geokg_date"):
        Doc.set_extension("geokg_date", default=None)
    if not Doc.has_extension("geokg_period"):
        # an undated article's period read from its text (kg.nlp.period), used to
        # resolve names and seats; never written as the events' date
        Doc.set_extension("geokg_period", default=None)


class ActorResolver:
    """The ``geokg_actors`` pipeline component (see the module docstring)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "geokg_actors",
        *,
        extra_actors: Iterable[str] = (),
        mint_unknown: bool = True,
        kb: ActorKB | None = None,
    ) -> None:
        from kg.kb import ActorKB, load_kb

        _register_extensions()
        self.name = name
        self.mint_unknown = mint_unknown
        extra = list(extra_actors)
        self.kb = kb or (ActorKB.load(extra) if extra else load_kb())
        from kg.nlp.context import ContextResolver
        from kg.nlp.lexicon import load_lexicon
        from kg.places import load_places

        self.lex = load_lexicon()
        self._verbs = self.lex.verbs
        self._event_verbs = self.lex.hand_verbs()
        self._violent_verbs = self.lex.hand_verbs(frozenset({"attacks", "coerces"}))
        self.context = ContextResolver(self.kb, load_places(tuple(map(str, extra))), self.lex)
        if kb is None:
            self._names = _gazetteer(nlp, self.kb, extra)
        else:  # a knowledge base made by the caller: no compiled index describes it
            from kg.nlp.gazetteer import Gazetteer

            self._names = Gazetteer.build(nlp, self.kb.names())

    # ------------------------------------------------------------------ API
    def __call__(self, doc: Doc) -> Doc:
        repair_lemmas(doc, self._verbs)
        repair_predicates(doc, self._event_verbs)
        date = doc._.geokg_date
        spans = [s for s in self._gazetteer(doc) if not self._name_of_person(s)]
        if date is None:
            date = doc._.geokg_period = self._period(doc, spans)
        taken = {i for s in spans for i in range(s.start, s.end)}
        mentions: list[Mention] = []
        for span in spans:
            m = self._link(span, date)
            if m is not None:
                mentions.append(m)
        # NER entities the gazetteer did not cover
        for ent in doc.ents:
            if ent.label_ not in _ENT_LABELS or any(i in taken for i in range(ent.start, ent.end)):
                continue
            m = self._link(_trim(ent), date, ner_label=ent.label_)
            if m is not None:
                mentions.append(m)
                taken.update(range(m.start, m.end))
        # "an anti-Syria journalist", "pro-Moscow separatists": a stance, not the state
        mentions = [m for m in mentions if not self._stance(doc, m.start)]
        mentions = self._demonym_groups(doc, mentions, taken)
        mentions = self._ethnic_groups(doc, mentions)
        mentions = people_in_context(
            doc,
            mentions,
            self.kb,
            self.context.places,
            people=self.lex.people_sectors,
            authorities=self.lex.authority_sectors,
            locatives=self.lex.locatives,
            violent=self._violent_verbs,
            undergoing=self.lex.patient_verbs,
        )
        mentions = self._titles(doc, mentions, date)
        mentions = self.context(doc, mentions)  # seats of power at the date, places
        mentions = [m for m in mentions if not self._stance(doc, m.start)]
        doc._.geokg_mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    # -------------------------------------------------------------- passes
    def _gazetteer(self, doc: Doc) -> list[Span]:
        from spacy.util import filter_spans

        found = []
        for start, end, ids, folded in self._names(doc):
            span = Span(doc, start, end, label=ids[0])
            if folded and not _plausible_case(span):
                continue
            if _inside_longer_name(span, self.lex.region_words):
                continue
            if _a_date(span):
                continue  # "on 3 May", "May 12": a date, not Theresa May
            found.append(span)
        return sorted(filter_spans(found), key=lambda s: s.start)

    def _link(self, span: Span, date: str | None, ner_label: str | None = None) -> Mention | None:
        text = span.text
        if not text.strip():
            return None
        context = span.sent.text if span.doc.has_annotation("SENT_START") else ""
        match = self.kb.resolve(text, date=date, context=context)
        if match is not None:
            return Mention(
                span.start,
                span.end,
                match.actor,
                match.how,
                match.why,
                match.affiliation,
            )
        if ner_label is None or not self.mint_unknown or ner_label in ("FAC", "LOC"):
            return None
        # unknown places (GPE: mostly cities, "Aden", "Goma") are where things
        # happen, not who acts; unknown nationalities are not actors either
        if ner_label in ("NORP", "GPE") or not _looks_like_actor_name(span):
            return None
        if len(span) == 1 and self.kb.agent_sector([span.text]) is not None:
            return None  # "Farmers protested …": a common agent noun, capitalized
        if self._names_a_thing(span):
            return None
        from kg.kb import mint_actor

        actor = mint_actor(text, _MINT_TYPES[ner_label], None)
        return Mention(span.start, span.end, actor, "minted", f"unknown {ner_label} {text!r}")

    def _name_of_person(self, span: Span) -> bool:
        """A place's name that is part of a person's ("Sheikh Sabah", "Emir Sabah",
        "Sabah al-Ahmad al-Sabah"): a title before it, or a longer PERSON entity
        around it; then the person is resolved, not the place's state."""
        doc = span.doc
        prev = doc[span.start - 1] if span.start > 0 else None
        low = normalize(prev.text) if prev is not None else ""
        titled = low in _TITLES or low in _RANKS
        inside = span[0].ent_type_ == "PERSON" and (
            span[0].ent_iob_ == "I" or (span.end < len(doc) and doc[span.end].ent_iob_ == "I")
        )
        if not (titled or inside):
            return False
        m = self.kb.resolve(span.text)
        return m is not None and m.how == "place"

    def _period(self, doc: Doc, spans: list[Span]) -> str | None:
        """The period of an undated article from its years, bodies and office holders."""
        from kg.nlp.period import best_period, evidence

        actors = []
        for span in spans:
            m = self.kb.resolve(span.text)
            if m is not None:
                actors.append(m.actor)
        names = [e.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
        for name in names:
            m = self.kb.resolve(name)
            if m is not None and m.actor.type == "Person":
                actors.append(m.actor)
        found = evidence(doc, actors, names, self.kb, self.context.places)
        return best_period(found)

    def _names_a_thing(self, span: Span) -> bool:
        """An unknown name that only modifies a common noun ("Acme trucks") names a
        make of thing, not an actor, unless that noun is an agent noun ("Zorvan
        fighters": people of the named group); a name with a model number
        ("Leopard 2 tanks", "F-16 jets") names a thing even before an agent noun."""
        doc = span.doc
        nxt = span.end
        while nxt < len(doc) and doc[nxt].like_num:
            nxt += 1
        if nxt >= len(doc) or doc[nxt].pos_ != "NOUN" or doc[nxt].ent_type_:
            return False
        if nxt > span.end or any(ch.isdigit() for ch in span.text):
            return True
        noun = doc[nxt]
        return all(self.kb.agent_sector([w]) is None for w in (noun.text, noun.lower_, noun.lemma_))

    def _demonym_groups(self, doc: Doc, mentions: list[Mention], taken: set[int]) -> list[Mention]:
        """'Russian forces', 'Iraq's police', 'US servicemen' → a sector of the state.

        A demonym, or a state's name, before an agent noun of the knowledge base
        (``ontology/agents.ttl``: "army", "security forces", "rebels",
        "officials", ...) makes the phrase a mention of the state's sector
        (``RUS_MIL``, ``IRQ_COP``), extending a gazetteer mention of the
        modifier when there is one. A compound head after the agent noun
        belongs to the phrase ("army bulldozers").
        """
        by_token = mention_index(mentions)
        out = list(mentions)
        kb = self.kb
        # only words that may end an agent phrase become Tokens (kg.nlp.scan)
        for i in indices(doc, kb.agents.last_words):
            tok = doc[i]
            if tok.i in taken or not tok.is_alpha or tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
                continue
            first = tok.sent.start if doc.has_annotation("SENT_START") else 0
            lo = max(first, tok.i - kb.agents.max_words)
            words = [t.text for t in doc[lo : tok.i + 1]]
            hit = kb.agent_sector(words)
            if hit is None:
                continue
            a_start, code = lo + hit[0], hit[1]
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.is_alpha:
                longer = kb.agent_sector([*words, nxt.text])
                if longer is not None and lo + longer[0] <= a_start:
                    continue  # "army officers": the longer phrase ends at the next word
                phrase = normalize(doc[a_start : tok.i + 1].text)
                if phrase in _OFFICES and (nxt.pos_ == "PROPN" or nxt.ent_type_ == "PERSON"):
                    continue  # "President Saddam": a title, resolved with the person
            if any(i in taken for i in range(a_start, tok.i + 1)):
                continue
            j = a_start - 1
            adjectives = 0
            while j >= first and (
                doc[j].tag_ == "POS"
                or (doc[j].pos_ == "ADJ" and doc[j].is_lower and adjectives < 2)
            ):
                adjectives += doc[j].tag_ != "POS"
                j -= 1
            inner = by_token.get(j) if j >= first else None
            state = inner.actor if inner is not None else None
            if inner is not None and (state is None or state.type != "State"):
                continue  # "Hamas fighters": the group itself, already a mention
            if state is None and j >= first:
                mod = doc[j]
                state = kb.state_of_demonym(mod.text) if mod.is_title or mod.is_upper else None
            start = inner.start if inner is not None else j
            end = tok.i + 1
            named: str | None = None
            if state is not None and self._stance(doc, start):
                continue  # "a pro-Russian militia" is no Russian militia
            if state is not None and start > first and doc[start - 1].lower_ == "ethnic":
                # "ethnic Albanian guerrillas in Macedonia": a people, not Albania
                if inner is not None:
                    out.remove(inner)
                    taken.difference_update(range(inner.start, inner.end))
                    by_token = mention_index(out)
                state, inner, a_start = None, None, start - 1
            if state is None and code in self.lex.people_sectors:
                # "demonstrators in Baghdad", "students in Jakarta": people of the place
                where = self._country_in(doc, tok, by_token)
                if where is not None:
                    state, start, end, named = where, a_start, tok.i + 1, f"in {where.label}"
            if state is None:
                # "the security forces of Iraq", "protesters (Kenya)"
                inner = self._state_after(doc, tok, by_token)
                if inner is None:
                    continue
                state, start, end = inner.actor, a_start, inner.end
                if doc[tok.i + 1].text == "(":
                    end += 1
            actor = kb.sector_actor(state.id, code)
            if actor is None:
                continue
            head = tok
            while head.dep_ == "compound" and head.head.i == end and head.head.pos_ == "NOUN":
                head = head.head  # "army bulldozers", "police helicopters"
                end = head.i + 1
            if any(
                i in taken and (inner is None or not inner.start <= i < inner.end)
                for i in range(start, end)
            ):
                continue
            # "Indian and Pakistani troops": one mention for both states' sectors
            others = []
            k = start - 1 if start < a_start else first
            while k - 1 >= first and doc[k].lower_ in ("and", ",", "or"):
                st = self._state_word(doc[k - 1], by_token)
                other = kb.sector_actor(st.id, code) if st is not None else None
                if other is None or other.id == actor.id:
                    break
                others.append(other)
                k -= 2
            if inner is not None:
                out.remove(inner)
            if named is None:
                named = doc[inner.start : inner.end].text if inner is not None else doc[j].text
            why = f"{doc[start:end].text!r}: {named!r} names {state.label}, "
            why += f"{doc[a_start : tok.i + 1].text!r} its sector {code} ({actor.label})"
            group = (actor, *others) if others else ()
            out.append(Mention(start, end, actor, "demonym", why, None, group))
            taken.update(range(start, end))
            # the state mention is now part of the sector's: a later agent noun
            # must find the sector, not the consumed (removed) state mention
            by_token = mention_index(out)
        return self._agents_of_possessor(doc, out, taken)

    def _agents_of_possessor(
        self, doc: Doc, mentions: list[Mention], taken: set[int]
    ) -> list[Mention]:
        """'officials of Turkey's army' are of the army: the sector mention of the
        possessive phrase grows over the agent noun before "of" (whose own "of
        Turkey" :meth:`_state_after` refuses: Turkey owns the army)."""
        out = []
        for m in mentions:
            i = m.start - 1  # "of"
            if (
                m.how != "demonym"
                or i < 1
                or doc[i].lower_ != "of"
                or not any(doc[k].tag_ == "POS" for k in range(m.start, m.end))
            ):
                out.append(m)
                continue
            first = doc[m.start].sent.start if doc.has_annotation("SENT_START") else 0
            lo = max(first, i - self.kb.agents.max_words)
            hit = self.kb.agent_sector([t.text for t in doc[lo:i]]) if lo < i else None
            start = lo + hit[0] if hit is not None else i
            if start == i or any(k in taken for k in range(start, i)):
                out.append(m)
                continue
            why = f"{doc[start:i].text!r} of {doc[m.start : m.end].text!r}; {m.why}"
            out.append(replace(m, start=start, why=why))
            taken.update(range(start, i + 1))
        return out

    def _stance(self, doc: Doc, start: int) -> bool:
        """Whether the word at ``start`` follows a stance prefix ("anti-", "pro-")."""
        return (
            start >= 2
            and doc[start - 1].text == "-"
            and doc[start - 2].lower_ in self.lex.stance_prefixes
        )

    def _ethnic_groups(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """'ethnic Albanians in Serbia' are people of Serbia; 'ethnic Russians' alone no state."""
        out = []
        by_token = mention_index(mentions)
        for m in mentions:
            if not (
                m.how == "demonym"
                and m.actor.type == "State"
                and m.start > 0
                and doc[m.start - 1].lower_ == "ethnic"
            ):
                out.append(m)
                continue
            where = self._country_in(doc, doc[m.end - 1], by_token) or clause_place(
                doc[m.end - 1], by_token, self.kb, self.context.places, self.lex.locatives
            )
            people = self.kb.sector_actor(where.id, "CVL") if where is not None else None
            if people is not None:
                why = f"{doc[m.start - 1 : m.end].text!r} in {where.label}: its people"  # type: ignore[union-attr]
                out.append(Mention(m.start - 1, m.end, people, "demonym", why))
        return out

    def _country_in(self, doc: Doc, tok: Token, by_token: dict[int, Mention]) -> Actor | None:
        """The state of the place after "in" (a ``lex:Locative``): "protesters in
        Kirkuk" → Iraq, "students throughout Chile" → Chile."""
        k = tok.i + 1
        if k + 1 >= len(doc) or doc[k].lower_ not in self.lex.locatives:
            return None
        k += 1 + (doc[k + 1].lower_ == "the" and k + 2 < len(doc))
        regions = self.lex.region_words
        while k + 1 < len(doc) and doc[k].lower_ in regions and k not in by_token:
            k += 1  # "in south Serbia", "in northern Iraq"
        m = by_token.get(k)
        if m is not None:
            return state_mentioned(m)
        end = k
        while end < len(doc) and doc[end].pos_ == "PROPN":
            end += 1
        if end == k:
            return None
        return state_of_place(doc[k:end].text, self.kb, self.context.places)

    def _state_after(self, doc: Doc, tok: Token, by_token: dict[int, Mention]) -> Mention | None:
        """The state mention right after an agent noun: "forces of Iraq", "police (Kenya)"."""
        if tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ not in ("of", "("):
            return None
        m = by_token.get(tok.i + 2)
        if m is None or m.start != tok.i + 2 or m.actor.type != "State" or m.actors:
            return None
        if m.end < len(doc) and doc[m.end].tag_ == "POS" and self._owns_agent(doc, m):
            return None  # "leaders of India's government": of the government, not of India
        if doc[tok.i + 1].text == "(" and (m.end >= len(doc) or doc[m.end].text != ")"):
            return None
        return m

    def _owns_agent(self, doc: Doc, m: Mention) -> bool:
        """Whether the possessor ``m`` ("India's") owns an agent phrase ("government",
        "security forces"), which is then the sector ("troops of Russia's western
        district" stay of Russia)."""
        owned = doc[m.end - 1].head
        if doc[m.end - 1].dep_ != "poss" or owned.i <= m.end:
            return False
        return self.kb.agent_sector([t.text for t in doc[m.end + 1 : owned.i + 1]]) is not None

    def _state_word(self, tok: Token, by_token: dict[int, Mention]) -> Actor | None:
        """The state a single word names: a state mention, or a capitalised demonym."""
        m = by_token.get(tok.i)
        if m is not None:
            return m.actor if m.actor.type == "State" else None
        return self.kb.state_of_demonym(tok.text) if tok.is_title or tok.is_upper else None

    def _titles(self, doc: Doc, mentions: list[Mention], date: str | None) -> list[Mention]:
        """Extend person mentions over the title words before them."""
        out: list[Mention] = []
        by_start = {m.start: m for m in mentions}
        absorbed: set[int] = set()
        for m in sorted(mentions, key=lambda m: m.start):
            if m.start in absorbed:
                continue
            if m.actor.type != "Person" and not (m.how == "minted" and _is_name(doc[m.start])):
                out.append(m)
                continue
            start = _title_start(doc, m.start)
            best = m
            for s in range(start, m.start):
                text = doc[s : m.end].text
                match = self.kb.resolve(text, date=date, context="")
                if match is not None and match.actor.type == "Person" and match.affiliation:
                    best = Mention(s, m.end, match.actor, "title", match.why, match.affiliation)
                    break
            if best is m and m.affiliation is None and m.actor.type == "Person":
                roles = self.kb.roles(m.actor.id, date=date)
                stated = self._appositive_role(doc, m, mentions, date)
                if stated is not None:
                    known = [r for r in roles if r.of == stated.of]
                    best = replace(m, affiliation=known[0] if known else stated, how="title")
                elif roles:
                    # "his Turkish counterpart Hakan Fidan", "US Secretary of State
                    # Antony Blinken": the title words name the office's state
                    named = self._named_in(doc, mentions, start, m.start)
                    held = [r for r in roles if r.of in named]
                    if held:
                        best = replace(m, affiliation=held[0], how="title", start=start)
                    else:
                        best = replace(m, affiliation=roles[0])
            if best.start < m.start:
                for s in range(best.start, m.start):
                    if s in by_start:
                        absorbed.add(s)
                # an organization named inside the title is still a mention of its own
                out = [o for o in out if not (best.start <= o.start < best.end)]
                out.extend(
                    o
                    for o in mentions
                    if best.start <= o.start < m.start and o.actor.type != "Person"
                )
            out.append(best)
        return sorted(out, key=lambda x: (x.start, x.end))

    def _named_in(self, doc: Doc, mentions: list[Mention], start: int, end: int) -> set[str]:
        """Actor ids named by the words ``doc[start:end]`` (mentions and demonyms)."""
        out = {m.actor.id for m in mentions if start <= m.start < end}
        for tok in doc[start:end]:
            state = self.kb.state_of_demonym(tok.text) if tok.is_title or tok.is_upper else None
            if state is not None:
                out.add(state.id)
        return out

    def _appositive_role(
        self, doc: Doc, m: Mention, mentions: list[Mention], date: str | None
    ) -> Role | None:
        """A role from an appositive: "Ali Shamkhani, the secretary of Iran's Supreme
        National Security Council" → secretary of Iran; "Musaed al-Aiban, Saudi
        Arabia's national security adviser" → national security adviser of Saudi Arabia."""
        from kg.kb import Role

        root = doc[m.start : m.end].root
        index = mention_index(mentions)
        for appos in (c for c in root.children if c.dep_ == "appos"):
            if appos.pos_ != "NOUN":
                continue
            title = [t for t in appos.lefts if t.dep_ in ("amod", "compound") and t.i not in index]
            title_text = " ".join([*(t.lower_ for t in title), appos.lower_])
            org = None
            owners = [c for c in appos.children if c.dep_ == "poss"] + [
                p
                for c in appos.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
            ]
            owners += [t for t in appos.lefts if t.i in index]
            for owner in owners:
                hit = index.get(owner.i)
                if hit is not None and hit.actor.type != "Person":
                    org = hit.actor
                    break
                for sub in (c for c in owner.children if c.dep_ == "poss"):
                    hit = index.get(sub.i)
                    if hit is not None and hit.actor.type != "Person":
                        org = hit.actor
                        break
                if org is not None:
                    break
            if org is not None:
                return Role(m.actor.id, title_text, org.id, None, None)
        return None


# ------------------------------------------------------------------ helpers
def _gazetteer(nlp: Language, kb: ActorKB, extra: list[str]) -> Gazetteer:
    """The knowledge base's names tokenized by ``nlp``, from the compiled index."""
    import sys

    from kg.cache import cached
    from kg.kb import _agent_files, _default_ttls
    from kg.nlp.gazetteer import Gazetteer, tokenizer_salt

    modules = [sys.modules[n] for n in ("kg.kb", "kg.kb_tables", "kg.nlp.gazetteer")]
    return cached(
        "gazetteer",
        [*_default_ttls(), *extra, *_agent_files()],
        lambda: Gazetteer.build(nlp, kb.names()),
        modules=modules,
        salt=tokenizer_salt(nlp),
    )


def _trim(span: Span) -> Span:
    """Drop a leading determiner and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    return doc[start:end]


def _plausible_case(span: Span) -> bool:
    """A case-folded gazetteer match must look like a name where the KB form is a name."""
    first = span[0]
    if first.is_lower and first.lower_ not in ("the",) and first.is_alpha:
        # lower-case descriptive aliases ("eastern-based army") are fine; proper
        # names written in lower case ("turkey" the bird) are not
        return not any(t.is_title for t in span) and len(span) > 1
    return True


def _inside_longer_name(span: Span, regions: frozenset[str]) -> bool:
    """'Security Council' inside "Iran's Supreme National Security Council" is not the UNSC."""
    first = span[0]
    if first.i == 0 or first.ent_iob_ != "I":
        return False
    prev = span.doc[first.i - 1]
    if not (prev.is_title and prev.pos_ == "PROPN" and prev.ent_type_ == first.ent_type_):
        return False
    # "South Lebanon", "Western Cambodia": a region of the named country, not another name
    i = first.i - 1
    while i >= 0 and span.doc[i].ent_iob_ in ("B", "I") and span.doc[i].lower_ in regions:
        if span.doc[i].ent_iob_ == "B":
            return False
        i -= 1
    return True


def _a_date(span: Span) -> bool:
    """A one-word name that is a month next to a day number ("3 May", "May 12")."""
    if len(span) != 1 or month_number(span.text) is None:
        return False
    tok = span[0]
    doc = tok.doc
    near = [doc[i] for i in (tok.i - 1, tok.i + 1) if 0 <= i < len(doc)]
    return any(t.like_num for t in near)


def _is_name(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON"


def _looks_like_actor_name(span: Span) -> bool:
    letters = [c for c in span.text if c.isalpha()]
    if len(letters) < 2:
        return False
    return any(t.is_title or t.is_upper for t in span if t.is_alpha)


def _title_start(doc: Doc, start: int, max_words: int = 8) -> int:
    """First token of the title words immediately before a person's name."""
    i = start
    while i > 0 and start - i < max_words:
        prev = doc[i - 1]
        if prev.is_sent_start and prev.i != i - 1:
            break
        if prev.lower_ == "of" and i - 1 > 0 and doc[i - 2].is_title:
            # "Secretary of State Antony Blinken"
            i -= 1
            continue
        if prev.pos_ in _TITLE_POS and prev.text not in (",", "(", ")", '"', "“", "”", ":", ";"):
            if prev.lower_ in ("the", "a", "an") or (prev.pos_ == "PUNCT" and prev.text != "-"):
                break
            i -= 1
            continue
        if prev.pos_ == "PRON" and prev.tag_ == "PRP$":
            i -= 1
        break
    return i

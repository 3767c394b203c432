"""People named by an agent noun alone take the country of their clause.

"Students marched in Quito", "riot police dispersed the demonstrators": news
names the people of a place by what they are ("students", "demonstrators",
"opposition activists") and leaves the country to the place or to the
authorities acting on them. Event data codes them as the civilians or
opposition *of* that country (``ECU_EDU``, ``CHL_OPP``), and so does this
pass, with two clause-level clues and nothing wider:

1. **the place of the clause**: a place after "in", "at", "outside",
   "throughout", ... on the clause's verb ("Farmers rallied outside
   parliament in Nairobi" → Kenya);
2. **the domestic authorities of the clause**: a police, government or
   judicial sector actor of one state acting in the same clause, or in the
   clause it serves ("Peruvian police fired tear gas to disperse
   protesters" → Peru). Armed forces are no clue: troops often fight
   abroad.

Only the people sectors of ``lex:PeopleSector`` count (civilians,
opposition, labour, students, ...). A noun that already belongs to a named
actor ("Hamas fighters", "supporters of the president") is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from kg.model import Actor
from kg.nlp.mentions import Mention, mention_index
from kg.nlp.scan import indices

if TYPE_CHECKING:
    from kg.kb import ActorKB
    from kg.places import PlaceKB

__all__ = ["clause_place", "people_in_context", "state_mentioned", "state_of_place"]

#: dependency links from a noun up to the verb of its clause
_UP = frozenset(
    """nsubj nsubjpass dobj pobj prep appos conj compound poss npadvmod attr dative agent
    amod""".split()
)
#: clause links a purpose or manner clause hangs by ("fired tear gas to disperse ...")
_CLAUSE = frozenset("advcl xcomp conj ccomp relcl acl pcomp".split())


def people_in_context(
    doc: Doc,
    mentions: list[Mention],
    kb: ActorKB,
    places: PlaceKB,
    *,
    people: frozenset[str],
    authorities: frozenset[str],
    locatives: frozenset[str],
    violent: frozenset[str] = frozenset(),
    undergoing: frozenset[str] = frozenset(),
) -> list[Mention]:
    """``mentions`` plus a sector mention for each bare people noun whose clause
    names its country (see the module docstring).

    ``people`` are the sector codes of people of a place, ``authorities`` the
    sectors whose country a clause's people share, ``locatives`` the
    prepositions that place a clause, ``violent`` the verbs of attack and
    coercion whose soldier patients belong to the place.
    """
    out = list(mentions)
    by_token = mention_index(mentions)
    taken = set(by_token)
    sentenced = doc.has_annotation("SENT_START")
    # only words that may end an agent phrase become Tokens (kg.nlp.scan)
    for i in indices(doc, kb.agents.last_words):
        tok = doc[i]
        if tok.i in taken or not (
            tok.pos_ == "NOUN"
            or (tok.pos_ == "PROPN" and tok.is_sent_start)
            # "a rebel attack", "a militant raid": the agent noun tagged an adjective
            or (tok.pos_ == "ADJ" and tok.dep_ == "amod" and tok.head.pos_ == "NOUN")
        ):
            continue  # a noun ("Farmers" opening a sentence may be tagged a name)
        sent_start = tok.sent.start if sentenced else 0
        lo = max(sent_start, tok.i - kb.agents.max_words + 1)
        hit = kb.agent_sector([t.text for t in doc[lo : tok.i + 1]])
        # people of a place, and its police or officials ("clashed with police in
        # Dhaka"); armed forces are often abroad
        if hit is None or not (
            hit[1] in people | authorities or _patient_troops(tok, hit[1], violent, undergoing)
        ):
            continue
        start = lo + hit[0]
        if any(i in taken for i in range(start, tok.i + 1)) or _owned(doc, tok, start, by_token):
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.is_alpha and nxt.pos_ == "NOUN":
            longer = kb.agent_sector([t.text for t in doc[lo : tok.i + 2]])
            if longer is not None:
                continue  # "student leaders": the phrase ends later
        verb = _clause_verb(tok)
        if verb is None:
            continue
        state, clue = _place_of(verb, doc, by_token, kb, places, locatives)
        if state is None and hit[1] in people:
            state, clue = _authority_of(verb, by_token, authorities, tok, kb)
        if state is None:
            continue
        actor = kb.sector_actor(state.id, hit[1])
        if actor is None:
            continue
        why = f"{doc[start : tok.i + 1].text!r}: sector {hit[1]} of {state.label} ({clue})"
        m = Mention(start, tok.i + 1, actor, "context", why)
        out.append(m)
        taken.update(range(start, tok.i + 1))
    return out


def _patient_troops(
    tok: Token, sector: str, violent: frozenset[str], undergoing: frozenset[str]
) -> bool:
    """Soldiers attacked in a place are that place's ("rebels killed four soldiers
    in Mali"); soldiers acting, or sent, may be anyone's, so only the patient of
    a verb of attack or coercion, or the subject of ``undergoing`` ("died"), counts."""
    if sector != "MIL":
        return False
    if tok.dep_ in ("dobj", "nsubjpass") or (
        tok.dep_ == "nsubj" and tok.head.lemma_.lower() in undergoing
    ):
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.lower_ in ("on", "against"):
        verb = tok.head.head
    else:
        return False
    return verb.pos_ == "VERB" and verb.lemma_.lower() in violent | undergoing


def clause_place(
    tok: Token,
    by_token: dict[int, Mention],
    kb: ActorKB,
    places: PlaceKB,
    locatives: frozenset[str],
) -> Actor | None:
    """The state of the place of ``tok``'s clause ("... marched on Sunday in
    Slovakia" → Slovakia), or ``None``."""
    verb = _clause_verb(tok)
    if verb is None:
        return None
    return _place_of(verb, tok.doc, by_token, kb, places, locatives)[0]


def _owned(doc: Doc, tok: Token, start: int, by_token: dict[int, Mention]) -> bool:
    """Whether a named actor owns the noun: "Hamas fighters", "supporters of X"."""
    if start > 0 and (start - 1) in by_token and doc[start - 1].sent == tok.sent:
        return True
    if any(c.dep_ == "poss" for c in tok.children):
        return True  # "their leaders", "Haftar's fighters": somebody's own
    mods = ("compound", "amod", "nmod")
    if any(c.dep_ in mods and c.i in by_token for c in tok.children):
        return True
    return any(
        prep.dep_ == "prep"
        and prep.lower_ in ("of", "for")
        and any(p.i in by_token for p in prep.children)
        for prep in tok.children
    )


def _clause_verb(tok: Token) -> Token | None:
    t = tok
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX") and t is not tok:
            return t
        if t.dep_ not in _UP or t.head is t:
            return None
        t = t.head
    return None


def _chain(verb: Token) -> Iterable[Token]:
    """The verb and the clauses above it it serves (two levels)."""
    yield verb
    v = verb
    for _ in range(2):
        if v.dep_ not in _CLAUSE or v.head is v:
            return
        v = v.head
        yield v


def _state(
    tok: Token, doc: Doc, by_token: dict[int, Mention], kb: ActorKB, places: PlaceKB
) -> Actor | None:
    m = by_token.get(tok.i)
    if m is not None:
        return state_mentioned(m)
    if tok.pos_ != "PROPN":
        return None
    left = tok.left_edge.i
    span = doc[max(left, tok.i - 3) : tok.i + 1]
    words = [t for t in span if t.pos_ == "PROPN"]
    if not words:
        return None
    return state_of_place(doc[words[0].i : tok.i + 1].text, kb, places)


def state_mentioned(m: Mention) -> Actor | None:
    """The state a mention names by itself ("Iraq", not "Moscow and Ankara")."""
    return m.actor if m.actor.type == "State" and not m.actors else None


def state_of_place(name: str, kb: ActorKB, places: PlaceKB) -> Actor | None:
    """The state of the place called ``name`` ("Kirkuk" → Iraq), or ``None``."""
    found = places.lookup(name)
    country = found[0].country if found else None
    state = kb.get(country) if country else None
    return state if state is not None and state.type == "State" else None


def _place_of(
    verb: Token,
    doc: Doc,
    by_token: dict[int, Mention],
    kb: ActorKB,
    places: PlaceKB,
    locatives: frozenset[str],
) -> tuple[Actor | None, str]:
    for v in _chain(verb):
        # the verb's own locatives, and its arguments' ("clashed with police in
        # Dhaka", "shelled positions near Idlib")
        args = [v, *(c for c in v.children if c.dep_ in ("dobj", "nsubj", "nsubjpass"))]
        args += [
            p
            for c in v.children
            if c.dep_ in ("prep", "agent")
            for p in c.children
            if p.dep_ == "pobj"
        ]
        for arg in args:
            for prep, c in _located(arg, locatives):
                st = _state(c, doc, by_token, kb, places)
                if st is not None:
                    return st, f"{prep.text} {c.text}"
    return None, ""


def _located(tok: Token, locatives: frozenset[str]) -> Iterable[tuple[Token, Token]]:
    """(preposition, place word) of the locative phrases on ``tok``, and of the
    places inside them ("outside parliament in Nairobi")."""
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in locatives:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            yield prep, obj
            for inner in obj.children:
                if inner.dep_ == "prep" and inner.lower_ in locatives:
                    yield from ((inner, p) for p in inner.children if p.dep_ == "pobj")


def _authority_of(
    verb: Token,
    by_token: dict[int, Mention],
    authorities: frozenset[str],
    tok: Token,
    kb: ActorKB,
) -> tuple[Actor | None, str]:
    seen: dict[str, Actor] = {}
    for v in _chain(verb):
        for c in v.children:
            if c.dep_ not in ("nsubj", "nsubjpass", "dobj", "agent") or c.i == tok.i:
                continue
            heads = [c] + [p for p in c.children if p.dep_ == "pobj"]
            for h in heads:
                m = by_token.get(h.i)
                a = m.actor if m is not None else None
                if a is not None and a.sector in authorities and a.country:
                    seen.setdefault(a.country, a)
    if len(seen) != 1:
        return None, ""
    ((country, a),) = seen.items()
    state = kb.get(country)
    if state is None or state.type != "State":
        return None, ""
    return state, f"acted on by {a.label}"

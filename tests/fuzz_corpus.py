"""Generated sentences for fuzzing the extractor (issue 21): no input may raise.

:func:`sentences` assembles news-like sentences from templates — coordinated
titled people and groups, possessives and nested possessives, appositions,
parentheses, long lists of states, reported speech, quotes and dashes, short
multi-sentence articles with pronouns — and then damages some of them the way
real text is damaged: all capitals or no capitals, combining marks, right-to-left
script and direction marks, emoji, zero-width characters, no-break spaces,
curly quotes and apostrophes, stray brackets. Everything is drawn from a
seeded :class:`random.Random`, so a run is reproducible from its seed.

Used by ``tests/test_fuzz_extract.py`` (a few thousand sentences) and
``benchmarks/fuzz_extract.py`` (tens of thousands). All sentences are
generated here; none is taken from an evaluation set.

Examples
--------
>>> a = sentences(5, seed=3)
>>> a == sentences(5, seed=3), len(a)
(True, 5)
"""

from __future__ import annotations

import random

__all__ = ["DAMAGE", "sentences"]

STATES = [
    "France", "Germany", "Iran", "Iraq", "Israel", "Turkey", "Türkiye", "Russia", "Ukraine",
    "China", "India", "Pakistan", "Japan", "Egypt", "Libya", "Sudan", "Ethiopia", "Kenya",
    "Nigeria", "Mali", "Niger", "Brazil", "Chile", "Peru", "Mexico", "Canada", "Poland",
    "Hungary", "Serbia", "Kosovo", "Qatar", "Saudi Arabia", "the United States", "the US",
    "the U.S.", "the UAE", "the United Arab Emirates", "the United Kingdom", "Britain",
    "North Korea", "South Korea", "Syria", "Lebanon", "Yemen", "Jordan", "Georgia",
    "Côte d'Ivoire", "São Tomé and Príncipe", "the Democratic Republic of the Congo",
    "Myanmar", "Venezuela", "Cuba", "Armenia", "Azerbaijan",
]  # fmt: skip
DEMONYMS = [
    "French", "German", "Iranian", "Iraqi", "Israeli", "Turkish", "Russian", "Ukrainian",
    "Chinese", "Indian", "Pakistani", "Japanese", "Egyptian", "Libyan", "Sudanese", "Kenyan",
    "Nigerian", "Malian", "Brazilian", "Chilean", "Mexican", "Polish", "Serbian", "Qatari",
    "Saudi", "American", "US", "British", "North Korean", "Syrian", "Lebanese", "Yemeni",
    "Kurdish", "Palestinian", "Afghan", "Somali",
]  # fmt: skip
AGENTS = [
    "troops", "forces", "security forces", "police", "army", "navy", "officials", "government",
    "rebels", "militants", "protesters", "students", "lawmakers", "parliament", "ministers",
    "diplomats", "envoys", "officers", "soldiers", "spokesman", "foreign ministry", "judges",
    "opposition", "farmers", "riot police", "military", "intelligence service", "leaders",
]  # fmt: skip
ORGS = [
    "NATO", "the United Nations", "the UN", "the European Union", "the EU", "the African Union",
    "ECOWAS", "Hamas", "Hezbollah", "the Houthis", "the Taliban", "the PKK", "al-Shabaab",
    "Boko Haram", "the Arab League", "the IMF", "the World Bank", "the Wagner Group", "OPEC",
    "the Zorvan Liberation Front", "Acme Holdings", "the Red Crescent",
]  # fmt: skip
PEOPLE = [
    "Emmanuel Macron", "Vladimir Putin", "Recep Tayyip Erdogan", "Olaf Scholz", "Xi Jinping",
    "Narendra Modi", "Antony Blinken", "Hakan Fidan", "Khalifa Haftar", "Ismail Haniyeh",
    "Amara Okafor", "Lin Wei", "José María Álvarez", "Nguyễn Văn An", "Oleksandr Petrenko",
    "Fatima al-Zahra", "John O'Neill", "May", "Sabah", "Georgia Lane",
]  # fmt: skip
TITLES = [
    "President", "Prime Minister", "Foreign Minister", "Defence Minister", "General",
    "Secretary of State", "King", "Sheikh", "Ambassador", "Chancellor", "Commander",
    "former President", "Vice President", "Interior Minister",
]  # fmt: skip
VERBS = [
    "met", "met with", "condemned", "backed", "supported", "attacked", "struck",
    "signed an agreement with", "urged", "sanctioned", "threatened", "accused",
    "praised", "criticized", "shelled", "hosted", "did not meet", "refused to meet",
    "is expected to meet", "may attack", "vowed to defend", "expelled diplomats of",
    "imposed sanctions on", "sent weapons to", "armed and funded", "cut ties with",
    "held talks with", "rejected the proposal of", "thanked", "warned",
]  # fmt: skip
NOMINALS = ["support for", "attack on", "talks with", "sanctions on", "backing of", "criticism of"]
PLACES = ["Kherson", "Khan Younis", "Aden", "Goma", "Kirkuk", "Tripoli", "Berlin", "Mosul"]
ADVERBS = ["on Monday", "late on Tuesday", "in March", "last week", "again", "on 3 May", ""]
SPEECH = ["said", "told reporters", "claimed", "denied that", "added"]
FILLER = [
    "Prices rose sharply.", "The talks lasted four hours.", "No one was hurt.",
    "It was not clear who fired first.", "Details were not released.",
]  # fmt: skip

#: the characters and strings damage is made of.
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"]
DIRECTION = ["\u200f", "\u200e", "\u202e", "\u202b", "\u202c", "\u2067", "\u2069"]
RTL_WORDS = ["مصر", "حفتر يدعم", "ישראל", "طرابلس", "חמאס"]
EMOJI = ["🇱🇾", "🔥", "👩\u200d👩\u200d👧", "🇺🇦", "✊🏽", "🕊️", "💣"]
COMBINING = ["\u0301", "\u0308", "\u0327", "\u0335", "\u20dd"]
ODD_SPACE = ["\u00a0", "\u2009", "\u3000", "\t", "  ", "\u2028", "\n", "\n\n"]
QUOTES = [("“", "”"), ("‘", "’"), ("«", "»"), ('"', '"'), ("„", "“")]
DASHES = ["—", "–", "-", "--", "―"]


def _state(r: random.Random) -> str:
    return r.choice(STATES)


def _np(r: random.Random, depth: int = 0) -> str:
    """A noun phrase naming one actor (or something that looks like one)."""
    kind = r.randrange(14 if depth < 2 else 6)
    if kind == 0:
        return _state(r)
    if kind == 1:
        return f"{r.choice(DEMONYMS)} {r.choice(AGENTS)}"
    if kind == 2:
        return f"{_state(r)}'s {r.choice(AGENTS)}"
    if kind == 3:
        return r.choice(ORGS)
    if kind == 4:
        return f"{r.choice(TITLES)} {r.choice(PEOPLE)}"
    if kind == 5:
        return r.choice(PEOPLE)
    if kind == 6:  # "officials of Turkey's army"
        return f"{r.choice(AGENTS)} of {_state(r)}'s {r.choice(AGENTS)}"
    if kind == 7:  # nested possessives
        return f"{_state(r)}'s {r.choice(AGENTS)}'s {r.choice(AGENTS)}"
    if kind == 8:  # apposition
        return f"{r.choice(PEOPLE)}, the {r.choice(TITLES).lower()} of {_state(r)},"
    if kind == 9:  # parentheses
        return f"{r.choice(AGENTS)} ({_np(r, depth + 1)})"
    if kind == 10:  # coordination of titled people and groups
        parts = [_np(r, depth + 1) for _ in range(r.randint(2, 4))]
        return (
            ", ".join(parts[:-1])
            + r.choice([" and ", ", and ", " or ", " as well as "])
            + parts[-1]
        )
    if kind == 11:  # a long list of states
        parts = [_state(r) for _ in range(r.randint(5, 15))]
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    if kind == 12:
        return f"{r.choice(AGENTS)} in {r.choice(PLACES)}"
    return f"the {r.choice(['pro', 'anti'])}-{r.choice(DEMONYMS)} {r.choice(AGENTS)}"


def _clause(r: random.Random) -> str:
    src, verb, dst = _np(r), r.choice(VERBS), _np(r)
    kind = r.randrange(12)
    when = r.choice(ADVERBS)
    if kind == 0:
        return f"{src} {r.choice(SPEECH)} {_np(r)} had {verb} {dst}"
    if kind == 1:
        return f"{src}'s {r.choice(NOMINALS)} {_np(r)} angered {dst}"
    if kind == 2:
        return f"According to {_np(r)}, {src} {verb} {dst} {when}".rstrip()
    if kind == 3:
        d = r.choice(DASHES)
        return f"{src} {d} {_np(r)} {d} {verb} {dst}"
    if kind == 4:
        o, c = r.choice(QUOTES)
        return f"{o}{src} {verb} {dst},{c} {_np(r)} {r.choice(SPEECH)}"
    if kind == 5:
        return f"{dst} was attacked by {src} in {r.choice(PLACES)} {when}".rstrip()
    if kind == 6:
        return f"Did {src} meet {dst}"
    if kind == 7:
        return f"{src} is mediating between {_np(r)} and {dst}"
    if kind == 8:
        return f"{src} and {_np(r)} came to {r.choice(PLACES)}, but they did not meet each other"
    if kind == 9:
        return f"{src} has the backing of {dst}"
    if kind == 10:
        return f"the {r.choice(DEMONYMS)}-led coalition {verb} {dst}"
    return f"{src} {verb} {dst} {when}".rstrip()


#: texts with hardly any sentence in them.
DEGENERATE = [
    "", " ", "'s", "of 's", "(", ")", "’s’s", "\u200b", "🇱🇾" * 40, "A" * 3000, "the the the",
    "...", "-", "— —", "Iran's", "'s Iran", "of of of Iraq", "Hamas (", "( Egypt )", "U.S.-",
    "-led", "pro-", "anti-anti-Russian", "President", "President President", "and and Chile",
    "Kenya, , , Uganda", "\n\n\n", "?!", "\u202e.napaJ", "Ⅳ ⅻ ①", "١٢٣ Egypt",
]  # fmt: skip


#: the small words that glue phrases together, for word salad.
GLUE = ["of", "'s", "’s", "and", ",", "(", ")", "the", "by", "with", "between", "-", "in", "not"]


def _salad(r: random.Random) -> str:
    """Words of every list in random order: index arithmetic at every edge."""
    pools = [STATES, DEMONYMS, AGENTS, ORGS, PEOPLE, TITLES, VERBS, NOMINALS, PLACES, GLUE, GLUE]
    return " ".join(r.choice(r.choice(pools)) for _ in range(r.randint(1, 25)))


def _article(r: random.Random) -> str:
    """One sentence, or a few with pronouns and filler (coreference)."""
    if r.random() < 0.02:
        return r.choice(DEGENERATE) + r.choice(["", " " + _clause(r)])
    if r.random() < 0.05:
        return _salad(r)
    first = _clause(r)
    first = first[0].upper() + first[1:] + r.choice([".", ".", ".", "?", "!", "...", ";", ""])
    if r.random() < 0.8:
        return first
    follow = [
        f"They {r.choice(VERBS)} {_np(r)}.",
        f"It {r.choice(VERBS)} {_np(r)}.",
        f"The two countries {r.choice(VERBS)} {_np(r)}.",
        f"Its {r.choice(AGENTS)} {r.choice(VERBS)} them.",
        r.choice(FILLER),
    ]
    return " ".join([first, *r.sample(follow, r.randint(1, 3))])


def _insert(r: random.Random, text: str, what: list[str], times: int) -> str:
    for _ in range(times):
        i = r.randint(0, len(text))
        text = text[:i] + r.choice(what) + text[i:]
    return text


def _caps(r: random.Random, t: str) -> str:
    return t.upper()


def _lower(r: random.Random, t: str) -> str:
    return t.lower()


def _zero_width(r: random.Random, t: str) -> str:
    return _insert(r, t, ZERO_WIDTH, r.randint(1, 4))


def _direction(r: random.Random, t: str) -> str:
    return _insert(r, t, DIRECTION + [f" {w} " for w in RTL_WORDS], r.randint(1, 3))


def _emoji(r: random.Random, t: str) -> str:
    return _insert(r, t, EMOJI, r.randint(1, 3))


def _combining(r: random.Random, t: str) -> str:
    out = []
    for ch in t:
        out.append(ch)
        if ch.isalpha() and r.random() < 0.15:
            out.append(r.choice(COMBINING))
    return "".join(out)


def _spaces(r: random.Random, t: str) -> str:
    return "".join(r.choice(ODD_SPACE) if c == " " and r.random() < 0.4 else c for c in t)


def _curly(r: random.Random, t: str) -> str:
    return t.replace("'", r.choice(["’", "ʼ", "`", "''"]))


def _brackets(r: random.Random, t: str) -> str:
    return _insert(r, t, ["(", ")", "[", "]", '"', "'", "«", "/", "&", "…", " - "], r.randint(1, 3))


def _repeat(r: random.Random, t: str) -> str:
    words = t.split(" ")
    i = r.randrange(len(words))
    return " ".join(words[: i + 1] + words[i:])


def _shuffle(r: random.Random, t: str) -> str:
    words = t.split(" ")
    i = r.randrange(len(words))
    j = min(len(words), i + r.randint(2, 6))
    part = words[i:j]
    r.shuffle(part)
    return " ".join(words[:i] + part + words[j:])


def _drop(r: random.Random, t: str) -> str:
    words = t.split(" ")
    return " ".join(w for w in words if r.random() > 0.2) or t


def _splice(r: random.Random, t: str) -> str:
    other = _clause(r)
    i, j = r.randint(0, len(t)), r.randint(0, len(other))
    return t[:i] + other[j:]


#: the kinds of damage, by name.
DAMAGE = {
    "caps": _caps,
    "lower": _lower,
    "zero_width": _zero_width,
    "direction": _direction,
    "emoji": _emoji,
    "combining": _combining,
    "spaces": _spaces,
    "curly": _curly,
    "brackets": _brackets,
    "repeat": _repeat,
    "shuffle": _shuffle,
    "drop": _drop,
    "splice": _splice,
}


def sentences(n: int, seed: int = 0, damage: float = 0.4) -> list[str]:
    """``n`` generated texts (mostly one sentence), a ``damage`` share of them damaged.

    Examples
    --------
    >>> all(isinstance(s, str) and s for s in sentences(50, seed=1))
    True
    """
    r = random.Random(seed)
    kinds = list(DAMAGE.values())
    out = []
    for _ in range(n):
        text = _article(r)
        if r.random() < damage:
            for hurt in r.sample(kinds, r.randint(1, 3)):
                text = hurt(r, text)
        out.append(text)
    return out

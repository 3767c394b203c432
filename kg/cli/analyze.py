"""``kg analyze``: alliance analysis of the store (blocs, balance, influence, ...).

Each subcommand loads and projects the store once (:func:`kg.analyze.load_graph`),
makes one library call and prints a rich table or JSON; ``--export`` also
writes the projected graph.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from kg.cli._common import guarded, store_option

__all__ = ["analyze", "level_option"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class _Opts:
    store: str
    level: str
    start: str | None
    end: str | None
    relations: str | None
    min_evidence: int
    min_confidence: float
    include_modal: bool
    fmt: str
    export: str | None
    out: str | None


LEVEL_HELP = (
    "Whom events are counted for. 'principal' (default): people count for the state, "
    "government or force they serve or command at the event's date (a foreign minister "
    "for the state, Haftar for the LNA), a state's military, government and police for "
    "the state; rebels, opposition, armed groups and rival governments stay parties of "
    "their own. 'actor': every actor apart. 'country': every actor for its country "
    "('state' is the old name of 'principal')."
)


def level_option(func: F) -> F:
    """The ``--level`` option of the views (``kg analyze``, ``kg render``)."""
    return click.option(
        "--level",
        type=click.Choice(["principal", "actor", "country", "state"]),
        default="principal",
        show_default=True,
        help=LEVEL_HELP,
    )(func)


def _graph_options(func: F) -> F:
    """The options every ``kg analyze`` view shares, gathered into one ``opts`` argument."""

    @store_option
    @level_option
    @click.option("--from", "start", metavar="DATE", help="Only events on or after DATE.")
    @click.option("--to", "end", metavar="DATE", help="Only events on or before DATE.")
    @click.option(
        "--relations", metavar="R1,R2", help="Only these relation types (e.g. supports,attacks)."
    )
    @click.option(
        "--min-evidence",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="Drop ties backed by fewer events.",
    )
    @click.option(
        "--min-confidence",
        type=click.FloatRange(0.0, 1.0),
        default=0.0,
        show_default=True,
        help="Drop events the extractor was less sure of.",
    )
    @click.option(
        "--include-modal",
        is_flag=True,
        help="Also count possible, conditional and intended events (never negated ones).",
    )
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
    )
    @click.option(
        "--export",
        type=click.Choice(["graphml", "gexf", "cytoscape-json"]),
        help="Also write the analysed graph for Gephi, Cytoscape, ... (needs --out).",
    )
    @click.option("--out", metavar="FILE", help="File for --export.")
    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        names = _Opts.__dataclass_fields__
        if kwargs.get("level") == "state":  # the old name
            kwargs["level"] = "principal"
        opts = _Opts(**{k: kwargs.pop(k) for k in list(kwargs) if k in names})
        if opts.export and not opts.out:
            raise click.UsageError(f"--export {opts.export} needs --out FILE")
        return func(opts, **kwargs)

    return wrapper  # type: ignore[return-value]


def _loaded(opts: _Opts, *, evidence: bool = False) -> Any:
    """The projected store; evidence sentences (every event read) only when asked
    or exported, else the store's pair counts (see :func:`kg.analyze.load_graph`)."""
    from kg.analyze import load_graph

    return load_graph(
        opts.store,
        level=opts.level,
        start=opts.start,
        end=opts.end,
        relations=opts.relations.split(",") if opts.relations else None,
        min_evidence=opts.min_evidence,
        min_confidence=opts.min_confidence,
        include_modal=opts.include_modal,
        evidence=evidence or bool(opts.export),
    )


def _graph(opts: _Opts) -> tuple[Any, list[Any], dict[str, Any]]:
    loaded = _loaded(opts)
    return loaded.graph, loaded.records, loaded.actors


def _export(opts: _Opts, G: Any, node_attrs: dict[str, dict[Any, Any]] | None = None) -> None:
    if not opts.export or not opts.out:
        return
    from kg.analyze import export_graph

    H = G.copy()
    for name, values in (node_attrs or {}).items():
        for node, value in values.items():
            if node in H:
                H.nodes[node][name] = value
    path = export_graph(H, opts.out, opts.export)
    click.echo(f"wrote {opts.export} to {path}", err=True)


#: Members below this membership confidence are shown with it.
WEAK = 0.5


def _json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _table(
    title: str, columns: list[str], rows: list[list[Any]], caption: str | None = None
) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        # cells are data (labels, sentences, "[from file x, date]"), never rich markup
        table.add_row(*("" if v is None else escape(str(v)) for v in row))
    Console().print(table)


def _label(G: Any, node: Any) -> str:
    return str(G.nodes[node].get("label", node)) if node in G else str(node)


def _num(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


@click.group(name="analyze")
def analyze() -> None:
    """Alliance analysis: blocs, balance, influence, profiles, suggestions, change.

    Every view reads the store, keeps the asserted, non-negated events that
    pass the filters, and builds a signed graph (cooperation +, conflict −) of
    principals: people count for the state, government or force they serve or
    command at the event's date, a state's military and government for the
    state (--level actor keeps every actor apart; see --level in each view).

    \b
    Examples:
      kg analyze blocs --store kg-store
      kg analyze profile "Khalifa Haftar" --level actor
      kg analyze change --window quarter --format json
    """


@analyze.command()
@_graph_options
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bloc search.")
@click.option(
    "--theatre",
    metavar="NAME",
    help="Only this theatre's blocs (a country or place, e.g. Libya, Tripoli); "
    "the names are listed when none matches.",
)
@guarded
def blocs(opts: _Opts, seed: int, theatre: str | None) -> None:
    """Signed blocs: cooperation inside, conflict across; per theatre (war) and overall.

    Ties are weighed by side-taking evidence, since alliances are about taking
    sides: an event that backs, aids, attacks, sanctions, coerces, threatens,
    mobilizes against or opposes someone counts 1; cooperation in general, a
    request for help, an accusation or a protest 0.5; a signed agreement 0.25;
    a meeting, a concession or a retreat 0.1 (rivals sign deals and meet too).
    A pair that both cooperates and clashes is ambivalent: its net evidence is
    scaled by how one-sided it is (net x |net| / total), so three backings and
    one clash count 1, as much of each counts 0.

    Side-taking without a cooperative tie counts too. Joint action: co-subjects
    of one event (the same act on the same target in one sentence: "A, B and C
    cut ties with D") and joint targets of a material act gain 0.5 x the act's
    weight towards each other (0.5 for a joint attack or sanction). Shared
    enemy: two actors hostile to the same enemy and not to each other gain, per
    enemy, 0.5 x their two hostilities (each up to 1), so at most 0.5, below one
    backing (an inference, listed as such in kg analyze profile).

    A member needs side-taking evidence of at least 0.5 towards its bloc (one
    backing, joint act or shared enemy; a single meeting or agreement is not
    enough) and more than towards any other bloc; else it is unaligned. Each
    member's confidence is (own - next) / (|own| + |next| + 1) from its net
    evidence towards its bloc and the next best one: one backing alone gives
    0.5, four 0.8.

    Theatres keep wars apart: the actors tied by material conflict (attacks,
    sanctions, coercion, mobilization) around one country, placed by the
    sentence's place, else by the non-state party's country, else by the
    target state's, with their backers; each gets its own blocs, so an actor
    can take one side in one war and another elsewhere. Undated articles count
    (--from/--to narrows the window, and drops undated events).

    \b
    Examples:
      kg analyze blocs --theatre Libya
      kg analyze blocs --format json --export gexf --out blocs.gexf
    """
    from kg.analyze import blocs as find_blocs
    from kg.analyze import brokers
    from kg.analyze.sideevents import side_inputs
    from kg.analyze.sides import side_graph, with_shared_enemies
    from kg.analyze.theatres import find_theatre, theatres

    loaded = _loaded(opts)
    G = loaded.graph
    # joint acts need sentences, theatres places: the few events that have them
    joint, clashes = side_inputs(opts.store, loaded)
    S = side_graph(G, joint, shared=False)
    result = find_blocs(with_shared_enemies(S), seed=seed)
    found = theatres(S, clashes, loaded.actors, seed=seed)
    if theatre is not None:
        found = [find_theatre(found, theatre)]
    between = brokers(G, result)
    _export(
        opts,
        G,
        {
            "bloc": {n: result.number(n) for n in G},
            "bloc_confidence": {n: round(c, 3) for n, c in result.confidence.items()},
        },
    )
    if opts.fmt == "json":
        _json(
            {
                "level": opts.level,
                **result.to_dict(G),
                "brokers": [{**b.to_dict(), "label": b.label} for b in between],
                "theatres": [t.to_dict() for t in found],
            }
        )
        return

    def member(n: Any, confidence: dict[Any, float]) -> str:
        c = confidence.get(n, 0.0)
        return _label(G, n) + (f" ({c:.2f})" if c < WEAK else "")

    def rows_of(sides: list[list[Any]], unaligned: list[Any], conf: dict[Any, float]) -> list[Any]:
        rows: list[list[Any]] = []
        for i, c in enumerate(sides):
            ranked = sorted(c, key=lambda n: (-conf.get(n, 0.0), _label(G, n)))
            rows.append([i + 1, len(c), ", ".join(member(n, conf) for n in ranked)])
        if unaligned:
            names = sorted(_label(G, n) for n in unaligned)
            rows.append(["unaligned", len(names), ", ".join(names)])
        return rows

    columns = ["bloc", "size", "actors (most certain first; weak members with their confidence)"]
    if theatre is None:
        _table(
            f"Blocs ({opts.level} level, {G.number_of_nodes()} actors, "
            f"{G.number_of_edges()} ties; all theatres together)",
            columns,
            rows_of(result.aligned, result.unaligned, result.confidence),
            caption=f"frustration {_num(result.frustration)} (share of ties against the blocs), "
            f"weighted {_num(result.weighted_frustration)}; modularity of cooperation "
            f"{_num(result.modularity)}. Unaligned: less than one backing's worth of "
            "side-taking evidence into a bloc, or tied as much to two.",
        )
    for t in found[:THEATRES_SHOWN] if theatre is None else found:
        places = ", ".join(t.places[:6])
        _table(
            f"Theatre {t.theatre} ({t.events} clashes; places: {places})",
            ["side", "size", "actors (most certain first; weak members with their confidence)"],
            rows_of(t.sides, t.unaligned, t.confidence),
        )
    if theatre is None and len(found) > THEATRES_SHOWN:
        rest = ", ".join(t.theatre for t in found[THEATRES_SHOWN:])
        click.echo(f"{len(found) - THEATRES_SHOWN} smaller theatres (--theatre NAME): {rest}")
    if between and theatre is None:
        _table(
            "Brokers (cooperative ties into several blocs)",
            ["actor", "own bloc", "blocs reached", "share across"],
            [
                [
                    b.label,
                    b.bloc if b.bloc is not None else "unaligned",
                    ", ".join(f"{k}: {v:g}" for k, v in b.ties.items()),
                    _num(b.cross, 2),
                ]
                for b in between[:15]
            ],
        )


#: Theatres printed as tables by ``kg analyze blocs`` (all are in ``--format json``).
THEATRES_SHOWN = 8


@analyze.command()
@_graph_options
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True)
@guarded
def balance(opts: _Opts, limit: int) -> None:
    """Structural balance: balanced and unbalanced triangles, strained triads listed.

    \b
    Example:
      kg analyze balance --limit 10
    """
    from kg.analyze import balance as find_balance

    G, _, _ = _graph(opts)
    result = find_balance(G, limit=limit)
    _export(opts, G)
    if opts.fmt == "json":
        _json({"level": opts.level, **result.to_dict(G)})
        return
    _table(
        "Structural balance",
        ["balanced", "unbalanced", "ratio", "+++", "+--", "++-", "---"],
        [
            [
                result.balanced,
                result.unbalanced,
                _num(result.ratio),
                *(result.counts[k] for k in ("+++", "+--", "++-", "---")),
            ]
        ],
    )
    if result.unbalanced_triads:
        _table(
            "Unbalanced triads (alliances under strain), strongest first",
            ["actors", "signs", "weakest tie"],
            [
                [" – ".join(_label(G, n) for n in t.nodes), t.pattern, f"{t.strength:g}"]
                for t in result.unbalanced_triads
            ],
        )


@analyze.command()
@_graph_options
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    default=None,
    help="Sampled sources for betweenness (default: exact up to 1000 actors).",
)
@guarded
def influence(opts: _Opts, top: int, samples: int | None) -> None:
    """Who matters among allies: centrality on the cooperation layer.

    \b
    Example:
      kg analyze influence --level country --top 10
    """
    from kg.analyze import influence as find_influence

    G, _, _ = _graph(opts)
    rows = find_influence(G, betweenness_samples=samples)
    _export(
        opts,
        G,
        {
            "degree": {r.actor: r.degree for r in rows},
            "betweenness": {r.actor: r.betweenness for r in rows},
            "eigenvector": {r.actor: r.eigenvector for r in rows},
        },
    )
    if opts.fmt == "json":
        _json({"level": opts.level, "influence": [r.to_dict() for r in rows[:top]]})
        return
    _table(
        "Influence on the cooperation layer",
        ["#", "actor", "id", "type", "degree", "betweenness", "eigenvector"],
        [
            [
                i + 1,
                r.label,
                r.actor,
                G.nodes[r.actor].get("type"),
                f"{r.degree:g}",
                _num(r.betweenness),
                _num(r.eigenvector),
            ]
            for i, r in enumerate(rows[:top])
        ],
    )


@analyze.command()
@click.argument("actor")
@_graph_options
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True)
@guarded
def profile(opts: _Opts, actor: str, top: int) -> None:
    """An actor's allies and adversaries, with the strongest evidence.

    ACTOR is a label ("Khalifa Haftar", case-insensitive) or an id (khalifa_haftar).
    Each tie's strongest evidence says which file (or URL) it came from.
    At the principal level an actor that counts for another (a commander for his
    force, a minister for the state) is profiled as that principal.

    \b
    Example:
      kg analyze profile Turkey --from 2019-06
    """
    from kg.analyze import events_of, load_sources, origin, resolve_actor
    from kg.analyze import profile as find_profile
    from kg.analyze.sides import side_graph, side_ties
    from kg.store import open_store

    loaded = _loaded(opts)
    G = loaded.graph
    node = resolve_actor(G, _principal_of(G, actor, loaded.actors))
    # the sentences of this actor's ties only: its events, not the store's
    records = events_of(opts.store, loaded, [node])
    p = find_profile(G, node, records, top=top)
    # joint acts need the co-actors' events too: those of its neighbours, when few
    near = list(G.predecessors(node)) + list(G.successors(node))
    if loaded.from_pairs and len(near) <= PROFILE_NEIGHBOURS:
        records = events_of(opts.store, loaded, [node, *near])
    derived = side_ties(side_graph(G, records), node)[:top]
    _export(opts, G)
    if opts.fmt == "json":
        _json({"level": opts.level, **p.to_dict(), "side_taking": [t.to_dict() for t in derived]})
        return
    shown = {t.evidence[0][1] for t in (*p.allies, *p.adversaries) if t.evidence}
    with open_store(opts.store, read_only=True) as store:
        sources = load_sources(store, shown)
    click.echo(f"{p.label} ({p.actor}) — {p.type or 'actor'}, country {p.country or 'unknown'}")
    for title, ties in (("Allies", p.allies), ("Adversaries", p.adversaries)):
        if not ties:
            click.echo(f"{title}: none recorded")
            continue
        _table(
            title,
            ["actor", "net", "events", "relations", "strongest evidence"],
            [
                [
                    t.label,
                    f"{t.weight:+g}",
                    t.count,
                    ", ".join(f"{k} {v}" for k, v in t.relations.items()),
                    f"{t.evidence[0][0]} [{origin(t.evidence[0][1], sources)}, "
                    f"{t.evidence[0][2] or 'undated'}]"
                    if t.evidence
                    else "",
                ]
                for t in ties
            ],
        )
    if derived:
        _table(
            "Side-taking without a reported tie (joint action; shared enemy, an inference)",
            ["actor", "kind", "weight", "evidence"],
            _side_rows(G, derived),
        )


#: ``kg analyze profile`` reads its neighbours' events (for joint acts) up to this many.
PROFILE_NEIGHBOURS = 50


def _side_rows(G: Any, derived: list[Any]) -> list[list[Any]]:
    rows = []
    for t in derived:
        if t.kind == "joint action":
            basis = t.evidence[0][0] if t.evidence else ""
        else:
            basis = "inference: both hostile to " + ", ".join(_label(G, v) for v in t.via)
        rows.append([_label(G, t.b), t.kind, f"{t.weight:g}", basis])
    return rows


def _principal_of(G: Any, name: str, actors: dict[str, Any]) -> str:
    """``name`` itself, or the principal it was rolled up into (said on stderr)."""
    if name in G:
        return name
    wanted = name.strip().casefold()
    hits = [a for a, info in actors.items() if wanted in (a.casefold(), info.label.casefold())]
    moved = G.graph.get("rollup", {})
    for hit in hits:
        if hit in moved and moved[hit] in G:
            node = moved[hit]
            click.echo(
                f"{actors[hit].label} counts for {_label(G, node)} at the {G.graph['level']} "
                "level (--level actor shows them alone)",
                err=True,
            )
            return str(node)
    return name


@analyze.command()
@_graph_options
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@guarded
def suggest(opts: _Opts, limit: int) -> None:
    """ "Enemy of my enemy": pairs with a shared adversary and no recorded tie (inference).

    \b
    Example:
      kg analyze suggest --limit 10
    """
    from kg.analyze import enemy_of_enemy

    G, _, _ = _graph(opts)
    found = enemy_of_enemy(G, limit=limit)
    _export(opts, G)
    if opts.fmt == "json":
        _json({"level": opts.level, "suggestions": [s.to_dict(G) for s in found]})
        return
    if not found:
        click.echo("no open triads: every pair with a shared adversary already has a recorded tie")
        return
    _table(
        "Possible alignments — INFERENCE from shared adversaries, not reported facts",
        ["actor", "actor", "shared adversaries", "score"],
        [
            [
                _label(G, s.a),
                _label(G, s.c),
                ", ".join(_label(G, v) for v in s.via),
                f"{s.score:.2f}",
            ]
            for s in found
        ],
    )


@analyze.command()
@_graph_options
@click.option(
    "--window",
    type=click.Choice(["month", "quarter", "year"]),
    default="month",
    show_default=True,
)
@guarded
def change(opts: _Opts, window: str) -> None:
    """Change over time: blocs and balance per window, and ties whose sign flipped.

    \b
    Example:
      kg analyze change --window quarter
    """
    from kg.analyze import over_time, sign_flips

    loaded = _loaded(opts, evidence=True)  # per-window counts need the single events
    records, actors = loaded.records, loaded.actors
    windows = over_time(
        records,
        actors,
        window=window,
        level=opts.level,
        min_evidence=opts.min_evidence,
        include_modal=opts.include_modal,
    )
    flips = sign_flips(
        records, window=window, actors=actors, level=opts.level, include_modal=opts.include_modal
    )
    G = loaded.graph
    _export(opts, G)
    if opts.fmt == "json":
        _json(
            {
                "level": opts.level,
                "window": window,
                "windows": [w.to_dict() for w in windows],
                "flips": [f.to_dict() for f in flips],
            }
        )
        return
    _table(
        f"Alliance structure per {window}",
        ["window", "events", "actors", "ties", "+", "−", "blocs", "frustration", "balance"],
        [
            [
                w.window,
                w.records,
                w.actors,
                w.edges,
                w.positive,
                w.negative,
                " | ".join(", ".join(_label(G, n) for n in c) for c in w.blocs.aligned)
                if w.blocs
                else "; ".join(w.notes),
                _num(w.blocs.frustration) if w.blocs else None,
                _num(w.balance_ratio),
            ]
            for w in windows
        ],
    )
    if flips:
        _table(
            "Sign flips",
            ["actor", "actor", "from", "to", "change"],
            [
                [
                    _label(G, f.a),
                    _label(G, f.b),
                    f"{f.before} ({f.before_weight:+d})",
                    f"{f.after} ({f.after_weight:+d})",
                    f.direction,
                ]
                for f in flips
            ],
        )
    else:
        click.echo(f"no tie changed sign between {window}s")

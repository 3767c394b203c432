"""The shape of the package (issue 16): imports run one way, with no circles,
function-level imports included (an import hidden in a function still closes
a circle); pyoxigraph only behind kg.store and kg.rdf; no module past 700 lines.
Imports under ``if TYPE_CHECKING:`` are annotations only and do not count."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parents[1] / "kg"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(KG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(tree: ast.AST) -> list[tuple[str, list[str]]]:
    """(module, imported names) of every import not guarded by ``if TYPE_CHECKING``."""
    found: list[tuple[str, list[str]]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((a.name, []) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [a.name for a in node.names]))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


MODULES = {_module_name(p): p for p in KG.rglob("*.py") if "__pycache__" not in p.parts}


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        deps = graph.setdefault(name, set())
        for module, names in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            for target in [module, *(f"{module}.{n}" for n in names)]:
                # a package's __init__ importing its own modules is how packages work
                if target in MODULES and target != name and not target.startswith(name + "."):
                    deps.add(target)
    return graph


def test_layers_no_import_circles() -> None:
    graph = _graph()
    assert len(graph) > 50
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as exc:  # pragma: no cover - the failure message
        pytest.fail(f"import circle: {' -> '.join(exc.args[1])}")

    def reaches(a: str, b: str) -> bool:
        seen, todo = set(), [a]
        while todo:
            cur = todo.pop()
            if cur == b:
                return True
            if cur not in seen:
                seen.add(cur)
                todo.extend(graph.get(cur, ()))
        return False

    # the layers of STYLE.md run one way: cli → build → store → rdf → vocab, model
    for high, low in [("kg.cli", "kg.build"), ("kg.build", "kg.store"), ("kg.store", "kg.rdf")]:
        assert not reaches(low, high), f"{low} imports {high}"
    assert reaches("kg.store.embedded", "kg.rdf")


def test_layers_pyoxigraph_only_in_store_and_rdf() -> None:
    users = {
        name
        for name, path in MODULES.items()
        if any(
            m.split(".")[0] == "pyoxigraph"
            for m, _ in _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
        )
    }
    assert users, "the store reads through pyoxigraph"
    assert {u for u in users if u != "kg.rdf" and not u.startswith("kg.store")} == set()


def test_layers_no_module_over_700_lines() -> None:
    long = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 700
    }
    assert long == {}


#: the parts of the relation extractor, lowest first (issue 16).
_RELATION_PARTS = [
    "common",
    "arguments",
    "polarity",
    "triggers",
    "repairs",
    "implicit",
    "component",
]


def test_layers_relation_parts_import_one_way() -> None:
    graph = _graph()
    order = [f"kg.nlp.relations.{p}" for p in _RELATION_PARTS]
    assert set(order) <= set(MODULES)
    for i, name in enumerate(order):
        inside = {d for d in graph[name] if d.startswith("kg.nlp.relations.")}
        assert inside <= set(order[:i]), f"{name} imports {sorted(inside - set(order[:i]))}"


def test_layers_relation_parts_are_plain_functions() -> None:
    """arguments, polarity, triggers and repairs hold functions over tokens (and the
    shared RelationContext), not classes stacked on each other."""
    for part in ("arguments", "polarity", "triggers", "repairs"):
        tree = ast.parse(MODULES[f"kg.nlp.relations.{part}"].read_text(encoding="utf-8"))
        classes = [n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
        assert classes == [], f"kg.nlp.relations.{part} defines classes {classes}"
        functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        assert functions, part
        for fn in functions:
            first = fn.args.args[0].annotation if fn.args.args else None
            takes_ctx = first is not None and ast.unparse(first) == "RelationContext"
            # the few helpers that read no per-Doc state take only tokens
            assert takes_ctx or fn.name in {"holders"}, f"{part}.{fn.name}: ctx first"


def test_layers_one_month_table_at_the_bottom() -> None:
    """The month names are written once, in kg.months, which imports nothing of kg;
    ingestion and the relation extractor both read it."""
    graph = _graph()
    assert graph["kg.months"] == set()
    assert "kg.months" in graph["kg.ingest.dates"]
    assert "kg.months" in graph["kg.nlp.relations.common"]
    spelled = {
        name
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value in ("september", "sept")
    }
    assert spelled == {"kg.months"}

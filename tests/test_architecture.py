"""The package's floors point down: each module imports only modules on lower floors (no circle, no upward
import), internal imports sit at module level, and the CLI reaches the library through public names only.

Run alone with ``python -m pytest tests/test_architecture.py -q`` (reads the source; imports nothing heavy).
The floors are explained in docs/architecture.md; a new module must be given a floor here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "framing"

# Bottom first. A module may import modules of lower floors only. Names in RESERVED are floors kept for
# modules that other branches add; they are checked once they exist.
FLOORS: list[tuple[str, set[str]]] = [
    ("base: version, errors", {"_version", "_errors"}),
    ("file helpers", {"_files"}),
    ("types that travel", {"_types"}),
    ("definitions: text cleaning, markers, model cards, segmentation, speaker names, intervals, driver spans, "
     "consistency groups",
     {"_text", "_markers", "_modelcard", "_segment", "_speakers", "_html", "_intervals", "_drivers", "_consistency"}),
    ("readers, page structure, evidence, NLI models", {"_io", "_structure", "_evidence", "_nli"}),
    ("backends, result tables, training, quotes, page-reading evaluation",
     {"_onnx", "_results", "_train", "_quotes", "_page_eval"}),
    ("scoring, profiles and story alignment", {"_scorer", "_profile", "_story"}),
    ("jobs: batch scoring, evaluation, report input (with its story view), audits",
     {"_batch", "_evaluate", "_report_input", "_audit"}),
    ("jobs on jobs: adaptation, plots, the audit's labelling page", {"_adapt", "_plots", "_labelserver"}),
    ("the story page (and the story section the report embeds)", {"_story_page"}),
    ("the report page", {"_report"}),
    ("the public API", {"__init__"}),
    ("front ends", {"cli", "distributed"}),
]
RESERVED: set[str] = set()


def _floor_of() -> dict[str, int]:
    return {m: i for i, (_, mods) in enumerate(FLOORS) for m in mods}


def _modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(PACKAGE.glob("*.py"))}


def _in_type_checking(tree: ast.Module) -> set[int]:
    """Line numbers of imports under ``if TYPE_CHECKING:`` (annotations only, never run)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    lines.add(inner.lineno)
    return lines


def _internal_imports(tree: ast.Module) -> list[tuple[int, str, list[str]]]:
    """(line, imported framing module, names) for every import of a framing module, at any depth."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names]
            if node.level == 1:
                if node.module:
                    out.append((node.lineno, node.module, names))
                else:
                    out.extend((node.lineno, n if n.startswith("_") else "__init__", [n]) for n in names)
            elif node.level == 0 and node.module and (node.module == "framing" or node.module.startswith("framing.")):
                target = node.module.split(".")[1] if "." in node.module else "__init__"
                out.append((node.lineno, target, names))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "framing" or a.name.startswith("framing."):
                    out.append((node.lineno, a.name.split(".")[1] if "." in a.name else "__init__", []))
    return out


def test_every_module_has_a_floor():
    floors = _floor_of()
    missing = sorted(set(_modules()) - set(floors))
    assert not missing, f"give these modules a floor in FLOORS (and docs/architecture.md): {missing}"
    assert sum(len(m) for _, m in FLOORS) == len(floors), "a module is on two floors"


def test_imports_point_down_only():
    floors = _floor_of()
    upward = []
    for mod, tree in _modules().items():
        skip = _in_type_checking(tree)
        for line, target, _ in _internal_imports(tree):
            if line in skip:
                continue
            if floors[target] >= floors[mod]:
                upward.append(f"framing/{mod}.py:{line} imports {target} "
                              f"(floor {floors[target]} '{FLOORS[floors[target]][0]}' is not below "
                              f"floor {floors[mod]} '{FLOORS[floors[mod]][0]}')")
    assert not upward, "\n".join(upward)


def test_the_import_graph_has_no_circle():
    graph = {mod: {t for _, t, _ in _internal_imports(tree) if t != mod} for mod, tree in _modules().items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                pytest.fail("import circle: " + " -> ".join(path[path.index(n):] + [n]))
            if n not in state:
                visit(n)
        path.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


def test_internal_imports_are_at_module_level():
    """Imports inside functions are for optional heavy dependencies only (onnxruntime, matplotlib, ray...)."""
    nested = []
    for mod, tree in _modules().items():
        top = {id(n) for n in tree.body}
        top |= {id(n) for stmt in tree.body if isinstance(stmt, ast.If) for n in ast.walk(stmt)}  # TYPE_CHECKING
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and id(node) not in top:
                nested.append(f"framing/{mod}.py:{node.lineno}")
    assert not nested, f"move these framing imports to the top of their module: {nested}"


def test_the_cli_uses_public_names_only():
    import framing

    tree = _modules()["cli"]
    private = [f"cli.py:{line}: {target} {names}" for line, target, names in _internal_imports(tree)
               if target != "__init__" or any(n not in framing.__all__ for n in names)]
    assert not private, f"cli.py imports private names: {private}"
    attributes = {node.attr for node in ast.walk(tree)
                  if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "framing"}
    assert attributes <= set(framing.__all__), f"cli.py uses framing names not in __all__: {attributes - set(framing.__all__)}"

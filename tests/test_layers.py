"""The house stays in layers: no import cycles, and no layer imports one above it.

Every import counts, at the top of a module or inside a function (a lazy
import is still a dependency); only imports under ``if TYPE_CHECKING:`` are
left out, because they never run. The layers are those of
``briefing/__init__.py``; ``ui/`` sits on top of the core beside the CLI.
"""

from __future__ import annotations

import ast

import pytest
from import_graph import ROOT, imports_of, module_name

# lowest first; a module may import its own layer and the layers below it
LAYERS: list[set[str]] = [
    {"briefing", "briefing.errors", "briefing.dates", "briefing.resources", "briefing.markdown_lists", "briefing.files",
     "briefing.fontfiles"},
    {"briefing.library"},
    {"briefing.search", "briefing.importing"},
    {"briefing.book"},
    {"briefing.pdf"},
    {"briefing.safekeeping", "briefing.sample"},
    {"briefing.cli", "briefing.__main__"},
    {"ui"},
]
# The command line starts the desktop app when asked to (``briefing`` with no command): a
# function-level import of the app's entry point, never of a screen.
ALLOWED_UPWARD = {("briefing.cli.base", "ui.app")}


def project_graph() -> dict[str, set[str]]:
    files = [p for folder in ("briefing", "ui") for p in (ROOT / folder).rglob("*.py")]
    known = {module_name(p) for p in files}
    return {module_name(p): imports_of(p, known) for p in files}


def layer_of(module: str) -> int:
    best, depth = None, -1
    for index, layer in enumerate(LAYERS):
        for prefix in layer:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > depth:
                best, depth = index, len(prefix)
    assert best is not None, f"{module} belongs to no layer; add it to LAYERS and briefing/__init__.py"
    return best


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return groups


def _without_package_reexports(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    # A package's __init__ re-exporting its modules is its public face, not a dependency of
    # theirs: ``briefing.pdf`` naming ``briefing.pdf.export`` and export importing a sibling
    # through the package path are one module, so the edge from a package to its own modules
    # is left out of the cycle search.
    return {m: {d for d in deps if not d.startswith(m + ".")} for m, deps in graph.items()}


def test_no_import_cycles():
    found = cycles(_without_package_reexports(project_graph()))
    assert not found, "import cycles:\n" + "\n".join(" <-> ".join(group) for group in found)


def test_no_layer_imports_one_above_it():
    wrong = []
    for module, deps in sorted(project_graph().items()):
        for dep in sorted(deps):
            if layer_of(dep) > layer_of(module) and (module, dep) not in ALLOWED_UPWARD:
                wrong.append(f"{module} imports {dep}")
    assert not wrong, "imports that reach up a layer:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "layer",
    ["briefing.library", "briefing.search", "briefing.importing", "briefing.book", "briefing.pdf",
     "briefing.safekeeping", "briefing.cli"],
)
def test_every_package_says_what_it_may_import(layer):
    doc = ast.get_docstring(ast.parse((ROOT / layer.replace(".", "/") / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "May import" in doc


def test_the_checker_sees_a_cycle_and_an_upward_import():
    graph = {"briefing.library.a": {"briefing.book.b"}, "briefing.book.b": {"briefing.library.a"}}
    assert cycles(graph) == [["briefing.book.b", "briefing.library.a"]]
    assert layer_of("briefing.library.a") < layer_of("briefing.book.b")

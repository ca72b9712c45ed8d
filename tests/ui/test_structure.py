"""The app's packages keep to their places: screens never import the window, nor each other without saying why.

Every import counts here, those under ``if TYPE_CHECKING:`` included: a
screen that names the window only for its type hints still depends on its
shape. ``tests/test_layers.py`` checks the core's layers and cycles; this
checks the rules of ``ui/__init__.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from import_graph import ROOT, imports_of, module_name

UI = ROOT / "ui"
UI_MODULES = {module_name(p) for p in UI.rglob("*.py")}
TOP = {"ui", "ui.app", "ui.main_window", "ui.window_pages"}
SCREENS = ("ui.library", "ui.book_editor", "ui.export", "ui.maintenance")
# a screen that uses another's parts, and why; its package's docstring says so too
SHARED = {
    ("ui.book_editor", "ui.library"): "the library list beside the book, and the documents' drag format",
    ("ui.export", "ui.book_editor"): "the pre-flight problem list, shown again when an export is refused",
}


def ui_imports(path: Path) -> set[str]:
    """The ``ui`` modules ``path`` imports, anywhere in it, type hints' imports included."""
    return imports_of(path, UI_MODULES, type_checking=True) | ({"ui"} & imports_of(path, {"ui"}, type_checking=True))


def package_of(module: str) -> str:
    return module if module in TOP else ".".join(module.split(".")[:2])


MODULES = {module_name(p): ui_imports(p) for p in sorted(UI.rglob("*.py"))}


def test_only_the_app_imports_the_main_window():
    importers = sorted(m for m, imports in MODULES.items() if "ui.main_window" in imports)
    assert importers == ["ui.app"]


def test_nothing_in_ui_imports_the_app():
    assert sorted(m for m, imports in MODULES.items() if "ui.app" in imports) == []


def test_common_imports_no_screen():
    for module, imports in MODULES.items():
        if package_of(module) == "ui.common":
            assert {package_of(i) for i in imports} <= {"ui", "ui.common"}, module


@pytest.mark.parametrize("screen", SCREENS)
def test_a_screen_imports_another_only_where_its_docstring_says_why(screen):
    docstring = ast.get_docstring(ast.parse((UI / screen.split(".")[1] / "__init__.py").read_text(encoding="utf-8")))
    assert docstring, f"{screen} says what it is for"
    for module, imports in MODULES.items():
        if package_of(module) != screen:
            continue
        for other in {package_of(i) for i in imports} - {"ui", "ui.common", screen}:
            assert (screen, other) in SHARED, f"{module} imports {other}"
            assert other in docstring, f"{screen}'s docstring should say why it imports {other}"


def test_every_module_is_in_a_known_package():
    assert {package_of(m) for m in MODULES} <= TOP | {"ui.common", *SCREENS}

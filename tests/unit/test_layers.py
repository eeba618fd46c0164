"""Each folder names a layer and imports only downward (docs/architecture.md, "Layers").

Every import counts, including the ones inside functions and under TYPE_CHECKING: a lazy
import hides a cycle, it does not remove it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What each product package may import, besides itself and third-party code.
ALLOWED: dict[str, set[str]] = {
    "vocabulary": set(),  # the words every layer shares; any layer may import it
    "storage": set(),
    "matching": {"storage"},
    "runtime": {"storage"},
    "bot": set(),  # the dialogue needs nothing of ours but the vocabulary
    "introductions": {"runtime", "matching", "bot", "storage"},
    "channels": {"introductions", "runtime", "matching", "storage"},
    "dashboard": {"runtime", "storage"},
    "sandbox": {"channels", "introductions", "runtime", "storage"},
    "mm": {
        "sandbox",
        "dashboard",
        "channels",
        "introductions",
        "runtime",
        "matching",
        "bot",
        "storage",
    },
}


def imported_packages(path: Path) -> set[str]:
    """The top-level names a module imports (absolute imports only; we write no relative)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def upward_imports(package: str) -> list[str]:
    forbidden = set(ALLOWED) - ALLOWED[package] - {package, "vocabulary"}
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in sorted(imported_packages(path) & forbidden)
    ]


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_only_the_layers_below_it(package: str) -> None:
    assert upward_imports(package) == []


def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from channels.gateway import create_app\n")
    assert "channels" in imported_packages(module)


def test_every_product_package_has_a_layer() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - {"tests", "benchmarks"} == set(ALLOWED)

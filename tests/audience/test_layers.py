"""The vote server's modules import one another in one direction: no circles."""

from __future__ import annotations

import ast
from pathlib import Path

import presenter.audience

PACKAGE = Path(presenter.audience.__file__).parent


def imports_of(path: Path) -> set[str]:
    """Every `presenter.audience.X` module a file imports, TYPE_CHECKING blocks included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "presenter.audience":
                found |= {f"presenter.audience.{a.name}" for a in node.names}
            elif node.module.startswith("presenter.audience."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("presenter.audience.")}
    return found


def test_no_import_circles_in_the_vote_server() -> None:
    graph = {f"presenter.audience.{path.stem}": imports_of(path) for path in PACKAGE.glob("*.py")}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for name in graph.get(start, ()):
            if name == goal or (name not in seen and reaches(name, goal, seen | {name})):
                return True
        return False

    circles = sorted(name for name in graph if reaches(name, name, {name}))
    assert circles == []
    assert "presenter.audience.server" not in graph["presenter.audience.routes"]

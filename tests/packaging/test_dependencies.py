"""Every third-party module imported under presenter/ is a declared dependency, and back."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "presenter"
# Extras that only the tests and the developers' tools need, never presenter/ itself.
TOOL_EXTRAS = {"test", "dev"}


def _name(requirement: str) -> str:
    """The distribution name of a requirement such as `rich>=14.2`, normalised."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip())
    assert match, requirement
    return _normalise(match.group())


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> tuple[set[str], set[str]]:
    """(runtime dependencies, runtime + optional ones that presenter/ may import)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    optional = {
        _name(r)
        for extra, requirements in project.get("optional-dependencies", {}).items()
        if extra not in TOOL_EXTRAS
        for r in requirements
    }
    return runtime, runtime | optional


def _imported_top_levels() -> dict[str, set[str]]:
    """Top-level module name -> the files under presenter/ that import it (absolute imports)."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.partition(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def _third_party(imported: dict[str, set[str]]) -> dict[str, set[str]]:
    return {
        name: files
        for name, files in imported.items()
        if name not in sys.stdlib_module_names and name not in ("presenter", "__future__")
    }


def test_the_import_scan_sees_the_known_dependencies() -> None:
    third_party = _third_party(_imported_top_levels())
    assert {"textual", "rich", "markdown_it", "yaml", "aiohttp"} <= set(third_party)


def test_every_third_party_import_is_a_declared_dependency() -> None:
    _, allowed = _declared()
    distributions = packages_distributions()
    undeclared: dict[str, list[str]] = {}
    for module, files in sorted(_third_party(_imported_top_levels()).items()):
        provided_by = {_normalise(d) for d in distributions.get(module, [])}
        assert provided_by, f"{module} (imported in {sorted(files)}) is not installed"
        if not provided_by & allowed:
            undeclared[module] = sorted(files)
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_every_runtime_dependency_is_imported() -> None:
    runtime, _ = _declared()
    distributions = packages_distributions()
    used = {
        _normalise(d)
        for module in _third_party(_imported_top_levels())
        for d in distributions.get(module, [])
    }
    assert runtime - used == set(), "declared in pyproject.toml but never imported"

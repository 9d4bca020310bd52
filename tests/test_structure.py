"""The engine stays plain: no module of sitegen imports itself back through others (type-only
imports count: they are what tied the build, cache, reuse, sources and state modules in a
loop), and ``build()`` reads as a screen of named stages."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from sitegen import build as build_module

PACKAGE = Path(build_module.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The sitegen modules ``path`` imports, at run time or for types."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            if node.module:
                found.add(".".join([*base, node.module]))
            else:
                found.update(".".join([*base, alias.name]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sitegen"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("sitegen"))
    return found


def test_no_module_imports_itself_back():
    graph = {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}
    graph = {name: {d for d in deps if d in graph and d != name} for name, deps in graph.items()}
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        for dep in sorted(graph[name]):
            assert dep not in path, "import loop: " + " -> ".join([*path[path.index(dep) :], dep])
            if dep not in done:
                visit(dep, [*path, dep])
        done.add(name)

    for name in sorted(graph):
        visit(name, [name])


def test_build_fits_on_one_screen():
    lines = inspect.getsource(build_module.build).splitlines()
    assert len(lines) <= 45, len(lines)

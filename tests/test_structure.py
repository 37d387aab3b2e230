"""The package's shape: stages as folders, imports that only point down, no import loops.

Every import statement of every module counts — at the top, inside functions, under ``if`` —
because a loop closed by an import inside a function is still a loop for the reader.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tongban_rules"
NAME = "tongban_rules"

#: the pipeline from the bottom up; a module may import its own layer and the layers below it
LAYERS = (
    ("model", "codes", "diagnostics"),
    ("source", "regions", "errors"),
    ("calendar", "lang"),
    ("decide",),
    ("load",),
    ("checks", "render", "impact"),
    ("formats",),
    ("cli", "service", "__main__"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(importer: str, is_package: bool, level: int, target: str | None) -> str:
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, *([target] if target else [])])


def imports(module: str) -> set[str]:
    """Every package module ``module`` imports, with the packages a submodule import initialises."""
    path = MODULES[module]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = (_resolve(module, path.name == "__init__.py", node.level, node.module) if node.level
                    else node.module or "")
            subs = [f"{base}.{a.name}" for a in node.names]
            # ``from pkg import sub``: only the submodule, and pkg as any submodule import does;
            # ``from pkg import name``: pkg itself, even the importer's own package
            names = subs if all(s in MODULES for s in subs) else [base]
            if base in MODULES and names == [base]:
                found.add(base)
        else:
            continue
        for name in names:
            if name in MODULES:
                found.add(name)
                found.update(_parents(name, module))
    found.discard(module)
    return found


def _parents(name: str, importer: str) -> set[str]:
    """Packages that importing ``name`` initialises, except those the importer lies inside."""
    parts = name.split(".")
    prefixes = (".".join(parts[:i]) for i in range(2, len(parts) + 1))
    return {p for p in prefixes if not (importer == p or importer.startswith(p + "."))}


@functools.cache
def graph() -> dict[str, set[str]]:
    """Every module's imports, read when a test first asks (not at collection, in every worker)."""
    return {module: imports(module) for module in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_no_import_cycles():
    assert _cycles(graph()) == []


def test_cycle_finder_finds_a_planted_loop():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def _layer(module: str) -> int:
    room = module.split(".")[1] if "." in module else ""
    for level, rooms in enumerate(LAYERS):
        if room in rooms:
            return level
    raise AssertionError(f"{module}: not in any layer of the pipeline; add its room to LAYERS")


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != NAME))
def test_imports_point_down_the_pipeline(module):
    upward = sorted(t for t in graph()[module] if t != NAME and _layer(t) > _layer(module))
    assert upward == [], f"{module} imports a later stage: {upward}"


def test_the_package_root_stays_small():
    root_modules = [p.name for p in PACKAGE.glob("*.py")]
    assert len(root_modules) <= 10, root_modules
    rooms = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    known = {room for rooms_ in LAYERS for room in rooms_}
    assert rooms <= known, rooms - known


def test_only_the_public_face_imports_from_everywhere():
    """``tongban_rules/__init__`` is the public API: nothing inside the package imports it but for
    the version string, so importing one stage never drags in the whole package."""
    importers = sorted(m for m, targets in graph().items() if NAME in targets and m != NAME)
    for module in importers:
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level
                 and _resolve(module, MODULES[module].name == "__init__.py", n.level, n.module) == NAME
                 for a in n.names}
        assert names <= {"__version__"}, (module, names)

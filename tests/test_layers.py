"""Imports point down only: every module of the package imports from its own floor or the floors
below it, and no set of modules imports itself round (issue 29).

The floors, lowest first: ``schema`` (the tables and the vocabularies they document) < ``normalize``
(pure functions on text) < the IR and the limits every reader shares (``extractors.ir``,
``extractors.limits``, ``extractors.readers`` as a package: its coded ``ReadError``) < the page
geometry (``extractors.geometry``) < the format readers and the format-blind parser, which know
nothing of each other (``extractors.readers.*``, ``extractors.parser``) < format detection
(``extractors.detect``, which decodes text as the text reader does) < the app (``iki``). Within
the app, the comparison (``iki.diff``) knows nothing of the page that shows it (``iki.report``).

Read from the source with :mod:`ast` (function-level imports included), so the check needs no import.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("schema", "normalize", "extractors", "iki")

# (floor, unit): a module's unit is the longest prefix listed here; a unit imports units of lower floors
# and itself. Units on one floor are siblings and import neither way.
UNITS = {
    "schema": 0,
    "normalize": 1,
    "extractors": 2, "extractors.ir": 2, "extractors.limits": 2, "extractors.readers": 2,
    "extractors.geometry": 3,
    "extractors.readers.*": 4, "extractors.parser": 4,
    "extractors.detect": 5,
    "iki": 6,
}
# within a unit, pairs that must not import (first imports second)
FORBIDDEN = [("iki.diff", "iki.report")]


def modules(root: Path = ROOT) -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for f in sorted((root / pkg).rglob("*.py")):
            name = ".".join(f.relative_to(root).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = f
    return out


def imports(mods: dict[str, Path]) -> dict[str, set[str]]:
    """module → the package modules it imports (``from a.b import c`` is ``a.b.c`` when that is a module)."""
    def resolve(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    out: dict[str, set[str]] = defaultdict(set)
    for mod, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            out[mod] |= {r for r in map(resolve, names) if r and r != mod}
    return out


def unit(mod: str) -> str:
    if mod.startswith("extractors.readers."):
        return "extractors.readers.*"
    return max((u for u in UNITS if mod == u or mod.startswith(u + ".")), key=len)


def upward(root: Path = ROOT) -> list[str]:
    """Every import of a module from a floor above its own or from a sibling unit."""
    wrong = []
    for mod, targets in imports(modules(root)).items():
        for target in targets:
            a, b = unit(mod), unit(target)
            if a != b and UNITS[b] >= UNITS[a]:
                wrong.append(f"{mod} ({a}, floor {UNITS[a]}) imports {target} ({b}, floor {UNITS[b]})")
            if (mod, target) in FORBIDDEN:
                wrong.append(f"{mod} imports {target}")
    return sorted(wrong)


def cycles(root: Path = ROOT) -> list[list[str]]:
    """The sets of modules that import each other round (Tarjan's strongly connected components)."""
    graph = imports(modules(root))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc: list[str] = []
            while not scc or scc[-1] != v:
                scc.append(stack.pop())
            if len(scc) > 1:
                found.append(sorted(scc))

    for v in sorted(modules(root)):
        if v not in index:
            visit(v)
    return found


def test_every_import_points_to_the_same_floor_or_below():
    assert not upward(), "\n".join(upward())


def test_no_import_cycle():
    assert not cycles()


def test_the_checks_see_an_upward_import_and_a_cycle(tmp_path):
    """The checks themselves, on a small tree: the schema reaching up to detection, two app modules
    importing each other, the comparison importing the page."""
    files = {"schema/tables.py": "from extractors.detect import FORMATS\n", "extractors/detect.py": "FORMATS = {}\n",
             "iki/diff.py": "def f():\n    from iki.report import label\n", "iki/report.py": "from iki.diff import f\n",
             "extractors/parser/x.py": "from extractors.readers import pdf\n", "extractors/readers/pdf.py": ""}
    for pkg in PACKAGES + ("extractors/parser", "extractors/readers"):
        (tmp_path / pkg).mkdir(parents=True, exist_ok=True)
        (tmp_path / pkg / "__init__.py").write_text("")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    assert upward(tmp_path) == [
        "extractors.parser.x (extractors.parser, floor 4) imports extractors.readers.pdf (extractors.readers.*, floor 4)",
        "iki.diff imports iki.report",
        "schema.tables (schema, floor 0) imports extractors.detect (extractors.detect, floor 5)"]
    assert cycles(tmp_path) == [["iki.diff", "iki.report"]]

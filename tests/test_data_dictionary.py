"""The data dictionary renders and lists every value a column can hold.

The documented value lists (``Column.values`` in schema/tables.py) are compared with what the code
can produce: the constants it returns or assigns (read from the source with ``ast``, so a new
value added anywhere is caught) and the values it produces on real files.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from schema.tables import TABLES, data_dictionary

ROOT = Path(__file__).resolve().parents[1]


def documented(table: str, column: str) -> set[str]:
    col = next(c for c in TABLES[table] if c.name == column)
    return {v for v, _ in col.values}


def _constants(node) -> set[str]:
    """The string constants an expression can evaluate to: ``"a"``, both branches of
    ``"a" if c else "b"``, every operand of ``x or "IKI"`` (not the constants inside a test or a call)."""
    if isinstance(node, ast.Constant):
        return {node.value} if isinstance(node.value, str) else set()
    if isinstance(node, ast.IfExp):
        return _constants(node.body) | _constants(node.orelse)
    if isinstance(node, ast.BoolOp):
        return set().union(*(_constants(v) for v in node.values))
    return set()


def _tree(rel: str) -> ast.AST:
    return ast.parse((ROOT / rel).read_text(encoding="utf-8"))


def _call_name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _values_set_in(tree: ast.AST, field: str, calls: dict[str, int] | None = None,
                   returns_of: tuple[str, ...] = ()) -> set[str]:
    """Constants the code gives ``field``: ``field=...`` keywords, ``{"field": ...}`` entries,
    ``x.field = ...`` / ``field = ...`` assignments, ``x.field == ...`` comparisons, the argument
    at position ``calls[name]`` of calls to ``name``, and what functions ``returns_of`` return."""
    out: set[str] = set()
    calls = calls or {}
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == field:
            out |= _constants(node.value)
        elif isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                if isinstance(k, ast.Constant) and k.value == field:
                    out |= _constants(v)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any((isinstance(t, ast.Name) and t.id == field) or (isinstance(t, ast.Attribute) and t.attr == field)
                   for t in targets):
                out |= _constants(node.value)
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == field:
            for c in node.comparators:
                out |= _constants(c)
        elif isinstance(node, ast.Call) and _call_name(node) in calls:
            i = calls[_call_name(node)]
            if len(node.args) > i:
                out |= _constants(node.args[i])
        elif isinstance(node, ast.FunctionDef) and node.name in returns_of:
            for r in ast.walk(node):
                if isinstance(r, ast.Return) and r.value is not None:
                    out |= _constants(r.value)
    return out


# --------------------------------------------------------------------------- rendering

def _cells(line: str) -> int:
    return len(re.split(r"(?<!\\)\|", line.strip().strip("|")))


def test_every_markdown_table_row_has_as_many_cells_as_its_header():
    text = data_dictionary()
    tables, current = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    assert len(tables) >= len(TABLES) + 1
    for rows in tables:
        assert re.fullmatch(r"\|(---\|)+", rows[1]), rows[:2]
        n = _cells(rows[0])
        for row in rows[2:]:
            assert _cells(row) == n, row
            assert row.count("`") % 2 == 0, row  # no code span left open


def test_documented_values_appear_in_the_dictionary():
    text = data_dictionary()
    for name, cols in TABLES.items():
        for c in cols:
            if c.values:
                assert f"Values of `{name}.{c.name}`" in text
                for v, _ in c.values:
                    assert f"| `{v}` |" in text, (name, c.name, v)


# --------------------------------------------------------------------------- documents.format

def _detected_formats_in_source() -> set[str]:
    """The names ``detect_format`` can return, read from extractors/detect.py: the string constants
    returned by it and by the functions it calls (transitively) that are annotated to return ``str``,
    and the values of the module's dicts those functions return items of (``_ODF_TYPES[mime]``)."""
    tree = _tree("extractors/detect.py")
    funcs = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
    dicts = {t.id: n.value for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
             for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
             if isinstance(t, ast.Name) and isinstance(n.value, ast.Dict)}

    def returns_str(f: ast.FunctionDef) -> bool:
        return f.returns is not None and "str" in ast.unparse(f.returns).split(" | ")

    todo, seen, found = ["detect_format"], set(), set()
    while todo:
        f = funcs[todo.pop()]
        if f.name in seen:
            continue
        seen.add(f.name)
        returned = {n.value.id for n in ast.walk(f) if isinstance(n, ast.Return) and isinstance(n.value, ast.Name)}
        flows = [n.value for n in ast.walk(f) if isinstance(n, ast.Return) and n.value is not None]
        flows += [n.value for n in ast.walk(f) if isinstance(n, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id in returned for t in n.targets)]
        for expr in flows:  # calls whose result is returned, directly or through a variable
            for node in ast.walk(expr):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in funcs \
                        and returns_str(funcs[node.func.id]):
                    todo.append(node.func.id)
        for node in ast.walk(f):
            if isinstance(node, ast.Return) and node.value is not None:
                found |= _constants(node.value)
                for sub in ast.walk(node.value):
                    if isinstance(sub, ast.Name) and sub.id in dicts:
                        found |= {v.value for v in dicts[sub.id].values
                                  if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    assert "_zip_format" in seen or "docx" in found, "detect_format's structure changed: update this test"
    return found


def test_format_lists_every_format_the_code_can_give():
    from extractors.detect import detect_format

    code = _detected_formats_in_source()
    # the rows of files that cannot be read at all (pipeline and batch) name a format themselves
    for rel in ("iki/pipeline.py", "iki/batch.py", "iki/cli.py", "iki/api.py"):
        code |= {v for v in _values_set_in(_tree(rel), "format", calls={"_doc_row": 2, "failed_row": 3})
                 if "%(" not in v}  # logging's format= is not a document format
    seen = {detect_format(p.read_bytes()[:1 << 20], p.name) for base in ("samples", "tests/data")
            for p in sorted((ROOT / base).rglob("*")) if p.is_file()}
    seen |= {detect_format(b, n) for b, n in ((b"", "x.txt"), (b"PK\x03\x04nozip", "x.docx"),
                                              (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x.doc"),
                                              (b"\x00\x01\x02", "x.bin"), (b"# IKI", "x.md"))}
    docs = documented("documents", "format")
    assert code | seen <= docs, f"undocumented format(s): {sorted((code | seen) - docs)}"
    assert docs <= code | seen, f"documented but never produced: {sorted(docs - code - seen)}"
    assert {"empty", "unknown", "doc", "pdf", "docx", "text", "markdown", "image"} <= docs


# --------------------------------------------------------------------------- documents.status

def test_status_lists_every_status_the_pipeline_and_the_batch_can_give(tmp_path):
    from iki.pipeline import process_file

    code = set()
    for rel in ("iki/pipeline.py", "iki/batch.py"):
        code |= _values_set_in(_tree(rel), "status", calls={"_failed": 1, "failed_row": 1})
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    prose = tmp_path / "prose.txt"
    prose.write_text("Undangan rapat koordinasi hari Senin.\n", encoding="utf-8")
    seen = {process_file(p).document["status"]
            for p in (empty, prose, ROOT / "samples" / "seeds" / "000.txt")}
    assert seen == {"error", "no_iki_found", "ok"}
    docs = documented("documents", "status")
    assert code | seen <= docs, f"undocumented status(es): {sorted((code | seen) - docs)}"
    assert docs <= code | seen, f"documented but never produced: {sorted(docs - code - seen)}"


# --------------------------------------------------------------------------- positions.kind

def test_kind_lists_every_kind_the_parser_can_give():
    from iki.pipeline import process_file

    code = set()
    for p in sorted((ROOT / "extractors" / "parser").glob("*.py")):
        code |= _values_set_in(ast.parse(p.read_text(encoding="utf-8")), "kind",
                               calls={"open_position": 0}, returns_of=("heading_kind",))
    code = {k for k in code if k.isupper()}  # kinds are upper-case codes; other "kind" fields are not ours
    files = sorted((ROOT / "tests" / "data" / "cases" / "real-kinds").glob("*.txt"))
    files += sorted((ROOT / "samples" / "seeds").glob("*.txt"))
    seen = {p["kind"] for f in files for p in process_file(f).positions}
    assert {"IKI", "IKU"} <= seen
    docs = documented("positions", "kind")
    assert code | seen <= docs, f"undocumented kind(s): {sorted((code | seen) - docs)}"
    assert docs <= code | seen, f"documented but never produced: {sorted(docs - code - seen)}"
    assert documented("flat", "kind") == docs


# --------------------------------------------------------------------------- duties, formulas

def test_section_and_formula_type_match_the_code():
    from extractors.parser.positions import LIST_SECTIONS
    from normalize.formula import TYPES

    assert documented("duties", "section") == set(LIST_SECTIONS)
    assert documented("indicators", "formula_type") == set(TYPES)
    assert documented("flat", "formula_type") == set(TYPES)
    made = {n.args[0].value for n in ast.walk(_tree("normalize/formula.py"))
            if isinstance(n, ast.Call) and _call_name(n) == "Formula" and n.args
            and isinstance(n.args[0], ast.Constant)}
    assert made <= set(TYPES), f"Formula types not in TYPES: {sorted(made - set(TYPES))}"


def test_unit_lists_every_unit_the_formulas_give():
    code = _values_set_in(_tree("normalize/formula.py"), "unit", returns_of=("_unit",))
    docs = documented("indicators", "unit")
    assert code <= docs, f"undocumented unit(s): {sorted(code - docs)}"


@pytest.mark.slow
@pytest.mark.parametrize("table", ["indicators", "flat"])
def test_units_of_an_extraction_are_documented(table, tmp_path):
    import pyarrow.parquet as pq

    from iki.cli import main

    out = tmp_path / "out"
    assert main(["extract", str(ROOT / "samples" / "seeds"), "-o", str(out), "--jobs", "1", "-q"]) == 0
    units = set(pq.read_table(out / f"{table}.parquet", columns=["unit"]).column("unit").to_pylist()) - {None}
    assert units <= documented(table, "unit")
    types = set(pq.read_table(out / f"{table}.parquet", columns=["formula_type"]).column(0).to_pylist())
    assert types <= documented(table, "formula_type")


# --------------------------------------------------------------------------- diff tables

def test_diff_statuses_and_changed_fields_match_the_code():
    from iki import diff

    assert documented("position_changes", "status") == set(diff.POSITION_STATUSES)
    assert documented("indicator_changes", "status") == set(diff.INDICATOR_STATUSES)
    assert documented("indicator_changes", "changed_fields") == set(diff.COMPARED_FIELDS)
    appended = {n.args[0].value for n in ast.walk(_tree("iki/diff.py"))
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "append"
                and isinstance(n.func.value, ast.Name) and n.func.value.id == "fields"
                and n.args and isinstance(n.args[0], ast.Constant)}
    assert appended, "diff.py no longer appends position fields by name: update this test"
    assert documented("position_changes", "changed_fields") == appended | set(diff.DUTY_SECTIONS)


# --------------------------------------------------------------------------- a valid Markdown table (issue 25)


def _rendered_tables(text: str) -> list[list[list[str]]]:
    """Every table of ``text`` as a CommonMark + GFM-tables parser reads it: rows of cell texts (code spans
    as their content, any other markup flagged)."""
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(text)
    tables, rows, row = [], None, None
    for tok in tokens:
        if tok.type == "table_open":
            rows = []
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            parts = []
            for c in tok.children or []:
                parts.append(c.content if c.type in ("text", "code_inline") else " " if c.type == "softbreak"
                             else f"[{c.type}]")
            row.append("".join(parts))
        elif tok.type == "tr_close":
            rows.append(row)
            row = None
        elif tok.type == "table_close":
            tables.append(rows)
    return tables


def _plain(text: str) -> str:
    """What a reader sees of the dictionary's own text: code spans without their backticks."""
    return re.sub(r"`([^`]*)`", r"\1", text).replace("\n", " ")


def test_data_dictionary_renders_every_cell_as_written():
    """No cell is cut by a `|`, no `<html>` taken for a tag: a Markdown parser gives back every name,
    type, meaning, example, value and warning code exactly."""
    from schema.warnings import WARNING_CODES

    tables = _rendered_tables(data_dictionary())
    expected = []
    for cols in TABLES.values():
        expected.append([["column", "type", "meaning", "example"]] + [
            [c.name, str(c.type), _plain(c.meaning + (" (values below)" if c.values else "")), c.example]
            for c in cols])
        for c in cols:
            if c.values:
                expected.append([["value", "meaning"]] + [[v, _plain(m)] for v, m in c.values])
    expected.append([["code", "appears in", "meaning"]] + [[k, w, _plain(m)] for k, (w, m) in WARNING_CODES.items()])
    assert len(tables) == len(expected)
    for got, want in zip(tables, expected):
        assert got == want


def test_the_committed_data_dictionary_is_the_generated_one():
    assert (ROOT / "schema" / "DATA_DICTIONARY.md").read_text(encoding="utf-8") == data_dictionary() + "\n"

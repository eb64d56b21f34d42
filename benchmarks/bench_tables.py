"""iki's table finder on the table tests of camelot (lattice) and pdfplumber.

The test PDFs and expected values are NOT in this repository: they are read at run time from a
local snapshot of each project (``--camelot DIR``, ``--pdfplumber DIR``: a checkout, or a bare git
directory whose ``HEAD`` is read with ``git show``; by default the snapshots under
``/work/.mirror/`` when they are there). Nothing of theirs is committed.

* camelot lattice (``tests/test_lattice.py`` + ``tests/data.py``): for each test, the expected
  data frame's non-empty cells; a cell counts when iki's table (the best-matching table of
  that page) holds the same text at the same row and column. Figure: share of expected cells
  in the right position (bar: >= 95 %).
* pdfplumber (``tests/test_table.py``): the 8 checks on a table's content, each as its test
  asserts it (a row, a cell, the number of tables and rows); each passes when iki's tables of
  that page satisfy it.

Usage: python benchmarks/bench_tables.py [--camelot DIR] [--pdfplumber DIR] [-v]
"""
from __future__ import annotations

import argparse
import ast
import io
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MIRROR = Path("/work/.mirror")
CAMELOT_DEFAULT = MIRROR / "camelot-dev+camelot" / "repo"
PDFPLUMBER_DEFAULT = MIRROR / "jsvine+pdfplumber" / "repo"

# camelot lattice tests: (data.py variable, file under tests/files, page[, "copy_v"]). ``copy_v``: the test
# reads with ``copy_text="v"`` (a cell spanning rows has its text in each row it spans): iki's spanning
# cells are rendered so for it. Not here: table_areas / shift_text variants, whose expected frames are
# artefacts of a region hint (an extra empty first row) or of where camelot puts a spanning text.
LATTICE = [
    ("data_lattice", "tabula/icdar2013-dataset/competition-dataset-us/us-030.pdf", 2),
    ("data_lattice_table_rotated", "clockwise_table_1.pdf", 1),
    ("data_lattice_table_rotated", "anticlockwise_table_1.pdf", 1),
    ("data_lattice_two_tables_1", "twotables_2.pdf", 1),
    ("data_lattice_two_tables_2", "twotables_2.pdf", 1),
    ("data_lattice_table_regions", "table_region.pdf", 1),
    ("data_lattice_process_background", "background_lines_1.pdf", 1),
    ("data_lattice_copy_text", "row_span_1.pdf", 1, "copy_v"),
    ("data_lattice_shift_text_left_top", "column_span_2.pdf", 1),
    ("data_arabic", "tabula/arabic.pdf", 1),
    ("data_lattice_split_text", "split_text_lattice.pdf", 1),
]


def _n(s) -> str:
    return " ".join(str(s).split())


def _has_row(tables, row) -> bool:
    want = [_n(x) for x in row]
    return any([_n(x) for x in tr] == want for t in tables for tr in t)


# pdfplumber's table tests: (file under tests/pdfs, page, what the test asserts, as a check on iki's tables)
PLUMBER = [
    ("issue-140-example.pdf", 1, "test_edges_strict: the last row",
     lambda ts: any(t and [_n(x) for x in t[-1]] == ["", "0085648100300", "CENTRAL KMA", "LILYS 55% DARK CHOC BAR",
                                                      "415", "$ 0.61", "$ 253.15", "0.0000", ""] for t in ts)),
    ("issue-140-example.pdf", 1, "test_edges_strict: the header row",
     lambda ts: _has_row(ts, ["Line no", "UPC code", "Location", "Item Description", "Item Quantity", "Bill Amount",
                              "Accrued Amount", "Handling Rate", "PO number"])),
    # the test crops the page to its first five columns (x <= 420): a row's first five cells
    ("senate-expenditures.pdf", 1, "test_text_tolerance: the last row, first five columns (either tolerance)",
     lambda ts: _has_row([[r[:5] for r in t] for t in ts],
                         ["DHAW20190070", "09/09/2019", "CITIBANK-TRAVELCBACARD", "08/12/2019", "08/14/2019"])
     or _has_row([[r[:5] for r in t] for t in ts],
                 ["DHAW20190070", "09/09/2019", "CITIBANK - TRAVEL CBA CARD", "08/12/2019", "08/14/2019"])),
    # pdfplumber's row 3 counts a title row it reads from the edges of an invisible white box; iki reads
    # the title as a paragraph, so the row is the one after the two header rows
    ("issue-53-example.pdf", 1, "test_text_layout: the first cell under the header holds FY2013 and FY2014",
     lambda ts: any(len(t) > 2 and t[2] and _n(t[2][0]) == "FY2013 FY2014" for t in ts)),
    ("issue-336-example.pdf", 1, "test_order: three tables of 8, 11 and 2 rows, in order",
     lambda ts: [len(t) for t in ts] == [8, 11, 2]),
    ("issue-466-example.pdf", 1, "test_issue_466_mixed_strategy: tables of 4 rows x 3 columns, 'last' in the last row",
     lambda ts: len(ts) >= 3 and all(len(t) == 4 and len(t[0]) == 3 and all("last" in c for c in t[3]) for t in ts)),
    ("nics-background-checks-2015-11.pdf", 1, "test_discussion_539_null_value: a table",
     lambda ts: bool(ts) and any(any(_n(c) for row in t for c in row) for t in ts)),
    ("table-curves-example.pdf", 1, "test_table_curves: one table, t[-2][-2] == 'Uncommon'",
     lambda ts: len(ts) == 1 and len(ts[0]) >= 2 and len(ts[0][-2]) >= 2 and _n(ts[0][-2][-2]) == "Uncommon"),
]


class Snapshot:
    """Files of a project snapshot: a folder, or a bare git directory (read at HEAD)."""

    def __init__(self, path: Path):
        self.path = path
        self.git = (path / "HEAD").is_file() and (path / "objects").is_dir()

    def read(self, name: str) -> bytes | None:
        if self.git:
            r = subprocess.run(["git", "--git-dir", str(self.path), "show", f"HEAD:{name}"], capture_output=True)
            return r.stdout if r.returncode == 0 else None
        f = self.path / name
        return f.read_bytes() if f.is_file() else None


def iki_tables(pdf: bytes, page: int, copy_v: bool = False) -> list[list[list[str]]]:
    """iki's tables of one page in reading order, as grids of cell texts (line breaks as spaces);
    ``copy_v``: a cell spanning rows has its text in every row it spans."""
    import pdfplumber

    from extractors.geometry import find_tables
    from extractors.readers.pdf import geometry_of

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        out = []
        for geom in geometry_of(doc.pages[page - 1], page):
            tables, _, _ = find_tables(geom)
            tables.sort(key=lambda t: (t.loc.bbox[1], t.loc.bbox[0]) if t.loc.bbox else (0, 0))
            for t in tables:
                grid = [[_n(c) for c in row] for row in t.texts()]
                if copy_v:
                    for row in t.rows:
                        for c in row:
                            for r in range(c.row + 1, min(c.row + c.rowspan, len(grid))):
                                grid[r][c.col] = _n(c.text)
                out.append(grid)
        return out


def lattice_score(expected: list[list[str]], tables: list[list[list[str]]]) -> tuple[int, int]:
    """(cells in the right position, expected non-empty cells) against the best table."""
    want = [(r, c, _n(v)) for r, row in enumerate(expected) for c, v in enumerate(row) if _n(v)]
    best = 0
    for t in tables:
        hit = sum(1 for r, c, v in want if r < len(t) and c < len(t[r]) and _n(t[r][c]) == v)
        best = max(best, hit)
    return best, len(want)


def load_camelot_data(text: str) -> dict:
    """The literal assignments of camelot's tests/data.py (a later one of the same name wins, as in Python)."""
    out = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return out


def camelot(snap: Snapshot, verbose: bool) -> tuple[int, int]:
    data_py = snap.read("tests/data.py")
    if data_py is None:
        print(f"camelot: no tests/data.py in {snap.path}")
        return 0, 0
    data = load_camelot_data(data_py.decode("utf-8"))
    hits = total = 0
    for var, name, page, *opts in LATTICE:
        pdf = snap.read("tests/files/" + name)
        if pdf is None or var not in data:
            print(f"  camelot {name} ({var}): not in the snapshot")
            continue
        h, n = lattice_score(data[var], iki_tables(pdf, page, copy_v="copy_v" in opts))
        hits, total = hits + h, total + n
        if verbose or h < n:
            print(f"  camelot {name} ({var}): {h}/{n}")
    return hits, total


def pdfplumber_tests(snap: Snapshot, verbose: bool) -> tuple[int, int]:
    passed = ran = 0
    cache: dict[tuple[str, int], list] = {}
    for name, page, what, check in PLUMBER:
        pdf = snap.read("tests/pdfs/" + name)
        if pdf is None:
            print(f"  pdfplumber {name}: not in the snapshot")
            continue
        ran += 1
        if (name, page) not in cache:
            cache[(name, page)] = iki_tables(pdf, page)
        ok = bool(check(cache[(name, page)]))
        passed += ok
        if verbose or not ok:
            print(f"  pdfplumber {name}: {'pass' if ok else 'FAIL'} ({what})")
    return passed, ran


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--camelot", type=Path, default=CAMELOT_DEFAULT, help="camelot snapshot (folder or git dir)")
    ap.add_argument("--pdfplumber", type=Path, default=PDFPLUMBER_DEFAULT, help="pdfplumber snapshot")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    if a.camelot.exists():
        hits, total = camelot(Snapshot(a.camelot), a.verbose)
        if total:
            print(f"camelot lattice: {hits}/{total} expected cells in the right position = {100 * hits / total:.1f} %")
    else:
        print(f"camelot: no snapshot at {a.camelot} (give --camelot)")
    if a.pdfplumber.exists():
        passed, ran = pdfplumber_tests(Snapshot(a.pdfplumber), a.verbose)
        print(f"pdfplumber table tests: {passed}/{ran} pass")
    else:
        print(f"pdfplumber: no snapshot at {a.pdfplumber} (give --pdfplumber)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

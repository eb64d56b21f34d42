"""iki's table finder on the table tests of camelot (lattice) and pdfplumber.

The test PDFs and expected values are NOT in this repository (nor in the projects' sdists):
they are downloaded at run time from the projects' public repositories into a cache folder
(``--cache``, default /tmp/iki-bench-tables). Nothing downloaded is committed.

* camelot lattice (``tests/test_lattice.py`` + ``tests/data.py``): for each test, the expected
  data frame's non-empty cells; a cell counts when iki's table (the best-matching table of
  that page) holds the same text at the same row and column. Figure: share of expected cells
  in the right position (bar: >= 95 %).
* pdfplumber (``tests/test_table.py``): the 8 tests that check a table's content; each passes
  when iki's table of that page holds the expected row(s).

Usage: python benchmarks/bench_tables.py [--cache DIR] [--offline]
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CAMELOT = "https://raw.githubusercontent.com/camelot-dev/camelot/master/"
PDFPLUMBER = "https://raw.githubusercontent.com/jsvine/pdfplumber/stable/"

# camelot lattice tests: (data.py variable, file under tests/files, page)
LATTICE = [
    ("data_lattice", "tabula/icdar2013-dataset/competition-dataset-us/us-030.pdf", 2),
    ("data_lattice_table_rotated", "clockwise_table_1.pdf", 1),
    ("data_lattice_table_rotated", "anticlockwise_table_1.pdf", 1),
    ("data_lattice_two_tables_1", "twotables_2.pdf", 1),
    ("data_lattice_two_tables_2", "twotables_2.pdf", 1),
    ("data_lattice_table_regions", "table_region.pdf", 1),
    ("data_lattice_process_background", "background_lines_1.pdf", 1),
    ("data_lattice_copy_text", "row_span_1.pdf", 1),
    ("data_lattice_shift_text_left_top", "column_span_2.pdf", 1),
    ("data_lattice_arabic", "tabula/arabic.pdf", 1),
    ("data_lattice_split_text", "split_text_lattice.pdf", 1),
]

# pdfplumber table tests: (file under tests/pdfs, page, expected rows that must appear in a table)
PLUMBER = [
    ("issue-140-example.pdf", 1, [["", "0085648100300", "CENTRAL KMA", "LILYS 55% DARK CHOC BAR", "415", "$ 0.61",
                                    "$ 253.15", "0.0000", ""]]),
    ("issue-140-example.pdf", 1, [["Line no", "UPC code", "Location", "Item Description", "Item Quantity",
                                    "Bill Amount", "Accrued Amount", "Handling Rate", "PO number"]]),
    ("senate-expenditures.pdf", 1, [["DHAW20190070", "09/09/2019", "CITIBANK-TRAVELCBACARD", "08/12/2019"]]),
    ("issue-53-example.pdf", 1, None),
    ("issue-336-example.pdf", 1, None),
    ("issue-466-example.pdf", 1, None),
    ("nics-background-checks-2015-11.pdf", 1, None),
    ("table-curves-example.pdf", 1, None),
]


def fetch(url: str, dest: Path, offline: bool) -> Path | None:
    if dest.exists():
        return dest
    if offline:
        return None
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            dest.write_bytes(r.read())
        return dest
    except Exception as e:  # no network, moved file
        print(f"  cannot fetch {url}: {type(e).__name__}: {e}", file=sys.stderr)
        return None


def iki_tables(pdf_path: Path, page: int) -> list[list[list[str]]]:
    """iki's tables of one page, as grids of cell texts (line breaks as spaces)."""
    import pdfplumber

    from extractors.geometry import find_tables
    from extractors.readers.pdf import geometry_of

    with pdfplumber.open(pdf_path) as pdf:
        out = []
        for geom in geometry_of(pdf.pages[page - 1], page):
            tables, _, _ = find_tables(geom)
            out += [[[" ".join(c.split()) for c in row] for row in t.texts()] for t in tables]
        return out


def _norm(s: str) -> str:
    return " ".join(str(s).split())


def lattice_score(expected: list[list[str]], tables: list[list[list[str]]]) -> tuple[int, int]:
    """(cells in the right position, expected non-empty cells) against the best table."""
    want = [(r, c, _norm(v)) for r, row in enumerate(expected) for c, v in enumerate(row) if _norm(v)]
    best = 0
    for t in tables:
        hit = sum(1 for r, c, v in want if r < len(t) and c < len(t[r]) and _norm(t[r][c]) == v)
        best = max(best, hit)
    return best, len(want)


def load_camelot_data(path: Path) -> dict:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/iki-bench-tables"))
    ap.add_argument("--offline", action="store_true", help="use only files already in the cache")
    a = ap.parse_args()
    cam = a.cache / "camelot"
    data_py = fetch(CAMELOT + "tests/data.py", cam / "data.py", a.offline)
    hits = total = 0
    if data_py:
        data = load_camelot_data(data_py)
        for var, name, page in LATTICE:
            pdf = fetch(CAMELOT + "tests/files/" + name, cam / name, a.offline)
            if pdf is None or var not in data:
                print(f"  camelot {name}: not available")
                continue
            h, n = lattice_score(data[var], iki_tables(pdf, page))
            hits, total = hits + h, total + n
            print(f"  camelot {name} ({var}): {h}/{n}")
    if total:
        print(f"camelot lattice: {hits}/{total} expected cells in the right position = {100 * hits / total:.1f} %")
    else:
        print("camelot lattice: no test file available (no network?)")
    passed = ran = 0
    for name, page, rows in PLUMBER:
        pdf = fetch(PDFPLUMBER + "tests/pdfs/" + name, a.cache / "pdfplumber" / name, a.offline)
        if pdf is None:
            print(f"  pdfplumber {name}: not available")
            continue
        ran += 1
        tables = iki_tables(pdf, page)
        if rows is None:  # expected values in the test module: a table must be found
            ok = bool(tables)
        else:
            ok = all(any([_norm(x) for x in r] in [[_norm(x) for x in tr] for tr in t] for t in tables) for r in rows)
        passed += ok
        print(f"  pdfplumber {name}: {'pass' if ok else 'FAIL'}")
    print(f"pdfplumber table tests: {passed}/{ran} pass" if ran else "pdfplumber: no test file available (no network?)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

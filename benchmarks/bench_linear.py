"""Parse time against input size for the shapes that were super-linear (issue 26, item 11).

Each shape is generated from a description of the kind (not from one failing file) at sizes that
double, and read by the reader that parses it (the workbook and HTML readers alone; text exports and
formulas through the whole pipeline, ``process_file``). The time of each size is CPU time (less
disturbed by other work on a shared machine than wall time); a linear parse doubles its time when the
input doubles (ratio ≈ 2), a quadratic one quadruples it (≈ 4).

| shape | what doubles |
|---|---|
| ``xlsx_rows`` | rows of an indicator table in a workbook |
| ``xlsx_hidden`` | hidden rows of a workbook |
| ``html_rows`` | rows of an HTML table |
| ``frac`` | ``\\frac{`` never closed, in a formula cell |
| ``tab_cells`` | tab-led lines, a blank line between each (one-cell-per-line dumps that are not tables) |
| ``tab_list`` | tab-led numbered list lines (no table) |
| ``unaligned`` | lines of several runs of text separated by spaces, in no columns |
| ``unaligned_blank`` | the same, a blank line between each |

Usage: python benchmarks/bench_linear.py [--shapes a,b] [--doublings 3] [--scale 1.0] [--code DIR]
(``--code``: the iki checkout to time, e.g. an older one; default this one.)
(tests/test_attacks.py times one size of each shape against a generous bound.)

It also holds the generators of issue 26's other tests: a file whose rows inflate (:func:`inflating`),
a workbook with one merged range over a whole sheet (:func:`merged_workbook`), and a diff of one
position pair with thousands of indicators (:func:`diff_one_pair`).
"""
from __future__ import annotations

import argparse
import io
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if "--code" in sys.argv:  # time another checkout: its packages first on the path
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--code") + 1]).resolve()))
else:
    sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "benchmarks"))

_WORDS = ("layanan sosial data laporan kinerja program kegiatan bantuan masyarakat anak usia bencana "
          "fakir miskin lembaga pembinaan pelatihan usaha dokumen evaluasi monitoring koordinasi").split()


def _words(r: random.Random, k: int) -> str:
    return " ".join(r.choice(_WORDS) for _ in range(k))


# ----------------------------------------------------------------------------- generators


def workbook(rows: int, hidden: bool = False) -> bytes:
    """An .xlsx with a JABATAN line and an indicator table of ``rows`` rows (all hidden if ``hidden``)."""
    import openpyxl

    r = random.Random(rows)
    wb = openpyxl.Workbook(write_only=False)
    ws = wb.active
    ws.append(["JABATAN", ": Kepala Dinas Sosial"])
    ws.append(["NO", "SASARAN", "INDIKATOR KINERJA", "FORMULA", "TARGET"])
    for i in range(rows):
        ws.append([i + 1, f"Meningkatnya {_words(r, 3)}", f"Persentase {_words(r, 4)}",
                   f"Jumlah {_words(r, 2)} / Jumlah {_words(r, 2)} x 100%", "100%"])
        if hidden:
            ws.row_dimensions[i + 3].hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def html_rows(rows: int) -> bytes:
    r = random.Random(rows)
    body = "".join(f"<tr><td>{i + 1}</td><td>Meningkatnya {_words(r, 3)}</td><td>Persentase {_words(r, 4)}</td>"
                   f"<td>Jumlah {_words(r, 2)} / Jumlah {_words(r, 2)} x 100%</td><td>100%</td></tr>"
                   for i in range(rows))
    return (f"<html><body><p>JABATAN : Kepala Dinas</p><table><tr><th>NO</th><th>SASARAN</th>"
            f"<th>INDIKATOR KINERJA</th><th>FORMULA</th><th>TARGET</th></tr>{body}</table></body></html>").encode()


def frac(n: int) -> bytes:
    """A formula cell holding ``\\frac{`` n times, never closed."""
    return ("JABATAN : Kepala Dinas\nNO\tINDIKATOR\tFORMULA\tTARGET\n1\tPersentase layanan\t$"
            + "\\frac{" * n + "\t100%\n").encode()


_VERBS = "menyusun melaksanakan menyiapkan mengoordinasikan memantau mengevaluasi".split()


def tab_cells(n: int) -> bytes:
    """Tab-led duty lines with a blank line between each: cells of a dump, but no table (list items)."""
    r = random.Random(n)
    return ("JABATAN : Kepala Dinas\n" + "".join(f"\t{i + 1}. {r.choice(_VERBS)} {_words(r, 4)};\n\n"
                                               for i in range(n))).encode()


def tab_list(n: int) -> bytes:
    """Consecutive tab-led numbered duty lines: a list, not a table."""
    r = random.Random(n)
    return ("JABATAN : Kepala Dinas\n" + "".join(f"\t{i + 1}. {r.choice(_VERBS)} {_words(r, 4)} {i};\n"
                                               for i in range(n))).encode()


def unaligned(n: int, blank: bool = False) -> bytes:
    """Lines of three runs of text separated by two or more spaces, starting anywhere: no columns."""
    r = random.Random(n)
    lines = ["JABATAN : Kepala Dinas"]
    for _ in range(n):
        lines.append(" " * r.randint(0, 30) + _words(r, 2) + " " * r.randint(2, 9) + _words(r, 2)
                     + " " * r.randint(2, 9) + _words(r, 1))
        if blank:
            lines.append("")
    return ("\n".join(lines) + "\n").encode()


def inflating(rows: int = 1000, cell: int = 200_000) -> str:
    """A small file whose rows inflate: one long sasaran cell spanning ``rows`` indicator rows (HTML in
    a markdown export), each of which carries it."""
    long = ("Meningkatnya kualitas layanan sosial bagi masyarakat " * (cell // 40 + 1))[:cell]
    body = "".join("<tr>%s<td>Persentase layanan %d</td><td>A%d / B%d x 100%%</td><td>100%%</td></tr>"
                   % (f'<td rowspan="{rows}">{long}</td>' if i == 0 else "", i, i, i) for i in range(rows))
    return ("JABATAN : Kepala Dinas\n\n<table><tr><th>SASARAN</th><th>INDIKATOR KINERJA</th><th>FORMULA</th>"
            f"<th>TARGET</th></tr>{body}</table>\n")


def merged_workbook() -> bytes:
    """A workbook of a few KB with one merged range over a whole sheet (A2:XFD1048576)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "JABATAN : Kepala Dinas"
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                                    b'<mergeCell ref="A2:XFD1048576"/></mergeCells>')
            z.writestr(info, data)
    return out.getvalue()


# shape → (generator, size for the quick test, bound in CPU seconds for that size). Before issue 26 these
# sizes took about a minute (workbook and HTML rows, hidden rows) to several minutes (the others); now
# a few seconds at most.
SHAPES = {
    "xlsx_rows": (workbook, 20_000, 20.0),
    "xlsx_hidden": (lambda n: workbook(n, hidden=True), 20_000, 15.0),
    "html_rows": (html_rows, 20_000, 15.0),
    "frac": (frac, 4_000, 20.0),
    "tab_cells": (tab_cells, 12_000, 20.0),
    "tab_list": (tab_list, 12_000, 20.0),
    "unaligned": (unaligned, 12_000, 20.0),
    "unaligned_blank": (lambda n: unaligned(n, blank=True), 12_000, 20.0),
}


def parse_seconds(shape: str, data: bytes) -> float:
    """CPU seconds to parse ``data`` of ``shape``: the workbook and HTML readers alone (the indicator
    parser after them is linear and costs a millisecond a row), text through the whole pipeline."""
    t0 = time.process_time()
    if shape.startswith("xlsx"):
        from extractors.readers.xlsx import read_xlsx

        read_xlsx(data)
    elif shape.startswith("html"):
        from extractors.readers.html import read_html

        read_html(data)
    else:
        from iki.pipeline import process_file

        with tempfile.NamedTemporaryFile(suffix=".txt") as f:
            f.write(data)
            f.flush()
            process_file(f.name)
    return time.process_time() - t0


def diff_one_pair(folder: Path, positions: int) -> tuple[float, float]:
    """``iki diff`` of one position pair holding the indicators of ``positions`` generated positions
    (about three each): (seconds, peak memory in MiB of the diff process)."""
    from bench_diff import Gen, make_new, make_old, tables

    from schema.writer import write_all

    g = Gen(11)
    old = make_old(g, positions)
    new, _ = make_new(g, old)

    def one(ps):
        p = dict(ps[0])
        p["inds"] = [i for q in ps for i in q["inds"]]
        return [p]

    write_all(folder / "old", tables(one(old), "0ld0000000000000", 2021, "Dinas Uji"))
    write_all(folder / "new", tables(one(new), "9e90000000000000", 2022, "Dinas Uji"))
    code = ("import resource, sys, time; from iki.cli import main; t0 = time.perf_counter(); "
            f"rc = main(['diff', {str(folder / 'old')!r}, {str(folder / 'new')!r}, '-o', {str(folder / 'd')!r}, '-q']);"
            " print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024); sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise RuntimeError(r.stderr)
    seconds, mb = map(float, r.stdout.split())
    return seconds, mb


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--doublings", type=int, default=3, help="sizes n/4 … n, doubling (default 3 sizes)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply the base sizes")
    ap.add_argument("--code", metavar="DIR", help="the iki checkout to time (default: this one)")
    a = ap.parse_args()
    worst = 0.0
    for shape in a.shapes.split(","):
        gen, n, _ = SHAPES[shape]
        sizes = [max(1, int(n * a.scale / 2 ** k)) for k in reversed(range(a.doublings))]
        times = []
        for size in sizes:
            times.append(parse_seconds(shape, gen(size)))
        ratios = [b / a_ if a_ > 0 else float("nan") for a_, b in zip(times, times[1:])]
        worst = max([worst] + ratios)
        print(f"{shape:16} " + "  ".join(f"n={s:>6} {t:6.2f}s" for s, t in zip(sizes, times))
              + "   ratio per doubling " + " ".join(f"{r:.2f}" for r in ratios), flush=True)
    print(f"largest ratio per doubling: {worst:.2f} (linear ≈ 2, quadratic ≈ 4)")
    return 0 if worst < 3.0 else 1


if __name__ == "__main__":
    sys.exit(main())

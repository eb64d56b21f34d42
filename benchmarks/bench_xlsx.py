"""Workbook documents per second on one core: `iki extract` against a bare openpyxl load of the same files.

The bare baseline is ``openpyxl.load_workbook(path)`` and a visit of every cell of every sheet
(``ws.iter_rows()``, reading ``cell.value``): the least any workbook reader does. iki does more
(cached values and number formats rendered as displayed, merged cells, sheet cutting, parsing,
normalising, Parquet). Rounds alternate (bare, iki, bare, iki...) so that a machine shared with
other work slows both alike; the ratio is the figure to quote.

Usage: python benchmarks/bench_xlsx.py [FOLDER_OF_XLSX] [--repeat N] [--copies K]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bare_openpyxl(files: list[Path]) -> int:
    import openpyxl

    n = 0
    for f in files:
        wb = openpyxl.load_workbook(f)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    n += cell.value is not None
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=str(ROOT / "samples" / "xlsx"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--copies", type=int, default=3, help="copies of each file, to time a batch")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from iki.cli import main as iki_main

    src = sorted(Path(a.folder).glob("*.xlsx"))
    if not src:
        print(f"no .xlsx in {a.folder}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "in"
        batch.mkdir()
        for k in range(a.copies):
            for f in src:
                shutil.copy(f, batch / f"{f.stem}_{k}.xlsx")
        files = sorted(batch.glob("*.xlsx"))
        bare, ours = [], []
        bare_openpyxl(files[:2])  # warm imports
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            bare_openpyxl(files)
            bare.append(time.perf_counter() - t0)
            with tempfile.TemporaryDirectory() as out:
                t0 = time.perf_counter()
                iki_main(["extract", str(batch), "-o", out, "-q", "--jobs", "1"])
                ours.append(time.perf_counter() - t0)
    n = len(files)
    tb, to = statistics.median(bare), statistics.median(ours)
    ratios = [b / o for b, o in zip(bare, ours)]
    print(f"{n} workbooks ({len(src)} distinct × {a.copies}), one core, median of {a.repeat} interleaved rounds")
    print(f"  bare openpyxl load + every cell : {n / tb:6.1f} documents/s")
    print(f"  iki extract                     : {n / to:6.1f} documents/s  (parse, normalise, Parquet included)")
    print(f"  iki / bare openpyxl             : {tb / to:5.2f}x  (per round {min(ratios):.2f}-{max(ratios):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

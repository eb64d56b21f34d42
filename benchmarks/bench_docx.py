"""DOCX documents per second on one core: `iki extract` against a naive python-docx walk.

The naive walk opens each file with python-docx and reads every body paragraph's text and
every table cell's text (`cell.text`), which is what a quick script would do. iki does more
(numbering, equations, merged cells, parsing, normalising, Parquet) and must still be at least
as fast (issue bar), goal 2x.

Usage: python benchmarks/bench_docx.py [FOLDER_OF_DOCX] [--repeat N] [--copies K]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def naive_walk(files: list[Path]) -> int:
    import docx

    n = 0
    for f in files:
        d = docx.Document(str(f))
        for p in d.paragraphs:
            n += len(p.text)
        for t in d.tables:
            for row in t.rows:
                for cell in row.cells:
                    n += len(cell.text)
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=str(ROOT / "samples" / "docx"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copies", type=int, default=5, help="copies of each file, to time a batch")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from iki.cli import main as iki_main

    src = sorted(Path(a.folder).glob("*.docx"))
    if not src:
        print(f"no .docx in {a.folder}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "in"
        batch.mkdir()
        for k in range(a.copies):
            for f in src:
                shutil.copy(f, batch / f"{f.stem}_{k}.docx")
        files = sorted(batch.glob("*.docx"))
        naive, ours = [], []
        naive_walk(files[:2])  # warm imports
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            naive_walk(files)
            naive.append(time.perf_counter() - t0)
            with tempfile.TemporaryDirectory() as out:
                t0 = time.perf_counter()
                iki_main(["extract", str(batch), "-o", out, "-q"])
                ours.append(time.perf_counter() - t0)
    n = len(files)
    tn, to = statistics.median(naive), statistics.median(ours)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n} DOCX files ({len(src)} distinct × {a.copies}), one core, median of {a.repeat}")
    print(f"  naive python-docx walk : {n / tn:6.1f} documents/s")
    print(f"  iki extract            : {n / to:6.1f} documents/s  (parse, normalise, Parquet included)")
    print(f"  ratio iki / naive      : {tn / to:5.2f}x   (bar >= 1.0, goal 2.0)   peak RSS {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""PDF pages per second on one core: bare pdfplumber against `iki extract`, and memory on a long file.

(a) bare pdfplumber: open each PDF, `extract_words()` and `find_tables()` on every page;
(b) `iki extract` on the same files (geometry, tables, parsing, normalising, Parquet).
Bar: (b)/(a) time ratio <= 1.3 (issue 10), goal <= 1.0 and >= 10 pages/s. The two are run
interleaved, once each per repeat, so a shared machine's load falls on both alike.
Then peak RSS while extracting one PDF of --long-pages pages (the samples concatenated),
measured in a child process so it is not mixed with the timing runs.

Usage: python benchmarks/bench_pdf.py [FOLDER_OF_PDF] [--repeat N] [--long-pages 500]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bare_pdfplumber(files: list[Path]) -> int:
    import pdfplumber

    pages = 0
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_words()
                page.find_tables()
                pages += 1
                page.close()
    return pages


def long_pdf(files: list[Path], n_pages: int, out: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer, total = PdfWriter(), 0
    readers = [PdfReader(str(f)) for f in files]
    while total < n_pages:
        for r in readers:
            for p in r.pages:
                if total >= n_pages:
                    break
                writer.add_page(p)
                total += 1
    with open(out, "wb") as fh:
        writer.write(fh)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=str(ROOT / "samples" / "pdf"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--long-pages", type=int, default=500)
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from iki.cli import main as iki_main

    files = sorted(Path(a.folder).glob("*.pdf"))
    pages = bare_pdfplumber(files[:1]) and bare_pdfplumber(files)
    bare, ours = [], []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        bare_pdfplumber(files)
        bare.append(time.perf_counter() - t0)
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            iki_main(["extract", *map(str, files), "-o", out, "-q"])
            ours.append(time.perf_counter() - t0)
    tb, to = statistics.median(bare), statistics.median(ours)
    print(f"{len(files)} PDFs, {pages} pages, one core, median of {a.repeat}")
    print(f"  (a) bare pdfplumber words + find_tables : {pages / tb:6.1f} pages/s")
    print(f"  (b) iki extract                         : {pages / to:6.1f} pages/s")
    print(f"  ratio (b)/(a) time                      : {to / tb:5.2f}   (bar <= 1.3, goal <= 1.0)")
    if a.long_pages:
        with tempfile.TemporaryDirectory() as tmp:
            big = Path(tmp) / "long.pdf"
            long_pdf(files, a.long_pages, big)
            for n in (a.long_pages // 5, a.long_pages):
                part = Path(tmp) / f"part{n}.pdf"
                long_pdf([big], n, part)
                code = ("import resource,sys,time;from iki.pipeline import process_file;t=time.perf_counter();"
                        f"r=process_file({str(part)!r});"
                        "print(r.document['status'],r.document['n_pages'],len(r.indicators),"
                        "round(time.perf_counter()-t,1),resource.getrusage(resource.RUSAGE_SELF).ru_maxrss//1024)")
                res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
                status, n_pages, n_ind, secs, rss = res.stdout.split()
                print(f"  {n_pages}-page PDF: {secs} s, {n_ind} indicators, peak RSS {rss} MiB ({status})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

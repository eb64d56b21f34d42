"""Born-digital PDFs on one core: `iki extract` against bare pdfplumber and bare pypdfium2, with accuracy.

On the same pages, in one run, interleaved (each round runs every contender once, in a rotating
order, so a shared machine's load falls on all alike):

(a) bare pdfplumber: open each PDF, ``extract_words()`` and ``extract_tables()`` on every page;
(b) bare pypdfium2: open each PDF, load every page's text page and read its text;
(c) `iki extract FILES -o TMP --jobs 1` (workers, geometry, tables, parsing, normalising, Parquet);
(d) with ``--pdfminer``: the same with iki's pdfminer source (``IKI_PDF_SOURCE=pdfminer``), the
    reader before PDFium, for its accuracy and speed beside (c).

Per contender: the median CPU time of the rounds (this process and iki's worker processes, so a
busy machine's other programs do not count) and pages/s, with the wall-clock time beside it; the
ratios are medians of the per-round CPU-time ratios (paired, so load that changes between rounds
cancels). Accuracy: each PDF with a gold file
beside it (same name, ``.json``) is scored with `iki eval` semantics (mean and worst score, per
folder). Issue 28's bar: (c)/(a) <= 0.33 with mean >= 0.98 and worst >= 0.91 on producer PDFs.

Then (``--long-pages N``) peak RSS while extracting one PDF of N pages (the inputs concatenated),
in a child process so it is not mixed with the timing runs.

Usage:
  python benchmarks/bench_pdf.py [PDF_OR_FOLDER ...] [--rounds 5] [--pdfminer] [--long-pages 500]
Default inputs: tests/data/producers (LibreOffice, Chromium and reportlab PDFs) and samples/pdf.
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
sys.path.insert(0, str(ROOT))


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (iki's workers): unlike the wall
    clock it does not grow while other programs hold the core."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def bare_pdfplumber(files: list[Path]) -> int:
    import pdfplumber

    pages = 0
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_words()
                page.extract_tables()
                pages += 1
                page.close()
    return pages


def bare_pypdfium2(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for f in files:
        doc = pdfium.PdfDocument(f)
        for i in range(len(doc)):
            page = doc[i]
            text = page.get_textpage()
            text.get_text_bounded()
            text.close()
            page.close()
            pages += 1
        doc.close()
    return pages


def run_iki(files: list[Path], out: Path, source: str | None = None) -> int:
    from iki.cli import main as iki_main
    from extractors.readers import pdf

    previous, env = pdf.SOURCE, os.environ.get("IKI_PDF_SOURCE")
    if source:
        pdf.SOURCE = os.environ["IKI_PDF_SOURCE"] = source  # workers inherit both (fork or spawn)
    try:
        return iki_main(["extract", *map(str, files), "-o", str(out), "-q", "--jobs", "1", "--force"])
    finally:
        pdf.SOURCE = previous
        if env is None:
            os.environ.pop("IKI_PDF_SOURCE", None)
        else:
            os.environ["IKI_PDF_SOURCE"] = env


def accuracy(out: Path, files: list[Path]) -> dict[str, tuple[float, float, int]]:
    """Mean and worst score per folder of the PDFs that have a gold file beside them."""
    from iki.evaluate import evaluate_folder

    golds = [f.with_suffix(".json") for f in files if f.with_suffix(".json").exists()]
    by_folder: dict[str, list[float]] = {}
    for s in evaluate_folder(out, golds):
        gold = next(g for g in golds if g.stem == s.name.split(" ")[0])
        by_folder.setdefault(str(gold.parent.relative_to(ROOT) if gold.parent.is_relative_to(ROOT)
                                 else gold.parent), []).append(s.score)
    return {k: (statistics.mean(v), min(v), len(v)) for k, v in by_folder.items()}


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
    ap.add_argument("inputs", nargs="*", default=[str(ROOT / "tests" / "data" / "producers"),
                                                   str(ROOT / "samples" / "pdf")])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--pdfminer", action="store_true", help="also time iki with its pdfminer source")
    ap.add_argument("--long-pages", type=int, default=0, help="peak memory on a PDF of this many pages (0: skip)")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    files: list[Path] = []
    for x in map(Path, a.inputs):
        files += sorted(x.glob("*.pdf")) if x.is_dir() else [x]
    if not files:
        print("no PDF given", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    contenders = {"pdfplumber": lambda: bare_pdfplumber(files), "pypdfium2": lambda: bare_pypdfium2(files),
                  "iki": lambda: run_iki(files, tmp / "iki")}
    if a.pdfminer:
        contenders["iki-pdfminer"] = lambda: run_iki(files, tmp / "iki-pdfminer", "pdfminer")
    pages = bare_pdfplumber(files)  # warm: imports, disk cache
    for f in contenders.values():
        f()
    times: dict[str, list[float]] = {k: [] for k in contenders}  # CPU seconds (this process and its workers)
    walls: dict[str, list[float]] = {k: [] for k in contenders}
    names = list(contenders)
    for r in range(a.rounds):
        for k in names[r % len(names):] + names[:r % len(names)]:
            c0, t0 = cpu_seconds(), time.perf_counter()
            contenders[k]()
            walls[k].append(time.perf_counter() - t0)
            times[k].append(cpu_seconds() - c0)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(files)} PDFs, {pages} pages, one core, {a.rounds} interleaved rounds (load average {load:.1f})")
    print("  CPU seconds (process + workers; wall-clock seconds beside them, which a busy machine inflates)")
    for k in names:
        med, wall = statistics.median(times[k]), statistics.median(walls[k])
        print(f"  {k:14} {med:7.2f} s CPU  {pages / med:7.1f} pages/s   (wall {wall:6.2f} s)")

    def ratio(x: str, y: str) -> float:
        return statistics.median(tx / ty for tx, ty in zip(times[x], times[y]))

    print(f"  iki / pdfplumber time : {ratio('iki', 'pdfplumber'):.3f}   (issue 28 bar <= 0.33)")
    print(f"  iki / pypdfium2 time  : {ratio('iki', 'pypdfium2'):.2f}")
    if a.pdfminer:
        print(f"  iki-pdfminer / pdfplumber time : {ratio('iki-pdfminer', 'pdfplumber'):.3f}")
    for k in [n for n in names if n.startswith("iki")]:
        for folder, (mean, worst, n) in sorted(accuracy(tmp / k, files).items()):
            print(f"  accuracy {k:12} {folder}: mean {mean:.3f}, worst {worst:.3f} ({n} documents with gold)")
    if a.long_pages:
        big = tmp / "long.pdf"
        long_pdf(files, a.long_pages, big)
        code = ("import resource,sys,time;from iki.pipeline import process_file;t=time.perf_counter();"
                f"r=process_file({str(big)!r});"
                "print(r.document['status'],r.document['n_pages'],len(r.indicators),"
                "round(time.perf_counter()-t,1),resource.getrusage(resource.RUSAGE_SELF).ru_maxrss//1024)")
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
        status, n_pages, n_ind, secs, rss = res.stdout.split()
        print(f"  {n_pages}-page PDF: {secs} s, {n_ind} indicators, peak RSS {rss} MiB ({status})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

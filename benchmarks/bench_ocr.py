"""OCR pages per second: `iki` on scanned PDFs against bare tesseract on the same page images.

(a) bare tesseract: render each page at 300 dpi and run one `image_to_data` (ind+eng) per page;
(b) iki: the whole pipeline on the same files (render, deskew, ruling lines, one tesseract call per
    page, tables, parsing, normalising), on one core, then on all cores (one process per file).
Goal (issue "scanned IKI"): (b) one core <= 1.1 x (a), i.e. each page OCRed once.

Usage: python benchmarks/bench_ocr.py [FOLDER_OF_SCANNED_PDF]
"""
from __future__ import annotations

import os
import sys
import time
from multiprocessing import Pool
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[1]


def bare(files: list[Path]) -> int:
    import pdfplumber
    import pytesseract

    n = 0
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                img = page.to_image(resolution=300).original
                pytesseract.image_to_data(img, lang="ind+eng")
                n += 1
    return n


def one(path: str) -> int:
    from iki.pipeline import process_file

    return process_file(path).document["n_pages"] or 0


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples" / "scans"
    files = sorted(folder.glob("*.pdf"))
    if not files:
        print(f"no PDF in {folder}", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cores[0]})
    t0 = time.perf_counter()
    pages = bare(files)
    tb = time.perf_counter() - t0
    t0 = time.perf_counter()
    for f in files:
        one(str(f))
    t1 = time.perf_counter() - t0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(cores))
    n_cores = len(cores) if hasattr(os, "sched_setaffinity") else os.cpu_count()
    t0 = time.perf_counter()
    with Pool(n_cores) as pool:
        pool.map(one, [str(f) for f in files])
    tp = time.perf_counter() - t0
    print(f"{len(files)} scanned PDFs, {pages} pages")
    print(f"  (a) bare tesseract, one core : {tb / pages:5.2f} s/page")
    print(f"  (b) iki, one core            : {t1 / pages:5.2f} s/page   ratio {t1 / tb:4.2f} (goal <= 1.1)")
    print(f"  (b) iki, {n_cores} cores              : {tp / pages:5.2f} s/page   ({pages / tp:.2f} pages/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where a scanned page's time goes: iki's page preparation stage by stage, beside tesseract's own reading.

Every page of the given PDFs (default: ``samples/scans/000_scan.pdf``) is read the way ``iki extract``
reads it (the page's own image, :func:`extractors.readers.scan.read_page`, one page after another
in this process, the OCR engine initialised before the clock starts), ``--repeat`` times; the
median of each stage's seconds (``facts["seconds"]``) per page is printed, then the sum over the
pages, the share of the page time that is tesseract's (``ocr`` and the ``merged_lines`` and ``missed_lines`` re-reads)
and what is preparation. CPU seconds of the reading thread by default (steady on a shared
machine), wall-clock seconds with ``--wall``. ``--profile FILE`` writes a cProfile of the last round.

Usage: python benchmarks/bench_scan_stages.py [PDF ...] [--repeat 3] [--profile out.prof]
"""
from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sources(path: str) -> list:
    import pdfplumber

    from extractors.readers.pdf import _Pdfium, _ocr_source

    data = Path(path).read_bytes()
    renderer = _Pdfium(data)
    renderer.open()
    with pdfplumber.open(path) as pdf:
        out = [_ocr_source(page, i, renderer) for i, page in enumerate(pdf.pages, start=1)]
    renderer.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdfs", nargs="*", default=[str(ROOT / "samples" / "scans" / "000_scan.pdf")])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile")
    ap.add_argument("--wall", action="store_true", help="wall-clock seconds per stage (default: this thread's CPU "
                    "seconds, steadier on a shared machine)")
    args = ap.parse_args()

    from extractors.readers import ocr_engine, scan

    engine = ocr_engine.engine()
    pages = [(Path(p).name, s) for p in args.pdfs for s in sources(p)]
    print(f"{len(pages)} page(s); engine {engine.name}; {args.repeat} round(s); "
          f"load average {os.getloadavg()[0]:.1f}")
    runs: dict[tuple[str, int], list[dict]] = {}
    walls: dict[tuple[str, int], list[float]] = {}
    cpu = []
    for r in range(args.repeat):
        prof = cProfile.Profile() if args.profile and r == args.repeat - 1 else None
        c0 = time.process_time()
        for name, src in pages:
            if prof:
                prof.enable()
            t0 = time.perf_counter()
            _geom, facts = scan.read_page(src)
            wall = time.perf_counter() - t0
            if prof:
                prof.disable()
            runs.setdefault((name, src.number), []).append(facts["seconds" if args.wall else "cpu_seconds"])
            walls.setdefault((name, src.number), []).append(wall)
        cpu.append(time.process_time() - c0)
        if prof:
            prof.dump_stats(args.profile)
    stages: list[str] = []
    for rounds in runs.values():
        for s in rounds:
            stages += [k for k in s if k not in stages]
    short = {s: s[:9] for s in stages}
    print("wall-clock seconds" if args.wall else "CPU seconds (this thread)", "per stage, median of the rounds")
    print(f"{'page':18s} " + " ".join(f"{short[s]:>9s}" for s in stages) + "    total")
    totals = {s: 0.0 for s in stages}
    for (name, number), rounds in runs.items():
        med = {s: statistics.median(x.get(s, 0.0) for x in rounds) for s in stages}
        for s in stages:
            totals[s] += med[s]
        print(f"{name[:14]:14s} p{number:<3d}" + " ".join(f"{med[s]:9.3f}" for s in stages)
              + f" {sum(med.values()):8.3f}")
    print(f"{'sum':18s} " + " ".join(f"{totals[s]:9.3f}" for s in stages)
          + f" {sum(totals.values()):8.3f}")
    ocr = totals.get("ocr", 0.0) + totals.get("merged_lines", 0.0) + totals.get("missed_lines", 0.0)
    rest = sum(totals.values()) - ocr
    print(f"tesseract (ocr + merged_lines + missed_lines) {ocr:.2f} s, preparation and the rest {rest:.2f} s "
          f"({rest / max(1e-9, ocr):.2f} x tesseract's time); CPU per round (median) {statistics.median(cpu):.2f} s; "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

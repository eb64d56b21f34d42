"""ODT documents per second on one core: `iki extract` against a bare lxml text dump.

The bare dump opens each package with zipfile, parses content.xml with lxml and joins the text of
every paragraph and heading (``text:p`` / ``text:h``) — what a quick script would do, with no
numbering, spans, formulas, parsing or Parquet. iki reads list labels, table spans, Math objects
and page breaks, parses and normalises, and writes Parquet.

Usage: python benchmarks/bench_odt.py [FOLDER_OF_ODT] [--repeat N] [--copies K]
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
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def bare_dump(files: list[Path]) -> int:
    from lxml import etree

    n = 0
    for f in files:
        with zipfile.ZipFile(f) as z:
            root = etree.fromstring(z.read("content.xml"))
        for p in root.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
            n += len("".join(p.itertext()))
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=str(ROOT / "samples" / "odt"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copies", type=int, default=5, help="copies of each file, to time a batch")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from iki.cli import main as iki_main

    src = sorted(Path(a.folder).glob("*.odt"))
    if not src:
        print(f"no .odt in {a.folder}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "in"
        batch.mkdir()
        for k in range(a.copies):
            for f in src:
                shutil.copy(f, batch / f"{f.stem}_{k}.odt")
        files = sorted(batch.glob("*.odt"))
        bare, ours = [], []
        bare_dump(files[:2])  # warm imports
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            bare_dump(files)
            bare.append(time.perf_counter() - t0)
            with tempfile.TemporaryDirectory() as out:
                t0 = time.perf_counter()
                iki_main(["extract", str(batch), "-o", out, "-q", "--jobs", "1"])
                ours.append(time.perf_counter() - t0)
    n = len(files)
    tb, to = statistics.median(bare), statistics.median(ours)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n} ODT files ({len(src)} distinct × {a.copies}), one core, median of {a.repeat}")
    print(f"  bare lxml text dump : {n / tb:6.1f} documents/s")
    print(f"  iki extract         : {n / to:6.1f} documents/s  (parse, normalise, Parquet included)")
    print(f"  ratio iki / bare    : {tb / to:5.2f}x   peak RSS {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

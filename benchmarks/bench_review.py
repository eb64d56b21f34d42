"""Time and weigh `iki review` against `iki extract` on a batch of distinct documents (issue 27).

Bar: a 300-document batch's review folder is written in under 1.5x the extraction time and is
under 100 MB.

The batch is made from the samples: digital PDFs, scanned PDFs and images, Word, workbooks and the
other formats, each copy made distinct (a comment after a PDF's end, a zip archive's comment, a comment
line in text and HTML) so that none is a `duplicate`. Extraction (fresh output folder, no cache) and
review run interleaved, round after round, with the same number of jobs; the figures of every round
are printed, then the ratio of the medians.

Usage: python benchmarks/bench_review.py [--n 300] [--mix pdf=180,scan=6,docx=60,xlsx=30,other=24]
                                         [--jobs 2] [--rounds 2] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
KINDS = {
    "pdf": sorted((SAMPLES / "pdf").glob("*.pdf")),
    "scan": sorted(list((SAMPLES / "scans").glob("*.pdf")) + list((SAMPLES / "scans").glob("*.png"))),
    "docx": sorted((SAMPLES / "docx").glob("*.docx")),
    "xlsx": sorted((SAMPLES / "xlsx").glob("*.xlsx")),
    "other": sorted(list((SAMPLES / "odt").glob("*.odt")) + list((SAMPLES / "html").glob("*.html"))
                    + list((SAMPLES / "seeds").glob("*.txt"))),
}


def distinct_copy(src: Path, dst: Path, k: int) -> None:
    """``src`` copied to ``dst`` with bytes of its own that every reader ignores."""
    ext = src.suffix.lower()
    if ext in (".docx", ".xlsx", ".odt"):
        shutil.copy(src, dst)
        with zipfile.ZipFile(dst, "a") as z:
            z.comment = f"bench copy {k}".encode()
    elif ext == ".pdf":
        dst.write_bytes(src.read_bytes() + f"\n%bench copy {k}\n".encode())
    elif ext in (".html", ".htm"):
        dst.write_bytes(src.read_bytes() + f"\n<!-- bench copy {k} -->\n".encode())
    elif ext == ".txt":
        dst.write_bytes(src.read_bytes() + f"\n\n<!-- bench copy {k} -->\n".encode())
    else:  # images: a PNG's bytes after IEND are ignored by decoders
        dst.write_bytes(src.read_bytes() + f"bench copy {k}".encode())


def make_batch(folder: Path, mix: dict[str, int]) -> int:
    n = 0
    for kind, count in mix.items():
        files = KINDS[kind]
        for i in range(count):
            src = files[i % len(files)]
            distinct_copy(src, folder / f"{kind}_{i:04d}{src.suffix.lower()}", i)
            n += 1
    return n


def size_of(folder: Path) -> int:
    seen = {}
    for f in folder.rglob("*"):
        if f.is_file():
            st = f.stat()
            seen[(st.st_dev, st.st_ino)] = st.st_size
    return sum(seen.values())


def run(*args: str) -> float:
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "iki.cli", *args], cwd=ROOT, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"iki {args[0]} failed ({r.returncode}): {r.stderr[-500:]}")
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="documents in the batch (the mix is scaled to it)")
    ap.add_argument("--mix", default="pdf=180,scan=6,docx=60,xlsx=30,other=24")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--keep", help="keep the batch, the output and the review folder here")
    a = ap.parse_args()
    mix = {k: int(v) for k, v in (x.split("=") for x in a.mix.split(","))}
    total = sum(mix.values())
    mix = {k: round(v * a.n / total) for k, v in mix.items()}
    work = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="bench_review_"))
    batch = work / "batch"
    shutil.rmtree(batch, ignore_errors=True)
    batch.mkdir(parents=True)
    n = make_batch(batch, mix)
    print(f"batch: {n} documents {mix}; jobs {a.jobs}; load {os.getloadavg()[0]:.1f}", flush=True)
    ext, rev = [], []
    for k in range(a.rounds):
        out = work / f"out{k}"
        shutil.rmtree(out, ignore_errors=True)
        ext.append(run("extract", str(batch), "-o", str(out), "-q", "--jobs", str(a.jobs)))
        dest = work / f"review{k}"
        rev.append(run("review", str(out), "-o", str(dest), "-q", "--jobs", str(a.jobs)))
        size = size_of(dest)
        crops = size_of(dest / "crops")
        print(f"round {k + 1}: extract {ext[-1]:.1f} s, review {rev[-1]:.1f} s (ratio {rev[-1] / ext[-1]:.2f}); "
              f"review folder {size / 1e6:.1f} MB (crops {crops / 1e6:.1f} MB, "
              f"{len(list((dest / 'crops').iterdir()))} files); load {os.getloadavg()[0]:.1f}", flush=True)
        if k + 1 < a.rounds:
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(dest, ignore_errors=True)
    e, r = statistics.median(ext), statistics.median(rev)
    print(f"median: extract {e:.1f} s, review {r:.1f} s, ratio {r / e:.2f} (bar < 1.5); "
          f"folder {size / 1e6:.1f} MB (bar < 100)")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

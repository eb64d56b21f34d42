"""A batch of N documents (mixed formats, copies of the samples): files/s with --jobs 1 and --jobs 2,
peak RSS over the run, and the time to finish after a kill -9 at 50 %.

Bar (issue "batch runs"): --jobs 2 at least 1.7x --jobs 1; peak RSS flat (not growing with the batch).
Usage: python benchmarks/bench_batch.py [--n 1000] [--pdf-share 0.02]
"""
from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_batch(dest: Path, n: int, pdf_share: float) -> dict[str, int]:
    pools = {
        "text": sorted((ROOT / "samples" / "seeds").glob("*.txt")),
        "docx": sorted((ROOT / "samples" / "docx").glob("*.docx")),
        "pdf": sorted((ROOT / "samples" / "pdf").glob("*.pdf")),
    }
    n_pdf = max(1, int(n * pdf_share))
    n_text = (n - n_pdf) // 2
    plan = {"pdf": n_pdf, "text": n_text, "docx": n - n_pdf - n_text}
    k = 0
    for kind, count in plan.items():
        for i in range(count):
            src = pools[kind][i % len(pools[kind])]
            shutil.copy(src, dest / f"{k:05d}_{src.name}")
            k += 1
    return plan


_MEASURE = ("import resource,subprocess,sys;subprocess.run(sys.argv[1:]);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def run(batch: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Time one `iki extract` and the peak RSS of the largest process it ran (parent or worker)."""
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "iki.cli", "extract", str(batch),
                          "-o", str(out), "-q", "--jobs", str(jobs)], cwd=ROOT, check=False,
                         capture_output=True, text=True)
    secs = time.perf_counter() - t0
    rss = int(res.stdout.strip().splitlines()[-1]) / 1024
    return secs, rss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--pdf-share", type=float, default=0.02)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch"
        batch.mkdir()
        plan = make_batch(batch, a.n, a.pdf_share)
        print(f"batch of {a.n} files: {plan}")
        small = Path(tmp) / "small"
        small.mkdir()
        for f in sorted(batch.iterdir())[:: 5]:
            shutil.copy(f, small / f.name)
        ts, rss_s = run(small, Path(tmp) / "os", 1)
        t1, rss1 = run(batch, Path(tmp) / "o1", 1)
        print(f"  --jobs 1: {t1:6.1f} s  {a.n / t1:5.1f} files/s   peak RSS {rss1:.0f} MiB "
              f"(a fifth of the batch: {rss_s:.0f} MiB)")
        t2, rss2 = run(batch, Path(tmp) / "o2", 2)
        print(f"  --jobs 2: {t2:6.1f} s  {a.n / t2:5.1f} files/s   speed-up {t1 / t2:.2f}x (bar >= 1.7)")
        # kill -9 at 50 %, then finish
        out = Path(tmp) / "o3"
        proc = subprocess.Popen([sys.executable, "-m", "iki.cli", "extract", str(batch), "-o", str(out), "-q",
                                 "--jobs", "1"], cwd=ROOT)
        cache = out / ".iki-cache"
        while proc.poll() is None and len(list(cache.rglob("*.pkl"))) < a.n // 2:
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        done = len(list(cache.rglob("*.pkl")))
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "iki.cli", "extract", str(batch), "-o", str(out), "-q", "--jobs", "1"],
                       cwd=ROOT, check=False)
        tr = time.perf_counter() - t0
        same = all((Path(tmp) / "o1" / f"{t}.parquet").read_bytes() == (out / f"{t}.parquet").read_bytes()
                   for t in ("documents", "positions", "duties", "indicators", "flat"))
        m = json.loads((out / "manifest.json").read_text())
        print(f"  kill -9 after {done} files, resume: {tr:.1f} s ({m['from_cache']} from the cache); "
              f"tables byte-identical to an uninterrupted run: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

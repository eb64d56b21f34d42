"""Time `iki extract` on the converter-text seeds, on one core.

Bar (issue "The spine"): the four seeds in under 5 seconds on one core, Parquet writing included.
Usage: python benchmarks/bench_extract.py [FOLDER] [--repeat N]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=str(ROOT / "samples" / "seeds"))
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    from iki.cli import main as iki_main
    from iki.pipeline import discover

    files = discover([a.folder])
    size = sum(Path(f).stat().st_size for f in files)
    times = []
    for _ in range(a.repeat):
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            rc = iki_main(["extract", a.folder, "-o", out, "-q"])
            times.append(time.perf_counter() - t0)
            if rc != 0:
                print(f"iki extract exited {rc}", file=sys.stderr)
    best, med = min(times), statistics.median(times)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(files)} files, {size / 1024:.0f} KiB, one core, {a.repeat} runs (in-process, imports warm)")
    print(f"  best {best:.3f} s   median {med:.3f} s   {len(files) / med:.1f} files/s   peak RSS {rss:.0f} MiB")
    t0 = time.perf_counter()
    import subprocess
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, "-m", "iki.cli", "extract", a.folder, "-o", out, "-q"], check=False)
    print(f"  cold start as a command (python startup + imports + run): {time.perf_counter() - t0:.3f} s")
    print("  bar: < 5 s for the four seeds →", "met" if med < 5 else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())

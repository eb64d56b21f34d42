#!/usr/bin/env python3
"""Issue 23's check: formula cells of the kinds it describes, in producers and wordings the grammar
was not built with (samples/make_formula_kinds.py), extracted with iki and scored pooled over every
row on formula_type, numerator, denominator and penjelasan (bar: each ≥ 0.95).

Usage: python benchmarks/bench_formula_kinds.py [--seeds 1,2] [--heldout] [--docs 1] [-v]
       [--producers txt,docx,rl,chromium] [--keep DIR]

Without ``--heldout`` it draws only the tuning phrasings; ``--heldout`` adds the held-out phrasings
(the last of every list in the generator), which nothing in the grammar was tuned on.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from iki.cli import main as iki_main  # noqa: E402
from iki.evaluate import evaluate_folder, pooled_fields  # noqa: E402

FIELDS = ("formula_type", "numerator", "denominator", "multiplier", "unit", "penjelasan")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="1")
    ap.add_argument("--docs", type=int, default=1)
    ap.add_argument("--rows", type=int, default=14)
    ap.add_argument("--heldout", action="store_true")
    ap.add_argument("--producers", default="txt,docx,rl,chromium")
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--narrow", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        src = a.keep or Path(tmp) / "src"
        for s in a.seeds.split(","):
            cmd = [sys.executable, str(ROOT / "samples" / "make_formula_kinds.py"), "-o", str(src), "--seed", s,
                   "--docs", str(a.docs), "--rows", str(a.rows), "--producers", a.producers]
            subprocess.run(cmd + (["--heldout"] if a.heldout else []) + (["--narrow"] if a.narrow else []),
                           check=True, capture_output=True)
        out = Path(tmp) / "out"
        files = sorted(str(p) for p in src.iterdir() if p.suffix != ".json")
        iki_main(["extract", *files, "-o", str(out), "-q", "--jobs", "1"])
        golds = sorted(src.glob("*.json"))
        scores = evaluate_folder(out, golds)
        pooled = pooled_fields(scores)
        for sc in scores:
            print(f"{sc.name:40s} " + " ".join(f"{f}={sc.fields.get(f, float('nan')):.2f}" for f in FIELDS)
                  + (f" ERROR {sc.error}" if sc.error else ""))
        rows = sum(sc.field_counts.get("formula_type", (0, 0))[1] for sc in scores)
        print(f"POOLED over {rows} rows: " + " ".join(f"{f}={pooled[f]:.3f}" for f in FIELDS))
        wrong = Counter(d.split(":")[0].split(" ")[0] for sc in scores for d in sc.differences)
        print("differences by field:", dict(wrong))
        if a.verbose:
            for sc in scores:
                for d in sc.differences:
                    print("  ", sc.name, d[:400])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""OCR every row crop of an ``iki review`` folder and say how many contain the row's indikator (issue 27).

For each indicator row with a page box (PDF and scans), the crop ``crops/<indicator_id>.png`` is read by
tesseract (``-l ind+eng --psm 3``) and the row's ``indikator`` is looked for in it (rapidfuzz
partial_ratio on lower-cased letters and digits). Also checks that ``check.html`` lists exactly the rows
that carry a warning. Prints the share found at 80 and 90, the share of its words found
(a wrapped cell is read line by line across the row's columns), and the rows below 80.

Usage: python benchmarks/check_review_crops.py OUT REVIEW_DIR
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pyarrow.parquet as pq
from rapidfuzz import fuzz


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", (text or "").lower()).split())


def main(out: str, review: str) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from schema.writer import current_folder

    folder = current_folder(Path(out))
    rows = pq.read_table(folder / "indicators.parquet").to_pylist()
    docs = {d["doc_id"]: d for d in pq.read_table(folder / "documents.parquet").to_pylist()}
    review = Path(review)
    checked = {e.get("data-indicator-id") for e in lxml.html.fromstring((review / "check.html").read_bytes())
               .xpath("//*[@data-indicator-id]")}
    warned = {r["indicator_id"] for r in rows if r.get("warnings")}
    print(f"check.html rows {len(checked)}, rows with warnings {len(warned)}, equal: {checked == warned}")
    paged = [r for r in rows if r.get("box_x0") is not None]
    scores, recalls, low, missing = [], [], [], 0
    for r in paged:
        crop = review / "crops" / f"{r['indicator_id']}.png"
        if not crop.exists():
            crop = crop.with_suffix(".jpg")
        if not crop.exists():
            missing += 1
            continue
        text = subprocess.run(["tesseract", str(crop), "stdout", "-l", "ind+eng", "--psm", "3"],
                              capture_output=True, text=True, timeout=120).stdout
        s = fuzz.partial_ratio(norm(r["indikator"]), norm(text))
        words, got = norm(r["indikator"]).split(), set(norm(text).split())
        # a wrapped cell is read line by line across the row's columns: its words, not one run of text
        recall = sum(any(fuzz.ratio(w, g) >= 80 for g in got) for w in words) / len(words) if words else 1.0
        recalls.append(recall)
        scores.append(s)
        if s < 80:
            low.append((s, docs[r["doc_id"]].get("file_name"), r["indikator"][:70], norm(text)[:90]))
    n = len(scores)
    print(f"rows {len(rows)}, with a page box {len(paged)}, crops missing {missing}")
    if n:
        print(f"indikator found in its crop: >=80 {sum(s >= 80 for s in scores)}/{n}, "
              f">=90 {sum(s >= 90 for s in scores)}/{n}, mean {sum(scores) / n:.1f}; its words found (fuzzy 80): "
              f"all {sum(x == 1 for x in recalls)}/{n}, >=90% {sum(x >= 0.9 for x in recalls)}/{n}, "
              f"mean {100 * sum(recalls) / n:.1f}%")
    for s, f, ind, text in sorted(low):
        print(f"  {s:5.1f} {f}: {ind!r} | ocr: {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

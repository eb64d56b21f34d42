"""PDFium against pdfminer as iki's source of page geometry, page by page.

For every page of every PDF given (files or folders, searched recursively), the geometry iki's
reader builds from PDFium (:func:`extractors.readers.pdfium.read_page`, pdfminer-declared
descents as the reader passes them) is compared with the geometry it builds from pdfplumber
(pdfminer) for the same page, through the same :func:`extractors.readers.pdf.geometry_of`:

- words: the multiset of word texts (words only one source has are listed), and for words of the
  same text matched in reading order the largest box difference (points);
- rules: horizontal and vertical segments and filled rectangles, counted.

A page is "same" when the word texts are equal as multisets and every matched box is within
``--tol`` points. Pages PDFium cannot read, or that the reader would send to pdfminer (few words,
unmapped glyphs), are counted apart. Scores of the final output are not computed here: run
`iki extract` with ``IKI_PDF_SOURCE=pdfminer`` and without, and score both.

Usage: python benchmarks/compare_pdf_sources.py PDF_OR_FOLDER ... [--tol 1.0] [--show 5]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def page_words(geoms):
    return [w for g in geoms for w in g.words]


def compare_page(slow, fast, tol: float):
    ws, wf = page_words(slow), page_words(fast)
    cs, cf = Counter(w.text for w in ws), Counter(w.text for w in wf)
    only_slow, only_fast = cs - cf, cf - cs
    # boxes: words of the same text, matched in order of (top, x0)
    by_text: dict[str, list] = {}
    for w in sorted(wf, key=lambda w: (round(w.top), w.x0)):
        by_text.setdefault(w.text, []).append(w)
    worst, worst_word = 0.0, ""
    for w in sorted(ws, key=lambda w: (round(w.top), w.x0)):
        cands = by_text.get(w.text)
        if not cands:
            continue
        best = min(cands, key=lambda o: abs(o.x0 - w.x0) + abs(o.top - w.top))
        cands.remove(best)
        d = (abs(best.x0 - w.x0), abs(best.x1 - w.x1), abs(best.top - w.top), abs(best.bottom - w.bottom))
        if max(d) > worst:
            worst = max(d)
            worst_word = f"{w.text[:20]!r} {('x0', 'x1', 'top', 'bottom')[d.index(worst)]}"
    segs = (sum(len(g.segments) for g in slow), sum(len(g.segments) for g in fast))
    fills = (sum(len(g.fills or []) for g in slow), sum(len(g.fills or []) for g in fast))
    same = not only_slow and not only_fast and worst <= tol
    return same, only_slow, only_fast, (worst, worst_word), segs, fills, len(ws)


def main() -> int:
    from extractors import limits
    from extractors.readers import pdf as reader
    from extractors.readers import pdfium as pdfium_source

    import pdfplumber
    import pypdfium2 as pdfium

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--tol", type=float, default=1.0, help="largest box difference (points) counted as the same")
    ap.add_argument("--page-seconds", type=float, default=60.0, help="a page taking longer is skipped (hostile files)")
    ap.add_argument("--show", type=int, default=5, help="differing words shown per page")
    a = ap.parse_args()
    files: list[Path] = []
    for x in map(Path, a.inputs):
        files += sorted(x.rglob("*.pdf")) if x.is_dir() else [x]
    totals = Counter()
    for f in files:
        try:
            data = f.read_bytes()
            plumb = pdfplumber.open(f)
            doc = pdfium.PdfDocument(data)
        except Exception as e:  # noqa: BLE001 - a damaged file is counted, not compared
            print(f"{f}: not opened ({type(e).__name__}: {str(e)[:80]})")
            totals["files not opened"] += 1
            continue
        cache: dict = {}
        file_diff = 0
        with plumb:
            if len(doc) != len(plumb.pages):
                print(f"{f}: PDFium {len(doc)} pages, pdfminer {len(plumb.pages)}: not compared")
                totals["files with other page counts"] += 1
                continue
            for i, page in enumerate(plumb.pages, start=1):
                totals["pages"] += 1
                try:
                    with limits.page_deadline(f"page {i}", seconds=a.page_seconds):
                        slow = reader.geometry_of(page, i)
                except Exception as e:  # noqa: BLE001
                    totals["pages pdfminer cannot read"] += 1
                    print(f"{f} p{i}: pdfminer failed ({type(e).__name__})")
                    continue
                try:
                    with limits.page_deadline(f"page {i}", seconds=a.page_seconds):
                        fast_page = pdfium_source.read_page(doc, i - 1, reader.declared_descents(page, cache))
                        fast = reader.geometry_of(fast_page, i)
                except Exception as e:  # noqa: BLE001
                    totals["pages PDFium cannot read (pdfminer fallback)"] += 1
                    print(f"{f} p{i}: PDFium failed ({type(e).__name__}: {str(e)[:60]})")
                    continue
                n_chars = len(fast_page.glyphs) if fast_page.glyphs is not None else len(fast_page.chars)
                if reader._n_words(fast) < 3 or fast_page.unmapped > max(5, reader.UNMAPPED * n_chars):
                    totals["pages the reader checks with pdfminer (few words / unmapped glyphs)"] += 1
                same, only_slow, only_fast, worst, segs, fills, n = compare_page(slow, fast, a.tol)
                totals["words (pdfminer)"] += n
                totals["words differing"] += sum(only_slow.values()) + sum(only_fast.values())
                totals["segment count differs"] += segs[0] != segs[1]
                totals["fill count differs"] += fills[0] != fills[1]
                if same:
                    totals["pages same"] += 1
                    continue
                file_diff += 1
                totals["pages differing"] += 1
                print(f"{f} p{i}: {n} words, box diff {worst[0]:.2f} pt ({worst[1]}), segments {segs[0]}/{segs[1]}, "
                      f"fills {fills[0]}/{fills[1]}")
                if only_slow:
                    print("   only pdfminer:", list(only_slow.elements())[:a.show])
                if only_fast:
                    print("   only PDFium:  ", list(only_fast.elements())[:a.show])
        with pdfium_source.LOCK:
            doc.close()
        totals["files"] += 1
        totals["files all pages same"] += file_diff == 0
    print("TOTAL", ", ".join(f"{k}: {v}" for k, v in totals.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

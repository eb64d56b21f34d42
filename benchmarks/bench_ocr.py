"""OCR speed and accuracy: `iki extract` on scanned PDFs against bare tesseract on the same pages.

(a) bare tesseract: every page rendered at 300 dpi (pypdfium2, grey, saved as PNG) and read by
    ``tesseract PAGE.png stdout -l ind+eng --psm 6 tsv``, one page after another (one core) and
    one page per core (all cores);
(b) iki: ``iki extract FILE --jobs 1`` and ``--jobs N`` as a command, everything included
    (start-up, detection, the page's own image at its resolution, page geometry, ruling lines,
    one tesseract reading per page, in-process through tesserocr where it is installed, tables,
    parsing, normalising, Parquet); ``--engine cli`` measures iki with the tesseract command instead.

Every measurement is a child process, timed by the wall clock and by the CPU time it used
(user + system, with its children): the machine may be shared, so the runs are interleaved
(a, b1, bN, a, b1, bN, ...) and repeated, and the median of the per-round ratios is reported.
Accuracy is reported beside the speed: ``score.py`` (the shared scorer, when found) of iki's
output against the gold JSON beside each PDF, and of iki reading with bare tesseract's own
words (the same ``tesseract -l ind+eng --psm 6`` run on the 300-dpi render, its TSV fed to iki's
geometry, parser and normaliser): what iki's page preparation is worth over bare tesseract.

Fairness: bare tesseract runs with ``OMP_THREAD_LIMIT=1`` (the system's tesseract is built with
OpenMP and would otherwise spread one page over the cores), so each of its pages uses one core, as
each of iki's pages does (iki sets the same limit; the libtesseract in tesserocr's wheel is built
without OpenMP). "All cores" is one tesseract process per page for (a), ``--jobs N`` for (b). The
two need not be the same tesseract version (the command line is the system's, tesserocr bundles
its own): both are printed. ``benchmarks/bench_scan_stages.py`` says where iki's time per page goes.

Goals (issue 24), on one 7-page scan, in one run on a quiet machine: (b) ``--jobs 1`` at most
0.8 × the time of (a) on one core; ``--jobs 2`` at least 1.7 × faster than ``--jobs 1``.
Wall-clock ratios are the goal; CPU ratios are printed too (steadier on a shared machine).

Usage: python benchmarks/bench_ocr.py [PDF ...] [--repeat 3] [--jobs N] [--scorer PATH] [--engine cli]
       [--threshold iki|bilevel|tesseract|global] [--against tesseract]
       (default: samples/scans/*.pdf)
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IKI = [sys.executable, "-m", "iki.cli"]


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run a command; (wall seconds, CPU seconds of it and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


BARE = r"""
import subprocess, sys, tempfile, os
from concurrent.futures import ThreadPoolExecutor
import pypdfium2 as pdfium
jobs = int(sys.argv[1])
def page_png(pdf_path, i, out):
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        pdf[i].render(scale=300 / 72, grayscale=True).to_pil().save(out)
    finally:
        pdf.close()
def one(args):
    pdf_path, i, tmp = args
    png = os.path.join(tmp, f"{os.path.basename(pdf_path)}-{i}.png")
    page_png(pdf_path, i, png)
    subprocess.run(["tesseract", png, "stdout", "-l", "ind+eng", "--psm", "6", "tsv"], check=True,
                   capture_output=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"))
with tempfile.TemporaryDirectory() as tmp:
    items = []
    for p in sys.argv[2:]:
        n = len(pdfium.PdfDocument(p))
        items += [(p, i, tmp) for i in range(n)]
    if jobs == 1:
        for it in items:
            one(it)
    else:  # rendering in threads of their own documents, tesseract in its own processes
        with ThreadPoolExecutor(jobs) as ex:
            list(ex.map(one, items))
"""


def bare(files: list[str], jobs: int) -> tuple[float, float]:
    return timed([sys.executable, "-c", BARE, str(jobs), *files])


ENGINE: str | None = None  # --engine: IKI_OCR_ENGINE for the iki runs


def iki(files: list[str], jobs: int, out: str, threshold: str | None = None) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if ENGINE:
        env["IKI_OCR_ENGINE"] = ENGINE
    if threshold:
        env["IKI_OCR_THRESHOLD"] = threshold
    return timed([*IKI, "extract", *files, "-o", out, "--jobs", str(jobs), "--force", "-q"], env=env)


def pages(files: list[str]) -> int:
    import pypdfium2 as pdfium

    n = 0
    for f in files:
        doc = pdfium.PdfDocument(f)
        n += len(doc)
        doc.close()
    return n


def scores(out: str, files: list[str], scorer: str | None) -> dict[str, float]:
    res = {}
    if not scorer or not Path(scorer).exists():
        return res
    for f in files:
        gold = Path(f).with_suffix(".json")
        if not gold.exists():
            continue
        p = subprocess.run([sys.executable, scorer, out, str(gold)], capture_output=True, text=True)
        for line in p.stdout.splitlines():
            if line.startswith("MEAN SCORE"):
                res[Path(f).name] = float(line.split()[-1])
    return res


BARE_WORDS = r"""
import os, subprocess, sys
import numpy as np
import pypdfium2 as pdfium
sys.path.insert(0, sys.argv[1])
from extractors.geometry import PageGeometry, Word, page_blocks
from extractors.ir import Document
from extractors.readers import ocr_engine, pdf as pdf_reader, scan
from iki.cli import main

def bare_page(gray, number):
    # bare tesseract's own reading of the 300-dpi render: no page preparation, no rules
    words = ocr_engine._parse_tsv(subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "ind+eng", "--psm", "6", "tsv"],
        input=f"P5\n{gray.shape[1]} {gray.shape[0]}\n255\n".encode() + gray.tobytes(), capture_output=True,
        env=dict(os.environ, OMP_THREAD_LIMIT="1"), check=True).stdout.decode("utf-8", "replace"))
    k = 72.0 / 300
    return PageGeometry(number, gray.shape[1] * k, gray.shape[0] * k,
                        [Word(t, l * k, tp * k, (l + w) * k, (tp + h) * k, conf=c) for t, l, tp, w, h, c in words], [])

def read_pdf(data, source="<pdf>", max_pages=None, ocr="auto"):
    doc = pdfium.PdfDocument(data)
    blocks = []
    for i in range(len(doc)):
        gray = doc[i].render(scale=300 / 72, grayscale=True).to_numpy()
        gray = np.ascontiguousarray(gray[:, :, 0] if gray.ndim == 3 else gray)
        blocks.extend(page_blocks(bare_page(gray, i + 1)))
    out = Document(source=source, format="pdf", blocks=blocks, n_pages=len(doc), warnings=[])
    out.ocr_pages = len(doc)
    return out

import iki.pipeline
iki.pipeline.read_pdf = read_pdf
sys.exit(main(sys.argv[2:]))
"""


def scores_of_bare_words(files: list[str], scorer: str | None) -> dict[str, float]:
    """iki's accuracy when it reads bare tesseract's words (the same run as (a)) instead of its own."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, "-c", BARE_WORDS, str(ROOT), "extract", *files, "-o", out, "--jobs", "2",
                        "--force", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        return scores(out, files, scorer)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdfs", nargs="*")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                    else (os.cpu_count() or 1))
    ap.add_argument("--scorer", default=str(ROOT.parent / "shared" / "score.py")
                    if (ROOT.parent / "shared" / "score.py").exists() else "/work/shared/score.py")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    ap.add_argument("--engine", choices=["tesserocr", "cli"], help="the OCR engine iki reads with (default: its own choice)")
    ap.add_argument("--threshold", choices=["iki", "bilevel", "tesseract", "global"],
                    help="IKI_OCR_THRESHOLD for the iki runs (default: iki's default, tesseract: tesseract's own "
                    "Sauvola pass; iki: iki binarises the page; bilevel: the same as a 1-bit image; global: "
                    "tesseract's Otsu on the page as it is)")
    ap.add_argument("--against", choices=["iki", "bilevel", "tesseract", "global"],
                    help="also time iki --jobs 1 with this IKI_OCR_THRESHOLD in the same interleaved rounds "
                    "(e.g. iki: the page binarised by iki instead of tesseract)")
    args = ap.parse_args()
    global ENGINE
    ENGINE = args.engine
    if args.threshold:
        os.environ["IKI_OCR_THRESHOLD"] = args.threshold
    files = args.pdfs or [str(p) for p in sorted((ROOT / "samples" / "scans").rglob("*.pdf"))]
    if not files:
        print("no PDF given or found", file=sys.stderr)
        return 2
    n = pages(files)
    env = dict(os.environ, PYTHONPATH=str(ROOT), **({"IKI_OCR_ENGINE": ENGINE} if ENGINE else {}))
    engine = subprocess.run([*IKI, "--version"], capture_output=True, text=True, env=env, cwd=ROOT).stdout.strip()
    cli = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    print(f"{len(files)} scanned PDF(s), {n} pages; {args.repeat} interleaved rounds; "
          f"load average before: {os.getloadavg()[0]:.1f}; {' / '.join(engine.splitlines())}; "
          f"bare: {((cli.stdout or cli.stderr).splitlines() or ['tesseract ?'])[0]} command, OMP_THREAD_LIMIT=1")
    rows: dict[str, list[tuple[float, float]]] = {"bare1": [], "iki1": [], "bareN": [], "ikiN": []}
    if args.against:
        rows["vs1"] = []
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as out_vs:
        for r in range(args.repeat):
            order = ["bare1", "iki1", "ikiN", "bareN"] + (["vs1"] if args.against else [])
            order = order[r % len(order):] + order[:r % len(order)]
            for what in order:
                jobs = 1 if what.endswith("1") else args.jobs
                if what == "vs1":
                    rows[what].append(iki(files, 1, out_vs, args.against))
                    continue
                rows[what].append(bare(files, jobs) if what.startswith("bare") else iki(files, jobs, out))
            w = {k: v[-1] for k, v in rows.items()}
            print(f"  round {r + 1}: wall bare1 {w['bare1'][0]:.1f}s iki1 {w['iki1'][0]:.1f}s "
                  f"bare{args.jobs} {w['bareN'][0]:.1f}s iki{args.jobs} {w['ikiN'][0]:.1f}s | "
                  f"cpu bare {w['bare1'][1]:.1f}s iki {w['iki1'][1]:.1f}s"
                  + (f" | {args.against}: wall {w['vs1'][0]:.1f}s cpu {w['vs1'][1]:.1f}s" if args.against else ""))
        acc = scores(out, files, args.scorer)
        acc_vs = scores(out_vs, files, args.scorer) if args.against else {}

    def med(xs):
        return statistics.median(xs)

    r_one_wall = med([i[0] / b[0] for i, b in zip(rows["iki1"], rows["bare1"])])
    r_one_cpu = med([i[1] / b[1] for i, b in zip(rows["iki1"], rows["bare1"])])
    r_par = med([one[0] / par[0] for one, par in zip(rows["iki1"], rows["ikiN"])])
    r_par_bare = med([one[0] / par[0] for one, par in zip(rows["bare1"], rows["bareN"])])
    r_allcores = med([i[0] / b[0] for i, b in zip(rows["ikiN"], rows["bareN"])])
    print(f"(a) bare tesseract, 1 core : {med([x[0] for x in rows['bare1']]) / n:5.2f} s/page wall, "
          f"{med([x[1] for x in rows['bare1']]) / n:5.2f} s/page CPU")
    print(f"(b) iki --jobs 1           : {med([x[0] for x in rows['iki1']]) / n:5.2f} s/page wall, "
          f"{med([x[1] for x in rows['iki1']]) / n:5.2f} s/page CPU")
    print(f"    iki / bare, one core   : {r_one_wall:4.2f} wall, {r_one_cpu:4.2f} CPU (goal <= 0.8)")
    print(f"    iki / bare, {args.jobs} cores   : {r_allcores:4.2f} wall")
    print(f"    iki --jobs 1 / --jobs {args.jobs}: {r_par:4.2f} x faster with {args.jobs} jobs (goal >= 1.7 with 2; "
          f"bare tesseract: {r_par_bare:4.2f} x)")
    if args.against:
        print(f"    iki --jobs 1, IKI_OCR_THRESHOLD={args.against}: {med([x[0] for x in rows['vs1']]) / n:5.2f} s/page wall, "
              f"{med([x[1] for x in rows['vs1']]) / n:5.2f} s/page CPU; / bare "
              f"{med([i[0] / b[0] for i, b in zip(rows['vs1'], rows['bare1'])]):4.2f} wall, "
              f"{med([i[1] / b[1] for i, b in zip(rows['vs1'], rows['bare1'])]):4.2f} CPU; iki1 / it "
              f"{med([i[0] / b[0] for i, b in zip(rows['iki1'], rows['vs1'])]):4.2f} wall, "
              f"{med([i[1] / b[1] for i, b in zip(rows['iki1'], rows['vs1'])]):4.2f} CPU; accuracy "
              + ", ".join(f"{k} {v:.3f}" for k, v in acc_vs.items()))
    if acc:
        bare_acc = scores_of_bare_words(files, args.scorer)
        print("accuracy (score.py): file  iki  [iki reading bare tesseract's words]")
        for k, v in acc.items():
            print(f"    {k:28s} {v:.3f}  [{bare_acc.get(k, float('nan')):.3f}]")
        print(f"    mean {statistics.mean(acc.values()):.3f}  "
              f"[{statistics.mean(bare_acc.values()) if bare_acc else float('nan'):.3f}]")
    print(f"load average after: {os.getloadavg()[0]:.1f} (the machine may be shared: compare ratios)")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "accuracy": acc, "pages": n}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time `iki diff` on two synthetic datasets of 1,000 positions each, on one core.

Bar (issues "Diff an agency's IKI between years" and #15): under 10 s on one core, "a few seconds"
on an idle machine (about 2 s). On a shared machine compare with another build run interleaved.

The two datasets are one agency (the worst case: every old position is a candidate for
every new one) written as `iki extract` output folders. The new year is the old one with
known edits: positions removed, added and renamed, indicators reworded, formulas, data
sources and targets changed, indicators split, merged, added and removed. The benchmark
times the whole command (read Parquet, match, write the change tables and report.html)
and prints how many of the injected edits the diff found.

Usage: python benchmarks/bench_diff.py [--positions 1000] [--repeat 3] [--seed 7] [--keep DIR]
"""
from __future__ import annotations

import os

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_v, "1")   # one core for numpy's BLAS too (set before numpy is imported)

import argparse  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_SYL = ("ba be bi bo bu da de di do du ga gi go ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu "
        "pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu wa wi ya yu").split()
_COMMON = ("pelayanan rehabilitasi sosial perlindungan jaminan pemberdayaan kesejahteraan program kegiatan "
           "laporan keuangan kinerja data administrasi verifikasi bantuan masyarakat penyandang anak lanjut "
           "usia bencana fakir miskin lembaga pembinaan sosialisasi pelatihan keterampilan usaha dokumen "
           "perencanaan evaluasi monitoring koordinasi pengawasan pengendalian kebijakan teknis pedoman").split()
_VERBS = ("Menyusun Melaksanakan Mengoordinasikan Menyiapkan Menghimpun Mengevaluasi Memantau Membina "
          "Mendokumentasikan Memverifikasi").split()


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.used: set[str] = set()

    def word(self) -> str:
        while True:
            w = "".join(self.r.choice(_SYL) for _ in range(self.r.randint(2, 4)))
            if w not in self.used:
                self.used.add(w)
                return w

    def unit(self, n: int = 3) -> list[str]:
        return [self.word() for _ in range(n)]

    def sentence(self, unit: list[str], n: int) -> str:
        ws = [self.r.choice(_VERBS)] + [self.r.choice(_COMMON) for _ in range(n)]
        ws.insert(self.r.randint(1, len(ws)), " ".join(unit))
        return " ".join(ws)


def _title(rank: str, unit: list[str]) -> str:
    return f"{rank} {' '.join(u.capitalize() for u in unit)}"


def make_old(g: Gen, n: int) -> list[dict]:
    """Positions as plain dicts: title, duties, indicators."""
    ranks = ["Kepala Bidang"] * (n // 25) + ["Kepala Seksi"] * (n // 6)
    ranks += ["Pengelola", "Analis", "Pengadministrasi", "Penyusun", "Pranata"] * n
    out = []
    for k in range(n):
        unit = g.unit(3)
        rank = "Sekretaris" if k == 0 else ranks[k - 1]
        duties = [("tugas", g.sentence(unit, g.r.randint(6, 12))) for _ in range(g.r.randint(5, 11))]
        inds = []
        for _ in range(g.r.randint(1, 5)):
            obj = " ".join(g.r.sample(_COMMON, 2)) + " " + g.word()
            inds.append({"indikator": f"Persentase {obj} yang terlaksana",
                         "sasaran": f"Meningkatnya {' '.join(g.r.sample(_COMMON, 3))} {unit[0]}",
                         "numerator": f"Jumlah {obj} yang terlaksana", "denominator": f"Jumlah {obj} yang direncanakan",
                         "sumber_data": f"Bidang {unit[0].capitalize()}", "target_raw": f"{g.r.randint(1, 99)} dokumen"})
        out.append({"jabatan": _title(rank, unit), "rank": rank, "unit": unit, "duties": duties, "inds": inds,
                    "truth": "unchanged"})
    return out


def make_new(g: Gen, old: list[dict]) -> tuple[list[dict], Counter]:
    """The next year: same positions with known edits, as many positions as the old year."""
    r = g.r
    truth = Counter()
    new = []
    n = len(old)
    n_removed = n_added = n // 25
    removed = set(r.sample(range(1, n), n_removed))
    for k, p in enumerate(old):
        if k in removed:
            truth["removed positions"] += 1
            continue
        q = {**p, "duties": list(p["duties"]), "inds": [dict(i) for i in p["inds"]]}
        roll = r.random()
        if roll < 0.04 and p["rank"] not in ("Sekretaris",):
            unit = list(p["unit"])
            unit[r.randrange(3)] = g.word()
            q["jabatan"] = _title(p["rank"], unit)
            truth["renamed positions"] += 1
        elif roll < 0.30:
            edit = r.choice(["reworded", "formula_changed", "source_changed", "target_changed", "split",
                             "added", "removed", "merged"])
            i = r.randrange(len(q["inds"]))
            ind = q["inds"][i]
            if edit == "reworded":
                ind["indikator"] = ind["indikator"].replace("Persentase", "Prosentase capaian")
            elif edit == "formula_changed":
                ind["denominator"] = ind["denominator"].replace("direncanakan", "ditargetkan dalam setahun")
            elif edit == "source_changed":
                ind["sumber_data"] = "Laporan " + g.word().capitalize()
            elif edit == "target_changed":
                ind["target_raw"] = f"{r.randint(100, 999)} dokumen"
            elif edit == "split":
                w1, w2 = g.word(), g.word()
                base = ind["indikator"].replace(" yang terlaksana", "")
                ind["indikator"] = f"{base} {w1} dan {w2} yang terlaksana"
                p["inds"][i] = dict(ind)            # the old year had the combined indicator
                q["inds"][i] = {**ind, "indikator": f"{base} {w1} yang terlaksana"}
                q["inds"].insert(i + 1, {**ind, "indikator": f"{base} {w2} yang terlaksana"})
            elif edit == "merged":
                w1, w2 = g.word(), g.word()
                base = ind["indikator"].replace(" yang terlaksana", "")
                p["inds"][i] = {**ind, "indikator": f"{base} {w1} yang terlaksana"}
                p["inds"].insert(i + 1, {**ind, "indikator": f"{base} {w2} yang terlaksana"})
                q["inds"][i] = {**ind, "indikator": f"{base} {w1} dan {w2} yang terlaksana"}
            elif edit == "added":
                obj = g.word() + " " + g.word()
                q["inds"].append({**ind, "indikator": f"Jumlah {obj} yang dibina",
                                  "numerator": f"Jumlah {obj}", "denominator": None})
            elif edit == "removed" and len(q["inds"]) > 1:
                q["inds"].pop(i)
            else:
                edit = "unchanged"
            truth[f"{edit} indicator edits"] += 1
        new.append(q)
    for _ in range(n_added):
        unit = g.unit(3)
        q = {"jabatan": _title("Pengelola", unit), "rank": "Pengelola", "unit": unit,
             "duties": [("tugas", g.sentence(unit, 8)) for _ in range(6)],
             "inds": [{"indikator": f"Jumlah {g.word()} {g.word()}", "sasaran": "Meningkatnya layanan",
                       "numerator": None, "denominator": None, "sumber_data": "Sekretariat", "target_raw": "12 kali"}]}
        new.insert(r.randrange(len(new) + 1), q)
        truth["added positions"] += 1
    return new, truth


def tables(positions: list[dict], doc_id: str, year: int, agency: str) -> dict[str, list[dict]]:
    from normalize.jabatan import jabatan_key

    doc = {"doc_id": doc_id, "source_path": f"{doc_id}.txt", "file_name": f"{doc_id}.txt", "sha256": doc_id * 4,
           "format": "text", "n_pages": None, "region": "Kota Contoh", "agency": agency, "year": year,
           "status": "ok", "error": None, "n_positions": len(positions),
           "n_indicators": sum(len(p["inds"]) for p in positions), "warnings": [], "pipeline_version": "bench"}
    pos, duties, inds = [], [], []
    for k, p in enumerate(positions, 1):
        pid = f"{doc_id}-p{k:04d}"
        pos.append({"doc_id": doc_id, "position_id": pid, "seq": k, "kind": "IKI", "jabatan": p["jabatan"],
                    "jabatan_key": jabatan_key(p["jabatan"]), "instansi": None, "program": None, "year": year,
                    "page": None, "line": k * 20, "n_tugas": len(p["duties"]), "n_fungsi": 0,
                    "n_indicators": len(p["inds"]), "warnings": []})
        for s, (sec, text) in enumerate(p["duties"], 1):
            duties.append({"doc_id": doc_id, "position_id": pid, "section": sec, "seq": s, "label": f"{s}.",
                           "level": 0, "text": text, "sub_items": [], "page": None, "line": k * 20 + s})
        for s, i in enumerate(p["inds"], 1):
            ratio = bool(i.get("denominator"))
            formula = (f"$\\frac{{\\text{{{i['numerator']}}}}}{{\\text{{{i['denominator']}}}}} \\times 100\\%$"
                       if ratio else f"$f(x) = \\Sigma$ {i['numerator']}")
            inds.append({"doc_id": doc_id, "position_id": pid, "indicator_id": f"{pid}-i{s:03d}", "seq": s,
                         "sasaran": i["sasaran"], "indikator": i["indikator"], "penjelasan": None,
                         "formula_raw": formula, "formula_type": "ratio" if ratio else "count",
                         "numerator": i["numerator"], "denominator": i.get("denominator"),
                         "multiplier": 100.0 if ratio else None, "unit": "%" if ratio else None,
                         "sumber_data": i["sumber_data"], "penanggung_jawab": None, "satuan": None,
                         "target_raw": i["target_raw"], "target_value": float(i["target_raw"].split()[0]),
                         "target_unit": i["target_raw"].split()[1], "page": None, "line": k * 20 + 15 + s,
                         "warnings": []})
    return {"documents": [doc], "positions": pos, "duties": duties, "indicators": inds}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--positions", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", metavar="DIR", help="write the datasets and the diff here and keep them")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    from iki.cli import main as iki_main
    from schema.writer import write_all

    g = Gen(a.seed)
    old = make_old(g, a.positions)
    new, truth = make_new(g, old)
    base = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="bench_diff."))
    write_all(base / "old", tables(old, "0ld0000000000000", 2021, "Dinas Uji"))
    write_all(base / "new", tables(new, "9e90000000000000", 2022, "Dinas Uji dan Contoh"))
    print(f"old: {len(old)} positions, {sum(len(p['inds']) for p in old)} indicators; "
          f"new: {len(new)} positions, {sum(len(p['inds']) for p in new)} indicators (one agency)")
    times = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        rc = iki_main(["diff", str(base / "old"), str(base / "new"), "-o", str(base / "diff"), "-q"])
        times.append(time.perf_counter() - t0)
        if rc != 0:
            print(f"iki diff exited {rc}", file=sys.stderr)
            return 1
    import pandas as pd
    pc = pd.read_parquet(base / "diff" / "position_changes.parquet")
    ic = pd.read_parquet(base / "diff" / "indicator_changes.parquet")
    fc = pd.read_parquet(base / "diff" / "field_changes.parquet")
    best, med = min(times), statistics.median(times)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"one core, {a.repeat} runs (in-process, imports warm): read Parquet + match + write tables + report.html")
    print(f"  best {best:.2f} s   median {med:.2f} s   peak RSS {rss:.0f} MiB   "
          f"report {(base / 'diff' / 'report.html').stat().st_size / 1e6:.1f} MB")
    print("  injected: " + ", ".join(f"{k} {v}" for k, v in sorted(truth.items())))
    print("  found:    positions " + ", ".join(f"{k} {v}" for k, v in pc.status.value_counts().sort_index().items()))
    print("            indicators " + ", ".join(f"{k} {v}" for k, v in ic.status.value_counts().sort_index().items()))
    print("            field_changes rows " + ", ".join(f"{k} {v}" for k, v in fc.level.value_counts().sort_index().items()))
    print("  bar: < 10 s for 1,000 × 1,000 positions →", "met" if med < 10 else "NOT met")
    if not a.keep:
        import shutil
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

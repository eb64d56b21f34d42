"""Compare extracted tables with gold annotations (the format of docs/GOLD_FORMAT.md).

Used by ``iki eval`` and by the end-to-end tests. Positions are paired in
document order by jabatan similarity, indicators within a pair of positions by
indicator-name similarity (an order-keeping alignment that maximises total
similarity). The document score is the mean of six parts: positions F1,
indicators F1, field accuracy, TUGAS token F1, FUNGSI token F1 and metadata.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import regex as re
from rapidfuzz import fuzz

POSITION_MATCH = 80.0
INDICATOR_MATCH = 75.0
FIELD_MATCH = 90.0
TEXT_FIELDS = ("sasaran", "penjelasan", "sumber_data", "target_raw")
FORMULA_FIELDS = ("formula_type", "numerator", "denominator", "multiplier", "unit")


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def fold(v) -> str:
    """Lower-case words only: markup, LaTeX commands, Σ and punctuation removed."""
    if _missing(v):
        return ""
    s = re.sub(r"<[^>]*>", " ", str(v).lower())
    s = re.sub(r"\\(?:text|mathrm|textbf|mathbf|sum|sigma)\b", " ", s)
    s = s.replace("σ", " ").replace("∑", " ")
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", s).split())


def similarity(a, b) -> float:
    fa, fb = fold(a), fold(b)
    if not fa and not fb:
        return 100.0
    if not fa or not fb:
        return 0.0
    return fuzz.ratio(fa, fb)


def pair_in_order(left: list[str | None], right: list[str | None], threshold: float) -> list[tuple[int, int]]:
    """Order-keeping pairs (i, j) with similarity ≥ threshold and the largest total similarity."""
    n, m = len(left), len(right)
    sim = [[similarity(a, b) for b in right] for a in left]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            v = max(best[i + 1][j], best[i][j + 1])
            if sim[i][j] >= threshold:
                v = max(v, best[i + 1][j + 1] + sim[i][j])
            best[i][j] = v
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if sim[i][j] >= threshold and math.isclose(best[i][j], best[i + 1][j + 1] + sim[i][j]):
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif math.isclose(best[i][j], best[i + 1][j]):
            i += 1
        else:
            j += 1
    return pairs


def f1(matched: int, n_gold: int, n_found: int) -> float:
    p = matched / n_found if n_found else float(n_gold == 0)
    r = matched / n_gold if n_gold else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def token_f1(gold: list[str], found: list[str]) -> float:
    g, f = Counter(fold(" ".join(gold)).split()), Counter(fold(" ".join(found)).split())
    if not g and not f:
        return 1.0
    common = sum((g & f).values())
    if not common:
        return 0.0
    p, r = common / sum(f.values()), common / sum(g.values())
    return 2 * p * r / (p + r)


def _field_ok(name: str, gold, found) -> bool:
    if name == "multiplier":
        g = None if _missing(gold) else float(gold)
        f = None if _missing(found) else float(found)
        return g == f
    if name == "formula_type":
        g, f = fold(gold) or "none", fold(found) or "none"
        return g == f
    if name == "unit":
        return fold(gold) == fold(found)
    if name in ("numerator", "denominator"):
        strip = re.compile(r"^(?:f x |jumlah |total |banyaknya )+")
        return similarity(strip.sub("", fold(gold)), strip.sub("", fold(found))) >= FIELD_MATCH
    return similarity(gold, found) >= FIELD_MATCH


@dataclass
class DocScore:
    name: str
    positions_f1: float = 0.0
    indicators_f1: float = 0.0
    fields: dict[str, float] = field(default_factory=dict)
    field_counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # field → (right, compared)
    tugas: float = 0.0
    fungsi: float = 0.0
    metadata: float = 0.0
    differences: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def score(self) -> float:
        if self.error:
            return 0.0
        acc = [v for v in self.fields.values() if not math.isnan(v)]
        parts = [self.positions_f1, self.indicators_f1, sum(acc) / len(acc) if acc else 0.0,
                 self.tugas, self.fungsi, self.metadata]
        return sum(parts) / len(parts)


def _gold_values(g: dict) -> dict:
    f0 = (g.get("formulas") or [None])[0] or {}
    return {"sasaran": g.get("sasaran"), "penjelasan": g.get("penjelasan"), "sumber_data": g.get("sumber_data"),
            "target_raw": g.get("target"), "formula_type": f0.get("type") or "none",
            "numerator": f0.get("numerator"), "denominator": f0.get("denominator"),
            "multiplier": f0.get("multiplier"), "unit": f0.get("unit")}


def score_document(gold: dict, doc_id: str, tables: dict[str, pd.DataFrame], name: str) -> DocScore:
    res = DocScore(name)
    pos = tables["positions"]
    pos = pos[pos["doc_id"] == doc_id].sort_values("seq").to_dict("records")
    gpos = gold["positions"]
    pairs = pair_in_order([g.get("jabatan") or "IKU" for g in gpos], ["IKU" if _missing(p.get("jabatan")) else p["jabatan"] for p in pos],
                          POSITION_MATCH)
    res.positions_f1 = f1(len(pairs), len(gpos), len(pos))
    paired = {i for i, _ in pairs}
    res.differences += [f"missing position: {g.get('jabatan')}" for i, g in enumerate(gpos) if i not in paired]
    duties, inds = tables["duties"], tables["indicators"]
    hits, totals = Counter(), Counter()
    tug, fun, years = [], [], 0
    n_ind_found = int(inds["position_id"].isin([p["position_id"] for p in pos]).sum())
    n_ind_gold = sum(len(g["indicators"]) for g in gpos)
    ind_matched = 0
    for gi, pj in pairs:
        g, p = gpos[gi], pos[pj]
        gy, py = g.get("year"), p.get("year")
        years += (gy is None and _missing(py)) or (gy is not None and not _missing(py) and int(py) == int(gy))
        d = duties[duties["position_id"] == p["position_id"]]
        for section, acc in (("tugas", tug), ("fungsi", fun)):
            items = d[d["section"] == section].sort_values("seq")["text"].tolist()
            acc.append(token_f1(g.get(section) or [], items))
        found = inds[inds["position_id"] == p["position_id"]].sort_values("seq").to_dict("records")
        ipairs = pair_in_order([x.get("indikator") for x in g["indicators"]], [x.get("indikator") for x in found],
                               INDICATOR_MATCH)
        ind_matched += len(ipairs)
        done = {a for a, _ in ipairs}
        res.differences += [f"missing indicator [{g.get('jabatan')}]: {x.get('indikator')}"
                            for k, x in enumerate(g["indicators"]) if k not in done]
        for a, b in ipairs:
            gi_row, f_row = g["indicators"][a], found[b]
            for name, gv in _gold_values(gi_row).items():
                if gi_row.get("ambiguous") and name in FORMULA_FIELDS:
                    continue
                totals[name] += 1
                ok = _field_ok(name, gv, f_row.get(name))
                hits[name] += ok
                if not ok:
                    res.differences.append(f"{name} [{g.get('jabatan')}] {str(gi_row.get('indikator'))[:50]}: "
                                           f"gold={gv!r:.70} found={f_row.get(name)!r:.70}")
    res.indicators_f1 = f1(ind_matched, n_ind_gold, n_ind_found)
    res.fields = {k: hits[k] / totals[k] if totals[k] else float("nan") for k in TEXT_FIELDS + FORMULA_FIELDS}
    res.field_counts = {k: (hits[k], totals[k]) for k in TEXT_FIELDS + FORMULA_FIELDS}
    res.tugas = sum(tug) / len(tug) if tug else 0.0
    res.fungsi = sum(fun) / len(fun) if fun else 0.0
    docs = tables["documents"]
    drow = docs[docs["doc_id"] == doc_id].to_dict("records")
    drow = drow[0] if drow else {}
    region_ok = similarity(gold.get("region"), drow.get("region")) >= FIELD_MATCH
    agency_ok = similarity(gold.get("agency"), drow.get("agency")) >= 80
    year_share = years / len(pairs) if pairs else 0.0
    res.metadata = (year_share + region_ok + agency_ok) / 3
    if not region_ok:
        res.differences.append(f"region: gold={gold.get('region')!r} found={drow.get('region')!r}")
    if not agency_ok:
        res.differences.append(f"agency: gold={gold.get('agency')!r} found={drow.get('agency')!r}")
    return res


def pooled_fields(scores: list[DocScore]) -> dict[str, float]:
    """Per-field accuracy pooled over every compared indicator row of ``scores`` (not a mean of
    per-document ratios): field → right / compared, NaN when no row compared it."""
    out = {}
    for k in TEXT_FIELDS + FORMULA_FIELDS:
        right = sum(s.field_counts.get(k, (0, 0))[0] for s in scores)
        total = sum(s.field_counts.get(k, (0, 0))[1] for s in scores)
        out[k] = right / total if total else float("nan")
    return out


def load_tables(out: str | Path) -> dict[str, pd.DataFrame]:
    """The four tables of ``out``, all from one run (opened at once: a run that publishes meanwhile
    changes nothing); :class:`schema.writer.DamagedTable` for one that cannot be read."""
    from schema.writer import open_tables, read_table

    names = ("documents", "positions", "duties", "indicators")
    with open_tables(out, names) as snap:
        missing = [n for n in names if n not in snap.files]
        if missing:
            raise FileNotFoundError(f"{out}: {', '.join(m + '.parquet' for m in missing)} missing")
        return {n: read_table(snap, n) for n in names}


def evaluate_folder(out: str | Path, gold_files: list[str | Path]) -> list[DocScore]:
    """Score every gold file against the extracted document of the same name stem."""
    tables = load_tables(out)
    docs = tables["documents"]
    if "status" in docs:  # a second copy of a file has no rows of its own
        docs = docs[docs.status != "duplicate"]
    stems = docs["source_path"].map(lambda p: Path(str(p)).name.split(".")[0])
    scores = []
    for gf in gold_files:
        gold = json.loads(Path(gf).read_text(encoding="utf-8"))
        name = Path(gf).name[: -len(".json")]
        hits = docs[stems == name]
        if hits.empty:
            scores.append(DocScore(name, error="no extracted document with this name"))
            continue
        for _, d in hits.iterrows():
            scores.append(score_document(gold, d["doc_id"], tables, f"{name} ({Path(d['source_path']).name})"))
    return scores


def format_report(scores: list[DocScore], verbose: bool = False) -> str:
    lines = []
    for s in scores:
        if s.error:
            lines.append(f"{s.name:28} score 0.000  ({s.error})")
            continue
        fields = " ".join(f"{k}={v:.2f}" for k, v in s.fields.items() if not math.isnan(v))
        lines.append(f"{s.name:28} score {s.score:.3f}  positions {s.positions_f1:.3f}  indicators "
                     f"{s.indicators_f1:.3f}  tugas {s.tugas:.3f}  fungsi {s.fungsi:.3f}  meta {s.metadata:.2f}  {fields}")
        if verbose:
            lines += ["    " + d for d in s.differences]
    mean = sum(s.score for s in scores) / len(scores) if scores else 0.0
    lines.append(f"mean score {mean:.4f} over {len(scores)} document(s)")
    return "\n".join(lines)

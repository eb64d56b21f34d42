"""`iki diff` against known truth: year pairs made from the gold files, rendered in different layouts.

For every gold file (``samples/gold/*.json``) the benchmark makes pairs of years:

* **edited pairs** — the next year is the gold with recorded edits: positions renamed, added
  and removed, duties reworded, indicators reworded, their sasaran or penjelasan reworded,
  formulas (numerator, denominator, multiplier), data sources and targets changed, indicators
  split, merged, added and removed;
* **controls** — the same content in both years; only the layout changes.

Both years are rendered in DIFFERENT layouts (converter text in four table styles through
``samples/render_text.py``, Word through ``samples/make_docx.py``, PDF through
``samples/make_pdf.py``; with ``--layouts ...,producers`` also PDFs printed by Chromium and LibreOffice
through ``samples/make_producers.py``), extracted with iki, and diffed. The truth says, for every position and
indicator of either year, its status (``position_changes`` / ``indicator_changes`` values) and its
partner; an extracted position or indicator is tied to its gold row by order and text. A truth row
is right when the diff pairs the same rows and gives the same status. Printed: position and
indicator accuracy on the edited pairs, how many positions and indicators of the controls are
``unchanged``, and precision / recall per status.

``--perfect`` skips rendering and extraction (tables made from the gold as they are): it scores
the matching alone.

Usage:
    python benchmarks/bench_diff_truth.py [--pairs 2] [--controls 1] [--seed 1] [--layouts text,docx,pdf]
                                          [--perfect] [--work DIR] [-v]

Extractions are cached under ``--work`` (default ``/tmp/iki-bench-diff-truth``) by file content and
the extractor's source, so a second run only diffs. PDF needs reportlab (``pip install -e .[samples]``).
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import pickle
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

GOLD_DIR = ROOT / "samples" / "gold"
TEXT_STYLES = ("tab", "pipe", "html", "cells")
# PDFs printed by other producers (need chromium / LibreOffice): not in the default families
PRODUCER_LAYOUTS = ("html-grid", "html-plain", "lo-light", "rl-hrules")
POSITION_STATUSES = ("unchanged", "changed", "renamed", "added", "removed")
INDICATOR_STATUSES = ("unchanged", "reworded", "formula_changed", "source_changed", "target_changed",
                      "added", "removed", "split", "merged")

# --------------------------------------------------------------------------- edits

QUALIFIERS = ("tepat waktu", "sesuai standar pelayanan", "secara berkala", "yang terverifikasi",
              "di tingkat kelurahan", "melalui aplikasi", "yang ditindaklanjuti", "se-Kabupaten")
WORDS = ("terpadu", "prioritas", "rutin", "strategis", "mandiri", "lanjutan", "aktif")
SOURCES = ("Aplikasi SIKS-NG", "Data Terpadu Kesejahteraan Sosial (DTKS)", "Laporan Bulanan Bidang",
           "Sistem Informasi Kepegawaian", "Laporan Realisasi Anggaran", "Register Pelayanan")
RANK_SWAPS = (("Kepala Seksi", "Subkoordinator"), ("KepalaSeksi", "Subkoordinator"),
              ("Kepala Sub Bidang", "Subkoordinator"), ("Seksi", "Subkoordinator"))
UNIT_SWAPS = (("Tata Usaha", "Umum dan Kepegawaian"), ("Program dan Keuangan", "Perencanaan dan Pelaporan"),
              ("Fakir Miskin", "Kemiskinan"), ("fakir miskin", "kemiskinan"), ("Pemulihan", "Rehabilitasi"),
              ("Pengembangan", "Pengembangan Kapasitas"), ("Keuangan", "Keuangan dan Aset"),
              ("Kepegawaian", "Kepegawaian dan Umum"))
STOP = frozenset("yang dan di ke dari pada untuk dengan serta atau oleh dalam bagi".split())


def _words(s: str | None) -> list[str]:
    return re.findall(r"\w+", (s or "").lower())


def _similar(a: str | None, b: str | None) -> float:
    from rapidfuzz import fuzz
    return fuzz.token_sort_ratio(" ".join(_words(a)), " ".join(_words(b))) / 100


def reword(text: str, rng: random.Random) -> str:
    """A rewording a reader would call one: a qualifier added, a word inserted, or a content word dropped."""
    ws = text.split()
    kind = rng.choice(("append", "insert", "drop") if len(ws) >= 6 else ("append", "insert"))
    if kind == "append":
        q = rng.choice(QUALIFIERS)
        return f"{text.rstrip(' .')} {q}"
    if kind == "insert":
        k = rng.randrange(1, len(ws)) if len(ws) > 1 else 1
        return " ".join(ws[:k] + [rng.choice(WORDS)] + ws[k:])
    cands = [k for k in range(1, len(ws) - 1) if ws[k].lower() not in STOP and len(ws[k]) > 3]
    if not cands:
        return f"{text.rstrip(' .')} {rng.choice(QUALIFIERS)}"
    k = rng.choice(cands)
    return " ".join(ws[:k] + ws[k + 1:])


def _latex_ratio(num: str, den: str, mult, unit) -> str:
    # multipliers as the documents write them: 100, 1.000 (Indonesian thousands separator)
    tail = f" \\times {mult:,.0f}".replace(",", ".") if isinstance(mult, (int, float)) else ""
    pct = "\\%" if unit == "%" else ""
    return f"$\\frac{{\\text{{{num}}}}}{{\\text{{{den}}}}}{tail}{pct}$"


def _formula(ind: dict) -> dict | None:
    fs = ind.get("formulas") or []
    return fs[0] if len(fs) == 1 and not ind.get("ambiguous") else None


def edit_formula(ind: dict, rng: random.Random) -> bool:
    """Change the numerator, denominator or multiplier; formula_raw rewritten to match."""
    f = _formula(ind)
    if not f or f.get("type") not in ("ratio", "count") or not f.get("numerator"):
        return False
    f = dict(f)
    if f["type"] == "ratio" and f.get("denominator"):
        what = rng.choice(("numerator", "denominator", "multiplier") if f.get("multiplier") else
                          ("numerator", "denominator"))
        if what == "multiplier":
            f["multiplier"] = 1000 if f["multiplier"] == 100 else 100
            f["unit"] = None if f["multiplier"] == 1000 else "%"
        else:
            f[what] = reword(f[what], rng)
        ind["formula_raw"] = _latex_ratio(f["numerator"], f["denominator"], f.get("multiplier"), f.get("unit"))
    else:
        f["numerator"] = reword(f["numerator"], rng)
        ind["formula_raw"] = f"$f(x) = \\Sigma$ {f['numerator']}"
    ind["formulas"] = [f]
    return True


def edit_target(ind: dict, rng: random.Random) -> bool:
    t = ind.get("target")
    if not t or not re.search(r"\d", t):
        return False
    m = re.search(r"\d+(?:[.,]\d+)*", t)
    digits = m.group(0)
    n = int(re.sub(r"\D", "", digits) or 0)
    new = n + rng.choice((1, 2, 5, 10)) if n < 95 or "%" not in t else n - rng.choice((1, 2, 5))
    new_s = f"{new:,}".replace(",", ".") if "." in digits else str(new)
    ind["target"] = t[:m.start()] + new_s + t[m.end():]
    return ind["target"] != t


def edit_source(ind: dict, rng: random.Random) -> bool:
    old = ind.get("sumber_data")
    ind["sumber_data"] = rng.choice([s for s in SOURCES if s != old])
    return True


def rename(jabatan: str, rng: random.Random) -> str | None:
    for a, b in RANK_SWAPS:
        if jabatan.startswith(a) and rng.random() < 0.6:
            return b + jabatan[len(a):]
    for a, b in rng.sample(UNIT_SWAPS, len(UNIT_SWAPS)):
        if a in jabatan:
            return jabatan.replace(a, b, 1)
    ws = jabatan.rstrip(". ").split()
    if len(ws) >= 3:
        return " ".join(ws + ["dan", rng.choice(("Pelaporan", "Evaluasi", "Kerja Sama", "Informasi"))])
    return None


@dataclass
class Pair:
    """Two years of one agency and what truly changed between them."""
    name: str
    old: dict
    new: dict
    positions: list[dict] = field(default_factory=list)    # {old: i | None, new: j | None, status}
    indicators: list[dict] = field(default_factory=list)   # {old: (i, k) | None, new: (j, l) | None, status}
    edits: list[str] = field(default_factory=list)
    control: bool = False
    hints: list[dict] = field(default_factory=list)        # {kind: merged, old: i} | {kind: split, new: j}


def _year(gold: dict, year: int) -> dict:
    g = copy.deepcopy(gold)
    g["year"] = year
    for p in g["positions"]:
        p["year"] = year
    return g


def _donors(gold_name: str, golds: dict[str, dict]) -> tuple[list[dict], list[dict]]:
    """Positions and indicators of the other gold files (material for additions, splits and merges)."""
    pos, inds = [], []
    for name, g in sorted(golds.items()):
        if name == gold_name:
            continue
        for p in g["positions"]:
            if p.get("kind") == "IKI" and p.get("jabatan") and p.get("indicators"):
                pos.append(p)
            inds += [i for i in p.get("indicators") or [] if i.get("indikator") and _formula(i)]
    return pos, inds


def _lead_and_rest(indikator: str) -> tuple[str, str]:
    m = re.match(r"(?i)\s*(persentase|prosentase|jumlah|rasio|indeks|tingkat|%)\s+(.*)$", indikator)
    return (m.group(1), m.group(2)) if m else ("Jumlah", indikator)


def make_pair(name: str, gold: dict, golds: dict[str, dict], rng: random.Random, n_edits: int,
              years: tuple[int, int] = (2022, 2023)) -> Pair:
    """``gold`` as year 1 and an edited copy as year 2, with the truth of every change."""
    old = _year(gold, years[0])
    # ids that survive edits: old positions "P<i>", old indicators "P<i>.<k>"
    for i, p in enumerate(old["positions"]):
        p["_id"] = f"P{i}"
        for k, ind in enumerate(p.get("indicators") or []):
            ind["_id"] = f"P{i}.{k}"
    new_pos = copy.deepcopy(old["positions"])
    for q in new_pos:
        q["_o"], q["_renamed"], q["_duties"] = q["_id"], False, False
        q["year"] = years[1]
        for ind in q.get("indicators") or []:
            ind["_o"], ind["_st"] = [ind["_id"]], "unchanged"
    pos_donors, ind_donors = _donors(name, golds)
    edits: list[str] = []
    touched: set[str] = set()      # positions with an edit (one kind of edit per position)

    def free_positions(need_inds: int = 0, iki_only: bool = False) -> list[dict]:
        return [q for q in new_pos if q.get("_o") and q["_o"] not in touched
                and len(q.get("indicators") or []) >= need_inds and (q.get("jabatan") or not iki_only)]

    def old_of(q: dict) -> dict:
        return next(p for p in old["positions"] if p["_id"] == q["_o"])

    kinds = ["rename", "remove_position", "add_position", "duty", "reword", "sasaran", "penjelasan", "formula",
             "source", "target", "split", "merge", "add_indicator", "remove_indicator", "merge_positions",
             "split_position"]
    weights = [2, 1, 1, 2, 3, 1, 1, 3, 2, 2, 1, 1, 2, 2, 1, 1]
    hints: list[dict] = []
    attempts = 0
    while len(edits) < n_edits and attempts < 200:
        attempts += 1
        kind = rng.choices(kinds, weights)[0]
        if kind == "rename":
            cands = [q for q in free_positions(1, iki_only=True) if rename(q["jabatan"], random.Random(0))]
            if not cands:
                continue
            q = rng.choice(cands)
            new_title = rename(q["jabatan"], rng)
            if not new_title or any(_similar(new_title, p.get("jabatan")) > 0.97 for p in new_pos):
                continue
            edits.append(f"rename {q['jabatan']!r} → {new_title!r}")
            q["jabatan"], q["_renamed"] = new_title, True
            touched.add(q["_o"])
        elif kind == "remove_position":
            cands = free_positions()
            if len(cands) < 4:
                continue
            q = rng.choice(cands)
            # a position whose title another position shares would make the truth ambiguous
            if sum(_similar(q.get("jabatan"), p.get("jabatan")) > 0.9 for p in new_pos) > 1:
                continue
            new_pos.remove(q)
            touched.add(q["_o"])
            edits.append(f"remove position {q.get('jabatan')!r}")
        elif kind == "merge_positions":
            # a position is dropped and another takes over some of its duties and indicators
            cands = [q for q in free_positions(1, iki_only=True) if q.get("tugas")]
            if len(cands) < 4:
                continue
            q1, q2 = rng.sample(cands, 2)
            if _similar(q1["jabatan"], q2["jabatan"]) > 0.8 or any(
                    _similar(q2["jabatan"], p.get("jabatan")) > 0.9 for p in new_pos if p is not q2):
                continue
            moved_duties = q2["tugas"][:2] if len(q2["tugas"]) > 1 else q2["tugas"] + q2.get("fungsi", [])[:1]
            q1["tugas"] = list(q1["tugas"]) + [reword(x, rng) if rng.random() < 0.3 else x for x in moved_duties]
            q1["_duties"] = True
            for ind in rng.sample(q2["indicators"], min(2, len(q2["indicators"]))):
                if all(_similar(ind["indikator"], i["indikator"]) < 0.6 for i in q1["indicators"]):
                    q1["indicators"].append({**copy.deepcopy(ind), "_o": [], "_st": "added"})
            new_pos.remove(q2)
            touched.update({q1["_o"], q2["_o"]})
            hints.append({"kind": "merged", "old_id": q2["_o"]})
            edits.append(f"merge position {q2['jabatan']!r} into {q1['jabatan']!r}")
        elif kind == "split_position":
            # part of a position's duties and indicators go to a new position
            cands = [q for q in free_positions(2, iki_only=True) if len(q.get("tugas") or []) >= 2]
            dc = [d for d in pos_donors
                  if all(_similar(d["jabatan"], p.get("jabatan")) < 0.6 for p in old["positions"] + new_pos)]
            if not cands or not dc:
                continue
            q = rng.choice(cands)
            d = copy.deepcopy(rng.choice(dc))
            half_t, half_i = len(q["tugas"]) // 2, len(q["indicators"]) // 2
            d["tugas"], q["tugas"] = q["tugas"][half_t:], q["tugas"][:half_t]
            d["fungsi"], d["butir_kegiatan"], d["hasil_kerja"] = [], [], []
            d["indicators"] = [{**{k: v for k, v in i.items() if not k.startswith("_")}, "_o": [], "_st": "added"}
                               for i in q["indicators"][half_i:]]
            q["indicators"] = q["indicators"][:half_i]
            d["year"], d["_o"], d["_renamed"], d["_duties"], d["_split_from"] = years[1], None, False, False, q["_o"]
            q["_duties"] = True
            new_pos.insert(new_pos.index(q) + 1, d)
            touched.add(q["_o"])
            hints.append({"kind": "split", "new": d})
            edits.append(f"split position {q['jabatan']!r}: part goes to {d['jabatan']!r}")
        elif kind == "add_position":
            cands = [d for d in pos_donors
                     if all(_similar(d["jabatan"], p.get("jabatan")) < 0.6 for p in old["positions"] + new_pos)]
            if not cands:
                continue
            d = copy.deepcopy(rng.choice(cands))
            d["year"] = years[1]
            d["_o"], d["_renamed"], d["_duties"] = None, False, False
            for ind in d["indicators"]:
                ind["_o"], ind["_st"] = [], "added"
            new_pos.insert(rng.randrange(len(new_pos) + 1), d)
            edits.append(f"add position {d['jabatan']!r}")
        elif kind == "duty":
            cands = [q for q in free_positions() if q.get("tugas") or q.get("fungsi")]
            if not cands:
                continue
            q = rng.choice(cands)
            sec = rng.choice([s for s in ("tugas", "fungsi") if q.get(s)])
            k = rng.randrange(len(q[sec]))
            q[sec] = list(q[sec])
            if rng.random() < 0.3:
                q[sec].insert(k + 1, f"Melaksanakan {rng.choice(('monitoring', 'evaluasi', 'pembinaan'))} "
                                     f"{rng.choice(('program', 'kegiatan', 'layanan'))} {rng.choice(WORDS)}")
            else:
                q[sec][k] = reword(q[sec][k], rng)
            q["_duties"] = True
            touched.add(q["_o"])
            edits.append(f"{sec} edit in {q.get('jabatan')!r}")
        elif kind in ("reword", "penjelasan", "formula", "source", "target", "remove_indicator", "add_indicator"):
            cands = free_positions(2 if kind == "remove_indicator" else 1)
            if not cands:
                continue
            q = rng.choice(cands)
            inds = q["indicators"]
            if kind == "add_indicator":
                dc = [d for d in ind_donors if all(_similar(d["indikator"], i["indikator"]) < 0.55 for i in inds)]
                if not dc:
                    continue
                d = copy.deepcopy(rng.choice(dc))
                d["_o"], d["_st"] = [], "added"
                at = rng.randrange(len(inds) + 1)
                if 0 < at < len(inds):
                    d["sasaran"] = inds[at - 1].get("sasaran")
                inds.insert(at, d)
                touched.add(q["_o"])
                edits.append(f"add indicator {d['indikator'][:50]!r} to {q.get('jabatan')!r}")
                continue
            k = rng.randrange(len(inds))
            ind = inds[k]
            if ind["_st"] != "unchanged":
                continue
            if kind == "remove_indicator":
                # an indicator whose name another row of the position repeats would make the truth ambiguous
                if sum(_similar(ind["indikator"], i["indikator"]) > 0.9 for i in inds) > 1:
                    continue
                inds.pop(k)
                ok, st = True, None
            elif kind == "reword":
                ind["indikator"] = reword(ind["indikator"], rng)
                ok, st = True, "reworded"
            elif kind == "penjelasan":
                ok, st = bool(ind.get("penjelasan")), "reworded"
                if ok:
                    ind["penjelasan"] = reword(ind["penjelasan"], rng)
            elif kind == "formula":
                ok, st = edit_formula(ind, rng), "formula_changed"
            elif kind == "source":
                ok, st = edit_source(ind, rng), "source_changed"
            else:
                ok, st = edit_target(ind, rng), "target_changed"
            if not ok:
                continue
            if st:
                ind["_st"] = st
            touched.add(q["_o"])
            edits.append(f"{kind} {ind['indikator'][:50]!r} in {q.get('jabatan')!r}")
        elif kind == "sasaran":
            cands = [q for q in free_positions(1) if any(i.get("sasaran") for i in q["indicators"])]
            if not cands:
                continue
            q = rng.choice(cands)
            values = sorted({i["sasaran"] for i in q["indicators"] if i.get("sasaran")})
            s = rng.choice(values)
            # every position of the year that states this sasaran gets the edit (an agency edits it once)
            s2 = reword(s, rng)
            hit = [q2 for q2 in new_pos if any(i.get("sasaran") == s for i in q2.get("indicators") or [])]
            if any(q2.get("_o") in touched or not q2.get("_o") for q2 in hit):
                continue
            for q2 in hit:
                for ind in q2["indicators"]:
                    if ind.get("sasaran") == s:
                        ind["sasaran"], ind["_st"] = s2, "reworded"
                touched.add(q2["_o"])
            edits.append(f"sasaran {s[:50]!r} reworded in {len(hit)} position(s)")
        elif kind in ("split", "merge"):
            cands = free_positions(1)
            if not cands:
                continue
            q = rng.choice(cands)
            inds = q["indicators"]
            k = rng.randrange(len(inds))
            ind = inds[k]
            if not _formula(ind):
                continue
            dc = [d for d in ind_donors if all(_similar(d["indikator"], i["indikator"]) < 0.5 for i in inds)]
            if not dc:
                continue
            d = copy.deepcopy(rng.choice(dc))
            lead, rest = _lead_and_rest(ind["indikator"])
            _, drest = _lead_and_rest(d["indikator"])
            combined = f"{lead} {rest.rstrip(' .')} dan {drest}"
            piece = {**d, "indikator": f"{lead} {drest}", "sasaran": ind.get("sasaran"),
                     "sumber_data": ind.get("sumber_data"), "target": ind.get("target")}
            op = old_of(q)
            ok_ = next(x for x in op["indicators"] if x["_id"] == ind["_id"])
            if kind == "split":
                # the old year had one combined indicator, the new one two pieces
                ok_["indikator"] = combined
                ind["_st"] = "split"
                piece.update(_o=[ind["_id"]], _st="split")
                inds.insert(k + 1, piece)
            else:
                # the old year had two indicators, the new one their union
                extra_id = f"{ind['_id']}m"
                op["indicators"].insert(op["indicators"].index(ok_) + 1,
                                        {**{x: y for x, y in piece.items() if not x.startswith("_")},
                                         "_id": extra_id})
                ind["indikator"] = combined
                ind["_o"], ind["_st"] = [ind["_id"], extra_id], "merged"
            touched.add(q["_o"])
            edits.append(f"{kind} {combined[:60]!r} in {q.get('jabatan')!r}")
    new = {k: v for k, v in old.items() if k != "positions"}
    new = copy.deepcopy(new)
    new["year"] = years[1]
    new["positions"] = new_pos
    oi = {p["_id"]: i for i, p in enumerate(old["positions"])}
    truth_hints = [{"kind": "merged", "old": oi[h["old_id"]]} if h["kind"] == "merged" else
                   {"kind": "split", "new": next(j for j, q in enumerate(new_pos) if q is h["new"])} for h in hints]
    return _truth(Pair(name=name, old=old, new=new, edits=edits, hints=truth_hints))


def _truth(pair: Pair) -> Pair:
    """Truth rows from the ids the edits kept; private keys removed, seq renumbered."""
    oi = {p["_id"]: i for i, p in enumerate(pair.old["positions"])}
    ind_at = {ind["_id"]: (i, k) for i, p in enumerate(pair.old["positions"])
              for k, ind in enumerate(p.get("indicators") or [])}
    seen_pos, seen_ind = set(), set()
    for j, q in enumerate(pair.new["positions"]):
        i = oi.get(q["_o"]) if q.get("_o") else None
        statuses = []
        for l, ind in enumerate(q.get("indicators") or []):
            if i is None:
                pair.indicators.append({"old": None, "new": (j, l), "status": "added"})
                continue
            if not ind["_o"]:
                statuses.append("added")
                pair.indicators.append({"old": None, "new": (j, l), "status": "added"})
            for oid in ind["_o"]:
                seen_ind.add(oid)
                statuses.append(ind["_st"])
                pair.indicators.append({"old": ind_at[oid], "new": (j, l), "status": ind["_st"]})
        if i is None:
            pair.positions.append({"old": None, "new": j, "status": "added"})
            continue
        seen_pos.add(q["_o"])
        old_ids = [x["_id"] for x in pair.old["positions"][i].get("indicators") or []]
        removed = [x for x in old_ids if x not in {o for ind in q.get("indicators") or [] for o in ind["_o"]}]
        for oid in removed:
            seen_ind.add(oid)
            pair.indicators.append({"old": ind_at[oid], "new": None, "status": "removed"})
        if q["_renamed"]:
            st = "renamed"
        elif q["_duties"] or removed or any(s != "unchanged" for s in statuses):
            st = "changed"
        else:
            st = "unchanged"
        pair.positions.append({"old": i, "new": j, "status": st})
    for i, p in enumerate(pair.old["positions"]):
        if p["_id"] not in seen_pos:
            pair.positions.append({"old": i, "new": None, "status": "removed"})
            for k, _ in enumerate(p.get("indicators") or []):
                pair.indicators.append({"old": (i, k), "new": None, "status": "removed"})
    for g in (pair.old, pair.new):
        for s, p in enumerate(g["positions"], 1):
            p["seq"] = s
            for k in [k for k in p if k.startswith("_")]:
                del p[k]
            for t, ind in enumerate(p.get("indicators") or [], 1):
                ind["seq"] = t
                for k in [k for k in ind if k.startswith("_")]:
                    del ind[k]
    pair.control = not pair.edits
    return pair


def make_control(name: str, gold: dict, years: tuple[int, int] = (2022, 2023)) -> Pair:
    pair = make_pair(name, gold, {}, random.Random(0), 0, years)
    pair.control = True
    return pair


# --------------------------------------------------------------------------- rendering and extraction

def render(gold: dict, layout: str, path_stem: Path, seed: str) -> Path:
    """Write ``gold`` in ``layout`` (``text-<style>``, ``docx``, ``pdf``); returns the file."""
    rng = random.Random(seed)
    if layout.startswith("text-"):
        from render_text import render as render_text
        text, suffix = render_text(gold, rng, layout.split("-", 1)[1])
        path = path_stem.with_suffix(suffix)
        path.write_text(text, encoding="utf-8")
        return path
    if layout == "docx":
        from make_docx import render_docx
        path = path_stem.with_suffix(".docx")
        render_docx(gold, path, rng)
        return path
    if layout == "pdf":
        from make_pdf import render_pdf
        path = path_stem.with_suffix(".pdf")
        render_pdf(gold, path, 0, seed)
        return path
    if layout in PRODUCER_LAYOUTS:      # other producers (samples/make_producers.py): chromium, LibreOffice
        import make_producers as mp
        kind = layout.replace("-", "_")
        path = path_stem.with_suffix(".pdf")
        {"html": mp.render_html, "lo": mp.render_lo, "rl": mp.render_rl}[kind.split("_")[0]](gold, kind, path, 0)
        return path
    raise ValueError(f"unknown layout {layout!r}")


def _extractor_fingerprint() -> str:
    h = hashlib.sha256()
    for package in ("extractors", "normalize", "schema"):
        for f in sorted((ROOT / package).rglob("*.py")):
            h.update(f.read_bytes())
    h.update((ROOT / "iki" / "pipeline.py").read_bytes())
    return h.hexdigest()[:16]


def extract(path: Path, cache: Path) -> object:
    """iki's rows for one file (``iki.pipeline.process_file``), cached by content and extractor source."""
    from iki.pipeline import process_file
    key = hashlib.sha256(path.read_bytes() + _extractor_fingerprint().encode()).hexdigest()[:24]
    hit = cache / f"{key}.pkl"
    if hit.exists():
        return pickle.loads(hit.read_bytes())
    res = process_file(path)
    cache.mkdir(parents=True, exist_ok=True)
    hit.write_bytes(pickle.dumps(res))
    return res


def _frames(rows: dict[str, list[dict]]) -> dict:
    from schema.tables import to_arrow
    return {n: to_arrow(n, r).to_pandas() for n, r in rows.items()}


def side_from_extraction(res, year: int):
    from iki.diff import select_side
    doc = dict(res.document)
    positions = [dict(p, year=year) for p in res.positions]   # the rendered year, whatever iki read
    rows = {"documents": [doc], "positions": positions, "duties": res.duties, "indicators": res.indicators}
    return select_side(_frames(rows), year=year, source=doc["file_name"])


def side_from_gold(gold: dict, doc_id: str):
    """Tables as a perfect extraction of ``gold`` would write them."""
    from iki.diff import select_side
    from normalize.jabatan import jabatan_key
    from normalize.units import parse_quantity
    docs = [{"doc_id": doc_id, "source_path": doc_id, "file_name": doc_id, "sha256": doc_id, "format": "text",
             "region": gold.get("region"), "agency": gold.get("agency"), "year": gold.get("year"),
             "status": "ok", "warnings": []}]
    pos, duties, inds = [], [], []
    for p in gold["positions"]:
        pid = f"{doc_id}-p{p['seq']:03d}"
        pos.append({"doc_id": doc_id, "position_id": pid, "seq": p["seq"], "kind": p.get("kind") or "IKI",
                    "jabatan": p.get("jabatan"), "jabatan_key": jabatan_key(p.get("jabatan")),
                    "instansi": p.get("instansi"), "program": p.get("program"), "year": p.get("year"),
                    "warnings": []})
        for sec in ("tugas", "fungsi", "butir_kegiatan", "hasil_kerja"):
            for s, text in enumerate(p.get(sec) or [], 1):
                duties.append({"doc_id": doc_id, "position_id": pid, "section": sec, "seq": s, "text": text,
                               "level": 0, "sub_items": []})
        for ind in p.get("indicators") or []:
            f = (ind.get("formulas") or [{}])[0] if ind.get("formulas") else {}
            q = parse_quantity(ind.get("target"))
            inds.append({"doc_id": doc_id, "position_id": pid, "indicator_id": f"{pid}-i{ind['seq']:03d}",
                         "seq": ind["seq"], "sasaran": ind.get("sasaran"), "indikator": ind.get("indikator"),
                         "penjelasan": ind.get("penjelasan"), "formula_raw": ind.get("formula_raw"),
                         "formula_type": f.get("type") or "none", "numerator": f.get("numerator"),
                         "denominator": f.get("denominator"),
                         "multiplier": float(f["multiplier"]) if f.get("multiplier") is not None else None,
                         "unit": f.get("unit"), "sumber_data": ind.get("sumber_data"),
                         "penanggung_jawab": ind.get("penanggung_jawab"), "satuan": ind.get("satuan"),
                         "target_raw": ind.get("target"), "target_value": q.value, "target_unit": q.unit,
                         "warnings": []})
    return select_side(_frames({"documents": docs, "positions": pos, "duties": duties, "indicators": inds}),
                       year=gold["year"], source=doc_id)


# --------------------------------------------------------------------------- tying extraction to gold

def _align(gold_texts: list[str], got_texts: list[str]) -> dict[int, int]:
    """gold index → extracted index: by order when the counts agree, else by text in order."""
    import difflib
    if len(gold_texts) == len(got_texts):
        return {i: i for i in range(len(gold_texts))}
    a = [" ".join(_words(x)) for x in gold_texts]
    b = [" ".join(_words(x)) for x in got_texts]
    out = {}
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            out.update({i1 + d: j1 + d for d in range(i2 - i1)})
    return out


def tie(gold: dict, side) -> tuple[dict[int, str], dict[tuple[int, int], str]]:
    """Gold position index → position_id, (position, indicator) index → indicator_id."""
    pos = side.positions.sort_values("seq")
    pids = list(pos.position_id)
    pmap = _align([p.get("jabatan") or "IKU" for p in gold["positions"]],
                  [j if isinstance(j, str) else "IKU" for j in pos.jabatan])
    out_p = {i: pids[j] for i, j in pmap.items()}
    out_i = {}
    by_pos = {pid: g.sort_values("seq") for pid, g in side.indicators.groupby("position_id")}
    for i, pid in out_p.items():
        got = by_pos.get(pid)
        gi = gold["positions"][i].get("indicators") or []
        if got is None or not gi:
            continue
        imap = _align([x.get("indikator") or "" for x in gi], [x if isinstance(x, str) else "" for x in got.indikator])
        ids = list(got.indicator_id)
        out_i.update({(i, k): ids[l] for k, l in imap.items()})
    return out_p, out_i


# --------------------------------------------------------------------------- scoring

@dataclass
class Score:
    pos_right: int = 0
    pos_total: int = 0
    ind_right: int = 0
    ind_total: int = 0
    truth: Counter = field(default_factory=Counter)       # (level, status) → truth rows
    predicted: Counter = field(default_factory=Counter)   # (level, status) → diff rows
    hit: Counter = field(default_factory=Counter)         # (level, status) → right rows
    errors: list[str] = field(default_factory=list)
    hints: Counter = field(default_factory=Counter)       # true / given / right merger-split notes

    def add(self, other: "Score") -> None:
        for k in ("pos_right", "pos_total", "ind_right", "ind_total"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.truth.update(other.truth)
        self.predicted.update(other.predicted)
        self.hit.update(other.hit)
        self.errors += other.errors
        self.hints.update(other.hints)


def _short(v, n: int = 70) -> str:
    v = repr(v)
    return v if len(v) <= n else v[:n - 10] + "…" + v[-9:]


def score(pair: Pair, res, old_ids, new_ids) -> Score:
    """Compare the diff's rows with the truth of ``pair``."""
    s = Score()
    (op, oi), (np_, ni) = old_ids, new_ids
    by_old = {r["old_position_id"]: r for r in res.position_rows if r["old_position_id"]}
    by_new = {r["new_position_id"]: r for r in res.position_rows if r["new_position_id"]}
    for r in res.position_rows:
        s.predicted["position", r["status"]] += 1
    for t in pair.positions:
        s.pos_total += 1
        s.truth["position", t["status"]] += 1
        want_o = op.get(t["old"]) if t["old"] is not None else None
        want_n = np_.get(t["new"]) if t["new"] is not None else None
        got = by_old.get(want_o) if want_o else by_new.get(want_n)
        ok = (got is not None and got["old_position_id"] == want_o and got["new_position_id"] == want_n
              and got["status"] == t["status"] and (t["old"] is None or want_o) and (t["new"] is None or want_n))
        if ok:
            s.pos_right += 1
            s.hit["position", t["status"]] += 1
        else:
            title = (pair.old["positions"][t["old"]] if t["old"] is not None else
                     pair.new["positions"][t["new"]]).get("jabatan")
            fields = [f"{r['field']}: {_short(r['old'])} → {_short(r['new'])}"
                      for r in getattr(res, "field_rows", []) if got and r["level"] != "indicator" and r["old_position_id"] == got["old_position_id"]
                      and r["new_position_id"] == got["new_position_id"]]
            s.errors.append(f"{pair.name}: position {title!r}: want {t['status']}, got "
                            + (f"{got['status']} ({_short(got['old_jabatan'], 40)} → {_short(got['new_jabatan'], 40)}"
                               f" {got['changed_fields']} {'; '.join(fields)})" if got else "no row (not extracted)"))
    want = {("old", op.get(h["old"])) if h["kind"] == "merged" else ("new", np_.get(h["new"])) for h in pair.hints}
    s.hints["true"] += len(want)
    for r in res.position_rows:
        note = r.get("note") or ""
        if note.startswith("possibly merged into") or note.startswith("possibly split from"):
            s.hints["given"] += 1
            key = ("old", r["old_position_id"]) if note.startswith("possibly merged") else ("new", r["new_position_id"])
            if key in want:
                s.hints["right"] += 1
            else:
                s.errors.append(f"{pair.name}: false hint on {r['old_jabatan'] or r['new_jabatan']!r}: {note}")
    s.hints["other notes"] += sum(1 for r in res.position_rows if r.get("note") and "possibly" in r["note"]
                                  and r["status"] not in ("added", "removed"))
    rows = defaultdict(list)
    for r in res.indicator_rows:
        s.predicted["indicator", r["status"]] += 1
        rows[r["old_indicator_id"], r["new_indicator_id"]].append(r)
    by_old_i = {r["old_indicator_id"]: r for r in res.indicator_rows if r["old_indicator_id"]}
    by_new_i = {r["new_indicator_id"]: r for r in res.indicator_rows if r["new_indicator_id"]}
    for t in pair.indicators:
        s.ind_total += 1
        s.truth["indicator", t["status"]] += 1
        want_o = oi.get(t["old"]) if t["old"] is not None else None
        want_n = ni.get(t["new"]) if t["new"] is not None else None
        got = rows.get((want_o, want_n), [None])[0] if (want_o or want_n) else None
        ok = (got is not None and got["status"] == t["status"] and (t["old"] is None or want_o)
              and (t["new"] is None or want_n))
        if ok:
            s.ind_right += 1
            s.hit["indicator", t["status"]] += 1
        else:
            ind = (pair.new["positions"][t["new"][0]]["indicators"][t["new"][1]] if t["new"] is not None else
                   pair.old["positions"][t["old"][0]]["indicators"][t["old"][1]])
            if got is None:
                alt = by_old_i.get(want_o) or by_new_i.get(want_n)
                what = (f"{alt['status']} paired {alt['old_indikator']!r} → {alt['new_indikator']!r}" if alt
                        else "no row (not extracted)")
            else:
                what = f"{got['status']} " + "; ".join(
                    f"{f}: {_short(a)} → {_short(b)}"
                    for f, a, b in zip(got["changed_fields"], got["old_values"], got["new_values"]))
            s.errors.append(f"{pair.name}: indicator {ind.get('indikator', '')[:60]!r}: want {t['status']}, "
                            f"got {what}")
    return s


# --------------------------------------------------------------------------- main

def _layout_pairs(layouts: list[str], rng: random.Random) -> tuple[str, str]:
    a = rng.choice(layouts)
    b = rng.choice([x for x in layouts if x != a] or layouts)
    return a, b


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=2, help="edited pairs per gold file")
    ap.add_argument("--controls", type=int, default=1, help="no-edit pairs per gold file")
    ap.add_argument("--edits", type=int, default=8, help="edits per edited pair")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gold", nargs="*", type=Path, default=sorted(GOLD_DIR.glob("*.json")))
    ap.add_argument("--layouts", default="text,docx,pdf",
                    help="families to render in: text (four table styles), docx, pdf (reportlab), producers "
                         "(Chromium-printed HTML, LibreOffice-exported Word, reportlab with horizontal rules)")
    ap.add_argument("--perfect", action="store_true", help="no rendering: tables straight from the gold")
    ap.add_argument("--work", type=Path, default=Path("/tmp/iki-bench-diff-truth"))
    ap.add_argument("-v", "--verbose", action="store_true", help="list every wrong row")
    a = ap.parse_args(argv)
    from iki.diff import diff

    fams = [x.strip() for x in a.layouts.split(",") if x.strip()]
    layouts = [f"text-{s}" for s in TEXT_STYLES if "text" in fams] + [x for x in ("docx", "pdf") if x in fams]
    layouts += list(PRODUCER_LAYOUTS) if "producers" in fams else []
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in a.gold}
    allg = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD_DIR.glob("*.json"))}
    a.work.mkdir(parents=True, exist_ok=True)
    edited, control = Score(), Score()
    started = time.perf_counter()
    diff_time = 0.0
    for name, gold in golds.items():
        for k in range(a.pairs + a.controls):
            rng = random.Random(f"{a.seed}:{name}:{k}")
            is_control = k >= a.pairs
            pair = (make_control(f"{name}/control{k - a.pairs + 1}", gold) if is_control else
                    make_pair(f"{name}/pair{k + 1}", gold, allg, rng, a.edits))
            if a.perfect:
                old = side_from_gold(pair.old, "old")
                new = side_from_gold(pair.new, "new")
                lay = ("gold", "gold")
            else:
                lay = _layout_pairs(layouts, rng)
                stem = a.work / f"{name}_{k}"
                files = [render(g, layout, stem.with_name(stem.name + f"_{y}"), f"{a.seed}:{name}:{k}:{y}")
                         for g, layout, y in ((pair.old, lay[0], "old"), (pair.new, lay[1], "new"))]
                res = [extract(f, a.work / "cache") for f in files]
                for f, r in zip(files, res):
                    if r.document["status"] != "ok":
                        print(f"  {f.name}: {r.document['status']} {r.document.get('error')}", file=sys.stderr)
                old = side_from_extraction(res[0], pair.old["year"])
                new = side_from_extraction(res[1], pair.new["year"])
            t0 = time.perf_counter()
            result = diff(old, new)
            diff_time += time.perf_counter() - t0
            sc = score(pair, result, tie(pair.old, old), tie(pair.new, new))
            (control if is_control else edited).add(sc)
            print(f"{pair.name:<16} {lay[0]:>10} → {lay[1]:<10} positions {sc.pos_right}/{sc.pos_total}  "
                  f"indicators {sc.ind_right}/{sc.ind_total}  edits {len(pair.edits)}", flush=True)
            if a.verbose:
                for e in pair.edits:
                    print(f"    edit: {e}")
                for e in sc.errors:
                    print(f"    WRONG {e}")
    print()
    print(f"{'perfect tables' if a.perfect else 'rendered, extracted'}; {len(golds)} gold file(s), "
          f"{a.pairs} edited + {a.controls} control pair(s) each, seed {a.seed}; "
          f"{time.perf_counter() - started:.0f} s in all, diff {diff_time:.1f} s")
    if edited.pos_total:
        print(f"edited pairs:  position accuracy {edited.pos_right / edited.pos_total:.3f} "
              f"({edited.pos_right}/{edited.pos_total})   indicator accuracy "
              f"{edited.ind_right / edited.ind_total:.3f} ({edited.ind_right}/{edited.ind_total})")
    if control.pos_total:
        pu = control.predicted["position", "unchanged"]
        iu = control.predicted["indicator", "unchanged"]
        print(f"controls:      positions unchanged {pu}/{control.pos_total}   "
              f"indicators unchanged {iu}/{control.ind_total}")
    h = edited.hints + control.hints
    print(f"merger / split notes: {h['right']} right of {h['given']} given, {h['true']} true "
          f"(precision {h['right'] / h['given'] if h['given'] else 1:.3f}, recall "
          f"{h['right'] / h['true'] if h['true'] else 1:.3f}); controls: {control.hints['given']} given; "
          f"'possibly' on matched positions: {edited.hints['other notes']} in edited pairs, "
          f"{control.hints['other notes']} in controls")
    if edited.pos_total:
        print("\nper status on the edited pairs (precision = right / reported, recall = right / true):")
        print(f"  {'level':<10}{'status':<17}{'true':>6}{'reported':>10}{'right':>7}{'precision':>11}{'recall':>8}")
        for level, statuses in (("position", POSITION_STATUSES), ("indicator", INDICATOR_STATUSES)):
            for st in statuses:
                tr, pr, h = edited.truth[level, st], edited.predicted[level, st], edited.hit[level, st]
                if not tr and not pr:
                    continue
                prec = f"{h / pr:.3f}" if pr else "—"
                rec = f"{h / tr:.3f}" if tr else "—"
                print(f"  {level:<10}{st:<17}{tr:>6}{pr:>10}{h:>7}{prec:>11}{rec:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

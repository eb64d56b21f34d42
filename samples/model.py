"""The document model every sample writer shares: a gold file (docs/GOLD_FORMAT.md) read as the
positions, duties and indicator rows a document holds, and what every writer asks of it.

* the formula of an indicator row as something to draw (:func:`formula_spec`: a ratio, a count or
  text), and new layouts for its cell (:func:`plan_formula_layouts`);
* the rows of an indicator table (:func:`sasaran_groups`, :func:`has`), list items with their
  sub-items (:func:`sub_items`);
* the gold beside a written file (:func:`gold_copy`, :func:`cut`, :func:`dump`) and the check that a
  written file holds every gold value (:func:`missing`);
* byte-stable ZIP packages (:func:`save_zip`), and the outside programs some writers print through
  (:func:`soffice`, :func:`chromium_pdf`).

Nothing is imported from the project: the writers are independent of the extractor. A writer imports
it with the samples folder on ``sys.path`` (a script run as ``python samples/x.py`` has it there).
"""
from __future__ import annotations

import io
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Callable

# "$f(x) = \Sigma$ ...", "f(x) = Σ ...", "\sum ..." at the start of a count formula_raw
COUNT_RE = re.compile(r"^\s*\$?\s*(?P<fx>[fF]\s*\(\s*x\s*\)\s*[=:]\s*)?(?P<sig>\\Sigma|\\sum|Σ|∑)\s*\$?\s*")


def pick(rng: random.Random, options):
    """Weighted choice from ``[(weight, value), ...]`` (one ``rng.random()`` draw)."""
    total = sum(w for w, _ in options)
    r = rng.random() * total
    for w, v in options:
        r -= w
        if r < 0:
            return v
    return options[-1][1]


def fold(s: str | None) -> str:
    """Every run of whitespace → one space, ends trimmed; ``None`` → ``""``."""
    return re.sub(r"\s+", " ", s or "").strip()


def balanced(s: str, i: int) -> tuple[str, int] | None:
    """``s[i] == '{'`` → (the group's content, index after its closing brace); None otherwise."""
    if i >= len(s) or s[i] != "{":
        return None
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "{":
            depth += 1
        elif s[j] == "}":
            depth -= 1
            if depth == 0:
                return s[i + 1:j], j + 1
    return None


def latex_words(s: str) -> tuple[str, bool]:
    """``'\\sum \\text{A b}'`` → ``('A b', True)``: the words, and whether a Σ was written."""
    sig = bool(re.search(r"\\sum|\\Sigma|Σ|∑", s))
    s = re.sub(r"\\sum|\\Sigma|Σ|∑", " ", s)
    s = re.sub(r"\\text\{([^{}]*)\}", r"\1", s)
    return fold(s), sig


def parse_frac(raw: str) -> dict | None:
    """A LaTeX ``'\\frac{..}{..} \\times 100\\%'`` formula_raw → a ratio spec as the raw text reads."""
    k = raw.find("\\frac")
    if k < 0:
        return None
    g1 = balanced(raw, k + 5)
    g2 = balanced(raw, g1[1]) if g1 else None
    if not g2:
        return None
    num, s1 = latex_words(g1[0])
    den, s2 = latex_words(g2[0])
    rest = raw[g2[1]:]
    m = re.search(r"\\times\s*(\d+)\s*(\\?%)?", rest)
    return {"kind": "ratio", "num": num, "den": den, "mult": int(m.group(1)) if m else None,
            "pct": bool(m and m.group(2)) or "%" in rest,
            "fx": bool(re.search(r"[fF]\s*\(\s*x\s*\)", raw[:k])), "sigma": s1 or s2}


def plain(raw: str) -> str:
    """A formula_raw that is no fraction / count as readable text (LaTeX markup removed)."""
    s = re.sub(r"\\text\{([^{}]*)\}", r"\1", raw)
    s = s.replace("\\times", "x").replace("\\%", "%").replace("$", "")
    s = re.sub(r"\\(sum|Sigma)\b", "Σ", s)
    return fold(s)


def formula_spec(ind: dict, text: Callable[[str], str] = fold) -> dict | None:
    """How a gold indicator's formula can be drawn; None when the row has no formula.

    Returns one of
    ``{"kind": "ratio", "num", "den", "mult", "pct", "fx", "sigma"}`` (numerator and denominator
    verbatim from the gold), ``{"kind": "count", "core", "fx"}`` (what ``f(x) = Σ`` counts) or
    ``{"kind": "text", "text"}`` (written as is; ``text`` renders formula_raw: :func:`fold` keeps
    LaTeX, :func:`plain` removes it). An ambiguous row draws the source's own rendering.
    """
    raw = ind.get("formula_raw")
    fs = ind.get("formulas") or []
    if raw is None:
        return None
    if ind.get("ambiguous"):
        return parse_frac(raw) or {"kind": "text", "text": text(raw)}
    if len(fs) != 1:
        return {"kind": "text", "text": text(raw)}
    f = fs[0]
    if f.get("type") == "ratio" and f.get("numerator") and f.get("denominator"):
        parsed = parse_frac(raw) or {}
        return {"kind": "ratio", "num": f["numerator"], "den": f["denominator"],
                "mult": f.get("multiplier"), "pct": "%" in raw,
                "fx": parsed.get("fx", False), "sigma": parsed.get("sigma", False)}
    if f.get("type") == "count" and f.get("numerator") and (c := count_core(raw)) and c[0] == f["numerator"]:
        return {"kind": "count", "core": c[0], "fx": c[1]}
    return {"kind": "text", "text": text(raw)}


def count_core(raw: str) -> tuple[str, bool] | None:
    """What a count formula_raw counts and whether it says f(x) ("$f(x) = \\Sigma$ A" -> ("A", True))."""
    m = COUNT_RE.match(raw)
    if not m:
        return None
    core = raw[m.end():].strip()
    m2 = re.fullmatch(r"\\text\{(.*)\}\s*\$?", core)
    return (m2.group(1) if m2 else core).rstrip("$").strip(), bool(m.group("fx"))


# --------------------------------------------------------------------------
# formula layouts: how one indicator's PENJELASAN / FORMULASI cell is laid out
#
# plan_formula_layouts() decides, per indicator row, a cell layout the seeds never use (formula after
# or between explanations with no label, inline ratios wrapped by hand, stacked fractions with the
# bar as a rule / paragraph border / underscores / dashes, "x 100%" on its own line below, formulas in
# words in the phrasings agencies use, key-values such as "Tipe Perhitungan: Non-kumulatif"). The
# plan is a list of blocks every renderer draws in its own medium:
#
#   {"t": "text", "text": str, "label": str | None}   a paragraph (label drawn bold before the text)
#   {"t": "lines", "lines": [str, ...]}                 one text wrapped by hand over several lines
#   {"t": "frac", "num", "den", "mult": str | None, "mult_at": "right" | "below", "bar": "rule" |
#       "border" | "underscores" | "dashes" | "math", "sigma": bool, "fx": bool}
#   {"t": "count", "core": str, "sym": "Σ" | "∑", "fx": bool, "math": bool}
#
# and the gold row is updated to what the cell now says (penjelasan with the added sentences and
# key-values in written order, formula_raw, a multiplier written as 1.000). The plan rides in the
# indicator dict under "_cell"; gold_copy() drops it.

EXTRA_SENTENCES = (
    "Data dihitung setiap akhir tahun anggaran.",
    "Pengukuran dilakukan per triwulan berdasarkan laporan bidang.",
    "Indikator ini menggambarkan capaian layanan kepada masyarakat.",
    "Data bersumber dari laporan bulanan yang telah diverifikasi.",
    "Semakin tinggi capaian semakin baik kinerja unit.",
)

KEY_VALUES = (  # (text as written, key, normalised value)
    ("Tipe Perhitungan: Non-kumulatif", "calc_type", "non_cumulative"),
    ("Tipe Perhitungan : Kumulatif", "calc_type", "cumulative"),
    ("Jenis Perhitungan: Non Kumulatif", "calc_type", "non_cumulative"),
    ("Tipe Penghitungan: Nilai Akhir", "calc_type", "latest"),
    ("Sifat: maksimal", "polarity", "maximize"),
    ("Sifat Indikator : Minimal", "polarity", "minimize"),
    ("Polaritas: Positif", "polarity", "maximize"),
)

_SENT_END = re.compile(r"(?<=[a-z)]{3}[.;])\s+(?=[A-Z])")


def _thousands(n: float | int) -> str:
    """100 → '100', 1000 → '1.000', 100000 → '100.000' (Indonesian grouping)."""
    return f"{int(n):,}".replace(",", ".")


def _mult_text(mult, pct: bool, rng: random.Random, words: bool) -> str | None:
    if mult is None:
        return None
    n = _thousands(mult)
    if words:
        verb = pick(rng, [(3, "dikali"), (3, "dikalikan"), (1, "dikali (x)"), (1, "dikalikan dengan")])
        unit = pick(rng, [(3, "%"), (1, " %"), (1, " persen")]) if pct else ""
        return f"{verb} {n}{unit}"
    x = pick(rng, [(3, "x"), (2, "X"), (1, "×")])
    return f"{x} {n}" + (pick(rng, [(3, "%"), (1, " %")]) if pct else "")


def ratio_in_words(num: str, den: str, mult, pct: bool, rng: random.Random) -> tuple[str, bool]:
    """A ratio said in words, in one of the phrasings agencies use → (text, wrote_multiplier)."""
    m = _mult_text(mult, pct, rng, words=True)
    mx = _mult_text(mult, pct, rng, words=False)
    forms = [(3, "{a} dibagi {b}{m}"), (2, "{a} --dibagi-- {b}{m}"), (1, "{a} –dibagi--- {b}{m}"),
             (2, "{a} dibagi dengan {b}{m}"), (2, "{a} / {b}{m}"), (2, "Perbandingan antara {a} dengan {b}{mx}"),
             (1, "Perbandingan {a} dengan {b}{mx}"), (2, "({a} : {b}){mx}")]
    if mult is None:
        forms += [(1, "{a} per {b}"), (1, "Jumlah perbandingan antara {a}, dengan {b}")]
    form = pick(rng, forms)
    text = form.format(a=num, b=den, m=f" {m}" if m else "", mx=f" {mx}" if mx else "")
    return text, mult is None or "{m}" in form or "{mx}" in form


def wrap_by_hand(text: str, rng: random.Random, width: int) -> list[str]:
    """Break `text` into lines of about `width` characters, preferring breaks next to an operator
    (a line ending in '/', 'x' or 'dibagi', or starting with '/' or 'x 100%')."""
    words = text.split(" ")
    lines, cur = [], []
    for i, w in enumerate(words):
        cur.append(w)
        length = len(" ".join(cur))
        nxt = words[i + 1] if i + 1 < len(words) else None
        op_here = w in ("/", "x", "X", "×", "dibagi", "--dibagi--", ":") or w.endswith("/")
        op_next = nxt in ("/", "x", "X", "×") if nxt else False
        if nxt is None:
            break
        if length >= width or (length >= width * 0.5 and (op_here or op_next) and rng.random() < 0.7):
            lines.append(" ".join(cur))
            cur = []
    if cur:
        lines.append(" ".join(cur))
    return [ln for ln in lines if ln]


def _split_penjelasan(pen: str) -> tuple[str, str] | None:
    """A penjelasan of several sentences cut between two of them (None when it has one)."""
    cuts = [m for m in _SENT_END.finditer(pen)]
    if not cuts:
        return None
    m = cuts[len(cuts) // 2]
    return pen[:m.start()].strip(), pen[m.end():].strip()


def _formula_blocks(spec: dict, ind: dict, rng: random.Random, media: set[str]) -> tuple[list[dict], str, dict]:
    """Blocks drawing the formula, its linear text (formula_raw), and gold formula updates."""
    upd: dict = {}
    if spec["kind"] == "count":
        core = spec["core"]
        form = pick(rng, [(3, "sigma"), (2, "jumlah"), (1, "banyaknya")] + ([(2, "math")] if "math" in media else []))
        if form in ("jumlah", "banyaknya") and core.split(" ")[0].lower() in ("jumlah", "banyaknya", "total"):
            form = "sigma"
        if form == "math":
            return [{"t": "count", "core": core, "sym": "∑", "fx": rng.random() < 0.6, "math": True}], f"∑ {core}", upd
        if form == "sigma":
            sym = pick(rng, [(1, "Σ"), (1, "∑")])
            fx = pick(rng, [(2, "f(x) = "), (1, "F(x) : "), (2, "")])
            return [{"t": "count", "core": core, "sym": sym, "fx": bool(fx), "math": False,
                     "prefix": f"{fx}{sym} "}], f"{fx}{sym} {core}", upd
        word = "Jumlah" if form == "jumlah" else "Banyaknya"
        return [{"t": "text", "text": f"{word} {core}", "label": None}], f"{word} {core}", upd
    if spec["kind"] != "ratio":
        return [{"t": "text", "text": spec["text"], "label": None}], spec["text"], upd
    num, den, mult, pct = spec["num"], spec["den"], spec["mult"], spec["pct"]
    forms = [(3, "inline"), (3, "wrapped"), (4, "stack"), (3, "words")] + ([(1, "math")] if "math" in media else [])
    if " / " in num or " / " in den:
        forms = [f for f in forms if f[1] not in ("inline", "wrapped")]
    form = pick(rng, forms)
    if form == "words" and mult == 100 and rng.random() < 0.15 and not pct:
        mult = 1000  # a rate per 1.000: the gold follows what the cell now says
        upd = {"multiplier": 1000, "unit": None}
    if form in ("inline", "wrapped"):
        m = _mult_text(mult, pct, rng, words=False)
        tmpl = pick(rng, [(3, "{a} / {b}{m}"), (1, "({a} / {b}){m}"), (1, "{a} : {b}{m}")])
        if tmpl.startswith("{a} :"):  # "A : B" reads as a ratio only in brackets or with a multiplier
            tmpl = "({a} : {b}){m}"
        text = tmpl.format(a=num, b=den, m=f" {m}" if m else "")
        if form == "inline":
            return [{"t": "text", "text": text, "label": None}], text, upd
        return [{"t": "lines", "lines": wrap_by_hand(text, rng, rng.randint(22, 38))}], text, upd
    if form == "words":
        text, _ = ratio_in_words(num, den, mult, pct, rng)
        if rng.random() < 0.4:
            return [{"t": "lines", "lines": wrap_by_hand(text, rng, rng.randint(24, 40))}], text, upd
        return [{"t": "text", "text": text, "label": None}], text, upd
    bar = "math" if form == "math" else pick(rng, [(3, "rule"), (3, "border"), (2, "underscores"), (1, "dashes")])
    m = _mult_text(mult, pct, rng, words=False)
    at = pick(rng, [(1, "right"), (1, "below")]) if m else None
    if bar == "border" and m:
        at = "below"
    blk = {"t": "frac", "num": num, "den": den, "mult": m, "mult_at": at, "bar": bar,
           "sigma": spec.get("sigma", False), "fx": spec.get("fx", False)}
    return [blk], f"{num} / {den}" + (f" {m}" if m else ""), upd


def plan_cell(ind: dict, rng: random.Random, media: set[str]) -> dict:
    """Choose a new layout for one indicator's formula cell; returns the updated gold row with
    the plan under "_cell" (``media``: what the renderer can draw, e.g. {"math"} for equations)."""
    g = dict(ind)
    spec = formula_spec(ind)
    pen = ind.get("penjelasan")
    if ind.get("ambiguous") or (spec is not None and spec["kind"] == "text"):
        # a formula of type other (or a row whose reading is ambiguous) is a formula only by its
        # label: the renderer's own labelled layouts draw it
        return g
    blocks: list[dict] = []
    if spec is None:
        if pen:
            blocks.append({"t": "text", "text": pen, "label": None})
    else:
        fblocks, raw, upd = _formula_blocks(spec, ind, rng, media)
        if upd:
            g["formulas"] = [dict(ind["formulas"][0], **upd)]
        g["formula_raw"] = raw
        where = pick(rng, [(4, "after"), (1, "before"), (3, "between")] if pen else
                     [(5, "alone"), (2, "after"), (1, "between")])
        before, after = [], []
        if where == "after":
            before = [pen or rng.choice(EXTRA_SENTENCES)]
        elif where == "before":
            after = [pen]
        elif where == "between":
            cut = _split_penjelasan(pen) if pen else None
            if cut:
                before, after = [cut[0]], [cut[1]]
            else:
                before = [pen or rng.choice(EXTRA_SENTENCES)]
                after = [rng.choice([s for s in EXTRA_SENTENCES if s not in before])]
        blocks = [{"t": "text", "text": s, "label": None} for s in before] + fblocks + \
                 [{"t": "text", "text": s, "label": None} for s in after]
        pen = " ".join(before + after) or None
    if blocks and rng.random() < 0.3:
        kvs = rng.sample(KEY_VALUES, k=pick(rng, [(3, 1), (1, 2)]))
        if len({k for _, k, _ in kvs}) < len(kvs):
            kvs = kvs[:1]
        same_line = rng.random() < 0.4 and blocks[-1]["t"] == "text"
        if same_line:
            blocks[-1] = dict(blocks[-1], text=blocks[-1]["text"] + " " + " ".join(t for t, _, _ in kvs))
        else:
            blocks += [{"t": "text", "text": t, "label": None} for t, _, _ in kvs]
        pen = " ".join(([pen] if pen else []) + [t for t, _, _ in kvs])
        for _, key, value in kvs:
            g[key] = value
    g["penjelasan"] = pen
    g["_cell"] = blocks
    return g


def penjelasan_parts(ind: dict) -> list[str]:
    """The pieces of a row's penjelasan as the cell writes them (a planned cell may put the formula
    between them); the whole penjelasan for any other row. For renderers' self-checks."""
    if "_cell" not in ind:
        return [ind["penjelasan"]] if ind.get("penjelasan") else []
    kv = [t for t, _, _ in KEY_VALUES]
    parts = []
    for b in ind["_cell"]:
        if b["t"] != "text" or b.get("label"):
            continue
        parts += [k for k in kv if k in b["text"]]
        rest = b["text"]
        for k in kv:
            rest = rest.replace(" " + k, "").replace(k, "")
        if rest and rest in (ind.get("penjelasan") or ""):
            parts.append(rest)
    return parts


def plan_formula_layouts(gold: dict, rng: random.Random, media: set[str] = frozenset()) -> dict:
    """The gold with every indicator row given a new formula-cell layout (see :func:`plan_cell`)."""
    g = dict(gold)
    g["positions"] = [dict(p, indicators=[plan_cell(i, rng, media) for i in p["indicators"]])
                      for p in gold["positions"]]
    return g


def gold_copy(gold: dict, source: str) -> dict:
    """The gold to write next to a rendered file: "source" set, layout plans dropped."""
    g = dict(gold)
    g["source"] = source
    g["part"] = None
    g["positions"] = [dict(p, indicators=[{k: v for k, v in i.items() if not k.startswith("_")}
                                          for i in p["indicators"]]) for p in gold["positions"]]
    return g


def sasaran_groups(indicators: list[dict]) -> list[list[dict]]:
    """Consecutive indicators that share one sasaran, in order (one merged SASARAN cell each)."""
    groups: list[list[dict]] = []
    for ind in indicators:
        if groups and groups[-1][0].get("sasaran") == ind.get("sasaran"):
            groups[-1].append(ind)
        else:
            groups.append([ind])
    return groups


def written_year(gold: dict) -> int | None:
    """The document's year where a cover or title may state it: when its first position is of that year."""
    ps, y = gold.get("positions") or [], gold.get("year")
    return y if y is not None and (ps[0].get("year") if ps else y) == y else None


def has(inds: list[dict], key: str) -> bool:
    """Whether any indicator row has a value for ``key``."""
    return any(i.get(key) not in (None, "") for i in inds)


def title_case(s: str) -> str:
    """'PENJELASAN / FORMULASI' → 'Penjelasan / Formulasi' (IKI, IKU and NO stay as they are)."""
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0) if m.group(0) in ("IKI", "IKU", "NO")
                  else m.group(0).capitalize(), s)


def columns(pos: dict, rng: random.Random, pair: tuple[str, str], pairs: list, iku_pairs: list, fhead: str,
            no_col: bool, no_head: str = "NO", formula_p: float | None = None, upper: bool = True) -> list:
    """The columns of a position's indicator table as [(key, header)]: the document's header pair (now
    and then another of ``pairs``; an IKU's own), NO where the document numbers its rows, the formula
    column where a row has a formula or explanation (else, with ``formula_p``, sometimes empty), SATUAN,
    TARGET, SUMBER DATA (sometimes empty) and PENANGGUNG JAWAB where the rows have them."""
    inds = pos["indicators"]
    iku = pos.get("kind") == "IKU"
    sas_h, ind_h = pick(rng, iku_pairs) if iku else pick(rng, pairs) if rng.random() < 0.15 else pair
    if not any(i.get("formula_raw") for i in inds) and has(inds, "penjelasan") and rng.random() < 0.5:
        fhead = "PENJELASAN"
    cols = [("no", no_head)] if no_col or (iku and rng.random() < 0.5) else []
    cols += [("sasaran", sas_h), ("indikator", ind_h)]
    if has(inds, "formula_raw") or has(inds, "penjelasan") or (
            not has(inds, "satuan") and not has(inds, "target") and (formula_p is None or rng.random() < formula_p)):
        cols.append(("formula", fhead))
    cols += [(k, h) for k, h in (("satuan", "SATUAN"), ("target", "TARGET")) if has(inds, k)]
    if has(inds, "sumber_data") or rng.random() < 0.6:
        cols.append(("sumber", "SUMBER DATA"))
    if has(inds, "penanggung_jawab"):
        cols.append(("pj", "PENANGGUNG JAWAB"))
    return cols if upper else [(k, h if k == "no" else title_case(h)) for k, h in cols]


def sub_items(item: str) -> list[str]:
    """An item with '; '-joined sub-items → [head, sub, ...] (the item alone when a part is empty)."""
    parts = item.split("; ")
    return [item] if any(not p.strip() for p in parts) else parts


# --------------------------------------------------------------------------
# the gold beside a written file

def load(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def dump(gold: dict, path) -> None:
    Path(path).write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def cut(gold: dict, positions: list[dict], source: str, part: str) -> dict:
    """The gold of some of its positions (renumbered from 1)."""
    g = json.loads(json.dumps(dict(gold, source=source, part=part, positions=positions)))
    for i, p in enumerate(g["positions"], 1):
        p["seq"] = i
    return g


def gold_values(gold: dict, whole_penjelasan: bool = False, formula_raw: bool = False):
    """(where, value) for every value of the gold a rendered document must show (``formula_raw``: the
    formula as written where the gold gives no terms, for writers that write it as it stands)."""
    out = [("region", gold.get("region")), ("agency", gold.get("agency")), ("year", gold.get("year"))]
    for pos in gold.get("positions") or []:
        s = pos.get("seq")
        out += [(f"pos {s} {k}", pos.get(k)) for k in ("jabatan", "instansi", "program")]
        out += [(f"pos {s} {k}", it) for k in ("tugas", "fungsi", "butir_kegiatan", "hasil_kerja")
                for it in pos.get(k) or []]
        for ind in pos.get("indicators") or []:
            w = f"pos {s} ind {ind.get('seq')}"
            out += [(f"{w} {k}", ind.get(k)) for k in ("sasaran", "indikator", "sumber_data", "penanggung_jawab",
                                                       "satuan", "target")]
            out += [(f"{w} penjelasan", p) for p in
                    ([ind.get("penjelasan")] if whole_penjelasan else penjelasan_parts(ind))]
            fs = ind.get("formulas") or []
            if fs and all(f.get("numerator") for f in fs) and not ind.get("ambiguous"):
                out += [(f"{w} {k}", f.get(k)) for f in fs for k in ("numerator", "denominator")]
            elif formula_raw and ind.get("formula_raw"):
                out.append((f"{w} formula_raw", ind["formula_raw"]))
    return [(w, str(v)) for w, v in out if v not in (None, "")]


def missing(gold: dict, found: Callable[[str, str], bool], **which) -> list[str]:
    """Gold values a rendered document does not show: ``found(value, where)`` looks for one value;
    a value of '; '-joined parts may show its parts apart."""
    out = []
    for where, v in gold_values(gold, **which):
        if not found(v, where) and not ("; " in v and all(found(x, where) for x in v.split("; ") if x.strip())):
            out.append(f"{where}: not found: {fold(v)[:80]}")
    return out


def report(path, problems: list[str]) -> bool:
    """Print a written file and its check's problems; True when there are problems."""
    for m in problems:
        print(f"{Path(path).name}: {m}", file=sys.stderr)
    print(f"{path} {Path(path).stat().st_size // 1024} KB, check: " + (f"{len(problems)} PROBLEMS" if problems else "OK"))
    return bool(problems)


# --------------------------------------------------------------------------
# files

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def save_zip(save: Callable, path, patch: Callable[[str, bytes], bytes] = lambda n, d: d, attr: int = 0) -> None:
    """Write the ZIP package that ``save(file)`` writes with fixed member times (bytes that depend on the
    content only); ``patch(name, data)`` may edit a member, ``attr`` is every member's external_attr."""
    buf, out = io.BytesIO(), io.BytesIO()
    save(buf)
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type, zi.external_attr = zipfile.ZIP_DEFLATED, attr
            zout.writestr(zi, patch(info.filename, zin.read(info.filename)))
    Path(path).write_bytes(out.getvalue())


# --------------------------------------------------------------------------
# outside programs (their output carries their version and the time: never byte-identical)

def soffice(sources: list, outdir, to: str = "pdf") -> list[Path]:
    """LibreOffice converts each source to ``to`` (an extension or ``ext:filter``) into ``outdir``."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise SystemExit("LibreOffice is needed (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)")
    Path(outdir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([exe, f"-env:UserInstallation={Path(prof).as_uri()}", "--headless", "--convert-to", to,
                        "--outdir", str(Path(outdir).resolve()), *[str(Path(s).resolve()) for s in sources]],
                       check=True, capture_output=True, timeout=600)
    return [Path(outdir) / f"{Path(s).stem}.{to.split(':')[0]}" for s in sources]


def chromium_pdf(page: Path | str, pdf: Path) -> None:
    """Headless Chromium prints an HTML page: a file, or a str of HTML (a throw-away profile, no network
    services)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        raise SystemExit("chromium is needed to print HTML to PDF")
    with tempfile.TemporaryDirectory() as prof, tempfile.TemporaryDirectory() as src:
        if isinstance(page, str):
            Path(src, "page.html").write_text(page, encoding="utf-8")
            page = Path(src, "page.html")
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={prof}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                        Path(page).resolve().as_uri()], check=True, capture_output=True, timeout=180)


def pdftotext_layout(pdf: Path) -> str:
    """``pdftotext -layout`` (poppler-utils): what document-sharing sites give for a PDF."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def pdf_text(pdf: Path, layout: bool = False) -> str:
    """The text of a PDF (pdfplumber, one of iki's own dependencies), for the writers' self-checks."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n".join(p.extract_text(layout=layout) or "" for p in doc.pages)

#!/usr/bin/env python3
"""Render a gold IKI annotation as a realistic converter-text document.

The gold JSON (see GOLD_FORMAT.md) records what a careful reader finds in an
"Indikator Kinerja Individu" document.  This script goes the other way: it
writes a document that a PDF/DOCX-to-text converter could plausibly have
produced for that content, choosing layouts at random from the variety seen
in the real exports (samples/seeds/*.txt):

* one indicator-table style per document: tab-separated rows, markdown pipe
  table, HTML ``<table>`` with ``rowspan``, or a one-cell-per-line dump;
* per block: heading, label style (numbered, lettered, bold, no colon,
  tab-aligned ...), list-item style, wrapped items, "; dan" connectors,
  nested sub-items;
* per row: how the PENJELASAN / FORMULASI cell is written (LaTeX, inline
  ratio, stacked fraction over three rows, count formula variants).

Every text value of the gold is written verbatim; only layout, labels and
markup vary.  It is deliberately independent of the extractor: stdlib only,
nothing is imported from the project.

Usage:
    python samples/render_text.py GOLD.json [...] -o OUTDIR --seed N --variants K
"""
from __future__ import annotations

import argparse
import html as _html
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from model import (columns, count_core, dump, gold_copy, load, missing, pick as _pick,  # noqa: E402
                   plan_formula_layouts, report, sasaran_groups, title_case, written_year)

TABLE_STYLES = ("tab", "pipe", "html", "cells")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


# --------------------------------------------------------------------------
# small helpers

_LABELISH = re.compile(r"^(?:[A-Za-z]{1,2}[.)]|\d{1,3}[.)]?|[-•*–])$")


def _wrap_point(text: str, rng: random.Random, lo: int = 45, hi: int = 95):
    """Index of a space where a long line may be wrapped, or None.

    The first part must not end in ';', '.' or ':' (otherwise it reads as a
    finished item), and the continuation must not start with something that
    looks like a list label.
    """
    if len(text) < lo + 30 or "$" in text:
        return None
    cands = []
    for m in re.finditer(" ", text):
        i = m.start()
        if i < lo or i > hi:
            continue
        head = text[:i].rstrip()
        tail = text[i + 1:].lstrip()
        if not head or not tail or head[-1] in ";.:" or tail[0] in ",;.:)":
            continue
        first = tail.split(" ", 1)[0]
        if _LABELISH.match(first):
            continue
        cands.append(i)
    return rng.choice(cands) if cands else None


def _region_parts(region: str | None):
    region = (region or "").strip()
    for pre, kind in (("Kota ", "Kota"), ("Kabupaten ", "Kabupaten"), ("Kab. ", "Kabupaten")):
        if region.startswith(pre):
            return kind, region[len(pre):]
    return "", region


# --------------------------------------------------------------------------
# lists (TUGAS / FUNGSI / Butir Kegiatan / Hasil Kerja)

LIST_LABELS = {"alpha": "{a}. ", "alpha_tight": "{a}.", "alpha_paren": "{a}) ", "num": "{n}. ", "num_paren": "{n}) ",
               "dash": "- ", "bullet": "• ", "md_alpha": "- {a}. ", "dash_alpha": "- {a}. ", "none": ""}


class ListStyle:
    def __init__(self, rng: random.Random, md: bool):
        opts = [(5, "alpha"), (1, "alpha_tight"), (1, "alpha_paren"), (3, "num"),
                (2, "num_paren"), (2, "dash"), (2, "bullet"), (2, "none"),
                (3 if md else 1, "md_alpha"), (3 if md else 1, "dash_alpha")]
        self.label = _pick(rng, opts)
        self.indent = _pick(rng, [(5, ""), (2, " "), (2, "  "), (1, "\t"), (1, "   ")])
        if self.label == "md_alpha":
            self.indent = ""
        self.term = "semi" if self.label == "none" else _pick(rng, [(3, "semi"), (1, "none")])
        self.dan = self.term == "semi" and rng.random() < 0.45
        self.dan_form = _pick(rng, [(4, "; dan"), (1, ";dan"), (1, " ; dan")])
        self.wrap_p = _pick(rng, [(2, 0.0), (2, 0.15), (1, 0.35)])
        self.cont = _pick(rng, [(3, "align"), (2, "spaces"), (1, "tab")])
        self.nest_p = _pick(rng, [(1, 0.0), (2, 0.6), (1, 1.0)])
        self.sub_label = _pick(rng, [(3, "- "), (2, "• "), (1, "* "), (1, "1) ")])
        self.sub_indent = _pick(rng, [(2, "  "), (2, "    "), (1, "\t")])
        self.first_inline = rng.random() < 0.2   # 'TUGAS : a. first item' on the label line

    def label_for(self, i: int, n: int) -> str:
        lab = "num" if "alpha" in self.label and n > len(LETTERS) else self.label
        return LIST_LABELS[lab].format(a=LETTERS[i % 26], n=i + 1)


def render_list(items: list[str], st: ListStyle, rng: random.Random) -> list[str]:
    """Lines for a list of items (already verbatim gold text)."""
    lines: list[str] = []
    n = len(items)
    for i, item in enumerate(items):
        parts = [item]
        if "; " in item and st.label != "none" and rng.random() < st.nest_p:
            parts = [p for p in item.split("; ")]
            if any(not p.strip() for p in parts):
                parts = [item]
        head = parts[0]
        children = parts[1:]
        # terminator / connector (only on the top-level line, never on sub-items)
        term = ""
        if st.term == "semi" and i < n - 1:
            if not head.endswith(".") or rng.random() < 0.3:
                term = ";"
            if i == n - 2 and st.dan and not head.endswith(".") and not children:
                term = st.dan_form
        if children:
            term = ""
        label = st.label_for(i, n)
        indent = st.indent
        if st.label == "md_alpha" and i > 0:
            indent = "  "
        prefix = indent + label
        wp = _wrap_point(head, rng) if rng.random() < st.wrap_p else None
        if wp is None:
            lines.append(prefix + head + term)
        else:
            first, rest = head[:wp].rstrip(), head[wp + 1:].lstrip()
            if st.cont == "align":
                cont = indent + " " * max(len(label), 2)
            elif st.cont == "spaces":
                cont = " " * rng.randint(3, 40)
            else:
                cont = indent + "\t"
            lines.append(prefix + first)
            lines.append(cont + rest + term)
        if children:
            sub_indent = (indent if st.label != "md_alpha" else "  ") + st.sub_indent
            for k, ch in enumerate(children):
                sl = st.sub_label if st.sub_label != "1) " else f"{k + 1}) "
                lines.append(sub_indent + sl + ch)
    return lines


# --------------------------------------------------------------------------
# block labels (JABATAN / TUGAS / FUNGSI ...)

LABEL_STYLES = {"num": "{lead}{i}. {nm}{sep}", "numtight": "{i}.{nm}{sep}", "numtab": "{lead}{i}. {nm}\t: ",
                "plain": "{nm}{sep}", "nocolon": "{nm} ", "dashnocolon": "- {nm} ", "dash": "- {nm}{sep}",
                "alpha": "{a}. {nm}{sep}", "dashalpha": "- {a}. {nm}{sep}", "dashnumbold": "- {i}. **{nm}**{sep}"}


class LabelStyle:
    def __init__(self, rng: random.Random, md: bool):
        opts = [(4, "num"), (1, "numtight"), (2, "numtab"), (3, "plain"),
                (2 if md else 1, "bold"), (2, "nocolon"), (1, "dashnocolon"),
                (2, "dash"), (2, "alpha"), (1 if md else 0.3, "dashalpha"),
                (1 if md else 0.3, "dashnumbold")]
        self.kind = _pick(rng, opts)
        self.upper = rng.random() < (0.7 if self.kind in ("num", "numtight", "numtab", "plain", "alpha") else 0.35)
        self.sep = _pick(rng, [(6, " : "), (1, " :"), (1, ": ")])
        if self.kind == "numtight":
            self.sep = "\t: "
        self.lead = _pick(rng, [(5, ""), (1, " ")]) if self.kind.startswith("num") else ""
        self.bold_colon_inside = rng.random() < 0.3
        self.tugas_name = _pick(rng, [(7, "TUGAS"), (2, "URAIAN TUGAS"), (1, "TUGAS POKOK")])
        self.gap = _pick(rng, [(3, 0), (1, 1)])          # blank lines between fields
        self.colon = self.kind not in ("nocolon", "dashnocolon")

    def name(self, key: str) -> str:
        nm = {"jabatan": "JABATAN", "instansi": "INSTANSI", "tugas": self.tugas_name,
              "fungsi": "FUNGSI", "butir_kegiatan": "BUTIR KEGIATAN",
              "hasil_kerja": "HASIL KERJA", "program": "PROGRAM"}[key]
        return nm if self.upper else title_case(nm)

    def label(self, idx: int, key: str, has_value: bool) -> str:
        """Label text; ends with a separator when a value follows on the line."""
        form = LABEL_STYLES.get(self.kind) or ("**{nm}{sep_r}** " if self.bold_colon_inside else "**{nm}**{sep}")
        s = form.format(lead=self.lead, i=idx, nm=self.name(key), sep=self.sep, sep_r=self.sep.rstrip(),
                        a=LETTERS[(idx - 1) % 26])
        return s if has_value else s.rstrip()


# --------------------------------------------------------------------------
# formula cell

_STACK = re.compile(r"^(?P<num>.+?) (?P<mid>_{3,} ?[xX] ?100 ?%?|[xX]) (?P<den>.+)$")


class FormulaCell:
    """What goes in the PENJELASAN / FORMULASI column for one indicator."""

    def __init__(self, segs: list[str], stack: tuple[str, str, str] | None, kind: str, lines: bool = False):
        self.segs = segs          # paragraphs of the cell
        self.stack = stack        # (numerator, middle, denominator) for 3-row fractions
        self.kind = kind          # how the formula was written (for the report/check)
        self.lines = lines        # the segments must stay on lines of their own (a planned layout)


def planned_cell(blocks: list[dict], rng: random.Random) -> FormulaCell:
    """A cell laid out by model.plan_cell: one segment per line of the cell."""
    segs: list[str] = []
    for b in blocks:
        if b["t"] == "text":
            segs.append(f"{b['label']} {b['text']}" if b.get("label") else b["text"])
        elif b["t"] == "lines":
            segs += b["lines"]
        elif b["t"] == "count":
            segs.append(f"{b.get('prefix') or ('f(x) = ' if b['fx'] else '') + b['sym'] + ' '}{b['core']}")
        elif b["t"] == "frac":
            sg = "∑ " if b["sigma"] else ""
            if b["bar"] == "math":
                m = (" \\times " + b["mult"].split(" ", 1)[1].replace("%", "\\%")) if b["mult"] else ""
                segs.append(f"$\\frac{{\\text{{{b['num']}}}}}{{\\text{{{b['den']}}}}}{m}$")
                continue
            bar = {"dashes": "-" * rng.randint(12, 30)}.get(b["bar"], "_" * rng.randint(8, 25))
            if b["bar"] in ("rule", "border") and rng.random() < 0.5:
                bar = "<hr/>"
            right = b["mult"] and b["mult_at"] == "right"
            segs += [sg + b["num"], bar + (f" {b['mult']}" if right else ""), sg + b["den"]]
            if b["mult"] and not right:
                segs.append(b["mult"])
    return FormulaCell(segs, None, "planned", lines=True)


def _formula_text(ind: dict, rng: random.Random, style: str, allow_stack: bool):
    """(text or None, stack or None, kind)."""
    raw = ind.get("formula_raw")
    fs = ind.get("formulas") or []
    if raw is None:
        return None, None, "none"
    if ind.get("ambiguous") or len(fs) != 1:
        return raw, None, "raw"
    f = fs[0]
    ftype = f.get("type")
    num, den, mult = f.get("numerator"), f.get("denominator"), f.get("multiplier")
    pct = "%" in raw
    if ftype == "ratio" and num and den:
        m = _STACK.match(raw)
        if m and m.group("num") == num and m.group("den") == den:
            # the gold itself is a fraction drawn over three rows: keep it stacked
            return None, (num, m.group("mid"), den), "stack"
        if raw.lstrip().startswith("$") and "\\frac" in raw and num in raw and den in raw:
            opts = [(5, "raw")]
            if " / " not in num and " / " not in den and mult in (100, None):
                opts.append((2, "inline"))
            if allow_stack and mult == 100:
                opts.append((2, "stack"))
            how = _pick(rng, opts)
            if how == "inline":
                k = "" if mult is None else _pick(rng, [(3, " x 100"), (2, " X 100"), (1, " x 100 ")]).rstrip() + ("%" if pct else "")
                tmpl = _pick(rng, [(3, "{a} / {b}{k}"), (1, "({a} / {b}){k}"), (1, "{a} / {b} {k2}")])
                txt = tmpl.format(a=num, b=den, k=k, k2=k.strip()).rstrip()
                return txt, None, "inline"
            if how == "stack":
                mid = _pick(rng, [(3, "_____ X 100"), (1, "______________ x 100%" if pct else "______________ x 100"),
                                  (1, "_______ X 100 %" if pct else "_______ X 100")])
                return None, (num, mid, den), "stack"
        return raw, None, "raw"
    if ftype == "count" and num:
        c = count_core(raw)
        core = c[0] if c else raw.strip()[len("Jumlah "):].strip() if raw.strip().startswith("Jumlah ") else None
        if core == num:
            form = _pick(rng, [(4, "raw"), (2, "$f(x) = \\Sigma$ {a}"), (2, "f(x) = Σ {a}"),
                               (1, "F(x) : ∑ {a}"), (1, "f(x) = \\sum {a}"), (2, "Jumlah {a}"),
                               (1, "$f(x) = \\Sigma \\text{{{a}}}$"), (1, "Σ {a}")])
            if form == "raw":
                return raw, None, "raw"
            return form.format(a=num), None, "count"
    return raw, None, "raw"


class CellMarkup:
    """Per-table choices for how the formula cell's labels look."""

    def __init__(self, rng: random.Random, style: str, md: bool):
        self.f_label = _pick(rng, [(4, "Formulasi Penghitungan"), (2, "Formulasi Pengitungan"),
                                   (2, "Formulasi Perhitungan")])
        self.p_label = "Penjelasan"
        self.colon = _pick(rng, [(4, " : "), (1, ": ")])
        wrap = [(6, "{}"), (1, "<b>{}</b>"), (1, "<u>{}</u>"), (1, "<i>{}</i>")]
        if md and style != "html":
            wrap.append((1, "**{}**"))
        self.wrap = _pick(rng, wrap)
        joins = {"tab": [(4, "space"), (2, "p"), (1, "br")],
                 "pipe": [(3, "space"), (3, "br"), (1, "p")],
                 "html": [(2, "space"), (3, "p"), (2, "br")],
                 "cells": [(3, "nl"), (2, "space")]}[style]
        self.join = _pick(rng, joins)
        self.order = _pick(rng, [(5, "pen_first"), (1, "formula_first")])
        self.f_prefixed = rng.random() < 0.6

    def lab(self, name: str) -> str:
        """'Penjelasan :' / '<b>Formulasi Penghitungan :</b>' ..."""
        return self.wrap.format(name + self.colon.rstrip())


def formula_cell(ind: dict, rng: random.Random, style: str, mk: CellMarkup) -> FormulaCell:
    if "_cell" in ind:
        return planned_cell(ind["_cell"], rng)
    pen = ind.get("penjelasan")
    ftxt, stack, kind = _formula_text(ind, rng, style,
                                      allow_stack=(style == "tab" and pen is None))
    if stack is not None and pen is not None:
        # keep the words, joined on one line (a stacked cell plus penjelasan would be a mess)
        ftxt, stack = f"{stack[0]} {stack[1]} {stack[2]}", None
    segs: list[str] = []
    if stack is not None:
        return FormulaCell([stack[0], stack[1], stack[2]], stack, "stack")
    if ftxt is None and pen is None:
        return FormulaCell([], None, "none")
    if ftxt is None:
        if ind.get("ambiguous"):
            return FormulaCell([pen], None, "pen_bare")
        return FormulaCell([f"{mk.lab(mk.p_label)} {pen}"], None, "pen")
    is_latex = ftxt.lstrip().startswith("$")
    if pen is None:
        if mk.f_prefixed:
            if is_latex and mk.join == "p" and rng.random() < 0.5:
                segs = [mk.lab(mk.f_label), ftxt]
            else:
                segs = [f"{mk.lab(mk.f_label)} {ftxt}"]
        else:
            segs = [ftxt]
        return FormulaCell(segs, None, kind)
    # both penjelasan and formula
    if mk.order == "formula_first" and not is_latex and not re.search(r"Σ|∑|\\sum|\\Sigma", ftxt):
        # '<formula>. Penjelasan : ...' as in seed 002a (plain 'Jumlah ...' formulas only)
        head = ftxt if ftxt.endswith(".") else ftxt + "."
        segs = [head, f"{mk.lab(mk.p_label)} {pen}"]
    elif is_latex and mk.join == "p":
        segs = [f"{mk.lab(mk.p_label)} {pen}", mk.lab(mk.f_label), ftxt]
    else:
        segs = [f"{mk.lab(mk.p_label)} {pen}", f"{mk.lab(mk.f_label)} {ftxt}"]
    return FormulaCell(segs, None, kind)


def _join(segs: list[str], how: str) -> str:
    if not segs:
        return ""
    if how == "space":
        return " ".join(segs)
    if how == "br":
        return "<br>".join(segs)
    if how == "nl":
        return "\n".join(segs)
    # "p": LaTeX stays outside the paragraph tags, as converters emit it
    return " ".join(s if s.lstrip().startswith("$") else f"<p>{s}</p>" for s in segs)


# --------------------------------------------------------------------------
# indicator tables

HEADER_PAIRS = [
    (5, ("KINERJA", "INDIKATOR KINERJA")),
    (2, ("SASARAN KINERJA", "INDIKATOR KINERJA INDIVIDU")),
    (2, ("SASARAN KINERJA", "INDIKATOR KINERJA")),
    (1, ("SASARAN STRATEGIS", "INDIKATOR KINERJA")),
    (2, ("KINERJA PROGRAM", "INDIKATOR PROGRAM")),
    (2, ("KINERJA KEGIATAN", "INDIKATOR KEGIATAN")),
    (1, ("SASARAN / KINERJA UTAMA", "INDIKATOR KINERJA")),
]
FORMULA_HEADERS = [
    (5, "PENJELASAN/FORMULASI PENGHITUNGAN"), (3, "PENJELASAN / FORMULASI PENGHITUNGAN"),
    (2, "PENJELASAN/ FORMULASI PERHITUNGAN"), (1, "PENJELASAN / FORMULASI PERHITUNGAN"),
    (1, "FORMULASI PENGHITUNGAN"),
]


class TablePrefs:
    """Document-level table habits (headers drift a little between blocks)."""

    def __init__(self, rng: random.Random, style: str):
        self.style = style
        self.pair = _pick(rng, HEADER_PAIRS)
        self.fhead = _pick(rng, FORMULA_HEADERS)
        self.upper = rng.random() < (0.5 if style == "cells" else 0.8)
        self.no_col = rng.random() < 0.35
        self.no_fmt = _pick(rng, [(3, "{}"), (2, "{}.")])
        self.no_head = _pick(rng, [(2, "NO"), (2, "NO."), (1, "No")])
        self.numrow = _pick(rng, [(3, None), (2, "plain"), (1, "paren")])
        self.break_p = 0.0 if style == "cells" else _pick(rng, [(1, 0.0), (2, 0.35), (1, 0.7)])
        self.ind_numbering = rng.random() < 0.2
        self.sumber_dash = rng.random() < 0.15
        self.sasaran_bold = style == "tab" and rng.random() < 0.1
        self.pipe_sep = _pick(rng, [(3, "---"), (1, " --- "), (1, ":---")])
        self.html_inline = rng.random() < 0.5
        self.html_th = rng.random() < 0.6
        self.html_attr = _pick(rng, [(3, ""), (1, ' border="1"')])
        self.cell_sep_tight = _pick(rng, [(3, 0.0), (1, 0.25)])


def _table_columns(pos: dict, rng: random.Random, tp: TablePrefs):
    return columns(pos, rng, tp.pair, HEADER_PAIRS, [(2, ("SASARAN STRATEGIS", "INDIKATOR KINERJA UTAMA")),
                                                     (1, ("SASARAN", "INDIKATOR KINERJA UTAMA")),
                                                     (1, ("SASARAN / KINERJA UTAMA", "INDIKATOR KINERJA"))],
                   tp.fhead, tp.no_col, tp.no_head, formula_p=0.7, upper=tp.upper)


def _logical_rows(pos: dict, cols, rng: random.Random, tp: TablePrefs, mk: CellMarkup):
    """One dict per indicator: cell texts (lists of paragraphs) + group info."""
    inds = pos["indicators"]
    groups = sasaran_groups(inds)
    rows = []
    for gi, grp in enumerate(groups):
        for j, ind in enumerate(grp):
            cells: dict[str, list[str]] = {}
            sas = ind.get("sasaran") or ""
            if tp.sasaran_bold and sas:
                sas = f"<b>{sas}</b>"
            cells["no"] = [tp.no_fmt.format(gi + 1)] if j == 0 else []
            cells["sasaran"] = [sas] if (j == 0 and sas) else []
            ind_txt = ind.get("indikator") or ""
            if tp.ind_numbering and ind_txt:
                ind_txt = f"{j + 1}. {ind_txt}"
            cells["indikator"] = [ind_txt] if ind_txt else []
            fc = formula_cell(ind, rng, tp.style, mk) if any(k == "formula" for k, _ in cols) else FormulaCell([], None, "none")
            cells["formula"] = fc.segs
            sd = ind.get("sumber_data")
            cells["sumber"] = [("- " if tp.sumber_dash else "") + sd] if sd else []
            for key, gk in (("pj", "penanggung_jawab"), ("satuan", "satuan"), ("target", "target")):
                v = ind.get(gk)
                cells[key] = [v] if v else []
            rows.append({"cells": cells, "stack": fc.stack, "group": gi,
                         "first": j == 0, "fc": fc})
    return rows


def _page_breaks(n: int, rng: random.Random, tp: TablePrefs) -> set[int]:
    """Row indices before which the table continues on a new page."""
    if n < 3 or rng.random() >= tp.break_p:
        return set()
    k = 1 if n < 8 or rng.random() < 0.6 else 2
    return set(rng.sample(range(1, n), min(k, n - 1)))


def _numrow(cols, tp: TablePrefs):
    if tp.numrow is None:
        return None
    nums = [str(i + 1) for i in range(len(cols))]
    return nums if tp.numrow == "plain" else [f"({x})" for x in nums]


def _page_gap(rng: random.Random) -> list[str]:
    return [""] * rng.randint(2, 5)


def render_table_tab(cols, rows, rng, tp, mk) -> list[str]:
    header = "\t".join(h for _, h in cols)
    nr = _numrow(cols, tp)
    out = [header] + (["\t".join(nr)] if nr else [])
    breaks = _page_breaks(len(rows), rng, tp)
    keys = [k for k, _ in cols]
    for ri, row in enumerate(rows):
        if ri in breaks:
            out += _page_gap(rng) + [header] + (["\t".join(nr)] if nr else [])
        c = row["cells"]
        if row["stack"] is not None:
            num, mid, den = row["stack"]
            first = [(num if k == "formula" else _join(c[k], "space")) for k in keys]
            out.append("\t".join(first))
            out.append("\t".join(mid if k == "formula" else "" for k in keys))
            out.append("\t".join(den if k == "formula" else "" for k in keys))
        else:
            out.append("\t".join(_join(c[k], mk.join if k == "formula" else "space") for k in keys))
    return out


def _pipe_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", "<br>")


def render_table_pipe(cols, rows, rng, tp, mk) -> list[str]:
    def line(cells):
        return "| " + " | ".join(_pipe_cell(x) for x in cells) + " |"
    header = line([h for _, h in cols])
    sep = "|" + "|".join(tp.pipe_sep for _ in cols) + "|"
    nr = _numrow(cols, tp)
    head_block = [header, sep] + ([line(nr)] if nr else [])
    out = list(head_block)
    breaks = _page_breaks(len(rows), rng, tp)
    keys = [k for k, _ in cols]
    for ri, row in enumerate(rows):
        if ri in breaks:
            out += _page_gap(rng) + head_block
        c = row["cells"]
        cells = []
        for k in keys:
            if k == "formula":
                how = "br" if row["stack"] is not None or row["fc"].lines else mk.join
                cells.append(_join(c[k], how))
            else:
                cells.append(_join(c[k], "space"))
        out.append(line(cells))
    return out


def _esc(s: str) -> str:
    return _html.escape(s, quote=False)


def _esc_keep_tags(s: str) -> str:
    """Escape text but keep the few inline tags we put in ourselves."""
    parts = re.split(r"(</?(?:p|br|b|u|i)>|<hr/>)", s)
    return "".join(p if re.fullmatch(r"</?(?:p|br|b|u|i)>|<hr/>", p) else _esc(p) for p in parts)


def render_table_html(cols, rows, rng, tp, mk) -> list[str]:
    keys = [k for k, _ in cols]
    breaks = sorted(_page_breaks(len(rows), rng, tp))
    pages, start = [], 0
    for b in breaks + [len(rows)]:
        pages.append(rows[start:b])
        start = b
    tag = "th" if tp.html_th else "td"
    nl = "" if tp.html_inline else "\n"
    out: list[str] = []
    nr = _numrow(cols, tp)
    for pi, page in enumerate(pages):
        if pi:
            out += _page_gap(rng)
        parts = [f"<table{tp.html_attr}>"]
        parts.append("<tr>" + "".join(f"<{tag}>{_esc(h)}</{tag}>" for _, h in cols) + "</tr>")
        if nr and pi == 0:
            parts.append("<tr>" + "".join(f"<td>{x}</td>" for x in nr) + "</tr>")
        # rowspan segments of each sasaran group within this page
        span: dict[int, int] = {}
        for r in page:
            span[r["group"]] = span.get(r["group"], 0) + 1
        seen: set[int] = set()
        for r in page:
            c = r["cells"]
            tds = []
            for k in keys:
                if k in ("sasaran", "no"):
                    if r["group"] in seen:
                        continue
                    n = span[r["group"]]
                    rs = f' rowspan="{n}"' if n > 1 else ""
                    tds.append(f"<td{rs}>{_esc_keep_tags(_join(c[k], 'space'))}</td>")
                elif k == "formula":
                    how = "br" if (r["stack"] is not None or r["fc"].lines) and mk.join == "space" else mk.join
                    tds.append(f"<td>{_esc_keep_tags(_join(c[k], how))}</td>")
                else:
                    tds.append(f"<td>{_esc_keep_tags(_join(c[k], 'space'))}</td>")
            seen.add(r["group"])
            parts.append("<tr>" + "".join(tds) + "</tr>")
        parts.append("</table>")
        out.append(nl.join(parts))
    return out


def render_table_cells(cols, rows, rng, tp, mk) -> list[str]:
    """One cell per line, each starting with a tab (a DOCX text dump)."""
    out = [("\t" + h + (" " if rng.random() < 0.3 else "")) for _, h in cols]
    out.append("")
    nr = _numrow(cols, tp)
    if nr:
        out += ["\t" + x for x in nr] + [""]
    keys = [k for k, _ in cols]
    chunks: list[str] = []
    for row in rows:
        c = row["cells"]
        for k in keys:
            if k == "formula":
                how = "nl" if row["stack"] is not None or row["fc"].lines else mk.join
                txt = _join(c[k], how)
            else:
                txt = _join(c[k], "space")
            chunks.append("\t" + txt)
    text = ""
    for i, ch in enumerate(chunks):
        if i:
            text += "\n" if rng.random() < tp.cell_sep_tight else "\n\n"
        text += ch
    out += text.split("\n")
    return out


TABLE_RENDERERS = {"tab": render_table_tab, "pipe": render_table_pipe,
                   "html": render_table_html, "cells": render_table_cells}


# --------------------------------------------------------------------------
# document

STREETS = ["Jl. Raya Panglima Sudirman No. 12", "Jl. Soekarno Hatta No. 7", "Jl. Diponegoro No. 21",
           "Jl. Ahmad Yani No. 5", "Jl. Pahlawan No. 40", "Jl. Veteran No. 3", "Jl. Basuki Rahmat No. 9",
           "Jl. Gatot Subroto No. 18", "Jl. Kartini No. 2", "Jl. Merdeka Barat No. 14"]


class DocRenderer:
    def __init__(self, gold: dict, rng: random.Random, table_style: str | None = None):
        self.g = gold
        self.rng = rng
        self.style = table_style or rng.choice(TABLE_STYLES)
        if self.style not in TABLE_STYLES:
            raise ValueError(f"unknown table style {self.style!r}")
        if self.style == "pipe":
            self.suffix = ".md"
        elif self.style == "html":
            self.suffix = ".md" if rng.random() < 0.7 else ".txt"
        elif self.style == "tab":
            self.suffix = ".txt" if rng.random() < 0.8 else ".md"
        else:
            self.suffix = ".txt"
        self.md = self.suffix == ".md" or rng.random() < 0.5   # markdown decorations
        self.tp = TablePrefs(rng, self.style)
        self.mk = CellMarkup(rng, self.style, self.md)
        kind, name = _region_parts(gold.get("region"))
        self.region_kind, self.region_name = kind, name
        self.street = rng.choice(STREETS)
        self.phone = f"({rng.choice(['0335', '0334', '031', '0353', '0341'])}) {rng.randint(400000, 899999)}"

    # ---- header -------------------------------------------------------
    def _pemerintah(self) -> str:
        region = self.g.get("region") or ""
        return f"PEMERINTAH {region.upper()}".strip()

    def _agency_lines(self) -> list[str]:
        ag = self.g.get("agency") or ""
        rng = self.rng
        if not ag:
            return []
        upper = rng.random() < 0.65
        text = ag.upper() if upper else ag
        words = text.split(" ")
        if len(words) <= 3 or rng.random() < 0.3:
            return [text]
        # split before 'dan'/'DAN' or after a comma, into 2-3 lines
        cuts = [i for i, w in enumerate(words) if i > 0 and (w.lower() == "dan" or words[i - 1].endswith(","))]
        if not cuts:
            cuts = [len(words) // 2]
        k = min(len(cuts), rng.choice([1, 2]))
        chosen = sorted(rng.sample(cuts, k))
        lines, prev = [], 0
        for c in chosen:
            lines.append(" ".join(words[prev:c]))
            prev = c
        lines.append(" ".join(words[prev:]))
        return [l for l in lines if l]

    def _address_lines(self) -> list[str]:
        rng = self.rng
        tel = rng.choice(["☎", "Telp.", "Telp", "Tlp."])
        lines = [f"{self.street} {tel} {self.phone} Fax. {self.phone}" if rng.random() < 0.6
                 else f"{self.street} Telp. {self.phone}"]
        dom = re.sub(r"[^a-z]", "", self.region_name.lower()) or "daerah"
        suffix = "kota" if self.region_kind == "Kota" else "kab"
        if rng.random() < 0.7:
            mail = f"dinsos@{dom}{suffix}.go.id"
            if self.md and rng.random() < 0.5:
                lines.append(f"Email: [{mail}](mailto:{mail})")
            else:
                lines.append(f"{rng.choice(['Email', 'E-mail', 'e-mail'])} : {mail}")
        city = self.region_name.upper()
        if city:
            lines.append(" ".join(city) if rng.random() < 0.2 else city)
        return lines

    def _title_lines(self, year) -> list[str]:
        rng = self.rng
        t = _pick(rng, [(3, "INDIKATOR KINERJA INDIVIDU (IKI)"), (2, "INDIKATOR KINERJA INDIVIDU (IKI) ESELON III & IV"),
                        (1, "INDIKATOR KINERJA INDIVIDU"), (1, "DOKUMEN INDIKATOR KINERJA INDIVIDU")])
        lines = [t]
        if year is not None:
            lines.append(f"TAHUN {year}")
        if self.md and rng.random() < 0.5:
            lines = ["**" + "  \n".join(lines) + "**"]
            if rng.random() < 0.5:
                lines = ["# " + lines[0]]
        return lines

    def header(self, year) -> list[str]:
        """Cover + letterhead. `year` is emitted only when it is not None."""
        rng = self.rng
        out: list[str] = [""] * rng.randint(0, 3)
        year_mode = None
        if year is not None:
            year_mode = _pick(rng, [(3, "cover"), (2, "title")])
        if year_mode == "cover":
            out += [str(year), ""]
        letterhead = [self._pemerintah()] + self._agency_lines()
        addr = self._address_lines()
        title = self._title_lines(year if year_mode == "title" else None)
        order = _pick(rng, [(2, "title_first"), (1, "letter_first")])
        if self.md and rng.random() < 0.4:
            letterhead = ["**" + "  \n".join(letterhead) + "**"]
        gap = "" if rng.random() < 0.5 else None
        def block(lines):
            res = []
            for l in lines:
                res.append(l)
                if gap is not None:
                    res.append(gap)
            return res
        if order == "title_first":
            out += block(title) + [""] + block(letterhead) + block(addr)
        else:
            out += block(letterhead) + block(addr) + [""] + block(title)
        out += [""] * rng.randint(1, 3)
        return out

    def year_cover(self, year: int) -> list[str]:
        rng = self.rng
        out = [""] * rng.randint(2, 4) + [str(year), ""]
        sub = _pick(rng, [(2, "ESELON III"), (2, "ESELON IV"), (1, "STAF"), (1, "JABATAN FUNGSIONAL")])
        if rng.random() < 0.7:
            t = ["INDIKATOR KINERJA", "INDIVIDU (IKI)", sub] if rng.random() < 0.5 else [f"INDIKATOR KINERJA INDIVIDU (IKI) {sub}"]
            if self.md:
                out += ["**" + "  \n".join(t) + "**", ""]
            else:
                out += t + [""]
        if rng.random() < 0.6:
            out += [self._pemerintah(), ""] + self._agency_lines() + [""] + self._address_lines() + [""]
        return out

    # ---- blocks -------------------------------------------------------
    def heading(self, pos: dict) -> list[str]:
        rng = self.rng
        if pos.get("kind") == "IKU":
            ag = (self.g.get("agency") or "").upper()
            reg = (self.g.get("region") or "").upper()
            second = _pick(rng, [(2, f"{ag} {reg}".strip()), (1, ag)])
            if self.md and rng.random() < 0.6:
                return ["**INDIKATOR KINERJA UTAMA  \n" + second + "**"]
            if rng.random() < 0.5:
                return ["INDIKATOR KINERJA UTAMA", second]
            return [f"INDIKATOR KINERJA UTAMA {second}"]
        opts = [(3, "INDIKATOR KINERJA INDIVIDU"), (2, "INDIKATOR KINERJA INDIVIDU (IKI)"),
                (1, "INDIKATOR KINERJA INDIVIDU ( IKI )")]
        h = _pick(rng, opts)
        if self.md:
            h = _pick(rng, [(2, "## " + h), (1, "### " + h), (2, "**" + h + "**"), (1, "# **" + h + "**"), (1, h)])
        return [h]

    def _field(self, key: str, items: list[str], ls: LabelStyle, idx: int) -> list[str]:
        rng = self.rng
        if not items:
            return []
        lst = ListStyle(rng, self.md)
        if len(items) == 1 and rng.random() < 0.75:
            item = items[0]
            lab = ls.label(idx, key, True)
            wp = _wrap_point(item, rng, 50, 110) if (len(item) > 120 and rng.random() < 0.35) else None
            if wp is None:
                return [lab + item]
            cont = " " * rng.randint(8, 44) if rng.random() < 0.6 else "\t\t"
            return [lab + item[:wp].rstrip(), cont + item[wp + 1:].lstrip()]
        lines = render_list(items, lst, rng)
        if lst.first_inline and lst.label not in ("md_alpha", "none") and not lines[0].startswith((" ", "\t")):
            # seed-001 style: first item on the label line, the rest below
            rest = lines[1:]
            ind = _pick(rng, [(2, "\t\t\t "), (1, " " * rng.randint(20, 44)), (1, "")])
            return [ls.label(idx, key, True) + lines[0].lstrip()] + [ind + l for l in rest]
        return [ls.label(idx, key, False)] + lines

    def block(self, pos: dict) -> list[str]:
        rng = self.rng
        ls = LabelStyle(rng, self.md)
        out = self.heading(pos) + [""]
        fields: list[list[str]] = []
        idx = 1
        if pos.get("kind") != "IKU" or pos.get("jabatan"):
            jab = pos.get("jabatan") or ""
            fields.append([ls.label(idx, "jabatan", True) + jab])
            idx += 1
        if pos.get("instansi"):
            fields.append([ls.label(idx, "instansi", True) + pos["instansi"]])
            idx += 1
        program_early = rng.random() < 0.5
        if pos.get("program") and program_early:
            fields.append([ls.label(idx, "program", True) + pos["program"]])
            idx += 1
        for key in ("tugas", "fungsi", "butir_kegiatan", "hasil_kerja"):
            items = pos.get(key) or []
            if key == "fungsi" and not items:
                how = _pick(rng, [(3, "omit"), (2, "dash"), (1, "empty")])
                if how == "dash":
                    fields.append([ls.label(idx, key, True) + "-"])
                    idx += 1
                elif how == "empty":
                    fields.append([ls.label(idx, key, False)])
                    idx += 1
                continue
            if not items:
                continue
            fields.append(self._field(key, items, ls, idx))
            idx += 1
        if pos.get("program") and not program_early:
            fields.append([ls.label(idx, "program", True) + pos["program"]])
            idx += 1
        for f in fields:
            out += f
            out += [""] * ls.gap
        out += [""] * rng.randint(1, 3)
        if pos.get("indicators"):
            cols = _table_columns(pos, rng, self.tp)
            rows = _logical_rows(pos, cols, rng, self.tp, self.mk)
            out += TABLE_RENDERERS[self.style](cols, rows, rng, self.tp, self.mk)
        out += [""] * rng.randint(1, 6)
        return out

    # ---- whole document ------------------------------------------------
    def render(self) -> str:
        g = self.g
        positions = g.get("positions") or []
        header_year = written_year(g)
        out = self.header(header_year)
        current = header_year
        for pos in positions:
            y = pos.get("year")
            if y is not None and y != current:
                out += self.year_cover(y)
                current = y
            out += self.block(pos)
        text = "\n".join(out)
        text = re.sub(r"\n{7,}", "\n" * 6, text).strip("\n") + "\n"
        return text


def render(gold: dict, rng: random.Random, table_style: str | None = None) -> tuple[str, str]:
    """Render `gold` as converter text. Returns (text, suffix '.txt' or '.md')."""
    d = DocRenderer(gold, rng, table_style)
    return d.render(), d.suffix


# --------------------------------------------------------------------------
# self-check: does the text hold every gold value?

def _normalise(text: str) -> str:
    t = re.sub(r"<[^>]+>", " ", text)
    t = _html.unescape(t)
    t = t.replace("**", " ").replace("\\|", "|")
    return re.sub(r"\s+", " ", t)


def missing_values(gold: dict, text: str) -> list[str]:
    """Gold values (or their '; '-parts) not found in the rendered text."""
    norm = _normalise(text)

    def found(v: str, where: str) -> bool:
        v = re.sub(r"\s+", " ", v).strip()
        return v in norm or where in ("region", "agency") and v.lower() in norm.lower()

    return missing(gold, found, formula_raw=True)


# --------------------------------------------------------------------------
# CLI

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", type=Path, help="gold JSON file(s)")
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--variants", type=int, default=1)
    ap.add_argument("--style", choices=TABLE_STYLES, default=None,
                    help="force one table style (default: varies per document)")
    ap.add_argument("--formula-layouts", action="store_true",
                    help="lay formula cells out in the new layouts of model.plan_cell (unlabelled, between "
                         "explanations, wrapped, stacked, in words, key-values); tables with cells that keep "
                         "line breaks only (pipe, html, cells)")
    args = ap.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    problems = 0
    for gpath in args.gold:
        source_gold, stem = load(gpath), gpath.stem
        # styles rotate through a per-file shuffle so the variants of one gold differ in table style;
        # everything else is drawn per document
        order = list(TABLE_STYLES)
        random.Random(f"{args.seed}:{stem}:styles").shuffle(order)
        order = [s for s in order if s != "tab"] if args.formula_layouts else order
        for k in range(1, args.variants + 1):
            gold = plan_formula_layouts(source_gold, random.Random(f"{args.seed}:{stem}:{k}:formula")) \
                if args.formula_layouts else source_gold
            d = DocRenderer(gold, random.Random(f"{args.seed}:{stem}:{k}"), args.style or order[(k - 1) % len(order)])
            text, out = d.render(), args.outdir / f"{stem}_v{k}{d.suffix}"
            for stale in (out.with_suffix(x) for x in (".txt", ".md") if x != d.suffix):
                stale.unlink(missing_ok=True)
            out.write_text(text, encoding="utf-8")
            dump(gold_copy(gold, out.name), out.with_suffix(".json"))  # the rendered file is a whole document
            problems += report(out, missing_values(gold, text))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

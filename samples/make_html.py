#!/usr/bin/env python3
"""Render a gold IKI annotation as an HTML page (an e-SAKIP style export), optionally printed to PDF.

A third producer beside Word/LibreOffice and reportlab: the page is what a web application writes
(a heading, the position's labels in a borderless table, TUGAS / FUNGSI as ``<ol>`` lists, the
indicator table with CSS borders and ``rowspan`` sasaran cells) and headless Chromium prints it, so
the PDF's ruling lines are Chromium's filled rectangles and its text runs are Skia's. The
PENJELASAN / FORMULASI cells use the layouts of ``model.plan_cell`` (``--formula-layouts``) or
the plain labelled layout: fractions are CSS boxes whose bar is the numerator's bottom border (or
a ``<hr>``), multipliers beside or below them, formulas wrapped by hand with ``<br>``.

Every text value of the gold is written verbatim. Standalone: nothing imported from the project.

Usage:
    python samples/make_html.py GOLD.json [...] -o OUTDIR [--seed N] [--formula-layouts] [--pdf]
        writes OUTDIR/<stem>_html.html (and, with --pdf, OUTDIR/<stem>_html.pdf via chromium)
        and OUTDIR/<stem>_html.json, the gold the page now holds
"""
from __future__ import annotations

import argparse
import html
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from model import chromium_pdf, dump, formula_spec, gold_copy, load, pick, plain, plan_formula_layouts, sasaran_groups  # noqa: E402

LETTERS = "abcdefghijklmnopqrstuvwxyz"
FONTS = ["Arial, sans-serif", "'Times New Roman', serif", "Verdana, sans-serif", "Georgia, serif"]

CSS = """
@page {{ size: {paper} {orient}; margin: 15mm; }}
body {{ font-family: {font}; font-size: {size}pt; }}
h1, h2 {{ text-align: center; font-size: {hsize}pt; margin: 4pt 0; }}
table.iki {{ border-collapse: collapse; width: 100%; margin-top: 8pt; }}
table.iki th, table.iki td {{ border: {bw}px solid #000; padding: 3pt; vertical-align: top; }}
table.iki th {{ background: {shade}; }}
table.labels td {{ padding: 1pt 4pt; vertical-align: top; }}
.frac {{ display: inline-table; text-align: center; vertical-align: middle; }}
.frac > span {{ display: table-row; }}
.frac > span.num > span, .frac > span.den > span {{ display: table-cell; padding: 1pt 2pt; }}
.frac > span.num > span {{ border-bottom: 1px solid #000; }}
.mult {{ display: inline-block; vertical-align: middle; margin-left: 4pt; }}
.fcol {{ width: {fw}%; }}
hr.bar {{ border: 0; border-top: 1px solid #000; margin: 1pt 10%; }}
"""


def esc(s) -> str:
    return html.escape(str(s), quote=False)


class HtmlRenderer:
    def __init__(self, gold: dict, rng: random.Random):
        self.g = gold
        self.rng = rng
        self.out: list[str] = []

    def labels(self, rows: list[tuple[str, str]]):
        self.out.append('<table class="labels">' + "".join(
            f"<tr><td>{esc(k)}</td><td>:</td><td>{v}</td></tr>" for k, v in rows) + "</table>")

    def items(self, items: list[str]) -> str:
        kind = pick(self.rng, [(2, "ol_alpha"), (1, "ol"), (1, "typed")])
        if kind == "typed":
            return "<br>".join(f"{LETTERS[i % 26]}. {esc(x)}" for i, x in enumerate(items))
        typ = ' type="a"' if kind == "ol_alpha" else ""
        return f"<ol{typ} style='margin:0;padding-left:16pt'>" + "".join(f"<li>{esc(x)}</li>" for x in items) + "</ol>"

    def formula(self, ind: dict) -> str:
        if "_cell" in ind:
            return "".join(self.block(b) for b in ind["_cell"])
        pen = ind.get("penjelasan")
        spec = formula_spec(ind, plain)
        parts = []
        if pen:
            parts.append(f"<div>{'' if ind.get('ambiguous') else '<b>Penjelasan :</b> '}{esc(pen)}</div>")
        if spec is not None:
            if spec["kind"] == "ratio":
                m = f" x {spec['mult']}{'%' if spec['pct'] else ''}" if spec["mult"] else ""
                text = f"{spec['num']} / {spec['den']}{m}"
            elif spec["kind"] == "count":
                text = f"f(x) = Σ {spec['core']}"
            else:
                text = spec["text"]
            parts.append(f"<div><b>Formulasi Penghitungan :</b> {esc(text)}</div>")
        return "".join(parts)

    def block(self, b: dict) -> str:
        t = b["t"]
        if t == "text":
            lab = f"<b>{esc(b['label'])}</b> " if b.get("label") else ""
            return f"<div>{lab}{esc(b['text'])}</div>"
        if t == "lines":
            return "<div>" + "<br>".join(esc(x) for x in b["lines"]) + "</div>"
        if t == "count":
            return f"<div>{esc(b.get('prefix') or b['sym'] + ' ')}{esc(b['core'])}</div>"
        sg = "∑ " if b["sigma"] else ""
        num, den, mult = esc(sg + b["num"]), esc(sg + b["den"]), b["mult"]
        if b["bar"] in ("underscores", "dashes"):
            ch = "_" if b["bar"] == "underscores" else "-"
            bar = ch * self.rng.randint(12, 28) + (f" {esc(mult)}" if mult and b["mult_at"] == "right" else "")
            s = f"<div style='text-align:center'>{num}<br>{bar}<br>{den}</div>"
            return s + (f"<div style='text-align:center'>{esc(mult)}</div>" if mult and b["mult_at"] != "right" else "")
        if b["bar"] == "border" or self.rng.random() < 0.3:
            s = f"<div style='text-align:center'>{num}<hr class='bar'>{den}</div>"
            return s + (f"<div style='text-align:center'>{esc(mult)}</div>" if mult else "")
        frac = f"<span class='frac'><span class='num'><span>{num}</span></span><span class='den'><span>{den}</span></span></span>"
        if mult and b["mult_at"] == "right":
            return f"<div>{frac}<span class='mult'>{esc(mult)}</span></div>"
        return f"<div>{frac}</div>" + (f"<div style='text-align:center'>{esc(mult)}</div>" if mult else "")

    def table(self, pos: dict):
        rng = self.rng
        inds = pos["indicators"]
        if not inds:
            return
        fh = pick(rng, [(3, "PENJELASAN / FORMULASI PENGHITUNGAN"), (1, "PENJELASAN/FORMULASI PERHITUNGAN")])
        cols = ["NO", "SASARAN KINERJA", "INDIKATOR KINERJA", fh, "SUMBER DATA"]
        has_target = any(i.get("target") for i in inds)
        if has_target:
            cols.append("TARGET")
        out = ['<table class="iki"><tr>' + "".join(
            f"<th{' class=fcol' if c == fh else ''}>{esc(c)}</th>" for c in cols) + "</tr>"]
        groups = sasaran_groups(inds)
        for gi, grp in enumerate(groups):
            for j, ind in enumerate(grp):
                tds = []
                if j == 0:
                    rs = f" rowspan={len(grp)}" if len(grp) > 1 else ""
                    tds.append(f"<td{rs}>{gi + 1}.</td><td{rs}>{esc(ind.get('sasaran') or '')}</td>")
                tds.append(f"<td>{esc(ind.get('indikator') or '')}</td>")
                tds.append(f"<td>{self.formula(ind)}</td>")
                tds.append(f"<td>{esc(ind.get('sumber_data') or '')}</td>")
                if has_target:
                    tds.append(f"<td>{esc(ind.get('target') or '')}</td>")
                out.append("<tr>" + "".join(tds) + "</tr>")
        out.append("</table>")
        self.out.append("\n".join(out))

    def render(self) -> str:
        g, rng = self.g, self.rng
        region = (g.get("region") or "").upper()
        self.out.append(f"<h2>PEMERINTAH {esc(region)}</h2>" if region else "")
        if g.get("agency"):
            self.out.append(f"<h2>{esc(g['agency'].upper())}</h2>")
        year = None
        for pos in g["positions"]:
            if pos.get("year") and pos["year"] != year:
                year = pos["year"]
                self.out.append(f"<h1>INDIKATOR KINERJA INDIVIDU TAHUN {year}</h1>")
            self.out.append("<div style='page-break-before:always'></div>" if rng.random() < 0.3 else "")
            if pos.get("kind") == "IKU" or not pos.get("jabatan"):
                self.out.append("<h1>INDIKATOR KINERJA UTAMA</h1>")
            else:
                self.out.append("<h2>INDIKATOR KINERJA INDIVIDU</h2>")
                rows = [("JABATAN", esc(pos["jabatan"]))]
                if pos.get("instansi"):
                    rows.append(("INSTANSI", esc(pos["instansi"])))
                for key, lab in (("tugas", "TUGAS"), ("fungsi", "FUNGSI")):
                    items = pos.get(key) or []
                    if len(items) == 1:
                        rows.append((lab, esc(items[0])))
                    elif items:
                        rows.append((lab, self.items(items)))
                    elif key == "fungsi":
                        rows.append((lab, "-"))
                self.labels(rows)
            self.table(pos)
        css = CSS.format(paper=pick(rng, [(2, "A4"), (1, "legal")]), orient=pick(rng, [(2, "landscape"), (1, "portrait")]),
                         font=rng.choice(FONTS), size=pick(rng, [(2, 10), (1, 11), (1, 9)]), hsize=12,
                         bw=pick(rng, [(3, 1), (1, 2)]), shade=pick(rng, [(2, "#fff"), (1, "#ddd")]),
                         fw=pick(rng, [(2, 30), (2, 18), (1, 14)]))
        return ("<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>IKI</title>"
                f"<style>{css}</style></head><body>\n" + "\n".join(x for x in self.out if x) + "\n</body></html>\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", type=Path)
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--formula-layouts", action="store_true", help="formula cells in model.plan_cell's layouts")
    ap.add_argument("--pdf", action="store_true", help="also print each page to PDF with headless chromium")
    args = ap.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    for gpath in args.gold:
        gold, stem = load(gpath), f"{gpath.stem}_html"
        rng = random.Random(f"{args.seed}:{gpath.stem}:html")
        if args.formula_layouts:
            gold = plan_formula_layouts(gold, random.Random(f"{args.seed}:{gpath.stem}:html:formula"))
        page = HtmlRenderer(gold, rng).render()
        hp = args.outdir / f"{stem}.html"
        hp.write_text(page, encoding="utf-8")
        name = hp.name
        if args.pdf:
            pp = args.outdir / f"{stem}.pdf"
            chromium_pdf(hp, pp)
            name = pp.name
        dump(gold_copy(gold, name), args.outdir / f"{stem}.json")
        print(f"{args.outdir / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

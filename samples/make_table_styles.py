#!/usr/bin/env python3
"""The gold IKI documents printed with table styles the table finder has to read without a full grid.

Written from a description of each kind (not from a failing file), so a held-out part of the golds
measures the table layer on styles it was not tuned on:

* ``html_light`` — Chromium: a rule under every row, no vertical rules, a shaded header, cells
  vertically centred (Word's "light list" look as a web page);
* ``html_booktabs_mid`` — Chromium: booktabs (a heavy rule above the header, a thin one under it, a
  heavy one at the end), cells vertically centred, so a multi-line row's NO and short values sit in
  the middle of its band;
* ``html_columns_mid`` — Chromium: a frame and a rule between every two columns, none between the
  rows but under the header, cells vertically centred (Word's "light grid" without row rules);
* ``html_zebra`` — Chromium: no rules at all, every other row shaded;
* ``rl_booktabs`` — reportlab: top, header and bottom rules only, cells vertically centred;
* ``rl_light`` — reportlab: a shaded header, a thin rule under every row, no vertical rules;
* ``rl_norules`` — reportlab: no rules and no shading;
* ``rl_norules_nohead`` — the same, the header not repeated on the pages a table continues on.

Each PDF is written with its gold JSON (``source`` set). Needs chromium and reportlab.

``--vary`` prints every document as another office would (written from that description, not from a
failing file): another font family (Helvetica, Times, Courier; Liberation Sans / Serif / Sans Narrow,
DejaVu Sans / Serif), table text of 7.5 to 10 pt with tighter or looser leading, cell padding of 1 to
5 pt (narrow gutters: a line of one column may run close to the next column's text), column widths
up to 40 % off the usual proportions, and another paper (A4, F4, Letter, Legal, portrait or
landscape, margins of 10 to 25 mm). Each document draws its own choices from ``--seed``.

Usage: python samples/make_table_styles.py samples/gold/*.json -o DIR [--kinds ...] [--positions N]
           [--seed N] [--vary]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_pdf  # noqa: E402
import make_producers  # noqa: E402

CSS = {
    "html_light": ("table{border-collapse:collapse} td,th{padding:3pt 6pt;vertical-align:middle}"
                   " tr{border-bottom:0.5pt solid #000} tr:first-child{background:#d9d9d9}"),
    "html_booktabs_mid": ("table{border-collapse:collapse;border-top:1.5pt solid #000;border-bottom:1.5pt solid #000}"
                          " tr:first-child td,th{border-bottom:0.5pt solid #000} td,th{padding:3pt 6pt;"
                          "vertical-align:middle}"),
    "html_columns_mid": ("table{border-collapse:collapse;border:0.75pt solid #000} td,th{border-left:0.75pt solid #000;"
                         "border-right:0.75pt solid #000;padding:3pt 6pt;vertical-align:middle}"
                         " tr:first-child td,th{border-bottom:0.75pt solid #000}"),
    "html_zebra": ("table{border-collapse:collapse} td,th{padding:3pt 6pt;vertical-align:top}"
                   " tr:nth-child(even){background:#eeeeee}"),
}
KINDS = tuple(CSS) + ("rl_booktabs", "rl_light", "rl_norules", "rl_norules_nohead")


HTML_FONTS = ("'Liberation Sans',sans-serif", "'Liberation Serif',serif", "'Liberation Sans Narrow',sans-serif",
              "'DejaVu Sans',sans-serif", "'DejaVu Serif',serif")
HTML_PAGES = ("A4", "A4 landscape", "letter", "letter landscape", "legal", "legal landscape", "215mm 330mm",
              "330mm 215mm")


def vary_css(rng: random.Random) -> str:
    """CSS for a page printed as another office would: font, size, leading, padding, widths, paper."""
    size = rng.choice([7.5, 8, 8.5, 9, 9.5, 10])
    pad_v, pad_h = rng.choice([1, 2, 3, 4]), rng.choice([1, 1.5, 2, 3, 4, 5])
    css = (f"@page{{size:{rng.choice(HTML_PAGES)};margin:{rng.choice([10, 15, 20, 25])}mm}}"
           f" body{{font-family:{rng.choice(HTML_FONTS)}}}"
           f" table{{font-size:{size}pt;line-height:{rng.choice([1.05, 1.15, 1.25, 1.35])}}}"
           f" td,th{{padding:{pad_v}pt {pad_h}pt}}")
    # column widths away from the browser's own proportions (a narrow NO, a wide or narrow formula column)
    for k in range(1, 9):
        if rng.random() < 0.5:
            css += f" td:nth-child({k}){{width:{rng.randint(4, 30)}%}}"
    return css


class StyledRenderer(make_pdf.Renderer):
    """make_pdf's renderer with the indicator table's grid replaced by one of the light styles."""

    kind = "rl_booktabs"
    vary = False

    def __init__(self, gold: dict, rng: random.Random):
        super().__init__(gold, rng)
        if not self.vary:
            return
        from reportlab.lib.pagesizes import A4, LEGAL, LETTER
        fams = dict(make_pdf.FAMILIES, Courier=("Courier", "Courier-Bold", "Courier-Oblique"))
        self.ft, self.ftb, self.fti = fams[rng.choice(sorted(fams))]
        self.fb, self.fbb, self.fbi = fams[rng.choice(sorted(fams))]
        self.page = rng.choice([A4, make_pdf.F4, LETTER, LEGAL])
        self.table_size = rng.choice([7.5, 8, 8.5, 9, 9.5, 10])
        self.leading = rng.choice([1.1, 1.15, 1.22, 1.3])
        self.pad = (rng.choice([1, 1.5, 2, 3, 4, 5]), rng.choice([1, 2, 3, 4]))  # horizontal, vertical
        self.width_jitter = [rng.uniform(0.6, 1.4) for _ in range(12)]
        self.styles()

    def styles(self):
        super().styles()
        if self.vary and hasattr(self, "leading"):
            for st in (self.s_cell, self.s_cellc, self.s_th):
                st.leading = self.table_size * self.leading

    def _columns(self, pos: dict) -> list:
        cols = super()._columns(pos)
        if self.vary:
            cols = [(k, h, w * j) for (k, h, w), j in zip(cols, self.width_jitter)]
        return cols

    def indicator_table(self, pos: dict) -> list:
        from reportlab.lib import colors
        from reportlab.platypus import TableStyle

        title, t = super().indicator_table(pos)
        if self.kind.endswith("_nohead"):
            t.repeatRows = 0
        t._linecmds = []
        t._bkgrndcmds = []
        cmds = [("VALIGN", (0, 0), (-1, -1), "MIDDLE" if self.kind == "rl_booktabs" else "TOP")]
        if self.vary:
            ph, pv = self.pad
            cmds += [("LEFTPADDING", (0, 0), (-1, -1), ph), ("RIGHTPADDING", (0, 0), (-1, -1), ph),
                     ("TOPPADDING", (0, 0), (-1, -1), pv), ("BOTTOMPADDING", (0, 0), (-1, -1), pv + 0.5)]
        if self.kind == "rl_booktabs":
            cmds += [("LINEABOVE", (0, 0), (-1, 0), 1.4, colors.black),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                     ("LINEBELOW", (0, -1), (-1, -1), 1.4, colors.black)]
        elif self.kind == "rl_light":
            cmds += [("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
                     ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.black)]
        t.setStyle(TableStyle(cmds))
        return [title, t]


def render_rl(gold: dict, kind: str, out: Path, seed: int, vary: bool = False) -> None:
    rng = random.Random(f"{seed}:{out.stem}:rl")
    make_pdf.IkiTable.row_splits = []
    StyledRenderer.vary = vary
    try:
        r = StyledRenderer(gold, rng)
        r.kind = kind
        r.build(out)
    finally:
        make_pdf.IkiTable.row_splits = None
        StyledRenderer.vary = False


def render_html(gold: dict, kind: str, out: Path, seed: int, vary: bool = False) -> None:
    css = CSS[kind]
    if vary:
        css += " " + vary_css(random.Random(f"{seed}:{out.stem}:css"))
    text, _ = make_producers.render_text.render(gold, random.Random(f"{seed}:{out.stem}"), table_style="html")
    make_producers.model.chromium_pdf(make_producers.text_to_html(text, css), out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("golds", nargs="+", type=Path)
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--kinds", nargs="*", default=list(KINDS), choices=KINDS)
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--positions", type=int, default=0, help="keep only the first N positions of each gold")
    ap.add_argument("--vary", action="store_true", help="other fonts, sizes, paddings, column widths and paper")
    a = ap.parse_args(argv)
    a.outdir.mkdir(parents=True, exist_ok=True)
    make_producers.CSS.update(CSS)
    for gpath in a.golds:
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        if a.positions:
            gold = dict(gold, positions=gold["positions"][:a.positions])
        for kind in a.kinds:
            out = a.outdir / f"{gpath.stem}_{kind}{f'_v{a.seed}' if a.vary else ''}.pdf"
            if kind.startswith("html"):
                render_html(gold, kind, out, a.seed, a.vary)
            else:
                render_rl(gold, kind, out, a.seed, a.vary)
            g2 = dict(gold, source=out.name, part=None)
            out.with_suffix(".json").write_text(json.dumps(g2, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"{out} {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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

Usage: python samples/make_table_styles.py samples/gold/*.json -o DIR [--kinds ...] [--positions N]
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


class StyledRenderer(make_pdf.Renderer):
    """make_pdf's renderer with the indicator table's grid replaced by one of the light styles."""

    kind = "rl_booktabs"

    def indicator_table(self, pos: dict) -> list:
        from reportlab.lib import colors
        from reportlab.platypus import TableStyle

        title, t = super().indicator_table(pos)
        if self.kind.endswith("_nohead"):
            t.repeatRows = 0
        t._linecmds = []
        t._bkgrndcmds = []
        cmds = [("VALIGN", (0, 0), (-1, -1), "MIDDLE" if self.kind == "rl_booktabs" else "TOP")]
        if self.kind == "rl_booktabs":
            cmds += [("LINEABOVE", (0, 0), (-1, 0), 1.4, colors.black),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                     ("LINEBELOW", (0, -1), (-1, -1), 1.4, colors.black)]
        elif self.kind == "rl_light":
            cmds += [("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
                     ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.black)]
        t.setStyle(TableStyle(cmds))
        return [title, t]


def render_rl(gold: dict, kind: str, out: Path, seed: int) -> None:
    rng = random.Random(f"{seed}:{out.stem}:rl")
    make_pdf.IkiTable.row_splits = []
    try:
        r = StyledRenderer(gold, rng)
        r.kind = kind
        r.build(out)
    finally:
        make_pdf.IkiTable.row_splits = None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("golds", nargs="+", type=Path)
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--kinds", nargs="*", default=list(KINDS), choices=KINDS)
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--positions", type=int, default=0, help="keep only the first N positions of each gold")
    a = ap.parse_args(argv)
    a.outdir.mkdir(parents=True, exist_ok=True)
    make_producers.CSS.update(CSS)
    for gpath in a.golds:
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        if a.positions:
            gold = dict(gold, positions=gold["positions"][:a.positions])
        for kind in a.kinds:
            out = a.outdir / f"{gpath.stem}_{kind}.pdf"
            if kind.startswith("html"):
                make_producers.render_html(gold, kind, out, a.seed)
            else:
                render_rl(gold, kind, out, a.seed)
            g2 = dict(gold, source=out.name, part=None)
            out.with_suffix(".json").write_text(json.dumps(g2, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"{out} {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

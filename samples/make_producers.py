#!/usr/bin/env python3
"""The gold IKI documents printed by other producers, with and without ruling lines.

Real folders hold PDFs from Word, WPS, Chromium "Print to PDF" and report generators, and
many of their tables have no vertical rules (Word's light table styles, booktabs-like
reports) or no rules at all. This script renders ``samples/gold/*.json`` through the
existing generators and prints them with other producers:

* ``html_grid`` / ``html_plain`` / ``html_booktabs`` — the HTML-table rendering of
  ``samples/render_text.py`` as a web page printed to PDF by headless Chromium: with CSS
  borders on every cell, with no rules at all (columns kept by whitespace), and with one
  rule above and below the table and one under the header;
* ``lo_light`` / ``lo_lightlist`` — ``samples/make_docx.py`` documents whose tables are
  given Word's light styles (no vertical rules: top, header and bottom rules only; or a
  rule between every row), exported by LibreOffice;
* ``rl_hrules`` — ``samples/make_pdf.py`` (reportlab) with horizontal rules only;
* ``rl_sideways`` — the reportlab document with every page's content turned a quarter turn
  on a portrait page without ``/Rotate`` (a table printed sideways), and ``rl_rotate`` —
  pages stored with ``/Rotate 90`` whose content is drawn so that they display upright.

Each PDF is written with its gold JSON (``source`` set). Needs chromium, LibreOffice
(soffice) and reportlab; the PDFs are committed so the tests need none of them.

Usage: python samples/make_producers.py samples/gold/*.json -o DIR [--kinds ...] [--seed N] [--positions N]

The committed test set: ``python samples/make_producers.py samples/gold/000.json samples/gold/003.json
-o tests/data/producers --positions 4``
"""
from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_docx  # noqa: E402
import make_pdf  # noqa: E402
import render_text  # noqa: E402
import model  # noqa: E402
from model import balanced  # noqa: E402

KINDS = ("html_grid", "html_plain", "html_booktabs", "lo_light", "lo_lightlist", "rl_hrules", "rl_sideways",
         "rl_rotate")

CSS = {
    "html_grid": "table{border-collapse:collapse} td,th{border:0.75pt solid #000;padding:3pt 5pt;vertical-align:top}",
    "html_plain": "table{border-collapse:collapse} td,th{padding:3pt 7pt;vertical-align:top}",
    "html_booktabs": ("table{border-collapse:collapse;border-top:1.2pt solid #000;border-bottom:1.2pt solid #000}"
                      " th{border-bottom:0.6pt solid #000} td,th{padding:3pt 7pt;vertical-align:top}"),
}


# ----------------------------------------------------------------------------- HTML → Chromium


_SYMBOLS = {"\\times": "×", "\\cdot": "·", "\\%": "%", "\\Sigma": "Σ", "\\sum": "Σ", "\\left": "",
            "\\right": "", "\\,": " ", "\\;": " ", "\\ ": " "}
FRAC_CSS = (".frac{display:inline-block;vertical-align:middle;text-align:center;margin:0 2pt}"
            ".frac>span{display:block;padding:0 2pt}.frac>.den{border-top:0.6pt solid #000}")


def latex_to_html(tex: str) -> str:
    """The inside of a ``$...$`` formula as a browser shows typeset math: ``\\frac`` as a numerator
    over a bar over a denominator, ``\\text{..}`` as its words, symbols as their characters."""
    out, i = [], 0
    while i < len(tex):
        if tex.startswith("\\frac", i):
            num = balanced(tex, i + 5)
            den = balanced(tex, num[1]) if num else None
            if num and den:
                out.append(f"<span class='frac'><span>{latex_to_html(num[0])}</span>"
                           f"<span class='den'>{latex_to_html(den[0])}</span></span>")
                i = den[1]
                continue
        m = re.match(r"\\(?:text|mathrm|textbf|mathbf)\s*", tex[i:])
        if m:
            grp = balanced(tex, i + m.end())
            if grp:
                out.append(latex_to_html(grp[0]))
                i = grp[1]
                continue
        for cmd, ch in _SYMBOLS.items():
            if tex.startswith(cmd, i):
                out.append(html.escape(ch))
                i += len(cmd)
                break
        else:
            if tex[i] in "{}":
                i += 1
                continue
            if tex[i] == "\\":
                m = re.match(r"\\[A-Za-z]+", tex[i:])
                i += m.end() if m else 1
                continue
            out.append(html.escape(tex[i]))
            i += 1
    return "".join(out)


def math_html(escaped: str) -> str:
    """HTML text with ``$...$`` formulas typeset (see :func:`latex_to_html`)."""
    return re.sub(r"\$([^$]+)\$", lambda m: latex_to_html(html.unescape(m.group(1))), escaped)


def _inline_open(s: str, bold: bool) -> tuple[str, bool]:
    """One line of markdown-ish text as HTML: ``**`` toggles bold, and a bold span left open at
    the end of the line is closed there and reopened on the next one (``bold`` in and out)."""
    parts = html.escape(s).split("**")
    out = "<b>" if bold else ""
    for i, part in enumerate(parts):
        if i:
            bold = not bold
            out += "<b>" if bold else "</b>"
        out += part
    out = math_html(out)
    return (out + "</b>" if bold else out), bold


def text_to_html(text: str, css: str) -> str:
    """render_text's converter text (markdown-ish lines with HTML tables) as a web page."""
    out = ["<!doctype html><html><head><meta charset='utf-8'><style>",
           "@page{size:A4;margin:18mm} body{font-family:'Liberation Serif',serif;font-size:10.5pt}"
           " p{margin:0 0 2pt 0;white-space:pre-wrap} th{font-weight:bold} table{margin:6pt 0 10pt 0;"
           "font-size:9.5pt;width:100%} h1,h2,h3{font-size:12pt;margin:10pt 0 4pt 0}", FRAC_CSS, css,
           "</style></head><body>"]
    in_table = False
    bold = False  # a **bold** span may run over several lines (a letterhead block)
    for line in text.split("\n"):
        s = line.rstrip()
        if s.lstrip().startswith("<table"):
            in_table = True
            # the page's CSS decides the rules, not the converter's border attribute
            s = re.sub(r"<table[^>]*>", "<table>", s.lstrip(), count=1)
        if in_table:
            out.append(math_html(s))
            if "</table>" in s:  # a table written on one line closes on the line it opens
                in_table = False
            continue
        if not s.strip():
            continue
        m = re.match(r"^(#{1,3})\s+(.*)$", s)
        tag, body = (f"h{len(m.group(1))}", m.group(2)) if m else ("p", s)
        body, bold = _inline_open(body, bold)
        out.append(f"<{tag}>{body}</{tag}>")
    out.append("</body></html>")
    return "\n".join(out)


def render_html(gold: dict, kind: str, out: Path, seed: int) -> None:
    text, _ = render_text.render(gold, random.Random(f"{seed}:{out.stem}"), table_style="html")
    model.chromium_pdf(text_to_html(text, CSS[kind]), out)


# ----------------------------------------------------------------------------- DOCX light styles → LibreOffice


def _borders(kind: str, header: bool) -> dict:
    """Borders of one cell for a light style: no vertical rules."""
    b = {"left": None, "right": None, "insideV": None}
    if kind == "lo_light":      # top rule, a rule under the header, bottom rule
        b.update(top=None, bottom="single" if header else None)
    else:                       # a rule under every row
        b.update(top=None, bottom="single")
    return b


def light_tables(path: Path, kind: str) -> int:
    """Give the bordered tables of a DOCX a light style (no vertical rules). Returns how many."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document(str(path))
    n = 0
    for t in d.tables:
        tbl_pr = t._tbl.tblPr
        xml = t._tbl.xml
        if "w:tblBorders" not in xml and "w:tcBorders" not in xml and (t.style is None or "Grid" not in t.style.name):
            continue  # a layout table without rules stays as it is
        n += 1
        t.style = d.styles["Normal Table"] if "Normal Table" in [s.name for s in d.styles] else None
        for old in tbl_pr.findall(qn("w:tblBorders")):
            tbl_pr.remove(old)
        tb = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            e = OxmlElement(f"w:{side}")
            on = side in ("top", "bottom") or (side == "insideH" and kind == "lo_lightlist")
            e.set(qn("w:val"), "single" if on else "nil")
            if on:
                e.set(qn("w:sz"), "8" if side in ("top", "bottom") else "4")
                e.set(qn("w:space"), "0")
                e.set(qn("w:color"), "000000")
            tb.append(e)
        tbl_pr.append(tb)
        for r, row in enumerate(t.rows):
            for cell in row.cells:
                tc_pr = cell._tc.get_or_add_tcPr()
                for old in tc_pr.findall(qn("w:tcBorders")):
                    tc_pr.remove(old)
                if r == 0:
                    cb = OxmlElement("w:tcBorders")
                    e = OxmlElement("w:bottom")
                    e.set(qn("w:val"), "single")
                    e.set(qn("w:sz"), "6")
                    e.set(qn("w:space"), "0")
                    e.set(qn("w:color"), "000000")
                    cb.append(e)
                    tc_pr.append(cb)
    d.save(str(path))
    return n


def render_lo(gold: dict, kind: str, out: Path, seed: int) -> None:
    rng = random.Random(f"{seed}:{out.stem}")
    style = make_docx.default_style(rng)
    style["table_border"] = "explicit"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / (out.stem + ".docx")
        make_docx.render_docx(gold, src, rng, style)
        light_tables(src, kind)
        shutil.move(str(model.soffice([src], tmp)[0]), out)


# ----------------------------------------------------------------------------- reportlab variants


class HRulesRenderer(make_pdf.Renderer):
    """make_pdf's renderer with the indicator table's grid replaced by horizontal rules only."""

    def indicator_table(self, pos: dict) -> list:
        from reportlab.lib import colors
        from reportlab.platypus import TableStyle

        title, t = super().indicator_table(pos)
        t._linecmds = []
        t.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                               ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.black),
                               ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black)]))
        return [title, t]


def render_rl(gold: dict, kind: str, out: Path, seed: int) -> None:
    rng = random.Random(f"{seed}:{out.stem}:rl")
    make_pdf.IkiTable.row_splits = []
    try:
        if kind == "rl_hrules":
            HRulesRenderer(gold, rng).build(out)
            return
        with tempfile.TemporaryDirectory() as tmp:
            plain = Path(tmp) / "plain.pdf"
            make_pdf.Renderer(gold, rng).build(plain)
            turn_pages(plain, out, sideways=(kind == "rl_sideways"))
    finally:
        make_pdf.IkiTable.row_splits = None


def turn_pages(src: Path, out: Path, sideways: bool) -> None:
    """Every page's content turned a quarter turn. ``sideways``: on a page of swapped size and no
    /Rotate (the text runs up the page); else the page also gets /Rotate 90 so it displays
    upright again (how many printers store landscape pages)."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    for page in writer.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        # turn the content anticlockwise: (x, y) -> (h - y, x) on a page h wide and w tall
        page.add_transformation(Transformation().rotate(90).translate(h, 0))
        page.mediabox.lower_left = (0, 0)
        page.mediabox.upper_right = (h, w)
        page.cropbox.lower_left = (0, 0)
        page.cropbox.upper_right = (h, w)
        if not sideways:
            page.rotate(90)
    with open(out, "wb") as fh:
        writer.write(fh)


# ----------------------------------------------------------------------------- CLI


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("golds", nargs="+", type=Path)
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--kinds", nargs="*", default=list(KINDS), choices=KINDS)
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--positions", type=int, default=0,
                    help="keep only the first N positions of each gold (small files for the tests)")
    a = ap.parse_args(argv)
    a.outdir.mkdir(parents=True, exist_ok=True)
    for gpath in a.golds:
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        if a.positions:
            gold = dict(gold, positions=gold["positions"][:a.positions])
        for kind in a.kinds:
            out = a.outdir / f"{gpath.stem}_{kind}.pdf"
            if kind.startswith("html"):
                render_html(gold, kind, out, a.seed)
            elif kind.startswith("lo"):
                render_lo(gold, kind, out, a.seed)
            else:
                render_rl(gold, kind, out, a.seed)
            g2 = dict(gold, source=out.name, part=None)
            out.with_suffix(".json").write_text(json.dumps(g2, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"{out} {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

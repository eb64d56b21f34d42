#!/usr/bin/env python3
"""Variants of the real-agency document kinds (issue 11), in text, Word and PDF, with their gold JSON.

``tests/data/cases/real-kinds`` holds one small document per kind of layout feature that real IKI,
IKU and Perjanjian Kinerja documents use. ``samples/kinds.json`` holds *other* documents of the same
kinds — other wordings, agencies and provinces, all invented — each as its gold and its layout (a list
of parts: ``title``, ``line``, ``labels``, ``table`` with header rows, rows and options, ``signature``,
``break``), and converter text of three kinds as written:

* ``ka`` unit labels (``Nama Seksi :``, a heading naming the unit, ``Nama Unit : … / Kerja`` over two lines,
  ``Unit Organisasi``, items past ``z.``, ``1. …; 2. …`` on one line, a ``Keterangan :`` note);
* ``kb`` a Perjanjian Kinerja naming the parties before Nama / Jabatan, a budget table that is no indicator table;
* ``kc`` an IKI named only above the signer's name; ``kd`` a provincial IKU with a two-row header (TARGET
  over one column per year) and a URAIAN / ALASAN / RUMUS table; ``kf`` a headerless table on a finer
  grid, signature last; ``kg`` a year from ``Tanggal``, a kabupaten in running text;
* ``ke`` converter text: cell lines without blank lines, columns as blocks, a page as one paragraph.

This script writes each document as text (the list and table writers of ``samples/render_text.py``) and
Word (python-docx); with ``--pdf`` LibreOffice prints the Word files and ``pdftotext -layout`` gives the
text of two of them; with ``--converter-text`` the real-kinds Word cases go the same way (``kh_*``: what
a document-sharing site gives for a PDF).

    python samples/make_kinds.py -o tests/data/kinds_variants [--pdf] [--converter-text]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_docx import _fixed_core, _save_deterministic, _strip_thumbnail  # noqa: E402
from model import dump, load, pdftotext_layout, soffice  # noqa: E402
from render_text import TABLE_RENDERERS, CellMarkup, ListStyle, TablePrefs, missing_values, render_list  # noqa: E402

CASES = HERE.parent / "tests" / "data" / "cases" / "real-kinds"
STYLES = {"ka": "tab", "kb": "tab", "kc": "cells", "kd": "tab", "kf": "tab", "kg": "pipe"}


# ----------------------------------------------------------------------------- text rendering


def _label_lines(labels, rng, width=18):
    lines = []
    for label, value in labels:
        name = label.split("\n")
        if isinstance(value, list):
            lines.append(f"{name[0]:<{width}}:")
            st = ListStyle(rng, md=False)
            st.label, st.wrap_p, st.nest_p, st.indent = "alpha", 0.0, 0.0, " " * 4
            lines += render_list(value, st, rng)
        else:
            lines.append(f"{name[0]:<{width}}:   {value}")
        lines += name[1:]  # the rest of a label broken over two lines
    return lines


def _text_table(header, rows, opts, rng, style):
    """A table as converter text: the single-row headers through render_text's renderers, the rest as tab rows."""
    carried = [list(r) for r in rows]
    for r, row in enumerate(carried):
        carried[r] = ["" if c is None else c.replace("\n", " ") for c in row]
    if header is not None and len(header) == 1 and style in TABLE_RENDERERS:
        cols = [(f"c{i}", text) for i, (text, _) in enumerate(header[0])]
        body = [{"cells": {f"c{i}": [c] if c else [] for i, c in enumerate(row)}, "stack": None} for row in carried]
        tp = TablePrefs(rng, style)
        tp.numrow, tp.break_p = None, 0.0
        mk = CellMarkup(rng, style, md=False)
        mk.join = "space"
        return TABLE_RENDERERS[style](cols, body, rng, tp, mk)
    lines = []
    for hrow in header or []:
        cells = []
        for text, span in hrow:
            cells += [text] + [""] * (span - 1)
        lines.append("\t".join(cells))
    lines += ["\t".join(r) for r in carried]
    if opts.get("signature"):
        lines += ["", *opts["signature"].split("\n")]
    return lines


def render_txt(parts, rng, style="tab") -> str:
    lines: list[str] = []
    for part in parts:
        kind = part[0]
        if kind in ("title", "line"):
            lines.append(part[1])
        elif kind == "labels":
            lines += _label_lines(part[1], rng)
        elif kind == "table":
            lines += [""] + _text_table(part[1], part[2], part[3], rng, style) + [""]
        elif kind == "signature":
            for block in part[1]:
                lines += [x for x in block if x] + [""]
        elif kind == "break":
            lines.append("\f")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- Word rendering


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "none")
        el.set(qn("w:sz"), "0")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "auto")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _fill(cell, text):
    parts = (text or "").split("\n")
    cell.text = parts[0]
    for extra in parts[1:]:
        cell.add_paragraph(extra)


def _docx_table(d, header, rows, opts):
    grid = opts.get("grid") or [1] * len(rows[0])
    n_cols = sum(grid) if header is None else sum(span for _, span in header[0])
    n_rows = len(header or []) + len(rows) + (1 if opts.get("signature") else 0)
    t = d.add_table(rows=n_rows, cols=n_cols)
    t.style = "Table Grid"
    r0 = 0
    for hrow in header or []:
        c = 0
        for text, span in hrow:
            cell = t.cell(r0, c) if span == 1 else t.cell(r0, c).merge(t.cell(r0, c + span - 1))
            if text:
                _fill(cell, text)
            c += span
        r0 += 1
    if header and len(header) > 1 and opts.get("merge_header"):
        for c in range(n_cols):  # a header cell with nothing under it spans both header rows
            if not t.cell(1, c).text and t.cell(0, c).text and t.cell(0, c)._tc is not t.cell(0, min(c + 1, n_cols - 1))._tc:
                t.cell(0, c).merge(t.cell(1, c))
    for r, row in enumerate(rows):
        c = 0
        for text, span in zip(row, grid):
            if text is None:
                t.cell(r0 + r - 1, c).merge(t.cell(r0 + r, c))
            else:
                cell = t.cell(r0 + r, c) if span == 1 else t.cell(r0 + r, c).merge(t.cell(r0 + r, c + span - 1))
                _fill(cell, text)
            c += span
    if opts.get("signature"):
        last = n_rows - 1
        t.cell(last, 0).merge(t.cell(last, n_cols // 2 - 1))
        _fill(t.cell(last, n_cols // 2).merge(t.cell(last, n_cols - 1)), opts["signature"])


def render_docx(parts, path: Path, title: str):
    d = Document()
    _strip_thumbnail(d)
    st = d.styles["Normal"]
    st.font.name = "Arial"
    st.font.size = Pt(10)
    if any(p[0] == "table" and p[1] and sum(span for _, span in p[1][0]) > 7 for p in parts):
        sec = d.sections[0]  # a wide table: landscape pages
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
        st.font.size = Pt(8)
    for part in parts:
        kind = part[0]
        if kind == "title":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(part[1]).bold = True
        elif kind == "line":
            d.add_paragraph(part[1])
        elif kind == "labels":
            t = d.add_table(rows=len(part[1]), cols=3)
            _no_borders(t)
            for r, (label, value) in enumerate(part[1]):
                _fill(t.cell(r, 0), label)
                _fill(t.cell(r, 1), ":")
                if isinstance(value, list):
                    letters = [chr(97 + k) if k < 26 else "a" + chr(97 + k - 26) for k in range(len(value))]
                    value = "\n".join(f"{lab}. {v}" for lab, v in zip(letters, value))
                _fill(t.cell(r, 2), value)
        elif kind == "table":
            d.add_paragraph()
            _docx_table(d, part[1], part[2], part[3])
        elif kind == "signature":
            t = d.add_table(rows=1, cols=len(part[1]))
            _no_borders(t)
            for c, block in enumerate(part[1]):
                _fill(t.cell(0, c), "\n".join(block))
        elif kind == "break":
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _fixed_core(d, title, "iki samples")
    _save_deterministic(d, path)


# ----------------------------------------------------------------------------- main


def converter_text(out: Path) -> None:
    """The real-kinds Word cases printed by LibreOffice, as ``pdftotext -layout`` text (``kh_*``)."""
    with tempfile.TemporaryDirectory() as tmp:
        for docx in sorted(CASES.glob("k*.docx")):
            name = f"kh_{docx.stem}_layout"
            (out / f"{name}.txt").write_text(pdftotext_layout(soffice([docx], tmp)[0]), encoding="utf-8")
            gold = dict(load(CASES / f"{docx.stem}.json"), source=f"{name}.txt")
            (out / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--out", default="tests/data/kinds_variants")
    ap.add_argument("--pdf", action="store_true", help="also print each .docx to .pdf with LibreOffice, and "
                    "write pdftotext -layout text of ka and kd")
    ap.add_argument("--converter-text", action="store_true", help="also the kh_* text of the real-kinds cases")
    a = ap.parse_args(argv)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    kinds = load(HERE / "kinds.json")
    problems = []
    for doc in kinds["documents"]:
        g, parts = doc["gold"], doc["parts"]
        stem = g["source"]
        style = STYLES[stem[:2]]
        text = render_txt(parts, random.Random(stem), style)
        name = f"{stem}_txt" + (".md" if style == "pipe" else ".txt")
        (out / name).write_text(text, encoding="utf-8")
        dump(dict(g, source=name), out / f"{stem}_txt.json")
        # a TIPE PERHITUNGAN column is kept in the penjelasan under its header's name, not as written
        problems += [f"{stem}: {m}" for m in missing_values(g, text) if " TIPE" not in m]
        render_docx(parts, out / f"{stem}_docx.docx", stem)
        dump(dict(g, source=f"{stem}_docx.docx"), out / f"{stem}_docx.json")
        if a.pdf:
            with tempfile.TemporaryDirectory() as tmp:
                shutil.copy(soffice([out / f"{stem}_docx.docx"], tmp)[0], out / f"{stem}_pdf.pdf")
            dump(dict(g, source=f"{stem}_pdf.pdf"), out / f"{stem}_pdf.json")
            if stem[:2] in ("ka", "kd"):
                (out / f"{stem}_layout.txt").write_text(pdftotext_layout(out / f"{stem}_pdf.pdf"), encoding="utf-8")
                dump(dict(g, source=f"{stem}_layout.txt"), out / f"{stem}_layout.json")
    for doc in kinds["converter_text"]:
        g, text = doc["gold"], doc["text"]
        (out / f"{g['source']}.txt").write_text(text, encoding="utf-8")
        dump(dict(g, source=f"{g['source']}.txt"), out / f"{g['source']}.json")
        problems += [f"{g['source']}: {m}" for m in missing_values(g, text)]
    if a.converter_text:
        converter_text(out)
    for p in problems:
        print("check:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

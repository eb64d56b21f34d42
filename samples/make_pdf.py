#!/usr/bin/env python3
"""Render a gold IKI annotation straight to PDF with reportlab (a second PDF producer).

The LibreOffice exports in samples/pdf/ all come from one producer (LibreOffice 7.x,
embedded Liberation/DejaVu subsets).  This script writes the same gold content the way
a different agency's office software would: base-14 Helvetica/Times fonts (not
embedded), other margins and sizes, portrait pages for the position text and landscape
pages for the indicator tables, and every table ruling line drawn by reportlab itself
(platypus Table with a GRID style).  Features the extractor has to cope with:

* letterhead + title on page 1; a running header line (text + rule) and a footer
  "Halaman N" on every page, drawn on the canvas: they are NOT IKI content;
* per position: heading, a borderless label layout ("1. | JABATAN | : | value") whose
  list items are separate rows ("a.", "b.", sub-items with "-"), typed ";"/"; dan"
  terminators that the gold strips;
* the indicator table on landscape pages: header row repeated on each page
  (repeatRows=1), a column-number row "(1) (2) ..." on the first page only, NO and
  SASARAN cells spanning the rows of their group (SPAN), rows allowed to split across
  a page break (splitInRow=1, so a long penjelasan continues on the next page);
* formulas: a real stacked fraction drawn inside the cell (numerator, a short rule
  under it that is not a cell border, the denominator under the rule and "x 100%" to
  the right, vertically centred on the rule), "f(x) = Σ ..." count formulas (Σ from the
  Symbol font) and plain-text formulas.

Every text value of the gold is written verbatim; only layout, labels and markup vary.
Standalone: reportlab only, nothing imported from the project.

Usage:
    python samples/make_pdf.py GOLD.json [...] -o OUTDIR [--seed N] [--formula-layouts]
        writes OUTDIR/<stem>_rl.pdf and OUTDIR/<stem>_rl.json (the gold, "source" set), and checks that
        every gold value is in the PDF's text (pdfplumber; words wrapped inside a table column and
        line-end hyphens allowed for).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, NextPageTemplate,
                                PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from model import (dump, fold as _fold, formula_spec, gold_copy, has, load, missing, pdf_text, plain,  # noqa: E402
                   plan_formula_layouts, report)

F4 = (215 * mm, 330 * mm)
LETTERS = "abcdefghijklmnopqrstuvwxyz"

FAMILIES = {
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic"),
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
}
STREETS = ["Jl. Merdeka Barat No. 4", "Jl. Gajah Mada No. 101", "Jl. Sultan Agung No. 17",
           "Jl. Imam Bonjol No. 33", "Jl. Cokroaminoto No. 8", "Jl. Jaksa Agung Suprapto No. 2"]


# --------------------------------------------------------------------------
# flowables

def _x(s) -> str:
    return escape(str(s))


def _sym(s: str) -> str:
    """Paragraph markup: Σ/∑ in the Symbol font (not in the WinAnsi base-14 fonts)."""
    return re.sub(r"[Σ∑]", lambda m: '<font face="Symbol">\u2211</font>', _x(s))


class Fraction(Flowable):
    """A stacked fraction: numerator, a short rule under it, denominator, 'x 100%' right of the rule."""

    def __init__(self, num: str, den: str, suffix: str, prefix: str, style: ParagraphStyle):
        super().__init__()
        self.num, self.den, self.suffix, self.prefix = num, den, suffix, prefix
        self.st = ParagraphStyle("frac", parent=style, alignment=TA_CENTER)
        self.gap = 2.4

    def _w(self, s: str) -> float:
        return stringWidth(s, self.st.fontName, self.st.fontSize)

    def wrap(self, aw, ah):
        self.pw = self._w(self.prefix + " ") if self.prefix else 0.0
        self.sw = self._w(" " + self.suffix) if self.suffix else 0.0
        room = max(aw - self.pw - self.sw - 2, 40)
        probe = [Paragraph(_sym(t), self.st) for t in (self.num, self.den)]
        widths = []
        for p in probe:
            p.wrap(room, ah)
            widths.append(max(p.getActualLineWidths0() or [room]))
        self.bar = min(room, max(widths) + 3)
        self.np, self.dp = (Paragraph(_sym(t), self.st) for t in (self.num, self.den))
        _, self.nh = self.np.wrap(self.bar, ah)
        _, self.dh = self.dp.wrap(self.bar, ah)
        self.width = self.pw + self.bar + self.sw
        self.height = self.nh + self.dh + 2 * self.gap
        return self.width, self.height

    def draw(self):
        c = self.canv
        fs, fn = self.st.fontSize, self.st.fontName
        ybar = self.dh + self.gap
        self.dp.drawOn(c, self.pw, 0)
        self.np.drawOn(c, self.pw, ybar + self.gap)
        c.setLineWidth(0.6)
        c.line(self.pw, ybar, self.pw + self.bar, ybar)
        c.setFont(fn, fs)
        ymid = ybar - 0.33 * fs          # baseline so the text's x-height centre sits on the rule
        if self.prefix:
            c.drawString(0, ymid, self.prefix)
        if self.suffix:
            c.drawString(self.pw + self.bar, ymid, " " + self.suffix)


# --------------------------------------------------------------------------
# the document

class Renderer:
    def __init__(self, gold: dict, rng: random.Random):
        self.g = gold
        self.rng = rng
        r = rng
        body_fam = r.choice(["Times", "Helvetica"])
        table_fam = r.choice(["Helvetica", "Times"]) if body_fam == "Times" else "Helvetica"
        self.fb, self.fbb, self.fbi = FAMILIES[body_fam]
        self.ft, self.ftb, self.fti = FAMILIES[table_fam]
        self.page = r.choice([A4, F4])
        self.body_size = r.choice([10.5, 11, 11.5]) if body_fam == "Times" else r.choice([9.5, 10])
        self.table_size = r.choice([8.5, 9]) if table_fam == "Times" else r.choice([8, 8.5])
        self.shade = r.choice([colors.HexColor("#D9D9D9"), colors.HexColor("#EDEDED"), None])
        self.numrow = r.choice(["paren", "plain"])
        self.times = r.choice(["x", "×", "X"])
        self.label_fmt = r.choice(["bold", "bold_underline"])
        self.item_term = r.random() < 0.7
        self.header_text = self._running_header()
        self.styles()

    # ---- styles and page templates --------------------------------------
    def styles(self):
        b, t = self.body_size, self.table_size
        self.s_body = ParagraphStyle("body", fontName=self.fb, fontSize=b, leading=b * 1.25)
        self.s_head = ParagraphStyle("head", parent=self.s_body, fontName=self.fbb, fontSize=b + 1.5,
                                     leading=(b + 1.5) * 1.3, alignment=TA_CENTER, spaceAfter=2)
        self.s_cell = ParagraphStyle("cell", fontName=self.ft, fontSize=t, leading=t * 1.22)
        self.s_cellc = ParagraphStyle("cellc", parent=self.s_cell, alignment=TA_CENTER)
        self.s_th = ParagraphStyle("th", parent=self.s_cell, fontName=self.ftb, alignment=TA_CENTER)
        self.s_item = ParagraphStyle("item", parent=self.s_body, leftIndent=0.6 * cm, firstLineIndent=-0.6 * cm)
        self.s_sub = ParagraphStyle("sub", parent=self.s_body, leftIndent=1.0 * cm, firstLineIndent=-0.4 * cm)

    def _running_header(self) -> str:
        ag = self.g.get("agency") or ""
        yr = self.g.get("year")
        return self.rng.choice([
            f"Lampiran Keputusan Kepala {ag}" + (f" Tahun {yr}" if yr else ""),
            f"Dokumen Kinerja {ag}",
            "Perjanjian dan Indikator Kinerja Pegawai",
        ])

    def _decorate(self, c, doc):
        w, h = c._pagesize
        lm = doc.lm if c._pagesize[0] < c._pagesize[1] else doc.llm
        c.saveState()
        c.setFont(self.fbi, 8)
        c.drawString(lm, h - 1.25 * cm, self.header_text)
        c.drawRightString(w - lm * 0.8, h - 1.25 * cm, (self.g.get("region") or "").upper())
        c.setLineWidth(0.4)
        c.line(lm, h - 1.4 * cm, w - lm * 0.8, h - 1.4 * cm)
        c.setFont(self.fb, 9)
        c.drawCentredString(w / 2, 1.0 * cm, f"Halaman {doc.page}")
        c.restoreState()

    def build(self, path: Path):
        pw, ph = self.page
        doc = BaseDocTemplate(str(path), pagesize=self.page, title="Indikator Kinerja Individu",
                              author=self.g.get("agency") or "", creator="Arsip Kinerja",
                              invariant=1)
        # portrait: wide binding margin left; landscape: narrower, equal sides
        doc.lm, doc.llm = 3.0 * cm, 1.8 * cm
        fp = Frame(3.0 * cm, 2.0 * cm, pw - 3.0 * cm - 2.0 * cm, ph - 2.0 * cm - 2.3 * cm, id="p",
                   leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        lw, lh = landscape(self.page)
        fl = Frame(1.8 * cm, 1.7 * cm, lw - 3.4 * cm, lh - 1.7 * cm - 2.1 * cm, id="l",
                   leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.land_width = fl._width
        self.land_height = fl._height
        self.port_width = fp._width
        doc.addPageTemplates([
            PageTemplate(id="port", frames=[fp], pagesize=self.page, onPage=self._decorate),
            PageTemplate(id="land", frames=[fl], pagesize=landscape(self.page), onPage=self._decorate),
        ])
        story = self.story()
        doc.build(story)

    # ---- content ----------------------------------------------------------
    def letterhead(self) -> list:
        g, r = self.g, self.rng
        region = (g.get("region") or "").upper()
        agency = (g.get("agency") or "").upper()
        st = ParagraphStyle("lh", parent=self.s_head, fontName="Helvetica-Bold")
        out = [Paragraph(_x(f"PEMERINTAH {region}"), ParagraphStyle("lh1", parent=st, fontSize=13, leading=16)),
               Paragraph(_x(agency), ParagraphStyle("lh2", parent=st, fontSize=15, leading=19)),
               Paragraph(_x(f"{r.choice(STREETS)} Telp. (0{r.randint(311, 359)}) {r.randint(400000, 499999)}"
                            f" Kode Pos {r.randint(60111, 69999)}"),
                         ParagraphStyle("lh3", parent=self.s_body, fontName="Helvetica", fontSize=8,
                                        leading=10, alignment=TA_CENTER)),
               Rule(self.port_width, 1.6), Spacer(1, 1.2), Rule(self.port_width, 0.5), Spacer(1, 0.9 * cm)]
        title = ["INDIKATOR KINERJA INDIVIDU", "(IKI)"]
        if g.get("year") is not None:
            title.append(f"TAHUN {g['year']}")
        for t in title:
            out.append(Paragraph(_x(t), ParagraphStyle("ti", parent=st, fontSize=14, leading=19)))
        out.append(Spacer(1, 0.8 * cm))
        return out

    def _lab(self, text: str) -> str:
        s = f"<b>{_x(text)}</b>"
        return f"<u>{s}</u>" if self.label_fmt == "bold_underline" else s

    def _items(self, items: list[str], numbered: str) -> list:
        """List items as separate paragraphs 'a. ...' with sub-items '- ...'."""
        out = []
        n = len(items)
        for i, it in enumerate(items):
            parts = [it]
            if "; " in it and self.rng.random() < 0.85:
                ps = it.split("; ")
                if all(p.strip() for p in ps):
                    parts = ps
            head, kids = parts[0], parts[1:]
            suffix = ""
            if self.item_term and not kids and i < n - 1 and not head.endswith((".", ":")):
                suffix = "; dan" if i == n - 2 and self.rng.random() < 0.5 else ";"
            lab = (LETTERS[i] if numbered == "alpha" and n <= 26 else str(i + 1)) + "."
            out.append(Paragraph(f"{lab}\u00a0{_x(head + suffix)}", self.s_item))
            for k in kids:
                out.append(Paragraph(f"-\u00a0{_x(k)}", self.s_sub))
        return out

    def position_block(self, pos: dict, width: float) -> list:
        r = self.rng
        kind = pos.get("kind") or "IKI"
        title = "INDIKATOR KINERJA UTAMA" if kind == "IKU" else "INDIKATOR KINERJA INDIVIDU"
        out = [Paragraph(_x(title), self.s_head)]
        if pos.get("year") is not None and r.random() < 0.6:
            out.append(Paragraph(_x(f"TAHUN {pos['year']}"), self.s_head))
        if kind == "IKU" and not pos.get("jabatan"):
            out.append(Paragraph(_x((self.g.get("agency") or "").upper() + " "
                                    + (self.g.get("region") or "").upper()), self.s_head))
        out.append(Spacer(1, 0.35 * cm))
        tug_lab = r.choice(["TUGAS", "TUGAS POKOK", "URAIAN TUGAS"])
        fields = [(lab, pos.get(k)) for lab, k in (("JABATAN", "jabatan"), ("INSTANSI", "instansi"),
                                                   ("PROGRAM", "program")) if pos.get(k)]
        fields.append((tug_lab, pos.get("tugas") or []))
        if pos.get("fungsi") or kind == "IKI":
            fields.append(("FUNGSI", pos.get("fungsi") or []))
        fields += [(lab, pos[k]) for lab, k in (("BUTIR KEGIATAN", "butir_kegiatan"), ("HASIL KERJA", "hasil_kerja"))
                   if pos.get(k)]
        numbered = r.choice(["alpha", "decimal"])
        rows = []
        for k, (lab, val) in enumerate(fields):
            one = val if isinstance(val, str) else val[0] if len(val) == 1 and "; " not in val[0] else None
            value = Paragraph(_x(one), self.s_body) if one is not None else "" if val else Paragraph("-", self.s_body)
            rows.append([f"{k + 1}.", Paragraph(self._lab(lab), self.s_body), ":", value])
            if one is None and val:
                rows += [["", "", "", p] for p in self._items(val, numbered if lab != tug_lab else "decimal")]
        w = width
        t = Table(rows, colWidths=[0.8 * cm, 3.4 * cm, 0.4 * cm, w - 4.6 * cm], hAlign="LEFT")
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONT", (0, 0), (-1, -1), self.fb, self.body_size),
                               ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
        out.append(t)
        return out

    def _columns(self, pos: dict) -> list[tuple[str, str, float]]:
        inds = pos["indicators"]
        sas_h, ind_h = self.rng.choice([("SASARAN", "INDIKATOR KINERJA"), ("SASARAN KINERJA", "INDIKATOR KINERJA INDIVIDU"),
                                        ("KINERJA", "INDIKATOR")])
        if pos.get("kind") == "IKU":
            sas_h, ind_h = "SASARAN STRATEGIS", "INDIKATOR KINERJA UTAMA"
        return ([("no", "NO", 0.9), ("sasaran", sas_h, 4.2), ("indikator", ind_h, 4.3),
                 ("formula", "PENJELASAN / FORMULASI PENGHITUNGAN", 8.0)]
                + [(k, h, w) for k, h, w in (("satuan", "SATUAN", 2.2), ("target", "TARGET", 2.3)) if has(inds, k)]
                + [("sumber", "SUMBER DATA", 3.0)] + ([("pj", "PENANGGUNG JAWAB", 3.0)] if has(inds, "penanggung_jawab")
                                                     else []))

    def planned_cell(self, blocks: list[dict]) -> list:
        """A cell laid out by model.plan_cell: paragraphs, lines broken by hand (<br/>), fractions
        drawn with a rule (the multiplier beside or below), Σ from the Symbol font."""
        st, out = self.s_cell, []
        for b in blocks:
            if b["t"] == "text":
                lab = f"<b>{_x(b['label'])}</b> " if b.get("label") else ""
                out.append(Paragraph(lab + _sym(b["text"]), st))
            elif b["t"] == "lines":
                out.append(Paragraph("<br/>".join(_sym(x) for x in b["lines"]), st))
            elif b["t"] == "count":
                out.append(Paragraph(_sym((b.get("prefix") or b["sym"] + " ") + b["core"]), st))
            else:
                sg = "∑ " if b["sigma"] else ""
                beside = b["mult"] if b["mult"] and b["mult_at"] == "right" else ""
                if b["bar"] in ("underscores", "dashes"):
                    ch = "_" if b["bar"] == "underscores" else "-"
                    bar = ch * self.rng.randint(14, 26) + (f" {beside}" if beside else "")
                    for line in (sg + b["num"], bar, sg + b["den"]):
                        out.append(Paragraph(_sym(line), ParagraphStyle("c", parent=st, alignment=TA_CENTER)))
                else:
                    fr = Fraction(sg + b["num"], sg + b["den"], beside, "", st)
                    fr.hAlign = "CENTER"
                    out += [Spacer(1, 2), fr, Spacer(1, 2)]
                if b["mult"] and not beside:
                    out.append(Paragraph(_x(b["mult"]), ParagraphStyle("c", parent=st, alignment=TA_CENTER)))
        return out

    def formula_cell(self, ind: dict) -> list:
        if "_cell" in ind:
            return self.planned_cell(ind["_cell"])
        st = self.s_cell
        out = []
        pen = ind.get("penjelasan")
        spec = formula_spec(ind, plain)
        if pen:
            out.append(Paragraph(f"<b>Penjelasan :</b> {_x(pen)}", st))
        if spec is None:
            return out
        if pen or self.rng.random() < 0.6:
            out.append(Paragraph("<b>Formulasi Penghitungan :</b>", st))
        kind = spec["kind"]
        if kind == "text":
            out.append(Paragraph(_sym(spec["text"]), st))
        elif kind == "count":
            fx = "f(x) = " if spec["fx"] or self.rng.random() < 0.5 else ""
            out.append(Paragraph(f"{_x(fx)}<font face=\"Symbol\">\u2211</font> {_x(spec['core'])}", st))
        else:
            sg = "∑ " if spec["sigma"] else ""
            suffix = ""
            if spec["mult"] is not None:
                suffix = f"{self.times} {spec['mult']}" + ("%" if spec["pct"] else "")
            fr = Fraction(sg + spec["num"], sg + spec["den"], suffix, "f(x) =" if spec["fx"] else "", st)
            fr.hAlign = "CENTER"
            out.append(Spacer(1, 2))
            out.append(fr)
            out.append(Spacer(1, 2))
        return out

    def indicator_table(self, pos: dict) -> list:
        cols = self._columns(pos)
        inds = pos["indicators"]
        total = sum(c[2] for c in cols)
        widths = [self.land_width * c[2] / total for c in cols]
        ci = {k: i for i, (k, _, _) in enumerate(cols)}
        hdr = [Paragraph(_x(h), self.s_th) for _, h, _ in cols]
        nrow = [Paragraph(f"({i + 1})" if self.numrow == "paren" else str(i + 1), self.s_cellc)
                for i in range(len(cols))]
        data = [hdr, nrow]
        style = [("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
                 ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                 ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
        if self.shade is not None:
            style.append(("BACKGROUND", (0, 0), (-1, 0), self.shade))
        # groups of consecutive rows under one sasaran
        groups: list[list[int]] = []
        for k, ind in enumerate(inds):
            if groups and ind.get("sasaran") and ind.get("sasaran") == inds[groups[-1][0]].get("sasaran"):
                groups[-1].append(k)
            else:
                groups.append([k])
        first_row = len(data)
        for gno, grp in enumerate(groups):
            for j, k in enumerate(grp):
                ind = inds[k]
                row = [""] * len(cols)
                if j == 0:
                    row[ci["no"]] = Paragraph(f"{gno + 1}.", self.s_cellc)
                    if ind.get("sasaran"):
                        row[ci["sasaran"]] = Paragraph(_x(ind["sasaran"]), self.s_cell)
                row[ci["indikator"]] = Paragraph(_x(ind.get("indikator") or ""), self.s_cell)
                row[ci["formula"]] = self.formula_cell(ind)
                for key, col in (("satuan", "satuan"), ("target", "target"), ("sumber_data", "sumber"),
                                 ("penanggung_jawab", "pj")):
                    if col in ci and ind.get(key):
                        row[ci[col]] = Paragraph(_x(ind[key]), self.s_cell)
                data.append(row)
            if len(grp) > 1:
                r0, r1 = first_row + grp[0], first_row + grp[-1]
                style += [("SPAN", (ci["no"], r0), (ci["no"], r1)),
                          ("SPAN", (ci["sasaran"], r0), (ci["sasaran"], r1))]
        t = IkiTable(data, colWidths=widths, repeatRows=1, splitByRow=0, splitInRow=1, hAlign="CENTER")
        t.setStyle(TableStyle(style))
        t.first_piece = True
        title = Paragraph(_x("TABEL INDIKATOR KINERJA" + (f" : {pos['jabatan'].upper()}" if pos.get("jabatan")
                                                          and self.rng.random() < 0.5 else "")),
                          ParagraphStyle("tt", parent=self.s_th, fontSize=self.table_size + 1.5,
                                         leading=(self.table_size + 1.5) * 1.3, spaceAfter=4))
        return [title, t]

    @staticmethod
    def _height(flowables: list, width: float) -> float:
        h = 0.0
        for f in flowables:
            h += f.wrap(width, 1e6)[1] + f.getSpaceAfter()
        return h

    def _split_target(self, positions: list) -> int | None:
        """The position whose table gets a row split by a page break: the one with the
        tallest indicator row (a long penjelasan), preferring rows inside a merged sasaran."""
        best, best_key = None, None
        for n, pos in enumerate(positions):
            inds = pos.get("indicators") or []
            for k, ind in enumerate(inds):
                size = (len(ind.get("penjelasan") or "") + len(ind.get("formula_raw") or "") // 2
                        + len(ind.get("indikator") or "") // 2)
                merged = any(j != k and inds[j].get("sasaran") and inds[j].get("sasaran") == ind.get("sasaran")
                             for j in (k - 1, k + 1) if 0 <= j < len(inds))
                key = (size > 250 and merged, n > 0, size)
                if best_key is None or key > best_key:
                    best, best_key = n, key
        return best

    def story(self) -> list:
        s = self.letterhead()
        positions = self.g.get("positions") or []
        target = self._split_target(positions)
        self.split_row = None
        for n, pos in enumerate(positions):
            if n == target and pos.get("indicators"):
                # label block and table share landscape pages; the gap between them is sized
                # so that the tallest row straddles the page break
                block = self.position_block(pos, self.land_width)
                title, table = self.indicator_table(pos)
                s += [NextPageTemplate("land"), PageBreak()] + block
                s += self._gap_before(block, title, table) + [title, table]
                continue
            block = self.position_block(pos, self.port_width)
            if n == 0:
                s += block
            else:
                s += [NextPageTemplate("port"), PageBreak()] + block
            if pos.get("indicators"):
                s += [NextPageTemplate("land"), PageBreak()] + self.indicator_table(pos)
        return s

    def _gap_before(self, block: list, title, table) -> list:
        """Space between the label block and the table so that a tall row (2+ lines)
        straddles the bottom of the page; the tallest row that can be placed there wins."""
        fh, w = self.land_height, self.land_width
        used = self._height(block, w) % fh
        table.wrap(w, 1e6)
        rh = table._rowHeights
        body = rh[2:]
        head = self._height([title], w) + rh[0] + rh[1]
        tops = [head + sum(body[:k]) for k in range(len(body))]
        cands = [k for k in range(len(body)) if body[k] >= 3.6 * self.table_size]   # 3+ lines
        best = None
        for k in cands:
            want = fh - (used + tops[k] + 0.5 * body[k])
            if 0.3 * cm <= want <= 0.45 * fh and (best is None or (body[k], -want) > (body[best[0]], -best[1])):
                best = (k, want)
        if best:
            self.split_row = best[0]
            return [Spacer(1, best[1])]
        for k in cands:                          # start the table on a fresh page instead
            want = fh - (tops[k] + 0.5 * body[k])
            if 0 <= want <= 0.5 * fh and (best is None or want < best[1]):
                best = (k, want)
        if best:
            self.split_row = best[0]
            return [PageBreak(), Spacer(1, best[1])]
        return [Spacer(1, 0.4 * cm)]


class IkiTable(Table):
    """platypus Table that counts page breaks falling inside a row (row split in two)."""
    row_splits: list | None = None

    def split(self, availWidth, availHeight):
        def ok(parts):    # no piece with the header rows alone at the foot of a page
            return bool(parts) and not (getattr(self, "first_piece", False) and len(parts[0]._cellvalues) <= 2)

        parts = super().split(availWidth, availHeight)
        # reportlab cannot break between rows inside a SPAN, and an in-row split fails when
        # some cell cannot give up even one line at that height: then try a little higher up
        cut = 6.0
        while not ok(parts) and cut < availHeight * 0.6:
            parts = super().split(availWidth, availHeight - cut)
            cut += 6.0
        if not ok(parts):
            return []
        if len(parts) == 2:    # close the piece at the foot of the page, as word processors do
            parts[0].setStyle(TableStyle([("LINEBELOW", (0, -1), (-1, -1), 0.6, colors.black)]))
        if len(parts) == 2 and IkiTable.row_splits is not None:
            rep = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
            if len(parts[0]._cellvalues) + len(parts[1]._cellvalues) - rep > len(self._cellvalues):
                IkiTable.row_splits.append(len(parts[0]._cellvalues) - 1)
        return parts


class Rule(Flowable):
    def __init__(self, width: float, thick: float):
        super().__init__()
        self.w, self.t = width, thick

    def wrap(self, aw, ah):
        return min(self.w, aw), self.t

    def draw(self):
        self.canv.setLineWidth(self.t)
        self.canv.line(0, self.t / 2, self.w, self.t / 2)


def render_pdf(gold: dict, path: Path, seed: int, stem: str) -> dict:
    """Write the PDF; returns a small report (rows split by a page break, pages)."""
    rng = random.Random(f"{seed}:{stem}:rl")
    IkiTable.row_splits = []
    try:
        Renderer(gold, rng).build(path)
        return {"row_splits": len(IkiTable.row_splits)}
    finally:
        IkiTable.row_splits = None


# --------------------------------------------------------------------------
# check: every gold value in the PDF's text

def _nows(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _words(s: str) -> list[str]:
    return re.findall(r"[^\s/\-]+", s)


def _in_order(vt: list[str], tt: list[str], gap: int = 60) -> bool:
    """value words in order among text words, each within `gap` words of the previous one
    (a value wrapped inside one table column of the page's layout text)."""
    for st in (i for i, t in enumerate(tt) if vt and vt[0] in t):
        p = st
        for v in vt[1:]:
            p = next((q for q in range(p + 1, min(len(tt), p + 1 + gap)) if v in tt[q]), None)
            if p is None:
                break
        else:
            return True
    return not vt


def check_pdf(path: Path, gold: dict) -> list[str]:
    """Problems found in `path` (empty when every gold value is in its text)."""
    lay, raw = pdf_text(path, layout=True), pdf_text(path)
    dehy = lambda s: re.sub(r"(?<=[a-z])-\n\s*(?=[a-z])", "", s)  # noqa: E731
    texts = [_fold(lay), _fold(raw)]
    flat = [_nows(lay), _nows(raw), _nows(dehy(lay)), _nows(dehy(raw))]
    words = _words(lay)

    def found(v: str, where: str) -> bool:
        v = _fold(v)
        if where in ("region", "agency"):
            return any(v.lower() in t.lower() for t in texts) or any(_nows(v).lower() in f.lower() for f in flat)
        return any(v in t for t in texts) or any(_nows(v) in f for f in flat) or _in_order(_words(v), words)

    problems = missing(gold, found, whole_penjelasan=True)
    if re.search(r"\\frac|\\text\{", raw):
        problems.append("LaTeX markup leaked into the PDF text")
    return problems


# --------------------------------------------------------------------------
# CLI

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Render gold IKI annotations as PDF with reportlab.")
    ap.add_argument("inputs", nargs="+", type=Path, help="gold JSON file(s)")
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--formula-layouts", action="store_true",
                    help="formula cells in the new layouts of model.plan_cell (unlabelled, between explanations, "
                         "wrapped by hand, x 100%% below the fraction, in words, key-values)")
    args = ap.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    bad = 0
    for gpath in args.inputs:
        gold, stem = load(gpath), gpath.stem
        out = args.outdir / f"{stem}_rl.pdf"
        if args.formula_layouts:
            gold = plan_formula_layouts(gold, random.Random(f"{args.seed}:{stem}:rl:formula"))
        if not render_pdf(gold, out, args.seed, stem)["row_splits"]:
            print(f"{out.name}: warning: no table row is split by a page break", file=sys.stderr)
        dump(gold_copy(gold, out.name), out.with_suffix(".json"))
        bad += report(out, check_pdf(out, gold))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Render a gold IKI annotation as a realistic Word (.docx) document.

The gold JSON (docs/GOLD_FORMAT.md) records what a careful reader finds in an
"Indikator Kinerja Individu" document.  This script goes the other way: it
writes a Word document with that content, laid out the way Indonesian local
government offices lay these documents out, choosing at random (per document,
per block, per row) among the layouts seen in real files:

* letterhead ("PEMERINTAH KOTA/KABUPATEN ...", agency in bold, address line),
  optional cover page with the year alone, year covers / "TAHUN ..." titles
  where the year changes, page header "IKI <agency>" and a footer with a PAGE
  field (header/footer parts, never body text);
* per position: IKI / IKU heading, labels typed as text ("1. JABATAN : x"),
  bold labels ("JABATAN : x"), or a borderless 3/4-column layout table;
  list items typed with their labels ("a. ...") or real Word automatic
  numbering (numbering.xml abstractNum + w:numPr, no label in the text),
  sub-items as level-1 paragraphs;
* the indicator table: bordered ("Table Grid" or explicit borders), header
  variants, repeating header row (w:tblHeader), optional column-number row,
  sasaran (and NO) cells vertically merged (w:vMerge), multi-paragraph cells,
  soft line breaks, bold/underlined labels, optional landscape sections, and
  tables "continued" after an explicit page break (table ended, page break,
  continuation table repeating the header, continuing sasaran cell blank);
* formulas per row: a real Word equation (OMML m:f fraction / m:nary Σ),
  stacked paragraphs (numerator / "_____ x 100%" / denominator) or inline
  text ("A / B x 100%").

Every text value of the gold is written verbatim; only layout, labels and
markup vary.  The script shares nothing with the extractor (python-docx and
lxml only, nothing imported from the project).

Usage:
    python samples/make_docx.py GOLD.json [...] -o OUTDIR --seed N [--variants K] [--handmade]
Every file written is re-opened and checked: it must hold every gold value (model.missing).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import random
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from model import (columns, dump, fold as _fold, formula_spec, gold_copy, load, missing, pick as _pick,  # noqa: E402
                   plan_formula_layouts, report, save_zip, title_case, written_year)

LETTERS = "abcdefghijklmnopqrstuvwxyz"
FIXED_TIME = _dt.datetime(2023, 1, 2, 8, 0, 0)

# child order of the property elements we touch (OOXML schema sequences)
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
             "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
             "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
             "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]
TCPR_ORDER = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
              "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"]
TRPR_ORDER = ["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
              "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden"]
TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
               "shd", "tblLayout", "tblCellMar", "tblLook"]


# --------------------------------------------------------------------------
# small helpers

def _el(tag: str, **attrs) -> OxmlElement:
    """OxmlElement('w:tag', w_val='x') -> <w:tag w:val="x"/>."""
    a = {}
    for k, v in attrs.items():
        pfx, _, name = k.partition("_")
        a[qn(f"{pfx}:{name}")] = str(v)
    return OxmlElement(tag, attrs=a)


def _set_child(parent, child, order: list[str]):
    """Insert `child` into `parent` respecting the schema order (replaces same tag)."""
    local = child.tag.split("}")[1]
    for old in parent.findall(child.tag):
        parent.remove(old)
    idx = order.index(local)
    for i, existing in enumerate(list(parent)):
        try:
            j = order.index(existing.tag.split("}")[1])
        except ValueError:
            continue
        if j > idx:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def _region_upper(region: str | None) -> str:
    return (region or "").strip().upper()


def _save_deterministic(doc, path: Path):
    """Save `doc` with fixed zip timestamps so the bytes depend on the content only."""
    save_zip(doc.save, path, attr=0o644 << 16)


def _strip_thumbnail(doc):
    """The python-docx template carries a JPEG thumbnail: drop it (no images)."""
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg.rels.pop(rid)


def _fixed_core(doc, title: str, author: str):
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.title = title
    cp.subject = ""
    cp.comments = ""
    cp.keywords = "IKI"
    cp.category = ""
    cp.revision = 3
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME


def _page_field_runs(p, rng: random.Random):
    """PAGE field in the footer paragraph: simple or complex field."""
    if rng.random() < 0.5:
        p._p.append(_xml('<w:fldSimple w:instr=" PAGE \\* MERGEFORMAT "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        return
    for kind in ("begin", "instr", "separate", "text", "end"):
        r = p.add_run()
        if kind == "instr":
            r._r.append(_xml('<w:instrText xml:space="preserve"> PAGE </w:instrText>'))
        elif kind == "text":
            r.text = "1"
        else:
            r._r.append(_el("w:fldChar", w_fldCharType=kind))


# --------------------------------------------------------------------------
# numbering.xml

class Numbering:
    """Adds abstractNum / num definitions to the document's numbering part."""

    def __init__(self, doc, rng: random.Random):
        self.root = doc.part.numbering_part.element
        self.rng = rng
        self.next_abs = 1 + max([int(a.get(qn("w:abstractNumId")))
                                 for a in self.root.findall(qn("w:abstractNum"))] or [0])
        self.next_num = 1 + max([int(n.get(qn("w:numId")))
                                 for n in self.root.findall(qn("w:num"))] or [0])
        self.cache: dict[tuple, int] = {}

    def abstract(self, levels: list[tuple[str, str]], step: int = 360) -> int:
        """levels: [(numFmt, lvlText), ...] for ilvl 0.. ; returns abstractNumId."""
        key = tuple(levels)
        if key not in self.cache:
            aid = self.cache[key] = self.next_abs
            self.next_abs += 1
            xml = (f'<w:abstractNum w:abstractNumId="{aid}"><w:nsid w:val="{self.rng.getrandbits(32):08X}"/>'
                   f'<w:multiLevelType w:val="hybridMultilevel"/><w:tmpl w:val="{self.rng.getrandbits(32):08X}"/>')
            for i, (fmt, text) in enumerate(levels):
                font = '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:hint="default"/></w:rPr>'
                xml += (f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{step * (i + 1) + (360 if i else 0)}" '
                        f'w:hanging="360"/></w:pPr>{font if fmt == "bullet" else ""}</w:lvl>')
            self._insert(_xml(xml + "</w:abstractNum>"), "w:num")
        return self.cache[key]

    def num(self, abstract_id: int) -> int:
        """A new list instance (restarts at 1) of `abstract_id`."""
        nid = self.next_num
        self.next_num += 1
        self._insert(_xml(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{abstract_id}"/><w:lvlOverride '
                          'w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'), "w:numIdMacAtCleanup")
        return nid

    def _insert(self, el, before: str):
        nxt = self.root.find(qn(before))
        nxt.addprevious(el) if nxt is not None else self.root.append(el)


def _set_numpr(p, num_id: int, ilvl: int):
    _set_child(p._p.get_or_add_pPr(), _xml(f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'),
               PPR_ORDER)


# --------------------------------------------------------------------------
# OMML (Word equations)

def _xml(fragment: str):
    """One element from a WordprocessingML / OMML fragment (prefixes w and m)."""
    return parse_xml(f'<x {nsdecls("w", "m")}>{fragment}</x>')[0]


def _m_run(text: str, plain: bool = True):
    return _xml(f'<m:r>{"<m:rPr><m:nor/></m:rPr>" if plain else ""}<m:t xml:space="preserve">'
                f'{_xml_escape(text)}</m:t></m:r>')


def _m_fraction(num_parts: list, den_parts: list):
    f = _xml('<m:f><m:fPr><m:type m:val="bar"/></m:fPr></m:f>')
    f.extend([_m_wrap("m:num", num_parts), _m_wrap("m:den", den_parts)])
    return f


def _m_wrap(tag: str, parts: list):
    el = OxmlElement(tag)
    el.extend(parts)
    return el


def _m_nary(body_parts: list, chr_: str = "∑"):
    n = _xml(f'<m:nary><m:naryPr><m:chr m:val="{chr_}"/><m:limLoc m:val="undOvr"/><m:subHide m:val="1"/>'
             '<m:supHide m:val="1"/></m:naryPr><m:sub/><m:sup/></m:nary>')
    n.append(_m_wrap("m:e", body_parts))
    return n


def _m_math(parts: list, display: bool):
    om = _m_wrap("m:oMath", parts)
    return _m_wrap("m:oMathPara", [om]) if display else om


# --------------------------------------------------------------------------
# the renderer

STREETS = ["Jl. Raya Panglima Sudirman No. 12", "Jl. Soekarno Hatta No. 7", "Jl. Diponegoro No. 21",
           "Jl. Ahmad Yani No. 5", "Jl. Pahlawan No. 40", "Jl. Veteran No. 3", "Jl. Basuki Rahmat No. 9",
           "Jl. Gatot Subroto No. 18", "Jl. Kartini No. 2", "Jl. Raya Dringu No. 13"]
FONTS = ["Arial", "Bookman Old Style", "Times New Roman", "Calibri", "Tahoma", "Cambria"]

HEADER_SETS = [
    (5, ("KINERJA", "INDIKATOR KINERJA")),
    (3, ("SASARAN KINERJA", "INDIKATOR KINERJA INDIVIDU")),
    (2, ("SASARAN KINERJA", "INDIKATOR KINERJA")),
    (1, ("SASARAN STRATEGIS", "INDIKATOR KINERJA")),
    (2, ("KINERJA PROGRAM", "INDIKATOR PROGRAM")),
    (2, ("KINERJA KEGIATAN", "INDIKATOR KEGIATAN")),
    (1, ("SASARAN / KINERJA UTAMA", "INDIKATOR KINERJA")),
]
FORMULA_HEADERS = [(5, "PENJELASAN/FORMULASI PENGHITUNGAN"), (3, "PENJELASAN / FORMULASI PENGHITUNGAN"),
                   (2, "PENJELASAN/ FORMULASI PERHITUNGAN"), (1, "FORMULASI PENGHITUNGAN")]
COL_WEIGHTS = {"no": 0.9, "sasaran": 4.0, "indikator": 4.2, "formula": 6.5, "satuan": 2.6,
               "target": 2.2, "sumber": 3.2, "pj": 3.0}


# per-document choices that the CLI rotates over the variants of one gold file
# (so that two variants never share all of them); render_docx draws them at random
ROTATED = {
    "orientation": ["portrait", "landscape", "mixed"],
    "label_modes": [[(3, "text"), (2, "bold"), (2, "layout")], [(5, "text"), (1, "bold"), (1, "layout")],
                    [(1, "text"), (1, "bold"), (5, "layout")], [(1, "text"), (5, "bold"), (1, "layout")]],
    "list_modes": [[(3, "auto"), (2, "typed"), (1, "plain")], [(6, "auto"), (1, "typed")],
                   [(2, "auto"), (5, "typed"), (1, "plain")]],
    "formula_modes": [[(3, "omml"), (2, "stack"), (2, "inline")], [(5, "omml"), (1, "stack"), (1, "inline")],
                      [(1, "omml"), (4, "stack"), (1, "inline")], [(2, "omml"), (1, "stack"), (4, "inline")]],
    "count_modes": [[(3, "omml"), (3, "text"), (1, "jumlah")], [(5, "omml"), (2, "text")],
                    [(2, "omml"), (5, "text"), (1, "jumlah")]],
}


def default_style(rng: random.Random) -> dict:
    """Document-level habits; render_docx(style=...) may override any key."""
    return {
        "font": rng.choice(FONTS),
        "size": _pick(rng, [(3, 11), (2, 12), (1, 10)]),
        "table_size": _pick(rng, [(2, None), (2, 10), (1, 9)]),
        "paper": _pick(rng, [(3, "A4"), (2, "F4")]),
        "orientation": _pick(rng, [(3, "portrait"), (2, "landscape"), (2, "mixed")]),  # ROTATED
        "letterhead": _pick(rng, [(4, "para"), (1, "table")]),
        "cover": rng.random() < 0.55,
        "block_page_break": _pick(rng, [(3, "break_run"), (2, "page_break_before"), (2, None)]),
        "heading_style": _pick(rng, [(4, "bold"), (1, "Heading 1"), (1, "Heading 2"), (1, "Title")]),
        "label_modes": _pick(rng, [(1, x) for x in ROTATED["label_modes"]]),
        "list_modes": _pick(rng, [(1, x) for x in ROTATED["list_modes"]]),
        "formula_modes": _pick(rng, [(1, x) for x in ROTATED["formula_modes"]]),
        "count_modes": _pick(rng, [(1, x) for x in ROTATED["count_modes"]]),
        "table_border": _pick(rng, [(3, "grid"), (2, "explicit")]),
        "header_pair": _pick(rng, HEADER_SETS),
        "formula_header": _pick(rng, FORMULA_HEADERS),
        "header_upper": rng.random() < 0.8,
        "header_shade": rng.random() < 0.4,
        "numrow": _pick(rng, [(3, None), (2, "plain"), (1, "paren")]),
        "no_col": rng.random() < 0.4,
        "merge": _pick(rng, [(6, "vmerge"), (1, "blank")]),
        "split_p": _pick(rng, [(1, 0.0), (2, 0.35), (2, 0.7)]),
        "cant_split": _pick(rng, [(3, None), (1, "0"), (1, "1")]),
        "run_split_p": _pick(rng, [(2, 0.0), (2, 0.25), (1, 0.5)]),
        "soft_break_p": _pick(rng, [(1, 0.0), (2, 0.25), (1, 0.5)]),
        "repeat_year_cover_p": _pick(rng, [(2, 0.0), (1, 0.3)]),
    }


class DocxRenderer:
    def __init__(self, gold: dict, rng: random.Random, style: dict | None = None):
        self.g = gold
        self.rng = rng
        self.st = default_style(rng)
        self.st.update(style or {})
        self.doc = Document()
        _strip_thumbnail(self.doc)
        self.num = Numbering(self.doc, rng)
        self.street = rng.choice(STREETS)
        self.phone = f"({rng.choice(['0335', '0334', '031', '0353', '0341'])}) {rng.randint(410000, 489999)}"
        self.body_width = Cm(16)
        self._used_cells: set = set()
        self._setup()

    # ---- page / styles --------------------------------------------------
    def _setup(self):
        st = self.st
        normal = self.doc.styles["Normal"]
        normal.font.name = st["font"]
        normal.font.size = Pt(st["size"])
        rpr = normal.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is not None:
            rfonts.set(qn("w:eastAsia"), st["font"])
            rfonts.set(qn("w:cs"), st["font"])
        normal.paragraph_format.space_after = Pt(0)
        sec = self.doc.sections[0]
        self._page(sec, landscape=st["orientation"] == "landscape")
        hdr = sec.header
        hdr.is_linked_to_previous = False
        hp = hdr.paragraphs[0]
        hp.alignment = _pick(self.rng, [(2, WD_ALIGN_PARAGRAPH.RIGHT), (1, WD_ALIGN_PARAGRAPH.LEFT)])
        r = hp.add_run(f"IKI {self.g.get('agency') or ''}".strip())
        r.italic = True
        r.font.size = Pt(8)
        fp = sec.footer.paragraphs[0]
        fp.alignment = _pick(self.rng, [(2, WD_ALIGN_PARAGRAPH.CENTER), (1, WD_ALIGN_PARAGRAPH.RIGHT)])
        if self.rng.random() < 0.5:
            fp.add_run("Halaman ")
        _page_field_runs(fp, self.rng)

    def _page(self, sec, landscape: bool):
        w, h = (Cm(21.0), Cm(29.7)) if self.st["paper"] == "A4" else (Cm(21.5), Cm(33.0))
        if landscape:
            sec.orientation = WD_ORIENT.LANDSCAPE
            sec.page_width, sec.page_height = h, w
        else:
            sec.orientation = WD_ORIENT.PORTRAIT
            sec.page_width, sec.page_height = w, h
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(sec, side, Cm(2.0))
        self.body_width = sec.page_width - Cm(4.0)

    def _new_section(self, landscape: bool):
        sec = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._page(sec, landscape)

    # ---- text primitives ------------------------------------------------
    def para(self, container=None, style: str | None = None):
        """A new paragraph in the body or in a cell (re-using a cell's empty first paragraph)."""
        c = container if container is not None else self.doc
        if container is not None and hasattr(container, "_tc"):
            ps = container.paragraphs
            tc = container._tc
            if len(ps) == 1 and tc not in self._used_cells \
                    and not ps[0]._p.xpath("./w:r|./m:oMath|./m:oMathPara"):
                self._used_cells.add(tc)
                p = ps[0]
                if style:
                    p.style = self.doc.styles[style]
                return p
        p = c.add_paragraph(style=style) if style else c.add_paragraph()
        return p

    def text(self, p, text: str, bold=False, italic=False, underline=False, size=None,
             soft_break=False):
        """Write `text` into paragraph `p`, maybe split over runs / with a soft line break."""
        if not text:
            return
        rng = self.rng
        pieces = [text]
        if soft_break and len(text) > 45 and rng.random() < self.st["soft_break_p"]:
            spaces = [m.start() for m in re.finditer(" ", text)
                      if len(text) * 0.3 < m.start() < len(text) * 0.7]
            if spaces:
                i = rng.choice(spaces)
                pieces = [text[:i], "\n", text[i + 1:]]
        for piece in pieces:
            if piece == "\n":
                p.add_run().add_break()
                continue
            chunks = [piece]
            if len(piece) > 20 and rng.random() < self.st["run_split_p"]:
                cuts = [0] + sorted(rng.sample(range(1, len(piece)), k=min(2, len(piece) - 1))) + [len(piece)]
                chunks = [c for c in (piece[a:b] for a, b in zip(cuts, cuts[1:])) if c]
            for ch in chunks:
                run = p.add_run(ch)
                for attr, on in (("bold", bold), ("italic", italic), ("underline", underline)):
                    if on:
                        setattr(run, attr, True)
                if size:
                    run.font.size = Pt(size)

    def _at_page_start(self) -> bool:
        """True right after a page break or a new-page section break (no content since)."""
        body = self.doc.element.body
        kids = [k for k in body if k.tag != qn("w:sectPr")]
        if not kids or kids[-1].tag != qn("w:p"):
            return False
        last = kids[-1]
        if last.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            return True
        return any(b.get(qn("w:type")) == "page" for b in last.iter(qn("w:br"))) and not _fold(_par_text(last))

    def page_break(self):
        if self._at_page_start():
            return None
        p = self.doc.add_paragraph()
        p.add_run().add_break(WD_BREAK.PAGE)
        return p

    def blank(self, n: int = 1):
        for _ in range(n):
            self.doc.add_paragraph()

    def centred(self, text: str, target=None, **fmt):
        p = self.para(target)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.text(p, text, **fmt)
        return p

    # ---- letterhead / covers --------------------------------------------
    def _agency_lines(self) -> list[str]:
        ag = (self.g.get("agency") or "").upper()
        words = ag.split(" ")
        if len(words) <= 2 or self.rng.random() < 0.4:
            return [ag] if ag else []
        cuts = [i for i, w in enumerate(words) if i > 0 and (w == "DAN" or words[i - 1].endswith(","))]
        cut = self.rng.choice(cuts) if cuts else len(words) // 2
        return [" ".join(words[:cut]), " ".join(words[cut:])]

    def _address(self) -> list[str]:
        rng = self.rng
        region = self.g.get("region") or ""
        name = region.split(" ", 1)[1] if " " in region else region
        dom = re.sub(r"[^a-z]", "", name.lower()) or "daerah"
        suffix = "kota" if region.startswith("Kota") else "kab"
        tel = rng.choice(["Telp.", "Telp", "☎", "Tlp."])
        lines = [f"{self.street} {tel} {self.phone}" + (f" Fax. {self.phone}" if rng.random() < 0.5 else "")]
        if rng.random() < 0.7:
            lines.append(f"{rng.choice(['Email', 'E-mail', 'e-mail'])} : sekretariat@{dom}{suffix}.go.id")
        if rng.random() < 0.6:
            city = name.upper()
            lines.append(" ".join(city) if rng.random() < 0.25 else city)
        return lines

    def letterhead(self):
        rng = self.rng
        pem = f"PEMERINTAH {_region_upper(self.g.get('region'))}"
        agency = self._agency_lines()
        addr = self._address()
        if self.st["letterhead"] == "table":
            # kop surat in a borderless 2-column table (empty logo cell on the left)
            t = self.doc.add_table(rows=1, cols=2)
            self._borders(t, "none")
            self._widths(t, [Cm(2.5), self.body_width - Cm(2.5)])
            cell = t.cell(0, 1)
            target = cell
        else:
            target = None
        self.centred(pem, target, bold=rng.random() < 0.5, size=self.st["size"] + 3)
        for line in agency:
            self.centred(line, target, bold=True, size=self.st["size"] + 5)
        last = None
        for line in addr:
            last = self.centred(line, target, size=max(8, self.st["size"] - 2))
        if last is not None and target is None:   # the double rule under a kop surat
            kind = _pick(rng, [(2, "thickThinSmallGap"), (1, "double"), (1, "single")])
            _set_child(last._p.get_or_add_pPr(), _xml(f'<w:pBdr><w:bottom w:val="{kind}" w:sz="18" w:space="1" '
                                                      'w:color="auto"/></w:pBdr>'), PPR_ORDER)
        self.blank(rng.randint(1, 2))

    def cover(self, year: int | None, sub: str | None = None, year_alone: bool = True):
        """Cover page: title (and the year alone, if any), then a page break."""
        rng = self.rng
        self.blank(rng.randint(2, 5))
        title = _pick(rng, [(3, ["INDIKATOR KINERJA INDIVIDU (IKI)"]),
                            (2, ["INDIKATOR KINERJA", "INDIVIDU (IKI)"]),
                            (1, ["DOKUMEN", "INDIKATOR KINERJA INDIVIDU"])])
        if sub:
            title = title + [sub]
        if year is not None and year_alone and rng.random() < 0.5:
            self.centred(str(year), bold=True, size=28)
            self.blank(rng.randint(1, 3))
            year = None
        for line in title:
            self.centred(line, bold=True, size=self.st["size"] + 8)
        if year is not None:
            self.blank(rng.randint(1, 3))
            self.centred(str(year) if year_alone else f"TAHUN {year}", bold=True, size=28)
        if rng.random() < 0.5:
            self.blank(rng.randint(2, 4))
            for line in [f"PEMERINTAH {_region_upper(self.g.get('region'))}"] + self._agency_lines():
                self.centred(line, bold=True, size=self.st["size"] + 2)
        self.page_break()

    def year_title(self, year: int):
        """A title carrying the year: 'INDIKATOR KINERJA INDIVIDU TAHUN 2022'."""
        self.centred(_pick(self.rng, [(2, f"INDIKATOR KINERJA INDIVIDU TAHUN {year}"),
                                      (1, f"INDIKATOR KINERJA INDIVIDU (IKI) TAHUN {year}")]),
                     bold=True, size=self.st["size"] + 3)
        self.blank()

    # ---- tables: generic ---------------------------------------------------
    def _borders(self, t, kind: str):
        side = '<w:{} w:val="nil"/>' if kind == "none" else '<w:{} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        sides = "".join(side.format(s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        _set_child(t._tbl.tblPr, _xml(f"<w:tblBorders>{sides}</w:tblBorders>"), TBLPR_ORDER)

    def _widths(self, t, widths):
        t.autofit = False
        for i, col in enumerate(t.columns):
            col.width = widths[i]
        for row in t.rows:
            for i, cell in enumerate(row.cells):
                if i < len(widths):
                    cell.width = widths[i]

    # ---- lists --------------------------------------------------------------
    def _abstract_for(self, n_items: int, kind: str) -> int:
        sub = _pick(self.rng, [(2, ("bullet", "-")), (2, ("bullet", "•")), (1, ("decimal", "%2)"))])
        if kind == "decimal" or n_items > 26:
            return self.num.abstract([("decimal", "%1."), sub, ("bullet", "•")])
        return self.num.abstract([("lowerLetter", "%1."), sub, ("bullet", "•")])

    def render_list(self, container, items: list[str], indent_cm: float = 0.6,
                    under: tuple[int, int] | None = None):
        """Items of TUGAS / FUNGSI / ... as paragraphs (auto-numbered, typed labels or plain).

        `under=(numId, ilvl)`: continue a multilevel list (the labels '1. JABATAN' are level 0
        of numId, the items become level ilvl 'a.', their sub-items level ilvl + 1)."""
        rng = self.rng
        mode = "auto" if under else _pick(rng, self.st["list_modes"])
        if mode == "plain" and len(items) < 2:
            mode = "typed"
        if mode != "auto" and any("; " in it for it in items) and rng.random() < 0.5:
            mode = "auto"     # nested lists are mostly real Word multilevel lists
        base = under[1] if under else 0
        nest_p = _pick(rng, [(1, 0.0), (3, 0.8), (3, 1.0)])
        term = _pick(rng, [(3, "semi"), (1, None)])
        dan = term == "semi" and rng.random() < 0.45
        numid = under[0] if under else None
        if mode == "auto" and numid is None:
            kind = _pick(rng, [(4, "alpha"), (1, "decimal")])
            numid = self.num.num(self._abstract_for(len(items), kind))
        typed = None
        if mode == "typed":
            typed = _pick(rng, [(5, "a. "), (1, "a) "), (2, "1. "), (1, "1) "), (1, "- "), (1, "• ")])
            if typed[0] == "a" and len(items) > 26:
                typed = "1. "
        tab_after_label = rng.random() < 0.4
        child_bullet = _pick(rng, [(2, "- "), (1, "• ")])
        n = len(items)
        for i, item in enumerate(items):
            parts = [item]
            if "; " in item and rng.random() < nest_p:
                parts = item.split("; ")
                if any(not x.strip() for x in parts):
                    parts = [item]
            head, children = parts[0], parts[1:]
            suffix = ""
            if term == "semi" and i < n - 1 and not children and not head.endswith((".", ":")):
                suffix = "; dan" if (dan and i == n - 2) else ";"
            p = self.para(container, style="List Paragraph" if mode == "auto" and rng.random() < 0.7 else None)
            if mode == "auto":
                _set_numpr(p, numid, base)
            else:
                pf = p.paragraph_format
                pf.left_indent = Cm(indent_cm + 0.7)
                pf.first_line_indent = Cm(-0.7)
                if mode == "typed":
                    if typed[0] == "a":
                        lab = LETTERS[i] + typed[1:]
                    elif typed[0] == "1":
                        lab = str(i + 1) + typed[1:]
                    else:
                        lab = typed
                    if tab_after_label:
                        lab = lab.rstrip() + "\t"
                        pf.tab_stops.add_tab_stop(Cm(indent_cm + 0.7))
                    p.add_run(lab)
                else:
                    pf.first_line_indent = Cm(0)
            self.text(p, head + suffix)
            for ch in children:
                q = self.para(container, style="List Paragraph" if mode == "auto" else None)
                if mode == "auto":
                    _set_numpr(q, numid, base + 1)
                else:
                    q.paragraph_format.left_indent = Cm(indent_cm + (1.4 if mode == "typed" else 0.9))
                    q.paragraph_format.first_line_indent = Cm(-0.5)
                    q.add_run(child_bullet)
                self.text(q, ch)

    # ---- position block -------------------------------------------------------
    def heading(self, pos: dict):
        rng = self.rng
        hs = self.st["heading_style"]
        if pos.get("kind") == "IKU":
            lines = ["INDIKATOR KINERJA UTAMA",
                     _pick(rng, [(2, f"{(self.g.get('agency') or '').upper()} {_region_upper(self.g.get('region'))}"),
                                 (1, (self.g.get("agency") or "").upper())]).strip()]
            if rng.random() < 0.4:
                lines = [" ".join(lines)]
        else:
            lines = [_pick(rng, [(3, "INDIKATOR KINERJA INDIVIDU"), (2, "INDIKATOR KINERJA INDIVIDU (IKI)"),
                                 (1, "INDIKATOR KINERJA INDIVIDU ( IKI )")])]
        first = None
        for line in lines:
            if hs == "bold":
                p = self.doc.add_paragraph()
                self.text(p, line, bold=True, size=self.st["size"] + 1, underline=rng.random() < 0.2)
            else:
                p = self.doc.add_paragraph(style=hs)
                self.text(p, line)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            first = first or p
        self.blank(rng.randint(0, 1))
        return first

    def _fields(self, pos: dict) -> list[tuple[str, object]]:
        """[(key, value)] in document order; value is a str, a list of items, '-' or ''."""
        rng = self.rng
        out: list[tuple[str, object]] = []
        if pos.get("jabatan"):
            out.append(("jabatan", pos["jabatan"]))
        if pos.get("instansi"):
            out.append(("instansi", pos["instansi"]))
        prog_early = rng.random() < 0.6
        if pos.get("program") and prog_early:
            out.append(("program", pos["program"]))
        for key in ("tugas", "fungsi", "butir_kegiatan", "hasil_kerja"):
            items = pos.get(key) or []
            if key == "fungsi" and not items and pos.get("kind") != "IKU":
                how = _pick(rng, [(3, "omit"), (2, "-"), (1, "")])
                if how != "omit":
                    out.append((key, how))
                continue
            if items:
                out.append((key, list(items)))
        if pos.get("program") and not prog_early:
            out.append(("program", pos["program"]))
        return out

    def _label_names(self) -> dict:
        rng = self.rng
        upper = rng.random() < 0.65
        names = {"jabatan": "JABATAN", "instansi": "INSTANSI",
                 "tugas": _pick(rng, [(6, "TUGAS"), (2, "URAIAN TUGAS"), (1, "TUGAS POKOK")]),
                 "fungsi": "FUNGSI", "butir_kegiatan": "BUTIR KEGIATAN", "hasil_kerja": "HASIL KERJA",
                 "program": "PROGRAM"}
        if not upper:
            names = {k: title_case(v) for k, v in names.items()}
        return names

    def block_labels_text(self, fields, bold_mode: bool):
        """'1. JABATAN : x' typed as text, or 'JABATAN : x' with the label in bold."""
        rng = self.rng
        names = self._label_names()
        prefix = "none" if bold_mode and rng.random() < 0.7 else \
            _pick(rng, [(4, "num"), (1, "alpha"), (1, "dash"), (1, "none"), (2, "auto")])
        tabbed = rng.random() < 0.5
        sep = _pick(rng, [(5, " : "), (1, ": "), (1, " :")])
        label_num = self.num.num(self.num.abstract([("decimal", "%1."), ("lowerLetter", "%2."), ("bullet", "-")])) \
            if prefix == "auto" else None
        multilevel = prefix == "auto" and rng.random() < 0.6
        for idx, (key, value) in enumerate(fields, start=1):
            p = self.doc.add_paragraph()
            pf = p.paragraph_format
            lab = {"num": f"{idx}.", "alpha": f"{LETTERS[idx - 1]}.", "dash": "-", "none": "", "auto": ""}[prefix]
            if label_num is not None:
                _set_numpr(p, label_num, 0)
            if tabbed:
                pf.tab_stops.add_tab_stop(Cm(0.75))
                pf.tab_stops.add_tab_stop(Cm(4.25))
                pf.left_indent = Cm(4.5)
                pf.first_line_indent = Cm(-4.5)
                if lab:
                    p.add_run(lab + "\t")
            elif lab:
                p.add_run(lab + " ")
            name = names[key]
            inline = isinstance(value, str) or (isinstance(value, list) and len(value) == 1
                                                and "; " not in value[0] and rng.random() < 0.8)
            colon = sep if inline else sep.rstrip()
            if bold_mode:
                if rng.random() < 0.5:
                    self.text(p, name, bold=True)
                    if tabbed:
                        p.add_run("\t")
                    p.add_run(colon.lstrip() if tabbed else colon)
                else:
                    self.text(p, name + (" :" if not tabbed else ""), bold=True)
                    if tabbed:
                        p.add_run("\t:")
                    p.add_run(" ")
            else:
                p.add_run(name)
                if tabbed:
                    p.add_run("\t" + colon.lstrip())
                else:
                    p.add_run(colon)
            if isinstance(value, str):
                self.text(p, value)
            elif inline:
                self.text(p, value[0])
            elif label_num is not None and multilevel:
                self.render_list(None, value, under=(label_num, 1))
            else:
                self.render_list(None, value, indent_cm=0.75 if not tabbed else 4.25)

    def block_labels_layout(self, fields):
        """Borderless layout table: '1.' | 'JABATAN' | ':' | value (or 3 columns)."""
        rng = self.rng
        names = self._label_names()
        four = rng.random() < 0.6
        ncol = 4 if four else 3
        t = self.doc.add_table(rows=len(fields), cols=ncol)
        self._borders(t, "none")
        bw = self.body_width
        widths = [Cm(0.8), Cm(3.4), Cm(0.5)] if four else [Cm(3.6), Cm(0.5)]
        widths.append(bw - sum(widths, Cm(0)))
        self._widths(t, widths)
        bold_label = rng.random() < 0.4
        for r, (key, value) in enumerate(fields):
            cells = t.rows[r].cells
            c = 0
            if four:
                self.text(self.para(cells[0]), f"{r + 1}.")
                c = 1
            self.text(self.para(cells[c]), names[key], bold=bold_label)
            self.text(self.para(cells[c + 1]), ":")
            vcell = cells[c + 2]
            if isinstance(value, str):
                self.text(self.para(vcell), value)
            elif len(value) == 1 and "; " not in value[0] and rng.random() < 0.8:
                self.text(self.para(vcell), value[0])
            else:
                self.render_list(vcell, value, indent_cm=0.0)
        self.blank()

    def block(self, pos: dict, first_block: bool):
        rng = self.rng
        br = self.st["block_page_break"]
        if not first_block and br == "break_run":
            self.page_break()
        h = self.heading(pos)
        if not first_block and br == "page_break_before":
            h.paragraph_format.page_break_before = True
        if not first_block and br is None:
            h.paragraph_format.space_before = Pt(18)
        fields = self._fields(pos)
        mode = _pick(rng, self.st["label_modes"])
        if mode == "layout":
            self.block_labels_layout(fields)
        else:
            self.block_labels_text(fields, bold_mode=(mode == "bold"))
        self.blank(rng.randint(1, 2))
        if pos.get("indicators"):
            land = self.st["orientation"] == "mixed"
            if land:
                self._new_section(True)
            self.indicator_table(pos)
            if land:
                self._new_section(False)

    # ---- indicator table --------------------------------------------------------
    def _columns(self, pos: dict) -> list[tuple[str, str]]:
        st = self.st
        return columns(pos, self.rng, st["header_pair"], HEADER_SETS,
                       [(2, ("SASARAN STRATEGIS", "INDIKATOR KINERJA UTAMA")), (1, ("SASARAN", "INDIKATOR KINERJA UTAMA"))],
                       st["formula_header"], st["no_col"], upper=st["header_upper"])

    def _header_rows(self, t, cols, numrow: str | None, shade: bool):
        for cell, (_, h) in zip(t.rows[0].cells, cols):
            self.centred(h, cell, bold=True, size=self.st["table_size"])
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            if shade:
                _set_child(cell._tc.get_or_add_tcPr(), _el("w:shd", w_val="clear", w_color="auto", w_fill="D9D9D9"),
                           TCPR_ORDER)
        if numrow:
            for i, cell in enumerate(t.rows[1].cells[:len(cols)]):
                self.centred(str(i + 1) if numrow == "plain" else f"({i + 1})", cell, size=self.st["table_size"])
        for r in t.rows[:2 if numrow else 1]:
            _set_child(r._tr.get_or_add_trPr(), OxmlElement("w:tblHeader"), TRPR_ORDER)

    def indicator_table(self, pos: dict):
        rng = self.rng
        st = self.st
        cols = self._columns(pos)
        inds = pos["indicators"]
        # sasaran groups (consecutive rows with the same sasaran)
        groups: list[int] = []
        for i, ind in enumerate(inds):
            if i and ind.get("sasaran") == inds[i - 1].get("sasaran"):
                groups.append(groups[-1])
            else:
                groups.append((groups[-1] + 1) if groups else 0)
        # where the table is "continued on the next page"
        cont = [i for i in range(1, len(inds)) if groups[i] == groups[i - 1]]
        splits: list[int] = []
        if cont and rng.random() < st["split_p"]:
            splits = [rng.choice(cont)]
            if len(inds) > 12 and rng.random() < 0.5:
                more = [i for i in range(1, len(inds)) if abs(i - splits[0]) > 3]
                if more:
                    splits.append(rng.choice(more))
            splits.sort()
        tprefs = {
            "numrow": st["numrow"], "shade": st["header_shade"],
            "ind_numbering": rng.random() < 0.15, "sumber_dash": rng.random() < 0.15,
            "sasaran_bold": rng.random() < 0.15, "valign": rng.random() < 0.5,
            "f_label": _pick(rng, [(4, "Formulasi Penghitungan"), (2, "Formulasi Pengitungan"),
                                   (2, "Formulasi Perhitungan")]),
            "lab_fmt": _pick(rng, [(3, "bold"), (2, "underline"), (2, "plain"), (1, "bold_underline")]),
            "f_prefixed": rng.random() < 0.7, "label_own_par": rng.random() < 0.6,
            "order": _pick(rng, [(5, "pen_first"), (1, "formula_first")]),
            "numrow_repeat": rng.random() < 0.5,
            "merge_cont": rng.random() < 0.6,
            "no_fmt": _pick(rng, [(2, "{}"), (1, "{}.")]),
        }
        weights = [COL_WEIGHTS[k] for k, _ in cols]
        tot = sum(weights)
        bw = self.body_width
        widths = [int(bw * w / tot) for w in weights]
        bounds = [0] + splits + [len(inds)]
        for si in range(len(bounds) - 1):
            a, b = bounds[si], bounds[si + 1]
            if si:
                # the table "continues on the next page": end it, break, repeat the header
                self.page_break()
            numrow = tprefs["numrow"] if (si == 0 or tprefs["numrow_repeat"]) else None
            nh = 1 + (1 if numrow else 0)
            t = self.doc.add_table(rows=nh + (b - a), cols=len(cols))
            if st["table_border"] == "grid":
                t.style = self.doc.styles["Table Grid"]
            else:
                self._borders(t, "single")
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            self._widths(t, widths)
            self._header_rows(t, cols, numrow, tprefs["shade"])
            self._fill_rows(t, nh, cols, inds, groups, a, b, tprefs)
        self.blank(rng.randint(1, 2))

    def _fill_rows(self, t, nh, cols, inds, groups, a, b, tp):
        st = self.st
        keys = [k for k, _ in cols]
        size = st["table_size"]
        for r, i in enumerate(range(a, b)):
            ind = inds[i]
            row = t.rows[nh + r]
            cells = row.cells
            first_in_group = i == 0 or groups[i] != groups[i - 1]
            j_in_group = 0
            k = i
            while k > 0 and groups[k - 1] == groups[i]:
                k -= 1
                j_in_group += 1
            if st["cant_split"] is not None:
                trpr = row._tr.get_or_add_trPr()
                _set_child(trpr, _el("w:cantSplit", w_val=st["cant_split"]), TRPR_ORDER)
            for c, key in enumerate(keys):
                cell = cells[c]
                if key == "no":
                    if first_in_group:
                        p = self.para(cell)
                        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                        self.text(p, tp["no_fmt"].format(groups[i] + 1), size=size)
                elif key == "sasaran":
                    if first_in_group and ind.get("sasaran"):
                        self.text(self.para(cell), ind["sasaran"], bold=tp["sasaran_bold"], size=size,
                                  soft_break=True)
                    if tp["valign"]:
                        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
                elif key == "indikator":
                    txt = ind.get("indikator") or ""
                    if txt:
                        p = self.para(cell)
                        if tp["ind_numbering"]:
                            p.add_run(f"{j_in_group + 1}. ")
                        self.text(p, txt, size=size, soft_break=True)
                elif key == "formula":
                    self.formula_cell(cell, ind, tp)
                elif key == "sumber":
                    v = ind.get("sumber_data")
                    if v:
                        self.text(self.para(cell), ("- " if tp["sumber_dash"] else "") + v, size=size,
                                  soft_break=True)
                else:
                    v = ind.get({"pj": "penanggung_jawab", "satuan": "satuan", "target": "target"}[key])
                    if v:
                        p = self.para(cell)
                        if key == "target":
                            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                        self.text(p, v, size=size, soft_break=True)
        # vertical merges of the sasaran / NO cells over the rows each sasaran governs
        merge_cols = [c for c, key in enumerate(keys) if key in ("sasaran", "no")]
        r0 = 0
        while r0 < b - a:
            r1 = r0
            while r1 + 1 < b - a and groups[a + r1 + 1] == groups[a + r0]:
                r1 += 1
            continuing = r0 == 0 and a > 0 and groups[a] == groups[a - 1]
            if r1 > r0 and st["merge"] == "vmerge" and (not continuing or tp["merge_cont"]):
                for c in merge_cols:
                    t.cell(nh + r0, c).merge(t.cell(nh + r1, c))
            r0 = r1 + 1

    # ---- the PENJELASAN / FORMULASI cell --------------------------------------------
    def _label_runs(self, p, label: str, tp):
        fmt = tp["lab_fmt"]
        self.text(p, label, bold=fmt in ("bold", "bold_underline"),
                  underline=fmt in ("underline", "bold_underline"), size=self.st["table_size"])

    def formula_cell(self, cell, ind: dict, tp: dict):
        if "_cell" in ind:
            self.planned_cell(cell, ind["_cell"])
            return
        rng = self.rng
        size = self.st["table_size"]
        pen = ind.get("penjelasan")
        spec = formula_spec(ind)
        colon = " :"
        f_label = tp["f_label"] + colon
        if spec is None and pen is None:
            return
        # penjelasan only
        if spec is None:
            p = self.para(cell)
            if ind.get("ambiguous"):
                self.text(p, pen, size=size, soft_break=True)
            else:
                self._label_runs(p, "Penjelasan" + colon, tp)
                self.text(p, " " + pen, size=size, soft_break=True)
            return
        text_formula = spec["kind"] == "text"
        if pen is not None and text_formula and tp["order"] == "formula_first":
            # 'Jumlah X. Penjelasan : ...' (seed 002a style)
            p = self.para(cell)
            head = spec["text"] if spec["text"].endswith(".") else spec["text"] + "."
            self.text(p, head, size=size)
            p = self.para(cell) if rng.random() < 0.6 else p
            if p.runs:
                p.add_run(" ")
            self._label_runs(p, "Penjelasan" + colon, tp)
            self.text(p, " " + pen, size=size, soft_break=True)
            return
        if pen is not None:
            p = self.para(cell)
            self._label_runs(p, "Penjelasan" + colon, tp)
            if rng.random() < 0.3:
                p = self.para(cell)
                self.text(p, pen, size=size, soft_break=True)
            else:
                self.text(p, " " + pen, size=size, soft_break=True)
        labelled = pen is not None or tp["f_prefixed"]
        label_par = None
        if labelled:
            label_par = self.para(cell)
            self._label_runs(label_par, f_label, tp)
        self.draw_formula(cell, spec, label_par if (label_par is not None and not tp["label_own_par"]) else None)

    def _border(self, p, side: str):
        """A paragraph border (w:pBdr) on one side: Word's way of drawing a fraction bar by hand."""
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bdr.append(_el(f"w:{side}", w_val="single", w_sz=6, w_space=1, w_color="auto"))
        _set_child(ppr, bdr, PPR_ORDER)

    def planned_cell(self, cell, blocks: list[dict]):
        """Draw a cell laid out by model.plan_cell (a layout the other modes never use)."""
        rng = self.rng
        size = self.st["table_size"]
        for b in blocks:
            kind = b["t"]
            if kind == "text":
                p = self.para(cell)
                if b.get("label"):
                    self.text(p, b["label"] + " ", bold=True, size=size)
                self.text(p, b["text"], size=size)
            elif kind == "lines":
                if rng.random() < 0.5:
                    for line in b["lines"]:
                        self.text(self.para(cell), line, size=size)
                else:
                    p = self.para(cell)
                    for k, line in enumerate(b["lines"]):
                        if k:
                            p.add_run().add_break()
                        self.text(p, line, size=size)
            elif kind == "count":
                p = self.para(cell)
                if b["math"]:
                    parts = [_m_run("f(x) = ", plain=False)] if b["fx"] else []
                    parts.append(_m_nary([_m_run(b["core"])]))
                    p._p.append(_m_math(parts, display=False))
                else:
                    self.text(p, b["prefix"] + b["core"], size=size)
            elif kind == "frac":
                sg = "∑ " if b["sigma"] else ""
                if b["bar"] == "math":
                    parts = [_m_fraction([_m_run(sg + b["num"])], [_m_run(sg + b["den"])])]
                    if b["mult"]:
                        parts.append(_m_run(" × " + b["mult"].split(" ", 1)[1], plain=False))
                    self.para(cell)._p.append(_m_math(parts, display=rng.random() < 0.5))
                    continue
                centred = rng.random() < 0.7
                # beside a drawn bar only: a bar that is a paragraph border has no line to carry it
                right = b["mult"] and b["mult_at"] == "right" and b["bar"] in ("underscores", "dashes")
                lines = [sg + b["num"]]
                if b["bar"] in ("underscores", "dashes"):
                    ch = "_" if b["bar"] == "underscores" else "-"
                    lines.append(ch * rng.randint(12, 28) + (f" {b['mult']}" if right else ""))
                lines.append(sg + b["den"])
                paras = []
                for line in lines:
                    p = self.para(cell)
                    if centred:
                        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    self.text(p, line, size=size)
                    paras.append(p)
                if b["bar"] in ("rule", "border"):
                    # the bar is the numerator's bottom border or the denominator's top border
                    if rng.random() < 0.6:
                        self._border(paras[0], "bottom")
                    else:
                        self._border(paras[1], "top")
                if b["mult"] and not right:
                    p = self.para(cell)
                    if centred:
                        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    self.text(p, b["mult"], size=size)

    def draw_formula(self, cell, spec: dict, inline_par):
        """Draw the formula in the cell; `inline_par` (label paragraph) may take it on the same line."""
        rng = self.rng
        size = self.st["table_size"]
        kind = spec["kind"]
        if kind == "text":
            p = inline_par or self.para(cell)
            self.text(p, (" " if inline_par is not None else "") + spec["text"], size=size, soft_break=True)
            return
        if kind == "count":
            mode = _pick(rng, self.st["count_modes"])
            core = spec["core"]
            if mode == "jumlah" and core.lower().startswith("jumlah"):
                mode = "text"
            if mode == "omml":
                parts = []
                if spec["fx"] or rng.random() < 0.6:
                    parts.append(_m_run("f(x) = ", plain=False))
                if rng.random() < 0.6:
                    parts.append(_m_nary([_m_run(core)]))
                else:
                    parts.append(_m_run("∑", plain=False))
                    parts.append(_m_run(" " + core))
                p = inline_par or self.para(cell)
                if inline_par is not None:
                    p.add_run(" ")
                p._p.append(_m_math(parts, display=inline_par is None and rng.random() < 0.5))
                return
            if mode == "jumlah":
                txt = f"Jumlah {core}"
            else:
                txt = _pick(rng, [(4, f"f(x) = Σ {core}"), (2, f"f(x) = ∑ {core}"), (1, f"F(x) : Σ {core}"),
                                  (1, f"Σ {core}")])
            p = inline_par or self.para(cell)
            self.text(p, (" " if inline_par is not None else "") + txt, size=size, soft_break=True)
            return
        # ratio
        num, den, mult, pct = spec["num"], spec["den"], spec["mult"], spec["pct"]
        modes = list(self.st["formula_modes"])
        if " / " in num or " / " in den:
            modes = [m for m in modes if m[1] != "inline"] or [(1, "omml")]
        mode = _pick(rng, modes)
        sg = "∑ " if spec["sigma"] else ""
        mult_txt = ""
        if mult is not None:
            mult_txt = f"{mult}" + ("%" if pct else "")
        if mode == "omml":
            parts = []
            if spec["fx"]:
                parts.append(_m_run("f(x) = ", plain=False))
            if spec["sigma"] and rng.random() < 0.5:
                nparts = [_m_nary([_m_run(num)])]
                dparts = [_m_nary([_m_run(den)])]
            else:
                nparts = [_m_run(sg + num)]
                dparts = [_m_run(sg + den)]
            parts.append(_m_fraction(nparts, dparts))
            if mult is not None:
                parts.append(_m_run(" × " + mult_txt, plain=False))
            p = inline_par or self.para(cell)
            if inline_par is not None:
                p.add_run(" ")
            p._p.append(_m_math(parts, display=inline_par is None and rng.random() < 0.6))
            return
        if mode == "stack":
            # the label (if any) stays alone on its line; the fraction starts below
            bar = "_" * rng.randint(12, 22)
            x = _pick(rng, [(3, " x "), (2, " X "), (1, " × ")])
            mid = bar + (x + mult_txt if mult is not None else "")
            for line in (sg + num, mid, sg + den):
                p = self.para(cell)
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self.text(p, line, size=size)
            return
        # inline text
        x = _pick(rng, [(3, " x "), (2, " X "), (1, " × ")])
        fx = "f(x) = " if spec["fx"] else ""
        k = (x + mult_txt) if mult is not None else ""
        txt = _pick(rng, [(3, f"{fx}{sg}{num} / {sg}{den}{k}"), (1, f"{fx}({sg}{num} / {sg}{den}){k}")])
        p = inline_par or self.para(cell)
        self.text(p, (" " if inline_par is not None else "") + txt, size=size, soft_break=True)

    # ---- whole document ---------------------------------------------------------
    def render(self):
        rng = self.rng
        g = self.g
        positions = g.get("positions") or []
        header_year = written_year(g)
        self.letterhead()
        if header_year is not None:
            if self.st["cover"]:
                self.cover(header_year, sub=_pick(rng, [(2, None), (1, "ESELON III & IV")]))
            else:
                self.year_title(header_year)
        elif self.st["cover"]:
            self.cover(None)
        current = header_year
        first = True
        for pos in positions:
            y = pos.get("year")
            if y is not None and (y != current or (not first and rng.random() < self.st["repeat_year_cover_p"])):
                if first:
                    self.year_title(y)
                elif rng.random() < 0.75:
                    self.page_break()
                    self.cover(y, sub=_pick(rng, [(2, "ESELON III"), (1, "STAF"), (1, "JABATAN FUNGSIONAL")]),
                               year_alone=True)
                    first = True   # the cover ends with a page break already
                else:
                    self.page_break()
                    self.year_title(y)
                    first = True
                current = y
            self.block(pos, first_block=first)
            first = False
        title = "Indikator Kinerja Individu " + (g.get("agency") or "")
        _fixed_core(self.doc, title.strip(), "Subbag Umum dan Kepegawaian")
        return self.doc


def render_docx(gold: dict, path, rng: random.Random, style: dict | None = None) -> dict:
    """Render `gold` as a Word document at `path`; returns the document-level style it used."""
    r = DocxRenderer(gold, rng, style)
    _save_deterministic(r.render(), Path(path))
    return r.st


# --------------------------------------------------------------------------
# a hand-built document (different code path: raw WordprocessingML strings) of its own gold
# (samples/gold/handmade/handmade_numbering.json)

def _h_run(text: str, bold=False, underline=False, size=None) -> str:
    rpr = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size * 2}"/>' if size else "") + \
        ('<w:u w:val="single"/>' if underline else "")
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{_xml_escape(text)}</w:t></w:r>'


def _h_p(runs: str = "", jc: str | None = None, num: tuple[int, int] | None = None, tab: int | None = None,
         extra_ppr: str = "") -> str:
    numpr = f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else ""
    tabs = f'<w:tabs><w:tab w:val="left" w:pos="{tab}"/></w:tabs>' if tab else ""
    jc = f'<w:jc w:val="{jc}"/>' if jc else ""
    return f'<w:p><w:pPr>{numpr}{extra_ppr}{tabs}<w:spacing w:after="0" w:line="276" w:lineRule="auto"/>{jc}</w:pPr>{runs}</w:p>'



def _h_tc(width: int, paras: list[str], vmerge: str | None = None, span: int | None = None, shade=False) -> str:
    pr = (f'<w:tcW w:w="{width}" w:type="dxa"/>' + (f'<w:gridSpan w:val="{span}"/>' if span else "")
          + {"restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>", None: ""}[vmerge]
          + ('<w:shd w:val="clear" w:color="auto" w:fill="BFBFBF"/>' if shade else "") + '<w:vAlign w:val="top"/>')
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{''.join(paras) or _h_p()}</w:tc>"


def _h_mr(text: str, nor=True) -> str:
    return f'<m:r>{"<m:rPr><m:nor/></m:rPr>" if nor else ""}<m:t xml:space="preserve">{_xml_escape(text)}</m:t></m:r>'


H_GRID = [700, 4200, 4300, 6700, 3000, 2000]   # dxa, 20.9 cm in total
H_HEAD = ["NO", "SASARAN KINERJA", "INDIKATOR KINERJA", "PENJELASAN / FORMULASI PENGHITUNGAN", "SUMBER DATA",
          "TARGET"]
H_BORDERS = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for s in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _h_items(items: list[str], num: int) -> list[str]:
    """Items as level 1 of a multilevel list, their '; '-joined sub-items as level 2."""
    out = []
    for i, it in enumerate(items):
        parts = it.split("; ")
        if len(parts) > 1:
            out += [_h_p(_h_run(parts[0]), num=(num, 1))] + [_h_p(_h_run(sub), num=(num, 2)) for sub in parts[1:]]
        else:
            term = "" if i == len(items) - 1 or it.endswith(".") else "; dan" if i == len(items) - 2 else ";"
            out.append(_h_p(_h_run(it + term), num=(num, 1)))
    return out


def _h_table(title: str, rows: list[list[list[str]]]) -> str:
    """The indicator table: a title row spanning it, the header, the column numbers (all repeated on
    every page), then the rows; NO and SASARAN of the first two rows merged down."""
    head = '<w:tr><w:trPr><w:tblHeader/></w:trPr>'
    tbl = [f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{H_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr>'
           "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in H_GRID) + "</w:tblGrid>",
           head + _h_tc(sum(H_GRID), [_h_p(_h_run(title, bold=True), jc="center")], span=len(H_GRID)) + "</w:tr>",
           head + "".join(_h_tc(w, [_h_p(_h_run(h, bold=True, size=10), jc="center")], shade=True)
                          for w, h in zip(H_GRID, H_HEAD)) + "</w:tr>",
           head + "".join(_h_tc(w, [_h_p(_h_run(f"({i + 1})", size=9), jc="center")])
                          for i, w in enumerate(H_GRID)) + "</w:tr>"]
    merges = {(0, 0): "restart", (1, 0): "continue", (0, 1): "restart", (1, 1): "continue"}
    tbl += ["<w:tr>" + "".join(_h_tc(H_GRID[c], paras, vmerge=merges.get((r, c))) for c, paras in enumerate(cells))
            + "</w:tr>" for r, cells in enumerate(rows)]
    return "".join(tbl) + "</w:tbl>"


def make_handmade(path) -> dict:
    """One hand-built document (Kabupaten Malang, Bappeda): multilevel numbering, gridSpan title
    row, vMerge, an OMML fraction, an OMML n-ary sum, a stacked-paragraph fraction.
    Written as raw WordprocessingML rather than through the generator. Returns its gold."""
    doc = Document()
    _strip_thumbnail(doc)
    st = doc.styles["Normal"]
    st.font.name, st.font.size = "Bookman Old Style", Pt(11)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(33.0), Cm(21.5)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(2.0))
    sec.header.is_linked_to_previous = False
    sec.header.paragraphs[0].text = "IKI Badan Perencanaan Pembangunan Daerah"
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp._p.append(_xml('<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    # numbering: one multilevel list 1. / a. / -, two instances
    numbering = doc.part.numbering_part.element
    aid = 1 + max(int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum")))
    first = 1 + max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num")))
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{txt}"/>'
                   f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="{hang}"/></w:pPr></w:lvl>'
                   for i, (fmt, txt, left, hang) in enumerate([("decimal", "%1.", 360, 360),
                                                               ("lowerLetter", "%2.", 720, 360),
                                                               ("bullet", "-", 1080, 284)]))
    numbering.find(qn("w:num")).addprevious(_xml(
        f'<w:abstractNum w:abstractNumId="{aid}"><w:nsid w:val="5A3C21D7"/><w:multiLevelType w:val="multilevel"/>'
        f'<w:tmpl w:val="0421000F"/>{lvls}</w:abstractNum>'))
    nums = [first, first + 1]
    for nid in nums:
        numbering.append(_xml(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/><w:lvlOverride w:ilvl="0">'
                              '<w:startOverride w:val="1"/></w:lvlOverride></w:num>'))

    g = load(HERE / "gold" / "handmade" / "handmade_numbering.json")

    def labelled(label: str, value: str | None, num: int) -> str:
        return _h_p(_h_run(label) + "<w:r><w:tab/></w:r>" + _h_run(": " + (value or "")), num=(num, 0), tab=2600)

    def cellp(text: str, **kw) -> str:
        return _h_p(_h_run(text, size=10, **kw))

    def head_runs(label: str, underline=False, tail: str = "") -> str:
        return _h_p(_h_run(label, bold=not underline, underline=underline, size=10) + tail)

    def basics(i: dict) -> tuple[list[str], list[str]]:
        return [cellp(i["sumber_data"])], [cellp(i["target"])]

    centred = [("PEMERINTAH KABUPATEN MALANG", 14), ("BADAN PERENCANAAN PEMBANGUNAN DAERAH", 16)]
    body = [_h_p(_h_run(t, bold=True, size=sz), jc="center") for t, sz in centred]
    body += [_h_p(_h_run("Jl. Panji No. 158 Kepanjen Telp. (0341) 397125 Fax. (0341) 397126", size=9), jc="center"),
             _h_p(_h_run("Email : bappeda@malangkab.go.id", size=9), jc="center",
                  extra_ppr='<w:pBdr><w:bottom w:val="thickThinSmallGap" w:sz="18" w:space="1" w:color="auto"/>'
                            "</w:pBdr>"), _h_p()]
    body += [_h_p(_h_run(t, bold=True, size=14), jc="center") for t in ("INDIKATOR KINERJA INDIVIDU", "TAHUN 2024")]
    p1, p2 = g["positions"]
    i1, i2, i3 = p1["indicators"]
    f1, f2, f3 = (i["formulas"][0] for i in (i1, i2, i3))
    ratio = (f'<m:oMathPara><m:oMath><m:f><m:fPr><m:type m:val="bar"/></m:fPr><m:num>{_h_mr(f1["numerator"])}</m:num>'
             f'<m:den>{_h_mr(f1["denominator"])}</m:den></m:f>{_h_mr(" × 100%", False)}</m:oMath></m:oMathPara>')
    count = ('<m:oMath><m:r><m:t xml:space="preserve">f(x) = </m:t></m:r><m:nary><m:naryPr><m:chr m:val="∑"/>'
             '<m:limLoc m:val="undOvr"/><m:subHide m:val="1"/><m:supHide m:val="1"/></m:naryPr><m:sub/><m:sup/>'
             f'<m:e>{_h_mr(f2["numerator"])}</m:e></m:nary></m:oMath>')
    body += [_h_p(), _h_p(_h_run("INDIKATOR KINERJA INDIVIDU", bold=True), jc="center"), _h_p(),
             labelled("JABATAN", p1["jabatan"], nums[0]), labelled("TUGAS", None, nums[0]),
             *_h_items(p1["tugas"], nums[0]), labelled("FUNGSI", None, nums[0]), *_h_items(p1["fungsi"], nums[0]),
             _h_p(), _h_table("IKI KEPALA BIDANG PERENCANAAN", [
                 [[cellp("1.")], [cellp(i1["sasaran"])], [cellp(i1["indikator"])],
                  [head_runs("Penjelasan :", tail=_h_run(" " + i1["penjelasan"], size=10)),
                   head_runs("Formulasi Penghitungan :"), _h_p(ratio)], *basics(i1)],
                 [[_h_p()], [_h_p()], [cellp(i2["indikator"])], [head_runs("Formulasi Penghitungan : ", tail=count)],
                  *basics(i2)],
                 [[cellp("2.")], [cellp(i3["sasaran"])], [cellp(i3["indikator"])],
                  [head_runs("Formulasi Penghitungan :")] + [_h_p(_h_run(t, size=10), jc="center") for t in
                                                             (f3["numerator"], "________________ x 100%",
                                                              f3["denominator"])], *basics(i3)]]),
             _h_p('<w:r><w:br w:type="page"/></w:r>')]
    j1, j2 = p2["indicators"]
    body += [_h_p(_h_run("INDIKATOR KINERJA INDIVIDU", bold=True), jc="center"), _h_p(),
             labelled("JABATAN", p2["jabatan"], nums[1]), labelled("TUGAS", None, nums[1]),
             *_h_items(p2["tugas"], nums[1]), labelled("FUNGSI", "-", nums[1]), _h_p(),
             _h_table("IKI KEPALA SUB BIDANG DATA", [
                 [[cellp("1.")], [cellp(j1["sasaran"])], [cellp(j1["indikator"])],
                  [head_runs("Formulasi Penghitungan :", True, _h_run(" " + j1["formula_raw"], size=10))], *basics(j1)],
                 [[_h_p()], [_h_p()], [cellp(j2["indikator"])],
                  [head_runs("Penjelasan :", True), cellp(j2["penjelasan"]), head_runs("Formulasi Penghitungan :", True),
                   cellp(j2["formula_raw"])], *basics(j2)]]),
             _h_p()]
    body_el = doc.element.body
    sectpr = body_el.find(qn("w:sectPr"))
    for frag in body:
        sectpr.addprevious(_xml(frag))
    for p in body_el.findall(qn("w:p")):   # the template's initial empty paragraph
        if len(p) == 0:
            body_el.remove(p)
    _fixed_core(doc, "Indikator Kinerja Individu Bappeda Kabupaten Malang", "Bidang Perencanaan")
    _save_deterministic(doc, Path(path))
    return dict(g, source=Path(path).name)


# --------------------------------------------------------------------------
# check: re-open the DOCX and look for every gold value

W_T, M_T, W_TAB, W_BR, W_CR, W_R = qn("w:t"), qn("m:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:r")


def _par_text(p) -> str:
    out = []
    for el in p.iter():
        if el.tag in (W_T, M_T):
            out.append(el.text or "")
        elif el.tag == W_TAB and el.getparent().tag == W_R:
            out.append("\t")
        elif el.tag in (W_BR, W_CR):
            out.append("\n")
    return "".join(out)


def check_docx(path, gold: dict) -> list[str]:
    """Problems found in `path` (empty list when it holds every gold value)."""
    doc = Document(str(path))
    text = _fold("\n".join(_par_text(p) for p in doc.element.body.iter(qn("w:p"))))
    problems = missing(gold, lambda v, where: _fold(v) in text or
                       where in ("region", "agency") and _fold(v).lower() in text.lower())
    # structure: numbering references resolve, header/footer are not body text, no LaTeX, no text in
    # a merged-away cell
    numbering = doc.part.numbering_part.element
    nums = {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
            for n in numbering.findall(qn("w:num"))}
    absn = {a.get(qn("w:abstractNumId")) for a in numbering.findall(qn("w:abstractNum"))}
    problems += [f"numId {v} has no numbering definition" for v in
                 (n.get(qn("w:val")) for n in doc.element.body.iter(qn("w:numId"))) if nums.get(v) not in absn]
    htxt = _fold(" ".join(p.text for p in doc.sections[0].header.paragraphs))
    if not htxt or htxt in text:
        problems.append(f"page header missing or in the body: {htxt!r}")
    if "PAGE" not in doc.sections[0].footer._element.xml:
        problems.append("footer has no PAGE field")
    if re.search(r"\\frac|\\text\{|\$\s*f\(x\)", text):
        problems.append("LaTeX markup leaked into the document text")
    for tc in doc.element.body.iter(qn("w:tc")):
        vm = tc.find(qn("w:tcPr") + "/" + qn("w:vMerge"))
        if vm is not None and vm.get(qn("w:val")) in (None, "continue") and _fold(_par_text(tc)):
            problems.append("vMerge continuation cell holds text")
    return problems


# --------------------------------------------------------------------------
# CLI

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Render gold IKI annotations as realistic Word documents.")
    ap.add_argument("inputs", nargs="*", type=Path, help="gold JSON file(s) to render")
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--variants", type=int, default=None,
                    help="documents per gold file, named <stem>_v1.. (default: one, named <stem>)")
    ap.add_argument("--handmade", action="store_true", help="also write OUTDIR/handmade_numbering.docx + .json")
    ap.add_argument("--formula-layouts", action="store_true",
                    help="lay formula cells out in the new layouts of model.plan_cell (unlabelled, between "
                         "explanations, wrapped by hand, bar as a paragraph border, x 100%% below, in words, "
                         "key-values)")
    args = ap.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    failures = 0
    for gpath in args.inputs:
        gold, stem = load(gpath), gpath.stem
        rot = {}   # the per-document choices of ROTATED, in a per-file order: two variants never share them all
        for key, opts in ROTATED.items():
            order = list(range(len(opts)))
            random.Random(f"{args.seed}:{stem}:rotate:{key}").shuffle(order)
            rot[key] = [opts[i] for i in order]
        for k in range(1, (args.variants or 1) + 1):
            name = f"{stem}_v{k}" if args.variants else stem
            out = args.outdir / (name + ".docx")
            g = plan_formula_layouts(gold, random.Random(f"{args.seed}:{stem}:{k}:formula"), {"math"}) \
                if args.formula_layouts else gold
            render_docx(g, out, random.Random(f"{args.seed}:{stem}:{k}"),
                        {key: opts[(k - 1) % len(opts)] for key, opts in rot.items()})
            dump(gold_copy(g, out.name), args.outdir / (name + ".json"))
            failures += report(out, check_docx(out, g))
    if args.handmade:
        out = args.outdir / "handmade_numbering.docx"
        g = make_handmade(out)
        dump(g, args.outdir / "handmade_numbering.json")
        failures += report(out, check_docx(out, g))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

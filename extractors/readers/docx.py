"""Word (.docx, and legacy .doc through LibreOffice) → IR.

The package's document, numbering and styles parts are read with zipfile and
lxml (bounded sizes, no entity expansion); the body is then walked once in
document order — paragraphs and tables interleaved, content
controls and tables nested in cells included — which is much faster than
python-docx's convenience objects, which re-read the XML on every access.

What Word keeps outside the visible text is recovered:

* automatic numbering (``w:numPr`` → numbering.xml, also through paragraph
  styles): the visible label (``1.``, ``a.``, ``•``) and the nesting level, a
  skipped level counted as Word counts it (``1.`` / ``1.1.1.`` / ``1.2.``);
* equations (OMML ``m:oMath``) → LaTeX that keeps their structure
  (``$\\frac{A}{B} × 100%$``, ``m^{2}``, ``\\sum_{i=1}^{n} x``), see :mod:`.omml`;
* merged cells: ``w:gridSpan`` → colspan, ``w:vMerge`` → rowspan (a row holding
  only continuations is kept);
* text boxes (``w:txbxContent``, in VML or DrawingML, one branch of an
  ``mc:AlternateContent``) read where they are anchored;
* a fraction bar drawn as a paragraph border between two paragraphs of a cell →
  a ``_____`` line, as a drawn bar reads in a PDF;
* page breaks (explicit, section and rendered) → page numbers;
* soft line breaks: a new line inside a cell, a new paragraph in the body;
* Strict Open XML (ISO 29500 Strict namespaces) read like Transitional.

Headers, footers, footnotes and comments are separate parts and are never read.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from extractors.ir import Cell, Document, Loc, Paragraph, Table
from extractors.limits import check_span
from extractors.readers.omml import omml_latex
from extractors.readers.package import MAX_PART_BYTES, XML_PARSER, PackageError, open_package, parse_xml, read_part
from normalize.text import OBJECT_MARK, collapse, split_label

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_w = f"{{{W}}}"
_m = f"{{{M}}}"
_mc = f"{{{MC}}}"

MAX_XML_BYTES = MAX_PART_BYTES  # refuse a part that inflates beyond this (zip bomb)
_PARSER = XML_PARSER
_KIND = "Word document"

# ISO 29500 Strict names its namespaces and relationship types http://purl.oclc.org/ooxml/<area>/<name>
# where Transitional says http://schemas.openxmlformats.org/<area>/2006/<name>; the vocabulary is the same.
_STRICT_NS = re.compile(rb'(["\'])http://purl\.oclc\.org/ooxml/([A-Za-z]+)/([A-Za-z]+)')


def strict_to_transitional(raw: bytes) -> bytes:
    """An XML part written with Strict Open XML namespaces → the same part with Transitional ones."""
    if b"purl.oclc.org/ooxml/" not in raw:
        return raw
    return _STRICT_NS.sub(rb"\1http://schemas.openxmlformats.org/\2/2006/\3", raw)


class DocxError(PackageError):
    """A Word file that cannot be read, with a message for the user."""

    kind = "Word document"


def _attr(el, name: str, default=None):
    if el is None:
        return default
    return el.get(_w + name, default)


def _on(el) -> bool:
    """A w:b / w:u style toggle that is switched on."""
    if el is None:
        return False
    val = el.get(_w + "val")
    return val not in ("0", "false", "none", "off")


# ----------------------------------------------------------------------------- numbering


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("none",):
        return ""
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False  # w:isLgl: every level's number shown in decimal ("1.1.1" under roman chapters)


@dataclass
class Numbering:
    """Word's list definitions and the running counters of a document."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId → ilvl → level
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → ilvl → start
    counters: dict[str, list[int]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    @classmethod
    def from_xml(cls, root) -> "Numbering":
        num = cls()
        if root is None:
            return num
        for an in root.iter(_w + "abstractNum"):
            lv: dict[int, _Level] = {}
            for lvl in an.iter(_w + "lvl"):
                i = int(_attr(lvl, "ilvl", "0") or 0)
                lv[i] = _Level(
                    fmt=_attr(lvl.find(_w + "numFmt"), "val", "decimal") or "decimal",
                    text=_attr(lvl.find(_w + "lvlText"), "val", "") or "",
                    start=int(_attr(lvl.find(_w + "start"), "val", "1") or 1),
                    legal=_on(lvl.find(_w + "isLgl")),
                )
            num.levels[_attr(an, "abstractNumId", "")] = lv
        for n in root.iter(_w + "num"):
            nid = _attr(n, "numId", "")
            num.nums[nid] = _attr(n.find(_w + "abstractNumId"), "val", "")
            for ov in n.iter(_w + "lvlOverride"):
                so = ov.find(_w + "startOverride")
                if so is not None:
                    num.overrides.setdefault(nid, {})[int(_attr(ov, "ilvl", "0") or 0)] = int(_attr(so, "val", "1"))
        return num

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The visible label of the next paragraph in list ``num_id`` at level ``ilvl``."""
        if num_id in (None, "", "0") or num_id not in self.nums:
            return None
        abstract = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        lvl = levels.get(ilvl, _Level())
        counters = self.counters.setdefault(abstract, [0] * 10)
        if num_id not in self.seen:
            self.seen.add(num_id)
            for i, start in self.overrides.get(num_id, {}).items():
                if 0 <= i < 10:
                    counters[i] = start - 1
        if ilvl >= 10:
            return None
        if counters[ilvl] == 0 and lvl.start > 1:
            counters[ilvl] = lvl.start - 1
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = 0
        # A skipped level (a level-3 item right under a level-1 item) shows its start value and
        # counts as used, so the next item at that level goes on from it: 1. / 1.1.1. / 1.2.
        # (how Word and LibreOffice number it).
        for k in range(ilvl):
            if counters[k] == 0:
                counters[k] = levels.get(k, _Level()).start
        if lvl.fmt == "bullet":
            ch = lvl.text.strip()
            return "•" if not ch or ord(ch[0]) >= 0xE000 or ch in "o§·" else ch
        text = lvl.text
        for k in range(ilvl + 1):
            lk = levels.get(k, _Level())
            fmt = "decimal" if lvl.legal and lk.fmt not in ("none", "bullet") else lk.fmt
            text = text.replace(f"%{k + 1}", format_number(counters[k], fmt))
        return text.strip() or None


@dataclass
class _Styles:
    numbering: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId → (numId, ilvl)
    headings: dict[str, int] = field(default_factory=dict)  # styleId → heading level
    borders: dict[str, "_Border"] = field(default_factory=dict)  # styleId → paragraph border

    @classmethod
    def from_xml(cls, root) -> "_Styles":
        return cls.from_elements(root.iter(_w + "style") if root is not None else [])

    @classmethod
    def from_elements(cls, styles) -> "_Styles":
        st = cls()
        based: dict[str, str] = {}
        for s in styles:
            sid = _attr(s, "styleId", "")
            name = (_attr(s.find(_w + "name"), "val", "") or "").lower()
            if name.startswith("heading ") and name[8:].strip().isdigit():
                st.headings[sid] = int(name[8:].strip())
            elif name in ("title",):
                st.headings[sid] = 1
            bo = s.find(_w + "basedOn")
            if bo is not None:
                based[sid] = _attr(bo, "val", "")
            num_pr = s.find(f"{_w}pPr/{_w}numPr")
            if num_pr is not None:
                nid = _attr(num_pr.find(_w + "numId"), "val")
                if nid:
                    st.numbering[sid] = (nid, int(_attr(num_pr.find(_w + "ilvl"), "val", "0") or 0))
            border = _border(s.find(f"{_w}pPr/{_w}pBdr"))
            if border is not None:
                st.borders[sid] = border
        for sid in list(based):  # inherit numbering and heading level through basedOn
            seen, cur = set(), sid
            while cur in based and cur not in seen:
                seen.add(cur)
                cur = based[cur]
                if sid not in st.numbering and cur in st.numbering:
                    st.numbering[sid] = st.numbering[cur]
                if sid not in st.headings and cur in st.headings:
                    st.headings[sid] = st.headings[cur]
                if sid not in st.borders and cur in st.borders:
                    st.borders[sid] = st.borders[cur]
        return st

    @classmethod
    def for_ids(cls, raw: bytes, used: set[str]) -> "_Styles":
        """Only the styles a body uses (and what they are based on), cut out of styles.xml.

        Word's styles part often holds hundreds of latent styles (300+ KB); parsing
        the few a document uses is what keeps the reader faster than a plain
        python-docx load.
        """
        text = raw.decode("utf-8", errors="replace")
        root_tag = re.search(r"<w:styles\b[^>]*>", text)
        if root_tag is None:  # another prefix than w: the cut below cannot find the styles
            return cls.from_xml(parse_xml(raw, "styles", _KIND, DocxError))
        head = root_tag.group(0)
        found: dict[str, str] = {}
        todo = list(used)
        while todo:
            sid = todo.pop()
            if sid in found:
                continue
            m = re.search(r'<w:style\b[^>]*w:styleId="%s"[^>]*(?:/>|>.*?</w:style>)' % re.escape(sid), text, re.S)
            if not m:
                continue
            found[sid] = m.group(0)
            b = re.search(r'<w:basedOn w:val="([^"]+)"', m.group(0))
            if b:
                todo.append(b.group(1))
        if not found:
            return cls()
        try:
            root = etree.fromstring((head + "".join(found.values()) + "</w:styles>").encode(), _PARSER)
        except etree.XMLSyntaxError:
            return cls.from_xml(parse_xml(raw, "styles", _KIND, DocxError))
        return cls.from_xml(root)


@dataclass(frozen=True)
class _Border:
    """A paragraph's borders (w:pBdr) as far as they separate it from its neighbours."""

    top: bool
    bottom: bool
    between: bool
    signature: bytes  # paragraphs with the same borders form one bordered group (Word draws no edge inside)


def _border(pbdr) -> _Border | None:
    if pbdr is None:
        return None
    sides = {}
    for side in ("top", "bottom", "between"):
        el = pbdr.find(_w + side)
        sides[side] = el is not None and _attr(el, "val", "single") not in ("nil", "none")
    if not any(sides.values()) and not len(pbdr):
        return None
    return _Border(sides["top"], sides["bottom"], sides["between"], etree.tostring(pbdr))


# ----------------------------------------------------------------------------- equations


def omml_text(el) -> str:
    """An OMML element → LaTeX (``\\frac{A}{B}``, ``m^{2}``, ``\\sum_{i=1}^{n} x``); see :mod:`extractors.readers.omml`."""
    return omml_latex(el)


# ----------------------------------------------------------------------------- walking the body

_TXBX = _w + "txbxContent"
_ALT = _mc + "AlternateContent"
_BAR_TEXT = "_____"  # how a drawn fraction bar reaches the parser (as extractors.geometry writes one)


@dataclass
class _State:
    numbering: Numbering
    styles: _Styles
    use_rendered_breaks: bool
    page: int = 1
    warnings: list[str] = field(default_factory=list)
    in_cell: int = 0  # depth of table cells being read: a picture there is marked (OBJECT_MARK)


@dataclass
class _Para:
    text: str
    label: str | None
    level: int
    heading: int
    bold: bool
    page: int
    boxes: list[tuple[int, object]] = field(default_factory=list)  # (offset in text, w:txbxContent)
    border: _Border | None = None


class _Box:
    """A text box met inside a run: its content is read where its anchor sits (a floating box,
    drawn at the top of its anchor paragraph, before that paragraph's text)."""

    __slots__ = ("content", "floating")

    def __init__(self, content, floating: bool):
        self.content = content
        self.floating = floating


_WP_ANCHOR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor"


def _floating(shape) -> bool:
    """A drawing anchored to the page or paragraph (``wp:anchor``, VML ``position:absolute``), not inline."""
    if shape.tag == _w + "drawing":
        return any(c.tag == _WP_ANCHOR for c in shape)
    return any("position:absolute" in (el.get("style") or "").replace(" ", "")
               for el in shape.iter() if isinstance(el.tag, str))


class _Bar:
    """A paragraph border drawn between two paragraphs of a cell."""


def _branch(alt):
    """The one branch of an ``mc:AlternateContent`` to read: the first Choice that holds text, else the Fallback.

    Word writes a text box twice (DrawingML in the Choice, VML in the Fallback); reading
    one branch reads it once.
    """
    fallback = None
    for c in alt:
        if c.tag == _mc + "Choice":
            if next(c.iter(_TXBX, _w + "t", _m + "oMath"), None) is not None:
                return c
        elif c.tag == _mc + "Fallback":
            fallback = c
    return fallback


def _find_boxes(el, out: list) -> None:
    """The outermost text boxes (``w:txbxContent``) inside a drawing, a VML shape or a group of them."""
    for c in el:
        tag = c.tag
        if not isinstance(tag, str):
            continue
        if tag == _TXBX:
            out.append(c)
        elif tag == _ALT:
            branch = _branch(c)
            if branch is not None:
                _find_boxes(branch, out)
        else:
            _find_boxes(c, out)


_PICTURE_TAGS = ("{http://schemas.openxmlformats.org/drawingml/2006/main}blip",
                 "{urn:schemas-microsoft-com:vml}imagedata",
                 "{urn:schemas-microsoft-com:office:office}OLEObject")


def _is_picture(el) -> bool:
    """A drawing, VML shape or embedded object that shows a picture (a formula pasted as an image, an
    Equation Editor 3 object) rather than text."""
    return el.tag == _w + "object" or any(x.tag in _PICTURE_TAGS for x in el.iter() if isinstance(x.tag, str))


def _run_text(r, state: _State, parts: list, flags: dict, bold: bool | None = None) -> None:
    if bold is None:
        rpr = r.find(_w + "rPr")
        bold = rpr is not None and _on(rpr.find(_w + "b"))
    for c in r:
        tag = c.tag
        if tag == _w + "t":
            parts.append(c.text or "")
            if (c.text or "").strip():
                flags["any"] = True
                flags["bold"] = flags["bold"] and bold
        elif tag == _w + "tab":
            parts.append("\t")
        elif tag == _w + "br":
            if _attr(c, "type") == "page":
                if not state.use_rendered_breaks:
                    state.page += 1
                parts.append("\n")
            else:
                parts.append("\n")
        elif tag == _w + "cr":
            parts.append("\n")
        elif tag == _w + "lastRenderedPageBreak":
            if state.use_rendered_breaks and (flags["any"] or flags.get("seen_break")):
                state.page += 1
            flags["seen_break"] = True
        elif tag == _w + "noBreakHyphen":
            parts.append("-")
        elif tag == _w + "sym":
            ch = _attr(c, "char", "")
            try:
                parts.append(chr(int(ch, 16)) if ch and int(ch, 16) < 0xE000 else "•")
            except ValueError:
                pass
        elif tag in (_w + "pict", _w + "drawing", _w + "object"):
            boxes: list = []
            _find_boxes(c, boxes)
            if boxes:
                floating = _floating(c)
                parts.extend(_Box(b, floating) for b in boxes)
            elif state.in_cell and _is_picture(c):
                parts.append(f" {OBJECT_MARK} ")  # a picture (or an OLE equation) in a cell: marked, not read
        elif tag == _ALT:
            branch = _branch(c)
            if branch is not None:
                _run_text(branch, state, parts, flags, bold)


def _inline(el, state: _State, parts: list, flags: dict) -> None:
    """Text of a paragraph's inline content (runs, hyperlinks, fields, content controls, equations)."""
    for c in el:
        tag = c.tag
        if not isinstance(tag, str):
            continue
        if tag == _w + "r":
            _run_text(c, state, parts, flags)
        elif tag in (_m + "oMath",):
            parts.append(f" ${omml_latex(c).strip()}$ ")
            flags["any"] = True
        elif tag == _m + "oMathPara":
            for om in c.iter(_m + "oMath"):
                parts.append(f" ${omml_latex(om).strip()}$ ")
            flags["any"] = True
        elif tag == _ALT:
            branch = _branch(c)
            if branch is not None:
                _inline(branch, state, parts, flags)
        elif tag in (_w + "del", _w + "moveFrom", _w + "pPr", _w + "rPr", _w + "bookmarkStart",
                     _w + "bookmarkEnd", _w + "proofErr", _w + "commentRangeStart", _w + "commentRangeEnd"):
            continue
        else:  # hyperlink, ins, smartTag, fldSimple, sdt/sdtContent, customXml ...
            _inline(c.find(_w + "sdtContent") if tag == _w + "sdt" and c.find(_w + "sdtContent") is not None
                    else c, state, parts, flags)


def _paragraph(p, state: _State) -> _Para:
    ppr = p.find(_w + "pPr")
    label, level, heading, border = None, 0, 0, None
    if ppr is not None:
        if _on(ppr.find(_w + "pageBreakBefore")) and not state.use_rendered_breaks:
            state.page += 1
        style = _attr(ppr.find(_w + "pStyle"), "val")
        heading = state.styles.headings.get(style, 0) if style else 0
        num_pr = ppr.find(_w + "numPr")
        nid, ilvl = None, 0
        if num_pr is not None:
            nid = _attr(num_pr.find(_w + "numId"), "val")
            ilvl = int(_attr(num_pr.find(_w + "ilvl"), "val", "0") or 0)
        elif style and style in state.styles.numbering:
            nid, ilvl = state.styles.numbering[style]
        if nid:
            label = state.numbering.label(nid, ilvl)
            level = ilvl
        outline = ppr.find(_w + "outlineLvl")
        if not heading and outline is not None and (_attr(outline, "val", "9") or "9").isdigit() \
                and int(_attr(outline, "val", "9")) < 9:
            heading = int(_attr(outline, "val")) + 1
        pbdr = ppr.find(_w + "pBdr")
        border = _border(pbdr) if pbdr is not None else state.styles.borders.get(style) if style else None
    parts: list = []
    flags = {"any": False, "bold": True}
    start_page = state.page
    _inline(p, state, parts, flags)
    texts, boxes, n = [], [], 0
    for x in parts:
        if isinstance(x, str):
            texts.append(x)
            n += len(x)
        else:
            boxes.append((0 if x.floating else n, x.content))
    if ppr is not None and ppr.find(_w + "sectPr") is not None and not state.use_rendered_breaks:
        state.page += 1  # a section break starts a new page (the common "next page" kind)
    return _Para("".join(texts), label, level, heading, flags["any"] and flags["bold"], start_page, boxes, border)


def _segments(para: _Para):
    """The paragraph's text cut at its text boxes: ``(text, None)`` and ``("", box)`` in reading order."""
    pos = 0
    for off, box in sorted(para.boxes, key=lambda b: b[0]):
        yield para.text[pos:off], None
        yield "", box
        pos = off
    yield para.text[pos:], None


def _bar_between(above: _Border | None, below: _Border | None) -> bool:
    """Word draws a rule between two paragraphs: the bottom of one, the top of the next, or
    the ``between`` rule inside a group of paragraphs with the same borders."""
    if above is not None and below is not None and above.signature == below.signature:
        return above.between
    return bool((above is not None and above.bottom) or (below is not None and below.top))


def _cell_lines(container, state: _State, lines: list) -> None:
    """A cell's (or a text box's) content as lines; a border between two paragraphs as a :class:`_Bar`."""
    prev: _Border | None = None
    first = True
    for el in container:
        tag = el.tag
        if tag == _w + "p":
            para = _paragraph(el, state)
            if not first and _bar_between(prev, para.border):
                lines.append(_Bar)
            prev, first = para.border, False
            labelled = False
            for text, box in _segments(para):
                if box is not None:
                    _cell_lines(box, state, lines)
                    continue
                for line in text.replace("\t", " ").split("\n"):
                    line = collapse(line) if OBJECT_MARK not in line else \
                        " ".join(x for x in (collapse(line), OBJECT_MARK) if x)  # collapse() drops the mark
                    if not line:
                        continue
                    if not labelled and para.label:
                        labelled = True
                        line = f"{para.label} {line}"
                        if para.level:
                            line = "  " * para.level + line
                    lines.append(line)
        elif tag == _w + "tbl":
            prev, first = None, True
            for row in _table_grid(el, state):
                lines.append(" | ".join(t.replace("\n", " ") for t in row if t))
        elif tag in (_w + "sdt", _w + "customXml", _ALT):
            content = el.find(_w + "sdtContent") if tag == _w + "sdt" else _branch(el) if tag == _ALT else el
            if content is not None:
                _cell_lines(content, state, lines)


def _cell_text(tc, state: _State) -> str:
    """A cell's text, one line per paragraph line; a paragraph border drawn between two paragraphs
    (a fraction bar made with borders) becomes a ``_____`` line, as a drawn bar does in a PDF."""
    raw: list = []
    state.in_cell += 1
    try:
        _cell_lines(tc, state, raw)
    finally:
        state.in_cell -= 1
    lines: list[str] = []
    for k, line in enumerate(raw):
        if line is _Bar:
            # only a rule with text on both sides separates anything; two rules in a row are one
            if lines and lines[-1] != _BAR_TEXT and any(x is not _Bar for x in raw[k + 1:]):
                lines.append(_BAR_TEXT)
        else:
            lines.append(line)
    while lines and lines[-1] == _BAR_TEXT:
        lines.pop()
    return "\n".join(lines)


def _table_grid(tbl, state: _State) -> list[list[str]]:
    table = _table(tbl, state)
    return table.texts() if table else []


def _rows_of(tbl):
    for el in tbl:
        if el.tag == _w + "tr":
            yield el
        elif el.tag in (_w + "sdt", _w + "customXml", _ALT):  # rows wrapped in a content control
            content = el.find(_w + "sdtContent") if el.tag == _w + "sdt" else _branch(el) if el.tag == _ALT else el
            if content is not None:
                yield from _rows_of(content)


def _cells_of(tr):
    for el in tr:
        if el.tag == _w + "tc":
            yield el
        elif el.tag in (_w + "sdt", _w + "customXml", _ALT):  # cells wrapped in a content control
            content = el.find(_w + "sdtContent") if el.tag == _w + "sdt" else _branch(el) if el.tag == _ALT else el
            if content is not None:
                yield from _cells_of(content)


@dataclass
class _GridCell:
    text: str
    row: int
    col: int
    rowspan: int
    colspan: int
    page: int


def _table(tbl, state: _State) -> Table | None:
    """A ``w:tbl`` → :class:`Table`: ``w:gridBefore`` / ``w:gridSpan`` place cells on the grid, ``w:vMerge``
    continuations grow the cell above. Every row that has cells is kept, also one that holds only
    continuations (after ``w:gridBefore``), so a rowspan never runs past the table."""
    rows: list[list[_GridCell]] = []
    open_cells: dict[int, _GridCell] = {}  # grid column → cell that a vMerge continues
    start_page = state.page
    for tr in _rows_of(tbl):
        tcs = list(_cells_of(tr))
        if not tcs:
            continue  # a row without cells draws nothing
        r = len(rows)
        trpr = tr.find(_w + "trPr")
        col = check_span(int(_attr(trpr.find(_w + "gridBefore") if trpr is not None else None, "val", "0") or 0),
                         "table column (gridBefore)")
        row_cells: list[_GridCell] = []
        touched: set[int] = set()
        page = state.page
        for cell_el in tcs:
            tcpr = cell_el.find(_w + "tcPr")
            span = max(1, check_span(int(_attr(tcpr.find(_w + "gridSpan") if tcpr is not None else None, "val", "1")
                                             or 1), "cell span (gridSpan)"))
            check_span(col + span, "table column")
            vmerge = tcpr.find(_w + "vMerge") if tcpr is not None else None
            text = _cell_text(cell_el, state)
            above = open_cells.get(col)
            if vmerge is not None and _attr(vmerge, "val") in (None, "continue") and above is not None:
                if text.strip():
                    above.text += "\n" + text
                above.rowspan = r - above.row + 1
            else:
                cell = _GridCell(text, r, col, 1, span, page)
                row_cells.append(cell)
                for k in range(col, col + span):
                    if vmerge is not None:
                        open_cells[k] = cell
                    else:
                        open_cells.pop(k, None)
            touched.update(range(col, col + span))
            col += span
        for k in [k for k in open_cells if k not in touched]:
            del open_cells[k]  # a merge ends where a row leaves its column out
        rows.append(row_cells)
    if not any(rows):
        return None
    fixed = tuple(tuple(Cell(c.text, c.row, c.col, c.rowspan, c.colspan, Loc(page=c.page)) for c in row)
                  for row in rows)
    return Table(fixed, loc=Loc(page=start_page))


def _para_blocks(para: _Para, state: _State, blocks: list) -> None:
    """A body paragraph → Paragraph blocks, one per soft line; its text boxes' content in place."""
    first = True
    for text, box in _segments(para):
        if box is not None:
            _body_blocks(box, state, blocks)
            continue
        for line in text.split("\n"):
            line = collapse(line.replace("\t", " "))
            if not line:
                continue
            label, rest = (para.label, line) if first and para.label else split_label(line)
            if label and not rest:
                continue
            blocks.append(Paragraph(text=rest, loc=Loc(page=para.page), label=label,
                                    level=para.level if first else 0, heading=para.heading if first else 0,
                                    bold=para.bold))
            first = False


def _body_blocks(container, state: _State, blocks: list) -> None:
    for el in container:
        tag = el.tag
        if tag == _w + "p":
            _para_blocks(_paragraph(el, state), state, blocks)
        elif tag == _w + "tbl":
            if _is_container(el):
                for tc in el.iter(_w + "tc"):
                    if tc.getparent().getparent() is el:
                        _body_blocks(tc, state, blocks)
                continue
            table = _table(el, state)
            if table is not None:
                blocks.append(table)
        elif tag == _w + "sdt":
            content = el.find(_w + "sdtContent")
            if content is not None:
                _body_blocks(content, state, blocks)
        elif tag == _ALT:
            branch = _branch(el)
            if branch is not None:
                _body_blocks(branch, state, blocks)
        elif tag in (_w + "customXml",):
            _body_blocks(el, state, blocks)


def _is_container(tbl) -> bool:
    """A layout table that holds other tables: read its content, not the frame. One column around
    tables; or a frame of a few rows and columns (a margin, a label cell beside it) one of whose
    cells holds a table of at least two rows and columns that is larger than the frame itself (an
    indicator table laid out in a cell of the page's layout table): its inner table stays a table
    instead of being flattened into one cell. A small table inside a data cell (a target per year)
    does not make its table a frame."""
    rows = [tr for tr in tbl if tr.tag == _w + "tr"]
    if not rows:
        return False
    cells = [[tc for tc in tr if tc.tag == _w + "tc"] for tr in rows]
    inner = [t for cs in cells for tc in cs for t in tc if t.tag == _w + "tbl"]
    if not inner:
        return False
    if all(len(cs) == 1 for cs in cells):
        return True
    width = max(len(cs) for cs in cells)

    def size(t) -> tuple[int, int]:
        trs = [tr for tr in t if tr.tag == _w + "tr"]
        return len(trs), max((len([tc for tc in tr if tc.tag == _w + "tc"]) for tr in trs), default=0)

    return len(rows) <= 3 and width <= 3 and any(
        r >= 2 and c >= 2 and r * c > len(rows) * width for r, c in map(size, inner))


_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _raw(z, name: str) -> bytes:
    """One part's bytes, read bounded (a zip bomb cannot inflate past the limit), Strict namespaces
    rewritten to Transitional ones."""
    return strict_to_transitional(read_part(z, name, DocxError))


def _part(z, name: str):
    """One XML part, parsed without entity expansion or network access."""
    return parse_xml(_raw(z, name), name, _KIND, DocxError)


def _rels(z, source: str) -> dict[str, str]:
    """Relationship type (last path segment) → target part name, for a part of the package."""
    folder, _, base = source.rpartition("/")
    rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    if rels_name not in z.namelist():
        return {}
    out = {}
    for rel in _part(z, rels_name).iter(_REL):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else (f"{folder}/{target}" if folder else target)
        parts = []
        for seg in name.split("/"):
            if seg == "..":
                parts and parts.pop()
            elif seg not in ("", "."):
                parts.append(seg)
        out.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], "/".join(parts))
    return out


def read_docx(data: bytes, source: str = "<docx>") -> Document:
    """DOCX bytes → :class:`Document`.

    The package is opened with ``zipfile`` and only the three parts the text
    needs (document, numbering, styles) are parsed — python-docx would parse
    every part (themes, fonts, settings) before the first paragraph. Strict Open
    XML (ISO 29500 Strict namespaces) is read like Transitional.

    Raises :class:`DocxError` for a damaged package, a part over the size limit
    or a package without a main document.
    """
    with open_package(data, _KIND, DocxError) as z:
        main_name = _rels(z, "").get("officeDocument") or "word/document.xml"
        if main_name not in z.namelist():
            raise DocxError("not a Word document: the package has no main document part")
        root = _part(z, main_name)
        body = root.find(_w + "body")
        if body is None:
            raise DocxError("not a Word document: no w:body in the main part")
        rels = _rels(z, main_name)
        names = set(z.namelist())
        numbering_root = _part(z, rels["numbering"]) if rels.get("numbering") in names else None
        used = {v for v in (el.get(_w + "val") for el in body.iter(_w + "pStyle")) if v}
        styles = _Styles.for_ids(_raw(z, rels["styles"]), used) if used and rels.get("styles") in names \
            else _Styles()
    rendered = next(body.iter(_w + "lastRenderedPageBreak"), None) is not None
    try:
        numbering = Numbering.from_xml(numbering_root)
    except (ValueError, TypeError) as e:
        raise DocxError(f"damaged Word document: invalid number in {rels.get('numbering', 'numbering.xml')} ({e})") \
            from e
    state = _State(numbering, styles, rendered)
    blocks: list = []
    _body_blocks(body, state, blocks)
    return Document(source=source, format="docx", blocks=blocks, n_pages=state.page, warnings=state.warnings)


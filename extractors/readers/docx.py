"""Word (.docx, and legacy .doc through LibreOffice) → IR.

The package's document, numbering and styles parts are read with zipfile and
lxml (bounded sizes, no entity expansion); the body is then walked once in
document order — paragraphs and tables interleaved, content
controls and tables nested in cells included — which is much faster than
python-docx's convenience objects, which re-read the XML on every access.

What Word keeps outside the visible text is recovered:

* automatic numbering (``w:numPr`` → numbering.xml, also through paragraph
  styles): the visible label (``1.``, ``a.``, ``•``) and the nesting level;
* equations (OMML ``m:oMath``): fractions, sums, delimiters → the LaTeX-like
  text the formula normaliser reads (``$\\frac{A}{B} × 100%$``);
* merged cells: ``w:gridSpan`` → colspan, ``w:vMerge`` → rowspan;
* page breaks (explicit, section and rendered) → page numbers;
* soft line breaks: a new line inside a cell, a new paragraph in the body.

Headers, footers, footnotes and comments are separate parts and are never read.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from lxml import etree

from extractors.ir import Cell, Document, Loc, Paragraph, Table
from normalize.text import collapse, split_label

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_w = f"{{{W}}}"
_m = f"{{{M}}}"

MAX_XML_BYTES = 200 * 1024 * 1024  # refuse a part that inflates beyond this (zip bomb)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False)


class DocxError(Exception):
    """A Word file that cannot be read, with a message for the user."""


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
        if lvl.fmt == "bullet":
            ch = lvl.text.strip()
            return "•" if not ch or ord(ch[0]) >= 0xE000 or ch in "o§·" else ch
        text = lvl.text
        for k in range(ilvl + 1):
            lk = levels.get(k, _Level())
            value = counters[k] if counters[k] else lk.start
            text = text.replace(f"%{k + 1}", format_number(value, lk.fmt))
        return text.strip() or None


@dataclass
class _Styles:
    numbering: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId → (numId, ilvl)
    headings: dict[str, int] = field(default_factory=dict)  # styleId → heading level

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
        for sid in list(based):  # inherit numbering and heading level through basedOn
            seen, cur = set(), sid
            while cur in based and cur not in seen:
                seen.add(cur)
                cur = based[cur]
                if sid not in st.numbering and cur in st.numbering:
                    st.numbering[sid] = st.numbering[cur]
                if sid not in st.headings and cur in st.headings:
                    st.headings[sid] = st.headings[cur]
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
        head = root_tag.group(0) if root_tag else f'<w:styles xmlns:w="{W}">'
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
            return cls.from_xml(etree.fromstring(raw, _PARSER))
        return cls.from_xml(root)


# ----------------------------------------------------------------------------- equations


def omml_text(el) -> str:
    """An OMML element → LaTeX-like text (``\\frac{A}{B}``, ``\\sum``), the rest as plain text."""
    tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
    if tag == "f":
        num, den = el.find(_m + "num"), el.find(_m + "den")
        return f"\\frac{{{_omml_children(num)}}}{{{_omml_children(den)}}}"
    if tag == "nary":
        chr_el = el.find(f"{_m}naryPr/{_m}chr")
        ch = chr_el.get(_m + "val") if chr_el is not None else "∫"
        op = "\\sum " if ch in ("∑", "Σ") else ch + " "
        return op + _omml_children(el.find(_m + "e"))
    if tag == "d":
        pr = el.find(_m + "dPr")
        beg = pr.find(_m + "begChr").get(_m + "val") if pr is not None and pr.find(_m + "begChr") is not None else "("
        end = pr.find(_m + "endChr").get(_m + "val") if pr is not None and pr.find(_m + "endChr") is not None else ")"
        return beg + "".join(_omml_children(e) for e in el.findall(_m + "e")) + end
    if tag == "rad":
        return "√(" + _omml_children(el.find(_m + "e")) + ")"
    if tag == "t":
        return el.text or ""
    if tag in ("fPr", "naryPr", "dPr", "rPr", "ctrlPr", "radPr", "sub", "sup", "deg") and tag not in ("sub", "sup"):
        return ""
    return _omml_children(el)


def _omml_children(el) -> str:
    if el is None:
        return ""
    return "".join(omml_text(c) for c in el if isinstance(c.tag, str))


# ----------------------------------------------------------------------------- walking the body


@dataclass
class _State:
    numbering: Numbering
    styles: _Styles
    use_rendered_breaks: bool
    page: int = 1
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Para:
    text: str
    label: str | None
    level: int
    heading: int
    bold: bool
    page: int


def _run_text(r, state: _State, parts: list[str], flags: dict) -> None:
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


def _inline(el, state: _State, parts: list[str], flags: dict) -> None:
    """Text of a paragraph's inline content (runs, hyperlinks, fields, content controls, equations)."""
    for c in el:
        tag = c.tag
        if not isinstance(tag, str):
            continue
        if tag == _w + "r":
            _run_text(c, state, parts, flags)
        elif tag in (_m + "oMath",):
            parts.append(f" ${omml_text(c).strip()}$ ")
            flags["any"] = True
        elif tag == _m + "oMathPara":
            for om in c.iter(_m + "oMath"):
                parts.append(f" ${omml_text(om).strip()}$ ")
            flags["any"] = True
        elif tag in (_w + "del", _w + "moveFrom", _w + "pPr", _w + "rPr", _w + "bookmarkStart",
                     _w + "bookmarkEnd", _w + "proofErr", _w + "commentRangeStart", _w + "commentRangeEnd"):
            continue
        else:  # hyperlink, ins, smartTag, fldSimple, sdt/sdtContent, customXml ...
            _inline(c.find(_w + "sdtContent") if tag == _w + "sdt" and c.find(_w + "sdtContent") is not None
                    else c, state, parts, flags)


def _paragraph(p, state: _State) -> _Para:
    ppr = p.find(_w + "pPr")
    label, level, heading = None, 0, 0
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
    parts: list[str] = []
    flags = {"any": False, "bold": True}
    start_page = state.page
    _inline(p, state, parts, flags)
    text = "".join(parts)
    if ppr is not None and ppr.find(_w + "sectPr") is not None and not state.use_rendered_breaks:
        state.page += 1  # a section break starts a new page (the common "next page" kind)
    return _Para(text, label, level, heading, flags["any"] and flags["bold"], start_page)


def _cell_text(tc, state: _State) -> str:
    lines: list[str] = []
    for el in tc:
        if el.tag == _w + "p":
            para = _paragraph(el, state)
            for k, line in enumerate(para.text.replace("\t", " ").split("\n")):
                line = collapse(line)
                if not line:
                    continue
                if k == 0 and para.label:
                    line = f"{para.label} {line}"
                lines.append("  " * para.level + line if para.level and k == 0 and para.label else line)
        elif el.tag == _w + "tbl":
            for row in _table_grid(el, state):
                lines.append(" | ".join(t.replace("\n", " ") for t in row if t))
        elif el.tag == _w + "sdt":
            content = el.find(_w + "sdtContent")
            if content is not None:
                text = _cell_text(content, state)
                if text:
                    lines.append(text)
    return "\n".join(lines)


def _table_grid(tbl, state: _State) -> list[list[str]]:
    table = _table(tbl, state)
    return table.texts() if table else []


def _rows_of(tbl):
    for el in tbl:
        if el.tag == _w + "tr":
            yield el
        elif el.tag == _w + "sdt":  # rows wrapped in a content control
            content = el.find(_w + "sdtContent")
            if content is not None:
                yield from (r for r in content if r.tag == _w + "tr")


def _table(tbl, state: _State) -> Table | None:
    rows: list[list[Cell]] = []
    open_cells: dict[int, Cell] = {}  # grid column → cell that a vMerge continues
    start_page = state.page
    for r, tr in enumerate(_rows_of(tbl)):
        trpr = tr.find(_w + "trPr")
        col = int(_attr(trpr.find(_w + "gridBefore") if trpr is not None else None, "val", "0") or 0)
        row_cells: list[Cell] = []
        page = state.page
        for tc in tr:
            if tc.tag == _w + "sdt":
                content = tc.find(_w + "sdtContent")
                tcs = [x for x in (content if content is not None else []) if x.tag == _w + "tc"]
            elif tc.tag == _w + "tc":
                tcs = [tc]
            else:
                continue
            for cell_el in tcs:
                tcpr = cell_el.find(_w + "tcPr")
                span = int(_attr(tcpr.find(_w + "gridSpan") if tcpr is not None else None, "val", "1") or 1)
                vmerge = tcpr.find(_w + "vMerge") if tcpr is not None else None
                text = _cell_text(cell_el, state)
                if vmerge is not None and (_attr(vmerge, "val") in (None, "continue")) and col in open_cells:
                    above = open_cells[col]
                    idx = next((i for i, row in enumerate(rows) for c in row if c is above), None)
                    grown = Cell(above.text + ("\n" + text if text.strip() else ""), above.row, above.col,
                                 above.rowspan + 1, above.colspan, above.loc)
                    if idx is not None:
                        rows[idx] = [grown if c is above else c for c in rows[idx]]
                    for k in range(col, col + span):
                        open_cells[k] = grown
                else:
                    cell = Cell(text, r, col, 1, span, Loc(page=page))
                    row_cells.append(cell)
                    for k in range(col, col + span):
                        if vmerge is not None:
                            open_cells[k] = cell
                        else:
                            open_cells.pop(k, None)
                col += span
        rows.append(row_cells)
    rows = [row for row in rows if row] or []
    if not rows:
        return None
    # renumber rows after dropping empty ones
    fixed = []
    for i, row in enumerate(rows):
        fixed.append(tuple(Cell(c.text, i, c.col, c.rowspan, c.colspan, c.loc) for c in row))
    return Table(tuple(fixed), loc=Loc(page=start_page))


def _body_blocks(container, state: _State, blocks: list) -> None:
    for el in container:
        tag = el.tag
        if tag == _w + "p":
            para = _paragraph(el, state)
            lines = [collapse(x.replace("\t", " ")) for x in para.text.split("\n")]
            first = True
            for line in lines:
                if not line:
                    continue
                label, text = (para.label, line) if first and para.label else split_label(line)
                if label and not text:
                    continue
                blocks.append(Paragraph(text=text, loc=Loc(page=para.page), label=label,
                                        level=para.level if first else 0, heading=para.heading if first else 0,
                                        bold=para.bold))
                first = False
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
        elif tag in (_w + "customXml",):
            _body_blocks(el, state, blocks)


def _is_container(tbl) -> bool:
    """A one-column layout table that holds other tables: read its content, not the frame."""
    rows = [tr for tr in tbl if tr.tag == _w + "tr"]
    if not rows:
        return False
    one_col = all(len([tc for tc in tr if tc.tag == _w + "tc"]) == 1 for tr in rows)
    nested = any(tc.find(_w + "tbl") is not None for tr in rows for tc in tr if tc.tag == _w + "tc")
    return one_col and nested


_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _raw(z, name: str) -> bytes:
    """One part's bytes, read with a bounded size (a zip bomb cannot inflate past the limit)."""
    info = z.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise DocxError(f"refused: {name} would inflate to {info.file_size / 2**20:.0f} MiB "
                        f"(limit {MAX_XML_BYTES / 2**20:.0f} MiB); a zip bomb or a damaged file")
    with z.open(info) as f:
        raw = f.read(MAX_XML_BYTES + 1)
    if len(raw) > MAX_XML_BYTES:
        raise DocxError(f"refused: {name} inflates beyond {MAX_XML_BYTES / 2**20:.0f} MiB")
    return raw


def _part(z, name: str):
    """One XML part, parsed without entity expansion or network access."""
    raw = _raw(z, name)
    try:
        return etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as e:
        raise DocxError(f"broken Word document: invalid XML in {name} ({e})") from e


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
    every part (themes, fonts, settings) before the first paragraph.
    """
    import zipfile

    try:
        z = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile as e:
        raise DocxError("not a valid Word document (damaged zip container)") from e
    with z:
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
    state = _State(Numbering.from_xml(numbering_root), styles, rendered)
    blocks: list = []
    _body_blocks(body, state, blocks)
    return Document(source=source, format="docx", blocks=blocks, n_pages=state.page, warnings=state.warnings)


def convert_doc(data: bytes, source: str) -> bytes:
    """Legacy .doc → .docx bytes through LibreOffice (:mod:`extractors.readers.office`); DocxError when it fails."""
    from extractors.readers.office import OfficeError, convert

    try:
        return convert(data, "doc", source)
    except OfficeError as e:
        raise DocxError(str(e)) from e

"""The IKI block parser: IR blocks → positions with their sections, list items and tables.

Format-blind: it reads only :mod:`extractors.ir` blocks. A position (one IKI
block) starts at a JABATAN label (or, for an agency-level IKU block, at the
first section or table after an "INDIKATOR KINERJA UTAMA" heading) and ends at
the next IKI/IKU heading or the next JABATAN. Sections (TUGAS, FUNGSI, Butir
Kegiatan, Hasil Kerja, ...) collect list items; a table closes the current
section and belongs to the position.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex as re

from extractors.ir import Document, Loc, Paragraph, Table
from extractors.parser.indicator_tables import _is_colnum_row, header_roles, looks_like_indicator
from extractors.parser.labels import heading_kind, parse_label
from normalize.text import clean, clean_item, is_upper, split_label
from schema.warnings import warning

LIST_SECTIONS = ("tugas", "fungsi", "butir_kegiatan", "hasil_kerja")


@dataclass
class RawItem:
    """One top-level list item; nested sub-items are kept in ``children``."""

    text: str
    label: str | None
    loc: Loc
    children: list[str] = field(default_factory=list)

    def full_text(self) -> str:
        parts = [clean_item(self.text) or ""] + [clean_item(c) or "" for c in self.children]
        return "; ".join(p for p in parts if p)


@dataclass
class RawPosition:
    kind: str  # IKI | IKU
    loc: Loc
    block_index: int
    jabatan: str | None = None
    instansi: str | None = None
    program: str | None = None
    sections: dict[str, list[RawItem]] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    jabatan_label_seen: bool = False

    def has_content(self) -> bool:
        return bool(any(self.sections.values()) or self.tables or self.instansi or self.program)


def _style(label: str | None) -> str | None:
    if not label:
        return None
    core = label.strip("().")
    if core.rstrip(")").isdigit():
        return "num"
    if len(core.rstrip(")")) == 1 and core[0].isalpha():
        return "alpha"
    return "bullet"


_SENTENCE_END = re.compile(r"[;.:!?]\s*(dan|serta|atau)?\s*$", re.I)


class _Section:
    """Builds the item list of one section from the paragraphs that follow its label."""

    def __init__(self, items: list[RawItem]):
        self.items = items
        self.top_style: str | None = _style(items[0].label) if items else None
        self.last_was_child = False

    def add(self, text: str, label: str | None, loc: Loc, level: int = 0) -> None:
        text = text.strip()
        if sum(c.isalpha() for c in text) < 4:
            return  # a stray mark, a page number, OCR noise: not an item
        style = _style(label)
        if not self.items:
            if text:
                self.items.append(RawItem(text, label, loc))
                self.top_style = style
            return
        last = self.items[-1]
        if style is not None:
            if style == self.top_style or (self.top_style is None and level == 0):
                if self.top_style is None:
                    self.top_style = style
                self.items.append(RawItem(text, label, loc))
                self.last_was_child = False
            else:
                last.children.append(text)
                self.last_was_child = True
            return
        # unlabelled: a wrapped line of the previous item, or a new item after a finished one
        prev = last.children[-1] if self.last_was_child and last.children else last.text
        if _SENTENCE_END.search(prev):
            self.items.append(RawItem(text, None, loc))
            self.last_was_child = False
        elif self.last_was_child and last.children:
            last.children[-1] = f"{last.children[-1]} {text}"
        else:
            last.text = f"{last.text} {text}"


_NOT_A_TITLE = re.compile(r"^\W*(?:(?:19|20)\d\d|PEMERINTAH\b|KEPUTUSAN\b|LAMPIRAN\b|NOMOR\b|TAHUN\b)", re.I)


def _title_like(p: Paragraph) -> bool:
    """A line that can be a position title: short, not a list item, not a sentence, not a cover line."""
    words = p.text.split()
    if not 0 < len(words) <= 15 or p.text.rstrip().endswith((";", ",")):
        return False
    if _NOT_A_TITLE.match(p.text) or sum(c.isalpha() for c in p.text) < 4 or heading_kind(p.text):
        return False
    return p.heading > 0 or p.bold or is_upper(p.text) or p.label in (None, "-", "•")


def _label_table(table: Table) -> list[Paragraph | Table] | None:
    """A layout table of label rows (``1. | JABATAN | : | Kepala Seksi``) → paragraphs, else None.

    Word documents often lay the JABATAN / TUGAS / FUNGSI block out as a
    borderless table, sometimes in the same table as the indicators: the label
    rows are read as the lines they stand for, and the rows from the first
    indicator header on stay a table.
    """
    grid = table.texts()
    out: list[Paragraph | Table] = []
    n_labels = 0
    for r, (row, cells) in enumerate(zip(table.rows, grid)):
        if header_roles(cells):
            if not n_labels:
                return None
            rest = tuple(tuple(replace(c, row=c.row - r) for c in rw) for rw in table.rows[r:])
            out.append(Table(rest, loc=rest[0][0].loc if rest and rest[0] else table.loc))
            break
        filled = [t.strip() for t in cells if t.strip()]
        if not filled:
            continue
        loc = row[0].loc if row else table.loc
        value_lines = filled[-1].split("\n")
        head = " ".join(x.replace("\n", " ") for x in filled[:-1])
        first = f"{head} {value_lines[0]}".strip() if head else value_lines[0]
        if parse_label(first):
            n_labels += 1
        elif not n_labels:
            return None  # the table does not start with a label: not a layout table
        for line in [first] + value_lines[1:]:
            label, text = split_label(line.strip())
            if text or label:
                out.append(Paragraph(text=text, loc=loc, label=label))
    return out if n_labels else None


def _list_table(table: Table) -> list[Paragraph] | None:
    """A one-column table without a header that is a list (tab-indented items), not indicators."""
    if table.n_cols != 1:
        return None
    texts = [row[0].text for row in table.rows if row and row[0].text.strip()]
    if any(looks_like_indicator(t) for t in texts):
        return None
    out = []
    for row in table.rows:
        for line in (row[0].text.split("\n") if row else []):
            label, text = split_label(line.strip())
            if text:
                out.append(Paragraph(text=text, loc=row[0].loc, label=label))
    return out


_SECTION_TITLES = {"tugas": "TUGAS", "fungsi": "FUNGSI", "butir_kegiatan": "BUTIR KEGIATAN",
                   "hasil_kerja": "HASIL KERJA", "instansi": "INSTANSI", "program": "PROGRAM"}


def _column_section(text: str) -> str | None:
    """The label a header cell names (``JABATAN``, ``TUGAS``, ``UNIT KERJA`` ...), exactly, else None."""
    head = " ".join(text.split())
    if not head or len(head) > 40 or ":" in head:
        return None
    label = parse_label(f"{head} :")
    return label.section if label and label.exact and not label.value else None


def _position_matrix(table: Table) -> list[Paragraph | Table] | None:
    """A wide matrix of several positions' indicators → per position its lines and its own table, else None.

    Workbooks often hold every position's indicators in one table with a column naming
    the position (``JABATAN``, or ``UNIT KERJA`` when no JABATAN column) and sometimes
    columns for TUGAS / FUNGSI / ... . Each position's rows (a new, non-blank cell in the
    position column starts one; merged or blank cells carry it down) become the lines
    ``JABATAN : x``, ``TUGAS :`` + its items ..., then a table of the header and those
    rows without the position and section columns, so the rest of the parser reads it
    like a stacked document.
    """
    grid = table.texts()
    h = next((i for i, cells in enumerate(grid[:4]) if header_roles(cells)), None)
    if h is None:
        return None
    sections = {c: _column_section(text) for c, text in enumerate(grid[h])}
    sections = {c: sec for c, sec in sections.items() if sec}
    pos_col = next((c for c, sec in sections.items() if sec == "jabatan"), None)
    if pos_col is None:
        pos_col = next((c for c, sec in sections.items() if sec == "instansi"), None)
    if pos_col is None:
        return None
    # every grid position → the cell covering it
    cover: dict[tuple[int, int], object] = {}
    for row in table.rows:
        for cell in row:
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    cover[(cell.row + dr, cell.col + dc)] = cell
    n_rows = len(table.rows)
    head_end = h + 1
    while head_end < n_rows and (_is_colnum_row(grid[head_end]) or not grid[head_end][pos_col].strip()
                                 and (head_end, pos_col) not in cover):
        head_end += 1  # a column-number row under the header
    groups: list[tuple[int, int]] = []
    last = None
    for r in range(head_end, n_rows):
        cell = cover.get((r, pos_col))
        if cell is None or not cell.text.strip() or cell is last:
            continue
        if last is not None and last.rowspan == 1 and cell.rowspan == 1 and cell.text.strip() == last.text.strip():
            last = cell  # the same position written again on each of its rows
            continue
        groups.append((r, r))
        last = cell
    if len(groups) < 1 or (len(groups) == 1 and set(sections) == {pos_col}):
        return None  # one position and nothing else to split off: an ordinary table with a JABATAN column
    bounds = [(start, groups[k + 1][0] if k + 1 < len(groups) else n_rows) for k, (start, _) in enumerate(groups)]
    keep = [c for c in range(table.n_cols) if c not in sections]
    out: list[Paragraph | Table] = []
    for start, end in bounds:
        cell = cover[(start, pos_col)]
        out.append(Paragraph(text=f"JABATAN : {' '.join(cell.text.split())}" if sections[pos_col] == "jabatan"
                             else f"INSTANSI : {' '.join(cell.text.split())}", loc=cell.loc))
        for c, sec in sections.items():
            if c == pos_col:
                continue
            seen, texts = set(), []
            for r in range(start, end):
                sc = cover.get((r, c))
                if sc is not None and id(sc) not in seen and sc.text.strip():
                    seen.add(id(sc))
                    texts.append(sc)
            if not texts:
                continue
            if sec in ("instansi", "program", "jabatan"):
                out.append(Paragraph(text=f"{_SECTION_TITLES.get(sec, sec.upper())} : "
                                          f"{' '.join(texts[0].text.split())}", loc=texts[0].loc))
                continue
            out.append(Paragraph(text=f"{_SECTION_TITLES[sec]} :", loc=texts[0].loc))
            for sc in texts:
                for line in sc.text.split("\n"):
                    label, text = split_label(line.strip())
                    if text:
                        out.append(Paragraph(text=text, loc=sc.loc, label=label))
        rows = list(range(h, head_end)) + list(range(start, end))
        out.append(_sub_table(table, cover, rows, keep))
    return out


def _sub_table(table: Table, cover: dict, rows: list[int], cols: list[int]) -> Table:
    """The cells of ``table`` on the given rows and columns, re-indexed, spans clipped to them."""
    from extractors.ir import Cell

    r_index = {r: i for i, r in enumerate(rows)}
    c_index = {c: i for i, c in enumerate(cols)}
    placed: set[int] = set()
    out: list[list[Cell]] = [[] for _ in rows]
    for r in rows:
        for c in cols:
            cell = cover.get((r, c))
            if cell is None or id(cell) in placed:
                continue
            placed.add(id(cell))
            rs = sum(1 for rr in rows if cell.row <= rr < cell.row + cell.rowspan and rr >= r)
            cs = sum(1 for cc in cols if cell.col <= cc < cell.col + cell.colspan and cc >= c)
            out[r_index[r]].append(replace(cell, row=r_index[r], col=c_index[c], rowspan=max(rs, 1),
                                           colspan=max(cs, 1)))
    return Table(tuple(tuple(row) for row in out), loc=table.loc)


def _blocks(doc: Document):
    """The document's blocks, with label-layout tables read as the lines they stand for."""
    for idx, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            parts = _position_matrix(block)
            if parts is not None:
                for part in parts:
                    yield idx, part
                continue
            paras = _list_table(block)
            if paras is not None:
                for p in paras:
                    yield idx, p
                continue
            parts = _label_table(block)
            if parts is not None:
                for part in parts:
                    yield idx, part
                continue
        yield idx, block


def parse_positions(doc: Document) -> list[RawPosition]:
    """Split a document's blocks into IKI/IKU positions."""
    positions: list[RawPosition] = []
    cur: RawPosition | None = None
    pending: str | None = None  # kind announced by the last heading
    section: _Section | None = None
    section_name: str | None = None

    def close():
        nonlocal cur, section, section_name
        if cur is not None and (cur.jabatan or cur.has_content()):
            positions.append(cur)  # a label with nothing after it (a cover line) is no position
        cur, section, section_name = None, None, None

    def open_position(kind: str, loc: Loc, idx: int) -> RawPosition:
        nonlocal cur
        close()
        cur = RawPosition(kind=kind, loc=loc, block_index=idx)
        return cur

    for idx, block in _blocks(doc):
        if isinstance(block, Table):
            if cur is None:
                if pending is None and not positions:
                    continue  # a table before any IKI block (cover, decree): not ours
                kind = pending or "IKI"
                if pending is None and positions:
                    # a table after its position was closed by a stray heading: give it back
                    cur = positions.pop()
                else:
                    open_position(kind, block.loc, idx)
                    if kind == "IKI":
                        cur.warnings.append(warning("jabatan_missing", "indicator table without a JABATAN label before it"))
            cur.tables.append(block)
            section, section_name = None, None
            continue

        text = block.text
        numbered = block.label is not None and block.label not in ("-", "•", "*")
        label = parse_label(text, numbered_item=numbered)
        if label and label.weak and (cur is None or label.section in cur.sections or label.section == "jabatan"):
            label = None  # "Tugas lain yang diberikan ..." inside a list is an item
        kind = heading_kind(text) if not label else None
        if kind:
            close()
            pending = kind
            continue
        if label:
            if not label.exact:
                warn = warning("label_damaged", f"label read despite damage: {text[:40]!r} as {label.section.upper()}")
            else:
                warn = None
            if label.section == "jabatan":
                value = clean(label.value)
                if cur is not None and not cur.has_content() and (cur.jabatan is None or cur.kind == "IKI"):
                    if cur.jabatan and value:
                        cur.warnings.append(warning("jabatan_from_title", f"title line {cur.jabatan!r} replaced by the JABATAN label that follows it"))
                    cur.jabatan = value or cur.jabatan
                    cur.kind = "IKI"
                else:
                    open_position("IKI", block.loc, idx)
                    cur.jabatan = value
                cur.jabatan_label_seen = True
                if warn:
                    cur.warnings.append(warn)
                section, section_name = None, "jabatan"
                pending = None
                continue
            if cur is None:
                open_position(pending or "IKI", block.loc, idx)
                if cur.kind == "IKI":
                    cur.warnings.append(warning("jabatan_missing", "IKI block without a JABATAN label"))
            if warn:
                cur.warnings.append(warn)
            if label.section in ("instansi", "program"):
                value = clean(label.value)
                if label.section == "instansi":
                    cur.instansi = value
                else:
                    cur.program = value
                section, section_name = None, label.section
                continue
            items = cur.sections.setdefault(label.section, [])
            section, section_name = _Section(items), label.section
            value = label.value.strip()
            if value and value not in "-–":
                lab, rest = split_label(value)
                section.add(rest, lab if lab not in ("-",) else None, block.loc)
            continue
        # a plain paragraph
        if cur is None:
            continue
        if cur.jabatan_label_seen and not cur.jabatan and _title_like(block) and not any(cur.sections.values()):
            cur.jabatan = clean(text)
            cur.warnings.append(warning("jabatan_from_title", "jabatan taken from the title line after an empty JABATAN label"))
            continue
        if section is None:
            continue
        if not block.label and (block.heading or (is_upper(block.text) and len(block.text.split()) <= 20
                                                  and (block.bold or block.conf is not None or section.items))):
            section, section_name = None, None  # a title or a table caption ends the list
            continue
        section.add(text, block.label, block.loc, block.level)
    close()
    return positions

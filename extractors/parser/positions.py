"""The IKI block parser: IR blocks → positions with their sections, list items and tables.

Format-blind: it reads only :mod:`extractors.ir` blocks. A position (one IKI
block) starts at a JABATAN label or a unit label (``Nama Unit :``, ``Nama Sub.
Bidang :``, ``Unit Kerja :`` ...), at a heading or title line that names a unit
("INDIKATOR KINERJA UTAMA SUB BIDANG X"), or, for an agency-level IKU block, at
the first section or table after an "INDIKATOR KINERJA UTAMA" heading; it ends
at the next heading or the next naming label. Sections (TUGAS, FUNGSI, Butir
Kegiatan, Hasil Kerja, ...) collect list items; a table closes the current
section and belongs to the position. A block named nowhere else takes the title
above the signature under its table.

A Perjanjian Kinerja (PK) names two parties, each with ``Nama`` and ``Jabatan``:
the position is PIHAK PERTAMA / KESATU's jabatan (the one whose targets these
are), never PIHAK KEDUA's (the supervisor who co-signs).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import regex as re

from extractors.ir import Document, Loc, Paragraph, Table
from extractors.parser.flat_tables import rebuild_flat_tables
from extractors.parser.indicator_tables import (_is_colnum_row, find_header, header_roles, is_indicator_table,
                                                is_signature_text, looks_like_indicator, not_indicator_table)
from extractors.parser.labels import LABEL_TAIL_WORDS, heading_kind, heading_unit, parse_label, unit_title
from normalize.text import clean, clean_item, is_upper, split_inline_items, split_label
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
    jabatan_source: str | None = None  # label | unit | title | signature | pk
    pk_parties: list[list[str | None]] = field(default_factory=list)  # PK: [jabatan, party] in order
    trailing: list[tuple[str, int]] = field(default_factory=list)  # lines after the last table, with indents
    from_sentence: bool = False  # opened by a duty sentence ("Dinas X mempunyai tugas ..."), not by a label

    def has_content(self) -> bool:
        return bool(any(self.sections.values()) or self.tables or self.instansi or self.program)


def _style(label: str | None) -> str | None:
    if not label:
        return None
    core = label.strip("().")
    if core.rstrip(")").isdigit():
        return "num"
    if 1 <= len(core.rstrip(")")) <= 2 and core.rstrip(")").isalpha():
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
        parts = split_inline_items(label, text.strip())
        for lab, part in parts:
            self._add(part, lab, loc, level)

    def _add(self, text: str, label: str | None, loc: Loc, level: int = 0) -> None:
        text = text.strip()
        if sum(map(str.isalpha, text)) < 4:
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
            parts = split_inline_items(last.label, last.text)
            if len(parts) > 1:  # "…; 2." at the end of a wrapped line: the next item starts on it
                last.text = parts[0][1]
                for lab, part in parts[1:]:
                    self.items.append(RawItem(part, lab, loc))


_NOT_A_TITLE = re.compile(r"^\W*(?:(?:19|20)\d\d|PEMERINTAH\b|KEPUTUSAN\b|LAMPIRAN\b|NOMOR\b|TAHUN\b)", re.I)


def _title_like(p: Paragraph) -> bool:
    """A line that can be a position title: short, not a list item, not a sentence, not a cover line."""
    words = p.text.split()
    if not 0 < len(words) <= 15 or p.text.rstrip().endswith((";", ",")):
        return False
    if _NOT_A_TITLE.match(p.text) or sum(c.isalpha() for c in p.text) < 4 or heading_kind(p.text):
        return False
    return p.heading > 0 or p.bold or is_upper(p.text) or p.label in (None, "-", "•")


def _label_row(cells: list[str]) -> str | None:
    """``1. | JABATAN | : | Kepala Seksi`` / ``Nama Unit | : | X`` / ``Jabatan | X`` → the line it stands for."""
    filled = [t.strip() for t in cells if t.strip()]
    if len(filled) < 2:
        return None
    head = filled[:2] if re.fullmatch(r"\(?\d{1,2}[.)]?|[a-zA-Z][.)]", filled[0]) else filled[:1]
    zone = " ".join(x.replace("\n", " ") for x in head).rstrip(" :")
    rest = [x for x in filled[len(head):] if x != ":"]
    label = parse_label(f"{zone} :")
    if label is None or label.value or not rest:
        return None
    value = "\n".join(rest).lstrip(": ").strip()
    return f"{zone} : {value}"


def _label_columns(table: Table) -> list[Paragraph] | None:
    """A table whose header row is labels (``Nama Organisasi | Tugas | Fungsi``) and whose rows below hold
    their values → ``LABEL : value`` lines, column by column, else None."""
    grid = table.texts()
    if len(grid) < 2 or table.n_cols < 2 or header_roles(grid[0]):
        return None
    head = [" ".join(t.split()) for t in grid[0]]
    labels = [parse_label(f"{t} :") if t and len(t) <= 40 else None for t in head]
    if not all(lab is not None and lab.exact and not lab.value and lab.section != "person"
               for lab, t in zip(labels, head) if t) or sum(1 for t in head if t) < 2:
        return None
    if not any(lab.section in LIST_SECTIONS for lab in labels if lab):
        return None
    out: list[Paragraph] = []
    for c, (lab, name) in enumerate(zip(labels, head)):
        if lab is None:
            continue
        values = [row[c] for row in grid[1:] if c < len(row) and row[c].strip()]
        loc = table.rows[1][0].loc if table.rows[1] else table.loc
        if lab.section in LIST_SECTIONS:
            out.append(Paragraph(text=f"{name} :", loc=loc))
            for value in values:
                for line in value.split("\n"):
                    for item_label, item in split_inline_items(*split_label(line.strip())):
                        if item:
                            out.append(Paragraph(text=item, loc=loc, label=item_label))
        else:
            out.append(Paragraph(text=f"{name} : {' '.join(' '.join(values).split())}", loc=loc))
    return out


def _label_table(table: Table) -> list[Paragraph | Table] | None:
    """A layout table of label rows (``1. | JABATAN | : | Kepala Seksi``) → paragraphs, else None.

    Word documents often lay the JABATAN / TUGAS / FUNGSI block (or a Perjanjian Kinerja's parties:
    ``Nama | : | ...``, ``Jabatan | : | ...``, ``... disebut PIHAK KESATU``) out as a borderless table,
    sometimes in the same table as the indicators: the label rows are read as the lines they stand
    for, the other rows as paragraphs, and the rows from the first indicator header on stay a table.
    """
    grid = table.texts()
    if not_indicator_table(grid[:1], header_only=True):
        return None  # "Kegiatan | Anggaran | Sumber Dana": a budget's header, not a label row
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
        line = _label_row(cells)
        if line is None:
            value_lines = filled[-1].split("\n")
            head = " ".join(x.replace("\n", " ") for x in filled[:-1])
            line = f"{head} {value_lines[0]}".strip() if head else value_lines[0]
            more = value_lines[1:]
        else:
            line, *more = line.split("\n")
        if parse_label(line):
            n_labels += 1
        elif not n_labels:
            return None  # the table does not start with a label: not a layout table
        for text_line in [line] + more:
            label, text = split_label(text_line.strip())
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
    return _as_lines(table)


def _as_lines(table: Table) -> list[Paragraph]:
    out = []
    for row in table.rows:
        for cell in row:
            for line in cell.text.split("\n"):
                label, text = split_label(line.strip())
                if text:
                    out.append(Paragraph(text=text, loc=cell.loc, label=label))
    return out


def _signature_table(table: Table) -> list[Paragraph] | None:
    """A borderless signature table (titles, names, NIP side by side) → its lines, cell by cell."""
    if table.n_cols > 3 or is_indicator_table(table):
        return None
    texts = [c.text for row in table.rows for c in row]
    if not any(is_signature_text(t) or _PARTY.search(t) for t in texts):
        # the signers' titles side by side on a row of their own ("Kepala Bidang X | Kepala Seksi Y")
        lines = [" ".join(t.split()) for t in texts if t.strip()]
        if not lines or len(table.rows) > 2 or not all(unit_title(t) and len(t.split()) <= 12
                                                        and not looks_like_indicator(t) for t in lines):
            return None
    return _as_lines(table)


_SECTION_TITLES = {"tugas": "TUGAS", "fungsi": "FUNGSI", "butir_kegiatan": "BUTIR KEGIATAN",
                   "hasil_kerja": "HASIL KERJA", "instansi": "INSTANSI", "program": "PROGRAM", "jabatan": "JABATAN",
                   "unit": "UNIT KERJA"}


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
    found = find_header(table, max_row=4)  # a header of several rows: each column's own name
    h = found.first if found else next((i for i, cells in enumerate(grid[:4]) if header_roles(cells)), None)
    if h is None:
        return None
    names = [t.split("\n")[-1] if found.roles[c] in (None, "other") else t for c, t in enumerate(found.texts)] \
        if found else grid[h]
    sections = {c: _column_section(text) for c, text in enumerate(names)
                if not (found and found.roles[c] not in (None, "other"))}
    sections = {c: sec for c, sec in sections.items() if sec}
    pos_col = next((c for c, sec in sections.items() if sec == "jabatan"), None)
    if pos_col is None:  # UNIT KERJA names each row's unit (its position); an agency column its instansi
        pos_col = next((c for c, sec in sections.items() if sec == "unit"), None)
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
    head_end = max(h + 1, found.start if found else 0)
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
        out.append(Paragraph(text=f"{_SECTION_TITLES.get(sections[pos_col], 'JABATAN')} : "
                                  f"{' '.join(cell.text.split())}", loc=cell.loc))
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
            if sec in ("instansi", "program", "jabatan", "unit"):
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
    """The document's blocks, with layout tables read as the lines they stand for and tables that a
    converter flattened into lines rebuilt: ``(index, block, warnings)``."""
    expanded: list[tuple[int, Paragraph | Table]] = []
    for idx, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            parts = _position_matrix(block)
            if parts is None:
                parts = _list_table(block)
            if parts is None:
                parts = _label_columns(block)
            if parts is None:
                parts = _label_table(block)
            if parts is None:
                parts = _signature_table(block)
            if parts is not None:
                expanded.extend((idx, p) for p in parts)
                continue
        expanded.append((idx, block))
    yield from rebuild_flat_tables(_join_split_labels(expanded))


def _join_split_labels(blocks: list[tuple[int, Paragraph | Table]]) -> list[tuple[int, Paragraph | Table]]:
    """A label, its colon and its value each on a line of their own (converter text of a borderless
    ``Nama Unit | : | value`` table): ``Nama Unit`` / ``:`` / ``value`` → one ``Nama Unit : value`` line.
    Also ``Nama Unit`` / ``: value``. Only a line that is a whole label is joined."""
    out: list[tuple[int, Paragraph | Table]] = []
    i = 0
    while i < len(blocks):
        idx, b = blocks[i]
        nxt = blocks[i + 1][1] if i + 1 < len(blocks) else None
        prev = out[-1][1] if out else None
        if (isinstance(b, Paragraph) and b.label in _FIRST_ITEM and isinstance(nxt, Paragraph)
                and isinstance(prev, Paragraph) and _empty_list_label(nxt.text)
                and not _empty_list_label(prev.text) and parse_label(prev.text) is not None):
            # "Tugas : ..." / "a. first item" / "Fungsi :" / "its second line": a label set level with the middle
            # of its first item, read after the item's first line
            out.append(blocks[i + 1])
            out.append((idx, b))
            i += 2
            continue
        if (isinstance(b, Paragraph) and isinstance(nxt, Paragraph) and not nxt.label
                and nxt.text.strip().startswith(":") and _label_tail(prev, b)):
            out.append((idx, b))  # "Nama Sub. : X" / "Bidang": the rest of the label above, not a label of its own
            i += 1
            continue
        if (isinstance(b, Paragraph) and isinstance(nxt, Paragraph) and b.text.strip().startswith(":")
                and not b.label and len(b.text.strip()) > 1 and not nxt.label):
            lab = parse_label(nxt.text)
            head = nxt.text.split(":", 1)[0] if ":" in nxt.text[:40] else None
            if lab is not None and lab.section in LIST_SECTIONS and head is None \
                    and (prev is None or not isinstance(prev, Paragraph) or not parse_label(prev.text)
                         or parse_label(prev.text).value):
                # ": value" / "Tugas value goes on": a label set level with the second line of its value
                zone = nxt.text[:len(nxt.text) - len(lab.value)].strip() if lab.value else nxt.text.strip()
                value = f"{b.text.strip()[1:].strip()} {lab.value}".strip()
                out.append((blocks[i + 1][0], replace(nxt, text=f"{zone} : {value}")))
                i += 2
                continue
        if (isinstance(b, Paragraph) and isinstance(nxt, Paragraph) and not b.label and ":" not in b.text
                and len(b.text.split()) <= 5 and nxt.text.strip().startswith(":") and not nxt.label):
            lab = parse_label(f"{b.text} :")
            if lab is not None and lab.exact and not lab.value:
                value = nxt.text.strip()[1:].strip()
                j = i + 2
                after = blocks[j][1] if j < len(blocks) else None
                if not value and isinstance(after, Paragraph) and not parse_label(after.text):
                    value = f"{after.label} {after.text}" if after.label else after.text
                    j += 1
                    # a name wrapped in its cell goes on, line after line, until a blank line ends the cell
                    while lab.section in ("jabatan", "unit", "instansi") and j < len(blocks):
                        prev, more = blocks[j - 1][1], blocks[j][1]
                        if not (isinstance(more, Paragraph) and not more.label and more.loc.line and prev.loc.line
                                and more.loc.line == prev.loc.line + 1 and len(more.text.split()) <= 8
                                and not parse_label(more.text) and not heading_kind(more.text)):
                            break
                        value = f"{value} {more.text}"
                        j += 1
                out.append((idx, replace(b, text=f"{b.text} : {value}".rstrip())))
                i = j
                continue
        out.append((idx, b))
        i += 1
    return out


_FIRST_ITEM = {"a.", "a)", "1.", "1)", "(a)", "(1)", "A.", "A)"}


def _empty_list_label(text: str) -> bool:
    """``Fungsi :``: a list section's label standing alone."""
    lab = parse_label(text)
    return lab is not None and lab.section in LIST_SECTIONS and lab.exact and not lab.value.strip()


def _label_tail(prev, b) -> bool:
    """Is ``b`` the last word(s) of the naming label in ``prev`` that broke over two lines (``Nama Sub. : X``
    / ``Bidang``)?"""
    if not isinstance(prev, Paragraph) or not isinstance(b, Paragraph) or b.label:
        return False
    words = b.text.split()
    if not 0 < len(words) <= 2 or not all(w.upper().strip(".:") in LABEL_TAIL_WORDS for w in words):
        return False
    lab = parse_label(prev.text)
    return lab is not None and lab.section in ("jabatan", "unit", "instansi") and bool(lab.value)


_PARTY = re.compile(r"PIHAK\s*(PERTAMA|KESATU|KEDUA)", re.I)
_CALLED = re.compile(r"\bdisebut\b", re.I)
_AGENCY_VALUE = re.compile(
    r"^(?:Dinas|Badan|Sekretariat\s+(?:Daerah|DPRD|Dewan)|Inspektorat|Kecamatan|Kelurahan|RSUD|Rumah\s+Sakit|"
    r"Satuan\s+Polisi|Satpol|Kantor|Pemerintah|Bappeda|Bapenda|Bakesbangpol)\b", re.I)
_UNIT_WORDS = re.compile(r"\b(?:Bidang|Seksi|Sub|Subbag\w*|Subbid\w*|Bagian|UPTD?|Kepala|Kasi|Kabid)\b", re.I)
_NIP = re.compile(r"^\W*NIP\b|\[\s*NIP", re.I)
_NAME_WITH_NIP = re.compile(r"^\W*(?:\[\s*NAMA[^\]]*\]|(?:[A-Z][\w.']*,?\s+){2,}).*\bNIP\b", re.I)
_RANK = re.compile(r"^\W*(?:Pembina|Penata|Pengatur|Juru|Pangkat|Gol(?:ongan)?\b)|\b(?:I{1,3}|IV)\s*/\s*[a-e]\b", re.I)
_NOT_SIGNER = re.compile(r"Mengetahui|Menyetujui|Atasan|Pejabat\s+Penilai|PIHAK\s+KEDUA|Disahkan", re.I)
_PLACE_DATE = re.compile(r"^[\w .'-]{2,40},\s*(?:\d{1,2}\s+)?[A-Za-z]*\s*(?:19|20)\d\d\s*$|^\W*Tanggal\b", re.I)


def signature_title(lines: list[str | tuple[str, int]]) -> str | None:
    """The position a signature block names: the line above the signer's name (name, rank and NIP below).

    ``lines`` are the text lines after a block's table, optionally with their indent: signature blocks
    side by side whose lines alternate are told apart by indent. A signer introduced as a supervisor
    (``Mengetahui``, ``Atasan Langsung``, ``PIHAK KEDUA``) names no position; of the others the last wins
    (a signer's block stands right of the supervisor's). A lone word is no title.
    """
    pairs = [(x, 0) if isinstance(x, str) else x for x in lines]
    pairs = [(" ".join(t.split()), ind) for t, ind in pairs if t.strip()]
    columns = sorted({ind for t, ind in pairs if _NIP.search(t)})
    if len(columns) > 1 and columns[-1] - columns[0] > 20:
        found = None
        for col in columns:  # each signer's block: the lines nearest its NIP's indent
            own = [t for t, ind in pairs if min(columns, key=lambda c: abs(c - ind)) == col]
            found = signature_title(own) or found
        return found
    lines = [t for t, _ in pairs]
    found = None
    for i, line in enumerate(lines):
        if not _NIP.search(line):
            continue
        j = i - 1
        while j >= 0 and _RANK.search(lines[j]) and not _NIP.search(lines[j]):
            j -= 1  # the rank under the name
        if not _NAME_WITH_NIP.search(line) or _RANK.match(line):
            j -= 1  # the name (unless the NIP's line carries it: "[NAMA] Pembina, IV/a NIP. [NIP]")
        if j < 0:
            continue
        title = lines[j].rstrip(" ,")
        before = " ".join(lines[max(0, j - 2):j])
        if (_NOT_SIGNER.search(title) or _NOT_SIGNER.search(before) or _PLACE_DATE.search(title)
                or _NIP.search(title) or sum(c.isalpha() for c in title) < 4 or len(title.split()) > 25
                or len(title.split()) < 2):
            continue
        found = title
    return found


def _pk_jabatan(pos: RawPosition) -> str | None:
    """PIHAK PERTAMA / KESATU's jabatan; the first named party's when no party is said."""
    for jabatan, party in pos.pk_parties:
        if party in ("PERTAMA", "KESATU") and jabatan:
            return jabatan
    return next((j for j, _ in pos.pk_parties if j), None)


def _document_kind(doc: Document) -> str:
    """The kind a position opened by a bare indicator table gets: the kind of the document's headings."""
    kinds = {heading_kind(b.text) for b in doc.blocks if isinstance(b, Paragraph)} - {None}
    return "IKI" if kinds == {"IKI"} else "PK" if kinds == {"PK"} else "IKU"


_DUTY_SENTENCE = re.compile(
    r"^(?:\p{Lu}[\p{L}.,&/()-]*\s+){1,14}?(?:(mempunyai|memiliki)\s+tugas(?:\s+pokok)?|(bertugas))\b|"
    r"^(?:\p{L}[\p{L}.,&/()-]*\s+){0,16}?(?:mempunyai|menyelenggarakan|memiliki)\s+fungsi\b[^.;]{0,80}:\s*$")


def _duty_sentence(text: str) -> str | None:
    """``tugas`` for an untitled duty sentence (``Dinas Sosial mempunyai tugas membantu Bupati ...``),
    ``fungsi`` for the sentence that opens the list of functions (``... menyelenggarakan fungsi :``)."""
    m = _DUTY_SENTENCE.match(" ".join(text.split()))
    if not m or re.match(r"^\W*(?:bahwa|menimbang|mengingat)\b", text, re.I):
        return None
    return "tugas" if m.group(1) or m.group(2) else "fungsi"


def _join_block(pos: RawPosition, kind: str) -> None:
    """A block's duties and the table after a heading become one position: an unnamed block takes the
    heading's kind (an agency's IKU is one position whose TUGAS / FUNGSI are the agency's)."""
    if pos.jabatan is None and pos.kind != "PK":
        if kind == "IKU" and pos.kind == "IKI":
            pos.warnings = [w for w in pos.warnings if not w.startswith("jabatan_missing")]
        pos.kind = kind
    pos.warnings.append(warning("block_merged", "the TUGAS / FUNGSI before a heading and the indicator table "
                                                "after it were read as one position"))


def parse_positions(doc: Document) -> list[RawPosition]:
    """Split a document's blocks into IKI/IKU/PK positions."""
    positions: list[RawPosition] = []
    cur: RawPosition | None = None
    pending: str | None = None  # kind announced by the last heading
    section: _Section | None = None
    section_name: str | None = None
    pending_party: str | None = None  # PK: a "PIHAK PERTAMA" line before its Nama / Jabatan
    value_indent: int | None = None  # indent of the last JABATAN / unit label line
    awaiting: str | None = None  # a heading came between the open block's duties and its table: its kind

    def close():
        nonlocal cur, section, section_name, awaiting
        awaiting = None
        if cur is not None:
            if cur.kind == "PK" and cur.pk_parties:
                cur.jabatan = _pk_jabatan(cur) or cur.jabatan
                cur.warnings = [w for w in cur.warnings if not w.startswith("jabatan_from_title")]
            elif cur.kind == "IKI" and not cur.jabatan and cur.tables:
                title = signature_title(cur.trailing)
                if title:
                    cur.jabatan, cur.jabatan_source = clean(title), "signature"
                    cur.warnings = [w for w in cur.warnings if not w.startswith("jabatan_missing")]
                    cur.warnings.append(warning("jabatan_from_title", "jabatan taken from the title above the signature"))
            if cur.kind == "PK" and not cur.jabatan and cur.tables \
                    and not any(w.startswith("jabatan_missing") for w in cur.warnings):
                cur.warnings.append(warning("jabatan_missing", "Perjanjian Kinerja whose PIHAK PERTAMA / KESATU "
                                                               "names no jabatan"))
            if cur.from_sentence and not cur.tables and not cur.jabatan:
                pass  # a duty sentence that no table followed was prose (a decree's, a chapter's), not a block
            elif cur.has_content() or (cur.jabatan and cur.jabatan_source != "title"):
                positions.append(cur)  # a label or a title with nothing after it (a cover line) is no position
        cur, section, section_name = None, None, None

    def open_position(kind: str, loc: Loc, idx: int) -> RawPosition:
        nonlocal cur
        close()
        cur = RawPosition(kind=kind, loc=loc, block_index=idx)
        return cur

    def name_from_title(title: str, loc: Loc, idx: int, kind: str) -> None:
        open_position(kind, loc, idx)
        cur.jabatan, cur.jabatan_source = clean(title), "title"
        cur.warnings.append(warning("jabatan_from_title", f"jabatan taken from the title line {title[:60]!r}"))

    doc_kind = _document_kind(doc)
    for idx, block, block_warnings in _blocks(doc):
        if isinstance(block, Table):
            if cur is None:
                if (pending is not None or not positions) and not is_indicator_table(block):
                    continue  # a table before any IKI block (cover, decree, a Nomor/Tanggal block): not ours
                if pending is None and not positions:
                    open_position(doc_kind, block.loc, idx)
                    if doc_kind == "IKI":
                        cur.warnings.append(warning("jabatan_missing", "indicator table without a JABATAN label before it"))
                elif pending is None and positions:
                    # a table after its position was closed by a stray heading: give it back
                    cur = positions.pop()
                else:
                    kind = pending
                    open_position(kind, block.loc, idx)
                    if kind == "IKI":
                        cur.warnings.append(warning("jabatan_missing", "indicator table without a JABATAN label before it"))
            if cur.kind == "PK" and cur.pk_parties and not cur.tables:
                cur.jabatan = _pk_jabatan(cur)
            if awaiting and not cur.tables:
                _join_block(cur, awaiting)
            cur.tables.append(block)
            cur.warnings.extend(block_warnings)
            cur.trailing = []
            section, section_name = None, None
            continue

        if block_warnings and cur is not None:
            cur.warnings.extend(block_warnings)  # lines under a table header that gave no row
        text = block.text
        if cur is not None and section_name in ("jabatan", "unit") and value_indent is not None \
                and not block.label and block.indent > value_indent + 8 and not parse_label(text) \
                and (cur.jabatan or cur.kind == "PK" and cur.pk_parties and not cur.tables):
            # the value wrapped under itself (a hanging indent)
            if cur.kind == "PK" and cur.pk_parties and not cur.tables:
                cur.pk_parties[-1][0] = f"{cur.pk_parties[-1][0] or ''} {clean(text)}".strip()
            else:
                cur.jabatan = f"{cur.jabatan} {clean(text)}"
            continue
        if cur is not None and section_name in ("jabatan", "unit") and not block.label \
                and 0 < len(text.split()) <= 2 and all(w.upper().strip(".:") in LABEL_TAIL_WORDS for w in text.split()):
            continue  # the rest of a label broken over two lines: "Nama Sub. : X" / "Bidang"
        numbered = block.label is not None and block.label not in ("-", "•", "*")
        label = parse_label(text, numbered_item=numbered)
        if label and label.weak and (cur is None or label.section in cur.sections or label.section == "jabatan"
                                     or label.section not in LIST_SECTIONS):
            label = None  # "Tugas lain yang diberikan ..." inside a list is an item
        kind = heading_kind(text) if not label else None
        if kind == "PK" and cur is not None and cur.kind == "PK" and not cur.tables:
            continue  # the agreement's lampiran repeats its heading above the target table: the same PK
        if kind and kind != "PK" and cur is not None and not cur.tables and any(cur.sections.values()) \
                and not heading_unit(text):
            # TUGAS / FUNGSI, then a heading (a caption, the page title repeated) above the table: one block
            awaiting, section, section_name = kind, None, None
            continue
        if kind:
            close()
            pending, pending_party = kind, None
            unit = heading_unit(text) if kind != "PK" else None
            if unit:
                name_from_title(unit, block.loc, idx, "IKI")
            continue
        if cur is not None and cur.tables:
            cur.trailing.append((text if not block.label or block.label in "-•" else f"{block.label} {text}",
                                 block.indent))
        if cur is not None and cur.kind == "PK" and not cur.tables or cur is None and pending == "PK":
            party = _PARTY.findall(text)
            if party and not label:
                called = _CALLED.search(text)
                said = _PARTY.findall(text[called.end():]) if called else []
                if said and cur is not None and cur.pk_parties and cur.pk_parties[-1][1] is None:
                    cur.pk_parties[-1][1] = said[0].upper()
                elif len(text.split()) <= 5 or said:
                    pending_party = (said or party)[0].upper()
                continue
        if label:
            if not label.exact:
                warn = warning("label_damaged", f"label read despite damage: {text[:40]!r} as {label.section.upper()}")
            else:
                warn = None
            if label.section == "person":
                section, section_name = None, None
                continue
            value = clean(label.value)
            if label.section == "unit" and value and _AGENCY_VALUE.match(value) and not _UNIT_WORDS.search(value):
                label = replace(label, section="instansi")  # "Unit Kerja : Dinas X" names the agency
            if label.section == "jabatan" and (pending == "PK" or (cur is not None and cur.kind == "PK")):
                if cur is None or cur.kind != "PK" or cur.tables:
                    open_position("PK", block.loc, idx)
                cur.pk_parties.append([value, pending_party])
                pending_party, pending = None, None
                cur.jabatan_label_seen = True
                section, section_name = None, "jabatan"
                value_indent = block.indent
                continue
            value_indent = block.indent if label.section in ("jabatan", "unit") else None
            if label.section == "unit":
                if cur is not None and cur.jabatan_label_seen and not cur.tables:
                    cur.instansi = cur.instansi or value  # the JABATAN label names the block; this is its unit
                    value_indent = None
                elif cur is not None and not cur.has_content() and cur.jabatan_source in (None, "title"):
                    if cur.jabatan and value:
                        cur.warnings = [w for w in cur.warnings if not w.startswith("jabatan_from_title")]
                    cur.jabatan, cur.jabatan_source = value or cur.jabatan, "unit"
                    cur.kind = "IKI"
                else:
                    open_position("IKI", block.loc, idx)
                    cur.jabatan, cur.jabatan_source = value, "unit"
                if warn:
                    cur.warnings.append(warn)
                section, section_name = None, "unit"
                pending = None
                continue
            if label.section == "jabatan":
                if cur is not None and not cur.has_content() and (cur.jabatan is None or cur.kind == "IKI"):
                    if cur.jabatan and value and cur.jabatan_source == "title":
                        cur.warnings.append(warning("jabatan_from_title", f"title line {cur.jabatan!r} replaced by the JABATAN label that follows it"))
                    if cur.jabatan_source == "unit" and value:
                        cur.instansi = cur.instansi or cur.jabatan  # "Unit Kerja : X" then "Jabatan : Y"
                    cur.jabatan = value or cur.jabatan
                    cur.kind = "IKI"
                else:
                    open_position("IKI", block.loc, idx)
                    cur.jabatan = value
                cur.jabatan_label_seen = True
                cur.jabatan_source = "label"
                if warn:
                    cur.warnings.append(warn)
                section, section_name = None, "jabatan"
                pending = None
                continue
            if cur is None:
                open_position(pending if pending in ("IKI", "IKU") else "IKI", block.loc, idx)
                if cur.kind == "IKI":
                    cur.warnings.append(warning("jabatan_missing", "IKI block without a JABATAN label"))
            if warn:
                cur.warnings.append(warn)
            if label.section in ("instansi", "program"):
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
        duty = _duty_sentence(text) if not block.label and (section is None or section_name in LIST_SECTIONS) \
            else None
        if duty and (cur is None and pending in ("IKI", "IKU")
                     or cur is not None and not cur.tables and duty not in cur.sections):
            # "Dinas X mempunyai tugas ..." / "... mempunyai fungsi :": the block's duties without a label
            if cur is None:
                open_position(pending, block.loc, idx)
                cur.from_sentence = True
                if cur.kind == "IKI":
                    cur.warnings.append(warning("jabatan_missing", "IKI block without a JABATAN label"))
            items = cur.sections.setdefault(duty, [])
            section, section_name = _Section(items), duty
            if duty == "tugas":
                section.add(text, None, block.loc)
            continue
        if cur is None:
            if pending in ("IKI", "IKU") and _title_like(block) and unit_title(text):
                name_from_title(text, block.loc, idx, "IKI")  # "SUB BIDANG X" under the heading
            elif pending == "PK" and _title_like(block) and unit_title(text):
                name_from_title(text, block.loc, idx, "PK")  # a lampiran "PERJANJIAN KINERJA" / "KEPALA SEKSI X"
                pending = "PK"
            continue
        if cur.kind == "PK" and cur.jabatan_source == "title" and not cur.tables and not cur.pk_parties:
            continue  # more title lines of a PK lampiran (the unit, the agency) under its jabatan
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

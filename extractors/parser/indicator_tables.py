"""Indicator tables → one raw row per indicator.

Works on the :class:`~extractors.ir.Table` blocks of one position, in order:

* the header row maps columns to roles (every real header variant:
  KINERJA / SASARAN ... / INDIKATOR ... / PENJELASAN / FORMULASI ... / SUMBER
  DATA / PENANGGUNG JAWAB / SATUAN / TARGET, a header cut off at the page edge);
* column-number rows (``1 2 3 4``, ``(1) (2)``) and repeated headers are skipped;
* a table without a header continues the previous one (a page break), its
  rows right-aligned when the page lost a leading column;
* rows with no indicator are folded into the row above (a cell split by a page
  break, a fraction drawn over three rows, a formula in a row of its own);
* the sasaran is carried down over merged/blank cells;
* a cell listing several numbered or bulleted indicators becomes several rows,
  the other cells split 1:1 when they list as many parts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex as re

from extractors.ir import Cell, Loc, Table
from extractors.parser.provenance import Extent, extent
from normalize.text import collapse, ocr_bullets, split_label
from schema.warnings import warning

ROLES = ("no", "sasaran", "indikator", "penjelasan", "formula", "sumber_data", "penanggung_jawab", "satuan", "target")
_FULL_NAMES = {
    "no": "NO", "sasaran": "SASARAN", "indikator": "INDIKATOR", "penjelasan": "PENJELASAN",
    "formula": "PENJELASAN FORMULASI",
    "sumber_data": "SUMBER DATA", "penanggung_jawab": "PENANGGUNG JAWAB", "satuan": "SATUAN", "target": "TARGET",
}
_INDICATOR_WORDS = re.compile(
    r"^\s*(?:\d{1,2}[.)]\s*)?(jumlah|persentase|prosentase|presentase|%|indeks|rasio|tingkat|nilai|angka|"
    r"cakupan|rata-?rata|capaian|proporsi|banyaknya|total|frekuensi|lama|waktu)\b", re.I)


def looks_like_indicator(text: str) -> bool:
    """An indicator name starts with a measure word: Jumlah, Persentase, Indeks, Rasio ..."""
    return bool(_INDICATOR_WORDS.match(text))


@dataclass
class RawIndicator:
    sasaran: str | None
    indikator: str
    formula: str  # the PENJELASAN / FORMULASI cell, line breaks kept
    formula_only: bool  # the column header names a formula but no PENJELASAN
    extra: str  # text of unnamed columns (may hold the formula)
    sumber_data: str | None
    penanggung_jawab: str | None
    satuan: str | None
    target: str | None
    loc: Loc
    warnings: list[str] = field(default_factory=list)
    ocr_confidence: float | None = None  # mean OCR confidence of the row's cells, None for digital text
    targets: list[tuple[int | None, str]] = field(default_factory=list)  # (year, target) when TARGET has a column per year
    explain_only: bool = False  # the column header names a PENJELASAN / DEFINISI but no formula
    extent: Extent | None = None  # where the row's cells are in the source (page box, cell range, table row, lines)


_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_COLNUM = re.compile(r"\(?\d{1,2}\)?\.?")
_INLINE_NUM = re.compile(r"(?:(?<=^)|(?<=\s))(\d{1,2})[.)]\s+(?=[A-Za-z%])")


def _norm(s: str) -> str:
    return " ".join(_NON_ALNUM.sub(" ", s).upper().split())


_H_NO = re.compile(r"NO|NO URUT|NOMOR|NMR|NO SASARAN|NO IKU|NO IKI")
_H_IND = re.compile(r"(?:INDIKATOR){e<=2}")
_H_TIPE = re.compile(r"(?:TIPE|JENIS|SIFAT|METODE) (?:PERHITUNGAN|PENGHITUNGAN|PENGUKURAN|DATA)")
_H_FORMULA = re.compile(r"(?:FORMULASI|FORMULA|FORMASI|PERHITUNGAN|PENGHITUNGAN|RUMUS|CARA PENGUKURAN){e<=1}")
_H_PENJ = re.compile(r"(?:PENJELASAN){e<=2}|DEFINISI|KETERANGAN|DASAR PERTIMBANGAN|ALASAN|(?:DESKRIPSI){e<=1}|"
                     r"UKURAN KEBERHASILAN|KRITERIA KEBERHASILAN")
_H_SUMBER = re.compile(r"(?:SUMBER){e<=1}")
# other names of the SUMBER DATA column: where the value comes from, the evidence that proves it
_H_SUMBER_OTHER = re.compile(r"(?:ASAL|PENYEDIA|PENGHASIL) DATA|DATA PENDUKUNG|BUKTI DUKUNG|DOKUMEN PENDUKUNG|ALAT VERIFIKASI")
_H_PJ = re.compile(r"(?:PENANGGUNG){e<=2}|\bPIC\b|\bPJ\b|PELAKSANA")
_H_SATUAN = re.compile(r"(?:SATUAN){e<=1}")
_H_TARGET = re.compile(r"(?:TARGET){e<=1}")
# the activities a functional officer's PK or SKP lists as its targets
_H_ACTIVITY = re.compile(r"TUPOKSI|(?:URAIAN |RINCIAN |BUTIR )?KEGIATAN TUGAS(?: JABATAN| POKOK)?|RINCIAN (?:TUGAS|KEGIATAN)|"
                         r"BUTIR KEGIATAN|AKTIVITAS|URAIAN KEGIATAN(?: TUGAS)?(?: JABATAN)?")
_H_OUTPUT = re.compile(r"\b(?:KUANT\w*|OUTPUT|VOLUME|JUMLAH)\b")
_H_SASARAN = re.compile(r"(?:SASARAN){e<=1}|KINERJA|TUJUAN")
# columns a header names that carry no indicator field (baseline, realisation, budget)
_H_OTHER = re.compile(r"^(?:KONDISI|BASELINE|REALISASI|CAPAIAN|ANGGARAN|PAGU|BOBOT|KET)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


# header words a narrow column breaks inside ("PERHITUNG" / "AN"): rejoined before the role is read
_HEADER_VOCAB = {"INDIKATOR", "KINERJA", "SASARAN", "STRATEGIS", "PENJELASAN", "FORMULASI", "PERHITUNGAN",
                 "PENGHITUNGAN", "PENGUKURAN", "OPERASIONAL", "DEFINISI", "PERTIMBANGAN", "PENANGGUNG",
                 "PENANGGUNGJAWAB", "KETERANGAN", "SATUAN", "TARGET", "URAIAN", "INDIVIDU", "PROGRAM", "KEGIATAN"}


def _rejoin_broken_words(text: str) -> str:
    lines = text.split("\n")
    out = lines[0]
    for nxt in lines[1:]:
        tail, head = (out.split() or [""])[-1], (nxt.split() or [""])[0]
        glued = re.sub(r"[^A-Za-z]", "", tail + head).upper()
        if tail and head and glued in _HEADER_VOCAB and re.sub(r"[^A-Za-z]", "", tail).upper() not in _HEADER_VOCAB:
            out = out + nxt.lstrip()
        else:
            out = f"{out} {nxt}"
    return out


@lru_cache(maxsize=4096)
def header_role(text: str) -> str | None:
    """The role of a header cell (fuzzy, for OCR and typos), or None.

    Roles: ``no, sasaran, indikator, uraian, penjelasan, formula, tipe, sumber_data, penanggung_jawab, satuan,
    target`` and ``other`` (a named column that holds no indicator field: baseline, realisasi, anggaran).
    URAIAN is the indicator only in a table with no INDIKATOR column (:func:`header_roles` decides).
    """
    t = _norm(_rejoin_broken_words(text) if "\n" in text else text)
    if not t or len(t) > 70:  # header cells are short; long cells are data
        return None
    if _H_NO.fullmatch(t):
        return "no"
    first = t.split()[0]
    if "INDIKATOR" in t or _H_IND.fullmatch(first):
        return "indikator"
    if (first == "URAIAN" and len(t.split()) <= 3) or _H_ACTIVITY.fullmatch(t):
        return "uraian"  # the indicator of a table without an INDIKATOR column (a functional officer's activities)
    if _H_TIPE.match(t):
        return "tipe"
    if _H_OTHER.match(t):
        return "other"
    has_formula = _H_FORMULA.search(t)
    has_penjelasan = _H_PENJ.search(t)
    if has_penjelasan and not has_formula:
        return "penjelasan"
    if has_formula or has_penjelasan:
        return "formula"
    if _H_SUMBER.search(first) or (_H_SUMBER_OTHER.match(t) and len(t.split()) <= 3):
        return "sumber_data"
    if _H_PJ.search(t) and len(t.split()) <= 4:
        return "penanggung_jawab"
    if _H_SATUAN.fullmatch(first):
        return "satuan"
    if (_H_TARGET.fullmatch(first) or (first == "TAHUN" and _YEAR.search(t)) or _YEAR.fullmatch(t) or t == "VOLUME"
            or (len(t.split()) <= 3 and re.search(r"\bTARGET\b", t))):  # "NILAI TARGET", "TARGET"
        return "target"  # "TARGET 2022", and the years under a TARGET cell that spans them
    if _H_SASARAN.search(t):
        return "sasaran"
    if first in ("PROGRAM", "KEGIATAN", "SUB") and len(t.split()) <= 4:
        return "program"  # a sasaran column only when the table has no SASARAN column
    return None


def header_roles(cells: list[str]) -> list[str | None] | None:
    """Column roles when ``cells`` is a header row, else None."""
    roles = [header_role(c) for c in cells]
    if "indikator" not in roles and "uraian" in roles \
            and {"satuan", "target", "penjelasan", "formula", "sumber_data", "tipe"} & set(roles):
        # URAIAN / TUPOKSI is the indicator where no INDIKATOR column and a column of its measure stand
        roles = ["indikator" if r == "uraian" and "indikator" not in roles else r for r in roles]
    roles = [None if r == "uraian" else r for r in roles]
    if roles.count("sasaran") > 1:  # TUJUAN | SASARAN: the SASARAN column is the sasaran
        keep = next((i for i, (r, c) in enumerate(zip(roles, cells)) if r == "sasaran" and "SASARAN" in _norm(c)),
                    roles.index("sasaran"))
        roles = ["other" if r == "sasaran" and i != keep else r for i, r in enumerate(roles)]
    if "indikator" not in roles and "uraian" not in roles and {"satuan", "target"} & set(roles):
        # "No | Kegiatan | Volume | Satuan": a functional officer's activities, measured
        act = next((i for i, (r, c) in enumerate(zip(roles, cells)) if r == "program" and _norm(c) == "KEGIATAN"), None)
        if act is not None:
            roles = ["indikator" if i == act else r for i, r in enumerate(roles)]
    if "sasaran" not in roles and "program" in roles:
        first = roles.index("program")
        roles = ["sasaran" if i == first else r for i, r in enumerate(roles)]
    roles = [None if r == "program" else r for r in roles]
    named = [r for r in roles if r and r != "other"]
    if "indikator" not in named or len(set(named)) < 2:
        return None
    targets = [i for i, r in enumerate(roles) if r == "target" and not _YEAR.search(cells[i])]
    output = [i for i in targets if _H_OUTPUT.search(_norm(cells[i]))]
    if len(targets) > 1 and len(output) == 1:  # TARGET over Kuant/Output | Kual/Mutu | Waktu | Biaya (an SKP)
        roles = ["other" if i in targets and i != output[0] else r for i, r in enumerate(roles)]
    if "penjelasan" in roles and "formula" not in roles:
        # a lone PENJELASAN column is the usual combined explanation/formula column
        roles = ["formula" if r == "penjelasan" else r for r in roles]
    # a cell cut off at the page edge ("S") takes the first unused role it is a prefix of
    used = set(named)
    for i, c in enumerate(cells):
        t = _norm(c)
        if roles[i] is None and 0 < len(t) <= 3:
            for role in ("sumber_data", "satuan", "target", "penanggung_jawab"):
                if role not in used and _FULL_NAMES[role].startswith(t):
                    roles[i] = role
                    used.add(role)
                    break
    return roles


def _is_colnum_row(cells: list[str]) -> bool:
    """``1 2 3 4`` / ``(1) (2) ...``, also as OCR misreads it (``(yy | Q) | 3) | (5)``)."""
    vals = [c.strip() for c in cells if c.strip()]
    if len(vals) < 2:
        return False
    if all(_COLNUM.fullmatch(v) for v in vals):
        return True
    short = all(len(v) <= 5 and not re.search(r"[A-Za-z]{3}", v) for v in vals)
    return short and sum(1 for v in vals if _COLNUM.fullmatch(v)) * 2 >= len(vals)


# the second words of header names a narrow column wraps onto the next line ("Sasaran" / "Strategis",
# "Penanggung" / "jawab"): a line of only these under a header goes on the header
_HEADER_TAIL = {"STRATEGIS", "UTAMA", "JAWAB", "DATA", "INDIVIDU", "OPERASIONAL", "PERTIMBANGAN", "KEGIATAN",
                "PROGRAM", "PERHITUNGAN", "PENGHITUNGAN", "PENGUKURAN", "KINERJA", "KEBERHASILAN", "TAHUN",
                "SASARAN", "INDIKATOR", "FORMULASI", "PENJELASAN", "DEFINISI", "SUMBER", "SATUAN", "TARGET", "DAN",
                "TIPE", "JENIS", "CARA", "KET", "KETERANGAN", "PIC", "RUMUS", "URAIAN", "UNIT", "KERJA", "PELAKSANA",
                "NILAI", "VOLUME", "KUANTITAS", "KUALITAS", "MUTU", "WAKTU", "BIAYA", "OUTPUT"}


def _header_like(cells: list[str]) -> bool:
    """Short header-style cells: every non-empty cell a header word, a year or a short upper-case name
    (or the wrapped-on words of a header name, in any case)."""
    vals = [" ".join(c.split()) for c in cells if c.strip()]
    if not vals:
        return False
    for v in vals:
        if _YEAR.fullmatch(v.strip("() ")):
            continue
        role = header_role(v)
        if role == "other" and v.upper() != v and len(v.split()) >= 3 and _INDICATOR_WORDS.match(v):
            return False  # "Capaian kinerja SKPD": an indicator's words, not a column's name
        if role and (v.upper() == v or len(v.split()) <= 4) and ":" not in v.rstrip(" :"):
            continue
        if len(v.split()) <= 4 and v.upper() == v and re.search(r"[A-Z]{3}", v) and not _INDICATOR_WORDS.match(v):
            continue
        if len(v.split()) <= 3 and all(w in _HEADER_TAIL for w in _norm(v).split()):
            continue
        return False
    return True


@dataclass
class Header:
    """An indicator table's header: the role of each grid column, where the body starts, what each column says.

    ``texts`` are the words each role was read from (a leaf's own words, or its parent's with them);
    ``units[c]`` is the first grid column of the leaf header cell over column ``c`` (body cells are
    placed under the leaf they overlap most); ``notes`` are the doubts about it (warnings)."""

    roles: list[str | None]
    start: int  # first body row
    texts: list[str]  # the header text of each column (rows of a multi-row header joined)
    units: list[int] | None = None
    widths: list[float] | None = None
    notes: list[str] = field(default_factory=list)
    first: int = 0  # the header's first row


def expanded(table: Table) -> list[list[str]]:
    """The grid with a spanning cell's text in every column it spans (for reading headers)."""
    grid = table.texts()
    for r, row in enumerate(table.rows):
        for c in row:
            for k in range(c.col + 1, min(c.col + c.colspan, len(grid[r]))):
                grid[r][k] = c.text
    return grid


def _owners(table: Table) -> list[list[Cell | None]]:
    """The cell covering each box of the grid (a spanning cell in every box it spans)."""
    n, nr = table.n_cols, len(table.rows)
    out: list[list[Cell | None]] = [[None] * n for _ in range(nr)]
    for row in table.rows:
        for c in row:
            for r in range(c.row, min(c.row + c.rowspan, nr)):
                for k in range(c.col, min(c.col + c.colspan, n)):
                    out[r][k] = c
    return out


def _col_widths(table: Table) -> list[float]:
    """Each grid column's width (points) where the cells' boxes say it, else 1."""
    n = table.n_cols
    edges: dict[int, float] = {}
    for row in table.rows:
        for c in row:
            if c.loc.bbox:
                edges.setdefault(c.col, c.loc.bbox[0])
                edges.setdefault(c.col + c.colspan, c.loc.bbox[2])
    return [max(edges[k + 1] - edges[k], 0.1) if k in edges and k + 1 in edges else 1.0 for k in range(n)]


MAX_HEADER_ROWS = 6  # a header of two or three rows of staggered cells spans up to six grid rows


def _is_title(cell: Cell, n: int) -> bool:
    """A cell over the whole table (a caption row), not a parent of its columns."""
    return n > 2 and cell.colspan >= n


def _leaves(owner: list[list[Cell | None]], r0: int, k: int, n: int
            ) -> tuple[list[int], dict[int, str], dict[int, str], dict[int, str]]:
    """The header rows ``r0..k-1`` read as a tree of spans: for each grid column the first column of
    its leaf (the narrowest header cell over it), and per leaf its own words, its parents' words (the
    wider cells above it) and the words its role is read from."""
    units: list[int] = []
    own_t: dict[int, str] = {}
    par_t: dict[int, str] = {}
    for c in range(n):
        cells: list[Cell] = []
        for r in range(r0, k):
            cell = owner[r][c]
            if cell is None or cell.row < r0 or not cell.text.strip() or _is_title(cell, n) \
                    or any(x is cell for x in cells):
                continue
            cells.append(cell)
        if not cells:
            units.append(c)
            own_t.setdefault(c, "")
            par_t.setdefault(c, "")
            continue
        narrow = min(x.colspan for x in cells)
        own = [x for x in cells if x.colspan == narrow]
        unit = own[-1].col  # the lowest of its own cells names the leaf
        units.append(unit)
        if unit not in own_t:
            own_t[unit] = "\n".join(x.text.strip() for x in own)
            par_t[unit] = "\n".join(x.text.strip() for x in cells if x.colspan > narrow)
    chosen: dict[int, str] = {}
    for u, own in own_t.items():
        par = par_t[u]
        only_year = bool(own) and all(_YEAR.fullmatch(w) or _COLNUM.fullmatch(w) for w in _norm(own).split())
        if own and header_role(own) and not (par and only_year):
            chosen[u] = own
        elif par and header_role(f"{par}\n{own}".strip()):
            chosen[u] = f"{par}\n{own}".strip()
        else:
            chosen[u] = own
    return units, own_t, par_t, chosen


def _own_texts(table: Table, r: int) -> list[str]:
    return [c.text for c in table.rows[r] if c.text.strip()]


def _read_header(table: Table, owner: list[list[Cell | None]], r0: int, k: int) -> Header | None:
    n = table.n_cols
    units, own_t, par_t, chosen = _leaves(owner, r0, k, n)
    leaves = sorted(chosen)
    leaf_roles = header_roles([chosen[u] for u in leaves])
    if leaf_roles is None:
        return None
    # a role read from a parent's words yields to a leaf that names it with its own words (a caption over
    # JABATAN | TUGAS | ... | KINERJA does not make JABATAN a second sasaran)
    from_parent = [chosen[u] != own_t[u] for u in leaves]
    own_roles = {header_role(chosen[u]) for u, p in zip(leaves, from_parent) if not p} - {None}
    given = [header_role(chosen[u]) for u in leaves]
    if any(p and r in own_roles for r, p in zip(given, from_parent)):
        for i, u in enumerate(leaves):
            if from_parent[i] and given[i] in own_roles:
                chosen[u] = own_t[u]
        leaf_roles = header_roles([chosen[u] for u in leaves])
        if leaf_roles is None:
            return None
    role_of = dict(zip(leaves, leaf_roles))
    roles = [role_of[units[c]] for c in range(n)]
    texts = [chosen[units[c]] for c in range(n)]
    notes: list[str] = []
    by_role: dict[str, list[int]] = {}
    for u in leaves:
        if role_of[u] and role_of[u] != "other":
            by_role.setdefault(role_of[u], []).append(u)
    for role, us in by_role.items():
        years = [_year_of(chosen[u]) for u in us]
        if len(us) > 1 and not (role == "target" and len(set(years)) == len(us) and None not in years):
            names = " | ".join(" ".join(chosen[u].split()) for u in us)
            notes.append(warning("columns_fused", f"{len(us)} header columns read as one field {role} ({names[:80]})"))
    for u in leaves:
        if par_t[u] and chosen[u] != own_t[u] and role_of[u] and own_t[u] and not any(
                role_of[u] in n_ for n_ in notes):
            notes.append(warning("header_guessed", f"column {' '.join(own_t[u].split())[:40]!r} named by the cell "
                                                   f"above it ({' '.join(par_t[u].split())[:40]!r}): read as {role_of[u]}"))
        elif role_of[u] is None and own_t[u].strip() and not _is_colnum_row([own_t[u]] * 2):
            notes.append(warning("header_guessed", f"column {' '.join(own_t[u].split())[:40]!r} names no known "
                                                   f"field: its text is kept apart (extra)"))
    return Header(roles, k, texts, units=units, widths=_col_widths(table), notes=notes, first=r0)


def find_header(table: Table, max_row: int = 3) -> Header | None:
    """The header of a table: the rows above its first data row (at most :data:`MAX_HEADER_ROWS`, starting
    within its first ``max_row`` rows), read as a tree of spans. A parent cell's children are the cells
    under its span; each leaf column gets its role from its own words, or from its parent's words with
    them when its own name no field (``TARGET`` over ``NILAI``, ``REALISASI`` over ``2022``); columns
    holding only an empty or a caption cell keep None. One row, two rows (years under TARGET, words
    split over rows), staggered cells (each column's name on other grid rows) all read alike."""
    return _find_header(table, max_row)


@lru_cache(maxsize=256)
def _find_header(table: Table, max_row: int) -> Header | None:
    nr = len(table.rows)
    if not nr or not table.n_cols:
        return None
    owner = _owners(table)
    grid = None
    best: tuple[tuple[int, int, int], Header] | None = None
    for r0 in range(min(max_row, nr)):
        texts = _own_texts(table, r0)
        if not texts:
            continue
        if grid is None:
            grid = expanded(table)
        if not (_header_like(texts) or header_roles(grid[r0])):
            continue
        k = r0 + 1
        while True:
            head = _read_header(table, owner, r0, k)
            if head is not None:
                named = len({r for r in head.roles if r and r != "other"})
                key = (named, -r0, k)
                if best is None or key > best[0]:
                    best = (key, head)
            # the next row goes on the header: nothing of its own, or header words (not column numbers)
            while k < nr and k < r0 + MAX_HEADER_ROWS and not _own_texts(table, k):
                k += 1
            if k >= nr or k >= r0 + MAX_HEADER_ROWS or _is_colnum_row(grid[k]) or not _header_like(_own_texts(table, k)):
                break
            k += 1
    if best is None:
        return None
    head = best[1]
    # empty rows right under the header are part of it (the body starts at its first row with text)
    return head


_SIGNATURE = re.compile(
    r"\bNIP\b|\[\s*NAMA|^\s*(?:Pembina|Penata|Pengatur|Juru)\b(?:\s+(?:Utama|Muda|Tingkat|Tk)\b|,|\s*$)|"
    r"^\s*[A-Z][\w .]{1,30},\s*(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\s*$", re.M)


def is_signature_text(text: str) -> bool:
    """A signature block's text: a NIP line, a [NAMA] placeholder, a rank (Pembina, Penata ...) or a place-date line."""
    return bool(_SIGNATURE.search(text))


def _is_signature_row(cells: list[str]) -> bool:
    return any(is_signature_text(c) for c in cells) and not any(looks_like_indicator(c) for c in cells)


def _logical_columns(table: Table, skip: set[int]) -> list[list[str]]:
    """A headerless grid with the columns no cell starts in folded into their left neighbour.

    Word tables are often laid on a finer grid than their columns (a cell spanning two grid columns);
    without a header to name the spanned columns, the columns the cells actually start in are the table's.
    """
    starts = sorted({c.col for r, row in enumerate(table.rows) if r not in skip for c in row})
    if not starts:
        return table.texts()
    index = {col: i for i, col in enumerate(starts)}
    out = []
    for row in table.rows:
        cells = [""] * len(starts)
        for c in row:
            i = index.get(c.col)
            if i is None:  # a column only a skipped row starts in: fold it left
                i = max(0, sum(1 for s in starts if s <= c.col) - 1)
            cells[i] = f"{cells[i]}\n{c.text}".strip("\n") if cells[i] else c.text
        out.append(cells)
    return out


def _is_label_block(grid: list[list[str]]) -> bool:
    """``Nama Organisasi | : | ...`` rows: a layout block of labels and values, not indicators."""
    from extractors.parser.labels import parse_label
    rows = [[c.strip() for c in r if c.strip()] for r in grid]
    rows = [r for r in rows if r]
    if not rows:
        return False
    labelled = sum(1 for r in rows if len(r) >= 2 and (r[1].startswith(":") or r[0].endswith(":")
                                                         or parse_label(f"{r[0]} :") is not None))
    return labelled * 2 > len(rows)


def _default_roles(width: int, rows: list[list[str]]) -> list[str | None] | None:
    """Roles for a table that has no header at all (the usual IKI column order)."""
    if width == 1:
        return None
    first = [r[0].strip() for r in rows if r and r[0].strip()]
    numbered = first and all(re.fullmatch(r"\d{1,2}\.?", v) for v in first)
    base = ["no"] if numbered else []
    order = base + ["sasaran", "indikator", "formula", "sumber_data", "penanggung_jawab", "target"]
    if width > len(order):
        return None
    return order[:width]


def headerless_grid(table: Table) -> tuple[list[list[str]], list[str | None]] | None:
    """A table without a header read in the usual IKI column order: its grid (signature rows dropped,
    spanned grid columns folded) and the roles, or None when it is no indicator table (a label block,
    a list, another kind of table)."""
    raw = table.texts()
    skip = {i for i, cells in enumerate(raw) if _is_signature_row(cells)}
    grid = [cells for i, cells in enumerate(_logical_columns(table, skip)) if i not in skip]
    if not grid or _is_label_block(grid):
        return None
    roles = _default_roles(len(grid[0]), grid)
    return (grid, roles) if roles else None


_PERIOD_COLUMN = re.compile(
    r"(?:TW|TRIWULAN|TRW|Q|SEMESTER|SMT|B|BULAN|BLN)\s*(?:1[0-2]|[1-9]|I{1,3}|IV|VI{0,3}|IX|XI{0,2})|"
    r"JAN(?:UARI)?|FEB(?:RUARI)?|PEBRUARI|MAR(?:ET)?|APR(?:IL)?|MEI|JUNI?|JULI?|AGU(?:STUS)?|AGT|AGS|"
    r"SEP(?:T|TEMBER)?|OKT(?:OBER)?|NOV(?:EMBER)?|NOP(?:EMBER)?|DES(?:EMBER)?")


def _schedule_columns(texts: list[str]) -> int:
    """How many columns of a header name a month or a quarter (the last line of a multi-row header cell)."""
    return len({_norm(t.split("\n")[-1]) for t in texts if t.strip()
                and (_PERIOD_COLUMN.fullmatch(_norm(t)) or _PERIOD_COLUMN.fullmatch(_norm(t.split()[-1]))
                     and len(t.split()) <= 3)})


_MONEY = re.compile(r"^\s*(?:Rp\.?\s*)?\d{1,3}(?:[.,]\d{3}){2,}(?:,\d{1,2})?(?:,-)?\s*$|\bRp\.?\s*\d", re.I)


def not_indicator_table(grid: list[list[str]], header_only: bool = False) -> str | None:
    """Why a table without an indicator header is no indicator table (a ``table_skipped`` message), or None.

    A header row within its first rows that names columns but no INDIKATOR (``No | Kegiatan | Anggaran
    (Rp.)`` under a ``II. ALOKASI ANGGARAN`` title row), or a budget list: amounts of money in most rows
    and no row that names an indicator.
    """
    for cells in grid[:3]:
        if _header_like(cells) and sum(1 for c in cells if header_role(c)) >= 2:
            names = ", ".join(" ".join(c.split()) for c in cells if c.strip())
            return f"a table headed {names[:80]!r} names no indicator column; not read"
    if header_only:
        return None
    rows = [cells for cells in grid if any(c.strip() for c in cells)]
    money = sum(1 for cells in rows if any(_MONEY.search(c) for c in cells))
    if rows and money * 2 > len(rows) and not any(looks_like_indicator(c.strip()) for cells in rows for c in cells):
        return "a list of amounts of money (a budget) without an indicator column; not read"
    return None


def is_indicator_table(table: Table) -> bool:
    """A table that holds indicator rows: a header naming an INDIKATOR column, or no header and rows whose
    indicator cell reads like an indicator name (Jumlah / Persentase / Indeks ...)."""
    if not table.rows:
        return False
    if find_header(table):
        return True
    read = headerless_grid(table)
    if read is None:
        return False
    grid, roles = read
    i = roles.index("indikator")
    if table.rows_are_lines and roles[0] == "no":
        # one text line per row: the lines that start a table row (a number in the NO column) are the rows
        starts = [cells for cells in grid if re.fullmatch(r"\d{1,2}\.?", cells[0].strip())]
        grid = starts if len(starts) >= 1 else grid
    named = sum(1 for cells in grid if i < len(cells) and looks_like_indicator(cells[i].strip()))
    return named >= 1 and named * 2 >= len(grid) and len(grid[0]) >= 3


@dataclass
class _Row:
    cells: dict[str, str]
    extra: list[str]
    loc: Loc
    after_break: bool
    confs: list[float] = field(default_factory=list)  # OCR confidence of its non-empty cells
    formula_only: bool = False  # its table's formula column names no PENJELASAN
    explain_only: bool = False  # its table's formula column names a PENJELASAN and no formula
    targets: list[tuple[int | None, str]] = field(default_factory=list)  # (year, target) per TARGET column
    tipe_label: str = "Tipe Perhitungan"  # the header of a TIPE PERHITUNGAN column, as written
    warns: list[str] = field(default_factory=list)  # doubts about the row's columns (header_guessed ...)
    new_table: bool = False  # the first row of a table with a header of its own (not a repeated one)
    pieces: list = field(default_factory=list)  # (Loc, rowspan) of every source cell the row was read from


def aligned_texts(table: Table, head: Header) -> list[list[str]]:
    """The table's rows as texts per grid column, each body cell placed under the header leaf it lies
    under: a cell that starts in a column no header names but reaches under a named leaf goes to the
    named leaf it overlaps most (by width: header and body cells drawn on different grid columns)."""
    grid = table.texts()
    n = len(head.roles)
    if head.units is None or table.n_cols != n:
        return grid
    widths = head.widths or [1.0] * n
    out = []
    for row in table.rows:
        cells = [""] * n
        for c in row:
            col = c.col
            if head.roles[col] is None and c.colspan > 1:
                score: dict[int, float] = {}
                for k in range(c.col, min(c.col + c.colspan, n)):
                    if head.roles[k] is not None:
                        score[head.units[k]] = score.get(head.units[k], 0.0) + widths[k]
                if score:
                    col = max(score, key=lambda u: (score[u], -u))
            cells[col] = f"{cells[col]}\n{c.text}" if cells[col].strip() and c.text.strip() else (cells[col] or c.text)
        out.append(cells)
    return out


def _rows(tables: list[Table]) -> tuple[list[_Row], list[str]]:
    rows: list[_Row] = []
    warnings: list[str] = []
    head: Header | None = None
    head_notes: list[str] = []  # doubts about the current header's columns, given to each of its rows
    formula_only = False  # the formula column's header names no PENJELASAN
    explain_only = False  # the formula column's header names only a PENJELASAN / DEFINISI
    for table in tables:
        if not table.rows:
            continue
        grid = table.texts()
        locs = [r[0].loc if r else table.loc for r in table.rows]
        orig = list(range(len(grid)))  # grid row -> table row
        start, after_break = 0, bool(rows)
        found = find_header(table)
        new_table = False
        if found and _schedule_columns(found.texts) >= 3:
            names = ", ".join(dict.fromkeys(" ".join(t.split()) for t in found.texts if t.strip()))
            warnings.append(warning("table_skipped", f"a schedule (Rencana Aksi) headed {names[:80]!r}: its "
                                                     "indicators repeat the agreement's; not read"))
            continue
        if found:
            # a header other than the one before starts another table (sasaran does not carry into it)
            new_table = head is None or [r for r in found.roles if r] != [r for r in head.roles if r] \
                or [_norm(t) for t in found.texts] != [_norm(t) for t in head.texts]
            head, start = found, found.start  # after_break stays: a repeated header after a page break
            grid = aligned_texts(table, head)
            formula_only = any(r == "formula" and _H_FORMULA.search(_norm(c)) and not _H_PENJ.search(_norm(c))
                               for r, c in zip(head.roles, head.texts))
            explain_only = any(r == "formula" and _H_PENJ.search(_norm(c)) and not _H_FORMULA.search(_norm(c))
                               for r, c in zip(head.roles, head.texts))
        elif (skip := not_indicator_table(grid)) is not None:
            warnings.append(warning("table_skipped", skip))
            continue  # a budget, program or schedule table: never the continuation of the indicators
        elif head is None:
            if len(grid[0]) == 1:
                rows.extend(_single_column(grid, locs))
                warnings.append(warning("header_missing", "table without a header: a single column read as sasaran and indicators"))
                continue
            read = headerless_grid(table)
            if read is None:
                continue
            grid, roles = read
            orig = [i for i, cells in enumerate(table.texts()) if not _is_signature_row(cells)]
            locs = [locs[i] for i in orig]
            head = Header(roles, 0, [""] * len(roles))
            head_notes = []
            warnings.append(warning("header_missing", "table without a header row: the usual column order assumed"))
        if found:
            head_notes = list(found.notes)
        elif head.units is not None and table.n_cols == len(head.roles):
            grid = aligned_texts(table, head)  # a continuation on the same grid
        roles = head.roles
        years = [_year_of(t) if r == "target" else None for r, t in zip(roles, head.texts)]
        tipe_label = next((" ".join(t.split()) for r, t in zip(roles, head.texts) if r == "tipe"), "Tipe Perhitungan")
        in_header = found is not None
        table_rows: list[_Row] = []
        for idx, (cells, loc) in enumerate(zip(grid[start:], locs[start:]), start=start):
            if not any(c.strip() for c in cells) or _is_colnum_row(cells) or _is_signature_row(cells):
                continue
            if header_roles(cells) or (in_header and _header_like(cells)):
                after_break = in_header = True  # a repeated header: the table goes on after a page break
                continue
            if not in_header and (skip := not_indicator_table([cells], header_only=True)) is not None:
                warnings.append(warning("table_skipped", f"rows under {skip}"))
                break  # "No | Program | Anggaran" inside the same grid: the budget below is no indicator
            in_header = False
            if len(cells) < len(roles):  # a page lost leading columns: align on the right
                cells = [""] * (len(roles) - len(cells)) + cells
            row_roles = roles + [None] * (len(cells) - len(roles))
            mapped: dict[str, str] = {}
            extra: list[str] = []
            targets: list[tuple[int | None, str]] = []
            fused: set[str] = set()  # fields that got the text of two columns
            for col, (role, text) in enumerate(zip(row_roles, cells)):
                if role == "other":
                    continue
                if role is None:
                    if text.strip():
                        extra.append(text)
                    continue
                if role == "target" and col < len(years) and years[col] is not None:
                    targets.append((years[col], text.strip()))
                if mapped.get(role):
                    if text.strip():
                        mapped[role] += "\n" + text
                        if not (role == "target" and col < len(years) and years[col] is not None):
                            fused.add(role)
                else:
                    mapped[role] = text
            if len(targets) > 1:  # one column per year: target is the first year's, every year is kept
                mapped["target"] = targets[0][1]
            confs = [c.conf for c in table.rows[orig[idx]] if c.conf is not None and c.text.strip()]
            warns = [w for w in head_notes if not w.startswith("header_guessed") or "names no known" not in w
                     or any(x.strip() for x in extra)]
            if orig[idx] in table.guessed_rows:
                warns.append(warning("row_boundary_guessed", f"page {loc.page}: no rule drawn between this row and "
                                                             f"the next or the one before; its extent told from the text"
                                     if loc.page else "no rule drawn around this row; its extent told from the text"))
            warns = [w for w in warns if not w.startswith("columns_fused")] if not fused else warns
            for role in sorted(fused):
                if not any(w.startswith("columns_fused") and f" {role} " in w for w in warns):
                    warns.append(warning("columns_fused", f"the texts of several columns were joined into {role} "
                                                          f"(the header names them alike)"))
            table_rows.append(_Row(mapped, extra, loc, after_break, confs, formula_only, explain_only, targets,
                                   tipe_label, warns, new_table=new_table,
                                   pieces=[(c.loc, c.rowspan) for c in table.rows[orig[idx]]]))
            after_break = new_table = False
        if table.rows_are_lines and _wrapped_lines(table_rows):
            table_rows = _regroup(table_rows)
            warnings.append(warning("rows_from_lines", "a table given one text line per row: its rows were "
                                                       "rebuilt where a number, a sasaran or an indicator starts"))
        rows.extend(table_rows)
    return rows, warnings


SASARAN_START = re.compile(r"^[A-Z][a-z]+nya\b")  # Meningkatnya, Terwujudnya, Tersedianya ...
CONNECTOR_END = re.compile(r"(?:,|\b(?:dan|yang|di|ke|dari|pada|untuk|dengan|atau|serta|oleh|dalam|terhadap|bagi|"
                            r"per|sebagai|antara|&|/|-))\s*$", re.I)


def _wrapped_lines(rows: list[_Row]) -> bool:
    """Some line of a table given one text line per row goes on the row above: in lower case, or with text
    but no indicator and no number."""
    for r in rows[1:]:
        texts = [r.cells.get(k, "").strip() for k in ("sasaran", "indikator", "penjelasan", "formula")]
        if not r.cells.get("no", "").strip() and (any(t[:1].islower() for t in texts if t)
                                                  or not r.cells.get("indikator", "").strip()):
            return True
    return False


def _starts_row(row: _Row, group: _Row) -> bool:
    """Does this text line start a new table row? A number, a sasaran (``Meningkatnya …``), or an
    indicator (a measure word or a numbered item) where the indicator above does not run on."""
    c = row.cells
    if c.get("no", "").strip():
        return True
    if SASARAN_START.match(c.get("sasaran", "").strip()):
        return True
    ind = c.get("indikator", "").strip()
    above = group.cells.get("indikator", "").strip().split("\n")[-1]
    if ind and (_MEASURE_START.match(ind) or split_label(ind)[0] not in (None, "-", "•")):
        return not (above and CONNECTOR_END.search(above))
    return False


def _regroup(rows: list[_Row]) -> list[_Row]:
    """Text lines → table rows: a line that starts no row goes on in the row above, cell by cell."""
    out: list[_Row] = []
    for row in rows:
        if not out or _starts_row(row, out[-1]):
            out.append(row)
            continue
        prev = out[-1]
        for role, text in row.cells.items():
            if text.strip():
                prev.cells[role] = f"{prev.cells[role].rstrip()}\n{text.strip()}" if prev.cells.get(role, "").strip() \
                    else text
        prev.extra.extend(row.extra)
        prev.confs.extend(row.confs)
        prev.warns.extend(w for w in row.warns if w not in prev.warns)
        prev.pieces.extend(row.pieces)
    return out


def _year_of(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def _single_column(grid: list[list[str]], locs: list[Loc]) -> list[_Row]:
    out = []
    for cells, loc in zip(grid, locs):
        text = cells[0].strip()
        if not text:
            continue
        if _INDICATOR_WORDS.match(text):
            out.append(_Row({"indikator": text}, [], loc, False))
        else:
            out.append(_Row({"sasaran": text}, [], loc, False))
    return out


def _merge_into(prev: _Row, row: _Row, joiner: str = "\n") -> None:
    for role, text in row.cells.items():
        if not text.strip():
            continue
        if prev.cells.get(role, "").strip():
            prev.cells[role] = prev.cells[role].rstrip() + joiner + text.strip()
        else:
            prev.cells[role] = text
    prev.extra.extend(row.extra)
    prev.confs.extend(row.confs)
    prev.warns.extend(w for w in row.warns if w not in prev.warns)
    prev.pieces.extend(row.pieces)
    if not prev.targets:
        prev.targets = list(row.targets)


_MEASURE_START = re.compile(r"^(jumlah|persentase|prosentase|presentase|indeks|rasio|nilai|tingkat|angka|cakupan|"
                            r"rata-?rata|capaian|proporsi|banyaknya)\b", re.I)
_ENDS_SENTENCE = re.compile(r"[.;:!?)\]]\s*$")


def _split_by_page_break(prev: _Row, row: _Row) -> bool:
    """Is ``row`` (the first after a page break) the rest of ``prev``? Its indicator goes on in lower
    case (even with a measure word, when nothing else stands in the row), or some text cell of
    ``prev`` stops mid-sentence and goes on in lower case here."""
    ind = row.cells.get("indikator", "").strip()
    alone = not row.extra and not any(row.cells.get(k, "").strip() for k in
                                      ("penjelasan", "formula", "sumber_data", "target", "satuan", "penanggung_jawab"))
    if alone and ind[:1].islower() and split_label(ind)[0] is None \
            and not _ENDS_SENTENCE.search(prev.cells.get("indikator", "").strip()):
        return True  # only the lower-case rest of an indicator ("capaian kinerja ...") and nothing beside it
    if split_label(ind)[0] is not None or _MEASURE_START.match(ind):
        return False  # a numbered indicator, or one that starts with a measure word, starts a row
    if ind[:1].islower():
        return True
    for role in ("indikator", "penjelasan", "formula"):
        before, after = prev.cells.get(role, "").strip(), row.cells.get(role, "").strip()
        if before and after and not _ENDS_SENTENCE.search(before) and after[:1].islower():
            return True
    return False


def _fold(rows: list[_Row]) -> list[_Row]:
    """Fold rows that carry no indicator of their own into the row above."""
    out: list[_Row] = []
    for row in rows:
        c = row.cells
        ind, sas, no = (c.get(k, "").strip() for k in ("indikator", "sasaran", "no"))
        other = any(c.get(k, "").strip() for k in ("penjelasan", "formula", "tipe", "sumber_data", "penanggung_jawab",
                                                   "satuan", "target")) \
            or any(x.strip() for x in row.extra)
        if not ind and not sas and not no and out and other:
            _merge_into(out[-1], row)
        elif ind and not sas and not no and out and row.after_break and _split_by_page_break(out[-1], row):
            _merge_into(out[-1], row, joiner=" ")  # a row that a page break cut in two
        elif (sas and not no and out and row.after_break and sas[:1].islower()
              and not _ENDS_SENTENCE.search(out[-1].cells.get("sasaran", "").strip())
              and all(v.strip()[:1].islower() for k, v in c.items() if k not in ("sasaran", "no") and v.strip())
              and not any(x.strip() for x in row.extra)):
            # a sasaran split by a page break, with the rest of the row's other cells (all going on in
            # lower case: "subkoordinator masing-masing)." | "kemasyarakatan")
            _merge_into(out[-1], row, joiner=" ")
        elif not ind and not other and not sas:
            continue
        else:
            out.append(row)
    return out


def _items(text: str) -> list[str]:
    """Top-level items of a cell: labelled lines start items, indented lines are sub-items."""
    items: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        indented = line.startswith("  ")
        label, rest = split_label(line.strip())
        if label and not indented:
            items.append(line.strip())
        elif items:
            items[-1] += ("; " if indented and label else " ") + (rest if indented and label else line.strip())
        else:
            items.append(line.strip())
    if len(items) == 1:
        inline = _split_inline_numbers(items[0])
        if len(inline) > 1:
            return inline
    return items


def _split_inline_numbers(text: str) -> list[str]:
    """"1. Jumlah A 2. Jumlah B" → two items (numbers must run 1, 2, 3 ...)."""
    marks = list(_INLINE_NUM.finditer(text))
    seq, expected = [], 1
    for m in marks:
        if int(m.group(1)) == expected:
            seq.append(m)
            expected += 1
    if len(seq) < 2 or seq[0].start() != 0:
        return [text]
    bounds = [m.start() for m in seq] + [len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:])]


def _parts(text: str, k: int) -> list[str] | None:
    """Split another cell of a multi-indicator row into k parts when it lists exactly k."""
    if not text.strip():
        return None
    items = _items(text)
    if len(items) == k:
        return items
    if "\n\n" in text:  # paragraphs separated by space (a PDF cell)
        paras = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
        if len(paras) == k:
            return paras
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) == k:
        return lines
    starts = [i for i, ln in enumerate(lines) if looks_like_indicator(ln) or split_label(ln)[0]]
    if len(starts) == k and starts[0] == 0:  # wrapped paragraphs, each starting with a measure word
        bounds = starts + [len(lines)]
        return [" ".join(lines[a:b]) for a, b in zip(bounds, bounds[1:])]
    return None


_QUANTITY = re.compile(r"^\s*\d[\d.,]*\s*%?\s*(?=[A-Za-z])")
_BARE_NUMBER = re.compile(r"^\s*\d[\d.,]*\s*%?\s*$")
_LEAD_NUMBER = re.compile(r"^\d{1,2}\s+(?=[A-Z%])")


def strip_indicator_label(text: str) -> str:
    label, rest = split_label(text)
    if label is None:
        rest = _LEAD_NUMBER.sub("", text.strip())
    return rest


def clean_sasaran(text: str) -> str:
    items = [ln.strip() for ln in text.split("\n") if ln.strip()]
    labelled = [ln for ln in items if split_label(ln)[0] and split_label(ln)[0] not in "-•"]
    if len(labelled) >= 2:
        return collapse(" ".join(items)).lstrip(". ")
    return collapse(" ".join(strip_indicator_label(ln) for ln in items)).lstrip(". ")


def indicators_from_tables(tables: list[Table]) -> tuple[list[RawIndicator], list[str]]:
    """The indicator rows of one position's tables, in order, and the guesses made."""
    rows, warnings = _rows(tables)
    rows = _fold(rows)
    out: list[RawIndicator] = []
    sasaran: str | None = None
    for row in rows:
        c = {role: ocr_bullets(text) for role, text in row.cells.items()}  # OCR'd bullets split as typed ones
        if row.new_table:
            sasaran = None  # a sasaran carries down its own table only
        if c.get("sasaran", "").strip():
            sasaran = clean_sasaran(c["sasaran"])
        ind = c.get("indikator", "").strip()
        if not ind:
            continue
        items = _items(ind)
        k = len(items)
        where = extent(row.pieces or [(row.loc, 1)])
        split = {role: (_parts(c.get(role, ""), k) if k > 1 else None)
                 for role in ("penjelasan", "formula", "tipe", "sumber_data", "penanggung_jawab", "satuan", "target")}
        for j, item in enumerate(items):
            def pick(role: str) -> str:
                parts = split[role]
                return parts[j] if parts else c.get(role, "")
            warn = list(row.warns)
            if k > 1:
                warn.append(warning("cell_split", f"one cell listed {k} indicators; split into rows"))
            formula, penjelasan = pick("formula"), pick("penjelasan").strip()
            tipe = " ".join(pick("tipe").split())
            if tipe and tipe not in "-–":  # a TIPE PERHITUNGAN column: kept with the penjelasan, labelled
                penjelasan = f"{penjelasan}\n{row.tipe_label}: {tipe}".strip()
            if penjelasan:  # a PENJELASAN column of its own: hand it to the formula splitter labelled
                formula = f"Penjelasan : {penjelasan}" + (f"\nFormulasi : {formula}" if formula.strip() else "")
            satuan, target = pick("satuan") or None, pick("target") or None
            if not (target or "").strip() and (_QUANTITY.match(satuan or "")
                                              or ("target" not in c and _BARE_NUMBER.match(satuan or ""))):
                # "12 laporan" under SATUAN with no TARGET column: the quantity is the target, its unit the
                # satuan; a bare "12" names no unit at all (a unit is never a number): it is the target alone
                target, satuan = satuan, _QUANTITY.sub("", satuan).strip() if _QUANTITY.match(satuan) else None
                satuan = satuan or None
            out.append(RawIndicator(
                sasaran=sasaran,
                indikator=strip_indicator_label(item),
                formula=formula,
                formula_only=row.formula_only or bool(penjelasan),
                explain_only=row.explain_only and not penjelasan,
                extra="\n".join(row.extra),
                sumber_data=pick("sumber_data") or None,
                penanggung_jawab=pick("penanggung_jawab") or None,
                satuan=satuan,
                target=target,
                loc=row.loc,
                warnings=warn,
                ocr_confidence=round(sum(row.confs) / len(row.confs), 1) if row.confs else None,
                targets=list(row.targets) if k == 1 else [],
                extent=where,
            ))
    return out, warnings

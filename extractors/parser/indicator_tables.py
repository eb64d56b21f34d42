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

from extractors.ir import Loc, Table
from normalize.text import collapse, split_label
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


_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_COLNUM = re.compile(r"\(?\d{1,2}\)?\.?")
_INLINE_NUM = re.compile(r"(?:(?<=^)|(?<=\s))(\d{1,2})[.)]\s+(?=[A-Za-z%])")


def _norm(s: str) -> str:
    return " ".join(_NON_ALNUM.sub(" ", s).upper().split())


_H_NO = re.compile(r"NO|NO URUT|NOMOR|NMR")
_H_IND = re.compile(r"(?:INDIKATOR){e<=2}")
_H_FORMULA = re.compile(r"(?:FORMULASI|FORMULA|FORMASI|PERHITUNGAN|PENGHITUNGAN|RUMUS|CARA PENGUKURAN){e<=1}")
_H_PENJ = re.compile(r"(?:PENJELASAN){e<=2}|DEFINISI|KETERANGAN")
_H_SUMBER = re.compile(r"(?:SUMBER){e<=1}")
_H_PJ = re.compile(r"(?:PENANGGUNG){e<=2}")
_H_SATUAN = re.compile(r"(?:SATUAN){e<=1}")
_H_TARGET = re.compile(r"(?:TARGET){e<=1}")
_H_SASARAN = re.compile(r"(?:SASARAN){e<=1}|KINERJA|TUJUAN")


@lru_cache(maxsize=4096)
def header_role(text: str) -> str | None:
    """The role of a header cell (fuzzy, for OCR and typos), or None."""
    t = _norm(text)
    if not t or len(t) > 70:  # header cells are short; long cells are data
        return None
    if _H_NO.fullmatch(t):
        return "no"
    first = t.split()[0]
    if "INDIKATOR" in t or _H_IND.fullmatch(first):
        return "indikator"
    has_formula = _H_FORMULA.search(t)
    has_penjelasan = _H_PENJ.search(t)
    if has_penjelasan and not has_formula:
        return "penjelasan"
    if has_formula or has_penjelasan:
        return "formula"
    if _H_SUMBER.search(first):
        return "sumber_data"
    if _H_PJ.search(first) or t in ("PJ", "PIC"):
        return "penanggung_jawab"
    if _H_SATUAN.fullmatch(first):
        return "satuan"
    if _H_TARGET.fullmatch(first):
        return "target"
    if _H_SASARAN.search(t):
        return "sasaran"
    return None


def header_roles(cells: list[str]) -> list[str | None] | None:
    """Column roles when ``cells`` is a header row, else None."""
    roles = [header_role(c) for c in cells]
    named = [r for r in roles if r]
    if "indikator" not in named or len(set(named)) < 2:
        return None
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


@dataclass
class _Row:
    cells: dict[str, str]
    extra: list[str]
    loc: Loc
    after_break: bool
    confs: list[float] = field(default_factory=list)  # OCR confidence of its non-empty cells
    formula_only: bool = False  # its table's formula column names no PENJELASAN


def _rows(tables: list[Table]) -> tuple[list[_Row], list[str]]:
    rows: list[_Row] = []
    warnings: list[str] = []
    roles: list[str | None] | None = None
    formula_only = False  # the formula column's header names no PENJELASAN
    for table in tables:
        grid = table.texts()
        locs = [r[0].loc if r else table.loc for r in table.rows]
        start, after_break = 0, bool(rows)
        for i, cells in enumerate(grid[:3]):
            h = header_roles(cells)
            if h:
                roles, start = h, i + 1  # after_break stays: a repeated header after a page break
                formula_only = any(r == "formula" and "PENJELASAN" not in _norm(c) for r, c in zip(h, cells))
                break
        if roles is None:
            if len(grid[0]) == 1:
                rows.extend(_single_column(grid, locs))
                warnings.append(warning("header_missing", "table without a header: a single column read as sasaran and indicators"))
                continue
            roles = _default_roles(len(grid[0]), grid)
            if roles is None:
                continue
            warnings.append(warning("header_missing", "table without a header row: the usual column order assumed"))
        for idx, (cells, loc) in enumerate(zip(grid[start:], locs[start:]), start=start):
            if not any(c.strip() for c in cells) or _is_colnum_row(cells):
                continue
            if header_roles(cells):
                after_break = True  # a repeated header: the table goes on after a page break
                continue
            if len(cells) < len(roles):  # a page lost leading columns: align on the right
                cells = [""] * (len(roles) - len(cells)) + cells
            row_roles = roles + [None] * (len(cells) - len(roles))
            mapped: dict[str, str] = {}
            extra: list[str] = []
            for role, text in zip(row_roles, cells):
                if role is None:
                    if text.strip():
                        extra.append(text)
                elif mapped.get(role):
                    mapped[role] += "\n" + text
                else:
                    mapped[role] = text
            confs = [c.conf for c in table.rows[idx] if c.conf is not None and c.text.strip()]
            rows.append(_Row(mapped, extra, loc, after_break, confs, formula_only))
            after_break = False
    return rows, warnings


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
        other = any(c.get(k, "").strip() for k in ("penjelasan", "formula", "sumber_data", "penanggung_jawab", "satuan", "target")) \
            or any(x.strip() for x in row.extra)
        if not ind and not sas and not no and out and other:
            _merge_into(out[-1], row)
        elif ind and not sas and not no and out and row.after_break and _split_by_page_break(out[-1], row):
            _merge_into(out[-1], row, joiner=" ")  # a row that a page break cut in two
        elif (sas and not ind and not no and not other and out and row.after_break
              and sas[:1].islower()):
            _merge_into(out[-1], row, joiner=" ")  # a sasaran split by a page break
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
        c = row.cells
        if c.get("sasaran", "").strip():
            sasaran = clean_sasaran(c["sasaran"])
        ind = c.get("indikator", "").strip()
        if not ind:
            continue
        items = _items(ind)
        k = len(items)
        split = {role: (_parts(c.get(role, ""), k) if k > 1 else None)
                 for role in ("penjelasan", "formula", "sumber_data", "penanggung_jawab", "satuan", "target")}
        for j, item in enumerate(items):
            def pick(role: str) -> str:
                parts = split[role]
                return parts[j] if parts else c.get(role, "")
            warn = []
            if k > 1:
                warn.append(warning("cell_split", f"one cell listed {k} indicators; split into rows"))
            formula, penjelasan = pick("formula"), pick("penjelasan").strip()
            if penjelasan:  # a PENJELASAN column of its own: hand it to the formula splitter labelled
                formula = f"Penjelasan : {penjelasan}" + (f"\nFormulasi : {formula}" if formula.strip() else "")
            out.append(RawIndicator(
                sasaran=sasaran,
                indikator=strip_indicator_label(item),
                formula=formula,
                formula_only=row.formula_only or bool(penjelasan),
                extra="\n".join(row.extra),
                sumber_data=pick("sumber_data") or None,
                penanggung_jawab=pick("penanggung_jawab") or None,
                satuan=pick("satuan") or None,
                target=pick("target") or None,
                loc=row.loc,
                warnings=warn,
                ocr_confidence=round(sum(row.confs) / len(row.confs), 1) if row.confs else None,
            ))
    return out, warnings

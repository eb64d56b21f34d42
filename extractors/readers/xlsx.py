"""Excel workbooks (.xlsx, .xlsm; .xls/.ods/.xlsb after LibreOffice conversion) → IR.

Each visible sheet is read with openpyxl (cached formula values, ``data_only``) into a
grid of the values *as the sheet shows them*: the cell's number format is applied
(:func:`display_text`, with the format-code engine of ``xlfmt`` and the separators and
month names of the display locale: ``4.000``, ``22%``, ``1 Januari 2023`` in Indonesian,
the default), rich text is joined and line breaks are kept. Hidden sheets are skipped
and hidden rows and columns dropped, each with a warning; blank spacer rows and columns
are dropped; merged ranges become cell spans.

A sheet is then cut into blocks the way a reader sees it:

* a row holding one value, or a *label row* (``JABATAN | : | Kepala Dinas``,
  ``JABATAN :`` | ``Kepala Dinas``, ``1. | TUGAS | : ...``), or a list row
  (``a. | menyusun ...``) is a :class:`~extractors.ir.Paragraph` (one per line of a
  multi-line cell);
* a run of rows with two or more values is a :class:`~extractors.ir.Table`; a one-value row
  stays in the table when the table goes on after it, or when its cell is bordered like the
  table's; a blank row ends a table unless a full table row follows it.

Provenance: every block and cell has ``Loc(sheet=..., cell="B12")``. The reader knows
workbooks, not IKI: it never looks at what the labels say.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO

from extractors.ir import Cell, Document, Loc, Paragraph, Table
from iki.i18n import t
from normalize.text import split_label
from schema.warnings import warning

MAX_PART_BYTES = 200 * 1024 * 1024  # refuse a part that inflates beyond this (zip bomb)
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_CELLS = 2_000_000  # cells with a value, over all sheets
LOCALE = "id"  # display locale: separators and month names as an Indonesian Excel shows them


class XlsxError(Exception):
    """A workbook iki cannot read: damaged, refused by a limit, or not a workbook."""


# ----------------------------------------------------------------------------- values as displayed

_MONTHS_ID = {
    "January": "Januari", "February": "Februari", "March": "Maret", "April": "April", "May": "Mei",
    "June": "Juni", "July": "Juli", "August": "Agustus", "September": "September", "October": "Oktober",
    "November": "November", "December": "Desember",
    "Jan": "Jan", "Feb": "Feb", "Mar": "Mar", "Apr": "Apr", "Jun": "Jun", "Jul": "Jul", "Aug": "Agu",
    "Sep": "Sep", "Oct": "Okt", "Nov": "Nov", "Dec": "Des",
    "Sunday": "Minggu", "Monday": "Senin", "Tuesday": "Selasa", "Wednesday": "Rabu", "Thursday": "Kamis",
    "Friday": "Jumat", "Saturday": "Sabtu",
    "Sun": "Min", "Mon": "Sen", "Tue": "Sel", "Wed": "Rab", "Thu": "Kam", "Fri": "Jum", "Sat": "Sab",
}
_NAME_WORD = re.compile(r"\b(" + "|".join(sorted(_MONTHS_ID, key=len, reverse=True)) + r")\b")
# literal parts of a format code: "quoted", \escaped, [$currency-locale]
_LITERAL = re.compile(r'"[^"]*"|\\.|\[\$[^\]\-]*(?:-[^\]]*)?\]')
_LOCALE_TAG = re.compile(r"\[\$[^\]\-]*-([0-9A-Fa-f]+|[a-zA-Z]{2}(?:-[a-zA-Z]{2})?)\]")
_DATE_CODE = re.compile(r"(?<![\"\\])[ymdhs]", re.I)
_PH = 0xE000  # private-use characters stand in for literals while the number is rendered


@dataclass(frozen=True)
class _Code:
    code: str  # the format code with every literal replaced by a quoted placeholder
    literals: tuple[str, ...]  # the placeholders' texts, in order
    locale: str | None  # locale named by a [$-409] tag, if any
    is_date: bool


@lru_cache(maxsize=1024)
def _prepare(number_format: str) -> _Code:
    literals: list[str] = []
    locale = None
    m = _LOCALE_TAG.search(number_format)
    if m:
        tag = m.group(1).lower()
        locale = "id" if tag in ("421", "id", "id-id", "in-id") else "en" if tag.startswith(("409", "809", "en")) \
            else None

    def repl(mt: re.Match) -> str:
        lit = mt.group(0)
        if lit.startswith('"'):
            text = lit[1:-1]
        elif lit.startswith("\\"):
            text = lit[1]
        else:  # [$Rp-421] → "Rp"; [$-421] → nothing
            text = lit[2:-1].split("-", 1)[0]
        if not text:
            return ""
        literals.append(text)
        return '"' + chr(_PH + len(literals) - 1) + '"'

    code = _LITERAL.sub(repl, number_format)
    unquoted = re.sub(r'"[^"]*"', "", code)
    is_date = bool(_DATE_CODE.search(re.sub(r"\[[^\]]*\]", "", unquoted))) and "general" not in unquoted.lower()
    if is_date:  # a bare "." between date parts is a literal (xlfmt drops it); ".0" is fractional seconds
        def dot(mt: re.Match) -> str:
            literals.append(".")
            return '"' + chr(_PH + len(literals) - 1) + '"'

        parts = re.split(r'("[^"]*")', code)
        code = "".join(p if p.startswith('"') else re.sub(r"\.(?!0)", dot, p) for p in parts)
    return _Code(code, tuple(literals), locale, is_date)


def display_text(value, number_format: str | None = "General", locale: str = LOCALE, date1904: bool = False) -> str:
    """A cell's value as the sheet shows it under its number format, in ``locale`` ('id' or 'en').

    ``value`` is what openpyxl gives (str, int, float, bool, datetime, date, time,
    timedelta, None). Numbers get the locale's separators (``#,##0`` → ``4.000`` in
    Indonesian, ``4,000`` in English; ``0.0%`` → ``22,5%``), dates its month and day
    names; literal text in the format (``#,##0 "berkas"``, ``"Rp "#,##0``) is kept as
    written. A ``[$-409]`` locale tag in the format overrides ``locale``. Text values
    are returned unchanged unless the format has a text section (``;@``).
    """
    from xlfmt import format_value

    if value is None:
        return ""
    number_format = number_format or "General"
    if isinstance(value, str):
        if "@" in number_format and number_format.strip() != "@":
            code = _prepare(number_format)
            return _restore(str(format_value(value, code.code)), code)
        return value
    if isinstance(value, bool):
        return ("BENAR" if value else "SALAH") if locale == "id" else ("TRUE" if value else "FALSE")
    if isinstance(value, dt.timedelta):
        value = value.total_seconds() / 86400
    code = _prepare(number_format)
    loc = code.locale or locale
    try:
        text = str(format_value(value, code.code, date1904=date1904))
    except Exception:  # noqa: BLE001 - a format code xlfmt cannot read: show the value as General
        text = str(format_value(value, "General", date1904=date1904))
        code = _prepare("General")
    if loc == "id":
        if code.is_date or isinstance(value, (dt.date, dt.time)) and not isinstance(value, (int, float)):
            text = _NAME_WORD.sub(lambda m: _MONTHS_ID[m.group(1)], text)
        else:
            text = text.translate(_SWAP)
    return _restore(text, code).strip()


_SWAP = str.maketrans({",": ".", ".": ","})


def _restore(text: str, code: _Code) -> str:
    if not code.literals:
        return text
    return "".join(code.literals[ord(ch) - _PH] if _PH <= ord(ch) < _PH + len(code.literals) else ch for ch in text)


# ----------------------------------------------------------------------------- sheets to grids


@dataclass
class _Value:
    text: str
    row: int  # 1-based sheet row
    col: int  # 1-based sheet column
    rowspan: int = 1  # in sheet rows / columns (before dropping blank ones)
    colspan: int = 1
    bold: bool = False
    bordered: bool = False


@dataclass
class _Grid:
    sheet: str
    values: dict[tuple[int, int], _Value] = field(default_factory=dict)
    covered: set[tuple[int, int]] = field(default_factory=set)  # cells under a merged range (not its anchor)
    below: set[tuple[int, int]] = field(default_factory=set)  # covered cells in a later row than the anchor
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)


def _col_letter(col: int) -> str:
    s = ""
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell_text(cell, locale: str, date1904: bool) -> str:
    value = cell.value
    if value is None:
        return ""
    if not isinstance(value, (str, int, float, bool, dt.date, dt.time, dt.timedelta)):
        value = str(value)  # CellRichText: its runs joined
    text = display_text(value, cell.number_format, locale, date1904)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return "\n".join(line.strip() for line in text.split("\n")).strip("\n ")


def _has_border(cell) -> bool:
    b = cell.border
    return bool(b and any(side is not None and side.style for side in (b.left, b.right, b.top, b.bottom)))


def _grid(ws, locale: str, date1904: bool) -> _Grid:
    g = _Grid(ws.title)
    for key, dim in ws.row_dimensions.items():
        if dim.hidden:
            g.hidden_rows.add(key)
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min:
            g.hidden_cols.update(range(dim.min, (dim.max or dim.min) + 1))
    merged = {}
    for rng in ws.merged_cells.ranges:
        merged[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    g.covered.add((r, c))
                    if r > rng.min_row:
                        g.below.add((r, c))
    # ws._cells holds only the cells the file stores; iter_rows() would also visit every empty cell up to
    # the sheet's dimension, which a stray formatted cell at XFD1048576 makes a billion
    for (r, c), cell in ws._cells.items():  # noqa: SLF001
        if (r, c) in g.covered:
            continue
        text = _cell_text(cell, locale, date1904)
        if not text:
            continue
        rs, cs = merged.get((r, c), (1, 1))
        g.values[(r, c)] = _Value(text, r, c, rs, cs, bool(cell.font and cell.font.b), _has_border(cell))
    return g


# ----------------------------------------------------------------------------- grids to blocks

_LIST_LABEL = re.compile(r"^(?:\(?\d{1,3}[.)]?|\(?[a-zA-Z][.)]|[-•*–]|[IVX]{1,4}[.)])$")
_KEY = re.compile(r"^[^\d:]{2,40}?\s*:?$")


@dataclass
class _Row:
    r: int  # sheet row
    values: list[_Value]  # anchors in this row, left to right (visible columns only)
    n_occupied: int  # anchors plus columns covered by a merged range from above or the left

    @property
    def bordered(self) -> bool:
        return any(v.bordered for v in self.values)


def _label_row(values: list[_Value]) -> tuple[str | None, str] | None:
    """(list label, "KEY : value") when a row reads as a label row, else None."""
    texts = [v.text for v in values]
    label = None
    if len(texts) >= 2 and _LIST_LABEL.match(texts[0]):
        label, texts = texts[0], texts[1:]
    if not 1 <= len(texts) <= 3 or "\n" in texts[0]:
        return None
    key = texts[0]
    if not _KEY.match(key) or len(key.split()) > 6:
        return None
    rest = texts[1:]
    if key.endswith(":"):
        value = " ".join(rest)
    elif rest and rest[0].startswith(":"):
        value = " ".join([rest[0][1:].strip()] + rest[1:])
    else:
        return None
    if len(rest) == 2 and not rest[0].strip(": "):
        value = rest[1]
    return label, f"{key.rstrip(': ')} : {value.strip()}".rstrip()


def _list_row(values: list[_Value]) -> tuple[str, str] | None:
    if len(values) == 2 and _LIST_LABEL.match(values[0].text) and "\n" not in values[0].text:
        return values[0].text, values[1].text
    return None


def _paragraphs(row: _Row, sheet: str) -> list[Paragraph]:
    """The paragraphs a non-table row stands for."""
    first = row.values[0]
    loc = Loc(sheet=sheet, cell=f"{_col_letter(first.col)}{first.row}")
    bold = any(v.bold for v in row.values)
    lab = _label_row(row.values)
    if lab is not None:
        label, text = lab
        return [Paragraph(text=text, loc=loc, label=label, bold=bold)]
    lst = _list_row(row.values)
    if lst is not None:
        lines = lst[1].split("\n")
        out = [Paragraph(text=lines[0], loc=loc, label=lst[0], bold=bold)]
        for line in lines[1:]:
            label, text = split_label(line)
            if text or label:
                out.append(Paragraph(text=text, loc=loc, label=label, level=1 if label else 0, bold=bold))
        return out
    out = []
    for v in row.values:
        for line in v.text.split("\n"):
            label, text = split_label(line.strip())
            if text or label:
                out.append(Paragraph(text=text, loc=loc, label=label, bold=v.bold))
    return out


def _rows(g: _Grid) -> tuple[list[_Row], list[int]]:
    """Non-blank visible rows, and the kept (visible, non-blank) columns in order."""
    vis = {k: v for k, v in g.values.items() if k[0] not in g.hidden_rows and k[1] not in g.hidden_cols}
    cols = sorted({c for _, c in vis})
    by_row: dict[int, list[_Value]] = {}
    for (r, _), v in vis.items():
        by_row.setdefault(r, []).append(v)
    occupied: dict[int, int] = {}
    for (r, c) in g.below:
        if c not in g.hidden_cols:
            occupied[r] = occupied.get(r, 0) + 1
    rows = [_Row(r, sorted(vs, key=lambda v: v.col), len(vs) + occupied.get(r, 0)) for r, vs in sorted(by_row.items())]
    return rows, cols


def _is_table_row(row: _Row) -> bool:
    if len(row.values) < 2 and row.n_occupied < 2:
        return False
    if row.n_occupied > len(row.values):
        return True  # a merged cell from the row above runs through it: the grid goes on
    return _label_row(row.values) is None and _list_row(row.values) is None


def _table(rows: list[_Row], g: _Grid, cols: list[int]) -> Table:
    """Rows of one table → :class:`Table`, spans counted in kept rows and columns."""
    row_index = {row.r: i for i, row in enumerate(rows)}
    kept_rows = [row.r for row in rows]
    first_col = min(v.col for row in rows for v in row.values)
    last_col = max(v.col + v.colspan - 1 for row in rows for v in row.values)
    tcols = [c for c in cols if first_col <= c <= last_col]
    col_index = {c: i for i, c in enumerate(tcols)}
    out = []
    for row in rows:
        cells = []
        for v in row.values:
            if v.col not in col_index:
                continue
            span_rows = sum(1 for r in kept_rows if v.row <= r < v.row + v.rowspan) or 1
            span_cols = sum(1 for c in tcols if v.col <= c < v.col + v.colspan) or 1
            loc = Loc(sheet=g.sheet, cell=f"{_col_letter(v.col)}{v.row}")
            cells.append(Cell(v.text, row_index[row.r], col_index[v.col], span_rows, span_cols, loc=loc))
        out.append(tuple(cells))
    first = rows[0].values[0] if rows[0].values else None
    loc = Loc(sheet=g.sheet, cell=f"{_col_letter(first.col)}{first.row}") if first else Loc(sheet=g.sheet)
    return Table(tuple(out), loc=loc)


def sheet_blocks(g: _Grid) -> list[Paragraph | Table]:
    """A sheet's grid → paragraphs and tables in reading order (top to bottom)."""
    rows, cols = _rows(g)
    blocks: list[Paragraph | Table] = []
    i = 0
    while i < len(rows):
        if not _is_table_row(rows[i]):
            blocks.extend(_paragraphs(rows[i], g.sheet))
            i += 1
            continue
        run = [rows[i]]
        j = i + 1
        while j < len(rows):
            row, prev = rows[j], run[-1]
            gap = row.r - prev.r > 1
            if _is_table_row(row):
                if gap and not (len(row.values) >= 2 or row.n_occupied >= 2):
                    break
                run.append(row)
                j += 1
                continue
            # a one-value row: in the table when the table goes on right after it, or bordered like it
            if gap or _label_row(row.values) is not None:
                break
            nxt = rows[j + 1] if j + 1 < len(rows) else None
            goes_on = nxt is not None and nxt.r == row.r + 1 and _is_table_row(nxt)
            bordered = row.bordered and any(r.bordered for r in run)
            if goes_on or bordered:
                run.append(row)
                j += 1
                continue
            break
        blocks.append(_table(run, g, cols))
        i = j
    return blocks


# ----------------------------------------------------------------------------- the workbook


def _check_package(data: bytes) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            infos = z.infolist()
    except zipfile.BadZipFile as e:
        raise XlsxError(t("xlsx_unreadable", detail=f"not a zip package: {e}")) from e
    total = 0
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise XlsxError(t("xlsx_too_large", detail=f"{info.filename} inflates to "
                              f"{info.file_size / 2**20:.0f} MiB; limit {MAX_PART_BYTES / 2**20:.0f} MiB"))
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise XlsxError(t("xlsx_too_large", detail=f"{total / 2**20:.0f} MiB inflated; limit "
                          f"{MAX_TOTAL_BYTES / 2**20:.0f} MiB"))


def _formula_cells_without_value(data: bytes, wb_values) -> list[str]:
    """Cells that hold a formula whose result the file does not store (written by a library, never opened)."""
    import openpyxl

    with zipfile.ZipFile(BytesIO(data)) as z:
        if not any(n.startswith("xl/worksheets/") and b"<f" in z.read(n) for n in z.namelist()
                   if n.endswith(".xml")):
            return []
    wb = openpyxl.load_workbook(BytesIO(data), data_only=False)
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" or ws.title not in wb_values.sheetnames:
            continue
        values = wb_values[ws.title]
        for (r, c), cell in ws._cells.items():  # noqa: SLF001
            if cell.data_type == "f" and values._cells.get((r, c)) is not None \
                    and values._cells[(r, c)].value is None:  # noqa: SLF001
                out.append(f"{ws.title}!{_col_letter(c)}{r} ({str(cell.value)[:40]})")
    return out


def read_xlsx(data: bytes, source: str = "<workbook>", locale: str = LOCALE) -> Document:
    """An .xlsx / .xlsm workbook's bytes → :class:`Document` (``format='xlsx'``), one run of blocks per sheet.

    Raises :class:`XlsxError` for a damaged workbook or one past the size limits.
    Warnings (on the document): ``xlsx_hidden_sheet``, ``xlsx_hidden_cells``,
    ``xlsx_formula_no_value``.
    """
    import openpyxl

    _check_package(data)
    try:
        wb = openpyxl.load_workbook(BytesIO(data), data_only=True, rich_text=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise XlsxError(t("xlsx_unreadable", detail=f"{type(e).__name__}: {e}"[:200])) from e
    date1904 = bool(getattr(wb, "epoch", None) and wb.epoch.year == 1904)
    doc = Document(source=source, format="xlsx")
    n_cells = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            doc.warnings.append(warning("xlsx_hidden_sheet", f"sheet {ws.title!r} is {ws.sheet_state} and was not read"))
            continue
        n_cells += len(ws._cells)  # noqa: SLF001
        if n_cells > MAX_CELLS:
            raise XlsxError(t("xlsx_too_large", detail=f"more than {MAX_CELLS:,} cells"))
        g = _grid(ws, locale, date1904)
        hidden_r = sorted(r for r in g.hidden_rows if any(k[0] == r for k in g.values))
        hidden_c = sorted(c for c in g.hidden_cols if any(k[1] == c for k in g.values))
        if hidden_r or hidden_c:
            parts = ([f"rows {', '.join(map(str, hidden_r[:10]))}"] if hidden_r else []) + \
                    ([f"columns {', '.join(_col_letter(c) for c in hidden_c[:10])}"] if hidden_c else [])
            doc.warnings.append(warning("xlsx_hidden_cells", f"sheet {ws.title!r}: hidden {' and '.join(parts)} "
                                        "not read"))
        doc.blocks.extend(sheet_blocks(g))
    missing = _formula_cells_without_value(data, wb)
    if missing:
        doc.warnings.append(warning("xlsx_formula_no_value", f"{len(missing)} formula cell(s) without a saved "
                                    f"result, read as empty: {'; '.join(missing[:5])}"))
    doc.n_pages = None
    return doc

"""Excel workbooks (.xlsx, .xlsm; .xls/.ods/.xlsb after LibreOffice conversion) → IR.

Each visible sheet is read with openpyxl (cached formula values, ``data_only``) into a
grid of the values *as the sheet shows them*: the cell's number format is applied
(:func:`display_text`, with the format-code engine of ``xlfmt`` and the separators and
month names of the display locale: ``4.000``, ``22%``, ``1 Januari 2023`` in Indonesian,
the default), rich text is joined and line breaks are kept. Hidden sheets are skipped
and hidden rows and columns dropped, each with a warning; blank spacer rows and columns
are dropped; merged ranges become cell spans.

Each sheet's grid is then cut into paragraphs and tables by :func:`extractors.readers.grid.grid_blocks`.

Provenance: every block and cell has ``Loc(sheet=..., cell="B12")``. The reader knows
workbooks, not IKI: it never looks at what the labels say.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

from extractors.ir import Document, Loc
from extractors.readers.grid import Grid, GridTooLarge, GridValue, grid_blocks
from extractors.readers import ReadError
from schema.warnings import warning

MAX_PART_BYTES = 200 * 1024 * 1024  # refuse a part that inflates beyond this (zip bomb)
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_CELLS = 2_000_000  # cells with a value, over all sheets
MAX_MERGED_CELLS = 2_000_000  # cells under merged ranges, over all sheets (openpyxl makes an object for each)
LOCALE = "id"  # display locale: separators and month names as an Indonesian Excel shows them


class XlsxError(ReadError):
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


def _col_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter  # openpyxl is imported only when a workbook is read

    return get_column_letter(col)


def _cell_text(cell, number_format: str, locale: str, date1904: bool) -> str:
    value = cell.value
    if value is None:
        return ""
    if not isinstance(value, (str, int, float, bool, dt.date, dt.time, dt.timedelta)):
        value = str(value)  # CellRichText: its runs joined
    text = value if isinstance(value, str) and "@" not in number_format else \
        display_text(value, number_format, locale, date1904)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return "\n".join(line.strip() for line in text.split("\n")).strip("\n ")


def _style_facts(cell, cache: dict) -> tuple[str, bool, bool]:
    """(number format, bold, bordered) of a cell, computed once per distinct style."""
    key = cell.style_id if cell.has_style else 0
    facts = cache.get(key)
    if facts is None:
        b, font = cell.border, cell.font
        bordered = bool(b and any(side is not None and side.style for side in (b.left, b.right, b.top, b.bottom)))
        facts = cache[key] = (cell.number_format or "General", bool(font and font.b), bordered)
    return facts


def _grid(ws, locale: str, date1904: bool) -> Grid:
    g = Grid(loc=Loc(sheet=ws.title))
    for key, dim in ws.row_dimensions.items():
        if dim.hidden:
            g.hidden_rows.add(key)
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min:
            g.hidden_cols.update(range(dim.min, (dim.max or dim.min) + 1))
    # a merged range is clipped to the cells that hold values: past the last of them it covers nothing a
    # reader sees (a range over the whole sheet is a few bytes in the file and 17 billion cells here)
    last_row = last_col = 0
    for (r, c), cell in ws._cells.items():  # noqa: SLF001
        if cell.value is not None:
            last_row, last_col = max(last_row, r), max(last_col, c)
    merged = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row > last_row or rng.min_col > last_col:
            continue
        merged[(rng.min_row, rng.min_col)] = (min(rng.max_row, last_row) - rng.min_row + 1,
                                              min(rng.max_col, last_col) - rng.min_col + 1)
        g.merge(rng.min_row, rng.min_col, *merged[(rng.min_row, rng.min_col)])
    # ws._cells holds only the cells the file stores; iter_rows() would also visit every empty cell up to
    # the sheet's dimension, which a stray formatted cell at XFD1048576 makes a billion
    styles: dict = {}
    for (r, c), cell in ws._cells.items():  # noqa: SLF001
        if (r, c) in g.covered or cell.value is None:
            continue
        number_format, bold, bordered = _style_facts(cell, styles)
        text = _cell_text(cell, number_format, locale, date1904)
        if not text:
            continue
        rs, cs = merged.get((r, c), (1, 1))
        g.values[(r, c)] = GridValue(text, r, c, rs, cs, bold, bordered,
                                     Loc(sheet=ws.title, cell=f"{_col_letter(c)}{r}"))
    return g


# ----------------------------------------------------------------------------- the workbook


def _check_package(data: bytes) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            infos = z.infolist()
    except zipfile.BadZipFile as e:
        raise XlsxError("xlsx_unreadable", detail=f"not a zip package: {e}") from e
    total = 0
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise XlsxError("xlsx_too_large", detail=f"{info.filename} inflates to "
                            f"{info.file_size / 2**20:.0f} MiB; limit {MAX_PART_BYTES / 2**20:.0f} MiB")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise XlsxError("xlsx_too_large", detail=f"{total / 2**20:.0f} MiB inflated; limit "
                        f"{MAX_TOTAL_BYTES / 2**20:.0f} MiB")
    area = 0
    with zipfile.ZipFile(BytesIO(data)) as z:
        for info in infos:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                area += _merged_area(z, info.filename)
                if area > MAX_MERGED_CELLS:
                    raise XlsxError("xlsx_too_large", detail=f"merged ranges cover more than "
                                    f"{MAX_MERGED_CELLS:,} cells: reading them would take more memory than a worker has")


_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7})"
                        rb"(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?[\"']")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _merged_area(z: zipfile.ZipFile, name: str) -> int:
    """Cells covered by a worksheet's merged ranges, read from its XML before openpyxl loads it.

    openpyxl makes an object for every cell of a merged range, so one range over a whole sheet
    (a few bytes in the file) would take hundreds of GiB. The part is streamed in chunks."""
    area, tail = 0, b""
    with z.open(name) as f:
        while True:
            chunk = f.read(1 << 20)
            buf = tail + chunk
            end = 0
            for m in _MERGE_REF.finditer(buf):
                r1, c1 = int(m.group(2)), _col_number(m.group(1))
                r2, c2 = (int(m.group(4)), _col_number(m.group(3))) if m.group(3) else (r1, c1)
                area += (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
                end = m.end()
            if not chunk:
                return area
            tail = buf[max(end, len(buf) - 512):]


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
        wb = openpyxl.load_workbook(BytesIO(data), data_only=True)  # rich text runs come joined
    except MemoryError:  # the memory limit: said as such, never as damage
        raise
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise XlsxError("xlsx_unreadable", detail=f"{type(e).__name__}: {e}"[:200]) from e
    date1904 = bool(getattr(wb, "epoch", None) and wb.epoch.year == 1904)
    doc = Document(source=source, format="xlsx")
    n_cells = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            doc.warnings.append(warning("xlsx_hidden_sheet", f"sheet {ws.title!r} is {ws.sheet_state} and was not read"))
            continue
        n_cells += len(ws._cells)  # noqa: SLF001
        if n_cells > MAX_CELLS:
            raise XlsxError("xlsx_too_large", detail=f"more than {MAX_CELLS:,} cells")
        try:
            g = _grid(ws, locale, date1904)
        except GridTooLarge as e:
            raise XlsxError("xlsx_too_large", detail=f"sheet {ws.title!r}: {e}") from e
        value_rows, value_cols = {r for r, _ in g.values}, {c for _, c in g.values}
        hidden_r = sorted(g.hidden_rows & value_rows)
        hidden_c = sorted(g.hidden_cols & value_cols)
        if hidden_r or hidden_c:
            parts = ([f"rows {', '.join(map(str, hidden_r[:10]))}"] if hidden_r else []) + \
                    ([f"columns {', '.join(_col_letter(c) for c in hidden_c[:10])}"] if hidden_c else [])
            doc.warnings.append(warning("xlsx_hidden_cells", f"sheet {ws.title!r}: hidden {' and '.join(parts)} "
                                        "not read"))
        doc.blocks.extend(grid_blocks(g))
    missing = _formula_cells_without_value(data, wb)
    if missing:
        doc.warnings.append(warning("xlsx_formula_no_value", f"{len(missing)} formula cell(s) without a saved "
                                    f"result, read as empty: {'; '.join(missing[:5])}"))
    doc.n_pages = None
    return doc

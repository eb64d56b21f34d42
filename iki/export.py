"""``iki export``: the Parquet tables of an output folder as CSV, one Excel workbook, or JSON lines.

Works on any folder ``iki extract`` or ``iki diff`` wrote: every table of :data:`schema.tables.TABLES`
found there is exported (in that order), then any other ``*.parquet`` file. Tables are read in
batches, so memory stays bounded however large the table.

What each target does with the values (the Parquet files are not changed):

* **csv** (``DIR/<table>.csv``): UTF-8 with a byte-order mark so Excel opens it as UTF-8; CRLF
  line ends; integers as integers (``2019``, never ``2019.0``), whole floats without ``.0``
  (``100``), other floats with ``.`` as the decimal point and full precision; null as an empty
  field; list columns (``warnings``, ``sub_items``, ``changed_fields``...) joined with
  :data:`LIST_SEPARATOR`; timestamps in ISO 8601. The field separator is ``,`` unless another
  is asked for (Excel set to Indonesian regional settings expects ``;``). A text cell that begins
  with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (document text and file names can)
  gets a leading apostrophe ``'``, as spreadsheets expect, so that Excel, LibreOffice and Google
  Sheets show it as text and never run it as a formula (:func:`csv_text`); numbers are left as
  they are.
* **xlsx** (one workbook): a sheet per table named after it, a ``data_dictionary`` sheet (every
  column's name, its header in the sheets, type, meaning and the values it can hold) and a
  ``warning_codes`` sheet. Headers are readable labels (``formula_type`` → ``Formula type``,
  :attr:`schema.tables.Column.title`), bold and frozen, with an autofilter over the whole table;
  column widths from the content, long-text columns (wider than :data:`_WRAP_WIDTH` or holding line
  breaks) kept at that width with their text wrapped, integers and floats as numbers,
  nulls as empty cells, lists joined as in CSV, text starting with ``=`` stored as text (never a
  formula). Excel's limits are handled explicitly and reported as notes: a cell longer than
  32,767 characters is cut and ends with a marker saying how long it was; a table longer than
  1,048,575 rows continues on sheets ``<table> (2)``, ``(3)``...; characters XML cannot hold
  (control characters) become U+FFFD.
* **json** (``DIR/<table>.jsonl``): one JSON object per line, lists as JSON arrays, null as
  ``null``, non-ASCII kept as is.

The tables of an ``iki extract`` folder are read from one run: every table of the generation
published when the export starts is opened at once (:func:`schema.writer.open_tables`), so a run
that finishes meanwhile cannot mix two runs' tables; ``ExportResult.changed`` says when one did.
Every table is read through once before anything is written: a damaged one raises
:class:`schema.writer.DamagedTable` naming it, and nothing is written. Every file is written through
:func:`schema.writer.atomic_path` (temporary file, then rename), all of them renamed at the end: an
export either replaces every file or leaves them as they were.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq

from iki.errors import UsageError
from schema.tables import TABLES
from schema.writer import Snapshot, atomic_path, damaged, open_tables

TARGETS = ("csv", "xlsx", "json")
LIST_SEPARATOR = "; "
XLSX_MAX_ROWS = 1_048_576          # rows of a worksheet, the header row included
XLSX_MAX_CELL = 32_767             # characters of a cell
XLSX_MAX_SHEET_NAME = 31           # characters of a sheet name
XLSX_NAME = "iki.xlsx"             # workbook name when -o is a folder
DICTIONARY_SHEET = "data_dictionary"
WARNING_CODES_SHEET = "warning_codes"
_BATCH = 10_000
_WIDTH_SAMPLE = 500                # rows looked at to size the columns
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_WRAP_WIDTH = 50                   # a column whose text is wider is kept this wide, its text wrapped
_LABEL_WIDTH = 24                  # a header label longer than this wraps rather than widening its column
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class ExportError(UsageError):
    """The folder holds nothing to export, or the target cannot be written (a usage error)."""


@dataclass
class ExportResult:
    """What :func:`export` wrote: ``files`` (paths), ``rows`` per table, ``notes`` (Excel limits hit),
    ``generation`` (the run exported, for an ``iki extract`` folder) and ``changed`` (another run was
    published while exporting: the files still hold one run, the one that was current at the start)."""
    files: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    notes: list[tuple[str, dict]] = field(default_factory=list)  # (i18n key, fields)
    generation: str | None = None
    changed: bool = False


def find_tables(folder: str | Path) -> list[tuple[str, Path]]:
    """``(table name, path)`` of the Parquet files in ``folder``: known tables first, in
    :data:`TABLES` order, then others by name; hidden and temporary files are skipped.

    Raises :class:`ExportError` when ``folder`` is not a folder or holds no Parquet table."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ExportError(f"not a folder: {folder}")
    found = {p.stem: p for p in folder.glob("*.parquet") if p.is_file() and not p.name.startswith(".")}
    if not found:
        raise ExportError(f"no Parquet tables in {folder} (run iki extract or iki diff first)")
    known = [(n, found[n]) for n in TABLES if n in found]
    return known + sorted((n, p) for n, p in found.items() if n not in TABLES)


def export(folder: str | Path, out: str | Path, to: str, sep: str = ",") -> ExportResult:
    """Export every table of ``folder`` to ``out`` as ``to`` (one of :data:`TARGETS`).

    ``out`` is a folder (created when missing); for ``xlsx`` it may also be a file name ending in
    ``.xlsx``. ``sep`` is the CSV field separator (one character). Returns an
    :class:`ExportResult`; raises :class:`ExportError` for a folder without tables, an unknown
    target or a bad separator, :class:`schema.writer.DamagedTable` for a table that cannot be read
    (then nothing is written)."""
    if to not in TARGETS:
        raise ExportError(f"unknown export format {to!r}: use one of {', '.join(TARGETS)}")
    if len(sep) != 1 or sep in '"\r\n':
        raise ExportError(f"the CSV separator must be one character other than a quote or a line end, not {sep!r}")
    find_tables(folder)
    out = Path(out)
    result = ExportResult()
    with open_tables(folder) as snap:
        if not snap.files:
            raise ExportError(f"no Parquet tables in {folder} (run iki extract or iki diff first)")
        tables = _ordered(snap)
        for name, f in tables:  # read through once: a damaged table stops the export before anything is written
            _check(snap, name, f)
        result.generation = snap.generation
        if to == "xlsx":
            target = out if out.suffix.lower() == ".xlsx" else out / XLSX_NAME
            _write_xlsx(snap, tables, target, result)
        else:
            with contextlib.ExitStack() as stack:  # every file renamed into place at the end, or none
                for name, f in tables:
                    target = out / f"{name}.{'csv' if to == 'csv' else 'jsonl'}"
                    tmp = stack.enter_context(atomic_path(target))
                    try:
                        result.rows[name] = (_write_csv(f, tmp, sep) if to == "csv" else _write_jsonl(f, tmp))
                    except OSError:
                        raise
                    except Exception as e:  # noqa: BLE001 - pyarrow on a table damaged past what _check read
                        raise damaged(snap, name, e) from None
                    result.files.append(target)
        result.changed = snap.changed()
    return result


def _ordered(snap: Snapshot) -> list[tuple[str, object]]:
    """The snapshot's tables: known ones in :data:`TABLES` order, then the others by name."""
    known = [(n, snap.files[n]) for n in TABLES if n in snap.files]
    return known + sorted((n, f) for n, f in snap.files.items() if n not in TABLES)


def _check(snap: Snapshot, name: str, f) -> None:
    """Read a table through (decoded, not kept); :class:`DamagedTable` when it cannot be."""
    try:
        f.seek(0)
        for _ in pq.ParquetFile(f).iter_batches(batch_size=_BATCH, use_threads=False):
            pass
    except Exception as e:  # noqa: BLE001 - pyarrow raises many kinds for a damaged file
        raise damaged(snap, name, e) from None


# --------------------------------------------------------------------------- values

def _batches(f):
    """Rows of a Parquet file (a path or an open file) as lists of dicts, batch by batch."""
    if hasattr(f, "seek"):
        f.seek(0)
    pf = pq.ParquetFile(f)
    for batch in pf.iter_batches(batch_size=_BATCH, use_threads=False):
        yield batch.to_pylist()


def _columns(f) -> list[str]:
    if hasattr(f, "seek"):
        f.seek(0)
    return pq.ParquetFile(f).schema_arrow.names


def _float_text(x: float) -> str:
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def text_value(v) -> str:
    """One value as CSV text: None → ``""``, ints as ints, whole floats without ``.0``, lists
    joined with :data:`LIST_SEPARATOR` (null items left out), dates in ISO 8601, structs as JSON."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return _float_text(v)
    if isinstance(v, str):
        return v
    if isinstance(v, (list, tuple)):
        return LIST_SEPARATOR.join(text_value(x) for x in v if x is not None)
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, default=str)
    if isinstance(v, bytes):
        return v.hex()
    return str(v)


def _json_value(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, bytes):
        return v.hex()
    return v


# --------------------------------------------------------------------------- CSV and JSON lines

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula


def csv_text(v) -> str:
    """One value as a CSV field (:func:`text_value`), a text that a spreadsheet would run as a formula
    (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) given a leading apostrophe,
    which spreadsheets show as text. Numbers, dates and booleans are never changed."""
    text = text_value(v)
    if text.startswith(FORMULA_START) and not isinstance(v, (bool, int, float, Decimal, dt.date, dt.time)):
        return "'" + text
    return text


def _write_csv(f, tmp: Path, sep: str) -> int:
    columns = _columns(f)
    n = 0
    with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=sep, lineterminator="\r\n")
        w.writerow([csv_text(c) for c in columns])
        for rows in _batches(f):
            for r in rows:
                w.writerow([csv_text(r[c]) for c in columns])
            n += len(rows)
    return n


def _write_jsonl(f, tmp: Path) -> int:
    n = 0
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for rows in _batches(f):
            for r in rows:
                fh.write(json.dumps({k: _json_value(v) for k, v in r.items()}, ensure_ascii=False))
                fh.write("\n")
            n += len(rows)
    return n


# --------------------------------------------------------------------------- Excel

def sheet_name(name: str, taken: set[str], part: int = 1) -> str:
    """A valid, unused sheet name for table ``name`` (part 2, 3... get `` (2)``...): characters
    Excel forbids replaced by ``_``, cut to 31 characters, compared case-insensitively."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "table"
    k = 0
    while True:
        tail = f" ({part})" if part > 1 else ""
        tail += f"~{k}" if k else ""
        candidate = base[:XLSX_MAX_SHEET_NAME - len(tail)] + tail
        if candidate.casefold() not in taken:
            taken.add(candidate.casefold())
            return candidate
        k += 1


class _Cells:
    """Turns values into what an openpyxl write-only sheet takes, counting the limits hit."""

    def __init__(self, ws):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ERROR_CODES, Cell

        self.ws, self.cell_class, self.error_codes = ws, WriteOnlyCell, set(ERROR_CODES)
        self.cell_type = Cell
        self.cut = 0
        self.replaced = 0

    def value(self, v):
        if v is None or v == "" or (isinstance(v, (list, tuple)) and not v):
            return None  # an empty cell, as for null
        if isinstance(v, (list, tuple)):
            v = text_value(v)
        elif isinstance(v, float):
            if math.isnan(v):
                return None
            if math.isinf(v):
                v = _float_text(v)
            else:
                return v
        elif isinstance(v, (bool, int)):
            return v
        elif isinstance(v, dt.datetime):
            return v.astimezone(dt.timezone.utc).replace(tzinfo=None) if v.tzinfo else v
        elif isinstance(v, (dt.date, dt.time)):
            return v
        elif not isinstance(v, str):
            v = text_value(v)
        if _ILLEGAL_XML.search(v):
            v = _ILLEGAL_XML.sub("\ufffd", v)
            self.replaced += 1
        if len(v) > XLSX_MAX_CELL:
            marker = f" … [cut: {len(v):,} characters in all]"
            v = v[:XLSX_MAX_CELL - len(marker)] + marker
            self.cut += 1
        if v.startswith("=") or v in self.error_codes:
            cell = self.cell_class(self.ws, value=v)
            cell.data_type = "s"  # text, never a formula or an error value
            return cell
        return v

    def styled(self, value, alignment):
        """``value`` (as :meth:`value` returned it) as a cell with ``alignment``; None stays an empty cell."""
        if value is None:
            return None
        cell = value if isinstance(value, self.cell_type) else self.cell_class(self.ws, value=value)
        cell.alignment = alignment
        return cell


def _display_len(v) -> int:
    s = text_value(v)
    return max((len(line) for line in s.split("\n")), default=0)


def header_labels(name: str, columns: list[str]) -> list[str]:
    """Readable headers for a table's columns (:attr:`schema.tables.Column.title`; derived from the name
    for a table or column iki does not know), made unique."""
    from schema.tables import readable_label

    known = {c.name: c.title for c in TABLES.get(name, ())}
    labels, seen = [], set()
    for c in columns:
        label = known.get(c) or readable_label(c)
        if label.casefold() in seen:
            label = c
        seen.add(label.casefold())
        labels.append(label)
    return labels


@dataclass
class _Layout:
    """How a table's columns look in a sheet: header labels, widths, which columns wrap their text."""
    labels: list[str]
    widths: list[float]
    wrap: list[bool]


def _layout(name: str, columns: list[str], sample: list[dict]) -> _Layout:
    labels = header_labels(name, columns)
    widths, wrap = [], []
    for c, label in zip(columns, labels):
        values = [r.get(c) for r in sample[:_WIDTH_SAMPLE]]
        content = max([0] + [_display_len(v) for v in values])
        lines = any(isinstance(v, str) and "\n" in v for v in values)
        long = content > _WRAP_WIDTH or lines
        width = _WRAP_WIDTH if long else max(content, min(len(label), _LABEL_WIDTH))
        widths.append(min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH))
        wrap.append(long)
    return _Layout(labels, widths, wrap)


def _new_sheet(wb, title: str, layout: _Layout, bold):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title=title)
    for i, width in enumerate(layout.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    head = Alignment(wrap_text=True, vertical="top")
    header = []
    for label in layout.labels:
        cell = WriteOnlyCell(ws, value=label)
        cell.font = bold
        cell.alignment = head
        header.append(cell)
    ws.append(header)
    return ws


def _autofilter(ws, n_columns: int, n_rows: int) -> None:
    """A filter button on every header cell, over the sheet's rows."""
    from openpyxl.utils import get_column_letter

    if n_columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(n_columns)}{max(n_rows, 1) + 1}"


def _write_xlsx(snap: Snapshot, tables: list[tuple[str, object]], target: Path, result: ExportResult) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    wb = Workbook(write_only=True)
    try:
        _fill_workbook(wb, snap, tables, bold, wrapped, result)
        with atomic_path(target) as tmp:
            wb.save(tmp)
    except BaseException:
        _close_quietly(wb)  # a write-only workbook left open prints tracebacks when collected
        raise
    result.files.append(target)


def _close_quietly(wb) -> None:
    for ws in getattr(wb, "_sheets", []):
        writer = getattr(ws, "_writer", None)
        for obj in (writer, getattr(writer, "xf", None)):
            with contextlib.suppress(Exception):
                obj.close()
        with contextlib.suppress(Exception):
            ws.close()


def _fill_workbook(wb, snap: Snapshot, tables: list[tuple[str, object]], bold, wrapped,
                   result: ExportResult) -> None:
    taken: set[str] = set()
    per_sheet = XLSX_MAX_ROWS - 1
    for name, path in tables:
        try:
            columns = _columns(path)
            batches = _batches(path)
            first = next(batches, [])
        except Exception as e:  # noqa: BLE001 - a table damaged past what _check read
            raise damaged(snap, name, e) from None
        layout = _layout(name, columns, first)
        wrap_at = [j for j, w in enumerate(layout.wrap) if w]
        part, used, n = 1, 0, 0
        ws = _new_sheet(wb, sheet_name(name, taken), layout, bold)
        cells = _Cells(ws)
        cut = replaced = 0
        for rows in _chain(first, batches):
            for r in rows:
                if used == per_sheet:
                    _autofilter(ws, len(columns), used)
                    part += 1
                    cut, replaced = cut + cells.cut, replaced + cells.replaced
                    ws = _new_sheet(wb, sheet_name(name, taken, part), layout, bold)
                    cells = _Cells(ws)
                    used = 0
                values = [cells.value(r[c]) for c in columns]
                for j in wrap_at:
                    values[j] = cells.styled(values[j], wrapped)
                ws.append(values)
                used += 1
                n += 1
        _autofilter(ws, len(columns), used)
        cut, replaced = cut + cells.cut, replaced + cells.replaced
        result.rows[name] = n
        if part > 1:
            result.notes.append(("export_sheet_split", {"table": name, "rows": n, "sheets": part,
                                                        "limit": per_sheet}))
        if cut:
            result.notes.append(("export_cells_cut", {"table": name, "n": cut, "limit": XLSX_MAX_CELL}))
        if replaced:
            result.notes.append(("export_chars_replaced", {"table": name, "n": replaced}))
    _dictionary_sheets(wb, [n for n, _ in tables], taken, bold)


def _chain(first, rest):
    if first:
        yield first
    yield from rest


def dictionary_rows(names) -> list[dict]:
    """Rows of the data dictionary for the tables ``names`` (unknown names skipped):
    ``table, column, label`` (its header in the sheets), ``type, meaning, values, example``."""
    rows = []
    for name in names:
        for c in TABLES.get(name, ()):
            rows.append({"table": name, "column": c.name, "label": c.title, "type": str(c.type), "meaning": c.meaning,
                         "values": "\n".join(f"{v}: {m}" if m else v for v, m in c.values),
                         "example": c.example})
    return rows


def _dictionary_sheets(wb, names, taken, bold) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    from schema.warnings import WARNING_CODES

    for title, rows in ((DICTIONARY_SHEET, dictionary_rows(names)),
                        (WARNING_CODES_SHEET, [{"code": k, "appears_in": w, "meaning": m}
                                               for k, (w, m) in WARNING_CODES.items()])):
        if not rows:
            continue
        columns = list(rows[0])
        layout = _layout(title, columns, rows)
        ws = _new_sheet(wb, sheet_name(title, taken), layout, bold)
        wrap = Alignment(wrap_text=True, vertical="top")
        top = Alignment(vertical="top")
        for r in rows:
            row = []
            for j, c in enumerate(columns):
                cell = WriteOnlyCell(ws, value=r[c] or None)
                cell.alignment = wrap if layout.wrap[j] or c in ("meaning", "values") else top
                row.append(cell)
            ws.append(row)
        _autofilter(ws, len(columns), len(rows))

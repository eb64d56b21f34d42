"""A grid of cells → paragraphs and tables, the way a reader sees a spreadsheet.

Shared by the workbook reader (each worksheet) and the HTML reader (a page laid out as one
big table, as spreadsheets saved "as web page" and many report exports are). The grid's
rows are cut into blocks:

* a row holding one value, or a *label row* (``JABATAN | : | Kepala Dinas``,
  ``JABATAN :`` | ``Kepala Dinas``, ``1. | TUGAS | : ...``), or a list row
  (``a. | menyusun ...``) is a :class:`~extractors.ir.Paragraph` (one per line of a
  multi-line cell);
* a run of rows with two or more values is a :class:`~extractors.ir.Table`; a row that a
  merged cell from above runs through stays in it; a one-value row stays in the table when
  the table goes on right after it, or when its cell is bordered like the table's; a blank
  row ends a table unless a full table row follows it.

Blank rows and columns (spacers) are dropped and spans counted in the rows and columns that
remain. Nothing here knows what the labels say: a label row is any short key with a colon.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from extractors.ir import Cell, Loc, Paragraph, Table
from normalize.text import split_label


@dataclass
class GridValue:
    """One non-empty cell of a grid (the top-left cell of a merged range), 1-based row and column."""

    text: str
    row: int
    col: int
    rowspan: int = 1  # in grid rows / columns (before blank ones are dropped)
    colspan: int = 1
    bold: bool = False
    bordered: bool = False
    loc: Loc = Loc()


MAX_COVERED = 4_000_000  # cells under merged ranges, over one grid


class GridTooLarge(ValueError):
    """A grid whose merged ranges cover more cells than a document can hold."""


@dataclass
class Grid:
    """The non-empty cells of a sheet or layout table, with its merged ranges and hidden rows/columns."""

    values: dict[tuple[int, int], GridValue] = field(default_factory=dict)
    covered: set[tuple[int, int]] = field(default_factory=set)  # cells under a merged range (not its anchor)
    below: set[tuple[int, int]] = field(default_factory=set)  # covered cells in a later row than the anchor
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    loc: Loc = Loc()  # where the grid itself is (a table with no value)
    max_covered: int = MAX_COVERED
    merged_area: int = 0  # cells of every merged range recorded (overlaps counted again)

    def merge(self, row: int, col: int, rowspan: int, colspan: int) -> None:
        """Record a merged range anchored at (row, col).

        Raises :class:`GridTooLarge` when the merged ranges of the grid cover more than
        ``max_covered`` cells (a range over a whole sheet is a few bytes in a file and billions of
        cells here); readers clip ranges to the cells that hold values first."""
        self.merged_area += rowspan * colspan
        if self.merged_area > self.max_covered:
            raise GridTooLarge(f"merged cells cover more than {self.max_covered:,} cells")
        for r in range(row, row + rowspan):
            for c in range(col, col + colspan):
                if (r, c) != (row, col):
                    self.covered.add((r, c))
                    if r > row:
                        self.below.add((r, c))


_LIST_LABEL = re.compile(r"^(?:\(?\d{1,3}[.)]?|\(?[a-zA-Z][.)]|[-•*–]|[IVX]{1,4}[.)])$")
_KEY = re.compile(r"^[^\d:]{2,40}?\s*:?$")


@dataclass
class _Row:
    r: int  # sheet row
    values: list[GridValue]  # anchors in this row, left to right (visible columns only)
    n_occupied: int  # anchors plus columns covered by a merged range from above or the left

    @property
    def bordered(self) -> bool:
        return any(v.bordered for v in self.values)


def _label_row(values: list[GridValue]) -> tuple[str | None, str] | None:
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


def _list_row(values: list[GridValue]) -> tuple[str, str] | None:
    if len(values) == 2 and _LIST_LABEL.match(values[0].text) and "\n" not in values[0].text:
        return values[0].text, values[1].text
    return None


def _paragraphs(row: _Row) -> list[Paragraph]:
    """The paragraphs a non-table row stands for."""
    loc = row.values[0].loc
    bold = any(v.bold for v in row.values)
    lab = _label_row(row.values)
    if lab is not None:  # a multi-line value: its first line goes with the key, the others are lines of their own
        label, text = lab
        first, *more = text.split("\n")
        out = [Paragraph(text=first.strip(), loc=loc, label=label, bold=bold)]
        for line in more:
            item_label, item = split_label(line.strip())
            if item or item_label:
                out.append(Paragraph(text=item, loc=loc, label=item_label))
        return out
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


def _rows(g: Grid) -> tuple[list[_Row], list[int]]:
    """Non-blank visible rows, and the kept (visible, non-blank) columns in order."""
    vis = {k: v for k, v in g.values.items() if k[0] not in g.hidden_rows and k[1] not in g.hidden_cols}
    cols = sorted({c for _, c in vis})
    by_row: dict[int, list[GridValue]] = {}
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


def _table(rows: list[_Row], g: Grid, cols: list[int]) -> Table:
    """Rows of one table → :class:`Table`, spans counted in kept rows and columns."""
    row_index = {row.r: i for i, row in enumerate(rows)}
    kept_rows = [row.r for row in rows]  # ascending, as are the columns: spans are counted by bisection
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
            span_rows = _count_within(kept_rows, v.row, v.row + v.rowspan)
            span_cols = _count_within(tcols, v.col, v.col + v.colspan)
            cells.append(Cell(v.text, row_index[row.r], col_index[v.col], span_rows, span_cols, loc=v.loc))
        out.append(tuple(cells))
    return Table(tuple(out), loc=rows[0].values[0].loc if rows[0].values else g.loc)


def _count_within(ascending: list[int], lo: int, hi: int) -> int:
    """How many of the ascending numbers lie in [lo, hi) (at least 1): a span in kept rows or columns."""
    return (bisect_left(ascending, hi) - bisect_left(ascending, lo)) or 1


def grid_blocks(g: Grid) -> list[Paragraph | Table]:
    """A grid → paragraphs and tables in reading order (top to bottom)."""
    rows, cols = _rows(g)
    blocks: list[Paragraph | Table] = []
    i = 0
    while i < len(rows):
        if not _is_table_row(rows[i]):
            blocks.extend(_paragraphs(rows[i]))
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

"""Where a row came from, precisely enough to show it: the extent of the source cells it was read from.

An indicator row is read from one or more source rows (a row a page break cut in two, a fraction drawn
over three rows, a formula in a row of its own), each of several cells. :func:`extent` sums their
:class:`~extractors.ir.Loc` up, whatever the format:

* pages (PDF, scans): the first page and the box of the cells on it, on the page as displayed (x0, top,
  x1, bottom in points), with the turn its text needs to read left to right;
* workbooks: the sheet and the range of cells (``B12:H14``);
* Word, ODT, HTML (and every other table): the table's order in the document and its first and last row;
* text exports: the first and last line.

A cell that spans several rows (a sasaran merged down over its indicators) widens the box but does not
stretch it down over the rows below: the box's height is that of the row's own cells.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from extractors.ir import BBox, Loc


@dataclass(frozen=True)
class Extent:
    page: int | None = None
    bbox: BBox | None = None  # on the page as displayed, points
    turn: int = 0
    line: int | None = None
    line_end: int | None = None
    sheet: str | None = None
    cell: str | None = None  # first cell, A1 style
    cell_range: str | None = None  # "B12:H14", or one cell
    table: int | None = None
    row: int | None = None
    row_end: int | None = None


Piece = tuple[Loc, int]  # a cell's location and how many rows it spans

_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def _a1(ref: str) -> tuple[int, int] | None:
    m = _A1.match(ref or "")
    if not m:
        return None
    from openpyxl.utils import column_index_from_string  # a cell's place in a workbook, as openpyxl counts it

    return column_index_from_string(m.group(1).upper()), int(m.group(2))


def extent(pieces: list[Piece]) -> Extent:
    """The extent of a row read from these cells (in reading order; the first is where the row starts)."""
    locs = [loc for loc, _ in pieces]
    if not locs:
        return Extent()
    page = next((x.page for x in locs if x.page is not None), None)
    bbox, turn = None, 0
    boxed = [(loc, span) for loc, span in pieces if loc.page == page and loc.shown_bbox is not None]
    if boxed:
        turn = boxed[0][0].turn
        boxes = [loc.shown_bbox for loc, _ in boxed]
        own = [loc.shown_bbox for loc, span in boxed if span <= 1] or boxes
        if turn in (90, 270):  # text runs down the displayed page: its rows lie side by side
            bbox = (min(b[0] for b in own), min(b[1] for b in boxes), max(b[2] for b in own), max(b[3] for b in boxes))
        else:
            bbox = (min(b[0] for b in boxes), min(b[1] for b in own), max(b[2] for b in boxes), max(b[3] for b in own))
        bbox = tuple(round(v, 2) for v in bbox)
    lines = [x.line for x in locs if x.line is not None]
    sheet = next((x.sheet for x in locs if x.sheet is not None), None)
    cells = [a for a in (_a1(x.cell) for x in locs if x.sheet == sheet and x.cell) if a]
    first_cell = next((x.cell for x in locs if x.sheet == sheet and x.cell), None)
    cell_range = None
    if cells:
        c0, r0 = min(c for c, _ in cells), min(r for _, r in cells)
        c1, r1 = max(c for c, _ in cells), max(r for _, r in cells)
        from openpyxl.utils import get_column_letter  # imported here: only workbook rows have cells

        cell_range = f"{get_column_letter(c0)}{r0}" + ("" if (c0, r0) == (c1, r1) else f":{get_column_letter(c1)}{r1}")
    table = next((x.table for x in locs if x.table is not None), None)
    rows = [x.row for x in locs if x.table == table and x.row is not None]
    return Extent(page=page, bbox=bbox, turn=turn, line=min(lines) if lines else None,
                  line_end=max(lines) if lines else None, sheet=sheet, cell=first_cell, cell_range=cell_range,
                  table=table, row=min(rows) if rows else None, row_end=max(rows) if rows else None)

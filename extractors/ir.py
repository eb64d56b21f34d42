"""The intermediate representation (IR) every extractor emits.

An extractor turns one file into a :class:`Document`: an ordered stream of
blocks, each either a :class:`Paragraph` (heading, paragraph or list item) or a
:class:`Table` (rows of :class:`Cell` with row/col spans). Every block carries
its provenance in a :class:`Loc` (page, line, bounding box where known).

Everything after the IR (the IKI parser in :mod:`extractors.parser`,
the normaliser) is format-blind: it never asks which
kind of file a block came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


@dataclass(frozen=True)
class Loc:
    """Where a block or cell came from in its source file."""

    page: int | None = None  # 1-based page number, None when the format has no pages
    line: int | None = None  # 1-based line number in a text export
    bbox: BBox | None = None  # box on the page, for PDF and scans
    sheet: str | None = None  # worksheet name, for workbooks
    cell: str | None = None  # cell address in A1 style ("B12"), for workbooks
    # the box on the page as displayed (as a PDF viewer or pypdfium2 renders it), when the reader read the
    # page in another frame (a scan turned, straightened or deskewed for OCR; a page printed sideways):
    # None when ``bbox`` is already on the displayed page
    page_bbox: BBox | None = None
    turn: int = 0  # degrees clockwise the displayed page must be turned for this text to read left to right
    table: int | None = None  # 1-based order of the table among the document's tables (see number_tables)
    row: int | None = None  # 1-based row of the cell in that table

    @property
    def shown_bbox(self) -> BBox | None:
        """The box on the page as displayed."""
        return self.page_bbox if self.page_bbox is not None else self.bbox

    def describe(self) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else f"sheet {self.sheet}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "unknown location"


@dataclass(frozen=True)
class Paragraph:
    """A heading, paragraph or list item.

    ``text`` is clean text (markup removed, the list label split off into
    ``label``). ``level`` is the nesting depth of a list item (0 = top level),
    ``heading`` the heading level (0 = not a heading).
    """

    text: str
    loc: Loc = Loc()
    label: str | None = None  # "a.", "1.", "1)", "-", "•" ...
    level: int = 0
    heading: int = 0
    bold: bool = False
    indent: int = 0  # leading whitespace columns in a text export
    conf: float | None = None  # mean OCR confidence (0-100) of its words; None for digital text

    @property
    def kind(self) -> str:
        if self.heading:
            return "heading"
        return "list_item" if self.label else "paragraph"


@dataclass(frozen=True)
class Cell:
    """One table cell. ``text`` keeps line breaks between the cell's paragraphs."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    loc: Loc = Loc()
    conf: float | None = None  # mean OCR confidence (0-100) of its words; None for digital text


@dataclass(frozen=True)
class Table:
    """A table as a grid of cells; ``rows[r]`` lists the cells that start in row r."""

    rows: tuple[tuple[Cell, ...], ...]
    loc: Loc = Loc()
    # how the reader found it: "structure" (the file says it is a table: Word, HTML, text dumps),
    # "ruling_lines" (a drawn grid on a PDF page or scan), "alignment" (words aligned in columns, no grid)
    found_by: str = "structure"
    # every row (after the header) is one line of the source: a table row whose cells wrap spans several
    # (text laid out in columns with spaces); which lines make a row is then for the parser to say
    rows_are_lines: bool = False
    # rows whose boundary with a neighbouring row is drawn by no rule: where they start or end was told
    # from the text (a new number, the middles of their cells); the parser flags them row_boundary_guessed
    guessed_rows: tuple[int, ...] = ()

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for row in self.rows for c in row), default=0)

    def texts(self) -> list[list[str]]:
        """The grid as strings, one entry per column (spanned columns left empty)."""
        n = self.n_cols
        out = []
        for row in self.rows:
            cells = [""] * n
            for c in row:
                cells[c.col] = c.text
            out.append(cells)
        return out


Block = Paragraph | Table


def number_tables(blocks: list[Block]) -> list[Block]:
    """The blocks with every table cell's :class:`Loc` saying which table (1-based, in document order) and
    which row of it (1-based) it is in: the provenance of Word, ODT and HTML rows, which have no page box."""
    from dataclasses import replace

    out: list[Block] = []
    k = 0
    for b in blocks:
        if isinstance(b, Table):
            k += 1
            rows = tuple(tuple(replace(c, loc=replace(c.loc, table=k, row=c.row + 1)) for c in row) for row in b.rows)
            b = replace(b, rows=rows, loc=replace(b.loc, table=k))
        out.append(b)
    return out


@dataclass
class Document:
    """One source file as the IR: its blocks in reading order, plus what the extractor had to guess."""

    source: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    n_pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    ocr_pages: int = 0  # pages read by OCR

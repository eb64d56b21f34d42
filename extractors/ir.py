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


@dataclass
class Document:
    """One source file as the IR: its blocks in reading order, plus what the extractor had to guess."""

    source: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    n_pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    ocr_pages: int = 0  # pages read by OCR

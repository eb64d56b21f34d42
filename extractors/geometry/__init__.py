"""The page geometry shared by digital and scanned pages: words with boxes plus ruling lines.

A digital page feeds it from pdfplumber (:mod:`extractors.readers.pdf`); a scanned page
from OCR words and lines found in the image (:mod:`extractors.readers.scan`). One table
finder and one paragraph builder turn a :class:`PageGeometry` into IR blocks:

* :mod:`.primitives` — :class:`Word`, :class:`Segment`, :class:`PageGeometry`, clustering;
* :mod:`.rules` — ruling lines as a reader sees them (joined, double/thick merged, snapped);
* :mod:`.ruled` — lattice strategy: grid → cells with spans, fraction bars;
* :mod:`.unruled` — stream strategy: tables without rules, rows without rules;
* :mod:`.tables` — the one finder that runs both and reconciles them;
* :mod:`.paragraphs` — words outside tables → paragraphs.

:func:`page_blocks` is the entry both readers use. Coordinates are PDF points, origin
top-left (``top`` grows downwards).
"""
from __future__ import annotations

from extractors.geometry.paragraphs import build_paragraphs
from dataclasses import replace

from extractors.geometry.primitives import TOL, PageGeometry, Segment, Word, map_box, mean_conf, text_lines
from extractors.geometry.tables import build_tables, find_tables
from extractors.ir import Loc, Paragraph, Table

__all__ = ["TOL", "PageGeometry", "Segment", "Word", "mean_conf", "text_lines", "build_tables", "find_tables",
           "build_paragraphs", "page_blocks"]


def page_blocks(page: PageGeometry) -> list[Paragraph | Table]:
    """A page's tables and paragraphs in reading order (top to bottom).

    Every word ends up in exactly one block: in the table whose cell holds it, else in a
    paragraph. Warnings about tables that could not be read are added to ``page.warnings``.
    """
    tables, boxes, consumed = find_tables(page)

    def inside(w: Word) -> bool:
        return id(w) in consumed or any(x0 - 1 <= w.cx <= x1 + 1 and t - 1 <= w.cy <= b + 1
                                        for x0, t, x1, b in boxes)

    free = [w for w in page.words if not inside(w)]
    blocks: list[tuple[tuple[float, int], Paragraph | Table]] = [((t.loc.bbox[1], -1), t) for t in tables]
    # paragraphs are built per band between tables so a table keeps its place in the reading order
    edges = sorted([b[1] for b in boxes] + [b[3] for b in boxes])
    bands: list[list[Word]] = [[] for _ in range(len(edges) + 1)]
    for w in free:
        k = sum(1 for e in edges if w.cy > e)
        bands[k].append(w)
    right = max((w.x1 for w in free), default=0.0)
    for band in bands:
        # a band's paragraphs keep the order they were built in (side-by-side blocks one after the other)
        ps = build_paragraphs(band, page.number, right)
        top = min((p.loc.bbox[1] for p in ps if p.loc.bbox), default=0.0)
        blocks.extend(((top, k), p) for k, p in enumerate(ps))
    blocks.sort(key=lambda x: x[0])
    out = [b for _, b in blocks]
    page.open_columns = _open_columns(out, page)
    if page.to_page is not None or page.turn:
        out = [_on_page(b, page) for b in out]
    return out


def _on_page(block: Paragraph | Table, page: PageGeometry) -> Paragraph | Table:
    """The block with each box also given on the page as displayed (``Loc.page_bbox``) and the turn its
    text needs, for a page the reader turned or straightened (``bbox`` stays in the reader's frame)."""
    def loc(x: Loc) -> Loc:
        shown = map_box(page.to_page, x.bbox) if x.bbox is not None and page.to_page is not None else None
        return replace(x, page_bbox=shown, turn=page.turn)

    if isinstance(block, Table):
        rows = tuple(tuple(replace(c, loc=loc(c.loc)) for c in row) for row in block.rows)
        return replace(block, rows=rows, loc=loc(block.loc))
    return replace(block, loc=loc(block.loc))


FOOT = 0.12  # bottom share of the page where a footer (page number, running title) may follow a table


def _open_columns(blocks: list[Paragraph | Table], page: PageGeometry) -> list[float] | None:
    """Column borders of a table without rules that ends the page (only a footer below it): it
    may go on at the top of the next page, without its header."""
    tables = [b for b in blocks if isinstance(b, Table)]
    if not tables or tables[-1].found_by != "alignment" or not tables[-1].loc.bbox:
        return None
    last = tables[-1]
    after = blocks[blocks.index(last) + 1:]
    if any(b.loc.bbox and b.loc.bbox[1] < page.height * (1 - FOOT) for b in after):
        return None
    xs = sorted({c.loc.bbox[0] for row in last.rows for c in row if c.loc.bbox} |
                {c.loc.bbox[2] for row in last.rows for c in row if c.loc.bbox})
    x0, t, x1, b = last.loc.bbox
    ems = sorted(w.em for w in page.words if x0 <= w.cx <= x1 and t <= w.cy <= b)
    page.open_em = ems[len(ems) // 2] if ems else None
    return xs if len(xs) >= 4 else None

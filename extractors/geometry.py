"""The page geometry shared by digital and scanned PDF: words with boxes plus ruling lines.

A digital page feeds it from pdfplumber (:mod:`extractors.readers.pdf`); a scanned
page will feed it from OCR words and lines detected in the image. One table
builder and one paragraph builder turn a :class:`PageGeometry` into IR blocks:

* ruling lines → connected groups (tables) → grid → cells, with row/col spans
  where a separating line is missing (a sasaran cell merged over rows);
* a short horizontal line inside a cell that does not reach the cell's borders
  is a fraction bar: it becomes a ``_____`` line between numerator and
  denominator, with any ``x 100%`` written beside it;
* words outside tables → lines → paragraphs (hanging indents and wrapped
  lines joined, list labels split off by the text layer).

Coordinates are PDF points, origin top-left (``top`` grows downwards).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from extractors.ir import Cell, Loc, Paragraph, Table
from normalize.text import split_label

TOL = 3.0  # points: lines closer than this are the same line


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float | None = None  # OCR confidence 0-100, None for digital text
    bold: bool = False

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Segment:
    """A ruling line (horizontal or vertical) or a thin filled rectangle used as one."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.bottom - self.top) <= TOL and (self.x1 - self.x0) > TOL

    @property
    def vertical(self) -> bool:
        return (self.x1 - self.x0) <= TOL and (self.bottom - self.top) > TOL


@dataclass
class PageGeometry:
    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


# ----------------------------------------------------------------------------- helpers


def _cluster(values: list[float], tol: float = TOL) -> list[float]:
    """Sorted values with near-equal ones merged (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _snap(v: float, grid: list[float], tol: float = TOL) -> int | None:
    best, idx = tol + 1e-9, None
    for i, g in enumerate(grid):
        d = abs(v - g)
        if d <= best:
            best, idx = d, i
    return idx


def text_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into visual lines (by vertical overlap), each sorted left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        placed = False
        for line in reversed(lines[-3:]):
            ref = line[0]
            height = max(ref.bottom - ref.top, w.bottom - w.top, 1.0)
            if abs(w.cy - sum(x.cy for x in line) / len(line)) <= height * 0.45:
                line.append(w)
                placed = True
                break
        if not placed:
            lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: min(w.top for w in ln))
    return lines


def mean_conf(words: list[Word]) -> float | None:
    confs = [w.conf for w in words if w.conf is not None]
    return round(sum(confs) / len(confs), 1) if confs else None


def _join(line: list[Word]) -> str:
    return " ".join(w.text for w in line).strip()


# ----------------------------------------------------------------------------- tables


def _components(segs: list[Segment]) -> list[list[Segment]]:
    """Groups of ruling lines that touch each other (one group per drawn table)."""
    parent = list(range(len(segs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def touch(a: Segment, b: Segment) -> bool:
        return not (a.x1 + TOL < b.x0 or b.x1 + TOL < a.x0 or a.bottom + TOL < b.top or b.bottom + TOL < a.top)

    order = sorted(range(len(segs)), key=lambda i: segs[i].top)
    for k, i in enumerate(order):
        for j in order[k + 1:]:
            if segs[j].top > segs[i].bottom + TOL:
                break
            if touch(segs[i], segs[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Segment]] = {}
    for i in range(len(segs)):
        groups.setdefault(find(i), []).append(segs[i])
    return list(groups.values())


GAP = 8.0  # points: a ruling line broken by less than this (scan noise, JPEG) still separates cells


def _covered(spans: list[tuple[float, float]], a: float, b: float) -> bool:
    """Do the intervals cover [a, b], allowing small breaks in the line?"""
    pos = a
    for s, e in sorted(spans):
        if s > pos + GAP:
            break
        pos = max(pos, e)
    return pos >= b - GAP


@dataclass
class _Grid:
    xs: list[float]
    ys: list[float]
    bars: list[Segment]
    bbox: tuple[float, float, float, float]


def _grid(group: list[Segment]) -> _Grid | None:
    hs = [s for s in group if s.horizontal]
    vs = [s for s in group if s.vertical]
    if len(hs) < 2 or len(vs) < 2:
        return None
    xs = _cluster([v.x0 for v in vs])
    # a horizontal line is a grid line when both its ends sit on vertical lines; others are fraction bars
    grid_h, bars = [], []
    for h in hs:
        a, b = _snap(h.x0, xs), _snap(h.x1, xs)
        if a is not None and b is not None and b > a:
            grid_h.append(h)
        else:
            bars.append(h)
    ys = _cluster([h.top for h in grid_h])
    if len(xs) < 2 or len(ys) < 2:
        return None
    return _Grid(xs, ys, bars, (xs[0], ys[0], xs[-1], ys[-1]))


def _cells(grid: _Grid, group: list[Segment]) -> list[tuple[int, int, int, int]]:
    """(row, col, rowspan, colspan) of every cell, merging grid boxes that no line separates."""
    xs, ys = grid.xs, grid.ys
    nr, nc = len(ys) - 1, len(xs) - 1
    vert: dict[int, list[tuple[float, float]]] = {}
    horiz: dict[int, list[tuple[float, float]]] = {}
    for s in group:
        if s.vertical:
            i = _snap(s.x0, xs)
            if i is not None:
                vert.setdefault(i, []).append((s.top, s.bottom))
        elif s.horizontal:
            i = _snap(s.top, ys)
            if i is not None:
                horiz.setdefault(i, []).append((s.x0, s.x1))
    parent = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covered(vert.get(c + 1, []), ys[r], ys[r + 1]):
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < nr and not _covered(horiz.get(r + 1, []), xs[c], xs[c + 1]):
                parent[find((r + 1, c))] = find((r, c))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for k in parent:
        groups.setdefault(find(k), []).append(k)
    out = []
    for members in groups.values():
        r0, c0 = min(m[0] for m in members), min(m[1] for m in members)
        r1, c1 = max(m[0] for m in members), max(m[1] for m in members)
        out.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1))
    return sorted(out)


def _keep_overflow_with_its_cell(placed: list[tuple[Word, tuple[int, int] | None]]
                                 ) -> list[tuple[Word, tuple[int, int] | None]]:
    """A line of text that runs past its cell's right border (an equation that does not wrap)
    stays in the cell it started in: a word separated from the word before it by no more than a
    space, but across a border, belongs with that word. Real neighbouring cells are separated by
    their padding on both sides of the border, which is much wider than a space."""
    out = list(placed)
    lines: list[list[int]] = []  # indexes of words on one visual line
    for i in sorted(range(len(out)), key=lambda i: out[i][0].cy):
        w = out[i][0]
        if lines and abs(out[lines[-1][-1]][0].cy - w.cy) <= max(w.bottom - w.top, 1.0) * 0.3:
            lines[-1].append(i)
        else:
            lines.append([i])
    for line in lines:
        line.sort(key=lambda i: out[i][0].x0)
        for a, b in zip(line, line[1:]):
            (v, vkey), (w, key) = out[a], out[b]
            if vkey is None or vkey == key or (key is not None and vkey[1] >= key[1]):
                continue
            if w.conf is not None:
                continue  # printed text cannot run under a border: only a digital text layer overflows
            if -0.5 <= w.x0 - v.x1 <= max(w.bottom - w.top, 1.0) * 0.45:
                out[b] = (w, vkey)
    return out


def _cell_text(words: list[Word], bars: list[Segment]) -> str:
    """Words of one cell → lines; a fraction bar becomes a ``_____`` line at its height."""
    items = list(words)
    for b in bars:
        items.append(Word("_____", b.x0, b.top - 2.5, b.x1, b.top + 2.5))
    lines = [ln for ln in text_lines(items) if _join(ln)]
    if not lines:
        return ""
    heights = sorted(max(w.bottom - w.top for w in ln) for ln in lines)
    line_h = heights[len(heights) // 2]
    out = [_join(lines[0])]
    for prev, line in zip(lines, lines[1:]):
        gap = min(w.top for w in line) - max(w.bottom for w in prev)
        if gap > line_h * 0.6 and not any(w.text.startswith("_") for w in prev + line):
            out.append("")  # a paragraph break (space between paragraphs) inside the cell
        out.append(_join(line))
    return "\n".join(out)


def _underline(s: Segment, words: list[Word]) -> bool:
    """A line drawn right under words and as wide as they are is an underline, not a fraction bar."""
    above = [w for w in words if w.x1 > s.x0 and w.x0 < s.x1 and -0.5 <= s.top - w.bottom <= 1.6]
    if not above:
        return False
    return min(w.x0 for w in above) - 3 <= s.x0 and s.x1 <= max(w.x1 for w in above) + 3


def build_tables(page: PageGeometry) -> tuple[list[Table], list[tuple[float, float, float, float]], set[int]]:
    """The ruled tables of a page, their boxes, and the ids of the words they took."""
    tables, boxes = [], []
    consumed: set[int] = set()
    groups = _components(page.segments)
    grids = [(g, _grid(g)) for g in groups]
    loose = [s for g, grid in grids if grid is None for s in g if s.horizontal]
    for group, grid in grids:
        if grid is None:
            continue
        x0, t, x1, b = grid.bbox
        # a fraction bar touches no border, so it is a group of its own: give it to the table around it
        grid.bars += [s for s in loose if x0 < s.x0 and s.x1 <= x1 + 100 and t < s.top < b]
        grid.bars = [s for s in grid.bars if not _underline(s, page.words)]
        xs, ys = grid.xs, grid.ys
        spans = _cells(grid, group)
        by_cell: dict[tuple[int, int], list[Word]] = {}
        bars_by_cell: dict[tuple[int, int], list[Segment]] = {}
        rects = {(r, c): (xs[c], ys[r], xs[c + cs], ys[r + rs]) for r, c, rs, cs in spans}

        def locate(x: float, y: float):
            for key, (x0, t, x1, b) in rects.items():
                if x0 - 1 <= x <= x1 + 1 and t - 1 <= y <= b + 1:
                    return key
            return None

        placed: list[tuple[Word, tuple[int, int] | None]] = []
        for w in page.words:
            if ys[0] - 1 <= w.cy <= ys[-1] + 1:
                if xs[0] - 1 <= w.cx <= xs[-1] + 1:
                    key = locate(w.cx, w.cy)
                    if key is not None:
                        placed.append((w, key))
                elif w.x0 >= xs[-1] - 1:  # right of the table: maybe text that ran out of its cell
                    placed.append((w, None))
        # a fraction bar belongs to the cell it starts in; it also carries an "x 100%" written after it
        bar_words = set()
        for b in grid.bars:
            key = locate(min(b.x0 + 4, (b.x0 + b.x1) / 2), b.top)
            if key is not None:
                bars_by_cell.setdefault(key, []).append(b)
                pseudo = Word("", b.x0, b.top - 4, b.x1, b.top + 4)
                bar_words.add(id(pseudo))
                placed.append((pseudo, key))
        for w, key in _keep_overflow_with_its_cell(placed):
            if key is not None and id(w) not in bar_words:
                by_cell.setdefault(key, []).append(w)
                consumed.add(id(w))
        rows: dict[int, list[Cell]] = {}
        for r, c, rs, cs in spans:
            x0, t, x1, b = rects[(r, c)]
            cell_words = by_cell.get((r, c), [])
            text = _cell_text(cell_words, bars_by_cell.get((r, c), []))
            rows.setdefault(r, []).append(Cell(text, r, c, rs, cs, Loc(page=page.number, bbox=(x0, t, x1, b)),
                                               conf=mean_conf(cell_words)))
        grid_rows = tuple(tuple(sorted(rows.get(r, []), key=lambda c: c.col)) for r in range(len(ys) - 1))
        # rows that only exist as the continuation of spanning cells still count as rows
        tables.append(Table(grid_rows, loc=Loc(page=page.number, bbox=grid.bbox)))
        boxes.append(grid.bbox)
    return tables, boxes, consumed


# ----------------------------------------------------------------------------- paragraphs


_LABEL_TOKEN = re.compile(r"^(?:\(?\w{1,3}[.)]|[-•–—*▪►➢·o])$")
_KEY_VALUE = re.compile(r"^[A-Za-z][A-Za-z .\-/]{1,30}:")


def build_paragraphs(words: list[Word], page_number: int, right: float | None = None) -> list[Paragraph]:
    """Words outside tables → paragraphs: wrapped lines and hanging indents joined.

    A line continues the one above only when that one was full (it reaches the
    text's right edge, so the text wrapped) and this one starts where the text
    above started (or under its value, for a hanging indent), and is not a
    ``KEY : value`` line of its own.
    """
    lines = text_lines(words)
    if right is None:
        right = max((w.x1 for w in words), default=0.0)
    out: list[tuple[Paragraph, list[Word]]] = []
    for line in lines:
        text = _join(line)
        if not text:
            continue
        label, rest = split_label(text)
        x0 = line[0].x0
        if label is None and out:
            prev, prev_words = out[-1]
            height = max(w.bottom - w.top for w in line)
            gap = min(w.top for w in line) - max(w.bottom for w in prev_words)
            prev_x = prev_words[0].x0
            value_x = _value_start(prev_words)
            prev_full = prev_words[-1].x1 >= right - max(40.0, 0.12 * (right - prev_x))
            continues = gap <= height * 0.45 and prev_full and not _KEY_VALUE.match(text) \
                and not prev.text.rstrip().endswith(";") and (
                abs(x0 - value_x) <= 4 * TOL or abs(x0 - prev_x) <= TOL)
            if continues:
                merged = Paragraph(text=f"{prev.text} {text}", loc=prev.loc, label=prev.label, level=prev.level,
                                   heading=prev.heading, bold=prev.bold and all(w.bold for w in line),
                                   indent=prev.indent, conf=mean_conf(prev_words + line))
                out[-1] = (merged, prev_words + line)
                continue
        bold = all(w.bold for w in line)
        bbox = (min(w.x0 for w in line), min(w.top for w in line), max(w.x1 for w in line),
                max(w.bottom for w in line))
        out.append((Paragraph(text=rest if label else text, loc=Loc(page=page_number, bbox=bbox), label=label,
                              bold=bold, indent=int(x0), conf=mean_conf(line)), line))
    return [p for p, _ in out]


def _value_start(line_words: list[Word]) -> float:
    """Where the text of a line's value starts: after a list label or after 'LABEL :'."""
    texts = [w.text for w in line_words]
    for i, t in enumerate(texts[:6]):
        if t.endswith(":") and i + 1 < len(line_words):
            return line_words[i + 1].x0
        if t == ":" and i + 1 < len(line_words):
            return line_words[i + 1].x0
    if len(line_words) > 1 and _LABEL_TOKEN.match(texts[0]):
        return line_words[1].x0
    return line_words[0].x0


def page_blocks(page: PageGeometry) -> list[Paragraph | Table]:
    """A page's tables and paragraphs in reading order (top to bottom)."""
    tables, boxes, consumed = build_tables(page)

    def inside(w: Word) -> bool:
        return id(w) in consumed or any(x0 - 1 <= w.cx <= x1 + 1 and t - 1 <= w.cy <= b + 1
                                        for x0, t, x1, b in boxes)

    free = [w for w in page.words if not inside(w)]
    blocks: list[tuple[float, Paragraph | Table]] = [(t.loc.bbox[1], t) for t in tables]
    # paragraphs are built per band between tables so a table keeps its place in the reading order
    edges = sorted([b[1] for b in boxes] + [b[3] for b in boxes])
    bands: list[list[Word]] = [[] for _ in range(len(edges) + 1)]
    for w in free:
        k = sum(1 for e in edges if w.cy > e)
        bands[k].append(w)
    right = max((w.x1 for w in free), default=0.0)
    for band in bands:
        for p in build_paragraphs(band, page.number, right):
            blocks.append((p.loc.bbox[1] if p.loc.bbox else 0.0, p))
    blocks.sort(key=lambda x: x[0])
    return [b for _, b in blocks]

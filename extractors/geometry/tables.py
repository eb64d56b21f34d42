"""The one table finder: the lattice strategy (ruling lines) and the stream strategy
(alignment of words) run side by side on a page and are reconciled.

1. Visible rules are normalised (:mod:`.rules`) and grouped; each group with rules in both
   directions is a ruled grid (:mod:`.ruled`). Inside a grid, rows without rules between
   them are split where several columns' text starts afresh.
2. The words outside ruled grids go to the stream strategy (:mod:`.unruled`) together with
   the horizontal rules that belong to no grid (booktabs, Word's light styles).
3. A ruled "table" of one column (a frame drawn around column-aligned text) is handed to
   the stream strategy too, and replaced when that finds columns in it.

Every table records how it was found (``Table.found_by``). Words are never lost: what is
not in a table is left for the paragraph builder; column-aligned text that could not be
made a table gets a ``table_unplaced`` warning on the page.
"""
from __future__ import annotations

import bisect

from extractors.geometry import ruled, unruled
from extractors.geometry.primitives import PageGeometry, Segment, Word, mean_conf, text_lines
from extractors.geometry.rules import normalise, tile_edges
from extractors.ir import Cell, Loc, Table
from schema.warnings import warning

BBox = tuple[float, float, float, float]


def _fill(page: PageGeometry, xs: list[float], ys: list[float], spans, bars: list[Segment],
          words: list[Word], found_by: str, allow_overflow: bool = True,
          col_of: dict[int, int] | None = None, guessed: tuple[int, ...] = ()) -> tuple[Table, set[int]]:
    """Put ``words`` into the cells ``spans`` of the grid ``xs``×``ys``: by the word's centre
    (or its column in ``col_of``, id(word) -> column, when the caller knows it better); a
    fraction bar goes to the cell it starts in. Returns the table and the ids of the words it
    took."""
    rects = {(r, c): (xs[c], ys[r], xs[c + cs], ys[r + rs]) for r, c, rs, cs in spans}
    owner = {}  # (row, col) of every grid box -> the cell that owns it, for a fast lookup
    for r, c, rs, cs in spans:
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                owner[(rr, cc)] = (r, c)

    def locate(x: float, y: float, col: int | None = None):
        if not (xs[0] - 1 <= x <= xs[-1] + 1 and ys[0] - 1 <= y <= ys[-1] + 1):
            return None
        ci = min(max(bisect.bisect_right(xs, x) - 1, 0), len(xs) - 2) if col is None else col
        ri = min(max(bisect.bisect_right(ys, y) - 1, 0), len(ys) - 2)
        return owner.get((ri, ci))

    placed: list[tuple[Word, tuple[int, int] | None]] = []
    for w in words:
        if ys[0] - 1 <= w.cy <= ys[-1] + 1:
            if xs[0] - 1 <= w.cx <= xs[-1] + 1:
                key = locate(w.cx, w.cy, col_of.get(id(w)) if col_of else None)
                if key is not None:
                    placed.append((w, key))
            elif allow_overflow and w.x0 >= xs[-1] - 1:  # right of the table: maybe text that ran out of its cell
                placed.append((w, None))
    bars_by_cell: dict[tuple[int, int], list[Segment]] = {}
    bar_words = set()
    for b in bars:
        key = locate(min(b.x0 + 4, (b.x0 + b.x1) / 2), b.top)
        if key is not None:
            bars_by_cell.setdefault(key, []).append(b)
            pseudo = Word("", b.x0, b.top - 4, b.x1, b.top + 4)
            bar_words.add(id(pseudo))
            placed.append((pseudo, key))
    by_cell: dict[tuple[int, int], list[Word]] = {}
    consumed: set[int] = set()
    for w, key in (ruled.keep_overflow_with_its_cell(placed) if allow_overflow else placed):
        if key is not None and id(w) not in bar_words:
            by_cell.setdefault(key, []).append(w)
            consumed.add(id(w))
    rows: dict[int, list[Cell]] = {}
    for r, c, rs, cs in spans:
        x0, t, x1, b = rects[(r, c)]
        cell_words = by_cell.get((r, c), [])
        text = ruled.cell_text(cell_words, bars_by_cell.get((r, c), []))
        rows.setdefault(r, []).append(Cell(text, r, c, rs, cs, Loc(page=page.number, bbox=(x0, t, x1, b)),
                                           conf=mean_conf(cell_words)))
    grid_rows = tuple(tuple(sorted(rows.get(r, []), key=lambda c: c.col)) for r in range(len(ys) - 1))
    table = Table(grid_rows, loc=Loc(page=page.number, bbox=(xs[0], ys[0], xs[-1], ys[-1])), found_by=found_by,
                  guessed_rows=tuple(sorted(guessed)))
    return table, consumed


def _split_unruled_rows(grid: ruled.Grid, spans, words: list[Word]) -> list[Segment]:
    """Virtual rules between rows that share ruled columns but have no rule between them."""
    xs, ys = grid.xs, grid.ys
    nc = len(xs) - 1
    col_words: list[list[Word]] = [[] for _ in range(nc)]
    for w in words:
        if xs[0] <= w.cx <= xs[-1] and ys[0] <= w.cy <= ys[-1]:
            c = min(max(bisect.bisect_right(xs, w.cx) - 1, 0), nc - 1)
            col_words[c].append(w)
    widths = []
    for c, ws in enumerate(col_words):
        lines = text_lines(ws)
        widest = max((ln[-1].x1 - ln[0].x0 for ln in lines), default=0.0)
        if lines:
            # the room a line has: the ruled column less its padding (the text's distance from the left rule,
            # on both sides), never less than the widest line; short lines in a wide column are not wrapped
            pad = max(min(ln[0].x0 for ln in lines) - xs[c], 0.0)
            widest = max(widest, xs[c + 1] - xs[c] - 2 * pad)
        widths.append(widest)
    extra: list[Segment] = []
    for r in range(len(ys) - 1):
        own = [(c, cs) for rr, c, rs, cs in spans if rr == r and rs == 1]
        if len(own) < 2 or own[0][0] != 0:
            continue  # the row's key column (the first) is part of a cell from a row above
        band = [[w for w in col_words[c] if ys[r] <= w.cy <= ys[r + 1]] for c, _ in own]
        if sum(1 for b in band if len(text_lines(b)) >= 2) < 2:
            continue
        centred = _centred_band(xs, [w for b in band for w in b], own)
        if centred is not None:
            extra += centred
            continue
        for y in unruled.row_breaks(band, [widths[c] for c, _ in own], strict=True):
            for c, cs in own:
                extra.append(Segment(xs[c], y, xs[c + cs], y))
    return extra


def _centred_band(xs: list[float], words: list[Word], own: list[tuple[int, int]]) -> list[Segment] | None:
    """Rows inside one ruled band whose cells are centred vertically (no rules between them): the
    boundaries :func:`unruled._centred_rows` tells from the middles of the cells' blocks, drawn across
    every column except those whose cell is centred over several of the rows (it spans them)."""
    lines = [unruled._line(ln) for ln in text_lines(words)]
    if len(lines) < 3:
        return None
    nc = len(xs) - 1
    col_of = {id(w): min(max(bisect.bisect_right(xs, w.cx) - 1, 0), nc - 1) for w in words}
    entries, line_h = unruled._col_lines(lines, xs, col_of, None)
    found = unruled._centred_rows(entries, nc, line_h, None)
    if found is None:
        return None
    bounds, spanning = found
    out = []
    for i, y in enumerate(bounds):
        for c, cs in own:
            if any(k == c and start <= i < start + rs - 1 for (start, k), rs in spanning.items()):
                continue  # a cell centred over the rows on both sides of this boundary spans it
            out.append(Segment(xs[c], y, xs[c + cs], y))
    return out


def _open_bands(grid: ruled.Grid, spans, words: list[Word]) -> tuple[list[Segment], list[Segment]]:
    """Rows of a ruled table drawn as one cell across the whole table (a frame around the body, rules only
    around the header) whose text keeps to the columns the header's rules draw: the stream strategy reads
    the band in those columns. Returns virtual vertical rules (the columns, in the band) and virtual
    horizontal ones (its rows, told from the text)."""
    xs, ys = grid.xs, grid.ys
    nc = len(xs) - 1
    if nc < 3:
        return [], []
    vert: list[Segment] = []
    horiz: list[Segment] = []
    for r, c, rs, cs in spans:
        if c != 0 or cs != nc:
            continue
        top, bottom = ys[r], ys[r + rs]
        band = [w for w in words if xs[0] <= w.cx <= xs[-1] and top < w.cy < bottom]
        lines = [unruled._line(ln) for ln in text_lines(band)]
        if len(lines) < 2 or not any(len(ln.chunks) >= 2 for ln in lines):
            continue
        fitting = sum(1 for ln in lines if unruled._fits(ln, xs)[0])
        cols = {bisect.bisect_right(xs, ch[0].x0 + 0.5) - 1 for ln in lines for ch in ln.chunks}
        if fitting < 0.8 * len(lines) or len(cols) < 2:
            continue
        lay = unruled._layout(lines, list(xs), [], header=False)
        if lay is None:
            continue
        vert += [Segment(x, top, x, bottom) for x in xs[1:-1]]
        horiz += [Segment(xs[0], y, xs[-1], y) for y in lay.ys[1:-1] if top + ruled.MIN_ROW < y < bottom - ruled.MIN_ROW]
    return vert, horiz


def _shaded_rows(grid: ruled.Grid, fills: list[Segment]) -> list[Segment]:
    """A shaded band across the whole table (a header row's background) ends a row where the
    shading ends, even when no rule is drawn there."""
    x0, t, x1, b = grid.bbox
    out = []
    for f in fills:
        if f.x0 > x0 + ruled.MIN_COL or f.x1 < x1 - ruled.MIN_COL or f.bottom < t or f.top > b:
            continue
        for y in (f.top, f.bottom):
            if t + ruled.MIN_ROW < y < b - ruled.MIN_ROW and all(abs(y - g) >= ruled.MIN_ROW for g in grid.ys):
                out.append(Segment(x0, y, x1, y))
    return out


def _side_by_side(groups: list[list[Segment]]) -> list[list[Segment]]:
    """Groups of rules with vertical lines alone that start and end at the same heights, four or more side
    by side, joined into one group: the columns of a table whose rules across (the frame's top and bottom,
    the header's) are on other pages, its body going on over this one."""
    lone = [g for g in groups if all(s.vertical for s in g)]
    out = [g for g in groups if not all(s.vertical for s in g)]
    sets: list[list[list[Segment]]] = []
    for g in sorted(lone, key=lambda g: min(s.top for s in g)):
        top, bottom = min(s.top for s in g), max(s.bottom for s in g)
        for st in sets:
            t, b = min(s.top for s in st[0]), max(s.bottom for s in st[0])
            if abs(t - top) <= ruled.MIN_ROW and abs(b - bottom) <= ruled.MIN_ROW:
                st.append(g)
                break
        else:
            sets.append([g])
    for st in sets:
        xs = ruled._positions([s.x for g in st for s in g], ruled.MIN_COL)
        if len(xs) >= 4:
            out.append([s for g in st for s in g])
        else:
            out.extend(st)
    return out


def find_tables(page: PageGeometry) -> tuple[list[Table], list[BBox], set[int]]:
    """The tables of a page (ruled and unruled), their boxes, and the ids of the words they took."""
    segs = normalise(list(page.segments) + tile_edges(page.fills))
    groups = _side_by_side(ruled.components(segs))
    grids = [(g, ruled.grid_of(g)) for g in groups]
    loose = [s for g, grid in grids if grid is None for s in g if s.horizontal]
    tables: list[Table] = []
    boxes: list[BBox] = []
    consumed: set[int] = set()
    frames: list[tuple[ruled.Grid, list]] = []
    for group, grid in grids:
        if grid is None:
            continue
        x0, t, x1, b = grid.bbox
        # a fraction bar touches no border, so it is a group of its own: give it to the table around it
        bars = grid.bars + [s for s in loose if x0 < s.x0 and s.x1 <= x1 + 100 and t < s.top < b]
        bars = [s for s in bars if not ruled.underline(s, page.words)]
        shade = _shaded_rows(grid, page.fills)
        if shade:
            grid.ys = sorted(set(grid.ys) | {s.y for s in shade})
            grid.group = grid.group + shade
        spans = ruled.cells_of(grid)
        inside = [w for w in page.words if t - 1 <= w.cy <= b + 1]
        open_v, open_h = _open_bands(grid, spans, inside)
        if open_v:
            grid.group = grid.group + open_v
            grid.ys = sorted(set(grid.ys) | {s.y for s in open_h})
            spans = ruled.cells_of(grid, open_h)
        extra = _split_unruled_rows(grid, spans, inside) + open_h
        guessed: set[int] = set()
        if extra:
            grid.ys = sorted(set(grid.ys) | {s.y for s in extra})
            spans = ruled.cells_of(grid, extra)
            told = {s.y for s in extra}  # boundaries told from the text, not drawn
            guessed = {r for r in range(len(grid.ys) - 1) if grid.ys[r] in told or grid.ys[r + 1] in told}
        if not any(s.horizontal for s in group) and len(grid.ys) < 3:
            continue  # columns alone whose rows the text does not tell: the stream strategy reads the words
        if len(grid.xs) == 2:
            frames.append((grid, spans))
        table, took = _fill(page, grid.xs, grid.ys, spans, bars, page.words, "ruling_lines", guessed=tuple(guessed))
        tables.append(table)
        boxes.append(grid.bbox)
        consumed |= took
    # a frame (one column) around text laid out in columns: the stream strategy reads it
    for grid, spans in frames:
        x0, t, x1, b = grid.bbox
        inner = [w for w in page.words if x0 <= w.cx <= x1 and t <= w.cy <= b]
        # rules across the frame (a line under a block) separate rows or tables of the text inside
        across = [s for s in grid.group if s.horizontal and t + 1 < s.y < b - 1]
        layouts, _ = unruled.find_layouts(inner, across)
        k = boxes.index(grid.bbox)
        if len(layouts) == 1 and len(layouts[0].words) >= 0.8 * len(inner):
            lay = layouts[0]
            table, took = _fill(page, lay.xs, lay.ys, lay.spans, [], lay.words, "alignment", allow_overflow=False,
                                col_of=lay.col_of, guessed=lay.guessed)
            tables[k] = table
            boxes[k] = grid.bbox
        elif len(layouts) > 1 and sum(len(lay.words) for lay in layouts) >= 0.6 * len(inner):
            # a frame around several blocks laid out in columns: each is a table; the rest are paragraphs
            new_tables, new_boxes = [], []
            for lay in layouts:
                table, took = _fill(page, lay.xs, lay.ys, lay.spans, [], lay.words, "alignment",
                                    allow_overflow=False, col_of=lay.col_of, guessed=lay.guessed)
                new_tables.append(table)
                new_boxes.append(table.loc.bbox)
            consumed -= {id(w) for w in inner}
            for lay in layouts:
                consumed |= {id(w) for w in lay.words}
            tables[k:k + 1] = new_tables
            boxes[k:k + 1] = new_boxes
    free = [w for w in page.words if id(w) not in consumed and not any(
        bx0 - 1 <= w.cx <= bx1 + 1 and bt - 1 <= w.cy <= bb + 1 for bx0, bt, bx1, bb in boxes)]
    layouts, notes = unruled.find_layouts(free, loose, carry=page.carry, carry_em=page.carry_em)
    for lay in layouts:
        x0, x1, t, b = lay.xs[0], lay.xs[-1], lay.ys[0], lay.ys[-1]
        # short lines inside the table that are not row rules: fraction bars of its formulas
        bars = [s for s in loose if t < s.y < b and x0 - 1 <= s.x0 and s.x1 <= x1 + 1
                and (s.x1 - s.x0) < 0.7 * (x1 - x0) and not ruled.underline(s, lay.words)]
        table, took = _fill(page, lay.xs, lay.ys, lay.spans, bars, lay.words, "alignment", allow_overflow=False,
                            col_of=lay.col_of, guessed=lay.guessed)
        tables.append(table)
        boxes.append(table.loc.bbox)
        consumed |= took
    for n in notes:
        page.warnings.append(warning("table_unplaced", f"page {page.number}: {n}; kept as paragraphs"))
    return tables, boxes, consumed


def build_tables(page: PageGeometry) -> tuple[list[Table], list[BBox], set[int]]:
    """Alias of :func:`find_tables` (the name the first geometry layer used)."""
    return find_tables(page)

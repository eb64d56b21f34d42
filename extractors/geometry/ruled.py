"""Lattice strategy: ruling lines → grid → cells with spans, words placed by where they are.

The model is pdfplumber's ``table.py`` (edges → intersections → cells) and camelot's
lattice parser: a table is a group of rules that touch each other; its column and row
positions are the clustered positions of its vertical and horizontal rules, shared by
header and body; a cell is a box of the grid, merged with its neighbour wherever no
rule separates them (a SASARAN cell spanning rows, a header spanning columns).

* A short horizontal line inside a cell that does not reach the cell's borders is a
  fraction bar: it becomes a ``_____`` line between numerator and denominator.
* Rows without rules between them inside ruled columns (Word's light table styles)
  are split where the text of several columns starts afresh on the same line
  (:func:`extractors.geometry.unruled.row_breaks`).
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.geometry.primitives import TOL, Segment, Word, cluster, join, snap, text_lines

GAP = 8.0  # points: a ruling line broken by less than this (scan noise, JPEG) still separates cells
MIN_COL = 6.0  # points: grid columns narrower than this are one column (rules drawn a little apart)
MIN_ROW = 4.0


def components(segs: list[Segment]) -> list[list[Segment]]:
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


def _covered(spans: list[tuple[float, float]], a: float, b: float) -> bool:
    """Do the intervals cover [a, b], allowing small breaks in the line?"""
    pos = a
    for s, e in sorted(spans):
        if s > pos + GAP:
            break
        pos = max(pos, e)
    return pos >= b - GAP


def _positions(values: list[float], min_gap: float) -> list[float]:
    """Clustered rule positions; neighbours closer than ``min_gap`` (no text fits between) merged."""
    xs = cluster(values)
    out: list[list[float]] = []
    for x in xs:
        if out and x - out[-1][-1] < min_gap:
            out[-1].append(x)
        else:
            out.append([x])
    return [sum(g) / len(g) for g in out]


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    bars: list[Segment]
    group: list[Segment]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


def grid_of(group: list[Segment]) -> Grid | None:
    """The grid of one group of touching rules, or None when it is not a table (fewer than
    two rules in either direction)."""
    hs = [s for s in group if s.horizontal]
    vs = [s for s in group if s.vertical]
    if not hs and len(vs) >= 4:
        # a table's columns with no rule across them: a body going on from one page to the next, its frame's
        # top and bottom drawn on other pages, the page cutting its columns' rules at the same heights
        xs = _positions([v.x for v in vs], MIN_COL)
        top, bottom = min(v.top for v in vs), max(v.bottom for v in vs)
        full = {snap(v.x, xs, MIN_COL / 2 + TOL) for v in vs if v.top <= top + MIN_ROW and v.bottom >= bottom - MIN_ROW}
        if len(xs) >= 4 and len(full) == len(xs) and bottom - top >= 4 * MIN_ROW:
            return Grid(xs, [top, bottom], [], list(group))
        return None
    if not hs or len(vs) < 2:
        return None
    xs = _positions([v.x for v in vs], MIN_COL)
    # a horizontal line is a grid line when both its ends sit on vertical lines; others are fraction bars
    grid_h, bars = [], []
    for h in hs:
        a, b = snap(h.x0, xs, MIN_COL / 2 + TOL), snap(h.x1, xs, MIN_COL / 2 + TOL)
        if a is not None and b is not None and b > a:
            grid_h.append(h)
        else:
            bars.append(h)
    ys = _positions([h.y for h in grid_h], MIN_ROW)
    if len(xs) < 2 or not ys:
        return None
    # a row cut by the page edge: the columns' rules run on past the last (or before the first)
    # horizontal rule, with none drawn where they stop; the row ends where they end
    ends = [v.bottom for v in vs if v.bottom > ys[-1] + MIN_ROW]
    if len(ends) >= 2 and len(ends) >= len(xs) - 1:
        ys.append(min(ends))
    starts = [v.top for v in vs if v.top < ys[0] - MIN_ROW]
    if len(starts) >= 2 and len(starts) >= len(xs) - 1:
        ys.insert(0, max(starts))
    if len(ys) < 2:
        return None  # one rule across columns that neither start nor end at it: no table
    return Grid(xs, ys, bars, [s for s in group if s not in bars])


def cells_of(grid: Grid, extra_h: list[Segment] = ()) -> list[tuple[int, int, int, int]]:
    """(row, col, rowspan, colspan) of every cell, merging grid boxes that no rule separates.
    A rule is placed by its position (snapped to the nearest grid line), so header and
    body cells line up on the same columns whatever their edges' small differences."""
    xs, ys = grid.xs, grid.ys
    nr, nc = len(ys) - 1, len(xs) - 1
    vert: dict[int, list[tuple[float, float]]] = {}
    horiz: dict[int, list[tuple[float, float]]] = {}
    tol_x, tol_y = MIN_COL / 2 + TOL, MIN_ROW / 2 + TOL
    for s in list(grid.group) + list(extra_h):
        if s.vertical:
            i = snap(s.x, xs, tol_x)
            if i is not None:
                vert.setdefault(i, []).append((s.top, s.bottom))
        elif s.horizontal:
            i = snap(s.y, ys, tol_y)
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
        out += _rectangles(members)
    return sorted(out)


def _rectangles(members: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """The grid boxes of one merged area as cells (row, col, rowspan, colspan). A rectangle is one
    cell; an L-shaped (or other) area, where rules leave a cell open into its neighbour's row or
    column, is cut into rectangles, so no cell's box covers another's and no text is lost: the
    widest run of the area's first row, grown down while the rows below hold the same run, then the
    rest the same way."""
    left = set(members)
    out = []
    while left:
        r0 = min(r for r, _ in left)
        c0 = min(c for r, c in left if r == r0)
        c1 = c0
        while (r0, c1 + 1) in left:
            c1 += 1
        r1 = r0
        while all((r1 + 1, c) in left for c in range(c0, c1 + 1)):
            r1 += 1
        out.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1))
        left -= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    return out


def keep_overflow_with_its_cell(placed: list[tuple[Word, tuple[int, int] | None]]
                                ) -> list[tuple[Word, tuple[int, int] | None]]:
    """A line of text that runs past its cell's right border (an equation that does not wrap)
    stays in the cell it started in: a word separated from the word before it by no more than a
    space, but across a border, belongs with that word. Real neighbouring cells are separated by
    their padding on both sides of the border, which is much wider than a space."""
    out = list(placed)
    lines: list[list[int]] = []  # indexes of words on one visual line
    for i in sorted(range(len(out)), key=lambda i: out[i][0].cy):
        w = out[i][0]
        last = out[lines[-1][-1]][0] if lines else None
        if last is not None and abs(last.cy - w.cy) <= max(w.bottom - w.top, last.bottom - last.top, 1.0) * 0.3:
            lines[-1].append(i)
        else:
            lines.append([i])
    for line in lines:
        line.sort(key=lambda i: out[i][0].x0)
        for k, b in enumerate(line):
            w, key = out[b]
            if w.conf is not None:
                continue  # printed text cannot run under a border: only a digital text layer overflows
            # the word this one follows: the nearest one ending before it starts (two runs of text
            # may overlap on one line: an equation running over the next cell's text)
            a = min((i for i in line[:k] if out[i][0].x1 <= w.x0 + 0.5), key=lambda i: w.x0 - out[i][0].x1,
                    default=None)
            if a is None:
                continue
            v, vkey = out[a]
            if vkey is None or vkey == key or (key is not None and vkey[1] >= key[1]):
                continue
            if -0.5 <= w.x0 - v.x1 <= max(w.bottom - w.top, 1.0) * 0.45:
                out[b] = (w, vkey)
    return out


def cell_text(words: list[Word], bars: list[Segment]) -> str:
    """Words of one cell → lines; a fraction bar becomes a ``_____`` line at its height;
    a blank line where the cell's text leaves a paragraph's space."""
    items = list(words)
    for b in bars:
        items.append(Word("_____", b.x0, b.top - 2.5, b.x1, b.top + 2.5))
    lines = [ln for ln in text_lines(items) if join(ln)]
    if not lines:
        return ""
    heights = sorted(max(w.bottom - w.top for w in ln) for ln in lines)
    line_h = heights[len(heights) // 2]
    out = [join(lines[0])]
    for prev, line in zip(lines, lines[1:]):
        gap = min(w.top for w in line) - max(w.bottom for w in prev)
        if gap > line_h * 0.6 and not any(w.text.startswith("_") for w in prev + line):
            out.append("")  # a paragraph break (space between paragraphs) inside the cell
        out.append(join(line))
    return "\n".join(out)


def underline(s: Segment, words: list[Word]) -> bool:
    """A line drawn right under words and as wide as they are is an underline, not a fraction bar."""
    above = [w for w in words if w.x1 > s.x0 and w.x0 < s.x1 and -0.5 <= s.top - w.bottom <= 1.6]
    if not above:
        return False
    return min(w.x0 for w in above) - 3 <= s.x0 and s.x1 <= max(w.x1 for w in above) + 3

"""Ruling lines as a reader sees them: one rule per drawn line, meeting its neighbours.

The readers hand over only *visible* strokes and thin fills (see
:func:`extractors.readers.pdf.visible_segments`); here they are normalised so the
table builders can trust them:

* pieces of one line (a rule drawn cell by cell, or broken by scan noise) are joined;
* a double or thick border (two parallel strokes a point or two apart, or a thin
  filled bar) is one rule, at its middle;
* a rule that stops a few points short of the rule it should meet, or runs a few
  points past it (overshoot at a table's outer border, common in scans), is snapped
  to that rule, as pdfplumber's ``snap``/``join`` tolerances and a reader's eye do.
"""
from __future__ import annotations

from extractors.geometry.primitives import Segment

JOIN = 3.0      # points: collinear pieces with a gap up to this are one rule
DOUBLE = 3.6    # points: parallel rules this close (double / thick borders) are one rule
SHORT = 3.5     # points: a rule ending this short of a crossing rule is extended to it
OVERSHOOT = 9.0  # points: a rule running this far past the last rule it crosses is cut back to it


def _h(s: Segment) -> Segment:
    y = s.y
    return Segment(s.x0, y, s.x1, y)


def _v(s: Segment) -> Segment:
    x = s.x
    return Segment(x, s.top, x, s.bottom)


def _merge_collinear(items: list[tuple[float, float, float]], join: float, double: float
                     ) -> list[tuple[float, float, float]]:
    """(position, start, end) rules of one orientation → merged ones: same line (position
    within ``double``) and overlapping or within ``join`` along it."""
    items = sorted(items)
    groups: list[list[tuple[float, float, float]]] = []
    for it in items:
        if groups and it[0] - groups[-1][-1][0] <= double:
            groups[-1].append(it)
        else:
            groups.append([it])
    out = []
    for g in groups:
        # within one band of nearly equal positions, join pieces along the line
        pieces = sorted(g, key=lambda t: t[1])
        runs: list[list[tuple[float, float, float]]] = []
        for p in pieces:
            if runs and p[1] <= max(q[2] for q in runs[-1]) + join:
                runs[-1].append(p)
            else:
                runs.append([p])
        for run in runs:
            # the rule's position: weighted by length, so a short stray piece does not move it
            total = sum(max(q[2] - q[1], 0.1) for q in run)
            pos = sum(q[0] * max(q[2] - q[1], 0.1) for q in run) / total
            out.append((pos, min(q[1] for q in run), max(q[2] for q in run)))
    return out


def normalise(segments: list[Segment]) -> list[Segment]:
    """Visible segments → one segment per rule: joined, double/thick merged, ends snapped.

    Horizontal rules come back with ``top == bottom``, vertical ones with ``x0 == x1``.
    Segments that are neither (a box drawn as one stroke is already split by the reader)
    are dropped.
    """
    hs = [(s.y, s.x0, s.x1) for s in segments if s.horizontal]
    vs = [(s.x, s.top, s.bottom) for s in segments if s.vertical]
    hs = _merge_collinear(hs, JOIN, DOUBLE)
    vs = _merge_collinear(vs, JOIN, DOUBLE)
    hs = [list(h) for h in hs]
    vs = [list(v) for v in vs]
    _snap_ends(hs, vs)
    _snap_ends(vs, hs)
    out = [Segment(a, y, b, y) for y, a, b in hs if b - a > 0.5]
    out += [Segment(x, a, x, b) for x, a, b in vs if b - a > 0.5]
    return out


def _snap_ends(lines: list[list[float]], cross: list[list[float]]) -> None:
    """Move the ends of ``lines`` (position, start, end) onto the ``cross`` rules near them:
    extend a short end, cut back an overshooting one. In place."""
    if not cross:
        return
    for ln in lines:
        pos, a, b = ln
        # crossing rules that span this line's position (with the same slack)
        near = [c for c in cross if c[1] - SHORT <= pos <= c[2] + SHORT]
        if not near:
            continue
        xs = sorted(c[0] for c in near)
        inside = [x for x in xs if a - SHORT <= x <= b + SHORT]
        if not inside:
            continue
        first, last = inside[0], inside[-1]
        # an end is attached when a crossing rule is near it (just short of it, or crossed a little
        # before the end); only a rule attached at both ends is a table's rule: a fraction bar or an
        # underline running over a border keeps its length
        start_ok = abs(first - a) <= SHORT or (0 < first - a <= OVERSHOOT and len(inside) >= 2)
        end_ok = abs(last - b) <= SHORT or (0 < b - last <= OVERSHOOT and len(inside) >= 2)
        if start_ok and end_ok:
            ln[1], ln[2] = first, last


TILE_GAP = 4.0  # points: shaded cells this close to each other are tiles of one table


def tile_edges(fills: list[Segment], min_tiles: int = 4) -> list[Segment]:
    """Borders of tables drawn as shaded cells without strokes: where filled rectangles tile an
    area (at least ``min_tiles`` of them, each touching another or separated from it by a thin
    gap of paper, a white "line") in two rows and two columns at least, the edges of the fills
    are the table's rules. A lone shaded box, or a shaded header row, gives nothing here.

    ``fills``: boxes of visible filled areas (points, top-based). Returns edge segments.
    """
    n = len(fills)
    if n < min_tiles:
        return []
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def near(a: Segment, b: Segment) -> bool:
        overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
        overlap_y = min(a.bottom, b.bottom) - max(a.top, b.top)
        gap_x = max(a.x0, b.x0) - min(a.x1, b.x1)
        gap_y = max(a.top, b.top) - min(a.bottom, b.bottom)
        # side by side (sharing most of a row) or one above the other (sharing a column)
        return (overlap_y > 0.5 * min(a.bottom - a.top, b.bottom - b.top) and -1.0 <= gap_x <= TILE_GAP) or \
            (overlap_x > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0) and -1.0 <= gap_y <= TILE_GAP)

    order = sorted(range(n), key=lambda i: fills[i].top)
    for k, i in enumerate(order):
        for j in order[k + 1:]:
            if fills[j].top > fills[i].bottom + TILE_GAP:
                break
            if near(fills[i], fills[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Segment]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(fills[i])
    out: list[Segment] = []
    for g in groups.values():
        tops = sorted({round(f.top) for f in g})
        lefts = sorted({round(f.x0) for f in g})
        if len(g) < min_tiles or _distinct(tops) < 2 or _distinct(lefts) < 2:
            continue  # a shaded header row (cells side by side) is a band, not a table
        x0, t = min(f.x0 for f in g), min(f.top for f in g)
        x1, b = max(f.x1 for f in g), max(f.bottom for f in g)
        covered = sum((f.x1 - f.x0) * (f.bottom - f.top) for f in g)
        if covered < 0.75 * (x1 - x0) * (b - t):
            continue  # stripes (every other row shaded, a shaded cell spanning rows joining them): no tiling
        for f in g:
            out += [Segment(f.x0, f.top, f.x1, f.top), Segment(f.x0, f.bottom, f.x1, f.bottom),
                    Segment(f.x0, f.top, f.x0, f.bottom), Segment(f.x1, f.top, f.x1, f.bottom)]
    return out


def _distinct(values: list[int], tol: float = TILE_GAP) -> int:
    """How many groups of sorted values lie more than ``tol`` apart."""
    n, last = 0, None
    for v in values:
        if last is None or v - last > tol:
            n += 1
        last = v
    return n

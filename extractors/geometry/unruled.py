"""Whitespace (stream) strategy: tables drawn without ruling lines, and rows without rules.

The approach of camelot's stream flavour, pdfplumber's text strategy and img2table's
borderless mode, on the shared geometry (so digital and OCR'd pages both get it):

* **columns** are gaps that run through several lines. A *seed* line has at least two
  wide gaps (a header row naming the columns, or a body row of short cells); the gaps
  are narrowed line by line to the x-ranges no word of the table covers ("rivers").
  The table grows down (and up, over a header's first lines) while every line keeps
  every river open and the lines stay close; a line that crosses a river (a paragraph)
  or a wide vertical gap ends it.
* **rows** start where the text of several columns starts afresh on the same line
  (:func:`row_breaks`): a line is a *continuation* when the line above it in the same
  column was full (the next word would not have fitted), so a cell's wrapped text stays
  one cell; a horizontal rule across the table (booktabs, Word's light styles) is a row
  boundary too; a bold block at the top is the header row.
* A layout of ``LABEL : value`` lines (a column of colons) is a form, not a table; a list
  (label | text) has only two columns: neither is taken.

Nothing here knows IKI: the header is recognised by layout (first row, bold, above a
rule), never by its words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.geometry.primitives import Segment, Word, median, text_lines

SEED_GAP = 0.8       # em: a gap this wide between two words of a line may separate two cells
MIN_RIVER = 1.6      # points: narrowest gap between two columns
MAX_LINE_GAP = 1.9   # line heights: a wider vertical gap ends a table (unless a rule is in it)
SPACE = 0.28         # em: width of a word space, for the wrapped-line test
_ENUM = re.compile(r"^\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]$")  # a list or row number: "1.", "b)", "(3)"


@dataclass
class Layout:
    """An unruled table found on a page: column and row boundaries (points) and the words
    it holds. ``xs``/``ys`` include the outer edges."""

    xs: list[float]
    ys: list[float]
    words: list[Word]
    header_rows: int = 0


# ----------------------------------------------------------------------------- rows


def _wraps(prev: list[Word], line: list[Word], width: float) -> bool:
    """Is ``line`` the wrapped continuation of ``prev`` in a column whose text is ``width``
    wide? It is when the first word of ``line`` would not have fitted after ``prev``."""
    if not prev or not line:
        return False
    em = median([w.em for w in prev])
    used = prev[-1].x1 - prev[0].x0
    first = line[0].x1 - line[0].x0
    return used + SPACE * em + first > width - 0.5 * em


def row_breaks(columns: list[list[Word]], widths: list[float], strict: bool,
               rules: list[float] = (), keep_together: float | None = None) -> list[float]:
    """Where new rows start inside one band of a table whose rows have no rules between them.

    ``columns``: the words of each column in the band; ``widths``: each column's text width
    (points); ``strict`` (inside ruled columns): a new row needs fresh text in the table's
    first column (the row's key, which the band's first line must have too) and in one more
    column; otherwise also three fresh columns making up
    half of the band's columns, or two after a vertical gap wider than a line. ``rules``:
    y positions of horizontal rules across the band (always row boundaries; when there are
    any, only they separate rows). ``keep_together``: no break above this y (a header block).
    Returns the y positions of the boundaries, top to bottom.
    """
    if rules:
        return sorted(rules)
    lines_by_col = [text_lines(ws) for ws in columns]
    entries = []  # (top, bottom, col, fresh, n_words)
    heights = []
    for c, lines in enumerate(lines_by_col):
        for i, ln in enumerate(lines):
            top, bottom = min(w.top for w in ln), max(w.bottom for w in ln)
            heights.append(bottom - top)
            fresh = True
            if i > 0:
                prev = lines[i - 1]
                gap = top - max(w.bottom for w in prev)
                fresh = gap > 0.8 * (bottom - top) or not _wraps(prev, ln, widths[c]) or bool(_ENUM.match(ln[0].text))
            entries.append((top, bottom, c, fresh, len(ln)))
    if not entries:
        return []
    line_h = median(heights, 10.0)
    entries.sort()
    slots: list[list[tuple[float, float, int, bool]]] = []
    for e in entries:
        if slots and e[0] - slots[-1][0][0] <= 0.5 * line_h:
            slots[-1].append(e)
        else:
            slots.append([e])
    active = sorted({e[2] for e in entries})
    # a first column of short entries (numbers, codes) is the rows' key: each of its lines starts a row
    key_col = active[0]
    key_lines = [e for e in entries if e[2] == key_col]
    keyed = not strict and len(key_lines) >= 2 and all(e[4] <= 3 for e in key_lines)
    if strict and (0 not in {e[2] for e in slots[0]} or sum(1 for e in entries if e[2] == 0 and e[3]) < 2):
        return []  # inside ruled columns every row starts with its key in the first column
    key_tops = [e[0] for e in entries if e[2] == 0]
    breaks = []
    bottom_so_far = max(e[1] for e in slots[0])
    for slot in slots[1:]:
        top = min(e[0] for e in slot)
        fresh = {e[2] for e in slot if e[3]}
        gap = top - bottom_so_far
        leftmost = 0 if strict else active[0]
        ok = leftmost in fresh and len(fresh) >= 2
        if keyed and any(e[2] == key_col for e in slot):
            ok = True
        if not strict:
            ok = ok or (len(fresh) >= 3 and 2 * len(fresh) >= len(active)) \
                or (len(fresh) >= 2 and gap > 0.9 * line_h)
        if ok and (keep_together is None or top > keep_together):
            breaks.append((bottom_so_far + top) / 2 if gap > 0 else top - 0.5)
        bottom_so_far = max(bottom_so_far, max(e[1] for e in slot))
    if strict and breaks:
        # each row so found holds exactly one line of the key column (a number, a code), else the
        # lines are a cell's own line breaks, not rows
        edges = [float("-inf")] + breaks + [float("inf")]
        if any(sum(1 for y in key_tops if a < y < b) != 1 for a, b in zip(edges, edges[1:])):
            return []
    return breaks


# ----------------------------------------------------------------------------- columns


def _gaps(line: list[Word], min_gap: float) -> list[tuple[float, float]]:
    return [(a.x1, b.x0) for a, b in zip(line, line[1:]) if b.x0 - a.x1 >= min_gap]


def _cut(rivers: list[list[tuple[float, float]]], line: list[Word]) -> list[list[tuple[float, float]]] | None:
    """Rivers (per seed gap, its open pieces) narrowed by the words of ``line``; None when the
    line closes one of them (it crosses a column boundary)."""
    out = []
    for pieces in rivers:
        kept = []
        for a, b in pieces:
            segs = [(a, b)]
            for w in line:
                if w.x1 <= a or w.x0 >= b:
                    continue
                nxt = []
                for s, e in segs:
                    if w.x1 <= s or w.x0 >= e:
                        nxt.append((s, e))
                        continue
                    if w.x0 - s >= MIN_RIVER:
                        nxt.append((s, w.x0))
                    if e - w.x1 >= MIN_RIVER:
                        nxt.append((w.x1, e))
                segs = nxt
            kept += segs
        if not kept:
            return None
        out.append(kept)
    return out


def _line_box(line: list[Word]) -> tuple[float, float, float, float]:
    return (min(w.x0 for w in line), min(w.top for w in line), max(w.x1 for w in line),
            max(w.bottom for w in line))


def _colon_column(lines: list[list[Word]], xs: list[float]) -> bool:
    """A column holding nothing but colons: a ``LABEL : value`` form layout."""
    for a, b in zip(xs, xs[1:]):
        texts = [w.text for ln in lines for w in ln if a <= w.cx < b]
        if texts and all(t in (":", "：") for t in texts):
            return True
    return False


def find_layouts(words: list[Word], hrules: list[Segment] = ()) -> tuple[list[Layout], list[str]]:
    """Tables without (vertical) ruling lines among ``words``. Returns the layouts found and
    notes on column-aligned text that could not be made a table (for a warning).

    ``hrules``: horizontal rules not part of a ruled table (booktabs rules, Word's light
    styles); they may sit inside a table and separate its rows.
    """
    lines = text_lines(words)
    if len(lines) < 3:
        return [], []
    boxes = [_line_box(ln) for ln in lines]
    ems = [median([w.em for w in ln]) for ln in lines]
    line_h = median([b[3] - b[1] for b in boxes], 10.0)
    used = [False] * len(lines)
    layouts: list[Layout] = []
    notes: list[str] = []

    def rule_between(y0: float, y1: float, x0: float, x1: float) -> bool:
        return any(y0 - 1 <= r.y <= y1 + 1 and r.x0 <= x0 + 0.3 * (x1 - x0) and r.x1 >= x1 - 0.3 * (x1 - x0)
                   for r in hrules)

    i = 0
    while i < len(lines):
        seed_gaps = _gaps(lines[i], SEED_GAP * ems[i]) if not used[i] else []
        if len(seed_gaps) < 2:
            i += 1
            continue
        rivers = [[g] for g in seed_gaps]
        members = [i]
        # grow down
        j = i + 1
        while j < len(lines) and not used[j]:
            gap = boxes[j][1] - boxes[members[-1]][3]
            if gap > MAX_LINE_GAP * line_h and not rule_between(boxes[members[-1]][3], boxes[j][1],
                                                                  boxes[i][0], boxes[i][2]):
                break
            cut = _cut(rivers, lines[j])
            if cut is None:
                break
            rivers = cut
            members.append(j)
            j += 1
        # grow up over a header's first lines
        k = i - 1
        while k >= 0 and not used[k]:
            gap = boxes[members[0]][1] - boxes[k][3]
            if gap > 1.2 * line_h:
                break
            cut = _cut(rivers, lines[k])
            if cut is None:
                break
            rivers = cut
            members.insert(0, k)
            k -= 1
        table_lines = [lines[m] for m in members]
        left = min(boxes[m][0] for m in members)
        right = max(boxes[m][2] for m in members)
        # one boundary per open piece of river (pieces split by a column that the seed left empty)
        bounds = sorted((a + b) / 2 for pieces in rivers for a, b in pieces if left < (a + b) / 2 < right)
        xs = [left - 1.0] + bounds + [right + 1.0]
        ok_shape = len(xs) >= 4 and len(members) >= 3
        # every column holds text on at least two lines (a lone stray gap is not a column)
        filled = [sum(1 for ln in table_lines if any(a <= w.cx < b for w in ln)) for a, b in zip(xs, xs[1:])]
        if ok_shape and min(filled) >= 2 and not _colon_column(table_lines, xs):
            layout = _rows(table_lines, xs, hrules)
            if layout is not None and len(layout.ys) >= 4 and _names_columns(layout):
                layouts.append(layout)
                for m in members:
                    used[m] = True
                i = members[-1] + 1
                continue
        if len(seed_gaps) >= 3 and len(members) >= 3 and not _colon_column(table_lines, xs):
            notes.append(f"lines at y={boxes[members[0]][1]:.0f}-{boxes[members[-1]][3]:.0f} are laid out in "
                         f"columns but were not read as a table")
        i += 1
    return layouts, notes


def _names_columns(lay: Layout) -> bool:
    """Does the layout's first row read as a header: a short name over (nearly) every column?"""
    y0, y1 = lay.ys[0], lay.ys[1]
    first = [w for w in lay.words if y0 <= w.cy < y1]
    n_cols = len(lay.xs) - 1
    named = 0
    for a, b in zip(lay.xs, lay.xs[1:]):
        cell = [w for w in first if a <= w.cx < b]
        if not cell:
            continue
        if max(len(ln) for ln in text_lines(cell)) > 6 or len(cell) > 12:
            return False  # a sentence, not a column's name
        named += 1
    return named >= max(3, n_cols - 1) and not _form(lay)


def _form(lay: Layout) -> bool:
    """``LABEL : value`` rows (the colon at the end of a label or at the start of a value) in
    half of the rows or more: a form laid out with tabs, not a table."""
    n = hits = 0
    for y0, y1 in zip(lay.ys, lay.ys[1:]):
        row = sorted((w for w in lay.words if y0 <= w.cy < y1), key=lambda w: (w.top, w.x0))
        if not row:
            continue
        n += 1
        cells = [[w for w in row if a <= w.cx < b] for a, b in zip(lay.xs, lay.xs[1:])]
        texts = [" ".join(w.text for w in sorted(c, key=lambda w: (round(w.top), w.x0))) for c in cells]
        if any(t.startswith(":") or t.endswith(":") for t in texts if t):
            hits += 1
    return n > 0 and 2 * hits >= n


def _rows(lines: list[list[Word]], xs: list[float], hrules: list[Segment]) -> Layout | None:
    words = [w for ln in lines for w in ln]
    top, bottom = min(w.top for w in words), max(w.bottom for w in words)
    left, right = xs[0], xs[-1]
    columns = [[w for w in words if a <= w.cx < b] for a, b in zip(xs, xs[1:])]
    widths = [max((w.x1 for w in col), default=0) - min((w.x0 for w in col), default=0) for col in columns]
    # rules across the table (not its top or bottom border)
    rules = sorted(r.y for r in hrules if top + 1 < r.y < bottom - 1
                   and r.x0 <= left + 0.3 * (right - left) and r.x1 >= right - 0.3 * (right - left))
    # the header: a bold block at the top over a body that is not bold, or what lies above the first rule
    header_end = None
    bold = [all(w.bold for w in ln) for ln in lines]
    if bold[0] and not all(bold):
        k = bold.index(False)
        header_end = max(w.bottom for ln in lines[:k] for w in ln)
    body_rules = rules
    if rules and len(rules) == 1:
        # booktabs: one rule under the header; the body's rows are told by their text
        header_end = rules[0]
        body_rules = []
    breaks = row_breaks(columns, widths, strict=False, rules=body_rules, keep_together=header_end)
    if header_end is not None and not body_rules:
        breaks = sorted(set(breaks) | {header_end})
    ys = [top - 1.0]
    for b in sorted(b for b in breaks if top < b < bottom):
        if any(ys[-1] <= w.cy < b for w in words):  # no empty row between two boundaries
            ys.append(b)
    ys.append(bottom + 1.0)
    return Layout(xs, ys, words, header_rows=1 if header_end is not None else 0)

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

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from extractors.geometry.primitives import Segment, Word, cluster, median, text_lines

SEED_GAP = 0.8       # em: a gap this wide between two words of a line may separate two cells
MIN_RIVER = 0.3      # em: a gap narrower than this (a word space) is closed
MIN_GUTTER = 0.35    # line heights: narrowest gap between two columns
MAX_LINE_GAP = 1.9   # line heights: a wider vertical gap ends a table (unless a rule is in it)
FULL = 0.75          # share of its column's width a line fills when the next line may be its wrapped rest
SPLIT_EM = 1.5       # em: words this wide inside a column gap split it into two gaps
RESUME = 6           # lines: a table goes on after text overflowing a border if it resumes within these
UP_GAP = 0.6         # line heights: a header's first line above the seed line is at most this far above it
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
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row, col, rowspan, colspan)
    col_of: dict[int, int] = field(default_factory=dict)  # id(word) -> its column
    guessed: tuple[int, ...] = ()  # body rows with a boundary drawn by no rule (told from the text)


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
                fresh = gap > 0.8 * (bottom - top) or not _wraps(prev, ln, widths[c]) or bool(_ENUM.match(ln[0].text)) \
                    or (ln[0].bold and not prev[-1].bold)  # a bold label after plain text starts a cell
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


# ----------------------------------------------------------------------------- lines and chunks


@dataclass
class _Line:
    """A visual line with its *chunks*: runs of words separated by less than a cell gap."""

    words: list[Word]
    chunks: list[list[Word]]
    x0: float
    top: float
    x1: float
    bottom: float
    em: float


def _line(words: list[Word]) -> _Line:
    em = median([w.em for w in words], 10.0)
    chunks: list[list[Word]] = [[words[0]]]
    for a, b in zip(words, words[1:]):
        if b.x0 - a.x1 >= SEED_GAP * em:
            chunks.append([b])
        else:
            chunks[-1].append(b)
    return _Line(words, chunks, min(w.x0 for w in words), min(w.top for w in words),
                 max(w.x1 for w in words), max(w.bottom for w in words), em)


# ----------------------------------------------------------------------------- columns ("rivers")


@dataclass
class _Gap:
    """An x-range no word of the table covers so far. ``spans``: how many lines have text on both
    sides of it with a cell gap between (a gap between two columns, not the page margin).
    ``origin``: pieces of one column gap that a word split share it."""

    a: float
    b: float
    spans: int = 0
    origin: int = 0
    seed: bool = False  # a gap between the cells of the line the table was found from


_origins = itertools.count(1)


def _split_chunks(chunks: list[list[Word]], bounds: list[tuple[float, float]],
                  starts: list[float] = ()) -> list[list[Word]]:
    """Chunks cut where a space between two of their words meets a column gap: text set close to
    the next column's (a narrow gutter: the cell padding narrower than a chunk's gap, or than a
    space of a monospaced font) runs into one chunk with it, but the space between the two cells'
    words still lies where the columns part. ``bounds``: the x-ranges between the table's columns
    (a gap's extent, or a border ± a little). ``starts``: x positions where the text of many lines
    starts (the columns' left edges): where one lies in the gap, the cut is made before the word
    starting there and nowhere else; otherwise before the widest space in the gap, when it is
    wider than the chunk's other spaces. A word that itself runs over a gap (no space there) is
    not cut."""
    if not bounds:
        return chunks
    out: list[list[Word]] = []
    for ch in chunks:
        todo = ch
        while len(todo) > 1:
            best = None
            spaces = sorted(todo[k + 1].x0 - todo[k].x1 for k in range(len(todo) - 1))
            typical = spaces[len(spaces) // 2]
            for a, b in bounds:
                if todo[0].x0 >= b or todo[-1].x1 <= a:
                    continue
                edges = [x for x in starts if a - 1.0 <= x <= b + 1.0]
                for k in range(len(todo) - 1):
                    s, e = todo[k].x1, todo[k + 1].x0
                    if not (e > s and s < b and e > a):
                        continue  # the space between words k and k+1 does not meet the gap
                    if edges:
                        if any(abs(e - x) <= 1.0 for x in edges):
                            best = (0.0, k) if best is None or best[0] > 0.0 else best
                    elif len(spaces) >= 2 and e - s >= 1.3 * typical:
                        key = -(e - s)
                        if best is None or key < best[0]:
                            best = (key, k)
            if best is None:
                break
            k = best[1]
            out.append(todo[:k + 1])
            todo = todo[k + 1:]
        out.append(todo)
    return out


def _frequent_starts(lines: list["_Line"]) -> list[float]:
    """x positions where three chunks or more start, on lines of two chunks or more: the left edges
    of the columns of the tables on the page."""
    xs = sorted(ch[0].x0 for ln in lines if len(ln.chunks) >= 2 for ch in ln.chunks)
    out = []
    i = 0
    while i < len(xs):
        j = i
        while j + 1 < len(xs) and xs[j + 1] - xs[i] <= 1.0:
            j += 1
        if j - i + 1 >= 3:
            out.append(sum(xs[i:j + 1]) / (j - i + 1))
        i = j + 1
    return out


def _cut(gaps: list[_Gap], line: _Line, starts: list[float] = ()) -> tuple[list[_Gap], set[int]]:
    """The gaps narrowed by the words of ``line``, and how many column gaps (gaps that separated
    text before: on two lines, or on the table's first line) the line closes (their origins). A gap that a word
    lands in the middle of splits in two (a
    header cell over a column that the seed line left empty); a column gap split only by a
    short mark is closed only when none of its pieces is left (a centred header word may stand
    in a gap that the column numbers below narrow from the other side)."""
    out: list[_Gap] = []
    min_w = MIN_RIVER * line.em  # narrower than a wide word space: not a gap between columns
    before = {g.origin for g in gaps if g.spans >= 2 or g.seed}
    alive: set[int] = set()
    # the column gaps found so far part a chunk where a space between its words meets them
    chunks = _split_chunks(line.chunks, [(g.a, g.b) for g in gaps if g.origin in before], starts)
    boxes = [Word("", ch[0].x0, ch[0].top, ch[-1].x1, ch[0].bottom) for ch in chunks]
    # the space where a chunk was cut keeps a column gap open however narrow (the gutter is the
    # cells' padding); another gap narrower than a wide word space closes
    cuts = {id(boxes[k]) for k in range(len(boxes) - 1) if boxes[k + 1].x0 - boxes[k].x1 < SEED_GAP * line.em}
    cuts_right = {id(boxes[k + 1]) for k in range(len(boxes) - 1) if id(boxes[k]) in cuts}
    for g in gaps:
        pieces = [(g.a, g.b)]
        inside = 0.0  # width of the words standing inside the gap
        for w in boxes:  # whole chunks: the spaces between words of a cell are no gaps
            if w.x1 <= g.a or w.x0 >= g.b:
                continue
            inside += min(w.x1, g.b) - max(w.x0, g.a)
            nxt = []
            for s, e in pieces:
                if w.x1 <= s or w.x0 >= e:
                    nxt.append((s, e))
                    continue
                if w.x0 - s >= (0.05 * line.em if id(w) in cuts_right else min_w):
                    nxt.append((s, w.x0))
                if e - w.x1 >= (0.05 * line.em if id(w) in cuts else min_w):
                    nxt.append((w.x1, e))
            pieces = nxt
        # a column gap split by a mark narrower than a few letters (a column number under a centred
        # header) stays one gap; split by a header cell's words it is two
        split = len(pieces) > 1 and (not g.spans or inside > SPLIT_EM * line.em)
        out += [_Gap(s, e, g.spans, next(_origins) if split else g.origin, g.seed) for s, e in pieces]
        if pieces:
            alive.add(g.origin)
    closed = before - alive
    # count the gaps this line spans: a cell gap of the line lies over them
    cell_gaps = [(a[-1].x1, b[0].x0) for a, b in zip(chunks, chunks[1:])]
    for g in out:
        if any(s <= g.a + 0.01 and g.b <= e + 0.01 for s, e in cell_gaps):
            g.spans += 1
    return out, closed


def _open_gaps(line: _Line, left: float, right: float) -> list[_Gap]:
    """The gaps of a first line between ``left`` and ``right`` (the text block's edges)."""
    gaps, _ = _cut([_Gap(left, right, 0, next(_origins))], line)
    for g in gaps:
        g.seed = g.spans > 0
    return gaps


def _borders(xs: list[float], em: float) -> list[tuple[float, float]]:
    """The inner column borders ``xs`` as x-ranges a space between two cells' words may meet."""
    return [(x - 0.3 * em, x + 0.3 * em) for x in xs[1:-1]]


def _fits(line: _Line, xs: list[float], starts: list[float] = ()) -> tuple[bool, int]:
    """Does every chunk of ``line`` lie inside one column of ``xs``? Returns (fits, crossings):
    crossings counts the column borders that chunks run over (a chunk is first cut where a space
    between its words meets a border, see :func:`_split_chunks`)."""
    crossings = 0
    for ch in _split_chunks(line.chunks, _borders(xs, line.em), starts):
        a, b = ch[0].x0, ch[-1].x1
        crossings += sum(1 for x in xs[1:-1] if a < x - 1.0 and b > x + 1.0)
    return crossings == 0, crossings


def _columns(words_by_line: list[_Line], xs: list[float]) -> dict[int, int]:
    """The column of every word: a chunk belongs to the column it starts in (text that runs out
    of its cell, an equation that does not wrap, stays in its cell), once cut where a space
    between its words meets a border (:func:`_split_chunks`)."""
    col_of: dict[int, int] = {}
    n = len(xs) - 1
    starts = _frequent_starts(words_by_line)
    for ln in words_by_line:
        for ch in _split_chunks(ln.chunks, _borders(xs, ln.em), starts):
            c = min(max(bisect.bisect_right(xs, ch[0].x0 + 0.5) - 1, 0), n - 1)
            for w in ch:
                col_of[id(w)] = c
    return col_of


# ----------------------------------------------------------------------------- rows


@dataclass
class _ColLine:
    col: int
    words: list[Word]
    top: float
    bottom: float
    fresh: bool | None  # starts new text in its column (not the wrapped rest of the line above); None: unknown
    n_words: int
    block_start: bool = False  # the first line of its column's text, or the first after a blank line
    full: bool = False  # reaches (nearly) across its column: the next line may be its wrapped rest
    label: bool = False  # starts with a bold label after plain text: a cell's first line


def _cy(ln: list[Word]) -> float:
    return (min(w.top for w in ln) + max(w.bottom for w in ln)) / 2


def _col_lines(lines: list[_Line], xs: list[float], col_of: dict[int, int], keep_together: float | None = None
               ) -> tuple[list[_ColLine], float]:
    """Every column's own lines, each marked: ``fresh`` True (new text), False (the wrapped rest of
    the line above) or None (cannot tell: centred text, whose line lengths say nothing of
    wrapping). The first line under the header block is fresh."""
    n = len(xs) - 1
    per_col: list[list[Word]] = [[] for _ in range(n)]
    for ln in lines:
        for w in ln.words:
            per_col[col_of[id(w)]].append(w)
    out: list[_ColLine] = []
    heights = []
    for c, ws in enumerate(per_col):
        lines_c = text_lines(ws)
        # the text width of the column: its widest line that stays inside the column
        inside = [ln for ln in lines_c if ln[-1].x1 <= xs[c + 1] + 1.0] or lines_c
        width = max((ln[-1].x1 - ln[0].x0 for ln in inside), default=0.0)
        left = min((ln[0].x0 for ln in inside), default=0.0)
        right = max((ln[-1].x1 for ln in inside), default=0.0)

        def centred(ln: list[Word]) -> bool:
            em = median([w.em for w in ln], 10.0)
            mid = (ln[0].x0 + ln[-1].x1) / 2
            return ln[0].x0 - left > em and abs(mid - (left + right) / 2) <= 0.05 * (right - left) + 2.0

        # a column of single values (codes, dates, numbers): every line of its body is one token
        body = [ln for ln in lines_c if keep_together is None or _cy(ln) > keep_together]
        values = len(body) >= 2 and all(len(ln) == 1 for ln in body)
        for i, ln in enumerate(lines_c):
            top, bottom = min(w.top for w in ln), max(w.bottom for w in ln)
            heights.append(bottom - top)
            fresh: bool | None = True
            label = False
            block = i == 0 or (keep_together is not None and _cy(lines_c[i - 1]) <= keep_together < _cy(ln))
            if i > 0:
                prev = lines_c[i - 1]
                gap = top - max(w.bottom for w in prev)
                if gap > 0.8 * (bottom - top):
                    fresh = True
                    block = True
                elif _ENUM.match(ln[0].text):
                    fresh = True
                elif keep_together is not None and _cy(prev) <= keep_together < _cy(ln):
                    fresh = True
                elif values:
                    fresh = True
                elif ln[0].bold and not prev[-1].bold:
                    fresh = label = True  # a bold label after plain text starts a cell's text
                elif centred(prev) or centred(ln):
                    fresh = None
                else:
                    fresh = not _wraps(prev, ln, width)
            out.append(_ColLine(c, ln, top, bottom, fresh, len(ln), block,
                                ln[-1].x1 - ln[0].x0 >= FULL * width, label))
    out.sort(key=lambda e: (e.top, e.col))
    return out, median(heights, 10.0)


CELL_GAP = 0.5     # line heights: lines of one column further apart than this are in different cells
PIXEL = 0.8        # points: a line set on a device pixel's grid may move this far (96 dpi)
TIGHT_PAD = 1.2    # points: the least extra space between two cells of a column over that between a cell's lines
CENTRE_TOL = 0.3   # line heights: text blocks whose middles are this close are centred on one row


def _cell_gap(entries: list[_ColLine], line_h: float) -> float:
    """The least blank space between two lines of one column that parts two cells: ``CELL_GAP`` line
    heights, or less where the table's cells are padded tightly (a point or two): then the space
    between the lines of one cell (the least that recurs between a column's lines, give or take a
    device pixel's rounding) plus twice the least padding."""
    last: dict[int, _ColLine] = {}
    gaps = []
    for e in sorted(entries, key=lambda e: (e.col, e.top)):
        if e.col in last:
            gaps.append(e.top - last[e.col].bottom)
        last[e.col] = e
    gaps = sorted(g for g in gaps if g >= 0.0)  # (the lines of a stacked fraction overlap)
    if len(gaps) < 6:
        return CELL_GAP * line_h
    # the space between the lines of a cell: the one that recurs most (most lines are a cell's own),
    # and those a device pixel's rounding away from it
    common = Counter(round(g * 2) / 2 for g in gaps).most_common(1)[0][0]
    leading = max(g for g in gaps if g <= common + PIXEL)
    return min(CELL_GAP * line_h, leading + max(TIGHT_PAD, 0.15 * line_h))


def _blocks(entries: list[_ColLine], cut: float) -> dict[int, list[list[_ColLine]]]:
    """Each column's lines grouped into blocks: the lines of one cell, apart from the next cell's
    by more than ``cut`` (the cells' padding)."""
    out: dict[int, list[list[_ColLine]]] = {}
    for e in sorted(entries, key=lambda e: (e.col, e.top)):
        col = out.setdefault(e.col, [])
        if col and e.top - max(x.bottom for x in col[-1]) <= cut:
            col[-1].append(e)
        else:
            col.append([e])
    return out


def _centred_rows(entries: list[_ColLine], n: int, line_h: float, keep_together: float | None
                  ) -> tuple[list[float], dict[tuple[int, int], int]] | None:
    """:func:`_centred_rows_at` with cells parted by half a line's blank space, or, where the table's
    cells are padded so tightly that this joins the cells of a column, by :func:`_cell_gap`: of the
    two readings, the tight one where it holds and has more rows than the other, or as many with more of
    the blocks centred on their rows (the share of the other columns' blocks level with the rows')."""
    body = [e for e in entries if keep_together is None or (e.top + e.bottom) / 2 > keep_together]
    loose = _centred_rows_at(entries, n, line_h, keep_together, CELL_GAP * line_h)
    cut = _cell_gap(body, line_h)
    if cut >= CELL_GAP * line_h:
        return loose[:2] if loose else None
    tight = _centred_rows_at(entries, n, line_h, keep_together, cut)
    if tight is not None and (loose is None or (len(tight[0]), tight[2]) > (len(loose[0]), loose[2])):
        return tight[:2]
    return loose[:2] if loose else None


def _centred_rows_at(entries: list[_ColLine], n: int, line_h: float, keep_together: float | None, cut: float
                     ) -> tuple[list[float], dict[tuple[int, int], int], float] | None:
    """Rows of a table whose cells are centred vertically in their rows (no rules between the rows):
    every cell's text block is centred on its row's middle, so the blocks of one row share their
    middle whatever their heights, and a cell spanning rows (a NO or a SASARAN over several
    indicators) is centred on the middle of its rows. Returns the row boundaries (body only) and the
    cells spanning rows as ``{(first row, col): rowspan}`` and the share of the other columns' blocks
    centred on the rows' (``cut``: the blank space that parts two cells), or None when the text is not laid out so
    (its blocks are top-aligned, or too few share middles).

    The rows are the blocks of the column whose blocks the most other blocks are centred on; a
    column with fewer blocks than rows, some of them centred between rows, spans rows: each row
    belongs to the block nearest its middle."""
    body = [e for e in entries if keep_together is None or (e.top + e.bottom) / 2 > keep_together]
    blocks = _blocks(body, cut)
    if len(blocks) < 2:
        return None

    def mid(b: list[_ColLine]) -> float:
        return (min(e.top for e in b) + max(e.bottom for e in b)) / 2

    tol = CENTRE_TOL * line_h

    def together(b: list[_ColLine], bs: list[list[_ColLine]], k: int, anchors: list[list[_ColLine]]) -> bool:
        """Is block ``b`` (of the column whose blocks are ``bs``) in the row of the anchor's ``k``-th block:
        centred on the same middle, or, in a row the page cut (the table's last row, its cells' text
        starting together over the page's end; its first, ending together under the page's top), level
        with it at that end?"""
        a = anchors[k]
        if abs(mid(a) - mid(b)) <= tol:
            return True
        if b is bs[-1] and k == len(anchors) - 1 and len(anchors) > 1:
            return abs(min(e.top for e in b) - min(e.top for e in a)) <= 1.0
        if b is bs[0] and k == 0 and len(anchors) > 1:
            return abs(max(e.bottom for e in b) - max(e.bottom for e in a)) <= 1.0
        return False

    best = None
    for c, anchors in blocks.items():
        # (one block per column: a band holding one row, its cells centred on a tall one)
        mids = [mid(a) for a in anchors]
        aligned = offset = 0
        for d, bs in blocks.items():
            if d == c:
                continue
            for b in bs:
                m = mid(b)
                k = min(range(len(mids)), key=lambda i: abs(mids[i] - m))
                if together(b, bs, k, anchors):
                    aligned += 1
                    if abs(min(e.top for e in b) - min(e.top for e in anchors[k])) > 0.5 * line_h:
                        offset += 1  # the same middle but another top: centred, not top-aligned
        key = (aligned, len(anchors), offset)  # of equals, the column whose blocks the others are centred on
        if best is None or key > best[0]:
            best = (key, c, offset)
    if best is None:
        return None
    (aligned, _, _), anchor, offset = best
    others = sum(len(bs) for d, bs in blocks.items() if d != anchor)
    if offset < 2 or aligned < 0.6 * others:
        return None
    rows = blocks[anchor]
    mids = [mid(a) for a in rows]
    members: list[list[list[_ColLine]]] = [[a] for a in rows]
    spans: dict[tuple[int, int], int] = {}
    for d, bs in blocks.items():
        if d == anchor:
            continue
        own = [min(range(len(mids)), key=lambda i: abs(mids[i] - mid(b))) for b in bs]
        single = [together(b, bs, k, rows) for k, b in zip(own, bs)]
        if len(bs) < len(rows) and not all(single):
            # a column spanning rows: each row goes to the block nearest its middle
            owner = [min(range(len(bs)), key=lambda j: abs(mid(bs[j]) - m)) for m in mids]
            for j in range(len(bs)):
                mine = [i for i, o in enumerate(owner) if o == j]
                if mine and mine == list(range(mine[0], mine[-1] + 1)) and len(mine) > 1:
                    spans[(mine[0], d)] = len(mine)
            continue
        for k, b, ok in zip(own, bs, single):
            if ok:
                members[k].append(b)
    bounds = []
    for i in range(len(rows) - 1):
        low = max(e.bottom for b in members[i] for e in b)
        high = min(e.top for b in members[i + 1] for e in b)
        if low > high + 0.5:
            return None  # rows that overlap: not centred rows
        bounds.append((low + high) / 2)
    return bounds, spans, aligned / others if others else 0.0


def _key_entries(entries: list[_ColLine], key_col: int, rules: list[float], y: float) -> int:
    """How many separate entries (blocks of lines) the key column has in the band between the rules
    around ``y``."""
    above = max((r for r in rules if r <= y), default=float("-inf"))
    below = min((r for r in rules if r > y), default=float("inf"))
    return sum(1 for e in entries if e.col == key_col and e.block_start and above < (e.top + e.bottom) / 2 < below)


NARROW_SPANS = 6  # lines a narrow gutter must part the text of to be a column gap by itself
BAND_RATIO = 2.5   # a blank band between rows is this many times the largest gap between the lines of a cell


def _row_bands(entries: list[_ColLine], slots: list[list[_ColLine]], keep_together: float | None
               ) -> float | None:
    """The least blank space above a cell's text in a table whose cells are set apart by padding (no
    rules): the gaps between one line of a column and the next fall in two groups, the larger at
    least ``BAND_RATIO`` times the smaller's largest, and most lines of the table set apart so start
    afresh in two columns or more at once (a row's start). None when the text shows no such groups."""
    body = [e for e in entries if keep_together is None or e.top > keep_together]
    above: dict[int, float] = {}
    last: dict[int, _ColLine] = {}
    for e in sorted(body, key=lambda e: (e.col, e.top)):
        if e.col in last:
            above[id(e)] = e.top - last[e.col].bottom
        last[e.col] = e
    sizes = sorted(above.values())
    if len(sizes) < 6:
        return None
    best = None
    for i in range(1, len(sizes)):
        lo, hi = max(sizes[i - 1], 0.5), sizes[i]
        if hi / lo >= BAND_RATIO and (best is None or hi / lo > best[0]):
            best = (hi / lo, i, (lo * hi) ** 0.5)
    if best is None or best[1] < 2 or len(sizes) - best[1] < 2:
        return None
    cut = best[2]
    apart = [s for s in slots if any(above.get(id(e), 0.0) >= cut for e in s)]
    starts = sum(1 for s in apart if sum(1 for e in s if e.fresh and above.get(id(e), cut) >= cut) >= 2)
    return cut if len(apart) >= 2 and starts >= 0.6 * len(apart) else None


def _stream_rows(lines: list[_Line], xs: list[float], col_of: dict[int, int], rules: list[float],
                 keep_together: float | None, evidence: dict | None = None
                 ) -> tuple[list[float], list[tuple[int, int, int, int]]]:
    """Row boundaries of a table without rules between its rows, and its cells (row, col, rowspan,
    colspan). Evidence for a new row, on one line of the table:

    * text starts afresh (it is not the wrapped rest of the line above, see :func:`_wraps`) in two
      columns or more, and goes on wrapping in none — or only in the first column, whose cell then
      spans both rows when all its text in the lower row is that wrapped rest (a SASARAN written
      once for several indicators);
    * a bold label after plain text in one column, beside text in another: it starts a cell;
    * a first column of short entries (numbers, codes): each of its lines starts a row; another
      column of short entries (three lines at most) set apart by blank space: each entry starts a
      row where other columns have text on the same line;
    * horizontal rules across the table (``rules``) are row boundaries; between them text starts
      a row only where nothing wraps and two columns start afresh, one of them the first or
      all of them after blank space.

    ``keep_together``: no boundary above this y (the header block).

    ``evidence`` (a dict, filled when given): ``weak``, the boundaries told by weak evidence, and
    ``doubt``, lines inside a row where a weak sign of a new row was not taken. A boundary is sure when
    a rule draws it, when a first column of short entries (a NO) starts a row there, or when every
    column with text on the line starts afresh after blank space (or after the padding that sets the
    table's cells apart), two of them at least, the first among them, with nothing wrapping over it;
    any other boundary (text starting afresh in some columns with no blank space, a bold label, an
    entry of another column, middles of centred cells without a NO) is weak. A line where text
    starts afresh in two columns or more but that stays in the row above is a doubt.
    """
    weak: set[float] = set()
    doubt: list[float] = []
    if evidence is not None:
        evidence["weak"], evidence["doubt"] = weak, doubt
    entries, line_h = _col_lines(lines, xs, col_of, keep_together)
    n = len(xs) - 1
    top = min(ln.top for ln in lines)
    bottom = max(ln.bottom for ln in lines)
    if not entries:
        return [top - 1.0, bottom + 1.0], [(0, c, 1, 1) for c in range(n)]
    active = sorted({e.col for e in entries})
    key_col = active[0]
    key_lines = [e for e in entries if e.col == key_col and (keep_together is None or e.top > keep_together)]
    keyed = len(key_lines) >= 2 and all(e.n_words <= 2 and len(" ".join(w.text for w in e.words)) <= 6
                                        for e in key_lines)
    centred = None if rules else _centred_rows(entries, n, line_h, keep_together)
    if centred is not None:
        bounds, spanning_rows = centred
        ys = [top - 1.0] + ([keep_together] if keep_together is not None and top < keep_together < bottom else [])
        first = len(ys) - 1  # the first body row
        ys += [b for b in bounds if ys[-1] < b < bottom] + [bottom + 1.0]
        # told from the middles of centred cells: sure only around rows a NO (a short first-column entry) anchors
        for r in range(first, len(ys) - 1):
            if not keyed or not any(ys[r] <= (e.top + e.bottom) / 2 < ys[r + 1] for e in key_lines):
                weak.update(y for y in (ys[r], ys[r + 1]) if ys[first] < y < ys[-1])
        nr = len(ys) - 1
        owner = {(r, c): (r, c) for r in range(nr) for c in range(n)}
        if len(ys) - 2 - first == len(bounds):
            for (r, c), rs in spanning_rows.items():
                for k in range(1, rs):
                    owner[(first + r + k, c)] = (first + r, c)
        cells: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for k, o in owner.items():
            cells.setdefault(o, []).append(k)
        return ys, sorted((r, c, max(m[0] for m in ms) - r + 1, 1) for (r, c), ms in cells.items())
    slots: list[list[_ColLine]] = []
    for e in entries:
        if slots and e.top - slots[-1][0].top <= 0.5 * line_h:
            slots[-1].append(e)
        else:
            slots.append([e])
    # columns of short entries set apart by blank space (a SUMBER DATA column): each entry starts a row
    blocks: dict[int, list[int]] = {}
    for e in entries:
        if keep_together is not None and e.top < keep_together:
            continue
        if e.block_start or e.col not in blocks:
            blocks.setdefault(e.col, []).append(0)
        blocks[e.col][-1] += 1
    entry_cols = {c for c, b in blocks.items() if c != key_col and len(b) >= 2 and max(b) <= 3}
    banded = None if rules else _row_bands(entries, slots, keep_together)
    gap_above: dict[int, float] = {}
    if banded is not None:
        prev_e: dict[int, _ColLine] = {}
        for e in sorted(entries, key=lambda e: (e.col, e.top)):
            gap_above[id(e)] = e.top - prev_e[e.col].bottom if e.col in prev_e else float("inf")
            prev_e[e.col] = e
    breaks: list[float] = []
    spanning: dict[float, set[int]] = {}
    bottom_so_far = max(e.bottom for e in slots[0])
    for slot in slots[1:]:
        y = min(e.top for e in slot)
        if banded is not None and all(gap_above[id(e)] < banded for e in slot) and \
                (keep_together is None or y > keep_together):
            # cells set apart by padding: no row starts where no cell's text stands apart from the line above
            bottom_so_far = max(bottom_so_far, max(e.bottom for e in slot))
            continue
        fresh = {e.col for e in slot if e.fresh}
        wraps = {e.col for e in slot if e.fresh is False}
        if rules:  # the rules separate rows; text adds a row only with its key starting afresh
            ok = len(fresh) >= 2 and not wraps and (
                key_col in fresh or all(e.block_start for e in slot if e.col in fresh))
            # rule evidence against text evidence: a band between two rules is one row unless its key column
            # holds several separate entries (rules drawn only between groups of rows); a cell's lines set
            # apart by vertical centring in other columns do not make rows
            ok = ok and _key_entries(entries, key_col, rules, y) >= 2
        else:
            ok = len(fresh) >= 2 and (not wraps or wraps == {key_col} or len(fresh) >= 2 * len(wraps) + 1)
            # text going on only in columns left of all the fresh ones: cells spanning rows (a
            # SASARAN over several indicators), when the fresh text stands apart or is in three columns
            if not ok and len(fresh) >= 2 and wraps and max(wraps) < min(fresh):
                apart = all(e.block_start for e in slot if e.col in fresh)
                ok = apart or len(fresh) >= 3
        if keyed:  # a NO starts a row; between rules, only where the band holds several NOs
            ok = ok or (any(e.col == key_col for e in slot)
                        and (not rules or _key_entries(entries, key_col, rules, y) >= 2))
        if not rules and len({e.col for e in slot}) >= 2 and any(e.label for e in slot):
            ok = True  # a cell's bold label ("Formulasi Perhitungan :") beside text in another column
        if not rules and len({e.col for e in slot}) >= 2 and any(e.block_start and e.col in entry_cols for e in slot):
            ok = True
        if ok and (keep_together is None or y > keep_together):
            breaks.append((bottom_so_far + y) / 2 if y > bottom_so_far else y - 0.5)
            sure = (keyed and any(e.col == key_col for e in slot)) or (
                len(fresh) >= 2 and key_col in fresh and not wraps and len(fresh) == len(slot) and (
                    all(e.block_start for e in slot)
                    or (banded is not None and all(gap_above[id(e)] >= banded for e in slot))))
            if not sure:
                weak.add(breaks[-1])
            if wraps == {key_col} and key_col < min(fresh, default=n):
                # the first column's text goes on over this boundary (a SASARAN over several rows);
                # text wrapping in a later column while others start afresh belongs to the new row
                spanning[breaks[-1]] = wraps
        elif not rules and len(fresh) >= 2 and (keep_together is None or y > keep_together):
            doubt.append(y)  # text starts afresh in several columns, yet the line was kept in the row above
        bottom_so_far = max(bottom_so_far, max(e.bottom for e in slot))
    weak.difference_update(rules)
    breaks = sorted(set(breaks) | set(rules))
    if keep_together is not None:
        breaks = sorted(set(breaks) | {keep_together})
    ys = [top - 1.0]
    for b in sorted(b for b in breaks if top < b < bottom):
        if any(ys[-1] <= e.top + (e.bottom - e.top) / 2 < b for e in entries):  # no empty row
            ys.append(b)
    ys.append(bottom + 1.0)
    # cells spanning rows: a column whose text in a row is only the wrapped rest of the row above
    nr = len(ys) - 1
    owner = {(r, c): (r, c) for r in range(nr) for c in range(n)}
    for r in range(1, nr):
        for c in sorted(spanning.get(ys[r], ())):
            mine = [e for e in entries if e.col == c and ys[r] <= (e.top + e.bottom) / 2 < ys[r + 1]]
            above = [e for e in entries if e.col == c and ys[r - 1] <= (e.top + e.bottom) / 2 < ys[r]]
            if mine and above and above[-1].full and all(e.fresh is False for e in mine):
                owner[(r, c)] = owner[(r - 1, c)]
    cells: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for k, o in owner.items():
        cells.setdefault(o, []).append(k)
    spans = []
    for (r, c), members in cells.items():
        spans.append((r, c, max(m[0] for m in members) - r + 1, 1))
    return ys, sorted(spans)


# ----------------------------------------------------------------------------- tables


def find_layouts(words: list[Word], hrules: list[Segment] = (), carry: list[float] | None = None,
                 carry_em: float | None = None) -> tuple[list[Layout], list[str]]:
    """Tables without (vertical) ruling lines among ``words``. Returns the layouts found and
    notes on column-aligned text that could not be made a table (for a warning).

    ``hrules``: horizontal rules not part of a ruled table (booktabs rules, Word's light
    styles); they may sit inside a table and separate its rows. ``carry``: the column
    borders (points, outer edges included) of a table without rules that the previous page
    ended with; lines at the top of this page that keep to them continue it (no header);
    ``carry_em``: the font size of its text (a line in another size is not its continuation).
    """
    raw = text_lines(words)
    if not raw:
        return [], []
    lines = [_line(ln) for ln in raw]
    starts = _frequent_starts(lines)
    line_h = median([ln.bottom - ln.top for ln in lines], 10.0)
    left_edge = min(ln.x0 for ln in lines) - 2.0
    right_edge = max(ln.x1 for ln in lines) + 2.0
    used = [False] * len(lines)
    layouts: list[Layout] = []
    notes: list[str] = []

    def rule_between(y0: float, y1: float, x0: float, x1: float) -> bool:
        """A rule across the text in a wide vertical gap (booktabs), close to the text on both sides."""
        return any(y0 - 1 <= r.y <= y1 + 1 and r.x0 <= x0 + 0.3 * (x1 - x0) and r.x1 >= x1 - 0.3 * (x1 - x0)
                   and r.y - y0 <= MAX_LINE_GAP * line_h and y1 - r.y <= MAX_LINE_GAP * line_h for r in hrules)

    def near(j: int, last: int, x0: float, x1: float) -> bool:
        gap = lines[j].top - lines[last].bottom
        return gap <= MAX_LINE_GAP * line_h or rule_between(lines[last].bottom, lines[j].top, x0, x1)

    def two_rules(y0: float, y1: float, x0: float, x1: float) -> bool:
        """Two rules across the text one above the other in a gap: one table's bottom border and the
        next one's top border."""
        ys = cluster([r.y for r in hrules if y0 - 1 <= r.y <= y1 + 1 and r.x0 <= x0 + 0.3 * (x1 - x0)
                      and r.x1 >= x1 - 0.3 * (x1 - x0)], 1.0)
        return len(ys) >= 2

    def grow_down(start: int, gaps: list[_Gap], members: list[int]) -> list[_Gap]:
        j = start
        while j < len(lines) and not used[j] and near(j, members[-1], lines[members[0]].x0, lines[members[0]].x1) \
                and not two_rules(lines[members[-1]].bottom, lines[j].top, lines[members[0]].x0, lines[members[0]].x1):
            x0, x1 = lines[members[0]].x0, lines[members[0]].x1
            if ends_at_rule(j, members, x0, x1, gaps):
                break  # under the table's last rule: a title, a label, a paragraph set apart: no row
            cut, closed = _cut(gaps, lines[j], starts)
            if closed and not (len(closed) == 1 and (_resumes(j, gaps, members[0]) or _last_of_cell(j, members))):
                break
            # a line that runs over one column border (text that overflows its cell) narrows the others
            gaps = cut + [g for g in gaps if g.origin in closed]
            members.append(j)
            j += 1
        return gaps

    def _header_above(k: int) -> bool:
        """Do the lines from ``k`` up (to a rule or a gap) read as a header block over columns: short
        pieces, two or more on some line?"""
        m = k
        while True:
            if any(len(ch) > 6 for ch in lines[m].chunks):
                return False
            if len(lines[m].chunks) >= 2:
                return True
            if m == 0 or lines[m].top - lines[m - 1].bottom > UP_GAP * line_h or used[m - 1]:
                return False
            m -= 1

    def rule_across(y0: float, y1: float, x0: float, x1: float) -> bool:
        return any(y0 - 1 <= r.y <= y1 + 1 and r.x0 <= x0 + 0.3 * (x1 - x0) and r.x1 >= x1 - 0.3 * (x1 - x0)
                   for r in hrules)

    def ends_at_rule(j: int, members: list[int], x0: float, x1: float, gaps: list[_Gap] | None = None) -> bool:
        """Is there a rule across the table above line ``j`` that closes it: the lines under it are of one
        piece each (a title), or they start further below it than the rows of the table start below theirs
        (a cell's padding)?"""
        y0, y1 = lines[members[-1]].bottom, lines[j].top
        at = [r for r in hrules if y0 - 1 <= r.y <= y1 + 1 and r.x0 <= x0 + 0.3 * (x1 - x0)
              and r.x1 >= x1 - 0.3 * (x1 - x0)]
        if not at:
            return False
        pads = []
        for r in hrules:
            if not (lines[members[0]].top < r.y < y0 and r.x0 <= x0 + 0.3 * (x1 - x0) and r.x1 >= x1 - 0.3 * (x1 - x0)):
                continue
            below = [lines[m].top - r.y for m in members if lines[m].top >= r.y - 1]
            if below:
                pads.append(min(below))
        apart = bool(pads) and y1 - max(r.y for r in at) > max(2.0 * min(pads), 0.5 * line_h) + 1.0
        if _lone_band(j):
            # one piece of text under the rule: a title, unless it is one inner column's text as far under
            # the rule as the rows above start under theirs, or (the first row under the header's rule) as
            # the text above ends over it (a row whose other cells are empty)
            rule = max(r.y for r in at)
            pad = min(pads) if pads else rule - y0
            return y1 - rule > max(2.0 * pad, 0.5 * line_h) + 1.0 or not _inner_band(j, members, gaps)
        return apart

    def _lone_band(j: int) -> bool:
        """Are the lines from ``j`` down to the next rule (or a wide gap) each of one piece?"""
        k = j
        while True:
            if len(lines[k].chunks) > 1:
                return False
            if k + 1 >= len(lines) or lines[k + 1].top - lines[k].bottom > MAX_LINE_GAP * line_h \
                    or rule_across(lines[k].bottom, lines[k + 1].top, lines[j].x0, lines[j].x1 + 1):
                return True
            k += 1

    def _inner_band(j: int, members: list[int], gaps: list[_Gap] | None) -> bool:
        """Are the lines from ``j`` down to the next rule (or a wide gap) the text of one inner column of
        the table alone (a row whose other cells are empty or span it from above): each starts where that
        column's text starts on other lines of the table and ends before the next column's?"""
        seen = [ch[0].x0 for m in members for ch in lines[m].chunks]
        mine = [x for x in seen if sum(abs(x - y) <= 1.5 for y in seen) >= 2]  # the table's own column starts
        left = min(lines[m].x0 for m in members)
        k = j
        while True:
            ch = lines[k].chunks[0]
            # where the next column's text starts: on the table's lines, else on the page's
            nxt = min((x for x in mine if x > ch[0].x0 + 1.5), default=None)
            if nxt is None:
                nxt = min((x for x in starts if x > ch[0].x0 + 1.5), default=float("inf"))
            if not any(abs(ch[0].x0 - x) <= 1.5 for x in mine + list(starts)) or ch[0].x0 < left + line_h:
                return False
            if (_cut(gaps, lines[k], starts)[1] if gaps is not None else ch[-1].x1 > nxt - 1.0):
                return False  # it runs over a column gap
            if k + 1 >= len(lines) or lines[k + 1].top - lines[k].bottom > MAX_LINE_GAP * line_h \
                    or rule_across(lines[k].bottom, lines[k + 1].top, lines[j].x0, lines[j].x1 + 1):
                return True
            k += 1

    def _last_of_cell(j: int, members: list[int]) -> bool:
        """Are line ``j`` and the few lines close under it the table's last lines, each starting
        where the text of a column starts (the rest of the last row's cells, one of them running
        over a border, at the end of the table)?"""
        starts = {round(ch[0].x0) for m in members for ch in lines[m].chunks}
        k = j
        while True:
            if not any(abs(round(ch[0].x0) - x) <= 1 for ch in lines[k].chunks for x in starts):
                return False
            if k + 1 < len(lines) and not used[k + 1] and near(k + 1, k, lines[members[0]].x0, lines[members[0]].x1):
                k += 1
                if k - j >= RESUME:
                    return False
                continue
            return True

    def _resumes(j: int, gaps: list[_Gap], first: int) -> bool:
        """Does the table go on after line ``j``: within a few lines a line of two chunks or more that
        keeps every column gap, and no line before it that runs over two borders?"""
        for k in range(j + 1, min(j + 1 + RESUME, len(lines))):
            if used[k] or not near(k, k - 1, lines[first].x0, lines[first].x1):
                return False
            _, closed = _cut(gaps, lines[k], starts)
            if not closed and len(lines[k].chunks) >= 2:
                return True
            if len(closed) > 1:
                return False
        return False

    # a table continued from the previous page: the first lines that keep to its columns
    if carry and len(carry) >= 3:

        def inner_piece(ln: _Line) -> bool:
            """One piece of text inside one inner column, in the table's font size: a cell's text going on
            alone (a heading or a paragraph starts at the left)."""
            if len(ln.chunks) != 1:
                return False
            ch = ln.chunks[0]
            c = bisect.bisect_right(carry, ch[0].x0 + 0.5) - 1
            return 1 <= c < len(carry) - 1 and ch[-1].x1 <= carry[c + 1] + 2.0 \
                and carry_em is not None and abs(ln.em - carry_em) <= 0.12 * carry_em

        def larger(ln: _Line, em: float) -> bool:
            """A piece of ``ln`` in a font larger than the table's starting in its first column (the
            next block's heading beside the last line of a cell)."""
            return any(ch[0].x0 < carry[1] and median([w.em for w in ch], em) > 1.15 * em for ch in ln.chunks)

        # the first line of two pieces or more, or of one piece inside an inner column, that keeps to the
        # columns (a running header above it is not); tried from the top, the first that starts a table
        for k in range(min(len(lines), 5)):
            if not ((len(lines[k].chunks) >= 2 or inner_piece(lines[k])) and _fits(lines[k], carry, starts)[0]
                    and lines[k].x0 >= carry[0] - 12 and lines[k].x1 <= carry[-1] + 40):
                continue
            members = [k]
            j = k + 1
            while j < len(lines) and near(j, members[-1], carry[0], carry[-1]):
                if ends_at_rule(j, members, carry[0], carry[-1]):
                    break  # under the table's last rule: a title or a label, not a row
                fits, crossings = _fits(lines[j], carry, starts)
                if not fits and not (crossings == 1 and j + 1 < len(lines) and _fits(lines[j + 1], carry, starts)[0]):
                    break
                if lines[j].x0 < carry[0] - 12 or larger(lines[j], carry_em or median([lines[m].em for m in members], 10.0)):
                    break
                members.append(j)
                j += 1
            if len(members) < 2 and not len(lines[k].chunks) >= 2:
                continue
            mine = [lines[m] for m in members]
            xs = list(carry)  # the outer edges follow this page's text
            xs[0] = min(xs[0], min(ln.x0 for ln in mine) - 1.0)
            xs[-1] = max(xs[-1], max(ln.x1 for ln in mine) + 1.0)
            lay = _layout(mine, xs, hrules, header=False)
            if lay is not None:
                layouts.append(lay)
                for m in members:
                    used[m] = True
                break

    i = 0
    while i < len(lines):
        if used[i] or len(lines[i].chunks) < 3:
            i += 1
            continue
        members = [i]
        gaps = grow_down(i + 1, _open_gaps(lines[i], left_edge, right_edge), members)
        # grow up over a header's first lines: as close as the lines of one cell, no rule between
        k = i - 1
        crossed = False  # a rule under the header (Word's light styles) lies between it and the body
        while k >= 0 and not used[k] and lines[members[0]].top - lines[k].bottom <= UP_GAP * line_h * (
                2 if not crossed and any(lines[k].bottom - 1 <= r.y <= lines[members[0]].top + 1 for r in hrules)
                else 1):
            ruled_gap = any(lines[k].bottom - 1 <= r.y <= lines[members[0]].top + 1 for r in hrules)
            if ruled_gap and (crossed or members[0] != i or not _header_above(k)):
                break
            cut, closed = _cut(gaps, lines[k], starts)
            if closed:
                break
            crossed = crossed or ruled_gap
            gaps = cut
            members.insert(0, k)
            k -= 1
        mine = [lines[m] for m in members]
        left, right = min(ln.x0 for ln in mine), max(ln.x1 for ln in mine)
        # a gutter narrower than usual (cells with little padding) is a column gap where the next
        # column's text starts at a left edge shared by many of the table's own lines (a few chunks of
        # other blocks of the page starting at one x by chance are no column's edge), or where it parts
        # the text of most of the table's lines, many of them (the columns the majority of rows align to)
        own = _frequent_starts(mine)
        bounds = sorted((g.a + g.b) / 2 for g in gaps
                        if g.spans >= 2 and left < g.a and g.b < right and (
                            g.b - g.a >= MIN_GUTTER * line_h or any(abs(g.b - x) <= 1.0 for x in own)
                            or g.spans >= max(NARROW_SPANS, 0.5 * len(members))))
        xs = [left - 1.0] + bounds + [right + 1.0]
        lay = None
        if len(xs) >= 4 and len(members) >= 3:
            lay = _layout(mine, xs, hrules, header=True)
        if lay is not None:
            layouts.append(lay)
            for m in members:
                used[m] = True
            i = members[-1] + 1
            continue
        if len(lines[i].chunks) >= 3 and len(members) >= 3 and not _colon_column(mine, xs):
            note = (f"lines at y={mine[0].top:.0f}-{mine[-1].bottom:.0f} are laid out in columns but were "
                    f"not read as a table")
            if note not in notes:
                notes.append(note)
        i += 1
    layouts.sort(key=lambda lay: lay.ys[0])
    return layouts, notes


def _layout(lines: list[_Line], xs: list[float], hrules: list[Segment], header: bool) -> Layout | None:
    """The table of ``lines`` in the columns ``xs``, or None when it does not read as one: a
    column empty on all lines but one, a column of colons (a form), or (``header``) a first
    row that does not name the columns."""
    col_of = _columns(lines, xs)
    n = len(xs) - 1
    filled = [0] * n
    for ln in lines:
        for c in {col_of[id(w)] for w in ln.words}:
            filled[c] += 1
    if header and min(filled) < 2:
        # a bit of text in the gutter on one line (``x 100%`` after a fraction) is no column of its own
        c = filled.index(min(filled))
        if c > 0 and len(xs) > 4 and all(len(ln) <= 3 for ln in
                                          text_lines([w for ln in lines for w in ln.words if col_of[id(w)] == c])):
            return _layout(lines, xs[:c] + xs[c + 1:], hrules, header)
        return None
    if _colon_column([ln.words for ln in lines], xs):
        return None
    words = [w for ln in lines for w in ln.words]
    top, bottom = min(ln.top for ln in lines), max(ln.bottom for ln in lines)
    left, right = xs[0], xs[-1]
    # rules across the table (not its top or bottom border); one that leaves out the first column
    # (under a cell merged down over rows) still separates the other columns' rows
    second = min((w.x0 for w in words if col_of[id(w)] == 1), default=xs[1])  # where the 2nd column's text starts
    # a rule that starts at an inner column's left edge and runs through the last column leaves out the
    # columns on its left (their cells merged down over the rows it parts: a SASARAN written once)
    col_starts = [min((w.x0 for w in words if col_of[id(w)] == c), default=xs[c]) for c in range(n)]

    # it ends where the table's rules across it end (a fraction bar of a formula running out of its
    # cell ends elsewhere)
    ends = [r.x1 for r in hrules if top - 20.0 <= r.y <= bottom + 20.0 and r.x0 <= left + 0.3 * (right - left)
            and r.x1 >= right - 0.3 * (right - left)]

    def from_column(r: Segment) -> bool:
        return r.x1 >= xs[-2] + 0.5 * (xs[-1] - xs[-2]) and any(abs(r.x1 - e) <= 2.0 for e in ends) and any(
            xs[c] - 3.0 <= r.x0 <= col_starts[c] + 2.0 for c in range(1, n - 1))

    rules = sorted({r.y for r in hrules if top + 1 < r.y < bottom - 1 and r.x1 >= right - 0.3 * (right - left)
                    and (r.x0 <= max(left + 0.3 * (right - left), second + 2.0) or from_column(r))})
    # the header: a bold block at the top over a body that is not bold, or what lies above the first rule
    header_end = None
    if header:
        bold = [all(w.bold for w in ln.words) for ln in lines]
        if bold[0] and not all(bold):
            k = bold.index(False)
            header_end = (lines[k - 1].bottom + lines[k].top) / 2
    body_rules = rules
    if len(rules) == 1:
        header_end = rules[0]  # booktabs: one rule under the header (a repeated one on a later page too)
        body_rules = []
    evidence: dict = {}
    ys, spans = _stream_rows(lines, xs, col_of, body_rules, header_end, evidence)
    if body_rules:
        spans = _open_under_gaps(ys, xs, spans, hrules, header_end)
    if header and len(xs) > 4:
        # a column without a name in the header row, holding only short bits (an ``x 100%`` printed
        # in the gutter after a fraction): part of the column on its left
        first = {col_of[id(w)] for w in words if ys[0] <= w.cy < ys[1]}
        unnamed = [c for c in range(1, n) if c not in first]
        if len(unnamed) == 1:
            c = unnamed[0]
            short = all(len(ln) <= 3 for ln in text_lines([w for w in words if col_of[id(w)] == c]))
            if short:
                return _layout(lines, xs[:c] + xs[c + 1:], hrules, header)
    # rows split or joined by weak evidence (see _stream_rows): a boundary a rule draws is sure
    drawn = [r.y for r in hrules]
    weak = {y for y in set(ys[1:-1]) & evidence["weak"] if not any(abs(y - d) <= 1.5 for d in drawn)
            and not (header_end is not None and abs(y - header_end) <= 0.5)}
    first = 1 if header_end is not None else 0
    guessed = tuple(r for r in range(first, len(ys) - 1) if ys[r] in weak or ys[r + 1] in weak
                    or any(ys[r] < d < ys[r + 1] for d in evidence["doubt"])
                    # a table going on from the previous page: its first row, with nothing in the first
                    # column, may be the rest of the row the page broke
                    or (not header and r == 0 and not any(col_of[id(w)] == 0 and ys[0] <= w.cy < ys[1]
                                                          for w in words)))
    lay = Layout(xs, ys, words, header_rows=1 if header_end is not None else 0, spans=spans, col_of=col_of,
                 guessed=guessed)
    if len(ys) < (3 if header else 2):
        return None
    if header and not _names_columns(lay):
        return None
    return lay


def _open_under_gaps(ys: list[float], xs: list[float], spans: list[tuple[int, int, int, int]],
                     hrules: list[Segment], header_end: float | None) -> list[tuple[int, int, int, int]]:
    """Cells that go on over a row rule drawn with a gap under them: Word's list styles draw a
    rule under every row but not under a cell merged down over several rows (a SASARAN written
    once), so a column the rule leaves open at a row boundary keeps its cell across it.

    ``ys``: row boundaries (points, top to bottom); ``spans``: (row, col, rowspan, colspan).
    Returns the spans with such cells joined to the cell above."""
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    size: dict[tuple[int, int], tuple[int, int]] = {}
    for r, c, rs, cs in spans:
        size[(r, c)] = (rs, cs)
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                owner[(rr, cc)] = (r, c)
    for r in range(1, len(ys) - 1):
        y = ys[r]
        if header_end is not None and y <= header_end + 1.0:
            continue
        at = [g for g in hrules if abs(g.y - y) <= 1.5]
        if not at:
            continue
        for c in range(len(xs) - 1):
            a, b = xs[c], xs[c + 1]
            covered = sum(max(0.0, min(b, g.x1) - max(a, g.x0)) for g in at)
            if covered >= 0.5 * (b - a):
                continue
            up, me = owner.get((r - 1, c)), owner.get((r, c))
            if up is None or me is None or up == me or size[up][1] != 1 or size[me][1] != 1 or me != (r, c):
                continue
            rs_up, rs_me = size[up][0], size.pop(me)[0]
            size[up] = (rs_up + rs_me, 1)
            for rr in range(r, r + rs_me):
                owner[(rr, c)] = up
    return sorted((r, c, rs, cs) for (r, c), (rs, cs) in size.items())


def _colon_column(lines, xs: list[float]) -> bool:
    """A column holding nothing but colons: a ``LABEL : value`` form layout."""
    for a, b in zip(xs, xs[1:]):
        texts = [w.text for ln in lines for w in (ln.words if isinstance(ln, _Line) else ln) if a <= w.cx < b]
        if texts and all(t in (":", "：") for t in texts):
            return True
    return False


def _names_columns(lay: Layout) -> bool:
    """Does the layout's first row read as a header: a short name over (nearly) every column?"""
    y0, y1 = lay.ys[0], lay.ys[1]
    first = [w for w in lay.words if y0 <= w.cy < y1]
    n_cols = len(lay.xs) - 1
    named = 0
    for c in range(n_cols):
        cell = [w for w in first if lay.col_of.get(id(w)) == c]
        if not cell:
            continue
        if max(len(ln) for ln in text_lines(cell)) > 6 or len(cell) > 12:
            return False  # a sentence, not a column's name
        named += 1
    return named >= max(3, n_cols - 1) and not _form(lay)


def _form(lay: Layout) -> bool:
    """``LABEL : value`` rows (a colon closing a cell's text, or opening it) in half of the rows
    or more: a form laid out with tabs, not a table."""
    n = hits = 0
    first_hit = False
    for y0, y1 in zip(lay.ys, lay.ys[1:]):
        row = sorted((w for w in lay.words if y0 <= w.cy < y1), key=lambda w: (w.top, w.x0))
        if not row:
            continue
        n += 1
        cells = [[w for w in row if lay.col_of.get(id(w)) == c] for c in range(len(lay.xs) - 1)]
        texts = [" ".join(w.text for w in sorted(c, key=lambda w: (round(w.top), w.x0))) for c in cells]
        if any(t.startswith(":") or t.endswith(":") for t in texts if t):
            hits += 1
            first_hit = first_hit or n == 1
    # one row under a header that ends on a colon (a cell cut by the page's end: "Formulasi Penghitungan :")
    # is no form; a form's first row is a label row too, or it has two of them
    return n > 0 and 2 * hits >= n and (hits >= 2 or first_hit)

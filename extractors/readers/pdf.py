"""Born-digital PDF → IR through pdfplumber and the shared geometry layer.

Each page is read once: pdfplumber gives the words (with boxes and font) and the
drawn ruling lines and rectangles; :func:`extractors.geometry.page_blocks` turns
them into tables and paragraphs. Running headers, footers and page numbers
(the same text in the top or bottom margin of several pages) are left out.
Pages are released as soon as they are read, so memory stays flat on long files.
"""
from __future__ import annotations

import logging
import os
from bisect import bisect_left
from collections import Counter
from io import BytesIO
from itertools import compress
from operator import eq, itemgetter

import numpy as np

import regex as re

from extractors import limits
from extractors.geometry import PageGeometry, Segment, Word, page_blocks
from extractors.ir import Document, Paragraph
from extractors.readers import pdfium as pdfium_source
from schema.warnings import warning

# where born-digital pages are read from: "pdfium" (PDFium, pdfminer only as the per-page fallback)
# or "pdfminer" (pdfplumber for every page, as before PDFium: for comparisons and benchmarks)
SOURCE = os.environ.get("IKI_PDF_SOURCE", "pdfium")
MARGIN = 0.08  # top/bottom share of the page where running headers and footers live
_PAGE_NO = re.compile(r"^\W*(?:hal(?:aman)?\.?|page)?\s*[-–]?\s*\d{1,4}\s*[-–]?\s*(?:(?:dari|of|/)\s*\d{1,4})?\W*$", re.I)


_YEAR = re.compile(r"^\W*(?:19|20)\d\d\W*$")


class PdfError(Exception):
    """A PDF that cannot be read, with a message for the user."""


# ----------------------------------------------------------------------------- ruling lines


def _lum(color) -> float:
    """Lightness 0 (black) … 1 (white) of a pdfplumber colour (grey, RGB or CMYK tuple); a
    pattern or unknown colour space counts as mid grey (visible)."""
    if color is None:
        return 0.0
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return 0.5
    if len(vals) == 1:
        return vals[0]
    if len(vals) == 3:
        r, g, b = vals
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(vals) == 4:
        c, m, y, k = vals
        return (1 - k) * (1 - (0.299 * c + 0.587 * m + 0.114 * y))
    return 0.5


INVISIBLE = 0.97  # a stroke or fill this light (white, or nearly) cannot be seen as a rule on paper
THIN = 3.5        # points: a filled rectangle this thin is drawn as a line (a border), wider ones are shading


def _visible(color, paper: float) -> bool:
    lum = _lum(color)
    return lum < INVISIBLE and abs(lum - paper) > 0.03


def _paper(page) -> float:
    """Lightness of the page: white, unless a filled rectangle covers (nearly) all of it."""
    area = float(page.width) * float(page.height)
    for r in page.rects:
        if r.get("fill") and (r["x1"] - r["x0"]) * (r["bottom"] - r["top"]) >= 0.9 * area:
            return _lum(r.get("non_stroking_color"))
    return 1.0


def _curve_segments(c) -> list[Segment]:
    """The straight pieces of a stroked path drawn with curves (a rounded rectangle): each
    axis-parallel piece, extended to the path's box when it lies on the box's edge (the
    rounded corners stand for the box's corners)."""
    path = c.get("path") or []
    x0, top, x1, bottom = c["x0"], c["top"], c["x1"], c["bottom"]
    out = []
    prev = start = None
    for cmd in path:
        op = cmd[0]
        pts = cmd[1:]
        if op == "h":  # closepath: a line back to where the subpath started (a box's fourth side)
            if prev is not None and start is not None and prev != start:
                out.append((*prev, *start))
                prev = start
            continue
        if not pts:
            continue
        pt = pts[-1]
        if op == "m":
            start = pt
        if op == "l" and prev is not None:
            (ax, ay), (bx, by) = prev, pt
            out.append((ax, ay, bx, by))
        prev = pt
    if not out:
        return []
    segs = []  # pdfplumber's path points are top-based, like the boxes
    for ax, ay, bx, by in out:
        if abs(ay - by) <= 0.5 and abs(ax - bx) > 2:
            a, b = min(ax, bx), max(ax, bx)
            if (abs(ay - top) <= 1 or abs(ay - bottom) <= 1) and b - a >= 0.5 * (x1 - x0):
                a, b = x0, x1
            segs.append(Segment(a, ay, b, ay))
        elif abs(ax - bx) <= 0.5 and abs(ay - by) > 2:
            a, b = min(ay, by), max(ay, by)
            if (abs(ax - x0) <= 1 or abs(ax - x1) <= 1) and b - a >= 0.5 * (bottom - top):
                a, b = top, bottom
            segs.append(Segment(ax, a, ax, b))
    return segs


def shading(page) -> list[Segment]:
    """Boxes of visible filled areas wider and taller than a rule (cell or row shading)."""
    paper = _paper(page)
    area = float(page.width) * float(page.height)
    out = []
    for r in page.rects:
        x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
        if r.get("fill") and min(x1 - x0, bottom - top) > THIN and (x1 - x0) * (bottom - top) < 0.9 * area \
                and _visible(r.get("non_stroking_color"), paper):
            out.append(Segment(x0, top, x1, bottom))
    return out


def visible_segments(page) -> list[Segment]:
    """The ruling lines a reader sees on a page, in pdfplumber's top-based points.

    A stroked line, rectangle or path counts when its colour shows on the paper; a filled
    rectangle counts only when it is thin (a border drawn as a bar); a wider fill is cell
    shading or a page background, never a rule; a white (or paper-coloured) fill or stroke
    is invisible. A rectangle's stroke gives its four edges; a path of curves (a rounded
    border) gives its straight pieces.
    """
    paper = _paper(page)
    segs: list[Segment] = []
    for ln in page.lines:
        if ln.get("stroke", True) is False or not _visible(ln.get("stroking_color"), paper):
            continue
        segs.append(Segment(min(ln["x0"], ln["x1"]), min(ln["top"], ln["bottom"]),
                            max(ln["x0"], ln["x1"]), max(ln["top"], ln["bottom"])))
    for r in page.rects:
        x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
        thin = (x1 - x0) <= THIN or (bottom - top) <= THIN
        if r.get("stroke") and _visible(r.get("stroking_color"), paper):
            if thin:
                segs.append(Segment(x0, top, x1, bottom))
            else:
                segs += [Segment(x0, top, x1, top), Segment(x0, bottom, x1, bottom),
                         Segment(x0, top, x0, bottom), Segment(x1, top, x1, bottom)]
        elif r.get("fill") and thin and _visible(r.get("non_stroking_color"), paper):
            segs.append(Segment(x0, top, x1, bottom))
    for c in page.curves:
        if c.get("stroke") and _visible(c.get("stroking_color"), paper):
            segs += _curve_segments(c)
        elif c.get("fill") and _visible(c.get("non_stroking_color"), paper) and \
                min(c["x1"] - c["x0"], c["bottom"] - c["top"]) <= THIN:
            segs.append(Segment(c["x0"], c["top"], c["x1"], c["bottom"]))
    return [s for s in segs if s.horizontal or s.vertical]


# ----------------------------------------------------------------------------- text


# glyphs of the Symbol font that PDFs often leave without a Unicode mapping (pdfminer writes "(cid:N)")
_SYMBOL_CIDS = {"(cid:229)": "∑", "(cid:83)": "Σ", "(cid:180)": "×", "(cid:184)": "÷", "(cid:183)": "•",
                "(cid:179)": "≥", "(cid:163)": "≤", "(cid:177)": "±"}
_CID = re.compile(r"\(cid:\d+\)")


def _text(raw: str) -> str:
    if "(cid:" not in raw:
        return raw
    for cid, ch in _SYMBOL_CIDS.items():
        raw = raw.replace(cid, ch)
    return _CID.sub("", raw)


FAKE_BOLD = 0.12  # em: the same glyph printed again this close is one glyph ("fake bold")
WORD_GAP = 0.15   # em: a gap between glyphs wider than this separates words (a space is ~0.25 em)

# A glyph, as the word builder works on it: (text, x0, x1, top, bottom, size, fontname) in
# pdfplumber's top-based points. PDFium pages give glyphs in this shape directly; pdfplumber's
# char dicts are turned into it (:func:`_glyph`).
TEXT, X0, X1, TOP, BOTTOM, SIZE, FONT = range(7)


def _glyph(c: dict) -> tuple:
    return (c.get("text", ""), c["x0"], c["x1"], c["top"], c["bottom"], c.get("size"), c.get("fontname"))


REPRINT_X = 0.5    # em: a run printed again starts at most this far from where the first print of its text does
REPRINT_Y = 0.5    # share of the smaller run's height the two prints share at least


def _columns(glyphs: list[tuple]):
    """The glyphs of a page as columns, for the clean-up's tests over all glyphs at once: texts and fonts
    (tuples), whether each is blank, and x0, x1, top, bottom and size as float arrays; size is the font
    size, else the box height, else 10 points (as the clean-up reads it)."""
    n = len(glyphs)
    texts, fonts = list(map(_TEXT, glyphs)), list(map(_FONT, glyphs))
    top, bottom = np.fromiter(map(_TOP, glyphs), float, n), np.fromiter(map(_BOTTOM, glyphs), float, n)
    sizes = list(map(_SIZE, glyphs))
    if all(sizes):
        size = np.array(sizes, dtype=float)
    else:
        size = np.array([float(s or (b - t) or 10.0) for s, t, b in zip(sizes, top.tolist(), bottom.tolist())])
    blank = np.fromiter(map(str.isspace, texts), dtype=bool, count=n)
    return texts, fonts, blank, np.fromiter(map(_X0, glyphs), float, n), np.fromiter(map(_X1, glyphs), float, n), \
        top, bottom, size


_TEXT, _X1, _TOP, _BOTTOM, _SIZE, _FONT = (itemgetter(k) for k in (TEXT, X1, TOP, BOTTOM, SIZE, FONT))


def _run_starts(cols) -> np.ndarray:
    """Where the text runs of a page start (glyph indices, the first 0): a run is glyphs drawn one after
    the other in the content stream, in one font and size, on one baseline, each right of the one
    before and close to it."""
    _, fonts, _, x0, x1, top, _, size = cols
    same_font = np.fromiter(map(eq, fonts[1:], fonts[:-1]), dtype=bool, count=len(fonts) - 1)
    s = size[1:]
    joins = (same_font & (np.abs(s - size[:-1]) <= 0.05) & (np.abs(top[1:] - top[:-1]) <= 0.3 * s)
             & (x0[:-1] - 0.5 <= x0[1:]) & (x0[1:] <= x1[:-1] + 1.5 * s))
    return np.concatenate(([0], np.flatnonzero(~joins) + 1))


def _runs(glyphs: list[tuple]) -> list[list[int]]:
    """The text runs of a page (:func:`_run_starts`), as lists of glyph indices."""
    if not glyphs:
        return []
    starts = _run_starts(_columns(glyphs)).tolist()
    return [list(range(a, b)) for a, b in zip(starts, starts[1:] + [len(glyphs)])]


def drop_reprinted_runs(chars: list[dict]) -> list[dict]:
    """:func:`drop_reprinted_glyphs` for pdfplumber's char dicts (the dicts kept, in order)."""
    glyphs = [_glyph(c) for c in chars]
    back = {id(g): c for g, c in zip(glyphs, chars)}
    return [back[id(g)] for g in drop_reprinted_glyphs(glyphs)]


def drop_reprinted_glyphs(glyphs: list[tuple]) -> list[tuple]:
    """A text run printed again over itself is read once: the same words drawn a point or two
    off (a shadow, an overprint the fake-bold test's fraction of a point does not cover), or in
    another font or size (a producer that draws a fallback font over the embedded one). A run is
    a reprint of another when its text (spaces aside) is the other's, or a part of it standing
    where that part of the other is printed (a run drawn word by word over a line drawn at once),
    and the two share their line. Of two runs of the same text the one drawn last (on top, the
    one a reader sees) is kept; a part is dropped for the whole. Text of another run that merely
    overlaps (an equation running into the next cell) is not the same text and is kept."""
    return _drop_reprinted(glyphs, _columns(glyphs))[0] if glyphs else glyphs


def _drop_reprinted(glyphs: list[tuple], cols) -> tuple[list[tuple], tuple | None]:
    """:func:`drop_reprinted_glyphs` on the page's :func:`_columns`: the glyphs kept, and their columns
    (None when runs were dropped)."""
    texts, _, blank, x0, _, top, bottom, size = cols
    starts = _run_starts(cols)
    n_runs = len(starts)
    ends = np.append(starts[1:], len(glyphs))
    # each run's visible glyphs (blanks aside): their text, x0s, highest top, lowest bottom, largest size
    seen = np.flatnonzero(~blank)
    counts = np.bincount(np.repeat(np.arange(n_runs), ends - starts)[seen], minlength=n_runs)
    some = np.flatnonzero(counts)
    if not len(some):
        return glyphs, cols
    first = (np.cumsum(counts) - counts)[some]
    texts_seen = list(compress(texts, (~blank).tolist()))
    x0_seen = x0[seen].tolist()
    tops_a = np.minimum.reduceat(top[seen], first)
    bottoms_a = np.maximum.reduceat(bottom[seen], first)
    ems_a = np.maximum.reduceat(size[seen], first)
    info: list = [None] * n_runs  # (key text, x0 of each key glyph, top, bottom, em) of each run
    keys = []
    for k, a, c, t, b, em in zip(some.tolist(), first.tolist(), counts[some].tolist(), tops_a.tolist(),
                                 bottoms_a.tolist(), ems_a.tolist()):
        key = "".join(texts_seen[a:a + c])
        keys.append(key)
        info[k] = (key, x0_seen[a:a + c], t, b, em)
    starts_ = starts.tolist()
    fonts = [(glyphs[i][FONT], glyphs[i][SIZE]) for i in starts_]
    x0s = x0[seen]
    if not _may_reprint(some, keys, tops_a, bottoms_a, ems_a, x0s[first], np.minimum.reduceat(x0s, first),
                        np.maximum.reduceat(x0s, first), fonts, info):
        return glyphs, cols
    order = sorted((k for k, x in enumerate(info) if x is not None), key=lambda k: info[k][2])
    tops = [info[k][2] for k in order]
    dropped: set[int] = set()
    for b in order:
        kb, xb, tb, bb, emb = info[b]
        lo = bisect_left(tops, tb - emb)
        for a in order[lo:]:
            if a == b or a in dropped or b in dropped:
                continue
            ka, xa, ta, ba, ema = info[a]
            if ta > tb + emb:
                break
            shared = min(ba, bb) - max(ta, tb)
            if shared < REPRINT_Y * min(ba - ta, bb - tb):
                continue
            tol = REPRINT_X * max(ema, emb)
            if len(kb) > len(ka) or (len(kb) == len(ka) and b > a):
                continue  # b is the whole (or the later print): judged from the other side
            if len(kb) == 1 and (len(ka) > 1 or fonts[a] != fonts[b]):
                continue  # a lone glyph over a longer run or in another font (a mark, a symbol running into a cell) is no reprint
            start = ka.find(kb)
            while start >= 0:
                if abs(xa[start] - xb[0]) <= tol:
                    dropped.add(b)
                    break
                start = ka.find(kb, start + 1)
    if not dropped:
        return glyphs, cols
    ends_ = ends.tolist()
    gone = {i for k in dropped for i in range(starts_[k], ends_[k])}
    return [g for i, g in enumerate(glyphs) if i not in gone], None


def _may_reprint(runs, keys, tops, bottoms, ems, x0_first, x0_lo, x0_hi, fonts, info) -> bool:
    """Whether any pair of runs passes :func:`drop_reprinted_glyphs`'s tests for a reprint (line shared,
    lengths, lone glyphs, the text found where it stands), each pair alone: when none does, nothing is
    dropped, and the pairwise walk with its order of drops is spared. The pairs are those the walk
    looks at (runs whose top lies within the em of the other's); ``runs`` are the run numbers of the
    other arguments' entries (runs with visible glyphs), ``x0_first``, ``x0_lo`` and ``x0_hi`` the x0 of
    their first visible glyph, the least and the greatest. True when the numbers do not allow the shortcut (an em not positive, a
    coordinate not finite)."""
    if not (np.isfinite(tops).all() and np.isfinite(bottoms).all() and (ems > 0).all()
            and np.isfinite(x0_lo).all() and np.isfinite(x0_hi).all() and np.isfinite(x0_first).all()):
        return True
    order = np.argsort(tops, kind="stable")  # the walk's order (Python's sort is stable too)
    t, bt, em = tops[order], bottoms[order], ems[order]
    lo = np.searchsorted(t, t - em, "left")
    hi = np.searchsorted(t, t + em, "right")
    n = hi - lo
    total = int(n.sum())
    if not total:
        return False
    pb = np.repeat(np.arange(len(t)), n)  # b and a as positions in the walk's order
    pa = np.arange(total) - np.repeat(np.cumsum(n) - n, n) + np.repeat(lo, n)
    ta, tb, ba, bb = t[pa], t[pb], bt[pa], bt[pb]
    shared = np.minimum(ba, bb) - np.maximum(ta, tb)
    kid = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    kids = np.fromiter(map(kid.__getitem__, keys), dtype=np.int64, count=len(keys))[order]
    lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))[order]
    la, lb = lens[pa], lens[pb]
    ra, rb = runs[order][pa], runs[order][pb]
    ok = (pa != pb) & (shared >= REPRINT_Y * np.minimum(ba - ta, bb - tb)) & ((lb < la) | ((lb == la) & (rb < ra)))
    ok &= (lb < la) | (kids[pa] == kids[pb])  # of one length, a part is the whole
    ids = {f: k for k, f in enumerate(dict.fromkeys(fonts))}
    fid = np.fromiter(map(ids.__getitem__, fonts), dtype=np.int64, count=len(fonts))
    ok &= ~((lb == 1) & ((la > 1) | (fid[ra] != fid[rb])))
    # the part's first glyph stands within the tolerance of one of the whole's glyphs
    # (widened by a hair: a sum rounds otherwise than the difference the walk takes)
    tol = REPRINT_X * np.maximum(em[pa], em[pb]) * (1 + 1e-9) + 1e-9
    xb = x0_first[order][pb]
    ok &= (x0_lo[order][pa] - tol <= xb) & (xb <= x0_hi[order][pa] + tol)
    for a, b in zip(ra[ok].tolist(), rb[ok].tolist()):
        ka, xa, _, _, ema = info[a]
        kb, xb, _, _, emb = info[b]
        tol = REPRINT_X * max(ema, emb)
        start = ka.find(kb)
        while start >= 0:
            if start >= len(xa) or abs(xa[start] - xb[0]) <= tol:  # (out of step: the walk says what it is)
                return True
            start = ka.find(kb, start + 1)
    return False


def clean_chars(chars: list[dict]) -> list[dict]:
    """:func:`clean_glyphs` for pdfplumber's char dicts (the dicts kept, in order)."""
    glyphs = [_glyph(c) for c in chars]
    back = {id(g): c for g, c in zip(glyphs, chars)}
    return [back[id(g)] for g in clean_glyphs(glyphs)]


def clean_glyphs(glyphs: list[tuple]) -> list[tuple]:
    """Glyphs as a reader sees them: a run of glyphs printed twice a fraction of a point apart
    (fake bold, overprinting) is kept once, and blank glyphs drawn over visible ones (a padded
    field) are dropped, so they neither double letters nor split words. Text of another run
    that merely overlaps (an equation running into the next cell) is kept: a glyph is a
    duplicate only with the same font and size, and only next to another duplicate. A whole
    run printed again over itself, further off or in another font, is read once
    (:func:`drop_reprinted_glyphs`)."""
    if not glyphs:
        return glyphs
    glyphs, cols = _drop_reprinted(glyphs, _columns(glyphs))
    if cols is None:
        cols = _columns(glyphs)
    # glyphs seen, by (text, font, size to 0.1) and then by their top to the point
    seen: dict[tuple, dict[int, list[int]]] = {}
    dup: list[int] = []
    blanks = bool(cols[2].any())
    for i in _may_double(cols):
        g = glyphs[i]
        top = g[3]
        rt = round(top)
        size = g[5] or (g[4] - top) or 10.0
        key = (g[0], g[6], round(size, 1))
        rows = seen.get(key)
        if rows is None:
            seen[key] = {rt: [i]}
            continue
        tol = FAKE_BOLD * size
        x0 = g[1]
        found = False
        for r in (rt, rt - 1, rt + 1):
            for j in rows.get(r, ()):
                o = glyphs[j]
                if abs(o[1] - x0) <= tol and abs(o[3] - top) <= tol:
                    found = True
                    break
            if found:
                break
        if found:
            dup.append(i)
        else:
            rows.setdefault(rt, []).append(i)
    out = glyphs
    if dup:
        is_dup = set(dup)

        def neighbour_dup(i: int) -> bool:
            for step in (-1, 1):
                j = i + step
                while 0 <= j < len(glyphs) and glyphs[j][0].isspace():
                    j += step
                if 0 <= j < len(glyphs) and j in is_dup:
                    return True
            return False

        drop = {i for i in dup if neighbour_dup(i) or _alone(glyphs, i)}
        out = [g for i, g in enumerate(glyphs) if i not in drop]
    if not blanks:
        return out
    if out is not glyphs:
        cols = _columns(out)
    return [out[i] for i in _not_over_text(cols).tolist()]


def _not_over_text(cols) -> np.ndarray:
    """The glyphs kept by :func:`clean_glyphs`'s last step: every visible glyph, and a blank unless it
    lies over a visible glyph of its line or a neighbouring one (lines by the top to 2 points), where it
    covers 30 % of its own width (a padded field drawn over the text)."""
    _, _, blank, x0, x1, top, _, _ = cols
    line = np.rint(top / 2)  # round(top / 2): to the even on a tie, as Python's round
    seen = np.flatnonzero(~blank)
    blanks = np.flatnonzero(blank)
    if not len(seen):
        return np.arange(len(blank))
    # visible glyphs by line and start; each line's slice of them and its widest glyph
    order = seen[np.lexsort((x1[seen], x0[seen], line[seen]))]
    lines, first = np.unique(line[order], return_index=True)
    widest = np.maximum.reduceat(x1[order] - x0[order], first)
    last = np.append(first[1:], len(order))
    index = dict(zip(lines.astype(np.int64).tolist(), zip(first.tolist(), last.tolist(), widest.tolist())))
    starts, ends = x0[order].tolist(), x1[order].tolist()
    over = []
    for i, k, cx0, cx1 in zip(blanks.tolist(), line[blanks].astype(np.int64).tolist(), x0[blanks].tolist(),
                              x1[blanks].tolist()):
        need = 0.3 * max(cx1 - cx0, 0.1)
        for kk in (k - 1, k, k + 1):
            got = index.get(kk)
            if got is None:
                continue
            lo, hi, w = got
            # only glyphs starting within the widest glyph's width before the blank can overlap it
            for j in range(bisect_left(starts, cx0 - w - 1.0, lo, hi), bisect_left(starts, cx1, lo, hi)):
                if min(cx1, ends[j]) - max(cx0, starts[j]) > need:
                    over.append(i)
                    break
            else:
                continue
            break
    if not over:
        return np.arange(len(blank))
    keep = np.ones(len(blank), dtype=bool)
    keep[over] = False
    return np.flatnonzero(keep)


def _may_double(cols) -> list[int]:
    """The visible glyphs that may print another one again (fake bold): those with a glyph of the same
    text standing within the duplicate test's reach (:data:`FAKE_BOLD` of the larger size of that text
    on the page) across and down, found on a grid of cells that wide; in content order. A glyph no
    other stands near is no duplicate and makes none, so :func:`clean_glyphs` tests only these. All
    visible glyphs when the numbers do not allow the grid (a coordinate not finite, a page far too
    large for the cells)."""
    texts, _, blank, x0, _, top, _, size = cols
    seen = np.flatnonzero(~blank)
    if len(seen) < 2:
        return seen.tolist()
    ids = {t: k for k, t in enumerate(dict.fromkeys(texts))}
    gid = np.fromiter(map(ids.__getitem__, texts), dtype=np.int64, count=len(texts))[seen]
    reach = np.zeros(len(ids))
    np.maximum.at(reach, gid, np.abs(size[seen]))
    cell = reach[gid] * (FAKE_BOLD * (1 + 1e-9)) + 1e-9  # wider than any reach by a hair (rounding)
    with np.errstate(all="ignore"):
        cx, cy = np.floor(x0[seen] / cell), np.floor(top[seen] / cell)
    span = 1 << 20
    if not (np.isfinite(cx).all() and np.isfinite(cy).all()) or np.abs(cx).max() >= span - 2 \
            or np.abs(cy).max() >= span - 2 or len(ids) >= span:
        return seen.tolist()
    code = (gid << 42) | ((cx.astype(np.int64) + span) << 21) | (cy.astype(np.int64) + span)
    codes, back, counts = np.unique(code, return_inverse=True, return_counts=True)
    near = counts > 1  # another glyph of the text in the same cell, or in a cell around it
    top_k = len(codes) - 1
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            if dx or dy:
                q = codes + ((dx << 21) + dy)
                near |= codes[np.minimum(np.searchsorted(codes, q), top_k)] == q
    return seen[near[back]].tolist()


def _alone(glyphs: list[tuple], i: int) -> bool:
    """A glyph with no glyph of its own run next to it in the content stream (a lone mark)."""
    c = glyphs[i]
    for j in (i - 1, i + 1):
        if 0 <= j < len(glyphs) and abs(glyphs[j][3] - c[3]) <= 1 and \
                abs(glyphs[j][1] - c[2]) <= 2 * (c[2] - c[1] + 1):
            return False
    return True


def _direction(c: dict) -> str:
    """Reading direction of a glyph from its text matrix: up, down, upright or flipped."""
    m = c.get("matrix") or (1, 0, 0, 1, 0, 0)
    a, b = m[0], m[1]
    if abs(b) > abs(a):
        return "up" if b > 0 else "down"
    return "upright" if a >= 0 else "flipped"


def _turn(box: tuple[float, float, float, float], d: str, w: float, h: float):
    """A box on the page as pdfplumber gives it → the page turned so that text of
    direction ``d`` reads left to right."""
    x0, top, x1, bottom = box
    if d == "up":       # text runs bottom to top: turn the page clockwise
        return h - bottom, x0, h - top, x1
    if d == "down":     # top to bottom: turn it anticlockwise
        return top, w - x1, bottom, w - x0
    if d == "flipped":
        return w - x1, h - bottom, w - x0, h - top
    return box


def _tracked(glyphs: list[tuple], keys: list[tuple[int, float]]) -> dict[tuple, float]:
    """Lines set with letter spacing (tracking): their glyphs stand apart by the same gap,
    wider than a word gap would be for the font, and the words are separated by real space
    glyphs. ``keys``: each glyph's line (its top to the point, its size to 0.1). Returns each
    tracked line's key and the gap (points) below which glyphs join."""
    spaced = {k for g, k in zip(glyphs, keys) if g[0].isspace()}  # only lines with a blank can be tracked
    if not spaced:
        return {}
    lines: dict[tuple, list[tuple]] = {}
    for g, k in zip(glyphs, keys):
        if k in spaced:
            lines.setdefault(k, []).append(g)
    out = {}
    for key, gs in lines.items():
        if len(gs) < 4:
            continue
        gs = sorted(gs, key=_X0)
        blank = [g[0].isspace() for g in gs]
        gaps = [b[1] - a[2] for a, b, sa, sb in zip(gs, gs[1:], blank, blank[1:]) if not sa and not sb]
        size = key[1] or 10.0
        if len(gaps) < 3:
            continue
        gaps.sort()
        mid = gaps[len(gaps) // 2]
        if mid > WORD_GAP * size and gaps[-1] - gaps[0] <= 0.1 * size and mid < 0.6 * size:
            out[key] = mid + 0.05 * size
    return out


LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}  # pdfplumber's


def extract_words(glyphs: list[tuple], x_tolerance: float = 3.0, x_tolerance_ratio: float | None = None,
                  y_tolerance: float = 2.0) -> list[tuple[str, float, float, float, float, str]]:
    """pdfplumber's ``WordExtractor(extra_attrs=["fontname"]).extract_words`` for upright glyphs,
    as (text, x0, top, x1, bottom, fontname), without its per-glyph overhead: runs of glyphs of
    one font in content order, each cut into lines (tops within ``y_tolerance`` of the next,
    chained), each line sorted left to right and cut into words at a blank glyph, a step back,
    a gap wider than the tolerance (``x_tolerance_ratio`` × the previous glyph's size, when
    given) or a jump of the top. Ligatures are spelled out."""
    out = []
    n = len(glyphs)
    i = 0
    lig = LIGATURES
    while i < n:
        font = glyphs[i][6]
        j = i + 1
        while j < n and glyphs[j][6] == font:
            j += 1
        run = glyphs[i:j]
        i = j
        # lines: tops clustered as pdfplumber's cluster_objects does (sorted distinct values chained)
        tops = sorted({g[3] for g in run})
        if tops[-1] - tops[0] <= y_tolerance and len(tops) > 0:
            groups = [run]
        else:
            cluster_of = {}
            k, last = -1, None
            for t in tops:
                if last is None or t > last + y_tolerance:
                    k += 1
                cluster_of[t] = k
                last = t
            groups = [[] for _ in range(k + 1)]
            for g in run:
                groups[cluster_of[g[3]]].append(g)
        for line in groups:
            line = sorted(line, key=_X0)
            word: list[tuple] = []
            p = None
            for g in line:
                text = g[0]
                if text.isspace():
                    if word:
                        out.append(_merge(word, lig))
                    word = []
                    continue
                if text == "":  # pdfplumber's split_at_punctuation="" quirk: an empty glyph is a word alone
                    if word:
                        out.append(_merge(word, lig))
                    out.append(_merge([g], lig))
                    word = []
                    continue
                if word:
                    tol = x_tolerance if x_tolerance_ratio is None else x_tolerance_ratio * p[5]
                    cx = g[1]
                    if cx < p[1] or cx > p[2] + tol or abs(g[3] - p[3]) > y_tolerance:
                        out.append(_merge(word, lig))
                        word = [g]
                        p = g
                        continue
                word.append(g)
                p = g
            if word:
                out.append(_merge(word, lig))
    return out


def _x0(g: tuple) -> float:
    return g[1]


_X0 = itemgetter(1)  # _x0, without a Python call per glyph


def _merge(word: list[tuple], lig: dict) -> tuple[str, float, float, float, float, str]:
    if len(word) == 1:
        g = word[0]
        return lig.get(g[0], g[0]), g[1], g[3], g[2], g[4], g[6]
    texts, x0s, x1s, tops, bottoms, _, _ = zip(*word)
    return ("".join([lig.get(t, t) for t in texts]), min(x0s), min(tops), max(x1s), max(bottoms), word[0][6])


def _words_of(chars: list[dict]) -> list[Word]:
    """:func:`words_of_glyphs` for pdfplumber's char dicts."""
    return words_of_glyphs([_glyph(c) for c in chars], chars)


def words_of_glyphs(glyphs: list[tuple], dicts: list[dict] | None = None) -> list[Word]:
    """Glyphs → words: a gap wider than :data:`WORD_GAP` of the font size separates words
    (so large headings and small print are read alike); a letter-spaced line by its own gap.
    ``dicts``: the glyphs as pdfplumber's char dicts, when some may not be upright (then
    pdfplumber's own word extractor reads them)."""
    keys = []  # each glyph's line for _tracked: its top to the point, its size to 0.1 (the same along a line)
    key = last = None
    for g in glyphs:
        if (g[3], g[5]) != last:
            last = (g[3], g[5])
            key = (round(g[3]), round(float(g[5] or 0), 1))
        keys.append(key)
    tracked = _tracked(glyphs, keys)
    runs: list[tuple[dict, list[int] | None]] = [(dict(x_tolerance_ratio=WORD_GAP), None)]
    if tracked:
        plain: list[int] = []
        extra: dict[tuple, list[int]] = {}
        for i, key in enumerate(keys):
            if key in tracked:
                extra.setdefault(key, []).append(i)
            else:
                plain.append(i)
        runs = [(dict(x_tolerance_ratio=WORD_GAP), plain)] + [(dict(x_tolerance=tracked[k]), ix)
                                                             for k, ix in extra.items()]
    out = []
    for opts, ix in runs:
        gs = glyphs if ix is None else [glyphs[i] for i in ix]
        if not gs:
            continue
        if dicts is not None and not all(c.get("upright", True) and "fontname" in c for c in dicts):
            from pdfplumber.utils.text import WordExtractor

            ds = dicts if ix is None else [dicts[i] for i in ix]
            ex = WordExtractor(y_tolerance=2, keep_blank_chars=False, use_text_flow=False,
                               extra_attrs=["fontname"], **opts)
            words = [(x["text"], x["x0"], x["top"], x["x1"], x["bottom"], x.get("fontname"))
                     for x in ex.extract_words(ds)]
        else:
            words = extract_words(gs, **opts)
        for raw, x0, top, x1, bottom, font in words:
            text = _text(raw) if "(cid:" in raw else raw
            if text:
                out.append(Word(text, x0, top, x1, bottom, bold="bold" in (font or "").lower()))
    return out


def geometry_of(page, number: int) -> list[PageGeometry]:
    """One page's words and ruling lines, read in the text's own direction.

    pdfplumber gives the page as displayed (``/Rotate`` applied). Text is then read in the
    direction its glyphs run: a page whose content is drawn upright stays as it is (even
    with ``/Rotate``), a page (or a table) printed sideways is turned so that its text reads
    left to right. A page holding text in two directions gives one geometry per direction
    (the sideways part with the rules around it).
    """
    w, h = float(page.width), float(page.height)
    segs = visible_segments(page)
    fills = shading(page)
    glyphs = getattr(page, "glyphs", None)
    if glyphs is not None:  # every glyph upright on an upright page (PDFium): no turning, no dicts
        glyphs = clean_glyphs(glyphs)
        if not any(not g[0].isspace() for g in glyphs):
            return [PageGeometry(number, w, h, [], segs, fills=fills)]
        tsegs = [Segment(min(s.x0, s.x1), min(s.top, s.bottom), max(s.x0, s.x1), max(s.top, s.bottom)) for s in segs]
        tfills = [Segment(min(f.x0, f.x1), min(f.top, f.bottom), max(f.x0, f.x1), max(f.top, f.bottom)) for f in fills]
        return [PageGeometry(number, w, h, words_of_glyphs(glyphs), [s for s in tsegs if s.horizontal or s.vertical],
                             fills=tfills)]
    chars = clean_chars(page.chars)
    groups: dict[str, list[dict]] = {}
    if getattr(page, "all_upright", False):  # the source knows every glyph reads upright (PDFium)
        groups["upright"] = chars
    else:
        for c in chars:
            groups.setdefault(_direction(c), []).append(c)
    visible = {d: cs for d, cs in groups.items() if sum(1 for c in cs if not c["text"].isspace()) >= 1}
    if not visible:
        return [PageGeometry(number, w, h, [], segs, fills=fills)]
    order = sorted(visible, key=lambda d: -len(visible[d]))
    main = order[0]
    parts = [main] + [d for d in order[1:] if len(visible[d]) >= 12]
    regions: dict[str, tuple[float, float, float, float]] = {}
    for d in parts[1:]:
        cs = visible[d]
        regions[d] = (min(c["x0"] for c in cs) - 12, min(c["top"] for c in cs) - 12,
                      max(c["x1"] for c in cs) + 12, max(c["bottom"] for c in cs) + 12)

    def part_of(box) -> str:
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        for d, (x0, t, x1, b) in regions.items():
            if x0 <= cx <= x1 and t <= cy <= b:
                return d
        return main

    out = []
    for d in parts:
        cs = groups[d] if d != main else [c for dd, cc in groups.items() if dd not in parts[1:] for c in cc]
        turned = []
        if d == "upright" and getattr(page, "all_upright", False):
            cs, turned = [], cs  # already as they read: no copies
        for c in cs:
            if d == "upright" and c.get("upright"):
                turned.append(c)  # already as it reads: no copy
                continue
            x0, top, x1, bottom = _turn((c["x0"], c["top"], c["x1"], c["bottom"]), d, w, h)
            t = dict(c, x0=x0, x1=x1, top=top, bottom=bottom, doctop=top, upright=True)
            t.pop("direction", None)
            turned.append(t)
        mine = [s for s in segs if part_of((s.x0, s.top, s.x1, s.bottom)) == d]
        tsegs = []
        for s in mine:
            x0, top, x1, bottom = _turn((s.x0, s.top, s.x1, s.bottom), d, w, h)
            tsegs.append(Segment(min(x0, x1), min(top, bottom), max(x0, x1), max(top, bottom)))
        tw, th = (h, w) if d in ("up", "down") else (w, h)
        tfills = []
        for f in fills:
            if part_of((f.x0, f.top, f.x1, f.bottom)) == d:
                x0, top, x1, bottom = _turn((f.x0, f.top, f.x1, f.bottom), d, w, h)
                tfills.append(Segment(min(x0, x1), min(top, bottom), max(x0, x1), max(top, bottom)))
        geom = PageGeometry(number, tw, th, _words_of(turned), [s for s in tsegs if s.horizontal or s.vertical],
                            fills=tfills)
        if d in _UNTURN:  # where the turned frame lies on the page as displayed (Loc.page_bbox)
            m, geom.turn = _UNTURN[d]
            geom.to_page = m(w, h)
        out.append(geom)
    return out


# the inverse of _turn for each direction (a point of the turned frame → the displayed page) and the degrees
# clockwise the displayed page must turn for the text to read
_UNTURN = {
    "up": (lambda w, h: (0.0, 1.0, 0.0, -1.0, 0.0, h, 0.0, 0.0, 1.0), 90),
    "down": (lambda w, h: (0.0, -1.0, w, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0), 270),
    "flipped": (lambda w, h: (-1.0, 0.0, w, 0.0, -1.0, h, 0.0, 0.0, 1.0), 180),
}


def _drop_running_text(blocks: list, heights: dict[int, float]) -> list:
    """Leave out headers, footers and page numbers: margin text repeated over pages, or a lone number."""
    def key(p: Paragraph) -> str:
        return re.sub(r"\d+", "#", p.text.lower())

    def in_margin(p: Paragraph) -> bool:
        if not p.loc.bbox or p.loc.page not in heights:
            return False
        h = heights[p.loc.page]
        return p.loc.bbox[1] < h * MARGIN or p.loc.bbox[3] > h * (1 - MARGIN)

    def opening(p: Paragraph) -> str | None:
        """The first six words of a long margin line: a running header whose end the page layout
        changes (a portrait page interleaves "Tahun 2022" with "KOTA X" beside it, a landscape
        page does not) still starts the same."""
        words = key(p).split()
        return " ".join(words[:6]) if len(words) >= 6 and len(" ".join(words[:6])) >= 30 else None

    margin = [b for b in blocks if isinstance(b, Paragraph) and in_margin(b)]
    pages_with = Counter()
    for k, page in {(key(b), b.loc.page) for b in margin} | {(("^", opening(b)), b.loc.page) for b in margin
                                                            if opening(b)}:
        pages_with[k] += 1
    n_pages = len(heights)
    enough = max(2, n_pages // 2)
    out = []
    for b in blocks:
        if isinstance(b, Paragraph) and in_margin(b):
            text = (f"{b.label} " if b.label else "") + b.text
            lone_number = _PAGE_NO.match(text) and not _YEAR.match(text)  # a year above a title is no page number
            repeated = pages_with[key(b)] >= enough or (opening(b) and pages_with[("^", opening(b))] >= enough)
            if lone_number or (n_pages >= 2 and repeated):
                continue
        out.append(b)
    return out


class _Pdfium:
    """The PDF opened once in PDFium (pypdfium2), for reading pages (:mod:`.pdfium`) and
    rendering them for OCR. Calls go through :data:`pdfium.LOCK` (PDFium is not thread-safe)."""

    def __init__(self, data: bytes):
        self.data = data
        self.doc = None
        self.error: str | None = None

    def open(self):
        """The document, or None when PDFium cannot open it (``error`` says why)."""
        if self.doc is None and self.error is None:
            try:
                import pypdfium2 as pdfium

                with pdfium_source.LOCK:
                    self.doc = pdfium.PdfDocument(self.data)
            except Exception as e:  # noqa: BLE001 - pdfplumber reads the pages instead
                self.error = f"PDFium could not open the file ({type(e).__name__}: {str(e)[:80]})"
        return self.doc

    def page(self, index: int, descents: dict[str, float] | None = None):
        """Page ``index`` (0-based) read by PDFium, or raises."""
        doc = self.open()
        if doc is None:
            raise pdfium_source.PdfiumUnavailable(self.error)
        return pdfium_source.read_page(doc, index, descents)

    def render(self, index: int, dpi: float):
        doc = self.open()
        if doc is None:
            raise PdfError(f"page {index + 1} could not be rendered for OCR: {self.error}")
        with pdfium_source.LOCK:
            page = doc[index]
            try:
                return page.render(scale=dpi / 72.0).to_numpy()[:, :, ::-1].copy()  # BGR(x) → RGB
            finally:
                page.close()

    def close(self):
        if self.doc is not None:
            with pdfium_source.LOCK:
                self.doc.close()
            self.doc = None


_Renderer = _Pdfium  # its name before it read pages too


def declared_descents(page, cache: dict) -> dict[str, float]:
    """The descent each font of a page declares, as pdfminer reads it (a fraction of the font
    size, by BaseFont name, with and without its subset prefix): the FontDescriptor's
    /Descent (forced negative), the standard metrics of the 14 standard fonts (and their
    Arial aliases), a Type3 font's FontBBox bottom scaled by its FontMatrix. Character boxes
    then sit where pdfminer puts them, also for fonts whose descriptor says 0 (LibreOffice),
    where PDFium would measure the glyphs instead. ``cache`` holds fonts already seen (by
    object id) across the document's pages."""
    from pdfminer.fontmetrics import FONT_METRICS
    from pdfminer.pdftypes import PDFObjRef, resolve1
    from pdfminer.psparser import PSLiteral

    def name(v) -> str:
        v = resolve1(v)
        if isinstance(v, PSLiteral):
            v = v.name
        if isinstance(v, bytes):
            v = v.decode("latin-1", "replace")
        return v if isinstance(v, str) else ""

    def num(v, default=0.0) -> float:
        v = resolve1(v)
        return float(v) if isinstance(v, (int, float)) else default

    def descent(spec) -> tuple[list[str], float] | None:
        if not isinstance(spec, dict):
            return None
        names = [name(spec.get("BaseFont"))]
        sub = name(spec.get("Subtype")) or "Type1"
        if sub == "Type0":
            kids = resolve1(spec.get("DescendantFonts"))
            spec = resolve1(kids[0]) if isinstance(kids, list) and kids else {}
            if not isinstance(spec, dict):
                return None
            names.append(name(spec.get("BaseFont")))
            sub = "CID"
        desc = resolve1(spec.get("FontDescriptor"))
        desc = desc if isinstance(desc, dict) else {}
        if sub == "Type3":
            bbox = resolve1(desc.get("FontBBox") if "FontDescriptor" in spec else spec.get("FontBBox"))
            matrix = resolve1(spec.get("FontMatrix"))
            if not (isinstance(bbox, list) and len(bbox) == 4 and isinstance(matrix, list) and len(matrix) == 6):
                return None
            return names, num(bbox[1]) * (num(matrix[1]) + num(matrix[3]))
        value = None
        if sub in ("Type1", "MMType1", "TrueType") and names[0] in FONT_METRICS:
            value = num(FONT_METRICS[names[0]][0].get("Descent", 0))
        if value is None:
            value = num(desc.get("Descent", 0))
        return names, -abs(value) * 0.001

    out: dict[str, float] = {}
    try:
        resources = resolve1(page.page_obj.resources)
        fonts = resolve1(resources.get("Font")) if isinstance(resources, dict) else None
        for ref in (fonts or {}).values() if isinstance(fonts, dict) else ():
            key = ref.objid if isinstance(ref, PDFObjRef) else None
            if key is not None and key in cache:
                got = cache[key]
            else:
                try:
                    got = descent(resolve1(ref))
                except Exception:  # noqa: BLE001 - a damaged font dict: PDFium's value is used
                    got = None
                if key is not None:
                    cache[key] = got
            if got:
                for n in got[0]:
                    if n:
                        out.setdefault(n, got[1])
                        out.setdefault(n.split("+", 1)[-1], got[1])
    except Exception:  # noqa: BLE001 - damaged resources: PDFium's values are used
        pass
    return out


UNMAPPED = 0.05  # share of a page's glyphs without a Unicode value above which pdfminer is asked too


def preload() -> None:
    """Import what reading a PDF needs (pdfplumber, pdfminer with its crypto, PDFium) now.

    A batch calls it before forking its workers, so that they share these modules instead of
    each importing them again for its file (a tenth of a second per file)."""
    import pdfplumber  # noqa: F401
    from pdfminer import fontmetrics, pdfdocument, pdfinterp, pdfpage, pdfparser, pdftypes, psparser  # noqa: F401

    pdfium_source._api()
    from extractors.readers import ocr_pool, scan  # noqa: F401


def _no_ocr(item) -> bool:
    """A page item of :func:`read_pdf` that OCR has nothing to do for (read, or given up)."""
    return item[2] is None or isinstance(item[2], str)


def _n_words(geoms) -> int:
    return sum(len(g.words) for g in geoms) if geoms else 0


def _unmapped(chars) -> int:
    return sum(1 for c in chars if c.get("text", "").startswith("(cid:"))


def _ocr_source(page, number: int, renderer: _Pdfium):
    """What OCR needs of a page without text: its one image as stored (a scan, at the scanner's
    resolution), or the page rendered at 300 dpi when it is more than one image.

    A page that is one JPEG covering the page, upright, gives its JPEG bytes (decoded by the
    worker thread); one image in another encoding is rendered at the image's own resolution.
    """
    from extractors.readers.scan import DPI, PageSource

    w, h = float(page.width), float(page.height)
    rot = int(getattr(page, "rotation", 0) or 0) % 360
    images = page.images
    if len(images) == 1 and w > 0 and h > 0:
        im = images[0]
        sw, sh = im.get("srcsize") or (0, 0)
        iw, ih = float(im["x1"] - im["x0"]), float(im["bottom"] - im["top"])
        covers = iw * ih >= 0.9 * w * h and sw and sh and abs(sw / sh - iw / ih) < 0.02 * (sw / sh)
        if covers:
            dpi = sw * 72.0 / iw
            filters = [f[0].name if hasattr(f[0], "name") else str(f[0]) for f in im["stream"].get_filters()]
            space = str(im.get("colorspace") or "")
            if rot == 0 and filters == ["DCTDecode"] and "CMYK" not in space and "ICC" not in space \
                    and not im.get("imagemask"):
                stream = im["stream"]
                # pdfminer drops the raw bytes once a stream is decoded (the damage check decodes it);
                # a DCT-only stream decodes to its JPEG bytes unchanged
                raw = stream.get_rawdata()
                return PageSource(number, dpi, data=raw if raw is not None else stream.get_data())
            return PageSource(number, dpi, image=renderer.render(number - 1, min(dpi, 600)))
    return PageSource(number, DPI, image=renderer.render(number - 1, DPI))


def _scanned_page(page, images: list[dict] | None = None) -> bool:
    """Is the page a scan (one image covering it) that also carries text: an OCR text layer?

    ``images``: the page's image boxes when PDFium read the page (pdfplumber's ``page.images``
    would have pdfminer interpret the whole page again, which is what PDFium spares)."""
    images = page.images if images is None else images
    if len(images) != 1:
        return False
    w, h = float(page.width), float(page.height)
    im = images[0]
    iw, ih = float(im["x1"] - im["x0"]), float(im["bottom"] - im["top"])
    return w > 0 and h > 0 and iw * ih >= 0.9 * w * h


def _image_offset(page) -> tuple[float, float]:
    im = page.images[0]
    return float(im["x0"]), float(im["top"])


def _witness(i: int, layer: list[PageGeometry], geom: PageGeometry, facts: dict, offset: tuple[float, float]):
    """The better of a scanned page's own text layer and iki's OCR of its image: (geometries, warning, facts).

    Words at the same places are compared (:func:`extractors.readers.scan.compare_text_layer`).
    When the text layer is kept, the ruling lines iki found on the image go with it (an OCR
    layer has text only: its table would have no rules).
    """
    from dataclasses import replace

    from extractors.readers.scan import compare_text_layer

    dx, dy = offset
    ocr_words = [replace(w, x0=w.x0 + dx, x1=w.x1 + dx, top=w.top + dy, bottom=w.bottom + dy) for w in geom.words]
    main = layer[0]
    which, pts_layer, pts_ocr, n = compare_text_layer(main.words, ocr_words)
    how = f"on {n} words at the same places, the layer read better {pts_layer} times, iki {pts_ocr} times"
    if which == "ocr":
        note = warning("ocr_text_layer", f"page {i}: its own OCR text layer read worse than iki's OCR ({how}); "
                                         f"iki's reading kept")
        return [geom], note, facts
    if not main.segments:
        main.segments = [Segment(s.x0 + dx, s.top + dy, s.x1 + dx, s.bottom + dy) for s in geom.segments]
    note = warning("ocr_text_layer", f"page {i}: its own OCR text layer read better than iki's OCR ({how}); "
                                     f"the layer kept, with the ruling lines of the image")
    facts = dict(facts, text_layer=True)
    return layer, note, facts


class _Complaints(logging.Handler):
    """pdfminer's warnings about damaged structure while one page is read."""

    SIGNS = ("circular reference", "data-loss", "corrupt", "invalid", "not found", "broken")

    def __init__(self):
        super().__init__(logging.WARNING)
        self.seen: list[str] = []

    def emit(self, record):
        msg = record.getMessage()
        if any(s in msg.lower() for s in self.SIGNS):
            self.seen.append(msg[:120])


def _page_damage(page, complaints: list[str]) -> str | None:
    """Why a page that gave no text cannot be read, when its content is damaged; None for a blank or
    scanned page. Looks at what pdfminer complained about, content streams that decoded to nothing,
    and embedded JPEG images that do not decode."""
    from pdfminer.pdftypes import PDFStream, resolve1

    if complaints:
        return complaints[0]
    obj = page.page_obj
    for st in getattr(obj, "contents", []) or []:
        st = resolve1(st)
        if isinstance(st, PDFStream) and (resolve1(st.attrs.get("Length")) or 0) > 16 and not st.get_data():
            return "its content stream does not decode"
    resources = resolve1(obj.resources) if isinstance(resolve1(obj.resources), dict) else {}
    xobjects = resolve1(resources.get("XObject")) if resources else None
    for name, ref in (xobjects or {}).items() if isinstance(xobjects, dict) else ():
        x = resolve1(ref)
        if not isinstance(x, PDFStream) or resolve1(x.attrs.get("Subtype")) is None:
            continue
        filters = [getattr(f, "name", str(f)) for f, _ in x.get_filters()]
        if "DCTDecode" in filters:
            from io import BytesIO

            from PIL import Image

            try:
                with Image.open(BytesIO(x.get_data())) as im:
                    im.load()
            except MemoryError:  # the memory limit: said as such, never as damage
                raise
            except Exception as e:  # noqa: BLE001 - any decoding failure is damage
                return f"its image {name} does not decode ({type(e).__name__})"
        elif filters and not x.get_data():
            return f"its image {name} does not decode"
    return None


def _declared_pages(pdf) -> int | None:
    """The page count the PDF's page tree declares (``/Count``), read without walking the pages."""
    try:
        from pdfminer.pdftypes import resolve1

        root = resolve1(pdf.doc.catalog.get("Pages"))
        count = resolve1(root.get("Count")) if isinstance(root, dict) else None
        return int(count) if isinstance(count, (int, float)) and count >= 0 else None
    except Exception:  # noqa: BLE001 - a damaged tree is found when the pages are listed
        return None


def _rebuilt(data: bytes) -> tuple[bytes, int] | None:
    """The PDF saved again by pdfium, which rebuilds a broken cross-reference table (objects found by
    scanning the file), and its page count; None when pdfium cannot open it or finds no page either."""
    try:
        import pypdfium2 as pdfium

        with pdfium_source.LOCK:  # PDFium is not thread-safe (pages of another file may be read)
            doc = pdfium.PdfDocument(data)
            try:
                n = len(doc)
                if n == 0:
                    return None
                out = BytesIO()
                doc.save(out)
                return out.getvalue(), n
            finally:
                doc.close()
    except Exception:  # noqa: BLE001 - pdfium could not read it either: the caller reports the damage
        return None


def _close(pdf) -> None:
    """pdfplumber's ``close()`` without its second pass over the page tree (it drops the list of
    pages it made, then lists every page again, pdfminer parsing each page's dictionary, to close
    them): the pages it listed are closed, and the stream."""
    for page in getattr(pdf, "_pages", ()):
        page.close()
    if not pdf.stream_is_external:
        pdf.stream.close()


def read_pdf(data: bytes, source: str = "<pdf>", max_pages: int | None = None, ocr: str = "auto",
             _rebuilt_from: int | None = None) -> Document:
    """PDF bytes → :class:`Document`.

    ``ocr``: ``auto`` reads pages without a text layer with OCR, ``always`` OCRs every page,
    ``never`` uses the text layer only.

    A file whose pages pdfminer cannot list (a cross-reference table pointing at the wrong objects lists
    none) is rebuilt by pdfium and read again (warning ``pdf_repaired``); when no library finds a page
    it is an error saying so, never an empty reading.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise PdfError("password-protected PDF: iki cannot open it without the password") from e
    except PDFSyntaxError as e:
        raise PdfError(f"damaged PDF: {e}") from e
    except MemoryError:  # the memory limit: said as such, never as damage
        raise
    except Exception as e:  # pdfminer raises many kinds on broken files (pdfplumber wraps them)
        inner = " ".join(f"{type(x).__name__} {x}" for x in (e, *getattr(e, "args", ())))
        if "password" in inner.lower() or "encrypt" in inner.lower():
            raise PdfError("password-protected PDF: iki cannot open it without the password") from e
        raise PdfError(f"damaged or unreadable PDF ({type(e).__name__}: {e})"[:300]) from e
    pdf.close = lambda: _close(pdf)
    from extractors.readers.ocr_pool import map_pages
    from extractors.readers.scan import DPI, OcrError, ocr_summary, read_page, tesseract_missing

    heights: dict[int, float] = {}
    warnings: list[str] = []
    textless: list[int] = []
    ocr_facts: list[dict] = []
    missing = None
    failed: list[str] = []
    renderer = _Pdfium(data)
    fallbacks: list[tuple[int, str]] = []  # pages pdfminer read instead of PDFium, and why
    fast_images: dict[int, list[dict]] = {}  # image boxes of the pages read by PDFium
    font_cache: dict = {}

    def unreadable(i: int, e: BaseException) -> str:
        """The warning for page ``i`` that raised ``e`` (also counted in ``failed``)."""
        if isinstance(e, OcrError):
            failed.append(str(e))
            return warning("ocr_error", str(e))
        if isinstance(e, limits.InputTooLarge):
            failed.append(str(e))
            return warning("page_too_large", f"{e}; skipped")
        if isinstance(e, (limits.PageTimeLimit, MemoryError)):
            msg = str(e) if isinstance(e, limits.PageTimeLimit) else f"page {i} ran out of memory"
        elif isinstance(e, PdfError):
            msg = str(e)[:160]
        else:
            msg = f"page {i} could not be read ({type(e).__name__}: {str(e)[:120]})"
        failed.append(msg)
        return warning("page_unreadable", f"{msg}; skipped")

    def read_geometry(page, i: int):
        """Page ``i``'s geometry from PDFium; from pdfplumber (pdfminer) when PDFium cannot read the
        page, finds no text on it, or cannot map many of its glyphs to Unicode and pdfminer can."""
        if pdfium_ok:
            try:
                fast = renderer.page(i - 1, declared_descents(page, font_cache))
                geoms = geometry_of(fast, i)
            except (limits.PageTimeLimit, MemoryError):
                raise
            except Exception as e:  # noqa: BLE001 - pdfminer reads the page instead
                why = str(e) if isinstance(e, pdfium_source.PdfiumUnavailable) else \
                    f"PDFium could not read it ({type(e).__name__}: {str(e)[:80]})"
            else:
                fast_images[i] = fast.images
                n_chars = len(fast.glyphs) if fast.glyphs is not None else len(fast.chars)
                if _n_words(geoms) >= 3 and fast.unmapped <= max(5, UNMAPPED * n_chars):
                    return geoms
                if _n_words(geoms) >= 3:  # glyphs PDFium cannot map: does pdfminer map them?
                    slow = geometry_of(page, i)
                    if _unmapped(page.chars) < fast.unmapped and _n_words(slow) >= _n_words(geoms) // 2:
                        fallbacks.append((i, f"PDFium could not map {fast.unmapped} glyphs to text"))
                        return slow
                    return geoms
                # no text found by PDFium: pdfminer reads the page too (its complaints tell damage)
                slow = geometry_of(page, i)
                if _n_words(slow) > _n_words(geoms):
                    fallbacks.append((i, "PDFium found no text on it"))
                    return slow
                return geoms
        else:
            why = pdfium_why
        geoms = geometry_of(page, i)
        if why:
            fallbacks.append((i, why))
        return geoms

    def pages():
        """Each page's geometry, or what OCR needs to read it (taken lazily by the page pool)."""
        nonlocal missing
        for i, page in enumerate(pdf.pages, start=1):
            complaints = _Complaints()
            miner_log = logging.getLogger("pdfminer")
            miner_log.addHandler(complaints)
            if miner_log.getEffectiveLevel() > logging.WARNING:  # `-q` quiets the terminal, not this
                miner_log.setLevel(logging.WARNING)
            try:
                with limits.page_deadline(f"page {i}"):
                    geoms = read_geometry(page, i) if ocr != "always" else None
                    n_words = _n_words(geoms)
                    if n_words < 3:
                        damage = _page_damage(page, complaints.seen)
                        if damage:
                            raise PdfError(f"page {i} is damaged: {damage}")
                    source = None
                    images = fast_images.pop(i, None)
                    if ocr == "auto" and n_words >= 3 and _scanned_page(page, images):
                        # a scanned page with its own OCR text layer: iki reads the image too, and the
                        # better reading is kept (a witness, not the truth)
                        missing = missing or tesseract_missing()
                        if not missing:
                            limits.check_pixels(float(page.width) * DPI / 72, float(page.height) * DPI / 72,
                                                f"page {i}")
                            source = _ocr_source(page, i, renderer)
                            source.offset = _image_offset(page) if source.data is not None else (0.0, 0.0)
                    elif ocr != "never" and n_words < 3:
                        missing = missing or tesseract_missing()
                        if missing:
                            textless.append(i)
                        else:
                            limits.check_pixels(float(page.width) * DPI / 72, float(page.height) * DPI / 72,
                                                f"page {i}")
                            source = _ocr_source(page, i, renderer)
                    elif geoms is not None and n_words < 3:
                        textless.append(i)
            except (Exception, MemoryError) as e:  # noqa: BLE001 - one bad page is a warning, not a lost file
                yield i, None, unreadable(i, e)
                continue
            finally:
                miner_log.removeHandler(complaints)
                page.close() if hasattr(page, "close") else None
            if source is not None:
                yield i, geoms if n_words >= 3 else None, source
            elif ocr != "never" and n_words < 3:
                yield i, None, None
            else:
                yield i, geoms, None

    def finish(item):
        """Runs in the page pool: OCR for a page that needs it."""
        i, geoms, todo = item
        if todo is None or isinstance(todo, str):
            return i, geoms, todo, None
        try:
            geom, facts = read_page(todo)
            if geoms:  # the page's own text layer against iki's reading
                return (i, *_witness(i, geoms, geom, facts, getattr(todo, "offset", (0.0, 0.0))))
            return i, [geom], None, facts
        except (Exception, MemoryError) as e:  # noqa: BLE001 - one bad page is a warning, not a lost file
            if geoms:  # iki could not read the image: the text layer stands
                return i, geoms, warning("ocr_error", f"{e}; page {i} read from its own text layer"), None
            return i, None, unreadable(i, e), None

    blocks: list = []
    carry = None  # columns of a table without rules that the last page ended with
    with pdf:
        declared = _declared_pages(pdf)  # counted before any page is listed or decoded
        if max_pages and declared and declared > max_pages:
            raise PdfError(f"PDF has {declared} pages, more than the limit of {max_pages} (--max-pages)")
        try:
            with limits.page_deadline("listing the pages", seconds=min(limits.page_seconds(), 60.0)):
                n = len(pdf.pages)  # walking the page tree is bounded too (reference cycles)
        except BaseException as e:
            pdf.close = lambda: None  # pdfplumber's close() would walk the page tree again (bytes in memory)
            inner = e.args[0] if getattr(e, "args", None) else None  # pdfplumber wraps what pdfminer raised
            if isinstance(e, (limits.PageTimeLimit, RecursionError)) or isinstance(inner, limits.PageTimeLimit):
                raise PdfError(f"damaged PDF: its pages could not be listed ({e}; a reference loop?)") from e
            if isinstance(e, Exception):  # the page tree is the file's: any failure here is damage
                raise PdfError(f"damaged PDF: its pages could not be listed ({type(e).__name__}: {e})"[:300]) from e
            raise
        if max_pages and n > max_pages:
            raise PdfError(f"PDF has {n} pages, more than the limit of {max_pages} (--max-pages)")
        if n == 0:
            rebuilt = _rebuilt(data) if _rebuilt_from is None else None
            if rebuilt is None:
                said = f" although it declares {declared}" if declared else ""
                raise PdfError(f"damaged PDF: no page could be listed{said} (its page tree or cross-reference "
                               "table is broken and pdfium could not rebuild it)")
            doc = read_pdf(rebuilt[0], source, max_pages, ocr, _rebuilt_from=rebuilt[1])
            doc.warnings.insert(0, warning("pdf_repaired", f"no page could be listed from the file as it is; "
                                           f"pdfium rebuilt its cross-reference table and found {rebuilt[1]} page(s)"))
            return doc
        pdfium_ok, pdfium_why = False, ""
        if ocr != "always" and SOURCE != "pdfminer":
            doc_ = renderer.open()
            if doc_ is None:
                pdfium_why = renderer.error or "PDFium could not open the file"
            else:
                with pdfium_source.LOCK:
                    n_fast = len(doc_)
                if n_fast == n:
                    pdfium_ok = True
                else:  # the two libraries see different page trees: page numbers would not match
                    pdfium_why = f"PDFium counts {n_fast} pages, pdfminer {n}"
        try:
            for i, geoms, problem, facts in map_pages(finish, pages(), light=_no_ocr):
                if problem:
                    warnings.append(problem)
                if facts is not None:
                    ocr_facts.append(facts)
                if not geoms:
                    carry = None  # a table does not run on across a page iki could not read
                    continue
                heights[i] = geoms[0].height
                for k, geom in enumerate(geoms):
                    # a table runs on onto a page of the same width (not from a landscape page onto a portrait one)
                    if k == 0 and carry and abs(carry[0] - geom.width) <= 2.0:
                        geom.carry, geom.carry_em = carry[1], carry[2]
                    blocks.extend(page_blocks(geom))
                    warnings.extend(geom.warnings)
                carry = (geoms[0].width, geoms[0].open_columns, geoms[0].open_em) if geoms[0].open_columns else None
        finally:
            renderer.close()
    if failed and len(failed) + len(textless) >= n:
        raise PdfError(f"no page of this PDF could be read ({len(failed)} of {n} failed; first: {failed[0]})"[:400])
    if textless:
        reason = missing if missing else "--ocr never"
        warnings.append(warning("pages_without_text", f"{len(textless)} of {n} page(s) have no text layer and were not read: {reason}"))
        if len(textless) == n:
            raise PdfError(f"scanned PDF (no text layer): {reason}")
    warnings.extend(ocr_summary(ocr_facts))
    if fallbacks:
        reasons = Counter(why for _, why in fallbacks)
        pages_ = ", ".join(str(i) for i, _ in fallbacks[:20]) + (" …" if len(fallbacks) > 20 else "")
        warnings.append(warning("pdf_text_fallback", f"{len(fallbacks)} of {n} page(s) read with pdfminer "
                                f"instead of PDFium (page {pages_}): {reasons.most_common(1)[0][0]}"))
    blocks = _drop_running_text(blocks, heights)
    doc = Document(source=source, format="pdf", blocks=blocks, n_pages=n, warnings=warnings)
    doc.ocr_pages = len(ocr_facts)
    return doc

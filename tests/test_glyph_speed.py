"""The PDF reader's glyph clean-up and word building (vectorised for speed, issue 28) read exactly what
their plain per-glyph versions read: the versions of main 594d39f are kept here as references and both
are run on every page of the bench PDFs and the reader cases, and on generated glyph sets full of
fake bold, reprinted runs, blanks over text and letter-spaced lines."""
from __future__ import annotations

import random
from bisect import bisect_left
from pathlib import Path

import pytest

from extractors.readers import pdf as reader
from extractors.readers import pdfium as pdfium_source
from extractors.readers.pdf import (_SYMBOL_CIDS, BOTTOM, FAKE_BOLD, FONT, LIGATURES, REPRINT_X, REPRINT_Y, SIZE,  # noqa: F401
                                    TEXT, TOP, WORD_GAP, X0, X1, Word, _alone, _text, _X0)

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted((ROOT / "tests" / "data" / "producers").glob("*.pdf")) + sorted((ROOT / "samples" / "pdf").glob("*.pdf")) \
    + sorted((ROOT / "tests" / "data" / "cases" / "readers").glob("*.pdf")) + sorted((ROOT / "tests" / "data" / "reprinted").glob("*.pdf"))


# ----------------------------------------------------------------------------- references (main 594d39f)


def _ref_runs(glyphs: list[tuple]) -> list[list[int]]:
    """The text runs of a page: glyphs drawn one after the other in the content stream, in one font
    and size, on one baseline, each right of the one before and close to it."""
    runs: list[list[int]] = []
    prev = None
    psize = 0.0
    for i, g in enumerate(glyphs):
        size = float(g[SIZE] or (g[BOTTOM] - g[TOP]) or 10.0)
        if prev is not None:
            p = glyphs[prev]
            if (g[FONT] == p[FONT] and abs(size - psize) <= 0.05
                    and abs(g[TOP] - p[TOP]) <= 0.3 * size and p[X0] - 0.5 <= g[X0] <= p[X1] + 1.5 * size):
                runs[-1].append(i)
                prev, psize = i, size
                continue
        runs.append([i])
        prev, psize = i, size
    return runs


def _ref_drop_reprinted_glyphs(glyphs: list[tuple]) -> list[tuple]:
    """A text run printed again over itself is read once: the same words drawn a point or two
    off (a shadow, an overprint the fake-bold test's fraction of a point does not cover), or in
    another font or size (a producer that draws a fallback font over the embedded one). A run is
    a reprint of another when its text (spaces aside) is the other's, or a part of it standing
    where that part of the other is printed (a run drawn word by word over a line drawn at once),
    and the two share their line. Of two runs of the same text the one drawn last (on top, the
    one a reader sees) is kept; a part is dropped for the whole. Text of another run that merely
    overlaps (an equation running into the next cell) is not the same text and is kept."""
    runs = _ref_runs(glyphs)
    info = []  # (key text, x0 of each key glyph, top, bottom, em) of each run
    for r in runs:
        cs = [glyphs[i] for i in r if not glyphs[i][TEXT].isspace()]
        if not cs:
            info.append(None)
            continue
        em = max(float(g[SIZE] or (g[BOTTOM] - g[TOP]) or 10.0) for g in cs)
        info.append(("".join(g[TEXT] for g in cs), [g[X0] for g in cs], min(g[TOP] for g in cs),
                     max(g[BOTTOM] for g in cs), em))
    fonts = [(glyphs[r[0]][FONT], glyphs[r[0]][SIZE]) for r in runs]
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
        return glyphs
    gone = {i for k in dropped for i in runs[k]}
    return [g for i, g in enumerate(glyphs) if i not in gone]


def _ref_clean_glyphs(glyphs: list[tuple]) -> list[tuple]:
    """Glyphs as a reader sees them: a run of glyphs printed twice a fraction of a point apart
    (fake bold, overprinting) is kept once, and blank glyphs drawn over visible ones (a padded
    field) are dropped, so they neither double letters nor split words. Text of another run
    that merely overlaps (an equation running into the next cell) is kept: a glyph is a
    duplicate only with the same font and size, and only next to another duplicate. A whole
    run printed again over itself, further off or in another font, is read once
    (:func:`drop_reprinted_glyphs`)."""
    glyphs = _ref_drop_reprinted_glyphs(glyphs)
    # glyphs seen, by (text, font, size to 0.1) and then by their top to the point
    seen: dict[tuple, dict[int, list[int]]] = {}
    dup: list[int] = []
    blanks = False
    last_top = last_size = None  # glyphs of a line share their top and size: round once per line
    for i, g in enumerate(glyphs):
        text = g[0]
        if text.isspace():
            blanks = True
            continue
        top = g[3]
        if top != last_top:
            last_top, rt = top, round(top)
        size = g[5] or (g[4] - top) or 10.0
        if size != last_size:
            last_size, rsize = size, round(size, 1)
        key = (text, g[6], rsize)
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
    # blanks over visible glyphs of the same line (lines by the top to 2 points, and their neighbours)
    lines: dict[int, list[tuple[float, float]]] = {}
    last_top = None
    for g in out:
        if not g[0].isspace():
            if g[3] != last_top:
                last_top = g[3]
                spans = lines.setdefault(round(last_top / 2), [])
            spans.append((g[1], g[2]))
    index: dict[int, tuple[list[float], list[tuple[float, float]], float]] = {}
    for k, spans in lines.items():
        spans.sort()
        index[k] = ([a for a, _ in spans], spans, max(b - a for a, b in spans))
    kept = []
    for g in out:
        if g[0].isspace():
            k = round(g[3] / 2)
            cx0, cx1 = g[1], g[2]
            need = 0.3 * max(cx1 - cx0, 0.1)
            over = False
            for kk in (k - 1, k, k + 1):
                got = index.get(kk)
                if got is None:
                    continue
                starts, spans, widest = got
                # only glyphs starting within the widest glyph's width before the blank can overlap it
                for j in range(bisect_left(starts, cx0 - widest - 1.0), bisect_left(starts, cx1)):
                    a, b = spans[j]
                    if min(cx1, b) - max(cx0, a) > need:
                        over = True
                        break
                if over:
                    break
            if over:
                continue
        kept.append(g)
    return kept


def _ref_tracked(glyphs: list[tuple], keys: list[tuple[int, float]]) -> dict[tuple, float]:
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


def _ref_words_of_glyphs(glyphs: list[tuple], dicts: list[dict] | None = None) -> list[Word]:
    """:func:`reader.words_of_glyphs` (unchanged since 594d39f) with the reference letter-spacing test."""
    from unittest import mock

    with mock.patch.object(reader, "_tracked", _ref_tracked):
        return reader.words_of_glyphs(glyphs, dicts)


# ----------------------------------------------------------------------------- inputs


def _page_glyphs():
    """Every page's glyphs of the PDFs above, as PDFium gives them (char dicts turned into tuples)."""
    out = []
    for path in PDFS:
        pdf = reader._Pdfium(path.read_bytes())
        try:
            with pdfium_source.LOCK:
                n = len(pdf.open())
            for i in range(n):
                page = pdf.page(i)
                out.append(page.glyphs if page.glyphs is not None else [reader._glyph(c) for c in page.chars])
        finally:
            pdf.close()
    return out


def _generated(seed: int) -> list[tuple]:
    """A page of glyphs written from a description of what producers do: lines of words in a few fonts
    and sizes, some letter-spaced; some runs printed twice a fraction of a point apart (fake bold), some
    printed again a point or two off or in another font (a shadow, a fallback font), some word by word
    over the line; blanks drawn over text (a padded field) and blanks alone; ligatures, unmapped
    glyphs, glyphs without a size, empty glyphs; content order shuffled by text object."""
    rnd = random.Random(seed)
    words = ["Dinas", "Sosial", "IKU", "1", "2.", "Target", "100%", "ﬁnal", "(cid:183)", "a", "l", "ll", "...",
             "Persentase", "capaian", "Rp", "x"]
    fonts = ["F1", "F1-Bold", "Times-Roman", None]
    objects: list[list[tuple]] = []
    top = 40.0
    for _ in range(rnd.randint(1, 40)):
        size = rnd.choice([7.0, 9.96, 10.0, 10.04, 12.0, 18.0, 0.0, None])
        font = rnd.choice(fonts)
        eff = size or 10.0
        x = rnd.uniform(20, 80)
        gap = rnd.choice([0.0, 0.0, 0.1 * eff, 0.35 * eff])  # letter spacing on some lines
        line: list[tuple] = []
        for _ in range(rnd.randint(1, 8)):
            for ch in [*rnd.choice(words), *([""] if rnd.random() < 0.01 else [])]:
                w = 0.5 * eff * rnd.uniform(0.4, 1.2)
                line.append((ch, x, x + w, top, top + eff, size, font))
                x += w + gap
            w = 0.25 * eff
            if rnd.random() < 0.8:
                line.append((" ", x, x + w, top, top + eff, size, font))
            x += w + gap
        objects.append(line)
        kind = rnd.random()
        if kind < 0.15:  # fake bold: the same run a fraction of a point off
            d = rnd.uniform(0.05, 0.2) * eff
            objects.append([(g[0], g[1] + d, g[2] + d, g[3] + rnd.choice([0, d]), g[4], g[5], g[6]) for g in line])
        elif kind < 0.3:  # a reprint a point or two off, or in another font and size
            d = rnd.uniform(0.5, 2.5)
            f2, s2 = rnd.choice([(font, size), ("Fallback", (size or 10.0) + 0.5)])
            objects.append([(g[0], g[1] + d, g[2] + d, g[3] + 0.5, g[4] + 0.5, s2, f2) for g in line])
        elif kind < 0.4:  # word by word over the line
            k = rnd.randint(0, max(0, len(line) - 3))
            objects.append(line[k:k + rnd.randint(1, 4)])
        elif kind < 0.5 and line:  # blanks over the text (a padded field)
            g = rnd.choice(line)
            objects.append([(" ", g[1] + 0.2, g[2] + 0.2, g[3], g[4], g[5], g[6])])
        top += rnd.choice([0.0, 0.4, 1.0, 1.5, eff * 1.2, eff * 2.5])
    rnd.shuffle(objects) if rnd.random() < 0.3 else None
    return [g for obj in objects for g in obj]


def _outcome(f, *args):
    """What a call gives: its value, or the kind of error it raised (both versions must agree on that too)."""
    try:
        return f(*args)
    except Exception as e:  # noqa: BLE001 - compared, not hidden
        return type(e).__name__


def _same_words(a: list[Word], b: list[Word]) -> bool:
    return [(w.text, w.x0, w.top, w.x1, w.bottom, w.bold) for w in a] == \
        [(w.text, w.x0, w.top, w.x1, w.bottom, w.bold) for w in b]


@pytest.fixture(scope="module")
def pages():
    got = _page_glyphs()
    assert len(got) > 400
    return got


def test_glyph_clean_up_and_words_equal_the_plain_versions_on_real_pages(pages):
    dropped = 0
    for glyphs in pages:
        assert reader._runs(glyphs) == _ref_runs(glyphs)
        assert reader.drop_reprinted_glyphs(glyphs) == _ref_drop_reprinted_glyphs(glyphs)
        clean = reader.clean_glyphs(glyphs)
        assert clean == _ref_clean_glyphs(glyphs)
        dropped += len(glyphs) - len(clean)
        assert _same_words(reader.words_of_glyphs(clean), _ref_words_of_glyphs(clean))
    assert dropped > 0  # the reader cases hold fake bold and reprinted runs


def test_glyph_clean_up_and_words_equal_the_plain_versions_on_generated_pages():
    kept = held_out = 0
    for seed in range(600):
        glyphs = _generated(seed)
        assert reader._runs(glyphs) == _ref_runs(glyphs), seed
        assert _outcome(reader.drop_reprinted_glyphs, glyphs) == _outcome(_ref_drop_reprinted_glyphs, glyphs), seed
        clean = _outcome(reader.clean_glyphs, glyphs)
        assert clean == _outcome(_ref_clean_glyphs, glyphs), seed
        if isinstance(clean, str):  # both raised (a key text and its glyphs out of step: main's behaviour)
            continue
        if all(g[SIZE] is not None for g in clean):  # the word builder reads sizes (PDFium always gives them)
            assert _same_words(reader.words_of_glyphs(clean), _ref_words_of_glyphs(clean)), seed
        kept += len(clean)
        held_out += len(glyphs) - len(clean)
    assert held_out > 0 and kept > 0


def test_no_glyph_at_all():
    assert reader.clean_glyphs([]) == [] and reader.drop_reprinted_glyphs([]) == [] and reader._runs([]) == []
    assert reader.words_of_glyphs([]) == []

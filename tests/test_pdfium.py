"""The PDFium page source (extractors/readers/pdfium.py) against pdfminer (pdfplumber), and the
per-page fallback to pdfminer (warning ``pdf_text_fallback``)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from extractors.readers import pdf as reader
from extractors.readers import pdfium as pdfium_source
from extractors.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parents[1]
PRODUCERS = ROOT / "tests" / "data" / "producers"
SAMPLES = ROOT / "samples" / "pdf"

# one of each producer and page shape: LibreOffice, Chromium, reportlab with /Rotate and sideways
# text, and a sample with rotated pages
FILES = [PRODUCERS / "000_lo_light.pdf", PRODUCERS / "003_html_grid.pdf", PRODUCERS / "000_rl_rotate.pdf",
         PRODUCERS / "000_rl_sideways.pdf", SAMPLES / "rotated.pdf", SAMPLES / "002a_v1.pdf"]


def _geometries(path: Path):
    """(pdfminer geometry, PDFium geometry) of every page of ``path``."""
    out = []
    doc = pdfium.PdfDocument(path.read_bytes())
    cache: dict = {}
    try:
        with pdfplumber.open(path) as pl:
            assert len(pl.pages) == len(doc)
            for i, page in enumerate(pl.pages, start=1):
                slow = reader.geometry_of(page, i)
                fast_page = pdfium_source.read_page(doc, i - 1, reader.declared_descents(page, cache))
                assert fast_page.unmapped == 0
                # lines where pdfminer gives a glyph no width: a standard-14 Symbol glyph it cannot
                # map ("(cid:229)", reportlab's "∑") advances by 0 in pdfminer and by the font's
                # width in PDFium, so the rest of that line sits that much further right in PDFium
                # (where the page draws it): boxes on such a page are not compared
                zero = any(not c["text"].isspace() and min(c["x1"] - c["x0"], c["bottom"] - c["top"]) < 0.01 for c in page.chars)
                out.append((slow, reader.geometry_of(fast_page, i), zero))
    finally:
        doc.close()
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_pdfium_gives_the_words_and_rules_pdfminer_gives(path):
    assert path.exists()
    for n, (slow, fast, zero) in enumerate(_geometries(path), start=1):
        assert len(slow) == len(fast), f"page {n}: parts"
        ws = [w for g in slow for w in g.words]
        wf = [w for g in fast for w in g.words]
        assert Counter(w.text for w in ws) == Counter(w.text for w in wf), f"page {n}: word texts"
        # boxes: the same word in the same place (an italic glyph's right edge may differ by its overhang, below)
        for a, b in zip(sorted(ws, key=lambda w: (round(w.top), w.x0, w.text)),
                        sorted(wf, key=lambda w: (round(w.top), w.x0, w.text))):
            assert a.text == b.text
            if zero:
                continue
            assert abs(a.x0 - b.x0) <= 1.0 and abs(a.top - b.top) <= 1.0 and abs(a.bottom - b.bottom) <= 1.0, (n, a, b)
            # a glyph the font has no width for (reportlab's "∑" in Helvetica) is zero wide in pdfminer's
            # box, as wide as PDFium's substitute font draws it in PDFium's
            assert abs(a.x1 - b.x1) <= 2.0 or a.x1 - a.x0 < 0.5, (n, a, b)
        for gs, gf in zip(slow, fast):
            assert len(gs.segments) == len(gf.segments), f"page {n}: rules"
            for s, f in zip(sorted(gs.segments, key=lambda s: (s.top, s.x0)),
                            sorted(gf.segments, key=lambda s: (s.top, s.x0))):
                assert max(abs(s.x0 - f.x0), abs(s.x1 - f.x1), abs(s.top - f.top), abs(s.bottom - f.bottom)) <= 1.0
            # fills: PDFium's too. It takes a closed four-sided path whose sides are axis-parallel to
            # within float noise for a rectangle; pdfminer asks for exact equality, so on a /Rotate
            # page (reportlab's shaded header row) it makes a curve of it and the shading is lost
            for s in gs.fills or []:
                assert any(max(abs(s.x0 - f.x0), abs(s.x1 - f.x1), abs(s.top - f.top), abs(s.bottom - f.bottom)) <= 1.0
                           for f in gf.fills or []), f"page {n}: fill {s} only in pdfminer's"


def test_word_builder_is_pdfplumbers_word_extractor():
    """extract_words on glyph tuples reads the words pdfplumber's WordExtractor reads from char dicts."""
    from pdfplumber.utils.text import WordExtractor

    checked = 0
    for path in [PRODUCERS / "000_lo_light.pdf", SAMPLES / "000_v1.pdf"]:
        with pdfplumber.open(path) as pl:
            for page in pl.pages[:6]:
                chars = page.chars
                for kw in (dict(x_tolerance_ratio=reader.WORD_GAP), dict(x_tolerance=3.0)):
                    ours = reader.extract_words([reader._glyph(c) for c in chars], **kw)
                    theirs = WordExtractor(extra_attrs=["fontname"], **kw).extract_words(chars)
                    assert [(w[0], round(w[1], 3), round(w[2], 3), round(w[3], 3), round(w[4], 3)) for w in ours] == \
                        [(w["text"], round(w["x0"], 3), round(w["top"], 3), round(w["x1"], 3), round(w["bottom"], 3))
                         for w in theirs]
                    checked += len(ours)
    assert checked > 500


def test_clean_glyphs_drops_fake_bold_and_blanks_over_text():
    g = lambda t, x0, top=100.0, font="F", size=10.0: (t, x0, x0 + 5.0, top, top + size, size, font)  # noqa: E731
    bold = [g("A", 10), g("B", 15), g("A", 10.3), g("B", 15.3)]  # a run printed twice 0.3 pt apart
    assert [x[0] for x in reader.clean_glyphs(bold)] == ["A", "B"]
    other_font = [g("A", 10), g("A", 10.3, font="G")]  # another run that overlaps is kept
    assert len(reader.clean_glyphs(other_font)) == 2
    padded = [g("A", 10), g(" ", 10.5), g("B", 15), g(" ", 40)]  # a blank over "A" goes, a free blank stays
    assert [x[0] for x in reader.clean_glyphs(padded)] == ["A", "B", " "]


def test_a_page_pdfium_cannot_read_is_read_by_pdfminer_with_a_warning(monkeypatch):
    path = PRODUCERS / "000_lo_light.pdf"
    data = path.read_bytes()
    clean = read_pdf(data, source=path.name, ocr="never")
    assert not [w for w in clean.warnings if "pdf_text_fallback" in str(w)]

    real = pdfium_source.read_page

    def flaky(doc, index, descents=None):
        if index == 0:
            raise RuntimeError("simulated PDFium failure")
        return real(doc, index, descents)

    monkeypatch.setattr(pdfium_source, "read_page", flaky)
    doc = read_pdf(data, source=path.name, ocr="never")
    fallback = [w for w in doc.warnings if "pdf_text_fallback" in str(w)]
    assert len(fallback) == 1 and "page 1" in str(fallback[0]) and "simulated PDFium failure" in str(fallback[0])
    assert _blocks(doc) == _blocks(clean)


def test_pdfminer_source_reads_the_same_document(monkeypatch):
    path = PRODUCERS / "003_html_grid.pdf"
    data = path.read_bytes()
    fast = read_pdf(data, source=path.name, ocr="never")
    monkeypatch.setattr(reader, "SOURCE", "pdfminer")
    slow = read_pdf(data, source=path.name, ocr="never")
    assert _blocks(fast) == _blocks(slow)
    assert not [w for w in slow.warnings if "pdf_text_fallback" in str(w)]


def _blocks(doc):
    """A document's blocks as compared across sources: each block's kind, its text (paragraphs)
    or cell texts (tables) and its page; boxes to the point are left out (they differ by float noise)."""
    out = []
    for b in doc.blocks:
        cells = getattr(b, "cells", None) or getattr(b, "rows", None)
        body = getattr(b, "text", None)
        if body is None and cells is not None:
            body = [[getattr(c, "text", c) for c in row] if isinstance(row, (list, tuple)) else getattr(row, "text", row)
                    for row in cells]
        out.append((type(b).__name__, body, getattr(getattr(b, "loc", None), "page", None)))
    return out


@pytest.mark.parametrize("path", sorted((ROOT / "samples" / "scans").rglob("*.pdf"))[:4] + [SAMPLES / "rotated.pdf"],
                         ids=lambda p: p.name)
def test_pdfium_finds_the_images_pdfminer_finds(path):
    """A page's image boxes (the scan check asks PDFium's, not pdfminer's: asking pdfminer would
    interpret every page again)."""
    doc = pdfium.PdfDocument(path.read_bytes())
    try:
        with pdfplumber.open(path) as pl:
            for i, page in enumerate(pl.pages):
                theirs = sorted((round(m["x0"]), round(m["top"]), round(m["x1"]), round(m["bottom"])) for m in page.images)
                ours = sorted((round(m["x0"]), round(m["top"]), round(m["x1"]), round(m["bottom"]))
                              for m in pdfium_source.read_page(doc, i).images)
                assert ours == theirs, (path.name, i + 1)
                assert reader._scanned_page(page) == reader._scanned_page(page, pdfium_source.read_page(doc, i).images)
    finally:
        doc.close()


def _page_facts(p):
    return (p.glyphs, p.chars, p.lines, p.rects, p.curves, p.images, p.unmapped, p.all_upright, p.reordered)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fast_calls_read_what_the_ctypes_prototypes_read(path, monkeypatch):
    """The per-character PDFium functions called through cffi (about a third of a ctypes call's cost)
    give the same pages, glyph for glyph and rule for rule, as the ctypes prototypes they replace."""
    api = pdfium_source._api()
    if not pdfium_source._fast_calls(pdfium_source.pdfium_raw()):
        pytest.skip("cffi is not installed: the ctypes prototypes are the only calls")
    doc = pdfium.PdfDocument(path.read_bytes())
    try:
        fast = [_page_facts(pdfium_source.read_page(doc, i)) for i in range(len(doc))]
        for name in pdfium_source._FAST:  # back to the ctypes prototypes
            monkeypatch.setattr(api, name, pdfium_source._ctypes_call(name))
        slow = [_page_facts(pdfium_source.read_page(doc, i)) for i in range(len(doc))]
    finally:
        doc.close()
    assert fast == slow
    assert any(p[0] or p[1] for p in fast)

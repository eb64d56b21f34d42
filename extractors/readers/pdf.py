"""Born-digital PDF → IR through pdfplumber and the shared geometry layer.

Each page is read once: pdfplumber gives the words (with boxes and font) and the
drawn ruling lines and rectangles; :func:`extractors.geometry.page_blocks` turns
them into tables and paragraphs. Running headers, footers and page numbers
(the same text in the top or bottom margin of several pages) are left out.
Pages are released as soon as they are read, so memory stays flat on long files.
"""
from __future__ import annotations

from collections import Counter
from io import BytesIO

import regex as re

from extractors.geometry import PageGeometry, Segment, Word, page_blocks
from extractors.ir import Document, Paragraph
from schema.warnings import warning

MARGIN = 0.08  # top/bottom share of the page where running headers and footers live
_PAGE_NO = re.compile(r"^\W*(?:hal(?:aman)?\.?|page)?\s*[-–]?\s*\d{1,4}\s*[-–]?\s*(?:(?:dari|of|/)\s*\d{1,4})?\W*$", re.I)


class PdfError(Exception):
    """A PDF that cannot be read, with a message for the user."""


def _segments(page) -> list[Segment]:
    segs: list[Segment] = []
    for ln in page.lines:
        segs.append(Segment(min(ln["x0"], ln["x1"]), min(ln["top"], ln["bottom"]),
                            max(ln["x0"], ln["x1"]), max(ln["top"], ln["bottom"])))
    for r in page.rects:
        x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
        if (x1 - x0) <= 3 or (bottom - top) <= 3:  # a filled rectangle drawn as a line
            segs.append(Segment(x0, top, x1, bottom))
        else:  # a box: its four edges
            segs += [Segment(x0, top, x1, top), Segment(x0, bottom, x1, bottom),
                     Segment(x0, top, x0, bottom), Segment(x1, top, x1, bottom)]
    return [s for s in segs if s.horizontal or s.vertical]


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


def _words(page) -> list[Word]:
    out = []
    for w in page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, use_text_flow=False,
                                extra_attrs=["fontname"]):
        text = _text(w["text"])
        if text:
            out.append(Word(text, w["x0"], w["top"], w["x1"], w["bottom"],
                            bold="bold" in (w.get("fontname") or "").lower()))
    return out


def _unrotate(box: tuple[float, float, float, float], rot: int, w: float, h: float):
    """A box in the displayed page (pdfplumber applies /Rotate) → the page as it was typeset."""
    x0, top, x1, bottom = box
    if rot == 90:
        return top, w - x1, bottom, w - x0
    if rot == 270:
        return h - bottom, x0, h - top, x1
    if rot == 180:
        return w - x1, h - bottom, w - x0, h - top
    return box


def geometry_of(page, number: int) -> PageGeometry:
    """One page's words and ruling lines; a page with /Rotate is read in its typeset orientation."""
    rot = int(getattr(page, "rotation", 0) or 0) % 360
    if rot not in (90, 180, 270):
        return PageGeometry(number, float(page.width), float(page.height), _words(page), _segments(page))
    from pdfplumber.utils.text import WordExtractor

    w, h = float(page.width), float(page.height)
    chars = []
    for c in page.chars:
        x0, top, x1, bottom = _unrotate((c["x0"], c["top"], c["x1"], c["bottom"]), rot, w, h)
        d = dict(c, x0=x0, x1=x1, top=top, bottom=bottom, doctop=top, upright=True)
        d.pop("direction", None)
        chars.append(d)
    words = [Word(_text(x["text"]), x["x0"], x["top"], x["x1"], x["bottom"],
                  bold="bold" in (x.get("fontname") or "").lower())
             for x in WordExtractor(x_tolerance=1.5, y_tolerance=2, extra_attrs=["fontname"]).extract_words(chars)
             if _text(x["text"])]
    segs = [Segment(*_unrotate((s.x0, s.top, s.x1, s.bottom), rot, w, h)) for s in _segments(page)]
    segs = [Segment(min(s.x0, s.x1), min(s.top, s.bottom), max(s.x0, s.x1), max(s.top, s.bottom)) for s in segs]
    tw, th = (h, w) if rot in (90, 270) else (w, h)
    return PageGeometry(number, tw, th, words, [s for s in segs if s.horizontal or s.vertical])


def _drop_running_text(blocks: list, heights: dict[int, float]) -> list:
    """Leave out headers, footers and page numbers: margin text repeated over pages, or a lone number."""
    def key(p: Paragraph) -> str:
        return re.sub(r"\d+", "#", p.text.lower())

    def in_margin(p: Paragraph) -> bool:
        if not p.loc.bbox or p.loc.page not in heights:
            return False
        h = heights[p.loc.page]
        return p.loc.bbox[1] < h * MARGIN or p.loc.bbox[3] > h * (1 - MARGIN)

    margin = [b for b in blocks if isinstance(b, Paragraph) and in_margin(b)]
    pages_with = Counter()
    for k, page in {(key(b), b.loc.page) for b in margin}:
        pages_with[k] += 1
    n_pages = len(heights)
    out = []
    for b in blocks:
        if isinstance(b, Paragraph) and in_margin(b):
            text = (f"{b.label} " if b.label else "") + b.text
            if _PAGE_NO.match(text) or (n_pages >= 2 and pages_with[key(b)] >= max(2, n_pages // 2)):
                continue
        out.append(b)
    return out


class _Renderer:
    """Renders pages with pypdfium2 (one document opened once; used from one thread only)."""

    def __init__(self, data: bytes):
        self.data = data
        self.doc = None

    def render(self, index: int, dpi: float):
        import pypdfium2 as pdfium

        if self.doc is None:
            self.doc = pdfium.PdfDocument(self.data)
        page = self.doc[index]
        try:
            return page.render(scale=dpi / 72.0).to_numpy()[:, :, ::-1].copy()  # BGR(x) → RGB
        finally:
            page.close()

    def close(self):
        if self.doc is not None:
            self.doc.close()


def _ocr_source(page, number: int, renderer: _Renderer):
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
                return PageSource(number, dpi, data=im["stream"].get_rawdata())
            return PageSource(number, dpi, image=renderer.render(number - 1, min(dpi, 600)))
    return PageSource(number, DPI, image=renderer.render(number - 1, DPI))


def read_pdf(data: bytes, source: str = "<pdf>", max_pages: int | None = None, ocr: str = "auto") -> Document:
    """PDF bytes → :class:`Document`.

    ``ocr``: ``auto`` reads pages without a text layer with OCR, ``always`` OCRs every page,
    ``never`` uses the text layer only.
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
    except Exception as e:  # pdfminer raises many kinds on broken files (pdfplumber wraps them)
        inner = " ".join(f"{type(x).__name__} {x}" for x in (e, *getattr(e, "args", ())))
        if "password" in inner.lower() or "encrypt" in inner.lower():
            raise PdfError("password-protected PDF: iki cannot open it without the password") from e
        raise PdfError(f"damaged or unreadable PDF ({type(e).__name__}: {e})"[:300]) from e
    from extractors.readers.ocr_pool import map_pages
    from extractors.readers.scan import OcrError, ocr_summary, read_page, tesseract_missing

    heights: dict[int, float] = {}
    warnings: list[str] = []
    textless: list[int] = []
    ocr_facts: list[dict] = []
    missing = None
    renderer = _Renderer(data)

    def pages():
        """Each page's geometry, or what OCR needs to read it (taken lazily by the page pool)."""
        nonlocal missing
        for i, page in enumerate(pdf.pages, start=1):
            try:
                geom = geometry_of(page, i) if ocr != "always" else None
                if ocr != "never" and (geom is None or len(geom.words) < 3):
                    missing = missing or tesseract_missing()
                    if missing:
                        textless.append(i)
                        yield i, None, None
                    else:
                        yield i, None, _ocr_source(page, i, renderer)
                    continue
                if geom is not None and len(geom.words) < 3:
                    textless.append(i)
                yield i, geom, None
            except Exception as e:
                yield i, None, warning("page_unreadable", f"page {i} could not be read ({type(e).__name__}); skipped")
            finally:
                page.close() if hasattr(page, "close") else None

    def finish(item):
        """Runs in the page pool: OCR for a page that needs it."""
        i, geom, todo = item
        if todo is None or isinstance(todo, str):
            return i, geom, todo, None
        try:
            geom, facts = read_page(todo)
            return i, geom, None, facts
        except OcrError as e:
            return i, None, warning("ocr_error", str(e)), None
        except Exception as e:
            return i, None, warning("page_unreadable", f"page {i} could not be read ({type(e).__name__}); skipped"), None

    blocks: list = []
    with pdf:
        n = len(pdf.pages)
        if max_pages and n > max_pages:
            raise PdfError(f"PDF has {n} pages, more than the limit of {max_pages} (--max-pages)")
        try:
            for i, geom, problem, facts in map_pages(finish, pages()):
                if problem:
                    warnings.append(problem)
                if facts is not None:
                    ocr_facts.append(facts)
                if geom is None:
                    continue
                heights[i] = geom.height
                blocks.extend(page_blocks(geom))
        finally:
            renderer.close()
    if textless:
        reason = missing if missing else "--ocr never"
        warnings.append(warning("pages_without_text", f"{len(textless)} of {n} page(s) have no text layer and were not read: {reason}"))
        if len(textless) == n:
            raise PdfError(f"scanned PDF (no text layer): {reason}")
    warnings.extend(ocr_summary(ocr_facts))
    blocks = _drop_running_text(blocks, heights)
    doc = Document(source=source, format="pdf", blocks=blocks, n_pages=n, warnings=warnings)
    doc.ocr_pages = len(ocr_facts)
    return doc

"""Born-digital PDF → IR through pdfplumber and the shared geometry layer.

Each page is read once: pdfplumber gives the words (with boxes and font) and the
drawn ruling lines and rectangles; :func:`extractors.geometry.page_blocks` turns
them into tables and paragraphs. Running headers, footers and page numbers
(the same text in the top or bottom margin of several pages) are left out.
Pages are released as soon as they are read, so memory stays flat on long files.
"""
from __future__ import annotations

import logging
from collections import Counter
from io import BytesIO

import regex as re

from extractors import limits
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


def _ocr_page(page, number: int, facts: list[dict]):
    from extractors.readers.scan import DPI, ocr_image

    limits.check_pixels(float(page.width) * DPI / 72, float(page.height) * DPI / 72, f"page {number}")
    image = page.to_image(resolution=DPI).original
    geom, info = ocr_image(image, number, dpi=DPI)
    facts.append(info)
    return geom


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
    from extractors.readers.scan import LOW_CONFIDENCE, OcrError, tesseract_missing

    blocks: list = []
    heights: dict[int, float] = {}
    warnings: list[str] = []
    textless: list[int] = []
    ocr_facts: list[dict] = []
    missing = None
    failed: list[str] = []
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
        for i, page in enumerate(pdf.pages, start=1):
            complaints = _Complaints()
            miner_log = logging.getLogger("pdfminer")
            miner_log.addHandler(complaints)
            try:
                with limits.page_deadline(f"page {i}"):
                    geom = geometry_of(page, i) if ocr != "always" else None
                    if geom is None or len(geom.words) < 3:
                        damage = _page_damage(page, complaints.seen)
                        if damage:
                            raise PdfError(f"page {i} is damaged: {damage}")
                    if ocr != "never" and (geom is None or len(geom.words) < 3):
                        missing = missing or tesseract_missing()
                        if missing:
                            textless.append(i)
                        else:
                            geom = _ocr_page(page, i, ocr_facts)
                    elif geom is not None and len(geom.words) < 3:
                        textless.append(i)
            except OcrError as e:
                warnings.append(warning("ocr_error", str(e)))
                failed.append(str(e))
                continue
            except limits.InputTooLarge as e:
                warnings.append(warning("page_too_large", f"{e}; skipped"))
                failed.append(str(e))
                continue
            except (limits.PageTimeLimit, MemoryError) as e:
                msg = str(e) if isinstance(e, limits.PageTimeLimit) else f"page {i} ran out of memory"
                warnings.append(warning("page_unreadable", f"{msg}; skipped"))
                failed.append(msg)
                continue
            except Exception as e:
                msg = str(e)[:160] if isinstance(e, PdfError) else \
                    f"page {i} could not be read ({type(e).__name__}: {str(e)[:120]})"
                warnings.append(warning("page_unreadable", f"{msg}; skipped"))
                failed.append(msg)
                continue
            finally:
                miner_log.removeHandler(complaints)
                page.close() if hasattr(page, "close") else None
            if geom is None:
                continue
            heights[i] = geom.height
            blocks.extend(page_blocks(geom))
    if failed and len(failed) + len(textless) >= n:
        raise PdfError(f"no page of this PDF could be read ({len(failed)} of {n} failed; first: {failed[0]})"[:400])
    if textless:
        reason = missing if missing else "--ocr never"
        warnings.append(warning("pages_without_text", f"{len(textless)} of {n} page(s) have no text layer and were not read: {reason}"))
        if len(textless) == n:
            raise PdfError(f"scanned PDF (no text layer): {reason}")
    if ocr_facts:
        confs = [f["mean_conf"] for f in ocr_facts if f["mean_conf"] is not None]
        mean = sum(confs) / len(confs) if confs else None
        skews = [f["skew"] for f in ocr_facts if f["skew"]]
        warnings.append(warning("ocr_pages", f"{len(ocr_facts)} page(s) read by OCR (mean confidence {mean:.0f})"
                                if mean is not None else f"{len(ocr_facts)} page(s) read by OCR"))
        if skews:
            warnings.append(warning("ocr_deskewed",
                                    f"deskewed {len(skews)} page(s) by up to {max(abs(x) for x in skews):.1f} degrees"))
        if mean is not None and mean < LOW_CONFIDENCE:
            warnings.append(warning("ocr_low_confidence", "check the values against the page"))
    blocks = _drop_running_text(blocks, heights)
    doc = Document(source=source, format="pdf", blocks=blocks, n_pages=n, warnings=warnings)
    doc.ocr_pages = len(ocr_facts)
    return doc

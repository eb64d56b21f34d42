"""Scanned pages → the shared geometry layer: tesseract words plus ruling lines found with OpenCV.

A page image (a PDF page without a text layer rendered at 300 dpi, or an image
file) is cleaned up — grey, deskewed, binarised — then:

* ruling lines are found by morphology (long thin horizontal / vertical runs of
  ink) and become :class:`~extractors.geometry.Segment` objects, exactly what a
  digital page gives, so the one table builder recovers cells and spans;
* the lines are erased from the image and tesseract reads the whole page once
  (``ind+eng``), giving words with boxes and confidences.

Coordinates are converted to PDF points (72 per inch), so the geometry layer
cannot tell a scan from a digital page.
"""
from __future__ import annotations

import os
import shutil

from extractors.geometry import PageGeometry, Segment, Word
from schema.warnings import warning

DPI = 300
LANG = "ind+eng"
LOW_CONFIDENCE = 70.0
_JUNK = set("|_-—–=[](){}!/\\'\"`~.,:;*")


class OcrError(Exception):
    """OCR could not run (tesseract missing) or failed on a page."""


def tesseract_missing() -> str | None:
    """A message saying what to install when tesseract or its Indonesian data is missing, else None."""
    if not shutil.which("tesseract"):
        return ("OCR needs tesseract: install it with `apt-get install tesseract-ocr tesseract-ocr-ind` "
                "(or run with --ocr never)")
    try:
        import pytesseract

        langs = set(pytesseract.get_languages(config=""))
    except Exception as e:  # pragma: no cover - depends on the machine
        return f"tesseract is installed but cannot run ({type(e).__name__}: {e})"
    missing = [x for x in LANG.split("+") if x not in langs]
    if missing:
        return f"tesseract language data missing: {', '.join(missing)} (apt-get install tesseract-ocr-ind)"
    return None


def _gray(image):
    import cv2
    import numpy as np

    arr = np.asarray(image)
    if arr.ndim == 3:
        arr = cv2.cvtColor(arr[:, :, :3], cv2.COLOR_RGB2GRAY)
    return arr.astype("uint8")


def skew_angle(gray) -> float:
    """The page's skew in degrees, from the direction of its long horizontal strokes (text lines and rules)."""
    import cv2
    import numpy as np

    small = gray
    scale = 1.0
    if gray.shape[1] > 1400:
        scale = 1400 / gray.shape[1]
        small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, bw = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    best, best_score = 0.0, -1.0
    h, w = bw.shape
    center = (w / 2, h / 2)
    for angle in np.arange(-3.0, 3.01, 0.25):
        m = cv2.getRotationMatrix2D(center, angle, 1.0)
        rot = cv2.warpAffine(bw, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = rot.sum(axis=1, dtype=np.float64)
        score = float(np.var(profile))
        if score > best_score:
            best, best_score = float(angle), score
    # refine around the best coarse angle
    for angle in np.arange(best - 0.2, best + 0.21, 0.05):
        m = cv2.getRotationMatrix2D(center, angle, 1.0)
        rot = cv2.warpAffine(bw, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        score = float(np.var(rot.sum(axis=1, dtype=np.float64)))
        if score > best_score:
            best, best_score = float(angle), score
    return round(best, 2)


def deskew(gray):
    """The page turned upright, and the angle it was turned by."""
    import cv2

    angle = skew_angle(gray)
    if abs(angle) < 0.05:
        return gray, 0.0
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255), angle


def ruling_lines(bw_inv, dpi: int) -> tuple[list[tuple[int, int, int, int]], object]:
    """Horizontal and vertical rules (pixel boxes) in an inverted binary image, and their mask."""
    import cv2

    h, w = bw_inv.shape
    h_len = max(40, int(dpi * 0.5))  # a rule is at least half an inch long
    v_len = max(25, int(dpi * 0.2))  # taller than a title's letters, shorter than a table row
    horiz = cv2.morphologyEx(bw_inv, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    vert = cv2.morphologyEx(bw_inv, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    # bridge small breaks (noise, JPEG) along each direction
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    vert = cv2.dilate(vert, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    import numpy as np

    boxes = []
    keep = np.zeros_like(bw_inv)
    pad = max(3, dpi // 75)
    h_rules: list[tuple[int, int, int]] = []  # (y, x0, x1) of accepted horizontal rules
    for mask, kind in ((horiz, "h"), (vert, "v")):
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for i in range(1, n):
            x, y, bw_, bh, _area = stats[i]
            if kind == "h" and bw_ >= h_len and bh <= max(12, dpi // 20):
                # a rule has paper on both sides; a run through bold letters has ink above and below
                above = bw_inv[max(0, y - 2 * pad):max(0, y - pad), x:x + bw_]
                below = bw_inv[y + bh + pad:y + bh + 2 * pad, x:x + bw_]
                if min(_ink(above), _ink(below)) > 0.35:
                    continue
                boxes.append((x, y + bh // 2, x + bw_, y + bh // 2))
                h_rules.append((y + bh // 2, x, x + bw_))
            elif kind == "v" and bh >= v_len and bw_ <= max(12, dpi // 20):
                # a table's vertical rule meets a horizontal rule at one of its ends; a letter's stem does not
                cx = x + bw_ // 2
                near = 3 * pad + 6
                if not any(x0 - near <= cx <= x1 + near and (abs(hy - y) <= near or abs(hy - (y + bh)) <= near)
                           for hy, x0, x1 in h_rules):
                    continue
                left = bw_inv[y:y + bh, max(0, x - 2 * pad):max(0, x - pad)]
                right = bw_inv[y:y + bh, x + bw_ + pad:x + bw_ + 2 * pad]
                if min(_ink(left), _ink(right)) > 0.35:
                    continue
                boxes.append((x + bw_ // 2, y, x + bw_ // 2, y + bh))
            else:
                continue
            keep[labels == i] = 255
    return boxes, keep


def _ink(region) -> float:
    return float(region.mean()) / 255.0 if region.size else 0.0


def ocr_image(image, number: int, dpi: int = DPI, lang: str = LANG) -> tuple[PageGeometry, dict]:
    """A page image (PIL or array) → :class:`PageGeometry` in points, and facts about the page."""
    import cv2
    import pytesseract

    gray = _gray(image)
    gray, angle = deskew(gray)
    bw_inv = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    boxes, line_mask = ruling_lines(bw_inv, dpi)
    # erase the rules so tesseract reads the cells' text, not the table's lines
    clean = gray.copy()
    clean[line_mask > 0] = 255
    env_limit = os.environ.get("OMP_THREAD_LIMIT")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one page, one core: parallelism is per file
    try:
        data = pytesseract.image_to_data(clean, lang=lang, config="--psm 6", output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError as e:
        raise OcrError(f"tesseract failed on page {number}: {str(e)[:200]}") from e
    finally:
        if env_limit is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
    k = 72.0 / dpi
    words: list[Word] = []
    for text, left, top, width, height, conf in zip(data["text"], data["left"], data["top"], data["width"],
                                                     data["height"], data["conf"]):
        text = (text or "").strip()
        conf = float(conf)
        if not text or conf < 0:
            continue
        if all(c in _JUNK for c in text) and (conf < 60 or (len(text) <= 2 and not set(text) & set(":-."))):
            continue  # bits of table rules and specks read as characters
        if len(text) == 1 and not text.isalnum() and text not in ":-." and conf < 50:
            continue  # a speck read as a symbol (©, ®, °)
        words.append(Word(text, left * k, top * k, (left + width) * k, (top + height) * k, conf=conf))
    segs = [Segment(x0 * k, y0 * k, x1 * k, y1 * k) for x0, y0, x1, y1 in boxes]
    h, w = gray.shape
    geom = PageGeometry(number, w * k, h * k, words, [s for s in segs if s.horizontal or s.vertical])
    confs = [x.conf for x in words if x.conf is not None]
    facts = {"skew": angle, "mean_conf": sum(confs) / len(confs) if confs else None, "n_words": len(words)}
    return geom, facts


def load_images(data: bytes) -> list:
    """An image file's pages (a TIFF may hold several) as PIL images.

    Frames are counted and each frame's size checked before any is decoded (``--max-pages``,
    :data:`extractors.limits.MAX_OCR_PIXELS`); raises :class:`extractors.limits.InputTooLarge`.
    """
    from io import BytesIO

    from PIL import Image, ImageSequence

    from extractors import limits

    Image.MAX_IMAGE_PIXELS = limits.MAX_OCR_PIXELS  # PIL refuses larger images before decoding them
    img = Image.open(BytesIO(data))
    limits.check_pages(getattr(img, "n_frames", 1), "image frames")
    pages = []
    for i, frame in enumerate(ImageSequence.Iterator(img), start=1):
        limits.check_pixels(frame.size[0], frame.size[1], f"image frame {i}")
        pages.append(frame.convert("L").copy())
    return pages


def image_dpi(data: bytes) -> int:
    from io import BytesIO

    from PIL import Image

    info = Image.open(BytesIO(data)).info.get("dpi")
    if info and info[0] and 70 <= float(info[0]) <= 1200:
        return int(round(float(info[0])))
    return DPI


def read_image(data: bytes, source: str = "<image>"):
    """An image file (PNG, JPEG, TIFF; several pages in a TIFF) → :class:`~extractors.ir.Document` by OCR."""
    from extractors.geometry import page_blocks
    from extractors.ir import Document

    missing = tesseract_missing()
    if missing:
        raise OcrError(missing)
    from extractors import limits

    try:
        pages = load_images(data)
    except limits.InputTooLarge:
        raise
    except Exception as e:
        raise OcrError(f"cannot read the image ({type(e).__name__}: {e})"[:300]) from e
    dpi = image_dpi(data)
    blocks, warnings, confs = [], [], []
    for i, img in enumerate(pages, start=1):
        with limits.page_deadline(f"image page {i}"):
            geom, info = ocr_image(img, i, dpi=dpi)
        if info["mean_conf"] is not None:
            confs.append(info["mean_conf"])
        if info["skew"]:
            warnings.append(warning("ocr_deskewed", f"page {i} deskewed by {info['skew']:.1f} degrees"))
        blocks.extend(page_blocks(geom))
    if confs:
        mean = sum(confs) / len(confs)
        warnings.append(warning("ocr_pages", f"{len(pages)} page(s) read by OCR (mean confidence {mean:.0f})"))
        if mean < LOW_CONFIDENCE:
            warnings.append(warning("ocr_low_confidence", "check the values against the page"))
    doc = Document(source=source, format="image", blocks=blocks, n_pages=len(pages), warnings=warnings)
    doc.ocr_pages = len(pages)
    return doc

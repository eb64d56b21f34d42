"""Scanned pages and photographs → the shared geometry layer: tesseract words plus ruling lines.

A page image (the embedded image of a scanned PDF page at its own resolution, a PDF page
rendered at 300 dpi, or an image file) is first put right, each correction recorded:

1. grey, with coloured ink (a blue or violet stamp, a coloured pen) lightened away;
2. a photographed page (its edges visible against the desk) is found as a quadrilateral and
   warped to a rectangle (:func:`page_quad`);
3. a page fed sideways or upside down is turned by quarter turns, on tesseract's orientation
   detection (OSD) and only when its evidence is strong (:func:`orientation`): OSD is asked when
   the page's text lines run up or down (:func:`text_direction`) or when the page, read as it
   is, reads badly; an upright page that reads well is never turned;
4. uneven light and shadows are divided out (:func:`flatten`), which also lifts the shading
   of header cells so their text binarises cleanly;
5. the page is deskewed (:func:`skew_angle`);
6. the page is scaled so that its capital letters are about :data:`CAP_PX` pixels high, measured
   from the page's own text (:func:`text_scale`): the scale is read from the text, not from a
   resolution, and recorded per page.

Then ruling lines are found at :data:`RULE_DPI` (:func:`find_rules`: short straight runs of ink
chained into rules, so broken, faint and slightly slanted rules are found; a dotted streak struck
through a line of text is no rule and is erased only between its letters), erased, and
the page is scaled for its text, a dithered background (a header row printed on grey that a bilevel
scanner turned into a field of dots) is made white around its words (:func:`descreen`), and
tesseract reads the page once (``-l ind+eng``, ``--psm 6``, no inverted-text pass) through
:mod:`extractors.readers.ocr_engine` (in-process when ``tesserocr`` is installed). Coordinates are converted to PDF points (72 per inch), so the geometry
layer cannot tell a scan from a digital page.

Pages of one file are read in parallel (:mod:`extractors.readers.ocr_pool`).
"""
from __future__ import annotations

import math
import threading
import time

import regex as re
from dataclasses import dataclass, field, replace
from typing import Iterator

from extractors.geometry import PageGeometry, Segment, Word
from extractors.readers import ocr_engine
from extractors.readers.ocr_engine import LANG, OcrError  # noqa: F401 - OcrError is this module's error too
from schema.warnings import warning

DPI = 300  # a PDF page that is not one image is rendered at this resolution
CAP_PX = 30.0  # capital letters are scaled to about this height (pixels) before tesseract reads them
MIN_SCALE, MAX_SCALE = 0.35, 3.0
RULE_DPI = 150.0  # ruling lines are looked for at this resolution (a thin or broken rule is solid there)
LOW_CONFIDENCE = 70.0
READS_BADLY = 60.0  # mean word confidence under which a page is checked for a wrong orientation
OSD_MIN_CONF = 1.5  # OSD confidence enough to turn a page whose text lines run up or down
OSD_STRONG = 6.0  # OSD confidence enough on its own
PAPER_SHORT_SIDE = 8.3  # inches: the short side of A4, F4 and Letter, the scale of a photographed page
OCR_TIMEOUT = 600  # seconds for one page
STRUCK_TEXT = 0.4  # share of a short rule's length with letters hanging from it that makes it a strike through text
BOLD_TEXT = 0.5  # share of a rule's length with letters hanging from it on one side that may make it a line of bold text
SOLID_RULE = 0.9  # share of a printed rule's length that its darkest pixel row covers at the page's resolution
RULE_INK = 220  # on a flattened page (paper 255), pixels darker than this may belong to a rule (faint, blurred)
_JUNK = set("|_-—–=[](){}!/\\'\"`~.,:;*")
_SPECK = set(".,'`‘’‚“”„·°")  # what a speck or a stray mark is read as, on its own


_clock = threading.local()  # the stage times of the page this thread is reading


def _lap(stage: str) -> None:
    """Add the time since the last lap to ``stage`` of the page this thread reads: wall-clock seconds
    (``facts["seconds"]``) and this thread's CPU seconds (``facts["cpu_seconds"]``, steadier on a
    shared machine)."""
    times = getattr(_clock, "times", None)
    if times is not None:
        now, cpu = time.perf_counter(), time.thread_time()
        times[stage] = times.get(stage, 0.0) + now - _clock.last
        _clock.cpu[stage] = _clock.cpu.get(stage, 0.0) + cpu - _clock.last_cpu
        _clock.last, _clock.last_cpu = now, cpu


def tesseract_missing() -> str | None:
    """A message saying what to install when no OCR engine can read Indonesian, else None."""
    return ocr_engine.missing()


# ----------------------------------------------------------------------------- the page image


def _gray(image):
    """A page image (PIL image or array, grey, RGB or RGBA) → uint8 grey, coloured ink lightened.

    Stamps and signatures are usually in blue or violet ink, which a grey conversion turns into
    mid-grey marks over the text. Where a pixel is strongly coloured, its brightest channel is
    used instead of its luminance, so coloured ink fades to near paper while black print stays.
    """
    import cv2
    import numpy as np

    if hasattr(image, "mode"):  # PIL
        image = image.convert("L") if image.mode in ("1", "L", "I", "I;16", "F", "LA") else image.convert("RGB")
    arr = np.asarray(image)
    if arr.dtype == bool:
        return np.where(arr, 255, 0).astype("uint8")
    if arr.dtype != np.uint8:
        arr = np.clip(arr, 0, 255).astype("uint8")
    if arr.ndim == 2:
        return arr
    rgb = np.ascontiguousarray(arr[:, :, :3])
    lum = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    # channel extremes with OpenCV's vector code (numpy's max over the last axis of a page costs ~0.5 s)
    r, g, b = cv2.split(rgb)
    hi = cv2.max(cv2.max(r, g), b)
    chroma = cv2.subtract(hi, cv2.min(cv2.min(r, g), b))
    counts = np.cumsum(cv2.calcHist([chroma], [0], None, [256], [0, 256]).ravel())
    if np.searchsorted(counts, 0.99 * (chroma.size - 1) + 1) < 50:  # no coloured ink on the page (99th percentile)
        return lum
    weight = np.clip((chroma.astype(np.float32) - 40.0) / 50.0, 0.0, 1.0)
    return (lum + (hi.astype(np.float32) - lum) * weight).astype(np.uint8)


def _small(gray, long_side: int = 800):
    """The image reduced so that its long side is about ``long_side`` pixels, and the factor."""
    import cv2

    h, w = gray.shape[:2]
    f = min(1.0, long_side / max(h, w))
    if f >= 1.0:
        return gray, 1.0
    return cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA), f


def page_quad(gray):
    """The corners (TL, TR, BR, BL; pixels) of a photographed page lying on a darker surface, or None.

    The page's outline is the largest four-sided contour of the image's edges covering at least a
    fifth of the picture; it is taken as a page (not a table's border on a scanned page) only when
    the surface just outside it is clearly darker than the paper just inside it.
    """
    import cv2
    import numpy as np

    small, f = _small(gray, 800)
    sh, sw = small.shape
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    otsu, _ = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    edges = cv2.Canny(blur, max(10.0, otsu * 0.25), max(30.0, otsu * 0.6))
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    best = None
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        hull = cv2.convexHull(c)
        if cv2.contourArea(hull) < 0.2 * sh * sw:
            break
        peri = cv2.arcLength(hull, True)
        for eps in (0.01, 0.02, 0.03, 0.05):
            approx = cv2.approxPolyDP(hull, eps * peri, True)
            if len(approx) == 4:
                best = approx.reshape(4, 2).astype(np.float32)
                break
        if best is not None:
            break
    if best is None:
        return None
    # order TL, TR, BR, BL
    s, d = best.sum(axis=1), np.diff(best, axis=1).ravel()
    quad = np.array([best[np.argmin(s)], best[np.argmin(d)], best[np.argmax(s)], best[np.argmax(d)]], np.float32)
    if len({tuple(p) for p in quad.tolist()}) < 4:
        return None
    corners = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], np.float32)
    if np.abs(quad - corners).max() < 0.015 * max(sw, sh):
        return None  # the picture is the page already
    inside = np.zeros((sh, sw), np.uint8)
    cv2.fillConvexPoly(inside, quad.astype(np.int32), 1)
    band = max(3, int(0.02 * max(sh, sw)))
    kernel = np.ones((band, band), np.uint8)
    ring_in = inside - cv2.erode(inside, kernel)
    ring_out = cv2.dilate(inside, kernel) - inside
    if ring_in.sum() < 50 or ring_out.sum() < 50:
        return None
    paper = float(np.median(blur[ring_in > 0]))
    desk = float(np.median(blur[ring_out > 0]))
    if desk > 0.8 * paper:
        return None
    return _refine_quad(blur, quad) / f


def _refine_quad(blur, quad):
    """Each side of a rough page outline moved onto the page's edge: along the side, the strongest
    rise from dark (outside) to bright (inside) within 3 % of the picture, then a straight line
    fitted through those points; the corners are where the lines meet."""
    import numpy as np

    h, w = blur.shape
    band = max(4, int(0.03 * max(h, w)))
    centre = quad.mean(axis=0)
    img = blur.astype(np.float32)
    lines = []
    for k in range(4):
        a, b = quad[k], quad[(k + 1) % 4]
        d = (b - a) / max(1e-6, float(np.linalg.norm(b - a)))
        n = np.array([-d[1], d[0]], np.float32)
        if np.dot(centre - a, n) < 0:
            n = -n
        pts = []
        offs = np.arange(-band, band + 1, dtype=np.float32)
        for t in np.linspace(0.1, 0.9, 48):
            p = a + t * (b - a)
            xy = p[None, :] + offs[:, None] * n[None, :]
            x = np.clip(xy[:, 0], 0, w - 1.001)
            y = np.clip(xy[:, 1], 0, h - 1.001)
            x0, y0 = x.astype(int), y.astype(int)
            fx, fy = x - x0, y - y0
            v = (img[y0, x0] * (1 - fx) * (1 - fy) + img[y0, x0 + 1] * fx * (1 - fy)
                 + img[y0 + 1, x0] * (1 - fx) * fy + img[y0 + 1, x0 + 1] * fx * fy)
            rise = v[2:] - v[:-2]
            i = int(np.argmax(rise))
            if rise[i] >= 15:
                pts.append(xy[i + 1])
        fitted = None
        if len(pts) >= 12:
            pts = np.array(pts, np.float32)
            for _ in range(2):  # least squares, then again without the points far from the line
                c = pts.mean(axis=0)
                _, _, vt = np.linalg.svd(pts - c)
                direction = vt[0]
                normal = np.array([-direction[1], direction[0]])
                dist = np.abs((pts - c) @ normal)
                keep = dist <= max(1.5, 2.5 * float(np.median(dist)))
                if keep.sum() < 8:
                    break
                pts = pts[keep]
            else:
                fitted = (c, direction)
        lines.append(fitted or ((a + b) / 2, d))  # the rough side when its edge cannot be traced
    out = []
    for k in range(4):
        (c1, d1), (c2, d2) = lines[k - 1], lines[k]
        m = np.array([d1, -d2]).T
        if abs(np.linalg.det(m)) < 1e-6:
            return quad
        t = np.linalg.solve(m, c2 - c1)
        out.append(c1 + t[0] * d1)
    out = np.array(out, np.float32)
    if np.abs(out - quad).max() > 2 * band:
        return quad
    return out


def unwarp(gray, quad):
    """The page inside ``quad`` warped to an upright rectangle (its outer edge painted white)."""
    import cv2

    m, (w, h) = unwarp_matrix(gray, quad)
    out = cv2.warpPerspective(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    edge = max(2, int(0.012 * min(w, h)))  # the page's own edge and a sliver of the desk
    out[:edge, :] = 255
    out[-edge:, :] = 255
    out[:, :edge] = 255
    out[:, -edge:] = 255
    return out


def unwarp_matrix(gray, quad):
    """The perspective matrix :func:`unwarp` takes ``quad`` to its rectangle with, and the rectangle's size."""
    import cv2
    import numpy as np

    tl, tr, br, bl = quad
    w = float(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    h = float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    ratio = _aspect(quad, gray.shape)
    if ratio is not None:  # the page's true width / height, undoing the foreshortening
        if w / h > ratio:
            w = h * ratio
        else:
            h = w / ratio
    w, h = int(round(w)), int(round(h))
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    return cv2.getPerspectiveTransform(quad.astype(np.float32), dst), (w, h)


def _aspect(quad, shape) -> float | None:
    """Width / height of the rectangle a camera saw as ``quad`` (Zhang and He, "Whiteboard scanning
    and image enhancement", 2007): the focal length is estimated from the quad, the principal
    point taken at the picture's centre. None when the quad gives no usable estimate."""
    import numpy as np

    h, w = shape[:2]
    u0, v0 = w / 2.0, h / 2.0
    tl, tr, br, bl = (np.array([p[0], p[1], 1.0]) for p in quad)
    m1, m2, m3, m4 = tl, tr, bl, br
    k2 = np.dot(np.cross(m1, m4), m3) / np.dot(np.cross(m2, m4), m3)
    k3 = np.dot(np.cross(m1, m4), m2) / np.dot(np.cross(m3, m4), m2)
    n2 = k2 * m2 - m1
    n3 = k3 * m3 - m1
    if abs(n2[2] * n3[2]) < 1e-9:  # no perspective: an affine view
        return float(np.sqrt((n2[0] ** 2 + n2[1] ** 2) / (n3[0] ** 2 + n3[1] ** 2)))
    f2 = -((n2[0] - u0 * n2[2]) * (n3[0] - u0 * n3[2]) + (n2[1] - v0 * n2[2]) * (n3[1] - v0 * n3[2])) \
        / (n2[2] * n3[2])
    if not f2 > 0:
        return None
    a = np.array([[1 / f2, 0, -u0 / f2], [0, 1 / f2, -v0 / f2], [-u0 / f2, -v0 / f2, u0 * u0 / f2 + v0 * v0 / f2 + 1]])
    num, den = float(n2 @ a @ n2), float(n3 @ a @ n3)
    if num <= 0 or den <= 0:
        return None
    r = float(np.sqrt(num / den))
    return r if 0.2 < r < 5 else None


def flatten(gray, dpi: float):
    """Uneven light and shadows divided out: each pixel over the paper's brightness around it.

    The paper's brightness is a grey closing over a window wider than a letter's strokes
    (0.12 inch): text and rules vanish from it, while a shaded table cell larger than the window
    stays, edges and all, so its text comes out dark on white. Returns the image and how uneven the light was (the
    spread of the paper's brightness over the page, 0-255).
    """
    import cv2
    import numpy as np

    h, w = gray.shape
    step = max(1, int(round(dpi / 75.0)))
    small = cv2.resize(gray, (max(1, w // step), max(1, h // step)), interpolation=cv2.INTER_AREA)
    k = max(3, int(0.12 * dpi / step) | 1)
    # a closing (local maximum, then minimum) keeps the edges of large shaded areas where they are
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = cv2.blur(bg, (3, 3))
    spread = float(np.percentile(bg, 95) - np.percentile(bg, 5))
    bg = np.maximum(cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR), 64)  # dark cells keep their contrast
    return cv2.divide(gray, bg, scale=255), spread


def _char_height(bw_inv) -> float | None:
    """The median height in pixels of letter-sized connected components, or None without text."""
    import cv2
    import numpy as np

    n, _, stats, _ = cv2.connectedComponentsWithStats(bw_inv, connectivity=8)
    if n < 20:
        return None
    hs = stats[1:, cv2.CC_STAT_HEIGHT]
    ws = stats[1:, cv2.CC_STAT_WIDTH]
    ok = (hs >= 3) & (ws >= 1) & (ws <= 3 * hs) & (hs <= 3 * ws + 2)
    if ok.sum() < 20:
        return None
    return float(np.median(np.maximum(hs[ok], ws[ok])))


def text_direction(gray) -> str | None:
    """``"h"`` when the page's text lines run across it, ``"v"`` when they run up or down, else None.

    Letters are joined along each direction in turn (a closing a little longer than a letter);
    lines of text become long thin strips only along their own direction.
    """
    import cv2

    small, _ = _small(gray, 1000)
    _, bw = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    t = _char_height(bw)
    if t is None:
        return None
    k = max(3, int(round(1.2 * t)))
    counts = {}
    for d, kernel in (("h", (k, 1)), ("v", (1, k))):
        closed = cv2.morphologyEx(bw, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        n, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
        long_ = stats[1:, cv2.CC_STAT_WIDTH if d == "h" else cv2.CC_STAT_HEIGHT]
        short = stats[1:, cv2.CC_STAT_HEIGHT if d == "h" else cv2.CC_STAT_WIDTH]
        counts[d] = int(((long_ >= 4 * short) & (short >= 0.5 * t) & (short <= 2.5 * t)).sum())
    if counts["h"] >= 2 * counts["v"] and counts["h"] >= 4:
        return "h"
    if counts["v"] >= 2 * counts["h"] and counts["v"] >= 4:
        return "v"
    return None


def skew_angle(gray) -> float:
    """The page's skew in degrees (±3), from the direction of its long horizontal strokes (text lines and rules).

    The angle whose rotation makes the rows of ink most uneven (text lines and rules level):
    searched in quarter degrees on the page reduced to 600 pixels, refined in twentieths of a
    degree at 1200 pixels.
    """
    import cv2
    import numpy as np

    def binary(long_side):
        small, _ = _small(gray, long_side)
        _, bw = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        return bw

    def score(bw, angle: float) -> float:
        h, w = bw.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), float(angle), 1.0)
        rot = cv2.warpAffine(bw, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        return float(np.var(rot.sum(axis=1, dtype=np.float64)))

    coarse = binary(600)
    best, best_score = 0.0, score(coarse, 0.0)
    for angle in np.arange(-3.0, 3.01, 0.25):
        sc = score(coarse, angle)
        if sc > best_score:
            best, best_score = float(angle), sc
    fine = binary(1200)
    best_score = score(fine, best)
    for angle in np.arange(best - 0.25, best + 0.26, 0.05):  # refine around the best coarse angle
        sc = score(fine, angle)
        if sc > best_score:
            best, best_score = float(angle), sc
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


# ----------------------------------------------------------------------------- ruling lines


@dataclass
class _Piece:
    """A straight run of ink along one direction (coordinates along / across that direction)."""

    a0: int  # start along
    a1: int  # end along
    c0: float  # centre across at the start
    c1: float  # centre across at the end
    thick: float  # mean thickness (ink per position along)
    ink: tuple  # (along, across, boolean array across × along): its pixels in its bounding box

    def across(self, a: float) -> float:
        if self.a1 == self.a0:
            return self.c0
        return self.c0 + (self.c1 - self.c0) * (a - self.a0) / (self.a1 - self.a0)


def _pieces(bw_inv, dpi: float, min_len: int) -> list[_Piece]:
    """Solid, thin, nearly level runs of ink in an inverted binary image (horizontal; transpose for vertical).

    Straight runs at least 0.08 inch long are kept (letters have few), breaks shorter than
    0.08 inch bridged. A piece must be solid (ink in at least 95 % of its length), thin (at
    most 0.02 inch plus a pixel, 4.5 pixels at least: a rule, not the x-height band of a blurred
    line of text) and
    within 3° of level.
    """
    import cv2
    import numpy as np

    piece = max(8, int(0.08 * dpi))
    gap = max(6, int(0.08 * dpi))
    runs = cv2.morphologyEx(bw_inv, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (piece, 1)))
    joined = cv2.morphologyEx(runs, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 3)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    thick_max = max(0.02 * dpi + 1.0, 4.5)  # a blurred rule of a low-resolution photo spreads over 4 pixels
    slope_max = math.tan(math.radians(3.0))
    out = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if w < min_len or h > w * slope_max + 2 * thick_max:
            continue
        pix = (labels[y:y + h, x:x + w] == i) & (runs[y:y + h, x:x + w] > 0)
        cols = pix.any(axis=0)
        if cols.mean() < 0.95:
            continue
        thick = float(pix.sum()) / max(1, int(cols.sum()))
        if thick > thick_max:
            continue
        end = max(2, min(w // 4, piece))
        ys_l = np.nonzero(pix[:, :end])[0]
        ys_r = np.nonzero(pix[:, w - end:])[0]
        if not len(ys_l) or not len(ys_r):
            continue
        out.append(_Piece(x, x + w - 1, y + float(ys_l.mean()), y + float(ys_r.mean()), thick, (x, y, pix)))
    return out


def _chains(pieces: list[_Piece], dpi: float) -> list[list[_Piece]]:
    """Pieces of one broken rule joined: collinear (within 0.02 inch across) with gaps under 0.3 inch."""
    gap = 0.3 * dpi
    tol = max(2.0, 0.02 * dpi)
    chains: list[list[_Piece]] = []
    for p in sorted(pieces, key=lambda p: p.a0):
        for ch in chains:
            last = ch[-1]
            if 0 <= p.a0 - last.a1 <= gap and abs(last.across(p.a0) - p.c0) <= tol \
                    and abs(last.c1 - p.across(last.a1)) <= tol:
                ch.append(p)
                break
        else:
            chains.append([p])
    return chains


def _ink(region) -> float:
    return float(region.mean()) / 255.0 if region.size else 0.0


def _rules(bw_inv, dpi: float, min_len: int, lone_len: int, min_piece: int = 0):
    """Rules along one direction: ``(a0, c0, a1, c1, thickness, pieces)``, level-ish, in pixels.

    A chain of pieces is a rule when it spans ``min_len``; a single piece needs ``lone_len``
    (a word of blurred text can make one short solid run, never a chain). A chain of two
    pieces needs one of ``min_piece`` (the stems of two letters one above the other, a ``T``
    over an ``A``, chain like a short broken rule). It must have paper beside it on at least
    one side (a run through bold letters has ink on both).
    """
    pieces = _pieces(bw_inv, dpi, max(int(0.1 * dpi), 8))
    pad = max(2, int(dpi // 75))
    out = []
    for ch in _chains(pieces, dpi):
        a0, a1 = ch[0].a0, ch[-1].a1
        need = lone_len if len(ch) == 1 else min_len
        if a1 - a0 + 1 < need:
            continue
        if len(ch) == 2 and max(p.a1 - p.a0 + 1 for p in ch) < min_piece:
            continue
        c0, c1 = ch[0].c0, ch[-1].c1
        th = max(p.thick for p in ch)
        top, bot = int(min(c0, c1) - th / 2), int(math.ceil(max(c0, c1) + th / 2))
        before = bw_inv[max(0, top - 2 * pad):max(0, top - pad), a0:a1]
        after = bw_inv[bot + pad:bot + 2 * pad, a0:a1]
        if min(_ink(before), _ink(after)) > 0.35:
            continue
        out.append((a0, c0, a1, c1, th, ch))
    return out


def _paint(mask, pieces: list[_Piece], transposed: bool) -> None:
    for p in pieces:
        a, c, pix = p.ink
        if transposed:
            pix = pix.T
            mask[a:a + pix.shape[0], c:c + pix.shape[1]][pix] = 255
        else:
            mask[c:c + pix.shape[0], a:a + pix.shape[1]][pix] = 255


def ruling_lines(bw_inv, dpi: float) -> tuple[list[tuple[int, int, int, int]], object]:
    """Horizontal and vertical rules (pixel boxes ``(x0, y0, x1, y1)``, each level or upright) in an
    inverted binary image, and the mask of their ink.

    Rules are chains of solid thin runs (:func:`_pieces`, :func:`_chains`), so a rule broken by
    noise or printed faintly, or slightly slanted or curved, is still one rule, reported at its
    mean height (or position). A horizontal rule is at least half an inch long (0.6 inch when it
    is one unbroken run); a vertical rule at least 0.2 inch and meets a horizontal rule at one
    of its ends (a letter's stem does not).
    """
    import numpy as np

    h_len = max(40, int(dpi * 0.5))
    v_len = max(25, int(dpi * 0.2))
    hs = _rules(bw_inv, dpi, h_len, max(h_len, int(dpi * 0.6)))
    vs = _rules(np.ascontiguousarray(bw_inv.T), dpi, v_len, v_len, v_len)
    boxes = []
    keep = np.zeros_like(bw_inv)
    h_rules = []
    height, width = bw_inv.shape
    margin = 0.015 * min(height, width)  # the paper's edge or the scanner lid's shadow, not a table
    hs = [r for r in hs if margin < (r[1] + r[3]) / 2 < height - margin]
    vs = [r for r in vs if margin < (r[1] + r[3]) / 2 < width - margin]
    for x0, y0, x1, y1, _th, pieces in hs:
        y = (y0 + y1) / 2
        boxes.append((int(x0), int(round(y)), int(x1), int(round(y))))
        h_rules.append((y, x0, x1))
        _paint(keep, pieces, False)
    near = max(6, int(0.04 * dpi))
    for top, x0, bottom, x1, _th, pieces in vs:  # along = the page's y, across = its x
        x = (x0 + x1) / 2
        if not any(a - near <= x <= b + near and (abs(hy - top) <= near or abs(hy - bottom) <= near)
                   for hy, a, b in h_rules):
            continue
        boxes.append((int(round(x)), int(top), int(round(x)), int(bottom)))
        _paint(keep, pieces, True)
    return boxes, keep


def find_rules(gray, dpi: float) -> tuple[list[tuple[int, int, int, int]], object]:
    """:func:`ruling_lines` of a grey page, looked for at :data:`RULE_DPI`: boxes in the page's pixels
    and the mask of their ink at the page's size.

    Reduced to about 150 dpi, a hair-thin, broken or dotted rule of a 300-400 dpi scan is a
    solid run of grey, and the search costs a fifth of the time.
    """
    import cv2
    import numpy as np

    f = min(1.0, RULE_DPI / dpi) if dpi else 1.0
    small = gray if f > 0.9 else cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    if small is gray:
        f = 1.0
    boxes, mask = ruling_lines((small < RULE_INK).astype(np.uint8) * 255, dpi * f)
    h, w = gray.shape[:2]
    if f != 1.0:
        boxes = [(int(round(x0 / f)), int(round(y0 / f)), int(round(x1 / f)), int(round(y1 / f)))
                 for x0, y0, x1, y1 in boxes]
    if not mask.any():
        return boxes, np.zeros((h, w), np.uint8)
    # the rule's own ink at the page's resolution: dark pixels near a rule found, in straight runs
    # along it (an underlined label keeps its letters: their stems are not runs along the rule)
    near = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    if f != 1.0:
        near = cv2.resize(near, (w, h), interpolation=cv2.INTER_NEAREST)
    along = np.zeros((h, w), np.uint8)  # and within a rule's thickness of where the rule lies
    half = max(3, int(0.02 * dpi))
    for x0, y0, x1, y1 in boxes:
        along[max(0, y0 - half):y1 + half + 1, max(0, x0 - half):x1 + half + 1] = 1
    near &= along
    ink = ((gray < RULE_INK) & (near > 0)).astype(np.uint8) * 255
    k = max(3, int(0.04 * dpi))
    runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    runs |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    # a short rule that meets no vertical rule is an underline (``JABATAN`` underlined): it is erased
    # between the letters standing on it, not under them (erased whole, it cut their feet: 'JARATAN';
    # left whole, tesseract read it as '_____')
    verticals = [b for b in boxes if b[0] == b[2]]
    near_px = max(4, int(0.06 * dpi))
    band = max(3, int(0.03 * dpi))
    touch = max(2, int(0.017 * dpi))  # just past a rule's own ink
    underlines, text_bands = set(), set()
    for x0, y0, x1, y1 in boxes:
        if y0 != y1:
            continue
        ends = [any(vy0 - near_px <= y0 <= vy1 + near_px and abs(vx - x) <= near_px for vx, vy0, _, vy1 in verticals)
                for x in (x0, x1)]
        xa = max(0, x0)
        above = (gray[max(0, y0 - touch - 3):max(0, y0 - touch), xa:x1 + 1] < RULE_INK).any(axis=0).mean()
        below = (gray[y0 + touch:y0 + touch + 3, xa:x1 + 1] < RULE_INK).any(axis=0).mean()
        if all(ends):
            if max(above, below) >= BOLD_TEXT and _solid_share(gray, x0, y0, x1, half) < SOLID_RULE:
                # a line of bold text that fills its cell from rule to rule, run together at the search's
                # resolution: no line of it is solid at the page's, and letters hang from it along most of
                # its length. Not a row border: it split the row in two and its erasure cut the letters
                text_bands.add((x0, y0, x1, y1))
            continue  # a row border, from rule to rule
        if min(above, below) >= STRUCK_TEXT or (x1 - x0 < 1.5 * dpi and below >= 1.25 * STRUCK_TEXT):
            # a dotted line struck through a line of text (a fax's or a copier's streak, letters on both
            # sides of it along much of its length), or the top edge of a line of bold text that the rule
            # search ran together (letters hanging from it): no rule, it goes between the letters
            underlines.add((x0, y0, x1, y1))
            continue
        if x1 - x0 >= 1.5 * dpi or any(ends):
            continue
        ya0 = max(0, y0 - band - 3)
        if not (gray[ya0:max(0, y0 - band), max(0, x0):x1 + 1] < RULE_INK).any():
            continue  # nothing stands on it: a short rule, not an underline
        underlines.add((x0, y0, x1, y1))
    for x0, y0, x1, y1 in underlines:
        ya, xa, xb = max(0, y0 - band), max(0, x0 - band), x1 + band + 1
        letters = (gray[max(0, ya - 3):ya, xa:xb] < RULE_INK).any(axis=0)
        for b0 in (max(0, y0 - touch - 3), y0 + touch):  # and the letters a strike runs through
            letters |= (gray[b0:b0 + 3, xa:xb] < RULE_INK).any(axis=0)[:len(letters)]
        letters = cv2.dilate(letters.astype(np.uint8)[None, :], np.ones((1, 3), np.uint8))[0] > 0
        runs[ya:y0 + band + 1, xa:xb][:, letters[:runs[ya:y0 + band + 1, xa:xb].shape[1]]] = 0
    for x0, y0, x1, y1 in text_bands:  # letters: nothing of them is erased
        runs[max(0, y0 - half):y0 + half + 1, max(0, x0 - half):x1 + half + 1] = 0
    return [b for b in boxes if b not in underlines and b not in text_bands], runs  # an underline is no table rule


def _solid_share(gray, x0: int, y: int, x1: int, half: int) -> float:
    """The darkest pixel row's share of dark pixels along a horizontal rule found at ``y`` (within ``half``
    of it), at the page's resolution: ~1 for a printed rule, less for text run together."""
    band = gray[max(0, y - half):y + half + 1, max(0, x0):x1 + 1] < RULE_INK
    return float(band.mean(axis=1).max()) if band.size else 0.0


# ----------------------------------------------------------------------------- tesseract


SAUVOLA_WINDOW = 1.0  # inches: tesseract's ``thresholding_window_size`` as iki sets it (ocr_engine.VARIABLES)
SAUVOLA_K = 0.34  # tesseract's ``thresholding_kfactor`` (its default)
SAUVOLA_STEP = 4  # the local mean and spread are measured on the page reduced this many times


def local_threshold(gray, dpi: float):
    """Sauvola's local threshold of a grey page, per pixel (float32): ``m * (1 - k * (1 - s / 128))``
    over a window of :data:`SAUVOLA_WINDOW` inches, ``m`` and ``s`` the window's mean and standard
    deviation, ``k`` = :data:`SAUVOLA_K` (the binarisation tesseract does with
    ``thresholding_method=2``, which leptonica computes at full resolution inside every reading).

    The window is hundreds of pixels wide, so its mean and spread change slowly across the page: they
    are measured with OpenCV box filters on the page reduced :data:`SAUVOLA_STEP` times and the threshold
    is interpolated back (a tenth of tesseract's time; on the sample scans ~1 % of the ink pixels differ
    from tesseract's own, at letters' edges)."""
    import cv2
    import numpy as np

    h, w = gray.shape[:2]
    step = SAUVOLA_STEP if min(h, w) >= 8 * SAUVOLA_STEP else 1
    sw, sh = max(1, w // step), max(1, h // step)
    mean = cv2.resize(gray, (sw, sh), interpolation=cv2.INTER_AREA).astype(np.float32)
    square = cv2.resize(cv2.multiply(gray, gray, dtype=cv2.CV_32F), (sw, sh), interpolation=cv2.INTER_AREA)
    window = max(7, int(SAUVOLA_WINDOW * max(70, int(round(dpi)))))
    k = max(3, min(window // step, 2 * (min(sw, sh) // 2) - 1) | 1)
    m = cv2.boxFilter(mean, -1, (k, k), borderType=cv2.BORDER_REFLECT)
    m2 = cv2.boxFilter(square, -1, (k, k), borderType=cv2.BORDER_REFLECT)
    s = cv2.sqrt(cv2.max(m2 - m * m, 0.0))
    t = m * (1.0 - SAUVOLA_K * (1.0 - s / 128.0))
    return cv2.resize(t, (w, h), interpolation=cv2.INTER_LINEAR) if step > 1 else t


INK_MARGIN = 0.25  # capitals: the paper kept grey around the ink iki finds (the rest is made white)
INK_AT_MOST, PAPER_AT_LEAST = 112, 144  # grey levels: ink no lighter, paper no darker (a gap for the global threshold)


def binarise(gray, dpi: float, photo: bool = False):
    """The page as tesseract should read it, binarised by iki (:func:`local_threshold`) instead of inside
    tesseract, and whether it was (``IKI_OCR_THRESHOLD``, :func:`extractors.readers.ocr_engine.threshold`).

    ``iki``: the ink of the local threshold keeps its grey but no lighter than
    :data:`INK_AT_MOST`, the paper within :data:`INK_MARGIN` of a capital from it keeps its grey but no
    darker than :data:`PAPER_AT_LEAST`, the rest of the paper is white. Between the two levels no pixel
    is left, so tesseract's cheap global threshold keeps all of iki's ink for its layout analysis
    (faint ink left lighter than the global threshold broke thin letters: 'diterbitkan' read as
    "'terbitkan'; on a dark shaded cell it may take the grey margin around the letters too), and its
    line recogniser (which reads the grey image, not the binary one) still sees
    the letters' soft edges (cut at the threshold, blurred or thin letters read worse).
    ``bilevel``: the threshold itself, a boolean image (True: ink).
    ``tesseract`` (the default: see :mod:`extractors.readers.ocr_engine` for the measured trade),
    ``global`` and a photographed page (``photo``: blurred letters, where even the grey margin loses
    words: 000_photo 0.91 -> 0.83): the page as it is, binarised inside tesseract."""
    import cv2
    import numpy as np

    mode = ocr_engine.threshold()
    if mode in ("tesseract", "global") or photo:
        return gray, False
    ink = gray < local_threshold(gray, dpi)
    if mode == "bilevel":
        return ink, True
    r = max(1, int(round(INK_MARGIN * CAP_PX)))
    near = cv2.dilate(ink.view(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (2 * r + 1, 2 * r + 1)))
    out = cv2.max(gray, PAPER_AT_LEAST)
    out[near == 0] = 255
    np.copyto(out, cv2.min(gray, INK_AT_MOST), where=ink)
    return out, True


def tesseract_words(gray, dpi: float, lang: str | None = None, number: int = 0, prebinarised: bool = False
                    ) -> list[tuple[str, int, int, int, int, float]]:
    """One tesseract reading of a page: ``(text, left, top, width, height, confidence)`` per word.

    ``gray``: a grey page, or what :func:`binarise` made of it (``prebinarised``: tesseract's own
    threshold is then the cheap global one). Through :func:`extractors.readers.ocr_engine.engine` (in-process, else the
    command line); ``--page-timeout`` bounds it. Raises :class:`OcrError` when tesseract fails.
    """
    from extractors import limits

    timeout = min(OCR_TIMEOUT, limits.page_seconds() or OCR_TIMEOUT)
    return ocr_engine.engine().words(gray, dpi, lang, number, timeout, prebinarised=prebinarised)


def _noise(text: str, conf: float, first: bool) -> bool:
    """Is an OCR word a bit of a table rule, a speck or a stray mark rather than text?"""
    if all(c in _JUNK for c in text) and (conf < 60 or (len(text) <= 2 and not set(text) & set(":-."))):
        return True  # bits of table rules and specks read as characters
    if len(text) <= 2 and conf < 5:
        return True  # tesseract's own "no idea" (confidence 0) on a speck: "e", "ie" for a dot
    if len(text) == 1 and not text.isalnum() and text not in ":-.%" and conf < 50:
        return True  # a speck read as a symbol (©, ®, °)
    # a speck or stray mark on its own (quotes, commas, dots are never a word by themselves; a dot
    # that ends a sentence is read attached to its word): before a line's first word or between words
    return all(c in _SPECK for c in text) and (first or len(text) <= 2)


def _cap_height(bw_inv) -> float | None:
    """The height in pixels of the capital letters of the text in an inverted binary image, or None.

    Letter-sized connected components are measured: the most common height is the x-height of
    the body text; capitals and ascenders are the group 1.2-1.9 times taller (their median). A
    page set in capitals only has no such group: its common height is then the capitals'.
    """
    import cv2
    import numpy as np

    n, _, stats, _ = cv2.connectedComponentsWithStats(bw_inv, connectivity=8)
    if n < 30:
        return None
    hs = stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    ws = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float64)
    ok = (hs >= 4) & (ws >= 2) & (ws <= 2.5 * hs) & (hs <= 4 * ws) & (hs <= 0.05 * bw_inv.shape[0])
    hs = hs[ok]
    if len(hs) < 30:
        return None
    x = float(np.median(hs))
    tall = hs[(hs >= 1.2 * x) & (hs <= 1.9 * x)]
    if len(tall) >= 0.1 * len(hs):
        return float(np.median(tall))
    return x


def text_scale(gray) -> tuple[float, float | None]:
    """The factor that makes the page's capital letters :data:`CAP_PX` pixels high, and their
    measured height (pixels, None when the page has too little text to measure: factor 1)."""
    import cv2

    small, f = _small(gray, 2400)
    _, bw = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    cap = _cap_height(bw)
    if cap is None:
        return 1.0, None
    cap /= f
    scale = min(MAX_SCALE, max(MIN_SCALE, CAP_PX / cap))
    if 0.9 <= scale <= 1.12:  # close enough: no resampling
        scale = 1.0
    return scale, cap


def page_osd(gray, dpi: float) -> tuple[int, float] | None:
    """Tesseract's orientation detection on a page: (degrees to turn it counter-clockwise, confidence).

    OSD reads letter shapes, so the page is reduced until its letters are about 16 pixels high
    (at least 150 dpi): the answer is the same and the layout analysis before it cheaper.
    """
    import cv2

    small, f = _small(gray, 1600)
    _, bw = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ch = _char_height(bw)
    s = 1.0
    if ch:
        s = max(16.0 / (ch / f), 150.0 / dpi if dpi else 0.0)
    img = cv2.resize(gray, None, fx=s, fy=s, interpolation=cv2.INTER_AREA) if s < 0.9 else gray
    return ocr_engine.engine().osd(img)


def turn_for(osd: tuple[int, float] | None, direction: str | None) -> int:
    """Degrees (clockwise) to turn a page by, from OSD and the direction of its text lines; 0 unless
    the evidence is strong: OSD confident on its own, or confident enough and agreeing with the
    text lines (sideways text for a quarter turn, level text for a half turn)."""
    if osd is None:
        return 0
    deg, conf = osd
    if deg == 0:
        return 0
    if deg in (90, 270):
        if direction == "h":
            return 0  # text lines run across the page: a quarter turn would lay them on end
        ok = conf >= OSD_STRONG or (direction == "v" and conf >= OSD_MIN_CONF)
    else:
        ok = conf >= OSD_STRONG or (direction != "v" and conf >= 2 * OSD_MIN_CONF)
    return (360 - deg) % 360 if ok else 0


def _rotate(gray, turned: int):
    """The image turned clockwise by ``turned`` degrees (a multiple of 90)."""
    import numpy as np

    return np.ascontiguousarray(np.rot90(gray, -(turned // 90))) if turned % 360 else gray


@dataclass
class PreparedPage:
    """A page put right for OCR: the grey image, its resolution and what was done to it."""

    gray: object
    dpi: float
    turned: int = 0  # degrees clockwise the page was turned (90, 180, 270)
    skew: float = 0.0
    unwarped: bool = False
    light: float = 0.0  # spread of the paper's brightness before flattening
    notes: list[str] = field(default_factory=list)  # warnings, one per correction
    rules: list = field(default_factory=list)  # ruling lines found, pixel boxes (x0, y0, x1, y1)
    src_dpi: float | None = None  # the resolution of the image as given (None: unknown, a photo)
    warp: object = None  # the perspective matrix that straightened a photographed page (source pixels → gray)
    descreened: float = 0.0  # share of the page whose dithered background dots were erased before reading
    direction: str | None = None  # text lines across ("h") or up/down ("v") as found before any turn
    osd: tuple | None = None  # tesseract's orientation detection (degrees, confidence) when it was asked
    scale: float = 1.0  # the factor the page is resized by before tesseract reads it
    cap: float | None = None  # the height of its capital letters (pixels, before scaling)
    binarised: bool = False  # iki binarised the page for tesseract (:func:`binarise`), not tesseract itself


def prepare_page(image, number: int, dpi: float | None, lang: str | None = None) -> PreparedPage:
    """Page geometry before OCR: colour ink, a photographed page's perspective, quarter turns, light,
    skew, and the scale its text needs.

    ``dpi`` is the image's resolution when known (a scanner's), else None: a photographed page is
    then taken to be :data:`PAPER_SHORT_SIDE` inches across its short side.
    """
    gray = _gray(image)
    _lap("grey")
    notes: list[str] = []
    quad = page_quad(gray)
    unwarped = quad is not None
    _lap("photo_outline")
    src_dpi, warp = dpi, None
    if unwarped:
        warp = unwarp_matrix(gray, quad)[0]
        gray = unwarp(gray, quad)
        notes.append(warning("ocr_perspective", f"page {number} was photographed at an angle: "
                                                f"its outline was straightened to a rectangle"))
    if dpi is None or unwarped:
        dpi = min(gray.shape) / PAPER_SHORT_SIDE
    direction = text_direction(gray)
    _lap("text_direction")
    osd, turned = None, 0
    if direction == "v":  # text lines on end: ask OSD which way is up (an upright page says 0)
        osd = page_osd(gray, dpi)
        turned = turn_for(osd, direction)
        gray = _rotate(gray, turned)
        _lap("osd")
    flat, light = flatten(gray, dpi)
    _lap("flatten")
    if light >= 60:
        notes.append(warning("ocr_light_flattened", f"page {number}: uneven light or a shadow evened out"))
    flat, angle = deskew(flat)
    _lap("deskew")
    page = PreparedPage(flat, dpi, turned, angle, unwarped, light, notes, direction=direction, osd=osd,
                        src_dpi=src_dpi, warp=warp)
    page.scale, page.cap = text_scale(flat)
    _lap("text_scale")
    if turned:
        page.notes.append(_turned_note(number, turned, osd))
    return page


def _turned_note(number: int, turned: int, osd) -> str:
    why = f" (orientation detection, confidence {osd[1]:.1f})" if osd else " (it reads better that way)"
    return warning("ocr_turned", f"page {number} was turned by {turned} degrees to read it{why}")


def _turned(page: PreparedPage, turn: int, number: int, osd) -> PreparedPage:
    """The prepared page turned clockwise by ``turn`` more degrees, deskewed and measured again."""
    gray, angle = deskew(_rotate(page.gray, turn))
    total = (page.turned + turn) % 360
    notes = [n for n in page.notes if not n.startswith("ocr_turned")]
    other = PreparedPage(gray, page.dpi, total, angle if angle else page.skew, page.unwarped, page.light, notes,
                         direction=page.direction, osd=osd, src_dpi=page.src_dpi, warp=page.warp)
    other.scale, other.cap = text_scale(gray)
    if total:
        other.notes.append(_turned_note(number, total, osd))
    return other


def _weight(words) -> float:
    return sum(len(t) * c for t, *_, c in words if c > 0)


def _mean(words) -> float | None:
    confs = [c for *_, c in words]
    return sum(confs) / len(confs) if confs else None


def ocr_image(image, number: int, dpi: float | None = DPI, lang: str | None = None) -> tuple[PageGeometry, dict]:
    """A page image (PIL or array) → :class:`PageGeometry` in points, and facts about the page.

    ``dpi``: the image's resolution (None when unknown, as for a photo). Facts: ``skew`` (degrees),
    ``turned`` (degrees), ``scale`` (the factor the page was resized by for OCR), ``cap_px`` (its
    capital letters' height, pixels), ``osd``, ``mean_conf`` (0-100 or None), ``n_words``,
    ``warnings`` (corrections made), ``seconds`` and ``cpu_seconds`` (the wall-clock and CPU time each
    stage took). Raises :class:`OcrError`
    when tesseract fails.
    """
    _clock.times, _clock.cpu, _clock.last, _clock.last_cpu = {}, {}, time.perf_counter(), time.thread_time()
    try:
        return _ocr_image(image, number, dpi, lang)
    finally:
        _clock.times = None


def _ocr_image(image, number: int, dpi: float | None, lang: str | None) -> tuple[PageGeometry, dict]:
    times = _clock.times
    page = prepare_page(image, number, dpi, lang)
    words_px = _read(page, lang, number)
    mean = _mean(words_px)
    if mean is None or mean < READS_BADLY:
        # the page reads badly: if it was turned, read it as it came too; if not, ask OSD whether
        # it lies on its side or upside down (when OSD cannot tell and its text lines run up or
        # down, both quarter turns are read); a turned reading is kept only when clearly better
        if page.turned:
            turns, osd = [(360 - page.turned) % 360], page.osd
        else:
            osd = page.osd if page.osd is not None else page_osd(page.gray, page.dpi)
            turn = turn_for(osd, page.direction)
            if not turn and osd is not None and osd[0] and osd[1] >= OSD_MIN_CONF and page.direction != "h":
                turn = (360 - osd[0]) % 360  # weak OSD: tried, and kept only if it reads clearly better
            turns = [turn] if turn else [90, 270] if page.direction == "v" else []
        best, first = _weight(words_px), page
        for turn in turns:
            _lap("osd")
            other = _turned(first, turn, number, osd if turn == turn_for(osd, first.direction) else None)
            _lap("turn")
            words2 = _read(other, lang, number)
            if _weight(words2) > 1.25 * best:
                page, words_px, best = other, words2, _weight(words2)
    gray = page.gray
    k = 72.0 / page.dpi
    scale = page.scale
    words: list[Word] = []
    for text, left, top, width, height, conf in words_px:
        words.append(Word(text, left * k / scale, top * k / scale, (left + width) * k / scale,
                          (top + height) * k / scale, conf=conf))
    words = _drop_noise(words)
    segs = [Segment(x0 * k, y0 * k, x1 * k, y1 * k) for x0, y0, x1, y1 in page.rules]
    h, w = gray.shape
    geom = PageGeometry(number, w * k, h * k, words, [s for s in segs if s.horizontal or s.vertical])
    geom.to_page, geom.turn = page_frame(page), page.turned % 360
    confs = [x.conf for x in words if x.conf is not None]
    facts = {"skew": page.skew, "turned": page.turned, "unwarped": page.unwarped, "scale": round(scale, 3),
             "cap_px": round(page.cap, 1) if page.cap else None, "osd": page.osd,
             "descreened": page.descreened, "threshold": "iki" if page.binarised else "tesseract",
             "mean_conf": sum(confs) / len(confs) if confs else None, "n_words": len(words),
             "warnings": list(page.notes) + ([warning("ocr_deskewed", f"page {number} deskewed by {page.skew:.1f} degrees")]
                                             if page.skew else [])}
    _lap("words_to_page")
    facts["seconds"] = {k: round(v, 4) for k, v in times.items()}
    facts["cpu_seconds"] = {k: round(v, 4) for k, v in _clock.cpu.items()}
    return geom, facts


def page_frame(page: PreparedPage) -> tuple[float, ...] | None:
    """Where the prepared page lies on the image as given: a 3×3 matrix (row-major) taking a point of the
    OCR geometry (points at ``page.dpi``) to a point of the source image at its own resolution (72 per
    inch; a pixel per point when the image states none). That is the page as a PDF viewer shows a scanned
    page. None when the two are the same.

    The prepared image is the source straightened (``warp``), turned by quarter turns (``turned``) and
    deskewed about its centre (``skew``); a half turn after deskewing is the same rotation about the same
    centre, so the final ``turned`` and ``skew`` say it all.
    """
    import cv2
    import numpy as np

    h2, w2 = page.gray.shape[:2]
    t = page.turned % 360
    h1, w1 = (w2, h2) if t in (90, 270) else (h2, w2)
    turn = {0: np.eye(3), 90: np.array([[0, -1, h1], [1, 0, 0], [0, 0, 1]], float),
            180: np.array([[-1, 0, w1], [0, -1, h1], [0, 0, 1]], float),
            270: np.array([[0, 1, 0], [-1, 0, w1], [0, 0, 1]], float)}[t]
    skew = np.eye(3)
    if page.skew:
        skew[:2] = cv2.getRotationMatrix2D((w2 / 2, h2 / 2), float(page.skew), 1.0)
    warp = np.asarray(page.warp, float) if page.warp is not None else np.eye(3)
    forward = skew @ turn @ warp  # source pixels → prepared pixels
    src_k = 72.0 / (page.src_dpi or 72.0)
    m = np.diag([src_k, src_k, 1.0]) @ np.linalg.inv(forward) @ np.diag([page.dpi / 72.0, page.dpi / 72.0, 1.0])
    m = m / m[2, 2]
    if np.allclose(m, np.eye(3), atol=1e-6):
        return None
    return tuple(float(round(v, 9)) for v in m.ravel())


def _read(page: PreparedPage, lang: str | None, number: int):
    """Ruling lines found and erased, the page scaled for its text, then tesseract: words in the
    scaled image's pixels."""
    import cv2

    gray = page.gray
    boxes, line_mask = find_rules(gray, page.dpi)
    page.rules = boxes
    _lap("rules")
    clean = gray
    if boxes:
        clean = gray.copy()
        clean[cv2.dilate(line_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))) > 0] = 255
    scale = page.scale
    if scale != 1.0:
        clean = cv2.resize(clean, None, fx=scale, fy=scale,
                           interpolation=cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA)
    _lap("erase_and_scale")
    parts = _components(clean)
    out, page.descreened = descreen(clean, parts)
    if out is not clean:  # dots erased: the page's components are not the same any more
        clean, parts = out, None
    _lap("descreen")
    ready, page.binarised = binarise(clean, page.dpi * scale, photo=page.unwarped or page.src_dpi is None)
    _lap("binarise")
    words = tesseract_words(ready, page.dpi * scale, lang, number, page.binarised)
    _lap("ocr")
    words = _merged_lines(ready, words, page.dpi * scale, lang, number, page.binarised)
    _lap("merged_lines")
    missed = _missed_lines(clean, words, page.dpi * scale, lang, number, parts, ready, page.binarised)
    _lap("missed_lines")
    return words + missed


SPECK_PX = 10  # a dot of a dithered (halftone) background: at most this wide and high, in the reading scale's
# pixels (capitals ~30 px): a third of a capital
SPECKS_PER_CELL = 6  # dots per cap-height square that make an area dithered rather than text
WORM_AREA = 0.12  # in a dithered area, a shape lower than 0.6 capital and of at most this many squared capitals is dots run together
SPECKS_JOINED = 3  # dots per square enough for a square joined to a dithered area to belong to it


def _components(img):
    """The page's ink (Otsu) and its connected components: ``(bw_inv, n, labels, stats, centroids)``.

    Computed once for a page read and shared by :func:`descreen` and :func:`_missed_lines` (the
    largest image iki handles: the page at its reading scale; each pass over it costs a tenth of a
    second or more)."""
    import cv2

    _, bw = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(bw, connectivity=8)
    return bw, n, labels, stats, centroids


def descreen(clean, parts=None) -> tuple[object, float]:
    """The page (scaled for reading: capitals ~:data:`CAP_PX` px) with its dithered backgrounds made white,
    and the share of the page they covered.

    A header row printed on grey comes out of a bilevel scanner as a field of separate dots, which
    tesseract reads as noise and which hides the row's words. The evidence is density, not one dot:
    where cap-height squares (two or more together) each hold :data:`SPECKS_PER_CELL` or more
    components no larger than :data:`SPECK_PX`, the area is made bilevel with those dots removed:
    the words and rules printed on the field are larger and stay black; the full stops and i-dots of
    ordinary text are too sparse to count. ``parts``: :func:`_components` of ``clean`` when already known.
    """
    import cv2
    import numpy as np

    bw, n, labels, stats, centroids = parts if parts is not None else _components(clean)
    small = np.flatnonzero((stats[1:, cv2.CC_STAT_WIDTH] <= SPECK_PX) & (stats[1:, cv2.CC_STAT_HEIGHT] <= SPECK_PX)) + 1
    if len(small) < SPECKS_PER_CELL * 4:
        return clean, 0.0
    h, w = clean.shape
    cell = int(CAP_PX)
    gh, gw = h // cell + 1, w // cell + 1
    cx = (centroids[small, 0] // cell).astype(np.int64)
    cy = (centroids[small, 1] // cell).astype(np.int64)
    density = np.bincount(cy * gw + cx, minlength=gh * gw).reshape(gh, gw)
    dense = (density >= SPECKS_PER_CELL).astype(np.uint8)
    # a lone dense square is a blot or a signature's scribble; a dithered field spans several
    dense = cv2.morphologyEx(dense, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    if not dense.any():
        return clean, 0.0
    # a field's squares crowded with letters hold fewer loose dots (a shaded row no taller than its
    # words): squares with a few dots joined to the field (hysteresis) belong to it
    some = (density >= SPECKS_JOINED).astype(np.uint8)
    n_some, some_labels = cv2.connectedComponents(some, connectivity=8)
    if n_some > 1:
        seeded = np.zeros(n_some, bool)
        seeded[np.unique(some_labels[dense > 0])] = True
        seeded[0] = False
        dense |= seeded[some_labels].astype(np.uint8)
    # the squares of the field around its words hold fewer loose dots: holes closed, edges reached
    dense = cv2.dilate(cv2.morphologyEx(dense, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)), np.ones((3, 3), np.uint8))
    # inside the field, dots run together into short worms: smaller than any letter stroke, they go too
    areas, heights = stats[:, cv2.CC_STAT_AREA], stats[:, cv2.CC_STAT_HEIGHT]
    speck = (areas <= WORM_AREA * CAP_PX * CAP_PX) & (heights <= 0.6 * CAP_PX)
    speck[0] = False
    area = cv2.resize(dense, (gw * cell, gh * cell), interpolation=cv2.INTER_NEAREST)[:h, :w] > 0
    ink = (bw > 0) & ~speck[labels]
    out = clean.copy()
    out[area] = np.where(ink[area], np.minimum(clean[area], 64), 255)
    return out, round(float(dense.sum()) / dense.size, 3)


MISSED_BANDS = 12  # text lines re-read on one page at most (each is one more, small, tesseract call)


def _missed_lines(clean, words, dpi: float, lang: str | None, number: int, parts=None, ready=None,
                  prebinarised: bool = False):
    """Text lines tesseract's page layout skipped, read again one band at a time.

    Tesseract's layout analysis sometimes drops a whole line (``3. FUNGSI :`` beside a few specks,
    read by one build and not by another). Letter-sized ink outside every word it returned is
    gathered into lines; a line of at least four letters is cut out of the page and read alone;
    its words come back in the page's pixels. Pictures and stamps give few letter-sized shapes
    in a row, and what they read as is left to the noise filter like any other word.
    ``parts``: :func:`_components` of ``clean`` when already known; ``ready``: the page as tesseract
    read it (:func:`binarise`; ``prebinarised``: by iki), cut for the re-reads.
    """
    import cv2
    import numpy as np

    ready = clean if ready is None else ready
    bw, n, _, stats, centres = parts if parts is not None else _components(clean)
    h, w = bw.shape
    seen = np.zeros((h, w), bool)
    pad = int(CAP_PX * 0.3)
    for _text, left, top, width, height, _conf in words:
        seen[max(0, top - pad):top + height + pad, max(0, left - pad):left + width + pad] = True
    if n <= 1:
        return []
    hs, ws = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    letter = (hs >= 0.45 * CAP_PX) & (hs <= 1.8 * CAP_PX) & (ws >= 2) & (ws <= 2.5 * CAP_PX)
    cx, cy = centres[1:, 0].astype(int).clip(0, w - 1), centres[1:, 1].astype(int).clip(0, h - 1)
    lost = np.flatnonzero(letter & ~seen[cy, cx])
    if len(lost) < 4:
        return []
    bands: list[list[int]] = []
    for i in sorted(lost, key=lambda i: cy[i]):
        if bands and cy[i] - cy[bands[-1][-1]] <= 0.5 * CAP_PX:
            bands[-1].append(i)
        else:
            bands.append([i])
    out = []
    for band in [b for b in bands if len(b) >= 4][:MISSED_BANDS]:
        st = stats[1:][band]
        y0 = max(0, int(st[:, 1].min() - 0.4 * CAP_PX))
        y1 = min(h, int((st[:, 1] + st[:, 3]).max() + 0.4 * CAP_PX))
        x0 = max(0, int(st[:, 0].min() - CAP_PX))
        x1 = min(w, int((st[:, 0] + st[:, 2]).max() + CAP_PX))
        strip = np.ascontiguousarray(ready[y0:y1, x0:x1])
        for text, left, top, width, height, conf in tesseract_words(strip, dpi, lang, number, prebinarised):
            cx0, cy0 = x0 + left + width // 2, y0 + top + height // 2
            if not seen[min(cy0, h - 1), min(cx0, w - 1)]:
                out.append((text, x0 + left, y0 + top, width, height, conf))
    return out


MERGED_LINES = 2.2  # a word this many capital heights tall or more may be two text lines read as one
MERGED_BANDS = 8  # such places re-read on one page at most


def _merged_lines(ready, words, dpi: float, lang: str | None, number: int, prebinarised: bool = False):
    """Two text lines that tesseract's page layout took for one, read again.

    In a multi-column page read as one block, two close lines of a cell (a bold indicator name over its
    second line, beside a paragraph whose lines fall between them) can come back as one line: its words'
    boxes are two lines tall and hold the first line's text only, the second line is lost. Such words
    (at least :data:`MERGED_LINES` capitals tall; the page is scaled so that capitals are
    :data:`CAP_PX`), with the words beside them on that line, are cut out and read alone; the reading
    replaces them when it finds more than one line in them and at least as many words. A heading in a
    large font reads as one line again and is left as it was. ``ready``: the page as tesseract read it
    (:func:`binarise`; ``prebinarised``: by iki), cut for the re-reads; ``words`` are in its pixels.
    """
    import numpy as np

    tall = [i for i, wd in enumerate(words) if wd[4] >= MERGED_LINES * CAP_PX and wd[3] >= 0.5 * CAP_PX]
    if not tall:
        return words
    groups: list[list[int]] = []
    for i in sorted(tall, key=lambda i: (words[i][2], words[i][1])):
        _t, left, top, width, height, _c = words[i]
        for g in groups:
            gl, gt, gr, gb = _box(words, g)
            if min(gb, top + height) - max(gt, top) >= 0.5 * height and left - gr <= 2 * CAP_PX \
                    and gl - (left + width) <= 2 * CAP_PX:
                g.append(i)
                break
        else:
            groups.append([i])
    h, w = ready.shape[:2]
    drop: set[int] = set()
    new = []
    for g in groups[:MERGED_BANDS]:
        gl, gt, gr, gb = _box(words, g)
        inside = [j for j, wd in enumerate(words)
                  if gl <= wd[1] + wd[3] / 2 <= gr and gt <= wd[2] + wd[4] / 2 <= gb]
        pad = int(0.5 * CAP_PX)
        x0, y0, x1, y1 = max(0, gl - pad), max(0, gt - pad), min(w, gr + pad), min(h, gb + pad)
        strip = np.ascontiguousarray(ready[y0:y1, x0:x1])
        again = [(t, x0 + left, y0 + top, width, height, conf)
                 for t, left, top, width, height, conf in tesseract_words(strip, dpi, lang, number, prebinarised)]
        mids = sorted(wd[2] + wd[4] / 2 for wd in again)
        n_lines = sum(1 for k, m in enumerate(mids) if not k or m - mids[k - 1] > 0.7 * CAP_PX)
        if n_lines >= 2 and len(again) >= len(inside):
            drop.update(inside)
            new.extend(again)
    if not drop:
        return words
    return [wd for j, wd in enumerate(words) if j not in drop] + new


def _box(words, idx) -> tuple[int, int, int, int]:
    return (min(words[i][1] for i in idx), min(words[i][2] for i in idx),
            max(words[i][1] + words[i][3] for i in idx), max(words[i][2] + words[i][4] for i in idx))


_GLUED_MARK = re.compile(r"^[.,'`\"‘’‚“”„·°#/\\|~^]{1,2}(?=(?:\d{1,2}|[A-Za-z])[.)]$)")


def _drop_noise(words: list[Word]) -> list[Word]:
    """OCR words that are specks, stray marks or bits of rules, not text, left out.

    A mark read glued to a list number at the start of a line (``‘1.``, ``#1.``) is cut off the
    number: no list label starts with such a mark.
    """
    from extractors.geometry import text_lines

    out = []
    for line in text_lines(words):
        for i, w in enumerate(line):
            first = i == 0 and len(line) > 1
            if _noise(w.text, w.conf if w.conf is not None else 100.0, first):
                continue
            if first and _GLUED_MARK.match(w.text):
                w = replace(w, text=_GLUED_MARK.sub("", w.text))
            out.append(w)
    return out


# ----------------------------------------------------------------------------- a PDF's own OCR text layer

_EDGE_PUNCT = "()[]{}\"'`‘’“”,.;:!?"
_NUMBERISH = re.compile(r"^[+-]?\d+(?:[.,/:-]\d+)*%?$")
_WORDISH = re.compile(r"^(?:\p{Lu}?\p{Ll}+|\p{Lu}+|\p{Lu}\.)$")
_TRIPLE = re.compile(r"(.)\1\1")
_VOWEL = re.compile(r"[aeiouAEIOU]")


def plausible(text: str) -> bool | None:
    """Does an OCR'd token look like a word or a number as printed, not OCR damage? None for a
    token of punctuation only (no evidence either way).

    A word is lower case, capitalised or upper case (each part of ``nilai-nilai`` or
    ``kabupaten/kota``), with no letter three times in a row and a vowel when longer than four
    letters; a number may hold separators (``1.2.2.4``, ``571.430.000``, ``10%``). Damage is
    what OCR makes of a stain or a stamp: ``bkJang``, ``u:-5ut``, ``f<.1.c.unanan``, ``Ksssisian``.
    """
    t = text.strip(_EDGE_PUNCT)
    if not t:
        return None if len(text) <= 3 else False
    if _NUMBERISH.match(t):
        return True
    parts = re.split(r"[-/]", t)
    for p in parts:
        if not p:
            return False
        if not _WORDISH.match(p) or _TRIPLE.search(p.lower()) or (len(p) > 4 and not _VOWEL.search(p)):
            return False
    return True


def _overlap(a: Word, b: Word) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / max(1e-6, min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top)))


def compare_text_layer(layer: list[Word], ocr: list[Word], sample: int = 400) -> tuple[str, int, int, int]:
    """Which reading of a scanned page is better: its own OCR text layer or iki's OCR.

    Words at the same place on the page (up to ``sample`` of them, spread over the page) are
    compared where the two readings differ: a reading scores a point for each word of its own that
    is plausible (:func:`plausible`; an iki word read with a confidence under 60 is not) where the
    other's is not. Returns ``("layer" | "ocr", layer points, ocr points, words compared)``; a tie
    keeps iki's reading (its words come with confidences and lie exactly on the page's rules).
    """
    if not ocr:
        return ("layer", 1, 0, 0) if layer else ("ocr", 0, 0, 0)
    if not layer:
        return "ocr", 0, 1, 0
    step = max(1, len(ocr) // sample)
    by_row: dict[int, list[Word]] = {}
    for w in layer:
        by_row.setdefault(int((w.top + w.bottom) / 2 // 20), []).append(w)
    pts_layer = pts_ocr = n = 0
    for o in ocr[::step]:
        row = int((o.top + o.bottom) / 2 // 20)
        near = [w for k in (row - 1, row, row + 1) for w in by_row.get(k, [])]
        match = max(near, key=lambda w: _overlap(o, w), default=None)
        if match is None or _overlap(o, match) < 0.3:
            continue
        n += 1
        if match.text == o.text:
            continue
        p_ocr = plausible(o.text)
        if p_ocr and o.conf is not None and o.conf < 60:
            p_ocr = False
        p_layer = plausible(match.text)
        if p_layer and not p_ocr and p_ocr is not None:
            pts_layer += 1
        elif p_ocr and not p_layer and p_layer is not None:
            pts_ocr += 1
    return ("layer" if pts_layer > pts_ocr else "ocr"), pts_layer, pts_ocr, n


# ----------------------------------------------------------------------------- pages to read


@dataclass
class PageSource:
    """What a worker thread needs to read one page: encoded image bytes or a decoded image.

    ``dpi`` is the image's resolution (None when unknown, as for a photo).
    """

    number: int
    dpi: float | None
    data: bytes | None = None  # an encoded image (JPEG, PNG ...), decoded in the worker
    image: object = None  # or a decoded image (PIL or array)
    offset: tuple[float, float] = (0.0, 0.0)  # where the image's corner lies on the page (points)

    def decoded(self):
        if self.image is not None:
            return self.image
        import cv2
        import numpy as np

        arr = cv2.imdecode(np.frombuffer(self.data, np.uint8), cv2.IMREAD_UNCHANGED)
        if arr is None:
            raise OcrError(f"page {self.number}: its image cannot be decoded")
        if arr.ndim == 3:
            arr = cv2.cvtColor(arr, cv2.COLOR_BGRA2RGB if arr.shape[2] == 4 else cv2.COLOR_BGR2RGB)
        return arr


def read_page(src: PageSource) -> tuple[PageGeometry, dict]:
    """OCR one page (run in a worker thread, holding an OCR slot); ``facts["seconds"]`` holds the
    time each stage took, decoding included."""
    ocr_engine.warm()  # the language models load while the page is decoded and prepared
    t0, c0 = time.perf_counter(), time.thread_time()
    image = src.decoded()
    decode, decode_cpu = time.perf_counter() - t0, time.thread_time() - c0
    geom, facts = ocr_image(image, src.number, dpi=src.dpi)
    facts["seconds"] = {"decode": round(decode, 4), **facts.get("seconds", {})}
    facts["cpu_seconds"] = {"decode": round(decode_cpu, 4), **facts.get("cpu_seconds", {})}
    return geom, facts


def read_pages(sources) -> Iterator[tuple[int, PageGeometry | None, dict]]:
    """OCR pages in parallel (:func:`extractors.readers.ocr_pool.map_pages`), in order:
    ``(number, geometry, facts)``; a page tesseract failed on has geometry None and its
    reason in ``facts["error"]``."""
    from extractors.readers.ocr_pool import map_pages

    def one(src: PageSource):
        try:
            geom, facts = read_page(src)
            return src.number, geom, facts
        except OcrError as e:
            return src.number, None, {"error": str(e)}

    return map_pages(one, sources)


def ocr_summary(facts: list[dict]) -> list[str]:
    """The document's OCR warnings: pages read, by which engine, their confidence and the scale their
    text was read at, and every correction made."""
    out: list[str] = []
    read = [f for f in facts if "error" not in f]
    if not read:
        return out
    confs = [f["mean_conf"] for f in read if f.get("mean_conf") is not None]
    mean = sum(confs) / len(confs) if confs else None
    scales = ", ".join(f"{f.get('scale', 1.0):.2f}" for f in read)
    what = f"{len(read)} page(s) read by OCR ({ocr_engine.describe()}"
    what += f"; mean confidence {mean:.0f}" if mean is not None else ""
    out.append(warning("ocr_pages", f"{what}; text scaled per page: {scales})"))
    for f in read:
        out.extend(f.get("warnings", []))
    if mean is not None and mean < LOW_CONFIDENCE:
        out.append(warning("ocr_low_confidence", "check the values against the page"))
    return out


def load_images(data: bytes) -> list:
    """An image file's pages (a TIFF may hold several) as PIL images, turned as their EXIF says.

    Frames are counted and each frame's size checked before any is decoded (``--max-pages``,
    :data:`extractors.limits.MAX_OCR_PIXELS`); raises :class:`extractors.limits.InputTooLarge`.
    """
    from io import BytesIO

    from PIL import Image, ImageOps, ImageSequence

    from extractors import limits

    Image.MAX_IMAGE_PIXELS = limits.MAX_OCR_PIXELS  # PIL refuses larger images before decoding them
    img = Image.open(BytesIO(data))
    limits.check_pages(getattr(img, "n_frames", 1), "image frames")
    pages = []
    for i, frame in enumerate(ImageSequence.Iterator(img), start=1):
        limits.check_pixels(frame.size[0], frame.size[1], f"image frame {i}")
        frame = ImageOps.exif_transpose(frame) if frame.getexif() else frame
        pages.append(frame.convert("RGB" if frame.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr") else "L").copy())
    return pages


def image_dpi(data: bytes) -> float | None:
    """The resolution an image file declares, when it is a scanner's (100-1200 dpi), else None.

    Cameras write 72 dpi (or nothing); such a page's scale is found from the page itself.
    """
    from io import BytesIO

    from PIL import Image

    info = Image.open(BytesIO(data)).info.get("dpi")
    if info and info[0] and 100 <= float(info[0]) <= 1200:
        return float(info[0])
    return None


def read_image(data: bytes, source: str = "<image>"):
    """An image file (PNG, JPEG, TIFF, BMP; several pages in a TIFF) → :class:`~extractors.ir.Document` by OCR."""
    from extractors.geometry import page_blocks
    from extractors.ir import Document

    missing = tesseract_missing()
    if missing:
        raise OcrError(missing)
    from extractors import limits

    try:
        pages = load_images(data)
        dpi = image_dpi(data)
    except limits.InputTooLarge:
        raise
    except MemoryError:  # the memory limit: said as such, never as damage
        raise
    except Exception as e:
        raise OcrError(f"cannot read the image ({type(e).__name__}: {e})"[:300]) from e
    blocks, warnings, facts = [], [], []
    for number, geom, info in read_pages(PageSource(i, dpi, image=img) for i, img in enumerate(pages, start=1)):
        facts.append(info)
        if geom is None:
            warnings.append(warning("ocr_error", info["error"]))
            continue
        blocks.extend(page_blocks(geom))
        warnings.extend(geom.warnings)  # what the table finder could not do
    if all("error" in f for f in facts):
        raise OcrError(facts[0]["error"] if facts else "the image has no pages")
    warnings.extend(ocr_summary(facts))
    doc = Document(source=source, format="image", blocks=blocks, n_pages=len(pages), warnings=warnings)
    doc.ocr_pages = sum(1 for f in facts if "error" not in f)
    return doc

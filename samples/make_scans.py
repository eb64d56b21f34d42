#!/usr/bin/env python3
"""Scanned IKI samples: image-only PDFs (and page images) of gold documents rendered by
``samples/make_pdf.py`` (reportlab), scanned or photographed in one of three conditions.

``scan`` (the default)
    a flatbed scan: rasterised at ``--dpi`` (default 200) in grey, turned by up to ±1.5° and shifted
    on the glass, paper tone and ink that is not black, uneven light, sensor noise, dust and a hair,
    slight blur, JPEG (``--quality``, default 65). ``--page-image STEM`` also writes one page of one
    position of that input as a PNG (a one-page layout: letterhead, labels and table on one portrait
    page; the first position that fits).
``office``
    the scanner of an office: 150 dpi, the same scanner with more dust, a stray mark before the first
    ``1. JABATAN`` label, a round rubber stamp on the last page, one page fed sideways (page 2, or
    ``--sideways``), header rows shaded 25-40 % grey, JPEG 55; ``--color`` keeps colour (a violet or
    blue stamp).
``phone``
    every page photographed on a desk by a pinhole camera tilted up to 14°, a soft shadow, warm
    uneven light, blur and noise, colour JPEG (``--photo-quality``, 80) of ``--photo-px`` (2400) px;
    ``--image`` writes the first page as a JPEG file instead of a PDF.

The PDF holds one JPEG per page and no text. The gold beside it is the gold of the positions kept
(``--positions K`` first ones, or ``--position N[-M]``; ``--one-page`` lays one position out on one
portrait page). ``--producer libreoffice`` renders through make_docx.py and LibreOffice instead
(nothing committed is made that way). Everything is deterministic for a given ``--seed``.

The committed samples/scans are made by the commands in samples/regenerate.py; see samples/scans/README.md.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import zlib
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_pdf as mp  # noqa: E402
from model import cut, dump, load, pdf_text, soffice  # noqa: E402

# the producer each condition writes into its PDFs (as the committed files record it)
PRODUCER = {"scan": "samples/make_scans.py", "office": "samples/make_office_scans.py",
            "phone": "samples/make_office_scans.py"}


# --------------------------------------------------------------------------
# the digital pages

class OnePageRenderer(mp.Renderer):
    """make_pdf's Renderer with everything of one position on portrait pages, no breaks."""

    def story(self) -> list:
        self.land_width = self.port_width          # the indicator table in the portrait frame
        pos = (self.g.get("positions") or [])[0]
        s = self.letterhead() + self.position_block(pos, self.port_width)
        if pos.get("indicators"):
            s += [mp.Spacer(1, 0.5 * mp.cm)] + self.indicator_table(pos)
        return s


class ShadedRenderer(mp.Renderer):
    """make_pdf's Renderer with a darker header shading (as office templates often have)."""

    def __init__(self, gold, rng):
        super().__init__(gold, rng)
        self.shade = mp.colors.HexColor(rng.choice(["#A6A6A6", "#BFBFBF", "#999999"]))


class ShadedOnePage(ShadedRenderer, OnePageRenderer):
    pass


def render(cls, gold: dict, path: Path, rng: random.Random, splits: bool = True) -> None:
    mp.IkiTable.row_splits = [] if splits else None
    try:
        cls(gold, rng).build(path)
    finally:
        mp.IkiTable.row_splits = None
    if problems := mp.check_pdf(path, gold):
        raise SystemExit(f"{path.name}: the digital render misses gold values: {problems}")


def render_libreoffice(gold: dict, path: Path, seed: int, stem: str) -> None:
    """The gold as a Word document (samples/make_docx.py), exported to PDF by LibreOffice."""
    import make_docx

    docx = path.with_suffix(".docx")
    make_docx.render_docx(gold, docx, random.Random(f"{seed}:{stem}:docx"))
    soffice([docx], path.parent)


def rasterise(path: Path, dpi: int, grey: bool, pages: int | None = None) -> list[np.ndarray]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        n = len(pdf) if pages is None else min(pages, len(pdf))
        return [np.array(pdf[i].render(scale=dpi / 72.0, grayscale=grey).to_pil().convert("L" if grey else "RGB"))
                for i in range(n)]
    finally:
        pdf.close()


def page_count(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def label_boxes(path: Path, dpi: int) -> dict[int, list[tuple[float, float, float, float]]]:
    """Per page (0-based), pixel boxes of the list number before each ``JABATAN`` label."""
    import pdfplumber

    out: dict[int, list[tuple[float, float, float, float]]] = {}
    k = dpi / 72.0
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            words = page.extract_words()
            for a, b in zip(words, words[1:]):
                if b["text"].upper().startswith("JABATAN") and a["text"].rstrip(".").isdigit() \
                        and abs(a["top"] - b["top"]) < 3:
                    out.setdefault(i, []).append((a["x0"] * k, a["top"] * k, a["x1"] * k, a["bottom"] * k))
    return out


# --------------------------------------------------------------------------
# the flatbed scanner

def scan_page(img: np.ndarray, rng: np.random.Generator, dpi: int) -> tuple[np.ndarray, float]:
    """Clean grayscale page -> uint8 'scan' (before JPEG). Returns (image, angle in degrees)."""
    h, w = img.shape
    angle = float(rng.uniform(-1.5, 1.5))
    # small shift of the sheet on the glass (up to ~1.5 mm)
    shift = rng.uniform(-1.5, 1.5, size=2) * dpi / 25.4
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    m[:, 2] += shift
    f = cv2.warpAffine(img.astype(np.float32), m, (w, h), flags=cv2.INTER_CUBIC,
                       borderMode=cv2.BORDER_CONSTANT, borderValue=255.0)
    f = np.clip(f, 0, 255) / 255.0                       # 1 = white paper, 0 = ink

    # paper tone / ink density, then uneven illumination (smooth gradient + soft falloff)
    paper = rng.uniform(236, 246)
    ink = rng.uniform(25, 45)
    f = ink + (paper - ink) * f
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    yy /= h
    xx /= w
    gx, gy = rng.uniform(-1, 1, size=2)
    light = 1.0 + 0.05 * (gx * (xx - 0.5) + gy * (yy - 0.5))
    side = rng.choice([0, 1])                            # the edge near the scanner hinge
    edge = xx if side == 0 else 1.0 - xx
    light -= 0.06 * np.exp(-edge / 0.04)
    f *= light

    # gaussian sensor noise
    f += rng.normal(0.0, 8.0, size=f.shape).astype(np.float32)
    # a few dust specks and a hair-like scratch
    for _ in range(int(rng.integers(4, 12))):
        cx, cy = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = max(1, int(round(rng.uniform(0.6, 2.2) * dpi / 200)))
        cv2.circle(f, (cx, cy), r, float(rng.uniform(20, 120)), -1, lineType=cv2.LINE_AA)
    if rng.random() < 0.5:
        x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
        ln = rng.uniform(0.02, 0.06) * w
        th = rng.uniform(0, 2 * math.pi)
        pts = [(x0 + ln * t / 8 * math.cos(th) + rng.normal(0, 2), y0 + ln * t / 8 * math.sin(th) + rng.normal(0, 2))
               for t in range(9)]
        cv2.polylines(f, [np.array(pts, np.int32)], False, float(rng.uniform(120, 180)), 1, cv2.LINE_AA)
    # slight optical blur
    f = cv2.GaussianBlur(f, (0, 0), 0.6)
    # the scanner's white point: paper maps to about white, so most of the plain paper is
    # clipped to 255 and the noise stays visible in the ink, the edges and the darker parts
    f *= rng.uniform(262, 266) / paper
    return np.clip(np.rint(f), 0, 255).astype(np.uint8), angle



def jpeg(img: np.ndarray, quality: int) -> bytes:
    arr = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    ok, buf = cv2.imencode(".jpg", arr, [cv2.IMWRITE_JPEG_QUALITY, int(quality), cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()


# --------------------------------------------------------------------------
# marks on the page (drawn on the clean raster, so the scanner turns and blurs them too)

def stray_mark(img: np.ndarray, box, rng: np.random.Generator, dpi: int) -> None:
    """A speck or stray mark a little left of a label: a quote, a comma-like blot or a dot."""
    x0, top, x1, bottom = box
    h = bottom - top
    gap = rng.uniform(0.25, 0.9) * h
    cx = int(x0 - gap)
    kind = rng.choice(["quote", "comma", "dot", "tick"])
    ink = (int(rng.integers(10, 60)),) * 3
    s = max(1, int(round(dpi / 150)))
    if kind == "quote":  # ‘ (a small blob with a tail, high on the line)
        cy = int(top + 0.3 * h)
        cv2.circle(img, (cx, cy), 2 * s, ink, -1, cv2.LINE_AA)
        cv2.line(img, (cx + s, cy - s), (cx + 2 * s, cy - 4 * s), ink, s, cv2.LINE_AA)
    elif kind == "comma":
        cy = int(bottom - 0.2 * h)
        cv2.circle(img, (cx, cy), 2 * s, ink, -1, cv2.LINE_AA)
        cv2.line(img, (cx, cy), (cx - s, cy + 4 * s), ink, s, cv2.LINE_AA)
    elif kind == "dot":
        cy = int(top + rng.uniform(0.3, 0.8) * h)
        cv2.circle(img, (cx, cy), int(rng.integers(2, 4)) * s, ink, -1, cv2.LINE_AA)
    else:  # a short stroke from a pen
        cy = int(top + 0.5 * h)
        cv2.line(img, (cx - 3 * s, cy + 3 * s), (cx + 2 * s, cy - 4 * s), ink, s + 1, cv2.LINE_AA)


def stamp(img: np.ndarray, rng: np.random.Generator, dpi: int, color: bool, text: str) -> None:
    """A round rubber stamp (two rings, text around, a star in the middle), inked unevenly."""
    h, w = img.shape[:2]
    r = int(rng.uniform(0.75, 0.95) * dpi)  # ~ 4 - 5 cm across
    cx = int(rng.uniform(0.45, 0.85) * w)
    cy = int(rng.uniform(0.55, 0.85) * h)
    layer = np.zeros((h, w), np.float32)
    th = max(2, dpi // 50)
    cv2.circle(layer, (cx, cy), r, 1.0, th, cv2.LINE_AA)
    cv2.circle(layer, (cx, cy), int(r * 0.72), 1.0, max(1, th // 2), cv2.LINE_AA)
    letters = text.upper()[:34]
    scale = dpi / 260.0
    for i, ch in enumerate(letters):
        a = -math.pi / 2 - math.pi * 0.8 + 1.6 * math.pi * i / max(1, len(letters) - 1)
        px, py = cx + 0.86 * r * math.cos(a), cy + 0.86 * r * math.sin(a)
        patch = np.zeros((int(60 * scale) + 4, int(60 * scale) + 4), np.uint8)
        cv2.putText(patch, ch, (2, int(45 * scale)), cv2.FONT_HERSHEY_DUPLEX, 1.3 * scale, 255,
                    max(1, int(2 * scale)), cv2.LINE_AA)
        patch = patch.astype(np.float32) / 255.0
        m = cv2.getRotationMatrix2D((patch.shape[1] / 2, patch.shape[0] / 2), -math.degrees(a) - 90, 1.0)
        patch = cv2.warpAffine(patch, m, (patch.shape[1], patch.shape[0]))
        y0, x0 = int(py - patch.shape[0] / 2), int(px - patch.shape[1] / 2)
        y1, x1 = min(h, y0 + patch.shape[0]), min(w, x0 + patch.shape[1])
        if y0 >= 0 and x0 >= 0 and y1 > y0 and x1 > x0:
            layer[y0:y1, x0:x1] = np.maximum(layer[y0:y1, x0:x1], patch[:y1 - y0, :x1 - x0])
    star = [(cx + 0.3 * r * math.cos(-math.pi / 2 + k * 4 * math.pi / 5),
             cy + 0.3 * r * math.sin(-math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]
    cv2.fillPoly(layer, [np.array(star, np.int32)], 1.0, cv2.LINE_AA)
    # uneven ink: a smooth random field thins the ink in places
    field = cv2.resize(rng.uniform(0.45, 1.0, size=(6, 6)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    layer *= np.clip(field, 0, 1) * rng.uniform(0.7, 0.95)
    ink = np.array([120, 40, 160] if rng.random() < 0.5 else [40, 60, 170], np.float32)  # violet / blue (RGB)
    if not color:
        ink = np.full(3, float(ink @ np.array([0.299, 0.587, 0.114])), np.float32)
    f = img.astype(np.float32)
    # ink multiplies the paper (transparent, the text under it stays visible)
    f = f * (1 - layer[..., None]) + np.minimum(f, ink) * layer[..., None]
    img[:] = np.clip(f, 0, 255).astype(np.uint8)


# --------------------------------------------------------------------------
# the office scanner

def office_page(img: np.ndarray, seed: list[int], dpi: int, color: bool) -> np.ndarray:
    """Clean RGB page → scanned page (grey, or RGB with ``color``; uint8), before JPEG.

    The colour scan runs make_scans' scanner on each channel with the same random draws, so
    the three channels share the angle, the shift, the light and the noise."""
    if color:
        scanned = np.dstack([scan_page(np.ascontiguousarray(img[..., c]), np.random.default_rng(seed), dpi)[0]
                             for c in range(3)])
    else:
        scanned = scan_page(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), np.random.default_rng(seed), dpi)[0]
    rng = np.random.default_rng(seed + [1])
    # extra dust: specks of a few pixels anywhere on the page
    h, w = scanned.shape[:2]
    for _ in range(int(rng.integers(15, 35))):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        v = int(rng.integers(20, 110))
        cv2.circle(scanned, (x, y), int(rng.integers(1, 3)), (v, v, v) if color else v, -1, cv2.LINE_AA)
    return scanned


# --------------------------------------------------------------------------
# the phone camera

def phone_photo(img: np.ndarray, rng: np.random.Generator, long_side: int) -> tuple[np.ndarray, list]:
    """Clean RGB page → a photo of it lying on a desk (RGB uint8) and the page's corners in the photo."""
    ph, pw = img.shape[:2]
    landscape = pw > ph
    W, H = (long_side, int(long_side * 0.75)) if landscape else (int(long_side * 0.75), long_side)
    # the page fills 78-90 % of the frame, seen in perspective
    fill = rng.uniform(0.78, 0.9)
    scale = min(W * fill / pw, H * fill / ph)
    cx, cy = W / 2, H / 2
    corners = camera_corners(pw, ph, rng, W * fill, H * fill) + np.array([cx, cy], np.float32)
    cw, ch = pw * scale, ph * scale
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    m = cv2.getPerspectiveTransform(src, corners)
    # the desk: a dark textured surface
    desk_col = np.array(rng.choice([[96, 72, 52], [70, 70, 74], [130, 110, 90], [40, 42, 48]]), np.float32)
    noise = cv2.resize(rng.normal(0, 1, size=(H // 8, W // 8)).astype(np.float32), (W, H), interpolation=cv2.INTER_CUBIC)
    grain = cv2.GaussianBlur(rng.normal(0, 1, size=(H, W)).astype(np.float32), (0, 0), 3) * 6
    desk = desk_col[None, None, :] + (noise * 10 + grain)[..., None]
    page = cv2.warpPerspective(img.astype(np.float32), m, (W, H), flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), m, (W, H), flags=cv2.INTER_LINEAR)
    f = desk * (1 - mask[..., None]) + page * mask[..., None]
    # light: a gradient, a warm tint, and a soft shadow (the phone or a hand) across part of the page
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    gx, gy = rng.uniform(-1, 1, size=2)
    light = 0.92 + 0.1 * (gx * (xx / W - 0.5) + gy * (yy / H - 0.5))
    shadow = np.zeros((H, W), np.float32)
    # a half-plane shadow with a soft edge, entering from one side over 20-45 % of the page
    ang = rng.uniform(0, 2 * math.pi)
    nx, ny = math.cos(ang), math.sin(ang)
    d = (xx - cx) * nx + (yy - cy) * ny
    reach = rng.uniform(0.05, 0.3) * max(cw, ch)
    shadow = 1 / (1 + np.exp(-(d - reach) / (0.03 * max(W, H))))
    depth = rng.uniform(0.35, 0.55)
    light *= 1 - depth * shadow
    tint = np.array([1.0, rng.uniform(0.95, 0.99), rng.uniform(0.86, 0.94)], np.float32)
    f = f * light[..., None] * tint[None, None, :]
    f = cv2.GaussianBlur(f, (0, 0), rng.uniform(0.8, 1.5))
    f += rng.normal(0, 3.5, size=f.shape).astype(np.float32)
    return np.clip(np.rint(f), 0, 255).astype(np.uint8), corners.round(1).tolist()


def camera_corners(pw: float, ph: float, rng: np.random.Generator, max_w: float, max_h: float) -> np.ndarray:
    """Where a pinhole camera tilted over the page sees its corners (TL, TR, BR, BL), centred on the
    principal point and scaled to fit ``max_w`` x ``max_h``: pitch up to 14°, yaw up to 9°, roll up
    to 4°, a focal length of 0.9-1.3 times the page's long side at the distance of its centre."""
    pitch, yaw, roll = (math.radians(v) for v in (rng.uniform(-14, 14), rng.uniform(-9, 9), rng.uniform(-4, 4)))
    rx = np.array([[1, 0, 0], [0, math.cos(pitch), -math.sin(pitch)], [0, math.sin(pitch), math.cos(pitch)]])
    ry = np.array([[math.cos(yaw), 0, math.sin(yaw)], [0, 1, 0], [-math.sin(yaw), 0, math.cos(yaw)]])
    rz = np.array([[math.cos(roll), -math.sin(roll), 0], [math.sin(roll), math.cos(roll), 0], [0, 0, 1]])
    pts = np.array([[-pw / 2, -ph / 2, 0], [pw / 2, -ph / 2, 0], [pw / 2, ph / 2, 0], [-pw / 2, ph / 2, 0]])
    pts = pts @ (rz @ ry @ rx).T
    f = rng.uniform(0.9, 1.3) * max(pw, ph)
    pts[:, 2] += f  # the page's centre at distance f
    xy = f * pts[:, :2] / pts[:, 2:3]
    s = min(max_w / (xy[:, 0].max() - xy[:, 0].min()), max_h / (xy[:, 1].max() - xy[:, 1].min()))
    return (xy * s).astype(np.float32)


# --------------------------------------------------------------------------
# image-only PDF (each page one DCTDecode image, embedded as is)

def write_image_pdf(pages: list[tuple[bytes, int, int, str, float]], path: Path,
                    producer: str) -> None:
    """pages: (JPEG bytes, width px, height px, colour space such as ``DeviceGray``, dpi). Minimal PDF
    1.4, no text, no fonts; each page one DCTDecode image embedded as is. Shared by the scan generators."""
    objs: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    for i, (data, w, h, cs, dpi) in enumerate(pages):
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        img_no, cont_no = 4 + 3 * i, 5 + 3 * i
        objs.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] "
                     f"/Resources << /XObject << /Im0 {img_no} 0 R >> >> /Contents {cont_no} 0 R >>").encode())
        objs.append(f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /{cs} "
                    f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(data)} >>\nstream\n".encode()
                    + data + b"\nendstream")
        content = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
        objs.append(f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream")
    info_no = len(objs) + 1
    objs.append(f"<< /Producer (iki {producer}) >>".encode())

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info {info_no} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    path.write_bytes(bytes(out))



# --------------------------------------------------------------------------

def _seed(seed: int, stem: str, page: int, what: str) -> list[int]:
    return [seed, zlib.crc32(f"{stem}:{what}".encode()), page]


def _rng(seed: int, stem: str, page: int, what: str) -> np.random.Generator:
    return np.random.default_rng(_seed(seed, stem, page, what))


def page_rng(seed: int, stem: str, page: int) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(stem.encode("utf-8")), page])


def write(pages: list, out: Path, gold: dict, a) -> None:
    write_image_pdf(pages, out, PRODUCER[a.condition])
    dump(gold, out.with_suffix(".json"))
    if pdf_text(out).strip():
        raise SystemExit(f"{out.name}: the scanned PDF has a text layer")


def flatbed(gold: dict, stem: str, tmp: Path, a) -> None:
    name = f"{stem}_scan.pdf"
    g = cut(gold, (gold.get("positions") or [])[:a.positions], name, f"first {a.positions} positions")
    digital = tmp / f"{stem}_scan_digital.pdf"
    render(mp.Renderer, g, digital, random.Random(f"{a.seed}:{stem}:rl"))
    pages, angles = [], []
    for i, img in enumerate(rasterise(digital, a.dpi, grey=True), 1):
        sc, ang = scan_page(img, page_rng(a.seed, stem, i), a.dpi)
        pages.append((jpeg(sc, a.quality), sc.shape[1], sc.shape[0], "DeviceGray", a.dpi))
        angles.append(f"{ang:+.2f}")
    write(pages, a.outdir / name, g, a)
    print(f"{a.outdir / name}, {len(pages)} pages, angles {' '.join(angles)}")


def page_image(gold: dict, stem: str, tmp: Path, a) -> None:
    """One page of one position as a PNG: the first position that fits on one page, else the shortest."""
    positions = gold.get("positions") or []
    name = f"{stem}_page1.png"
    for idx in [0] + sorted(range(1, len(positions)), key=lambda i: (len(json.dumps(positions[i], ensure_ascii=False)), i)):
        g = cut(gold, [positions[idx]], name, f"position {idx + 1}")
        digital = tmp / f"{stem}_page1_{idx + 1}.pdf"
        render(OnePageRenderer, g, digital, random.Random(f"{a.seed}:{stem}:rl1"), splits=False)
        if page_count(digital) == 1:
            break
    else:
        raise SystemExit(f"{name}: no position of {stem} fits on one page")
    sc, ang = scan_page(rasterise(digital, a.dpi, grey=True)[0], page_rng(a.seed, stem + "_page1", 1), a.dpi)
    # the scanner wrote a JPEG; it was later saved as PNG (keeps its artefacts, drops nothing)
    dec = cv2.imdecode(np.frombuffer(jpeg(sc, a.quality), np.uint8), cv2.IMREAD_GRAYSCALE)
    out = a.outdir / name
    out.write_bytes(cv2.imencode(".png", dec, [cv2.IMWRITE_PNG_COMPRESSION, 9])[1].tobytes())
    dump(g, out.with_suffix(".json"))
    print(f"{out}, position {idx + 1}, angle {ang:+.2f}")


def office_or_phone(gold: dict, stem: str, tmp: Path, a) -> None:
    positions = gold.get("positions") or []
    if a.position:
        first, _, last = a.position.partition("-")
        first, last = int(first), int(last or first)
        g = cut(gold, positions[first - 1:last], "", f"positions {first} to {last}")
    else:
        k = 1 if a.one_page else a.positions
        g = cut(gold, positions[:k], "", f"first {k} positions")
    digital = tmp / f"{stem}_digital.pdf"
    if a.producer == "libreoffice":
        render_libreoffice(g, digital, a.seed, stem)
    else:
        render(ShadedOnePage if a.one_page else ShadedRenderer, g, digital,
               random.Random(f"{a.seed}:{stem}:office"), splits=not a.one_page)
    name = (a.name or f"{stem}_{a.condition}") + (".jpg" if a.image else ".pdf")
    dpi = a.dpi if a.condition == "office" else 220
    pages = rasterise(digital, dpi, grey=False, pages=a.pages)
    if a.pages is not None and a.pages < page_count(digital):
        g = dict(g, part=(g.get("part") or "") + f"; first {a.pages} pages")
    labels = label_boxes(digital, dpi)
    notes = []
    for i in sorted(labels):   # the stray mark before the first JABATAN label
        if i < len(pages):
            stray_mark(pages[i], labels[i][0], _rng(a.seed, stem, i, "mark"), dpi)
            notes.append(f"mark before JABATAN on page {i + 1}")
            break
    out_pages = []
    if a.condition == "office":
        last = len(pages) - 1
        stamp(pages[last], _rng(a.seed, stem, last, "stamp"), dpi, a.color,
              f"{g.get('agency') or 'DINAS'} * {g.get('region') or ''} *")
        notes.append(f"stamp on page {last + 1}")
        sideways = a.sideways if a.sideways is not None else (2 if len(pages) >= 2 else None)
        for i, img in enumerate(pages, 1):
            sc = office_page(img, _seed(a.seed, stem, i, "office"), dpi, a.color)
            if i == sideways:
                k = 1 if _rng(a.seed, stem, i, "side").random() < 0.5 else 3
                sc = np.ascontiguousarray(np.rot90(sc, k))
                notes.append(f"page {i} sideways ({90 * k} degrees)")
            out_pages.append((jpeg(sc, a.quality), sc.shape[1], sc.shape[0],
                              "DeviceRGB" if sc.ndim == 3 else "DeviceGray", dpi))
    else:
        for i, img in enumerate(pages, 1):
            photo, quad = phone_photo(img, _rng(a.seed, stem, i, "phone"), a.photo_px)
            notes.append(f"page {i} quad {quad}")
            # a phone's PDF app writes the photo at 72 "dpi" on a page of the photo's pixel size / 2
            out_pages.append((jpeg(photo, a.photo_quality), photo.shape[1], photo.shape[0], "DeviceRGB", 144))
    out = a.outdir / name
    g = dict(g, source=name)
    if a.image:
        out.write_bytes(out_pages[0][0])
        dump(g, out.with_suffix(".json"))
    else:
        write(out_pages, out, g, a)
    print(f"{out}, {len(out_pages)} page(s); " + "; ".join(notes))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", type=Path, help="gold JSON file(s)")
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--condition", choices=["scan", "office", "phone"], default="scan")
    ap.add_argument("--positions", type=int, default=None, help="keep the first K positions (scan: 3, else 2)")
    ap.add_argument("--position", help="office, phone: keep only position N or positions N-M (1-based)")
    ap.add_argument("--one-page", action="store_true", help="office, phone: one position on one portrait page")
    ap.add_argument("--page-image", metavar="STEM", help="scan: also write STEM_page1.png for this input")
    ap.add_argument("--producer", choices=["reportlab", "libreoffice"], default="reportlab")
    ap.add_argument("--name", help="output stem (office, phone; default: the input's stem and the condition)")
    ap.add_argument("--pages", type=int, help="keep only the first N pages")
    ap.add_argument("--dpi", type=int, default=None, help="scan: 200, office: 150")
    ap.add_argument("--quality", type=int, default=None, help="JPEG quality (scan: 65, office: 55)")
    ap.add_argument("--color", action="store_true")
    ap.add_argument("--sideways", type=int, help="office: the page (1-based) fed sideways; default 2")
    ap.add_argument("--photo-px", type=int, default=2400, help="long side of a phone photo in pixels")
    ap.add_argument("--photo-quality", type=int, default=80, help="JPEG quality of a phone photo")
    ap.add_argument("--image", action="store_true", help="phone: write the first page as a JPEG file, not a PDF")
    a = ap.parse_args(argv)
    scan = a.condition == "scan"
    a.positions = a.positions or (3 if scan else 2)
    a.dpi = a.dpi or (200 if scan else 150)
    a.quality = a.quality or (65 if scan else 55)
    a.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="iki_scans_") as td:
        for p in a.inputs:
            gold = load(p)
            (flatbed if scan else office_or_phone)(gold, p.stem, Path(td), a)
            if scan and a.page_image and Path(a.page_image).stem == p.stem:
                page_image(gold, p.stem, Path(td), a)
    return 0


if __name__ == "__main__":
    sys.exit(main())

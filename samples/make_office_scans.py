#!/usr/bin/env python3
"""Make scans the way offices make them: low resolution, pages fed sideways, dust and specks,
a rubber stamp, darker shaded header rows, and pages photographed with a phone.

A second generator beside ``samples/make_scans.py`` (whose helpers it imports by path; nothing
from the project is imported). The input is either a gold JSON, rendered with the reportlab
renderer of ``samples/make_pdf.py`` (cut to its first K positions), or an existing digital
PDF with its gold JSON beside it (for example a LibreOffice export in ``samples/pdf``), so the
same conditions are applied to pages of more than one producer.

Conditions (``--condition``):

``office``
    the flatbed scanner of an office: ``--dpi`` (default 150), the sheet askew by up to 1.5°,
    paper tone, sensor noise, dust specks (more than ``make_scans``) and a stray mark right
    before the first ``1. JABATAN`` label (an opening quote, a comma or a dot, as a speck
    on the glass leaves it), a round rubber stamp (ring, text around it, a star) over the
    lower part of the last page, one page fed sideways (turned by 90° or 270°: a landscape
    table page in a portrait stack), the header row of the indicator tables shaded darker
    than any ``make_pdf`` uses (25 % to 40 % grey), JPEG (``--quality``, default 55).
    ``--color`` keeps the scan in colour (the stamp in violet or blue ink), else grey.
``phone``
    every page photographed with a phone on a desk: the page seen by a pinhole camera tilted
    over it (pitch up to 14°, yaw up to 9°, roll up to 4°) on a textured background, a soft
    shadow across part of the page, uneven light and a warm tint, optical blur (sigma
    0.8-1.5 px), sensor noise, colour JPEG (``--photo-quality``, default 80) with a long side
    of ``--photo-px`` (default 2400); the page's corners in each photo are printed.

Output for input with stem S, in OUTDIR: ``S_<condition>.pdf`` (one JPEG image per page,
no text layer) and ``S_<condition>.json`` (its gold); ``--image`` writes the first page as a
JPEG instead of a PDF (``S_<condition>.jpg``; its gold is the positions that start on that
page, so use it with a one-page render or ``--positions 1`` and ``--page-image``).

Everything is deterministic for a given ``--seed``.

Usage:
    python samples/make_office_scans.py GOLD.json|DIGITAL.pdf [...] -o OUTDIR --seed N
        [--condition office|phone] [--positions K] [--dpi 150] [--quality 55] [--color]
        [--sideways PAGE] [--pages N] [--one-page] [--producer reportlab|libreoffice]

The committed samples/scans/office and samples/scans/phone were made with the commands in
samples/scans/README.md.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
import tempfile
import zlib
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium

HERE = Path(__file__).resolve().parent


def _load(name: str, file: str):
    spec = importlib.util.spec_from_file_location(name, HERE / file)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


ms = _load("iki_samples_make_scans", "make_scans.py")
mp = ms.mp


# --------------------------------------------------------------------------
# digital pages

class ShadedRenderer(mp.Renderer):
    """make_pdf's Renderer with a darker header shading (as office templates often have)."""

    def __init__(self, gold, rng):
        super().__init__(gold, rng)
        self.shade = mp.colors.HexColor(rng.choice(["#A6A6A6", "#BFBFBF", "#999999"]))


class ShadedOnePage(ShadedRenderer, ms.OnePageRenderer):
    pass


def render_gold(gold: dict, path: Path, seed: int, stem: str, one_page: bool) -> None:
    import random

    rng = random.Random(f"{seed}:{stem}:office")
    mp.IkiTable.row_splits = [] if not one_page else None
    try:
        (ShadedOnePage if one_page else ShadedRenderer)(gold, rng).build(path)
    finally:
        mp.IkiTable.row_splits = None


def rasterise_rgb(path: Path, dpi: int, pages: int | None) -> list[np.ndarray]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        n = len(pdf) if pages is None else min(pages, len(pdf))
        return [np.array(pdf[i].render(scale=dpi / 72.0).to_pil().convert("RGB")) for i in range(n)]
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
# marks on the page (drawn on the clean raster, so the "scanner" turns and blurs them too)

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
        scanned = np.dstack([ms.scan_page(np.ascontiguousarray(img[..., c]), np.random.default_rng(seed), dpi)[0]
                             for c in range(3)])
    else:
        scanned = ms.scan_page(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), np.random.default_rng(seed), dpi)[0]
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


def jpeg(img: np.ndarray, quality: int) -> bytes:
    arr = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    ok, buf = cv2.imencode(".jpg", arr, [cv2.IMWRITE_JPEG_QUALITY, int(quality), cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()


# --------------------------------------------------------------------------

def _seed(seed: int, stem: str, page: int, what: str) -> list[int]:
    return [seed, zlib.crc32(f"{stem}:{what}".encode()), page]


def _rng(seed: int, stem: str, page: int, what: str) -> np.random.Generator:
    return np.random.default_rng(_seed(seed, stem, page, what))


def digital_input(path: Path, tmp: Path, args) -> tuple[Path, dict, str]:
    """(digital PDF, its gold, stem) for a gold JSON (rendered here) or a PDF with a sibling JSON."""
    if path.suffix.lower() == ".pdf":
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        return path, gold, path.stem
    gold = json.loads(path.read_text(encoding="utf-8"))
    stem = path.stem
    positions = gold.get("positions") or []
    if args.position:
        first, _, last = args.position.partition("-")
        first, last = int(first), int(last or first)
        cut = ms.cut_gold(gold, positions[first - 1:last], "", f"positions {first} to {last}")
    else:
        k = 1 if args.one_page else args.positions
        cut = ms.cut_gold(gold, positions[:k], "", f"first {k} positions")
    digital = tmp / f"{stem}_digital.pdf"
    if args.producer == "libreoffice":
        render_libreoffice(cut, digital, args.seed, stem)
    else:
        render_gold(cut, digital, args.seed, stem, args.one_page)
    return digital, cut, stem


def render_libreoffice(gold: dict, path: Path, seed: int, stem: str) -> None:
    """The cut gold as a Word document (samples/make_docx.py), exported to PDF by LibreOffice."""
    import random
    import subprocess

    md = _load("iki_samples_make_docx", "make_docx.py")
    docx = path.with_suffix(".docx")
    md.render_docx(gold, docx, random.Random(f"{seed}:{stem}:docx"))
    profile = path.parent / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(path.parent), str(docx)], check=True, capture_output=True, timeout=300)
    if not path.exists():
        raise SystemExit(f"LibreOffice did not write {path}")


def make(path: Path, outdir: Path, tmp: Path, args) -> None:
    digital, gold, stem = digital_input(path, tmp, args)
    cond = args.condition
    name = (args.name or f"{stem}_{cond}") + (".jpg" if args.image else ".pdf")
    dpi = args.dpi if cond == "office" else 220
    pages = rasterise_rgb(digital, dpi, args.pages)
    if args.pages is not None and args.pages < ms.page_count(digital):
        gold = dict(gold, part=(gold.get("part") or "") + f"; first {args.pages} pages")
    labels = label_boxes(digital, dpi)
    notes = []
    # the stray mark before the first JABATAN label
    for i in sorted(labels):
        if i < len(pages):
            stray_mark(pages[i], labels[i][0], _rng(args.seed, stem, i, "mark"), dpi)
            notes.append(f"mark before JABATAN on page {i + 1}")
            break
    out_pages = []
    if cond == "office":
        last = len(pages) - 1
        stamp(pages[last], _rng(args.seed, stem, last, "stamp"), dpi, args.color,
              f"{gold.get('agency') or 'DINAS'} * {gold.get('region') or ''} *")
        notes.append(f"stamp on page {last + 1}")
        sideways = args.sideways if args.sideways is not None else (2 if len(pages) >= 2 else None)
        for i, img in enumerate(pages, 1):
            sc = office_page(img, _seed(args.seed, stem, i, "office"), dpi, args.color)
            if i == sideways:
                k = 1 if _rng(args.seed, stem, i, "side").random() < 0.5 else 3
                sc = np.ascontiguousarray(np.rot90(sc, k))
                notes.append(f"page {i} sideways ({90 * k} degrees)")
            out_pages.append((jpeg(sc, args.quality), sc.shape[1], sc.shape[0],
                              "DeviceRGB" if sc.ndim == 3 else "DeviceGray", dpi))
    else:
        for i, img in enumerate(pages, 1):
            photo, quad = phone_photo(img, _rng(args.seed, stem, i, "phone"), args.photo_px)
            notes.append(f"page {i} quad {quad}")
            # a phone's PDF app writes the photo at 72 "dpi" on a page of the photo's pixel size / 2
            out_pages.append((jpeg(photo, args.photo_quality), photo.shape[1], photo.shape[0], "DeviceRGB", 144))
    out = outdir / name
    if args.image:
        data = out_pages[0][0]
        out.write_bytes(data)
    else:
        ms.write_image_pdf(out_pages, out, producer="samples/make_office_scans.py")
    gold = dict(gold, source=name)
    ms._dump(gold, out.with_suffix(".json"))
    print(f"{out} {out.stat().st_size // 1024} KB, {len(out_pages)} page(s); " + "; ".join(notes))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Make office-made scans and phone photos of IKI documents.")
    ap.add_argument("inputs", nargs="+", type=Path, help="gold JSON file(s) or digital PDF(s) with a sibling JSON")
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--condition", choices=["office", "phone"], default="office")
    ap.add_argument("--positions", type=int, default=2, help="cut a gold JSON to its first K positions")
    ap.add_argument("--producer", choices=["reportlab", "libreoffice"], default="reportlab",
                    help="render a gold JSON with make_pdf (reportlab) or make_docx + LibreOffice")
    ap.add_argument("--position", help="render only position N or positions N-M (1-based) of a gold JSON")
    ap.add_argument("--one-page", action="store_true", help="render one position on one portrait page")
    ap.add_argument("--name", help="output stem (default: the input's stem)")
    ap.add_argument("--pages", type=int, help="keep only the first N pages")
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--quality", type=int, default=55)
    ap.add_argument("--color", action="store_true")
    ap.add_argument("--sideways", type=int, help="the page (1-based) fed sideways; default 2")
    ap.add_argument("--photo-px", type=int, default=2400, help="long side of a phone photo in pixels")
    ap.add_argument("--photo-quality", type=int, default=80, help="JPEG quality of a phone photo")
    ap.add_argument("--image", action="store_true", help="write the first page as a JPEG file, not a PDF")
    args = ap.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="iki_office_") as td:
        for p in args.inputs:
            make(p, args.outdir, Path(td), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

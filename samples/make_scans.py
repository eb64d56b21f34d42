#!/usr/bin/env python3
"""Make SCANNED IKI samples: image-only PDFs (and one page image) from gold annotations.

The OCR extractor needs inputs that have no text layer at all.  This script takes a gold
JSON, cuts it to its first K positions, renders that cut with samples/make_pdf.py (the
reportlab renderer, imported by path; nothing from the project is imported) and then
"scans" every page:

* rasterise at --dpi (pypdfium2), grayscale;
* rotate by a small random angle (uniform +-1.5 deg, white fill) -- the page lay askew
  on the glass;
* paper tone and ink that is not pure black, uneven brightness (a smooth light
  gradient across the page);
* gaussian sensor noise (sigma 8), a few dust specks, slight optical blur (sigma 0.6);
* JPEG compression (quality --quality, default 65).

The pages are assembled into an image-only PDF (one DCT image per page, page size =
image size at --dpi, no fonts, no text): `pdftotext` yields nothing from it.

Outputs in OUTDIR, for every GOLD.json with stem S:
    S_scan.pdf     the scanned PDF
    S_scan.json    its gold: the cut gold, "source": "S_scan.pdf", "part": "first K positions"
and for the input named by --page-image (stem or path):
    S_page1.png    ONE scanned page image (PNG, no PDF) of a one-position cut
    S_page1.json   its gold ("part": "position N")
The one-page image uses a one-page layout of make_pdf's Renderer (letterhead, position
block and indicator table together on one portrait page, no page breaks; the stock layout
always puts the table on separate landscape pages).  The first position is used when it
fits on one page, else the shortest position (by gold text length) that does.

Everything is deterministic for a given --seed (page angles and noise come from a
generator seeded with seed, stem and page number); the angles are printed.

Usage:
    python samples/make_scans.py GOLD.json [...] -o OUTDIR --seed N [--positions K]
        [--dpi 200] [--quality 65] [--page-image STEM]

The committed samples/scans/ were made with (175 dpi / quality 60 keep the folder < 3 MB):
    python samples/make_scans.py samples/gold/000.json samples/gold/001.json \
        samples/gold/003.json -o samples/scans --seed 5 --positions 3 --page-image 003 \
        --dpi 175 --quality 60
"""
from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import math
import random
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium

HERE = Path(__file__).resolve().parent


def _load_make_pdf():
    spec = importlib.util.spec_from_file_location("iki_samples_make_pdf", HERE / "make_pdf.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


mp = _load_make_pdf()


# --------------------------------------------------------------------------
# gold cuts

def cut_gold(gold: dict, positions: list[dict], source: str, part: str) -> dict:
    g = copy.deepcopy(gold)
    g["source"] = source
    g["part"] = part
    g["positions"] = copy.deepcopy(positions)
    for i, p in enumerate(g["positions"], 1):
        p["seq"] = i
    return g


def _dump(obj: dict, path: Path) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------
# rendering the digital PDF

def render_digital(gold: dict, path: Path, seed: int, stem: str) -> None:
    mp.render_pdf(gold, path, seed, stem)


class OnePageRenderer(mp.Renderer):
    """make_pdf's Renderer with everything of one position on portrait pages, no breaks."""

    def story(self) -> list:
        self.land_width = self.port_width          # the indicator table in the portrait frame
        pos = (self.g.get("positions") or [])[0]
        s = self.letterhead() + self.position_block(pos, self.port_width)
        if pos.get("indicators"):
            s += [mp.Spacer(1, 0.5 * mp.cm)] + self.indicator_table(pos)
        return s


def render_one_page(gold: dict, path: Path, seed: int, stem: str) -> None:
    rng = random.Random(f"{seed}:{stem}:rl1")
    mp.IkiTable.row_splits = None
    OnePageRenderer(gold, rng).build(path)


def page_count(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def rasterise(path: Path, dpi: int) -> list[np.ndarray]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(pdf)):
            bm = pdf[i].render(scale=dpi / 72.0, grayscale=True)
            img = np.array(bm.to_pil().convert("L"))
            out.append(img)
        return out
    finally:
        pdf.close()


# --------------------------------------------------------------------------
# the "scanner"

def page_rng(seed: int, stem: str, page: int) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(stem.encode("utf-8")), page])


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
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(quality),
                                         cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()


# --------------------------------------------------------------------------
# image-only PDF (each page one DCTDecode image, embedded as is)

def write_image_pdf(pages: list[tuple[bytes, int, int, str, float]], path: Path,
                    producer: str = "samples/make_scans.py") -> None:
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


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


# --------------------------------------------------------------------------

def _size(pos: dict) -> int:
    return len(json.dumps(pos, ensure_ascii=False))


def make_scan_pdf(gold: dict, stem: str, outdir: Path, tmp: Path, args) -> None:
    k = args.positions
    name = f"{stem}_scan.pdf"
    cut = cut_gold(gold, (gold.get("positions") or [])[:k], name, f"first {k} positions")
    digital = tmp / f"{stem}_scan_digital.pdf"
    render_digital(cut, digital, args.seed, stem)
    probs = mp.check_pdf(digital, cut)
    if probs:
        for p in probs:
            print(f"{name}: digital render: {p}", file=sys.stderr)
        raise SystemExit(f"{name}: the digital render misses gold values")
    pages, angles = [], []
    for i, img in enumerate(rasterise(digital, args.dpi), 1):
        sc, ang = scan_page(img, page_rng(args.seed, stem, i), args.dpi)
        pages.append((jpeg(sc, args.quality), sc.shape[1], sc.shape[0], "DeviceGray", args.dpi))
        angles.append(ang)
    out = outdir / name
    write_image_pdf(pages, out)
    _dump(cut, out.with_suffix(".json"))
    text = pdftotext(out)
    if text.strip():
        raise SystemExit(f"{name}: pdftotext found text in the scanned PDF")
    print(f"{out} {out.stat().st_size // 1024} KB, {len(pages)} pages, angles "
          + " ".join(f"{a:+.2f}" for a in angles) + ", pdftotext: empty")


def make_page_image(gold: dict, stem: str, outdir: Path, tmp: Path, args) -> None:
    positions = gold.get("positions") or []
    order = [0] + sorted(range(1, len(positions)), key=lambda i: (_size(positions[i]), i))
    name = f"{stem}_page1.png"
    for idx in order:
        cut = cut_gold(gold, [positions[idx]], name, f"position {idx + 1}")
        digital = tmp / f"{stem}_page1_{idx + 1}.pdf"
        render_one_page(cut, digital, args.seed, stem)
        n = page_count(digital)
        if n == 1:
            break
        print(f"{name}: position {idx + 1} needs {n} pages, trying another", file=sys.stderr)
    else:
        raise SystemExit(f"{name}: no position of {stem} fits on one page")
    probs = mp.check_pdf(digital, cut)
    if probs:
        for p in probs:
            print(f"{name}: digital render: {p}", file=sys.stderr)
        raise SystemExit(f"{name}: the digital render misses gold values")
    img = rasterise(digital, args.dpi)[0]
    sc, ang = scan_page(img, page_rng(args.seed, stem + "_page1", 1), args.dpi)
    # the scanner wrote a JPEG; it was later saved as PNG (keeps its artefacts, drops nothing)
    dec = cv2.imdecode(np.frombuffer(jpeg(sc, args.quality), np.uint8), cv2.IMREAD_GRAYSCALE)
    out = outdir / name
    ok, buf = cv2.imencode(".png", dec, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    if not ok:
        raise RuntimeError("PNG encoding failed")
    out.write_bytes(buf.tobytes())
    _dump(cut, out.with_suffix(".json"))
    print(f"{out} {out.stat().st_size // 1024} KB, 1 page ({dec.shape[1]}x{dec.shape[0]} px), "
          f"position {idx + 1} ({positions[idx].get('jabatan')}), angle {ang:+.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Make scanned (image-only) IKI samples from gold JSON.")
    ap.add_argument("inputs", nargs="+", type=Path, help="gold JSON file(s)")
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--positions", type=int, default=3, help="cut the gold to its first K positions")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--quality", type=int, default=65, help="JPEG quality")
    ap.add_argument("--page-image", metavar="STEM",
                    help="also write STEM_page1.png (one page, one position) for this input (stem or path)")
    args = ap.parse_args(argv)
    if args.positions < 1:
        ap.error("--positions must be >= 1")
    stems = [p.stem for p in args.inputs]
    if args.page_image and Path(args.page_image).stem not in stems:
        ap.error(f"--page-image {args.page_image} is not one of the inputs")
    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="iki_scans_") as td:
        tmp = Path(td)
        for gpath in args.inputs:
            gold = json.loads(gpath.read_text(encoding="utf-8"))
            make_scan_pdf(gold, gpath.stem, args.outdir, tmp, args)
            if args.page_image and Path(args.page_image).stem == gpath.stem:
                make_page_image(gold, gpath.stem, args.outdir, tmp, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

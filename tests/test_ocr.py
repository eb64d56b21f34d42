"""OCR into the shared geometry layer: deskew, ruling lines, words, image files, missing tesseract."""
from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest

from extractors.readers import scan as ocr
from extractors.geometry import page_blocks
from extractors.ir import Table

ROOT = Path(__file__).resolve().parents[1]
needs_tesseract = pytest.mark.skipif(ocr.tesseract_missing() is not None, reason="tesseract not installed")


@pytest.fixture(scope="module")
def table_page():
    """Page 2 of a reportlab IKI (a ruled indicator table), rendered at 200 dpi and turned by 1.2°."""
    with pdfplumber.open(ROOT / "samples" / "pdf" / "003_rl.pdf") as pdf:
        return pdf.pages[1].to_image(resolution=200).original.convert("L").rotate(1.2, fillcolor=255)


def test_skew_is_measured_and_undone(table_page):
    angle = ocr.skew_angle(ocr._gray(table_page))
    assert abs(angle - (-1.2)) <= 0.15
    straight, turned = ocr.deskew(ocr._gray(table_page))
    assert abs(ocr.skew_angle(straight)) <= 0.1 and turned == angle


def test_ruling_lines_are_found(table_page):
    import cv2

    gray, _ = ocr.deskew(ocr._gray(table_page))
    bw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    boxes, _ = ocr.ruling_lines(bw, 200)
    horizontal = [b for b in boxes if b[1] == b[3]]
    vertical = [b for b in boxes if b[0] == b[2]]
    assert len(horizontal) >= 5 and len(vertical) >= 5


@needs_tesseract
def test_a_scanned_table_page_gives_the_same_table(table_page):
    geom, facts = ocr.ocr_image(table_page, 2, dpi=200)
    assert facts["mean_conf"] > 80 and all(w.conf is not None for w in geom.words)
    tables = [b for b in page_blocks(geom) if isinstance(b, Table)]
    assert tables
    grid = tables[0].texts()
    header = " ".join(grid[0]).upper()
    assert "INDIKATOR" in header and "SUMBER" in header
    assert any("Persentase rehabilitasi terhadap jumlah" in " ".join(row).replace("\n", " ") for row in grid)
    assert all(c.conf is not None for row in tables[0].rows for c in row if c.text)


@needs_tesseract
def test_image_files_are_read_as_one_page_documents(table_page, tmp_path):
    buf = BytesIO()
    table_page.save(buf, format="PNG", dpi=(200, 200))
    doc = ocr.read_image(buf.getvalue(), "halaman.png")
    assert doc.n_pages == 1 and doc.ocr_pages == 1 and doc.format == "image"
    assert any(isinstance(b, Table) for b in doc.blocks)


def test_missing_tesseract_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    assert "apt-get install tesseract-ocr tesseract-ocr-ind" in ocr.tesseract_missing()
    with pytest.raises(ocr.OcrError, match="tesseract-ocr-ind"):
        ocr.read_image(b"\x89PNG....", "scan.png")

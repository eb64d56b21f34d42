"""Scanned cells of bold text (issue #24 / #21): a line of heavy letters that fills its cell from rule to
rule is no row border, and two close lines of a cell that tesseract's page layout read as one line are
read again."""
from pathlib import Path

import cv2
import numpy as np
import pytest

from extractors.readers import scan as ocr

pytestmark = pytest.mark.ocr

ROOT = Path(__file__).resolve().parents[1]
needs_tesseract = pytest.mark.skipif(ocr.tesseract_missing() is not None, reason="tesseract not installed")


def _cell_row(letters: bool, rule: bool = False):
    """A table row at 600 dpi: frame and a column rule; in its first cell, from rule to rule, either a
    line of heavy letters whose tops run together at the x-height (stems, a bar over them, an ascender
    here and there, 3 px apart), or a printed rule with the same letters hanging under it."""
    img = np.full((700, 3000), 255, np.uint8)
    cv2.rectangle(img, (100, 60), (2900, 640), 0, 5)
    cv2.line(img, (1000, 60), (1000, 640), 0, 5)
    rng = np.random.default_rng(1)
    x = 120
    while x + 24 < 985:
        w = int(rng.integers(20, 28))
        if letters:
            img[300:308, x:x + w] = 0
            img[300:345, x:x + 7] = 0
            img[300:345, x + w - 7:x + w] = 0
            if rng.random() < 0.3:
                img[270:300, x:x + 7] = 0
        x += w + 3
    if rule:
        img[302:306, 103:998] = 0
    return img


def test_a_line_of_bold_text_filling_its_cell_is_no_row_border():
    """Found as a rule at the search's 150 dpi (it was: the row split in two, the letters cut by its
    erasure); at the page's resolution no pixel row of it is solid and letters hang from it."""
    img = _cell_row(letters=True)
    boxes, mask = ocr.find_rules(img, 600)
    assert not [b for b in boxes if b[1] == b[3] and 200 < b[1] < 400], boxes
    assert not mask[290:360, 110:990].any()  # nothing of the letters is erased
    assert [b for b in boxes if b[1] == b[3] and b[1] > 600]  # the row's own borders stay


def test_a_printed_rule_with_letters_under_it_stays_a_rule():
    img = _cell_row(letters=True, rule=True)
    img[300:310, 103:998] = 0
    boxes, _ = ocr.find_rules(img, 600)
    assert [b for b in boxes if b[1] == b[3] and 290 < b[1] < 320], boxes


class _Engine:
    """A stand-in for tesseract's page reading only: the page read as one tall merged line, a crop
    read as the two lines it holds."""

    def __init__(self):
        self.calls = 0

    def __call__(self, gray, dpi, lang=None, number=0, prebinarised=False):
        self.calls += 1
        if self.calls == 1:
            return [("Prosentase", 100, 100, 300, 95, 93.0), ("SP2D", 420, 100, 120, 95, 0.0),
                    ("P", 430, 160, 20, 30, 64.0), ("Jikadokumen", 900, 110, 300, 30, 96.0)]
        return [("Prosentase", 15, 15, 300, 32, 95.0), ("SP2D", 335, 15, 120, 32, 90.0),
                ("tepat", 150, 62, 120, 38, 94.0), ("waktu", 290, 62, 130, 32, 95.0)]


def test_two_lines_read_as_one_are_read_again(monkeypatch):
    eng = _Engine()
    monkeypatch.setattr(ocr, "tesseract_words", eng)
    page = np.full((400, 1400), 255, np.uint8)
    words = ocr._merged_lines(page, eng(page, 300), 300, None, 1)
    texts = sorted(w[0] for w in words)
    assert texts == ["Jikadokumen", "Prosentase", "SP2D", "tepat", "waktu"]
    assert eng.calls == 2


def test_a_tall_heading_read_again_as_one_line_is_kept(monkeypatch):
    calls = []

    def words(gray, dpi, lang=None, number=0, prebinarised=False):
        calls.append(gray.shape)
        return [("KEUANGAN", 10, 10, 600, 80, 95.0)]

    monkeypatch.setattr(ocr, "tesseract_words", words)
    page = np.full((400, 1400), 255, np.uint8)
    first = [("KEUANGAN", 100, 100, 600, 80, 91.0)]
    assert ocr._merged_lines(page, first, 300, None, 1) == first


@needs_tesseract
def test_a_real_bold_cell_reads_both_its_lines():
    """A row of a real agency's IKU scanned at 600 dpi (bilevel): its indicator cell holds two bold lines
    beside a paragraph whose lines fall between them; tesseract's page layout read them as one line and
    lost 'tepat waktu'."""
    from PIL import Image

    img = Image.open(ROOT / "tests" / "data" / "scans" / "bold_cell_row.png")
    geom, _facts = ocr.ocr_image(img, 1, dpi=600)
    first = " ".join(w.text for w in sorted(geom.words, key=lambda w: (round(w.top / 6), w.x0)) if w.x1 < 125)
    assert "diterbitkan" in first and "tepat waktu" in first, first

"""Shaded and struck scans (issue #24 item 4): a dotted strike through a line of text, a shaded band no
taller than its words; and end to end, a generated scan of a table printed with halftoned grey
(samples/make_shaded_scans.py) read by iki."""
from pathlib import Path

import cv2
import numpy as np
import pytest

from extractors.readers import scan as ocr

pytestmark = pytest.mark.ocr

ROOT = Path(__file__).resolve().parents[1]
needs_tesseract = pytest.mark.skipif(ocr.tesseract_missing() is not None, reason="tesseract not installed")


def dashed(img, p0, p1, on: int, off: int, ink: int = 0, width: int = 1) -> None:
    (x0, y0), (x1, y1) = p0, p1
    n = int(max(abs(x1 - x0), abs(y1 - y0)))
    t = 0
    while t < n:
        a, b = t / n, min(t + on, n) / n
        cv2.line(img, (int(x0 + a * (x1 - x0)), int(y0 + a * (y1 - y0))),
                 (int(x0 + b * (x1 - x0)), int(y0 + b * (y1 - y0))), ink, width)
        t += on + off


def test_a_dotted_strike_through_text_is_no_rule():
    """A copier's dotted streak struck through a line of text in a cell: no row border (it split the row),
    and erased only between the letters (erased through them, the line read as noise)."""
    img = np.full((300, 900), 255, np.uint8)
    cv2.rectangle(img, (30, 30), (870, 270), 0, 2)
    cv2.line(img, (450, 30), (450, 270), 0, 2)
    cv2.putText(img, "Belanja pegawai dan", (60, 140), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 3)
    dashed(img, (50, 130), (440, 130), 3, 2, width=2)  # through the middle of the letters
    boxes, mask = ocr.find_rules(img, 200)
    assert not [b for b in boxes if b[1] == b[3] and 100 < b[1] < 160]
    letters = (img[118:142, 60:420] < 128) & ~(mask[118:142, 60:420] > 0)
    assert letters.sum() > 0.8 * (img[118:142, 60:420] < 128).sum() - 400


def test_a_shaded_band_no_taller_than_its_words_is_descreened():
    """A row shaded by a dither whose words fill most of it: the squares crowded with letters hold few
    loose dots, but, joined to the band's dense squares, they are cleaned too."""
    rng = np.random.default_rng(3)
    img = np.full((200, 1200), 255, np.uint8)
    band = rng.random((60, 1200)) < 0.12
    img[70:130][band] = 0
    cv2.putText(img, "Jumlah laporan pemutakhiran keuangan", (200, 115), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 0, 4)
    out, share = ocr.descreen(img)
    assert share > 0
    # the band beside the words and between them is white again; the words keep their ink
    assert (out[72:128, 20:180] < 128).mean() < 0.01
    words = img[80:120, 200:900] < 128
    assert ((out[80:120, 200:900] < 128) & words).sum() > 0.85 * cv2.morphologyEx(
        words.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)).sum()


# --------------------------------------------------------------------------- end to end


def _make(tmp_path, gold: str, position: int, seed: int):
    pytest.importorskip("reportlab")
    import sys

    sys.path.insert(0, str(ROOT / "samples"))
    import make_shaded_scans

    make_shaded_scans.main([str(ROOT / "samples" / "gold" / f"{gold}.json"), "-o", str(tmp_path), "--seed", str(seed),
                            "--position", str(position)])
    return next(tmp_path.glob("*.pdf"))


@needs_tesseract
@pytest.mark.slow
def test_a_generated_shaded_scan_is_read(tmp_path):
    """A one-position IKI whose table has a halftoned header, shaded rows and faint, dashed or dotted row
    borders (make_shaded_scans.py, gold 001 position 11, seed 5: a clustered-dot screen, a bilevel scan at
    600 dpi): every indicator row is found (main read no table at all on it)."""
    import difflib
    import json

    import iki

    pdf = _make(tmp_path, "001", 11, 5)
    gold = json.loads(pdf.with_suffix(".json").read_text())
    want = [i["indikator"] for i in gold["positions"][0]["indicators"]]
    got = list(iki.show(pdf, page_timeout=1200).indicators["indikator"])
    assert len(got) == len(want), got
    for w_ind, g_ind in zip(want, got):
        assert difflib.SequenceMatcher(None, w_ind.lower(), str(g_ind).lower()).ratio() >= 0.85, (w_ind, g_ind)

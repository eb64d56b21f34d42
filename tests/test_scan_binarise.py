"""``IKI_OCR_THRESHOLD=iki``: iki binarises a scanned page for tesseract (issue #24 speed): the same local
(Sauvola) threshold tesseract computes, at a tenth of its cost; the paper away from the ink made white
and a gap left between ink and paper so tesseract's cheap global threshold finds the same ink;
photographed pages and the default (``tesseract``) keep tesseract's own pass."""
from pathlib import Path

import numpy as np
import pytest

from extractors.readers import ocr_engine
from extractors.readers import scan

pytestmark = pytest.mark.ocr

ROOT = Path(__file__).resolve().parents[1]
needs_tesseract = pytest.mark.skipif(scan.tesseract_missing() is not None, reason="tesseract not installed")


def _page():
    """A page of text on uneven paper: light falling off from left to right, a grey band behind a header."""
    import cv2

    h, w = 900, 1500
    paper = np.tile(np.linspace(245, 170, w, dtype=np.float32), (h, 1))
    paper[60:200, 40:1460] -= 60  # a header printed on grey
    page = paper.astype(np.uint8)
    cv2.putText(page, "INDIKATOR KINERJA UTAMA", (80, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.8, 20, 4, cv2.LINE_AA)
    for i, line in enumerate(["Jumlah dokumen perencanaan yang selesai", "Persentase laporan tepat waktu 100%",
                              "Nilai SAKIP perangkat daerah: BB"]):
        cv2.putText(page, line, (60, 330 + 150 * i), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 30, 3, cv2.LINE_AA)
    return page


def test_local_threshold_is_sauvolas():
    """m * (1 - k (1 - s/128)) over the window: on flat paper the threshold is (1 - k) times the paper's grey."""
    flat = np.full((400, 600), 240, np.uint8)
    t = scan.local_threshold(flat, 300)
    assert t.shape == flat.shape and np.allclose(t, 240 * (1 - scan.SAUVOLA_K), atol=0.5)
    page = _page()
    ink = page < scan.local_threshold(page, 300)
    assert 0.01 < ink.mean() < 0.15  # the letters, not the shading nor the grey header band
    assert not ink[80:180, 1250:1420].any()  # the grey band beside the header's words is paper


@needs_tesseract
def test_local_threshold_matches_tesseracts_own():
    """The ink iki finds is the ink tesseract's Sauvola pass finds (window and factor as iki sets them), but
    at letters' edges: on a sample scan page (on the six pages of 000_scan: 0.7-1.9 % of the ink pixels)."""
    from PIL import Image

    engine = ocr_engine.engine()
    if engine.kind != "tesserocr":
        pytest.skip("tesseract's thresholded image is read through tesserocr")
    page = scan._gray(Image.open(ROOT / "samples" / "scans" / "003_page1.png"))
    h, w = page.shape
    with engine.api(ocr_engine.LANG) as api:
        api.SetVariable("thresholding_method", "2")
        api.SetImageBytes(page.tobytes(), w, h, 1, w)
        api.SetSourceResolution(300)
        theirs = np.asarray(api.GetThresholdedImage().convert("L")) < 128
        api.Clear()
    ours = page < scan.local_threshold(page, 300)
    assert (ours != theirs).sum() <= 0.03 * theirs.sum()


def test_binarise_whitens_the_paper_away_from_the_ink(monkeypatch):
    monkeypatch.setenv(ocr_engine.THRESHOLD_ENV, "iki")
    page = _page()
    out, pre = scan.binarise(page, 300)
    assert pre and out.shape == page.shape and out.dtype == np.uint8
    ink = page < scan.local_threshold(page, 300)
    assert np.array_equal(out[ink], np.minimum(page[ink], scan.INK_AT_MOST))  # the ink keeps its grey
    assert not ((out > scan.INK_AT_MOST) & (out < scan.PAPER_AT_LEAST)).any()  # a gap for the global threshold
    assert (out[850:, :] == 255).all()  # paper far from any letter is white
    assert (out[80:180, 1250:1420] == 255).all()  # the grey band with no letter on it too
    # tesseract's global threshold of the result keeps every pixel of iki's ink, not the grey band
    import cv2

    _, bw = cv2.threshold(out, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    assert (bw > 0)[ink].all() and not bw[80:180, 1250:1420].any()  # all of iki's ink, not the band
    # (on a dark band the global threshold may take the grey margin around its letters too: no exact match)


def test_binarise_leaves_photos_and_tesseracts_own_threshold(monkeypatch):
    page = _page()
    monkeypatch.setenv(ocr_engine.THRESHOLD_ENV, "iki")
    out, pre = scan.binarise(page, 300, photo=True)
    assert out is page and not pre
    for mode in ("tesseract", "global", ""):  # "": the default
        monkeypatch.setenv(ocr_engine.THRESHOLD_ENV, mode)
        out, pre = scan.binarise(page, 300)
        assert out is page and not pre
    monkeypatch.setenv(ocr_engine.THRESHOLD_ENV, "bilevel")
    out, pre = scan.binarise(page, 300)
    assert pre and out.dtype == bool and np.array_equal(out, page < scan.local_threshold(page, 300))


def test_a_binarised_page_is_read_with_the_global_threshold(monkeypatch):
    monkeypatch.delenv(ocr_engine.THRESHOLD_ENV, raising=False)
    assert ocr_engine.threshold() == "tesseract"  # the default: accuracy equal document by document
    assert ocr_engine.variables()["thresholding_method"] == "2"  # a page iki did not binarise: Sauvola
    assert ocr_engine.variables(prebinarised=True)["thresholding_method"] == "0"
    monkeypatch.setenv(ocr_engine.THRESHOLD_ENV, "nonsense")
    assert ocr_engine.threshold() == "tesseract"
    monkeypatch.setenv(ocr_engine.THRESHOLD_ENV, "iki")
    assert ocr_engine.threshold() == "iki"


@needs_tesseract
@pytest.mark.parametrize("mode", ["iki", "bilevel", "tesseract"])
def test_the_page_reads_the_same_words_each_way(monkeypatch, mode):
    monkeypatch.setenv(ocr_engine.THRESHOLD_ENV, mode)
    page = _page()
    ready, pre = scan.binarise(page, 300)
    words = {w[0] for w in scan.tesseract_words(ready, 300, prebinarised=pre)}
    assert {"INDIKATOR", "KINERJA", "UTAMA", "Jumlah", "dokumen", "perencanaan", "Persentase", "laporan",
            "SAKIP", "BB"} <= words
    assert any(w.startswith("100") for w in words)  # OpenCV's drawn '%' is read as '%' or 'x' depending on the way


@needs_tesseract
def test_a_scanned_page_records_who_binarised_it(monkeypatch):
    from PIL import Image

    monkeypatch.setenv(ocr_engine.THRESHOLD_ENV, "iki")
    img = Image.open(ROOT / "samples" / "scans" / "003_page1.png")
    _geom, facts = scan.ocr_image(img, 1, dpi=200)
    assert facts["threshold"] == "iki" and "binarise" in facts["seconds"]
    _geom, facts = scan.ocr_image(img, 1, dpi=None)  # no resolution: taken for a photographed page
    assert facts["threshold"] == "tesseract"
    monkeypatch.delenv(ocr_engine.THRESHOLD_ENV)
    _geom, facts = scan.ocr_image(img, 1, dpi=200)
    assert facts["threshold"] == "tesseract"  # the default

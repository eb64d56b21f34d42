"""Scan speed without changing what is read: stage timings per page, the page's ink components found once
and shared, the OCR engine warmed while the first page is prepared, a forked child's engine lock free."""
import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from extractors.readers import ocr_engine
from extractors.readers import scan

pytestmark = pytest.mark.ocr

ROOT = Path(__file__).resolve().parents[1]
needs_tesseract = pytest.mark.skipif(scan.tesseract_missing() is not None, reason="tesseract not installed")


def _text_page(dithered: bool):
    import cv2

    page = np.full((700, 1400), 255, np.uint8)
    if dithered:  # a header band printed on grey, as a bilevel scanner makes it: a field of dots
        rng = np.random.default_rng(5)
        band = page[40:260, 40:1360]
        band[rng.random(band.shape) < 0.18] = 0
    cv2.putText(page, "INDIKATOR KINERJA", (100, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 4, cv2.LINE_8)
    cv2.putText(page, "Jumlah dokumen: 1, 2, 3; selesai tepat waktu.", (60, 420), cv2.FONT_HERSHEY_SIMPLEX,
                1.1, 0, 2, cv2.LINE_8)
    cv2.putText(page, "FUNGSI PERUMUSAN KEBIJAKAN", (60, 560), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 0, 3, cv2.LINE_8)
    return page


@pytest.mark.parametrize("dithered", [False, True])
def test_shared_components_give_the_same_descreen(dithered):
    page = _text_page(dithered)
    alone, share_alone = scan.descreen(page)
    shared, share_shared = scan.descreen(page, scan._components(page))
    assert share_alone == share_shared and (share_alone > 0) == dithered
    assert np.array_equal(alone, shared)


def test_shared_components_give_the_same_missed_lines(monkeypatch):
    """The band check reads the same lines with the page's components passed in as when it finds them."""
    page = _text_page(False)
    calls = []

    def fake_words(strip, dpi, lang=None, number=0, prebinarised=False):
        calls.append(strip.shape)
        return [("X", 2, 2, 10, 10, 90.0)]

    monkeypatch.setattr(scan, "tesseract_words", fake_words)
    first = [("INDIKATOR", 100, 160, 300, 45, 95.0)]
    alone = scan._missed_lines(page, first, 300, None, 1)
    shapes_alone = list(calls)
    calls.clear()
    shared = scan._missed_lines(page, first, 300, None, 1, scan._components(page))
    assert alone == shared and shapes_alone == calls and len(calls) >= 2  # the two lines no word covered


@needs_tesseract
def test_every_page_says_where_its_time_went():
    """facts["seconds"] and facts["cpu_seconds"]: decoding, preparation stages and tesseract's reading."""
    import cv2

    page = _text_page(False)
    ok, png = cv2.imencode(".png", page)
    geom, facts = scan.read_page(scan.PageSource(1, 300.0, data=png.tobytes()))
    for key in ("seconds", "cpu_seconds"):
        stages = facts[key]
        for stage in ("decode", "grey", "flatten", "deskew", "text_scale", "rules", "descreen", "ocr",
                      "merged_lines", "missed_lines"):
            assert stage in stages and stages[stage] >= 0.0, (key, stage, stages)
    assert facts["seconds"]["ocr"] > 0
    assert any("INDIKATOR" in w.text for w in geom.words)


@needs_tesseract
def test_the_engine_is_warmed_once_in_the_background(monkeypatch):
    ocr_engine.reset()
    made = []
    real = ocr_engine.InProcess.__init__ if ocr_engine._binding() else ocr_engine.CommandLine.__init__
    cls = ocr_engine.InProcess if ocr_engine._binding() else ocr_engine.CommandLine

    def counting(self, *a, **k):
        made.append(threading.current_thread().name)
        real(self, *a, **k)

    monkeypatch.setattr(cls, "__init__", counting)
    try:
        ocr_engine.warm()
        ocr_engine.warm()  # once per process
        eng = ocr_engine.engine()  # waits for the warming thread, never makes a second engine
        assert eng is ocr_engine.engine()
        assert made == ["iki-ocr-warm"]
    finally:
        ocr_engine.reset()


def test_a_warming_that_fails_leaves_the_error_to_the_real_call(monkeypatch):
    ocr_engine.reset()
    monkeypatch.setattr(ocr_engine, "missing", lambda: "OCR needs tesseract: install it")
    try:
        ocr_engine.warm()
        deadline = time.time() + 10
        while ocr_engine._warming and any(t.name == "iki-ocr-warm" for t in threading.enumerate()) \
                and time.time() < deadline:
            time.sleep(0.01)
        with pytest.raises(ocr_engine.OcrError, match="install"):
            ocr_engine.engine()
    finally:
        ocr_engine.reset()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_forked_child_is_not_stuck_on_a_lock_its_parent_held():
    """A thread of the parent may be making the engine when a worker is forked: the child's lock is free."""
    ocr_engine._engine_lock.acquire()
    try:
        pid = os.fork()
        if pid == 0:  # the child: the lock must be takeable at once
            ok = ocr_engine._engine_lock.acquire(timeout=2)
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
    finally:
        ocr_engine._engine_lock.release()
    assert os.WEXITSTATUS(status) == 0


def test_the_global_threshold_is_chosen_only_on_request(monkeypatch):
    monkeypatch.delenv(ocr_engine.THRESHOLD_ENV, raising=False)
    assert ocr_engine.variables()["thresholding_method"] == "2"  # Sauvola: the default
    monkeypatch.setenv(ocr_engine.THRESHOLD_ENV, "global")
    assert ocr_engine.variables()["thresholding_method"] == "0"
    assert ocr_engine.variables()["tessedit_do_invert"] == "0"  # the other variables stay
    assert ocr_engine.VARIABLES["thresholding_method"] == "2"  # not changed for the next reading
